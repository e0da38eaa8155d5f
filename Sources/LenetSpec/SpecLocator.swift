import Foundation
import LenetRuntime

/// Finds the spec file a command-line argument names: a path, a bare name in `Specs/`
/// (`lenet` -> `Specs/lenet.yaml`), or a path that differs only in letter case.
public enum SpecLocator {
    public struct Found: Sendable, Equatable {
        /// The path to read, as it will be shown in diagnostics.
        public var path: String
        /// A note for the user when the path was not taken literally.
        public var note: String?
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notFound(argument: String, candidates: [String])
        case unreadable(path: String, reason: String)
        case isDirectory(path: String)

        public var description: String {
            switch self {
            case let .notFound(argument, candidates):
                var text = "no spec file '\(argument)'"
                if !candidates.isEmpty {
                    text += "; specs in Specs/: \(candidates.joined(separator: ", "))"
                    if let guess = DidYouMean.suggest(argument, from: candidates) { text += " (did you mean '\(guess)'?)" }
                }
                return text
            case let .unreadable(path, reason): return "cannot read '\(path)': \(reason)"
            case let .isDirectory(path): return "'\(path)' is a folder, not a spec file"
            }
        }
    }

    /// Resolves `argument` relative to `directory` (the current one by default).
    public static func locate(_ argument: String, in directory: String = FileManager.default.currentDirectoryPath) throws -> Found {
        let fm = FileManager.default
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : directory + "/" + path }
        func isFile(_ path: String) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: absolute(path), isDirectory: &isDir) && !isDir.boolValue
        }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: absolute(argument), isDirectory: &isDir) {
            if isDir.boolValue { throw Failure.isDirectory(path: argument) }
            return Found(path: argument, note: nil)
        }
        // A bare name: Specs/NAME.yaml (or .yml).
        if !argument.contains("/") {
            for candidate in ["Specs/\(argument).yaml", "Specs/\(argument).yml", "Specs/\(argument)"] where isFile(candidate) {
                return Found(path: candidate, note: nil)
            }
        }
        // The same path up to letter case, one component at a time.
        if let matched = caseInsensitiveMatch(argument, directory: directory), isFile(matched) {
            return Found(path: matched, note: "'\(argument)' does not exist; using '\(matched)', which differs only in letter case")
        }
        if !argument.contains("/"), let matched = caseInsensitiveMatch("Specs/\(argument).yaml", directory: directory), isFile(matched) {
            return Found(path: matched, note: "using '\(matched)', which differs from '\(argument)' only in letter case")
        }
        let specs = ((try? fm.contentsOfDirectory(atPath: absolute("Specs"))) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .map { String($0.prefix(upTo: $0.lastIndex(of: ".")!)) }.sorted()
        throw Failure.notFound(argument: argument, candidates: specs)
    }

    static func caseInsensitiveMatch(_ path: String, directory: String) -> String? {
        let fm = FileManager.default
        let absolute = path.hasPrefix("/")
        var resolved = absolute ? "" : "."
        var shown: [String] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true).map(String.init) {
            let base = absolute ? (resolved.isEmpty ? "/" : resolved) : directory + "/" + resolved
            if component == "." || component == ".." {
                resolved += "/" + component
                shown.append(component)
                continue
            }
            guard let entries = try? fm.contentsOfDirectory(atPath: base) else { return nil }
            let match = entries.first { $0 == component } ?? entries.first { $0.lowercased() == component.lowercased() }
            guard let match else { return nil }
            resolved += "/" + match
            shown.append(match)
        }
        return (absolute ? "/" : "") + shown.joined(separator: "/")
    }

    /// Reads a located spec as UTF-8 text.
    public static func read(_ found: Found) throws -> SourceFile {
        guard let data = FileManager.default.contents(atPath: found.path) else {
            let reason = FileManager.default.isReadableFile(atPath: found.path) ? "it could not be read" : "permission denied"
            throw Failure.unreadable(path: found.path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Failure.unreadable(path: found.path, reason: "it is not UTF-8 text")
        }
        return SourceFile(path: found.path, text: text)
    }
}

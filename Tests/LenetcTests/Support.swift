import Foundation
import Testing

/// The package root, found from this file's path (tests run with the root as neither cwd nor bundle).
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let testsDirectory = packageRoot.appendingPathComponent("Tests/LenetcTests")

/// Compares `actual` with a golden file; on a mismatch fails with a line diff. With LENETC_RECORD=1 in
/// the environment it writes the golden file instead (and the test still fails, so a record run is
/// never mistaken for a passing one).
func assertGolden(_ actual: String, _ relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = testsDirectory.appendingPathComponent("Golden").appendingPathComponent(relativePath)
    let recording = ProcessInfo.processInfo.environment["LENETC_RECORD"] == "1"
    let expected = try? String(contentsOf: url, encoding: .utf8)
    if recording {
        if expected != actual {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(relativePath); run again without LENETC_RECORD=1", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected else {
        Issue.record("no golden file Tests/LenetcTests/Golden/\(relativePath); record it with LENETC_RECORD=1 swift test",
                     sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let diff = lineDiff(expected: expected, actual: actual)
        Issue.record("output differs from Golden/\(relativePath) (re-record with LENETC_RECORD=1 swift test if intended):\n\(diff)",
                     sourceLocation: sourceLocation)
    }
}

/// A compact diff: each differing line as `-expected` / `+actual`, with its line number.
func lineDiff(expected: String, actual: String) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(a.count, b.count) {
        let x = i < a.count ? String(a[i]) : nil, y = i < b.count ? String(b[i]) : nil
        if x != y {
            out.append("@@ line \(i + 1)")
            if let x { out.append("-" + x) }
            if let y { out.append("+" + y) }
        }
        if out.count > 60 { out.append("..."); break }
    }
    return out.joined(separator: "\n")
}

/// The spec files in Specs/, sorted.
func specFiles() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("Specs").path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted()
}

/// The bad-spec catalogue in Tests/LenetcTests/BadSpecs (or its subfolder `section`, such as `emit`), sorted.
func badSpecFiles(in section: String? = nil) -> [String] {
    let folder = testsDirectory.appendingPathComponent("BadSpecs").appendingPathComponent(section ?? "")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted()
}

/// What a run of the built `lenetc` binary printed.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// The `lenetc` binary `swift test` built next to the test bundle.
func lenetcBinary() throws -> URL {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lenetc"),
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/")
            .deletingLastPathComponent().appendingPathComponent("lenetc"),
        packageRoot.appendingPathComponent(".build/debug/lenetc"),
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "lenetc binary not found near \(candidates[0].path)"])
    }
    return found
}

/// Runs `lenetc ARGS` in `directory` (the package root by default) and collects its output. `merged`
/// sends stderr into stdout's pipe (as `2>&1 | tee`), so `stdout` shows both in the order they arrived.
/// A `launcher` (`["/bin/sh", "-c", "...; exec \"$0\" \"$@\""]`) runs lenetc through it.
func runLenetc(_ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:],
               merged: Bool = false, launcher: [String] = []) throws -> RunResult {
    let process = Process()
    let binary = try lenetcBinary()
    if let first = launcher.first {
        process.executableURL = URL(fileURLWithPath: first)
        process.arguments = launcher.dropFirst() + [binary.path] + arguments
    } else {
        process.executableURL = binary
        process.arguments = arguments
    }
    process.currentDirectoryURL = directory
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe(), err = merged ? out : Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes before waiting so a full pipe never blocks the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = merged ? Data() : err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

import Foundation
import LenetModel
import LenetSpec
import Testing

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The repository root (for Specs/, Generated/, Sources/LenetRuntime/ and the fixtures).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Whether this run re-records golden files (`LENETC_RECORD=1`).
let recording = ProcessInfo.processInfo.environment["LENETC_RECORD"] == "1"

/// A model from YAML text, or a failure listing the diagnostics.
func buildModel(_ yaml: String, path: String = "test.yaml") throws -> Model {
    let result = SpecCompiler.compile(SourceFile(path: path, text: yaml))
    guard let model = result.model else { throw TestFailure("spec does not compile: \(result.diagnostics)") }
    return model
}

/// A model from one of the repository's specs, with the path as `lenetc emit` run from the root shows it.
func specModel(_ name: String) throws -> Model {
    let path = "Specs/\(name).yaml"
    return try buildModel(String(contentsOfFile: repositoryRoot.appendingPathComponent(path).path, encoding: .utf8),
                          path: path)
}

/// The names of the specs in Specs/, sorted.
func specNames() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Specs").path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
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
        if out.count > 40 { out.append("..."); break }
    }
    return out.joined(separator: "\n")
}

/// What a process printed and how it ended.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
    var seconds: Double
}

/// Runs `executable` with `arguments` and waits for it (output goes through temporary files, so a
/// chatty child never blocks on a full pipe).
func runProcess(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("lenetc-process-\(UUID().uuidString)")
    let outURL = base.appendingPathExtension("out"), errURL = base.appendingPathExtension("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    process.standardOutput = out
    process.standardError = err
    let start = Date()
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return ProcessResult(status: process.terminationStatus,
                         stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "",
                         seconds: Date().timeIntervalSince(start))
}

/// Runs `executable` with standard output and standard error both into one pipe, as `CMD 2>&1 | tee log`
/// does, and returns what came through in the order it arrived: a line left in a stdio buffer shows up
/// out of place here, where a terminal would hide it.
func runThroughPipe(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The `swift` driver (for building emitted packages), from PATH.
func swiftExecutable() throws -> String {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(directory)/swift"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw TestFailure("no swift in PATH")
}

/// A fresh temporary folder.
func temporaryDirectory(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Comparison of a computed tensor with a reference, as llm.c's test_gpt2.c prints it:
/// maxDiff = max |a − b|, relative = maxDiff / max |b|.
struct Comparison: CustomStringConvertible {
    var name: String
    var maxDiff: Double
    var scale: Double
    var relative: Double { maxDiff / max(scale, 1e-12) }
    static let tolerance = 1e-4
    var ok: Bool { relative <= Self.tolerance }

    init(_ name: String, _ ours: [Double], _ theirs: [Double]) {
        self.name = name
        if ours.count != theirs.count || ours.isEmpty {
            maxDiff = .infinity
            scale = 0
            return
        }
        var diff = 0.0, scale = 0.0
        for i in ours.indices {
            let d = abs(ours[i] - theirs[i])
            diff = d.isNaN ? .infinity : max(diff, d)
            scale = max(scale, abs(theirs[i]))
        }
        maxDiff = diff
        self.scale = scale
    }

    var description: String {
        (ok ? "OK  " : "BAD ") + name.padding(toLength: 18, withPad: " ", startingAt: 0)
            + String(format: " max|diff| %.3e  (max|ref| %.3e, relative %.2e)", maxDiff, scale, relative)
    }
}

extension Array {
    /// The one element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}

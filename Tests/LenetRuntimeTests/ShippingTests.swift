import Foundation
import Testing

/// The runtime files are copied verbatim into emitted packages that contain nothing but
/// these files, a generated main.swift and a CZlib module map. Guard that contract here.
@Suite struct ShippingTests {
    static let runtimeDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/LenetRuntime").path

    @Test func runtimeFilesImportOnlyWhatEmittedPackagesHave() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.runtimeDirectory).filter { $0.hasSuffix(".swift") }
        #expect(files.count >= 10, "found \(files) in \(Self.runtimeDirectory)")
        // Dispatch and Synchronization ship with the toolchain, as Foundation does; so does clang's
        // module of x86 intrinsics (VectorMath's square root, imported only where it exists).
        let allowed: Set<String> = ["Foundation", "FoundationNetworking", "CZlib", "Glibc", "Dispatch", "Synchronization",
                                    "_Builtin_intrinsics.intel"]
        for file in files {
            let text = try String(contentsOfFile: Self.runtimeDirectory + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") {
                let t = line.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("import ") || t.hasPrefix("@testable import ") || t.hasPrefix("@_exported import ") {
                    let module = String(t.split(separator: " ").last ?? "")
                    #expect(t.hasPrefix("import "), "\(file): \(t)")
                    #expect(allowed.contains(module), "\(file) imports \(module), which emitted packages do not have")
                }
                #expect(!t.contains("Bundle.module"), "\(file) uses package resources, which emitted packages do not have")
                #expect(!t.contains("LenetSpec") && !t.contains("LenetModel") && !t.contains("LenetEngine"), "\(file) refers to another lenetc module: \(t)")
            }
        }
    }

    /// Standard output and standard error are written only through `Console` (one unbuffered write per
    /// call): a `print` beside direct writes reaches a pipe out of order (issue 12, item 3).
    @Test func runtimeWritesTheTerminalOnlyThroughConsole() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.runtimeDirectory).filter { $0.hasSuffix(".swift") }
        let forbidden = try Regex(#"(^|[^.\w])(print|debugPrint|dump|fputs|fflush)\(|FileHandle\.standard(Output|Error)|\bstdout\b|\bstderr\b"#)
        for file in files where file != "Console.swift" {
            let text = try String(contentsOfFile: Self.runtimeDirectory + "/" + file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                guard !code.hasPrefix("//") else { continue }
                #expect(code.firstMatch(of: forbidden) == nil, "\(file):\(number + 1) writes the terminal without Console: \(code)")
            }
        }
    }
}

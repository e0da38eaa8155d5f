import Foundation
import LenetModel
import Testing
@testable import LenetEmitter

/// The committed outputs stay in step with their sources: `Generated/<name>/` with the emitter, the
/// specs and the runtime (which the EmbedRuntime build plugin compiles into the emitter). A difference fails with a diff;
/// `LENETC_RECORD=1 swift test --filter LenetEmitterTests` writes them again (and fails once, so a
/// record run is never mistaken for a passing one).
@Suite("Golden outputs")
struct GoldenTests {
    static let runtimeDirectory = repositoryRoot.appendingPathComponent("Sources/LenetRuntime")

    /// The runtime's files, by name, in name order.
    static func runtimeFiles() throws -> [(name: String, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: runtimeDirectory.path).filter { $0.hasSuffix(".swift") }.sorted()
            .map { ($0, try String(contentsOf: runtimeDirectory.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test("the build plugin compiles Sources/LenetRuntime/ into the emitter byte for byte")
    func embeddedRuntimeIsVerbatim() throws {
        let files = try Self.runtimeFiles()
        #expect(!files.isEmpty)
        #expect(EmbeddedRuntime.files.map(\.name) == files.map(\.name))
        for (compiled, file) in zip(EmbeddedRuntime.files, files) where compiled.text != file.text {
            Issue.record("the compiled-in \(file.name) differs from Sources/LenetRuntime/\(file.name):\n\(lineDiff(expected: file.text, actual: compiled.text))")
        }
        // No committed mirror of the runtime: the plugin's output is the only copy.
        #expect(!FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent("Sources/LenetEmitter/EmbeddedRuntime.swift").path))
    }

    @Test("emitted packages carry every runtime file verbatim")
    func packagesCarryTheRuntime() throws {
        let package = try Emitter.emit(try specModel("lenet"))
        for file in try Self.runtimeFiles() {
            #expect(package.file("Sources/LenetRuntime/\(file.name)") == file.text, "\(file.name) is not copied verbatim")
        }
    }

    /// Every file under `directory`, relative, skipping `.build`.
    static func filesOnDisk(_ directory: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var out: [String] = []
        for case let url as URL in walker {
            if url.lastPathComponent == ".build" { walker.skipDescendants(); continue }
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                out.append(String(url.path.dropFirst(directory.path.count + 1)))
            }
        }
        return out.sorted()
    }

    @Test("Generated/<name>/ is what `lenetc emit` writes for each spec", arguments: specNames())
    func generatedPackageIsCurrent(_ name: String) throws {
        let package = try Emitter.emit(try specModel(name))
        let directory = repositoryRoot.appendingPathComponent("Generated/\(package.name)")
        func differences() -> [String] {
            var problems: [String] = []
            for file in package.files {
                let onDisk = try? String(contentsOf: directory.appendingPathComponent(file.path), encoding: .utf8)
                guard let onDisk else { problems.append("missing \(file.path)"); continue }
                if onDisk != file.contents { problems.append("\(file.path) differs:\n\(lineDiff(expected: onDisk, actual: file.contents))") }
            }
            let extra = Set(Self.filesOnDisk(directory)).subtracting(package.files.map(\.path))
            problems += extra.sorted().map { "\($0) is not part of the emitted package" }
            return problems
        }
        let problems = differences()
        if recording {
            if !problems.isEmpty {
                try package.write(to: directory.path)
                for path in Set(Self.filesOnDisk(directory)).subtracting(package.files.map(\.path)) {
                    try FileManager.default.removeItem(at: directory.appendingPathComponent(path))
                }
                Issue.record("recorded Generated/\(package.name)/; run again without LENETC_RECORD=1")
            }
            return
        }
        #expect(problems.isEmpty, """
        Generated/\(package.name)/ is stale (re-record with LENETC_RECORD=1 swift test --filter LenetEmitterTests):
        \(problems.joined(separator: "\n"))
        """)
    }
}

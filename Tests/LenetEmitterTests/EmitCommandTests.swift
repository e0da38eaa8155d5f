import Foundation
import LenetModel
import Testing
@testable import LenetEmitter

/// `lenetc emit`, run as a user runs it: the built binary, from the repository root.
@Suite("lenetc emit")
struct EmitCommandTests {
    /// The `lenetc` binary built for these tests.
    static func lenetc() throws -> String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lenetc").path,
            URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/")
                .deletingLastPathComponent().appendingPathComponent("lenetc").path,
            repositoryRoot.appendingPathComponent(".build/debug/lenetc").path,
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestFailure("no lenetc binary next to the tests (looked at \(candidates))")
        }
        return found
    }

    @Test("writes the package and says how to train it")
    func writesPackage() throws {
        let root = try temporaryDirectory("lenetc-emit-cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("out")
        let result = try runProcess(try Self.lenetc(), ["emit", "lenet", "-o", target.path], in: repositoryRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote \(target.path)/"))
        #expect(result.stdout.contains("swift run -c release lenet"))
        #expect(result.seconds < 5, "lenetc emit took \(result.seconds) s")
        let expected = try Emitter.emit(try specModel("lenet"))
        for file in expected.files {
            let written = try String(contentsOf: target.appendingPathComponent(file.path), encoding: .utf8)
            #expect(written == file.contents, "\(file.path) differs from the emitter's output")
        }

        // Emitting again replaces the package's sources: nothing stale survives.
        let stale = target.appendingPathComponent("Sources/lenet/Stale.swift")
        try "let stale = 1\n".write(to: stale, atomically: true, encoding: .utf8)
        let again = try runProcess(try Self.lenetc(), ["emit", "Specs/lenet.yaml", "-o", target.path], in: repositoryRoot)
        #expect(again.status == 0)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    @Test("an invalid spec gets the compiler's diagnostics and status 1")
    func invalidSpec() throws {
        let root = try temporaryDirectory("lenetc-emit-cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = root.appendingPathComponent("bad.yaml")
        try """
        name: bad
        input: [1, 28, 28]
        layers:
          - conv: {filters: 6, kernel: 50}
          - flatten
          - dense: 10
        """.write(to: spec, atomically: true, encoding: .utf8)
        let result = try runProcess(try Self.lenetc(), ["emit", spec.path, "-o", root.appendingPathComponent("out").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.yaml:4:"))
        #expect(result.stderr.contains("error: kernel 50×50 does not fit"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }

    @Test("a spec the emitter cannot specialise is reported at the layer, status 1")
    func unemittable() throws {
        let root = try temporaryDirectory("lenetc-emit-cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = root.appendingPathComponent("huge.yaml")
        try LoweringTests.hugeSpec.write(to: spec, atomically: true, encoding: .utf8)
        let result = try runProcess(try Self.lenetc(), ["emit", spec.path, "-o", root.appendingPathComponent("out").path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: cannot emit: a group of 8 examples needs more than 1 GiB"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("out").path))
    }

    @Test("unknown specs and folders it must not overwrite are reported, status 3")
    func unreadable() throws {
        let root = try temporaryDirectory("lenetc-emit-cli")
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = try runProcess(try Self.lenetc(), ["emit", "lenett"], in: repositoryRoot)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("did you mean 'lenet'"))

        let occupied = root.appendingPathComponent("occupied")
        try FileManager.default.createDirectory(at: occupied, withIntermediateDirectories: true)
        try "notes\n".write(to: occupied.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let refused = try runProcess(try Self.lenetc(), ["emit", "lenet", "-o", occupied.path], in: repositoryRoot)
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("not empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: occupied.path) == ["notes.txt"])
    }
}

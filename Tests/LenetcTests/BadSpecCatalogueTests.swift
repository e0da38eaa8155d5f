import Foundation
import LenetModel
import LenetSpec
import Testing

/// One bad spec per kind of mistake (Tests/LenetcTests/BadSpecs). Each file's first line says what is
/// wrong; the rendered diagnostics (text, line, column, source line, caret, hint) are pinned in
/// Golden/bad/.
@Suite struct BadSpecCatalogueTests {
    @Test func catalogueIsLargeEnough() {
        #expect(badSpecFiles().count >= 30)
    }

    @Test(arguments: badSpecFiles())
    func diagnosticsMatchGolden(_ file: String) throws {
        let path = "BadSpecs/\(file)"
        let text = try String(contentsOf: testsDirectory.appendingPathComponent(path), encoding: .utf8)
        let source = SourceFile(path: path, text: text)
        let result = SpecCompiler.compile(source)
        #expect(result.model == nil, "\(file) should be rejected")
        #expect(result.diagnostics.contains { $0.severity == .error })
        for diagnostic in result.diagnostics {
            let location = try #require(diagnostic.location, "every diagnostic names a line and column")
            #expect(location.path == path)
            #expect(location.line >= 1 && location.line <= source.lines.count)
            #expect(location.column >= 1)
        }
        let rendered = DiagnosticRenderer(colors: false).render(result.diagnostics, source: source)
        assertGolden(rendered, "bad/\(file.replacingOccurrences(of: ".yaml", with: ".txt"))")
    }

    /// `lenetc emit` on a spec of BadSpecs/emit/, which the validator accepts and the emitter refuses.
    func emit(_ file: String) throws -> (path: String, result: RunResult) {
        let path = "Tests/LenetcTests/BadSpecs/emit/\(file)"
        _ = try compileSpec(path)
        let folder = try temporaryFolder("lenetc-emit-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out")
        let result = try runLenetc(["emit", path, "-o", output.path])
        #expect(!FileManager.default.fileExists(atPath: output.path), "\(file): nothing is written")
        return (path, result)
    }

    /// The emit section: exit status 1, every error at a line of the spec, and the whole standard
    /// error (the validator's warnings and the emitter's errors, rendered as `check` renders them)
    /// pinned in Golden/bad/emit/.
    @Test(arguments: badSpecFiles(in: "emit"))
    func emitDiagnosticsMatchGolden(_ file: String) throws {
        let (path, result) = try emit(file)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(" error: ") }
        #expect(!errors.isEmpty)
        for line in errors {
            #expect(line.hasPrefix("\(path):") && line.dropFirst(path.count + 1).first?.isNumber == true,
                    "every error names its line: \(line)")
        }
        assertGolden(result.stderr, "bad/emit/\(file.replacingOccurrences(of: ".yaml", with: ".txt"))")
    }

    @Test func independentEmitProblemsAreAllReported() throws {
        let (path, result) = try emit("03-two-problems.yaml")
        #expect(result.status == 1)
        let errors = result.stderr.split(separator: "\n").filter { $0.contains(" error: ") }
        #expect(errors.count == 2)
        #expect(errors.first?.hasPrefix("\(path):2:7: error: cannot emit: the name 'foundation'") == true)
        #expect(errors.last?.hasPrefix("\(path):5:5: error: cannot emit: a group of 8 examples needs more than 1 GiB") == true)
        #expect(result.stderr.hasSuffix("2 errors in \(path)\n"))
    }

    @Test func independentErrorsAreAllReported() throws {
        let path = "BadSpecs/58-many-errors.yaml"
        let text = try String(contentsOf: testsDirectory.appendingPathComponent(path), encoding: .utf8)
        let result = SpecCompiler.compile(SourceFile(path: path, text: text))
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 4)
        #expect(errors.map { $0.location!.line } == [8, 14, 18, 19])
    }

    @Test func anUnclosedBracketIsReportedWhereItWasOpened() throws {
        let source = SourceFile(path: "u.yaml", text: """
            input: [1, 28, 28]
            layers:
              - conv: {filters: 6, kernel: [5, 5]
              - sigmoid
              - flatten
              - dense: 10
            """)
        let result = SpecCompiler.compile(source)
        // libyaml notices at `- sigmoid`; the error goes to the `{` of line 3, the note to line 4.
        #expect(result.diagnostics.map(\.severity) == [.error, .note])
        #expect(result.diagnostics.first?.location == SourceLocation(path: "u.yaml", line: 3, column: 11))
        #expect(result.diagnostics.first?.message == "malformed YAML: this '{' is never closed (the YAML reader noticed at line 4)")
        #expect(result.diagnostics.first?.hint?.hasPrefix("add the missing '}'") == true)
        #expect(result.diagnostics.last?.location?.line == 4)
    }

    @Test func kernelTooLargeNamesTheLayerThatShrankTheInput() throws {
        let source = SourceFile(path: "x.yaml", text: """
            input: [1, 28, 28]
            layers:
              - conv: {filters: 6, kernel: 5}
              - sigmoid
              - maxpool: {size: 2, stride: 2}
              - conv: {filters: 16, kernel: 5}
              - sigmoid
              - maxpool: {size: 2, stride: 2}
              - conv: {filters: 32, kernel: 5}
              - flatten
              - dense: 10
            """)
        let result = SpecCompiler.compile(source)
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(error.message == "kernel 5×5 does not fit the 4×4 input coming from layer 5 (maxpool 2×2, stride 2: 8×8 → 4×4)")
        #expect(error.location == SourceLocation(path: "x.yaml", line: 9, column: 33))
        #expect(error.hint == "use padding: 1, use a smaller kernel, or remove a pooling layer before it")
    }

    @Test func warningsAloneDoNotRejectASpec() throws {
        let source = SourceFile(path: "w.yaml", text: """
            input: [1, 28, 28]
            layers:
              - conv: {filters: 6, kernel: 5, stride: 2}
              - relu
              - flatten
              - dense: 10
            """)
        let result = SpecCompiler.compile(source)
        #expect(result.model != nil)
        #expect(result.diagnostics.map(\.severity) == [.warning])
        #expect(result.diagnostics.first?.message.contains("the last 1 row and 1 column are never used") == true)
    }
}

import Foundation
import Testing

/// Runs the built `lenetc` binary and checks its output and exit status, as swift-argument-parser's
/// own tests do.
@Suite struct CLITests {
    @Test func checkPrintsTheShapeTable() throws {
        let result = try runLenetc(["check", "Specs/lenet.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("lenet (Specs/lenet.yaml)\n"))
        #expect(result.stdout.contains("parameters:        61,706"))
        #expect(result.stdout.contains("spatial chain:     28→28→14→10→5"))
    }

    @Test func bareNameIsFoundInSpecs() throws {
        let result = try runLenetc(["check", "lenet-nopad"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("28→24→12→8→4"))
    }

    @Test func pathInOtherLetterCaseIsUsedWithANote() throws {
        let result = try runLenetc(["check", "specs/LENET.yaml"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("note: 'specs/LENET.yaml' does not exist; using 'Specs/lenet.yaml'"))
        #expect(result.stdout.contains("61,706"))
    }

    @Test func severalSpecsEachGetATable() throws {
        let result = try runLenetc(["check", "lenet", "caffe-lenet"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("lenet (Specs/lenet.yaml)"))
        #expect(result.stdout.contains("caffe-lenet (Specs/caffe-lenet.yaml)"))
        #expect(result.stdout.contains("431,080"))
    }

    @Test func severalSpecsInJSONAreAnArray() throws {
        let result = try runLenetc(["check", "--format", "json", "lenet", "lenet-nopad"])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["total_params"] as? Int } == [61_706, 44_426])
    }

    @Test func invalidSpecExitsOneWithCompilerStyleErrors() throws {
        let result = try runLenetc(["check", "Tests/LenetcTests/BadSpecs/28-kernel-too-large.yaml"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Tests/LenetcTests/BadSpecs/28-kernel-too-large.yaml:11:33: error: kernel 7×7 does not fit"))
        #expect(result.stderr.contains("    |                                 ^\n"))
        #expect(result.stderr.contains("hint: use padding: 1"))
    }

    @Test func invalidSpecInJSONListsDiagnostics() throws {
        let result = try runLenetc(["check", "--format", "json", "Tests/LenetcTests/BadSpecs/58-many-errors.yaml"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 4)
        #expect(diagnostics.first?["line"] as? Int == 8)
    }

    @Test func missingFileExitsThree() throws {
        let result = try runLenetc(["check", "Specs/nope.yaml"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("error: no spec file 'Specs/nope.yaml'"))
    }

    @Test func folderExitsThree() throws {
        let result = try runLenetc(["check", "Specs"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("is a folder"))
    }

    @Test func nonUTF8FileExitsThree() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lenetc-binary-\(UUID().uuidString).yaml")
        try Data([0x6E, 0x61, 0xFF, 0xFE, 0x00, 0x80]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try runLenetc(["check", url.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("not UTF-8"))
    }

    @Test func worstStatusWins() throws {
        let result = try runLenetc(["check", "lenet", "Tests/LenetcTests/BadSpecs/35-wrong-class-count.yaml", "missing-spec"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("lenet (Specs/lenet.yaml)"))
        #expect(result.stderr.contains("mnist has 10 classes"))
    }

    @Test func badUsageExitsTwo() throws {
        let unknownFlag = try runLenetc(["check", "--frobnicate", "lenet"])
        #expect(unknownFlag.status == 2)
        #expect(unknownFlag.stderr.contains("--frobnicate"))
        let noSpec = try runLenetc(["check"])
        #expect(noSpec.status == 2)
        let badFormat = try runLenetc(["check", "--format", "xml", "lenet"])
        #expect(badFormat.status == 2)
        let unknownCommand = try runLenetc(["chek", "lenet"])
        #expect(unknownCommand.status == 2)
    }

    @Test func helpExitsZero() throws {
        let result = try runLenetc(["check", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: lenetc check"))
    }
}

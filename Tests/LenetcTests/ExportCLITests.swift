import Foundation
import LenetModel
import LenetRuntime
import LenetSpec
import Testing

/// `lenetc export` as a user runs it: what it prints, where it writes, and its exit status when the
/// weights or the output path are wrong (the file's content is ExportTests' part).
@Suite struct ExportCLITests {
    /// A weights-only checkpoint of `spec`'s parameters (every value `value`), as PyTorch would save one.
    static func weights(for spec: String, value: Float = 0.01, in dir: URL, dropping: String? = nil) throws -> String {
        let path = "Specs/\(spec).yaml"
        let text = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
        let model = try #require(SpecCompiler.compile(SourceFile(path: path, text: text)).model)
        let tensors = model.parameters.filter { $0.name != dropping }.map {
            (name: $0.name, shape: $0.shape, values: [Float](repeating: value, count: $0.count))
        }
        let file = dir.appendingPathComponent("\(spec).safetensors").path
        try Checkpoint(tensors: tensors, state: nil).write(to: file)
        return file
    }

    @Test func writesTheModelAndSaysWhatIsInIt() throws {
        let dir = try temporaryFolder("lenetc-export-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let weights = try Self.weights(for: "lenet", in: dir)
        let out = dir.appendingPathComponent("model.onnx").path
        let result = try runLenetc(["export", "lenet", "--weights", weights, "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int)
        // 61,706 float32 parameters and the graph around them.
        #expect(size > 61_706 * 4 && size < 61_706 * 4 + 16_384, "\(size) bytes")
        #expect(result.stdout == """
            wrote \(out) (\(ShapeTable.bytes(size))): ONNX opset 17, 12 nodes, 10 initializers (61,706 parameters under PyTorch's names)
            input "input" [N, 1, 28, 28] float32 (pixels / 255), output "logits" [N, 10]

            """)
    }

    @Test func aFolderGetsTheSpecsNameAndTheDefaultIsTheCurrentFolder() throws {
        let dir = try temporaryFolder("lenetc-export-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let weights = try Self.weights(for: "lenet5", in: dir)
        let folder = dir.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let intoFolder = try runLenetc(["export", "lenet5", "--weights", weights, "-o", folder.path])
        #expect(intoFolder.status == 0, "\(intoFolder.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("lenet5.onnx").path))
        #expect(intoFolder.stdout.hasPrefix("wrote \(folder.path)/lenet5.onnx ("), "\(intoFolder.stdout)")

        let spec = packageRoot.appendingPathComponent("Specs/lenet5.yaml").path
        let here = try runLenetc(["export", spec, "--weights", weights], in: dir)
        #expect(here.status == 0, "\(here.stderr)")
        #expect(here.stdout.hasPrefix("wrote lenet5.onnx ("), "\(here.stdout)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("lenet5.onnx").path))
    }

    @Test func badWeightsAreRefusedAsEvalRefusesThem() throws {
        let dir = try temporaryFolder("lenetc-export-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("m.onnx").path

        let missing = try runLenetc(["export", "lenet", "--weights", dir.appendingPathComponent("none.safetensors").path, "-o", out])
        #expect(missing.status == 3)
        #expect(missing.stderr.hasPrefix("error: ") && missing.stderr.contains("none.safetensors"), "\(missing.stderr)")

        // lenet-nopad's tensors have lenet's names, but its first dense layer reads 16×4×4 features,
        // not 16×5×5: the tensor is named, with both shapes.
        let other = try Self.weights(for: "lenet-nopad", in: dir)
        let wrongShapes = try runLenetc(["export", "lenet", "--weights", other, "-o", out])
        let evalWrong = try runLenetc(["eval", "lenet", "--weights", other, "--data", "synthetic"])
        #expect(wrongShapes.status == 3 && evalWrong.status == 3)
        #expect(wrongShapes.stderr.contains("tensor \"7.weight\" has shape [120, 256], but this network's is [120, 400]"),
                "\(wrongShapes.stderr)")
        // The same message as eval's: both read weights through one path.
        #expect(wrongShapes.stderr == evalWrong.stderr, "\(wrongShapes.stderr)\nvs\n\(evalWrong.stderr)")

        let incomplete = try Self.weights(for: "lenet", in: dir, dropping: "3.bias")
        let lacking = try runLenetc(["export", "lenet", "--weights", incomplete, "-o", out])
        #expect(lacking.status == 3)
        #expect(lacking.stderr.contains("it lacks the tensor \"3.bias\""), "\(lacking.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written for bad weights")
    }

    @Test func anUnwritableOutputIsAnErrorBeforeTheWeightsAreRead() throws {
        let dir = try temporaryFolder("lenetc-export-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        // The weights do not exist either: the output is checked first, so that is the error.
        let weights = dir.appendingPathComponent("none.safetensors").path
        let noFolder = try runLenetc(["export", "lenet", "--weights", weights, "-o", "/nonexistent/dir/m.onnx"])
        #expect(noFolder.status == 3)
        #expect(noFolder.stderr == """
            error: /nonexistent/dir/m.onnx: cannot write the ONNX model: the folder /nonexistent/dir does not exist
            hint: create it first (mkdir -p /nonexistent/dir), or give -o a path in another folder

            """, "\(noFolder.stderr)")

        let device = try runLenetc(["export", "lenet", "--weights", weights, "-o", "/dev/null"])
        #expect(device.status == 3)
        #expect(device.stderr == """
            error: /dev/null: cannot write the ONNX model: it is not a regular file (a device or a pipe), and the model replaces the file it is written to
            hint: give -o a file name, e.g. -o lenet.onnx

            """, "\(device.stderr)")
    }

    @Test func anInvalidSpecIsExitOne() throws {
        let dir = try temporaryFolder("lenetc-export-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = dir.appendingPathComponent("bad.yaml")
        try "name: bad\ninput: [1, 28, 28]\nlayers:\n  - flatten\n  - dense: 7\n".write(to: spec, atomically: true, encoding: .utf8)
        let result = try runLenetc(["export", spec.path, "--weights", "w.safetensors"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.yaml:5:"), "\(result.stderr)")
        #expect(try runLenetc(["export", "lenet"]).status == 2, "--weights is required")
    }
}

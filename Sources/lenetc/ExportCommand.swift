import ArgumentParser
import Foundation
import LenetEngine
import LenetExport
import LenetModel
import LenetRuntime
import ONNXProto

/// `lenetc export SPEC --weights FILE [-o FILE.onnx]`: the trained model as an ONNX file.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a spec's model with its trained weights as an ONNX file (opset 17).",
        discussion: """
        FILE is a safetensors file with the model's parameters, as `lenetc eval` takes it. The ONNX \
        model has the input `input` [N, C, H, W] float32 (pixels / 255, N any batch size) and the output \
        `logits` [N, classes]; its initializers keep PyTorch's names (`0.weight`, ...); dropout is left \
        out, as in inference. It goes to <name>.onnx unless -o gives a file or a folder to write it in. \
        Exit status: 0 written, 1 the spec is invalid, 3 the spec or the weights cannot be read or the \
        ONNX file cannot be written.
        """)

    @Argument(help: "A spec file, or a name in Specs/.")
    var spec: String

    @Option(help: "The weights to export (safetensors).")
    var weights: String

    @Option(name: .shortAndLong, help: "The ONNX file to write, or a folder to write <name>.onnx in (default: <name>.onnx).")
    var output: String?

    func run() throws {
        let model = try SpecInput.model(spec)
        let file = try Self.outputFile(output, model: model)
        let network = try EngineNetwork(model: model, maxBatch: 1, threads: 1)
        try WeightsInput.load(weights, into: network, model: model)
        let onnx: Onnx_ModelProto
        do {
            onnx = try ONNXExport.model(model, weights: network, producerVersion: Lenetc.configuration.version)
        } catch {
            Terminal.err("error: cannot export \(model.name): \(error)\n")
            throw ExitCode(Lenetc.Status.invalidSpec)
        }
        do {
            try file.replace(with: try onnx.serializedBytes())
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        let input = onnx.graph.input[0].type.tensorType.shape.dim.map { $0.dimParam.isEmpty ? "\($0.dimValue)" : $0.dimParam }
        Terminal.out("""
        wrote \(file.path) (\(ShapeTable.bytes(size))): ONNX opset \(ONNXExport.opset), \(onnx.graph.node.count) nodes, \
        \(onnx.graph.initializer.count) initializers (\(model.parameterCount.grouped) parameters under PyTorch's names)
        input "\(ONNXExport.inputName)" [\(input.joined(separator: ", "))] float32 (pixels / 255), \
        output "\(ONNXExport.outputName)" [\(ONNXExport.batchDimension), \(model.output.count)]

        """)
    }

    /// Where the model goes, tried before any work (as `run` tries its `--save` file): a folder gets
    /// `<name>.onnx` inside it; a device or a pipe is refused, since the file is replaced atomically.
    static func outputFile(_ output: String?, model: Model) throws -> OutputFile {
        var path = output ?? "\(model.name).onnx"
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            path = (path.hasSuffix("/") ? path : path + "/") + "\(model.name).onnx"
        }
        let file = OutputFile(path: path, what: "ONNX model", flag: "-o")
        var st = stat()
        if stat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
            Terminal.err("error: \(path): cannot write the ONNX model: it is not a regular file (a device or a pipe), and the model replaces the file it is written to\nhint: give -o a file name, e.g. -o \(model.name).onnx\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
        do {
            // About the file's size: the weights and a little for the graph, so a disk without room
            // fails here too.
            try file.probe([UInt8](repeating: 0, count: model.parameterCount * 4 + 4096))
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
        return file
    }
}

import Foundation
import LenetEngine
import LenetExport
import LenetModel
import LenetRuntime
import LenetSpec
import Testing

/// `lenetc export` judged by ONNX's own tools: `onnx.checker` (full check, with shape inference)
/// accepts the model of every spec, and onnxruntime computes the engine's logits. Python 3 with
/// `onnx` and `onnxruntime` must be there (.ci/deps installs them): without them these tests fail,
/// saying so, rather than skip.
@Suite(.serialized) struct ExportTests {
    static let script = testsDirectory.appendingPathComponent("ONNX/onnx_check.py").path

    /// Specs that go beyond Specs/: padded average and max pooling (the average counts the padding),
    /// non-square kernels, strides and padding, a 1×1 conv, dropout in the middle and at the end.
    static let extraSpecs = [
        """
        name: padded-pools
        input: [1, 28, 28]
        layers:
          - conv: {filters: 4, kernel: [3, 5], stride: [1, 2], padding: [1, 2], activation: tanh}
          - avgpool: {size: 3, stride: 2, padding: 1}
          - maxpool: {size: [3, 2], stride: [2, 1], padding: [1, 0]}
          - conv: {filters: 5, kernel: 1}
          - relu
          - flatten
          - dropout: 0.3
          - dense: {units: 16, activation: sigmoid}
          - dense: 10
          - dropout: 0.1
        """,
        """
        name: strided
        input: [1, 28, 28]
        layers:
          - conv: {filters: 3, kernel: 4, stride: 2, padding: 1}
          - avgpool: {size: 2, stride: 1, padding: 1}
          - sigmoid
          - maxpool: {size: 3, stride: 3, padding: 1}
          - flatten
          - dense: 10
        train:
          dataset: fashion-mnist
        """,
    ]

    /// The ONNX operator each layer becomes (dropout none), as the issue lists them.
    static func expectedOps(_ model: Model) -> [String] {
        model.layers.compactMap { layer -> String? in
            switch layer.op {
            case .conv: return "Conv"
            case let .pool(p): return p.op == .max ? "MaxPool" : "AveragePool"
            case .flatten: return "Flatten"
            case .dense: return "Gemm"
            case .activation(.sigmoid): return "Sigmoid"
            case .activation(.relu): return "Relu"
            case .activation(.tanh): return "Tanh"
            case .dropout: return nil
            }
        }
    }

    /// One model to export with freshly initialised weights and judge: `normalization` goes into the
    /// model (as a spec's `input: {normalize: ...}` puts it there), and the engine sees the images
    /// normalised by the runtime's `apply`, as training normalises them, before they reach the network.
    struct Case {
        var model: Model
        var normalization: InputNormalization? = nil
    }

    /// 7 images: a batch size the model was not written for, so the batch must be dynamic.
    static let imageCount = 7

    /// Exports every case, computes the engine's logits for `imageCount` synthetic digits, and returns
    /// what onnx_check.py says of each export, in order.
    static func judge(_ cases: [Case], in dir: URL) throws -> [[String: Any]] {
        let count = imageCount
        let digits = try SyntheticDigits.dataset(seed: 3, trainCount: 1, testCount: count).test
        var images = [Float](repeating: 0, count: count * digits.pixelsPerImage)
        images.withUnsafeMutableBufferPointer { digits.copyImages(0..<count, to: $0.baseAddress!) }
        let imagesFile = dir.appendingPathComponent("images.bin")
        try floatData(images).write(to: imagesFile)

        var manifest: [[String: Any]] = []
        for (n, item) in cases.enumerated() {
            var model = item.model
            if let normalization = item.normalization { model.normalize = normalization }
            let network = try EngineNetwork(model: model, maxBatch: count, threads: 1)
            // PyTorch's biases, so that every bias is non-zero and exported too.
            var rng = SeededRNG(seed: model.train.seed)
            try network.network.initialize(scheme: model.train.initializer, biases: .pytorch, rng: &rng)
            let onnx = dir.appendingPathComponent("\(n)-\(model.name).onnx")
            try Data(try ONNXExport.serialized(model, weights: network, producerVersion: "test")).write(to: onnx)
            var seen = images
            if let normalization = model.normalize {
                seen.withUnsafeMutableBufferPointer { normalization.apply(to: $0.baseAddress!, count: $0.count) }
            }
            let logits = dir.appendingPathComponent("\(n)-\(model.name).logits.bin")
            try floatData(try network.network.logits(images: seen)).write(to: logits)
            guard case let .image(c, h, w) = model.input else { throw ExportTestFailure("\(model.name): input not an image") }
            manifest.append(["onnx": onnx.path, "images": imagesFile.path, "logits": logits.path, "count": count, "shape": [c, h, w]])
        }
        let manifestFile = dir.appendingPathComponent("manifest.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestFile)
        let answers = try #require(try runONNXCheck(["models", manifestFile.path]) as? [[String: Any]])
        #expect(answers.count == cases.count)
        return answers
    }

    /// Checks one answer of `judge` against the model: the checker's verdict, the opset, the input and
    /// output, the initializers and the operators (after the normalisation's, when the model has one)
    /// and the logits. Returns the largest logit difference.
    static func expectFaithful(_ answer: [String: Any], _ model: Model) -> Double {
        let name = model.name
        let normalized = model.normalize != nil
        let extraNodes = normalized ? ["Sub", "Div"] : []
        let extraInitializers = normalized ? ["normalize.mean", "normalize.std"] : []
        #expect(answer["checker"] as? String == "ok", "\(name): \(answer["checker"] ?? "")")
        #expect(answer["ir_version"] as? Int == 8, "\(name)")
        #expect(answer["opsets"] as? [String: Int] == ["": 17], "\(name)")
        if case let .image(c, h, w) = model.input {
            #expect(shapes(answer["inputs"]) == ["input": "[N, \(c), \(h), \(w)]"], "\(name): \(answer["inputs"] ?? "")")
        }
        #expect(shapes(answer["outputs"]) == ["logits": "[N, 10]"], "\(name): \(answer["outputs"] ?? "")")
        #expect(answer["initializers"] as? [String] == extraInitializers + model.parameters.map(\.name), "\(name)")
        let nodes = answer["nodes"] as? [String] ?? []
        #expect(nodes == extraNodes + Self.expectedOps(model), "\(name): \(nodes)")
        // Every average pool divides by the whole window, padding included, as lenetc does.
        let attributes = answer["attributes"] as? [[String: Any]] ?? []
        for (op, attrs) in zip(nodes, attributes) where op == "AveragePool" {
            #expect(attrs["count_include_pad"] as? Int == 1, "\(name): \(attrs)")
        }
        #expect(answer["logits_shape"] as? [Int] == [imageCount, 10], "\(name)")
        #expect(answer["argmax_agree"] as? Int == imageCount, "\(name): \(answer)")
        let diff = answer["max_abs_diff"] as? Double ?? .infinity
        #expect(diff <= 1e-4, "\(name): onnxruntime's logits differ from the engine's by \(diff)")
        print("export \(name): checker ok, \(nodes.count) nodes, max |logit difference| vs the engine \(diff)")
        return diff
    }

    static func extraModels() throws -> [Model] {
        try extraSpecs.enumerated().map { n, yaml in
            let result = SpecCompiler.compile(SourceFile(path: "extra\(n).yaml", text: yaml))
            return try #require(result.model, "\(result.diagnostics)")
        }
    }

    @Test func everySpecPassesTheCheckerAndRunsAsTheEngineDoes() throws {
        let dir = try temporaryFolder("lenetc-onnx")
        defer { try? FileManager.default.removeItem(at: dir) }
        let models: [Model] = try specFiles().map { name in
            let path = "Specs/\(name)"
            let text = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
            return try #require(SpecCompiler.compile(SourceFile(path: path, text: text)).model, "\(name) must compile")
        } + Self.extraModels()
        let answers = try Self.judge(models.map { Case(model: $0) }, in: dir)
        let worst = zip(models, answers).map { Self.expectFaithful($1, $0) }.max() ?? .infinity
        print("export: \(models.count) models, largest logit difference onnxruntime vs engine \(worst)")
    }

    @Test func aNormalisationBecomesSubAndDivInFront() throws {
        let dir = try temporaryFolder("lenetc-onnx-normalize")
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = try Self.extraModels()[0]
        // pytorch/examples' MNIST mean and std.
        let normalization = InputNormalization(mean: 0.1307, std: 0.3081)
        let answers = try Self.judge([Case(model: model, normalization: normalization)], in: dir)
        var normalized = model
        normalized.normalize = normalization
        _ = Self.expectFaithful(try #require(answers.first), normalized)

        let network = try EngineNetwork(model: model, maxBatch: 1, threads: 1)
        // The validator refuses such a spec; a model built another way is refused here too.
        for wrong in [InputNormalization(mean: 0.1, std: 0), InputNormalization(mean: .nan, std: 0.3)] {
            var bad = model
            bad.normalize = wrong
            #expect(throws: ExportError.self) { try ONNXExport.model(bad, weights: network, producerVersion: "test") }
        }
    }

    /// The specs whose exports are run on a whole test set: one per data set, average pooling with
    /// tanh and max pooling with ReLU.
    static let testSetSpecs = [("lenet5", "mnist"), ("lenet-relu", "fashion-mnist")]

    @Test(.enabled(if: sharedDataPresent, "needs real MNIST and Fashion-MNIST in /work/shared/datasets"),
          arguments: testSetSpecs)
    func onnxruntimeAgreesWithEvalOnTheTestSet(spec: String, dataset: String) throws {
        let real = "/work/shared/datasets/\(dataset)"
        let dir = try temporaryFolder("lenetc-onnx-\(spec)")
        defer { try? FileManager.default.removeItem(at: dir) }
        // Trained briefly on 2,000 real training images, so the predictions mean something.
        let info = try DatasetInfo.fromFlag(dataset)
        let data = try DatasetFiles.load(directory: real, info: info)
        let subset = dir.appendingPathComponent("data")
        try writeIDX(train: data.train.prefix(2_000), test: data.test, to: subset)
        let weights = dir.appendingPathComponent("w.safetensors").path
        let run = try runLenetc(["run", spec, "--data", subset.path, "--epochs", "2", "--batch", "32", "--threads", "2", "--save", weights])
        #expect(run.status == 0, "\(run.stderr)")

        let onnx = dir.appendingPathComponent("\(spec).onnx").path
        let export = try runLenetc(["export", spec, "--weights", weights, "-o", onnx])
        #expect(export.status == 0, "\(export.stderr)")
        // The subset's folder holds the real test set too (and loads faster: 2,000 training images).
        let eval = try runLenetc(["eval", spec, "--weights", weights, "--data", subset.path])
        #expect(eval.status == 0, "\(eval.stderr)")
        let (correct, confusion) = try parseEval(eval.stdout)

        // The engine's logits for the same weights and images, as eval computes them.
        let model = try #require(SpecCompiler.compile(SourceFile(path: "Specs/\(spec).yaml", text: String(
            contentsOf: packageRoot.appendingPathComponent("Specs/\(spec).yaml"), encoding: .utf8))).model)
        let network = try EngineNetwork(model: model, maxBatch: 1000, threads: 2)
        try TrainingLoop.load(try Checkpoint.read(from: weights), into: network, path: weights)
        var images = [Float](repeating: 0, count: data.test.count * data.test.pixelsPerImage)
        images.withUnsafeMutableBufferPointer { data.test.copyImages(0..<data.test.count, to: $0.baseAddress!) }
        let logits = dir.appendingPathComponent("logits.bin")
        try floatData(try network.network.logits(images: images, batchSize: 1000)).write(to: logits)

        let answer = try #require(try runONNXCheck(["testset", onnx, real, logits.path]) as? [String: Any])
        let diff = answer["max_abs_diff"] as? Double ?? .infinity
        let agree = answer["argmax_agree"] as? Int ?? 0
        print("export \(spec) on the \(dataset) test set: onnxruntime and the engine agree on \(agree) of 10000 predictions, max |logit difference| \(diff); accuracy \(correct) of 10000 (lenetc eval) vs \(answer["correct"] ?? "?") (onnxruntime)")
        #expect(answer["count"] as? Int == 10_000)
        #expect(agree == 10_000)
        #expect(diff <= 1e-4)
        #expect(answer["correct"] as? Int == correct)
        #expect(answer["confusion"] as? [[Int]] == confusion)
        // The briefly trained network has learnt something (5,981 and 8,678 correct when written;
        // chance is 1,000), so the predictions compared are not one class for every image.
        #expect(correct > 3_000, "\(eval.stdout)")
    }
}

/// Both real data sets, as the other tests that need them find them.
let sharedDataPresent = ["mnist", "fashion-mnist"].allSatisfy { name in
    DatasetFiles.isComplete("/work/shared/datasets/\(name)")
}

/// `{"input": ["N", 1, 28, 28]}` from the JSON as `["input": "[N, 1, 28, 28]"]`.
func shapes(_ json: Any?) -> [String: String]? {
    (json as? [String: [Any]])?.mapValues { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }
}

/// A new, empty folder under the temporary directory.
func temporaryFolder(_ prefix: String) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Little-endian float32, as numpy's `fromfile(dtype="<f4")` reads them.
func floatData(_ values: [Float]) -> Data {
    var data = Data(capacity: values.count * 4)
    for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
    return data
}

/// The four IDX files of `train` and `test`, raw, in `directory`.
func writeIDX(train: LabeledImages, test: LabeledImages, to directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (prefix, set) in [("train", train), ("t10k", test)] {
        try Data(IDX.encode(try IDXArray(dimensions: [set.count, set.height, set.width], data: set.pixels)))
            .write(to: directory.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
        try Data(IDX.encode(try IDXArray(dimensions: [set.count], data: set.labels.map { UInt8($0) })))
            .write(to: directory.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
    }
}

/// `lenetc eval`'s correct count (`test acc 0.8123 (8123 of 10000)`) and its confusion matrix.
func parseEval(_ report: String) throws -> (correct: Int, confusion: [[Int]]) {
    let lines = report.split(separator: "\n").map(String.init)
    let accuracy = try #require(lines.first { $0.hasPrefix("test acc ") }, "no accuracy line in \(report)")
    let correct = try #require(accuracy.split(separator: "(").last.flatMap { Int($0.split(separator: " ")[0]) })
    let start = try #require(lines.firstIndex { $0.hasPrefix("confusion matrix") }) + 2
    let confusion = lines[start...].prefix(10).map { line in
        line.split(separator: " ").dropFirst().prefix(10).compactMap { Int($0) }
    }
    return (correct, Array(confusion))
}

/// Runs Tests/LenetcTests/ONNX/onnx_check.py and parses the JSON it prints. Fails, saying what to
/// install, when python3, onnx or onnxruntime is missing.
func runONNXCheck(_ arguments: [String]) throws -> Any {
    let probe = try runProcess("/usr/bin/env", ["python3", "-c", "import onnx, onnxruntime, numpy"])
    guard probe.status == 0 else {
        throw ExportTestFailure("the ONNX tests need python3 with onnx and onnxruntime (pip install onnx onnxruntime; .ci/deps installs them): \(probe.stderr)")
    }
    let result = try runProcess("/usr/bin/env", ["python3", ExportTests.script] + arguments)
    guard result.status == 0 else { throw ExportTestFailure("onnx_check.py \(arguments[0]) failed: \(result.stderr)") }
    return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
}

struct ExportTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a program to the end and collects what it printed.
func runProcess(_ executable: String, _ arguments: [String]) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // stderr is small; stdout can be large, so read it before waiting.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}

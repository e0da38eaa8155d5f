import Foundation
import LenetModel
import LenetRuntime
import LenetSpec
import Testing

/// `lenetc check` on every spec in Specs/: the whole output is pinned in Golden/check/.
@Suite struct CheckGoldenTests {
    /// Warnings a shipped spec keeps on purpose because its source network has them: Keras's MNIST
    /// convnet pools an 11×11 map by 2, and Keras floors as PyTorch does.
    static let acknowledgedWarnings = ["keras-mnist.yaml": "stride 2 does not divide the 11×11 input evenly"]

    @Test(arguments: specFiles())
    func checkOutputMatchesGolden(_ file: String) throws {
        let result = try runLenetc(["check", "Specs/\(file)"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        if let warning = Self.acknowledgedWarnings[file] {
            #expect(result.stderr.contains(warning) && result.stderr.contains("1 warning in"), "\(result.stderr)")
        } else {
            #expect(result.stderr.isEmpty, "a shipped spec must check without warnings: \(result.stderr)")
        }
        assertGolden(result.stdout, "check/\(file.replacingOccurrences(of: ".yaml", with: ".txt"))")
    }

    @Test(arguments: specFiles())
    func jsonOutputMatchesGolden(_ file: String) throws {
        let result = try runLenetc(["check", "--format", "json", "Specs/\(file)"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["valid"] as? Bool == true)
        assertGolden(result.stdout, "check/\(file.replacingOccurrences(of: ".yaml", with: ".json"))")
    }

    @Test(arguments: specFiles())
    func everySpecSaysWhereItComesFrom(_ file: String) throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("Specs/\(file)"), encoding: .utf8)
        #expect(text.hasPrefix("# "), "Specs/\(file) should open with a comment saying where the network comes from")
    }

    /// The facts the issue pins, checked directly as well as through the goldens.
    @Test(arguments: [
        ("lenet.yaml", 61_706, "28→28→14→10→5"),
        ("lenet-max.yaml", 61_706, "28→28→14→10→5"),
        ("lenet-relu.yaml", 61_706, "28→28→14→10→5"),
        ("lenet-nopad.yaml", 44_426, "28→24→12→8→4"),
        ("lenet-max-nopad.yaml", 44_426, "28→24→12→8→4"),
        ("caffe-lenet.yaml", 431_080, "28→24→12→8→4"),
        ("lenet5.yaml", 61_706, "28→28→14→10→5→1"),
        ("torch-mnist.yaml", 1_199_882, "28→26→24→12"),
    ])
    func parameterCountsAndChainsMatchPyTorch(_ file: String, _ parameters: Int, _ chain: String) throws {
        let model = try compileSpec("Specs/\(file)")
        #expect(model.parameterCount == parameters)
        #expect(model.spatialChain == chain)
    }

    @Test func lenetCountsMatchHandArithmetic() throws {
        let model = try compileSpec("Specs/lenet.yaml")
        // conv1 6·28·28·25 + conv2 16·10·10·150 + 400·120 + 120·84 + 84·10
        #expect(model.forwardMACs == 117_600 + 240_000 + 48_000 + 10_080 + 840)
        // Training: forward, weight gradients, and input gradients for all but the first conv.
        #expect(model.trainingMACs == 416_520 * 3 - 117_600)
        #expect(model.parameters.map(\.name) == ["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias",
                                                  "9.weight", "9.bias", "11.weight", "11.bias"])
        #expect(model.parameters.first?.shape == [6, 1, 5, 5])
        #expect(model.parameters[4].shape == [120, 400])
    }

    /// pytorch/examples' mnist/main.py: Adadelta with torch.optim's defaults but lr, StepLR(1, 0.7),
    /// Normalize((0.1307,), (0.3081,)).
    @Test func torchMNISTRecipeIsResolved() throws {
        let model = try compileSpec("Specs/torch-mnist.yaml")
        #expect(model.train.optimizer == .adadelta(lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0))
        #expect(model.train.schedule == .step(stepSize: 1, gamma: 0.7))
        #expect(model.train.batch == 64 && model.train.duration == .epochs(14))
        #expect(model.normalize == InputNormalization(mean: 0.1307, std: 0.3081))
        #expect(try compileSpec("Specs/lenet.yaml").normalize == nil)
    }

    @Test func caffeRecipeIsResolved() throws {
        let model = try compileSpec("Specs/caffe-lenet.yaml")
        #expect(model.train.optimizer == .sgd(lr: 0.01, momentum: 0.9, weightDecay: 0.0005, nesterov: false))
        #expect(model.train.schedule == .inv(gamma: 0.0001, power: 0.75))
        #expect(model.train.batch == 64)
        #expect(model.train.duration == .iterations(10_000))
    }

    @Test func defaultsAreD2LsRecipe() throws {
        let source = SourceFile(path: "min.yaml", text: "input: [1, 28, 28]\nlayers: [flatten, {dense: 10}]\n")
        let model = try #require(SpecCompiler.compile(source).model)
        #expect(model.name == "min")
        #expect(model.train == TrainConfig(dataset: .mnist, loss: .softmaxCrossEntropy,
                                           optimizer: .sgd(lr: 0.9, momentum: 0, weightDecay: 0, nesterov: false),
                                           schedule: .constant, batch: 256, duration: .epochs(10),
                                           initializer: .xavierUniform, seed: 0))
    }
}

func compileSpec(_ relativePath: String) throws -> Model {
    let text = try String(contentsOf: packageRoot.appendingPathComponent(relativePath), encoding: .utf8)
    let result = SpecCompiler.compile(SourceFile(path: relativePath, text: text))
    return try #require(result.model, "\(relativePath): \(result.diagnostics)")
}

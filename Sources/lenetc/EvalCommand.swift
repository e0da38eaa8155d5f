import ArgumentParser
import Foundation
import LenetEngine
import LenetModel
import LenetRuntime

/// `lenetc eval SPEC --weights FILE`: test accuracy, per-class accuracy and the confusion matrix.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate saved weights on the test set: accuracy, per-class accuracy, confusion matrix.",
        discussion: """
        FILE is a safetensors file with the model's parameters under PyTorch's nn.Sequential names \
        (`0.weight`, `0.bias`, ...): a checkpoint from `lenetc run --save`, from an emitted trainer, or \
        `safetensors.torch.save_file(net.state_dict(), FILE)` from PyTorch.
        """)

    @Argument(help: "A spec file, or a name in Specs/.")
    var spec: String

    @Option(help: "The weights to evaluate (safetensors).")
    var weights: String

    @Option(help: "Data folder with the four IDX files (raw or .gz), or `synthetic`.")
    var data: String?

    @OptionGroup var dataset: DatasetFlag

    @Option(help: "Threads to use (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if !(1...256).contains(threads) { throw ValidationError("--threads must be between 1 and 256") }
    }

    func run() throws {
        let model = try SpecInput.model(spec, dataset: try dataset.chosen())
        let network = try EngineNetwork(model: model, maxBatch: 1000, threads: threads)
        try WeightsInput.load(weights, into: network, model: model)
        let data = try DataInput.load(data, dataset: model.train.dataset)
        Terminal.out(data.banner.replacingOccurrences(of: "training on", with: "evaluating on") + "\n")
        let test = data.dataset.test
        let predictions = TrainingLoop.predictions(network, test, normalization: model.normalize)
        let matrix = ConfusionMatrix(classNames: test.classNames, labels: test.labels, predictions: predictions)
        Terminal.out("\(model.name), weights \(weights)\n" + matrix.report)
    }
}

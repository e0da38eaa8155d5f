import Foundation
import LenetEngine
import LenetModel
import LenetRuntime
import LenetSpec
import Testing

/// The shared training loop driving the engine: reproducibility, resume, Ctrl-C and NaN handling.
/// Serialized: the Ctrl-C test raises the process-wide interrupt flag.
@Suite(.serialized) struct TrainingLoopTests {
    static let spec = """
        name: small
        input: [1, 28, 28]
        layers:
          - conv: {filters: 4, kernel: 5, stride: 2, activation: relu}
          - maxpool: 2
          - flatten
          - dropout: 0.1
          - dense: {units: 32, activation: sigmoid}
          - dense: 10
        train:
          optimizer: {sgd: {lr: 0.1, momentum: 0.9}}
          batch: 64
          epochs: 3
        """

    static func model() throws -> Model {
        try #require(SpecCompiler.compile(SourceFile(path: "small.yaml", text: spec)).model)
    }

    static let data: Dataset = try! SyntheticDigits.dataset(seed: 3, trainCount: 600, testCount: 200)

    func train(epochs: Int? = nil, threads: Int = 2, save: String? = nil, resume: String? = nil,
               optimizer: OptimizerSettings? = nil, schedule: LRSchedule = .cosine(minLR: 0.01),
               normalization: InputNormalization? = nil,
               lines: UnsafeMutablePointer<[String]>? = nil, onLine: ((String) -> Void)? = nil) throws -> [Float] {
        let model = try Self.model()
        let recipe = TrainingRecipe(optimizer: optimizer ?? model.train.optimizer, schedule: schedule,
                                    batch: model.train.batch, length: .epochs(epochs ?? 3),
                                    initializer: .xavierUniform, seed: 42)
        let network = try EngineNetwork(model: model, maxBatch: recipe.batch, threads: threads)
        let options = RunOptions(specName: "small", threads: threads, savePath: save, resumePath: resume, progress: false,
                                 normalization: normalization,
                                 print: { line in lines?.pointee.append(line); onLine?(line) })
        _ = try TrainingLoop(network: network, recipe: recipe, data: Self.data, options: options).run()
        return Array(network.parameters)
    }

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).safetensors").path
    }

    @Test func sameSeedAndThreadsGiveBitIdenticalWeights() throws {
        let a = try train(), b = try train()
        #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
        var lines: [String] = []
        _ = try train(lines: &lines)
        #expect(lines.count == 5, "three epoch lines and d2l's two summary lines: \(lines)")
        #expect(lines[0].hasPrefix("epoch 1, loss "))
        #expect(lines[4].hasSuffix("examples/sec on cpu (2 threads)"))
    }

    @Test func theSpecsBiasInitialiserReachesTheInitialWeights() throws {
        let text = Self.spec.replacingOccurrences(of: "  batch: 64", with: "  batch: 64\n  init: {weights: xavier-uniform, biases: pytorch}")
        let model = try #require(SpecCompiler.compile(SourceFile(path: "biased.yaml", text: text)).model)
        #expect(model.train.biasInitializer == .pytorch)
        #expect(try Self.model().train.biasInitializer == .zero)
        let network = try EngineNetwork(model: model, maxBatch: 64, threads: 1)
        try TrainingLoop.initialize(network, scheme: model.train.recipe.initializer,
                                    biases: model.train.recipe.biasInitializer, seed: 7)
        for slot in network.parameterLayout where slot.isBias {
            let values = network.parameters[slot.offset..<(slot.offset + slot.count)]
            let bound = Initializers.biasBound(fanIn: slot.fanIn)
            #expect(values.allSatisfy { $0 != 0 && abs($0) < bound }, "\(slot.name)")
        }
    }

    /// The optimizers whose state a checkpoint must carry (the spec's SGD with momentum, and every
    /// other kind with the buffers it keeps), each with a schedule of its own.
    static let resumeCases: [(OptimizerSettings, LRSchedule)] = [
        (.sgd(lr: 0.1, momentum: 0.9, weightDecay: 0, nesterov: false), .cosine(minLR: 0.01)),
        (.adam(lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0), .exponential(gamma: 0.8)),
        (.adamw(lr: 0.002, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01), .multistep(milestones: [1, 2], gamma: 0.5)),
        (.adadelta(lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0), .step(stepSize: 1, gamma: 0.7)),
        (.rmsprop(lr: 0.001, alpha: 0.99, eps: 1e-8, weightDecay: 0.001, momentum: 0.5, centered: true), .exponential(gamma: 0.9)),
        (.adagrad(lr: 0.01, lrDecay: 0.01, weightDecay: 0, initialAccumulator: 0.1, eps: 1e-10), .constant),
    ]

    @Test("resuming after an epoch equals an uninterrupted run", arguments: resumeCases.indices)
    func resumingAfterAnEpochEqualsAnUninterruptedRun(_ index: Int) throws {
        let (optimizer, schedule) = Self.resumeCases[index]
        let whole = try train(optimizer: optimizer, schedule: schedule)
        let path = temporary("resume")
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Same run length (3 epochs), stopped as Ctrl-C stops it right after epoch 1, then resumed.
        #expect(throws: TrainingStop.self) {
            _ = try train(save: path, optimizer: optimizer, schedule: schedule,
                          onLine: { line in if line.hasPrefix("epoch 1,") { Interrupt.request() } })
        }
        let state = try #require(try Checkpoint.read(from: path).state)
        #expect(state.epoch == 1 && state.batchInEpoch == 1, "Ctrl-C finishes the batch it is in, then saves")
        #expect(Set(state.optimizer.buffers.keys) == Set(optimizer.bufferNames), "\(optimizer.name)")
        let resumed = try train(resume: path, optimizer: optimizer, schedule: schedule)
        #expect(resumed.map(\.bitPattern) == whole.map(\.bitPattern), "\(optimizer.name)")
    }

    @Test func theInputNormalisationReachesTrainingAndTheTestAccuracy() throws {
        var plain: [String] = [], normalized: [String] = []
        let a = try train(epochs: 1, lines: &plain)
        let b = try train(epochs: 1, normalization: InputNormalization(mean: 0.1307, std: 0.3081), lines: &normalized)
        #expect(a.map(\.bitPattern) != b.map(\.bitPattern), "normalised images train other weights")
        // The same normalisation, applied by the runtime, gives the same run twice.
        let c = try train(epochs: 1, normalization: InputNormalization(mean: 0.1307, std: 0.3081))
        #expect(b.map(\.bitPattern) == c.map(\.bitPattern))
        // And the test accuracy of the epoch line is the one of normalised images.
        let model = try Self.model()
        let network = try EngineNetwork(model: model, maxBatch: 64, threads: 2)
        for i in 0..<network.parameters.count { network.parameters[i] = b[i] }
        let accuracy = TrainingLoop.accuracy(network, Self.data.test, normalization: InputNormalization(mean: 0.1307, std: 0.3081))
        #expect(normalized[0].contains(String(format: "test acc %.3f", accuracy)), "\(normalized[0]) vs \(accuracy)")
    }

    @Test func checkpointLoadsByPyTorchNames() throws {
        let path = temporary("names")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let weights = try train(epochs: 1, save: path)
        let file = try SafetensorsFile(contentsOf: path)
        #expect(Set(file.tensors.keys) == ["0.weight", "0.bias", "5.weight", "5.bias", "7.weight", "7.bias"])
        #expect(try file.floats("0.weight") == Array(weights[0..<100]))
    }

    @Test func aNaNLossStopsWithEpochAndBatch() throws {
        let path = temporary("nan")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try train(epochs: 1, save: path)
        // Poison the weights in the checkpoint, keeping its training state.
        var checkpoint = try Checkpoint.read(from: path)
        checkpoint.tensors = checkpoint.tensors.map { ($0.name, $0.shape, $0.values.map { _ in Float.nan }) }
        try checkpoint.write(to: path)
        do {
            _ = try train(epochs: 3, resume: path)
            Issue.record("training on NaN weights should stop")
        } catch let TrainingStop.nonFinite(epoch, batch, _, _) {
            #expect(epoch == 2 && batch == 1)
        }
    }

    @Test func weightsOnlyFileCannotBeResumed() throws {
        let path = temporary("weights")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let network = try EngineNetwork(model: try Self.model(), maxBatch: 64, threads: 1)
        try TrainingLoop.checkpoint(of: network, state: nil).write(to: path)
        #expect(throws: TrainingStop.self) { _ = try train(resume: path) }
    }
}

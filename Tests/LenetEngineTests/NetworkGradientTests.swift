import Foundation
import LenetEngine
import LenetModel
import LenetRuntime
import Testing

/// Whole networks built from specs: the engine's gradients (float, fused steps, sharded over
/// threads) against central differences of the double-precision reference interpreter of
/// `model.layers`, with the dropout masks the documented draw order gives.
@Suite("Network gradients")
struct NetworkGradientTests {
    /// Every layer kind: strided and rectangular convs, padded and uneven pooling, each activation,
    /// dropout on images and on vectors.
    static let mixedSpec = """
        name: mixed
        input: [1, 28, 28]
        layers:
          - conv: {filters: 3, kernel: 5, stride: 2, padding: 2}
          - tanh
          - maxpool: {size: 3, stride: 2, padding: 1}
          - conv: {filters: 4, kernel: [2, 3], stride: [1, 2], padding: [1, 0]}
          - relu
          - dropout: 0.25
          - avgpool: {size: 2, stride: 2}
          - flatten
          - dense: {units: 12, activation: sigmoid}
          - dropout: 0.5
          - dense: 10
        train:
          batch: 5
        """

    static let lenetSpecs = ["lenet", "lenet-max", "lenet-relu", "lenet5", "caffe-lenet", "lenet-nopad", "lenet-max-nopad"]

    /// Relative error (max norm) of the engine's gradient against finite differences on up to
    /// `samples` elements of every tensor.
    static func check(_ model: Model, threads: Int, samples: Int, batch: Int = 5,
                      splitDenseWeights: Int? = nil) throws -> [String: Double] {
        let network = try Network(model: model, threads: threads, splitDenseWeights: splitDenseWeights)
        var initRNG = SeededRNG(seed: 7)
        try network.initialize(scheme: .xavierUniform, rng: &initRNG)
        // Non-zero biases so their gradients are exercised everywhere.
        for entry in network.model.parameters where entry.isBias {
            try network.setParameter(named: entry.name, randomFloats(entry.count, seed: UInt64(entry.offset), lo: -0.3, hi: 0.3))
        }
        let input = randomFloats(batch * network.inputCount, seed: 8, lo: 0, hi: 1)
        let labels = randomLabels(batch, classes: network.classes, seed: 9)
        var dropoutRNG = SeededRNG(seed: 10)
        let result = try network.computeGradients(images: input, labels: labels, dropoutRNG: &dropoutRNG)
        var maskRNG = SeededRNG(seed: 10)
        let masks = Reference.dropoutMasks(model, count: batch, rng: &maskRNG)

        var parameters: [String: [Double]] = [:]
        for entry in network.model.parameters { parameters[entry.name] = try network.parameter(named: entry.name).doubles }
        let inputD = input.doubles
        let loss0 = Reference.loss(model, parameters: parameters, input: inputD, labels: labels, masks: masks)
        #expect(abs(result.lossSum / Double(batch) - loss0) <= 1e-5 * max(1, abs(loss0)))

        var errors: [String: Double] = [:]
        for entry in network.model.parameters {
            let ours = try network.gradient(named: entry.name)
            var rng = SeededRNG(seed: UInt64(entry.offset) &+ 99)
            let picks = entry.count <= samples ? Array(0..<entry.count) : (0..<samples).map { _ in rng.int(below: entry.count) }
            var diff = 0.0, scale = 0.0
            for i in picks {
                let numeric = centralDifference(parameters[entry.name]!, i, h: 1e-6) { values in
                    var p = parameters
                    p[entry.name] = values
                    return Reference.loss(model, parameters: p, input: inputD, labels: labels, masks: masks)
                }
                diff = max(diff, abs(Double(ours[i]) - numeric))
                scale = max(scale, abs(numeric))
            }
            errors[entry.name] = diff / max(scale, 1e-8)
        }
        return errors
    }

    @Test("mixed network (all layer kinds, dropout) matches finite differences", arguments: [1, 2, 3])
    func mixed(threads: Int) throws {
        let model = try buildModel(Self.mixedSpec)
        let errors = try Self.check(model, threads: threads, samples: 12)
        print("mixed network, \(threads) thread(s): " + errors.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1e", $0.value))" }.joined(separator: ", "))
        for (name, error) in errors { #expect(error <= 1e-4, "\(name): \(error)") }
    }

    @Test("mixed network with its dense layers split across threads matches finite differences", arguments: [2, 3])
    func mixedSplit(threads: Int) throws {
        let model = try buildModel(Self.mixedSpec)
        let network = try Network(model: model, threads: threads, splitDenseWeights: 0)
        #expect(network.splitSteps.filter { $0 }.count == 2)
        let errors = try Self.check(model, threads: threads, samples: 12, splitDenseWeights: 0)
        for (name, error) in errors { #expect(error <= 1e-4, "\(name): \(error)") }
    }

    /// Three dense steps in a row (two with no activation between them, so two split steps meet),
    /// dropout between split steps, the first dense right after a conv.
    static let denseChainSpec = """
        name: chain
        input: [1, 28, 28]
        layers:
          - conv: {filters: 3, kernel: 3, activation: relu}
          - maxpool: 2
          - flatten
          - dense: {units: 40, activation: relu}
          - dropout: 0.5
          - dense: 24
          - dense: {units: 16, activation: tanh}
          - dense: 10
        """

    @Test("split dense steps give the data-parallel gradients and logits up to rounding, reproducibly",
          arguments: [(2, 7), (3, 7), (3, 2), (2, 1)])
    func splitMatchesShards(threads: Int, batch: Int) throws {
        let model = try buildModel(Self.denseChainSpec)
        let input = randomFloats(batch * 784, seed: 21, lo: 0, hi: 1)
        let labels = randomLabels(batch, classes: 10, seed: 22)
        func run(_ split: Int?) throws -> (gradients: [Float], loss: Double, logits: [Float]) {
            let network = try Network(model: model, threads: threads, splitDenseWeights: split)
            #expect(network.splitSteps.filter { $0 }.count == (split == 0 ? 4 : 0))
            var rng = SeededRNG(seed: 23)
            try network.initialize(scheme: .xavierUniform, rng: &rng)
            for entry in network.model.parameters where entry.isBias {
                try network.setParameter(named: entry.name, randomFloats(entry.count, seed: UInt64(entry.offset), lo: -0.3, hi: 0.3))
            }
            var dropout = SeededRNG(seed: 24)
            let result = try network.computeGradients(images: input, labels: labels, dropoutRNG: &dropout)
            return (network.gradients, result.lossSum, try network.logits(images: input))
        }
        let shards = try run(Int.max), split = try run(0), again = try run(0)
        #expect(compare(split.gradients, shards.gradients).relative <= 1e-5)
        #expect(compare(split.logits, shards.logits).relative <= 1e-5)
        #expect(abs(split.loss - shards.loss) <= 1e-5 * abs(shards.loss))
        #expect(split.gradients == again.gradients && split.logits == again.logits)
    }

    @Test("the cost model splits tf-deep-mnist's 3136×1024 dense layer only, and only with several shards")
    func splitChoice() throws {
        let deep = try specModel("tf-deep-mnist")
        let two = try Network(model: deep, threads: 2, splitDenseWeights: Network.defaultSplitDenseWeights)
        #expect(two.steps.indices.filter { two.splitSteps[$0] }.map { two.steps[$0].name } == ["dense 1024 + relu"])
        #expect(try Network(model: deep, threads: 1, splitDenseWeights: 0).splitSteps.allSatisfy { !$0 })
        for name in Self.lenetSpecs + ["keras-mnist"] {
            #expect(try Network(model: try specModel(name), threads: 2, splitDenseWeights: Network.defaultSplitDenseWeights).splitSteps.allSatisfy { !$0 }, "\(name)")
        }
    }

    @Test("the repository's specs match finite differences", arguments: lenetSpecs + ["keras-mnist", "torch-mnist"])
    func specs(name: String) throws {
        let model = try specModel(name)
        let errors = try Self.check(model, threads: 2, samples: 3, batch: 3)
        print("\(name): " + errors.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1e", $0.value))" }.joined(separator: ", "))
        for (name, error) in errors { #expect(error <= 1e-4, "\(name): \(error)") }
    }

    @Test("sharding the batch over threads gives the same gradients up to rounding")
    func shards() throws {
        let model = try specModel("lenet")
        let input = randomFloats(11 * 784, seed: 1, lo: 0, hi: 1)
        let labels = randomLabels(11, classes: 10, seed: 2)
        var results: [[Float]] = []
        for threads in [1, 2, 3] {
            let network = try Network(model: model, threads: threads)
            var rng = SeededRNG(seed: 3)
            try network.initialize(scheme: .xavierUniform, rng: &rng)
            var dropout = SeededRNG(seed: 4)
            try network.computeGradients(images: input, labels: labels, dropoutRNG: &dropout)
            results.append(network.gradients)
        }
        #expect(compare(results[1], results[0]).relative <= 1e-5)
        #expect(compare(results[2], results[0]).relative <= 1e-5)
    }

    @Test("batch smaller than the thread count")
    func tinyBatch() throws {
        let model = try specModel("lenet")
        let network = try Network(model: model, threads: 3)
        var rng = SeededRNG(seed: 3)
        try network.initialize(scheme: .xavierUniform, rng: &rng)
        let single = try Network(model: model, threads: 1)
        try single.setParameters(network.parameters)
        let input = randomFloats(784, seed: 5, lo: 0, hi: 1)
        var d1 = SeededRNG(seed: 1), d2 = SeededRNG(seed: 1)
        try network.computeGradients(images: input, labels: [7], dropoutRNG: &d1)
        try single.computeGradients(images: input, labels: [7], dropoutRNG: &d2)
        #expect(network.gradients == single.gradients)
        #expect(try network.logits(images: input) == single.logits(images: input))
    }

    @Test("bad inputs throw instead of trapping")
    func badInputs() throws {
        let network = try Network(model: try specModel("lenet"))
        var rng = SeededRNG(seed: 0)
        #expect(throws: EngineError.self) { try network.logits(images: [1, 2, 3]) }
        #expect(throws: EngineError.self) {
            try network.computeGradients(images: [Float](repeating: 0, count: 784), labels: [10], dropoutRNG: &rng)
        }
        #expect(throws: EngineError.self) {
            try network.computeGradients(images: [Float](repeating: 0, count: 784), labels: [1, 2], dropoutRNG: &rng)
        }
        #expect(throws: EngineError.self) { try network.computeGradients(images: [], labels: [], dropoutRNG: &rng) }
        #expect(throws: EngineError.self) { try network.setParameter(named: "0.weight", [1]) }
        #expect(throws: EngineError.self) { try network.parameter(named: "5.weight") }
        #expect(throws: EngineError.self) { try Network(model: try specModel("lenet"), threads: 0) }
        let wide = try buildModel("""
            name: wide
            input: [1, 28, 28]
            layers:
              - conv: {filters: 256, kernel: 5, padding: 2}
              - flatten
              - dense: 10
            """)
        let big = try Network(model: wide, threads: 2)
        #expect(big.memoryNeeded(batchSize: 65_536) > Network.memoryLimitBytes)
        #expect(throws: EngineError.self) { try big.reserve(batchSize: 65_536) }
        try big.reserve(batchSize: 4)
        #expect(big.batchCapacity == 4)
    }

    @Test("layer timing reports every step")
    func timing() throws {
        let network = try Network(model: try specModel("lenet"), threads: 2)
        let report = try network.timeLayers(batchSize: 8, iterations: 2, warmup: 1)
        #expect(report.layers.map(\.name) == network.steps.map(\.name))
        #expect(report.layers.count == 7)  // conv+sigmoid, pool, conv+sigmoid, pool, dense+sigmoid ×2, dense
        #expect(report.layers[0].layers == [0, 1] && report.layers[4].layers == [6, 7, 8])
        #expect(report.layers.allSatisfy { $0.forwardMs >= 0 && $0.backwardMs >= 0 })
        #expect(report.trainStepMs > 0 && report.examplesPerSecond > 0)
        #expect(report.updateMs > 0 && report.updateMs < report.trainStepMs)
        #expect(throws: EngineError.self) { try network.timeLayers(batchSize: 0) }
    }
}

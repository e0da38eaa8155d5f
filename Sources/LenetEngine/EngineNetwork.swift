import LenetModel
import LenetRuntime

/// The engine as a `TrainableNetwork`, so the shared `TrainingLoop` drives it exactly as it drives an
/// emitted trainer.
public final class EngineNetwork: TrainableNetwork {
    public let network: Network
    public let maxBatch: Int
    public let parameterLayout: [ParameterSlot]

    /// Compiles `model` for batches of up to `maxBatch` examples on `threads` cores.
    public init(model: Model, maxBatch: Int, threads: Int, strategy: ParallelStrategy = .dataParallel) throws {
        network = try Network(model: model, threads: threads, strategy: strategy)
        self.maxBatch = max(1, maxBatch)
        parameterLayout = network.model.parameters
        try network.reserve(batchSize: self.maxBatch)
    }

    public var parameters: UnsafeMutableBufferPointer<Float> { network.parameterArena.buffer }
    public var gradients: UnsafeMutableBufferPointer<Float> { network.gradientArena.buffer }
    public var inputSize: Int { network.inputCount }

    public func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
                          dropoutSeed: UInt64) -> (lossSum: Double, correct: Int) {
        if network.hasDropout {
            var rng = SeededRNG(seed: dropoutSeed)
            network.drawMasks(count: count, uniform: { rng.nextFloat() })
        }
        let width = network.inputCount
        let source = Unchecked((images, labels))
        do {
            let result = try network.run(count: count, pass: .training) { range, input, labelsOut in
                input.update(from: source.value.0 + range.lowerBound * width, count: range.count * width)
                labelsOut.update(from: source.value.1 + range.lowerBound, count: range.count)
            }
            return (result.lossSum, result.correct)
        } catch {
            // Only bad arguments throw (a label outside the classes, say); the loop stops on a NaN loss.
            return (.nan, 0)
        }
    }

    public func predict(images: UnsafePointer<Float>, count: Int, into predictions: UnsafeMutablePointer<Int32>) {
        let width = network.inputCount, classes = network.classes
        let source = Unchecked(images)
        var start = 0
        while start < count {
            let n = min(maxBatch, count - start)
            let offset = start
            _ = try? network.run(count: n, pass: .inference) { range, input, _ in
                input.update(from: source.value + (offset + range.lowerBound) * width, count: range.count * width)
            }
            for shard in 0..<network.shardCount {
                let range = network.shardRange(shard, of: n)
                guard !range.isEmpty else { continue }
                let logits = network.workspaces[shard].outputs[network.steps.count - 1].pointer
                for j in 0..<range.count {
                    predictions[offset + range.lowerBound + j] =
                        Int32(SoftmaxCrossEntropy.argmax(logits + j * classes, classes: classes))
                }
            }
            start += n
        }
    }
}

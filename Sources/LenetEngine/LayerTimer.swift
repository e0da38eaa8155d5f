import Dispatch
import LenetRuntime

/// Forward and backward time of one network step (a layer, or a conv/dense with its activation).
public struct LayerTiming: Sendable {
    /// Index into `Network.steps`.
    public var step: Int
    /// Model layer indices the step covers and its name (`conv 6, 5×5, padding 2 + sigmoid`).
    public var layers: [Int]
    public var name: String
    /// Median milliseconds per batch over the timed iterations.
    public var forwardMs: Double
    public var backwardMs: Double
}

/// `lenetc time`'s report, in the spirit of `caffe time`.
public struct TimingReport: Sendable {
    /// Examples per batch, timed and untimed iterations, and how the cores were used.
    public var batchSize: Int
    public var iterations: Int
    public var warmup: Int
    public var threads: Int
    public var strategy: ParallelStrategy
    /// Per step, measured on one thread over the whole batch (OpenBLAS with `threads` threads when
    /// the strategy is `.blasThreads`, single-threaded otherwise).
    public var layers: [LayerTiming]
    /// Sums of the per-step medians.
    public var forwardMs: Double { layers.reduce(0) { $0 + $1.forwardMs } }
    public var backwardMs: Double { layers.reduce(0) { $0 + $1.backwardMs } }
    /// Median of a whole training step (forward, loss, backward, gradient reduction, and the update
    /// of the spec's own optimizer) run the way training runs it, on all threads.
    public var trainStepMs: Double
    /// Median of the optimizer update alone (part of `trainStepMs`). It runs in the shared runtime
    /// (`FlatOptimizer`), over every parameter, on one thread.
    public var updateMs: Double = 0
    /// Training throughput implied by `trainStepMs`.
    public var examplesPerSecond: Double { trainStepMs > 0 ? Double(batchSize) / (trainStepMs / 1000) : 0 }
}

extension Network {
    /// Times every step on random data (inputs uniform in [0, 1), random labels, weights from
    /// `seed`): `warmup` untimed iterations, then the median of `iterations` timed ones. Uses its own
    /// buffers; the parameters are initialised from `seed` (the network's weights are replaced).
    public func timeLayers(batchSize: Int, iterations: Int = 20, warmup: Int = 3, seed: UInt64 = 0) throws -> TimingReport {
        guard batchSize >= 1, iterations >= 1, warmup >= 0 else {
            throw EngineError.invalidArgument("timing needs a batch size and iterations of at least 1")
        }
        var rng = SeededRNG(seed: seed)
        try initialize(scheme: .xavierUniform, rng: &rng)
        let images = (0..<(batchSize * inputCount)).map { _ in rng.nextFloat() }
        let labels = (0..<batchSize).map { _ in Int32(rng.int(below: classes)) }
        try reserve(batchSize: batchSize)
        configureBLAS()
        if hasDropout { drawMasks(count: batchSize, uniform: { rng.nextFloat() }) }

        // Per step, on one workspace holding the whole batch.
        let ws = Workspace(steps: steps, inputCount: inputCount, capacity: batchSize, parameterCount: parameterCount,
                           ownsGradients: true)
        let grads = ws.gradients!.pointer
        images.withUnsafeBufferPointer { ws.input.pointer.update(from: $0.baseAddress!, count: $0.count) }
        labels.withUnsafeBufferPointer { ws.labels.update(from: $0.baseAddress!, count: $0.count) }
        var forward = [[Double]](repeating: [], count: steps.count)
        var backward = [[Double]](repeating: [], count: steps.count)
        for round in 0..<(warmup + iterations) {
            for i in steps.indices {
                let t = Stopwatch()
                forwardStep(i, ws, count: batchSize, training: true, maskOffset: 0)
                if round >= warmup { forward[i].append(t.milliseconds) }
            }
            _ = try SoftmaxCrossEntropy.evaluate(logits: ws.outputs[steps.count - 1].pointer, labels: ws.labels,
                                                 count: batchSize, classes: classes, batchSize: batchSize,
                                                 logitsGrad: ws.gradA.pointer)
            var dy = ws.gradA.pointer, dx = ws.gradB.pointer
            var i = steps.count - 1
            while i >= firstTrainable {
                let t = Stopwatch()
                backwardStep(i, ws, count: batchSize, outputGrad: dy, inputGrad: i > firstTrainable ? dx : nil,
                             gradients: grads, maskOffset: 0)
                if round >= warmup { backward[i].append(t.milliseconds) }
                swap(&dy, &dx)
                i -= 1
            }
        }
        let rows = steps.indices.map { i in
            LayerTiming(step: i, layers: steps[i].layers, name: steps[i].name, forwardMs: median(forward[i]),
                        backwardMs: median(backward[i]))
        }

        // Whole training steps, the way the trainer runs them, with the spec's optimizer (Adam's update
        // over tf-deep-mnist's 3.27 M parameters costs several times SGD's).
        var optimizer = FlatOptimizer(settings: model.train.optimizer, parameterCount: parameterCount)
        let lr = model.train.optimizer.lr
        var whole: [Double] = [], updates: [Double] = []
        for round in 0..<(warmup + iterations) {
            let t = Stopwatch()
            try images.withUnsafeBufferPointer { imageBuffer in
                try labels.withUnsafeBufferPointer { labelBuffer in
                    let source = Unchecked((imageBuffer.baseAddress!, labelBuffer.baseAddress!))
                    let width = inputCount
                    try run(count: batchSize, pass: .training) { range, input, labelsOut in
                        input.update(from: source.value.0 + range.lowerBound * width, count: range.count * width)
                        labelsOut.update(from: source.value.1 + range.lowerBound, count: range.count)
                    }
                }
            }
            let u = Stopwatch()
            try optimizer.update(parameters: parameterArena.buffer, gradients: UnsafeBufferPointer(gradientArena.buffer),
                                 lr: lr, threads: threads)
            if round >= warmup {
                updates.append(u.milliseconds)
                whole.append(t.milliseconds)
            }
        }
        return TimingReport(batchSize: batchSize, iterations: iterations, warmup: warmup, threads: threads,
                            strategy: strategy, layers: rows, trainStepMs: median(whole), updateMs: median(updates))
    }
}

/// Monotonic wall-clock timer.
struct Stopwatch {
    let start = DispatchTime.now().uptimeNanoseconds
    var milliseconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

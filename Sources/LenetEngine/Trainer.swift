import Dispatch
import LenetModel
import LenetRuntime

/// Trains a `Model` with the recipe in `model.train`.
///
/// Random numbers (all from `SeededRNG`, derived from the seed):
///   - initialisation: `SeededRNG(seed: seed)`, see `Initializers` (weights in order, row-major);
///   - shuffling: `SeededRNG(seed: seed).split(stream: 1)`, one `permutation(trainCount)` per epoch;
///   - dropout: `SeededRNG(seed: seed).split(stream: 2)`, masks drawn per batch on the calling thread
///     (dropout steps in order, examples in batch order, features row-major).
/// Batches are the permutation's consecutive slices of `batch` examples, the last one partial.
/// With the same spec, seed and thread count, two runs produce bit-identical weights.
public final class Trainer: @unchecked Sendable {
    /// The model being trained and its compiled network (parameters live there).
    public let model: Model
    public let network: Network
    /// Batches per epoch, epochs and iterations of the run.
    public let plan: EpochPlan
    /// The rate of every iteration.
    public let learningRate: LearningRate
    /// The seed all random streams derive from.
    public let seed: UInt64
    /// The optimizer and its state buffers.
    public private(set) var optimizer: FlatOptimizer

    /// Epochs and iterations completed; batches completed in the current epoch.
    public private(set) var epoch = 0
    public private(set) var iteration = 0
    public private(set) var batchInEpoch = 0

    private let trainImages: [Float]
    private let trainLabels: [Int32]
    private let testImages: [Float]?
    private let testLabels: [Int32]?
    private var shuffleRNG: SeededRNG
    private var epochStartShuffle: SeededRNG.State
    private var dropoutRNG: SeededRNG
    /// The current epoch's order of training examples (empty until the epoch starts).
    private var permutation: [Int32] = []
    private var epochLossSum = 0.0, epochCorrect = 0, epochExamples = 0, epochSeconds = 0.0

    /// Sets up a run: compiles the network, initialises its weights from the seed (`seed` overrides
    /// the spec's), and checks the data: `trainImages` holds `trainLabels.count` examples of
    /// `model.input.count` floats (NCHW), labels are in 0..<classes; the test set is optional.
    public init(model: Model, trainImages: [Float], trainLabels: [Int32], testImages: [Float]? = nil,
                testLabels: [Int32]? = nil, threads: Int = 1, seed: UInt64? = nil,
                strategy: ParallelStrategy = .default) throws {
        self.model = model
        network = try Network(model: model, threads: threads, strategy: strategy)
        guard trainImages.count == trainLabels.count * network.inputCount else {
            throw EngineError.invalidArgument("the training set has \(trainImages.count) floats for \(trainLabels.count) labels; each example needs \(network.inputCount)")
        }
        try network.checkLabels(trainLabels)
        if let testImages, let testLabels {
            guard testImages.count == testLabels.count * network.inputCount else {
                throw EngineError.invalidArgument("the test set has \(testImages.count) floats for \(testLabels.count) labels; each example needs \(network.inputCount)")
            }
            try network.checkLabels(testLabels)
        } else if (testImages == nil) != (testLabels == nil) {
            throw EngineError.invalidArgument("give both test images and test labels, or neither")
        }
        guard trainLabels.count <= Int(Int32.max) else {
            throw EngineError.invalidArgument("at most \(Int32.max) training examples are supported")
        }
        self.trainImages = trainImages
        self.trainLabels = trainLabels
        self.testImages = testImages
        self.testLabels = testLabels
        let config = model.train
        plan = try EpochPlan(trainCount: trainLabels.count, batch: config.batch, length: RunLength(config.duration))
        learningRate = LearningRate(base: config.optimizer.lr, schedule: LRSchedule(config.schedule), plan: plan)
        self.seed = seed ?? config.seed
        optimizer = FlatOptimizer(settings: OptimizerSettings(config.optimizer), parameterCount: network.parameterCount)
        let root = SeededRNG(seed: self.seed)
        shuffleRNG = root.split(stream: 1)
        epochStartShuffle = shuffleRNG.state
        dropoutRNG = root.split(stream: 2)
        var initRNG = root
        try network.initialize(scheme: WeightInit(config.initializer), rng: &initRNG)
        try network.reserve(batchSize: min(config.batch, trainLabels.count))
    }

    /// Sets up a run on the runtime's data sets (images must match the model's input size).
    public convenience init(model: Model, train: LabeledImages, test: LabeledImages? = nil, threads: Int = 1,
                            seed: UInt64? = nil, strategy: ParallelStrategy = .default) throws {
        for set in [train] + (test.map { [$0] } ?? []) where set.pixelsPerImage != model.input.count {
            throw EngineError.invalidArgument("the data set's images are \(set.height)×\(set.width), but the model's input is \(model.input)")
        }
        for set in [train] + (test.map { [$0] } ?? []) where set.classCount != model.output.count {
            throw EngineError.invalidArgument("the data set has \(set.classCount) classes, but the model ends in \(model.output.count) outputs")
        }
        try self.init(model: model, trainImages: train.images, trainLabels: train.labels, testImages: test?.images,
                      testLabels: test?.labels, threads: threads, seed: seed, strategy: strategy)
    }

    /// Examples per evaluation batch: the training batch, but at least 256 (or the whole set).
    var evaluationBatch: Int { max(network.batchCapacity, 256) }

    /// Whether the planned run is over.
    public var isFinished: Bool { iteration >= plan.totalIterations || epoch >= plan.totalEpochs }

    /// Trains (the rest of) one epoch. `onBatch` is called after every update; returning false stops
    /// the epoch at that batch boundary (the state stays resumable). A NaN or infinite loss throws
    /// `EngineError.nonFiniteLoss` before the update, leaving the weights of the last good batch.
    /// Returns nil when the run is already finished.
    public func trainEpoch(onBatch: (BatchProgress) -> Bool = { _ in true }) throws -> EpochResult? {
        guard !isFinished else { return nil }
        if batchInEpoch == 0 { startEpoch() }
        let batches = plan.batches(inEpoch: epoch)
        let start = DispatchTime.now().uptimeNanoseconds
        let secondsBefore = epochSeconds
        var stopped = false
        var lastRate = learningRate.rate(epoch: epoch, iteration: iteration)
        while batchInEpoch < batches && !stopped {
            let rate = learningRate.rate(epoch: epoch, iteration: iteration)
            lastRate = rate
            let result = try trainBatch(batchInEpoch, learningRate: rate)
            let count = plan.examples(inBatch: batchInEpoch)
            batchInEpoch += 1
            iteration += 1
            epochLossSum += result.lossSum
            epochCorrect += result.correct
            epochExamples += count
            epochSeconds = secondsBefore + Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let progress = BatchProgress(epoch: epoch + 1, batch: batchInEpoch, batchesInEpoch: batches,
                                         iteration: iteration, totalIterations: plan.totalIterations, examples: count,
                                         loss: result.lossSum / Double(count), correct: result.correct,
                                         learningRate: rate)
            if !onBatch(progress) { stopped = true }
        }
        let completed = batchInEpoch >= batches
        var result = EpochResult(epoch: epoch + 1, batches: batchInEpoch, examples: epochExamples,
                                 meanLoss: epochLossSum / Double(max(1, epochExamples)),
                                 trainAccuracy: Double(epochCorrect) / Double(max(1, epochExamples)),
                                 testAccuracy: nil, seconds: epochSeconds,
                                 examplesPerSecond: epochSeconds > 0 ? Double(epochExamples) / epochSeconds : 0,
                                 learningRate: lastRate, completed: completed)
        if completed {
            epoch += 1
            batchInEpoch = 0
            epochStartShuffle = shuffleRNG.state
            if let testImages, let testLabels {
                result.testAccuracy = try network.evaluate(images: testImages, labels: testLabels,
                                                           batchSize: evaluationBatch).correct
                    .asFraction(of: testLabels.count)
            }
        }
        return result
    }

    /// Trains to the end of the plan (or until a callback returns false), returning each epoch's result.
    public func train(onBatch: (BatchProgress) -> Bool = { _ in true },
                      onEpoch: (EpochResult) -> Bool = { _ in true }) throws -> [EpochResult] {
        var results: [EpochResult] = []
        var keepGoing = true
        while keepGoing, let result = try trainEpoch(onBatch: { progress in
            let more = onBatch(progress)
            keepGoing = more
            return more
        }) {
            results.append(result)
            if !result.completed || !onEpoch(result) { break }
        }
        return results
    }

    /// Predictions, loss and accuracy on a labelled set (evaluation mode: dropout off).
    public func evaluate(images: [Float], labels: [Int32]) throws -> Evaluation {
        let (meanLoss, correct, predictions) = try network.evaluate(images: images, labels: labels,
                                                                    batchSize: evaluationBatch)
        return Evaluation(predictions: predictions, labels: labels, classes: network.classes, meanLoss: meanLoss,
                          correct: correct)
    }

    /// Evaluation on the test set given at init (nil without one).
    public func evaluateTest() throws -> Evaluation? {
        guard let testImages, let testLabels else { return nil }
        return try evaluate(images: testImages, labels: testLabels)
    }

    // MARK: - Batches

    private func startEpoch() {
        epochStartShuffle = shuffleRNG.state
        permutation = shuffleRNG.permutation(plan.trainCount).map { Int32(truncatingIfNeeded: $0) }
        epochLossSum = 0
        epochCorrect = 0
        epochExamples = 0
        epochSeconds = 0
    }

    /// One forward/backward/update on batch `index` of the current permutation.
    private func trainBatch(_ index: Int, learningRate rate: Double) throws -> LossResult {
        let count = plan.examples(inBatch: index)
        let first = index * plan.batch
        if network.hasDropout {
            try network.reserve(batchSize: count)
            network.drawMasks(count: count, uniform: { dropoutRNG.nextFloat() })
        }
        let width = network.inputCount
        let result = try trainImages.withUnsafeBufferPointer { images in
            try trainLabels.withUnsafeBufferPointer { labels in
                try permutation.withUnsafeBufferPointer { order in
                    let source = UncheckedSendable(value: (images.baseAddress!, labels.baseAddress!,
                                                           order.baseAddress! + first))
                    return try network.run(count: count, pass: .training) { range, input, labelsOut in
                        let (images, labels, order) = source.value
                        for j in range {
                            let example = Int(order[j])
                            (input + (j - range.lowerBound) * width).update(from: images + example * width, count: width)
                            labelsOut[j - range.lowerBound] = labels[example]
                        }
                    }
                }
            }
        }
        let loss = result.lossSum / Double(count)
        guard loss.isFinite else {
            throw EngineError.nonFiniteLoss(epoch: epoch + 1, batch: index + 1, loss: loss)
        }
        try network.withParameters { parameters in
            try network.withGradients { gradients in
                try optimizer.update(parameters: parameters, gradients: UnsafeBufferPointer(gradients), lr: rate)
            }
        }
        return result
    }

    // MARK: - Checkpoints

    /// The complete state of the run at the current batch boundary.
    public var state: TrainerState {
        TrainerState(parameters: network.parameters, optimizer: optimizer.state, epoch: epoch, iteration: iteration,
                     batchInEpoch: batchInEpoch, shuffleRNG: batchInEpoch == 0 ? shuffleRNG.state : epochStartShuffle,
                     dropoutRNG: dropoutRNG.state, epochLossSum: epochLossSum, epochCorrect: epochCorrect,
                     epochExamples: epochExamples, epochSeconds: epochSeconds, seed: seed, trainCount: plan.trainCount,
                     batch: plan.batch)
    }

    /// Continues from a saved state of the same model, data size and seed.
    public func restore(_ saved: TrainerState) throws {
        guard saved.seed == seed else {
            throw EngineError.invalidState("it was saved by a run with seed \(saved.seed), this run has seed \(seed)")
        }
        guard saved.trainCount == plan.trainCount, saved.batch == plan.batch else {
            throw EngineError.invalidState("it was saved by a run over \(saved.trainCount) examples in batches of \(saved.batch), this run has \(plan.trainCount) in batches of \(plan.batch)")
        }
        guard saved.parameters.count == network.parameterCount else {
            throw EngineError.invalidState("it holds \(saved.parameters.count) parameters, the model has \(network.parameterCount)")
        }
        let perEpoch = plan.batchesPerEpoch
        // Mid-epoch, the iteration count is exact; at an epoch boundary the last epoch of a run by
        // iterations may have been partial.
        let consistent = saved.batchInEpoch > 0
            ? saved.iteration == saved.epoch * perEpoch + saved.batchInEpoch
            : saved.iteration <= saved.epoch * perEpoch && saved.iteration > (saved.epoch - 1) * perEpoch
                || (saved.iteration == 0 && saved.epoch == 0)
        guard saved.epoch >= 0, saved.iteration >= 0, saved.batchInEpoch >= 0, saved.batchInEpoch < max(1, perEpoch),
              consistent
        else {
            throw EngineError.invalidState("epoch \(saved.epoch), iteration \(saved.iteration), batch \(saved.batchInEpoch) do not fit a run of \(plan.batchesPerEpoch) batches per epoch (different data size or batch?)")
        }
        var restoredOptimizer = optimizer
        try restoredOptimizer.restore(saved.optimizer)
        try network.setParameters(saved.parameters)
        optimizer = restoredOptimizer
        epoch = saved.epoch
        iteration = saved.iteration
        batchInEpoch = saved.batchInEpoch
        shuffleRNG = SeededRNG(state: saved.shuffleRNG)
        epochStartShuffle = saved.shuffleRNG
        dropoutRNG = SeededRNG(state: saved.dropoutRNG)
        epochLossSum = saved.epochLossSum
        epochCorrect = saved.epochCorrect
        epochExamples = saved.epochExamples
        epochSeconds = saved.epochSeconds
        if batchInEpoch > 0 {
            // Redraw the interrupted epoch's permutation from the generator's state at its start.
            permutation = shuffleRNG.permutation(plan.trainCount).map { Int32(truncatingIfNeeded: $0) }
        }
    }
}

extension Int {
    fileprivate func asFraction(of total: Int) -> Double { total == 0 ? 0 : Double(self) / Double(total) }
}

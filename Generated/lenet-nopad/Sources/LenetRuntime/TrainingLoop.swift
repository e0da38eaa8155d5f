import Foundation

/// The training recipe with command-line overrides applied: what `train:` in a spec says.
public struct TrainingRecipe: Sendable, Equatable {
    public var optimizer: OptimizerSettings
    public var schedule: LRSchedule
    public var batch: Int
    public var length: RunLength
    public var initializer: WeightInit
    public var biasInitializer: BiasInit
    public var seed: UInt64
    /// What the schedule counts when it differs from what `length` counts: set when `--iterations`
    /// shortens an epochs recipe (or `--epochs` an iterations one), so the schedule keeps the spec's clock.
    public var scheduleClock: ScheduleClock?

    public init(optimizer: OptimizerSettings, schedule: LRSchedule, batch: Int, length: RunLength,
                initializer: WeightInit, biasInitializer: BiasInit = .zero, seed: UInt64, scheduleClock: ScheduleClock? = nil) {
        self.scheduleClock = scheduleClock
        self.optimizer = optimizer
        self.schedule = schedule
        self.batch = batch
        self.length = length
        self.initializer = initializer
        self.biasInitializer = biasInitializer
        self.seed = seed
    }
}

/// Where a run writes and how it reports.
public struct RunOptions {
    /// The model's name, for checkpoints and the plot title.
    public var specName: String
    public var threads: Int
    /// `--save`: a checkpoint written after every epoch (and on Ctrl-C).
    public var savePath: String?
    /// `--metrics`: one JSON line per epoch.
    public var metricsPath: String?
    /// `--plot`: d2l-style curves, redrawn after every epoch.
    public var plotPath: String?
    /// `--resume`: continue from this checkpoint.
    public var resumePath: String?
    /// Live progress bar: nil means "when standard error is a terminal".
    public var progress: Bool?
    /// The network as lenetc described it (`Model.architecture`), recorded in checkpoints so
    /// `--resume` tells models with the same tensor shapes apart. Empty: only the parameter layout
    /// identifies the model.
    public var architecture: String
    /// torchvision's `Normalize` on every image the network sees, in training and in the test
    /// accuracy (the model's `input.normalize`; nil: the images as they are, in [0, 1]).
    public var normalization: InputNormalization?
    /// Where result lines go (standard output by default).
    public var print: (String) -> Void
    /// Where notes go (`note: ...` on standard error by default).
    public var note: (String) -> Void

    public init(specName: String, threads: Int, savePath: String? = nil, metricsPath: String? = nil,
                plotPath: String? = nil, resumePath: String? = nil, progress: Bool? = nil, architecture: String = "",
                normalization: InputNormalization? = nil,
                print: @escaping (String) -> Void = Console.line,
                note: @escaping (String) -> Void = { Console.errorLine("note: " + $0) }) {
        self.architecture = architecture
        self.normalization = normalization
        self.note = note
        self.specName = specName
        self.threads = threads
        self.savePath = savePath
        self.metricsPath = metricsPath
        self.plotPath = plotPath
        self.resumePath = resumePath
        self.progress = progress
        self.print = print
    }
}

/// Why a run stopped early. Each says what happened and what to do.
public enum TrainingStop: Error, CustomStringConvertible {
    case nonFinite(epoch: Int, batch: Int, lr: Double, checkpoint: String?)
    case interrupted(savedTo: String?)
    case badCheckpoint(path: String, problem: String)

    public var description: String {
        switch self {
        case let .nonFinite(epoch, batch, lr, checkpoint):
            var text = "the loss became NaN or infinite in epoch \(epoch), batch \(batch) (learning rate \(lr)); training stopped"
            text += "\nhint: try a lower learning rate, e.g. --lr \(String(format: "%g", lr / 10))"
            if let checkpoint { text += "; the last good checkpoint is still \(checkpoint)" }
            return text
        case let .interrupted(savedTo):
            return "interrupted" + (savedTo.map { "; checkpoint saved to \($0) (continue with --resume \($0))" } ?? "")
        case let .badCheckpoint(path, problem):
            return "\(path): \(problem)"
        }
    }
}

/// What a finished run reports.
public struct RunSummary: Sendable {
    public var records: [EpochRecord]
    /// Training examples per second over the whole run (d2l's figure).
    public var examplesPerSecond: Double
}

/// The training loop both backends share: initialisation, shuffling, mini-batches, the optimizer and
/// schedule, d2l's epoch lines, metrics, the plot, checkpoints, resume, NaN and Ctrl-C handling. The
/// network only computes; so the engine and an emitted trainer give the same numbers for the same
/// spec, seed and data.
///
/// Random streams, all from the recipe's seed: weights from `SeededRNG(seed)`; the epoch
/// permutations from `split(stream: 1)`; each step's dropout masks from a seed mixed from the seed
/// and the iteration number.
public final class TrainingLoop {
    public let network: TrainableNetwork
    public let recipe: TrainingRecipe
    public let data: Dataset
    public let options: RunOptions

    public init(network: TrainableNetwork, recipe: TrainingRecipe, data: Dataset, options: RunOptions) {
        self.network = network
        self.recipe = recipe
        self.data = data
        self.options = options
    }

    /// Fills the parameter arena from the seed: weights with the recipe's initialiser, biases as
    /// `biases` says (see `Initializers` for the draw order).
    public static func initialize(_ network: TrainableNetwork, scheme: WeightInit, biases: BiasInit = .zero,
                                  seed: UInt64) throws {
        var rng = SeededRNG(seed: seed)
        try Initializers.initialize(network.parameters, tensors: network.parameterLayout, scheme: scheme, biases: biases,
                                    rng: &rng)
    }

    /// The seed of one step's dropout masks.
    static func dropoutSeed(_ seed: UInt64, iteration: Int) -> UInt64 {
        var mixer = SplitMix64(seed: seed ^ 0xD1B5_4A32_D192_ED03)
        for _ in 0..<2 { _ = mixer.next() }
        return mixer.next() &+ UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Trains for the recipe's length (or the rest of it, when resuming) and returns the records.
    public func run() throws -> RunSummary {
        let train = data.train, inputSize = network.inputSize
        // Checked before anything is read or written (the metrics file is truncated below).
        guard recipe.batch <= network.maxBatch else {
            throw RuntimeFileError(path: options.specName, problem: "batch \(recipe.batch) exceeds the network's maximum of \(network.maxBatch)")
        }
        guard train.pixelsPerImage == inputSize, data.test.pixelsPerImage == inputSize else {
            throw RuntimeFileError(path: data.origin, problem: "images have \(train.pixelsPerImage) pixels but the network takes \(inputSize)")
        }
        let plan = try EpochPlan(trainCount: train.count, batch: recipe.batch, length: recipe.length)
        let schedule = LearningRate(base: recipe.optimizer.lr, schedule: recipe.schedule, plan: plan, clock: recipe.scheduleClock)
        var optimizer = FlatOptimizer(settings: recipe.optimizer, parameterCount: network.parameters.count)
        var seed = recipe.seed
        var shuffler = SeededRNG(seed: seed).split(stream: 1)
        var epoch = 0, skipBatches = 0, iteration = 0
        var records: [EpochRecord] = []
        var partial = (loss: 0.0, correct: 0, count: 0, seconds: 0.0)

        let identity = RunIdentity(architecture: options.architecture, layout: network.parameterLayout, recipe: recipe)
        if let resume = options.resumePath {
            let state = try restore(from: resume, identity: identity)
            seed = state.seed
            shuffler = SeededRNG(state: try SeededRNG.State(words: state.epochRNG))
            epoch = state.epoch
            skipBatches = state.batchInEpoch
            iteration = state.iteration
            records = state.records
            partial = (state.partialLoss, state.partialCorrect, state.partialCount, state.partialSeconds)
            do { try optimizer.restore(state.optimizer) } catch {
                throw TrainingStop.badCheckpoint(path: resume, problem: "\(error)")
            }
        } else {
            try TrainingLoop.initialize(network, scheme: recipe.initializer, biases: recipe.biasInitializer, seed: seed)
        }
        // LENETC_TRACE and LENETC_TRACE_NUDGE (StepTrace.swift): the index is checked before the trace
        // file is emptied, so a typo loses nothing.
        let environment = ProcessInfo.processInfo.environment
        let nudge = environment["LENETC_TRACE"] == nil ? nil
            : try StepTrace.nudgeIndex(environment: environment, parameterCount: network.parameters.count)
        let trace = try StepTrace(environment: environment, parameterCount: network.parameters.count)
        defer { trace?.close() }
        if let k = nudge, options.resumePath == nil { network.parameters[k] = network.parameters[k].nextUp }
        var epochRNG = shuffler.state.words
        // Where the run stands, as a checkpoint records it (`b` batches into `epoch`).
        func snapshot(batchInEpoch b: Int, partial p: (loss: Double, correct: Int, count: Int, seconds: Double)) -> Checkpoint.TrainingState {
            .init(spec: options.specName, seed: seed, epoch: epoch, batchInEpoch: b, iteration: iteration, epochRNG: epochRNG,
                  partialLoss: p.loss, partialCorrect: p.correct, partialCount: p.count, partialSeconds: p.seconds,
                  optimizer: optimizer.state, records: records, identity: identity)
        }
        // Every output is tried before the first batch, so a path that cannot be written is an error
        // now, not after training. The probes replace nothing (an existing checkpoint stays as it is);
        // the metrics file comes last because opening it for a fresh run empties it.
        if let path = options.savePath {
            try Checkpoint.file(path).probe(try TrainingLoop.checkpoint(of: network, state: snapshot(batchInEpoch: skipBatches, partial: partial)).encoded())
        }
        if let path = options.plotPath {
            try TrainingPlot.file(path).probe(Array(plot(records, epochs: plan.totalEpochs).svg().utf8))
        }
        // Updates the network applies in its backward pass (`TrainableNetwork.fusedUpdateRanges`); the
        // same bits as updating after the step. LENETC_FUSED_UPDATE=0 turns them off, to measure them.
        let fused = environment["LENETC_FUSED_UPDATE"] == "0" ? [] : network.fusedUpdateRanges
        let metrics = try options.metricsPath.map { try MetricsWriter(path: $0, append: options.resumePath != nil) }
        var images = [Float](repeating: 0, count: recipe.batch * inputSize)
        var labels = [Int32](repeating: 0, count: recipe.batch)
        // Set when this run has written a checkpoint; a NaN stop names it.
        var lastGoodCheckpoint: String?
        Interrupt.install()

        while epoch < plan.totalEpochs {
            epochRNG = shuffler.state.words
            let order = shuffler.permutation(train.count)
            let batches = plan.batches(inEpoch: epoch)
            let bar = ProgressBar(label: "epoch \(epoch + 1)/\(plan.totalEpochs)", total: batches, enabled: options.progress)
            var (lossSum, correct, seen, seconds) = partial
            partial = (0, 0, 0, 0)
            for b in skipBatches..<batches {
                let count = plan.examples(inBatch: b)
                let start = monotonicSeconds()
                images.withUnsafeMutableBufferPointer { target in
                    for i in 0..<count {
                        let row = order[b * recipe.batch + i]
                        labels[i] = train.labels[row]
                        train.copyImage(row, to: target.baseAddress! + i * inputSize, normalization: options.normalization)
                    }
                }
                let lr = schedule.rate(epoch: epoch, iteration: iteration)
                let dropoutSeed = TrainingLoop.dropoutSeed(seed, iteration: iteration)
                // A non-finite loss stops the run before any parameter is updated (a network with fused
                // updates applies none on such a step).
                func finite(_ step: (lossSum: Double, correct: Int)) throws -> (lossSum: Double, correct: Int) {
                    guard step.lossSum.isFinite else {
                        bar.finish()
                        throw TrainingStop.nonFinite(epoch: epoch + 1, batch: b + 1, lr: lr, checkpoint: lastGoodCheckpoint)
                    }
                    return step
                }
                let step = try images.withUnsafeBufferPointer { x in
                    try labels.withUnsafeBufferPointer { y in
                        if fused.isEmpty {
                            let step = try finite(network.trainStep(images: x.baseAddress!, labels: y.baseAddress!, count: count,
                                                                    dropoutSeed: dropoutSeed))
                            try optimizer.update(parameters: network.parameters, gradients: UnsafeBufferPointer(network.gradients),
                                                 lr: lr, threads: options.threads)
                            return step
                        }
                        return try optimizer.update(parameters: network.parameters, gradients: UnsafeBufferPointer(network.gradients),
                                                    lr: lr, threads: options.threads, fusing: fused) { update in
                            try finite(network.trainStep(images: x.baseAddress!, labels: y.baseAddress!, count: count,
                                                         dropoutSeed: dropoutSeed, update: update))
                        }
                    }
                }
                seconds += monotonicSeconds() - start
                try trace?.record(meanLoss: step.lossSum / Double(count), parameters: network.parameters)
                lossSum += step.lossSum
                correct += step.correct
                seen += count
                iteration += 1
                bar.update(step: b + 1, loss: lossSum / Double(seen), examples: seen)
                if Interrupt.requested {
                    bar.finish()
                    var saved: String?
                    if let path = options.savePath {
                        try save(to: path, state: snapshot(batchInEpoch: b + 1, partial: (lossSum, correct, seen, seconds)))
                        saved = path
                    }
                    throw TrainingStop.interrupted(savedTo: saved)
                }
            }
            bar.finish()
            skipBatches = 0
            let testAccuracy = TrainingLoop.accuracy(network, data.test, normalization: options.normalization)
            let record = EpochRecord(epoch: epoch + 1, loss: lossSum / Double(max(1, seen)),
                                     trainAccuracy: Double(correct) / Double(max(1, seen)), testAccuracy: testAccuracy,
                                     seconds: seconds, examplesPerSecond: Double(seen) / max(seconds, 1e-9),
                                     learningRate: schedule.rate(epoch: epoch, iteration: max(0, iteration - 1)),
                                     iteration: iteration, data: data.info.name)
            records.append(record)
            options.print(record.line)
            epoch += 1
            epochRNG = shuffler.state.words
            // The checkpoint first: if the metrics or the plot then cannot be written, the epoch is kept.
            if let path = options.savePath {
                try save(to: path, state: snapshot(batchInEpoch: 0, partial: (0, 0, 0, 0)))
                lastGoodCheckpoint = path
            }
            try metrics?.write(record)
            if let path = options.plotPath {
                try plot(records, epochs: plan.totalEpochs).write(to: path)
            }
        }
        let totalSeconds = records.reduce(0) { $0 + $1.seconds }
        let totalExamples = records.reduce(0.0) { $0 + $1.examplesPerSecond * $1.seconds }
        let rate = totalExamples / max(totalSeconds, 1e-9)
        if let last = records.last {
            for line in summaryLines(last: last, examplesPerSecond: rate, threads: options.threads).split(separator: "\n") {
                options.print(String(line))
            }
        }
        return RunSummary(records: records, examplesPerSecond: rate)
    }

    /// d2l's curves of the records so far.
    private func plot(_ records: [EpochRecord], epochs: Int) -> TrainingPlot {
        TrainingPlot(title: "\(options.specName) on \(data.info.name)", records: records, epochs: epochs)
    }

    private func save(to path: String, state: Checkpoint.TrainingState) throws {
        try TrainingLoop.checkpoint(of: network, state: state).write(to: path)
    }

    /// The network's parameters (and optionally the run's state) as a checkpoint.
    public static func checkpoint(of network: TrainableNetwork, state: Checkpoint.TrainingState?) -> Checkpoint {
        let arena = network.parameters
        let tensors = network.parameterLayout.map { slot in
            (slot.name, slot.shape, Array(arena[slot.offset..<(slot.offset + slot.count)]))
        }
        return Checkpoint(tensors: tensors, state: state)
    }

    /// Loads the parameters of a checkpoint into the network, checking names and shapes. Returns the
    /// names of tensors the network does not have (a file may carry more than parameters, as PyTorch's
    /// test fixtures do); a missing or misshapen parameter is an error.
    @discardableResult
    public static func load(_ checkpoint: Checkpoint, into network: TrainableNetwork, path: String) throws -> [String] {
        let byName = Dictionary(checkpoint.tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let expected = Set(network.parameterLayout.map(\.name))
        let extra = byName.keys.filter { !expected.contains($0) }.sorted()
        for slot in network.parameterLayout {
            guard let tensor = byName[slot.name] else {
                throw TrainingStop.badCheckpoint(path: path, problem: "it lacks the tensor \"\(slot.name)\" (is it for another spec?)")
            }
            guard tensor.shape == slot.shape else {
                throw TrainingStop.badCheckpoint(path: path, problem: "tensor \"\(slot.name)\" has shape \(tensor.shape), but this network's is \(slot.shape)")
            }
            let arena = network.parameters
            for i in 0..<slot.count { arena[slot.offset + i] = tensor.values[i] }
        }
        return extra
    }

    private func restore(from path: String, identity: RunIdentity) throws -> Checkpoint.TrainingState {
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint.read(from: path) } catch {
            throw TrainingStop.badCheckpoint(path: path, problem: "\(error)")
        }
        guard let state = checkpoint.state else {
            throw TrainingStop.badCheckpoint(path: path, problem: "it holds weights only, not a lenetc training state; use it with `eval --weights`")
        }
        try checkResumable(state, path: path, identity: identity)
        try TrainingLoop.load(checkpoint, into: network, path: path)
        return state
    }

    /// Refuses a checkpoint of another model (before anything is read into the network or written),
    /// and notes what changed when only the recipe did. A checkpoint that records no identity
    /// (written before lenetc recorded one) resumes with a note: its tensors' names and shapes are
    /// still checked, which is all that could be checked then.
    private func checkResumable(_ state: Checkpoint.TrainingState, path: String, identity: RunIdentity) throws {
        let spec = options.specName
        guard let recorded = state.identity else {
            options.note("\(path) records no model fingerprint (written by an earlier lenetc); resuming it as '\(spec)' because its tensors' names and shapes match"
                         + (state.spec == spec ? "" : ", though it was written by spec '\(state.spec)'"))
            return
        }
        guard recorded.modelFingerprint == identity.modelFingerprint else {
            let which = state.spec == spec ? "a different model from this '\(spec)' (was the spec changed?)" : "a different model from '\(spec)'"
            throw TrainingStop.badCheckpoint(
                path: path,
                problem: "the checkpoint was written by spec '\(state.spec)', \(which): \(identity.firstDifference(from: recorded))"
                    + "\nhint: start afresh (without --resume), or use the weights with the spec that wrote them "
                    + "(lenetc eval \(state.spec) --weights \(path)), or load them elsewhere (PyTorch's load_state_dict)")
        }
        // Batches already done in an unfinished epoch are counted in the recorded batch size.
        if state.batchInEpoch > 0, let batch = recorded.setting("batch"), batch != "\(recipe.batch)" {
            throw TrainingStop.badCheckpoint(
                path: path,
                problem: "the checkpoint stopped after \(state.batchInEpoch) batch\(state.batchInEpoch == 1 ? "" : "es") of \(batch) in epoch \(state.epoch + 1); resuming with batch \(recipe.batch) would skip or repeat examples"
                    + "\nhint: resume with --batch \(batch) (the batch size can change at the end of an epoch)")
        }
        let changes = identity.recipeChanges(from: recorded)
        guard !changes.isEmpty else { return }
        let listed = changes.map { change -> String in
            var text = "\(change.key) \(change.old) → \(change.new)"
            switch change.key {
            case "seed": text += " (the checkpoint's seed is kept: it decided the weights and the shuffling so far)"
            case "init", "biases": text += " (no effect: the weights come from the checkpoint)"
            default: break
            }
            return text
        }
        options.note("resuming \(path) with a changed recipe: " + listed.joined(separator: ", "))
    }

    /// The predicted class of every example, in batches of the network's maximum, each image
    /// normalised as `normalization` says.
    public static func predictions(_ network: TrainableNetwork, _ set: LabeledImages,
                                   normalization: InputNormalization? = nil) -> [Int32] {
        var out = [Int32](repeating: 0, count: set.count)
        let chunk = max(1, network.maxBatch)
        var images = [Float](repeating: 0, count: min(chunk, set.count) * set.pixelsPerImage)
        images.withUnsafeMutableBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                var start = 0
                while start < set.count {
                    let n = min(chunk, set.count - start)
                    set.copyImages(start..<(start + n), to: x.baseAddress!, normalization: normalization)
                    network.predict(images: x.baseAddress!, count: n, into: y.baseAddress! + start)
                    start += n
                }
            }
        }
        return out
    }

    /// Fraction of `set` classified correctly.
    public static func accuracy(_ network: TrainableNetwork, _ set: LabeledImages,
                                normalization: InputNormalization? = nil) -> Double {
        guard set.count > 0 else { return 0 }
        let predicted = predictions(network, set, normalization: normalization)
        var correct = 0
        for i in 0..<set.count where predicted[i] == set.labels[i] { correct += 1 }
        return Double(correct) / Double(set.count)
    }
}

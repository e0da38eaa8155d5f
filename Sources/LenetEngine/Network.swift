import LenetModel
import LenetRuntime

/// A `Model` ready to run: compiled steps, one parameter arena (every tensor of
/// `model.parameters`, in order, contiguous), a gradient arena of the same layout, and per-shard
/// workspaces allocated once for the largest batch and reused.
///
/// Not safe for concurrent use from several callers; it runs its own threads inside each batch.
public final class Network: @unchecked Sendable {
    /// The model it was compiled from.
    public let model: Model
    /// The compiled steps, in forward order.
    public let steps: [NetworkStep]
    /// Floats in the parameter arena: every tensor of `model.parameters` (PyTorch's names, shapes
    /// and offsets), packed without gaps.
    public let parameterCount: Int
    /// Floats of one input example (C·H·W) and number of output classes.
    public let inputCount: Int
    public let classes: Int
    /// Cores used per batch, and how.
    public let threads: Int
    public let strategy: ParallelStrategy
    /// Threads sharing each batch (data-parallel) or 1.
    public var shardCount: Int { strategy == .dataParallel ? threads : 1 }
    /// Per step, whether it is a dense layer computed over the whole batch with its output (and
    /// input-gradient) features split across the threads, instead of shard by shard: see
    /// `SplitDense` for when and why. Never with one shard.
    public let splitSteps: [Bool]

    let parameterArena: FloatBuffer
    let gradientArena: FloatBuffer
    /// Index of the first step with parameters; backward stops there (nothing below it learns).
    let firstTrainable: Int
    private(set) var workspaces: [Workspace] = []
    /// Dropout masks for a whole batch, per dropout step (row-major over examples, then features).
    private(set) var masks: [FloatBuffer?] = []
    /// Largest batch the workspaces hold.
    public private(set) var batchCapacity = 0
    /// Per-shard results and errors of the batch being run (allocated once).
    let shardResults: UnsafeMutablePointer<LossResult>
    let shardErrors: UnsafeMutablePointer<EngineError?>
    /// Whole-batch buffers of the split steps: each split step's input and output rows (gathered
    /// from and scattered to the shards), and the dL/d(pre-activation) and dL/d(input) rows.
    private(set) var splitInputs: [FloatBuffer?] = []
    private(set) var splitOutputs: [FloatBuffer?] = []
    private(set) var splitOutputGrad = FloatBuffer(count: 0)
    private(set) var splitInputGrad = FloatBuffer(count: 0)
    /// The arena ranges whose gradients the shards compute (everything but the split steps'
    /// parameters, which the split steps write to the network's arena directly), in order.
    let shardGradientRanges: [Range<Int>]

    /// Dense layers with at least this many weights are split across threads by default
    /// (`SplitDense.minimumWeights`, where the measurements are).
    public static let defaultSplitDenseWeights = SplitDense.minimumWeights

    /// Compiles `model`. `threads` ≥ 1 is the number of cores to use. A dense layer with at least
    /// `splitDenseWeights` weights is split across the threads (`SplitDense`); the default is
    /// `SplitDense.minimumWeights`, or `$LENETC_SPLIT_DENSE_WEIGHTS` when set (for benchmarks).
    public init(model: Model, threads: Int = 1, strategy: ParallelStrategy = .default,
                splitDenseWeights: Int? = nil) throws {
        guard threads >= 1 && threads <= 256 else {
            throw EngineError.invalidArgument("threads must be between 1 and 256, not \(threads)")
        }
        self.model = model
        self.threads = threads
        self.strategy = strategy
        parameterCount = model.parameters.reduce(0) { $0 + $1.count }
        steps = try NetworkPlanner.plan(model)
        inputCount = model.input.count
        classes = model.output.count
        guard !steps.isEmpty, case .flat = model.output else {
            throw EngineError.invalidArgument("the network must end in a flat vector of class scores, not \(model.output)")
        }
        guard inputCount > 0, classes > 0 else { throw EngineError.invalidArgument("empty input or output") }
        parameterArena = FloatBuffer(count: parameterCount)
        gradientArena = FloatBuffer(count: parameterCount)
        firstTrainable = steps.firstIndex { $0.hasParameters } ?? steps.count
        let shards = strategy == .dataParallel ? threads : 1
        let threshold = splitDenseWeights ?? SplitDense.minimumWeightsFromEnvironment
        let split = steps.map { step in
            guard shards > 1, case let .dense(inFeatures, outFeatures, _) = step.operation else { return false }
            return inFeatures * outFeatures >= threshold
        }
        splitSteps = split
        // The complement of the split steps' weights and biases in the arena.
        var taken: [Range<Int>] = []
        for (i, step) in steps.enumerated() where split[i] {
            taken.append(step.weightOffset!..<(step.weightOffset! + step.inputCount * step.outputCount))
            taken.append(step.biasOffset!..<(step.biasOffset! + step.outputCount))
        }
        var ranges: [Range<Int>] = []
        var next = 0
        for range in taken.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > next { ranges.append(next..<range.lowerBound) }
            next = max(next, range.upperBound)
        }
        if next < parameterCount { ranges.append(next..<parameterCount) }
        shardGradientRanges = ranges
        shardResults = .allocate(capacity: shards)
        shardResults.initialize(repeating: LossResult(lossSum: 0, correct: 0), count: shards)
        shardErrors = .allocate(capacity: shards)
        shardErrors.initialize(repeating: nil, count: shards)
    }

    deinit {
        shardResults.deinitialize(count: shardCount)
        shardResults.deallocate()
        shardErrors.deinitialize(count: shardCount)
        shardErrors.deallocate()
    }

    // MARK: - Parameters

    /// The tensor named `name` (`0.weight`, …) in `model.parameters`, if any.
    func tensor(named name: String) -> ParameterSlot? { model.parameters.first { $0.name == name } }

    /// A copy of the parameter arena (layout order).
    public var parameters: [Float] { parameterArena.array }

    /// A copy of the gradient arena of the last `computeGradients` / training step.
    public var gradients: [Float] { gradientArena.array }

    /// Replaces the whole arena; `values` must have `parameterCount` floats.
    public func setParameters(_ values: [Float]) throws {
        guard values.count == parameterCount else {
            throw EngineError.parameterMismatch("expected \(parameterCount) parameters, got \(values.count)")
        }
        try parameterArena.assign(values)
    }

    /// The tensor named `name` (`0.weight`, …) as a flat row-major copy.
    public func parameter(named name: String) throws -> [Float] {
        guard let entry = tensor(named: name) else {
            throw EngineError.parameterMismatch("the model has no parameter named \(name)")
        }
        return Array(UnsafeBufferPointer(start: parameterArena.pointer + entry.offset, count: entry.count))
    }

    /// The gradient of the tensor named `name`.
    public func gradient(named name: String) throws -> [Float] {
        guard let entry = tensor(named: name) else {
            throw EngineError.parameterMismatch("the model has no parameter named \(name)")
        }
        return Array(UnsafeBufferPointer(start: gradientArena.pointer + entry.offset, count: entry.count))
    }

    /// Overwrites the tensor named `name`; `values` must match its element count.
    public func setParameter(named name: String, _ values: [Float]) throws {
        guard let entry = tensor(named: name) else {
            throw EngineError.parameterMismatch("the model has no parameter named \(name)")
        }
        guard values.count == entry.count else {
            throw EngineError.parameterMismatch("\(name) has \(entry.count) values (shape \(entry.shape)), got \(values.count)")
        }
        values.withUnsafeBufferPointer { source in
            (parameterArena.pointer + entry.offset).update(from: source.baseAddress!, count: entry.count)
        }
    }

    /// Direct access to the parameter arena (for optimizers and initialisers).
    public func withParameters<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(parameterArena.buffer)
    }

    /// Direct access to the gradient arena.
    public func withGradients<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(gradientArena.buffer)
    }

    // MARK: - Buffers

    /// Most memory the buffers of one network may take; larger batches are refused with an error.
    public static let memoryLimitBytes = 16 << 30

    /// Bytes the buffers for batches of `batchSize` take (Int.max when absurd).
    public func memoryNeeded(batchSize: Int) -> Int {
        let shards = shardCount
        let perShard = (max(1, batchSize) + shards - 1) / shards
        var perExample = inputCount + 1
        let widest = steps.reduce(inputCount) { max($0, $1.inputCount, $1.outputCount) }
        perExample = saturatingSum([perExample, 2 * widest] + steps.map { step in
            if case .dropout = step.operation { return 2 * step.outputCount }  // output and mask
            if case .pool = step.operation { return 2 * step.outputCount }     // output and argmax
            return step.outputCount
        })
        var scratch = parameterCount
        var splitFloats = 0
        for (i, step) in steps.enumerated() where splitSteps[i] {
            splitFloats = saturatingSum([splitFloats, step.inputCount, 2 * step.outputCount])
        }
        for step in steps {
            guard case let .conv(g, _) = step.operation else { continue }
            let sizes = ConvScratch.floats(for: g, examples: min(perShard, g.chunkExamples()))
            scratch = saturatingSum([scratch, sizes.columns, sizes.product, sizes.padded])
        }
        let floats = saturatingSum([saturatingProduct([shards, saturatingSum([saturatingProduct([perShard, perExample]), scratch])]),
                                    saturatingProduct([max(1, batchSize), splitFloats])])
        return saturatingProduct([floats, MemoryLayout<Float>.stride])
    }

    /// Makes sure batches of up to `batchSize` examples fit (allocates only when it grows); throws
    /// when they would need more than `memoryLimitBytes`.
    public func reserve(batchSize: Int) throws {
        guard batchSize > batchCapacity else { return }
        let bytes = memoryNeeded(batchSize: batchSize)
        guard bytes <= Self.memoryLimitBytes else {
            let gigabytes = bytes == Int.max ? "far too much" : "\(bytes >> 30) GiB"
            throw EngineError.invalidArgument("a batch of \(batchSize) examples would need \(gigabytes) of buffers (the limit is \(Self.memoryLimitBytes >> 30) GiB); use a smaller batch")
        }
        let shards = shardCount
        let perShard = (batchSize + shards - 1) / shards
        workspaces = (0..<shards).map { shard in
            Workspace(steps: steps, inputCount: inputCount, capacity: perShard, parameterCount: parameterCount,
                      ownsGradients: shard > 0)
        }
        splitInputs = steps.indices.map { splitSteps[$0] ? FloatBuffer(count: batchSize * steps[$0].inputCount) : nil }
        splitOutputs = steps.indices.map { splitSteps[$0] ? FloatBuffer(count: batchSize * steps[$0].outputCount) : nil }
        let widestSplit = steps.indices.filter { splitSteps[$0] }
            .reduce((0, 0)) { (max($0.0, steps[$1].inputCount), max($0.1, steps[$1].outputCount)) }
        splitInputGrad = FloatBuffer(count: batchSize * widestSplit.0)
        splitOutputGrad = FloatBuffer(count: batchSize * widestSplit.1)
        masks = steps.map { step in
            if case .dropout = step.operation { return FloatBuffer(count: batchSize * step.outputCount) }
            return nil
        }
        batchCapacity = batchSize
    }

    /// Whether the network has dropout (training then draws masks).
    public var hasDropout: Bool {
        steps.contains { if case .dropout = $0.operation { return true } else { return false } }
    }

    /// Examples of a batch of `count` that shard `shard` handles.
    func shardRange(_ shard: Int, of count: Int) -> Range<Int> {
        let shards = shardCount
        return (shard * count / shards)..<((shard + 1) * count / shards)
    }

    func configureBLAS() {
        let wanted = strategy == .blasThreads ? threads : 1
        if BLASThreads.count != wanted { BLASThreads.set(wanted) }
    }
}

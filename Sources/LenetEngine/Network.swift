import LenetModel

/// A `Model` ready to run: compiled steps, one parameter arena (every tensor of
/// `model.parameters`, in order, contiguous), a gradient arena of the same layout, and per-shard
/// workspaces allocated once for the largest batch and reused.
///
/// Not safe for concurrent use from several callers; it runs its own threads inside each batch.
public final class Network: @unchecked Sendable {
    public let model: Model
    public let steps: [NetworkStep]
    public let layout: ParameterLayout
    /// Floats of one input example (C·H·W) and number of output classes.
    public let inputCount: Int
    public let classes: Int
    public let threads: Int
    public let strategy: ParallelStrategy
    /// Threads sharing each batch (data-parallel) or 1.
    public var shardCount: Int { strategy == .dataParallel ? threads : 1 }

    let parameterArena: FloatBuffer
    let gradientArena: FloatBuffer
    /// Index of the first step with parameters; backward stops there (nothing below it learns).
    let firstTrainable: Int
    private(set) var workspaces: [Workspace] = []
    /// Dropout masks for a whole batch, per dropout step (row-major over examples, then features).
    private(set) var masks: [FloatBuffer?] = []
    /// Largest batch the workspaces hold.
    public private(set) var batchCapacity = 0

    /// Compiles `model`. `threads` ≥ 1 is the number of cores to use.
    public init(model: Model, threads: Int = 1, strategy: ParallelStrategy = .dataParallel) throws {
        guard threads >= 1 && threads <= 256 else {
            throw EngineError.invalidArgument("threads must be between 1 and 256, not \(threads)")
        }
        self.model = model
        self.threads = threads
        self.strategy = strategy
        layout = ParameterLayout(model.parameters)
        steps = try NetworkPlanner.plan(model, layout: layout)
        inputCount = model.input.count
        classes = model.output.count
        guard !steps.isEmpty, case .flat = model.output else {
            throw EngineError.invalidArgument("the network must end in a flat vector of class scores, not \(model.output)")
        }
        guard inputCount > 0, classes > 0 else { throw EngineError.invalidArgument("empty input or output") }
        parameterArena = FloatBuffer(count: layout.total)
        gradientArena = FloatBuffer(count: layout.total)
        firstTrainable = steps.firstIndex { $0.hasParameters } ?? steps.count
    }

    // MARK: - Parameters

    /// Number of floats in the parameter arena.
    public var parameterCount: Int { layout.total }

    /// A copy of the parameter arena (layout order).
    public var parameters: [Float] { parameterArena.array }

    /// A copy of the gradient arena of the last `computeGradients` / training step.
    public var gradients: [Float] { gradientArena.array }

    /// Replaces the whole arena; `values` must have `parameterCount` floats.
    public func setParameters(_ values: [Float]) throws {
        guard values.count == layout.total else {
            throw EngineError.parameterMismatch("expected \(layout.total) parameters, got \(values.count)")
        }
        try parameterArena.assign(values)
    }

    /// The tensor named `name` (`0.weight`, …) as a flat row-major copy.
    public func parameter(named name: String) throws -> [Float] {
        guard let entry = layout.entry(named: name) else {
            throw EngineError.parameterMismatch("the model has no parameter named \(name)")
        }
        return Array(UnsafeBufferPointer(start: parameterArena.pointer + entry.offset, count: entry.count))
    }

    /// The gradient of the tensor named `name`.
    public func gradient(named name: String) throws -> [Float] {
        guard let entry = layout.entry(named: name) else {
            throw EngineError.parameterMismatch("the model has no parameter named \(name)")
        }
        return Array(UnsafeBufferPointer(start: gradientArena.pointer + entry.offset, count: entry.count))
    }

    /// Overwrites the tensor named `name`; `values` must match its element count.
    public func setParameter(named name: String, _ values: [Float]) throws {
        guard let entry = layout.entry(named: name) else {
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

    /// Makes sure batches of up to `batchSize` examples fit (allocates only when it grows).
    public func reserve(batchSize: Int) {
        guard batchSize > batchCapacity else { return }
        let shards = shardCount
        let perShard = (batchSize + shards - 1) / shards
        workspaces = (0..<shards).map { shard in
            Workspace(steps: steps, inputCount: inputCount, capacity: perShard, parameterCount: layout.total,
                      ownsGradients: shard > 0)
        }
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

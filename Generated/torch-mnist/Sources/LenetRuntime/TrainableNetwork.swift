/// One learnable tensor's place in a network's parameter arena, named as PyTorch names it in the
/// matching `nn.Sequential` (`0.weight`, `0.bias`, ...).
public struct ParameterSlot: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    /// Offset of the first element in the arena.
    public var offset: Int
    /// Fan-in and fan-out as PyTorch's `_calculate_fan_in_and_fan_out` computes them.
    public var fanIn: Int
    public var fanOut: Int
    public var isBias: Bool
    public var count: Int { shape.reduce(1, *) }

    public init(name: String, shape: [Int], offset: Int, fanIn: Int, fanOut: Int, isBias: Bool) {
        self.name = name
        self.shape = shape
        self.offset = offset
        self.fanIn = fanIn
        self.fanOut = fanOut
        self.isBias = isBias
    }
}

/// What a training loop needs from a network, whichever backend implements it: the engine's
/// interpreter or an emitted, specialised trainer. The loop (initialisation, shuffling, optimizer,
/// schedule, metrics, checkpoints) is shared, so both backends give the same numbers for the same
/// spec, seed and data.
public protocol TrainableNetwork: AnyObject {
    /// Every parameter, in PyTorch's order; offsets are increasing and contiguous.
    var parameterLayout: [ParameterSlot] { get }
    /// All parameters in one contiguous arena, in `parameterLayout` order, row-major (NCHW for convs).
    var parameters: UnsafeMutableBufferPointer<Float> { get }
    /// The gradient of the mean loss of the last `trainStep`, same layout as `parameters`.
    var gradients: UnsafeMutableBufferPointer<Float> { get }
    /// The largest batch `trainStep` and `predict` accept.
    var maxBatch: Int { get }
    /// Floats in one input example (784 for 1×28×28).
    var inputSize: Int { get }

    /// Forward and backward on `count` examples (`images` is count × inputSize, `labels` in 0..<classes):
    /// overwrites `gradients` with the gradient of the mean softmax cross-entropy, and returns the loss
    /// summed over the examples and how many were classified correctly. `dropoutSeed` seeds the dropout
    /// masks of this step (ignored by networks without dropout).
    func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
                   dropoutSeed: UInt64) -> (lossSum: Double, correct: Int)

    /// The predicted class of each of `count` examples (evaluation mode: no dropout).
    func predict(images: UnsafePointer<Float>, count: Int, into predictions: UnsafeMutablePointer<Int32>)

    /// Sorted, disjoint ranges of the parameter arena whose optimizer update
    /// `trainStep(images:labels:count:dropoutSeed:update:)` applies itself, in its backward pass, as
    /// soon as their gradients are computed (an emitted trainer's batched dense weights: the gradient
    /// is updated from while in cache, not written to `gradients` and read again). Empty (the
    /// default) when the network fuses nothing.
    var fusedUpdateRanges: [Range<Int>] { get }

    /// `trainStep`, applying `update` to `fusedUpdateRanges` on the way (their values in `gradients`
    /// are then not written). When the loss sum is not finite it applies nothing and writes every
    /// gradient, as `trainStep` does, so that the caller can stop before any update.
    func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
                   dropoutSeed: UInt64, update: FusedUpdate) -> (lossSum: Double, correct: Int)
}

extension TrainableNetwork {
    /// Nothing fused.
    public var fusedUpdateRanges: [Range<Int>] { [] }

    /// For a network that fuses nothing: `trainStep` (the update is never applied).
    public func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
                          dropoutSeed: UInt64, update: FusedUpdate) -> (lossSum: Double, correct: Int) {
        trainStep(images: images, labels: labels, count: count, dropoutSeed: dropoutSeed)
    }
}

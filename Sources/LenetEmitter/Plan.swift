import LenetModel
import LenetRuntime
import LenetSpec

// The emitter's intermediate representation: *what* to emit, with every size a number. `Lowering`
// builds it from a validated `Model`; the renderers (`NetworkRenderer` and friends) only lay it out
// as Swift text. The sizes of convolutions and poolings are the model's `ConvGeometry` and
// `PoolGeometry`, which the engine reads too.
//
// Execution model of an emitted network: examples go through the network in groups of `lanes` (8),
// one example per SIMD lane, so every arithmetic operation is a full `SIMD8<Float>` whatever the
// layer's sizes. A buffer holds one group: element (c, y, x) of lane l sits at float
// ((c·Hs + y + padH)·Ws + x + padW)·8 + l, where Hs×Ws is the stored (padded) size.

/// What the border of a padded buffer holds: zeros for convolutions and average pooling (PyTorch's
/// `count_include_pad=True`), −∞ for max pooling (padding never wins).
public enum PadFill: Sendable, Equatable {
    case zero
    case negativeInfinity
}

/// One activation tensor of a group, between blocks.
public struct BufferPlan: Sendable, Equatable {
    /// `input`, `out2`, ...: the output of PyTorch layer 2 is `out2`.
    public var name: String
    /// Logical shape of one example (a flat vector of n is n×1×1).
    public var c: Int
    public var h: Int
    public var w: Int
    public var isImage: Bool
    /// The padding its consumer (a conv or pool) reads, stored around the data so kernels never
    /// test bounds.
    public var padH = 0
    public var padW = 0
    public var fill = PadFill.zero
    /// Whether backward needs its gradient (a buffer of the same layout named `d` + name).
    public var needsGradient = false
    /// Where the values live: one group's worth in each thread's workspace, or every group of the
    /// batch side by side (a batched block reads or writes the whole batch, or backward needs the
    /// values after the next stage has run).
    public var scope = BufferScope.thread
    /// Where the gradient lives (a batched block's input and output gradients span the batch).
    public var gradientScope = BufferScope.thread

    public var storedH: Int { h + 2 * padH }
    public var storedW: Int { w + 2 * padW }
    /// Vectors (of `lanes` floats) stored, border included.
    public var storedCount: Int { c * storedH * storedW }
    /// Values per example.
    public var count: Int { c * h * w }
    public var isPadded: Bool { padH > 0 || padW > 0 }
    public var gradientName: String { "d" + name }

    /// `(L, 6, 28, 28)` or `(L, 120)`.
    public var batchedShape: String { isImage ? "(L, \(c), \(h), \(w))" : "(L, \(c))" }

    /// `out1Row`: vectors from one stored row to the next (its gradient `dout1` has the same layout).
    var rowStride: Stride { Stride(name + "Row", storedW) }
    /// `out1Plane`: vectors from one stored channel plane to the next.
    var planeStride: Stride { Stride(name + "Plane", storedH * storedW) }

    /// Vector index of logical element (c, y, x), as an affine expression over the named strides.
    func index(_ c: Affine, _ y: Affine, _ x: Affine) -> Affine {
        c * planeStride + (y + padH) * rowStride + (x + padW)
    }

    /// Vector index of element (c, y, x) in stored coordinates (the border starts at 0).
    func storedIndex(_ c: Affine, _ y: Affine, _ x: Affine) -> Affine {
        c * planeStride + y * rowStride + x
    }
}

/// Where a buffer lives, as `BufferPlan.scope` says.
public enum BufferScope: Sendable, Equatable {
    /// In a thread's workspace, one group at a time.
    case thread
    /// In the batch arena, every group of the batch (group g at g × `storedCount` vectors).
    case batch
}

public struct DenseGeometry: Sendable, Equatable {
    public var inputs: Int
    public var outputs: Int
    /// Row stride of the weight-gradient accumulator: inputs rounded up to whole vectors.
    public var paddedInputs: Int { (inputs + 7) / 8 * 8 }
}

/// Register tiles of a convolution's three kernels (chosen by `Tiling`).
public struct ConvTiles: Sendable, Equatable {
    /// Forward: output channels × output columns accumulated in registers.
    public var forwardChannels: Int
    public var forwardColumns: Int
    /// Weight gradient: output channels × kernel columns.
    public var weightChannels: Int
    public var weightColumns: Int
    /// Input gradient (scatter): input channels × output columns × kernel columns.
    public var inputChannels: Int
    public var inputColumns: Int
    public var inputKernelColumns: Int
    /// Input gradient (gather, `BlockPlan.gathersInputGradient`): input channels × input columns, as
    /// a forward tile of the flipped convolution.
    public var gatherChannels: Int
    public var gatherColumns: Int
}

/// Register tiles of a conv block's short-group kernels (`BlockPlan.shortGroup`), which compute one
/// example at a time with 8 channels to a vector: forward and input gradient `vectors` of 8 output
/// channels × `columns` output columns; weight gradient `weightVectors` of 8 output channels ×
/// `weightColumns` kernel columns.
public struct ShortGroupTiles: Sendable, Equatable {
    public var forwardVectors: Int
    public var forwardColumns: Int
    public var weightVectors: Int
    public var weightColumns: Int
    /// Zero when the block has no input gradient.
    public var inputVectors: Int
    public var inputColumns: Int
}

/// Register tiles of a dense layer's three kernels (chosen by `Tiling.dense`).
///
/// A lane dense block (one group at a time) uses `forwardOutputs`, `inputInputs`, `weightOutputs` and
/// `weightVectors`; a batched one (`DenseTiles.batched`) also tiles across groups and blocks the sums
/// so that what a tile reads stays in the L2 cache.
public struct DenseTiles: Sendable, Equatable {
    /// Forward: outputs accumulated at once, one broadcast weight each per input.
    public var forwardOutputs: Int
    /// Input gradient: inputs accumulated at once, one broadcast weight each per output.
    public var inputInputs: Int
    /// Weight gradient: outputs × input vectors, summed over the 8 lanes.
    public var weightOutputs: Int
    public var weightVectors: Int
    /// Batched kernels only: groups per forward and input-gradient tile, and the blocking of two
    /// sums (inputs per forward block, outputs per input-gradient block). Zero for lane blocks.
    public var groups = 0
    public var inputBlock = 0
    public var outputBlock = 0
    /// Rows of W (outputs) a batched input-gradient tile sums before the tiles of the other groups
    /// take the same rows (`Tiling.batchedInputRows`); 0: all of them at once.
    public var inputRowBlock = 0
}

public enum BlockOp: Sendable, Equatable {
    /// Convolution + bias, then an optional activation and an optional pooling, fused.
    case conv(ConvGeometry, activation: ActivationKind?, pool: PoolGeometry?, tiles: ConvTiles)
    /// A pooling layer that does not follow a convolution.
    case pool(PoolGeometry)
    /// Linear + bias and an optional activation: one group at a time, or (`batched`) as one product
    /// over the whole batch that reuses every weight for all its examples.
    case dense(DenseGeometry, activation: ActivationKind?, tiles: DenseTiles, batched: Bool)
    /// An activation that does not follow a conv or dense layer.
    case activation(ActivationKind)
    /// Inverted dropout; `mask` numbers the dropout layers in order.
    case dropout(rate: Double, mask: Int)
}

/// Which element of each max-pooling window won, per group: what the pool's backward routes by.
public struct ArgmaxPlan: Sendable, Equatable {
    /// `argmax5`, after the pooling layer's PyTorch index.
    public var name: String
    /// Vectors (of `SIMD8<Int32>`) per group.
    public var count: Int
    /// The block (index into `EmitPlan.blocks`) whose forward writes it.
    public var block: Int
    public var scope = BufferScope.thread
}

/// One fused block of layers: a forward and a backward function in the emitted network.
public struct BlockPlan: Sendable, Equatable {
    /// `conv0_sigmoid1_avgpool2`: the layers it covers, named by kind and PyTorch index.
    public var name: String
    /// Indices (into `Model.layers`) of the layers it covers.
    public var layers: [Int]
    public var op: BlockOp
    /// Buffer indices (into `EmitPlan.buffers`).
    public var input: Int
    public var output: Int
    /// A conv's own output when a pooling follows it inside the block.
    public var hidden: Int?
    /// Parameter indices (into `EmitPlan.parameters`): weight then bias.
    public var parameters: [Int]
    /// Whether the block takes part in backward (false before the first block with parameters).
    public var backward: Bool
    /// Whether backward must produce the gradient of the block's input.
    public var inputGradient: Bool
    /// A conv block run as a stage of its own on the whole batch, each thread taking a share of its
    /// channels (see `Lowering`), rather than group by group.
    public var splitsChannels = false
    /// A conv block whose input gradient is gathered, as a forward convolution of the output gradient
    /// (stored with a zero border of kernel − 1 − padding) with the flipped kernel, instead of
    /// scattered (see `Tiling.gathers`).
    public var gathersInputGradient = false
    /// A channel-split conv block whose batch ends in a group of at most `Tiling.shortGroupExamples`
    /// examples also gets kernels for that group that put 8 channels in a vector instead of 8
    /// examples, so its empty lanes cost nothing (see `Tiling.shortGroup`); their register tiles.
    public var shortGroup: ShortGroupTiles?
    /// The convolutions of a conv block computed as F(2×2, r×r) (see `Tiling.winograd`): its forward
    /// pass, its gathered input gradient, or both; nil when both are direct.
    public var winograd: WinogradPlan?

    /// Whether backward takes the activation's derivative from the pooled output: a max pool whose
    /// windows tile the conv output, where each window's winner holds the pooled value and the other
    /// elements get zero. Backward then never reads the conv's own output (`hidden`), which is only
    /// a thread's scratch between the conv and the pool of one group.
    public var derivesAtPoolOutput: Bool {
        if case let .conv(_, _, pool?, _) = op, pool.op == .max, pool.tilesExactly { return true }
        return false
    }

    /// A channel-split block whose input gradient is a Winograd convolution: that half of its
    /// backward runs group by group on the threads, every channel at once, since splitting the
    /// channels would repeat each group's input transform on every thread.
    public var gathersByGroup: Bool { splitsChannels && winograd?.gather != nil }

    /// Whether it runs over the whole batch at once (see `Stage`).
    public var isBatched: Bool {
        if case let .dense(_, _, _, batched) = op { return batched }
        return false
    }
}

/// How a parameter's gradient is accumulated per thread before the deterministic reduction.
public enum AccumulatorLayout: Sendable, Equatable {
    /// One vector per value: lane l holds the sum over the examples in lane l.
    case lanes
    /// As `lanes`, but in the first chunk's accumulators only: the parameter's block is channel-split
    /// and runs every group of the batch itself, so the other chunks would only hold zeros to clear
    /// and add (3 × 1.6 MiB a step for tf-deep-mnist's conv 32→64).
    case firstChunk
    /// A dense weight: rows × paddedColumns floats, already summed over lanes.
    case rows(rows: Int, columns: Int, paddedColumns: Int)
    /// None: a batched block sums over the whole batch itself and writes the gradient arena.
    case direct

    func floats(count: Int) -> Int {
        switch self {
        case .lanes, .firstChunk: return count * 8
        case let .rows(rows, _, padded): return rows * padded
        case .direct: return 0
        }
    }
}

/// One learnable tensor as the emitted code addresses it: the model's tensor, the Swift name of its
/// arena offset and where its gradient is accumulated.
public struct ParameterPlan: Sendable, Equatable {
    /// The model's tensor: `0.weight`, its shape and fans, and its offset in the arena (PyTorch order).
    public var tensor: ParameterSlot
    /// `w0` / `b0`: the Swift name of its arena offset.
    public var symbol: String
    public var accumulator: AccumulatorLayout
    /// Float offset of its accumulator in a thread's gradient accumulator arena.
    public var accumulatorOffset: Int
}

/// A run of blocks executed the same way: lane blocks group by group on the threads (chunks of
/// groups taken in turn), or one batched or channel-split block over the whole batch, its work split
/// between threads.
public enum Stage: Sendable, Equatable {
    case lanes(Range<Int>)
    case batched(Int)
    /// A conv block over every group, its channels split between the threads.
    case channels(Int)

    /// Indices (into `EmitPlan.blocks`) of its blocks.
    public var blocks: Range<Int> {
        switch self {
        case let .lanes(range): return range
        case let .batched(b), let .channels(b): return b..<(b + 1)
        }
    }
}

/// The whole network, ready to render.
public struct EmitPlan: Sendable {
    public var model: Model
    /// Spec name: the package, target and folder name.
    public var name: String
    /// Swift type of the network: `LenetNetwork`.
    public var typeName: String
    /// Examples per group, one per SIMD lane: the renderers are written for SIMD8<Float> (AVX2).
    public static let lanes = 8
    public var classes: Int
    public var buffers: [BufferPlan]
    public var blocks: [BlockPlan]
    /// The blocks cut into stages, in forward order; the last is a lane stage holding the logits,
    /// run forward, through the loss and backward group by group.
    public var stages: [Stage]
    public var parameters: [ParameterPlan]
    /// Buffer holding the logits.
    public var logits: Int
    /// Dropout layers: rate and features per example, in order.
    public var dropouts: [(rate: Double, features: Int)]
    /// Max-pooling argmax buffers.
    public var argmaxBuffers: [ArgmaxPlan]

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.tensor.count } }
    public var accumulatorFloats: Int {
        parameters.reduce(0) { $0 + $1.accumulator.floats(count: $1.tensor.count) }
    }
    /// Vectors at the start of a chunk's accumulators that only the first chunk uses (`firstChunk`).
    public var firstChunkVectors: Int {
        parameters.filter { $0.accumulator == .firstChunk }.reduce(0) { $0 + $1.tensor.count }
    }
    public var inputSize: Int { buffers[0].count }
}

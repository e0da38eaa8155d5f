import LenetSpec

// The sizes of a model's sliding-window layers, as both back ends read them: the engine's kernels
// (`Conv2D`, `Pooling`, with their own extensions: im2col sizes, chunking, fast-path tests) and the
// emitter's lowering, tiling and renderers. A model's conv and pooling layers are these (`LayerOp.conv`,
// `.pool`, with the input's size resolved); the names follow PyTorch's `nn.Conv2d` and
// `nn.MaxPool2d` / `nn.AvgPool2d`.
// What is derived from the sizes is `@inlinable`: the engine's loops read it per element.

/// Output positions of a sliding window along one axis, PyTorch's floor ⌊(n + 2p − k)/s⌋ + 1: what
/// the shape checker resolves a conv or pool's output to, and what the geometries compute.
@usableFromInline
func windowPositions(_ n: Int, kernel k: Int, stride s: Int, padding p: Int) -> Int {
    (n + 2 * p - k) / s + 1
}

/// A window slid over planes of `height × width` with a stride and a padding on each side: a
/// convolution's kernel or a pooling window.
public protocol SlidingWindow: Sendable, Equatable {
    var height: Int { get }
    var width: Int { get }
    var kernelH: Int { get }
    var kernelW: Int { get }
    var strideH: Int { get }
    var strideW: Int { get }
    var padH: Int { get }
    var padW: Int { get }
}

extension SlidingWindow {
    /// Window positions down and across, with PyTorch's floor ⌊(n + 2p − k)/s⌋ + 1.
    @inlinable public var outHeight: Int { windowPositions(height, kernel: kernelH, stride: strideH, padding: padH) }
    @inlinable public var outWidth: Int { windowPositions(width, kernel: kernelW, stride: strideW, padding: padW) }
    /// Output positions per plane.
    @inlinable public var outPlane: Int { outHeight * outWidth }
    /// Whether the window reads a border around the planes.
    @inlinable public var isPadded: Bool { padH > 0 || padW > 0 }
    /// The window, its stride and its padding as (rows, columns) pairs, as the spec writes them.
    public var kernel: Pair { Pair(kernelH, kernelW) }
    public var stride: Pair { Pair(strideH, strideW) }
    public var padding: Pair { Pair(padH, padW) }
}

/// Sizes of a 2-D convolution over one example (PyTorch's `nn.Conv2d`): `inChannels × height × width`
/// in, `outChannels × outHeight × outWidth` out.
public struct ConvGeometry: SlidingWindow {
    /// The input, `inChannels × height × width`, and the filters.
    public var inChannels: Int, height: Int, width: Int
    public var outChannels: Int
    /// The kernel, its stride and the zero padding on each side, rows then columns.
    public var kernelH: Int, kernelW: Int
    public var strideH: Int, strideW: Int
    public var padH: Int, padW: Int

    public init(inChannels: Int, height: Int, width: Int, outChannels: Int, kernel: (Int, Int),
                stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0)) {
        (self.inChannels, self.outChannels, self.height, self.width) = (inChannels, outChannels, height, width)
        (kernelH, kernelW, strideH, strideW, padH, padW) = (kernel.0, kernel.1, stride.0, stride.1, padding.0, padding.1)
    }

    /// Floats of one example's input and output.
    @inlinable public var inputCount: Int { inChannels * height * width }
    @inlinable public var outputCount: Int { outChannels * outPlane }
    /// Floats of the weight, (outChannels, inChannels, kernelH, kernelW).
    @inlinable public var weightCount: Int { outChannels * inChannels * kernelH * kernelW }
    /// One output position from a kernel that covers the whole unpadded input: a dense layer over
    /// the flattened input, with the weight read as [outChannels, inChannels · kernelH · kernelW].
    @inlinable public var coversWholeInput: Bool { kernelH == height && kernelW == width && !isPadded }
}

/// Size, stride and padding of a 2-D pooling window (PyTorch's `nn.MaxPool2d` / `nn.AvgPool2d`) over
/// `channels` planes of `height × width`.
public struct PoolGeometry: SlidingWindow {
    public var op: PoolOp
    /// The input, `channels` planes of `height × width`.
    public var channels: Int, height: Int, width: Int
    /// The window, its stride and the padding on each side (−∞ for max, zeros for average pooling),
    /// rows then columns.
    public var kernelH: Int, kernelW: Int
    public var strideH: Int, strideW: Int
    public var padH: Int, padW: Int

    public init(op: PoolOp, channels: Int, height: Int, width: Int, kernel: (Int, Int), stride: (Int, Int),
                padding: (Int, Int)) {
        (self.op, self.channels, self.height, self.width) = (op, channels, height, width)
        (kernelH, kernelW, strideH, strideW, padH, padW) = (kernel.0, kernel.1, stride.0, stride.1, padding.0, padding.1)
    }

    /// Floats of one example's input and output.
    @inlinable public var inputCount: Int { channels * height * width }
    @inlinable public var outputCount: Int { channels * outPlane }
    /// Windows tile the input exactly (stride = size, no padding, sizes divisible): backward can
    /// write each input gradient once instead of zeroing and accumulating.
    @inlinable public var tilesExactly: Bool {
        strideH == kernelH && strideW == kernelW && !isPadded && outHeight * kernelH == height && outWidth * kernelW == width
    }
}

extension ModelLayer {
    /// The layer's convolution; nil unless it is a conv over an image of the size it was resolved
    /// for (a model edited by hand, as tests do, may disagree with itself; the back ends refuse it).
    public var convGeometry: ConvGeometry? {
        guard case let .conv(g) = op, input == .image(c: g.inChannels, h: g.height, w: g.width) else { return nil }
        return g
    }

    /// The layer's pooling window; nil unless it is a pooling layer over an image of its size.
    public var poolGeometry: PoolGeometry? {
        guard case let .pool(g) = op, input == .image(c: g.channels, h: g.height, w: g.width) else { return nil }
        return g
    }
}

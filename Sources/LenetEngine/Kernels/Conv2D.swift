import LenetModel

/// The engine's sizes of a convolution (the geometry itself is the model's, shared with the emitter).
extension ConvGeometry {
    /// Rows of the im2col matrix: inChannels · kernelH · kernelW (the weight matrix's columns).
    public var patch: Int { inChannels * kernelH * kernelW }
    /// Floats of one example's padded input.
    public var paddedInputCount: Int { inChannels * (height + 2 * padH) * (width + 2 * padW) }

    /// Throws unless every size is positive and the kernel fits the padded input.
    public func validate() throws {
        guard inChannels > 0, height > 0, width > 0, outChannels > 0, kernelH > 0, kernelW > 0,
              strideH > 0, strideW > 0, padH >= 0, padW >= 0,
              kernelH <= height + 2 * padH, kernelW <= width + 2 * padW
        else { throw EngineError.invalidArgument("convolution geometry does not fit: \(self)") }
    }

    /// Examples per im2col chunk so that the chunk's column matrix stays near `targetFloats`
    /// (cache-sized pieces; a chunk is at least one example).
    ///
    /// Checked for the wide specs' convolutions (one core, OpenBLAS Haswell kernels, `cblas_sgemm`
    /// on exactly these shapes, best of 7; the 1024² peak measured 103 GFLOP/s alongside):
    /// tf-deep-mnist's conv 64 over 32 × 14 × 14 (patch 800, 196 positions, one example per chunk
    /// here) runs its three products at 93-99 GFLOP/s for 1 to 8 examples per chunk, and falls to
    /// 84-86 at 50 (the column matrix leaves L2); keras-mnist's conv 64 over 32 × 13 × 13 (patch
    /// 288, 121 positions, 3 examples per chunk) at 100-109 for 1 to 16. So the target stands: the
    /// products run near the core's peak, and what the layers lose beyond them is im2col, col2im
    /// and the fused element-wise passes.
    public func chunkExamples(targetFloats: Int = 1 << 17) -> Int {
        max(1, targetFloats / max(1, patch * outPlane))
    }
}

/// Scratch memory of a convolution, each part for `examples` examples at most (see `floats(for:examples:)`).
public struct ConvScratch {
    /// The im2col matrix (also reused for the column gradient).
    public var columns: UnsafeMutablePointer<Float>
    /// The product before it is scattered to NCHW.
    public var product: UnsafeMutablePointer<Float>
    /// Zero-padded copies of the input planes (and of their gradient); used only when the
    /// convolution pads.
    public var padded: UnsafeMutablePointer<Float>
    /// Examples per chunk.
    public var examples: Int

    public init(columns: UnsafeMutablePointer<Float>, product: UnsafeMutablePointer<Float>,
                padded: UnsafeMutablePointer<Float>, examples: Int) {
        self.columns = columns
        self.product = product
        self.padded = padded
        self.examples = max(1, examples)
    }

    /// Floats each part needs for chunks of `examples` examples.
    public static func floats(for g: ConvGeometry, examples: Int) -> (columns: Int, product: Int, padded: Int) {
        let n = max(1, examples)
        return (n * g.patch * g.outPlane, n * g.outputCount, g.isPadded ? n * g.paddedInputCount : 1)
    }
}

/// 2-D convolution (PyTorch's `nn.Conv2d`, cross-correlation) over NCHW batches, by im2col over
/// chunks of examples and matrix products: `cblas_sgemm`, or `SmallGemm` where the filters are few.
///
/// A chunk of `nb` examples becomes the column matrix `col[patch, nb·P]` (row (c, i, j), column
/// (n, oh, ow)), so one product `W[F, patch] · col` covers the chunk; its rows (channel-major) are
/// scattered to NCHW with the bias and the following activation fused in. Padding is applied once
/// per chunk by copying the planes into a zero-bordered buffer, so im2col itself is only
/// fixed-length row copies.
public enum Conv2D {
    /// Filter counts up to which the forward product goes through `SmallGemm.smallM` (one 6-row
    /// tile) instead of OpenBLAS. With 16 filters the two were even (`lenetc time`, lenet.yaml's conv2);
    /// with 32 OpenBLAS does well even on the first layers' short patches: 101 GFLOP/s on
    /// tf-deep-mnist's conv1 (32 × 25 · 25 × 4704), 85 on keras-mnist's (32 × 9 · 9 × 14196).
    static let smallForwardFilters = 6
    /// Filter counts up to which the weight gradient goes through `SmallGemm.abt`: with few rows
    /// OpenBLAS's kernels waste most of each tile (conv1 15–25 GFLOP/s). Measured with
    /// `lenetc time Specs/lenet.yaml --threads 1`, median of 6 alternating runs: training step 12.1 ms
    /// against 13.9 with OpenBLAS for both products; `lenetc run` on 2 threads 35.1k examples/s
    /// against 27.7k. The 32- and 64-filter layers of the wide specs stay with OpenBLAS: 67-70
    /// GFLOP/s on tf-deep-mnist's conv1 weight gradient (32 × 4704 · 4704 × 25), 48 on
    /// keras-mnist's (32 × 14196 · 14196 × 9, the worst shape, about 1 ms of a 26 ms step), 93-104
    /// on both conv2s.
    static let smallGradientFilters = 16
    /// col[(c·kh + i)·kw + j][n·P + oh·OW + ow] = x[n, c, oh·sh − ph + i, ow·sw − pw + j] (0 outside).
    /// `padded` (capacity nb · paddedInputCount) is needed when the convolution pads.
    public static func im2col(_ g: ConvGeometry, input x: UnsafePointer<Float>, examples nb: Int,
                              columns col: UnsafeMutablePointer<Float>, padded: UnsafeMutablePointer<Float>) {
        let source: UnsafePointer<Float>
        if g.isPadded {
            pad(g, input: x, examples: nb, padded: padded)
            source = UnsafePointer(padded)
        } else {
            source = x
        }
        let oh = g.outHeight, ow = g.outWidth, p = oh * ow, ld = nb * p
        let hp = g.height + 2 * g.padH, wp = g.width + 2 * g.padW, plane = hp * wp
        let rowStep = g.strideH * wp, sw = g.strideW
        var row = 0
        for c in 0..<g.inChannels {
            for ki in 0..<g.kernelH {
                for kj in 0..<g.kernelW {
                    let dstRow = col + row * ld
                    for n in 0..<nb {
                        var s = source + (n * g.inChannels + c) * plane + ki * wp + kj
                        var d = dstRow + n * p
                        if sw == 1 {
                            for _ in 0..<oh { copyRow(d, s, ow); s += rowStep; d += ow }
                        } else {
                            for _ in 0..<oh {
                                for q in 0..<ow { d[q] = s[q * sw] }
                                s += rowStep
                                d += ow
                            }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// The inverse scatter: dx (the chunk's `nb` examples, overwritten) = every column entry added
    /// back to the input position it was copied from.
    public static func col2im(_ g: ConvGeometry, columns col: UnsafePointer<Float>, examples nb: Int,
                              inputGrad dx: UnsafeMutablePointer<Float>, padded: UnsafeMutablePointer<Float>) {
        let target = g.isPadded ? padded : dx
        let oh = g.outHeight, ow = g.outWidth, p = oh * ow, ld = nb * p
        let hp = g.height + 2 * g.padH, wp = g.width + 2 * g.padW, plane = hp * wp
        let rowStep = g.strideH * wp, sw = g.strideW
        target.update(repeating: 0, count: nb * g.inChannels * plane)
        var row = 0
        for c in 0..<g.inChannels {
            for ki in 0..<g.kernelH {
                for kj in 0..<g.kernelW {
                    let srcRow = col + row * ld
                    for n in 0..<nb {
                        var d = target + (n * g.inChannels + c) * plane + ki * wp + kj
                        var s = srcRow + n * p
                        if sw == 1 {
                            for _ in 0..<oh { addRow(d, s, ow); s += ow; d += rowStep }
                        } else {
                            for _ in 0..<oh {
                                for q in 0..<ow { d[q * sw] += s[q] }
                                s += ow
                                d += rowStep
                            }
                        }
                    }
                    row += 1
                }
            }
        }
        if g.isPadded {
            // Crop the border: gradients that fell on padding belong to nothing.
            for plane in 0..<(nb * g.inChannels) {
                for r in 0..<g.height {
                    copyRow(dx + (plane * g.height + r) * g.width,
                            padded + (plane * hp + r + g.padH) * wp + g.padW, g.width)
                }
            }
        }
    }

    /// Copies the chunk's planes into zero-bordered planes of (H + 2ph) × (W + 2pw).
    static func pad(_ g: ConvGeometry, input x: UnsafePointer<Float>, examples nb: Int,
                    padded: UnsafeMutablePointer<Float>) {
        let hp = g.height + 2 * g.padH, wp = g.width + 2 * g.padW
        for plane in 0..<(nb * g.inChannels) {
            let d = padded + plane * hp * wp
            d.update(repeating: 0, count: g.padH * wp)
            for r in 0..<g.height {
                let line = d + (r + g.padH) * wp
                for q in 0..<g.padW { line[q] = 0 }
                copyRow(line + g.padW, x + (plane * g.height + r) * g.width, g.width)
                for q in (g.padW + g.width)..<wp { line[q] = 0 }
            }
            (d + (g.height + g.padH) * wp).update(repeating: 0, count: g.padH * wp)
        }
    }

    /// y = f(W ∗ x + b) for `count` examples (x NCHW, y NCHW; W is (F, C, kh, kw) row-major).
    public static func forward(_ g: ConvGeometry, input x: UnsafePointer<Float>, count: Int,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                               activation: Activation, output y: UnsafeMutablePointer<Float>, scratch: ConvScratch) {
        let p = g.outPlane, f = g.outChannels, k = g.patch
        var start = 0
        while start < count {
            let nb = min(scratch.examples, count - start)
            im2col(g, input: x + start * g.inputCount, examples: nb, columns: scratch.columns, padded: scratch.padded)
            if f <= smallForwardFilters && nb * p >= 16 {
                SmallGemm.smallM(m: f, n: nb * p, k: k, a: weight, lda: k, b: scratch.columns, ldb: nb * p,
                                 c: scratch.product, ldc: nb * p)
            } else {
                Gemm.multiply(transposeA: false, transposeB: false, m: f, n: nb * p, k: k, a: weight, lda: k,
                              b: scratch.columns, ldb: nb * p, beta: 0, c: scratch.product, ldc: nb * p)
            }
            for n in 0..<nb {
                let out = y + (start + n) * g.outputCount
                for channel in 0..<f {
                    activation.forward(scratch.product + channel * nb * p + n * p, out + channel * p, count: p,
                                       bias: bias[channel])
                }
            }
            start += nb
        }
    }

    /// Gradients of `count` examples given the layer's input x, its (post-activation) output y and
    /// dL/dy: weightGrad and biasGrad are overwritten with the sums over the examples; inputGrad,
    /// when given, is overwritten with dL/dx.
    public static func backward(_ g: ConvGeometry, input x: UnsafePointer<Float>, output y: UnsafePointer<Float>,
                                outputGrad dy: UnsafePointer<Float>, count: Int, weight: UnsafePointer<Float>,
                                activation: Activation, weightGrad: UnsafeMutablePointer<Float>,
                                biasGrad: UnsafeMutablePointer<Float>, inputGrad: UnsafeMutablePointer<Float>?,
                                scratch: ConvScratch) {
        let p = g.outPlane, f = g.outChannels, k = g.patch
        if count == 0 {
            weightGrad.update(repeating: 0, count: g.weightCount)
            biasGrad.update(repeating: 0, count: f)
            return
        }
        var start = 0
        while start < count {
            let nb = min(scratch.examples, count - start)
            let ld = nb * p
            // dL/d(pre-activation), gathered channel-major: product[f][n·P + q].
            for n in 0..<nb {
                let offset = (start + n) * g.outputCount
                for channel in 0..<f {
                    activation.backward(output: y + offset + channel * p, outputGrad: dy + offset + channel * p,
                                        inputGrad: scratch.product + channel * ld + n * p, count: p)
                }
            }
            for channel in 0..<f {
                let s = sum(scratch.product + channel * ld, count: ld)
                biasGrad[channel] = start == 0 ? s : biasGrad[channel] + s
            }
            im2col(g, input: x + start * g.inputCount, examples: nb, columns: scratch.columns, padded: scratch.padded)
            if f <= smallGradientFilters {
                SmallGemm.abt(m: f, n: k, k: ld, a: scratch.product, lda: ld, b: scratch.columns, ldb: ld,
                              beta: start == 0 ? 0 : 1, c: weightGrad, ldc: k)
            } else {
                Gemm.multiply(transposeA: false, transposeB: true, m: f, n: k, k: ld, a: scratch.product, lda: ld,
                              b: scratch.columns, ldb: ld, beta: start == 0 ? 0 : 1, c: weightGrad, ldc: k)
            }
            if let inputGrad {
                Gemm.multiply(transposeA: true, transposeB: false, m: k, n: ld, k: f, a: weight, lda: k,
                              b: scratch.product, ldb: ld, beta: 0, c: scratch.columns, ldc: ld)
                col2im(g, columns: scratch.columns, examples: nb, inputGrad: inputGrad + start * g.inputCount,
                       padded: scratch.padded)
            }
            start += nb
        }
    }
}

/// Sum of `count` floats in eight interleaved partial sums added in a fixed order (deterministic,
/// and more accurate than one running sum).
@inline(__always)
func sum(_ p: UnsafePointer<Float>, count: Int) -> Float {
    var acc = SIMD8<Float>(repeating: 0)
    var i = 0
    while i + 8 <= count { acc += load8(p + i); i += 8 }
    var tail: Float = 0
    while i < count { tail += p[i]; i += 1 }
    let a = (acc[0] + acc[4]) + (acc[1] + acc[5])
    let b = (acc[2] + acc[6]) + (acc[3] + acc[7])
    return (a + b) + tail
}

/// Copies `count` floats with 8-wide moves, the last one overlapping the previous (no scalar tail).
@inline(__always)
func copyRow(_ d: UnsafeMutablePointer<Float>, _ s: UnsafePointer<Float>, _ count: Int) {
    if count >= 8 {
        var i = 0
        while i + 8 < count { store8(load8(s + i), d + i); i += 8 }
        store8(load8(s + count - 8), d + count - 8)
    } else if count >= 4 {
        store4(load4(s), d)
        store4(load4(s + count - 4), d + count - 4)
    } else {
        for i in 0..<count { d[i] = s[i] }
    }
}

/// d[i] += s[i] for `count` floats.
@inline(__always)
func addRow(_ d: UnsafeMutablePointer<Float>, _ s: UnsafePointer<Float>, _ count: Int) {
    var i = 0
    while i + 8 <= count { store8(load8(d + i) + load8(s + i), d + i); i += 8 }
    if i + 4 <= count { store4(load4(d + i) + load4(s + i), d + i); i += 4 }
    while i < count { d[i] += s[i]; i += 1 }
}

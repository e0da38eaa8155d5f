/// Sizes of a 2-D convolution over one example: `inChannels × height × width` in,
/// `outChannels × outHeight × outWidth` out, with PyTorch's floor output size ⌊(n + 2p − k)/s⌋ + 1.
public struct ConvGeometry: Sendable, Equatable {
    public var inChannels: Int
    public var height: Int
    public var width: Int
    public var outChannels: Int
    public var kernelH: Int
    public var kernelW: Int
    public var strideH: Int
    public var strideW: Int
    public var padH: Int
    public var padW: Int

    public init(inChannels: Int, height: Int, width: Int, outChannels: Int, kernel: (Int, Int),
                stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0)) {
        self.inChannels = inChannels
        self.height = height
        self.width = width
        self.outChannels = outChannels
        (kernelH, kernelW) = kernel
        (strideH, strideW) = stride
        (padH, padW) = padding
    }

    public var outHeight: Int { (height + 2 * padH - kernelH) / strideH + 1 }
    public var outWidth: Int { (width + 2 * padW - kernelW) / strideW + 1 }
    /// Output positions per channel.
    public var outPlane: Int { outHeight * outWidth }
    /// Rows of the im2col matrix: inChannels · kernelH · kernelW (the weight matrix's columns).
    public var patch: Int { inChannels * kernelH * kernelW }
    public var inputCount: Int { inChannels * height * width }
    public var outputCount: Int { outChannels * outPlane }
    public var weightCount: Int { outChannels * patch }

    /// Throws unless every size is positive and the kernel fits the padded input.
    public func validate() throws {
        guard inChannels > 0, height > 0, width > 0, outChannels > 0, kernelH > 0, kernelW > 0,
              strideH > 0, strideW > 0, padH >= 0, padW >= 0,
              kernelH <= height + 2 * padH, kernelW <= width + 2 * padW
        else { throw EngineError.invalidArgument("convolution geometry does not fit: \(self)") }
    }

    /// Examples per im2col chunk so that the chunk's column matrix stays near `targetFloats`
    /// (cache-sized pieces; a chunk is at least one example).
    public func chunkExamples(targetFloats: Int = 1 << 17) -> Int {
        max(1, targetFloats / max(1, patch * outPlane))
    }
}

/// Scratch memory of a convolution: the im2col matrix and the product before it is scattered to
/// NCHW, each for `examples` examples at most.
public struct ConvScratch {
    /// Capacity `examples · patch · outPlane` floats (also reused for the column gradient).
    public var columns: UnsafeMutablePointer<Float>
    /// Capacity `examples · outChannels · outPlane` floats.
    public var product: UnsafeMutablePointer<Float>
    /// Examples per chunk.
    public var examples: Int

    public init(columns: UnsafeMutablePointer<Float>, product: UnsafeMutablePointer<Float>, examples: Int) {
        self.columns = columns
        self.product = product
        self.examples = max(1, examples)
    }
}

/// 2-D convolution (PyTorch's `nn.Conv2d`, cross-correlation) over NCHW batches, by im2col over
/// chunks of examples and `cblas_sgemm`.
///
/// A chunk of `nb` examples becomes the column matrix `col[patch, nb·P]` (row (c, i, j), column
/// (n, oh, ow)), so one product `W[F, patch] · col` covers the chunk; its rows (channel-major) are
/// scattered to NCHW with the bias and the following activation fused in.
public enum Conv2D {
    /// col[(c·kh + i)·kw + j][n·P + oh·OW + ow] = x[n, c, oh·sh − ph + i, ow·sw − pw + j] (0 outside).
    public static func im2col(_ g: ConvGeometry, input x: UnsafePointer<Float>, examples nb: Int,
                              columns col: UnsafeMutablePointer<Float>) {
        let oh = g.outHeight, ow = g.outWidth, p = oh * ow, ld = nb * p
        let h = g.height, w = g.width, sh = g.strideH, sw = g.strideW, plane = h * w
        var row = 0
        for c in 0..<g.inChannels {
            for ki in 0..<g.kernelH {
                for kj in 0..<g.kernelW {
                    let (lo, hi) = validColumns(kj, g)
                    let shift = kj - g.padW
                    let dstRow = col + row * ld
                    for n in 0..<nb {
                        let src = x + (n * g.inChannels + c) * plane
                        let dst = dstRow + n * p
                        for r in 0..<oh {
                            let ih = r * sh - g.padH + ki
                            let d = dst + r * ow
                            if ih < 0 || ih >= h {
                                for q in 0..<ow { d[q] = 0 }
                                continue
                            }
                            let s = src + ih * w
                            for q in 0..<lo { d[q] = 0 }
                            if sw == 1 {
                                let base = s + (lo + shift)
                                let dd = d + lo
                                for q in 0..<(hi - lo) { dd[q] = base[q] }
                            } else {
                                for q in lo..<hi { d[q] = s[q * sw + shift] }
                            }
                            for q in hi..<ow { d[q] = 0 }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// The inverse scatter: dx (the chunk's `nb` examples, overwritten) = Σ of every column entry
    /// added back to the input position it was copied from.
    public static func col2im(_ g: ConvGeometry, columns col: UnsafePointer<Float>, examples nb: Int,
                              inputGrad dx: UnsafeMutablePointer<Float>) {
        let oh = g.outHeight, ow = g.outWidth, p = oh * ow, ld = nb * p
        let h = g.height, w = g.width, sh = g.strideH, sw = g.strideW, plane = h * w
        dx.update(repeating: 0, count: nb * g.inputCount)
        var row = 0
        for c in 0..<g.inChannels {
            for ki in 0..<g.kernelH {
                for kj in 0..<g.kernelW {
                    let (lo, hi) = validColumns(kj, g)
                    let shift = kj - g.padW
                    let srcRow = col + row * ld
                    for n in 0..<nb {
                        let dst = dx + (n * g.inChannels + c) * plane
                        let src = srcRow + n * p
                        for r in 0..<oh {
                            let ih = r * sh - g.padH + ki
                            if ih < 0 || ih >= h { continue }
                            let s = src + r * ow
                            let d = dst + ih * w
                            if sw == 1 {
                                let base = d + (lo + shift)
                                let ss = s + lo
                                for q in 0..<(hi - lo) { base[q] += ss[q] }
                            } else {
                                for q in lo..<hi { d[q * sw + shift] += s[q] }
                            }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// Output columns ow in [lo, hi) whose input column ow·sw − pw + kj lies inside the image.
    @inline(__always)
    static func validColumns(_ kj: Int, _ g: ConvGeometry) -> (Int, Int) {
        let shift = kj - g.padW
        let lo = shift >= 0 ? 0 : (-shift + g.strideW - 1) / g.strideW
        let last = g.width - 1 - shift
        let hi = last < 0 ? 0 : min(g.outWidth, last / g.strideW + 1)
        return (min(lo, g.outWidth), max(min(lo, g.outWidth), hi))
    }

    /// y = f(W ∗ x + b) for `count` examples (x NCHW, y NCHW; W is (F, C, kh, kw) row-major).
    public static func forward(_ g: ConvGeometry, input x: UnsafePointer<Float>, count: Int,
                               weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                               activation: Activation, output y: UnsafeMutablePointer<Float>, scratch: ConvScratch) {
        let p = g.outPlane, f = g.outChannels, k = g.patch
        var start = 0
        while start < count {
            let nb = min(scratch.examples, count - start)
            im2col(g, input: x + start * g.inputCount, examples: nb, columns: scratch.columns)
            Gemm.multiply(transposeA: false, transposeB: false, m: f, n: nb * p, k: k, a: weight, lda: k,
                          b: scratch.columns, ldb: nb * p, beta: 0, c: scratch.product, ldc: nb * p)
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
            im2col(g, input: x + start * g.inputCount, examples: nb, columns: scratch.columns)
            Gemm.multiply(transposeA: false, transposeB: true, m: f, n: k, k: ld, a: scratch.product, lda: ld,
                          b: scratch.columns, ldb: ld, beta: start == 0 ? 0 : 1, c: weightGrad, ldc: k)
            if let inputGrad {
                Gemm.multiply(transposeA: true, transposeB: false, m: k, n: ld, k: f, a: weight, lda: k,
                              b: scratch.product, ldb: ld, beta: 0, c: scratch.columns, ldc: ld)
                col2im(g, columns: scratch.columns, examples: nb, inputGrad: inputGrad + start * g.inputCount)
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

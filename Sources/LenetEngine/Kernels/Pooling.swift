import LenetModel
import LenetSpec

/// The engine's checks of a pooling window (the geometry itself is the model's, shared with the emitter).
extension PoolGeometry {
    /// Throws unless the window fits and the sizes are positive (what PyTorch accepts).
    public func validate() throws {
        guard channels > 0, height > 0, width > 0, kernelH > 0, kernelW > 0, strideH > 0, strideW > 0,
              padH >= 0, padW >= 0, 2 * padH <= kernelH, 2 * padW <= kernelW,
              kernelH <= height + 2 * padH, kernelW <= width + 2 * padW
        else { throw EngineError.invalidArgument("pooling geometry does not fit: \(self)") }
    }

    /// Whether this is the common 2×2, stride 2, unpadded window over even planes (windows that
    /// tile the planes exactly).
    var isPlain2x2: Bool { isUnpadded2x2 && tilesExactly }

    /// A 2×2, stride 2, unpadded window over planes of any size (an odd last row or column is never
    /// used, as PyTorch floors): keras-mnist's 11×11 → 5×5.
    var isUnpadded2x2: Bool {
        kernelH == 2 && kernelW == 2 && strideH == 2 && strideW == 2 && padH == 0 && padW == 0
    }
}

/// Max and average pooling over NCHW batches (each (n, c) plane pooled independently).
///
/// Max pooling ignores padded positions (as if padded with −∞); ties go to the first maximum in
/// row-major window order and NaN wins, as in PyTorch's CPU kernel. Average pooling divides by the
/// whole window including padding (PyTorch's default `count_include_pad=True`).
public enum Pooling {
    /// Pools `count` examples. For max pooling, `indices` (one per output, the argmax offset within
    /// its input plane) is filled when given; the backward pass needs it.
    public static func forward(_ g: PoolGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                               indices: UnsafeMutablePointer<Int32>?, count: Int) {
        let planes = count * g.channels
        let inPlane = g.height * g.width, outPlane = g.outHeight * g.outWidth
        switch g.op {
        case .avg:
            if g.isPlain2x2 {
                average2x2(g, input: input, output: output, planes: planes)
                return
            }
            for plane in 0..<planes {
                let x = input + plane * inPlane, y = output + plane * outPlane
                for oh in 0..<g.outHeight {
                    let hs = oh * g.strideH - g.padH
                    let he = min(hs + g.kernelH, g.height + g.padH)
                    for ow in 0..<g.outWidth {
                        let ws = ow * g.strideW - g.padW
                        let we = min(ws + g.kernelW, g.width + g.padW)
                        let divisor = Float((he - hs) * (we - ws))
                        let h0 = max(hs, 0), h1 = min(he, g.height)
                        let w0 = max(ws, 0), w1 = min(we, g.width)
                        var sum: Float = 0
                        var ih = h0
                        while ih < h1 {
                            var iw = w0
                            while iw < w1 { sum += x[ih * g.width + iw]; iw += 1 }
                            ih += 1
                        }
                        y[oh * g.outWidth + ow] = sum / divisor
                    }
                }
            }
        case .max:
            if g.isUnpadded2x2 {
                max2x2(g, input: input, output: output, indices: indices, planes: planes)
                return
            }
            for plane in 0..<planes {
                let x = input + plane * inPlane, y = output + plane * outPlane
                let idx = indices.map { $0 + plane * outPlane }
                for oh in 0..<g.outHeight {
                    let hs = oh * g.strideH - g.padH
                    let h0 = max(hs, 0), h1 = min(hs + g.kernelH, g.height)
                    for ow in 0..<g.outWidth {
                        let ws = ow * g.strideW - g.padW
                        let w0 = max(ws, 0), w1 = min(ws + g.kernelW, g.width)
                        var best = -Float.infinity
                        var at = h0 * g.width + w0
                        var ih = h0
                        while ih < h1 {
                            var iw = w0
                            while iw < w1 {
                                let v = x[ih * g.width + iw]
                                if v > best || v.isNaN { best = v; at = ih * g.width + iw }
                                iw += 1
                            }
                            ih += 1
                        }
                        y[oh * g.outWidth + ow] = best
                        idx?[oh * g.outWidth + ow] = Int32(at)
                    }
                }
            }
        }
    }

    /// Input gradient of `count` examples: `inputGrad` is overwritten (zeroed, then every output's
    /// gradient added to the input(s) it came from; overlapping windows accumulate).
    public static func backward(_ g: PoolGeometry, outputGrad: UnsafePointer<Float>, indices: UnsafePointer<Int32>?,
                                inputGrad: UnsafeMutablePointer<Float>, count: Int) {
        let planes = count * g.channels
        let inPlane = g.height * g.width, outPlane = g.outHeight * g.outWidth
        if g.op == .avg && g.isPlain2x2 {
            average2x2Backward(g, outputGrad: outputGrad, inputGrad: inputGrad, planes: planes)
            return
        }
        inputGrad.update(repeating: 0, count: planes * inPlane)
        switch g.op {
        case .max:
            guard let indices else { return }
            for plane in 0..<planes {
                let dx = inputGrad + plane * inPlane
                let dy = outputGrad + plane * outPlane, idx = indices + plane * outPlane
                for o in 0..<outPlane { dx[Int(idx[o])] += dy[o] }
            }
        case .avg:
            for plane in 0..<planes {
                let dx = inputGrad + plane * inPlane, dy = outputGrad + plane * outPlane
                for oh in 0..<g.outHeight {
                    let hs = oh * g.strideH - g.padH
                    let he = min(hs + g.kernelH, g.height + g.padH)
                    for ow in 0..<g.outWidth {
                        let ws = ow * g.strideW - g.padW
                        let we = min(ws + g.kernelW, g.width + g.padW)
                        let share = dy[oh * g.outWidth + ow] / Float((he - hs) * (we - ws))
                        let h0 = max(hs, 0), h1 = min(he, g.height)
                        let w0 = max(ws, 0), w1 = min(we, g.width)
                        var ih = h0
                        while ih < h1 {
                            var iw = w0
                            while iw < w1 { dx[ih * g.width + iw] += share; iw += 1 }
                            ih += 1
                        }
                    }
                }
            }
        }
    }

    /// 2×2 stride-2 average over even planes: (a + b + c + d) / 4 summed in PyTorch's window order.
    private static func average2x2(_ g: PoolGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                                   planes: Int) {
        let w = g.width, oh = g.outHeight, ow = g.outWidth
        let rows = planes * oh
        for row in 0..<rows {
            // Rows of consecutive planes are contiguous: output row `row` reads input rows 2·row, 2·row+1.
            let top = input + 2 * row * w, bottom = top + w
            let y = output + row * ow
            for j in 0..<ow {
                var sum = top[2 * j]
                sum += top[2 * j + 1]
                sum += bottom[2 * j]
                sum += bottom[2 * j + 1]
                y[j] = sum / 4
            }
        }
    }

    /// 2×2 stride-2 unpadded max over planes of any size, with the generic path's rules (first
    /// maximum in window order a, b, c, d; NaN wins, the last NaN if several). An odd last input row
    /// or column is skipped; the vector loads stay inside the row, since the 2·ow floats an output
    /// row reads fit in its input row. Odd planes used to take the generic loop: keras-mnist's
    /// second pooling (64×11×11, batch 128) took 2.6 ms forward there, 0.4 here (`lenetc time`,
    /// 1 thread, alternating builds). Rows go 8 (or, when narrower, 4) outputs
    /// at a time with lane selects instead of branches on the data, which are a coin toss on real
    /// activations (the last vector of a row overlaps the one before it and recomputes the same
    /// values); rows narrower than 4, and nothing else, take the scalar loop.
    private static func max2x2(_ g: PoolGeometry, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                               indices: UnsafeMutablePointer<Int32>?, planes: Int) {
        let w = g.width, oh = g.outHeight, ow = g.outWidth
        let w32 = Int32(w)
        // Outputs per vector step: 8, or 4 for rows of 4 to 7 (the upper lanes then repeat the lower).
        let vector = ow >= 8 ? 8 : ow >= 4 ? 4 : 0
        let lanes = vector == 8 ? SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14) : SIMD8<Int32>(0, 2, 4, 6, 0, 2, 4, 6)
        let inPlane = g.height * w
        for row in 0..<(planes * oh) {
            // Output row r of a plane reads input rows 2r and 2r + 1 of that plane; indices count
            // from the start of the plane.
            let (plane, r) = row.quotientAndRemainder(dividingBy: oh)
            let top = input + plane * inPlane + 2 * r * w, bottom = top + w
            let y = output + row * ow
            let first = Int32(2 * r * w)
            var j = 0
            while vector > 0 && j < ow {
                let s = min(j, ow - vector)
                let (a0, b0) = deinterleave(top + 2 * s, vector), (c0, d0) = deinterleave(bottom + 2 * s, vector)
                let a = lanes &+ (first + Int32(2 * s))
                var best = a0, at = a
                maxStep(&best, &at, b0, a &+ 1)
                maxStep(&best, &at, c0, a &+ w32)
                maxStep(&best, &at, d0, a &+ (w32 + 1))
                if vector == 8 {
                    store8(best, y + s)
                    if let indices { UnsafeMutableRawPointer(indices + row * ow + s).storeBytes(of: at, as: SIMD8<Int32>.self) }
                } else {
                    store4(best.lowHalf, y + s)
                    if let indices { UnsafeMutableRawPointer(indices + row * ow + s).storeBytes(of: at.lowHalf, as: SIMD4<Int32>.self) }
                }
                j += vector
            }
            while j < ow {
                var best = top[2 * j], at = first + Int32(2 * j)
                var v = top[2 * j + 1]
                if v > best || v.isNaN { best = v; at = first + Int32(2 * j + 1) }
                v = bottom[2 * j]
                if v > best || v.isNaN { best = v; at = first + w32 + Int32(2 * j) }
                v = bottom[2 * j + 1]
                if v > best || v.isNaN { best = v; at = first + w32 + Int32(2 * j + 1) }
                y[j] = best
                indices?[row * ow + j] = at
                j += 1
            }
        }
    }

    /// The even- and odd-indexed floats of p[0..<2·width] (width 8 or 4; with 4, each result holds
    /// its 4 values twice).
    @inline(__always)
    private static func deinterleave(_ p: UnsafePointer<Float>, _ width: Int) -> (SIMD8<Float>, SIMD8<Float>) {
        let u = load8(p), v = width == 8 ? load8(p + 8) : u
        return (SIMD8(u[0], u[2], u[4], u[6], v[0], v[2], v[4], v[6]),
                SIMD8(u[1], u[3], u[5], u[7], v[1], v[3], v[5], v[7]))
    }

    /// Takes `v` (and its input index) in the lanes where it beats `best`: greater, or NaN. (Concrete
    /// types on purpose: a generic version was not specialised and ran 40 times slower.)
    @inline(__always)
    private static func maxStep(_ best: inout SIMD8<Float>, _ at: inout SIMD8<Int32>, _ v: SIMD8<Float>,
                                _ index: SIMD8<Int32>) {
        let take = (v .> best) .| (v .!= v)
        best.replace(with: v, where: take)
        at.replace(with: index, where: take)
    }

    private static func average2x2Backward(_ g: PoolGeometry, outputGrad: UnsafePointer<Float>,
                                           inputGrad: UnsafeMutablePointer<Float>, planes: Int) {
        let w = g.width, oh = g.outHeight, ow = g.outWidth
        let rows = planes * oh
        for row in 0..<rows {
            let top = inputGrad + 2 * row * w, bottom = top + w
            let dy = outputGrad + row * ow
            for j in 0..<ow {
                let share = dy[j] / 4
                top[2 * j] = share; top[2 * j + 1] = share
                bottom[2 * j] = share; bottom[2 * j + 1] = share
            }
        }
    }
}

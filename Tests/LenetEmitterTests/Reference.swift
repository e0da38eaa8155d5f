import Foundation
import LenetModel
import LenetRuntime
import LenetSpec

/// A deliberately plain network for checking emitted code on specs PyTorch fixtures do not cover:
/// every layer written from its definition with scalar loops over logical coordinates (padding by
/// bounds tests, no fusion, no tiling, no lanes), in Double. It shares nothing with the emitter but
/// the `Model`; its own agreement with PyTorch is checked on the fixtures too.
struct ReferenceNetwork {
    let model: Model

    struct Result {
        var logits: [Double]
        /// Mean loss over the batch.
        var loss: Double
        var correct: Int
        /// Gradients of the mean loss, by parameter name.
        var gradients: [String: [Double]]
    }

    /// Dropout masks as the emitted networks draw them: SeededRNG(seed:), dropout layers in order,
    /// examples in batch order, features row-major, one nextFloat() each.
    func masks(count: Int, seed: UInt64) -> [Int: [Double]] {
        var rng = SeededRNG(seed: seed)
        var out: [Int: [Double]] = [:]
        for (i, layer) in model.layers.enumerated() {
            guard case let .dropout(rate) = layer.op else { continue }
            let keep = Float(1 - rate), value = 1 / Float(1 - rate)
            out[i] = (0..<(count * layer.input.count)).map { _ in Double(rng.nextFloat() < keep ? value : 0) }
        }
        return out
    }

    /// Forward (and, when `labels` are given, the loss and backward) on `count` examples.
    func run(parameters: [String: [Float]], images: [Float], labels: [Int32]?, count: Int,
             dropoutSeed: UInt64 = 0, training: Bool = true) -> Result {
        let masks = training ? self.masks(count: count, seed: dropoutSeed) : [:]
        let p = parameters.mapValues { $0.map(Double.init) }
        let n0 = model.input.count
        // acts[i] is the input of layer i, per example; acts[layers.count] the logits.
        var acts: [[[Double]]] = [(0..<count).map { e in images[(e * n0)..<((e + 1) * n0)].map(Double.init) }]
        for (i, layer) in model.layers.enumerated() {
            acts.append((0..<count).map { e in
                forward(layer, acts[i][e], p, mask: masks[i].map { Array($0[(e * layer.input.count)..<((e + 1) * layer.input.count)]) })
            })
        }
        let logits = acts.last!
        let classes = model.output.count
        var result = Result(logits: logits.flatMap { $0 }, loss: 0, correct: 0, gradients: [:])
        guard let labels else { return result }

        var grads: [String: [Double]] = [:]
        for info in model.parameters { grads[info.name] = [Double](repeating: 0, count: info.count) }
        for e in 0..<count {
            let z = logits[e], label = Int(labels[e])
            let m = z.max()!
            let sum = z.reduce(0) { $0 + Foundation.exp($1 - m) }
            result.loss += (Foundation.log(sum) + m - z[label]) / Double(count)
            if z.firstIndex(of: m)! == label { result.correct += 1 }
            var g = (0..<classes).map { (Foundation.exp(z[$0] - m) / sum - ($0 == label ? 1 : 0)) / Double(count) }
            for (i, layer) in model.layers.enumerated().reversed() {
                let mask = masks[i].map { Array($0[(e * layer.input.count)..<((e + 1) * layer.input.count)]) }
                g = backward(layer, input: acts[i][e], output: acts[i + 1][e], grad: g, p, &grads, mask: mask)
            }
        }
        result.gradients = grads
        return result
    }

    private func dims(_ s: Shape) -> (Int, Int, Int) {
        switch s {
        case let .image(c, h, w): return (c, h, w)
        case let .flat(n): return (n, 1, 1)
        }
    }

    private func forward(_ layer: ModelLayer, _ x: [Double], _ p: [String: [Double]], mask: [Double]?) -> [Double] {
        let (c, h, w) = dims(layer.input), (oc, oh, ow) = dims(layer.output)
        switch layer.op {
        case let .conv(cv):
            let wt = p["\(layer.index).weight"]!, b = p["\(layer.index).bias"]!
            var y = [Double](repeating: 0, count: oc * oh * ow)
            for o in 0..<oc { for oy in 0..<oh { for ox in 0..<ow {
                var s = b[o]
                for i in 0..<c { for ky in 0..<cv.kernelH { for kx in 0..<cv.kernelW {
                    let iy = oy * cv.strideH + ky - cv.padH, ix = ox * cv.strideW + kx - cv.padW
                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                    s += wt[((o * c + i) * cv.kernelH + ky) * cv.kernelW + kx] * x[(i * h + iy) * w + ix]
                } } }
                y[(o * oh + oy) * ow + ox] = s
            } } }
            return y
        case let .pool(pl):
            var y = [Double](repeating: 0, count: oc * oh * ow)
            for ch in 0..<c { for oy in 0..<oh { for ox in 0..<ow {
                var best = -Double.infinity, sum = 0.0
                for ky in 0..<pl.kernelH { for kx in 0..<pl.kernelW {
                    let iy = oy * pl.strideH + ky - pl.padH, ix = ox * pl.strideW + kx - pl.padW
                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                    let v = x[(ch * h + iy) * w + ix]
                    if v > best { best = v }
                    sum += v
                } }
                y[(ch * oh + oy) * ow + ox] = pl.op == .max ? best : sum / Double(pl.kernelH * pl.kernelW)
            } } }
            return y
        case .flatten:
            return x
        case let .dense(d):
            let wt = p["\(layer.index).weight"]!, b = p["\(layer.index).bias"]!
            return (0..<d.outFeatures).map { j in
                (0..<d.inFeatures).reduce(b[j]) { $0 + wt[j * d.inFeatures + $1] * x[$1] }
            }
        case let .activation(kind):
            return x.map { v in
                switch kind {
                case .sigmoid: return 1 / (1 + Foundation.exp(-v))
                case .relu: return max(v, 0)
                case .tanh: return Foundation.tanh(v)
                }
            }
        case .dropout:
            guard let mask else { return x }
            return zip(x, mask).map { $0 * $1 }
        }
    }

    private func backward(_ layer: ModelLayer, input x: [Double], output y: [Double], grad g: [Double],
                          _ p: [String: [Double]], _ grads: inout [String: [Double]], mask: [Double]?) -> [Double] {
        let (c, h, w) = dims(layer.input), (oc, oh, ow) = dims(layer.output)
        switch layer.op {
        case let .conv(cv):
            let wt = p["\(layer.index).weight"]!
            var dx = [Double](repeating: 0, count: x.count)
            var dw = grads["\(layer.index).weight"]!, db = grads["\(layer.index).bias"]!
            for o in 0..<oc { for oy in 0..<oh { for ox in 0..<ow {
                let d = g[(o * oh + oy) * ow + ox]
                db[o] += d
                for i in 0..<c { for ky in 0..<cv.kernelH { for kx in 0..<cv.kernelW {
                    let iy = oy * cv.strideH + ky - cv.padH, ix = ox * cv.strideW + kx - cv.padW
                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                    let k = ((o * c + i) * cv.kernelH + ky) * cv.kernelW + kx
                    dw[k] += d * x[(i * h + iy) * w + ix]
                    dx[(i * h + iy) * w + ix] += d * wt[k]
                } } }
            } } }
            grads["\(layer.index).weight"] = dw
            grads["\(layer.index).bias"] = db
            return dx
        case let .pool(pl):
            var dx = [Double](repeating: 0, count: x.count)
            for ch in 0..<c { for oy in 0..<oh { for ox in 0..<ow {
                let d = g[(ch * oh + oy) * ow + ox]
                var best = -Double.infinity, at = -1
                for ky in 0..<pl.kernelH { for kx in 0..<pl.kernelW {
                    let iy = oy * pl.strideH + ky - pl.padH, ix = ox * pl.strideW + kx - pl.padW
                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                    let k = (ch * h + iy) * w + ix
                    if pl.op == .avg { dx[k] += d / Double(pl.kernelH * pl.kernelW) }
                    if x[k] > best { best = x[k]; at = k }
                } }
                if pl.op == .max { dx[at] += d }
            } } }
            return dx
        case .flatten:
            return g
        case let .dense(dn):
            let wt = p["\(layer.index).weight"]!
            var dw = grads["\(layer.index).weight"]!, db = grads["\(layer.index).bias"]!
            var dx = [Double](repeating: 0, count: dn.inFeatures)
            for j in 0..<dn.outFeatures {
                db[j] += g[j]
                for i in 0..<dn.inFeatures {
                    dw[j * dn.inFeatures + i] += g[j] * x[i]
                    dx[i] += g[j] * wt[j * dn.inFeatures + i]
                }
            }
            grads["\(layer.index).weight"] = dw
            grads["\(layer.index).bias"] = db
            return dx
        case let .activation(kind):
            return (0..<g.count).map { k in
                switch kind {
                case .sigmoid: return g[k] * y[k] * (1 - y[k])
                case .relu: return y[k] > 0 ? g[k] : 0
                case .tanh: return g[k] * (1 - y[k] * y[k])
                }
            }
        case .dropout:
            guard let mask else { return g }
            return zip(g, mask).map { $0 * $1 }
        }
    }
}

import Foundation
import LenetEngine
import LenetModel
import LenetRuntime
import LenetSpec

/// Naive double-precision implementations written straight from PyTorch's definitions; the
/// kernels are checked against them (forward) and against their finite differences (backward).
enum Reference {
    /// nn.Conv2d: y[n,f,oh,ow] = b[f] + Σ_{c,i,j} W[f,c,i,j]·x[n,c,oh·sh−ph+i, ow·sw−pw+j] (0 outside).
    static func conv(_ g: ConvGeometry, _ x: [Double], _ w: [Double], _ b: [Double], count: Int) -> [Double] {
        let oh = g.outHeight, ow = g.outWidth
        var y = [Double](repeating: 0, count: count * g.outChannels * oh * ow)
        for n in 0..<count {
            for f in 0..<g.outChannels {
                for r in 0..<oh {
                    for q in 0..<ow {
                        var s = b[f]
                        for c in 0..<g.inChannels {
                            for i in 0..<g.kernelH {
                                for j in 0..<g.kernelW {
                                    let ih = r * g.strideH - g.padH + i, iw = q * g.strideW - g.padW + j
                                    guard ih >= 0, ih < g.height, iw >= 0, iw < g.width else { continue }
                                    s += w[((f * g.inChannels + c) * g.kernelH + i) * g.kernelW + j]
                                        * x[((n * g.inChannels + c) * g.height + ih) * g.width + iw]
                                }
                            }
                        }
                        y[((n * g.outChannels + f) * oh + r) * ow + q] = s
                    }
                }
            }
        }
        return y
    }

    /// nn.MaxPool2d / nn.AvgPool2d (count_include_pad=True, floor mode).
    static func pool(_ g: PoolGeometry, _ x: [Double], count: Int) -> [Double] {
        let oh = g.outHeight, ow = g.outWidth
        var y = [Double](repeating: 0, count: count * g.channels * oh * ow)
        for plane in 0..<(count * g.channels) {
            for r in 0..<oh {
                for q in 0..<ow {
                    var best = -Double.infinity, sum = 0.0
                    for i in 0..<g.kernelH {
                        for j in 0..<g.kernelW {
                            let ih = r * g.strideH - g.padH + i, iw = q * g.strideW - g.padW + j
                            guard ih >= 0, ih < g.height, iw >= 0, iw < g.width else { continue }
                            let v = x[(plane * g.height + ih) * g.width + iw]
                            best = max(best, v)
                            sum += v
                        }
                    }
                    y[(plane * oh + r) * ow + q] = g.op == .max ? best : sum / Double(g.kernelH * g.kernelW)
                }
            }
        }
        return y
    }

    /// nn.Linear: y = x·Wᵀ + b.
    static func dense(_ x: [Double], _ w: [Double], _ b: [Double], count: Int, inFeatures: Int, outFeatures: Int) -> [Double] {
        var y = [Double](repeating: 0, count: count * outFeatures)
        for n in 0..<count {
            for o in 0..<outFeatures {
                var s = b[o]
                for i in 0..<inFeatures { s += w[o * inFeatures + i] * x[n * inFeatures + i] }
                y[n * outFeatures + o] = s
            }
        }
        return y
    }

    static func activate(_ a: Activation, _ x: [Double]) -> [Double] {
        switch a {
        case .identity: return x
        case .sigmoid: return x.map { 1 / (1 + Foundation.exp(-$0)) }
        case .tanh: return x.map { Foundation.tanh($0) }
        case .relu: return x.map { max($0, 0) }
        }
    }

    /// Mean softmax cross-entropy over the rows.
    static func crossEntropy(_ z: [Double], labels: [Int32], classes: Int) -> Double {
        var total = 0.0
        for n in 0..<labels.count {
            let row = Array(z[(n * classes)..<((n + 1) * classes)])
            let m = row.max()!
            let lse = m + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - m) })
            total += lse - row[Int(labels[n])]
        }
        return total / Double(labels.count)
    }

    /// The documented dropout masks of one batch: for each dropout layer in order, one
    /// `nextFloat()` per element (examples, then features); kept (× 1/(1−p)) when u < 1 − p.
    static func dropoutMasks(_ model: Model, count: Int, rng: inout SeededRNG) -> [Int: [Double]] {
        var masks: [Int: [Double]] = [:]
        for layer in model.layers {
            guard case let .dropout(p) = layer.op else { continue }
            let keep = Float(1 - p)
            let scale = p >= 1 ? 0 : Double(1 / Float(1 - p))
            masks[layer.index] = (0..<(count * layer.output.count)).map { _ in rng.nextFloat() < keep ? scale : 0 }
        }
        return masks
    }

    /// The whole model's mean loss, interpreting `model.layers` one by one (no fusion).
    static func loss(_ model: Model, parameters: [String: [Double]], input: [Double], labels: [Int32],
                     masks: [Int: [Double]]) -> Double {
        let count = labels.count
        var x = input
        for layer in model.layers {
            switch layer.op {
            case let .conv(g):
                guard let w = parameters["\(layer.index).weight"], let b = parameters["\(layer.index).bias"] else { return .nan }
                x = conv(g, x, w, b, count: count)
            case let .pool(g):
                x = pool(g, x, count: count)
            case .flatten:
                break
            case let .dense(d):
                guard let w = parameters["\(layer.index).weight"], let b = parameters["\(layer.index).bias"] else { return .nan }
                x = dense(x, w, b, count: count, inFeatures: d.inFeatures, outFeatures: d.outFeatures)
            case let .activation(kind):
                x = activate(Activation(kind), x)
            case .dropout:
                guard let mask = masks[layer.index], mask.count == x.count else { return .nan }
                x = zip(x, mask).map { $0 * $1 }
            }
        }
        return crossEntropy(x, labels: labels, classes: model.output.count)
    }
}

extension Array where Element == Float {
    var doubles: [Double] { map(Double.init) }
}

/// Central difference of f at element i of v (in Double).
func centralDifference(_ v: [Double], _ i: Int, h: Double = 1e-6, _ f: ([Double]) -> Double) -> Double {
    var plus = v, minus = v
    plus[i] += h
    minus[i] -= h
    return (f(plus) - f(minus)) / (2 * h)
}

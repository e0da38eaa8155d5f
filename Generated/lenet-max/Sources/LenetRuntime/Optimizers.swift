// SGD and Adam on flat parameter/gradient buffers, following torch.optim.SGD and torch.optim.Adam
// (single-tensor CPU implementation, dampening 0, maximize/amsgrad off) in float32.
//
// SGD, for each element, with lr the current rate:
//   g = grad + wd·p                          (only when wd ≠ 0)
//   first step:  buf = g;  later: buf = momentum·buf + g     (only when momentum ≠ 0)
//   g = nesterov ? g + momentum·buf : buf                     (only when momentum ≠ 0)
//   p = p − lr·g
// Adam, with t the step number from 1:
//   g = grad + wd·p                          (only when wd ≠ 0; L2 as in Adam, not AdamW)
//   m = lerp(m, g, 1 − β1);  v = β2·v + (1 − β2)·g²
//   p = p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
// Scalars are computed in Double and rounded to Float, as PyTorch passes Python floats to float32
// kernels; "a + α·b" updates are fused multiply-adds like PyTorch's vectorised `add(alpha:)` and
// `lerp`.
import Foundation

/// Which optimizer and its hyper-parameters (the learning rate here is the base rate; each update
/// gets the scheduled rate).
public enum OptimizerSettings: Sendable, Equatable {
    case sgd(lr: Double, momentum: Double, weightDecay: Double, nesterov: Bool)
    case adam(lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double)

    /// The base learning rate.
    public var lr: Double {
        switch self {
        case let .sgd(lr, _, _, _), let .adam(lr, _, _, _, _): return lr
        }
    }
}

/// A problem with optimizer inputs or saved state.
public struct OptimizerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problem: String
    public var description: String { "optimizer: \(problem)" }
}

/// The optimizer's saved state: the step count and its buffers by name (`momentum` for SGD with
/// momentum; `exp_avg` and `exp_avg_sq` for Adam), each as long as the parameter arena.
public struct OptimizerState: Sendable, Equatable {
    public var step: Int
    public var buffers: [String: [Float]]

    public init(step: Int, buffers: [String: [Float]]) {
        self.step = step
        self.buffers = buffers
    }
}

/// An optimizer over one flat parameter arena.
public struct FlatOptimizer: Sendable {
    public let settings: OptimizerSettings
    /// Floats in the arena it updates.
    public let count: Int
    /// Updates done so far.
    public private(set) var step: Int = 0
    /// SGD momentum buffer, or Adam's first moment (empty for plain SGD).
    private var first: [Float]
    /// Adam's second moment (empty for SGD).
    private var second: [Float]

    public init(settings: OptimizerSettings, parameterCount: Int) {
        self.settings = settings
        count = max(0, parameterCount)
        switch settings {
        case let .sgd(_, momentum, _, _):
            first = momentum != 0 ? [Float](repeating: 0, count: count) : []
            second = []
        case .adam:
            first = [Float](repeating: 0, count: count)
            second = [Float](repeating: 0, count: count)
        }
    }

    /// Names of the state buffers this optimizer keeps.
    public var bufferNames: [String] {
        switch settings {
        case let .sgd(_, momentum, _, _): return momentum != 0 ? ["momentum"] : []
        case .adam: return ["exp_avg", "exp_avg_sq"]
        }
    }

    /// Arenas at least this long are updated on several threads. Each element's update is the same
    /// arithmetic wherever the shares are cut, so the result does not depend on the thread count.
    /// Measured on tf-deep-mnist (3.27 M parameters, Adam, `lenetc time --threads 2`): the update
    /// took 5.0 ms of a 31 ms step on one thread, bound by its square roots and divisions, not by
    /// memory. Below this size the threads' start-up (tens of µs) costs more than they save.
    public static let minimumSplitCount = 1 << 18

    /// Runs `body` over `0..<count` cut into `threads` shares of whole cache lines, on as many threads.
    private static func shares(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let n = count >= FlatOptimizer.minimumSplitCount ? max(1, threads) : 1
        let share = (count + n - 1) / n
        let aligned = (share + 15) / 16 * 16
        parallel(n) { t in
            let lo = min(count, t * aligned), hi = min(count, lo + aligned)
            if lo < hi { body(lo..<hi) }
        }
    }

    /// One update of `parameters` from `gradients` (both `count` long) with learning rate `lr`, on up
    /// to `threads` threads (large arenas only; see `minimumSplitCount`).
    public mutating func update(parameters p: UnsafeMutableBufferPointer<Float>, gradients g: UnsafeBufferPointer<Float>,
                                lr: Double, threads: Int = 1) throws(OptimizerError) {
        guard p.count == count, g.count == count else {
            throw OptimizerError(problem: "expected \(count) parameters and gradients, got \(p.count) and \(g.count)")
        }
        guard count > 0 else { step += 1; return }
        let pp = p.baseAddress!, gg = g.baseAddress!, n = count
        switch settings {
        case let .sgd(_, momentum, weightDecay, nesterov):
            let negLR = Float(-lr), wd = Float(weightDecay), mom = Float(momentum)
            let firstStep = step == 0
            // One loop per combination of the flags, each with the flags as constants: a branch inside
            // the loop keeps the compiler from vectorising it (the update then costs as much as a
            // quarter of a LeNet training step). The arithmetic is the same in every variant.
            first.withUnsafeMutableBufferPointer { buf in
                let bb = buf.baseAddress
                @inline(__always) func loop(_ range: Range<Int>, _ decay: Bool, _ momentumOn: Bool, _ initial: Bool, _ nesterovOn: Bool) {
                    for i in range {
                        var d = gg[i]
                        if decay { d = d.addingProduct(wd, pp[i]) }
                        if momentumOn {
                            let b = initial ? d : bb![i] * mom + d
                            bb![i] = b
                            d = nesterovOn ? d.addingProduct(mom, b) : b
                        }
                        pp[i] = pp[i].addingProduct(negLR, d)
                    }
                }
                FlatOptimizer.shares(n, threads: threads) { r in
                    switch (wd != 0, mom != 0, firstStep, nesterov) {
                    case (false, false, _, _): loop(r, false, false, false, false)
                    case (true, false, _, _): loop(r, true, false, false, false)
                    case (false, true, true, false): loop(r, false, true, true, false)
                    case (false, true, false, false): loop(r, false, true, false, false)
                    case (false, true, true, true): loop(r, false, true, true, true)
                    case (false, true, false, true): loop(r, false, true, false, true)
                    case (true, true, true, false): loop(r, true, true, true, false)
                    case (true, true, false, false): loop(r, true, true, false, false)
                    case (true, true, true, true): loop(r, true, true, true, true)
                    case (true, true, false, true): loop(r, true, true, false, true)
                    }
                }
            }
        case let .adam(_, beta1, beta2, eps, weightDecay):
            let t = Double(step + 1)
            let correction1 = 1 - Foundation.pow(beta1, t)
            let correction2Root = (1 - Foundation.pow(beta2, t)).squareRoot()
            let negStep = Float(-(lr / correction1))
            let root2 = Float(correction2Root), epsilon = Float(eps), wd = Float(weightDecay)
            let weight = Float(1 - beta1), b2 = Float(beta2), oneMinusB2 = Float(1 - beta2)
            let small = abs(weight) < 0.5
            let complement = 1 - weight
            first.withUnsafeMutableBufferPointer { m in
                second.withUnsafeMutableBufferPointer { v in
                    // The same arithmetic on 8 values at a time (each lane rounds exactly as the scalar
                    // loop does: no operation is fused or reordered), then the tail one by one. The scalar
                    // loop alone spent 8 ms of tf-deep-mnist's 34 ms step on its 3.27 M square roots.
                    typealias T = SIMD8<Float>
                    @inline(__always) func update(_ i: Int, decay: Bool, lerpSmall: Bool) {
                        let p = UnsafeMutableRawPointer(pp + i), g = UnsafeRawPointer(gg + i)
                        let mi = UnsafeMutableRawPointer(m.baseAddress! + i), vi = UnsafeMutableRawPointer(v.baseAddress! + i)
                        var d = g.loadUnaligned(as: T.self)
                        let pv = p.loadUnaligned(as: T.self)
                        if decay { d = d.addingProduct(T(repeating: wd), pv) }
                        // torch.lerp(m, d, w): m + w·(d − m) for small w, else d − (d − m)·(1 − w).
                        let mv = mi.loadUnaligned(as: T.self)
                        let diff = d - mv
                        let mNew = lerpSmall ? mv.addingProduct(T(repeating: weight), diff)
                            : d.addingProduct(-diff, T(repeating: complement))
                        let vNew = (vi.loadUnaligned(as: T.self) * b2) + T(repeating: oneMinusB2) * d * d
                        let denom = vNew.squareRoot() / root2 + epsilon
                        mi.storeBytes(of: mNew, as: T.self)
                        vi.storeBytes(of: vNew, as: T.self)
                        p.storeBytes(of: pv + T(repeating: negStep) * mNew / denom, as: T.self)
                    }
                    @inline(__always) func run(_ range: Range<Int>, decay: Bool, lerpSmall: Bool) {
                        var i = range.lowerBound
                        while i + 8 <= range.upperBound { update(i, decay: decay, lerpSmall: lerpSmall); i += 8 }
                        while i < range.upperBound {
                            var d = gg[i]
                            if decay { d = d.addingProduct(wd, pp[i]) }
                            let diff = d - m[i]
                            m[i] = lerpSmall ? m[i].addingProduct(weight, diff) : d.addingProduct(-diff, complement)
                            v[i] = (v[i] * b2) + oneMinusB2 * d * d
                            let denom = v[i].squareRoot() / root2 + epsilon
                            pp[i] = pp[i] + negStep * m[i] / denom
                            i += 1
                        }
                    }
                    FlatOptimizer.shares(n, threads: threads) { r in
                        switch (wd != 0, small) {
                        case (false, true): run(r, decay: false, lerpSmall: true)
                        case (false, false): run(r, decay: false, lerpSmall: false)
                        case (true, true): run(r, decay: true, lerpSmall: true)
                        case (true, false): run(r, decay: true, lerpSmall: false)
                        }
                    }
                }
            }
        }
        step += 1
    }

    /// The state to checkpoint.
    public var state: OptimizerState {
        var buffers: [String: [Float]] = [:]
        switch settings {
        case let .sgd(_, momentum, _, _): if momentum != 0 { buffers["momentum"] = first }
        case .adam:
            buffers["exp_avg"] = first
            buffers["exp_avg_sq"] = second
        }
        return OptimizerState(step: step, buffers: buffers)
    }

    /// Continues from a saved state; throws when it lacks a buffer or has the wrong sizes.
    public mutating func restore(_ state: OptimizerState) throws(OptimizerError) {
        guard state.step >= 0 else { throw OptimizerError(problem: "negative step count \(state.step)") }
        let names = bufferNames
        for name in names {
            guard let buffer = state.buffers[name] else {
                throw OptimizerError(problem: "the saved state lacks the \(name) buffer")
            }
            guard buffer.count == count else {
                throw OptimizerError(problem: "the saved \(name) buffer has \(buffer.count) values, expected \(count)")
            }
        }
        if let extra = state.buffers.keys.sorted().first(where: { !names.contains($0) }) {
            throw OptimizerError(problem: "the saved state has a \(extra) buffer this optimizer does not use (another optimizer?)")
        }
        switch settings {
        case let .sgd(_, momentum, _, _): if momentum != 0 { first = state.buffers["momentum"]! }
        case .adam:
            first = state.buffers["exp_avg"]!
            second = state.buffers["exp_avg_sq"]!
        }
        step = state.step
    }
}

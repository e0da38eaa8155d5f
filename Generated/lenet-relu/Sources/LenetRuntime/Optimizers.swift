// SGD, Adam, AdamW, Adadelta, RMSprop and Adagrad on flat parameter/gradient buffers, following
// torch.optim (single-tensor CPU implementation, dampening 0, maximize/amsgrad off) in float32.
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
// AdamW: as Adam without the L2 term, after p = p·(1 − lr·wd) (decoupled weight decay).
// Adadelta:
//   g = grad + wd·p;  sq = ρ·sq + (1 − ρ)·g²
//   δ = √(acc + ε) / √(sq + ε) · g;  acc = ρ·acc + (1 − ρ)·δ²;  p = p − lr·δ
// RMSprop:
//   g = grad + wd·p;  sq = α·sq + (1 − α)·g²
//   centered: ga = lerp(ga, g, 1 − α); avg = √(sq − ga²) + ε;  else avg = √sq + ε
//   momentum: buf = μ·buf + g / avg; p = p − lr·buf;  else p = p − lr·g / avg
// Adagrad, with t the step number from 1 (sum starts at initial_accumulator_value):
//   g = grad + wd·p;  sum = sum + g²;  p = p − (lr / (1 + (t − 1)·lr_decay)) · g / (√sum + ε)
// Scalars are computed in Double and rounded to Float, as PyTorch passes Python floats to float32
// kernels; "a + α·b" updates are fused multiply-adds like PyTorch's vectorised `add(alpha:)` and
// `lerp`.
import Foundation

/// Which optimizer and its hyper-parameters (the learning rate here is the base rate; each update
/// gets the scheduled rate).
public enum OptimizerSettings: Sendable, Equatable {
    case sgd(lr: Double, momentum: Double, weightDecay: Double, nesterov: Bool)
    case adam(lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double)
    /// Adam with decoupled weight decay (torch.optim.AdamW).
    case adamw(lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double)
    case adadelta(lr: Double, rho: Double, eps: Double, weightDecay: Double)
    case rmsprop(lr: Double, alpha: Double, eps: Double, weightDecay: Double, momentum: Double, centered: Bool)
    case adagrad(lr: Double, lrDecay: Double, weightDecay: Double, initialAccumulator: Double, eps: Double)

    /// The base learning rate.
    public var lr: Double {
        switch self {
        case let .sgd(lr, _, _, _), let .adam(lr, _, _, _, _), let .adamw(lr, _, _, _, _), let .adadelta(lr, _, _, _),
             let .rmsprop(lr, _, _, _, _, _), let .adagrad(lr, _, _, _, _): return lr
        }
    }

    /// The same optimizer with another base learning rate (`--lr`).
    public func withLR(_ lr: Double) -> OptimizerSettings {
        switch self {
        case let .sgd(_, m, wd, n): return .sgd(lr: lr, momentum: m, weightDecay: wd, nesterov: n)
        case let .adam(_, b1, b2, eps, wd): return .adam(lr: lr, beta1: b1, beta2: b2, eps: eps, weightDecay: wd)
        case let .adamw(_, b1, b2, eps, wd): return .adamw(lr: lr, beta1: b1, beta2: b2, eps: eps, weightDecay: wd)
        case let .adadelta(_, rho, eps, wd): return .adadelta(lr: lr, rho: rho, eps: eps, weightDecay: wd)
        case let .rmsprop(_, alpha, eps, wd, m, c):
            return .rmsprop(lr: lr, alpha: alpha, eps: eps, weightDecay: wd, momentum: m, centered: c)
        case let .adagrad(_, decay, wd, initial, eps):
            return .adagrad(lr: lr, lrDecay: decay, weightDecay: wd, initialAccumulator: initial, eps: eps)
        }
    }

    /// torch.optim's name of the optimizer, as specs spell it (`adamw` for `torch.optim.AdamW`).
    public var name: String {
        switch self {
        case .sgd: return "sgd"
        case .adam: return "adam"
        case .adamw: return "adamw"
        case .adadelta: return "adadelta"
        case .rmsprop: return "rmsprop"
        case .adagrad: return "adagrad"
        }
    }

    /// Every setting in torch.optim's order, which is also the order of the case's labels: its
    /// torch.optim name, the case's labels (two for Adam's `betas`) and the values. The checkpoint's
    /// recipe, `check --format json` and an emitted `main.swift` all write the settings from this
    /// one list.
    public var fields: [(key: String, labels: [String], values: [OptimizerValue])] {
        switch self {
        case let .sgd(lr, momentum, weightDecay, nesterov):
            return [("lr", ["lr"], [.number(lr)]), ("momentum", ["momentum"], [.number(momentum)]),
                    ("weight_decay", ["weightDecay"], [.number(weightDecay)]), ("nesterov", ["nesterov"], [.flag(nesterov)])]
        case let .adam(lr, beta1, beta2, eps, weightDecay), let .adamw(lr, beta1, beta2, eps, weightDecay):
            return [("lr", ["lr"], [.number(lr)]), ("betas", ["beta1", "beta2"], [.number(beta1), .number(beta2)]), ("eps", ["eps"], [.number(eps)]),
                    ("weight_decay", ["weightDecay"], [.number(weightDecay)])]
        case let .adadelta(lr, rho, eps, weightDecay):
            return [("lr", ["lr"], [.number(lr)]), ("rho", ["rho"], [.number(rho)]), ("eps", ["eps"], [.number(eps)]),
                    ("weight_decay", ["weightDecay"], [.number(weightDecay)])]
        case let .rmsprop(lr, alpha, eps, weightDecay, momentum, centered):
            return [("lr", ["lr"], [.number(lr)]), ("alpha", ["alpha"], [.number(alpha)]), ("eps", ["eps"], [.number(eps)]),
                    ("weight_decay", ["weightDecay"], [.number(weightDecay)]), ("momentum", ["momentum"], [.number(momentum)]),
                    ("centered", ["centered"], [.flag(centered)])]
        case let .adagrad(lr, lrDecay, weightDecay, initial, eps):
            return [("lr", ["lr"], [.number(lr)]), ("lr_decay", ["lrDecay"], [.number(lrDecay)]), ("weight_decay", ["weightDecay"], [.number(weightDecay)]),
                    ("initial_accumulator_value", ["initialAccumulator"], [.number(initial)]), ("eps", ["eps"], [.number(eps)])]
        }
    }

    /// One setting's value.
    public enum OptimizerValue: Sendable, Equatable, CustomStringConvertible {
        case number(Double)
        case flag(Bool)

        /// As Swift prints it (`0.9`, `false`): the text of the checkpoint's recipe and of an emitted
        /// `main.swift`.
        public var description: String {
            switch self {
            case let .number(x): return "\(x)"
            case let .flag(b): return "\(b)"
            }
        }
    }

    /// The state buffers it keeps, under torch.optim's names (SGD's momentum buffer is `momentum`, as
    /// lenetc's first checkpoints named it).
    public var bufferNames: [String] {
        switch self {
        case let .sgd(_, momentum, _, _): return momentum != 0 ? ["momentum"] : []
        case .adam, .adamw: return ["exp_avg", "exp_avg_sq"]
        case .adadelta: return ["square_avg", "acc_delta"]
        case let .rmsprop(_, _, _, _, momentum, centered):
            return ["square_avg"] + (momentum > 0 ? ["momentum_buffer"] : []) + (centered ? ["grad_avg"] : [])
        case .adagrad: return ["sum"]
        }
    }
}

/// A problem with optimizer inputs or saved state.
public struct OptimizerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problem: String
    public var description: String { "optimizer: \(problem)" }
}

/// The optimizer's saved state: the step count and its buffers by name (`OptimizerSettings.bufferNames`:
/// `momentum` for SGD with momentum; `exp_avg` and `exp_avg_sq` for Adam), each as long as the
/// parameter arena.
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
    /// The buffers, in `settings.bufferNames` order: SGD's momentum; Adam's first moment; the
    /// square averages of Adadelta and RMSprop; Adagrad's sum. Empty for plain SGD.
    private var first: [Float]
    /// Adam's second moment, Adadelta's acc_delta, RMSprop's momentum buffer (or grad_avg when
    /// centered without momentum).
    private var second: [Float]
    /// RMSprop's grad_avg when it also has a momentum buffer.
    private var third: [Float]

    public init(settings: OptimizerSettings, parameterCount: Int) {
        self.settings = settings
        count = max(0, parameterCount)
        var initial: Float = 0
        if case let .adagrad(_, _, _, value, _) = settings { initial = Float(value) }
        let names = settings.bufferNames
        first = names.count > 0 ? [Float](repeating: initial, count: count) : []
        second = names.count > 1 ? [Float](repeating: 0, count: count) : []
        third = names.count > 2 ? [Float](repeating: 0, count: count) : []
    }

    /// Names of the state buffers this optimizer keeps.
    public var bufferNames: [String] { settings.bufferNames }

    /// Arenas at least this long are updated on several threads. Each element's update is the same
    /// arithmetic wherever the shares are cut, so the result does not depend on the thread count.
    /// Measured on tf-deep-mnist (3.27 M parameters, Adam, `lenetc time --threads 2`): the update
    /// took 5.0 ms of a 31 ms step on one thread, bound by its square roots and divisions, not by
    /// memory (4.0 ms since Adam divides once a value, not twice). Below this size the threads'
    /// start-up (tens of µs) costs more than they save.
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
        let gg = g.baseAddress!, n = count
        withRule(lr: lr, parameters: p.baseAddress!) { rule in
            FlatOptimizer.shares(n, threads: threads) { r in rule.apply(r, gradient: gg + r.lowerBound) }
        }
        step += 1
    }

    /// One update in which `body` applies the update of the arena's `fused` ranges itself, through
    /// the `FusedUpdate` it is handed (a network does so in its backward pass, while a layer's weight
    /// gradient is still in cache), and this updates the rest of the arena from `gradients` once `body`
    /// returns. `fused` holds sorted, disjoint ranges of the arena; `gradients` need not hold their
    /// values. Each value gets the same arithmetic as in `update(parameters:gradients:lr:threads:)`,
    /// so the bits are the same. When `body` throws, the rest of the arena and the step count stay as
    /// they were (a body that throws should apply nothing, as the training loop's does on a
    /// non-finite loss).
    public mutating func update<Result>(parameters p: UnsafeMutableBufferPointer<Float>, gradients g: UnsafeBufferPointer<Float>,
                                        lr: Double, threads: Int = 1, fusing fused: [Range<Int>],
                                        during body: (FusedUpdate) throws -> Result) throws -> Result {
        guard p.count == count, g.count == count else {
            throw OptimizerError(problem: "expected \(count) parameters and gradients, got \(p.count) and \(g.count)")
        }
        var last = 0
        for r in fused {
            guard r.lowerBound >= last, r.upperBound <= count else {
                throw OptimizerError(problem: "fused ranges must be sorted, disjoint and within the \(count) parameters; got \(fused)")
            }
            last = r.upperBound
        }
        guard count > 0 else {
            let result = try body(FusedUpdate(rule: nil))
            step += 1
            return result
        }
        let gg = g.baseAddress!, n = count
        let result = try withRule(lr: lr, parameters: p.baseAddress!) { rule in
            let result = try body(FusedUpdate(rule: rule))
            var lower = 0
            for r in fused + [n..<n] {
                let rest = lower..<r.lowerBound
                if !rest.isEmpty {
                    FlatOptimizer.shares(rest.count, threads: threads) { s in
                        let at = s.lowerBound + rest.lowerBound
                        rule.apply(at..<(s.upperBound + rest.lowerBound), gradient: gg + at)
                    }
                }
                lower = r.upperBound
            }
            return result
        }
        step += 1
        return result
    }

    /// Runs `body` with this step's rule (the next step's constants, at learning rate `lr`) over
    /// `parameters` and the state buffers.
    private mutating func withRule<Result>(lr: Double, parameters: UnsafeMutablePointer<Float>,
                                           _ body: (StepRule) throws -> Result) rethrows -> Result {
        let kind = StepRule.Kind(settings, lr: lr, step: step)
        return try first.withUnsafeMutableBufferPointer { a in
            try second.withUnsafeMutableBufferPointer { b in
                try third.withUnsafeMutableBufferPointer { c in
                    try body(StepRule(kind: kind, parameters: parameters, first: a.baseAddress, second: b.baseAddress, third: c.baseAddress))
                }
            }
        }
    }

    /// The state to checkpoint.
    public var state: OptimizerState {
        var buffers: [String: [Float]] = [:]
        for (name, buffer) in zip(bufferNames, [first, second, third]) { buffers[name] = buffer }
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
        if names.count > 0 { first = state.buffers[names[0]]! }
        if names.count > 1 { second = state.buffers[names[1]]! }
        if names.count > 2 { third = state.buffers[names[2]]! }
        step = state.step
    }
}

/// One step's update, handed to a network that applies it to some of the parameters itself (see
/// `FlatOptimizer.update(parameters:gradients:lr:threads:fusing:during:)`). Its threads may apply it
/// to disjoint ranges at the same time.
public struct FusedUpdate: @unchecked Sendable {
    fileprivate let rule: StepRule?

    /// Updates the arena's parameters `range` (a range the optimizer was told is fused), whose
    /// gradients are the `range.count` floats at `gradient`.
    @inline(__always)
    public func apply(_ range: Range<Int>, gradient: UnsafePointer<Float>) {
        rule?.apply(range, gradient: gradient)
    }
}

/// One step of an optimizer over the parameter arena and its state buffers: the step's constants
/// (scalars computed in Double and rounded to Float, see the top of this file) and their addresses.
fileprivate struct StepRule {
    enum Kind {
        case sgd(negLR: Float, wd: Float, momentum: Float, firstStep: Bool, nesterov: Bool)
        /// Adam and AdamW: `keep` is AdamW's 1 − lr·wd (1 and unused for Adam), `wd` Adam's L2 term.
        case adam(keep: Float, decoupled: Bool, wd: Float, scaledStep: Float, scaledEpsilon: Float, weight: Float, beta2: Float,
                  oneMinusBeta2: Float)
        case adadelta(rho: Float, oneMinusRho: Float, eps: Float, wd: Float, negLR: Float)
        case rmsprop(alpha: Float, oneMinusAlpha: Float, eps: Float, wd: Float, momentum: Float, negLR: Float, centered: Bool)
        case adagrad(negLR: Float, eps: Float, wd: Float)

        /// The constants of update number `step + 1` at learning rate `lr`.
        init(_ settings: OptimizerSettings, lr: Double, step: Int) {
            switch settings {
            case let .sgd(_, momentum, weightDecay, nesterov):
                self = .sgd(negLR: Float(-lr), wd: Float(weightDecay), momentum: Float(momentum), firstStep: step == 0, nesterov: nesterov)
            case let .adam(_, beta1, beta2, eps, weightDecay), let .adamw(_, beta1, beta2, eps, weightDecay):
                var adamw = false
                if case .adamw = settings { adamw = true }
                let t = Double(step + 1)
                let correction1 = 1 - Foundation.pow(beta1, t)
                let correction2Root = (1 - Foundation.pow(beta2, t)).squareRoot()
                // torch.optim's step, m / (√v / √(1 − β₂ᵗ) + ε), with √(1 − β₂ᵗ) moved to the
                // numerator: √(1 − β₂ᵗ)·m / (√v + √(1 − β₂ᵗ)·ε), the same number up to rounding, one
                // division fewer a value. The divider, which the square root shares, bounded this loop
                // then, not memory: tf-deep-mnist's update (3.27 M values, `lenetc time`, three alternating
                // runs each) 4.5-4.6 → 4.0 ms on one thread, 2.4-3.0 → 2.05-2.2 ms on two. (The square
                // root was then eight scalar instructions a vector; see `VectorMath.squareRoot`.)
                // AdamW decays the parameter itself (only when wd ≠ 0); Adam adds wd·p to the gradient.
                self = .adam(keep: adamw ? Float(1 - lr * weightDecay) : 1, decoupled: adamw && weightDecay != 0,
                             wd: adamw ? 0 : Float(weightDecay),
                             scaledStep: Float(-(lr / correction1) * correction2Root), scaledEpsilon: Float(eps * correction2Root),
                             weight: Float(1 - beta1), beta2: Float(beta2), oneMinusBeta2: Float(1 - beta2))
            case let .adadelta(_, rho, eps, weightDecay):
                self = .adadelta(rho: Float(rho), oneMinusRho: Float(1 - rho), eps: Float(eps), wd: Float(weightDecay), negLR: Float(-lr))
            case let .rmsprop(_, alpha, eps, weightDecay, momentum, centered):
                self = .rmsprop(alpha: Float(alpha), oneMinusAlpha: Float(1 - alpha), eps: Float(eps), wd: Float(weightDecay),
                                momentum: Float(momentum), negLR: Float(-lr), centered: centered)
            case let .adagrad(_, lrDecay, weightDecay, _, eps):
                self = .adagrad(negLR: Float(-(lr / (1 + Double(step) * lrDecay))), eps: Float(eps), wd: Float(weightDecay))
            }
        }
    }

    let kind: Kind
    let parameters: UnsafeMutablePointer<Float>
    /// The state buffers in `FlatOptimizer`'s order (nil where the optimizer keeps fewer).
    let first: UnsafeMutablePointer<Float>?
    let second: UnsafeMutablePointer<Float>?
    let third: UnsafeMutablePointer<Float>?

    /// Updates parameters `range`, whose gradients are the `range.count` floats at `gradient`.
    func apply(_ range: Range<Int>, gradient: UnsafePointer<Float>) {
        guard !range.isEmpty else { return }
        let pp = parameters, lo = range.lowerBound
        switch kind {
        case let .sgd(negLR, wd, mom, firstStep, nesterov):
            // One loop per combination of the flags, each with the flags as constants: a branch inside
            // the loop keeps the compiler from vectorising it (the update then costs as much as a
            // quarter of a LeNet training step). The arithmetic is the same in every variant.
            let bb = first
            @inline(__always) func loop(_ decay: Bool, _ momentumOn: Bool, _ initial: Bool, _ nesterovOn: Bool) {
                for i in range {
                    var d = gradient[i - lo]
                    if decay { d = d.addingProduct(wd, pp[i]) }
                    if momentumOn {
                        let b = initial ? d : bb![i] * mom + d
                        bb![i] = b
                        d = nesterovOn ? d.addingProduct(mom, b) : b
                    }
                    pp[i] = pp[i].addingProduct(negLR, d)
                }
            }
            switch (wd != 0, mom != 0, firstStep, nesterov) {
            case (false, false, _, _): loop(false, false, false, false)
            case (true, false, _, _): loop(true, false, false, false)
            case (false, true, true, false): loop(false, true, true, false)
            case (false, true, false, false): loop(false, true, false, false)
            case (false, true, true, true): loop(false, true, true, true)
            case (false, true, false, true): loop(false, true, false, true)
            case (true, true, true, false): loop(true, true, true, false)
            case (true, true, false, false): loop(true, true, false, false)
            case (true, true, true, true): loop(true, true, true, true)
            case (true, true, false, true): loop(true, true, false, true)
            }
        case let .adam(keep, decoupled, wd, scaledStep, scaledEpsilon, weight, b2, oneMinusB2):
            let mm = first!, vv = second!
            let small = abs(weight) < 0.5, complement = 1 - weight
            // 8 values at a time: the scalar loop alone spent 8 ms of tf-deep-mnist's 34 ms step on its
            // 3.27 M square roots.
            @inline(__always) func at(_ i: Int, _ n: Int, decayed: Bool, decay: Bool, lerpSmall: Bool) {
                var d = load(gradient + (i - lo), n)
                // AdamW's param.mul_(1 − lr·wd) before the moments, as torch.optim.AdamW does.
                let pv = decayed ? load(pp + i, n) * V8(repeating: keep) : load(pp + i, n)
                if decay { d = d.addingProduct(V8(repeating: wd), pv) }
                // torch.lerp(m, d, w): m + w·(d − m) for small w, else d − (d − m)·(1 − w).
                let mv = load(mm + i, n)
                let diff = d - mv
                let mNew = lerpSmall ? mv.addingProduct(V8(repeating: weight), diff) : d.addingProduct(-diff, V8(repeating: complement))
                let vNew = (load(vv + i, n) * V8(repeating: b2)) + V8(repeating: oneMinusB2) * d * d
                let denom = sqrt8(vNew) + V8(repeating: scaledEpsilon)
                mNew.store(mm + i, n)
                vNew.store(vv + i, n)
                (pv + V8(repeating: scaledStep) * mNew / denom).store(pp + i, n)
            }
            @inline(__always) func run(decayed: Bool, decay: Bool, lerpSmall: Bool) {
                byLanes(range) { at($0, $1, decayed: decayed, decay: decay, lerpSmall: lerpSmall) }
            }
            switch (decoupled, wd != 0, small) {
            case (false, false, true): run(decayed: false, decay: false, lerpSmall: true)
            case (false, false, false): run(decayed: false, decay: false, lerpSmall: false)
            case (false, true, true): run(decayed: false, decay: true, lerpSmall: true)
            case (false, true, false): run(decayed: false, decay: true, lerpSmall: false)
            case (true, _, true): run(decayed: true, decay: false, lerpSmall: true)
            case (true, _, false): run(decayed: true, decay: false, lerpSmall: false)
            }
        case let .adadelta(r, oneMinusR, epsilon, wd, negLR):
            let sqp = first!, accp = second!
            @inline(__always) func at(_ i: Int, _ n: Int, decay: Bool) {
                var d = load(gradient + (i - lo), n)
                let pv = load(pp + i, n)
                if decay { d = d.addingProduct(V8(repeating: wd), pv) }
                let square = load(sqp + i, n) * V8(repeating: r) + V8(repeating: oneMinusR) * d * d
                let std = sqrt8(square + V8(repeating: epsilon))
                let a = load(accp + i, n)
                let delta = sqrt8(a + V8(repeating: epsilon)) / std * d
                square.store(sqp + i, n)
                (a * V8(repeating: r) + V8(repeating: oneMinusR) * delta * delta).store(accp + i, n)
                pv.addingProduct(V8(repeating: negLR), delta).store(pp + i, n)
            }
            if wd != 0 { byLanes(range) { at($0, $1, decay: true) } } else { byLanes(range) { at($0, $1, decay: false) } }
        case let .rmsprop(a, oneMinusA, epsilon, wd, mom, negLR, centered):
            let weight = oneMinusA, small = abs(weight) < 0.5, complement = 1 - weight
            // Buffers in bufferNames order: square_avg, then momentum_buffer and grad_avg when used.
            let withMomentum = mom > 0
            let buf = withMomentum ? second : nil
            let avgBuffer = centered ? (withMomentum ? third : second) : nil
            let sqp = first!
            @inline(__always) func at(_ i: Int, _ n: Int, decay: Bool, centeredOn: Bool, momentumOn: Bool) {
                var d = load(gradient + (i - lo), n)
                let pv = load(pp + i, n)
                if decay { d = d.addingProduct(V8(repeating: wd), pv) }
                let square = load(sqp + i, n) * V8(repeating: a) + V8(repeating: oneMinusA) * d * d
                square.store(sqp + i, n)
                var avg: V8
                if centeredOn {
                    let ga = load(avgBuffer! + i, n), diff = d - ga
                    let next = small ? ga.addingProduct(V8(repeating: weight), diff) : d.addingProduct(-diff, V8(repeating: complement))
                    next.store(avgBuffer! + i, n)
                    avg = sqrt8(square - next * next)
                } else {
                    avg = sqrt8(square)
                }
                avg = avg + V8(repeating: epsilon)
                if momentumOn {
                    let b = load(buf! + i, n) * V8(repeating: mom) + d / avg
                    b.store(buf! + i, n)
                    pv.addingProduct(V8(repeating: negLR), b).store(pp + i, n)
                } else {
                    (pv + V8(repeating: negLR) * d / avg).store(pp + i, n)
                }
            }
            @inline(__always) func loop(_ decay: Bool, _ centeredOn: Bool, _ momentumOn: Bool) {
                byLanes(range) { at($0, $1, decay: decay, centeredOn: centeredOn, momentumOn: momentumOn) }
            }
            switch (wd != 0, centered, withMomentum) {
            case (false, false, false): loop(false, false, false)
            case (false, false, true): loop(false, false, true)
            case (false, true, false): loop(false, true, false)
            case (false, true, true): loop(false, true, true)
            case (true, false, false): loop(true, false, false)
            case (true, false, true): loop(true, false, true)
            case (true, true, false): loop(true, true, false)
            case (true, true, true): loop(true, true, true)
            }
        case let .adagrad(negCLR, epsilon, wd):
            let sp = first!
            @inline(__always) func at(_ i: Int, _ n: Int, decay: Bool) {
                var d = load(gradient + (i - lo), n)
                let pv = load(pp + i, n)
                if decay { d = d.addingProduct(V8(repeating: wd), pv) }
                let total = load(sp + i, n) + d * d
                total.store(sp + i, n)
                let std = sqrt8(total) + V8(repeating: epsilon)
                (pv + V8(repeating: negCLR) * d / std).store(pp + i, n)
            }
            if wd != 0 { byLanes(range) { at($0, $1, decay: true) } } else { byLanes(range) { at($0, $1, decay: false) } }
        }
    }
}

private typealias V8 = SIMD8<Float>

/// √x lane by lane (`VectorMath.squareRoot`: one instruction, the bits of the scalar square root).
@_transparent
private func sqrt8(_ x: V8) -> V8 { VectorMath.squareRoot(x) }

// The adaptive optimizers' updates run 8 values at a time, the tail too (its missing lanes hold zeros
// and are never stored). Each lane of a SIMD8 operation rounds exactly as the scalar operation does
// (Swift fuses and reorders nothing), so the bits are those of a loop over one value at a time.

/// Runs `body(i, n)` over `range` in runs of n = 8 values starting at i, the last run shorter.
@inline(__always)
private func byLanes(_ range: Range<Int>, _ body: (_ i: Int, _ n: Int) -> Void) {
    var i = range.lowerBound
    while i + 8 <= range.upperBound { body(i, 8); i += 8 }
    if i < range.upperBound { body(i, range.upperBound - i) }
}

/// The n (1...8) values at p, zeros after them.
@inline(__always)
private func load(_ p: UnsafePointer<Float>, _ n: Int) -> V8 {
    if n == 8 { return UnsafeRawPointer(p).loadUnaligned(as: V8.self) }
    var v = V8()
    for k in 0..<n { v[k] = p[k] }
    return v
}

extension SIMD8 where Scalar == Float {
    /// Stores the first n (1...8) lanes at p.
    @inline(__always)
    fileprivate func store(_ p: UnsafeMutablePointer<Float>, _ n: Int) {
        if n == 8 { UnsafeMutableRawPointer(p).storeBytes(of: self, as: SIMD8<Float>.self); return }
        for k in 0..<n { p[k] = self[k] }
    }
}

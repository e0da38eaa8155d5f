// Learning-rate schedules and the epoch/iteration bookkeeping of a run.
//
// Counting: epochs and iterations are 0-based when passed to `rate`; the rate of epoch e, iteration
// i is the one used for the update of that iteration.
//
// A run is either a number of epochs (d2l) or of iterations (Caffe's max_iter). In both, an epoch is
// one pass over a fresh permutation of the training set in ⌈trainCount / batch⌉ mini-batches (the
// last one partial, like PyTorch's DataLoader without drop_last). With iterations, epoch e covers
// iterations e·B ..< (e+1)·B where B = batches per epoch, i.e. iteration i is in epoch ⌊i / B⌋ and
// the last epoch stops early when the budget runs out; there are ⌈iterations / B⌉ epochs.
//
// Which clock each schedule follows:
//   constant  lr
//   step      lr·γ^⌊t / stepSize⌋ with t the epoch (PyTorch's StepLR stepped per epoch), or with
//             iterations the iteration (Caffe's step policy; the spec checker warns about this)
//   cosine    minLR + (lr − minLR)(1 + cos(π t / T))/2 (closed form of PyTorch's CosineAnnealingLR):
//             t = epoch, T = epochs of the run; with iterations t = iteration, T = iterations
//   inv       lr·(1 + γ·i)^(−power), i the iteration (Caffe's inv), in both kinds of run
//   exponential  lr·γ^t, t the epoch (PyTorch's ExponentialLR), or with iterations the iteration
//             (Caffe's exp)
//   multistep lr·γ^(milestones ≤ t), t as for step (PyTorch's MultiStepLR, Caffe's multistep)
//
// The clock is the spec's: `--iterations` on an epochs spec (or `--epochs` on an iterations spec)
// changes how long the run lasts, not what its schedule counts (`ScheduleClock`).
import Foundation

/// A learning-rate schedule (the spec's `schedule:`).
public enum LRSchedule: Sendable, Equatable {
    case constant
    case step(stepSize: Int, gamma: Double)
    case cosine(minLR: Double)
    case inv(gamma: Double, power: Double)
    case exponential(gamma: Double)
    /// `milestones` ascending.
    case multistep(milestones: [Int], gamma: Double)
}

/// What a schedule's `t` counts: epochs (PyTorch's schedulers stepped once an epoch) or iterations
/// (Caffe's policies).
public enum ScheduleClock: String, Sendable, Equatable {
    case epochs, iterations
}

/// How long a run lasts.
public enum RunLength: Sendable, Equatable {
    case epochs(Int)
    case iterations(Int)

    /// What the length counts (the default clock of its schedule).
    public var clock: ScheduleClock {
        if case .iterations = self { return .iterations }
        return .epochs
    }
}

/// The shape of a run: batches per epoch, epochs, iterations.
public struct EpochPlan: Sendable, Equatable {
    public let trainCount: Int
    public let batch: Int
    public let length: RunLength

    /// Throws unless trainCount, batch and the length are all positive.
    public init(trainCount: Int, batch: Int, length: RunLength) throws(LearningRateError) {
        guard trainCount > 0 else { throw LearningRateError(problem: "the training set is empty") }
        guard batch > 0 else { throw LearningRateError(problem: "the batch size must be positive, not \(batch)") }
        switch length {
        case let .epochs(n) where n <= 0, let .iterations(n) where n <= 0:
            throw LearningRateError(problem: "the run length must be positive, not \(n)")
        default: break
        }
        self.trainCount = trainCount
        self.batch = batch
        self.length = length
    }

    /// ⌈trainCount / batch⌉.
    public var batchesPerEpoch: Int { (trainCount + batch - 1) / batch }

    /// Total mini-batch updates of the run.
    public var totalIterations: Int {
        switch length {
        case let .epochs(n):
            let (v, overflow) = n.multipliedReportingOverflow(by: batchesPerEpoch)
            return overflow ? Int.max : v
        case let .iterations(n): return n
        }
    }

    /// Epochs of the run (the last may be partial with iterations).
    public var totalEpochs: Int {
        switch length {
        case let .epochs(n): return n
        case let .iterations(n): return (n + batchesPerEpoch - 1) / batchesPerEpoch
        }
    }

    /// Batches run in epoch `epoch` (0-based): batchesPerEpoch, except a last partial epoch.
    public func batches(inEpoch epoch: Int) -> Int {
        guard epoch >= 0, epoch < totalEpochs else { return 0 }
        let before = epoch * batchesPerEpoch
        return min(batchesPerEpoch, totalIterations - before)
    }

    /// Examples in batch `index` (0-based) of an epoch: `batch`, or what is left for the last one.
    public func examples(inBatch index: Int) -> Int {
        max(0, min(batch, trainCount - index * batch))
    }
}

/// A problem with a run's settings.
public struct LearningRateError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problem: String
    public var description: String { problem }
}

/// The learning rate of every iteration of a run.
public struct LearningRate: Sendable, Equatable {
    public var base: Double
    public var schedule: LRSchedule
    public var plan: EpochPlan
    /// What the schedule counts; by default what the run's length counts.
    public var clock: ScheduleClock

    public init(base: Double, schedule: LRSchedule, plan: EpochPlan, clock: ScheduleClock? = nil) {
        self.base = base
        self.schedule = schedule
        self.plan = plan
        self.clock = clock ?? plan.length.clock
    }

    /// The rate for the update of iteration `iteration` (0-based, counted over the whole run),
    /// which lies in epoch `epoch` (0-based).
    public func rate(epoch: Int, iteration: Int) -> Double {
        let byIterations = clock == .iterations
        switch schedule {
        case .constant:
            return base
        case let .step(stepSize, gamma):
            let t = byIterations ? iteration : epoch
            return base * Foundation.pow(gamma, Double(t / max(1, stepSize)))
        case let .cosine(minLR):
            let t = Double(byIterations ? iteration : epoch)
            let total = Double(max(1, byIterations ? plan.totalIterations : plan.totalEpochs))
            return minLR + (base - minLR) * (1 + Foundation.cos(Double.pi * t / total)) / 2
        case let .inv(gamma, power):
            return base * Foundation.pow(1 + gamma * Double(iteration), -power)
        case let .exponential(gamma):
            return base * Foundation.pow(gamma, Double(byIterations ? iteration : epoch))
        case let .multistep(milestones, gamma):
            // PyTorch's closed form: gamma ** bisect_right(milestones, t).
            let t = byIterations ? iteration : epoch
            return base * Foundation.pow(gamma, Double(milestones.filter { $0 <= t }.count))
        }
    }

    /// The rate for iteration `iteration` of the run, its epoch derived from the plan.
    public func rate(iteration: Int) -> Double {
        rate(epoch: iteration / plan.batchesPerEpoch, iteration: iteration)
    }
}

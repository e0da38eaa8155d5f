import LenetModel
import LenetRuntime
import LenetSpec

/// Model-stage names mapped onto the runtime's plain types (the runtime files must not import
/// LenetModel, because they are copied into emitted packages).
extension WeightInit {
    public init(_ name: InitName) {
        switch name {
        case .xavierUniform: self = .xavierUniform
        case .xavierNormal: self = .xavierNormal
        case .kaimingUniform: self = .kaimingUniform
        case .kaimingNormal: self = .kaimingNormal
        }
    }
}

extension OptimizerSettings {
    public init(_ optimizer: Optimizer) {
        switch optimizer {
        case let .sgd(lr, momentum, weightDecay, nesterov):
            self = .sgd(lr: lr, momentum: momentum, weightDecay: weightDecay, nesterov: nesterov)
        case let .adam(lr, beta1, beta2, eps, weightDecay):
            self = .adam(lr: lr, beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay)
        }
    }
}

extension LRSchedule {
    public init(_ schedule: Schedule) {
        switch schedule {
        case .constant: self = .constant
        case let .step(stepSize, gamma): self = .step(stepSize: stepSize, gamma: gamma)
        case let .cosine(minLR): self = .cosine(minLR: minLR)
        case let .inv(gamma, power): self = .inv(gamma: gamma, power: power)
        }
    }
}

extension RunLength {
    public init(_ duration: Duration) {
        switch duration {
        case let .epochs(n): self = .epochs(n)
        case let .iterations(n): self = .iterations(n)
        }
    }
}

import LenetRuntime
import LenetSpec

/// Fills in d2l's recipe where `train:` is silent, and checks values that depend on each other.
enum TrainBuilder {
    static func build(_ spec: TrainSpec, specLocation: SourceLocation, bag: inout DiagnosticBag) -> TrainConfig? {
        var ok = true
        var optimizer = OptimizerSettings.sgd(lr: 0.9, momentum: 0, weightDecay: 0, nesterov: false)
        switch spec.optimizer?.value {
        case nil: break
        case let .sgd(sgd)?:
            let momentum = sgd.momentum?.value ?? 0
            let nesterov = sgd.nesterov?.value ?? false
            if nesterov && momentum == 0, let at = sgd.nesterov?.location {
                bag.error("nesterov needs a momentum above 0", at: at,
                          hint: "add e.g. `momentum: 0.9`, or drop `nesterov`")
                ok = false
            }
            optimizer = .sgd(lr: sgd.lr?.value ?? 0.9, momentum: momentum, weightDecay: sgd.weightDecay?.value ?? 0,
                             nesterov: nesterov)
        case let .adam(adam)?:
            let betas = adam.betas?.value.map(\.value) ?? [0.9, 0.999]
            optimizer = .adam(lr: adam.lr?.value ?? 0.001, beta1: betas[0], beta2: betas[1], eps: adam.eps?.value ?? 1e-8,
                              weightDecay: adam.weightDecay?.value ?? 0)
        case let .adamw(adam)?:
            // torch.optim.AdamW's defaults: Adam's, with weight_decay 0.01.
            let betas = adam.betas?.value.map(\.value) ?? [0.9, 0.999]
            optimizer = .adamw(lr: adam.lr?.value ?? 0.001, beta1: betas[0], beta2: betas[1], eps: adam.eps?.value ?? 1e-8,
                               weightDecay: adam.weightDecay?.value ?? 0.01)
        case let .adadelta(a)?:
            optimizer = .adadelta(lr: a.lr?.value ?? 1.0, rho: a.rho?.value ?? 0.9, eps: a.eps?.value ?? 1e-6,
                                  weightDecay: a.weightDecay?.value ?? 0)
        case let .rmsprop(r)?:
            optimizer = .rmsprop(lr: r.lr?.value ?? 0.01, alpha: r.alpha?.value ?? 0.99, eps: r.eps?.value ?? 1e-8,
                                 weightDecay: r.weightDecay?.value ?? 0, momentum: r.momentum?.value ?? 0,
                                 centered: r.centered?.value ?? false)
        case let .adagrad(a)?:
            optimizer = .adagrad(lr: a.lr?.value ?? 0.01, lrDecay: a.lrDecay?.value ?? 0, weightDecay: a.weightDecay?.value ?? 0,
                                 initialAccumulator: a.initialAccumulatorValue?.value ?? 0, eps: a.eps?.value ?? 1e-10)
        }

        var schedule = LRSchedule.constant
        switch spec.schedule?.value {
        case nil, .constant?: break
        case let .step(stepSize, gamma)?:
            guard let stepSize else { ok = false; break }
            schedule = .step(stepSize: stepSize.value, gamma: gamma?.value ?? 0.1)
        case let .cosine(minLR)?:
            let floor = minLR?.value ?? 0
            if floor >= optimizer.lr, let at = minLR?.location {
                bag.error("min_lr \(floor.compact) must be below the learning rate \(optimizer.lr.compact)", at: at,
                          hint: "cosine annealing falls from the learning rate to min_lr; the default min_lr is 0")
                ok = false
            }
            schedule = .cosine(minLR: floor)
        case let .inv(gamma, power)?:
            guard let gamma, let power else {
                bag.error("the inv schedule needs `gamma` and `power`", at: spec.schedule!.location,
                          hint: "Caffe's LeNet uses `schedule: {inv: {gamma: 0.0001, power: 0.75}}`")
                ok = false
                break
            }
            schedule = .inv(gamma: gamma.value, power: power.value)
        case let .exponential(gamma)?:
            guard let gamma else { ok = false; break }
            schedule = .exponential(gamma: gamma.value)
        case let .multistep(milestones, gamma)?:
            guard let milestones else { ok = false; break }
            schedule = .multistep(milestones: milestones.value.map(\.value), gamma: gamma?.value ?? 0.1)
        }

        var duration = RunLength.epochs(spec.epochs?.value ?? 10)
        if let iterations = spec.iterations {
            if let epochs = spec.epochs {
                bag.error("give either epochs or iterations, not both", at: iterations.location,
                          hint: "epochs \(epochs.value) (line \(epochs.location.line)) already sets the length of training")
                ok = false
            }
            duration = .iterations(iterations.value)
        }
        if case .iterations = duration, let at = spec.schedule?.location {
            switch schedule {
            case .step:
                bag.warning("with `iterations`, the step schedule's step_size counts iterations, not epochs", at: at,
                            hint: "Caffe's step policy works this way; make sure step_size is large enough")
            case .multistep:
                bag.warning("with `iterations`, the multistep schedule's milestones count iterations, not epochs", at: at,
                            hint: "Caffe's multistep policy works this way; make sure the milestones are large enough")
            case .exponential:
                bag.warning("with `iterations`, the exponential schedule multiplies the rate by gamma every iteration, not every epoch", at: at,
                            hint: "Caffe's exp policy works this way; make sure gamma is close enough to 1")
            default: break
            }
        }
        guard ok else { return nil }
        return TrainConfig(dataset: spec.dataset?.value ?? .mnist, loss: spec.loss?.value ?? .softmaxCrossEntropy,
                           optimizer: optimizer, schedule: schedule, batch: spec.batch?.value ?? 256,
                           duration: duration, initializer: WeightInit(spec.initializer?.value ?? .xavierUniform),
                           biasInitializer: BiasInit(spec.biasInitializer?.value ?? .zero),
                           seed: UInt64(spec.seed?.value ?? 0))
    }
}

extension WeightInit {
    /// The runtime's initialiser for a spec's `init:` name. A switch, not the raw value, so that a
    /// name added to the spec's vocabulary without an initialiser does not compile.
    init(_ name: InitName) {
        switch name {
        case .xavierUniform: self = .xavierUniform
        case .xavierNormal: self = .xavierNormal
        case .kaimingUniform: self = .kaimingUniform
        case .kaimingNormal: self = .kaimingNormal
        }
    }
}

extension BiasInit {
    /// The runtime's bias initialiser for a spec's `biases:` name (a switch, as `WeightInit`'s).
    init(_ name: BiasInitName) {
        switch name {
        case .zero: self = .zero
        case .pytorch: self = .pytorch
        }
    }
}

import Yams
import LenetRuntime

/// Reads the `train:` section: dataset, loss, optimizer, schedule, batch, epochs or iterations, init, seed.
enum TrainParser {
    static let keys = ["dataset", "loss", "optimizer", "schedule", "batch", "epochs", "iterations", "init", "seed"]

    static func parse(_ node: Node, reader: inout NodeReader) -> TrainSpec {
        var train = TrainSpec()
        if reader.isNull(node) { return train }
        guard let entries = reader.entries(node, what: "train", allowed: keys) else { return train }
        for (key, _, value) in entries {
            switch key {
            case "dataset": train.dataset = reader.name(value, what: "dataset", as: DatasetName.self)
            case "loss": train.loss = reader.name(value, what: "loss", as: LossName.self)
            case "optimizer": train.optimizer = optimizer(value, reader: &reader)
            case "schedule": train.schedule = schedule(value, reader: &reader)
            case "batch": train.batch = reader.int(value, what: "batch size", range: Limits.batch,
                                                   limitNote: "d2l uses 256, Caffe's LeNet 64")
            case "epochs": train.epochs = reader.int(value, what: "epochs", range: Limits.epochs)
            case "iterations": train.iterations = reader.int(value, what: "iterations", range: Limits.iterations)
            case "init": (train.initializer, train.biasInitializer) = initializers(value, reader: &reader)
            case "seed": train.seed = reader.int(value, what: "seed", range: Limits.seed)
            default: break
            }
        }
        return train
    }

    /// `init: NAME` (the weights' scheme; biases zero) or `init: {weights: NAME, biases: zero|pytorch}`.
    static func initializers(_ node: Node, reader: inout NodeReader)
        -> (Located<InitName>?, Located<BiasInitName>?) {
        guard case .mapping = node else { return (reader.name(node, what: "init", as: InitName.self), nil) }
        guard let entries = reader.entries(node, what: "init", allowed: ["weights", "biases"]) else { return (nil, nil) }
        var weights: Located<InitName>?, biases: Located<BiasInitName>?
        for (key, _, value) in entries {
            switch key {
            case "weights": weights = reader.name(value, what: "weight initialiser", as: InitName.self)
            case "biases": biases = reader.name(value, what: "bias initialiser", as: BiasInitName.self)
            default: break
            }
        }
        return (weights, biases)
    }

    /// A one-key mapping `{kind: settings}` or a bare kind name; returns the kind's name, its node and the
    /// settings node (nil when bare).
    static func kindAndSettings(_ node: Node, what: String, kinds: [String],
                                reader: inout NodeReader) -> (String, Node, Node?)? {
        switch node {
        case let .scalar(scalar) where !reader.isNull(node):
            guard kinds.contains(scalar.string) else {
                reader.bag.add(reader.unknownName(scalar.string, what: what, candidates: kinds,
                                                  at: reader.location(node), length: reader.width(node)))
                return nil
            }
            return (scalar.string, node, nil)
        case let .mapping(mapping) where mapping.count == 1:
            let (keyNode, value) = mapping.first!
            guard let key = keyNode.string, kinds.contains(key) else {
                reader.bag.add(reader.unknownName(keyNode.string ?? reader.describe(keyNode), what: what,
                                                  candidates: kinds, at: reader.location(keyNode),
                                                  length: reader.width(keyNode)))
                return nil
            }
            return (key, keyNode, reader.isNull(value) ? nil : value)
        default:
            reader.bag.error("\(what) must be a name or a one-key mapping such as `{\(kinds[0]): {...}}`, but found \(reader.describe(node))",
                             at: reader.location(node), length: reader.width(node),
                             hint: "known: \(kinds.joined(separator: ", "))")
            return nil
        }
    }

    static func optimizer(_ node: Node, reader: inout NodeReader) -> Located<OptimizerSpec>? {
        guard let (kind, kindNode, settings) = kindAndSettings(node, what: "optimizer",
                                                                kinds: OptimizerName.allCases.map(\.rawValue),
                                                                reader: &reader) else { return nil }
        let at = reader.location(kindNode)
        let lrLimit = Limits.maxLearningRate
        /// The settings' entries, checked against `allowed` (none when the optimizer is written bare).
        func entries(_ allowed: [String], reader: inout NodeReader) -> [(String, Node, Node)] {
            guard let settings, let entries = reader.entries(settings, what: kind, allowed: allowed) else { return [] }
            return entries.map { ($0.0, $0.1, $0.2) }
        }
        // The hint under a setting out of range: torch.optim's defaults (sgd's and adam's errors predate it).
        let hint: String? = switch OptimizerName(rawValue: kind)! {
        case .sgd, .adam: nil
        case .adamw: "torch.optim.AdamW's defaults: lr 0.001, betas [0.9, 0.999], eps 1e-8, weight_decay 0.01"
        case .adadelta: "torch.optim.Adadelta's defaults: lr 1.0, rho 0.9 (at most 1), eps 1e-6, weight_decay 0"
        case .rmsprop: "torch.optim.RMSprop's defaults: lr 0.01, alpha 0.99 (below 1), eps 1e-8, weight_decay 0, momentum 0 (below 1)"
        case .adagrad: "torch.optim.Adagrad's defaults: lr 0.01, lr_decay 0, weight_decay 0, initial_accumulator_value 0, eps 1e-10"
        }
        // Settings several optimizers share, with the same checks everywhere.
        func lr(_ value: Node, _ reader: inout NodeReader) -> Located<Double>? {
            reader.double(value, what: "learning rate", positive: true, atMost: lrLimit, hint: hint)
        }
        func eps(_ value: Node, _ reader: inout NodeReader) -> Located<Double>? {
            reader.double(value, what: "eps", positive: true, below: 1, hint: hint)
        }
        func weightDecay(_ value: Node, _ reader: inout NodeReader) -> Located<Double>? {
            reader.double(value, what: "weight decay", below: 1, hint: hint)
        }
        func momentum(_ value: Node, _ reader: inout NodeReader) -> Located<Double>? {
            reader.double(value, what: "momentum", below: 1, hint: hint)
        }
        switch OptimizerName(rawValue: kind)! {
        case .sgd:
            var sgd = SGDSpec()
            for (key, _, value) in entries(["lr", "momentum", "weight_decay", "nesterov"], reader: &reader) {
                switch key {
                case "lr": sgd.lr = lr(value, &reader)
                case "momentum": sgd.momentum = momentum(value, &reader)
                case "weight_decay": sgd.weightDecay = weightDecay(value, &reader)
                case "nesterov": sgd.nesterov = reader.bool(value, what: "nesterov")
                default: break
                }
            }
            return Located(.sgd(sgd), at: at)
        case .adam, .adamw:
            var adam = AdamSpec()
            for (key, _, value) in entries(["lr", "betas", "eps", "weight_decay"], reader: &reader) {
                switch key {
                case "lr": adam.lr = lr(value, &reader)
                case "eps": adam.eps = eps(value, &reader)
                case "weight_decay": adam.weightDecay = weightDecay(value, &reader)
                case "betas":
                    guard case let .sequence(items) = value, items.count == 2 else {
                        reader.bag.error("betas must be a list of two numbers [beta1, beta2], but found \(reader.describe(value))",
                                         at: reader.location(value), length: reader.width(value), hint: "Adam's usual betas are [0.9, 0.999]")
                        continue
                    }
                    let b1 = reader.double(items[0], what: "beta1", below: 1)
                    let b2 = reader.double(items[1], what: "beta2", below: 1)
                    if let b1, let b2 { adam.betas = Located([b1, b2], at: reader.location(value)) }
                default: break
                }
            }
            return Located(kind == "adam" ? .adam(adam) : .adamw(adam), at: at)
        case .adadelta:
            var adadelta = AdadeltaSpec()
            for (key, _, value) in entries(["lr", "rho", "eps", "weight_decay"], reader: &reader) {
                switch key {
                case "lr": adadelta.lr = lr(value, &reader)
                case "rho": adadelta.rho = reader.double(value, what: "rho", atMost: 1, hint: hint)
                case "eps": adadelta.eps = eps(value, &reader)
                case "weight_decay": adadelta.weightDecay = weightDecay(value, &reader)
                default: break
                }
            }
            return Located(.adadelta(adadelta), at: at)
        case .rmsprop:
            var rmsprop = RMSpropSpec()
            for (key, _, value) in entries(["lr", "alpha", "eps", "weight_decay", "momentum", "centered"], reader: &reader) {
                switch key {
                case "lr": rmsprop.lr = lr(value, &reader)
                // alpha 1 would never update the square average (and divide by eps alone).
                case "alpha": rmsprop.alpha = reader.double(value, what: "alpha", below: 1, hint: hint)
                case "eps": rmsprop.eps = eps(value, &reader)
                case "weight_decay": rmsprop.weightDecay = weightDecay(value, &reader)
                case "momentum": rmsprop.momentum = momentum(value, &reader)
                case "centered": rmsprop.centered = reader.bool(value, what: "centered")
                default: break
                }
            }
            return Located(.rmsprop(rmsprop), at: at)
        case .adagrad:
            var adagrad = AdagradSpec()
            for (key, _, value) in entries(["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"], reader: &reader) {
                switch key {
                case "lr": adagrad.lr = lr(value, &reader)
                case "lr_decay": adagrad.lrDecay = reader.double(value, what: "lr_decay", atMost: 1, hint: hint)
                case "weight_decay": adagrad.weightDecay = weightDecay(value, &reader)
                case "initial_accumulator_value":
                    adagrad.initialAccumulatorValue = reader.double(value, what: "initial_accumulator_value", atMost: 1000, hint: hint)
                case "eps": adagrad.eps = eps(value, &reader)
                default: break
                }
            }
            return Located(.adagrad(adagrad), at: at)
        }
    }

    static func schedule(_ node: Node, reader: inout NodeReader) -> Located<ScheduleSpec>? {
        guard let (kind, kindNode, settings) = kindAndSettings(node, what: "schedule",
                                                                kinds: ScheduleName.allCases.map(\.rawValue),
                                                                reader: &reader) else { return nil }
        let at = reader.location(kindNode)
        switch ScheduleName(rawValue: kind)! {
        case .constant:
            if let settings {
                reader.bag.error("the constant schedule takes no settings", at: reader.location(settings),
                                 length: reader.width(settings), hint: "write `schedule: constant`")
                return nil
            }
            return Located(.constant, at: at)
        case .step:
            var stepSize: Located<Int>?, gamma: Located<Double>?
            if let settings, let entries = reader.entries(settings, what: "step", allowed: ["step_size", "gamma"]) {
                for (key, _, value) in entries {
                    if key == "step_size" { stepSize = reader.int(value, what: "step_size", range: Limits.iterations) }
                    if key == "gamma" { gamma = reader.double(value, what: "gamma", positive: true, atMost: 1) }
                }
            }
            if stepSize == nil && (settings.map { !(reader.entriesHave($0, "step_size")) } ?? true) {
                reader.bag.error("the step schedule needs `step_size` (epochs between rate cuts)", at: at,
                                 length: reader.width(kindNode), hint: "write e.g. `schedule: {step: {step_size: 4, gamma: 0.1}}`")
                return nil
            }
            return Located(.step(stepSize: stepSize, gamma: gamma), at: at)
        case .cosine:
            var minLR: Located<Double>?
            if let settings, let entries = reader.entries(settings, what: "cosine", allowed: ["min_lr"]) {
                for entry in entries { minLR = reader.double(entry.value, what: "min_lr") }
            }
            return Located(.cosine(minLR: minLR), at: at)
        case .inv:
            var gamma: Located<Double>?, power: Located<Double>?
            if let settings, let entries = reader.entries(settings, what: "inv", allowed: ["gamma", "power"]) {
                for (key, _, value) in entries {
                    if key == "gamma" { gamma = reader.double(value, what: "gamma", atMost: 1) }
                    if key == "power" { power = reader.double(value, what: "power", atMost: 10) }
                }
            }
            return Located(.inv(gamma: gamma, power: power), at: at)
        case .exponential:
            var gamma: Located<Double>?
            if let settings, let entries = reader.entries(settings, what: "exponential", allowed: ["gamma"]) {
                for entry in entries {
                    gamma = reader.double(entry.value, what: "gamma", positive: true, atMost: 1,
                                          hint: "the factor the rate is multiplied by every epoch, e.g. 0.9")
                }
            }
            // PyTorch's ExponentialLR has no default gamma either.
            if gamma == nil && (settings.map { !(reader.entriesHave($0, "gamma")) } ?? true) {
                reader.bag.error("the exponential schedule needs `gamma` (the factor per epoch)", at: at,
                                 length: reader.width(kindNode), hint: "write e.g. `schedule: {exponential: {gamma: 0.9}}`")
                return nil
            }
            return Located(.exponential(gamma: gamma), at: at)
        case .multistep:
            var milestones: Located<[Located<Int>]>?, gamma: Located<Double>?
            if let settings, let entries = reader.entries(settings, what: "multistep", allowed: ["milestones", "gamma"]) {
                for (key, _, value) in entries {
                    if key == "gamma" {
                        gamma = reader.double(value, what: "gamma", positive: true, atMost: 1,
                                              hint: "the factor the rate is multiplied by at each milestone (default 0.1)")
                    }
                    if key == "milestones" { milestones = Self.milestones(value, reader: &reader) }
                }
            }
            if milestones == nil && (settings.map { !(reader.entriesHave($0, "milestones")) } ?? true) {
                reader.bag.error("the multistep schedule needs `milestones` (the epochs at which the rate is cut)", at: at,
                                 length: reader.width(kindNode), hint: "write e.g. `schedule: {multistep: {milestones: [5, 8], gamma: 0.1}}`")
                return nil
            }
            return Located(.multistep(milestones: milestones, gamma: gamma), at: at)
        }
    }

    /// A non-empty list of whole numbers in increasing order (`milestones: [5, 8]`).
    static func milestones(_ node: Node, reader: inout NodeReader) -> Located<[Located<Int>]>? {
        guard case let .sequence(items) = node, !items.isEmpty else {
            reader.bag.error("milestones must be a list of epochs such as [5, 8], but found \(reader.describe(node))",
                             at: reader.location(node), length: reader.width(node),
                             hint: "the rate is multiplied by gamma at each epoch listed")
            return nil
        }
        var values: [Located<Int>] = [], ok = true
        for item in items {
            guard let value = reader.int(item, what: "milestone", range: Limits.iterations) else { ok = false; continue }
            if let last = values.last, value.value <= last.value {
                reader.bag.error("milestone \(value.value) does not come after \(last.value)", at: value.location,
                                 length: reader.width(item), hint: "list the milestones in increasing order, each once")
                ok = false
            }
            values.append(value)
        }
        return ok ? Located(values, at: reader.location(node)) : nil
    }
}

extension NodeReader {
    /// Whether a mapping node has the key (used to avoid a second error for a key already reported).
    func entriesHave(_ node: Node, _ key: String) -> Bool {
        guard case let .mapping(mapping) = node else { return true }
        return mapping.keys.contains { $0.string == key }
    }
}

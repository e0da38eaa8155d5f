/// The spec as written, checked for types and names but not yet for meaning: every value keeps its
/// source location so later stages can point back at the YAML. Absent optional keys are nil; the model
/// stage supplies defaults.
public struct Spec: Sendable {
    public var source: SourceFile
    public var name: Located<String>?
    public var description: Located<String>?
    public var input: Located<[Located<Int>]>?
    /// `normalize:` of the mapping form of `input:` (nil when absent).
    public var normalize: Located<NormalizeSpec>?
    public var layers: [LayerSpec]
    /// Where `layers:` is, for errors about the network as a whole.
    public var layersLocation: SourceLocation?
    public var train: TrainSpec
    /// The top of the document.
    public var location: SourceLocation

    /// The name to show: `name:` or, failing that, the file's base name.
    public var displayName: String {
        if let name { return name.value }
        let base = source.path.split(separator: "/").last.map(String.init) ?? source.path
        return base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base.hasSuffix(".yml") ? String(base.dropLast(4)) : base
    }
}

/// Height and width of a kernel, stride or padding (`5` means `[5, 5]`).
public struct Pair: Sendable, Equatable, CustomStringConvertible {
    public var h: Int
    public var w: Int
    public init(_ h: Int, _ w: Int) { self.h = h; self.w = w }
    public init(square: Int) { self.h = square; self.w = square }
    public var isSquare: Bool { h == w }
    /// `5` for a square pair, `3×5` otherwise.
    public var description: String { isSquare ? "\(h)" : "\(h)×\(w)" }
    /// `5×5` always.
    public var area: String { "\(h)×\(w)" }
}

public enum PaddingSpec: Sendable, Equatable {
    case explicit(Pair)
    /// Output the same size as the input (stride 1, odd kernels).
    case same
    /// No padding.
    case valid
}

public struct ConvSpec: Sendable {
    public var filters: Located<Int>?
    public var kernel: Located<Pair>?
    public var stride: Located<Pair>?
    public var padding: Located<PaddingSpec>?
    public var activation: Located<ActivationKind>?
}

public struct PoolSpec: Sendable {
    public var op: PoolOp
    public var size: Located<Pair>?
    public var stride: Located<Pair>?
    public var padding: Located<Pair>?
}

public struct DenseSpec: Sendable {
    public var units: Located<Int>?
    public var activation: Located<ActivationKind>?
}

public enum LayerKindSpec: Sendable {
    case conv(ConvSpec)
    case pool(PoolSpec)
    case flatten
    case dense(DenseSpec)
    case activation(ActivationKind)
    case dropout(rate: Located<Double>?)
    /// A layer whose kind or arguments could not be read; it has been reported already.
    case invalid
}

/// One item of `layers:`.
public struct LayerSpec: Sendable {
    public var kind: LayerKindSpec
    /// Where the item's kind name is written.
    public var location: SourceLocation
    /// The width of the kind name, for the underline.
    public var length: Int
    /// Position in the `layers:` list, from 0.
    public var position: Int
}

public struct SGDSpec: Sendable {
    public var lr: Located<Double>?
    public var momentum: Located<Double>?
    public var weightDecay: Located<Double>?
    public var nesterov: Located<Bool>?
}

public struct AdamSpec: Sendable {
    public var lr: Located<Double>?
    public var betas: Located<[Located<Double>]>?
    public var eps: Located<Double>?
    public var weightDecay: Located<Double>?
}

/// Adadelta's settings as written (torch.optim.Adadelta's names).
public struct AdadeltaSpec: Sendable {
    public var lr: Located<Double>?
    public var rho: Located<Double>?
    public var eps: Located<Double>?
    public var weightDecay: Located<Double>?
}

/// RMSprop's settings as written (torch.optim.RMSprop's names).
public struct RMSpropSpec: Sendable {
    public var lr: Located<Double>?
    public var alpha: Located<Double>?
    public var eps: Located<Double>?
    public var weightDecay: Located<Double>?
    public var momentum: Located<Double>?
    public var centered: Located<Bool>?
}

/// Adagrad's settings as written (torch.optim.Adagrad's names).
public struct AdagradSpec: Sendable {
    public var lr: Located<Double>?
    public var lrDecay: Located<Double>?
    public var weightDecay: Located<Double>?
    public var initialAccumulatorValue: Located<Double>?
    public var eps: Located<Double>?
}

public enum OptimizerSpec: Sendable {
    case sgd(SGDSpec)
    case adam(AdamSpec)
    /// Adam's settings; decoupled weight decay (torch.optim.AdamW).
    case adamw(AdamSpec)
    case adadelta(AdadeltaSpec)
    case rmsprop(RMSpropSpec)
    case adagrad(AdagradSpec)
}

public enum ScheduleSpec: Sendable {
    case constant
    /// Multiply the rate by `gamma` every `stepSize` epochs (PyTorch's StepLR).
    case step(stepSize: Located<Int>?, gamma: Located<Double>?)
    /// Cosine annealing from the base rate to `minLR` over the run (PyTorch's CosineAnnealingLR).
    case cosine(minLR: Located<Double>?)
    /// Caffe's `inv`: lr · (1 + gamma · iteration)^(-power), per iteration.
    case inv(gamma: Located<Double>?, power: Located<Double>?)
    /// Multiply the rate by `gamma` every epoch (PyTorch's ExponentialLR).
    case exponential(gamma: Located<Double>?)
    /// Multiply the rate by `gamma` at each milestone epoch (PyTorch's MultiStepLR).
    case multistep(milestones: Located<[Located<Int>]>?, gamma: Located<Double>?)
}

/// `normalize:` of the input: torchvision's `Normalize(mean, std)`.
public struct NormalizeSpec: Sendable {
    public var mean: Located<Double>?
    public var std: Located<Double>?
}

public struct TrainSpec: Sendable {
    public var dataset: Located<DatasetName>?
    public var loss: Located<LossName>?
    public var optimizer: Located<OptimizerSpec>?
    public var schedule: Located<ScheduleSpec>?
    public var batch: Located<Int>?
    public var epochs: Located<Int>?
    public var iterations: Located<Int>?
    /// Weight initialiser: `init: NAME`, or `weights:` of `init: {weights: NAME, biases: NAME}`.
    public var initializer: Located<InitName>?
    /// `biases:` of the mapping form (zero when absent).
    public var biasInitializer: Located<BiasInitName>?
    public var seed: Located<Int>?
    /// Where `train:` is, when it is written.
    public var location: SourceLocation?

    public init() {}
}

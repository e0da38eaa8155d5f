import LenetRuntime
import LenetSpec

public struct DenseLayer: Sendable, Equatable {
    public var inFeatures: Int
    public var outFeatures: Int
}

/// What a layer computes, with every size resolved.
public enum LayerOp: Sendable, Equatable {
    /// A convolution with its input's size: the geometry both back ends read.
    case conv(ConvGeometry)
    /// A pooling window with its input's size.
    case pool(PoolGeometry)
    case flatten
    case dense(DenseLayer)
    case activation(ActivationKind)
    case dropout(rate: Double)

    /// Whether the op is an activation function (for the "two activations in a row" check).
    public var isActivation: Bool {
        if case .activation = self { return true }
        return false
    }
}

/// One layer of the validated model; `index` is its position in the PyTorch `nn.Sequential`.
public struct ModelLayer: Sendable {
    public var index: Int
    public var op: LayerOp
    public var input: Shape
    public var output: Shape
    /// Where the layer is written in the spec (an activation shorthand points at its conv or dense).
    public var location: SourceLocation
    /// Columns of the layer's name in the spec (for the underline under `location`).
    public var length: Int
    /// The layer as the table shows it: `conv 6, 5×5, padding 2`.
    public var written: String
    /// Its weight and bias (conv and dense only), named as PyTorch names them (`0.weight`, `0.bias`)
    /// and placed in the parameter arena in PyTorch's order, packed without gaps.
    public var parameters: [ParameterSlot]
    /// Saturates at `Int.max`: a spec too large to accept is still counted, then refused.
    public var parameterCount: Int { saturatingSum(parameters.map { saturatingProduct($0.shape) }) }
    /// Multiply-accumulates of one example's forward pass (conv and dense only).
    public var macs: Int
}

/// The training recipe with every default filled in (d2l's `train_ch6`: SGD lr 0.9, batch 256,
/// 10 epochs, Xavier-uniform weights; biases zero unless the spec asks for PyTorch's default).
public struct TrainConfig: Sendable, Equatable {
    public var dataset: DatasetName
    public var loss: LossName
    public var optimizer: OptimizerSettings
    public var schedule: LRSchedule
    public var batch: Int
    public var duration: RunLength
    public var initializer: WeightInit
    public var biasInitializer: BiasInit
    public var seed: UInt64

    public init(dataset: DatasetName, loss: LossName, optimizer: OptimizerSettings, schedule: LRSchedule, batch: Int,
                duration: RunLength, initializer: WeightInit, biasInitializer: BiasInit = .zero, seed: UInt64) {
        self.dataset = dataset
        self.loss = loss
        self.optimizer = optimizer
        self.schedule = schedule
        self.batch = batch
        self.duration = duration
        self.initializer = initializer
        self.biasInitializer = biasInitializer
        self.seed = seed
    }

    /// The recipe as the shared training loop takes it.
    public var recipe: TrainingRecipe {
        TrainingRecipe(optimizer: optimizer, schedule: schedule, batch: batch, length: duration,
                       initializer: initializer, biasInitializer: biasInitializer, seed: seed)
    }
}

/// A validated network: shapes resolved, counts computed, recipe complete. Stage two's output, and
/// the only input the engine and the emitter need.
public struct Model: Sendable {
    public var name: String
    /// Where the spec writes `name:`; nil when the name is the file's base name. Later stages that
    /// refuse a name (the emitter's reserved module names) point here.
    public var nameLocation: SourceLocation?
    public var description: String?
    /// The spec file it came from, as given.
    public var sourcePath: String
    public var input: Shape
    /// Where the spec writes `input:`, for later stages' diagnostics about the input.
    public var inputLocation: SourceLocation
    /// torchvision's `Normalize` on the input (`input: {shape: ..., normalize: {mean, std}}`), which
    /// training, `eval` and any export apply to images in [0, 1] before the first layer; nil: none.
    public var normalize: InputNormalization?
    public var layers: [ModelLayer]
    public var train: TrainConfig
    public var dataset: DatasetInfo { DatasetInfo.of(train.dataset) }

    public var output: Shape { layers.last?.output ?? input }
    /// Every learnable tensor in PyTorch's order: the arena layout the engine and emitted trainers share.
    public var parameters: [ParameterSlot] { layers.flatMap(\.parameters) }
    public var parameterCount: Int { saturatingSum(layers.map(\.parameterCount)) }
    /// Multiply-accumulates of one example's forward pass.
    public var forwardMACs: Int { saturatingSum(layers.map(\.macs)) }
    /// Forward, weight gradients and input gradients of one example. The first layer with weights
    /// needs no input gradient (nothing below it learns), as in PyTorch.
    public var trainingMACs: Int {
        let first = layers.firstIndex { $0.macs > 0 }
        let inputGrads = layers.enumerated().map { $0.offset == first ? 0 : $0.element.macs }
        return saturatingSum([forwardMACs, forwardMACs, saturatingSum(inputGrads)])
    }
    /// Floats of one example kept for the backward pass: the input and every layer's output, except
    /// flatten's (a view of its input).
    public var activationFloats: Int {
        saturatingSum([input.count] + layers.map { $0.op == .flatten ? 0 : $0.output.count })
    }
    /// Height and width of the input and after every conv and pool.
    public var spatialSides: [Pair] {
        var sides: [Pair] = input.spatial.map { [$0] } ?? []
        for layer in layers {
            switch layer.op {
            case .conv, .pool: if let side = layer.output.spatial { sides.append(side) }
            default: break
            }
        }
        return sides
    }
    /// Height (and width, when it differs) of the input and after every conv and pool: `28→28→14→10→5`.
    public var spatialChain: String { spatialSides.map(\.description).joined(separator: "→") }
}

extension Model {
    /// The network as a checkpoint records it, so `--resume` can tell a checkpoint of another model
    /// (lenet.yaml's weights have the same tensor shapes as lenet-max.yaml's): the input, then every
    /// layer in PyTorch's order with all its resolved settings and its output shape, one per line.
    /// What a spec merely spells differently (its name, comments, key order, shorthands, defaults left
    /// out) gives the same text; the recipe is not part of it. The input's normalisation is (weights
    /// trained on normalised images mean something else on raw ones). The engine and every emitted trainer
    /// hand this same text to the training loop.
    public var architecture: String {
        (["input \(input)" + (normalize.map { ", \($0.description)" } ?? "")] + layers.map { layer -> String in
            let op: String
            switch layer.op {
            case let .conv(c):
                op = "conv \(c.inChannels)→\(c.outChannels), kernel \(c.kernel.area), stride \(c.stride.area), padding \(c.padding.area)"
            case let .pool(p):
                op = "\(p.op.rawValue) \(p.kernel.area), stride \(p.stride.area), padding \(p.padding.area)"
            case .flatten: op = "flatten"
            case let .dense(d): op = "dense \(d.inFeatures)→\(d.outFeatures)"
            case let .activation(kind): op = kind.rawValue
            case let .dropout(rate): op = "dropout \(rate)"
            }
            return "\(layer.index) \(op) → \(layer.output)"
        }).joined(separator: "\n")
    }
}

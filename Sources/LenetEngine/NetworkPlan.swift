import LenetModel
import LenetRuntime
import LenetSpec

/// One unit of work of a compiled network: a model layer, or a conv/dense layer with the activation
/// right after it fused in (the pair is computed in one pass and timed as one row).
public struct NetworkStep: Sendable {
    /// What a step computes (conv and dense carry the activation fused after them).
    public enum Operation: Sendable, Equatable {
        case conv(ConvGeometry, Activation)
        case dense(inFeatures: Int, outFeatures: Int, Activation)
        case pool(PoolGeometry)
        case activation(Activation)
        case dropout(rate: Double)
    }

    /// What the step computes.
    public var operation: Operation
    /// Indices of the model layers this step computes (`nn.Sequential` positions). A flatten is a
    /// view in NCHW and becomes no step of its own; its index is listed with the step after it.
    public var layers: [Int]
    /// `conv 6, 5×5, padding 2 + sigmoid`, as the layer table writes the layers.
    public var name: String
    /// Floats of one example's input and output.
    public var inputCount: Int
    public var outputCount: Int
    /// Offsets of the weight and bias in the parameter arena (conv and dense only).
    public var weightOffset: Int?
    public var biasOffset: Int?

    /// Whether the step has a weight and a bias.
    public var hasParameters: Bool { weightOffset != nil }
}

enum NetworkPlanner {
    /// Compiles the model's layers into steps, checking that every size is consistent.
    static func plan(_ model: Model) throws -> [NetworkStep] {
        var steps: [NetworkStep] = []
        var pendingFlatten: [Int] = []
        let layers = model.layers
        var i = 0
        func offsets(_ layer: ModelLayer) throws -> (Int, Int) {
            guard layer.parameters.count == 2 else { throw EngineError.invalidArgument("layer \(layer.index) (\(layer.written)) lacks its weight and bias") }
            return (layer.parameters[0].offset, layer.parameters[1].offset)
        }
        while i < layers.count {
            let layer = layers[i]
            var covered = pendingFlatten + [layer.index]
            pendingFlatten = []
            var name = layer.written
            let inCount = layer.input.count
            // A conv or dense followed by an activation computes both in one pass.
            var fused = Activation.identity
            if i + 1 < layers.count, case let .activation(kind) = layers[i + 1].op {
                switch layer.op {
                case .conv, .dense:
                    fused = Activation(kind)
                    covered.append(layers[i + 1].index)
                    name += " + \(kind.rawValue)"
                default: break
                }
            }
            let last = fused == .identity ? layer : layers[i + 1]
            let outCount = last.output.count
            switch layer.op {
            case let .conv(conv):
                guard case let .image(c, _, _) = layer.input, c == conv.inChannels, let g = layer.convGeometry else {
                    throw EngineError.invalidArgument("layer \(layer.index): conv input \(layer.input) is not an image of \(conv.inChannels) channels")
                }
                try g.validate()
                guard g.outputCount == layer.output.count else {
                    throw EngineError.invalidArgument("layer \(layer.index): conv output \(g.outputCount) ≠ \(layer.output.count)")
                }
                let (wo, bo) = try offsets(layer)
                // A kernel over the whole unpadded input leaves one position (LeNet-5's C5): that is a
                // dense layer over the example flattened (NCHW), with weights [cout, cin·kh·kw] in the
                // same order. The dense product skips im2col's copy of every input and runs the whole
                // batch as one matrix product (lenet5, `lenetc time`: see the README's speed notes).
                let operation: NetworkStep.Operation = g.coversWholeInput
                    ? .dense(inFeatures: g.patch, outFeatures: g.outChannels, fused) : .conv(g, fused)
                steps.append(NetworkStep(operation: operation, layers: covered, name: name, inputCount: inCount,
                                         outputCount: outCount, weightOffset: wo, biasOffset: bo))
            case let .dense(dense):
                guard dense.inFeatures == inCount else {
                    throw EngineError.invalidArgument("layer \(layer.index): dense expects \(dense.inFeatures) inputs, gets \(inCount)")
                }
                let (wo, bo) = try offsets(layer)
                steps.append(NetworkStep(operation: .dense(inFeatures: dense.inFeatures, outFeatures: dense.outFeatures, fused),
                                         layers: covered, name: name, inputCount: inCount, outputCount: outCount,
                                         weightOffset: wo, biasOffset: bo))
            case .pool:
                guard let g = layer.poolGeometry else {
                    throw EngineError.invalidArgument("layer \(layer.index): pooling input \(layer.input) is not an image")
                }
                try g.validate()
                guard g.outputCount == layer.output.count else {
                    throw EngineError.invalidArgument("layer \(layer.index): pooling output \(g.outputCount) ≠ \(layer.output.count)")
                }
                steps.append(NetworkStep(operation: .pool(g), layers: covered, name: name, inputCount: inCount,
                                         outputCount: outCount))
            case let .activation(kind):
                steps.append(NetworkStep(operation: .activation(Activation(kind)), layers: covered, name: name,
                                         inputCount: inCount, outputCount: outCount))
            case let .dropout(rate):
                guard rate >= 0 && rate <= 1 else {
                    throw EngineError.invalidArgument("layer \(layer.index): dropout rate \(rate) is outside [0, 1]")
                }
                steps.append(NetworkStep(operation: .dropout(rate: rate), layers: covered, name: name,
                                         inputCount: inCount, outputCount: outCount))
            case .flatten:
                pendingFlatten = covered
            }
            i += fused == .identity ? 1 : 2
        }
        if !pendingFlatten.isEmpty, !steps.isEmpty {
            steps[steps.count - 1].layers += pendingFlatten
        }
        return steps
    }
}

extension Activation {
    /// The engine's activation for a spec's activation name.
    public init(_ kind: ActivationKind) {
        switch kind {
        case .sigmoid: self = .sigmoid
        case .relu: self = .relu
        case .tanh: self = .tanh
        }
    }
}

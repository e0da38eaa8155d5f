import Foundation
import LenetModel
import LenetRuntime
import LenetSpec
import ONNXProto
import SwiftProtobuf

/// Writes a validated model with its weights as an ONNX model, for onnxruntime, Netron or any other
/// ONNX runtime: the network as `lenetc eval` runs it (dropout left out), one node per layer.
///
/// - Input `input`: float32 `[N, C, H, W]` with a dynamic batch `N`, pixels as lenetc trains on
///   them (byte / 255, in [0, 1]).
/// - Output `logits`: float32 `[N, classes]`, the raw class scores (before softmax).
/// - Initializers carry the PyTorch `nn.Sequential` names of lenetc's checkpoints (`0.weight`, ...).
/// - Nodes are named as `torch.onnx.export` names them (`/0/Conv`, output `/0/Conv_output_0`), and
///   every intermediate tensor has its shape in `value_info`, so Netron shows the shape table.
public enum ONNXExport {
    /// The operator set the model is written against (each operator used here last changed at opset 14
    /// or earlier: Relu, Sub and Div at 14).
    public static let opset: Int64 = 17
    /// ONNX IR version 8, the one that goes with opset 17 (onnx 1.12).
    public static let irVersion: Int64 = 8
    public static let inputName = "input"
    public static let outputName = "logits"
    /// The symbolic name of the batch dimension.
    public static let batchDimension = "N"

    /// The ONNX model of `model` with the parameters of `weights` (a network the weights were loaded
    /// into, as `lenetc eval` loads them). `producerVersion` is lenetc's version.
    ///
    /// The model's input normalisation (`input: {normalize: ...}`), when it has one, becomes two nodes
    /// in front of the first layer, so that the exported model takes the same [0, 1] pixels whatever the
    /// spec's normalisation.
    public static func model(_ model: Model, weights: TrainableNetwork, producerVersion: String) throws -> Onnx_ModelProto {
        var graph = GraphBuilder(model: model)
        if let normalization = model.normalize { try graph.normalize(normalization) }
        for layer in model.layers {
            try graph.add(layer, weights: try LayerWeights(layer, network: weights))
        }
        var proto = Onnx_ModelProto()
        proto.irVersion = irVersion
        proto.producerName = "lenetc"
        proto.producerVersion = producerVersion
        proto.docString = """
            \(model.name) (\(URL(fileURLWithPath: model.sourcePath).lastPathComponent)), exported by lenetc. Input: \(model.input.batched) float32 pixels \
            scaled to [0, 1] (byte / 255), as lenetc trains on them. Output: the logits of the \
            \(model.dataset.classNames.count) \(model.dataset.displayName) classes (softmax gives probabilities).
            """
        var opsetImport = Onnx_OperatorSetIdProto()
        opsetImport.domain = ""
        opsetImport.version = opset
        proto.opsetImport = [opsetImport]
        proto.graph = graph.finish()
        proto.metadataProps = [
            ("spec", model.name),
            ("dataset", model.train.dataset.rawValue),
            ("classes", "[" + model.dataset.classNames.map(miniJSONQuote).joined(separator: ", ") + "]"),
            ("input_scale", "byte / 255"),
            ("architecture", model.architecture),
        ].map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        return proto
    }

    /// The serialized bytes of `model(...)`: what `lenetc export` writes.
    public static func serialized(_ model: Model, weights: TrainableNetwork, producerVersion: String) throws -> [UInt8] {
        try self.model(model, weights: weights, producerVersion: producerVersion).serializedBytes()
    }
}

/// Something that stops a model from being exported; only an inconsistency between the model and the
/// network its weights were loaded into (a validated model always maps onto ONNX operators).
public struct ExportError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// A layer's weight and bias as the network holds them.
struct LayerWeights {
    var tensors: [(tensor: ParameterSlot, values: [Float])]

    init(_ layer: ModelLayer, network: TrainableNetwork) throws {
        let slots = Dictionary(network.parameterLayout.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        tensors = try layer.parameters.map { tensor in
            guard let slot = slots[tensor.name], slot.shape == tensor.shape else {
                throw ExportError(description: "the network holds no tensor \"\(tensor.name)\" of shape \(tensor.shape) for layer \(layer.index) (\(layer.written))")
            }
            return (tensor, Array(network.parameters[slot.offset..<(slot.offset + slot.count)]))
        }
    }
}

/// The graph being built: nodes in order, the tensor the next node reads, and the shapes of the
/// tensors between nodes.
struct GraphBuilder {
    let model: Model
    private(set) var nodes: [Onnx_NodeProto] = []
    private(set) var initializers: [Onnx_TensorProto] = []
    private var valueInfo: [Onnx_ValueInfoProto] = []
    /// The tensor the next node reads: the graph input, until a node writes another.
    private var current = ONNXExport.inputName
    private var currentShape: Shape

    init(model: Model) {
        self.model = model
        currentShape = model.input
    }

    /// Puts `(input − mean) / std` in front of the first layer (a Sub and a Div node, with the mean
    /// and the std as [1, C, 1, 1] initializers that broadcast over the batch and the image).
    mutating func normalize(_ normalization: InputNormalization) throws {
        guard case let .image(c, _, _) = model.input else { return }
        // One mean and one std for every channel, as the runtime applies them (float32, as it does).
        let mean = [Float](repeating: Float(normalization.mean), count: c)
        let std = [Float](repeating: Float(normalization.std), count: c)
        guard std.allSatisfy({ $0 > 0 && $0.isFinite }), mean.allSatisfy(\.isFinite) else {
            throw ExportError(description: "the input normalisation needs a finite mean and a positive, finite std")
        }
        let meanName = addInitializer("normalize.mean", shape: [1, c, 1, 1], values: mean)
        let stdName = addInitializer("normalize.std", shape: [1, c, 1, 1], values: std)
        appendNode("Sub", name: "normalize", inputs: [current, meanName], attributes: [], output: model.input, doc: "input − mean")
        appendNode("Div", name: "normalize", inputs: [current, stdName], attributes: [], output: model.input, doc: "/ std")
    }

    /// Appends the node (or nothing, for dropout) that computes `layer`.
    mutating func add(_ layer: ModelLayer, weights: LayerWeights) throws {
        let params = weights.tensors.map { addInitializer($0.tensor.name, shape: $0.tensor.shape, values: $0.values) }
        switch layer.op {
        case let .conv(c):
            append("Conv", layer, inputs: [current] + params, attributes: [
                .ints("kernel_shape", [c.kernelH, c.kernelW]),
                .ints("strides", [c.strideH, c.strideW]),
                .ints("pads", [c.padH, c.padW, c.padH, c.padW]),
                .ints("dilations", [1, 1]),
                .int("group", 1),
            ])
        case let .pool(p):
            var attributes: [Attribute] = [
                .ints("kernel_shape", [p.kernelH, p.kernelW]),
                .ints("strides", [p.strideH, p.strideW]),
                .ints("pads", [p.padH, p.padW, p.padH, p.padW]),
                .int("ceil_mode", 0),
            ]
            switch p.op {
            case .max:
                append("MaxPool", layer, inputs: [current], attributes: attributes)
            case .avg:
                // lenetc divides by the whole window, padding included (PyTorch's default).
                attributes.append(.int("count_include_pad", 1))
                append("AveragePool", layer, inputs: [current], attributes: attributes)
            }
        case .flatten:
            append("Flatten", layer, inputs: [current], attributes: [.int("axis", 1)])
        case .dense:
            guard case .flat = currentShape else {
                throw ExportError(description: "layer \(layer.index) (\(layer.written)) reads a \(currentShape) image, not a flat vector")
            }
            // PyTorch's Linear: y = x · Wᵀ + b, W stored [out, in].
            append("Gemm", layer, inputs: [current] + params, attributes: [
                .float("alpha", 1), .float("beta", 1), .int("transB", 1),
            ])
        case let .activation(kind):
            let op: String
            switch kind {
            case .sigmoid: op = "Sigmoid"
            case .relu: op = "Relu"
            case .tanh: op = "Tanh"
            }
            append(op, layer, inputs: [current], attributes: [])
        case .dropout:
            // Inference, as `lenetc eval` runs the network: dropout is the identity.
            break
        }
    }

    /// The graph, with the last tensor renamed `logits` and declared as the output.
    mutating func finish() -> Onnx_GraphProto {
        if nodes.isEmpty {
            // Not reachable for a validated model (the input is an image, the output flat), but a
            // graph must still connect its input to its output.
            var identity = Onnx_NodeProto()
            identity.opType = "Identity"
            identity.name = "/Identity"
            identity.input = [current]
            identity.output = [current + "_identity"]
            nodes.append(identity)
        }
        let last = nodes[nodes.count - 1].output[0]
        nodes[nodes.count - 1].output[0] = ONNXExport.outputName
        valueInfo.removeAll { $0.name == last }

        var graph = Onnx_GraphProto()
        graph.name = model.name
        graph.node = nodes
        graph.initializer = initializers
        graph.input = [Self.valueInfo(ONNXExport.inputName, model.input)]
        graph.output = [Self.valueInfo(ONNXExport.outputName, currentShape)]
        graph.valueInfo = valueInfo
        return graph
    }

    private mutating func append(_ op: String, _ layer: ModelLayer, inputs: [String], attributes: [Attribute]) {
        appendNode(op, name: "\(layer.index)", inputs: inputs, attributes: attributes, output: layer.output, doc: layer.written)
    }

    private mutating func appendNode(_ op: String, name: String, inputs: [String], attributes: [Attribute],
                                     output: Shape, doc: String) {
        var node = Onnx_NodeProto()
        node.opType = op
        // torch.onnx.export's names: `/3/Conv` for module 3 of the nn.Sequential.
        node.name = "/\(name)/\(op)"
        node.input = inputs
        node.output = ["/\(name)/\(op)_output_0"]
        node.attribute = attributes.map(\.proto)
        node.docString = doc
        nodes.append(node)
        current = node.output[0]
        currentShape = output
        valueInfo.append(Self.valueInfo(current, output))
    }

    private mutating func addInitializer(_ name: String, shape: [Int], values: [Float]) -> String {
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dims = shape.map(Int64.init)
        tensor.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        // raw_data is little-endian IEEE 754, whatever the machine's byte order.
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 4)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }
        tensor.rawData = Data(bytes)
        initializers.append(tensor)
        return name
    }

    /// A float32 tensor of `shape` with the dynamic batch in front: `[N, 6, 28, 28]` or `[N, 120]`.
    static func valueInfo(_ name: String, _ shape: Shape) -> Onnx_ValueInfoProto {
        let sizes = shape.dimensions
        var batch = Onnx_TensorShapeProto.Dimension()
        batch.dimParam = ONNXExport.batchDimension
        let dims = [batch] + sizes.map { size -> Onnx_TensorShapeProto.Dimension in
            var dim = Onnx_TensorShapeProto.Dimension()
            dim.dimValue = Int64(size)
            return dim
        }
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.shape.dim = dims
        var type = Onnx_TypeProto()
        type.tensorType = tensor
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type = type
        return info
    }
}

/// A node attribute: the few kinds the exported operators take.
enum Attribute {
    case int(String, Int)
    case ints(String, [Int])
    case float(String, Float)

    var proto: Onnx_AttributeProto {
        var attribute = Onnx_AttributeProto()
        switch self {
        case let .int(name, value):
            attribute.name = name
            attribute.type = .int
            attribute.i = Int64(value)
        case let .ints(name, values):
            attribute.name = name
            attribute.type = .ints
            attribute.ints = values.map(Int64.init)
        case let .float(name, value):
            attribute.name = name
            attribute.type = .float
            attribute.f = value
        }
        return attribute
    }
}

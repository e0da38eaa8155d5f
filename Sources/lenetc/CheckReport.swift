import Foundation
import LenetModel
import LenetRuntime
import LenetSpec

/// What `lenetc check --format json` prints for one spec: the spec's path, whether it is valid, its
/// diagnostics, and for a valid spec the model's facts (``Facts``) in the same object. Scripts read it
/// (Benchmarks/torch_spec.py, Benchmarks/speed.sh, Benchmarks/trainstep.sh,
/// Tests/Fixtures/wide/make_fixtures.py), so keys only ever get added.
struct CheckReport: Encodable {
    var spec: String
    /// The model's facts; nil when the spec is invalid or unreadable.
    var facts: Facts?
    var valid: Bool
    /// false when the file could not be read (missing, a folder, not UTF-8); absent otherwise.
    var readable: Bool?
    /// Every error and warning; absent for an unreadable file (there is no source to point into).
    var diagnostics: [Message]?

    /// A spec that compiled, to a model or (`model` nil) to errors.
    init(path: String, model: Model?, diagnostics: [Diagnostic]) {
        spec = model?.sourcePath ?? path
        facts = model.map(Facts.init)
        valid = model != nil
        self.diagnostics = diagnostics.map(Message.init)
    }

    /// A SPEC argument whose file could not be read.
    init(unreadable argument: String) {
        spec = argument
        valid = false
        readable = false
    }

    enum CodingKeys: String, CodingKey { case spec, valid, readable, diagnostics }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(spec, forKey: .spec)
        try container.encode(valid, forKey: .valid)
        try container.encodeIfPresent(readable, forKey: .readable)
        try container.encodeIfPresent(diagnostics, forKey: .diagnostics)
        // The facts' keys join this object (as a subclass's `super.encode(to:)` does).
        try facts?.encode(to: encoder)
    }

    /// One report as a JSON object, several as an array; pretty-printed with sorted keys (JSONEncoder
    /// keeps no insertion order, and sorted keys keep the output stable), ending in a newline.
    static func json(_ reports: [CheckReport]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = reports.count == 1 ? try encoder.encode(reports[0]) : try encoder.encode(reports)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

extension CheckReport {
    /// The facts the text table shows, and the layers' settings and the recipe, enough to build the
    /// same PyTorch module and optimizer (Benchmarks/torch_spec.py does).
    struct Facts: Encodable {
        var name: String
        var input: [Int]
        /// torchvision's Normalize on the input; absent when the spec has none.
        var normalize: Normalize?
        var layers: [Layer]
        var totalParams: Int
        var paramBytes: Int
        var forwardMACs: Int
        var trainingMACs: Int
        var activationFloats: Int
        var activationBytes: Int
        /// The sides of the text table's spatial chain: `["28", "28", "14", "10", "5"]` (`"3×5"` when not square).
        var spatialChain: [String]
        var train: Train

        enum CodingKeys: String, CodingKey {
            case name, input, normalize, layers
            case totalParams = "total_params", paramBytes = "param_bytes", forwardMACs = "forward_macs"
            case trainingMACs = "training_macs", activationFloats = "activation_floats"
            case activationBytes = "activation_bytes", spatialChain = "spatial_chain", train
        }

        init(_ model: Model) {
            name = model.name
            input = model.input.dimensions
            normalize = model.normalize.map { Normalize(mean: $0.mean, std: $0.std) }
            layers = model.layers.map(Layer.init)
            totalParams = model.parameterCount
            paramBytes = model.parameterCount * 4
            forwardMACs = model.forwardMACs
            trainingMACs = model.trainingMACs
            activationFloats = model.activationFloats
            activationBytes = model.activationFloats * 4
            spatialChain = model.spatialSides.map(\.description)
            train = Train(model.train)
        }
    }

    struct Normalize: Encodable {
        var mean: Double
        var std: Double
    }

    /// One layer: where the spec writes it, its shapes and counts, its tensors under PyTorch's names.
    struct Layer: Encodable {
        var index: Int
        /// The spec's layer kind: `conv`, `maxpool`, `avgpool`, `flatten`, `dense`, an activation, `dropout`.
        var kind: String
        /// As the text table shows it: `conv 6, 5×5, padding 2`.
        var layer: String
        var input: [Int]
        var output: [Int]
        var params: Int
        var macs: Int
        var line: Int
        var column: Int
        var tensors: [Tensor]
        /// Absent for flatten and activations.
        var settings: Settings?

        init(_ layer: ModelLayer) {
            index = layer.index
            kind = Self.kind(layer.op).rawValue
            self.layer = layer.written
            input = layer.input.dimensions
            output = layer.output.dimensions
            params = layer.parameterCount
            macs = layer.macs
            line = layer.location.line
            column = layer.location.column
            tensors = layer.parameters.map { Tensor(name: $0.name, shape: $0.shape) }
            settings = Settings(layer.op)
        }

        static func kind(_ op: LayerOp) -> LayerKindName {
            switch op {
            case .conv: return .conv
            case let .pool(p): return p.op == .max ? .maxpool : .avgpool
            case .flatten: return .flatten
            case .dense: return .dense
            case let .activation(a):
                switch a {
                case .sigmoid: return .sigmoid
                case .relu: return .relu
                case .tanh: return .tanh
                }
            case .dropout: return .dropout
            }
        }
    }

    struct Tensor: Encodable {
        var name: String
        var shape: [Int]
    }

    /// A layer's settings as numbers: conv `filters, kernel, stride, padding`; pool `size, stride,
    /// padding`; dense `units`; dropout `rate`. Pairs are `[height, width]`.
    struct Settings: Encodable {
        var filters: Int?
        var kernel: [Int]?
        var size: [Int]?
        var stride: [Int]?
        var padding: [Int]?
        var units: Int?
        var rate: Double?

        /// nil for a layer without settings (flatten, activations).
        init?(_ op: LayerOp) {
            func pair(_ p: Pair) -> [Int] { [p.h, p.w] }
            switch op {
            case let .conv(c):
                filters = c.outChannels; kernel = pair(c.kernel); stride = pair(c.stride); padding = pair(c.padding)
            case let .pool(p):
                size = pair(p.kernel); stride = pair(p.stride); padding = pair(p.padding)
            case let .dense(d): units = d.outFeatures
            case let .dropout(r): rate = r
            case .flatten, .activation: return nil
            }
        }
    }

    /// The recipe, defaults filled in: `epochs` or `iterations`, and the optimizer as `torch.optim`
    /// names its settings.
    struct Train: Encodable {
        var dataset: String
        var batch: Int
        var epochs: Int?
        var iterations: Int?
        var optimizer: Optimizer
        var seed: UInt64

        init(_ t: TrainConfig) {
            dataset = t.dataset.rawValue
            batch = t.batch
            switch t.duration {
            case let .epochs(n): epochs = n
            case let .iterations(n): iterations = n
            }
            optimizer = Optimizer(t.optimizer)
            seed = t.seed
        }
    }

    /// `{"name": "sgd", "lr": 0.9, "momentum": 0, ...}`: the name, then every setting of
    /// `OptimizerSettings.fields` under its torch.optim key (Adam's `betas` a two-number array).
    struct Optimizer: Encodable {
        var name: String
        var settings: [(key: String, value: Setting)]

        init(_ o: OptimizerSettings) {
            name = o.name
            settings = o.fields.map { field in
                let values = field.values.map(Setting.init)
                return (field.key, values.count == 1 ? values[0] : .list(values))
            }
        }

        struct Key: CodingKey {
            var stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(name, forKey: Key(stringValue: "name"))
            for (key, value) in settings { try container.encode(value, forKey: Key(stringValue: key)) }
        }
    }

    /// One optimizer setting as a JSON value.
    enum Setting: Encodable {
        case number(Double)
        case flag(Bool)
        case list([Setting])

        init(_ value: OptimizerSettings.OptimizerValue) {
            switch value {
            case let .number(x): self = .number(x)
            case let .flag(b): self = .flag(b)
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .number(x): try container.encode(x)
            case let .flag(b): try container.encode(b)
            case let .list(values): try container.encode(values)
            }
        }
    }

    /// One diagnostic: `line` and `column` absent when it is about the file as a whole, `hint` when
    /// no fix is known.
    struct Message: Encodable {
        var severity: String
        var message: String
        var line: Int?
        var column: Int?
        var hint: String?

        init(_ d: Diagnostic) {
            severity = d.severity.rawValue
            message = d.message
            line = d.location?.line
            column = d.location?.column
            hint = d.hint
        }
    }
}

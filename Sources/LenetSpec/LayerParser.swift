import Yams
import LenetRuntime

/// Reads one item of `layers:`: a bare name (`- sigmoid`) or a one-key mapping (`- conv: {...}`).
enum LayerParser {
    static let kinds = LayerKindName.allCases.map(\.rawValue)
    static let convKeys = ["filters", "kernel", "stride", "padding", "activation"]
    static let poolKeys = ["size", "stride", "padding"]
    static let denseKeys = ["units", "activation"]

    static func parse(_ node: Node, position: Int, reader: inout NodeReader) -> LayerSpec {
        let at = reader.location(node)
        func layer(_ kind: LayerKindSpec, _ location: SourceLocation, _ length: Int) -> LayerSpec {
            LayerSpec(kind: kind, location: location, length: length, position: position)
        }
        switch node {
        case .scalar:
            guard let text = reader.plainText(node, what: "a layer") else { return layer(.invalid, at, 1) }
            guard let kind = kindName(text, node: node, reader: &reader) else {
                return layer(.invalid, at, reader.width(node))
            }
            return layer(bare(kind, node: node, reader: &reader), at, reader.width(node))
        case let .mapping(mapping):
            guard let (keyNode, value) = mapping.first, case let .scalar(key) = keyNode else {
                reader.bag.error("a layer must be a kind name such as `sigmoid` or `conv: {...}`, but found \(reader.describe(node))",
                                 at: at, length: reader.width(node))
                return layer(.invalid, at, 1)
            }
            let keyAt = reader.location(keyNode), keyWidth = reader.width(keyNode)
            if mapping.count > 1 {
                let keys = mapping.keys.compactMap(\.string)
                let settings = keys.dropFirst().filter { (convKeys + poolKeys + denseKeys + ["rate"]).contains($0) }
                let hint = settings.isEmpty
                    ? "put each layer in its own list item starting with `- `"
                    : "indent \(settings.map { "`\($0)`" }.joined(separator: ", ")) under `\(key.string):`, or write `\(key.string): {\(settings.map { "\($0): ..." }.joined(separator: ", "))}`"
                reader.bag.error("a layer item must have exactly one kind, but this one has \(plural(mapping.count, "key")): \(keys.joined(separator: ", "))",
                                 at: keyAt, length: keyWidth, hint: hint)
                return layer(.invalid, keyAt, keyWidth)
            }
            guard let kind = kindName(key.string, node: keyNode, reader: &reader) else {
                return layer(.invalid, keyAt, keyWidth)
            }
            return layer(withArguments(kind, value, reader: &reader), keyAt, keyWidth)
        default:
            reader.bag.error("a layer must be a kind name such as `sigmoid` or `conv: {...}`, but found \(reader.describe(node))",
                             at: at, length: reader.width(node),
                             hint: "a list inside `layers:` needs no extra brackets; write one `- kind` per line")
            return layer(.invalid, at, 1)
        }
    }

    static func kindName(_ text: String, node: Node, reader: inout NodeReader) -> LayerKindName? {
        if let kind = LayerKindName(rawValue: text) { return kind }
        let foreign = LayerKindName.foreignNames[text.lowercased()]?.rawValue
        reader.bag.add(reader.unknownName(text, what: "layer kind", candidates: kinds, at: reader.location(node),
                                          length: reader.width(node), suggestion: foreign))
        return nil
    }

    /// A layer written without arguments.
    static func bare(_ kind: LayerKindName, node: Node, reader: inout NodeReader) -> LayerKindSpec {
        switch kind {
        case .flatten: return .flatten
        case .sigmoid: return .activation(.sigmoid)
        case .relu: return .activation(.relu)
        case .tanh: return .activation(.tanh)
        case .dropout: return .dropout(rate: nil)
        case .conv:
            reader.bag.error("conv needs its settings", at: reader.location(node), length: reader.width(node),
                             hint: "write e.g. `conv: {filters: 6, kernel: 5, padding: 2}`")
        case .dense:
            reader.bag.error("dense needs its number of units", at: reader.location(node), length: reader.width(node),
                             hint: "write e.g. `dense: 120`")
        case .maxpool, .avgpool:
            reader.bag.error("\(kind.rawValue) needs its window size", at: reader.location(node), length: reader.width(node),
                             hint: "write e.g. `\(kind.rawValue): {size: 2, stride: 2}` (or `\(kind.rawValue): 2`)")
        }
        return .invalid
    }

    static func withArguments(_ kind: LayerKindName, _ value: Node, reader: inout NodeReader) -> LayerKindSpec {
        if reader.isNull(value) { return bare(kind, node: value, reader: &reader) }
        switch kind {
        case .flatten, .sigmoid, .relu, .tanh:
            if case let .mapping(m) = value, m.isEmpty { return bare(kind, node: value, reader: &reader) }
            reader.bag.error("\(kind.rawValue) takes no settings, but found \(reader.describe(value))",
                             at: reader.location(value), length: reader.width(value),
                             hint: "write it as a bare `- \(kind.rawValue)`")
            return .invalid
        case .dropout:
            if case .scalar = value {
                return reader.double(value, what: "dropout rate", below: 1).map { .dropout(rate: $0) } ?? .invalid
            }
            guard let entries = reader.entries(value, what: "dropout", allowed: ["rate"]) else { return .invalid }
            var rate: Located<Double>?
            for entry in entries { rate = reader.double(entry.value, what: "dropout rate", below: 1) }
            return .dropout(rate: rate)
        case .conv:
            return conv(value, reader: &reader)
        case .maxpool, .avgpool:
            return pool(kind == .maxpool ? .max : .avg, value, reader: &reader)
        case .dense:
            return dense(value, reader: &reader)
        }
    }

    static func conv(_ value: Node, reader: inout NodeReader) -> LayerKindSpec {
        guard let entries = reader.entries(value, what: "conv", allowed: convKeys) else { return .invalid }
        var spec = ConvSpec()
        var ok = true
        for (key, _, node) in entries {
            switch key {
            case "filters":
                spec.filters = reader.int(node, what: "filters", range: Limits.filters,
                                          limitNote: "LeNet uses 6 and 16 filters; Caffe's LeNet 20 and 50")
                ok = ok && spec.filters != nil
            case "kernel":
                spec.kernel = reader.pair(node, what: "kernel", range: Limits.kernel)
                ok = ok && spec.kernel != nil
            case "stride":
                spec.stride = reader.pair(node, what: "stride", range: Limits.stride)
                ok = ok && spec.stride != nil
            case "padding":
                spec.padding = padding(node, reader: &reader)
                ok = ok && spec.padding != nil
            case "activation":
                spec.activation = reader.name(node, what: "activation", as: ActivationKind.self)
                ok = ok && spec.activation != nil
            default: break
            }
        }
        var missing: [String] = []
        if spec.filters == nil && !entries.contains(where: { $0.key == "filters" }) { missing.append("filters") }
        if spec.kernel == nil && !entries.contains(where: { $0.key == "kernel" }) { missing.append("kernel") }
        missing.removeAll { key in reader.unknownKeys.contains { $0.meant == key } }
        if !missing.isEmpty {
            reader.bag.error("conv is missing \(missing.map { "`\($0)`" }.joined(separator: " and "))",
                             at: reader.location(value), length: reader.width(value),
                             hint: "write e.g. `conv: {filters: 6, kernel: 5, padding: 2}`")
            return .invalid
        }
        return ok && missing.isEmpty && spec.filters != nil && spec.kernel != nil ? .conv(spec) : .invalid
    }

    static func padding(_ node: Node, reader: inout NodeReader) -> Located<PaddingSpec>? {
        if case let .scalar(scalar) = node, scalar.style != .plain || Int(scalar.string) == nil,
           !reader.isNull(node), Double(scalar.string) == nil {
            switch scalar.string {
            case "same": return Located(.same, at: reader.location(node))
            case "valid": return Located(.valid, at: reader.location(node))
            default:
                reader.bag.add(reader.unknownName(scalar.string, what: "padding", candidates: ["same", "valid"],
                                                  at: reader.location(node), length: reader.width(node)))
                return nil
            }
        }
        return reader.pair(node, what: "padding", range: Limits.padding).map { Located(.explicit($0.value), at: $0.location) }
    }

    static func pool(_ op: PoolOp, _ value: Node, reader: inout NodeReader) -> LayerKindSpec {
        var spec = PoolSpec(op: op)
        if case .scalar = value {
            // `maxpool: 2` is a 2×2 window with stride 2, as PyTorch's MaxPool2d(2).
            guard let size = reader.pair(value, what: "\(op.rawValue) size", range: Limits.poolSize) else { return .invalid }
            spec.size = size
            return .pool(spec)
        }
        guard let entries = reader.entries(value, what: op.rawValue, allowed: poolKeys) else { return .invalid }
        var ok = true
        for (key, _, node) in entries {
            switch key {
            case "size":
                spec.size = reader.pair(node, what: "\(op.rawValue) size", range: Limits.poolSize)
                ok = ok && spec.size != nil
            case "stride":
                spec.stride = reader.pair(node, what: "\(op.rawValue) stride", range: Limits.stride)
                ok = ok && spec.stride != nil
            case "padding":
                spec.padding = reader.pair(node, what: "\(op.rawValue) padding", range: Limits.padding)
                ok = ok && spec.padding != nil
            default: break
            }
        }
        if spec.size == nil && ok && !reader.unknownKeys.contains(where: { $0.meant == "size" }) {
            reader.bag.error("\(op.rawValue) is missing `size`", at: reader.location(value), length: reader.width(value),
                             hint: "write e.g. `\(op.rawValue): {size: 2, stride: 2}`")
            return .invalid
        }
        return ok && spec.size != nil ? .pool(spec) : .invalid
    }

    static func dense(_ value: Node, reader: inout NodeReader) -> LayerKindSpec {
        var spec = DenseSpec()
        if case .scalar = value {
            guard let units = reader.int(value, what: "dense units", range: Limits.units) else { return .invalid }
            spec.units = units
            return .dense(spec)
        }
        guard let entries = reader.entries(value, what: "dense", allowed: denseKeys) else { return .invalid }
        var ok = true
        for (key, _, node) in entries {
            switch key {
            case "units":
                spec.units = reader.int(node, what: "dense units", range: Limits.units)
                ok = ok && spec.units != nil
            case "activation":
                spec.activation = reader.name(node, what: "activation", as: ActivationKind.self)
                ok = ok && spec.activation != nil
            default: break
            }
        }
        if spec.units == nil && ok && !reader.unknownKeys.contains(where: { $0.meant == "units" }) {
            reader.bag.error("dense is missing `units`", at: reader.location(value), length: reader.width(value),
                             hint: "write e.g. `dense: 120` or `dense: {units: 120, activation: relu}`")
            return .invalid
        }
        return ok && spec.units != nil ? .dense(spec) : .invalid
    }
}

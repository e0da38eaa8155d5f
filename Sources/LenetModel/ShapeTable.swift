import LenetSpec

/// The facts `lenetc check` prints about a model, as a text table (for people) or JSON (for machines).
/// The emitter repeats the text table in the header of every emitted trainer.
public enum ShapeTable {
    /// One row per layer, then totals and the spatial chain:
    ///
    ///      #  layer                     output     params      MACs
    ///         input                     1×28×28
    ///      0  conv 6, 5×5, padding 2    6×28×28       156   117,600
    public static func text(_ model: Model) -> String {
        var rows: [[String]] = [["#", "layer", "output", "params", "MACs"]]
        rows.append(["", "input", model.input.description, "", ""])
        for layer in model.layers {
            rows.append([String(layer.index), layer.written, layer.output.description,
                         layer.parameterCount.grouped, layer.macs.grouped])
        }
        let rightAligned: Set<Int> = [0, 3, 4]
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var out = ""
        for (n, row) in rows.enumerated() {
            var cells: [String] = []
            for (column, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                cells.append(rightAligned.contains(column) ? pad + cell : cell + pad)
            }
            out += cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
            if n == 0 {
                out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            }
        }
        out += "parameters:        \(model.parameterCount.grouped) (\(bytes(model.parameterCount * 4)) as float32)\n"
        out += "MACs per example:  \(model.forwardMACs.grouped) forward, \(model.trainingMACs.grouped) training (forward + backward)\n"
        out += "activations:       \(model.activationFloats.grouped) floats (\(bytes(model.activationFloats * 4))) per example\n"
        out += "spatial chain:     \(model.spatialChain)\n"
        return out
    }

    /// A header line naming the model and its file (with its description and input normalisation), then the table.
    public static func report(_ model: Model) -> String {
        var out = "\(model.name) (\(model.sourcePath))\n"
        if let description = model.description { out += description + "\n" }
        if let n = model.normalize { out += "input normalised: (x − \(n.mean)) / \(n.std), x in [0, 1] (torchvision's Normalize)\n" }
        return out + text(model)
    }

    /// The same facts as a JSON object, keys in a fixed order so output is stable.
    public static func json(_ model: Model) -> String {
        var layers: [String] = []
        for layer in model.layers {
            let params = layer.parameters.map { "{\"name\": \(quote($0.name)), \"shape\": \($0.shape)}" }
            let fields = [
                "\"index\": \(layer.index)", "\"kind\": \(quote(kind(layer.op)))", "\"layer\": \(quote(layer.written))",
                "\"input\": \(shapeJSON(layer.input))", "\"output\": \(shapeJSON(layer.output))",
                "\"params\": \(layer.parameterCount)", "\"macs\": \(layer.macs)",
                "\"line\": \(layer.location.line)", "\"column\": \(layer.location.column)",
                "\"tensors\": [\(params.joined(separator: ", "))]",
            ] + (settings(layer.op).map { ["\"settings\": \($0)"] } ?? [])
            layers.append("    {" + fields.joined(separator: ", ") + "}")
        }
        return """
        {
          "name": \(quote(model.name)),
          "spec": \(quote(model.sourcePath)),
          "input": \(shapeJSON(model.input)),\(model.normalize.map { "\n  \"normalize\": {\"mean\": \($0.mean), \"std\": \($0.std)}," } ?? "")
          "layers": [
        \(layers.joined(separator: ",\n"))
          ],
          "total_params": \(model.parameterCount),
          "param_bytes": \(model.parameterCount * 4),
          "forward_macs": \(model.forwardMACs),
          "training_macs": \(model.trainingMACs),
          "activation_floats": \(model.activationFloats),
          "activation_bytes": \(model.activationFloats * 4),
          "spatial_chain": [\(model.spatialChain.split(separator: "→").map { quote(String($0)) }.joined(separator: ", "))],
          "train": \(train(model.train))
        }
        """
    }

    /// A layer's settings as numbers, enough to build the same PyTorch module (nil: none).
    static func settings(_ op: LayerOp) -> String? {
        func pair(_ p: Pair) -> String { "[\(p.h), \(p.w)]" }
        switch op {
        case let .conv(c):
            return "{\"filters\": \(c.outChannels), \"kernel\": \(pair(c.kernel)), \"stride\": \(pair(c.stride)), \"padding\": \(pair(c.padding))}"
        case let .pool(p):
            return "{\"size\": \(pair(p.size)), \"stride\": \(pair(p.stride)), \"padding\": \(pair(p.padding))}"
        case let .dense(d): return "{\"units\": \(d.outFeatures)}"
        case let .dropout(rate): return "{\"rate\": \(rate)}"
        case .flatten, .activation: return nil
        }
    }

    /// The recipe, defaults filled in, as `torch.optim` names its settings.
    static func train(_ t: TrainConfig) -> String {
        let settings = t.optimizer.fields.map { field in
            "\(quote(field.key)): " + (field.values.count == 1 ? field.values[0] : "[\(field.values.joined(separator: ", "))]")
        }
        let optimizer = "{" + (["\"name\": \(quote(t.optimizer.name))"] + settings).joined(separator: ", ") + "}"
        let length: String
        switch t.duration {
        case let .epochs(n): length = "\"epochs\": \(n)"
        case let .iterations(n): length = "\"iterations\": \(n)"
        }
        return "{\"dataset\": \(quote(t.dataset.rawValue)), \"batch\": \(t.batch), \(length), \"optimizer\": \(optimizer), \"seed\": \(t.seed)}"
    }

    static func kind(_ op: LayerOp) -> String {
        switch op {
        case .conv: return "conv"
        case let .pool(p): return p.op.rawValue
        case .flatten: return "flatten"
        case .dense: return "dense"
        case let .activation(a): return a.rawValue
        case .dropout: return "dropout"
        }
    }

    static func shapeJSON(_ shape: Shape) -> String {
        switch shape {
        case let .image(c, h, w): return "[\(c), \(h), \(w)]"
        case let .flat(n): return "[\(n)]"
        }
    }

    /// A JSON string literal.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `241.0 KiB`.
    public static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(count) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        let tenths = (value * 10).rounded() / 10
        return "\(tenths) \(units[unit])"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

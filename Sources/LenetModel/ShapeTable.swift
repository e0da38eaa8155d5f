import LenetSpec

/// The facts `lenetc check` prints about a model, as a text table for people (the CLI's `CheckReport`
/// has them as JSON for machines). The emitter repeats the text table in the header of every emitted
/// trainer.
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

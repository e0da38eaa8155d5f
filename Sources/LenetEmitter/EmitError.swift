import LenetSpec

/// One reason a spec the validator accepts cannot be specialised by the emitter, with the layer and
/// the spec line it concerns; `EmitFailure` carries every such reason, so no wrong code is written.
public struct EmitError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    /// PyTorch index of the layer concerned, when there is one.
    public var layer: Int?
    /// Where that layer is written in the spec.
    public var location: SourceLocation?
    /// Columns to underline at `location`.
    public var length: Int
    public var hint: String?

    public init(_ message: String, layer: Int? = nil, location: SourceLocation? = nil, length: Int = 1,
                hint: String? = nil) {
        self.message = message
        self.layer = layer
        self.location = location
        self.length = length
        self.hint = hint
    }

    public var description: String {
        var text = layer.map { "layer \($0): " } ?? ""
        text += message
        if let hint { text += " (hint: \(hint))" }
        return text
    }

    /// The same facts as a compiler diagnostic, for `DiagnosticRenderer`.
    public var diagnostic: Diagnostic {
        .error("cannot emit: " + message, at: location, length: length, hint: hint)
    }
}

/// Every reason a model cannot be emitted, found in one pass as the validator finds a spec's errors:
/// each layer that cannot be specialised, the network's ending, the workspace and the name.
public struct EmitFailure: Error, CustomStringConvertible, Sendable, Equatable {
    /// The problems in the order the lowering met them; never empty.
    public var errors: [EmitError]

    public init(_ errors: [EmitError]) {
        precondition(!errors.isEmpty, "an emit failure has at least one error")
        self.errors = errors
    }

    /// The errors as compiler diagnostics in source order (problems without a line first), for
    /// `DiagnosticRenderer`.
    public var diagnostics: [Diagnostic] {
        var bag = DiagnosticBag()
        bag.add(contentsOf: errors.map(\.diagnostic))
        return bag.sorted
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

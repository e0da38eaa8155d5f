import LenetSpec

/// Parse and validate in one call: what `check`, `run` and `emit` all start with.
public enum SpecCompiler {
    public struct Result: Sendable {
        public var source: SourceFile
        /// The model, when the spec has no errors.
        public var model: Model?
        /// Errors and warnings of both stages, in source order.
        public var diagnostics: [Diagnostic]
    }

    public static func compile(_ source: SourceFile) -> Result {
        let (spec, parseDiagnostics) = SpecParser.parse(source)
        var bag = DiagnosticBag()
        bag.add(contentsOf: parseDiagnostics)
        var model: Model?
        if let spec {
            let built = ModelBuilder.build(spec)
            bag.add(contentsOf: built.diagnostics)
            if !bag.hasErrors { model = built.model }
        }
        return Result(source: source, model: model, diagnostics: bag.sorted)
    }
}

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

    /// Parses and validates `source`. `dataset` (a command line's `--dataset`) replaces the spec's
    /// `train: dataset:` before validation, so the model is checked against the data it will see;
    /// diagnostics about the data set point at the spec's `dataset:` (or `train:`) line.
    public static func compile(_ source: SourceFile, dataset: DatasetName? = nil) -> Result {
        let (parsed, parseDiagnostics) = SpecParser.parse(source)
        var bag = DiagnosticBag()
        bag.add(contentsOf: parseDiagnostics)
        var model: Model?
        var spec = parsed
        if let dataset, let written = spec {
            let at = written.train.dataset?.location ?? written.train.location ?? written.location
            spec?.train.dataset = Located(dataset, at: at)
        }
        if let spec {
            let built = ModelBuilder.build(spec)
            bag.add(contentsOf: built.diagnostics)
            if !bag.hasErrors { model = built.model }
        }
        return Result(source: source, model: model, diagnostics: bag.sorted)
    }
}

import LenetModel
import LenetSpec

/// One spec through what `lenetc check` runs: UTF-8 decoding, the YAML reader, the validator, the
/// diagnostics renderer, and for a valid model the shape table and the architecture text (the JSON is
/// the CLI's `CheckReport`, fuzzed by LenetcTests' FuzzTests). A diagnostic that points
/// outside the file is a finding (the renderer would show the wrong line), so it traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpec(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    // `check` reads files as Foundation's UTF-8 decoding accepts them; invalid UTF-8 is exit 3 there.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return 0 }
    let source = SourceFile(path: "fuzz.yaml", text: text)
    let result = SpecCompiler.compile(source)
    for diagnostic in result.diagnostics {
        guard let at = diagnostic.location else { continue }
        // Lines as libyaml counts them (SourceFile splits at CR, LF, CR LF, NEL, LS, PS); a caret may
        // stand one past the end of its line.
        let width = source.line(at.line).map { $0.unicodeScalars.count }
        if width == nil || at.column < 1 || at.column > width! + 1 {
            fatalError("diagnostic at \(at.line):\(at.column) outside the \(source.lines.count)-line file (line width \(width.map(String.init) ?? "none")): \(diagnostic.message)")
        }
    }
    _ = DiagnosticRenderer().render(result.diagnostics, source: source)
    if let model = result.model {
        _ = ShapeTable.report(model)
        _ = model.architecture
    }
    return 0
}

import ArgumentParser
import Foundation
import LenetModel
import LenetSpec

/// Turns a SPEC argument into a validated model for the commands that need exactly one
/// (`run`, `eval`, `time`, `emit`), printing notes and diagnostics the way `check` does.
enum SpecInput {
    static func model(_ argument: String) throws -> Model {
        let source: SourceFile
        do {
            let found = try SpecLocator.locate(argument)
            if let note = found.note { Terminal.err("note: \(note)\n") }
            source = try SpecLocator.read(found)
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
        let result = SpecCompiler.compile(source)
        if !result.diagnostics.isEmpty {
            Terminal.err(DiagnosticRenderer(colors: Terminal.stderrColors).render(result.diagnostics, source: source))
        }
        guard let model = result.model else { throw ExitCode(Lenetc.Status.invalidSpec) }
        return model
    }
}

import ArgumentParser
import Foundation
import LenetModel
import LenetSpec

/// Turns a SPEC argument into a validated model, printing notes and diagnostics to standard error
/// the same way for every command.
enum SpecInput {
    /// The compiled spec, or the exit status that explains why there is none (3 unreadable).
    static func compile(_ argument: String, dataset: DatasetName? = nil) -> Result<SpecCompiler.Result, ExitCode> {
        let source: SourceFile
        do {
            let found = try SpecLocator.locate(argument)
            if let note = found.note { Terminal.err("note: \(note)\n") }
            source = try SpecLocator.read(found)
        } catch {
            Terminal.err("error: \(error)\n")
            return .failure(ExitCode(Lenetc.Status.unreadable))
        }
        let result = SpecCompiler.compile(source, dataset: dataset)
        if !result.diagnostics.isEmpty {
            Terminal.err(DiagnosticRenderer(colors: Terminal.stderrColors).render(result.diagnostics, source: source))
        }
        return .success(result)
    }

    /// The model of a spec that must be valid (`run`, `eval`, `time`, `emit`), trained on `dataset` when
    /// given instead of the spec's; throws the exit status.
    static func model(_ argument: String, dataset: DatasetName? = nil) throws -> Model {
        guard let model = try compile(argument, dataset: dataset).get().model else { throw ExitCode(Lenetc.Status.invalidSpec) }
        return model
    }
}

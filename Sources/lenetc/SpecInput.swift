import ArgumentParser
import Foundation
import LenetModel
import LenetSpec

/// An error of a stage after validation (the emitter's) that says why it refused a valid spec, as
/// diagnostics pointing into the spec.
protocol DiagnosedError: Error {
    var diagnostics: [Diagnostic] { get }
}

/// Turns a SPEC argument into a validated model, printing notes and diagnostics to standard error
/// the same way for every command.
enum SpecInput {
    /// The compiled spec, or the exit status that explains why there is none (3 unreadable).
    static func compile(_ argument: String, dataset: DatasetName? = nil) -> Result<SpecCompiler.Result, ExitCode> {
        load(argument, dataset: dataset).map { result in
            report(result.diagnostics, source: result.source)
            return result
        }
    }

    /// The model of a spec that must be valid (`run`, `eval`, `time`, `export`), trained on `dataset`
    /// when given instead of the spec's; throws the exit status.
    static func model(_ argument: String, dataset: DatasetName? = nil) throws -> Model {
        guard let model = try compile(argument, dataset: dataset).get().model else { throw ExitCode(Lenetc.Status.invalidSpec) }
        return model
    }

    /// What `stage` makes of the model of a spec that must be valid and that `stage` may still refuse
    /// (`emit`). The spec's warnings and the stage's errors are printed together, in source order,
    /// under one summary line, as `check` prints a spec's; throws the exit status (1 when the spec is
    /// invalid or the stage refuses it).
    static func model<Product, Failure: DiagnosedError>(_ argument: String, dataset: DatasetName? = nil,
                                                        through stage: (Model) throws(Failure) -> Product) throws -> Product {
        let compiled = try load(argument, dataset: dataset).get()
        var diagnostics = DiagnosticBag()
        diagnostics.add(contentsOf: compiled.diagnostics)
        var product: Product?
        if let model = compiled.model {
            do {
                product = try stage(model)
            } catch {
                diagnostics.add(contentsOf: error.diagnostics)
            }
        }
        report(diagnostics.sorted, source: compiled.source)
        guard let product else { throw ExitCode(Lenetc.Status.invalidSpec) }
        return product
    }

    /// Reads and compiles the spec, printing the note of a path found up to letter case; the
    /// diagnostics are left to the caller, which may add a later stage's before printing them.
    private static func load(_ argument: String, dataset: DatasetName?) -> Result<SpecCompiler.Result, ExitCode> {
        let source: SourceFile
        do {
            let found = try SpecLocator.locate(argument)
            if let note = found.note { Terminal.err("note: \(note)\n") }
            source = try SpecLocator.read(found)
        } catch {
            Terminal.err("error: \(error)\n")
            return .failure(ExitCode(Lenetc.Status.unreadable))
        }
        return .success(SpecCompiler.compile(source, dataset: dataset))
    }

    /// Prints one spec's diagnostics, with the source lines and a summary, as every command does.
    private static func report(_ diagnostics: [Diagnostic], source: SourceFile) {
        if !diagnostics.isEmpty {
            Terminal.err(DiagnosticRenderer(colors: Terminal.stderrColors).render(diagnostics, source: source))
        }
    }
}

import ArgumentParser
import Foundation
import LenetModel
import LenetSpec

/// `lenetc check SPEC...`: validate specs and print their shape tables.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate specs and print each one's shape table.",
        discussion: """
        SPEC is a path, or a bare name found in Specs/ (`lenetc check lenet`). Errors and warnings go to \
        standard error; the tables to standard output. Exit status: 0 all valid, 1 a spec is invalid, \
        2 bad usage, 3 a file cannot be read.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Spec files or names in Specs/.")
    var specs: [String]

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func validate() throws {
        if specs.isEmpty { throw ValidationError("give at least one spec, e.g. `lenetc check Specs/lenet.yaml`") }
    }

    func run() throws {
        var worst: Int32 = 0
        var texts: [String] = []
        var reports: [CheckReport] = []
        for argument in specs {
            let result: SpecCompiler.Result
            switch SpecInput.compile(argument) {
            case let .success(compiled): result = compiled
            case let .failure(status):
                worst = max(worst, status.rawValue)
                reports.append(CheckReport(unreadable: argument))
                continue
            }
            if let model = result.model {
                texts.append(ShapeTable.report(model))
            } else {
                worst = max(worst, Lenetc.Status.invalidSpec)
            }
            reports.append(CheckReport(path: result.source.path, model: result.model, diagnostics: result.diagnostics))
        }
        switch format {
        case .text:
            if !texts.isEmpty { Terminal.out(texts.joined(separator: "\n")) }
        case .json:
            Terminal.out(try CheckReport.json(reports))
        }
        if worst != 0 { throw ExitCode(worst) }
    }
}

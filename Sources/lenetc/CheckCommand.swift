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
        var jsons: [String] = []
        for argument in specs {
            let result: SpecCompiler.Result
            switch SpecInput.compile(argument) {
            case let .success(compiled): result = compiled
            case let .failure(status):
                worst = max(worst, status.rawValue)
                jsons.append("{\"spec\": \(ShapeTable.quote(argument)), \"valid\": false, \"readable\": false}")
                continue
            }
            if let model = result.model {
                texts.append(ShapeTable.report(model))
                jsons.append(withDiagnostics(ShapeTable.json(model), result.diagnostics, valid: true))
            } else {
                worst = max(worst, Lenetc.Status.invalidSpec)
                jsons.append(withDiagnostics("{\n  \"spec\": \(ShapeTable.quote(result.source.path))\n}", result.diagnostics, valid: false))
            }
        }
        switch format {
        case .text:
            if !texts.isEmpty { Terminal.out(texts.joined(separator: "\n")) }
        case .json:
            Terminal.out((jsons.count == 1 ? jsons[0] : "[\n" + jsons.joined(separator: ",\n") + "\n]") + "\n")
        }
        if worst != 0 { throw ExitCode(worst) }
    }

    /// Adds `"valid"` and `"diagnostics"` before the closing brace of a JSON object.
    func withDiagnostics(_ object: String, _ diagnostics: [Diagnostic], valid: Bool) -> String {
        let items = diagnostics.map { d -> String in
            var fields = ["\"severity\": \(ShapeTable.quote(d.severity.rawValue))",
                          "\"message\": \(ShapeTable.quote(d.message))"]
            if let at = d.location { fields += ["\"line\": \(at.line)", "\"column\": \(at.column)"] }
            if let hint = d.hint { fields.append("\"hint\": \(ShapeTable.quote(hint))") }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        var body = object
        // The model's object ends in its own closing brace: reopen it (once) to add the diagnostics.
        while body.last == "\n" { body.removeLast() }
        if body.last == "}" { body.removeLast() }
        while body.last == "\n" { body.removeLast() }
        return body + ",\n  \"valid\": \(valid),\n  \"diagnostics\": [" + items.joined(separator: ", ") + "]\n}"
    }
}

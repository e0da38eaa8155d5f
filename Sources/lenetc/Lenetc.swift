import ArgumentParser
import Foundation

/// The `lenetc` command. It only wires the stages together: spec -> model -> (engine | emitter).
@main
struct Lenetc: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lenetc",
        abstract: "A declarative model-spec compiler for LeNet-style convolutional networks.",
        discussion: """
        A spec is a YAML file that reads like the model's figure (see Specs/). lenetc checks it before any \
        compute, propagates shapes statically, and prints compiler-style errors that point at the YAML.
        """,
        version: "0.1.0",
        subcommands: [CheckCommand.self, RunCommand.self, EmitCommand.self, EvalCommand.self, ExportCommand.self, TimeCommand.self])

    /// Exit statuses: 0 success, 1 invalid spec, 2 bad usage, 3 unreadable file, 4 training diverged.
    enum Status {
        static let invalidSpec: Int32 = 1
        static let usage: Int32 = 2
        static let unreadable: Int32 = 3
        static let diverged: Int32 = 4
    }

    /// ArgumentParser reports usage errors with 64 (EX_USAGE); lenetc promises 2, as most Unix tools do.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Terminal.err(fullMessage(for: error) + "\nRun 'lenetc --help' for usage.\n")
                Foundation.exit(Status.usage)
            }
            exit(withError: error)
        }
    }
}

import ArgumentParser
import Foundation
import LenetEmitter

/// `lenetc emit SPEC [-o DIR]`: write a standalone Swift package that trains the spec's model.
struct EmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emit",
        abstract: "Write a standalone Swift package that trains one spec's model.",
        discussion: """
        SPEC is a path, or a bare name found in Specs/ (`lenetc emit lenet`). The package goes to \
        Generated/<name>/ unless -o gives another folder; an existing emitted package there is replaced. \
        Its network has every size as a literal and fused kernels for its layers; build and train it with \
        `swift run -c release <name>` inside the folder. Exit status: 0 written, 1 the spec is invalid or \
        cannot be emitted, 3 the spec cannot be read or the package cannot be written.
        """)

    @Argument(help: "A spec file or a name in Specs/.")
    var spec: String

    @Option(name: .shortAndLong, help: "The folder to write the package to (default: Generated/<name>).")
    var output: String?

    func run() throws {
        let package = try SpecInput.model(spec, through: Emitter.emit)
        let directory = output ?? "Generated/\(package.name)"
        do {
            try package.write(to: directory)
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
        Terminal.out("""
        wrote \(directory)/ (\(package.files.count) files: Package.swift, Sources/\(package.name)/Network.swift, main.swift, the runtime)
        train it:  cd \(directory) && \(package.runCommand)    (same flags as lenetc run; --help lists them)

        """)
    }
}

/// The emitter's refusal, printed with the spec's diagnostics.
extension EmitFailure: DiagnosedError {}

import ArgumentParser
import Foundation
import LenetEmitter
import LenetModel
import LenetSpec

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
        let source: SourceFile
        do {
            let found = try SpecLocator.locate(spec)
            if let note = found.note { Terminal.err("note: \(note)\n") }
            source = try SpecLocator.read(found)
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
        let renderer = DiagnosticRenderer(colors: Terminal.stderrColors)
        let result = SpecCompiler.compile(source)
        if !result.diagnostics.isEmpty { Terminal.err(renderer.render(result.diagnostics, source: source)) }
        guard let model = result.model else { throw ExitCode(Lenetc.Status.invalidSpec) }

        let package: EmittedPackage
        do {
            package = try Emitter.emit(model)
        } catch {
            Terminal.err(renderer.render(error.diagnostics, source: source))
            throw ExitCode(Lenetc.Status.invalidSpec)
        }
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

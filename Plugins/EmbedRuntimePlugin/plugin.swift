import Foundation
import PackagePlugin

/// Gives LenetEmitter the text of every runtime file at build time: runs the EmbedRuntime tool on
/// `Sources/LenetRuntime/*.swift`, which writes `EmbeddedRuntime.swift` (the files as string
/// literals) into the plugin's work directory, compiled into the target. So the runtime exists once,
/// in `Sources/LenetRuntime/`, and the `lenetc` binary still carries it (no resource bundle).
@main
struct EmbedRuntimePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let runtime = context.package.directoryURL.appending(path: "Sources/LenetRuntime")
        let files = try FileManager.default.contentsOfDirectory(at: runtime, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRuntime.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) runtime files into \(target.name)",
                executable: try context.tool(named: "EmbedRuntime").url,
                arguments: [output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]),
        ]
    }
}

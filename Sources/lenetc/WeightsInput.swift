import ArgumentParser
import LenetEngine
import LenetModel
import LenetRuntime

/// Reads a `--weights FILE` into a network the same way for every command that takes one (`eval`,
/// `export`): the tensors must have the model's names and shapes; tensors that are not parameters
/// get a note.
enum WeightsInput {
    /// Loads `path` into `network` (built from `model`); throws the exit status after printing why not.
    static func load(_ path: String, into network: EngineNetwork, model: Model) throws {
        do {
            let checkpoint = try Checkpoint.read(from: path)
            let extra = try TrainingLoop.load(checkpoint, into: network, path: path)
            if !extra.isEmpty {
                Terminal.err("note: \(path) also holds \(extra.count) tensor\(extra.count == 1 ? "" : "s") that are not parameters of \(model.name) (\(extra.prefix(4).joined(separator: ", "))\(extra.count > 4 ? ", ..." : "")); ignored\n")
            }
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
    }
}

import ArgumentParser
import Foundation
import LenetRuntime
import LenetSpec

/// Finds the training data for a run and says where it came from.
enum DataInput {
    struct Loaded {
        var dataset: Dataset
        /// The first line of a run: which data, how much, and why when it is synthetic.
        var banner: String
    }

    static func load(_ flag: String?, dataset name: DatasetName) throws -> Loaded {
        let info = DatasetInfo.named(name.rawValue) ?? .mnist
        do {
            if flag == "synthetic" {
                return Loaded(dataset: try SyntheticDigits.dataset(seed: 0), banner: "training on built-in synthetic digits")
            }
            let d = try DatasetFiles.load(directory: flag ?? "data/\(info.name)", info: info)
            return Loaded(dataset: d, banner: "training on \(info.name) from \(d.origin)")
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
    }
}

import ArgumentParser
import Foundation
import LenetRuntime
import LenetSpec

/// Finds the training data for a run (the runtime's `DataLocator`: --data, $LENETC_DATA, ./data,
/// a download, else synthetic digits) and says where it came from on the run's first line.
enum DataInput {
    struct Loaded {
        var dataset: Dataset
        /// The first line of a run: which data and how much, or why it is synthetic.
        var banner: String
    }

    static func load(_ flag: String?, dataset name: DatasetName) throws -> Loaded {
        do {
            let found = try DataLocator().locate(dataset: name.rawValue, explicit: flag)
            return Loaded(dataset: found.dataset, banner: found.banner)
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
    }
}

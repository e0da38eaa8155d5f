import ArgumentParser
import Foundation
import LenetRuntime
import LenetSpec

/// Finds the data for a run (the runtime's `DataLocator`: --data, $LENETC_DATA, ./data/<dataset>/,
/// /usr/share/datasets/<dataset>/, a download, else synthetic digits), prints its notes about the files
/// on standard error, and says where the data came from on the run's first line.
enum DataInput {
    struct Loaded {
        var dataset: Dataset
        /// The first line of a run: which data and how much, or why it is synthetic.
        var banner: String
    }

    static func load(_ flag: String?, dataset name: DatasetName) throws -> Loaded {
        do {
            let found = try DataLocator().locate(dataset: name.rawValue, explicit: flag)
            found.printNotes()
            return Loaded(dataset: found.dataset, banner: found.banner)
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode(Lenetc.Status.unreadable)
        }
    }
}

/// `--dataset mnist|fashion-mnist` of `run`, `eval` and `time`: the data set to use instead of the
/// spec's. Parsed by the runtime, as the emitted trainers parse it, so both give the same message.
struct DatasetFlag: ParsableArguments {
    @Option(help: "mnist or fashion-mnist: the data set to use instead of the spec's.")
    var dataset: String?

    func validate() throws { _ = try chosen() }

    /// The data set named, or nil when the flag is absent; a bad name is a usage error (exit 2).
    func chosen() throws -> DatasetName? {
        guard let dataset else { return nil }
        do {
            let info = try DatasetInfo.fromFlag(dataset)
            guard let name = DatasetName(rawValue: info.name) else { throw ValidationError("--dataset \(dataset) is not a data set a spec can name") }
            return name
        } catch let error as DatasetError {
            throw ValidationError(error.message)
        }
    }
}

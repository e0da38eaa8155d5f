// Deciding where training data comes from, in a fixed, documented order:
//
//   1. an explicit `--data DIR` (or `--data synthetic`)
//   2. the `LENETC_DATA` environment variable (a directory, or "synthetic")
//   3. `./data/<dataset>/` in the working directory
//   4. `/usr/share/datasets/<dataset>/`, where distribution packages install data sets (Debian's
//      `dataset-fashion-mnist`), so a machine with apt but no route to the mirrors has real data
//   5. a download of the data set's four files into `./data/<dataset>/`
//   6. otherwise the built-in synthetic digits, with a human-readable reason
//
// Explicit choices (1, 2) never fall back silently: if the user named a directory that
// does not hold the data, that is an error. Only the automatic steps fall through, so a
// fresh offline machine still trains (on synthetic digits) and says why on the first line.
//
// The environment and working directory are injected rather than read from the process,
// so callers (and tests) control them without mutating global state.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The data chosen for a run and how it was found.
public struct LocatedData: Sendable {
    /// How the data was found.
    public enum Origin: Sendable, Equatable {
        /// From `--data DIR` (the directory actually used).
        case explicitDirectory(String)
        /// From `$LENETC_DATA` (the directory actually used).
        case environment(String)
        /// From `./data/<dataset>/`.
        case localDirectory(String)
        /// From the system's data sets, `/usr/share/datasets/<dataset>/`.
        case systemDirectory(String)
        /// Downloaded just now into this directory.
        case downloaded(String)
        /// Built-in synthetic digits; `requested` is false when they are a fallback.
        case synthetic(requested: Bool)
    }

    /// The loaded data.
    public let dataset: Dataset
    /// Where it came from.
    public let origin: Origin
    /// Set when synthetic digits replace the requested data set: why nothing else worked.
    public let fallbackReason: String?
    /// The data set that was asked for (may differ from `dataset.info` after a fallback, or when the
    /// files turned out to be another data set).
    public let requested: DatasetInfo
    /// One-line notes about the files (content matching no published checksum, files of another data
    /// set), without the "note: " prefix; tools print them on standard error.
    public var notes: [String] = []

    /// The line a command-line tool prints first after a fallback, e.g.
    /// "no MNIST data found (...); training on built-in synthetic digits"; nil otherwise.
    public var notice: String? {
        fallbackReason.map { "no \(requested.displayName) data found (\($0)); training on built-in synthetic digits" }
    }
}

/// Finds (or downloads, or synthesises) the data for a run.
public struct DataLocator: Sendable {
    /// Name of the environment variable consulted in step 2.
    public static let environmentVariable = "LENETC_DATA"
    /// Value of `--data` / `LENETC_DATA` that selects the synthetic digits.
    public static let syntheticKeyword = "synthetic"

    /// Environment variables to consult (injected; defaults to the process environment).
    public var environment: [String: String]
    /// Directory that relative paths and `./data/` are resolved against.
    public var workingDirectory: String
    /// Download sources by data set name (tests substitute loopback mirrors).
    public var sources: [String: DatasetSource]
    /// Where step 4 looks: the parent of the system's per-data-set folders.
    public var systemDataDirectory = "/usr/share/datasets"
    /// Whether step 5 may use the network.
    public var allowDownload = true
    /// Download behaviour (timeouts, retries, progress bar, log sink).
    public var downloadOptions = DownloadOptions()
    /// Seed of the synthetic digits.
    public var syntheticSeed: UInt64 = 0
    /// Size of the synthetic training split.
    public var syntheticTrainCount = 60_000
    /// Size of the synthetic test split.
    public var syntheticTestCount = 10_000

    /// A locator for the given environment and working directory.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.sources = [DatasetSource.mnist.dataset: .mnist, DatasetSource.fashionMNIST.dataset: .fashionMNIST]
    }

    /// Finds data for data set `name` ("mnist", "fashion-mnist" or "synthetic").
    /// `explicit` is the value of `--data`, if given. Throws when an explicitly named
    /// location is unusable, when local files are damaged, or for an unknown data set.
    public func locate(dataset name: String, explicit: String? = nil) throws(DatasetError) -> LocatedData {
        guard let info = DatasetInfo.named(name) else {
            let known = DatasetInfo.all.map(\.name).joined(separator: ", ")
            throw DatasetError("unknown data set \"\(name)\"; known data sets: \(known)")
        }

        // 1. --data
        if let explicit, !explicit.isEmpty {
            if explicit == Self.syntheticKeyword { return try synthetic(requested: info, reason: nil) }
            let dir = try usableDirectory(explicit, for: info, via: "--data \(explicit)")
            return try load(dir, info, origin: .explicitDirectory(dir))
        }
        // 2. $LENETC_DATA
        if let value = environment[Self.environmentVariable], !value.isEmpty {
            if value == Self.syntheticKeyword { return try synthetic(requested: info, reason: nil) }
            let dir = try usableDirectory(value, for: info, via: "\(Self.environmentVariable)=\(value)")
            return try load(dir, info, origin: .environment(dir))
        }
        if info == .synthetic { return try synthetic(requested: info, reason: nil) }

        // 3. ./data/<dataset>/
        let local = resolve("data/" + info.name)
        if DatasetFiles.isComplete(local) {
            return try load(local, info, origin: .localDirectory(local),
                            advice: "delete \(local) to download the data again, or pass --data")
        }
        // 4. /usr/share/datasets/<dataset>/
        let system = (systemDataDirectory.hasSuffix("/") ? String(systemDataDirectory.dropLast()) : systemDataDirectory) + "/" + info.name
        if DatasetFiles.isComplete(system) {
            return try load(system, info, origin: .systemDirectory(system),
                            advice: "reinstall the package that installed \(system), or pass --data")
        }

        // 5. download
        func state(_ dir: String) -> String { dir + "/ is " + (AtomicFile.exists(dir) ? "incomplete" : "missing") }
        let missingHere = "\(state(local)), \(state(system))"
        guard let source = sources[info.name] else {
            return try synthetic(requested: info, reason: "\(missingHere) and lenetc knows no download for \(info.displayName)")
        }
        guard allowDownload else {
            return try synthetic(requested: info, reason: "\(missingHere) and downloading is disabled")
        }
        let missing = Set(DatasetFiles.missingFiles(in: local))
        let needed = DatasetSource(dataset: source.dataset, mirrors: source.mirrors,
                                   files: source.files.filter { missing.contains(String($0.name.dropLast(3))) || !$0.name.hasSuffix(".gz") })
        let parent = AtomicFile.directoryPart(of: local)
        let (hadLocal, hadParent) = (AtomicFile.exists(local), AtomicFile.exists(parent))
        do {
            try Downloader.fetchDataset(needed, into: local, options: downloadOptions)
        } catch {
            // Leave no litter: remove the directories we created, if they stayed empty.
            if !hadLocal, rmdir(local) == 0, !hadParent { _ = rmdir(parent) }
            return try synthetic(requested: info, reason: "\(missingHere) and the download failed: \(error)")
        }
        return try load(local, info, origin: .downloaded(local))
    }

    /// The files in `dir`, checked and identified by content, as found via `origin`; `advice` is added
    /// to an error about a folder the user did not name.
    private func load(_ dir: String, _ info: DatasetInfo, origin: LocatedData.Origin, advice: String? = nil) throws(DatasetError) -> LocatedData {
        do {
            let (dataset, notes) = try DatasetFiles.loadChecked(directory: dir, info: info)
            var found = LocatedData(dataset: dataset, origin: origin, fallbackReason: nil, requested: info)
            found.notes = notes
            return found
        } catch {
            throw advice.map { DatasetError("\(error.message) (\($0))") } ?? error
        }
    }

    /// The directory named by `value` that holds the four files: `value` itself, or its
    /// `<dataset>` subdirectory (so one LENETC_DATA can serve several data sets).
    private func usableDirectory(_ value: String, for info: DatasetInfo, via: String) throws(DatasetError) -> String {
        let dir = resolve(value)
        if DatasetFiles.isComplete(dir) { return dir }
        let sub = dir + "/" + info.name
        if DatasetFiles.isComplete(sub) { return sub }
        guard AtomicFile.exists(dir) else {
            throw DatasetError("\(via): directory \(dir) does not exist")
        }
        let names = DatasetFiles.baseNames.joined(separator: ", ")
        let missing = DatasetFiles.missingFiles(in: dir).joined(separator: ", ")
        throw DatasetError("\(via): \(dir) does not hold the \(info.displayName) files (missing: \(missing)); it must contain \(names) (raw or .gz), directly or in \(info.name)/, or use --data synthetic")
    }

    /// `path` made absolute against `workingDirectory` ("~/" expands to $HOME).
    private func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "~" || path.hasPrefix("~/"), let home = environment["HOME"] {
            return home + path.dropFirst()
        }
        let base = workingDirectory.hasSuffix("/") ? String(workingDirectory.dropLast()) : workingDirectory
        return path == "." ? base : base + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    private func synthetic(requested: DatasetInfo, reason: String?) throws(DatasetError) -> LocatedData {
        let data = try SyntheticDigits.dataset(seed: syntheticSeed, trainCount: syntheticTrainCount, testCount: syntheticTestCount)
        return LocatedData(dataset: data, origin: .synthetic(requested: reason == nil), fallbackReason: reason, requested: requested)
    }
}

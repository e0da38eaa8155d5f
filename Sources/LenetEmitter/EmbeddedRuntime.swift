// EmbeddedRuntime.swift: every file of Sources/LenetRuntime/, verbatim, for emitted packages.
// Generated from Sources/LenetRuntime/; do not edit. The LenetEmitterTests fail with a diff when the two
// differ; `LENETC_RECORD=1 swift test --filter LenetEmitterTests` writes this file again.

/// The runtime files by name, in name order.
enum EmbeddedRuntime {
    static let files: [(name: String, text: String)] = [
        ("Checkpoint.swift", #"""
import Foundation

/// A training checkpoint in one safetensors file. The tensors are exactly the model's parameters under
/// their PyTorch names, so `net.load_state_dict(safetensors.torch.load_file(FILE))` works on the
/// matching `nn.Sequential`; everything needed to resume (epoch, position in the epoch, RNG state,
/// optimizer buffers, the epoch records so far) rides in the `__metadata__` string map, which
/// PyTorch ignores, with the spec's name and the model's and recipe's descriptions and fingerprints
/// (`RunIdentity`). Optimizer buffers are stored there as base64 of little-endian float32.
public struct Checkpoint: Sendable {
    /// Parameter values by PyTorch name, with their shapes.
    public var tensors: [(name: String, shape: [Int], values: [Float])]
    /// Training state; nil for weights written by another tool (e.g. PyTorch).
    public var state: TrainingState?

    /// Where a run stands, enough to continue it exactly.
    public struct TrainingState: Sendable, Equatable {
        public var spec: String
        public var seed: UInt64
        /// Epoch being run (0-based) and how many of its batches are done.
        public var epoch: Int
        public var batchInEpoch: Int
        /// Updates done over the whole run.
        public var iteration: Int
        /// The shuffling generator's state at the start of `epoch` (before its permutation).
        public var epochRNG: [UInt64]
        /// Loss sum, correct count and examples of the unfinished epoch so far.
        public var partialLoss: Double
        public var partialCorrect: Int
        public var partialCount: Int
        public var partialSeconds: Double
        public var optimizer: OptimizerState
        public var records: [EpochRecord]
        /// The model and recipe that wrote it; nil in checkpoints of lenetc versions that did not
        /// record them.
        public var identity: RunIdentity?

        public init(spec: String, seed: UInt64, epoch: Int, batchInEpoch: Int, iteration: Int, epochRNG: [UInt64],
                    partialLoss: Double, partialCorrect: Int, partialCount: Int, partialSeconds: Double,
                    optimizer: OptimizerState, records: [EpochRecord], identity: RunIdentity? = nil) {
            self.spec = spec
            self.seed = seed
            self.epoch = epoch
            self.batchInEpoch = batchInEpoch
            self.iteration = iteration
            self.epochRNG = epochRNG
            self.partialLoss = partialLoss
            self.partialCorrect = partialCorrect
            self.partialCount = partialCount
            self.partialSeconds = partialSeconds
            self.optimizer = optimizer
            self.records = records
            self.identity = identity
        }
    }

    public init(tensors: [(name: String, shape: [Int], values: [Float])], state: TrainingState?) {
        self.tensors = tensors
        self.state = state
    }

    static let format = "lenetc-checkpoint-1"

    /// The file a run's `--save` names, for its error messages.
    public static func file(_ path: String) -> OutputFile { OutputFile(path: path, what: "checkpoint", flag: "--save") }

    /// Writes atomically (temporary file, then rename), so a kill never leaves a torn file.
    public func write(to path: String) throws {
        try Checkpoint.file(path).replace(with: try encoded())
    }

    /// The safetensors file's bytes.
    public func encoded() throws -> [UInt8] {
        var writer = SafetensorsWriter()
        for tensor in tensors { try writer.add(tensor.name, floats: tensor.values, shape: tensor.shape) }
        if let state {
            var meta: [String: String] = [
                "format": Checkpoint.format, "spec": state.spec, "seed": String(state.seed),
                "epoch": String(state.epoch), "batch_in_epoch": String(state.batchInEpoch),
                "iteration": String(state.iteration),
                "epoch_rng": state.epochRNG.map { String($0) }.joined(separator: ","),
                "partial_loss": "\(state.partialLoss)", "partial_correct": String(state.partialCorrect),
                "partial_count": String(state.partialCount), "partial_seconds": "\(state.partialSeconds)",
                "optimizer_step": String(state.optimizer.step),
                "records": "[" + state.records.map(\.json).joined(separator: ", ") + "]",
            ]
            if let identity = state.identity {
                meta["model"] = identity.model
                meta["model_fingerprint"] = identity.modelFingerprint
                meta["recipe"] = identity.recipe
                meta["recipe_fingerprint"] = identity.recipeFingerprint
            }
            for (name, buffer) in state.optimizer.buffers {
                meta["optimizer." + name] = Checkpoint.base64(buffer)
            }
            writer.metadata = meta
        }
        return writer.encoded()
    }

    /// Reads weights, and the training state when the file has one.
    public static func read(from path: String) throws -> Checkpoint {
        let file = try SafetensorsFile(contentsOf: path)
        var tensors: [(name: String, shape: [Int], values: [Float])] = []
        for name in file.tensors.keys.sorted() {
            tensors.append((name, file.tensors[name]!.shape, try file.floats(name)))
        }
        guard file.metadata["format"] == format else { return Checkpoint(tensors: tensors, state: nil) }
        func field(_ key: String) throws -> String {
            guard let value = file.metadata[key] else {
                throw RuntimeFileError(path: path, problem: "the checkpoint's metadata lacks \"\(key)\"; was it written by lenetc?")
            }
            return value
        }
        func int(_ key: String) throws -> Int {
            guard let value = Int(try field(key)) else { throw RuntimeFileError(path: path, problem: "checkpoint field \"\(key)\" is not a number") }
            return value
        }
        func double(_ key: String) throws -> Double {
            guard let value = Double(try field(key)) else { throw RuntimeFileError(path: path, problem: "checkpoint field \"\(key)\" is not a number") }
            return value
        }
        var buffers: [String: [Float]] = [:]
        for (key, value) in file.metadata where key.hasPrefix("optimizer.") {
            guard let floats = base64Floats(value) else {
                throw RuntimeFileError(path: path, problem: "checkpoint field \"\(key)\" is corrupt")
            }
            buffers[String(key.dropFirst("optimizer.".count))] = floats
        }
        let rngWords = try field("epoch_rng").split(separator: ",").map { UInt64($0) }
        guard !rngWords.isEmpty, rngWords.allSatisfy({ $0 != nil }), let seed = UInt64(try field("seed")) else {
            throw RuntimeFileError(path: path, problem: "the checkpoint's random-generator state is corrupt")
        }
        let records = try EpochRecord.parseList(try field("records"), path: path)
        var identity: RunIdentity?
        if file.metadata["model_fingerprint"] != nil || file.metadata["model"] != nil {
            identity = RunIdentity(model: try field("model"), recipe: try field("recipe"))
            // The fingerprints must be of the texts beside them, or the file was edited or damaged.
            guard try field("model_fingerprint") == identity!.modelFingerprint,
                  try field("recipe_fingerprint") == identity!.recipeFingerprint else {
                throw RuntimeFileError(path: path, problem: "the checkpoint's model or recipe fingerprint does not match its description")
            }
        }
        let state = TrainingState(
            spec: try field("spec"), seed: seed, epoch: try int("epoch"), batchInEpoch: try int("batch_in_epoch"),
            iteration: try int("iteration"), epochRNG: rngWords.map { $0! },
            partialLoss: try double("partial_loss"), partialCorrect: try int("partial_correct"),
            partialCount: try int("partial_count"), partialSeconds: try double("partial_seconds"),
            optimizer: OptimizerState(step: try int("optimizer_step"), buffers: buffers), records: records, identity: identity)
        return Checkpoint(tensors: tensors, state: state)
    }

    static func base64(_ values: [Float]) -> String {
        var bytes = [UInt8](repeating: 0, count: values.count * 4)
        for (i, v) in values.enumerated() {
            let bits = v.bitPattern.littleEndian
            bytes[4 * i] = UInt8(truncatingIfNeeded: bits)
            bytes[4 * i + 1] = UInt8(truncatingIfNeeded: bits >> 8)
            bytes[4 * i + 2] = UInt8(truncatingIfNeeded: bits >> 16)
            bytes[4 * i + 3] = UInt8(truncatingIfNeeded: bits >> 24)
        }
        return Data(bytes).base64EncodedString()
    }

    static func base64Floats(_ text: String) -> [Float]? {
        guard let data = Data(base64Encoded: text), data.count % 4 == 0 else { return nil }
        let bytes = [UInt8](data)
        return (0..<(bytes.count / 4)).map { i in
            let bits = UInt32(bytes[4 * i]) | UInt32(bytes[4 * i + 1]) << 8 | UInt32(bytes[4 * i + 2]) << 16 | UInt32(bytes[4 * i + 3]) << 24
            return Float(bitPattern: bits)
        }
    }
}

extension EpochRecord {
    /// Reads the `[...]` list of records a checkpoint carries (the format `json` writes).
    static func parseList(_ text: String, path: String) throws -> [EpochRecord] {
        guard let array = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]] else {
            throw RuntimeFileError(path: path, problem: "the checkpoint's epoch records are corrupt")
        }
        return array.map { o in
            func d(_ k: String) -> Double { (o[k] as? NSNumber)?.doubleValue ?? .nan }
            return EpochRecord(epoch: (o["epoch"] as? NSNumber)?.intValue ?? 0, loss: d("loss"), trainAccuracy: d("train_acc"),
                               testAccuracy: d("test_acc"), seconds: d("time_sec"), examplesPerSecond: d("examples_per_sec"),
                               learningRate: d("lr"), iteration: (o["iteration"] as? NSNumber)?.intValue ?? 0,
                               data: o["data"] as? String ?? "")
        }
    }
}

"""#),
        ("Console.swift", #"""
import Foundation

/// The one way the runtime, `lenetc` and every emitted trainer write to standard output and standard
/// error: each call is one unbuffered `write(2)` of whole text, so what goes to stdout and to stderr
/// reaches a terminal, a pipe or a file in the order it was written.
///
/// Why not `print`: Swift's `print` goes through C stdio, which buffers standard output fully when it
/// is not a terminal. Mixed with direct writes (the epoch lines, the errors), a printed line sat in
/// that buffer until the process exited, so an emitted trainer piped into a file wrote its first line,
/// `training on MNIST …`, last. Nothing in the runtime may use `print` or `FileHandle.standard*`.
public enum Console {
    /// Writes `text` to standard output as it is (add the newline yourself).
    public static func out(_ text: String) { write(text, to: STDOUT_FILENO) }

    /// Writes `text` to standard error as it is.
    public static func err(_ text: String) { write(text, to: STDERR_FILENO) }

    /// One line to standard output.
    public static func line(_ text: String) { out(text + "\n") }

    /// One line to standard error.
    public static func errorLine(_ text: String) { err(text + "\n") }

    /// Writes every byte (`AtomicFile.writeAll` retries short writes and `EINTR`). A failure (a
    /// closed pipe, a full disk) drops the rest of the text: a report that cannot be shown must not
    /// stop a training run, which has its own files to write.
    static func write(_ text: String, to fd: Int32) {
        try? AtomicFile.writeAll(fd: fd, bytes: Array(text.utf8), path: fd == STDOUT_FILENO ? "standard output" : "standard error")
    }
}

"""#),
        ("DataLocator.swift", ##"""
// Deciding where training data comes from, in a fixed, documented order:
//
//   1. an explicit `--data DIR` (or `--data synthetic`)
//   2. the `LENETC_DATA` environment variable (a directory, or "synthetic")
//   3. `./data/<dataset>/` in the working directory
//   4. a download of the data set's four files into `./data/<dataset>/`
//   5. otherwise the built-in synthetic digits, with a human-readable reason
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
    /// The data set that was asked for (may differ from `dataset.info` after a fallback).
    public let requested: DatasetInfo

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
    /// Whether step 4 may use the network.
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
            return LocatedData(dataset: try DatasetFiles.load(directory: dir, info: info),
                               origin: .explicitDirectory(dir), fallbackReason: nil, requested: info)
        }
        // 2. $LENETC_DATA
        if let value = environment[Self.environmentVariable], !value.isEmpty {
            if value == Self.syntheticKeyword { return try synthetic(requested: info, reason: nil) }
            let dir = try usableDirectory(value, for: info, via: "\(Self.environmentVariable)=\(value)")
            return LocatedData(dataset: try DatasetFiles.load(directory: dir, info: info),
                               origin: .environment(dir), fallbackReason: nil, requested: info)
        }
        if info == .synthetic { return try synthetic(requested: info, reason: nil) }

        // 3. ./data/<dataset>/
        let local = resolve("data/" + info.name)
        if DatasetFiles.isComplete(local) {
            do {
                return LocatedData(dataset: try DatasetFiles.load(directory: local, info: info),
                                   origin: .localDirectory(local), fallbackReason: nil, requested: info)
            } catch {
                throw DatasetError("\(error.message) (delete \(local) to download the data again, or pass --data)")
            }
        }

        // 4. download
        let missingHere = local + "/ is " + (AtomicFile.exists(local) ? "incomplete" : "missing")
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
        return LocatedData(dataset: try DatasetFiles.load(directory: local, info: info),
                           origin: .downloaded(local), fallbackReason: nil, requested: info)
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

"""##),
        ("DatasetFiles.swift", ##"""
// Loading an MNIST-style data set directory: four IDX files, raw or gzip-compressed.
//
// The loader cross-checks the files against each other (image and label counts, image
// size, label range), because the most common real-world mistakes are mixing files of two
// data sets or a half-finished download, and both must be reported before training starts.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A problem with a data set as a whole (missing or mismatched files), naming the files.
public struct DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The full message: what is wrong and what to do.
    public let message: String

    /// Creates an error with `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// What lenetc knows about a named data set: its class names and image size.
public struct DatasetInfo: Sendable, Equatable {
    /// The name used in specs and on the command line, e.g. "mnist".
    public let name: String
    /// The name for messages, e.g. "MNIST".
    public let displayName: String
    /// One human-readable name per class, indexed by label.
    public let classNames: [String]
    /// Image height in pixels.
    public let height: Int
    /// Image width in pixels.
    public let width: Int

    /// Creates a description of a data set.
    public init(name: String, displayName: String? = nil, classNames: [String], height: Int, width: Int) {
        self.name = name
        self.displayName = displayName ?? name
        self.classNames = classNames
        self.height = height
        self.width = width
    }

    /// Number of classes.
    public var classCount: Int { classNames.count }

    /// Handwritten digits 0-9 (LeCun et al.).
    public static let mnist = DatasetInfo(
        name: "mnist", displayName: "MNIST", classNames: (0..<10).map(String.init), height: 28, width: 28)

    /// Zalando's clothing images, a drop-in replacement for MNIST.
    public static let fashionMNIST = DatasetInfo(
        name: "fashion-mnist", displayName: "Fashion-MNIST",
        classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                     "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        height: 28, width: 28)

    /// The built-in synthetic digits (same classes and size as MNIST).
    public static let synthetic = DatasetInfo(
        name: "synthetic", displayName: "synthetic digits", classNames: (0..<10).map(String.init), height: 28, width: 28)

    /// Every data set lenetc knows by name.
    public static let all: [DatasetInfo] = [.mnist, .fashionMNIST, .synthetic]

    /// The data set called `name` (case-insensitive; "fashion_mnist" and "fashionmnist"
    /// are accepted too), or nil.
    public static func named(_ name: String) -> DatasetInfo? {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if key == "fashionmnist" { return .fashionMNIST }
        return all.first { $0.name == key }
    }
}

/// Images with one integer label each, ready for training.
///
/// Pixels are kept as bytes, as IDX files store them (a quarter of the memory of floats: 47 MB
/// rather than 188 MB for MNIST's training set), and become floats in [0, 1], byte / 255 as
/// PyTorch's `ToTensor` computes it, when a batch is copied out.
public struct LabeledImages: Sendable, Equatable {
    /// `count * height * width` pixels, row-major per image; a pixel's value is byte / 255.
    public let pixels: [UInt8]
    /// One label per image, each in `0..<classNames.count`.
    public let labels: [Int32]
    /// Number of images.
    public let count: Int
    /// Image height in pixels.
    public let height: Int
    /// Image width in pixels.
    public let width: Int
    /// Class names, indexed by label.
    public let classNames: [String]

    /// Checks that sizes and labels agree, so every consumer can index without checks.
    public init(pixels: [UInt8], labels: [Int32], height: Int, width: Int, classNames: [String]) throws(DatasetError) {
        guard height > 0, width > 0 else {
            throw DatasetError("image size \(height)x\(width) is invalid")
        }
        guard pixels.count == labels.count * height * width else {
            throw DatasetError("\(pixels.count) pixels do not make \(labels.count) images of \(height)x\(width)")
        }
        guard !classNames.isEmpty else { throw DatasetError("a data set needs at least one class") }
        if let bad = labels.first(where: { $0 < 0 || Int($0) >= classNames.count }) {
            throw DatasetError("label \(bad) is outside 0..<\(classNames.count)")
        }
        self.init(validated: pixels, labels: labels, height: height, width: width, classNames: classNames)
    }

    /// For producers that guarantee consistency themselves (no second pass over labels).
    init(validated pixels: [UInt8], labels: [Int32], height: Int, width: Int, classNames: [String]) {
        self.pixels = pixels
        self.labels = labels
        self.count = labels.count
        self.height = height
        self.width = width
        self.classNames = classNames
    }

    /// Number of classes.
    public var classCount: Int { classNames.count }

    /// Pixels per image.
    public var pixelsPerImage: Int { height * width }

    /// The byte nearest to `value` · 255, for producers of float images in [0, 1] (clamped).
    public static func byte(_ value: Float) -> UInt8 {
        UInt8(max(0, min(255, (value * 255).rounded())))
    }

    /// Writes image `i` (0 <= i < count) as `pixelsPerImage` floats in [0, 1] to `target`.
    public func copyImage(_ i: Int, to target: UnsafeMutablePointer<Float>) {
        copyImages(i..<(i + 1), to: target)
    }

    /// Writes the images in `range` (within 0..<count), one after another, as floats to `target`.
    public func copyImages(_ range: Range<Int>, to target: UnsafeMutablePointer<Float>) {
        guard !range.isEmpty else { return }
        let total = range.count * pixelsPerImage
        pixels.withUnsafeBufferPointer { source in
            let from = source.baseAddress! + range.lowerBound * pixelsPerImage
            // 8 at a time; IEEE division rounds exactly, so each lane equals the scalar byte / 255.
            var k = 0
            while k + 8 <= total {
                let bytes = UnsafeRawPointer(from + k).loadUnaligned(as: SIMD8<UInt8>.self)
                let values = SIMD8<Float>(bytes) / 255
                UnsafeMutableRawPointer(target + k).storeBytes(of: values, as: SIMD8<Float>.self)
                k += 8
            }
            while k < total { target[k] = Float(from[k]) / 255; k += 1 }
        }
    }

    /// The pixels of image `i` (0 <= i < count) as floats.
    public func image(_ i: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: pixelsPerImage) { out, initialized in
            copyImage(i, to: out.baseAddress!)
            initialized = pixelsPerImage
        }
    }

    /// Every image as floats, one after another: a copy four times the size of `pixels`, for small
    /// sets and tests.
    public var floatImages: [Float] {
        [Float](unsafeUninitializedCapacity: count * pixelsPerImage) { out, initialized in
            if count > 0 { copyImages(0..<count, to: out.baseAddress!) }
            initialized = count * pixelsPerImage
        }
    }

    /// The first `n` images (all of them if `n >= count`), e.g. for quick runs.
    public func prefix(_ n: Int) -> LabeledImages {
        let k = max(0, min(n, count))
        return LabeledImages(
            validated: Array(pixels[0..<(k * pixelsPerImage)]), labels: Array(labels[0..<k]),
            height: height, width: width, classNames: classNames)
    }

    /// How many images carry each label.
    public var labelHistogram: [Int] {
        var h = [Int](repeating: 0, count: classCount)
        for l in labels { h[Int(l)] += 1 }
        return h
    }
}

/// A training split and a test split of one data set.
public struct Dataset: Sendable, Equatable {
    /// Which data set this is.
    public let info: DatasetInfo
    /// Training images.
    public let train: LabeledImages
    /// Test images.
    public let test: LabeledImages
    /// Where the data came from, for logs (a directory, or "built-in synthetic digits").
    public let origin: String

    /// Bundles two splits.
    public init(info: DatasetInfo, train: LabeledImages, test: LabeledImages, origin: String) {
        self.info = info
        self.train = train
        self.test = test
        self.origin = origin
    }
}

/// The four-file layout of MNIST-style data set directories.
public enum DatasetFiles {
    /// The canonical base names, in the order train images, train labels, test images,
    /// test labels. Each may exist raw or with a `.gz` suffix.
    public static let baseNames = [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ]

    /// The path to use for `baseName` in `directory`: the raw file if present (no
    /// decompression needed), else the `.gz` one, else nil.
    public static func path(of baseName: String, in directory: String) -> String? {
        let raw = directory + "/" + baseName
        if isRegularFile(raw) { return raw }
        if isRegularFile(raw + ".gz") { return raw + ".gz" }
        return nil
    }

    /// Base names from `baseNames` that are missing (neither raw nor `.gz`) in `directory`.
    public static func missingFiles(in directory: String) -> [String] {
        baseNames.filter { path(of: $0, in: directory) == nil }
    }

    /// Whether `directory` holds all four files.
    public static func isComplete(_ directory: String) -> Bool {
        missingFiles(in: directory).isEmpty
    }

    /// Loads and cross-checks the four files in `directory` as data set `info`.
    public static func load(directory: String, info: DatasetInfo) throws(DatasetError) -> Dataset {
        let missing = missingFiles(in: directory)
        guard missing.isEmpty else {
            let which = missing.map { $0 + "[.gz]" }.joined(separator: ", ")
            throw DatasetError("data directory \(directory) lacks \(which); it must hold the four files \(baseNames.joined(separator: ", ")) (raw or .gz)")
        }
        let paths = baseNames.compactMap { path(of: $0, in: directory) }
        guard paths.count == 4 else {
            throw DatasetError("files in data directory \(directory) disappeared while loading; try again")
        }
        let train = try loadSplit(imagesPath: paths[0], labelsPath: paths[1], info: info)
        let test = try loadSplit(imagesPath: paths[2], labelsPath: paths[3], info: info)
        return Dataset(info: info, train: train, test: test, origin: directory)
    }

    /// Loads one images file and its labels file and checks that they belong together.
    public static func loadSplit(imagesPath: String, labelsPath: String, info: DatasetInfo) throws(DatasetError) -> LabeledImages {
        let images: IDXArray, labels: IDXArray
        do {
            images = try IDX.read(imagesPath)
            labels = try IDX.read(labelsPath)
        } catch {
            throw DatasetError(error.description)
        }
        guard images.dimensions.count == 3 else {
            throw DatasetError("\(imagesPath): expected 3 dimensions (count, height, width) for images, found \(images.dimensions); is this a labels file?")
        }
        guard labels.dimensions.count == 1 else {
            throw DatasetError("\(labelsPath): expected 1 dimension for labels, found \(labels.dimensions); is this an images file?")
        }
        let (n, h, w) = (images.dimensions[0], images.dimensions[1], images.dimensions[2])
        guard labels.dimensions[0] == n else {
            throw DatasetError("\(labelsPath) has \(labels.dimensions[0]) labels but \(imagesPath) has \(n) images; the files come from different data sets or a download is incomplete — delete them and download again")
        }
        guard h == info.height, w == info.width else {
            throw DatasetError("\(imagesPath): images are \(h)x\(w) but \(info.name) images are \(info.height)x\(info.width); wrong data set?")
        }
        let classCount = info.classCount
        if let bad = labels.data.firstIndex(where: { Int($0) >= classCount }) {
            throw DatasetError("\(labelsPath): label \(labels.data[bad]) at index \(bad) is not a valid \(info.name) class (0...\(classCount - 1)); wrong or corrupt file")
        }
        let labelValues = labels.data.map { Int32($0) }
        do {
            return try LabeledImages(pixels: images.data, labels: labelValues, height: h, width: w, classNames: info.classNames)
        } catch {
            throw DatasetError("\(imagesPath): \(error.message)")
        }
    }

    /// Whether `path` is an existing regular file (following symlinks).
    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        guard path.withCString({ stat($0, &st) }) == 0 else { return false }
        return (st.st_mode & S_IFMT) == S_IFREG
    }
}

"""##),
        ("Downloader.swift", ################"""
// Downloading the public data sets (MNIST, Fashion-MNIST) with verification.
//
// Each file is fetched to `NAME.part`, resumed with an HTTP `Range` request after a cut
// connection when the server allows it, checked against its canonical MD5, and only then
// renamed into place with rename(2). So the final file name only ever holds a verified
// file, and failures leave nothing half-written behind.
//
// Transport: URLSession from FoundationNetworking (libcurl underneath). A tiny socket
// client would be simpler to control, but the primary MNIST mirror is HTTPS-only and the
// runtime may not link a TLS library of its own; libcurl also brings proxy support and
// redirects. Its known Linux quirks are avoided deliberately: we use one delegate-based
// data task per attempt (streaming straight to disk, no huge in-memory Data), invalidate
// every session (delegates are otherwise leaked), and rely on the request timeout, which
// corelibs implements as an idle timer reset on every received chunk, so a short value
// makes an offline machine fail fast without limiting long downloads.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// One file of a downloadable data set and its canonical checksum.
public struct DownloadFile: Sendable, Equatable {
    /// File name on the mirror and on disk, e.g. "train-images-idx3-ubyte.gz".
    public let name: String
    /// Expected MD5, lowercase hex.
    public let md5: String

    /// Describes a file.
    public init(name: String, md5: String) {
        self.name = name
        self.md5 = md5.lowercased()
    }
}

/// Where a data set can be downloaded from: mirrors tried in order, and its files.
public struct DatasetSource: Sendable, Equatable {
    /// Data set name (matches `DatasetInfo.name`).
    public let dataset: String
    /// Base URLs ending in "/", tried in order; a file's URL is mirror + file name.
    public var mirrors: [String]
    /// The four files with their checksums.
    public let files: [DownloadFile]

    /// Describes a source.
    public init(dataset: String, mirrors: [String], files: [DownloadFile]) {
        self.dataset = dataset
        self.mirrors = mirrors.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.files = files
    }

    /// MNIST from torchvision's mirrors.
    public static let mnist = DatasetSource(
        dataset: "mnist",
        mirrors: ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
        files: [
            DownloadFile(name: "train-images-idx3-ubyte.gz", md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            DownloadFile(name: "train-labels-idx1-ubyte.gz", md5: "d53e105ee54ea40749a09fcbcd1e9432"),
            DownloadFile(name: "t10k-images-idx3-ubyte.gz", md5: "9fb629c4189551a2d022fa330f9573f3"),
            DownloadFile(name: "t10k-labels-idx1-ubyte.gz", md5: "ec29112dd5afa0611ce80d1b7f02629c"),
        ])

    /// Fashion-MNIST from Zalando's mirror.
    public static let fashionMNIST = DatasetSource(
        dataset: "fashion-mnist",
        mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        files: [
            DownloadFile(name: "train-images-idx3-ubyte.gz", md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            DownloadFile(name: "train-labels-idx1-ubyte.gz", md5: "25c81989df183df01b3e8a0aad5dffbe"),
            DownloadFile(name: "t10k-images-idx3-ubyte.gz", md5: "bef4ecab320f06d8554ea6380940ec79"),
            DownloadFile(name: "t10k-labels-idx1-ubyte.gz", md5: "bb300cfdad3c16e7a12a480ee83cd310"),
        ])

    /// The built-in source for data set `name`, if it can be downloaded.
    public static func named(_ name: String) -> DatasetSource? {
        switch DatasetInfo.named(name)?.name {
        case "mnist"?: return .mnist
        case "fashion-mnist"?: return .fashionMNIST
        default: return nil
        }
    }

    /// The same files from other mirrors (tests point this at a loopback server).
    public func withMirrors(_ mirrors: [String]) -> DatasetSource {
        DatasetSource(dataset: dataset, mirrors: mirrors, files: files)
    }
}

/// A download that failed everywhere, with what happened at each URL.
public struct DownloadError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file that could not be fetched.
    public let file: String
    /// One line per URL tried: "URL: what went wrong".
    public let attempts: [String]

    /// Creates an error.
    public init(file: String, attempts: [String]) {
        self.file = file
        self.attempts = attempts
    }

    public var description: String {
        "could not download \(file): " + (attempts.isEmpty ? "no mirror to try" : attempts.joined(separator: "; "))
    }
}

/// How downloads behave; the defaults suit an interactive command line.
public struct DownloadOptions: Sendable {
    /// When to draw a progress bar on stderr.
    public enum Progress: Sendable {
        /// Only when stderr is a terminal, so logs and pipes stay clean.
        case automatic
        /// Never.
        case never
        /// Always (for testing the bar itself).
        case always
    }

    /// Seconds without any progress (while connecting or receiving) before an attempt is
    /// abandoned. Short, so an offline machine falls through to synthetic data quickly.
    public var timeout: TimeInterval = 5
    /// Attempts per URL for transient failures (cut connections, 5xx); later attempts
    /// resume with `Range` when the server supports it.
    public var attemptsPerURL = 4
    /// Pause before a retry, multiplied by the attempt number.
    public var retryDelay: TimeInterval = 0.5
    /// Progress bar policy.
    public var progress: Progress = .automatic
    /// Receives one-line status messages ("downloading ... from ..."); stderr by default.
    public var log: @Sendable (String) -> Void = { Console.errorLine($0) }

    /// Default options.
    public init() {}
}

/// Fetches and verifies data set files.
public enum Downloader {
    /// Makes sure every file of `source` is present and verified in `directory` (created if
    /// needed), downloading the missing ones. Files already present with the right MD5 are
    /// kept; present files with a wrong MD5 are replaced.
    ///
    /// A mirror that cannot be reached at all (DNS failure, connection refused, timeout
    /// before any response) is skipped for the remaining files, so an offline machine
    /// gives up after one quick round.
    public static func fetchDataset(_ source: DatasetSource, into directory: String, options: DownloadOptions = DownloadOptions()) throws(DownloadError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DownloadError(file: directory, attempts: ["cannot create the directory: \(error.localizedDescription)"])
        }
        var unreachable: [String: String] = [:]  // mirror -> reason
        for file in source.files {
            let destination = directory + "/" + file.name
            if AtomicFile.exists(destination) {
                if let actual = try? MD5.hex(ofFile: destination), actual == file.md5 { continue }
                options.log("\(destination) is damaged (MD5 mismatch); downloading it again")
            }
            var attempts: [String] = []
            var done = false
            for mirror in source.mirrors {
                let url = mirror + file.name
                if let reason = unreachable[mirror] {
                    attempts.append("\(url): skipped, mirror unreachable (\(reason))")
                    continue
                }
                options.log("downloading \(source.dataset) \(file.name) from \(url)")
                do {
                    try fetch(url: url, to: destination, md5: file.md5, options: options)
                    done = true
                    break
                } catch let failure {
                    attempts.append("\(url): \(failure.reason)")
                    if failure.mirrorUnreachable { unreachable[mirror] = failure.reason }
                }
            }
            if !done { throw DownloadError(file: file.name, attempts: attempts) }
        }
    }

    /// Why one URL failed, and whether the whole mirror looks unreachable.
    public struct FetchFailure: Error, CustomStringConvertible, Sendable, Equatable {
        /// What went wrong, naming the URL or file where useful.
        public let reason: String
        /// True for "no connection at all" failures (as opposed to e.g. HTTP 404).
        public let mirrorUnreachable: Bool

        public var description: String { reason }
    }

    /// Downloads one URL to `destination`, verifying `md5` (lowercase hex). Uses
    /// `destination + ".part"` while downloading and renames it into place only when the
    /// checksum matches; on failure neither the final file nor the part file remain.
    ///
    /// Blocks the calling thread until done (the transfer itself runs on URLSession's
    /// own queue), which suits command-line tools; do not call it on the main run loop.
    public static func fetch(url urlString: String, to destination: String, md5: String, options: DownloadOptions = DownloadOptions()) throws(FetchFailure) {
        guard let url = URL(string: urlString), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw FetchFailure(reason: "not an http(s) URL: \(urlString)", mirrorUnreachable: true)
        }
        let part = destination + ".part"
        // Never resume from a stale part file of an earlier, unknown download.
        _ = part.withCString { unlink($0) }
        var succeeded = false
        defer {
            if !succeeded { _ = part.withCString { unlink($0) } }
        }
        let name = String(destination.split(separator: "/").last ?? Substring(destination))
        var lastProblem = "no attempt made"
        var attempt = 0
        var resumedAtLeastOnce = false
        while attempt < max(1, options.attemptsPerURL) {
            attempt += 1
            if attempt > 1, options.retryDelay > 0 {
                Thread.sleep(forTimeInterval: options.retryDelay * Double(attempt - 1))
            }
            let already = fileSize(part)
            if already > 0 { resumedAtLeastOnce = true }
            let result = transfer(url: url, to: part, resumeFrom: already, timeout: options.timeout,
                                  progressName: name, progress: options.progress)
            switch result {
            case .complete:
                let actual: String
                do {
                    actual = try MD5.hex(ofFile: part)
                } catch {
                    throw FetchFailure(reason: "cannot read back \(part): \(error.reason)", mirrorUnreachable: false)
                }
                if actual == md5 {
                    do {
                        try AtomicFile.rename(part, to: destination)
                    } catch {
                        throw FetchFailure(reason: "\(error)", mirrorUnreachable: false)
                    }
                    succeeded = true
                    return
                }
                lastProblem = "downloaded file has MD5 \(actual) but \(name) should have \(md5); the mirror serves a different or damaged file"
                _ = part.withCString { unlink($0) }
                // A resumed download might have stitched two versions together: one
                // fresh attempt. Otherwise the mirror serves the wrong content.
                if !resumedAtLeastOnce { throw FetchFailure(reason: lastProblem, mirrorUnreachable: false) }
                resumedAtLeastOnce = false
            case .restart(let problem):
                lastProblem = problem
                _ = part.withCString { unlink($0) }
            case .retry(let problem):
                lastProblem = problem
            case .failURL(let problem):
                throw FetchFailure(reason: problem, mirrorUnreachable: false)
            case .unreachable(let problem):
                throw FetchFailure(reason: problem, mirrorUnreachable: true)
            }
        }
        throw FetchFailure(reason: "gave up after \(attempt) attempts; last problem: \(lastProblem)", mirrorUnreachable: false)
    }

    /// Size of a file in bytes (0 if it does not exist).
    static func fileSize(_ path: String) -> Int64 {
        var st = stat()
        guard path.withCString({ stat($0, &st) }) == 0 else { return 0 }
        return Int64(st.st_size)
    }

    /// What one HTTP attempt achieved.
    enum TransferResult: Equatable {
        /// The whole body is in the part file.
        case complete
        /// Transient failure; try again, resuming from what is on disk.
        case retry(String)
        /// The part file is unusable; try again from scratch.
        case restart(String)
        /// This URL will not work (e.g. 404); do not retry it.
        case failURL(String)
        /// No connection at all; the mirror looks down or we are offline.
        case unreachable(String)
    }

    /// One GET (with `Range` when resuming), streamed into `path`.
    static func transfer(url: URL, to path: String, resumeFrom: Int64, timeout: TimeInterval,
                         progressName: String, progress: DownloadOptions.Progress) -> TransferResult {
        let fd = path.withCString { open($0, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644) }
        guard fd >= 0 else {
            return .failURL("cannot create \(path): \(runtimeErrnoText())")
        }
        defer { close(fd) }

        var request = URLRequest(url: url)
        request.timeoutInterval = max(1, timeout.rounded(.up))
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        if resumeFrom > 0 {
            request.setValue("bytes=\(resumeFrom)-", forHTTPHeaderField: "Range")
        }
        let showBar: Bool
        switch progress {
        case .automatic: showBar = isatty(2) == 1
        case .never: showBar = false
        case .always: showBar = true
        }
        let delegate = TransferDelegate(fd: fd, resumeFrom: resumeFrom,
                                        bar: showBar ? DownloadBar(name: progressName) : nil)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = request.timeoutInterval
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
        let task = session.dataTask(with: request)
        task.resume()
        delegate.finished.wait()
        session.finishTasksAndInvalidate()
        return delegate.result(url: url.absoluteString)
    }
}

/// Receives one response and streams its body into a file descriptor. All callbacks run
/// on the session's serial delegate queue; the caller reads the fields only after
/// `finished` is signalled, which orders those accesses (hence `@unchecked Sendable`).
private final class TransferDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let fd: Int32
    let resumeFrom: Int64
    let finished = DispatchSemaphore(value: 0)
    var bar: DownloadBar?

    var status = 0
    var offset: Int64 = 0
    var expectedTotal: Int64? = nil
    var receivedBody: Int64 = 0
    var rejected: Downloader.TransferResult? = nil
    var writeProblem: String? = nil
    var transportError: Error? = nil

    init(fd: Int32, resumeFrom: Int64, bar: DownloadBar?) {
        self.fd = fd
        self.resumeFrom = resumeFrom
        self.bar = bar
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let http = response as? HTTPURLResponse else {
            rejected = .failURL("the server did not answer with HTTP")
            completionHandler(.cancel)
            return
        }
        status = http.statusCode
        switch status {
        case 206:
            // Content-Range: bytes START-END/TOTAL must continue exactly where we stopped.
            let range = http.value(forHTTPHeaderField: "Content-Range") ?? ""
            guard let parsed = Self.parseContentRange(range), parsed.start == resumeFrom else {
                rejected = .restart("server answered the resume request with an unexpected range \"\(range)\"")
                completionHandler(.cancel)
                return
            }
            offset = resumeFrom
            expectedTotal = parsed.total
        case 200:
            // A full body: the server ignored (or does not support) Range. Start over.
            if ftruncate(fd, 0) != 0 {
                writeProblem = "cannot truncate the part file: \(runtimeErrnoText())"
                completionHandler(.cancel)
                return
            }
            offset = 0
            expectedTotal = http.expectedContentLength >= 0 ? http.expectedContentLength : nil
        case 416:
            // Range not satisfiable: usually the part file is already complete.
            rejected = resumeFrom > 0 ? .complete : .failURL("HTTP 416 (range not satisfiable)")
            completionHandler(.cancel)
            return
        default:
            let text = HTTPURLResponse.localizedString(forStatusCode: status)
            let problem = "HTTP \(status) (\(text))"
            if status >= 500 || status == 429 || status == 408 {
                rejected = .retry(problem)
            } else {
                rejected = .failURL(problem)
            }
            completionHandler(.cancel)
            return
        }
        bar?.update(done: offset, total: expectedTotal)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard writeProblem == nil, rejected == nil else { return }
        let ok = data.withUnsafeBytes { raw -> Bool in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                done += n
            }
            return true
        }
        if !ok {
            writeProblem = "cannot write the part file: \(runtimeErrnoText())"
            dataTask.cancel()
            return
        }
        offset += Int64(data.count)
        receivedBody += Int64(data.count)
        bar?.update(done: offset, total: expectedTotal)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        transportError = error
        bar?.finish()
        finished.signal()
    }

    /// Classifies the finished attempt.
    func result(url: String) -> Downloader.TransferResult {
        if let writeProblem { return .failURL(writeProblem) }
        if let rejected { return rejected }
        if let error = transportError {
            let code = (error as NSError).code
            let reason = Self.describe(code: code, error: error)
            // Nothing received at all: the host is unreachable or silent.
            if status == 0 {
                switch code {
                case NSURLErrorCannotFindHost, NSURLErrorCannotConnectToHost, NSURLErrorNotConnectedToInternet,
                     NSURLErrorDNSLookupFailed, NSURLErrorTimedOut, NSURLErrorSecureConnectionFailed,
                     NSURLErrorCannotLoadFromNetwork, NSURLErrorInternationalRoamingOff:
                    return .unreachable(reason)
                default:
                    return .retry(reason)
                }
            }
            return .retry("\(reason) after \(receivedBody) bytes")
        }
        if let total = expectedTotal, offset != total {
            return .retry("connection closed after \(offset) of \(total) bytes")
        }
        return .complete
    }

    static func describe(code: Int, error: Error) -> String {
        switch code {
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "host not found (no network or DNS?)"
        case NSURLErrorCannotConnectToHost: return "cannot connect (connection refused or no route)"
        case NSURLErrorNotConnectedToInternet: return "not connected to the internet"
        case NSURLErrorTimedOut: return "timed out"
        case NSURLErrorNetworkConnectionLost: return "connection lost"
        case NSURLErrorSecureConnectionFailed: return "TLS connection failed"
        default: return error.localizedDescription + " (code \(code))"
        }
    }

    /// Parses "bytes START-END/TOTAL" (TOTAL may be "*").
    static func parseContentRange(_ text: String) -> (start: Int64, end: Int64, total: Int64?)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.lowercased().hasPrefix("bytes ") else { return nil }
        let rest = t.dropFirst(6)
        let slash = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard slash.count == 2 else { return nil }
        let bounds = slash[0].split(separator: "-", maxSplits: 1)
        guard bounds.count == 2, let start = Int64(bounds[0]), let end = Int64(bounds[1]), start <= end else { return nil }
        let total = slash[1] == "*" ? nil : Int64(slash[1])
        if slash[1] != "*" && total == nil { return nil }
        return (start, end, total)
    }
}

/// A download's one-line progress bar on stderr (bytes, not steps: see ProgressBar for training).
struct DownloadBar {
    let name: String
    private var line = LiveLine()

    init(name: String) { self.name = name }

    mutating func update(done: Int64, total: Int64?) {
        line.draw(force: total != nil && done == total) { Self.render(name: name, done: done, total: total) }
    }

    /// The bar's text, e.g. "x.gz [###############               ] 50% 4.7/9.4 MB".
    static func render(name: String, done: Int64, total: Int64?) -> String {
        let mb = Double(done) / 1_048_576
        guard let total, total > 0 else { return "\(name) \(format(mb)) MB" }
        let fraction = min(1, max(0, Double(done) / Double(total)))
        return "\(name) [" + LiveLine.bar(fraction, width: 30, full: "#", empty: " ") + "] "
            + "\(Int(fraction * 100))% \(format(mb))/\(format(Double(total) / 1_048_576)) MB"
    }

    /// Ends the bar's line (only if one was drawn, so failed attempts print nothing).
    mutating func finish() {
        line.finish(clear: false)
    }

    static func format(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

"""################),
        ("Evaluation.swift", #"""
/// Test-set results by class: overall and per-class accuracy and the confusion matrix, as
/// `lenetc eval` prints them.
public struct ConfusionMatrix: Sendable, Equatable {
    public let classNames: [String]
    /// `counts[truth][predicted]`.
    public private(set) var counts: [[Int]]

    public init(classNames: [String], labels: [Int32], predictions: [Int32]) {
        self.classNames = classNames
        let k = classNames.count
        var counts = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for (truth, guess) in zip(labels, predictions) where truth >= 0 && Int(truth) < k && guess >= 0 && Int(guess) < k {
            counts[Int(truth)][Int(guess)] += 1
        }
        self.counts = counts
    }

    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    public var correct: Int { counts.indices.reduce(0) { $0 + counts[$1][$1] } }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Recall of each class: correct predictions among its examples.
    public var perClassAccuracy: [Double] {
        counts.indices.map { i in
            let n = counts[i].reduce(0, +)
            return n == 0 ? 0 : Double(counts[i][i]) / Double(n)
        }
    }

    /// The report: test accuracy, a per-class table, and the matrix (rows: true class, columns: predicted).
    public var report: String {
        var out = "test acc \(fixed(accuracy, 4)) (\(correct) of \(total))\n\nper class:\n"
        let nameWidth = max(5, classNames.map(\.count).max() ?? 0)
        for (i, name) in classNames.enumerated() {
            let n = counts[i].reduce(0, +)
            out += "  \(pad(name, nameWidth))  \(fixed(perClassAccuracy[i], 3))  (\(counts[i][i]) of \(n))\n"
        }
        out += "\nconfusion matrix (rows: true class, columns: predicted):\n"
        let width = max(4, String(counts.flatMap { $0 }.max() ?? 0).count + 1)
        let labels = classNames.indices.map { String($0) }
        out += "  " + pad("", 3) + labels.map { leftPad($0, width) }.joined() + "\n"
        for (i, row) in counts.enumerated() {
            let name = classNames[i] == labels[i] ? "" : "   \(classNames[i])"
            out += "  " + pad(labels[i], 3) + row.map { leftPad(String($0), width) }.joined() + name + "\n"
        }
        return out
    }

    private func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    private func leftPad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
}

"""#),
        ("FileIO.swift", ##"""
// Small POSIX file helpers shared by the runtime readers and writers.
//
// Why POSIX instead of `Data(contentsOf:)` / `FileManager`: Foundation reports failures with
// opaque `NSError`s (or a bare `nil`), while we want every error to name the file and the
// OS reason ("No such file or directory", "Permission denied") so users can act on it.
// Writes go through `AtomicFile` so an interrupted process never leaves a torn file.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failure of a plain file-system operation, with the path and the OS reason.
public struct FileIOError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file or directory involved.
    public let path: String
    /// What we were trying to do, e.g. "open for reading".
    public let operation: String
    /// The OS error text (from `strerror`) or our own explanation.
    public let reason: String
    /// The `errno` of the failure (0 when it is our own), so callers can explain it in their terms.
    public let code: Int32

    /// Creates an error for `operation` on `path` failing because of `reason`.
    public init(path: String, operation: String, reason: String, code: Int32 = 0) {
        self.path = path
        self.operation = operation
        self.reason = reason
        self.code = code
    }

    /// Creates an error for `operation` on `path` failing with the OS error `code` (default: `errno`).
    public init(path: String, operation: String, code: Int32 = errno) {
        self.init(path: path, operation: operation, reason: runtimeErrnoText(code), code: code)
    }

    public var description: String {
        "\(path): cannot \(operation): \(reason)"
    }
}

/// Text for the current `errno`, e.g. "No such file or directory".
@inline(__always)
func runtimeErrnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}

/// Whole-file reading and crash-safe whole-file writing.
public enum AtomicFile {
    /// Reads a whole regular file into memory.
    ///
    /// Refuses files larger than `maxBytes` before allocating, so a wrong path (say, a
    /// device or a huge unrelated file) cannot exhaust memory.
    public static func read(_ path: String, maxBytes: Int = 1 << 34) throws(FileIOError) -> [UInt8] {
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        if fd < 0 {
            throw FileIOError(path: path, operation: "open for reading", code: errno)
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 {
            throw FileIOError(path: path, operation: "inspect", code: errno)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw FileIOError(path: path, operation: "read", reason: "it is a directory, not a file")
        }
        let size = Int(st.st_size)
        if size > maxBytes {
            throw FileIOError(
                path: path, operation: "read",
                reason: "it is \(size) bytes, more than the \(maxBytes)-byte limit for this kind of file")
        }
        var failure: FileIOError? = nil
        var got = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while got < size {
                let n = Glibc.read(fd, buffer.baseAddress! + got, size - got)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = FileIOError(path: path, operation: "read", code: errno)
                    break
                }
                if n == 0 { break }  // the file shrank while we read it
                got += n
            }
            count = got
        }
        if let failure { throw failure }
        if got != size {
            throw FileIOError(
                path: path, operation: "read",
                reason: "the file changed size while being read (expected \(size) bytes, got \(got))")
        }
        return bytes
    }

    /// Writes `bytes` to `path` atomically: the data goes to a temporary file in the same
    /// directory, is flushed with `fsync`, and is then renamed over `path` with `rename(2)`.
    ///
    /// Readers therefore see either the old file or the complete new one, never a torn mix,
    /// even if the process is killed mid-write. On failure the temporary file is removed.
    ///
    /// `path` must be a regular file or not exist: a rename would replace a folder's entry, a device
    /// (`/dev/full`) or a pipe with a plain file, which is never what was meant.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileIOError) {
        let tempPath = try writeTemporarySibling(bytes, of: path)
        do throws(FileIOError) {
            try rename(tempPath, to: path)
        } catch {
            _ = tempPath.withCString { unlink($0) }
            throw error
        }
        syncDirectory(of: path)
    }

    /// Everything `write` does but the rename: `bytes` go to a temporary file next to `path`, are
    /// flushed to disk, and the temporary file is removed again. So a folder that is missing, not
    /// writable or too full for `bytes` fails here, while `path` itself is never touched.
    public static func probe(_ bytes: [UInt8], for path: String) throws(FileIOError) {
        let tempPath = try writeTemporarySibling(bytes, of: path)
        _ = tempPath.withCString { unlink($0) }
    }

    /// Writes `bytes` to a new temporary sibling of `path` and flushes it; returns its path. On
    /// failure nothing is left behind.
    static func writeTemporarySibling(_ bytes: [UInt8], of path: String) throws(FileIOError) -> String {
        var st = stat()
        if path.withCString({ stat($0, &st) }) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
            let directory = (st.st_mode & S_IFMT) == S_IFDIR
            throw FileIOError(path: path, operation: "replace",
                              reason: directory ? "it is a folder, not a file" : "it is not a regular file (a device or a pipe)",
                              code: directory ? EISDIR : EINVAL)
        }
        let (tempPath, fd) = try createTemporarySibling(of: path)
        do throws(FileIOError) {
            try writeAll(fd: fd, bytes: bytes, path: tempPath)
            if fsync(fd) != 0 {
                throw FileIOError(path: tempPath, operation: "flush to disk", code: errno)
            }
        } catch {
            close(fd)
            _ = tempPath.withCString { unlink($0) }
            throw error
        }
        if close(fd) != 0 {
            let error = FileIOError(path: tempPath, operation: "close", code: errno)
            _ = tempPath.withCString { unlink($0) }
            throw error
        }
        return tempPath
    }

    /// Renames `from` to `to` with `rename(2)` (atomic within one file system).
    public static func rename(_ from: String, to: String) throws(FileIOError) {
        let rc = from.withCString { f in to.withCString { t in Glibc.rename(f, t) } }
        if rc != 0 {
            throw FileIOError(path: to, operation: "rename \(from) into place", code: errno)
        }
    }

    /// Creates a new, empty, exclusively-owned temporary file next to `path`.
    ///
    /// The name starts with a dot and ends in `.tmp` so it is easy to recognise (and to
    /// ignore in version control) if a crash ever strands one.
    static func createTemporarySibling(of path: String) throws(FileIOError) -> (String, Int32) {
        let dir = directoryPart(of: path)
        let base = String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        let pid = getpid()
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        var attempt = 0
        while true {
            let unique = "\(pid)-\(ts.tv_sec)\(ts.tv_nsec)-\(attempt)"
            let temp = (dir.isEmpty ? "" : dir + "/") + ".\(base).\(unique).tmp"
            let fd = temp.withCString { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
            if fd >= 0 { return (temp, fd) }
            if errno == EEXIST && attempt < 100 {
                attempt += 1
                continue
            }
            let code = errno
            throw FileIOError(
                path: temp, operation: "create a temporary file",
                reason: runtimeErrnoText(code) + " (check that the directory exists and is writable)", code: code)
        }
    }

    /// Writes every byte, retrying on short writes and `EINTR`.
    static func writeAll(fd: Int32, bytes: [UInt8], path: String) throws(FileIOError) {
        var failure: FileIOError? = nil
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = FileIOError(path: path, operation: "write", code: errno)
                    return
                }
                done += n
            }
        }
        if let failure { throw failure }
    }

    /// Best-effort `fsync` of the directory holding `path`, so the rename itself survives a
    /// power loss. Failures are ignored: some file systems do not support it.
    static func syncDirectory(of path: String) {
        let dir = directoryPart(of: path)
        let fd = (dir.isEmpty ? "." : dir).withCString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    /// The directory part of a path ("" for a bare file name, "/" for files in the root).
    static func directoryPart(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// Whether a file (or directory) exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return path.withCString { stat($0, &st) } == 0
    }
}

"""##),
        ("Gzip.swift", #"""
// In-memory gzip decompression with zlib, for the `.gz` files data sets ship as.
//
// Why in memory with `inflate` rather than `gzopen`/`gzread`: gzread cannot tell a
// truncated file from a complete one without extra calls, silently accepts trailing
// garbage, and reports errors by number. Inflating the bytes ourselves gives precise
// messages ("ends early", "corrupt at byte N") and a hard cap on the output size, so a
// damaged or malicious file cannot make us allocate unbounded memory.
import CZlib
import Foundation

/// A gzip stream that could not be decompressed, naming its source.
public struct GzipError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Path (or description) of the compressed data.
    public let source: String
    /// What went wrong.
    public let problem: String

    public var description: String { "\(source): \(problem)" }
}

/// gzip helpers.
public enum Gzip {
    /// Whether `bytes` start with the gzip magic number 1f 8b.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Decompresses a complete gzip file (one or more concatenated members, as `gzip`
    /// itself accepts). Fails if the data is corrupt, ends early, is followed by anything
    /// but another gzip member, or would decompress to more than `maxOutput` bytes.
    public static func decompress(_ input: [UInt8], source: String, maxOutput: Int = 1 << 31) throws(GzipError) -> [UInt8] {
        func fail(_ problem: String) -> GzipError { GzipError(source: source, problem: problem) }
        guard isGzip(input) else {
            throw fail("not gzip data (the first bytes are not 1f 8b)")
        }
        // The trailer's ISIZE field is the size modulo 2^32 of the last member; use it only
        // as a first guess for the buffer and grow if needed. In a damaged or truncated
        // file those 4 bytes are arbitrary, so the guess is also capped by deflate's best
        // possible ratio (about 1032:1): a garbage trailer cannot trigger a huge allocation.
        var guess = 64 * 1024
        if input.count >= 18 {
            let n = input.count
            let isize = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
            guess = max(guess, min(isize + 1, 1032 * n))
        }
        var output = [UInt8](repeating: 0, count: min(guess, maxOutput + 1))
        var produced = 0
        var failure: GzipError? = nil

        input.withUnsafeBufferPointer { inBuf in
            var stream = z_stream()
            // windowBits 15 + 16: expect a gzip wrapper (not raw zlib), full 32 KiB window.
            var rc = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else {
                failure = fail("zlib could not start (inflateInit2 returned \(rc))")
                return
            }
            defer { inflateEnd(&stream) }
            var consumed = 0
            memberLoop: while true {
                rc = Z_OK
                while rc != Z_STREAM_END {
                    if produced == output.count {
                        if output.count > maxOutput {
                            failure = fail("decompresses to more than \(maxOutput) bytes, larger than any data set lenetc expects; the file is not what its name says or is corrupt")
                            return
                        }
                        output.append(contentsOf: repeatElement(0, count: min(max(output.count, 1 << 16), maxOutput + 1 - output.count)))
                    }
                    let inCount = inBuf.count - consumed
                    let outCount = output.count - produced
                    let (r, usedIn, madeOut, message) = output.withUnsafeMutableBufferPointer { outBuf -> (Int32, Int, Int, String?) in
                        stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + consumed)
                        stream.avail_in = UInt32(clamping: inCount)
                        stream.next_out = outBuf.baseAddress! + produced
                        stream.avail_out = UInt32(clamping: outCount)
                        let availIn = stream.avail_in, availOut = stream.avail_out
                        let r = inflate(&stream, Z_NO_FLUSH)
                        let msg = stream.msg.map { String(cString: $0) }
                        return (r, Int(availIn - stream.avail_in), Int(availOut - stream.avail_out), msg)
                    }
                    consumed += usedIn
                    produced += madeOut
                    rc = r
                    switch r {
                    case Z_OK, Z_STREAM_END:
                        continue
                    case Z_BUF_ERROR where consumed == inBuf.count:
                        failure = fail("the compressed data ends early after \(input.count) bytes; the file is truncated (an interrupted download?) — delete it and fetch it again")
                        return
                    case Z_BUF_ERROR:
                        continue  // needs more output space; the loop grows the buffer
                    case Z_DATA_ERROR:
                        failure = fail("the compressed data is corrupt near input byte \(consumed) (\(message ?? "invalid deflate data")); delete the file and fetch it again")
                        return
                    case Z_MEM_ERROR:
                        failure = fail("zlib ran out of memory")
                        return
                    default:
                        failure = fail("zlib failed with code \(r)\(message.map { " (\($0))" } ?? "")")
                        return
                    }
                }
                // One member done. Another member may follow (concatenated gzip files).
                if consumed == inBuf.count { break memberLoop }
                if inBuf.count - consumed >= 2, inBuf[consumed] == 0x1F, inBuf[consumed + 1] == 0x8B {
                    inflateReset(&stream)
                    continue memberLoop
                }
                failure = fail("\(inBuf.count - consumed) bytes of unexpected data follow the end of the compressed stream; the file is damaged")
                return
            }
        }
        if let failure { throw failure }
        if produced > maxOutput {
            throw fail("decompresses to more than \(maxOutput) bytes, larger than any data set lenetc expects")
        }
        output.removeSubrange(produced...)
        return output
    }
}

"""#),
        ("IDX.swift", #"""
// The IDX file format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
//
//   byte 0-1  zero
//   byte 2    element type (0x08 = unsigned byte; the only type these data sets use)
//   byte 3    number of dimensions (1 for labels, 3 for images)
//   then      one big-endian UInt32 per dimension
//   then      the elements, row-major, exactly product(dimensions) of them
//
// Files may be raw or gzip-compressed (detected from the content, not the file name).
// Every field is checked, because a wrong or half-downloaded file must produce a message
// telling the user what to fix, not a crash or silently shifted images.
import Foundation

/// A problem with an IDX file: which file, what is wrong, and what the user can do.
public struct IDXError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file concerned.
    public let file: String
    /// What is wrong with it.
    public let problem: String
    /// What the user can do about it.
    public let advice: String

    /// Creates an error about `file`.
    public init(file: String, problem: String, advice: String) {
        self.file = file
        self.problem = problem
        self.advice = advice
    }

    public var description: String {
        advice.isEmpty ? "\(file): \(problem)" : "\(file): \(problem); \(advice)"
    }
}

/// An unsigned-byte IDX array: its dimensions and its elements in row-major order.
public struct IDXArray: Sendable, Equatable {
    /// Dimensions, outermost first (e.g. [60000, 28, 28]).
    public let dimensions: [Int]
    /// Exactly `dimensions.reduce(1, *)` elements.
    public let data: [UInt8]

    /// Creates an array; `data.count` must equal the product of `dimensions`.
    public init(dimensions: [Int], data: [UInt8]) throws(IDXError) {
        let expected = try IDX.elementCount(dimensions, file: "(in memory)")
        guard data.count == expected else {
            throw IDXError(file: "(in memory)", problem: "\(data.count) elements given for dimensions \(dimensions), which need \(expected)", advice: "")
        }
        self.dimensions = dimensions
        self.data = data
    }

    fileprivate init(validated dimensions: [Int], data: [UInt8]) {
        self.dimensions = dimensions
        self.data = data
    }
}

/// Reading and writing unsigned-byte IDX files.
public enum IDX {
    /// Largest element count accepted (2 GiB): far above any MNIST-style set, and checked
    /// before allocating so a corrupt header cannot request absurd amounts of memory.
    public static let maxElements = 1 << 31

    private static let redownload = "delete it and download it again, or point --data at a good copy"

    /// Reads an IDX file, raw or gzip-compressed.
    public static func read(_ path: String, maxElements: Int = IDX.maxElements) throws(IDXError) -> IDXArray {
        var bytes: [UInt8]
        do {
            // A raw file is header + data; a gzip file is smaller than its content.
            bytes = try AtomicFile.read(path, maxBytes: maxElements + 64 * 1024)
        } catch {
            throw IDXError(file: path, problem: "cannot read it: \(error.reason)", advice: "check the path and permissions")
        }
        if Gzip.isGzip(bytes) {
            do {
                bytes = try Gzip.decompress(bytes, source: path, maxOutput: maxElements + 4 + 4 * 4)
            } catch {
                throw IDXError(file: path, problem: "the gzip data cannot be decompressed: \(error.problem)", advice: "")
            }
        }
        return try parse(bytes, file: path, maxElements: maxElements)
    }

    /// Parses the bytes of an uncompressed IDX file; `file` names it in error messages.
    public static func parse(_ bytes: [UInt8], file: String, maxElements: Int = IDX.maxElements) throws(IDXError) -> IDXArray {
        func fail(_ problem: String, _ advice: String = redownload) -> IDXError {
            IDXError(file: file, problem: problem, advice: advice)
        }
        guard bytes.count >= 4 else {
            throw fail("it is only \(bytes.count) bytes long, too short for an IDX header")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw fail("it does not start with an IDX magic number (first bytes \(hex2(bytes[0])) \(hex2(bytes[1])), expected 00 00)",
                       "this is not an IDX file; check that the path points at MNIST-style data")
        }
        guard bytes[2] == 0x08 else {
            let kind: String
            switch bytes[2] {
            case 0x09: kind = "signed bytes"
            case 0x0B: kind = "16-bit integers"
            case 0x0C: kind = "32-bit integers"
            case 0x0D: kind = "32-bit floats"
            case 0x0E: kind = "64-bit floats"
            default: kind = "an unknown type"
            }
            throw fail("its element type is 0x\(hex2(bytes[2])) (\(kind)); lenetc reads only unsigned-byte (0x08) IDX files",
                       "convert the data to unsigned bytes like MNIST")
        }
        let rank = Int(bytes[3])
        guard (1...4).contains(rank) else {
            throw fail("it declares \(rank) dimensions; IDX data sets have 1 to 4")
        }
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw fail("the header needs \(headerSize) bytes for \(rank) dimensions but the file has only \(bytes.count); it is truncated")
        }
        var dims: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            dims.append(Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
        }
        let count = try elementCount(dims, file: file, maxElements: maxElements)
        let found = bytes.count - headerSize
        if found < count {
            throw fail("dimensions \(dims) need \(count) data bytes but only \(found) are present; the file is truncated")
        }
        if found > count {
            throw fail("dimensions \(dims) need \(count) data bytes but \(found) are present (\(found - count) extra bytes at the end); the file is damaged or its header is wrong")
        }
        return IDXArray(validated: dims, data: Array(bytes[headerSize...]))
    }

    /// Two lowercase hex digits.
    static func hex2(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    /// The product of `dims`, refusing zero-size dimensions and anything above `maxElements`.
    static func elementCount(_ dims: [Int], file: String, maxElements: Int = IDX.maxElements) throws(IDXError) -> Int {
        guard (1...4).contains(dims.count) else {
            throw IDXError(file: file, problem: "IDX arrays have 1 to 4 dimensions, not \(dims.count)", advice: "")
        }
        var count = 1
        for (i, d) in dims.enumerated() {
            guard d > 0, d <= Int(UInt32.max) else {
                throw IDXError(file: file, problem: "dimension \(i) is \(d); every dimension must be between 1 and 2^32-1", advice: redownload)
            }
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p <= maxElements else {
                throw IDXError(file: file, problem: "dimensions \(dims) describe more than \(maxElements) elements, far beyond any MNIST-style data set; the header is corrupt", advice: redownload)
            }
            count = p
        }
        return count
    }

    /// The bytes of an uncompressed unsigned-byte IDX file holding `array`.
    public static func encode(_ array: IDXArray) -> [UInt8] {
        var out: [UInt8] = [0, 0, 0x08, UInt8(array.dimensions.count)]
        for d in array.dimensions {
            out += [UInt8(truncatingIfNeeded: d >> 24), UInt8(truncatingIfNeeded: d >> 16), UInt8(truncatingIfNeeded: d >> 8), UInt8(truncatingIfNeeded: d)]
        }
        out += array.data
        return out
    }
}

"""#),
        ("Initializers.swift", #"""
// Weight initialisation with PyTorch's formulas (torch.nn.init), drawn from SeededRNG.
//
// Draw order (part of the reproducibility contract, shared by the engine and emitted trainers):
// one generator, parameters in model order (`0.weight`, `0.bias`, `3.weight`, ...), the elements of
// each tensor in row-major order, one `uniform` or one `normal` call per element. Zero biases
// consume no draws; `pytorch` biases draw one `uniform` each, right after their layer's weight.
import Foundation

/// The weight initialisation schemes, as spelled in specs.
public enum WeightInit: String, Sendable, Equatable, CaseIterable {
    /// U(−a, a), a = gain·√(6 / (fanIn + fanOut)) (`xavier_uniform_`, gain 1).
    case xavierUniform = "xavier-uniform"
    /// N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)) (`xavier_normal_`, gain 1).
    case xavierNormal = "xavier-normal"
    /// U(−b, b), b = √2·√(3 / fanIn) (`kaiming_uniform_` defaults: a = 0, fan_in, leaky_relu gain √2).
    case kaimingUniform = "kaiming-uniform"
    /// N(0, σ²), σ = √2 / √fanIn (`kaiming_normal_` defaults).
    case kaimingNormal = "kaiming-normal"
}

/// How biases start, as spelled in specs (`init: {weights: ..., biases: ...}`).
public enum BiasInit: String, Sendable, Equatable, CaseIterable {
    /// All zero: Caffe's `constant` filler and d2l's MXNet edition (`init.Xavier()` leaves biases 0).
    case zero
    /// U(−1/√fanIn, 1/√fanIn): what `nn.Linear` and `nn.Conv2d` draw when built. d2l's PyTorch
    /// `train_ch6` re-initialises only the weights (`xavier_uniform_`), so its biases keep these.
    case pytorch
}

/// One tensor of a flat parameter arena, as the initialiser sees it.
public struct InitTensor: Sendable, Equatable {
    public var offset: Int
    public var count: Int
    /// Fan-in and fan-out as `torch.nn.init._calculate_fan_in_and_fan_out` computes them.
    public var fanIn: Int
    public var fanOut: Int
    public var isBias: Bool

    public init(offset: Int, count: Int, fanIn: Int, fanOut: Int, isBias: Bool) {
        self.offset = offset
        self.count = count
        self.fanIn = fanIn
        self.fanOut = fanOut
        self.isBias = isBias
    }
}

/// A problem with the tensors given to the initialiser.
public struct InitializerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problem: String
    public var description: String { "initialiser: \(problem)" }
}

public enum Initializers {
    /// √2: `torch.nn.init.calculate_gain("leaky_relu", 0)`, the kaiming default.
    static let kaimingGain = 2.0.squareRoot()

    /// The half-width of the uniform distribution, computed in Double the way PyTorch does
    /// (std first, then √3·std), and rounded to Float.
    public static func uniformBound(_ scheme: WeightInit, fanIn: Int, fanOut: Int) -> Float {
        Float(3.0.squareRoot() * standardDeviation(scheme, fanIn: fanIn, fanOut: fanOut))
    }

    /// The standard deviation the scheme aims for (of the normal, or of the uniform).
    public static func standardDeviation(_ scheme: WeightInit, fanIn: Int, fanOut: Int) -> Double {
        switch scheme {
        case .xavierUniform, .xavierNormal:
            return 1.0 * (2.0 / Double(fanIn + fanOut)).squareRoot()
        case .kaimingUniform, .kaimingNormal:
            return kaimingGain / Double(fanIn).squareRoot()
        }
    }

    /// Fills `values` (one weight tensor, row-major) with draws from `rng`, one per element in order.
    public static func fill(_ values: UnsafeMutableBufferPointer<Float>, scheme: WeightInit, fanIn: Int, fanOut: Int,
                            rng: inout SeededRNG) {
        switch scheme {
        case .xavierUniform, .kaimingUniform:
            let bound = uniformBound(scheme, fanIn: fanIn, fanOut: fanOut)
            for i in values.indices { values[i] = rng.uniform(-bound, bound) }
        case .xavierNormal, .kaimingNormal:
            let std = Float(standardDeviation(scheme, fanIn: fanIn, fanOut: fanOut))
            for i in values.indices { values[i] = rng.normal(mean: 0, std: std) }
        }
    }

    /// The half-width of PyTorch's default bias distribution, 1/√fanIn, computed in Double.
    public static func biasBound(fanIn: Int) -> Float {
        Float(1 / Double(fanIn).squareRoot())
    }

    /// Initialises a whole arena: tensors in order, weights drawn with `scheme`, biases zeroed or
    /// drawn as `biases` says. Throws when a tensor lies outside the arena or has a fan of zero or less.
    public static func initialize(_ arena: UnsafeMutableBufferPointer<Float>, tensors: [InitTensor],
                                  scheme: WeightInit, biases: BiasInit = .zero,
                                  rng: inout SeededRNG) throws(InitializerError) {
        for (i, tensor) in tensors.enumerated() {
            guard tensor.offset >= 0, tensor.count >= 0, tensor.offset + tensor.count <= arena.count else {
                throw InitializerError(problem: "tensor \(i) (offset \(tensor.offset), \(tensor.count) values) lies outside the \(arena.count)-value arena")
            }
            let slice = UnsafeMutableBufferPointer(rebasing: arena[tensor.offset..<(tensor.offset + tensor.count)])
            if tensor.isBias && biases == .zero {
                slice.update(repeating: 0)
                continue
            }
            guard tensor.fanIn > 0, tensor.fanOut > 0 else {
                throw InitializerError(problem: "tensor \(i) has fan-in \(tensor.fanIn) and fan-out \(tensor.fanOut); both must be positive")
            }
            if tensor.isBias {
                let bound = biasBound(fanIn: tensor.fanIn)
                for j in slice.indices { slice[j] = rng.uniform(-bound, bound) }
            } else {
                fill(slice, scheme: scheme, fanIn: tensor.fanIn, fanOut: tensor.fanOut, rng: &rng)
            }
        }
    }
}

"""#),
        ("Interrupt.swift", #"""
import Foundation

/// Ctrl-C handling for training loops: the first SIGINT only raises a flag, so the loop can finish
/// its batch, save, and exit with status 130; a second SIGINT exits at once.
public enum Interrupt {
    /// Installs the handler and clears any earlier request; call before training.
    public static func install() {
        interruptCount = 0
        // A parent may have started us with SIGINT blocked (Foundation's Process inherits the
        // spawning thread's mask); Ctrl-C must reach us all the same.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in
            if interruptCount > 0 { _exit(130) }
            interruptCount += 1
        }
    }

    /// Asks the loop to stop after its current batch, as Ctrl-C does (for callers with their own
    /// reasons to stop, and for tests: signals may be blocked on test threads).
    public static func request() {
        interruptCount += 1
    }

    /// Whether Ctrl-C was pressed since `install()`.
    public static var requested: Bool { interruptCount > 0 }

    /// The exit status of a process stopped by SIGINT, by shell convention (128 + 2).
    public static let exitStatus: Int32 = 130
}

// Written only from the signal handler and read between batches; a plain word store is atomic on the
// platforms we build for, which is all a signal flag needs.
nonisolated(unsafe) private var interruptCount: Int32 = 0

"""#),
        ("LearningRate.swift", #"""
// Learning-rate schedules and the epoch/iteration bookkeeping of a run.
//
// Counting: epochs and iterations are 0-based when passed to `rate`; the rate of epoch e, iteration
// i is the one used for the update of that iteration.
//
// A run is either a number of epochs (d2l) or of iterations (Caffe's max_iter). In both, an epoch is
// one pass over a fresh permutation of the training set in ⌈trainCount / batch⌉ mini-batches (the
// last one partial, like PyTorch's DataLoader without drop_last). With iterations, epoch e covers
// iterations e·B ..< (e+1)·B where B = batches per epoch, i.e. iteration i is in epoch ⌊i / B⌋ and
// the last epoch stops early when the budget runs out; there are ⌈iterations / B⌉ epochs.
//
// Which clock each schedule follows:
//   constant  lr
//   step      lr·γ^⌊t / stepSize⌋ with t the epoch (PyTorch's StepLR stepped per epoch), or with
//             iterations the iteration (Caffe's step policy; the spec checker warns about this)
//   cosine    minLR + (lr − minLR)(1 + cos(π t / T))/2 (closed form of PyTorch's CosineAnnealingLR):
//             t = epoch, T = epochs of the run; with iterations t = iteration, T = iterations
//   inv       lr·(1 + γ·i)^(−power), i the iteration (Caffe's inv), in both kinds of run
import Foundation

/// A learning-rate schedule (the spec's `schedule:`).
public enum LRSchedule: Sendable, Equatable {
    case constant
    case step(stepSize: Int, gamma: Double)
    case cosine(minLR: Double)
    case inv(gamma: Double, power: Double)
}

/// How long a run lasts.
public enum RunLength: Sendable, Equatable {
    case epochs(Int)
    case iterations(Int)
}

/// The shape of a run: batches per epoch, epochs, iterations.
public struct EpochPlan: Sendable, Equatable {
    public let trainCount: Int
    public let batch: Int
    public let length: RunLength

    /// Throws unless trainCount, batch and the length are all positive.
    public init(trainCount: Int, batch: Int, length: RunLength) throws(LearningRateError) {
        guard trainCount > 0 else { throw LearningRateError(problem: "the training set is empty") }
        guard batch > 0 else { throw LearningRateError(problem: "the batch size must be positive, not \(batch)") }
        switch length {
        case let .epochs(n) where n <= 0, let .iterations(n) where n <= 0:
            throw LearningRateError(problem: "the run length must be positive, not \(n)")
        default: break
        }
        self.trainCount = trainCount
        self.batch = batch
        self.length = length
    }

    /// ⌈trainCount / batch⌉.
    public var batchesPerEpoch: Int { (trainCount + batch - 1) / batch }

    /// Total mini-batch updates of the run.
    public var totalIterations: Int {
        switch length {
        case let .epochs(n):
            let (v, overflow) = n.multipliedReportingOverflow(by: batchesPerEpoch)
            return overflow ? Int.max : v
        case let .iterations(n): return n
        }
    }

    /// Epochs of the run (the last may be partial with iterations).
    public var totalEpochs: Int {
        switch length {
        case let .epochs(n): return n
        case let .iterations(n): return (n + batchesPerEpoch - 1) / batchesPerEpoch
        }
    }

    /// Batches run in epoch `epoch` (0-based): batchesPerEpoch, except a last partial epoch.
    public func batches(inEpoch epoch: Int) -> Int {
        guard epoch >= 0, epoch < totalEpochs else { return 0 }
        let before = epoch * batchesPerEpoch
        return min(batchesPerEpoch, totalIterations - before)
    }

    /// Examples in batch `index` (0-based) of an epoch: `batch`, or what is left for the last one.
    public func examples(inBatch index: Int) -> Int {
        max(0, min(batch, trainCount - index * batch))
    }
}

/// A problem with a run's settings.
public struct LearningRateError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problem: String
    public var description: String { problem }
}

/// The learning rate of every iteration of a run.
public struct LearningRate: Sendable, Equatable {
    public var base: Double
    public var schedule: LRSchedule
    public var plan: EpochPlan

    public init(base: Double, schedule: LRSchedule, plan: EpochPlan) {
        self.base = base
        self.schedule = schedule
        self.plan = plan
    }

    /// The rate for the update of iteration `iteration` (0-based, counted over the whole run),
    /// which lies in epoch `epoch` (0-based).
    public func rate(epoch: Int, iteration: Int) -> Double {
        let byIterations: Bool
        if case .iterations = plan.length { byIterations = true } else { byIterations = false }
        switch schedule {
        case .constant:
            return base
        case let .step(stepSize, gamma):
            let t = byIterations ? iteration : epoch
            return base * Foundation.pow(gamma, Double(t / max(1, stepSize)))
        case let .cosine(minLR):
            let t = Double(byIterations ? iteration : epoch)
            let total = Double(max(1, byIterations ? plan.totalIterations : plan.totalEpochs))
            return minLR + (base - minLR) * (1 + Foundation.cos(Double.pi * t / total)) / 2
        case let .inv(gamma, power):
            return base * Foundation.pow(1 + gamma * Double(iteration), -power)
        }
    }

    /// The rate for iteration `iteration` of the run, its epoch derived from the plan.
    public func rate(iteration: Int) -> Double {
        rate(epoch: iteration / plan.batchesPerEpoch, iteration: iteration)
    }
}

"""#),
        ("LenetRuntime.swift", #"""
// LenetRuntime: pieces the lenetc engine and every emitted standalone trainer share.
//
// Every file in this directory is copied byte for byte into emitted packages next to a
// generated main.swift, so each file imports only Foundation, Glibc and CZlib.
//
//   Safetensors.swift     read/write model weights and checkpoints (atomic writes)
//   SeededRNG.swift       deterministic, portable random numbers
//   IDX.swift, Gzip.swift MNIST-style IDX files, raw or gzip-compressed
//   DatasetFiles.swift    the four files of a dataset directory -> LabeledImages
//   SyntheticDigits.swift offline stand-in data set that looks like digits
//   Downloader.swift, MD5.swift  fetch (URLSession) and verify public data sets
//   DataLocator.swift     decide where the training data comes from
//   Initializers.swift, Optimizers.swift, LearningRate.swift  weights, SGD/Adam, schedules
//   TrainableNetwork.swift  what a backend provides; TrainingLoop.swift drives it (shared by all)
//   TrainerMain.swift     the whole main of an emitted trainer (flags, data, loop, exit codes)
//   Checkpoint.swift      checkpoints PyTorch can load, with the training state in metadata
//   RunIdentity.swift     the model and recipe a checkpoint records, so --resume refuses another model
//   OutputFiles.swift     --save/--plot/--metrics tried before training; their errors and hints
//   Console.swift         the one way to write stdout and stderr (unbuffered, in order)
//   TrainingLog.swift, TrainingPlot.swift, ProgressBar.swift, Evaluation.swift  reporting
//   Interrupt.swift       Ctrl-C: finish the batch, save, exit 130
//   FileIO.swift, MiniJSON.swift  small internal helpers

/// The version of the runtime file set, recorded in emitted packages and checkpoints so a
/// mismatch between a trainer and the files it was emitted with can be diagnosed.
public let lenetRuntimeVersion = "1.0.0"

"""#),
        ("LiveLine.swift", #"""
import Foundation

/// One line of standard error redrawn in place with `\r`: what the training progress bar and the
/// download bar draw on. Redraws at most ten times a second, so a fast loop does not spend its time
/// writing to the terminal.
struct LiveLine {
    private var lastDraw = -Double.infinity
    /// Whether anything was drawn since the last `finish`.
    private(set) var drawn = false

    /// Draws `text()` unless the last draw was less than 0.1 s ago; `force` draws regardless (a
    /// last step, so the line ends complete).
    mutating func draw(force: Bool = false, _ text: () -> String) {
        let now = monotonicSeconds()
        guard force || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        drawn = true
        Console.err("\r" + text())
    }

    /// Ends the line, if one was drawn: `clear` wipes it so the next output starts on a clean line;
    /// otherwise it stays and the cursor moves to the next line.
    mutating func finish(clear: Bool) {
        guard drawn else { return }
        drawn = false
        Console.err(clear ? "\r" + String(repeating: " ", count: 100) + "\r" : "\n")
    }

    /// `width` cells, the first `fraction` of them (rounded down, clamped to [0, 1]) `full`.
    static func bar(_ fraction: Double, width: Int, full: Character, empty: Character) -> String {
        let filled = Int((min(1, max(0, fraction)) * Double(width)).rounded(.down))
        return String(repeating: full, count: filled) + String(repeating: empty, count: width - filled)
    }
}

"""#),
        ("MD5.swift", ##"""
// MD5 (RFC 1321), used only to verify downloaded data set files against their published
// checksums: it detects truncated or substituted downloads. (It is not a security measure;
// the canonical checksums of MNIST and Fashion-MNIST happen to be MD5.)
//
// Our own implementation because the runtime may import only Foundation, Glibc and zlib,
// and Foundation on Linux has no MD5.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Incremental MD5 digest.
public struct MD5: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
    private var buffer = [UInt8](repeating: 0, count: 64)
    private var buffered = 0
    private var length: UInt64 = 0

    /// Per-round left-rotation amounts.
    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// floor(abs(sin(i + 1)) * 2^32), as tabulated in RFC 1321 (written out, not computed,
    /// so the table does not depend on the platform's sin()).
    private static let constants: [UInt32] = [
        0xD76A_A478, 0xE8C7_B756, 0x2420_70DB, 0xC1BD_CEEE, 0xF57C_0FAF, 0x4787_C62A, 0xA830_4613, 0xFD46_9501,
        0x6980_98D8, 0x8B44_F7AF, 0xFFFF_5BB1, 0x895C_D7BE, 0x6B90_1122, 0xFD98_7193, 0xA679_438E, 0x49B4_0821,
        0xF61E_2562, 0xC040_B340, 0x265E_5A51, 0xE9B6_C7AA, 0xD62F_105D, 0x0244_1453, 0xD8A1_E681, 0xE7D3_FBC8,
        0x21E1_CDE6, 0xC337_07D6, 0xF4D5_0D87, 0x455A_14ED, 0xA9E3_E905, 0xFCEF_A3F8, 0x676F_02D9, 0x8D2A_4C8A,
        0xFFFA_3942, 0x8771_F681, 0x6D9D_6122, 0xFDE5_380C, 0xA4BE_EA44, 0x4BDE_CFA9, 0xF6BB_4B60, 0xBEBF_BC70,
        0x289B_7EC6, 0xEAA1_27FA, 0xD4EF_3085, 0x0488_1D05, 0xD9D4_D039, 0xE6DB_99E5, 0x1FA2_7CF8, 0xC4AC_5665,
        0xF429_2244, 0x432A_FF97, 0xAB94_23A7, 0xFC93_A039, 0x655B_59C3, 0x8F0C_CC92, 0xFFEF_F47D, 0x8584_5DD1,
        0x6FA8_7E4F, 0xFE2C_E6E0, 0xA301_4314, 0x4E08_11A1, 0xF753_7E82, 0xBD3A_F235, 0x2AD7_D2BB, 0xEB86_D391,
    ]

    /// A fresh digest.
    public init() {}

    /// Feeds `bytes` into the digest.
    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        length &+= UInt64(bytes.count)
        var index = bytes.startIndex
        // Top up a partial block first.
        while buffered > 0, index != bytes.endIndex {
            buffer[buffered] = bytes[index]
            buffered += 1
            index = bytes.index(after: index)
            if buffered == 64 {
                let block = buffer
                block.withUnsafeBytes { processBlock($0) }
                buffered = 0
            }
        }
        // Whole blocks straight from the input when it is contiguous (the fast path).
        let remaining = bytes[index...]
        let consumed: Int? = remaining.withContiguousStorageIfAvailable { raw -> Int in
            var offset = 0
            let base = UnsafeRawBufferPointer(raw)
            while raw.count - offset >= 64 {
                processBlock(UnsafeRawBufferPointer(rebasing: base[offset..<(offset + 64)]))
                offset += 64
            }
            return offset
        }
        if let consumed {
            index = bytes.index(index, offsetBy: consumed)
        }
        while index != bytes.endIndex {
            buffer[buffered] = bytes[index]
            buffered += 1
            index = bytes.index(after: index)
            if buffered == 64 {
                let block = buffer
                block.withUnsafeBytes { processBlock($0) }
                buffered = 0
            }
        }
    }

    /// The 16-byte digest of everything fed so far (the digest itself is not modified,
    /// so more data may still be added to it).
    public func finalize() -> [UInt8] {
        var copy = self
        let bitLength = length &* 8
        var padding: [UInt8] = [0x80]
        let used = (buffered + 1) % 64
        padding += [UInt8](repeating: 0, count: used <= 56 ? 56 - used : 120 - used)
        for i in 0..<8 { padding.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
        let savedLength = copy.length
        copy.update(padding)
        copy.length = savedLength
        var out: [UInt8] = []
        for word in [copy.state.0, copy.state.1, copy.state.2, copy.state.3] {
            for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(i)))) }
        }
        return out
    }

    /// The digest as 32 lowercase hex digits.
    public func hexDigest() -> String {
        let digits = Array("0123456789abcdef")
        return String(finalize().flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    /// MD5 of `bytes` as lowercase hex.
    public static func hex<Bytes: Collection>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var m = MD5()
        m.update(bytes)
        return m.hexDigest()
    }

    /// MD5 of the file at `path` as lowercase hex, read in 1 MiB chunks.
    public static func hex(ofFile path: String) throws(FileIOError) -> String {
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw FileIOError(path: path, operation: "open for reading", reason: runtimeErrnoText()) }
        defer { close(fd) }
        var m = MD5()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileIOError(path: path, operation: "read", reason: runtimeErrnoText())
            }
            if n == 0 { break }
            m.update(chunk[0..<n])
        }
        return m.hexDigest()
    }

    private mutating func processBlock(_ block: UnsafeRawBufferPointer) {
        var a = state.0, b = state.1, c = state.2, d = state.3
        for i in 0..<64 {
            var f: UInt32
            let g: Int
            switch i {
            case 0..<16:
                f = (b & c) | (~b & d)
                g = i
            case 16..<32:
                f = (d & b) | (~d & c)
                g = (5 * i + 1) & 15
            case 32..<48:
                f = b ^ c ^ d
                g = (3 * i + 5) & 15
            default:
                f = c ^ (b | ~d)
                g = (7 * i) & 15
            }
            let word = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * g, as: UInt32.self))
            f = f &+ a &+ MD5.constants[i] &+ word
            a = d
            d = c
            c = b
            let s = MD5.shifts[i]
            b = b &+ ((f << s) | (f >> (32 - s)))
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }
}

"""##),
        ("MiniJSON.swift", #"""
// A small, strict JSON reader for file headers (safetensors).
//
// Why not JSONSerialization: it silently accepts duplicate keys (last one wins), turns
// `true` into a number on Linux, and gives vague errors. Headers written by hostile or
// broken tools must be rejected with a precise message, and integers must stay exact.
import Foundation

/// A parsed JSON value. Numbers keep their source text so integers are never rounded.
enum MiniJSON: Equatable, Sendable {
    case object([(String, MiniJSON)])
    case array([MiniJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (a: MiniJSON, b: MiniJSON) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.array(x), .array(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// A short name for the kind of value, for error messages.
    var kindName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// The value as a non-negative integer, if it is written as one (no fraction, no
    /// exponent) and fits in `Int`.
    var nonNegativeInt: Int? {
        guard case let .number(text) = self, !text.isEmpty,
            text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        return Int(text)
    }

    /// Parses one JSON document from `bytes`; surrounding whitespace is allowed.
    static func parse(_ bytes: ArraySlice<UInt8>) throws(MiniJSONError) -> MiniJSON {
        var parser = MiniJSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.pos != bytes.endIndex {
            throw parser.failure("unexpected text after the end of the JSON value")
        }
        return value
    }
}

/// Why a JSON document could not be parsed, with the byte offset.
struct MiniJSONError: Error, Sendable {
    let offset: Int
    let message: String
}

/// Recursive-descent parser over UTF-8 bytes.
struct MiniJSONParser {
    let bytes: ArraySlice<UInt8>
    var pos: Int
    /// Nesting limit: deep enough for any real header, shallow enough never to overflow
    /// the stack on hostile input like `[[[[...`.
    static let maxDepth = 64

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.pos = bytes.startIndex
    }

    func failure(_ message: String) -> MiniJSONError {
        MiniJSONError(offset: pos - bytes.startIndex, message: message)
    }

    mutating func skipWhitespace() {
        while pos < bytes.endIndex {
            let c = bytes[pos]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { pos += 1 } else { break }
        }
    }

    mutating func parseValue(depth: Int) throws(MiniJSONError) -> MiniJSON {
        guard depth < Self.maxDepth else { throw failure("JSON nested more than \(Self.maxDepth) levels deep") }
        guard pos < bytes.endIndex else { throw failure("unexpected end of JSON") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("unexpected character '\(Character(Unicode.Scalar(bytes[pos])))'")
        }
    }

    mutating func expectWord(_ word: String) throws(MiniJSONError) {
        for c in word.utf8 {
            guard pos < bytes.endIndex, bytes[pos] == c else { throw failure("invalid literal, expected '\(word)'") }
            pos += 1
        }
    }

    mutating func parseObject(depth: Int) throws(MiniJSONError) -> MiniJSON {
        pos += 1  // {
        var members: [(String, MiniJSON)] = []
        var seen = Set<String>()
        skipWhitespace()
        if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
            let key = try parseString()
            if !seen.insert(key).inserted { throw failure("duplicate key \"\(key)\"") }
            skipWhitespace()
            guard pos < bytes.endIndex, bytes[pos] == UInt8(ascii: ":") else { throw failure("expected ':' after key") }
            pos += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard pos < bytes.endIndex else { throw failure("unexpected end of JSON inside an object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            throw failure("expected ',' or '}' in an object")
        }
    }

    mutating func parseArray(depth: Int) throws(MiniJSONError) -> MiniJSON {
        pos += 1  // [
        var items: [MiniJSON] = []
        skipWhitespace()
        if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard pos < bytes.endIndex else { throw failure("unexpected end of JSON inside an array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw failure("expected ',' or ']' in an array")
        }
    }

    mutating func parseNumber() throws(MiniJSONError) -> MiniJSON {
        let start = pos
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.endIndex, isDigit(bytes[pos]) else { throw failure("invalid number") }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
        } else {
            while pos < bytes.endIndex, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.endIndex, isDigit(bytes[pos]) else { throw failure("invalid number: digit expected after '.'") }
            while pos < bytes.endIndex, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.endIndex, isDigit(bytes[pos]) else { throw failure("invalid number: digit expected in exponent") }
            while pos < bytes.endIndex, isDigit(bytes[pos]) { pos += 1 }
        }
        return .number(String(decoding: bytes[start..<pos], as: UTF8.self))
    }

    mutating func parseHex4() throws(MiniJSONError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard pos < bytes.endIndex else { throw failure("unexpected end of JSON in a \\u escape") }
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw failure("invalid hex digit in a \\u escape")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    mutating func parseString() throws(MiniJSONError) -> String {
        pos += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard pos < bytes.endIndex else { throw failure("unterminated string") }
            let c = bytes[pos]
            pos += 1
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { throw failure("control character inside a string") }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                continue
            }
            guard pos < bytes.endIndex else { throw failure("unterminated escape") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard pos + 1 < bytes.endIndex, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                    else { throw failure("unpaired UTF-16 surrogate in a \\u escape") }
                    pos += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired UTF-16 surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw failure("unpaired UTF-16 surrogate in a \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw failure("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw failure("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw failure("string is not valid UTF-8") }
        return s
    }
}

/// Serialises strings the way serde_json does (escape `"` `\` and control characters,
/// leave other text as UTF-8), so headers we write match those of the Rust/Python library.
func miniJSONQuote(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if u.value < 0x20 {
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

"""#),
        ("Optimizers.swift", #"""
// SGD and Adam on flat parameter/gradient buffers, following torch.optim.SGD and torch.optim.Adam
// (single-tensor CPU implementation, dampening 0, maximize/amsgrad off) in float32.
//
// SGD, for each element, with lr the current rate:
//   g = grad + wd·p                          (only when wd ≠ 0)
//   first step:  buf = g;  later: buf = momentum·buf + g     (only when momentum ≠ 0)
//   g = nesterov ? g + momentum·buf : buf                     (only when momentum ≠ 0)
//   p = p − lr·g
// Adam, with t the step number from 1:
//   g = grad + wd·p                          (only when wd ≠ 0; L2 as in Adam, not AdamW)
//   m = lerp(m, g, 1 − β1);  v = β2·v + (1 − β2)·g²
//   p = p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
// Scalars are computed in Double and rounded to Float, as PyTorch passes Python floats to float32
// kernels; "a + α·b" updates are fused multiply-adds like PyTorch's vectorised `add(alpha:)` and
// `lerp`.
import Foundation

/// Which optimizer and its hyper-parameters (the learning rate here is the base rate; each update
/// gets the scheduled rate).
public enum OptimizerSettings: Sendable, Equatable {
    case sgd(lr: Double, momentum: Double, weightDecay: Double, nesterov: Bool)
    case adam(lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double)

    /// The base learning rate.
    public var lr: Double {
        switch self {
        case let .sgd(lr, _, _, _), let .adam(lr, _, _, _, _): return lr
        }
    }
}

/// A problem with optimizer inputs or saved state.
public struct OptimizerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problem: String
    public var description: String { "optimizer: \(problem)" }
}

/// The optimizer's saved state: the step count and its buffers by name (`momentum` for SGD with
/// momentum; `exp_avg` and `exp_avg_sq` for Adam), each as long as the parameter arena.
public struct OptimizerState: Sendable, Equatable {
    public var step: Int
    public var buffers: [String: [Float]]

    public init(step: Int, buffers: [String: [Float]]) {
        self.step = step
        self.buffers = buffers
    }
}

/// An optimizer over one flat parameter arena.
public struct FlatOptimizer: Sendable {
    public let settings: OptimizerSettings
    /// Floats in the arena it updates.
    public let count: Int
    /// Updates done so far.
    public private(set) var step: Int = 0
    /// SGD momentum buffer, or Adam's first moment (empty for plain SGD).
    private var first: [Float]
    /// Adam's second moment (empty for SGD).
    private var second: [Float]

    public init(settings: OptimizerSettings, parameterCount: Int) {
        self.settings = settings
        count = max(0, parameterCount)
        switch settings {
        case let .sgd(_, momentum, _, _):
            first = momentum != 0 ? [Float](repeating: 0, count: count) : []
            second = []
        case .adam:
            first = [Float](repeating: 0, count: count)
            second = [Float](repeating: 0, count: count)
        }
    }

    /// Names of the state buffers this optimizer keeps.
    public var bufferNames: [String] {
        switch settings {
        case let .sgd(_, momentum, _, _): return momentum != 0 ? ["momentum"] : []
        case .adam: return ["exp_avg", "exp_avg_sq"]
        }
    }

    /// One update of `parameters` from `gradients` (both `count` long) with learning rate `lr`.
    public mutating func update(parameters p: UnsafeMutableBufferPointer<Float>, gradients g: UnsafeBufferPointer<Float>,
                                lr: Double) throws(OptimizerError) {
        guard p.count == count, g.count == count else {
            throw OptimizerError(problem: "expected \(count) parameters and gradients, got \(p.count) and \(g.count)")
        }
        guard count > 0 else { step += 1; return }
        let pp = p.baseAddress!, gg = g.baseAddress!
        switch settings {
        case let .sgd(_, momentum, weightDecay, nesterov):
            let negLR = Float(-lr), wd = Float(weightDecay), mom = Float(momentum)
            let firstStep = step == 0, n = count
            // One loop per combination of the flags, each with the flags as constants: a branch inside
            // the loop keeps the compiler from vectorising it (the update then costs as much as a
            // quarter of a LeNet training step). The arithmetic is the same in every variant.
            first.withUnsafeMutableBufferPointer { buf in
                let bb = buf.baseAddress
                @inline(__always) func loop(_ decay: Bool, _ momentumOn: Bool, _ initial: Bool, _ nesterovOn: Bool) {
                    for i in 0..<n {
                        var d = gg[i]
                        if decay { d = d.addingProduct(wd, pp[i]) }
                        if momentumOn {
                            let b = initial ? d : bb![i] * mom + d
                            bb![i] = b
                            d = nesterovOn ? d.addingProduct(mom, b) : b
                        }
                        pp[i] = pp[i].addingProduct(negLR, d)
                    }
                }
                switch (wd != 0, mom != 0, firstStep, nesterov) {
                case (false, false, _, _): loop(false, false, false, false)
                case (true, false, _, _): loop(true, false, false, false)
                case (false, true, true, false): loop(false, true, true, false)
                case (false, true, false, false): loop(false, true, false, false)
                case (false, true, true, true): loop(false, true, true, true)
                case (false, true, false, true): loop(false, true, false, true)
                case (true, true, true, false): loop(true, true, true, false)
                case (true, true, false, false): loop(true, true, false, false)
                case (true, true, true, true): loop(true, true, true, true)
                case (true, true, false, true): loop(true, true, false, true)
                }
            }
        case let .adam(_, beta1, beta2, eps, weightDecay):
            let t = Double(step + 1)
            let correction1 = 1 - Foundation.pow(beta1, t)
            let correction2Root = (1 - Foundation.pow(beta2, t)).squareRoot()
            let negStep = Float(-(lr / correction1))
            let root2 = Float(correction2Root), epsilon = Float(eps), wd = Float(weightDecay)
            let weight = Float(1 - beta1), b2 = Float(beta2), oneMinusB2 = Float(1 - beta2)
            let small = abs(weight) < 0.5
            let complement = 1 - weight
            first.withUnsafeMutableBufferPointer { m in
                second.withUnsafeMutableBufferPointer { v in
                    for i in 0..<count {
                        var d = gg[i]
                        if wd != 0 { d = d.addingProduct(wd, pp[i]) }
                        // torch.lerp(m, d, w): m + w·(d − m) for small w, else d − (d − m)·(1 − w).
                        let diff = d - m[i]
                        m[i] = small ? m[i].addingProduct(weight, diff) : d.addingProduct(-diff, complement)
                        v[i] = (v[i] * b2) + oneMinusB2 * d * d
                        let denom = v[i].squareRoot() / root2 + epsilon
                        pp[i] = pp[i] + negStep * m[i] / denom
                    }
                }
            }
        }
        step += 1
    }

    /// The state to checkpoint.
    public var state: OptimizerState {
        var buffers: [String: [Float]] = [:]
        switch settings {
        case let .sgd(_, momentum, _, _): if momentum != 0 { buffers["momentum"] = first }
        case .adam:
            buffers["exp_avg"] = first
            buffers["exp_avg_sq"] = second
        }
        return OptimizerState(step: step, buffers: buffers)
    }

    /// Continues from a saved state; throws when it lacks a buffer or has the wrong sizes.
    public mutating func restore(_ state: OptimizerState) throws(OptimizerError) {
        guard state.step >= 0 else { throw OptimizerError(problem: "negative step count \(state.step)") }
        let names = bufferNames
        for name in names {
            guard let buffer = state.buffers[name] else {
                throw OptimizerError(problem: "the saved state lacks the \(name) buffer")
            }
            guard buffer.count == count else {
                throw OptimizerError(problem: "the saved \(name) buffer has \(buffer.count) values, expected \(count)")
            }
        }
        if let extra = state.buffers.keys.sorted().first(where: { !names.contains($0) }) {
            throw OptimizerError(problem: "the saved state has a \(extra) buffer this optimizer does not use (another optimizer?)")
        }
        switch settings {
        case let .sgd(_, momentum, _, _): if momentum != 0 { first = state.buffers["momentum"]! }
        case .adam:
            first = state.buffers["exp_avg"]!
            second = state.buffers["exp_avg_sq"]!
        }
        step = state.step
    }
}

"""#),
        ("OutputFiles.swift", ##"""
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One file a run writes (the checkpoint of `--save`, the plot of `--plot`, the records of
/// `--metrics`), with what it is and which flag named it, so every failure to write it reads the same
/// way: `PATH: cannot write the checkpoint: the folder /x does not exist`, then a hint.
///
/// The training loop tries each of them before the first batch (`probe`), so a path that cannot be
/// written is an error before training, never after an hour of it.
public struct OutputFile: Sendable, Equatable {
    public var path: String
    /// `checkpoint`, `plot`, `metrics file`.
    public var what: String
    /// The flag that named it: `--save`.
    public var flag: String

    public init(path: String, what: String, flag: String) {
        self.path = path
        self.what = what
        self.flag = flag
    }

    /// Replaces the file with `bytes` atomically (`AtomicFile.write`): a failure, a kill or a full
    /// disk leaves the previous file as it was.
    public func replace(with bytes: [UInt8]) throws(RuntimeFileError) {
        do { try AtomicFile.write(bytes, to: path) } catch { throw explain(error) }
    }

    /// Writes `bytes` beside the file and removes them again (`AtomicFile.probe`): proves the folder
    /// exists, is writable and has room for them, without touching an existing file.
    public func probe(_ bytes: [UInt8]) throws(RuntimeFileError) {
        do { try AtomicFile.probe(bytes, for: path) } catch { throw explain(error) }
    }

    /// The folder the file goes in, as the user would write it.
    var folder: String {
        let dir = AtomicFile.directoryPart(of: path)
        return dir.isEmpty ? "." : dir
    }

    /// A failed file operation in the user's terms: what could not be written, why, and what to do.
    public func explain(_ error: FileIOError) -> RuntimeFileError {
        guard error.operation == "replace" else { return explain(code: error.code, reason: error.reason) }
        // `AtomicFile` refuses to rename over anything but a regular file.
        if error.code == EISDIR {
            return RuntimeFileError(path: path, problem: "cannot write the \(what): it is a folder, not a file",
                                    hint: "give \(flag) a file name, e.g. \(flag) \(path)/\(defaultName)")
        }
        return RuntimeFileError(path: path, problem: "cannot write the \(what): it is not a regular file (a device or a pipe), and the \(what) replaces the file it is written to",
                                hint: "give \(flag) a file name, e.g. \(flag) \(defaultName)")
    }

    /// The same for an `errno` value (and its text, or our own reason when `code` is 0).
    func explain(code: Int32, reason given: String) -> RuntimeFileError {
        // The OS's own words for the cause, without what the failing call added to them.
        let reason = code != 0 ? runtimeErrnoText(code) : given
        let elsewhere = "give \(flag) a path in another folder"
        let (why, hint): (String, String)
        switch code {
        case ENOENT:
            (why, hint) = ("the folder \(folder) does not exist", "create it first (mkdir -p \(folder)), or \(elsewhere)")
        case ENOTDIR:
            (why, hint) = ("\(folder) is not a folder (part of that path is a file)", elsewhere)
        case EACCES, EPERM:
            (why, hint) = ("the folder \(folder) is not writable (\(reason))", elsewhere)
        case EROFS:
            (why, hint) = ("the folder \(folder) is on a read-only file system", elsewhere)
        case ENOSPC, EDQUOT:
            (why, hint) = ("no space left on the device (\(reason))", "free some space, or give \(flag) a path on another disk")
        case EFBIG:
            (why, hint) = ("the file would be larger than this process may write (\(reason))",
                           "raise the file-size limit (ulimit -f), or give \(flag) a path on another disk")
        default:
            (why, hint) = (reason, elsewhere)
        }
        return RuntimeFileError(path: path, problem: "cannot write the \(what): \(why)", hint: hint)
    }

    private var defaultName: String {
        switch flag {
        case "--save": return "run.safetensors"
        case "--plot": return "run.svg"
        default: return "run.jsonl"
        }
    }
}

/// Appends one JSON line per epoch to a metrics file, flushing each line so a killed run keeps what
/// it had.
public final class MetricsWriter {
    private let fd: Int32
    public let file: OutputFile
    public var path: String { file.path }

    /// Creates (or truncates) the file; a resumed run passes `append: true` and keeps what is there.
    /// Then proves the file can take a line (see `probe`), so a full disk or `/dev/full` is an error
    /// now, before training, not after the first epoch.
    public init(path: String, append: Bool = false) throws {
        file = OutputFile(path: path, what: "metrics file", flag: "--metrics")
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (append ? 0 : O_TRUNC)
        fd = path.withCString { open($0, flags, 0o644) }
        guard fd >= 0 else { throw file.explain(FileIOError(path: path, operation: "open for writing", code: errno)) }
        do { try probe() } catch {
            close(fd)
            throw error
        }
    }

    /// A regular file gets a block of zeros written, flushed and cut off again (so a full disk
    /// answers now); anything else (a pipe, `/dev/stdout`, `/dev/full`) a write of no bytes, which a
    /// device that cannot take data refuses too, and a reader never sees.
    private func probe() throws(RuntimeFileError) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw file.explain(FileIOError(path: path, operation: "inspect", code: errno)) }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            if Glibc.write(fd, "", 0) < 0 { throw file.explain(FileIOError(path: path, operation: "write", code: errno)) }
            return
        }
        var failure: FileIOError?
        do throws(FileIOError) {
            try AtomicFile.writeAll(fd: fd, bytes: [UInt8](repeating: 0, count: 4096), path: path)
            if fsync(fd) != 0 { throw FileIOError(path: path, operation: "flush to disk", code: errno) }
        } catch {
            failure = error
        }
        // Whatever happened, the file goes back to what it held.
        if ftruncate(fd, st.st_size) != 0, failure == nil {
            failure = FileIOError(path: path, operation: "truncate", code: errno)
        }
        if let failure { throw file.explain(failure) }
    }

    /// Appends the record's line and flushes it to disk.
    public func write(_ record: EpochRecord) throws(RuntimeFileError) {
        do throws(FileIOError) {
            try AtomicFile.writeAll(fd: fd, bytes: Array((record.json + "\n").utf8), path: path)
            if fsync(fd) != 0 && errno != EINVAL && errno != EROFS {
                throw FileIOError(path: path, operation: "flush to disk", code: errno)
            }
        } catch {
            throw file.explain(error)
        }
    }

    deinit { close(fd) }
}

"""##),
        ("ProgressBar.swift", #"""
import Foundation

/// A one-line live progress display on standard error, redrawn in place with `\r`, as tqdm does.
/// Shown only when standard error is a terminal, so piped output and log files stay clean.
public final class ProgressBar {
    public let enabled: Bool
    private let total: Int
    private let label: String
    private var line = LiveLine()
    private let start: Double
    private let width = 24

    /// - Parameters:
    ///   - label: shown before the bar, e.g. `epoch 3/10`.
    ///   - total: the number of steps (batches).
    ///   - enabled: force on or off; by default on exactly when stderr is a terminal.
    public init(label: String, total: Int, enabled: Bool? = nil) {
        self.label = label
        self.total = max(1, total)
        self.enabled = enabled ?? (isatty(STDERR_FILENO) == 1)
        self.start = monotonicSeconds()
    }

    /// Redraws at most ten times a second, and always on the last step.
    public func update(step: Int, loss: Double, examples: Int) {
        guard enabled else { return }
        line.draw(force: step >= total) {
            render(step: step, loss: loss, examples: examples, elapsed: monotonicSeconds() - start)
        }
    }

    /// Clears the line so the next printed line starts clean.
    public func finish() {
        line.finish(clear: true)
    }

    /// `epoch 3/10 [██████████░░░░░░░░░░░░░░]  41% 97/235  loss 0.5123  9,876 ex/s  ETA 3s`
    public func render(step: Int, loss: Double, examples: Int, elapsed: Double) -> String {
        let fraction = min(1, Double(step) / Double(total))
        let bar = LiveLine.bar(fraction, width: width, full: "█", empty: "░")
        let rate = elapsed > 0 ? Double(examples) / elapsed : 0
        let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let percent = String(Int((fraction * 100).rounded(.down)))
        return "\(label) [\(bar)] \(String(repeating: " ", count: 3 - percent.count))\(percent)% \(step)/\(total)  loss \(fixed(loss, 4))  \(Int(rate)) ex/s  ETA \(Int(remaining.rounded(.up)))s"
    }
}

/// Seconds from a monotonic clock (immune to wall-clock changes), for timing epochs and batches.
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

"""#),
        ("RunIdentity.swift", #"""
import Foundation

/// What a checkpoint records about the model and recipe that wrote it, so `--resume` refuses a
/// checkpoint of another model before anything is written (lenet.yaml's weights have exactly the
/// tensors of lenet-max.yaml's), and says what changed when only the recipe did.
///
/// Both parts are plain text with an MD5 fingerprint: the fingerprints decide, the texts explain. The
/// engine and the emitted trainers compute them here, from what both hand the training loop (the
/// architecture text lenetc wrote, the parameter layout, the recipe), so their checkpoints agree.
public struct RunIdentity: Sendable, Equatable {
    /// The network: `Model.architecture` from lenetc (input, each layer's settings and output
    /// shape), then one line per parameter tensor with its shape.
    public var model: String
    /// The recipe as `key value` lines (`lr 0.9`, `batch 256`, ...).
    public var recipe: String

    public init(model: String, recipe: String) {
        self.model = model
        self.recipe = recipe
    }

    /// The identity of a run of `layout` built from `architecture`, trained by `recipe`.
    public init(architecture: String, layout: [ParameterSlot], recipe: TrainingRecipe) {
        let tensors = layout.map { "\($0.name) \($0.shape.map(String.init).joined(separator: "×"))" }
        self.init(model: ([architecture].filter { !$0.isEmpty } + tensors).joined(separator: "\n"),
                  recipe: recipe.settings.map { "\($0.key) \($0.value)" }.joined(separator: "\n"))
    }

    public var modelFingerprint: String { "md5:" + MD5.hex(of: Array(model.utf8)) }
    public var recipeFingerprint: String { "md5:" + MD5.hex(of: Array(recipe.utf8)) }

    /// Where the checkpoint's network (`recorded`) and this one first differ, as the two lines.
    func firstDifference(from recorded: RunIdentity) -> String {
        let ours = model.split(separator: "\n").map(String.init), theirs = recorded.model.split(separator: "\n").map(String.init)
        for i in 0..<max(ours.count, theirs.count) {
            let a = i < theirs.count ? "`\(theirs[i])`" : "nothing", b = i < ours.count ? "`\(ours[i])`" : "nothing"
            if a != b { return "the checkpoint's network has \(a) where this one has \(b)" }
        }
        return "their descriptions differ"
    }

    /// The recipe's settings that differ from `recorded`'s, as `lr 0.9 → 0.5`, in recipe order.
    func recipeChanges(from recorded: RunIdentity) -> [(key: String, old: String, new: String)] {
        func pairs(_ text: String) -> [(String, String)] {
            text.split(separator: "\n").map { line in
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
        }
        let old = Dictionary(pairs(recorded.recipe), uniquingKeysWith: { a, _ in a })
        let new = pairs(recipe)
        var changes: [(key: String, old: String, new: String)] = []
        for (key, value) in new where old[key] != value { changes.append((key, old[key] ?? "none", value)) }
        let newKeys = Set(new.map(\.0))
        for (key, value) in pairs(recorded.recipe) where !newKeys.contains(key) { changes.append((key, value, "none")) }
        return changes
    }

    /// A recorded recipe's setting (`batch` → `256`).
    func setting(_ key: String) -> String? {
        for line in recipe.split(separator: "\n") where line.hasPrefix(key + " ") { return String(line.dropFirst(key.count + 1)) }
        return nil
    }
}

extension TrainingRecipe {
    /// Every setting, in a fixed order, as the checkpoint records them. Numbers print as Swift prints
    /// a `Double`, so the same value always reads the same.
    public var settings: [(key: String, value: String)] {
        var out: [(key: String, value: String)] = []
        switch optimizer {
        case let .sgd(lr, momentum, weightDecay, nesterov):
            out += [("optimizer", "sgd"), ("lr", "\(lr)"), ("momentum", "\(momentum)"), ("weight_decay", "\(weightDecay)"),
                    ("nesterov", "\(nesterov)")]
        case let .adam(lr, beta1, beta2, eps, weightDecay):
            out += [("optimizer", "adam"), ("lr", "\(lr)"), ("betas", "\(beta1), \(beta2)"), ("eps", "\(eps)"),
                    ("weight_decay", "\(weightDecay)")]
        }
        switch schedule {
        case .constant: out.append(("schedule", "constant"))
        case let .step(stepSize, gamma): out.append(("schedule", "step, step_size \(stepSize), gamma \(gamma)"))
        case let .cosine(minLR): out.append(("schedule", "cosine, min_lr \(minLR)"))
        case let .inv(gamma, power): out.append(("schedule", "inv, gamma \(gamma), power \(power)"))
        }
        out.append(("batch", "\(batch)"))
        switch length {
        case let .epochs(n): out.append(("epochs", "\(n)"))
        case let .iterations(n): out.append(("iterations", "\(n)"))
        }
        out += [("init", initializer.rawValue), ("biases", biasInitializer.rawValue), ("seed", "\(seed)")]
        return out
    }
}

"""#),
        ("Safetensors.swift", #"""
// Reading and writing the safetensors format (https://github.com/huggingface/safetensors):
//
//   [8-byte little-endian header length N][N bytes of JSON header][raw little-endian data]
//
// The header maps tensor names to {"dtype", "shape", "data_offsets": [begin, end]} (offsets
// relative to the start of the data section) and may hold "__metadata__": {string: string}.
//
// We validate as strictly as the reference Rust implementation (which PyTorch's writer uses):
// a file that loads here would load there too, and a damaged file is rejected with a message
// that names it instead of producing garbage weights or trapping.
import Foundation

/// Element types lenetc can read from safetensors files (it writes F32 and I64 only).
public enum SafetensorsDType: String, Sendable, CaseIterable, Equatable {
    case f32 = "F32"
    case f64 = "F64"
    case i64 = "I64"
    case i32 = "I32"
    case u8 = "U8"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .f32, .i32: return 4
        case .f64, .i64: return 8
        case .u8: return 1
        }
    }

    /// Whether elements are integers (readable with `SafetensorsFile.int64s`).
    public var isInteger: Bool {
        switch self {
        case .i64, .i32, .u8: return true
        case .f32, .f64: return false
        }
    }
}

/// A problem with a safetensors file: which file, and what is wrong with it.
public struct SafetensorsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Path (or description) of the file concerned.
    public let file: String
    /// What is wrong, and where useful what to do about it.
    public let problem: String

    /// Creates an error about `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "safetensors file \(file): \(problem)" }
}

/// Where one tensor lives in a safetensors file.
public struct SafetensorsTensorInfo: Sendable, Equatable {
    /// Tensor name, e.g. "0.weight".
    public let name: String
    /// Element type.
    public let dtype: SafetensorsDType
    /// Dimensions, outermost first (row-major).
    public let shape: [Int]
    /// Byte range inside the data section.
    public let dataOffsets: Range<Int>

    /// Number of elements (product of `shape`; 1 for a scalar with shape []).
    public var elementCount: Int { shape.reduce(1, *) }
}

/// A safetensors file loaded into memory and fully validated.
public struct SafetensorsFile: Sendable {
    /// The path or description given when loading; used in error messages.
    public let source: String
    /// The optional `__metadata__` string map (empty when absent).
    public let metadata: [String: String]
    /// All tensors by name.
    public let tensors: [String: SafetensorsTensorInfo]
    /// The whole file; tensor data starts at `dataStart`.
    private let bytes: [UInt8]
    private let dataStart: Int

    /// Largest header we accept: the Rust implementation's limit. Checked before allocating.
    public static let maxHeaderBytes = 100_000_000

    /// Loads and validates the safetensors file at `path`.
    public init(contentsOf path: String) throws(SafetensorsError) {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            throw SafetensorsError(file: path, problem: "cannot read it: \(error.reason)")
        }
        try self.init(bytes: bytes, source: path)
    }

    /// Validates in-memory safetensors `bytes`; `source` names them in error messages.
    public init(bytes: [UInt8], source: String) throws(SafetensorsError) {
        func fail(_ problem: String) -> SafetensorsError { SafetensorsError(file: source, problem: problem) }
        let notSafetensors = " (is this really a safetensors file? re-save it, or pick the right file)"

        guard bytes.count >= 8 else {
            throw fail("the file is \(bytes.count) bytes long, too short for the 8-byte header length" + notSafetensors)
        }
        var headerLength64: UInt64 = 0
        for i in (0..<8).reversed() { headerLength64 = headerLength64 << 8 | UInt64(bytes[i]) }
        guard headerLength64 <= UInt64(Self.maxHeaderBytes) else {
            throw fail("the header length field says \(headerLength64) bytes, more than the \(Self.maxHeaderBytes)-byte limit" + notSafetensors)
        }
        let headerLength = Int(headerLength64)
        guard headerLength <= bytes.count - 8 else {
            throw fail("the header length field says \(headerLength) bytes of JSON, but only \(bytes.count - 8) bytes follow it; the file is truncated or damaged")
        }
        guard headerLength >= 2 else {
            throw fail("the header is \(headerLength) bytes long, too short to hold a JSON object" + notSafetensors)
        }
        let headerBytes = bytes[8..<(8 + headerLength)]
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw fail("the header does not start with '{'" + notSafetensors)
        }
        let json: MiniJSON
        do {
            json = try MiniJSON.parse(headerBytes)
        } catch {
            throw fail("the JSON header is invalid at byte \(error.offset): \(error.message)")
        }
        guard case let .object(members) = json else {
            throw fail("the JSON header is \(json.kindName), expected an object")
        }

        let dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var tensors: [String: SafetensorsTensorInfo] = [:]
        for (name, value) in members {
            if name == "__metadata__" {
                guard case let .object(pairs) = value else {
                    throw fail("\"__metadata__\" is \(value.kindName), expected an object of strings")
                }
                for (key, v) in pairs {
                    guard case let .string(text) = v else {
                        throw fail("\"__metadata__\" entry \"\(key)\" is \(v.kindName), expected a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            let info = try Self.parseTensorEntry(name: name, value: value, fail: fail)
            guard info.dataOffsets.upperBound <= dataLength else {
                throw fail("tensor \"\(name)\" ends at data byte \(info.dataOffsets.upperBound), but the data section has only \(dataLength) bytes; the file is truncated")
            }
            tensors[name] = info
        }

        // Tensors must tile the data section exactly: no overlaps (two tensors sharing
        // bytes means a corrupt header), no gaps and no trailing bytes (what the Rust
        // reader calls an incomplete buffer; it usually means a mangled file).
        let ordered = tensors.values.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name)
        }
        var cursor = 0
        var previous: String? = nil
        for t in ordered {
            if t.dataOffsets.lowerBound < cursor {
                throw fail("tensors \"\(previous ?? "?")\" and \"\(t.name)\" overlap (data bytes \(t.dataOffsets.lowerBound)..<\(cursor) belong to both); the header is corrupt")
            }
            if t.dataOffsets.lowerBound > cursor {
                throw fail("data bytes \(cursor)..<\(t.dataOffsets.lowerBound) belong to no tensor; the header is corrupt")
            }
            cursor = t.dataOffsets.upperBound
            previous = t.name
        }
        if cursor != dataLength {
            throw fail("the data section has \(dataLength) bytes but the tensors cover only \(cursor); the file has trailing garbage or a corrupt header")
        }

        self.source = source
        self.metadata = metadata
        self.tensors = tensors
        self.bytes = bytes
        self.dataStart = dataStart
    }

    /// Validates one `"name": {"dtype": .., "shape": [..], "data_offsets": [b, e]}` entry.
    private static func parseTensorEntry(
        name: String, value: MiniJSON, fail: (String) -> SafetensorsError
    ) throws(SafetensorsError) -> SafetensorsTensorInfo {
        guard case let .object(fields) = value else {
            throw fail("tensor \"\(name)\" is \(value.kindName) in the header, expected an object")
        }
        var dtypeText: String? = nil
        var shape: [Int]? = nil
        var offsets: [Int]? = nil
        for (key, v) in fields {
            switch key {
            case "dtype":
                guard case let .string(s) = v else { throw fail("tensor \"\(name)\": \"dtype\" is \(v.kindName), expected a string") }
                dtypeText = s
            case "shape":
                guard case let .array(items) = v else { throw fail("tensor \"\(name)\": \"shape\" is \(v.kindName), expected an array of integers") }
                var dims: [Int] = []
                for item in items {
                    guard let d = item.nonNegativeInt else {
                        throw fail("tensor \"\(name)\": shape entries must be non-negative integers")
                    }
                    dims.append(d)
                }
                shape = dims
            case "data_offsets":
                guard case let .array(items) = v, items.count == 2,
                    let b = items[0].nonNegativeInt, let e = items[1].nonNegativeInt
                else { throw fail("tensor \"\(name)\": \"data_offsets\" must be [begin, end] with non-negative integers") }
                offsets = [b, e]
            default:
                throw fail("tensor \"\(name)\" has an unknown field \"\(key)\"")
            }
        }
        guard let dtypeText else { throw fail("tensor \"\(name)\" has no \"dtype\"") }
        guard let shape else { throw fail("tensor \"\(name)\" has no \"shape\"") }
        guard let offsets else { throw fail("tensor \"\(name)\" has no \"data_offsets\"") }
        guard let dtype = SafetensorsDType(rawValue: dtypeText) else {
            let known = SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("tensor \"\(name)\" has dtype \(dtypeText), which lenetc cannot read (supported: \(known)); convert it to F32 before saving")
        }
        guard offsets[0] <= offsets[1] else {
            throw fail("tensor \"\(name)\": data_offsets [\(offsets[0]), \(offsets[1])] end before they begin")
        }
        var expected = dtype.byteSize
        for d in shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: d)
            guard !overflow else { throw fail("tensor \"\(name)\": shape \(shape) is absurdly large") }
            expected = product
        }
        let actual = offsets[1] - offsets[0]
        guard actual == expected else {
            throw fail("tensor \"\(name)\": shape \(shape) of \(dtype.rawValue) needs \(expected) bytes, but data_offsets span \(actual)")
        }
        return SafetensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
    }

    /// Tensor names in byte order of their UTF-8 (deterministic, like the Rust library).
    public var tensorNames: [String] {
        tensors.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The description of tensor `name`, or an error listing the tensors that do exist.
    public func info(_ name: String) throws(SafetensorsError) -> SafetensorsTensorInfo {
        guard let info = tensors[name] else {
            let names = tensorNames
            let shown = names.prefix(20).joined(separator: ", ") + (names.count > 20 ? ", ..." : "")
            throw SafetensorsError(file: source, problem: "has no tensor named \"\(name)\" (it holds: \(shown.isEmpty ? "nothing" : shown))")
        }
        return info
    }

    /// The raw little-endian bytes of tensor `name`.
    public func rawBytes(_ name: String) throws(SafetensorsError) -> ArraySlice<UInt8> {
        let t = try info(name)
        return bytes[(dataStart + t.dataOffsets.lowerBound)..<(dataStart + t.dataOffsets.upperBound)]
    }

    /// Tensor `name` as `Float`s in row-major order, converting F64 and integer types.
    ///
    /// F64 values are rounded to the nearest `Float`; integers beyond 2^24 lose precision,
    /// which is harmless for the weights and labels lenetc stores.
    public func floats(_ name: String) throws(SafetensorsError) -> [Float] {
        let t = try info(name)
        let start = dataStart + t.dataOffsets.lowerBound
        let n = t.elementCount
        return bytes.withUnsafeBytes { raw in
            let base = UnsafeRawBufferPointer(rebasing: raw[start..<(start + n * t.dtype.byteSize)])
            switch t.dtype {
            case .f32: return (0..<n).map { Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            case .f64: return (0..<n).map { Float(Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))) }
            case .i64: return (0..<n).map { Float(Int64(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))) }
            case .i32: return (0..<n).map { Float(Int32(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) }
            case .u8: return (0..<n).map { Float(base[$0]) }
            }
        }
    }

    /// Integer tensor `name` (I64, I32 or U8) as `Int64`s; float tensors are an error,
    /// because silently truncating them would hide a mix-up of tensor names.
    public func int64s(_ name: String) throws(SafetensorsError) -> [Int64] {
        let t = try info(name)
        guard t.dtype.isInteger else {
            throw SafetensorsError(file: source, problem: "tensor \"\(name)\" is \(t.dtype.rawValue), not an integer tensor")
        }
        let start = dataStart + t.dataOffsets.lowerBound
        let n = t.elementCount
        return bytes.withUnsafeBytes { raw in
            let base = UnsafeRawBufferPointer(rebasing: raw[start..<(start + n * t.dtype.byteSize)])
            switch t.dtype {
            case .i64: return (0..<n).map { Int64(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
            case .i32: return (0..<n).map { Int64(Int32(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) }
            case .u8: return (0..<n).map { Int64(base[$0]) }
            case .f32, .f64: return []  // excluded by the guard above
            }
        }
    }
}

/// Collects tensors and writes them as one safetensors file.
///
/// The layout matches the Rust/Python implementation byte for byte: tensors ordered by
/// element size (I64 before F32) and then by name, `__metadata__` first in the header,
/// and the header padded with spaces to a multiple of 8 bytes so the data is aligned.
public struct SafetensorsWriter: Sendable {
    private struct Entry: Sendable {
        let name: String
        let dtype: SafetensorsDType
        let shape: [Int]
        let data: [UInt8]
    }

    /// String key/value pairs stored under `__metadata__` (omitted when empty).
    public var metadata: [String: String]
    private var entries: [String: Entry] = [:]

    /// Creates an empty writer.
    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// Names added so far.
    public var names: [String] { Array(entries.keys) }

    /// Adds an F32 tensor. `values.count` must equal the product of `shape`.
    public mutating func add(_ name: String, floats values: [Float], shape: [Int]) throws(SafetensorsError) {
        try checkNew(name: name, count: values.count, shape: shape)
        var data = [UInt8](repeating: 0, count: values.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self)
            }
        }
        entries[name] = Entry(name: name, dtype: .f32, shape: shape, data: data)
    }

    /// Adds an I64 tensor (e.g. labels or step counters). `values.count` must equal the
    /// product of `shape`.
    public mutating func add(_ name: String, int64s values: [Int64], shape: [Int]) throws(SafetensorsError) {
        try checkNew(name: name, count: values.count, shape: shape)
        var data = [UInt8](repeating: 0, count: values.count * 8)
        data.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                raw.storeBytes(of: v.littleEndian, toByteOffset: i * 8, as: Int64.self)
            }
        }
        entries[name] = Entry(name: name, dtype: .i64, shape: shape, data: data)
    }

    private func checkNew(name: String, count: Int, shape: [Int]) throws(SafetensorsError) {
        let file = "(being written)"
        guard !name.isEmpty, name != "__metadata__" else {
            throw SafetensorsError(file: file, problem: "invalid tensor name \"\(name)\"")
        }
        guard entries[name] == nil else {
            throw SafetensorsError(file: file, problem: "tensor \"\(name)\" was added twice")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw SafetensorsError(file: file, problem: "tensor \"\(name)\" has a negative dimension in shape \(shape)")
        }
        var product = 1
        for d in shape {
            let (p, overflow) = product.multipliedReportingOverflow(by: d)
            guard !overflow else { throw SafetensorsError(file: file, problem: "tensor \"\(name)\": shape \(shape) is absurdly large") }
            product = p
        }
        guard product == count else {
            throw SafetensorsError(file: file, problem: "tensor \"\(name)\" has \(count) values but shape \(shape) needs \(product)")
        }
    }

    /// The complete file contents.
    public func encoded() -> [UInt8] {
        let ordered = entries.values.sorted { a, b in
            if a.dtype.byteSize != b.dtype.byteSize { return a.dtype.byteSize > b.dtype.byteSize }
            return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        var parts: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            let inner = pairs.map { miniJSONQuote($0.key) + ":" + miniJSONQuote($0.value) }.joined(separator: ",")
            parts.append("\"__metadata__\":{" + inner + "}")
        }
        var offset = 0
        for e in ordered {
            let shape = e.shape.map(String.init).joined(separator: ",")
            parts.append(miniJSONQuote(e.name) + ":{\"dtype\":\"\(e.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + e.data.count)]}")
            offset += e.data.count
        }
        var header = Array(("{" + parts.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8))

        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        var n = UInt64(header.count)
        for _ in 0..<8 {
            out.append(UInt8(n & 0xFF))
            n >>= 8
        }
        out.append(contentsOf: header)
        for e in ordered { out.append(contentsOf: e.data) }
        return out
    }

    /// Writes the file atomically (temporary file + `rename(2)`), so an interrupted run
    /// leaves either the previous file or the complete new one.
    public func write(to path: String) throws(SafetensorsError) {
        do {
            try AtomicFile.write(encoded(), to: path)
        } catch {
            throw SafetensorsError(file: path, problem: "cannot write it: \(error)")
        }
    }
}

"""#),
        ("SeededRNG.swift", #"""
// Deterministic random numbers for training: xoshiro256** (Blackman & Vigna, 2018) seeded
// through SplitMix64, as recommended by its authors.
//
// Why our own generator: runs must be bit-reproducible on every machine and Swift version.
// `SystemRandomNumberGenerator` is not seedable, and the algorithms behind the standard
// library's `shuffle`, `Int.random(in:)` and `Float.random(in:)` are not guaranteed to stay
// the same. Everything here (bounded integers, shuffles, floats, normals) is spelled out,
// and uses only IEEE-754 basic operations (+ - * / sqrt, which are correctly rounded), not
// libm's log/cos whose last bits differ between platforms.
import Foundation

/// A problem restoring a generator from saved state.
public struct SeededRNGError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong with the state.
    public let problem: String

    public var description: String { "random generator state: \(problem)" }
}

/// SplitMix64 (Steele, Lea & Flood): used to expand one 64-bit seed into generator state
/// and to derive stream seeds, because nearby seeds then give unrelated states.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The current counter.
    public var state: UInt64

    /// Starts at `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded, portable, fast pseudo-random generator (xoshiro256**).
///
/// Value type: copying it copies the stream, so give each thread its own via
/// `split(stream:)` or `jumped()`.
public struct SeededRNG: RandomNumberGenerator, Sendable, Equatable {
    /// The complete generator state (four 64-bit words, never all zero), for checkpoints.
    ///
    /// There is no hidden cache (`normal` does not keep a spare value), so saving `state`
    /// and restoring it later continues the exact same sequence.
    public struct State: Sendable, Equatable, Hashable {
        /// The four xoshiro256 words.
        public let words: [UInt64]

        /// Validates saved words: exactly four, not all zero (the one state xoshiro can
        /// never leave, which would yield zeros forever).
        public init(words: [UInt64]) throws(SeededRNGError) {
            guard words.count == 4 else {
                throw SeededRNGError(problem: "expected 4 words, found \(words.count); the checkpoint is damaged or from another generator")
            }
            guard words.contains(where: { $0 != 0 }) else {
                throw SeededRNGError(problem: "all four words are zero, which is not a valid xoshiro256 state")
            }
            self.words = words
        }

        /// Validates words stored as signed integers (e.g. an I64 safetensors tensor).
        public init(int64Words: [Int64]) throws(SeededRNGError) {
            try self.init(words: int64Words.map { UInt64(bitPattern: $0) })
        }

        /// The words reinterpreted as signed integers, for I64 tensors.
        public var int64Words: [Int64] { words.map { Int64(bitPattern: $0) } }
    }

    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates a generator from a 64-bit seed (expanded with SplitMix64). Every seed,
    /// including 0, is fine.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
        // SplitMix64 is a bijection of its counter, so four consecutive outputs are never
        // all zero; no fix-up needed.
    }

    /// Creates a generator that continues from a saved state.
    public init(state: State) {
        s0 = state.words[0]
        s1 = state.words[1]
        s2 = state.words[2]
        s3 = state.words[3]
    }

    /// The current state; assigning a saved one continues that sequence exactly.
    public var state: State {
        get {
            // Never all zero (see `init(seed:)`), so this cannot fail.
            (try? State(words: [s0, s1, s2, s3])) ?? State.fallback
        }
        set {
            s0 = newValue.words[0]
            s1 = newValue.words[1]
            s2 = newValue.words[2]
            s3 = newValue.words[3]
        }
    }

    /// The next 64 random bits (xoshiro256**).
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform `Float` in [0, 1): the top 24 bits scaled by 2^-24, so every value is exact
    /// and equally likely.
    @inline(__always)
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Uniform `Double` in [0, 1) from the top 53 bits.
    @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform `Float` in [lo, hi). (When `lo + (hi - lo) * u` would round up to `hi`, the
    /// largest float below `hi` is returned instead, so `hi` itself never appears.)
    @inline(__always)
    public mutating func uniform(_ lo: Float, _ hi: Float) -> Float {
        let v = lo + (hi - lo) * nextFloat()
        return (v >= hi && hi > lo) ? hi.nextDown : v
    }

    /// Unbiased uniform integer in 0..<bound (`bound` > 0), by Lemire's multiply-and-reject
    /// method; returns 0 when `bound` <= 1 rather than trapping.
    public mutating func next(below bound: UInt64) -> UInt64 {
        guard bound > 1 else { return 0 }
        var m = bound.multipliedFullWidth(by: next())
        if m.low < bound {
            let threshold = (0 &- bound) % bound  // 2^64 mod bound
            while m.low < threshold {
                m = bound.multipliedFullWidth(by: next())
            }
        }
        return m.high
    }

    /// Unbiased uniform `Int` in 0..<bound; 0 when `bound` <= 1.
    public mutating func int(below bound: Int) -> Int {
        bound <= 1 ? 0 : Int(next(below: UInt64(bound)))
    }

    /// A normal sample (Box–Muller, cosine branch) with the given mean and standard deviation.
    ///
    /// Each call consumes exactly two 64-bit draws and keeps no spare value, so the
    /// sequence depends only on `state`. The logarithm and cosine are computed with
    /// portable series (see `PortableMath`), so results are identical on every platform.
    public mutating func normal(mean: Float = 0, std: Float = 1) -> Float {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53  // (0, 1]: log never sees 0
        let u2 = nextDouble()  // [0, 1)
        let radius = (-2 * PortableMath.log(u1)).squareRoot()
        let z = radius * PortableMath.cosTurns(u2)
        return mean + std * Float(z)
    }

    /// A random permutation of 0..<n (Fisher–Yates with `int(below:)`); [] for n <= 0.
    public mutating func permutation(_ n: Int) -> [Int] {
        guard n > 0 else { return [] }
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }

    /// Shuffles `array` in place with Fisher–Yates (our own, so the order is the same on
    /// every platform and Swift version, unlike `Array.shuffle(using:)`).
    public mutating func shuffle<T>(_ array: inout [T]) {
        var i = array.count - 1
        while i > 0 {
            let j = int(below: i + 1)
            if i != j { array.swapAt(i, j) }
            i -= 1
        }
    }

    /// An independent generator for stream number `stream` (e.g. a thread index or an
    /// epoch), without advancing `self`. The child is seeded through SplitMix64 from this
    /// generator's state mixed with `stream`, so different streams (and the parent) are
    /// statistically unrelated; O(1) for any stream number.
    public func split(stream: UInt64) -> SeededRNG {
        var mixer = SplitMix64(seed: stream ^ 0x6A09_E667_F3BC_C909)
        let key = mixer.next()
        var sm = SplitMix64(seed: s0 ^ rotl(s1, 13) ^ rotl(s2, 29) ^ rotl(s3, 47) ^ key)
        var child = self
        child.s0 = sm.next() ^ s0
        child.s1 = sm.next() ^ s1
        child.s2 = sm.next() ^ s2
        child.s3 = sm.next() ^ s3
        if child.s0 | child.s1 | child.s2 | child.s3 == 0 { child.s0 = 1 }
        return child
    }

    /// This generator advanced by 2^128 steps (the published xoshiro256 jump polynomial):
    /// calling it repeatedly yields up to 2^128 guaranteed non-overlapping subsequences.
    public func jumped() -> SeededRNG {
        let jump: [UInt64] = [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C]
        var g = self
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
        for word in jump {
            for b in 0..<64 {
                if word & (1 << UInt64(b)) != 0 {
                    t0 ^= g.s0
                    t1 ^= g.s1
                    t2 ^= g.s2
                    t3 ^= g.s3
                }
                _ = g.next()
            }
        }
        g.s0 = t0
        g.s1 = t1
        g.s2 = t2
        g.s3 = t3
        return g
    }
}

extension SeededRNG.State {
    /// A valid placeholder state (the seed-0 state); only used if an impossible all-zero
    /// state were ever read, so the getter never traps.
    fileprivate static var fallback: SeededRNG.State { SeededRNG(seed: 0).state }
}

/// Logarithm and cosine from IEEE basic operations only, so normal samples are bit-identical
/// across platforms (libm implementations may differ in the last bit). Accurate to a few
/// ulps, far more than Gaussian weight initialisation needs.
public enum PortableMath {
    /// Natural logarithm for finite x > 0 (returns -infinity for 0 and NaN for negatives).
    public static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        // x = m * 2^e with m in [1, 2), exactly, from the bit pattern (subnormals scaled first).
        var v = x
        var e = 0
        if v < Double.leastNormalMagnitude {
            v *= 0x1p54
            e -= 54
        }
        let bits = v.bitPattern
        e += Int((bits >> 52) & 0x7FF) - 1023
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        // Centre m on 1 so the series argument stays small: m in [sqrt(1/2), sqrt(2)).
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        for _ in 0..<14 {
            sum += term / k
            term *= s2
            k += 2
        }
        let ln2Hi = 6.93147180369123816490e-01  // high bits of ln 2 (exact in products with e)
        let ln2Lo = 1.90821492927058770002e-10
        return Double(e) * ln2Hi + (Double(e) * ln2Lo + 2 * sum)
    }

    /// cos(2π t) for t in [0, 1) (other values are reduced modulo 1 first).
    public static func cosTurns(_ t: Double) -> Double {
        guard t.isFinite else { return .nan }
        var r = t - t.rounded(.down)  // [0, 1)
        // Quadrant by quarter turns; r * 4 is exact, so the reduction adds no error.
        let q4 = (r * 4).rounded(.down)
        r -= q4 / 4  // [0, 1/4)
        let quadrant = Int(q4) & 3
        // cos(2π(q/4 + r)) for q = 0...3: cos a, -sin a, -cos a, sin a, with a = 2πr.
        let useSin = quadrant == 1 || quadrant == 3
        let negate = quadrant == 1 || quadrant == 2
        // Keep the series argument within π/4 by swapping sin and cos around 1/8 turn.
        var sinInstead = useSin
        if r > 0.125 {
            r = 0.25 - r
            sinInstead.toggle()
        }
        let a = r * (2 * Double.pi)
        let value = sinInstead ? sinSeries(a) : cosSeries(a)
        return negate ? -value : value
    }

    /// Taylor series of sin for |a| <= π/4 (error below 1e-17).
    static func sinSeries(_ a: Double) -> Double {
        let a2 = a * a
        var term = a
        var sum = a
        var n = 1.0
        for _ in 0..<10 {
            term *= -a2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }

    /// Taylor series of cos for |a| <= π/4 (error below 1e-17).
    static func cosSeries(_ a: Double) -> Double {
        let a2 = a * a
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        for _ in 0..<10 {
            term *= -a2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }
}

"""#),
        ("SyntheticDigits.swift", #"""
// Built-in synthetic handwritten-looking digits, so a fresh offline machine can still
// train and evaluate a LeNet end to end.
//
// Each digit 0-9 is a few pen strokes (polylines and arcs) in a unit box, with several
// variants per digit (a 7 with or without a crossbar, an open or closed 4, ...). Every
// image perturbs the stroke points (wobble), slants, rotates, scales and shifts the digit,
// picks a pen thickness and ink intensity, rasterises it anti-aliased onto 28x28 like
// MNIST (digit in a ~20 px box near the centre), and adds a little pixel noise and the odd
// stray mark. That makes the set learnable by a small CNN yet clearly harder than
// template matching. Measured on 30k/5k images (seed 7) with numpy: nearest class mean
// 84%, softmax regression 96%, a 784-128-10 MLP 97% after two epochs; MNIST itself gives
// about 82%, 92% and 97-98%, so the difficulty is comparable.
//
// Determinism: image i of a split uses its own generator `splitRoot.split(stream: i)`, so
// the data depend only on the seed and the index (not on the thread count), and the first
// k images of a larger request equal a request for k images.
import Foundation

/// Deterministic synthetic digit images in the MNIST format.
public enum SyntheticDigits {
    /// Image side in pixels (like MNIST).
    public static let side = 28

    /// Most images one request may ask for; a guard against typos like 6e9.
    public static let maxCount = 10_000_000

    /// A full data set: `trainCount` training and `testCount` test images from `seed`.
    /// Generation runs on all cores; 70,000 images take well under a second in release.
    public static func dataset(seed: UInt64, trainCount: Int = 60_000, testCount: Int = 10_000) throws(DatasetError) -> Dataset {
        let root = SeededRNG(seed: seed)
        let train = try images(count: trainCount, root: root.split(stream: 1))
        let test = try images(count: testCount, root: root.split(stream: 2))
        return Dataset(info: .synthetic, train: train, test: test,
                       origin: "built-in synthetic digits (seed \(seed))")
    }

    /// `count` images whose image i is drawn with `root.split(stream: i)`.
    public static func images(count: Int, root: SeededRNG) throws(DatasetError) -> LabeledImages {
        guard count >= 0, count <= maxCount else {
            throw DatasetError("cannot generate \(count) synthetic images; ask for 0...\(maxCount)")
        }
        let pixels = side * side
        var images = [UInt8](repeating: 0, count: count * pixels)
        var labels = [Int32](repeating: 0, count: count)
        // Chunks of images per task; results do not depend on how work is split.
        let chunk = 256
        let chunks = (count + chunk - 1) / chunk
        images.withUnsafeMutableBufferPointer { imagePointer in
            labels.withUnsafeMutableBufferPointer { labelPointer in
                let imageBuffer = SharedBuffer(imagePointer), labelBuffer = SharedBuffer(labelPointer)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    var canvas = Canvas()
                    for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                        var rng = root.split(stream: UInt64(i))
                        let digit = rng.int(below: 10)
                        canvas.drawDigit(digit, rng: &rng)
                        labelBuffer.base[i] = Int32(digit)
                        // Stored as bytes, as in MNIST's files.
                        for p in 0..<pixels { imageBuffer.base[i * pixels + p] = LabeledImages.byte(canvas.pixels[p]) }
                    }
                }
            }
        }
        // Sizes and labels (0-9) are consistent by construction.
        return LabeledImages(validated: images, labels: labels, height: side, width: side,
                             classNames: DatasetInfo.synthetic.classNames)
    }

    /// One 28x28 image of `digit` (0-9) drawn with `rng`, row-major, values in [0, 1].
    /// Digits outside 0-9 are reduced modulo 10.
    public static func render(digit: Int, rng: inout SeededRNG) -> [Float] {
        var canvas = Canvas()
        canvas.drawDigit(((digit % 10) + 10) % 10, rng: &rng)
        return canvas.pixels
    }
}

/// A mutable buffer shared by `concurrentPerform` workers that write disjoint indices.
/// (`@unchecked Sendable` is sound here because no two workers touch the same element
/// and the array outlives the parallel loop.)
private struct SharedBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<T>
    init(_ base: UnsafeMutableBufferPointer<T>) { self.base = base }
}

/// A point in digit space (unit box, x to the right, y downwards).
private struct Pt: Sendable {
    var x: Float
    var y: Float
}

/// Stroke shapes for each digit, as polylines in the unit box. Several variants per digit
/// mimic different handwriting styles.
private enum Glyphs {
    /// Points along an elliptical arc; angles in degrees, 0 = right, 90 = down.
    static func arc(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float, from a0: Float, to a1: Float, steps: Int = 10) -> [Pt] {
        (0...steps).map { k in
            // Portable cosine (not libm) so glyphs are bit-identical on every platform.
            let turns = Double(a0 + (a1 - a0) * Float(k) / Float(steps)) / 360
            return Pt(x: cx + rx * Float(PortableMath.cosTurns(turns)), y: cy + ry * Float(PortableMath.cosTurns(turns - 0.25)))
        }
    }

    static func line(_ pts: (Float, Float)...) -> [Pt] { pts.map { Pt(x: $0.0, y: $0.1) } }

    /// Variants of each digit; each variant is a list of strokes.
    static let variants: [[[[Pt]]]] = [
        // 0: oval, slightly tilted oval
        [[arc(0.5, 0.5, 0.30, 0.45, from: 0, to: 360, steps: 20)],
         [arc(0.5, 0.5, 0.34, 0.44, from: -80, to: 290, steps: 20)]],
        // 1: plain stroke, with a flag, with flag and base
        [[line((0.52, 0.05), (0.48, 0.95))],
         [line((0.30, 0.22), (0.55, 0.05), (0.52, 0.95))],
         [line((0.30, 0.22), (0.55, 0.05), (0.52, 0.95)), line((0.30, 0.95), (0.75, 0.95))]],
        // 2: curved top, diagonal, flat base; and one with a loop-less hook
        [[arc(0.5, 0.3, 0.3, 0.25, from: 190, to: 360, steps: 8) + line((0.80, 0.35), (0.18, 0.95), (0.85, 0.95))],
         [arc(0.48, 0.28, 0.3, 0.23, from: 200, to: 380, steps: 8) + line((0.70, 0.50), (0.20, 0.93), (0.86, 0.90))]],
        // 3: two right-bulging arcs; flat-topped variant
        [[arc(0.45, 0.28, 0.30, 0.23, from: 210, to: 450, steps: 10), arc(0.45, 0.73, 0.33, 0.24, from: -90, to: 150, steps: 10)],
         [line((0.20, 0.05), (0.78, 0.05), (0.45, 0.45)) + arc(0.45, 0.70, 0.33, 0.25, from: -90, to: 150, steps: 10)]],
        // 4: open (two strokes) and closed (triangle) forms
        [[line((0.62, 0.95), (0.62, 0.05), (0.15, 0.65), (0.88, 0.65))],
         [line((0.25, 0.05), (0.18, 0.58), (0.85, 0.58)), line((0.68, 0.20), (0.66, 0.95))]],
        // 5: flag, short vertical, belly
        [[line((0.80, 0.05), (0.30, 0.05), (0.26, 0.45)) + arc(0.48, 0.67, 0.32, 0.27, from: -120, to: 140, steps: 10)],
         [line((0.28, 0.08), (0.24, 0.45)) + arc(0.48, 0.67, 0.32, 0.27, from: -130, to: 140, steps: 10), line((0.28, 0.08), (0.80, 0.06))]],
        // 6: sweeping stroke into a bottom loop
        [[arc(0.62, 0.52, 0.40, 0.47, from: 240, to: 175, steps: 8) + arc(0.5, 0.70, 0.27, 0.24, from: 180, to: 540, steps: 14)],
         [line((0.70, 0.05), (0.28, 0.60)) + arc(0.5, 0.72, 0.25, 0.22, from: 200, to: 560, steps: 14)]],
        // 7: bar and diagonal; with crossbar; with curved stem
        [[line((0.15, 0.06), (0.85, 0.06), (0.40, 0.95))],
         [line((0.15, 0.06), (0.85, 0.06), (0.40, 0.95)), line((0.38, 0.50), (0.78, 0.50))],
         [line((0.18, 0.12), (0.82, 0.06), (0.62, 0.45), (0.50, 0.95))]],
        // 8: two stacked loops; a figure-eight single stroke
        [[arc(0.5, 0.27, 0.22, 0.21, from: 0, to: 360, steps: 14), arc(0.5, 0.71, 0.27, 0.24, from: 0, to: 360, steps: 14)],
         [arc(0.5, 0.27, 0.21, 0.21, from: 90, to: 450, steps: 14) + arc(0.5, 0.71, 0.27, 0.23, from: 270, to: -90, steps: 14)]],
        // 9: top loop with straight or slanted stem
        [[arc(0.47, 0.30, 0.25, 0.23, from: 0, to: 360, steps: 14), line((0.72, 0.30), (0.66, 0.95))],
         [arc(0.48, 0.30, 0.26, 0.24, from: 10, to: 370, steps: 14) + line((0.72, 0.34), (0.45, 0.95))]],
    ]
}

/// A 28x28 raster plus scratch space, reused across images by one worker.
private struct Canvas {
    static let side = SyntheticDigits.side
    var pixels = [Float](repeating: 0, count: side * side)
    /// Distance from each pixel centre to the nearest stroke, in pixels.
    var distance = [Float](repeating: .infinity, count: side * side)

    mutating func drawDigit(_ digit: Int, rng: inout SeededRNG) {
        let n = Canvas.side
        for i in 0..<(n * n) { distance[i] = .infinity }

        let options = Glyphs.variants[digit]
        let strokes = options[rng.int(below: options.count)]

        // Handwriting variation: size, aspect, slant, rotation, position, pen, wobble.
        let box = rng.uniform(15, 21)  // MNIST digits fit in a 20 px box
        let sx = box * rng.uniform(0.75, 1.1)
        let sy = box * rng.uniform(0.9, 1.05)
        let shear = rng.uniform(-0.35, 0.35)
        let turn = Double(rng.uniform(-0.036, 0.036))  // about ±13°
        let (ca, sa) = (Float(PortableMath.cosTurns(turn)), Float(PortableMath.cosTurns(turn - 0.25)))
        let cx = 14 + rng.uniform(-1.5, 1.5)
        let cy = 14 + rng.uniform(-1.5, 1.5)
        let radius = rng.uniform(0.9, 1.8)  // half the pen width (MNIST strokes are 2-3 px)
        let wobble = rng.uniform(0.02, 0.055)

        func place(_ p: Pt, _ jx: Float, _ jy: Float) -> Pt {
            let ux = p.x - 0.5 + jx
            let uy = p.y - 0.5 + jy
            let x = (ux + shear * uy) * sx
            let y = uy * sy
            return Pt(x: cx + ca * x - sa * y, y: cy + sa * x + ca * y)
        }

        for stroke in strokes {
            // Smooth wobble: jitter drifts along the stroke instead of jumping per point.
            var jx = rng.uniform(-wobble, wobble)
            var jy = rng.uniform(-wobble, wobble)
            var previous = place(stroke[0], jx, jy)
            for k in 1..<stroke.count {
                jx = 0.7 * jx + 0.3 * rng.uniform(-wobble, wobble) * 2
                jy = 0.7 * jy + 0.3 * rng.uniform(-wobble, wobble) * 2
                let next = place(stroke[k], jx, jy)
                segment(previous, next, reach: radius + 1)
                previous = next
            }
        }
        // The odd stray mark (a short pen slip), as in scanned handwriting.
        if rng.nextFloat() < 0.25 {
            let a = Pt(x: rng.uniform(2, 26), y: rng.uniform(2, 26))
            let b = Pt(x: a.x + rng.uniform(-4, 4), y: a.y + rng.uniform(-4, 4))
            segment(a, b, reach: radius + 1)
        }

        let ink = rng.uniform(0.75, 1.0)
        let noise = rng.uniform(0, 0.1)
        for i in 0..<(n * n) {
            // Linear anti-aliasing: full ink within the pen radius, fading over one pixel.
            var v = min(max(radius + 0.5 - distance[i], 0), 1) * ink
            v += noise * (rng.nextFloat() - 0.5) * 2
            pixels[i] = min(max(v, 0), 1)
        }
    }

    /// Records, for pixels near segment a-b, their distance to it (keeping the minimum).
    mutating func segment(_ a: Pt, _ b: Pt, reach: Float) {
        let n = Canvas.side
        let x0 = max(0, Int((min(a.x, b.x) - reach).rounded(.down)))
        let x1 = min(n - 1, Int((max(a.x, b.x) + reach).rounded(.up)))
        let y0 = max(0, Int((min(a.y, b.y) - reach).rounded(.down)))
        let y1 = min(n - 1, Int((max(a.y, b.y) + reach).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        let dx = b.x - a.x, dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        for y in y0...y1 {
            let py = Float(y) + 0.5
            for x in x0...x1 {
                let px = Float(x) + 0.5
                var t: Float = 0
                if len2 > 0 { t = min(max(((px - a.x) * dx + (py - a.y) * dy) / len2, 0), 1) }
                let ex = px - (a.x + t * dx), ey = py - (a.y + t * dy)
                let d = (ex * ex + ey * ey).squareRoot()
                let i = y * n + x
                if d < distance[i] { distance[i] = d }
            }
        }
    }
}

"""#),
        ("TrainableNetwork.swift", #"""
/// One learnable tensor's place in a network's parameter arena, named as PyTorch names it in the
/// matching `nn.Sequential` (`0.weight`, `0.bias`, ...).
public struct ParameterSlot: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    /// Offset of the first element in the arena.
    public var offset: Int
    /// Fan-in and fan-out as PyTorch's `_calculate_fan_in_and_fan_out` computes them.
    public var fanIn: Int
    public var fanOut: Int
    public var isBias: Bool
    public var count: Int { shape.reduce(1, *) }

    public init(name: String, shape: [Int], offset: Int, fanIn: Int, fanOut: Int, isBias: Bool) {
        self.name = name
        self.shape = shape
        self.offset = offset
        self.fanIn = fanIn
        self.fanOut = fanOut
        self.isBias = isBias
    }
}

/// What a training loop needs from a network, whichever backend implements it: the engine's
/// interpreter or an emitted, specialised trainer. The loop (initialisation, shuffling, optimizer,
/// schedule, metrics, checkpoints) is shared, so both backends give the same numbers for the same
/// spec, seed and data.
public protocol TrainableNetwork: AnyObject {
    /// Every parameter, in PyTorch's order; offsets are increasing and contiguous.
    var parameterLayout: [ParameterSlot] { get }
    /// All parameters in one contiguous arena, in `parameterLayout` order, row-major (NCHW for convs).
    var parameters: UnsafeMutableBufferPointer<Float> { get }
    /// The gradient of the mean loss of the last `trainStep`, same layout as `parameters`.
    var gradients: UnsafeMutableBufferPointer<Float> { get }
    /// The largest batch `trainStep` and `predict` accept.
    var maxBatch: Int { get }
    /// Floats in one input example (784 for 1×28×28).
    var inputSize: Int { get }

    /// Forward and backward on `count` examples (`images` is count × inputSize, `labels` in 0..<classes):
    /// overwrites `gradients` with the gradient of the mean softmax cross-entropy, and returns the loss
    /// summed over the examples and how many were classified correctly. `dropoutSeed` seeds the dropout
    /// masks of this step (ignored by networks without dropout).
    func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
                   dropoutSeed: UInt64) -> (lossSum: Double, correct: Int)

    /// The predicted class of each of `count` examples (evaluation mode: no dropout).
    func predict(images: UnsafePointer<Float>, count: Int, into predictions: UnsafeMutablePointer<Int32>)
}

"""#),
        ("TrainerMain.swift", #"""
import Foundation

extension LocatedData {
    /// The first line of a run: which data and how much, or why it is synthetic. `lenetc run` and
    /// every emitted trainer print the same line.
    public var banner: String {
        let counts = "\(grouped(dataset.train.count)) training and \(grouped(dataset.test.count)) test images"
        if let notice { return notice + " (\(counts))" }
        switch origin {
        case .synthetic: return "training on built-in synthetic digits (\(counts))"
        case let .downloaded(dir): return "training on \(dataset.info.displayName) downloaded into \(dir) (\(counts))"
        case let .explicitDirectory(dir), let .environment(dir), let .localDirectory(dir):
            return "training on \(dataset.info.displayName) from \(URL(fileURLWithPath: dir).standardized.path) (\(counts))"
        }
    }
}

/// `61706` as `61,706`.
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}

/// The command line of an emitted trainer: the same flags as `lenetc run`, parsed without any
/// package (emitted trainers depend on nothing but the toolchain).
public struct TrainerFlags: Equatable, Sendable {
    public var epochs: Int?
    public var lr: Double?
    public var batch: Int?
    public var seed: UInt64?
    public var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    public var data: String?
    public var save: String?
    public var metrics: String?
    public var plot: String?
    public var resume: String?
    public var help = false

    public init() {}

    public struct UsageError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses `arguments` (without the program name). `--flag value` and `--flag=value` both work.
    public static func parse(_ arguments: [String]) throws -> TrainerFlags {
        var flags = TrainerFlags()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            if argument == "-h" || argument == "--help" { flags.help = true; continue }
            guard argument.hasPrefix("--") else { throw UsageError(description: "unexpected argument '\(argument)'") }
            var name = String(argument.dropFirst(2)), value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard ["epochs", "lr", "batch", "seed", "threads", "data", "save", "metrics", "plot", "resume"].contains(name) else {
                throw UsageError(description: "unknown option '--\(name)'")
            }
            guard let text = value ?? rest.popFirst() else { throw UsageError(description: "missing value for '--\(name)'") }
            func int(_ range: ClosedRange<Int>) throws -> Int {
                guard let n = Int(text), range.contains(n) else {
                    throw UsageError(description: "--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
                }
                return n
            }
            switch name {
            case "epochs": flags.epochs = try int(1...10_000)
            case "batch": flags.batch = try int(1...65_536)
            case "threads": flags.threads = try int(1...256)
            case "seed":
                guard let n = UInt64(text), n <= UInt64(UInt32.max) else {
                    throw UsageError(description: "--seed must be a whole number from 0 to \(UInt32.max), not '\(text)'")
                }
                flags.seed = n
            case "lr":
                guard let x = Double(text), x > 0, x <= 100 else {
                    throw UsageError(description: "--lr must be a number greater than 0 and at most 100, not '\(text)'")
                }
                flags.lr = x
            case "data": flags.data = text
            case "save": flags.save = text
            case "metrics": flags.metrics = text
            case "plot": flags.plot = text
            default: flags.resume = text
            }
        }
        return flags
    }

    /// `recipe` with these flags applied.
    public func applied(to recipe: TrainingRecipe) -> TrainingRecipe {
        var out = recipe
        if let lr {
            switch out.optimizer {
            case let .sgd(_, m, wd, n): out.optimizer = .sgd(lr: lr, momentum: m, weightDecay: wd, nesterov: n)
            case let .adam(_, b1, b2, eps, wd): out.optimizer = .adam(lr: lr, beta1: b1, beta2: b2, eps: eps, weightDecay: wd)
            }
        }
        if let batch { out.batch = batch }
        if let epochs { out.length = .epochs(epochs) }
        if let seed { out.seed = seed }
        return out
    }

    public static let usage = """
        OPTIONS:
          --epochs <n>     train for this many epochs (overrides the spec)
          --lr <x>         base learning rate
          --batch <n>      mini-batch size
          --seed <n>       random seed for weights, shuffling and dropout
          --threads <n>    threads to use (default: every core)
          --data <dir>     folder with the four IDX files (raw or .gz), or `synthetic`
          --metrics <f>    write one JSON record per epoch to this .jsonl file
          --plot <f>       draw the training curves into this .svg file
          --save <f>       save a checkpoint (safetensors, PyTorch names) after every epoch
          --resume <f>     continue from a checkpoint written by --save
          -h, --help       show this help
        """
}

/// The whole `main` of an emitted trainer: parse the flags, find the data, train with the shared
/// loop, and map failures to the exit statuses `lenetc run` uses (2 usage, 3 unreadable file,
/// 4 the loss diverged, 130 interrupted).
public enum TrainerMain {
    /// `architecture` is the spec's `Model.architecture`, which checkpoints record (see `RunOptions`).
    public static func run(name: String, dataset: String, recipe: TrainingRecipe, architecture: String, arguments: [String],
                           makeNetwork: (_ maxBatch: Int, _ threads: Int) -> TrainableNetwork) -> Int32 {
        func fail(_ message: String) { Console.errorLine("error: " + message) }
        let flags: TrainerFlags
        do { flags = try TrainerFlags.parse(Array(arguments.dropFirst())) } catch {
            fail("\(error)\nRun '\(arguments.first.map { ($0 as NSString).lastPathComponent } ?? name) --help' for usage.")
            return 2
        }
        if flags.help {
            Console.line("Trains \(name) (emitted by lenetc).\n\nUSAGE: \(arguments.first.map { ($0 as NSString).lastPathComponent } ?? name) [options]\n\n" + TrainerFlags.usage)
            return 0
        }
        let located: LocatedData
        do { located = try DataLocator().locate(dataset: dataset, explicit: flags.data) } catch {
            fail("\(error)")
            return 3
        }
        Console.line(located.banner)
        let applied = flags.applied(to: recipe)
        let network = makeNetwork(applied.batch, flags.threads)
        let options = RunOptions(specName: name, threads: flags.threads, savePath: flags.save, metricsPath: flags.metrics,
                                 plotPath: flags.plot, resumePath: flags.resume, architecture: architecture)
        do {
            _ = try TrainingLoop(network: network, recipe: applied, data: located.dataset, options: options).run()
            return 0
        } catch let stop as TrainingStop {
            fail("\(stop)")
            switch stop {
            case .nonFinite: return 4
            case .interrupted: return Interrupt.exitStatus
            case .badCheckpoint: return 3
            }
        } catch {
            fail("\(error)")
            return 3
        }
    }
}

"""#),
        ("TrainingLog.swift", #"""
import Foundation

/// One epoch's results, as d2l's `train_ch6` reports them, plus what a machine reading the metrics
/// file needs to tell runs apart.
public struct EpochRecord: Sendable, Equatable {
    public var epoch: Int
    /// Mean training loss over the epoch's examples.
    public var loss: Double
    public var trainAccuracy: Double
    public var testAccuracy: Double
    /// Wall time of the epoch's training (not evaluation), in seconds.
    public var seconds: Double
    /// Training examples per second in this epoch.
    public var examplesPerSecond: Double
    /// Learning rate at the end of the epoch.
    public var learningRate: Double
    /// SGD iterations done so far.
    public var iteration: Int
    /// Where the data came from: `mnist`, `fashion-mnist`, or `synthetic`.
    public var data: String

    public init(epoch: Int, loss: Double, trainAccuracy: Double, testAccuracy: Double, seconds: Double,
                examplesPerSecond: Double, learningRate: Double, iteration: Int, data: String) {
        self.epoch = epoch
        self.loss = loss
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
        self.seconds = seconds
        self.examplesPerSecond = examplesPerSecond
        self.learningRate = learningRate
        self.iteration = iteration
        self.data = data
    }

    /// d2l's epoch line: `epoch 1, loss 2.3193, train acc 0.103, test acc 0.100, time 3.5 sec`.
    public var line: String {
        "epoch \(epoch), loss \(fixed(loss, 4)), train acc \(fixed(trainAccuracy, 3)), test acc \(fixed(testAccuracy, 3)), time \(fixed(seconds, 1)) sec"
    }

    /// One JSON object on one line, for `--metrics FILE.jsonl`.
    public var json: String {
        "{\"epoch\": \(epoch), \"loss\": \(jsonNumber(loss)), \"train_acc\": \(jsonNumber(trainAccuracy)), "
            + "\"test_acc\": \(jsonNumber(testAccuracy)), \"time_sec\": \(jsonNumber(seconds)), "
            + "\"examples_per_sec\": \(jsonNumber(examplesPerSecond)), \"lr\": \(jsonNumber(learningRate)), "
            + "\"iteration\": \(iteration), \"data\": \"\(data)\"}"
    }
}

/// d2l's closing lines: `loss 0.112, train acc 0.965, test acc 0.969` and
/// `59217.4 examples/sec on cpu (2 threads)`.
public func summaryLines(last: EpochRecord, examplesPerSecond: Double, threads: Int) -> String {
    "loss \(fixed(last.loss, 3)), train acc \(fixed(last.trainAccuracy, 3)), test acc \(fixed(last.testAccuracy, 3))\n"
        + "\(fixed(examplesPerSecond, 1)) examples/sec on cpu (\(threads) thread\(threads == 1 ? "" : "s"))\n"
}

/// `x` with exactly `digits` decimals, as Python's `f'{x:.4f}'` prints it (`nan` and `inf` too).
public func fixed(_ x: Double, _ digits: Int) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    return String(format: "%.\(digits)f", x)
}

/// JSON has no NaN or infinity; they become null so the file stays parseable.
func jsonNumber(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    return "\(x)"
}

/// A file that could not be written or read, with what the user can do about it.
public struct RuntimeFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    public var problem: String
    /// What to do about it, printed on its own `hint:` line.
    public var hint: String?
    public init(path: String, problem: String, hint: String? = nil) {
        self.path = path
        self.problem = problem
        self.hint = hint
    }
    public var description: String { "\(path): \(problem)" + (hint.map { "\nhint: \($0)" } ?? "") }
}

"""#),
        ("TrainingLoop.swift", #"""
import Foundation

/// The training recipe with command-line overrides applied: what `train:` in a spec says.
public struct TrainingRecipe: Sendable, Equatable {
    public var optimizer: OptimizerSettings
    public var schedule: LRSchedule
    public var batch: Int
    public var length: RunLength
    public var initializer: WeightInit
    public var biasInitializer: BiasInit
    public var seed: UInt64

    public init(optimizer: OptimizerSettings, schedule: LRSchedule, batch: Int, length: RunLength,
                initializer: WeightInit, biasInitializer: BiasInit = .zero, seed: UInt64) {
        self.optimizer = optimizer
        self.schedule = schedule
        self.batch = batch
        self.length = length
        self.initializer = initializer
        self.biasInitializer = biasInitializer
        self.seed = seed
    }
}

/// Where a run writes and how it reports.
public struct RunOptions {
    /// The model's name, for checkpoints and the plot title.
    public var specName: String
    public var threads: Int
    /// `--save`: a checkpoint written after every epoch (and on Ctrl-C).
    public var savePath: String?
    /// `--metrics`: one JSON line per epoch.
    public var metricsPath: String?
    /// `--plot`: d2l-style curves, redrawn after every epoch.
    public var plotPath: String?
    /// `--resume`: continue from this checkpoint.
    public var resumePath: String?
    /// Live progress bar: nil means "when standard error is a terminal".
    public var progress: Bool?
    /// The network as lenetc described it (`Model.architecture`), recorded in checkpoints so
    /// `--resume` tells models with the same tensor shapes apart. Empty: only the parameter layout
    /// identifies the model.
    public var architecture: String
    /// Where result lines go (standard output by default).
    public var print: (String) -> Void
    /// Where notes go (`note: ...` on standard error by default).
    public var note: (String) -> Void

    public init(specName: String, threads: Int, savePath: String? = nil, metricsPath: String? = nil,
                plotPath: String? = nil, resumePath: String? = nil, progress: Bool? = nil, architecture: String = "",
                print: @escaping (String) -> Void = Console.line,
                note: @escaping (String) -> Void = { Console.errorLine("note: " + $0) }) {
        self.architecture = architecture
        self.note = note
        self.specName = specName
        self.threads = threads
        self.savePath = savePath
        self.metricsPath = metricsPath
        self.plotPath = plotPath
        self.resumePath = resumePath
        self.progress = progress
        self.print = print
    }
}

/// Why a run stopped early. Each says what happened and what to do.
public enum TrainingStop: Error, CustomStringConvertible {
    case nonFinite(epoch: Int, batch: Int, lr: Double, checkpoint: String?)
    case interrupted(savedTo: String?)
    case badCheckpoint(path: String, problem: String)

    public var description: String {
        switch self {
        case let .nonFinite(epoch, batch, lr, checkpoint):
            var text = "the loss became NaN or infinite in epoch \(epoch), batch \(batch) (learning rate \(lr)); training stopped"
            text += "\nhint: try a lower learning rate, e.g. --lr \(String(format: "%g", lr / 10))"
            if let checkpoint { text += "; the last good checkpoint is still \(checkpoint)" }
            return text
        case let .interrupted(savedTo):
            return "interrupted" + (savedTo.map { "; checkpoint saved to \($0) (continue with --resume \($0))" } ?? "")
        case let .badCheckpoint(path, problem):
            return "\(path): \(problem)"
        }
    }
}

/// What a finished run reports.
public struct RunSummary: Sendable {
    public var records: [EpochRecord]
    /// Training examples per second over the whole run (d2l's figure).
    public var examplesPerSecond: Double
}

/// The training loop both backends share: initialisation, shuffling, mini-batches, the optimizer and
/// schedule, d2l's epoch lines, metrics, the plot, checkpoints, resume, NaN and Ctrl-C handling. The
/// network only computes; so the engine and an emitted trainer give the same numbers for the same
/// spec, seed and data.
///
/// Random streams, all from the recipe's seed: weights from `SeededRNG(seed)`; the epoch
/// permutations from `split(stream: 1)`; each step's dropout masks from a seed mixed from the seed
/// and the iteration number.
public final class TrainingLoop {
    public let network: TrainableNetwork
    public let recipe: TrainingRecipe
    public let data: Dataset
    public let options: RunOptions

    public init(network: TrainableNetwork, recipe: TrainingRecipe, data: Dataset, options: RunOptions) {
        self.network = network
        self.recipe = recipe
        self.data = data
        self.options = options
    }

    /// Fills the parameter arena from the seed: weights with the recipe's initialiser, biases as
    /// `biases` says (see `Initializers` for the draw order).
    public static func initialize(_ network: TrainableNetwork, scheme: WeightInit, biases: BiasInit = .zero,
                                  seed: UInt64) throws {
        var rng = SeededRNG(seed: seed)
        let tensors = network.parameterLayout.map {
            InitTensor(offset: $0.offset, count: $0.count, fanIn: $0.fanIn, fanOut: $0.fanOut, isBias: $0.isBias)
        }
        try Initializers.initialize(network.parameters, tensors: tensors, scheme: scheme, biases: biases, rng: &rng)
    }

    /// The seed of one step's dropout masks.
    static func dropoutSeed(_ seed: UInt64, iteration: Int) -> UInt64 {
        var mixer = SplitMix64(seed: seed ^ 0xD1B5_4A32_D192_ED03)
        for _ in 0..<2 { _ = mixer.next() }
        return mixer.next() &+ UInt64(iteration) &* 0x9E37_79B9_7F4A_7C15
    }

    /// Trains for the recipe's length (or the rest of it, when resuming) and returns the records.
    public func run() throws -> RunSummary {
        let train = data.train, inputSize = network.inputSize
        // Checked before anything is read or written (the metrics file is truncated below).
        guard recipe.batch <= network.maxBatch else {
            throw RuntimeFileError(path: options.specName, problem: "batch \(recipe.batch) exceeds the network's maximum of \(network.maxBatch)")
        }
        guard train.pixelsPerImage == inputSize, data.test.pixelsPerImage == inputSize else {
            throw RuntimeFileError(path: data.origin, problem: "images have \(train.pixelsPerImage) pixels but the network takes \(inputSize)")
        }
        let plan = try EpochPlan(trainCount: train.count, batch: recipe.batch, length: recipe.length)
        let schedule = LearningRate(base: recipe.optimizer.lr, schedule: recipe.schedule, plan: plan)
        var optimizer = FlatOptimizer(settings: recipe.optimizer, parameterCount: network.parameters.count)
        var seed = recipe.seed
        var shuffler = SeededRNG(seed: seed).split(stream: 1)
        var epoch = 0, skipBatches = 0, iteration = 0
        var records: [EpochRecord] = []
        var partial = (loss: 0.0, correct: 0, count: 0, seconds: 0.0)

        let identity = RunIdentity(architecture: options.architecture, layout: network.parameterLayout, recipe: recipe)
        if let resume = options.resumePath {
            let state = try restore(from: resume, identity: identity)
            seed = state.seed
            shuffler = SeededRNG(state: try SeededRNG.State(words: state.epochRNG))
            epoch = state.epoch
            skipBatches = state.batchInEpoch
            iteration = state.iteration
            records = state.records
            partial = (state.partialLoss, state.partialCorrect, state.partialCount, state.partialSeconds)
            do { try optimizer.restore(state.optimizer) } catch {
                throw TrainingStop.badCheckpoint(path: resume, problem: "\(error)")
            }
        } else {
            try TrainingLoop.initialize(network, scheme: recipe.initializer, biases: recipe.biasInitializer, seed: seed)
        }
        var epochRNG = shuffler.state.words
        // Where the run stands, as a checkpoint records it (`b` batches into `epoch`).
        func snapshot(batchInEpoch b: Int, partial p: (loss: Double, correct: Int, count: Int, seconds: Double)) -> Checkpoint.TrainingState {
            .init(spec: options.specName, seed: seed, epoch: epoch, batchInEpoch: b, iteration: iteration, epochRNG: epochRNG,
                  partialLoss: p.loss, partialCorrect: p.correct, partialCount: p.count, partialSeconds: p.seconds,
                  optimizer: optimizer.state, records: records, identity: identity)
        }
        // Every output is tried before the first batch, so a path that cannot be written is an error
        // now, not after training. The probes replace nothing (an existing checkpoint stays as it is);
        // the metrics file comes last because opening it for a fresh run empties it.
        if let path = options.savePath {
            try Checkpoint.file(path).probe(try TrainingLoop.checkpoint(of: network, state: snapshot(batchInEpoch: skipBatches, partial: partial)).encoded())
        }
        if let path = options.plotPath {
            try TrainingPlot.file(path).probe(Array(plot(records, epochs: plan.totalEpochs).svg().utf8))
        }
        let metrics = try options.metricsPath.map { try MetricsWriter(path: $0, append: options.resumePath != nil) }
        var images = [Float](repeating: 0, count: recipe.batch * inputSize)
        var labels = [Int32](repeating: 0, count: recipe.batch)
        // Set when this run has written a checkpoint; a NaN stop names it.
        var lastGoodCheckpoint: String?
        Interrupt.install()

        while epoch < plan.totalEpochs {
            epochRNG = shuffler.state.words
            let order = shuffler.permutation(train.count)
            let batches = plan.batches(inEpoch: epoch)
            let bar = ProgressBar(label: "epoch \(epoch + 1)/\(plan.totalEpochs)", total: batches, enabled: options.progress)
            var (lossSum, correct, seen, seconds) = partial
            partial = (0, 0, 0, 0)
            for b in skipBatches..<batches {
                let count = plan.examples(inBatch: b)
                let start = monotonicSeconds()
                images.withUnsafeMutableBufferPointer { target in
                    for i in 0..<count {
                        let row = order[b * recipe.batch + i]
                        labels[i] = train.labels[row]
                        train.copyImage(row, to: target.baseAddress! + i * inputSize)
                    }
                }
                let lr = schedule.rate(epoch: epoch, iteration: iteration)
                let step = images.withUnsafeBufferPointer { x in
                    labels.withUnsafeBufferPointer { y in
                        network.trainStep(images: x.baseAddress!, labels: y.baseAddress!, count: count,
                                          dropoutSeed: TrainingLoop.dropoutSeed(seed, iteration: iteration))
                    }
                }
                guard step.lossSum.isFinite else {
                    bar.finish()
                    throw TrainingStop.nonFinite(epoch: epoch + 1, batch: b + 1, lr: lr, checkpoint: lastGoodCheckpoint)
                }
                try optimizer.update(parameters: network.parameters, gradients: UnsafeBufferPointer(network.gradients), lr: lr)
                seconds += monotonicSeconds() - start
                lossSum += step.lossSum
                correct += step.correct
                seen += count
                iteration += 1
                bar.update(step: b + 1, loss: lossSum / Double(seen), examples: seen)
                if Interrupt.requested {
                    bar.finish()
                    var saved: String?
                    if let path = options.savePath {
                        try save(to: path, state: snapshot(batchInEpoch: b + 1, partial: (lossSum, correct, seen, seconds)))
                        saved = path
                    }
                    throw TrainingStop.interrupted(savedTo: saved)
                }
            }
            bar.finish()
            skipBatches = 0
            let testAccuracy = TrainingLoop.accuracy(network, data.test)
            let record = EpochRecord(epoch: epoch + 1, loss: lossSum / Double(max(1, seen)),
                                     trainAccuracy: Double(correct) / Double(max(1, seen)), testAccuracy: testAccuracy,
                                     seconds: seconds, examplesPerSecond: Double(seen) / max(seconds, 1e-9),
                                     learningRate: schedule.rate(epoch: epoch, iteration: max(0, iteration - 1)),
                                     iteration: iteration, data: data.info.name)
            records.append(record)
            options.print(record.line)
            epoch += 1
            epochRNG = shuffler.state.words
            // The checkpoint first: if the metrics or the plot then cannot be written, the epoch is kept.
            if let path = options.savePath {
                try save(to: path, state: snapshot(batchInEpoch: 0, partial: (0, 0, 0, 0)))
                lastGoodCheckpoint = path
            }
            try metrics?.write(record)
            if let path = options.plotPath {
                try plot(records, epochs: plan.totalEpochs).write(to: path)
            }
        }
        let totalSeconds = records.reduce(0) { $0 + $1.seconds }
        let totalExamples = records.reduce(0.0) { $0 + $1.examplesPerSecond * $1.seconds }
        let rate = totalExamples / max(totalSeconds, 1e-9)
        if let last = records.last {
            for line in summaryLines(last: last, examplesPerSecond: rate, threads: options.threads).split(separator: "\n") {
                options.print(String(line))
            }
        }
        return RunSummary(records: records, examplesPerSecond: rate)
    }

    /// d2l's curves of the records so far.
    private func plot(_ records: [EpochRecord], epochs: Int) -> TrainingPlot {
        TrainingPlot(title: "\(options.specName) on \(data.info.name)", records: records, epochs: epochs)
    }

    private func save(to path: String, state: Checkpoint.TrainingState) throws {
        try TrainingLoop.checkpoint(of: network, state: state).write(to: path)
    }

    /// The network's parameters (and optionally the run's state) as a checkpoint.
    public static func checkpoint(of network: TrainableNetwork, state: Checkpoint.TrainingState?) -> Checkpoint {
        let arena = network.parameters
        let tensors = network.parameterLayout.map { slot in
            (slot.name, slot.shape, Array(arena[slot.offset..<(slot.offset + slot.count)]))
        }
        return Checkpoint(tensors: tensors, state: state)
    }

    /// Loads the parameters of a checkpoint into the network, checking names and shapes. Returns the
    /// names of tensors the network does not have (a file may carry more than parameters, as PyTorch's
    /// test fixtures do); a missing or misshapen parameter is an error.
    @discardableResult
    public static func load(_ checkpoint: Checkpoint, into network: TrainableNetwork, path: String) throws -> [String] {
        let byName = Dictionary(checkpoint.tensors.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let expected = Set(network.parameterLayout.map(\.name))
        let extra = byName.keys.filter { !expected.contains($0) }.sorted()
        for slot in network.parameterLayout {
            guard let tensor = byName[slot.name] else {
                throw TrainingStop.badCheckpoint(path: path, problem: "it lacks the tensor \"\(slot.name)\" (is it for another spec?)")
            }
            guard tensor.shape == slot.shape else {
                throw TrainingStop.badCheckpoint(path: path, problem: "tensor \"\(slot.name)\" has shape \(tensor.shape), but this network's is \(slot.shape)")
            }
            let arena = network.parameters
            for i in 0..<slot.count { arena[slot.offset + i] = tensor.values[i] }
        }
        return extra
    }

    private func restore(from path: String, identity: RunIdentity) throws -> Checkpoint.TrainingState {
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint.read(from: path) } catch {
            throw TrainingStop.badCheckpoint(path: path, problem: "\(error)")
        }
        guard let state = checkpoint.state else {
            throw TrainingStop.badCheckpoint(path: path, problem: "it holds weights only, not a lenetc training state; use it with `eval --weights`")
        }
        try checkResumable(state, path: path, identity: identity)
        try TrainingLoop.load(checkpoint, into: network, path: path)
        return state
    }

    /// Refuses a checkpoint of another model (before anything is read into the network or written),
    /// and notes what changed when only the recipe did. A checkpoint that records no identity
    /// (written before lenetc recorded one) resumes with a note: its tensors' names and shapes are
    /// still checked, which is all that could be checked then.
    private func checkResumable(_ state: Checkpoint.TrainingState, path: String, identity: RunIdentity) throws {
        let spec = options.specName
        guard let recorded = state.identity else {
            options.note("\(path) records no model fingerprint (written by an earlier lenetc); resuming it as '\(spec)' because its tensors' names and shapes match"
                         + (state.spec == spec ? "" : ", though it was written by spec '\(state.spec)'"))
            return
        }
        guard recorded.modelFingerprint == identity.modelFingerprint else {
            let which = state.spec == spec ? "a different model from this '\(spec)' (was the spec changed?)" : "a different model from '\(spec)'"
            throw TrainingStop.badCheckpoint(
                path: path,
                problem: "the checkpoint was written by spec '\(state.spec)', \(which): \(identity.firstDifference(from: recorded))"
                    + "\nhint: start afresh (without --resume), or use the weights with the spec that wrote them "
                    + "(lenetc eval \(state.spec) --weights \(path)), or load them elsewhere (PyTorch's load_state_dict)")
        }
        // Batches already done in an unfinished epoch are counted in the recorded batch size.
        if state.batchInEpoch > 0, let batch = recorded.setting("batch"), batch != "\(recipe.batch)" {
            throw TrainingStop.badCheckpoint(
                path: path,
                problem: "the checkpoint stopped after \(state.batchInEpoch) batch\(state.batchInEpoch == 1 ? "" : "es") of \(batch) in epoch \(state.epoch + 1); resuming with batch \(recipe.batch) would skip or repeat examples"
                    + "\nhint: resume with --batch \(batch) (the batch size can change at the end of an epoch)")
        }
        let changes = identity.recipeChanges(from: recorded)
        guard !changes.isEmpty else { return }
        let listed = changes.map { change -> String in
            var text = "\(change.key) \(change.old) → \(change.new)"
            switch change.key {
            case "seed": text += " (the checkpoint's seed is kept: it decided the weights and the shuffling so far)"
            case "init", "biases": text += " (no effect: the weights come from the checkpoint)"
            default: break
            }
            return text
        }
        options.note("resuming \(path) with a changed recipe: " + listed.joined(separator: ", "))
    }

    /// The predicted class of every example, in batches of the network's maximum.
    public static func predictions(_ network: TrainableNetwork, _ set: LabeledImages) -> [Int32] {
        var out = [Int32](repeating: 0, count: set.count)
        let chunk = max(1, network.maxBatch)
        var images = [Float](repeating: 0, count: min(chunk, set.count) * set.pixelsPerImage)
        images.withUnsafeMutableBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                var start = 0
                while start < set.count {
                    let n = min(chunk, set.count - start)
                    set.copyImages(start..<(start + n), to: x.baseAddress!)
                    network.predict(images: x.baseAddress!, count: n, into: y.baseAddress! + start)
                    start += n
                }
            }
        }
        return out
    }

    /// Fraction of `set` classified correctly.
    public static func accuracy(_ network: TrainableNetwork, _ set: LabeledImages) -> Double {
        guard set.count > 0 else { return 0 }
        let predicted = predictions(network, set)
        var correct = 0
        for i in 0..<set.count where predicted[i] == set.labels[i] { correct += 1 }
        return Double(correct) / Double(set.count)
    }
}

"""#),
        ("TrainingPlot.swift", ##"""
import Foundation

/// Draws training curves as a standalone SVG, the way d2l's `Animator` plots `train_ch6`: epochs on x,
/// train loss (solid), train acc (dashed, magenta) and test acc (dash-dot, green) on one y axis, with
/// a legend. Opens in any browser.
public struct TrainingPlot: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: String
        public var dash: String?
        public init(name: String, points: [(x: Double, y: Double)], color: String, dash: String?) {
            self.name = name
            self.points = points
            self.color = color
            self.dash = dash
        }
    }

    public var title: String
    public var series: [Series]
    /// The x range, normally [1, epochs] as d2l's `xlim`.
    public var xRange: ClosedRange<Double>

    public init(title: String, series: [Series], xRange: ClosedRange<Double>) {
        self.title = title
        self.series = series
        self.xRange = xRange
    }

    /// d2l's three curves from per-epoch records.
    public init(title: String, records: [EpochRecord], epochs: Int) {
        self.title = title
        self.series = [
            Series(name: "train loss", points: records.map { (Double($0.epoch), $0.loss) }, color: "#1f77b4", dash: nil),
            Series(name: "train acc", points: records.map { (Double($0.epoch), $0.trainAccuracy) }, color: "#bf00bf", dash: "7,4"),
            Series(name: "test acc", points: records.map { (Double($0.epoch), $0.testAccuracy) }, color: "#008000", dash: "9,4,2,4"),
        ]
        self.xRange = 1...Double(max(2, epochs))
    }

    /// The SVG document.
    public func svg(width: Int = 640, height: Int = 420) -> String {
        let left = 60.0, right = 20.0, top = 40.0, bottom = 50.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        var yMax = max(1.0, ys.max() ?? 1)
        yMax = niceCeiling(yMax)
        let yMin = min(0.0, ys.min() ?? 0)
        func px(_ x: Double) -> Double { left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - yMin) / (yMax - yMin)) * plotH }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Double(width) / 2)" y="22" text-anchor="middle" font-size="14">\(escape(title))</text>

        """
        // Grid and ticks.
        for tick in ticks(xRange.lowerBound, xRange.upperBound, integer: true) {
            let x = px(tick)
            out += "<line x1=\"\(r(x))\" y1=\"\(r(top))\" x2=\"\(r(x))\" y2=\"\(r(top + plotH))\" stroke=\"#e0e0e0\"/>\n"
            out += "<text x=\"\(r(x))\" y=\"\(r(top + plotH + 18))\" text-anchor=\"middle\">\(label(tick))</text>\n"
        }
        for tick in ticks(yMin, yMax, integer: false) {
            let y = py(tick)
            out += "<line x1=\"\(r(left))\" y1=\"\(r(y))\" x2=\"\(r(left + plotW))\" y2=\"\(r(y))\" stroke=\"#e0e0e0\"/>\n"
            out += "<text x=\"\(r(left - 8))\" y=\"\(r(y + 4))\" text-anchor=\"end\">\(label(tick))</text>\n"
        }
        out += "<rect x=\"\(r(left))\" y=\"\(r(top))\" width=\"\(r(plotW))\" height=\"\(r(plotH))\" fill=\"none\" stroke=\"black\"/>\n"
        out += "<text x=\"\(r(left + plotW / 2))\" y=\"\(height - 12)\" text-anchor=\"middle\">epoch</text>\n"
        // Curves.
        for s in series {
            let finite = s.points.filter { $0.y.isFinite }
            guard !finite.isEmpty else { continue }
            let dash = s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            let points = finite.map { "\(r(px($0.x))),\(r(py($0.y)))" }.joined(separator: " ")
            out += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash) points=\"\(points)\"/>\n"
            for p in finite {
                out += "<circle cx=\"\(r(px(p.x)))\" cy=\"\(r(py(p.y)))\" r=\"2.5\" fill=\"\(s.color)\"><title>\(escape(s.name)) \(label(p.x)): \(fixed(p.y, 4))</title></circle>\n"
            }
        }
        // Legend, top right inside the axes as matplotlib places it.
        let legendX = left + plotW - 120, legendY = top + 10
        out += "<rect x=\"\(r(legendX - 8))\" y=\"\(r(legendY - 4))\" width=\"124\" height=\"\(series.count * 18 + 6)\" fill=\"white\" stroke=\"#c0c0c0\"/>\n"
        for (i, s) in series.enumerated() {
            let y = legendY + Double(i) * 18 + 8
            let dash = s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            out += "<line x1=\"\(r(legendX))\" y1=\"\(r(y))\" x2=\"\(r(legendX + 28))\" y2=\"\(r(y))\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash)/>\n"
            out += "<text x=\"\(r(legendX + 36))\" y=\"\(r(y + 4))\">\(escape(s.name))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// Writes the SVG through a temporary file and a rename, so a reader never sees half a plot.
    public func write(to path: String) throws(RuntimeFileError) {
        try TrainingPlot.file(path).replace(with: Array(svg().utf8))
    }

    /// The plot's file, for its error messages.
    public static func file(_ path: String) -> OutputFile { OutputFile(path: path, what: "plot", flag: "--plot") }

    private func ticks(_ lo: Double, _ hi: Double, integer: Bool) -> [Double] {
        let span = hi - lo
        guard span > 0 else { return [lo] }
        var step = pow(10, (log10(span / 5)).rounded(.down))
        for factor in [1.0, 2.0, 5.0, 10.0] where span / (step * factor) <= 6 {
            step *= factor
            break
        }
        if integer { step = max(1, step.rounded()) }
        var out: [Double] = []
        var t = (lo / step).rounded(.up) * step
        while t <= hi + step * 1e-9 {
            out.append(t)
            t += step
        }
        return out
    }

    private func niceCeiling(_ x: Double) -> Double {
        let step = pow(10, (log10(x)).rounded(.down)) / 2
        return (x / step).rounded(.up) * step
    }

    private func label(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.2g", x)
    }

    private func r(_ x: Double) -> String { String(format: "%.1f", x) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

"""##),
    ]
}

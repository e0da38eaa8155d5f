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
        try decode(try SafetensorsFile(contentsOf: path), path: path)
    }

    /// The weights and training state of a safetensors file already read; `path` names it in errors.
    public static func decode(_ file: SafetensorsFile, path: String) throws -> Checkpoint {
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
    /// Reads the `[...]` list of records a checkpoint carries (the format `json` writes), with the
    /// runtime's one strict JSON reader. A `null` number is a NaN or infinity (`jsonNumber`); keys an
    /// older checkpoint lacks read as NaN, 0 or empty; anything else malformed is refused.
    static func parseList(_ text: String, path: String) throws -> [EpochRecord] {
        func corrupt(_ why: String) -> RuntimeFileError {
            RuntimeFileError(path: path, problem: "the checkpoint's epoch records are corrupt: \(why)")
        }
        let value: MiniJSON
        do { value = try MiniJSON.parse(Array(text.utf8)[...]) } catch { throw corrupt("\(error.message) at byte \(error.offset)") }
        guard case let .array(items) = value else { throw corrupt("they are not a list") }
        return try items.enumerated().map { n, item in
            guard case let .object(members) = item else { throw corrupt("record \(n + 1) is \(item.kindName), not an object") }
            func member(_ key: String) -> MiniJSON? { members.first { $0.0 == key }?.1 }
            func number(_ key: String) throws -> Double {
                switch member(key) {
                case nil, .null?: return .nan
                case let .number(text)?: if let x = Double(text) { return x }
                default: break
                }
                throw corrupt("record \(n + 1)'s \"\(key)\" is not a number")
            }
            func count(_ key: String) throws -> Int {
                guard let v = member(key) else { return 0 }
                guard let x = v.nonNegativeInt else { throw corrupt("record \(n + 1)'s \"\(key)\" is not a whole number") }
                return x
            }
            var data = ""
            if let v = member("data") {
                guard case let .string(text) = v else { throw corrupt("record \(n + 1)'s \"data\" is not a string") }
                data = text
            }
            return EpochRecord(epoch: try count("epoch"), loss: try number("loss"), trainAccuracy: try number("train_acc"),
                               testAccuracy: try number("test_acc"), seconds: try number("time_sec"),
                               examplesPerSecond: try number("examples_per_sec"), learningRate: try number("lr"),
                               iteration: try count("iteration"), data: data)
        }
    }
}

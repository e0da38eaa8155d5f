import LenetRuntime

/// Checkpoints as safetensors files: the parameters under their PyTorch names (so the file also
/// loads as weights), the optimizer buffers as `optimizer.<buffer>` (flat, arena order), and the
/// run's counters and generator states as I64 tensors `trainer.progress`, `trainer.shuffle_rng`,
/// `trainer.dropout_rng`.
extension Trainer {
    /// `trainer.progress` layout: epoch, iteration, batchInEpoch, optimizer step, seed, epochCorrect,
    /// epochExamples, epochLossSum and epochSeconds (Double bit patterns), trainCount, batch.
    static let progressFields = 11

    /// Writes the current state to `path` atomically.
    public func saveCheckpoint(path: String, metadata: [String: String] = [:]) throws {
        let saved = state
        var info = metadata
        info["format"] = "lenetc-checkpoint"
        info["runtime"] = lenetRuntimeVersion
        info["model"] = model.name
        info["threads"] = String(network.threads)
        var writer = SafetensorsWriter(metadata: info)
        try network.addParameters(to: &writer)
        for (name, buffer) in saved.optimizer.buffers {
            try writer.add("optimizer.\(name)", floats: buffer, shape: [buffer.count])
        }
        let progress: [Int64] = [Int64(saved.epoch), Int64(saved.iteration), Int64(saved.batchInEpoch),
                                 Int64(saved.optimizer.step), Int64(bitPattern: saved.seed), Int64(saved.epochCorrect),
                                 Int64(saved.epochExamples), Int64(bitPattern: saved.epochLossSum.bitPattern),
                                 Int64(bitPattern: saved.epochSeconds.bitPattern), Int64(saved.trainCount),
                                 Int64(saved.batch)]
        try writer.add("trainer.progress", int64s: progress, shape: [progress.count])
        try writer.add("trainer.shuffle_rng", int64s: saved.shuffleRNG.int64Words, shape: [4])
        try writer.add("trainer.dropout_rng", int64s: saved.dropoutRNG.int64Words, shape: [4])
        try writer.write(to: path)
    }

    /// Reads a checkpoint written by `saveCheckpoint` for this model and continues from it.
    public func loadCheckpoint(path: String) throws {
        let file = try SafetensorsFile(contentsOf: path)
        guard file.tensors["trainer.progress"] != nil else {
            throw EngineError.invalidState("\(path) is not a lenetc checkpoint (no trainer.progress tensor)")
        }
        let progress = try file.int64s("trainer.progress")
        guard progress.count == Self.progressFields else {
            throw EngineError.invalidState("\(path): trainer.progress has \(progress.count) values, expected \(Self.progressFields)")
        }
        let scratch = try Network(model: model)
        try scratch.loadParameters(from: file)
        var buffers: [String: [Float]] = [:]
        for name in optimizer.bufferNames {
            guard file.tensors["optimizer.\(name)"] != nil else {
                throw EngineError.invalidState("\(path) lacks optimizer.\(name) (saved with another optimizer?)")
            }
            buffers[name] = try file.floats("optimizer.\(name)")
        }
        let saved = TrainerState(
            parameters: scratch.parameters,
            optimizer: OptimizerState(step: Int(progress[3]), buffers: buffers),
            epoch: Int(progress[0]), iteration: Int(progress[1]), batchInEpoch: Int(progress[2]),
            shuffleRNG: try SeededRNG.State(int64Words: try file.int64s("trainer.shuffle_rng")),
            dropoutRNG: try SeededRNG.State(int64Words: try file.int64s("trainer.dropout_rng")),
            epochLossSum: Double(bitPattern: UInt64(bitPattern: progress[7])), epochCorrect: Int(progress[5]),
            epochExamples: Int(progress[6]), epochSeconds: Double(bitPattern: UInt64(bitPattern: progress[8])),
            seed: UInt64(bitPattern: progress[4]), trainCount: Int(progress[9]), batch: Int(progress[10]))
        try restore(saved)
    }
}

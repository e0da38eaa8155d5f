import LenetRuntime

/// Array-level entry points: whole data sets in, results out.
extension Network {
    /// Initialises the parameters: weights drawn from `rng` with `scheme` (tensors in order,
    /// elements row-major), biases as `biases` says. See `Initializers` for the exact draw order.
    public func initialize(scheme: WeightInit, biases: BiasInit = .zero, rng: inout SeededRNG) throws {
        try Initializers.initialize(parameterArena.buffer, tensors: model.parameters, scheme: scheme, biases: biases, rng: &rng)
    }

    /// Logits (`count × classes`, row-major) of the examples in `images` (`count × inputCount`),
    /// in evaluation mode, computed in batches of at most `batchSize`.
    public func logits(images: [Float], batchSize: Int = 256) throws -> [Float] {
        let count = try exampleCount(images)
        var result = [Float](repeating: 0, count: count * classes)
        try forEachChunk(images: images, labels: nil, count: count, batchSize: batchSize, pass: .inference) { start, shard, range in
            let source = self.workspaces[shard].outputs[self.steps.count - 1].pointer
            result.withUnsafeMutableBufferPointer { out in
                (out.baseAddress! + (start + range.lowerBound) * self.classes)
                    .update(from: source, count: range.count * self.classes)
            }
        }
        return result
    }

    /// Mean loss, correct count and predicted class of every example, in evaluation mode.
    public func evaluate(images: [Float], labels: [Int32], batchSize: Int = 256) throws
        -> (meanLoss: Double, correct: Int, predictions: [Int32]) {
        let count = try exampleCount(images)
        guard labels.count == count else {
            throw EngineError.invalidArgument("\(count) images but \(labels.count) labels")
        }
        try checkLabels(labels)
        var predictions = [Int32](repeating: 0, count: count)
        let total = try forEachChunk(images: images, labels: labels, count: count, batchSize: batchSize, pass: .loss) { start, shard, range in
            let logits = self.workspaces[shard].outputs[self.steps.count - 1].pointer
            for j in 0..<range.count {
                predictions[start + range.lowerBound + j] =
                    Int32(SoftmaxCrossEntropy.argmax(logits + j * self.classes, classes: self.classes))
            }
        }
        return (total.lossSum / Double(max(1, count)), total.correct, predictions)
    }

    /// Forward and backward over one batch (all of `images`): afterwards `gradients` holds the
    /// gradient of the batch-mean loss. Dropout masks, if the network has dropout, are drawn from
    /// `dropoutRNG` (dropout steps in order, examples then features, one `nextFloat` each).
    @discardableResult
    public func computeGradients(images: [Float], labels: [Int32], dropoutRNG: inout SeededRNG) throws -> LossResult {
        let count = try exampleCount(images)
        guard labels.count == count, count > 0 else {
            throw EngineError.invalidArgument("\(count) images but \(labels.count) labels")
        }
        try checkLabels(labels)
        try reserve(batchSize: count)
        if hasDropout { drawMasks(count: count, uniform: { dropoutRNG.nextFloat() }) }
        return try images.withUnsafeBufferPointer { imageBuffer in
            try labels.withUnsafeBufferPointer { labelBuffer in
                let source = Unchecked((imageBuffer.baseAddress!, labelBuffer.baseAddress!))
                let width = inputCount
                return try run(count: count, pass: .training) { range, input, labelsOut in
                    input.update(from: source.value.0 + range.lowerBound * width, count: range.count * width)
                    labelsOut.update(from: source.value.1 + range.lowerBound, count: range.count)
                }
            }
        }
    }

    // MARK: - Parameter files

    /// Loads every parameter by its PyTorch name from a safetensors file (F32, same shape);
    /// tensors the model does not have are ignored.
    public func loadParameters(from file: SafetensorsFile) throws {
        for entry in model.parameters {
            guard let info = file.tensors[entry.name] else {
                throw EngineError.parameterMismatch("\(file.source) has no tensor \(entry.name)")
            }
            guard info.dtype == .f32 else {
                throw EngineError.parameterMismatch("\(file.source): \(entry.name) is \(info.dtype.rawValue), expected F32")
            }
            guard info.shape == entry.shape else {
                throw EngineError.parameterMismatch("\(file.source): \(entry.name) has shape \(info.shape), the model needs \(entry.shape)")
            }
            try setParameter(named: entry.name, try file.floats(entry.name))
        }
    }

    /// Loads parameters from the safetensors file at `path`.
    public func loadParameters(path: String) throws {
        try loadParameters(from: SafetensorsFile(contentsOf: path))
    }

    /// Adds every parameter, by PyTorch name and shape, to `writer`.
    public func addParameters(to writer: inout SafetensorsWriter, prefix: String = "") throws {
        for entry in model.parameters {
            let values = Array(UnsafeBufferPointer(start: parameterArena.pointer + entry.offset, count: entry.count))
            try writer.add(prefix + entry.name, floats: values, shape: entry.shape)
        }
    }

    /// Writes the parameters to a safetensors file that PyTorch's `load_state_dict` accepts.
    public func saveParameters(path: String, metadata: [String: String] = [:]) throws {
        var writer = SafetensorsWriter(metadata: metadata)
        try addParameters(to: &writer)
        try writer.write(to: path)
    }

    // MARK: - Helpers

    func exampleCount(_ images: [Float]) throws -> Int {
        guard images.count % inputCount == 0 else {
            throw EngineError.invalidArgument("\(images.count) floats are not a whole number of \(inputCount)-float examples")
        }
        return images.count / inputCount
    }

    func checkLabels(_ labels: [Int32]) throws {
        if let bad = labels.firstIndex(where: { $0 < 0 || Int($0) >= classes }) {
            throw EngineError.invalidArgument("label \(labels[bad]) of example \(bad) is outside 0..<\(classes)")
        }
    }

    /// Runs `pass` over `count` examples in batches; after each batch, `collect(start, shard,
    /// range)` reads a shard's outputs (on the calling thread).
    @discardableResult
    func forEachChunk(images: [Float], labels: [Int32]?, count: Int, batchSize: Int, pass: Pass,
                      collect: (Int, Int, Range<Int>) -> Void) throws -> LossResult {
        guard batchSize >= 1 else { throw EngineError.invalidArgument("batch size must be at least 1") }
        let chunk = min(batchSize, max(1, count))
        try reserve(batchSize: chunk)
        var total = LossResult(lossSum: 0, correct: 0)
        try images.withUnsafeBufferPointer { imageBuffer in
            try (labels ?? []).withUnsafeBufferPointer { labelBuffer in
                let width = inputCount
                let hasLabels = labels != nil
                var start = 0
                while start < count {
                    let n = min(chunk, count - start)
                    let source = Unchecked((imageBuffer.baseAddress! + start * width,
                                            hasLabels ? labelBuffer.baseAddress.map { $0 + start } : nil))
                    let result = try run(count: n, pass: pass) { range, input, labelsOut in
                        input.update(from: source.value.0 + range.lowerBound * width, count: range.count * width)
                        if let labels = source.value.1 {
                            labelsOut.update(from: labels + range.lowerBound, count: range.count)
                        }
                    }
                    total.lossSum += result.lossSum
                    total.correct += result.correct
                    for shard in 0..<shardCount {
                        let range = shardRange(shard, of: n)
                        if !range.isEmpty { collect(start, shard, range) }
                    }
                    start += n
                }
            }
        }
        return total
    }
}

/// Every buffer one shard (one thread's share of a batch) needs, allocated once for up to
/// `capacity` examples and reused by every batch.
final class Workspace: @unchecked Sendable {
    let capacity: Int
    /// The shard's examples, NCHW.
    let input: FloatBuffer
    let labels: UnsafeMutablePointer<Int32>
    /// The output of every step (post-activation for fused steps); the last is the logits.
    let outputs: [FloatBuffer]
    /// Two gradient buffers used in turn by the backward pass (dL/d output, dL/d input).
    let gradA: FloatBuffer
    let gradB: FloatBuffer
    /// Argmax positions of max-pooling steps.
    let poolIndices: [IndexBuffer?]
    /// im2col scratch shared by the conv steps, and each conv step's chunk size.
    let columns: FloatBuffer
    let product: FloatBuffer
    let padded: FloatBuffer
    let convChunk: [Int]
    /// This shard's parameter gradients (nil for shard 0, which writes the network's arena).
    let gradients: FloatBuffer?

    init(steps: [NetworkStep], inputCount: Int, capacity: Int, parameterCount: Int, ownsGradients: Bool) {
        self.capacity = max(1, capacity)
        let n = self.capacity
        input = FloatBuffer(count: n * inputCount)
        labels = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        labels.initialize(repeating: 0, count: n)
        outputs = steps.map { FloatBuffer(count: n * $0.outputCount) }
        let widest = steps.reduce(inputCount) { max($0, $1.inputCount, $1.outputCount) }
        gradA = FloatBuffer(count: n * widest)
        gradB = FloatBuffer(count: n * widest)
        poolIndices = steps.map { step in
            if case let .pool(g) = step.operation, g.op == .max { return IndexBuffer(count: n * g.outputCount) }
            return nil
        }
        var columnFloats = 1, productFloats = 1, paddedFloats = 1
        var chunks: [Int] = []
        for step in steps {
            if case let .conv(g, _) = step.operation {
                let chunk = min(n, g.chunkExamples())
                chunks.append(chunk)
                let floats = ConvScratch.floats(for: g, examples: chunk)
                columnFloats = max(columnFloats, floats.columns)
                productFloats = max(productFloats, floats.product)
                paddedFloats = max(paddedFloats, floats.padded)
            } else {
                chunks.append(0)
            }
        }
        convChunk = chunks
        columns = FloatBuffer(count: columnFloats)
        product = FloatBuffer(count: productFloats)
        padded = FloatBuffer(count: paddedFloats)
        gradients = ownsGradients ? FloatBuffer(count: parameterCount) : nil
    }

    deinit { labels.deallocate() }

    func scratch(step: Int) -> ConvScratch {
        ConvScratch(columns: columns.pointer, product: product.pointer, padded: padded.pointer,
                    examples: convChunk[step])
    }
}

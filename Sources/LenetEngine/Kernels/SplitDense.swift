import Foundation

/// A large dense layer computed over the whole batch, its features split across the threads,
/// instead of shard by shard.
///
/// Data-parallel shards each run a dense layer on their own rows: every shard streams the whole
/// weight matrix through its core, runs products with few rows (M = batch / threads, where
/// OpenBLAS is least efficient), and writes a private weight gradient that is then summed into the
/// network's, one more pass over weight-sized memory. For LeNet's dense layers (at most 400 × 120
/// weights, 188 KiB, in L2) that costs little; for tf-deep-mnist's 3136 × 1024 (12.5 MiB, four
/// times the 2 × 1 MiB of L2) it dominates. Split instead, each thread computes a block of output
/// features for every example of the batch (forward, bias and weight gradient: its rows of W and
/// dW only, never shared) and a block of input features of dL/dx (its columns of W), so the weights
/// are read once per pass in total, products keep M = the whole batch, and there is nothing to sum.
/// Every result is still computed by one thread in a fixed order, so results are reproducible for a
/// given thread count (they may round differently from the unsplit layer's).
///
/// What it costs: the shards' rows are copied into whole-batch buffers and back (the input, the
/// output, dL/dz, dL/dx: for tf-deep-mnist at batch 50, about 1.7 MB per step, well under a
/// millisecond) and each split layer adds four fork/join points to the batch (its own two, and the
/// shard phases after it in each direction).
///
/// Measurements that set `minimumWeights` (2 cores shared with other jobs, load average 4-5, so
/// only medians of alternating runs mean anything):
/// - the 3136 × 1024 layer alone at batch 50 (a C loop over `cblas_sgemm` on two pthreads: forward,
///   weight and input gradients, plus the reduction the shards need; median of 41 alternating steps,
///   two runs): 25.0 / 27.3 ms data-parallel, 23.6 / 23.5 ms split;
/// - whole training steps, `lenetc time SPEC --threads 2`, `LENETC_SPLIT_DENSE_WEIGHTS` switching
///   the two on one build, alternating runs: tf-deep-mnist 34.4 ms split against 36.5 ms
///   data-parallel (median of 10 each, load average 1.4; split faster in 9 of the 10 pairs; under
///   load 5 the sets swung from 77.8 against 100.9 ms to even); caffe-lenet (800 × 500, batch 64)
///   25.6 ms both ways (median of 5, load 5).
/// So the threshold sits between the two layers, at 1 Mi weights (4 MiB, twice the two cores' L2
/// together): below it splitting gains nothing measurable and data-parallel keeps its single
/// fork/join per batch.
enum SplitDense {
    /// Dense layers with at least this many weights are split across threads when there is more than
    /// one shard. LeNet's largest (48,000), caffe-lenet's (400,000) and keras-mnist's (16,000) stay
    /// data-parallel; tf-deep-mnist's 3,211,264 is split.
    static let minimumWeights = 1 << 20

    /// `minimumWeights`, or `$LENETC_SPLIT_DENSE_WEIGHTS` when it is set to a whole number (so a
    /// benchmark can compare both executions with one build).
    static var minimumWeightsFromEnvironment: Int {
        if let text = ProcessInfo.processInfo.environment["LENETC_SPLIT_DENSE_WEIGHTS"], let value = Int(text) {
            return max(0, value)
        }
        return minimumWeights
    }

    /// Part t of `parts` of 0..<n, with inner boundaries on multiples of 16 floats (whole register
    /// tiles and cache lines for OpenBLAS); later parts may be empty when n is small.
    static func block(_ t: Int, of n: Int, parts: Int) -> Range<Int> {
        func edge(_ i: Int) -> Int { i >= parts ? n : min(n, (i * n / parts) & ~15) }
        return edge(t)..<max(edge(t), edge(t + 1))
    }

    /// Columns `columns` of y = f(x · Wᵀ + b) for all `count` rows (x is count × in, y count × out).
    static func forward(columns: Range<Int>, input x: UnsafePointer<Float>, count: Int, inFeatures: Int,
                        outFeatures: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                        activation: Activation, output y: UnsafeMutablePointer<Float>) {
        guard !columns.isEmpty, count > 0 else { return }
        let c0 = columns.lowerBound, width = columns.count
        Gemm.multiply(transposeA: false, transposeB: true, m: count, n: width, k: inFeatures, a: x, lda: inFeatures,
                      b: weight + c0 * inFeatures, ldb: inFeatures, beta: 0, c: y + c0, ldc: outFeatures)
        for n in 0..<count {
            let row = y + n * outFeatures + c0
            Dense.addBias(row, bias + c0, count: width)
            if activation != .identity { activation.forward(row, row, count: width) }
        }
    }

    /// The gradients of output features `columns` (their rows of dW, their biases) and of input
    /// features `inputColumns` (those columns of dL/dx, when `inputGrad` is given), given dz =
    /// dL/d(pre-activation) for all `count` rows. Each is overwritten.
    static func backward(columns: Range<Int>, inputColumns: Range<Int>, input x: UnsafePointer<Float>,
                         outputGrad dz: UnsafePointer<Float>, count: Int, inFeatures: Int, outFeatures: Int,
                         weight: UnsafePointer<Float>, weightGrad: UnsafeMutablePointer<Float>,
                         biasGrad: UnsafeMutablePointer<Float>, inputGrad: UnsafeMutablePointer<Float>?) {
        if !columns.isEmpty {
            let c0 = columns.lowerBound, width = columns.count
            // Column sums of dz in row order, as `Dense.backward` does.
            (biasGrad + c0).update(repeating: 0, count: width)
            for n in 0..<count { Dense.addBias(biasGrad + c0, dz + n * outFeatures + c0, count: width) }
            Gemm.multiply(transposeA: true, transposeB: false, m: width, n: inFeatures, k: count, a: dz + c0,
                          lda: outFeatures, b: x, ldb: inFeatures, beta: 0, c: weightGrad + c0 * inFeatures,
                          ldc: inFeatures)
        }
        if let inputGrad, !inputColumns.isEmpty, count > 0 {
            let i0 = inputColumns.lowerBound
            Gemm.multiply(transposeA: false, transposeB: false, m: count, n: inputColumns.count, k: outFeatures,
                          a: dz, lda: outFeatures, b: weight + i0, ldb: inFeatures, beta: 0, c: inputGrad + i0,
                          ldc: inFeatures)
        }
    }
}

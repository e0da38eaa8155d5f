/// How a network uses more than one core.
///
/// Measured on lenet.yaml (sigmoid, avg pool, padding 2, batch 256), release build, AMD EPYC with 2
/// cores shared with other jobs (load average 4–7 during the runs, so numbers vary run to run;
/// whole training steps, median of 30–40 after warm-up, `Network.timeLayers`; OpenBLAS kernels
/// pinned to Haswell by the machine's `OPENBLAS_CORETYPE`, see `BLASKernels`):
///
///   1 thread                          13,100–14,800 examples/s (17.3–19.5 ms per batch)
///   2 threads, data-parallel          16,600–19,600 examples/s best runs (13.0–15.4 ms per batch)
///   2 threads, OpenBLAS threads        8,400– 9,800 examples/s best runs, 3,000 under contention
///
/// OpenBLAS threading loses: LeNet's matrix products are small or skinny (6 or 16 rows, K = 16 or
/// 25), so splitting each one costs more than it saves, the element-wise work (im2col, activations,
/// pooling) stays on one core, and its spinning worker threads suffer badly when the cores are
/// shared. Data-parallel is therefore the default.
public enum ParallelStrategy: String, Sendable, CaseIterable {
    /// Each thread runs forward and backward on its own contiguous share of the batch with its own
    /// buffers and gradient arena; the arenas are summed in shard order (deterministic for a given
    /// thread count). OpenBLAS runs single-threaded inside each share. Dense layers with many
    /// weights (`SplitDense`) are the exception: the threads split their features instead.
    case dataParallel = "data-parallel"
    /// One pass over the whole batch; OpenBLAS parallelises each matrix product itself.
    case blasThreads = "blas-threads"

    /// The faster of the two on LeNet-sized networks (see the measurements above).
    public static let `default`: ParallelStrategy = .dataParallel
}

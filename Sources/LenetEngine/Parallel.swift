import Dispatch

/// How a network uses more than one core.
///
/// Measured on lenet.yaml (sigmoid, avg pool, batch 256), release build, 2 cores: see
/// `ParallelStrategy.default` for the numbers that decided the default.
public enum ParallelStrategy: String, Sendable, CaseIterable {
    /// Each thread runs forward and backward on its own contiguous share of the batch with its own
    /// buffers and gradient arena; the arenas are summed in shard order (deterministic for a given
    /// thread count). OpenBLAS runs single-threaded inside each share.
    case dataParallel = "data-parallel"
    /// One pass over the whole batch; OpenBLAS parallelises each matrix product itself.
    case blasThreads = "blas-threads"
}

/// A value shared with worker threads whose safety the caller guarantees (each worker touches only
/// its own shard's memory).
struct UncheckedSendable<Value>: @unchecked Sendable {
    var value: Value
}

enum Parallel {
    /// Runs body(0..<n) on up to n threads and returns when all are done.
    static func forEach(_ n: Int, _ body: (Int) -> Void) {
        if n <= 1 {
            if n == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { escaping in
            let shared = UncheckedSendable(value: escaping)
            DispatchQueue.concurrentPerform(iterations: n) { shared.value($0) }
        }
    }
}

import Dispatch
import Foundation

// What every emitted network's training step does whatever its spec: run work on the threads, hand
// out chunks of a batch's groups, and time blocks when profiling. It lives here, once, rather than in
// each emitted Network.swift.

/// Runs body(t) for t in 0..<n, on n threads when n > 1, and returns when all are done: body(0) on
/// the calling thread, the others on `WorkerPool`'s spinning threads when the pool is free (Linux),
/// else on `DispatchQueue.concurrentPerform`.
public func parallel(_ n: Int, _ body: (Int) -> Void) {
    if n <= 1 {
        if n == 1 { body(0) }
        return
    }
    #if os(Linux) && canImport(Synchronization)
    if WorkerPool.shared.run(n, body) { return }
    #endif
    withoutActuallyEscaping(body) { body in
        let shared = Unchecked(body)
        DispatchQueue.concurrentPerform(iterations: n) { shared.value($0) }
    }
}

/// A value handed to worker threads that only touch their own share of memory.
public struct Unchecked<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}

/// Adds the nanoseconds `body` takes to `clock[slot]`, or just runs it when `clock` is nil (training).
@inline(__always)
public func timed(_ clock: UnsafeMutablePointer<UInt64>?, _ slot: Int, _ body: () -> Void) {
    guard let clock else { body(); return }
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    clock[slot] &+= DispatchTime.now().uptimeNanoseconds &- start
}

/// Cuts a batch's groups of 8 examples into chunks that depend on the batch size alone, and lets
/// threads take the chunks in turn, so a thread slowed by other work hands the rest to the others.
/// Each chunk has its own gradient accumulators, summed afterwards in chunk order: the numbers
/// depend on the batch, never on the thread count or on which thread ran which chunk.
public final class GroupChunks {
    /// At most this many chunks (and accumulator copies).
    public static let maxChunks = 8

    private let lock = NSLock()
    private var next = 0

    public init() {}

    /// Chunks for `groups` groups: at least 4 groups each once there are 16 or more (fewer copies of
    /// the accumulators to zero and sum), and up to 4 chunks below that, so that a small batch
    /// (batch 50: 7 groups) still keeps two threads busy.
    public static func count(groups: Int) -> Int {
        min(maxChunks, max(min(groups, 4), groups / 4))
    }

    /// The groups of chunk `chunk` of `chunks`.
    public static func groups(_ groups: Int, chunk: Int, of chunks: Int) -> Range<Int> {
        (groups * chunk / chunks)..<(groups * (chunk + 1) / chunks)
    }

    /// Runs body(thread, chunk, its groups) for every chunk, on up to `threads` threads.
    public func run(threads: Int, groups: Int, chunks: Int, _ body: (_ thread: Int, _ chunk: Int, _ groups: Range<Int>) -> Void) {
        lock.lock()
        next = 0
        lock.unlock()
        parallel(min(threads, chunks)) { t in
            while true {
                lock.lock()
                let chunk = next
                next += 1
                lock.unlock()
                if chunk >= chunks { break }
                body(t, chunk, Self.groups(groups, chunk: chunk, of: chunks))
            }
        }
    }
}

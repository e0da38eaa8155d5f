import Dispatch
import Foundation
#if os(Linux) && canImport(Synchronization)
import Synchronization

/// Worker threads that stay awake between the parallel regions of a training step, so that
/// `parallel` hands them work in about a microsecond instead of waking a sleeping thread.
///
/// Why: a training step runs 5 to 25 parallel regions (stages, the gradient reduction, the
/// optimizer's update). `DispatchQueue.concurrentPerform` parks its workers between calls, and on
/// this machine (2 cores, Linux, a VM) waking one costs tens of microseconds: measured with two
/// threads of equal work, concurrentPerform took 35, 56 and 103 µs longer than one thread's share of
/// 20 µs, 150 µs and 1.5 ms of work; a spinning worker took 1, 17 and 30 µs longer.
///
/// A worker that has had nothing to do for `spinNanoseconds` sleeps on a semaphore, so an idle
/// trainer does not keep a core busy; the next region wakes it the slow way. One caller at a time:
/// a `parallel` call made while the pool is busy (from inside a region, or from another thread)
/// runs on `concurrentPerform` instead. Which thread runs which index does not matter to the
/// numbers: every kernel's work depends on its index alone.
final class WorkerPool: @unchecked Sendable {
    static let shared = WorkerPool()
    /// Regions of more indices than this (1 + workers) use `concurrentPerform`, and so do regions
    /// of more indices than the machine has cores: a thread spinning on a core that another
    /// region's thread needs would only delay it.
    static let maxWorkers = min(63, max(0, ProcessInfo.processInfo.activeProcessorCount - 1))
    /// How long a worker spins after its last job before it sleeps: longer than the gaps between
    /// a step's regions, short against anything a user would notice.
    static let spinNanoseconds: UInt64 = 200_000

    private let busy = Atomic<Bool>(false)
    private let finished = Atomic<Int>(0)
    /// Only touched by the caller that holds `busy`.
    private var workers: [Worker] = []
    /// The region's body: written before the workers' generations are bumped, read after they see
    /// the bump.
    private var body: Unchecked<(Int) -> Void>?

    private final class Worker: @unchecked Sendable {
        let generation = Atomic<Int>(0)
        let sleeping = Atomic<Bool>(false)
        let wake = DispatchSemaphore(value: 0)
    }

    /// Runs body(t) for t in 0..<n, body(0) on the calling thread, and returns when all are done;
    /// false (nothing run) when the pool is busy or n is too large.
    func run(_ n: Int, _ body: (Int) -> Void) -> Bool {
        guard n - 1 <= Self.maxWorkers,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        while workers.count < n - 1 { start(index: workers.count + 1) }
        withoutActuallyEscaping(body) { body in
            self.body = Unchecked(body)
            finished.store(0, ordering: .relaxed)
            for w in workers.prefix(n - 1) {
                w.generation.add(1, ordering: .sequentiallyConsistent)
                if w.sleeping.exchange(false, ordering: .sequentiallyConsistent) { w.wake.signal() }
            }
            body(0)
            while finished.load(ordering: .acquiring) < n - 1 {}
            self.body = nil
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    private func start(index: Int) {
        let worker = Worker()
        workers.append(worker)
        let thread = Thread { [self] in loop(worker, index: index) }
        thread.name = "lenetc worker \(index)"
        thread.start()
    }

    private func loop(_ w: Worker, index: Int) {
        var seen = 0
        while true {
            var since = DispatchTime.now().uptimeNanoseconds
            var g = w.generation.load(ordering: .acquiring)
            while g == seen {
                if DispatchTime.now().uptimeNanoseconds &- since > Self.spinNanoseconds {
                    // Announce the sleep, then look once more: a caller that bumped the generation
                    // before seeing the announcement will not signal, so its job must be seen here.
                    w.sleeping.store(true, ordering: .sequentiallyConsistent)
                    if w.generation.load(ordering: .sequentiallyConsistent) == seen {
                        w.wake.wait()
                    } else if !w.sleeping.exchange(false, ordering: .sequentiallyConsistent) {
                        w.wake.wait() // the caller took the announcement back and signals: consume it
                    }
                    since = DispatchTime.now().uptimeNanoseconds
                }
                g = w.generation.load(ordering: .acquiring)
            }
            seen = g
            body!.value(index)
            finished.add(1, ordering: .releasing)
        }
    }
}
#endif

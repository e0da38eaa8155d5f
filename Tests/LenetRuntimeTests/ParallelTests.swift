import Dispatch
import Foundation
@testable import LenetRuntime
import Testing

/// `parallel` runs every index exactly once and returns only when all are done, however it is
/// called: back to back (the worker pool's spinning path), after its workers have gone to sleep,
/// nested, from several threads at once, and with more indices than the pool has workers.
@Suite struct ParallelTests {
    /// Runs `parallel(n)` and checks that each index ran once and that its write is visible.
    static func check(_ n: Int, work: Int = 0) -> Bool {
        let hits = UnsafeMutablePointer<Int>.allocate(capacity: n)
        defer { hits.deallocate() }
        hits.initialize(repeating: 0, count: n)
        parallel(n) { t in
            var x = 0
            for i in 0..<work { x &+= i ^ t }
            hits[t] += 1 + (x == -1 ? 1 : 0)
        }
        return (0..<n).allSatisfy { hits[$0] == 1 }
    }

    @Test func everyIndexRunsOnceBackToBack() {
        var ok = true
        for round in 0..<20_000 { ok = ok && Self.check(2 + round % 3, work: round % 7 * 50) }
        #expect(ok)
    }

    @Test func workersThatWentToSleepAreWokenAgain() {
        // Longer than WorkerPool.spinNanoseconds between regions, so the workers sleep each time.
        var ok = true
        for _ in 0..<30 {
            usleep(1_000)
            ok = ok && Self.check(2)
            ok = ok && Self.check(3, work: 10_000)
        }
        #expect(ok)
    }

    @Test func nestedAndConcurrentCallersAndWideRegionsAllComplete() {
        // Inside a region the pool is busy: the inner call runs on concurrentPerform.
        let inner = UnsafeMutablePointer<Int>.allocate(capacity: 4)
        defer { inner.deallocate() }
        inner.initialize(repeating: 0, count: 4)
        parallel(2) { t in
            parallel(2) { u in inner[2 * t + u] += 1 }
        }
        #expect((0..<4).allSatisfy { inner[$0] == 1 })
        // Several threads calling at once: one gets the pool, the others fall back; none is lost.
        let results = UnsafeMutablePointer<Bool>.allocate(capacity: 4)
        defer { results.deallocate() }
        let shared = Unchecked(results)
        DispatchQueue.concurrentPerform(iterations: 4) { c in
            var ok = true
            for _ in 0..<300 { ok = ok && Self.check(2, work: 100) }
            shared.value[c] = ok
        }
        #expect((0..<4).allSatisfy { results[$0] })
        // More indices than the pool takes.
        #expect(Self.check(WorkerPool.maxWorkers + 5))
        #expect(Self.check(1) && Self.check(0) == true)
    }
}

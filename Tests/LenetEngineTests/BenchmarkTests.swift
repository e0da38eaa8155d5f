import Foundation
import LenetEngine
import LenetModel
import LenetRuntime
import Testing

/// Release-mode measurements, off unless asked for:
///   LENET_BENCH=1 swift test -c release --filter Benchmark
@Suite("Benchmarks", .serialized)
struct BenchmarkTests {
    static let environment = ProcessInfo.processInfo.environment

    @Test("lenet.yaml training throughput per strategy", .enabled(if: environment["LENET_BENCH"] != nil))
    func throughput() throws {
        let model = try specModel("lenet")
        let iterations = Int(Self.environment["LENET_BENCH_ITERS"] ?? "") ?? 30
        var configurations = [(1, ParallelStrategy.dataParallel), (2, .dataParallel), (2, .blasThreads)]
        if let only = Self.environment["LENET_BENCH_CONFIG"] {  // e.g. "2:data-parallel"
            let parts = only.split(separator: ":")
            if parts.count == 2, let threads = Int(parts[0]), let strategy = ParallelStrategy(rawValue: String(parts[1])) {
                configurations = [(threads, strategy)]
            }
        }
        for (threads, strategy) in configurations {
            let network = try Network(model: model, threads: threads, strategy: strategy)
            let report = try network.timeLayers(batchSize: 256, iterations: iterations, warmup: 5)
            print("== \(threads) thread(s), \(strategy.rawValue): train step \(String(format: "%.2f", report.trainStepMs)) ms/batch = \(Int(report.examplesPerSecond)) examples/s")
            for row in report.layers {
                print(String(format: "   %-44@ forward %7.3f ms  backward %7.3f ms", row.name as NSString, row.forwardMs,
                             row.backwardMs))
            }
            print(String(format: "   %-44@ forward %7.3f ms  backward %7.3f ms", "total (one thread, whole batch)" as NSString,
                         report.forwardMs, report.backwardMs))
        }
    }
}

import Foundation
import LenetEngine
import LenetModel
import LenetRuntime
import Testing

/// Release-mode measurements, off unless asked for:
///   LENET_BENCH=1 swift test -c release --filter Benchmark
///   LENET_MNIST_EPOCH=1 swift test -c release --filter Benchmark   (one epoch of real MNIST)
@Suite("Benchmarks", .serialized)
struct BenchmarkTests {
    static let environment = ProcessInfo.processInfo.environment
    static let mnistDirectory = "/work/shared/datasets/mnist"

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

    @Test("one epoch of real MNIST with lenet.yaml", .enabled(if: environment["LENET_MNIST_EPOCH"] != nil))
    func mnistEpoch() throws {
        func images(_ name: String) throws -> [Float] {
            try IDX.read("\(Self.mnistDirectory)/\(name)").data.map { Float($0) / 255 }
        }
        func labels(_ name: String) throws -> [Int32] {
            try IDX.read("\(Self.mnistDirectory)/\(name)").data.map { Int32($0) }
        }
        let model = try specModel("lenet")
        let threads = Int(Self.environment["LENET_THREADS"] ?? "") ?? 2
        let trainer = try Trainer(model: model, trainImages: try images("train-images-idx3-ubyte.gz"),
                                  trainLabels: try labels("train-labels-idx1-ubyte.gz"),
                                  testImages: try images("t10k-images-idx3-ubyte.gz"),
                                  testLabels: try labels("t10k-labels-idx1-ubyte.gz"), threads: threads)
        let epochs = Int(Self.environment["LENET_MNIST_EPOCH"] ?? "") ?? 1
        for _ in 0..<epochs {
            guard let result = try trainer.trainEpoch() else { break }
            print(String(format: "epoch %d: loss %.4f, train acc %.4f, test acc %.4f, %.2f s, %.0f examples/s",
                         result.epoch, result.meanLoss, result.trainAccuracy, result.testAccuracy ?? -1, result.seconds,
                         result.examplesPerSecond))
        }
    }
}

import Foundation

/// A network that times its own blocks (emitted trainers, for `--profile`).
public protocol ProfilingNetwork: TrainableNetwork {
    /// The timed blocks, in forward order; block k's forward time goes to slot 2k, its backward to 2k + 1.
    var profiledBlocks: [String] { get }
    /// `trainStep`, adding each block's nanoseconds on thread t into `clock[t · 2 · profiledBlocks.count + slot]`.
    func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, dropoutSeed: UInt64,
                   clock: UnsafeMutablePointer<UInt64>) -> (lossSum: Double, correct: Int)
    var threads: Int { get }
}

/// Per-block forward and backward medians of an emitted network, as `lenetc time` prints the
/// engine's layers: random inputs, weights drawn as training draws them, `warmup` untimed steps,
/// then the median of `steps`.
public enum StepProfiler {
    public struct Row: Sendable, Equatable {
        public var block: String
        /// Milliseconds per batch: the block's time summed over the threads, divided by the thread
        /// count (its share of the step's wall time when the threads are evenly loaded).
        public var forwardMs: Double
        public var backwardMs: Double
    }

    public struct Report: Sendable {
        public var name: String
        public var batch: Int
        public var threads: Int
        public var steps: Int
        public var warmup: Int
        public var rows: [Row]
        /// Median wall time of a whole step (forward, loss, backward and the gradient reduction; no
        /// optimizer update), untimed blocks, and the examples per second it gives.
        public var stepMs: Double
        public var examplesPerSecond: Double { Double(batch) / stepMs * 1000 }

        /// The table: one row per block, the totals, and the whole step.
        public var text: String {
            var cells: [[String]] = [["block", "forward ms", "backward ms"]]
            for row in rows {
                cells.append([row.block, String(format: "%.3f", row.forwardMs),
                              row.backwardMs > 0 ? String(format: "%.3f", row.backwardMs) : "-"])
            }
            let forward = rows.reduce(0) { $0 + $1.forwardMs }, backward = rows.reduce(0) { $0 + $1.backwardMs }
            let widths = (0..<3).map { c in (cells + [["total", "", ""]]).map { $0[c].count }.max() ?? 0 }
            func line(_ row: [String]) -> String {
                row.enumerated().map { c, cell in
                    let pad = String(repeating: " ", count: widths[c] - cell.count)
                    return c == 0 ? cell + pad : pad + cell
                }.joined(separator: "  ")
            }
            var out = "\(name): median of \(steps) steps after \(warmup) warm-up, batch \(batch), \(threads) thread\(threads == 1 ? "" : "s")\n"
            for row in cells { out += line(row) + "\n" }
            out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
            out += line(["total", String(format: "%.3f", forward), String(format: "%.3f", backward)]) + "\n"
            out += String(format: "training step (forward, loss, backward; blocks untimed): %.3f ms per batch, %.0f examples/sec\n",
                          stepMs, examplesPerSecond)
            return out
        }
    }

    public static func run(_ network: ProfilingNetwork, name: String, recipe: TrainingRecipe, classes: Int,
                           steps: Int = 20, warmup: Int = 3) throws -> Report {
        let batch = recipe.batch
        try TrainingLoop.initialize(network, scheme: recipe.initializer, biases: recipe.biasInitializer, seed: recipe.seed)
        var rng = SeededRNG(seed: recipe.seed).split(stream: 99)
        let images = (0..<batch * network.inputSize).map { _ in rng.nextFloat() }
        let labels = (0..<batch).map { _ in Int32(rng.int(below: classes)) }
        let blocks = network.profiledBlocks
        let slots = 2 * blocks.count
        let clock = UnsafeMutablePointer<UInt64>.allocate(capacity: slots * network.threads)
        defer { clock.deallocate() }
        var samples = [[Double]](repeating: [], count: slots)
        var walls: [Double] = []
        for step in 0..<(warmup + steps) {
            clock.initialize(repeating: 0, count: slots * network.threads)
            _ = network.trainStep(images: images, labels: labels, count: batch, dropoutSeed: UInt64(step), clock: clock)
            let start = monotonicSeconds()
            _ = network.trainStep(images: images, labels: labels, count: batch, dropoutSeed: UInt64(step))
            let wall = monotonicSeconds() - start
            guard step >= warmup else { continue }
            walls.append(wall * 1000)
            for s in 0..<slots {
                var total: UInt64 = 0
                for t in 0..<network.threads { total &+= clock[t * slots + s] }
                samples[s].append(Double(total) / 1e6 / Double(network.threads))
            }
        }
        let rows = blocks.enumerated().map { k, block in
            Row(block: block, forwardMs: median(samples[2 * k]), backwardMs: median(samples[2 * k + 1]))
        }
        return Report(name: name, batch: batch, threads: network.threads, steps: steps, warmup: warmup, rows: rows,
                      stepMs: median(walls))
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

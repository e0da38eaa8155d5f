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
/// then the median of `steps`; then the whole step's median without and with the spec's optimizer's
/// update (which changes the weights from step to step, as training does).
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
        /// Median wall time of a step with the spec's optimizer's update, as training runs it (fused
        /// into the backward pass where the network fuses it, `TrainableNetwork.fusedUpdateRanges`).
        public var updatedStepMs: Double
        /// For a network that fuses updates: the median of a step followed by the whole update, as
        /// with `LENETC_FUSED_UPDATE=0` (nil otherwise).
        public var unfusedStepMs: Double?
        /// Parameters whose update is fused, and all of them.
        public var fusedParameters: Int
        public var parameters: Int

        /// `3,211,264`.
        static func grouped(_ n: Int) -> String {
            let digits = Array(String(n))
            return String(digits.enumerated().flatMap { k, d in k > 0 && (digits.count - k) % 3 == 0 ? [",", d] : [d] })
        }

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
            out += String(format: "with the optimizer's update: %.3f ms per batch, %.0f examples/sec", updatedStepMs,
                          Double(batch) / updatedStepMs * 1000)
            if let unfusedStepMs {
                out += " (\(Self.grouped(fusedParameters)) of \(Self.grouped(parameters)) parameters updated in the backward pass; "
                    + String(format: "%.3f ms with the whole update after the step)", unfusedStepMs)
            }
            return out + "\n"
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
        var walls: [Double] = [], updated: [Double] = [], unfused: [Double] = []
        var optimizer = FlatOptimizer(settings: recipe.optimizer, parameterCount: network.parameters.count)
        let fused = network.fusedUpdateRanges
        let lr = recipe.optimizer.lr
        for step in 0..<(warmup + steps) {
            clock.initialize(repeating: 0, count: slots * network.threads)
            _ = network.trainStep(images: images, labels: labels, count: batch, dropoutSeed: UInt64(step), clock: clock)
            var start = monotonicSeconds()
            _ = network.trainStep(images: images, labels: labels, count: batch, dropoutSeed: UInt64(step))
            let wall = monotonicSeconds() - start
            // The step with its update, fused as training runs it and, for comparison, with the update
            // after the step, alternating so that both see the same machine.
            // A step followed by the whole update.
            func stepThenUpdate() throws {
                _ = network.trainStep(images: images, labels: labels, count: batch, dropoutSeed: UInt64(step))
                try optimizer.update(parameters: network.parameters, gradients: UnsafeBufferPointer(network.gradients), lr: lr,
                                     threads: network.threads)
            }
            start = monotonicSeconds()
            if fused.isEmpty {
                try stepThenUpdate()
            } else {
                _ = try optimizer.update(parameters: network.parameters, gradients: UnsafeBufferPointer(network.gradients), lr: lr,
                                         threads: network.threads, fusing: fused) { update in
                    network.trainStep(images: images, labels: labels, count: batch, dropoutSeed: UInt64(step), update: update)
                }
            }
            let withUpdate = monotonicSeconds() - start
            var after = 0.0
            if !fused.isEmpty {
                start = monotonicSeconds()
                try stepThenUpdate()
                after = monotonicSeconds() - start
            }
            guard step >= warmup else { continue }
            walls.append(wall * 1000)
            updated.append(withUpdate * 1000)
            if !fused.isEmpty { unfused.append(after * 1000) }
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
                      stepMs: median(walls), updatedStepMs: median(updated), unfusedStepMs: fused.isEmpty ? nil : median(unfused),
                      fusedParameters: fused.reduce(0) { $0 + $1.count }, parameters: network.parameters.count)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

import ArgumentParser
import Foundation
import LenetEngine
import LenetModel

/// `lenetc time SPEC`: per-layer forward and backward milliseconds per batch, as `caffe time` prints them.
struct TimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "time",
        abstract: "Time every layer's forward and backward pass (median ms per batch), as `caffe time` does.",
        discussion: """
        Layers are timed one by one on the whole batch (single-threaded unless OpenBLAS threads are the \
        engine's strategy); the training step at the end runs as training does, on every thread. Inputs \
        are random; no data is needed. --dataset checks the spec against another data set's images and \
        classes, as `run --dataset` trains it.
        """)

    @Argument(help: "A spec file, or a name in Specs/.")
    var spec: String

    @Option(help: "Examples per batch (default: the spec's batch).")
    var batch: Int?

    @Option(help: "Timed iterations; the median is reported.")
    var iterations: Int = 20

    @Option(help: "Untimed warm-up iterations.")
    var warmup: Int = 3

    @Option(help: "Threads to use (default: every core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var dataset: DatasetFlag

    func validate() throws {
        if let batch, !(1...65_536).contains(batch) { throw ValidationError("--batch must be between 1 and 65,536") }
        if !(1...10_000).contains(iterations) { throw ValidationError("--iterations must be between 1 and 10,000") }
        if !(0...1_000).contains(warmup) { throw ValidationError("--warmup must be between 0 and 1,000") }
        if !(1...256).contains(threads) { throw ValidationError("--threads must be between 1 and 256") }
    }

    func run() throws {
        let model = try SpecInput.model(spec, dataset: try dataset.chosen())
        let batchSize = batch ?? model.train.batch
        let report: TimingReport
        do {
            let network = try Network(model: model, threads: threads)
            report = try network.timeLayers(batchSize: batchSize, iterations: iterations, warmup: warmup, seed: model.train.seed)
        } catch {
            Terminal.err("error: \(error)\n")
            throw ExitCode.failure
        }
        Terminal.out(TimeCommand.render(report, model: model))
    }

    static func render(_ report: TimingReport, model: Model) -> String {
        var rows: [[String]] = [["#", "layer", "forward ms", "backward ms"]]
        for layer in report.layers {
            let index = layer.layers.count > 1 ? "\(layer.layers.first!)-\(layer.layers.last!)" : "\(layer.layers.first ?? layer.step)"
            rows.append([index, layer.name, String(format: "%.3f", layer.forwardMs), String(format: "%.3f", layer.backwardMs)])
        }
        rows.append(["", "total", String(format: "%.3f", report.forwardMs), String(format: "%.3f", report.backwardMs)])
        let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = "\(model.name) on \(model.dataset.name): median of \(report.iterations) iterations after \(report.warmup) warm-up, batch \(report.batchSize), \(report.threads) thread\(report.threads == 1 ? "" : "s") (\(report.strategy.rawValue))\n"
        for (n, row) in rows.enumerated() {
            if n == rows.count - 1 { out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n" }
            out += row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c >= 2 || c == 0 ? pad + cell : cell + pad
            }.joined(separator: "  ") + "\n"
        }
        out += "training step (forward, loss, backward, update on \(report.threads) thread\(report.threads == 1 ? "" : "s")): "
            + String(format: "%.3f ms per batch, %.0f examples/sec\n", report.trainStepMs, report.examplesPerSecond)
            + String(format: "of which the optimizer's update: %.3f ms\n", report.updateMs)
        return out
    }
}

import Foundation

/// A one-line live progress display on standard error, redrawn in place with `\r`, as tqdm does.
/// Shown only when standard error is a terminal, so piped output and log files stay clean.
public final class ProgressBar {
    public let enabled: Bool
    private let total: Int
    private let label: String
    private var line = LiveLine()
    private let start: Double
    private let width = 24

    /// - Parameters:
    ///   - label: shown before the bar, e.g. `epoch 3/10`.
    ///   - total: the number of steps (batches).
    ///   - enabled: force on or off; by default on exactly when stderr is a terminal.
    public init(label: String, total: Int, enabled: Bool? = nil) {
        self.label = label
        self.total = max(1, total)
        self.enabled = enabled ?? (isatty(STDERR_FILENO) == 1)
        self.start = monotonicSeconds()
    }

    /// Redraws at most ten times a second, and always on the last step.
    public func update(step: Int, loss: Double, examples: Int) {
        guard enabled else { return }
        line.draw(force: step >= total) {
            render(step: step, loss: loss, examples: examples, elapsed: monotonicSeconds() - start)
        }
    }

    /// Clears the line so the next printed line starts clean.
    public func finish() {
        line.finish(clear: true)
    }

    /// `epoch 3/10 [██████████░░░░░░░░░░░░░░]  41% 97/235  loss 0.5123  9,876 ex/s  ETA 3s`
    public func render(step: Int, loss: Double, examples: Int, elapsed: Double) -> String {
        let fraction = min(1, Double(step) / Double(total))
        let bar = LiveLine.bar(fraction, width: width, full: "█", empty: "░")
        let rate = elapsed > 0 ? Double(examples) / elapsed : 0
        let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let percent = String(Int((fraction * 100).rounded(.down)))
        return "\(label) [\(bar)] \(String(repeating: " ", count: 3 - percent.count))\(percent)% \(step)/\(total)  loss \(fixed(loss, 4))  \(Int(rate)) ex/s  ETA \(Int(remaining.rounded(.up)))s"
    }
}

/// Seconds from a monotonic clock (immune to wall-clock changes), for timing epochs and batches.
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

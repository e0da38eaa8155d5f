import Foundation

/// One epoch's results, as d2l's `train_ch6` reports them, plus what a machine reading the metrics
/// file needs to tell runs apart.
public struct EpochRecord: Sendable, Equatable {
    public var epoch: Int
    /// Mean training loss over the epoch's examples.
    public var loss: Double
    public var trainAccuracy: Double
    public var testAccuracy: Double
    /// Wall time of the epoch's training (not evaluation), in seconds.
    public var seconds: Double
    /// Training examples per second in this epoch.
    public var examplesPerSecond: Double
    /// Learning rate at the end of the epoch.
    public var learningRate: Double
    /// SGD iterations done so far.
    public var iteration: Int
    /// Where the data came from: `mnist`, `fashion-mnist`, or `synthetic`.
    public var data: String

    public init(epoch: Int, loss: Double, trainAccuracy: Double, testAccuracy: Double, seconds: Double,
                examplesPerSecond: Double, learningRate: Double, iteration: Int, data: String) {
        self.epoch = epoch
        self.loss = loss
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
        self.seconds = seconds
        self.examplesPerSecond = examplesPerSecond
        self.learningRate = learningRate
        self.iteration = iteration
        self.data = data
    }

    /// d2l's epoch line: `epoch 1, loss 2.3193, train acc 0.103, test acc 0.100, time 3.5 sec`.
    public var line: String {
        "epoch \(epoch), loss \(fixed(loss, 4)), train acc \(fixed(trainAccuracy, 3)), test acc \(fixed(testAccuracy, 3)), time \(fixed(seconds, 1)) sec"
    }

    /// One JSON object on one line, for `--metrics FILE.jsonl`.
    public var json: String {
        "{\"epoch\": \(epoch), \"loss\": \(jsonNumber(loss)), \"train_acc\": \(jsonNumber(trainAccuracy)), "
            + "\"test_acc\": \(jsonNumber(testAccuracy)), \"time_sec\": \(jsonNumber(seconds)), "
            + "\"examples_per_sec\": \(jsonNumber(examplesPerSecond)), \"lr\": \(jsonNumber(learningRate)), "
            + "\"iteration\": \(iteration), \"data\": \(miniJSONQuote(data))}"
    }
}

/// d2l's closing lines: `loss 0.112, train acc 0.965, test acc 0.969` and
/// `59217.4 examples/sec on cpu (2 threads)`.
public func summaryLines(last: EpochRecord, examplesPerSecond: Double, threads: Int) -> String {
    "loss \(fixed(last.loss, 3)), train acc \(fixed(last.trainAccuracy, 3)), test acc \(fixed(last.testAccuracy, 3))\n"
        + "\(fixed(examplesPerSecond, 1)) examples/sec on cpu (\(threads) thread\(threads == 1 ? "" : "s"))\n"
}

/// `x` with exactly `digits` decimals, as Python's `f'{x:.4f}'` prints it (`nan` and `inf` too).
public func fixed(_ x: Double, _ digits: Int) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    return String(format: "%.\(digits)f", x)
}

/// JSON has no NaN or infinity; they become null so the file stays parseable.
func jsonNumber(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    return "\(x)"
}

/// A file that could not be written or read, with what the user can do about it.
public struct RuntimeFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public var path: String
    public var problem: String
    /// What to do about it, printed on its own `hint:` line.
    public var hint: String?
    public init(path: String, problem: String, hint: String? = nil) {
        self.path = path
        self.problem = problem
        self.hint = hint
    }
    public var description: String { "\(path): \(problem)" + (hint.map { "\nhint: \($0)" } ?? "") }
}

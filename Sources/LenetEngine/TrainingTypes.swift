import LenetRuntime

/// Progress after one mini-batch, for progress bars.
public struct BatchProgress: Sendable {
    /// Epoch of the run (from 1) and batch within it (from 1).
    public var epoch: Int
    public var batch: Int
    public var batchesInEpoch: Int
    /// Iterations done in the whole run, this one included.
    public var iteration: Int
    public var totalIterations: Int
    /// Examples in this batch, their mean loss and how many were classified right.
    public var examples: Int
    public var loss: Double
    public var correct: Int
    /// The learning rate used for this update.
    public var learningRate: Double
}

/// What one epoch of training did.
public struct EpochResult: Sendable {
    /// From 1.
    public var epoch: Int
    /// Batches and examples trained in this epoch (fewer than a full pass when a run by iterations
    /// ends inside it, or the run was stopped).
    public var batches: Int
    public var examples: Int
    /// Mean training loss over the epoch's examples (as seen during training, like d2l's train_ch6).
    public var meanLoss: Double
    /// Fraction of training examples classified right during the epoch's forward passes.
    public var trainAccuracy: Double
    /// Accuracy on the test set after the epoch (nil without a test set).
    public var testAccuracy: Double?
    /// Wall-clock seconds of training (evaluation excluded) and training examples per second.
    public var seconds: Double
    public var examplesPerSecond: Double
    /// Learning rate of the epoch's last update.
    public var learningRate: Double
    /// Whether the epoch ran to its planned end (false when the batch callback stopped it).
    public var completed: Bool
}

/// Predictions on a labelled set, with the summaries a report needs.
public struct Evaluation: Sendable {
    /// Predicted class and true label of every example, and the number of classes.
    public var predictions: [Int32]
    public var labels: [Int32]
    public var classes: Int
    /// Mean cross-entropy over the examples.
    public var meanLoss: Double
    /// Examples predicted right, examples, and their ratio.
    public var correct: Int
    public var count: Int { labels.count }
    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }

    /// confusion[truth][predicted] counts.
    public var confusion: [[Int]] {
        var matrix = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        for (truth, predicted) in zip(labels, predictions) { matrix[Int(truth)][Int(predicted)] += 1 }
        return matrix
    }

    /// Accuracy of each class (nil for a class with no examples).
    public var perClassAccuracy: [Double?] {
        confusion.enumerated().map { index, row in
            let total = row.reduce(0, +)
            return total == 0 ? nil : Double(row[index]) / Double(total)
        }
    }
}

/// Everything needed to continue a run exactly where it stopped (at a batch boundary): resuming
/// from it gives bit-identical weights to a run that never stopped (same thread count).
public struct TrainerState: Sendable, Equatable {
    /// The parameter arena (layout order) and the optimizer's step count and buffers.
    public var parameters: [Float]
    public var optimizer: OptimizerState
    /// Epochs completed, iterations completed, batches completed in the current epoch.
    public var epoch: Int
    public var iteration: Int
    public var batchInEpoch: Int
    /// The shuffling generator as it was at the start of the current epoch (before drawing its
    /// permutation), and the dropout generator as it is now.
    public var shuffleRNG: SeededRNG.State
    public var dropoutRNG: SeededRNG.State
    /// Partial sums of the current epoch, so its result is reported as if never interrupted.
    public var epochLossSum: Double
    public var epochCorrect: Int
    public var epochExamples: Int
    public var epochSeconds: Double
    /// The run's seed, training-set size and batch size (checked on restore: the same run only).
    public var seed: UInt64
    public var trainCount: Int
    public var batch: Int
}

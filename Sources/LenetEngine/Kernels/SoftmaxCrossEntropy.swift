import Foundation

/// What one batch of softmax cross-entropy produced.
public struct LossResult: Sendable, Equatable {
    /// Σ over the rows of −log softmax(z)[label] (divide by the batch size for the mean).
    public var lossSum: Double
    /// Rows whose largest logit (the first, on ties) is the label.
    public var correct: Int
}

/// Softmax cross-entropy on logits (PyTorch's `nn.CrossEntropyLoss`, mean reduction), stable by
/// log-sum-exp: loss_n = log Σ_j e^{z_nj − m_n} + m_n − z_n,label with m_n = max_j z_nj.
public enum SoftmaxCrossEntropy {
    /// Loss and accuracy of `count` rows of `classes` logits; when `logitsGrad` is given it is
    /// overwritten with d(mean loss)/dz = (softmax(z) − onehot(label)) / `batchSize`, where
    /// `batchSize` is the size of the whole batch these rows belong to (rows may be a thread's share).
    /// Throws on a label outside 0..<classes.
    public static func evaluate(logits z: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, classes: Int,
                                batchSize: Int, logitsGrad dz: UnsafeMutablePointer<Float>?) throws -> LossResult {
        guard classes > 0 else { throw EngineError.invalidArgument("softmax cross-entropy needs at least one class") }
        var total = 0.0
        var correct = 0
        let scale = 1 / Float(max(1, batchSize))
        for n in 0..<count {
            let row = z + n * classes
            let label = Int(labels[n])
            guard label >= 0 && label < classes else {
                throw EngineError.invalidArgument("label \(label) of example \(n) is outside 0..<\(classes)")
            }
            if argmax(row, classes: classes) == label { correct += 1 }
            var best = row[0]
            for j in 1..<classes where row[j] > best { best = row[j] }
            var s: Float = 0
            for j in 0..<classes { s += Foundation.exp(row[j] - best) }
            let logSum = Foundation.log(s) + best
            total += Double(logSum - row[label])
            if let dz {
                let g = dz + n * classes
                for j in 0..<classes {
                    let softmax = Foundation.exp(row[j] - logSum)
                    g[j] = (j == label ? softmax - 1 : softmax) * scale
                }
            }
        }
        return LossResult(lossSum: total, correct: correct)
    }

    /// Index of the largest of `classes` values (the first, on ties), for predictions.
    @inline(__always)
    public static func argmax(_ row: UnsafePointer<Float>, classes: Int) -> Int {
        var best = row[0], at = 0
        for j in 1..<max(1, classes) where row[j] > best {
            best = row[j]
            at = j
        }
        return at
    }
}

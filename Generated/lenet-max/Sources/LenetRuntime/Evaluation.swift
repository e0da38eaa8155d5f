/// Test-set results by class: overall and per-class accuracy and the confusion matrix, as
/// `lenetc eval` prints them.
public struct ConfusionMatrix: Sendable, Equatable {
    public let classNames: [String]
    /// `counts[truth][predicted]`.
    public private(set) var counts: [[Int]]

    public init(classNames: [String], labels: [Int32], predictions: [Int32]) {
        self.classNames = classNames
        let k = classNames.count
        var counts = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for (truth, guess) in zip(labels, predictions) where truth >= 0 && Int(truth) < k && guess >= 0 && Int(guess) < k {
            counts[Int(truth)][Int(guess)] += 1
        }
        self.counts = counts
    }

    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    public var correct: Int { counts.indices.reduce(0) { $0 + counts[$1][$1] } }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Recall of each class: correct predictions among its examples.
    public var perClassAccuracy: [Double] {
        counts.indices.map { i in
            let n = counts[i].reduce(0, +)
            return n == 0 ? 0 : Double(counts[i][i]) / Double(n)
        }
    }

    /// The report: test accuracy, a per-class table, and the matrix (rows: true class, columns: predicted).
    public var report: String {
        var out = "test acc \(fixed(accuracy, 4)) (\(correct) of \(total))\n\nper class:\n"
        let nameWidth = max(5, classNames.map(\.count).max() ?? 0)
        for (i, name) in classNames.enumerated() {
            let n = counts[i].reduce(0, +)
            out += "  \(pad(name, nameWidth))  \(fixed(perClassAccuracy[i], 3))  (\(counts[i][i]) of \(n))\n"
        }
        out += "\nconfusion matrix (rows: true class, columns: predicted):\n"
        let width = max(4, String(counts.flatMap { $0 }.max() ?? 0).count + 1)
        let labels = classNames.indices.map { String($0) }
        out += "  " + pad("", 3) + labels.map { leftPad($0, width) }.joined() + "\n"
        for (i, row) in counts.enumerated() {
            let name = classNames[i] == labels[i] ? "" : "   \(classNames[i])"
            out += "  " + pad(labels[i], 3) + row.map { leftPad(String($0), width) }.joined() + name + "\n"
        }
        return out
    }

    private func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    private func leftPad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
}

// In the runtime, not the spec stage, so that the flags of emitted trainers (`--dataset fashon-mnist`)
// get the same suggestions as names in a spec.

/// Spelling suggestions for unknown names: `conv2d` -> `conv`.
public enum DidYouMean {
    /// The closest candidate within a small edit distance, if any.
    public static func suggest(_ word: String, from candidates: [String]) -> String? {
        let lowered = word.lowercased()
        if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return exact }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = max(1, min(3, best.name.count / 3))
        if best.distance <= allowed { return best.name }
        // A candidate that the word starts with, or that starts with the word (`maxpooling` -> `maxpool`).
        if let prefix = candidates.first(where: {
            lowered.count >= 3 && ($0.hasPrefix(lowered) || lowered.hasPrefix($0.lowercased()))
        }) {
            return prefix
        }
        return nil
    }

    /// Edit distance over Unicode scalars where swapping two neighbours counts as one edit (`mnsit` is
    /// one edit from `mnist`); inputs are cut to 64 scalars so it stays cheap.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars.prefix(64)), y = Array(b.unicodeScalars.prefix(64))
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = Swift.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    d[i][j] = Swift.min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[x.count][y.count]
    }
}

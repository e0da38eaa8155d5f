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

    /// Levenshtein distance over Unicode scalars; inputs are cut to 64 scalars so it stays cheap.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars.prefix(64)), y = Array(b.unicodeScalars.prefix(64))
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}

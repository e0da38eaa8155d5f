/// Lays out Swift source: four-space indentation, braces opened and closed by `block`, comments
/// wrapped at 110 columns. The renderers decide what to write; this only decides how it looks.
final class SwiftWriter {
    private(set) var text = ""
    private var depth = 0
    static let width = 110

    var indentation: String { String(repeating: "    ", count: depth) }

    func line(_ s: String = "") {
        text += s.isEmpty ? "\n" : indentation + s + "\n"
    }

    /// Several lines at the current indentation (blank lines stay blank).
    func lines(_ s: String) {
        for part in s.split(separator: "\n", omittingEmptySubsequences: false) { line(String(part)) }
    }

    /// `header {`, the body one level deeper, `}` (plus `trailer`, e.g. for `} else {`).
    func block(_ header: String, _ body: () -> Void) {
        line(header + " {")
        depth += 1
        body()
        depth -= 1
        line("}")
    }

    /// `header { params in`, the body one level deeper, `}`: a trailing closure.
    func closure(_ header: String, _ parameters: String, _ body: () -> Void) {
        line(header + " { " + parameters + " in")
        depth += 1
        body()
        depth -= 1
        line("}")
    }

    /// `if a {` … `} else {` … `}`: blocks chained on the closing braces.
    func chain(_ parts: [(header: String, body: () -> Void)]) {
        for (n, part) in parts.enumerated() {
            line((n == 0 ? "" : "} ") + part.header + " {")
            depth += 1
            part.body()
            depth -= 1
        }
        line("}")
    }

    /// The body one level deeper without braces (for `switch` cases).
    func indented(_ body: () -> Void) {
        depth += 1
        body()
        depth -= 1
    }

    /// `// text`, wrapped at word boundaries.
    func comment(_ s: String, prefix: String = "// ") {
        for paragraph in s.split(separator: "\n", omittingEmptySubsequences: false) {
            if paragraph.isEmpty { line(prefix.trimmingTrailingSpace()); continue }
            var current = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let candidate = current.isEmpty ? String(word) : current + " " + word
                if indentation.count + prefix.count + candidate.count > Self.width && !current.isEmpty {
                    line(prefix + current)
                    current = String(word)
                } else {
                    current = candidate
                }
            }
            line(prefix + current)
        }
    }

    func docComment(_ s: String) { comment(s, prefix: "/// ") }
}

extension String {
    func trimmingTrailingSpace() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

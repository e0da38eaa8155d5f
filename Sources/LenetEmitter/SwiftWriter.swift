/// Lays out Swift source: four-space indentation, braces opened and closed by `block`, comments
/// wrapped at 110 columns. The renderers decide what to write; this only decides how it looks.
final class SwiftWriter {
    private(set) var text = ""
    private var depth = 0
    static let width = 110
    /// Strides to declare at the top of every block opened at `depth`: those its body names, a `let`
    /// line for each group.
    private var hoisted: (depth: Int, groups: [[Stride]])?

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
        if indentation.count + header.count + 2 > Self.width, header.contains("func "),
           let open = header.firstIndex(of: "("), let close = Self.matchingParenthesis(header, open) {
            // A long signature: parameters on a line of their own.
            line(String(header[...open]))
            line("    " + header[header.index(after: open)..<close])
            line(")" + header[header.index(after: close)...] + " {")
        } else {
            line(header + " {")
        }
        let hoisting = hoisted.flatMap { $0.depth == depth ? $0.groups : nil }
        depth += 1
        let start = text.utf8.count
        body()
        if let hoisting { declareUsed(hoisting, since: start) }
        depth -= 1
        line("}")
    }

    /// Runs `body`; each block it opens at this level (a kernel function) starts with `let` lines for
    /// those of the strides that its text names, in the order given, a line for each group (a tensor).
    func declaringStrides(_ groups: [[Stride]], _ body: () -> Void) {
        let saved = hoisted
        hoisted = (depth, groups)
        body()
        hoisted = saved
    }

    /// Inserts the declarations of the strides used after byte `start` at `start`.
    private func declareUsed(_ groups: [[Stride]], since start: Int) {
        let at = text.utf8.index(text.utf8.startIndex, offsetBy: start)
        let body = text[at...]
        var seen: [String: Int] = [:]
        var lines: [[Stride]] = []
        for group in groups {
            var used: [Stride] = []
            for s in group where Self.names(s.name, in: body) {
                if let value = seen[s.name] {
                    precondition(value == s.value, "stride \(s.name) is \(value) and \(s.value)")
                    continue
                }
                seen[s.name] = s.value
                used.append(s)
            }
            if !used.isEmpty { lines.append(used) }
        }
        guard !lines.isEmpty else { return }
        let rest = String(body)
        text = String(text[..<at])
        comment("strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)")
        for used in lines { declare("let", used.map { "\($0.name) = \($0.value)" }) }
        text += rest
    }

    /// Whether `name` occurs in `text` as a whole identifier.
    static func names(_ name: String, in text: Substring) -> Bool {
        func isIdentifier(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
        var search = text.startIndex
        while let range = text[search...].range(of: name) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if !isIdentifier(before) && !isIdentifier(after) { return true }
            search = range.upperBound
        }
        return false
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

    /// The `)` that closes the `(` at `open`.
    static func matchingParenthesis(_ text: String, _ open: String.Index) -> String.Index? {
        var depth = 0
        for index in text[open...].indices {
            if text[index] == "(" { depth += 1 }
            if text[index] == ")" { depth -= 1; if depth == 0 { return index } }
        }
        return nil
    }

    /// The body one level deeper without braces (for `switch` cases).
    func indented(_ body: () -> Void) {
        depth += 1
        body()
        depth -= 1
    }

    /// `let a = …, b = …`: the declarations on as few lines as fit the width, each line its own
    /// `let` (or `var`).
    func declare(_ keyword: String, _ items: [String]) {
        var current: [String] = []
        func flush() {
            if !current.isEmpty { line(keyword + " " + current.joined(separator: ", ")) }
            current = []
        }
        for item in items {
            let candidate = indentation.count + keyword.count + 1 + (current + [item]).joined(separator: ", ").count
            if candidate > Self.width && !current.isEmpty { flush() }
            current.append(item)
        }
        flush()
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

import LenetRuntime
import Yams

/// Typed reads of YAML nodes that report what is wrong (with its location) instead of throwing, so a
/// parse goes on and collects every independent mistake.
struct NodeReader {
    let source: SourceFile
    var bag = DiagnosticBag()

    init(source: SourceFile) {
        self.source = source
    }

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return source.clamp(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// How many columns the node spans on its first line (for the underline).
    func width(_ node: Node) -> Int {
        guard case let .scalar(scalar) = node else { return 1 }
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        let first = scalar.string.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        return max(1, first.unicodeScalars.count + (quoted ? 2 : 0))
    }

    /// "a list", "a mapping", "the text "abc"", "the number 5" — for messages like `expected X, found Y`.
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case let .scalar(scalar):
            if isNull(node) { return "nothing" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(37)) + "..." : scalar.string
            if scalar.style == .plain {
                if Int(text.replacingOccurrences(of: "_", with: "")) != nil || Double(text) != nil {
                    return "the number \(text)"
                }
                if ["true", "false"].contains(text.lowercased()) { return "the boolean \(text)" }
            }
            return "the text \"\(text)\""
        }
    }

    func isNull(_ node: Node) -> Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A plain scalar's text, or nil (and an error) for anything else.
    mutating func plainText(_ node: Node, what: String) -> String? {
        guard case let .scalar(scalar) = node, !isNull(node) else {
            bag.error("\(what) must be a value, but found \(describe(node))", at: location(node), length: width(node))
            return nil
        }
        return scalar.string
    }

    /// A whole number in `range`; `limitNote` explains where the bound comes from.
    mutating func int(_ node: Node, what: String, range: ClosedRange<Int>, limitNote: String? = nil) -> Located<Int>? {
        let at = location(node)
        guard case let .scalar(scalar) = node, !isNull(node) else {
            bag.error("\(what) must be a whole number, but found \(describe(node))", at: at, length: width(node))
            return nil
        }
        let text = scalar.string.trimmingWhitespace()
        if scalar.style != .plain {
            let hint = Int(text) != nil ? "remove the quotes: \(text)" : nil
            bag.error("\(what) must be a whole number, but found \(describe(node))", at: at, length: width(node), hint: hint)
            return nil
        }
        let digits = text.replacingOccurrences(of: "_", with: "")
        let body = digits.hasPrefix("-") || digits.hasPrefix("+") ? digits.dropFirst() : Substring(digits)
        if !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let value = Int(digits) else {
                bag.error("\(what) \(text) is far too large (the most is \(range.upperBound.grouped))",
                          at: at, length: width(node))
                return nil
            }
            return check(value, what: what, range: range, at: at, length: width(node), limitNote: limitNote)
        }
        if let real = Double(digits), real.isFinite {
            if real == real.rounded(), abs(real) < 1e15 {
                bag.error("\(what) must be a whole number, but found \(text)", at: at, length: width(node),
                          hint: "write \(Int(real))")
            } else {
                bag.error("\(what) must be a whole number, but found \(text)", at: at, length: width(node))
            }
            return nil
        }
        bag.error("\(what) must be a whole number, but found \(describe(node))", at: at, length: width(node))
        return nil
    }

    private mutating func check(_ value: Int, what: String, range: ClosedRange<Int>, at: SourceLocation,
                                length: Int, limitNote: String?) -> Located<Int>? {
        if value < range.lowerBound {
            let must = range.lowerBound == 0 ? "must not be negative" :
                range.lowerBound == 1 ? "must be at least 1" : "must be at least \(range.lowerBound)"
            bag.error("\(what) \(must), but is \(value)", at: at, length: length)
            return nil
        }
        if value > range.upperBound {
            bag.error("\(what) \(value.grouped) is too large: lenetc accepts at most \(range.upperBound.grouped)",
                      at: at, length: length, hint: limitNote)
            return nil
        }
        return Located(value, at: at)
    }

    /// A finite real number; `positive` rejects zero and below, otherwise negatives are rejected.
    /// A plain number within the bounds given; `hint` goes with a number out of bounds.
    mutating func double(_ node: Node, what: String, positive: Bool = false, below: Double? = nil,
                         atMost: Double? = nil, hint: String? = nil) -> Located<Double>? {
        let at = location(node)
        guard case let .scalar(scalar) = node, !isNull(node), scalar.style == .plain,
              let value = Double(scalar.string.trimmingWhitespace().replacingOccurrences(of: "_", with: ""))
        else {
            bag.error("\(what) must be a number, but found \(describe(node))", at: at, length: width(node))
            return nil
        }
        guard value.isFinite else {
            bag.error("\(what) must be a finite number, but is \(scalar.string)", at: at, length: width(node))
            return nil
        }
        if positive && value <= 0 {
            bag.error("\(what) must be greater than 0, but is \(scalar.string)", at: at, length: width(node), hint: hint)
            return nil
        }
        if !positive && value < 0 {
            bag.error("\(what) must not be negative, but is \(scalar.string)", at: at, length: width(node), hint: hint)
            return nil
        }
        if let below, value >= below {
            bag.error("\(what) must be less than \(below.compact), but is \(scalar.string)", at: at, length: width(node), hint: hint)
            return nil
        }
        if let atMost, value > atMost {
            bag.error("\(what) \(scalar.string) is too large: lenetc accepts at most \(atMost.compact)",
                      at: at, length: width(node), hint: hint)
            return nil
        }
        return Located(value, at: at)
    }

    mutating func bool(_ node: Node, what: String) -> Located<Bool>? {
        let at = location(node)
        if case let .scalar(scalar) = node, scalar.style == .plain {
            switch scalar.string.lowercased() {
            case "true": return Located(true, at: at)
            case "false": return Located(false, at: at)
            default: break
            }
        }
        bag.error("\(what) must be true or false, but found \(describe(node))", at: at, length: width(node))
        return nil
    }

    /// A name from a closed set, with a "did you mean" hint when it is close to one.
    mutating func name<E: RawRepresentable & CaseIterable>(_ node: Node, what: String, as: E.Type) -> Located<E>?
    where E.RawValue == String {
        let at = location(node)
        guard case let .scalar(scalar) = node, !isNull(node) else {
            bag.error("\(what) must be a name, but found \(describe(node))", at: at, length: width(node),
                      hint: "use one of: \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        let text = scalar.string.trimmingWhitespace()
        if let value = E(rawValue: text) { return Located(value, at: at) }
        bag.add(unknownName(text, what: what, candidates: E.allCases.map(\.rawValue), at: at, length: width(node)))
        return nil
    }

    /// `unknown layer kind 'linear'` / `unknown key 'kernal' in conv`, with the closest known name.
    func unknownName(_ text: String, what: String, in context: String? = nil, candidates: [String],
                     at: SourceLocation, length: Int, suggestion: String? = nil) -> Diagnostic {
        let guess = suggestion ?? DidYouMean.suggest(text, from: candidates)
        let hint = guess.map { "did you mean '\($0)'? (known: \(candidates.joined(separator: ", ")))" }
            ?? "known: \(candidates.joined(separator: ", "))"
        let shown = text.count > 40 ? String(text.prefix(37)) + "..." : text
        return .error("unknown \(what) '\(shown)'\(context.map { " in \($0)" } ?? "")", at: at, length: length, hint: hint)
    }

    /// `5` or `[5, 3]`: the same value for height and width, or each in turn.
    mutating func pair(_ node: Node, what: String, range: ClosedRange<Int>) -> Located<Pair>? {
        let at = location(node)
        if case let .sequence(items) = node {
            guard items.count == 2 else {
                bag.error("\(what) must be one number or a list [height, width], but this list has \(plural(items.count, "item"))",
                          at: at, length: width(node))
                return nil
            }
            let h = int(items[0], what: "\(what) height", range: range)
            let w = int(items[1], what: "\(what) width", range: range)
            guard let h, let w else { return nil }
            return Located(Pair(h.value, w.value), at: at)
        }
        if case .mapping = node {
            bag.error("\(what) must be one number or a list [height, width], but found a mapping",
                      at: at, length: width(node))
            return nil
        }
        return int(node, what: what, range: range).map { Located(Pair(square: $0.value), at: at) }
    }

    /// Keys that were not allowed, with the allowed key each most likely meant (nil when none is close).
    var unknownKeys: [(key: String, meant: String?)] = []

    /// The entries of a mapping, after reporting any key not in `allowed` (with a suggestion); each
    /// unknown key is also recorded in `unknownKeys`, so callers can avoid a second, cascading error.
    mutating func entries(_ node: Node, what: String, allowed: [String],
                          hint: String? = nil) -> [(key: String, keyNode: Node, value: Node)]? {
        unknownKeys = []
        guard case let .mapping(mapping) = node else {
            bag.error("\(what) must be a mapping of keys to values, but found \(describe(node))",
                      at: location(node), length: width(node),
                      hint: hint ?? "write it as {\(allowed.prefix(2).map { "\($0): ..." }.joined(separator: ", "))}")
            return nil
        }
        var result: [(String, Node, Node)] = []
        for (keyNode, value) in mapping {
            guard case let .scalar(key) = keyNode else {
                bag.error("keys in \(what) must be names, but found \(describe(keyNode))",
                          at: location(keyNode), length: width(keyNode))
                continue
            }
            guard allowed.contains(key.string) else {
                bag.add(unknownName(key.string, what: "key", in: what, candidates: allowed,
                                    at: location(keyNode), length: width(keyNode)))
                unknownKeys.append((key.string, DidYouMean.suggest(key.string, from: allowed)))
                continue
            }
            result.append((key.string, keyNode, value))
        }
        return result
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

extension Int {
    /// `61706` as `61,706`.
    public var grouped: String {
        let digits = String(self.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return self < 0 ? "-" + out : out
    }
}

extension Double {
    /// The shortest form that reads back as the same number: `0.9`, `1e-04`, `100`.
    public var compact: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return "\(self)"
    }
}

/// One problem found in a spec: what is wrong, where, and how to fix it when that is known.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case error, warning, note
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.error, .warning, .note]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public var severity: Severity
    public var message: String
    /// Where the problem is; nil only for problems with the file as a whole (unreadable, empty).
    public var location: SourceLocation?
    /// How many columns to underline after the caret (at least one).
    public var length: Int
    /// The fix, when one is known; printed as `hint: ...`.
    public var hint: String?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation?, length: Int = 1,
                hint: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.length = max(1, length)
        self.hint = hint
    }

    public static func error(_ message: String, at location: SourceLocation?, length: Int = 1,
                             hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location, length: length, hint: hint)
    }

    public static func warning(_ message: String, at location: SourceLocation?, length: Int = 1,
                               hint: String? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: location, length: length, hint: hint)
    }

    /// The one-line form: `FILE:LINE:COL: error: message`.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message)"
    }
}

/// Collects diagnostics from independent checks so one run reports all of them.
public struct DiagnosticBag: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public mutating func add(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func add(contentsOf more: [Diagnostic]) { all.append(contentsOf: more) }

    public mutating func error(_ message: String, at location: SourceLocation?, length: Int = 1,
                               hint: String? = nil) {
        add(.error(message, at: location, length: length, hint: hint))
    }

    public mutating func warning(_ message: String, at location: SourceLocation?, length: Int = 1,
                                 hint: String? = nil) {
        add(.warning(message, at: location, length: length, hint: hint))
    }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    public var errorCount: Int { all.filter { $0.severity == .error }.count }
    public var warningCount: Int { all.filter { $0.severity == .warning }.count }

    /// In source order, so the report reads top to bottom like the file.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}

/// A spec file's text, kept so diagnostics can quote the line they point at.
public struct SourceFile: Sendable {
    /// The path as the user gave it (diagnostics print it unchanged).
    public let path: String
    /// The whole text of the file.
    public let text: String
    /// The text split into lines, without their line breaks.
    public let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.lines = SourceFile.splitLines(text)
    }

    /// Splits at the line breaks libyaml counts (LF, CR, CR LF, NEL, LS, PS), so line numbers in its
    /// marks and ours agree.
    static func splitLines(_ text: String) -> [Substring] {
        var lines: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let c = scalars[i]
            if c == "\n" || c == "\r" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" {
                lines.append(Substring(scalars[start..<i]))
                var next = scalars.index(after: i)
                if c == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                i = next
            } else {
                i = scalars.index(after: i)
            }
        }
        lines.append(Substring(scalars[start..<scalars.endIndex]))
        return lines
    }

    /// A location inside the file: libyaml reports errors at the end of the stream one line past the
    /// last; those move to the end of the last line.
    public func clamp(line: Int, column: Int) -> SourceLocation {
        if line > lines.count {
            let last = max(1, lines.count)
            return SourceLocation(path: path, line: last, column: (self.line(last)?.unicodeScalars.count ?? 0) + 1)
        }
        return SourceLocation(path: path, line: max(1, line), column: max(1, column))
    }

    /// The text of a 1-based line, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}

/// A position in a spec file: 1-based line and column (columns count Unicode scalars, as libyaml does).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let path: String
    public let line: Int
    public let column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String { "\(path):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

/// A value together with the place in the spec it came from.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}

/// Prints diagnostics the way compilers do:
///
///     Specs/x.yaml:12:5: error: kernel 5×5 does not fit ...
///       12 |   - conv: {filters: 16, kernel: 5}
///          |     ^~~~
///     hint: use padding: 2, ...
public struct DiagnosticRenderer: Sendable {
    /// Wrap severities in ANSI colours (only when printing to a terminal).
    public var colors: Bool

    public init(colors: Bool = false) {
        self.colors = colors
    }

    public func render(_ diagnostic: Diagnostic, source: SourceFile?) -> String {
        var out = ""
        if let location = diagnostic.location {
            out += bold("\(location): ")
        } else if let source {
            out += bold("\(source.path): ")
        }
        out += paint(diagnostic.severity) + bold(diagnostic.message) + "\n"
        if let location = diagnostic.location, let source, let text = source.line(location.line) {
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let shown = text.replacingTabs()
            out += " \(number) | \(shown)\n"
            // Columns count Unicode scalars; the caret line is built from the same scalars so wide
            // characters before the node keep it aligned in a monospaced terminal.
            let prefix = shown.unicodeScalars.prefix(max(0, location.column - 1))
            let pad = String(String.UnicodeScalarView(prefix.map { $0 == "\t" ? " " : ($0.properties.isWhitespace ? $0 : " ") }))
            let available = max(1, shown.unicodeScalars.count - prefix.count)
            let underline = "^" + String(repeating: "~", count: max(0, min(diagnostic.length, available) - 1))
            out += " \(gutter) | \(pad)\(colors ? "\u{1B}[1;32m\(underline)\u{1B}[0m" : underline)\n"
        }
        if let hint = diagnostic.hint {
            out += (colors ? "\u{1B}[1;36mhint:\u{1B}[0m " : "hint: ") + hint + "\n"
        }
        return out
    }

    /// Every diagnostic in source order, then a summary line such as `2 errors, 1 warning`.
    public func render(_ diagnostics: [Diagnostic], source: SourceFile?) -> String {
        var out = diagnostics.map { render($0, source: source) }.joined()
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        if errors + warnings > 0 {
            var parts: [String] = []
            if errors > 0 { parts.append(plural(errors, "error")) }
            if warnings > 0 { parts.append(plural(warnings, "warning")) }
            out += parts.joined(separator: ", ") + " in \(source?.path ?? "spec")\n"
        }
        return out
    }

    private func paint(_ severity: Diagnostic.Severity) -> String {
        guard colors else { return "\(severity.rawValue): " }
        let code: String
        switch severity {
        case .error: code = "1;31"
        case .warning: code = "1;35"
        case .note: code = "1;30"
        }
        return "\u{1B}[\(code)m\(severity.rawValue):\u{1B}[0m "
    }

    private func bold(_ text: String) -> String {
        colors ? "\u{1B}[1m\(text)\u{1B}[0m" : text
    }
}

/// `1 error`, `2 errors`.
public func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

extension Substring {
    /// Tabs shown as single spaces keep the caret under the right column (libyaml counts a tab as one).
    func replacingTabs() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\t" ? " " : $0 }))
    }
}

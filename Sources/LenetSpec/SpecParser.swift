import Yams
import LenetRuntime

/// Stage one: YAML text -> `Spec`, checking YAML syntax, types, key and kind names, and the range of
/// each single value. Meaning that depends on several values (shapes, the dataset) is the model's job.
public enum SpecParser {
    /// Parses a spec; the result is nil when the text is not a spec at all. Diagnostics are returned in
    /// both cases (a spec can parse with errors in some layers; those layers are `.invalid`).
    public static func parse(_ source: SourceFile) -> (spec: Spec?, diagnostics: [Diagnostic]) {
        var reader = NodeReader(source: source)
        let top = SourceLocation(path: source.path, line: 1, column: 1)
        if source.text.utf8.count > Limits.fileBytes {
            reader.bag.error("the spec is \(source.text.utf8.count.grouped) bytes; lenetc reads specs of at most \(Limits.fileBytes.grouped) bytes",
                             at: top, hint: "a LeNet spec is about 1 KB; is this the right file?")
            return (nil, reader.bag.all)
        }
        if let deep = tooDeep(source) {
            reader.bag.error("the YAML nests more than \(Limits.nesting) levels deep", at: deep,
                             hint: "a spec needs at most four levels: train → optimizer → sgd → lr")
            return (nil, reader.bag.all)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: source.text)
        } catch let error as YamlError {
            reader.bag.add(contentsOf: yamlDiagnostics(error, source: source))
            return (nil, reader.bag.all)
        } catch {
            reader.bag.error("malformed YAML: \(error)", at: top)
            return (nil, reader.bag.all)
        }
        guard let root, !reader.isNull(root) else {
            reader.bag.error("the spec is empty", at: top,
                             hint: "a spec needs at least `input: [1, 28, 28]` and a `layers:` list")
            return (nil, reader.bag.all)
        }
        guard let entries = reader.entries(root, what: "the spec", allowed: ["name", "description", "input", "layers", "train"],
                                           hint: "a spec is a mapping with the keys name, input, layers and train; see Specs/lenet.yaml") else {
            return (nil, reader.bag.all)
        }
        // A misspelt `layers:` is reported once, as the misspelling, not again as a missing key.
        let meant = Set(reader.unknownKeys.compactMap(\.meant))
        var spec = Spec(source: source, name: nil, description: nil, input: nil, layers: [], layersLocation: nil,
                        train: TrainSpec(), location: reader.location(root))
        var sawLayers = false, sawInput = false
        for (key, keyNode, value) in entries {
            switch key {
            case "name":
                if let text = reader.plainText(value, what: "name") {
                    spec.name = Located(text, at: reader.location(value))
                }
            case "description":
                if let text = reader.plainText(value, what: "description") {
                    spec.description = Located(text, at: reader.location(value))
                }
            case "input":
                sawInput = true
                if case .mapping = value {
                    (spec.input, spec.normalize) = parseInputMapping(value, reader: &reader)
                } else {
                    spec.input = parseInput(value, reader: &reader)
                }
            case "layers":
                sawLayers = true
                spec.layersLocation = reader.location(keyNode)
                spec.layers = parseLayers(value, reader: &reader)
            case "train":
                spec.train = TrainParser.parse(value, reader: &reader)
                spec.train.location = reader.location(keyNode)
            default:
                break
            }
        }
        if !sawInput && !meant.contains("input") {
            reader.bag.error("the spec has no `input:`", at: spec.location,
                             hint: "add `input: [1, 28, 28]` (channels, height, width of one image)")
        }
        if !sawLayers && !meant.contains("layers") {
            reader.bag.error("the spec has no `layers:`", at: spec.location,
                             hint: "add a `layers:` list, e.g. `- conv: {filters: 6, kernel: 5, padding: 2}`")
        }
        return (spec, reader.bag.all)
    }

    /// A quick scan for nesting that could exhaust the YAML composer's stack: flow brackets and block
    /// sequence dashes on one line. Returns where the limit is first passed.
    static func tooDeep(_ source: SourceFile) -> SourceLocation? {
        var depth = 0
        for (number, line) in source.lines.enumerated() {
            var column = 0, dashes = 0, leading = true
            var scalars = line.unicodeScalars.makeIterator()
            var previous: Unicode.Scalar = " "
            while let c = scalars.next() {
                column += 1
                if c == "#" && (previous == " " || column == 1) { break }
                switch c {
                case "[", "{": depth += 1; leading = false
                case "]", "}": depth = max(0, depth - 1); leading = false
                case "-" where leading: dashes += 1
                case " ", "\t": break
                default: leading = false
                }
                if depth > Limits.nesting || dashes > Limits.nesting {
                    return SourceLocation(path: source.path, line: number + 1, column: column)
                }
                previous = c
            }
        }
        return nil
    }

    /// libyaml's error as diagnostics: usually one; an unclosed bracket gets two (below).
    static func yamlDiagnostics(_ error: YamlError, source: SourceFile) -> [Diagnostic] {
        if case let .parser(context?, problem, mark, _) = error, let unclosed = unclosedBracket(context, problem, mark, source) {
            return unclosed
        }
        return [yamlDiagnostic(error, source: source)]
    }

    /// An unclosed `{` or `[`: libyaml notices only where the flow collection should have ended,
    /// often lines later (at the next list item or key), and names the opening line in passing. The
    /// error goes where the fix goes, at the bracket that was opened, with a note where the reader
    /// gave up, as clang's "to match this '{'" does the other way round. Nil when the context is not a
    /// flow collection or its mark is not at a bracket in the source (then the plain message stands).
    static func unclosedBracket(_ context: YamlError.Context, _ problem: String, _ mark: Mark,
                                _ source: SourceFile) -> [Diagnostic]? {
        let opening: Character, closing: Character
        switch context.text {
        case "while parsing a flow mapping": (opening, closing) = ("{", "}")
        case "while parsing a flow sequence": (opening, closing) = ("[", "]")
        default: return nil
        }
        guard problem.hasPrefix("did not find expected"), let line = source.line(context.mark.line),
              context.mark.column >= 1, context.mark.column <= line.unicodeScalars.count,
              Character(line.unicodeScalars[line.unicodeScalars.index(line.unicodeScalars.startIndex, offsetBy: context.mark.column - 1)]) == opening
        else { return nil }
        let opened = SourceLocation(path: source.path, line: context.mark.line, column: context.mark.column)
        let gaveUp = source.clamp(line: mark.line, column: mark.column)
        let atEnd = source.lines.dropFirst(gaveUp.line - 1).allSatisfy { $0.allSatisfy(\.isWhitespace) }
        let (noticed, span): (String, String)
        if atEnd {
            (noticed, span) = ("at the end of the file", "between here and the end of the file")
        } else if gaveUp.line == opened.line {
            (noticed, span) = ("later on this line", "on this line")
        } else {
            (noticed, span) = ("at line \(gaveUp.line)", "between here and line \(gaveUp.line)")
        }
        return [
            .error("malformed YAML: this '\(opening)' is never closed (the YAML reader noticed \(noticed))", at: opened,
                   hint: "add the missing '\(closing)'; check the brackets, quotes and indentation \(span)"),
            Diagnostic(.note, (atEnd ? "the YAML reader reached the end of the file: " : "the YAML reader gave up here: ") + problem,
                       at: gaveUp),
        ]
    }

    static func yamlDiagnostic(_ error: YamlError, source: SourceFile) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { source.clamp(line: mark.line, column: mark.column) }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = "malformed YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            var hint: String?
            let line = source.line(mark.line).map(String.init) ?? ""
            if line.contains("\t") {
                hint = "YAML does not allow tabs for indentation; use spaces"
            } else if problem.contains("mapping values are not allowed") {
                hint = "a value that contains ': ' needs quotes, or a key is missing its indentation"
            } else if problem.contains("did not find expected") || problem.contains("could not find expected") {
                hint = "check the brackets, quotes and indentation just above this point"
            }
            return .error(message, at: at(mark), hint: hint)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .error("the key '\(duplicates.first ?? "?")' appears more than once in the same mapping",
                          at: at(context.mark), hint: "keep one of them; YAML would silently drop the other")
        case let .reader(problem, offset, _, _):
            var location = SourceLocation(path: source.path, line: 1, column: 1)
            if let offset {
                let before = source.text.utf8.prefix(offset)
                let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
                location = SourceLocation(path: source.path, line: line, column: 1)
            }
            return .error("the spec is not readable text: \(problem)", at: location,
                          hint: "save the spec as UTF-8")
        default:
            return .error("malformed YAML: \(error)", at: SourceLocation(path: source.path, line: 1, column: 1))
        }
    }

    /// `input: {shape: [1, 28, 28], normalize: {mean: 0.1307, std: 0.3081}}`: the shape and
    /// torchvision's `Normalize`, one mean and std for every channel of images in [0, 1].
    static func parseInputMapping(_ node: Node, reader: inout NodeReader)
        -> (Located<[Located<Int>]>?, Located<NormalizeSpec>?) {
        guard let entries = reader.entries(node, what: "input", allowed: ["shape", "normalize"],
                                           hint: "write `input: [1, 28, 28]`, or `input: {shape: [1, 28, 28], normalize: {mean: 0.1307, std: 0.3081}}`")
        else { return (nil, nil) }
        var shape: Located<[Located<Int>]>?, normalize: Located<NormalizeSpec>?, sawShape = false
        for (key, keyNode, value) in entries {
            switch key {
            case "shape":
                sawShape = true
                shape = parseInput(value, reader: &reader)
            case "normalize":
                guard let settings = reader.entries(value, what: "normalize", allowed: ["mean", "std"],
                                                    hint: "torchvision's Normalize for MNIST: `normalize: {mean: 0.1307, std: 0.3081}`")
                else { continue }
                var spec = NormalizeSpec()
                for (name, _, number) in settings {
                    // Images reach Normalize in [0, 1] (ToTensor's byte / 255), so their mean and std do too.
                    if name == "mean" { spec.mean = reader.double(number, what: "normalize mean", atMost: 1,
                                                                     hint: "the mean of the training pixels in [0, 1] (MNIST's is 0.1307)") }
                    if name == "std" { spec.std = reader.double(number, what: "normalize std", positive: true, atMost: 1,
                                                                   hint: "the standard deviation of the training pixels in [0, 1] (MNIST's is 0.3081)") }
                }
                let missing = ["mean", "std"].filter { !reader.entriesHave(value, $0) }
                if !missing.isEmpty {
                    reader.bag.error("normalize needs \(missing.map { "`\($0)`" }.joined(separator: " and "))",
                                     at: reader.location(keyNode), length: reader.width(keyNode),
                                     hint: "torchvision's Normalize for MNIST: `normalize: {mean: 0.1307, std: 0.3081}`")
                } else if spec.mean != nil && spec.std != nil {
                    normalize = Located(spec, at: reader.location(keyNode))
                }
            default: break
            }
        }
        if !sawShape {
            reader.bag.error("input needs `shape` (channels, height, width)", at: reader.location(node), length: reader.width(node),
                             hint: "write `input: {shape: [1, 28, 28], ...}`")
        }
        return (shape, normalize)
    }

    static func parseInput(_ node: Node, reader: inout NodeReader) -> Located<[Located<Int>]>? {
        let at = reader.location(node)
        guard case let .sequence(items) = node, items.count == 3 else {
            var found = reader.describe(node)
            if case let .sequence(items) = node { found = "a list of \(plural(items.count, "item"))" }
            reader.bag.error("input must be a list [channels, height, width], but found \(found)", at: at,
                             length: reader.width(node), hint: "MNIST images are `input: [1, 28, 28]`")
            return nil
        }
        let names = ["input channels", "input height", "input width"]
        var values: [Located<Int>] = []
        for (i, item) in items.enumerated() {
            let range = i == 0 ? Limits.inputChannels : Limits.inputSide
            if let value = reader.int(item, what: names[i], range: range) { values.append(value) }
        }
        return values.count == 3 ? Located(values, at: at) : nil
    }

    static func parseLayers(_ node: Node, reader: inout NodeReader) -> [LayerSpec] {
        guard case let .sequence(items) = node else {
            reader.bag.error("layers must be a list (each item starting with `- `), but found \(reader.describe(node))",
                             at: reader.location(node), length: reader.width(node),
                             hint: "write one layer per line: `  - conv: {filters: 6, kernel: 5}`")
            return []
        }
        if items.isEmpty || reader.isNull(node) {
            reader.bag.error("layers is empty", at: reader.location(node),
                             hint: "a network needs at least one layer, ending in `- dense: 10`")
            return []
        }
        if items.count > Limits.layers.upperBound {
            reader.bag.error("the network has \(items.count) layers; lenetc accepts at most \(Limits.layers.upperBound)",
                             at: reader.location(node))
            return []
        }
        return items.enumerated().map { position, item in
            LayerParser.parse(item, position: position, reader: &reader)
        }
    }
}

import Foundation
import LenetModel
import LenetSpec
import Testing
@testable import lenetc

/// Feeds 10,000+ mutated and randomly generated specs through the parser and validator. Every one
/// must end in a valid model or in diagnostics that point inside the file — never a crash or a trap
/// (a trap would kill the test process, failing the run).
@Suite struct FuzzTests {
    /// A small deterministic generator (SplitMix64) so a failure reproduces from its case number.
    struct Mixer {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    static let seeds: [String] = (specFiles().map { "Specs/\($0)" } + badSpecFiles().map { "Tests/LenetcTests/BadSpecs/\($0)" })
        .compactMap { try? String(contentsOf: packageRoot.appendingPathComponent($0), encoding: .utf8) }

    static let fragments = ["{", "}", "[", "]", ":", ",", "-", "#", "'", "\"", "\t", "\n", " ", "&a", "*a", "!!int",
                            "|", ">", "%", "@", "`", "---", "...", "?", "0", "-1", "1e9", "99999999999999999999",
                            "0.0", "nan", ".inf", "~", "null", "true", "[]", "{}", "conv", "dense", "maxpool", "flatten",
                            "sigmoid", "relu", "filters", "kernel", "stride", "padding", "same", "valid", "size", "units",
                            "train", "layers", "input", "sgd", "adam", "lr", "inv", "step", "cosine", "\u{FEFF}", "é", "ℕ"]
    static let numbers = ["0", "1", "2", "3", "5", "7", "28", "-1", "-28", "64", "65", "4096", "4097", "65536", "1e3",
                          "2.5", "0.5", "100000000", "9223372036854775807", "9223372036854775808", "-9223372036854775808"]

    /// One mutation of a seed spec: character edits, line edits, number and word swaps, truncation.
    static func mutate(_ text: String, _ rng: inout Mixer) -> String {
        var scalars = Array(text.unicodeScalars)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        switch rng.below(8) {
        case 0 where !scalars.isEmpty:
            scalars.remove(at: rng.below(scalars.count))
            return String(String.UnicodeScalarView(scalars))
        case 1:
            let at = rng.below(scalars.count + 1)
            scalars.insert(contentsOf: rng.pick(fragments).unicodeScalars, at: at)
            return String(String.UnicodeScalarView(scalars))
        case 2 where lines.count > 1:
            lines.swapAt(rng.below(lines.count), rng.below(lines.count))
        case 3 where !lines.isEmpty:
            let i = rng.below(lines.count)
            if rng.chance(50) { lines.remove(at: i) } else { lines.insert(lines[i], at: i) }
        case 4:
            // Replace one number with another.
            let words = text.split(whereSeparator: { !$0.isNumber && $0 != "." && $0 != "-" })
            if let word = words.isEmpty ? nil : words[rng.below(words.count)], let range = text.range(of: word) {
                return text.replacingCharacters(in: range, with: rng.pick(numbers))
            }
        case 5:
            // Replace one word with a vocabulary word or a fragment.
            let words = text.split(whereSeparator: { !$0.isLetter && $0 != "-" && $0 != "_" })
            if let word = words.isEmpty ? nil : words[rng.below(words.count)], let range = text.range(of: word) {
                return text.replacingCharacters(in: range, with: rng.pick(fragments))
            }
        case 6:
            return String(String.UnicodeScalarView(scalars.prefix(rng.below(scalars.count + 1))))
        default:
            // Indentation damage.
            if !lines.isEmpty {
                let i = rng.below(lines.count)
                lines[i] = rng.chance(50) ? "  " + lines[i] : String(lines[i].drop { $0 == " " })
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A random spec built from the language's pieces: mostly well-formed YAML with random values,
    /// so the shape checks, not just the parser, see odd networks.
    static func randomSpec(_ rng: inout Mixer) -> String {
        func size() -> String {
            rng.chance(20) ? "[\(rng.pick(numbers)), \(rng.pick(numbers))]" : rng.pick(["1", "2", "3", "5", "7", "28", "0", "-1", "33"])
        }
        var text = "name: r\(rng.below(1000))\n"
        if rng.chance(95) {
            text += "input: [\(rng.pick(["1", "1", "3", "0"])), \(rng.pick(["28", "28", "32", "1"])), \(rng.pick(["28", "28", "5"]))]\n"
        }
        text += "layers:\n"
        for _ in 0..<rng.below(14) {
            switch rng.below(10) {
            case 0, 1:
                var args = ["filters: \(rng.pick(["6", "16", "1", "0", "5000", "120"]))", "kernel: \(size())"]
                if rng.chance(30) { args.append("stride: \(size())") }
                if rng.chance(40) { args.append("padding: \(rng.chance(30) ? rng.pick(["same", "valid", "full"]) : size())") }
                if rng.chance(20) { args.append("activation: \(rng.pick(["relu", "sigmoid", "tanh", "gelu"]))") }
                text += "  - conv: {\(args.shuffledDeterministically(&rng).joined(separator: ", "))}\n"
            case 2, 3:
                var args = ["size: \(size())"]
                if rng.chance(50) { args.append("stride: \(size())") }
                if rng.chance(30) { args.append("padding: \(size())") }
                text += "  - \(rng.pick(["maxpool", "avgpool"])): {\(args.joined(separator: ", "))}\n"
            case 4: text += "  - flatten\n"
            case 5, 6:
                text += rng.chance(30) ? "  - dense: {units: \(rng.pick(numbers)), activation: \(rng.pick(["relu", "tanh"]))}\n"
                                       : "  - dense: \(rng.pick(["10", "84", "120", "0", "70000"]))\n"
            case 7, 8: text += "  - \(rng.pick(["sigmoid", "relu", "tanh"]))\n"
            default: text += "  - dropout: \(rng.pick(["0.5", "0", "1", "-0.1", "0.99"]))\n"
            }
        }
        if rng.chance(70) { text += "  - flatten\n  - dense: 10\n" }
        if rng.chance(60) {
            text += "train:\n"
            if rng.chance(50) { text += "  optimizer: {\(rng.pick(["sgd", "adam", "rmsprop"])): {lr: \(rng.pick(["0.1", "0", "-1", "1000", "1e-3"]))\(rng.chance(30) ? ", momentum: \(rng.pick(["0.9", "1", "0"]))" : "")\(rng.chance(20) ? ", nesterov: true" : "")}}\n" }
            if rng.chance(40) { text += "  schedule: \(rng.pick(["constant", "{step: {step_size: 2}}", "{inv: {gamma: 0.0001, power: 0.75}}", "{cosine: {min_lr: 5}}", "{step: {}}", "linear"]))\n" }
            if rng.chance(50) { text += "  batch: \(rng.pick(numbers))\n" }
            if rng.chance(50) { text += "  epochs: \(rng.pick(numbers))\n" }
            if rng.chance(20) { text += "  iterations: \(rng.pick(numbers))\n" }
            if rng.chance(30) { text += "  init: \(rng.pick(["xavier-uniform", "kaiming-normal", "he"]))\n" }
            if rng.chance(30) { text += "  dataset: \(rng.pick(["mnist", "fashion-mnist", "cifar"]))\n" }
        }
        return text
    }

    /// Checks the invariants for one input; returns whether it produced a model.
    @discardableResult
    static func exercise(_ text: String, case number: Int) -> Bool {
        let source = SourceFile(path: "fuzz-\(number).yaml", text: text)
        let result = SpecCompiler.compile(source)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect((result.model == nil) == !errors.isEmpty, "case \(number): a model exactly when there is no error\n\(text)")
        for diagnostic in result.diagnostics {
            #expect(!diagnostic.message.isEmpty)
            if let at = diagnostic.location {
                #expect(at.line >= 1 && at.line <= max(1, source.lines.count), "case \(number): line \(at.line) outside the file\n\(text)")
                #expect(at.column >= 1, "case \(number)")
            }
        }
        _ = DiagnosticRenderer(colors: false).render(result.diagnostics, source: source)
        if let model = result.model {
            _ = ShapeTable.report(model)
            let report = CheckReport(path: source.path, model: model, diagnostics: result.diagnostics)
            #expect((try? CheckReport.json([report])) != nil, "case \(number): `check --format json` cannot encode the model\n\(text)")
            #expect(model.output == .flat(10), "case \(number): a valid model ends in 10 class scores")
        }
        return result.model != nil
    }

    @Test func tenThousandMutatedSpecsNeverCrash() {
        #expect(Self.seeds.count >= 30)
        var rng = Mixer(state: 2026)
        var valid = 0
        for number in 0..<7_000 {
            var text = rng.pick(Self.seeds)
            for _ in 0...rng.below(3) { text = Self.mutate(text, &rng) }
            if Self.exercise(text, case: number) { valid += 1 }
        }
        // Some mutations leave a spec valid (a changed comment, a swapped train key); most do not.
        #expect(valid > 50 && valid < 6_500, "valid: \(valid)")
    }

    @Test func fiveThousandRandomSpecsNeverCrash() {
        var rng = Mixer(state: 7)
        var valid = 0
        for number in 0..<5_000 {
            if Self.exercise(Self.randomSpec(&rng), case: 100_000 + number) { valid += 1 }
        }
        #expect(valid > 10, "the generator should produce some valid networks too (valid: \(valid))")
    }

    @Test func randomBytesNeverCrash() {
        var rng = Mixer(state: 99)
        for number in 0..<1_000 {
            let count = rng.below(200)
            let scalars = (0..<count).compactMap { _ in Unicode.Scalar(UInt32(rng.chance(80) ? 32 + rng.below(95) : rng.below(0x3000))) }
            Self.exercise(String(String.UnicodeScalarView(scalars)), case: 200_000 + number)
        }
    }

    /// libFuzzer's finding (Fuzz/run.sh, the spec harness): a catalogue spec whose `sigmoid` had 80 bare
    /// carriage returns spliced into it. libyaml counts each CR as a line break (as YAML says), so its
    /// error sits 80 lines further down than a count of "\n" says; the harness's own line count was
    /// wrong, lenetc's was right. Pinned: the diagnostic quotes the line it means, for CR, CR LF, NEL, LS
    /// and PS line breaks alike, in a malformed spec (the finding's shape) and in a valid YAML one.
    @Test("bare CR and other YAML line breaks: diagnostics quote the line they point at", arguments: ["\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"])
    func yamlLineBreaks(_ lineBreak: String) throws {
        let breaks = String(repeating: lineBreak, count: 80)
        let cases = [
            // The finding: "sigmo", the line breaks, "id"; libyaml stops at the next item.
            ("name: bad\ninput: [1, 28, 28]\nlayers:\n  - dense: 84\n  - sigmo" + breaks + "id\n  - dense: 10\n", "could not find expected ':'", "  - dense: 10"),
            // Valid YAML with 80 empty lines, then a value the validator refuses.
            ("name: bad\ninput: [1, 28, 28]\nlayers:\n  - flatten" + breaks + "  - dense: 10\ntrain:\n  optimizer: {adam: {lr: 0.001, betas: 0.9}}\n", "betas", "betas: 0.9"),
        ]
        for (text, message, quoted) in cases {
            Self.exercise(text, case: 300_000)
            let source = SourceFile(path: "breaks.yaml", text: text)
            let diagnostics = SpecCompiler.compile(source).diagnostics
            let diagnostic = try #require(diagnostics.first { $0.message.contains(message) }, "no '\(message)' among \(diagnostics.map(\.message))")
            let at = try #require(diagnostic.location)
            #expect(at.line > 80, "\(diagnostic.message) at line \(at.line): the 80 line breaks were not counted")
            let line = try #require(source.line(at.line))
            #expect(line.contains(quoted), "\(diagnostic.message) quotes '\(line)', not the line with '\(quoted)'")
            #expect(at.column <= line.unicodeScalars.count + 1, "column \(at.column) past the end of '\(line)'")
        }
    }
}

extension Array {
    func shuffledDeterministically(_ rng: inout FuzzTests.Mixer) -> [Element] {
        var copy = self
        for i in stride(from: copy.count - 1, to: 0, by: -1) { copy.swapAt(i, rng.below(i + 1)) }
        return copy
    }
}

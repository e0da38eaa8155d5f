// A small, strict JSON reader for file headers (safetensors).
//
// Why not JSONSerialization: it silently accepts duplicate keys (last one wins), turns
// `true` into a number on Linux, and gives vague errors. Headers written by hostile or
// broken tools must be rejected with a precise message, and integers must stay exact.
import Foundation

/// A parsed JSON value. Numbers keep their source text so integers are never rounded.
enum MiniJSON: Equatable, Sendable {
    case object([(String, MiniJSON)])
    case array([MiniJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    static func == (a: MiniJSON, b: MiniJSON) -> Bool {
        switch (a, b) {
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.array(x), .array(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// A short name for the kind of value, for error messages.
    var kindName: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// The value as a non-negative integer, if it is written as one (no fraction, no
    /// exponent) and fits in `Int`.
    var nonNegativeInt: Int? {
        guard case let .number(text) = self, !text.isEmpty,
            text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        return Int(text)
    }

    /// Parses one JSON document from `bytes`; surrounding whitespace is allowed.
    static func parse(_ bytes: ArraySlice<UInt8>) throws(MiniJSONError) -> MiniJSON {
        var parser = MiniJSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.pos != bytes.endIndex {
            throw parser.failure("unexpected text after the end of the JSON value")
        }
        return value
    }
}

/// Why a JSON document could not be parsed, with the byte offset.
struct MiniJSONError: Error, Sendable {
    let offset: Int
    let message: String
}

/// Recursive-descent parser over UTF-8 bytes.
struct MiniJSONParser {
    let bytes: ArraySlice<UInt8>
    var pos: Int
    /// Nesting limit: deep enough for any real header, shallow enough never to overflow
    /// the stack on hostile input like `[[[[...`.
    static let maxDepth = 64

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.pos = bytes.startIndex
    }

    func failure(_ message: String) -> MiniJSONError {
        MiniJSONError(offset: pos - bytes.startIndex, message: message)
    }

    mutating func skipWhitespace() {
        while pos < bytes.endIndex {
            let c = bytes[pos]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { pos += 1 } else { break }
        }
    }

    mutating func parseValue(depth: Int) throws(MiniJSONError) -> MiniJSON {
        guard depth < Self.maxDepth else { throw failure("JSON nested more than \(Self.maxDepth) levels deep") }
        guard pos < bytes.endIndex else { throw failure("unexpected end of JSON") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("unexpected character '\(Character(Unicode.Scalar(bytes[pos])))'")
        }
    }

    mutating func expectWord(_ word: String) throws(MiniJSONError) {
        for c in word.utf8 {
            guard pos < bytes.endIndex, bytes[pos] == c else { throw failure("invalid literal, expected '\(word)'") }
            pos += 1
        }
    }

    mutating func parseObject(depth: Int) throws(MiniJSONError) -> MiniJSON {
        pos += 1  // {
        var members: [(String, MiniJSON)] = []
        var seen = Set<String>()
        skipWhitespace()
        if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
            let key = try parseString()
            if !seen.insert(key).inserted { throw failure("duplicate key \"\(key)\"") }
            skipWhitespace()
            guard pos < bytes.endIndex, bytes[pos] == UInt8(ascii: ":") else { throw failure("expected ':' after key") }
            pos += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard pos < bytes.endIndex else { throw failure("unexpected end of JSON inside an object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; return .object(members) }
            throw failure("expected ',' or '}' in an object")
        }
    }

    mutating func parseArray(depth: Int) throws(MiniJSONError) -> MiniJSON {
        pos += 1  // [
        var items: [MiniJSON] = []
        skipWhitespace()
        if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard pos < bytes.endIndex else { throw failure("unexpected end of JSON inside an array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; return .array(items) }
            throw failure("expected ',' or ']' in an array")
        }
    }

    mutating func parseNumber() throws(MiniJSONError) -> MiniJSON {
        let start = pos
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        guard pos < bytes.endIndex, isDigit(bytes[pos]) else { throw failure("invalid number") }
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
        } else {
            while pos < bytes.endIndex, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < bytes.endIndex, isDigit(bytes[pos]) else { throw failure("invalid number: digit expected after '.'") }
            while pos < bytes.endIndex, isDigit(bytes[pos]) { pos += 1 }
        }
        if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            pos += 1
            if pos < bytes.endIndex, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < bytes.endIndex, isDigit(bytes[pos]) else { throw failure("invalid number: digit expected in exponent") }
            while pos < bytes.endIndex, isDigit(bytes[pos]) { pos += 1 }
        }
        return .number(String(decoding: bytes[start..<pos], as: UTF8.self))
    }

    mutating func parseHex4() throws(MiniJSONError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard pos < bytes.endIndex else { throw failure("unexpected end of JSON in a \\u escape") }
            let c = bytes[pos]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw failure("invalid hex digit in a \\u escape")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    mutating func parseString() throws(MiniJSONError) -> String {
        pos += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard pos < bytes.endIndex else { throw failure("unterminated string") }
            let c = bytes[pos]
            pos += 1
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { throw failure("control character inside a string") }
            if c != UInt8(ascii: "\\") {
                out.append(c)
                continue
            }
            guard pos < bytes.endIndex else { throw failure("unterminated escape") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard pos + 1 < bytes.endIndex, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u")
                    else { throw failure("unpaired UTF-16 surrogate in a \\u escape") }
                    pos += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired UTF-16 surrogate in a \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw failure("unpaired UTF-16 surrogate in a \\u escape")
                }
                guard let u = Unicode.Scalar(scalar) else { throw failure("invalid \\u escape") }
                out.append(contentsOf: Array(String(Character(u)).utf8))
            default:
                throw failure("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw failure("string is not valid UTF-8") }
        return s
    }
}

/// A JSON string literal, serialised the way serde_json does (escape `"` `\` and control
/// characters, leave other text as UTF-8), so headers we write match those of the Rust/Python
/// library. The one JSON quoting of lenetc: safetensors headers, epoch records, ONNX metadata.
public func miniJSONQuote(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if u.value < 0x20 {
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}

// Reading and writing the safetensors format (https://github.com/huggingface/safetensors):
//
//   [8-byte little-endian header length N][N bytes of JSON header][raw little-endian data]
//
// The header maps tensor names to {"dtype", "shape", "data_offsets": [begin, end]} (offsets
// relative to the start of the data section) and may hold "__metadata__": {string: string}.
//
// We validate as strictly as the reference Rust implementation (which PyTorch's writer uses):
// a file that loads here would load there too, and a damaged file is rejected with a message
// that names it instead of producing garbage weights or trapping.
import Foundation

/// Element types lenetc can read from safetensors files (it writes F32 and I64 only).
public enum SafetensorsDType: String, Sendable, CaseIterable, Equatable {
    case f32 = "F32"
    case f64 = "F64"
    case i64 = "I64"
    case i32 = "I32"
    case u8 = "U8"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .f32, .i32: return 4
        case .f64, .i64: return 8
        case .u8: return 1
        }
    }

    /// Whether elements are integers (readable with `SafetensorsFile.int64s`).
    public var isInteger: Bool {
        switch self {
        case .i64, .i32, .u8: return true
        case .f32, .f64: return false
        }
    }
}

/// A problem with a safetensors file: which file, and what is wrong with it.
public struct SafetensorsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Path (or description) of the file concerned.
    public let file: String
    /// What is wrong, and where useful what to do about it.
    public let problem: String

    /// Creates an error about `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "safetensors file \(file): \(problem)" }
}

/// Where one tensor lives in a safetensors file.
public struct SafetensorsTensorInfo: Sendable, Equatable {
    /// Tensor name, e.g. "0.weight".
    public let name: String
    /// Element type.
    public let dtype: SafetensorsDType
    /// Dimensions, outermost first (row-major).
    public let shape: [Int]
    /// Byte range inside the data section.
    public let dataOffsets: Range<Int>

    /// Number of elements (product of `shape`; 1 for a scalar with shape []).
    public var elementCount: Int { shape.reduce(1, *) }
}

/// A safetensors file loaded into memory and fully validated.
public struct SafetensorsFile: Sendable {
    /// The path or description given when loading; used in error messages.
    public let source: String
    /// The optional `__metadata__` string map (empty when absent).
    public let metadata: [String: String]
    /// All tensors by name.
    public let tensors: [String: SafetensorsTensorInfo]
    /// The whole file; tensor data starts at `dataStart`.
    private let bytes: [UInt8]
    private let dataStart: Int

    /// Largest header we accept: the Rust implementation's limit. Checked before allocating.
    public static let maxHeaderBytes = 100_000_000

    /// Loads and validates the safetensors file at `path`.
    public init(contentsOf path: String) throws(SafetensorsError) {
        let bytes: [UInt8]
        do {
            bytes = try AtomicFile.read(path)
        } catch {
            throw SafetensorsError(file: path, problem: "cannot read it: \(error.reason)")
        }
        try self.init(bytes: bytes, source: path)
    }

    /// Validates in-memory safetensors `bytes`; `source` names them in error messages.
    public init(bytes: [UInt8], source: String) throws(SafetensorsError) {
        func fail(_ problem: String) -> SafetensorsError { SafetensorsError(file: source, problem: problem) }
        let notSafetensors = " (is this really a safetensors file? re-save it, or pick the right file)"

        guard bytes.count >= 8 else {
            throw fail("the file is \(bytes.count) bytes long, too short for the 8-byte header length" + notSafetensors)
        }
        var headerLength64: UInt64 = 0
        for i in (0..<8).reversed() { headerLength64 = headerLength64 << 8 | UInt64(bytes[i]) }
        guard headerLength64 <= UInt64(Self.maxHeaderBytes) else {
            throw fail("the header length field says \(headerLength64) bytes, more than the \(Self.maxHeaderBytes)-byte limit" + notSafetensors)
        }
        let headerLength = Int(headerLength64)
        guard headerLength <= bytes.count - 8 else {
            throw fail("the header length field says \(headerLength) bytes of JSON, but only \(bytes.count - 8) bytes follow it; the file is truncated or damaged")
        }
        guard headerLength >= 2 else {
            throw fail("the header is \(headerLength) bytes long, too short to hold a JSON object" + notSafetensors)
        }
        let headerBytes = bytes[8..<(8 + headerLength)]
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw fail("the header does not start with '{'" + notSafetensors)
        }
        let json: MiniJSON
        do {
            json = try MiniJSON.parse(headerBytes)
        } catch {
            throw fail("the JSON header is invalid at byte \(error.offset): \(error.message)")
        }
        guard case let .object(members) = json else {
            throw fail("the JSON header is \(json.kindName), expected an object")
        }

        let dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var tensors: [String: SafetensorsTensorInfo] = [:]
        for (name, value) in members {
            if name == "__metadata__" {
                guard case let .object(pairs) = value else {
                    throw fail("\"__metadata__\" is \(value.kindName), expected an object of strings")
                }
                for (key, v) in pairs {
                    guard case let .string(text) = v else {
                        throw fail("\"__metadata__\" entry \"\(key)\" is \(v.kindName), expected a string")
                    }
                    metadata[key] = text
                }
                continue
            }
            let info = try Self.parseTensorEntry(name: name, value: value, fail: fail)
            guard info.dataOffsets.upperBound <= dataLength else {
                throw fail("tensor \"\(name)\" ends at data byte \(info.dataOffsets.upperBound), but the data section has only \(dataLength) bytes; the file is truncated")
            }
            tensors[name] = info
        }

        // Tensors must tile the data section exactly: no overlaps (two tensors sharing
        // bytes means a corrupt header), no gaps and no trailing bytes (what the Rust
        // reader calls an incomplete buffer; it usually means a mangled file).
        let ordered = tensors.values.sorted {
            ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name)
        }
        var cursor = 0
        var previous: String? = nil
        for t in ordered {
            if t.dataOffsets.lowerBound < cursor {
                throw fail("tensors \"\(previous ?? "?")\" and \"\(t.name)\" overlap (data bytes \(t.dataOffsets.lowerBound)..<\(cursor) belong to both); the header is corrupt")
            }
            if t.dataOffsets.lowerBound > cursor {
                throw fail("data bytes \(cursor)..<\(t.dataOffsets.lowerBound) belong to no tensor; the header is corrupt")
            }
            cursor = t.dataOffsets.upperBound
            previous = t.name
        }
        if cursor != dataLength {
            throw fail("the data section has \(dataLength) bytes but the tensors cover only \(cursor); the file has trailing garbage or a corrupt header")
        }

        self.source = source
        self.metadata = metadata
        self.tensors = tensors
        self.bytes = bytes
        self.dataStart = dataStart
    }

    /// Validates one `"name": {"dtype": .., "shape": [..], "data_offsets": [b, e]}` entry.
    private static func parseTensorEntry(
        name: String, value: MiniJSON, fail: (String) -> SafetensorsError
    ) throws(SafetensorsError) -> SafetensorsTensorInfo {
        guard case let .object(fields) = value else {
            throw fail("tensor \"\(name)\" is \(value.kindName) in the header, expected an object")
        }
        var dtypeText: String? = nil
        var shape: [Int]? = nil
        var offsets: [Int]? = nil
        for (key, v) in fields {
            switch key {
            case "dtype":
                guard case let .string(s) = v else { throw fail("tensor \"\(name)\": \"dtype\" is \(v.kindName), expected a string") }
                dtypeText = s
            case "shape":
                guard case let .array(items) = v else { throw fail("tensor \"\(name)\": \"shape\" is \(v.kindName), expected an array of integers") }
                var dims: [Int] = []
                for item in items {
                    guard let d = item.nonNegativeInt else {
                        throw fail("tensor \"\(name)\": shape entries must be non-negative integers")
                    }
                    dims.append(d)
                }
                shape = dims
            case "data_offsets":
                guard case let .array(items) = v, items.count == 2,
                    let b = items[0].nonNegativeInt, let e = items[1].nonNegativeInt
                else { throw fail("tensor \"\(name)\": \"data_offsets\" must be [begin, end] with non-negative integers") }
                offsets = [b, e]
            default:
                throw fail("tensor \"\(name)\" has an unknown field \"\(key)\"")
            }
        }
        guard let dtypeText else { throw fail("tensor \"\(name)\" has no \"dtype\"") }
        guard let shape else { throw fail("tensor \"\(name)\" has no \"shape\"") }
        guard let offsets else { throw fail("tensor \"\(name)\" has no \"data_offsets\"") }
        guard let dtype = SafetensorsDType(rawValue: dtypeText) else {
            let known = SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail("tensor \"\(name)\" has dtype \(dtypeText), which lenetc cannot read (supported: \(known)); convert it to F32 before saving")
        }
        guard offsets[0] <= offsets[1] else {
            throw fail("tensor \"\(name)\": data_offsets [\(offsets[0]), \(offsets[1])] end before they begin")
        }
        var expected = dtype.byteSize
        for d in shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: d)
            guard !overflow else { throw fail("tensor \"\(name)\": shape \(shape) is absurdly large") }
            expected = product
        }
        let actual = offsets[1] - offsets[0]
        guard actual == expected else {
            throw fail("tensor \"\(name)\": shape \(shape) of \(dtype.rawValue) needs \(expected) bytes, but data_offsets span \(actual)")
        }
        return SafetensorsTensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: offsets[0]..<offsets[1])
    }

    /// Tensor names in byte order of their UTF-8 (deterministic, like the Rust library).
    public var tensorNames: [String] {
        tensors.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The description of tensor `name`, or an error listing the tensors that do exist.
    public func info(_ name: String) throws(SafetensorsError) -> SafetensorsTensorInfo {
        guard let info = tensors[name] else {
            let names = tensorNames
            let shown = names.prefix(20).joined(separator: ", ") + (names.count > 20 ? ", ..." : "")
            throw SafetensorsError(file: source, problem: "has no tensor named \"\(name)\" (it holds: \(shown.isEmpty ? "nothing" : shown))")
        }
        return info
    }

    /// The raw little-endian bytes of tensor `name`.
    public func rawBytes(_ name: String) throws(SafetensorsError) -> ArraySlice<UInt8> {
        let t = try info(name)
        return bytes[(dataStart + t.dataOffsets.lowerBound)..<(dataStart + t.dataOffsets.upperBound)]
    }

    /// Tensor `name` as `Float`s in row-major order, converting F64 and integer types.
    ///
    /// F64 values are rounded to the nearest `Float`; integers beyond 2^24 lose precision,
    /// which is harmless for the weights and labels lenetc stores.
    public func floats(_ name: String) throws(SafetensorsError) -> [Float] {
        let t = try info(name)
        let start = dataStart + t.dataOffsets.lowerBound
        let n = t.elementCount
        return bytes.withUnsafeBytes { raw in
            let base = UnsafeRawBufferPointer(rebasing: raw[start..<(start + n * t.dtype.byteSize)])
            switch t.dtype {
            case .f32: return (0..<n).map { Float(bitPattern: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            case .f64: return (0..<n).map { Float(Double(bitPattern: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))) }
            case .i64: return (0..<n).map { Float(Int64(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))) }
            case .i32: return (0..<n).map { Float(Int32(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) }
            case .u8: return (0..<n).map { Float(base[$0]) }
            }
        }
    }

    /// Integer tensor `name` (I64, I32 or U8) as `Int64`s; float tensors are an error,
    /// because silently truncating them would hide a mix-up of tensor names.
    public func int64s(_ name: String) throws(SafetensorsError) -> [Int64] {
        let t = try info(name)
        guard t.dtype.isInteger else {
            throw SafetensorsError(file: source, problem: "tensor \"\(name)\" is \(t.dtype.rawValue), not an integer tensor")
        }
        let start = dataStart + t.dataOffsets.lowerBound
        let n = t.elementCount
        return bytes.withUnsafeBytes { raw in
            let base = UnsafeRawBufferPointer(rebasing: raw[start..<(start + n * t.dtype.byteSize)])
            switch t.dtype {
            case .i64: return (0..<n).map { Int64(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self)) }
            case .i32: return (0..<n).map { Int64(Int32(littleEndian: base.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) }
            case .u8: return (0..<n).map { Int64(base[$0]) }
            case .f32, .f64: return []  // excluded by the guard above
            }
        }
    }
}

/// Collects tensors and writes them as one safetensors file.
///
/// The layout matches the Rust/Python implementation byte for byte: tensors ordered by
/// element size (I64 before F32) and then by name, `__metadata__` first in the header,
/// and the header padded with spaces to a multiple of 8 bytes so the data is aligned.
public struct SafetensorsWriter: Sendable {
    private struct Entry: Sendable {
        let name: String
        let dtype: SafetensorsDType
        let shape: [Int]
        let data: [UInt8]
    }

    /// String key/value pairs stored under `__metadata__` (omitted when empty).
    public var metadata: [String: String]
    private var entries: [String: Entry] = [:]

    /// Creates an empty writer.
    public init(metadata: [String: String] = [:]) {
        self.metadata = metadata
    }

    /// Names added so far.
    public var names: [String] { Array(entries.keys) }

    /// Adds an F32 tensor. `values.count` must equal the product of `shape`.
    public mutating func add(_ name: String, floats values: [Float], shape: [Int]) throws(SafetensorsError) {
        try checkNew(name: name, count: values.count, shape: shape)
        var data = [UInt8](repeating: 0, count: values.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self)
            }
        }
        entries[name] = Entry(name: name, dtype: .f32, shape: shape, data: data)
    }

    /// Adds an I64 tensor (e.g. labels or step counters). `values.count` must equal the
    /// product of `shape`.
    public mutating func add(_ name: String, int64s values: [Int64], shape: [Int]) throws(SafetensorsError) {
        try checkNew(name: name, count: values.count, shape: shape)
        var data = [UInt8](repeating: 0, count: values.count * 8)
        data.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                raw.storeBytes(of: v.littleEndian, toByteOffset: i * 8, as: Int64.self)
            }
        }
        entries[name] = Entry(name: name, dtype: .i64, shape: shape, data: data)
    }

    private func checkNew(name: String, count: Int, shape: [Int]) throws(SafetensorsError) {
        let file = "(being written)"
        guard !name.isEmpty, name != "__metadata__" else {
            throw SafetensorsError(file: file, problem: "invalid tensor name \"\(name)\"")
        }
        guard entries[name] == nil else {
            throw SafetensorsError(file: file, problem: "tensor \"\(name)\" was added twice")
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw SafetensorsError(file: file, problem: "tensor \"\(name)\" has a negative dimension in shape \(shape)")
        }
        var product = 1
        for d in shape {
            let (p, overflow) = product.multipliedReportingOverflow(by: d)
            guard !overflow else { throw SafetensorsError(file: file, problem: "tensor \"\(name)\": shape \(shape) is absurdly large") }
            product = p
        }
        guard product == count else {
            throw SafetensorsError(file: file, problem: "tensor \"\(name)\" has \(count) values but shape \(shape) needs \(product)")
        }
    }

    /// The complete file contents.
    public func encoded() -> [UInt8] {
        let ordered = entries.values.sorted { a, b in
            if a.dtype.byteSize != b.dtype.byteSize { return a.dtype.byteSize > b.dtype.byteSize }
            return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        var parts: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            let inner = pairs.map { miniJSONQuote($0.key) + ":" + miniJSONQuote($0.value) }.joined(separator: ",")
            parts.append("\"__metadata__\":{" + inner + "}")
        }
        var offset = 0
        for e in ordered {
            let shape = e.shape.map(String.init).joined(separator: ",")
            parts.append(miniJSONQuote(e.name) + ":{\"dtype\":\"\(e.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + e.data.count)]}")
            offset += e.data.count
        }
        var header = Array(("{" + parts.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8))

        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        var n = UInt64(header.count)
        for _ in 0..<8 {
            out.append(UInt8(n & 0xFF))
            n >>= 8
        }
        out.append(contentsOf: header)
        for e in ordered { out.append(contentsOf: e.data) }
        return out
    }

    /// Writes the file atomically (temporary file + `rename(2)`), so an interrupted run
    /// leaves either the previous file or the complete new one.
    public func write(to path: String) throws(SafetensorsError) {
        do {
            try AtomicFile.write(encoded(), to: path)
        } catch {
            throw SafetensorsError(file: path, problem: "cannot write it: \(error)")
        }
    }
}

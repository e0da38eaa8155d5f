// The IDX file format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/):
//
//   byte 0-1  zero
//   byte 2    element type (0x08 = unsigned byte; the only type these data sets use)
//   byte 3    number of dimensions (1 for labels, 3 for images)
//   then      one big-endian UInt32 per dimension
//   then      the elements, row-major, exactly product(dimensions) of them
//
// Files may be raw or gzip-compressed (detected from the content, not the file name).
// Every field is checked, because a wrong or half-downloaded file must produce a message
// telling the user what to fix, not a crash or silently shifted images.
import Foundation

/// A problem with an IDX file: which file, what is wrong, and what the user can do.
public struct IDXError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file concerned.
    public let file: String
    /// What is wrong with it.
    public let problem: String
    /// What the user can do about it.
    public let advice: String

    /// Creates an error about `file`.
    public init(file: String, problem: String, advice: String) {
        self.file = file
        self.problem = problem
        self.advice = advice
    }

    public var description: String {
        advice.isEmpty ? "\(file): \(problem)" : "\(file): \(problem); \(advice)"
    }
}

/// An unsigned-byte IDX array: its dimensions and its elements in row-major order.
public struct IDXArray: Sendable, Equatable {
    /// Dimensions, outermost first (e.g. [60000, 28, 28]).
    public let dimensions: [Int]
    /// Exactly `dimensions.reduce(1, *)` elements.
    public let data: [UInt8]

    /// Creates an array; `data.count` must equal the product of `dimensions`.
    public init(dimensions: [Int], data: [UInt8]) throws(IDXError) {
        let expected = try IDX.elementCount(dimensions, file: "(in memory)")
        guard data.count == expected else {
            throw IDXError(file: "(in memory)", problem: "\(data.count) elements given for dimensions \(dimensions), which need \(expected)", advice: "")
        }
        self.dimensions = dimensions
        self.data = data
    }

    fileprivate init(validated dimensions: [Int], data: [UInt8]) {
        self.dimensions = dimensions
        self.data = data
    }
}

/// Reading and writing unsigned-byte IDX files.
public enum IDX {
    /// Largest element count accepted (2 GiB): far above any MNIST-style set, and checked
    /// before allocating so a corrupt header cannot request absurd amounts of memory.
    public static let maxElements = 1 << 31

    private static let redownload = "delete it and download it again, or point --data at a good copy"

    /// Reads an IDX file, raw or gzip-compressed.
    public static func read(_ path: String, maxElements: Int = IDX.maxElements) throws(IDXError) -> IDXArray {
        try read(path, maxElements: maxElements, digest: false).array
    }

    /// Reads an IDX file, raw or gzip-compressed, and the MD5 (lowercase hex) of its uncompressed content:
    /// the same for a raw file, its canonical `.gz` and any recompression of it, so one checksum
    /// identifies the data however it was packed.
    public static func readWithContentMD5(_ path: String, maxElements: Int = IDX.maxElements) throws(IDXError) -> (array: IDXArray, contentMD5: String) {
        let (array, digest) = try read(path, maxElements: maxElements, digest: true)
        return (array, digest ?? "")
    }

    private static func read(_ path: String, maxElements: Int, digest: Bool) throws(IDXError) -> (array: IDXArray, digest: String?) {
        let bytes: [UInt8]
        do {
            // A raw file is header + data; a gzip file is smaller than its content.
            bytes = try AtomicFile.read(path, maxBytes: maxElements + 64 * 1024)
        } catch {
            throw IDXError(file: path, problem: "cannot read it: \(error.reason)", advice: "check the path and permissions")
        }
        let (array, content) = try decode(bytes, file: path, maxElements: maxElements)
        return (array, digest ? MD5.hex(of: content) : nil)
    }

    /// Parses the bytes of an IDX file as it is stored, raw or gzip-compressed, and returns the array
    /// and the uncompressed content; `file` names it in error messages.
    public static func decode(_ stored: [UInt8], file: String, maxElements: Int = IDX.maxElements) throws(IDXError) -> (array: IDXArray, content: [UInt8]) {
        var bytes = stored
        if Gzip.isGzip(bytes) {
            do {
                bytes = try Gzip.decompress(bytes, source: file, maxOutput: maxElements + 4 + 4 * 4)
            } catch {
                throw IDXError(file: file, problem: "the gzip data cannot be decompressed: \(error.problem)", advice: "")
            }
        }
        // Parse first: a damaged file gets its precise message, and is not hashed for nothing.
        return (try parse(bytes, file: file, maxElements: maxElements), bytes)
    }

    /// Parses the bytes of an uncompressed IDX file; `file` names it in error messages.
    public static func parse(_ bytes: [UInt8], file: String, maxElements: Int = IDX.maxElements) throws(IDXError) -> IDXArray {
        func fail(_ problem: String, _ advice: String = redownload) -> IDXError {
            IDXError(file: file, problem: problem, advice: advice)
        }
        guard bytes.count >= 4 else {
            throw fail("it is only \(bytes.count) bytes long, too short for an IDX header")
        }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw fail("it does not start with an IDX magic number (first bytes \(hex2(bytes[0])) \(hex2(bytes[1])), expected 00 00)",
                       "this is not an IDX file; check that the path points at MNIST-style data")
        }
        guard bytes[2] == 0x08 else {
            let kind: String
            switch bytes[2] {
            case 0x09: kind = "signed bytes"
            case 0x0B: kind = "16-bit integers"
            case 0x0C: kind = "32-bit integers"
            case 0x0D: kind = "32-bit floats"
            case 0x0E: kind = "64-bit floats"
            default: kind = "an unknown type"
            }
            throw fail("its element type is 0x\(hex2(bytes[2])) (\(kind)); lenetc reads only unsigned-byte (0x08) IDX files",
                       "convert the data to unsigned bytes like MNIST")
        }
        let rank = Int(bytes[3])
        guard (1...4).contains(rank) else {
            throw fail("it declares \(rank) dimensions; IDX data sets have 1 to 4")
        }
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw fail("the header needs \(headerSize) bytes for \(rank) dimensions but the file has only \(bytes.count); it is truncated")
        }
        var dims: [Int] = []
        for d in 0..<rank {
            let o = 4 + 4 * d
            dims.append(Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
        }
        let count = try elementCount(dims, file: file, maxElements: maxElements)
        let found = bytes.count - headerSize
        if found < count {
            throw fail("dimensions \(dims) need \(count) data bytes but only \(found) are present; the file is truncated")
        }
        if found > count {
            throw fail("dimensions \(dims) need \(count) data bytes but \(found) are present (\(found - count) extra bytes at the end); the file is damaged or its header is wrong")
        }
        return IDXArray(validated: dims, data: Array(bytes[headerSize...]))
    }

    /// Two lowercase hex digits.
    static func hex2(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    /// The product of `dims`, refusing zero-size dimensions and anything above `maxElements`.
    static func elementCount(_ dims: [Int], file: String, maxElements: Int = IDX.maxElements) throws(IDXError) -> Int {
        guard (1...4).contains(dims.count) else {
            throw IDXError(file: file, problem: "IDX arrays have 1 to 4 dimensions, not \(dims.count)", advice: "")
        }
        var count = 1
        for (i, d) in dims.enumerated() {
            guard d > 0, d <= Int(UInt32.max) else {
                throw IDXError(file: file, problem: "dimension \(i) is \(d); every dimension must be between 1 and 2^32-1", advice: redownload)
            }
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, p <= maxElements else {
                throw IDXError(file: file, problem: "dimensions \(dims) describe more than \(maxElements) elements, far beyond any MNIST-style data set; the header is corrupt", advice: redownload)
            }
            count = p
        }
        return count
    }

    /// The bytes of an uncompressed unsigned-byte IDX file holding `array`.
    public static func encode(_ array: IDXArray) -> [UInt8] {
        var out: [UInt8] = [0, 0, 0x08, UInt8(array.dimensions.count)]
        for d in array.dimensions {
            out += [UInt8(truncatingIfNeeded: d >> 24), UInt8(truncatingIfNeeded: d >> 16), UInt8(truncatingIfNeeded: d >> 8), UInt8(truncatingIfNeeded: d)]
        }
        out += array.data
        return out
    }
}

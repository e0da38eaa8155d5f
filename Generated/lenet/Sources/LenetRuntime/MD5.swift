// MD5 (RFC 1321), used only to check data set files against their published checksums: it detects
// truncated or substituted downloads, and tells which data set a folder of IDX files holds. (It is not a security measure;
// the canonical checksums of MNIST and Fashion-MNIST happen to be MD5.)
//
// Our own implementation because the runtime may import only Foundation, Glibc and zlib,
// and Foundation on Linux has no MD5.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Incremental MD5 digest.
public struct MD5: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
    private var buffer = [UInt8](repeating: 0, count: 64)
    private var buffered = 0
    private var length: UInt64 = 0

    /// Per-round left-rotation amounts.
    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// floor(abs(sin(i + 1)) * 2^32), as tabulated in RFC 1321 (written out, not computed,
    /// so the table does not depend on the platform's sin()).
    private static let constants: [UInt32] = [
        0xD76A_A478, 0xE8C7_B756, 0x2420_70DB, 0xC1BD_CEEE, 0xF57C_0FAF, 0x4787_C62A, 0xA830_4613, 0xFD46_9501,
        0x6980_98D8, 0x8B44_F7AF, 0xFFFF_5BB1, 0x895C_D7BE, 0x6B90_1122, 0xFD98_7193, 0xA679_438E, 0x49B4_0821,
        0xF61E_2562, 0xC040_B340, 0x265E_5A51, 0xE9B6_C7AA, 0xD62F_105D, 0x0244_1453, 0xD8A1_E681, 0xE7D3_FBC8,
        0x21E1_CDE6, 0xC337_07D6, 0xF4D5_0D87, 0x455A_14ED, 0xA9E3_E905, 0xFCEF_A3F8, 0x676F_02D9, 0x8D2A_4C8A,
        0xFFFA_3942, 0x8771_F681, 0x6D9D_6122, 0xFDE5_380C, 0xA4BE_EA44, 0x4BDE_CFA9, 0xF6BB_4B60, 0xBEBF_BC70,
        0x289B_7EC6, 0xEAA1_27FA, 0xD4EF_3085, 0x0488_1D05, 0xD9D4_D039, 0xE6DB_99E5, 0x1FA2_7CF8, 0xC4AC_5665,
        0xF429_2244, 0x432A_FF97, 0xAB94_23A7, 0xFC93_A039, 0x655B_59C3, 0x8F0C_CC92, 0xFFEF_F47D, 0x8584_5DD1,
        0x6FA8_7E4F, 0xFE2C_E6E0, 0xA301_4314, 0x4E08_11A1, 0xF753_7E82, 0xBD3A_F235, 0x2AD7_D2BB, 0xEB86_D391,
    ]

    /// A fresh digest.
    public init() {}

    /// Feeds `bytes` into the digest.
    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        length &+= UInt64(bytes.count)
        var index = bytes.startIndex
        // Top up a partial block first.
        while buffered > 0, index != bytes.endIndex {
            buffer[buffered] = bytes[index]
            buffered += 1
            index = bytes.index(after: index)
            if buffered == 64 {
                let block = buffer
                block.withUnsafeBytes { processBlock($0) }
                buffered = 0
            }
        }
        // Whole blocks straight from the input when it is contiguous (the fast path).
        let remaining = bytes[index...]
        let consumed: Int? = remaining.withContiguousStorageIfAvailable { raw -> Int in
            var offset = 0
            let base = UnsafeRawBufferPointer(raw)
            while raw.count - offset >= 64 {
                processBlock(UnsafeRawBufferPointer(rebasing: base[offset..<(offset + 64)]))
                offset += 64
            }
            return offset
        }
        if let consumed {
            index = bytes.index(index, offsetBy: consumed)
        }
        while index != bytes.endIndex {
            buffer[buffered] = bytes[index]
            buffered += 1
            index = bytes.index(after: index)
            if buffered == 64 {
                let block = buffer
                block.withUnsafeBytes { processBlock($0) }
                buffered = 0
            }
        }
    }

    /// The 16-byte digest of everything fed so far (the digest itself is not modified,
    /// so more data may still be added to it).
    public func finalize() -> [UInt8] {
        var copy = self
        let bitLength = length &* 8
        var padding: [UInt8] = [0x80]
        let used = (buffered + 1) % 64
        padding += [UInt8](repeating: 0, count: used <= 56 ? 56 - used : 120 - used)
        for i in 0..<8 { padding.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
        let savedLength = copy.length
        copy.update(padding)
        copy.length = savedLength
        var out: [UInt8] = []
        for word in [copy.state.0, copy.state.1, copy.state.2, copy.state.3] {
            for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(i)))) }
        }
        return out
    }

    /// The digest as 32 lowercase hex digits.
    public func hexDigest() -> String {
        let digits = Array("0123456789abcdef")
        return String(finalize().flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    /// MD5 of `bytes` as lowercase hex.
    public static func hex<Bytes: Collection>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var m = MD5()
        m.update(bytes)
        return m.hexDigest()
    }

    /// MD5 of the file at `path` as lowercase hex, read in 1 MiB chunks.
    public static func hex(ofFile path: String) throws(FileIOError) -> String {
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw FileIOError(path: path, operation: "open for reading", reason: runtimeErrnoText()) }
        defer { close(fd) }
        var m = MD5()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileIOError(path: path, operation: "read", reason: runtimeErrnoText())
            }
            if n == 0 { break }
            m.update(chunk[0..<n])
        }
        return m.hexDigest()
    }

    private mutating func processBlock(_ block: UnsafeRawBufferPointer) {
        var a = state.0, b = state.1, c = state.2, d = state.3
        for i in 0..<64 {
            var f: UInt32
            let g: Int
            switch i {
            case 0..<16:
                f = (b & c) | (~b & d)
                g = i
            case 16..<32:
                f = (d & b) | (~d & c)
                g = (5 * i + 1) & 15
            case 32..<48:
                f = b ^ c ^ d
                g = (3 * i + 5) & 15
            default:
                f = c ^ (b | ~d)
                g = (7 * i) & 15
            }
            let word = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * g, as: UInt32.self))
            f = f &+ a &+ MD5.constants[i] &+ word
            a = d
            d = c
            c = b
            let s = MD5.shifts[i]
            b = b &+ ((f << s) | (f >> (32 - s)))
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }
}

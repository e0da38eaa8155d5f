// In-memory gzip decompression with zlib, for the `.gz` files data sets ship as.
//
// Why in memory with `inflate` rather than `gzopen`/`gzread`: gzread cannot tell a
// truncated file from a complete one without extra calls, silently accepts trailing
// garbage, and reports errors by number. Inflating the bytes ourselves gives precise
// messages ("ends early", "corrupt at byte N") and a hard cap on the output size, so a
// damaged or malicious file cannot make us allocate unbounded memory.
import CZlib
import Foundation

/// A gzip stream that could not be decompressed, naming its source.
public struct GzipError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Path (or description) of the compressed data.
    public let source: String
    /// What went wrong.
    public let problem: String

    public var description: String { "\(source): \(problem)" }
}

/// gzip helpers.
public enum Gzip {
    /// Whether `bytes` start with the gzip magic number 1f 8b.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Decompresses a complete gzip file (one or more concatenated members, as `gzip`
    /// itself accepts). Fails if the data is corrupt, ends early, is followed by anything
    /// but another gzip member, or would decompress to more than `maxOutput` bytes.
    public static func decompress(_ input: [UInt8], source: String, maxOutput: Int = 1 << 31) throws(GzipError) -> [UInt8] {
        func fail(_ problem: String) -> GzipError { GzipError(source: source, problem: problem) }
        guard isGzip(input) else {
            throw fail("not gzip data (the first bytes are not 1f 8b)")
        }
        // The trailer's ISIZE field is the size modulo 2^32 of the last member; use it only
        // as a first guess for the buffer and grow if needed. In a damaged or truncated
        // file those 4 bytes are arbitrary, so the guess is also capped by deflate's best
        // possible ratio (about 1032:1): a garbage trailer cannot trigger a huge allocation.
        var guess = 64 * 1024
        if input.count >= 18 {
            let n = input.count
            let isize = Int(input[n - 4]) | Int(input[n - 3]) << 8 | Int(input[n - 2]) << 16 | Int(input[n - 1]) << 24
            guess = max(guess, min(isize + 1, 1032 * n))
        }
        var output = [UInt8](repeating: 0, count: min(guess, maxOutput + 1))
        var produced = 0
        var failure: GzipError? = nil

        input.withUnsafeBufferPointer { inBuf in
            var stream = z_stream()
            // windowBits 15 + 16: expect a gzip wrapper (not raw zlib), full 32 KiB window.
            var rc = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
            guard rc == Z_OK else {
                failure = fail("zlib could not start (inflateInit2 returned \(rc))")
                return
            }
            defer { inflateEnd(&stream) }
            var consumed = 0
            memberLoop: while true {
                rc = Z_OK
                while rc != Z_STREAM_END {
                    if produced == output.count {
                        if output.count > maxOutput {
                            failure = fail("decompresses to more than \(maxOutput) bytes, larger than any data set lenetc expects; the file is not what its name says or is corrupt")
                            return
                        }
                        output.append(contentsOf: repeatElement(0, count: min(max(output.count, 1 << 16), maxOutput + 1 - output.count)))
                    }
                    let inCount = inBuf.count - consumed
                    let outCount = output.count - produced
                    let (r, usedIn, madeOut, message) = output.withUnsafeMutableBufferPointer { outBuf -> (Int32, Int, Int, String?) in
                        stream.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + consumed)
                        stream.avail_in = UInt32(clamping: inCount)
                        stream.next_out = outBuf.baseAddress! + produced
                        stream.avail_out = UInt32(clamping: outCount)
                        let availIn = stream.avail_in, availOut = stream.avail_out
                        let r = inflate(&stream, Z_NO_FLUSH)
                        let msg = stream.msg.map { String(cString: $0) }
                        return (r, Int(availIn - stream.avail_in), Int(availOut - stream.avail_out), msg)
                    }
                    consumed += usedIn
                    produced += madeOut
                    rc = r
                    switch r {
                    case Z_OK, Z_STREAM_END:
                        continue
                    case Z_BUF_ERROR where consumed == inBuf.count:
                        failure = fail("the compressed data ends early after \(input.count) bytes; the file is truncated (an interrupted download?) — delete it and fetch it again")
                        return
                    case Z_BUF_ERROR:
                        continue  // needs more output space; the loop grows the buffer
                    case Z_DATA_ERROR:
                        failure = fail("the compressed data is corrupt near input byte \(consumed) (\(message ?? "invalid deflate data")); delete the file and fetch it again")
                        return
                    case Z_MEM_ERROR:
                        failure = fail("zlib ran out of memory")
                        return
                    default:
                        failure = fail("zlib failed with code \(r)\(message.map { " (\($0))" } ?? "")")
                        return
                    }
                }
                // One member done. Another member may follow (concatenated gzip files).
                if consumed == inBuf.count { break memberLoop }
                if inBuf.count - consumed >= 2, inBuf[consumed] == 0x1F, inBuf[consumed + 1] == 0x8B {
                    inflateReset(&stream)
                    continue memberLoop
                }
                failure = fail("\(inBuf.count - consumed) bytes of unexpected data follow the end of the compressed stream; the file is damaged")
                return
            }
        }
        if let failure { throw failure }
        if produced > maxOutput {
            throw fail("decompresses to more than \(maxOutput) bytes, larger than any data set lenetc expects")
        }
        output.removeSubrange(produced...)
        return output
    }
}

import Foundation
import Testing
@testable import LenetRuntime

/// A small IDX image file: 3 images of 2x4 pixels with distinct values.
private func sampleImages() throws -> IDXArray {
    try IDXArray(dimensions: [3, 2, 4], data: (0..<24).map { UInt8($0 * 10) })
}

/// Expects `IDX.parse` to reject `bytes` with a message naming the file and containing `phrase`.
private func expectParseError(_ bytes: [UInt8], _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try IDX.parse(bytes, file: "bad-idx-ubyte")
        Issue.record("expected an error containing \"\(phrase)\"", sourceLocation: sourceLocation)
    } catch {
        #expect(error.description.hasPrefix("bad-idx-ubyte: "), "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains(phrase), "\(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct IDXTests {
    @Test func encodeParseRoundTrip() throws {
        let a = try sampleImages()
        let bytes = IDX.encode(a)
        #expect(Array(bytes[0..<16]) == [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 4])
        #expect(try IDX.parse(bytes, file: "x") == a)
        let labels = try IDXArray(dimensions: [5], data: [1, 2, 3, 4, 5])
        #expect(try IDX.parse(IDX.encode(labels), file: "y") == labels)
        #expect(throws: IDXError.self) { try IDXArray(dimensions: [2, 2], data: [1, 2, 3]) }
    }

    @Test func readsRawAndGzipFiles() throws {
        let dir = TempDir()
        let a = try sampleImages()
        let raw = dir.write("imgs-idx3-ubyte", IDX.encode(a))
        let gz = dir.write("imgs-idx3-ubyte.gz", gzipWithSystemTool(IDX.encode(a)))
        #expect(try IDX.read(raw) == a)
        #expect(try IDX.read(gz) == a)
        // Two concatenated gzip members (what `cat a.gz b.gz` gives) form one stream.
        let bytes = IDX.encode(a)
        let twoMembers = gzipWithSystemTool(Array(bytes[0..<10])) + gzipWithSystemTool(Array(bytes[10...]))
        #expect(try IDX.read(dir.write("two.gz", twoMembers)) == a)
    }

    @Test func rejectsBadHeaders() {
        expectParseError([], "only 0 bytes")
        expectParseError([0, 0, 8], "too short")
        expectParseError([0x50, 0x4B, 3, 4, 0, 0, 0, 0], "not an IDX file")
        expectParseError([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], "32-bit floats")
        expectParseError([0, 0, 0x42, 1, 0, 0, 0, 1, 0], "unknown type")
        expectParseError([0, 0, 8, 0], "0 dimensions")
        expectParseError([0, 0, 8, 5] + [UInt8](repeating: 0, count: 40), "5 dimensions")
        expectParseError([0, 0, 8, 3, 0, 0, 0, 1, 0, 0], "truncated")
        expectParseError([0, 0, 8, 2, 0, 0, 0, 0, 0, 0, 0, 5], "dimension 0 is 0")
    }

    @Test func rejectsTruncatedAndOversizedData() throws {
        let bytes = IDX.encode(try sampleImages())
        expectParseError(Array(bytes.dropLast(5)), "need 24 data bytes but only 19 are present; the file is truncated")
        expectParseError(bytes + [1, 2], "need 24 data bytes but 26 are present (2 extra bytes at the end)")
        // Absurd dimensions are refused from the header alone, before any allocation.
        expectParseError([0, 0, 8, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "header is corrupt")
        #expect(throws: IDXError.self) { try IDX.parse(bytes, file: "small", maxElements: 23) }
    }

    @Test func rejectsCorruptGzip() throws {
        let dir = TempDir()
        let gz = gzipWithSystemTool(IDX.encode(try IDXArray(dimensions: [2000], data: (0..<2000).map { UInt8($0 % 251) })))
        func expectReadError(_ bytes: [UInt8], _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let path = dir.write("t.gz", bytes)
            do {
                _ = try IDX.read(path)
                Issue.record("expected an error containing \"\(phrase)\"", sourceLocation: sourceLocation)
            } catch {
                #expect(error.description.contains(path), "\(error)", sourceLocation: sourceLocation)
                #expect(error.description.contains(phrase), "\(error)", sourceLocation: sourceLocation)
            }
        }
        expectReadError(Array(gz.prefix(gz.count / 2)), "truncated")
        expectReadError(Array(gz.prefix(12)), "truncated")
        var damaged = gz
        for i in 12..<(gz.count - 8) { damaged[i] ^= 0xFF }
        expectReadError(damaged, "corrupt")
        var badCRC = gz
        badCRC[gz.count - 6] ^= 0x01
        expectReadError(badCRC, "corrupt")
        expectReadError(gz + [0x00, 0x01, 0x02], "unexpected data follow")
        // Every truncation of a gzip file is an error, never a crash or a short result.
        for cut in stride(from: 2, to: gz.count, by: 7) {
            #expect(throws: GzipError.self, "cut \(cut)") { try Gzip.decompress(Array(gz.prefix(cut)), source: "cut") }
        }
    }

    @Test func gzipOutputIsBounded() throws {
        let zeros = gzipWithSystemTool([UInt8](repeating: 0, count: 1_000_000))
        #expect(try Gzip.decompress(zeros, source: "z").count == 1_000_000)
        do {
            _ = try Gzip.decompress(zeros, source: "bomb.gz", maxOutput: 100_000)
            Issue.record("expected a size-limit error")
        } catch {
            #expect(error.description.contains("bomb.gz") && error.description.contains("more than 100000 bytes"))
        }
        #expect(throws: GzipError.self) { try Gzip.decompress([1, 2, 3], source: "x") }
    }

    @Test func missingFileIsNamed() {
        do {
            _ = try IDX.read("/nonexistent/train-images-idx3-ubyte")
            Issue.record("expected failure")
        } catch {
            #expect(error.description.contains("/nonexistent/train-images-idx3-ubyte"))
            #expect(error.description.contains("No such file or directory"))
        }
    }

    @Test(.enabled(if: sharedMNISTPresent, "needs real MNIST in /work/shared/datasets/mnist"))
    func readsRealMNISTTestSet() throws {
        let images = try IDX.read(sharedMNISTDir + "/t10k-images-idx3-ubyte.gz")
        let labels = try IDX.read(sharedMNISTDir + "/t10k-labels-idx1-ubyte.gz")
        #expect(images.dimensions == [10000, 28, 28])
        #expect(labels.dimensions == [10000])
        #expect(labels.data.allSatisfy { $0 < 10 })
        // The first MNIST test digit is a 7 (a well-known fact of the data set).
        #expect(labels.data[0] == 7)
        #expect(Set(labels.data).count == 10)
    }
}

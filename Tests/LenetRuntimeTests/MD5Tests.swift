import Foundation
import Testing
@testable import LenetRuntime

@Suite struct MD5Tests {
    @Test func rfc1321TestSuite() {
        let vectors: [(String, String)] = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (input, digest) in vectors {
            #expect(MD5.hex(of: Array(input.utf8)) == digest, "MD5(\"\(input)\")")
        }
    }

    @Test func incrementalEqualsOneShotAndMatchesSystemTool() throws {
        var rng = SeededRNG(seed: 77)
        let dir = TempDir()
        // Lengths around the 56- and 64-byte padding boundaries, and a large one.
        for length in [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 100_003] {
            let data = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let oneShot = MD5.hex(of: data)
            var m = MD5()
            var i = 0
            while i < data.count {
                let n = min(data.count - i, 1 + rng.int(below: 130))
                m.update(data[i..<(i + n)])
                i += n
            }
            #expect(m.hexDigest() == oneShot)
            let path = dir.write("blob\(length)", data)
            #expect(try MD5.hex(ofFile: path) == oneShot)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/md5sum")
            p.arguments = [path]
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(out.hasPrefix(oneShot + " "), "length \(length): md5sum says \(out)")
        }
        // Non-contiguous input (a lazy collection) takes the slow path with the same result.
        let bytes = (0..<300).map { UInt8($0 & 0xFF) }
        var lazy = MD5()
        lazy.update(bytes.lazy.map { $0 })
        #expect(lazy.hexDigest() == MD5.hex(of: bytes))
    }

    @Test func missingFileIsReported() {
        #expect(throws: FileIOError.self) { try MD5.hex(ofFile: "/nonexistent/file.gz") }
    }

    @Test(.enabled(if: sharedMNISTPresent, "needs real MNIST in /work/shared/datasets/mnist"))
    func realMNISTFilesMatchCanonicalChecksums() throws {
        for file in DatasetSource.mnist.files where file.name.hasPrefix("t10k") {
            #expect(try MD5.hex(ofFile: sharedMNISTDir + "/" + file.name) == file.md5, "\(file.name)")
        }
    }
}

// Helpers shared by the runtime tests: scratch directories and small file utilities.
import Foundation
import LenetRuntime
#if canImport(Glibc)
import Glibc
#endif

/// A fresh scratch directory under the system temp dir, removed when the value is released.
final class TempDir: @unchecked Sendable {
    let path: String

    init(_ label: String = "lenet-runtime-tests") {
        var template = Array((NSTemporaryDirectory() + "/\(label)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed: \(String(cString: strerror(errno)))")
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/name`.
    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` to `path/name` (creating intermediate directories) and returns the path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let p = file(name)
        let dir = (p as NSString).deletingLastPathComponent
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try! Data(bytes).write(to: URL(fileURLWithPath: p))
        return p
    }

    /// Names of the entries in `path/sub` (hidden ones included), sorted.
    func listing(_ sub: String = "") -> [String] {
        let p = sub.isEmpty ? path : file(sub)
        return ((try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []).sorted()
    }
}

/// Reads a whole file as bytes (test-side; deliberately not the runtime's reader).
func readBytes(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
}

/// Whether a file or directory exists.
func fileExists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
}

/// Gzip-compresses bytes with the system `gzip` tool, so the runtime's decompressor is tested
/// against an independent implementation.
func gzipWithSystemTool(_ bytes: [UInt8]) -> [UInt8] {
    let dir = TempDir("gz")
    let raw = dir.write("blob", bytes)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/gzip")
    p.arguments = ["-n", "-f", raw]
    try! p.run()
    p.waitUntilExit()
    precondition(p.terminationStatus == 0, "gzip failed")
    return readBytes(raw + ".gz")!
}

/// Path of the real MNIST files shared on this machine, if present.
let sharedMNISTDir = "/work/shared/datasets/mnist"
let sharedMNISTPresent: Bool = {
    let present = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                   "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
        .allSatisfy { fileExists(sharedMNISTDir + "/" + $0) }
    if !present {
        print("NOTE: real MNIST not found at \(sharedMNISTDir); tests that need it are reported as skipped")
    }
    return present
}()

/// Path of the real Fashion-MNIST files shared on this machine (Zalando's canonical .gz files), if present.
let sharedFashionDir = "/work/shared/datasets/fashion-mnist"
let sharedFashionPresent: Bool = {
    let present = DatasetFiles.baseNames.allSatisfy { fileExists(sharedFashionDir + "/" + $0 + ".gz") }
    if !present {
        print("NOTE: real Fashion-MNIST not found at \(sharedFashionDir); tests that need it are reported as skipped")
    }
    return present
}()

/// `gzip` bytes with their header replaced the way Debian's packaging rewrites it: another time stamp
/// and no stored file name. The deflate stream and the trailer (CRC and size of the content) stay, so
/// the content is the same while the .gz file's own MD5 changes.
func rewritingGzipHeader(_ gz: [UInt8], mtime: UInt32 = 1_591_315_200) -> [UInt8] {
    precondition(gz.count > 18 && gz[0] == 0x1F && gz[1] == 0x8B && gz[2] == 8, "not gzip")
    let flags = gz[3]
    precondition(flags & ~0x08 == 0, "only a stored file name is handled")
    var body = 10
    if flags & 0x08 != 0 { while gz[body] != 0 { body += 1 }; body += 1 }  // skip the name and its NUL
    let stamp = (0..<4).map { UInt8(truncatingIfNeeded: mtime >> (8 * UInt32($0))) }
    return [0x1F, 0x8B, 8, 0] + stamp + [gz[8], 3] + gz[body...]
}

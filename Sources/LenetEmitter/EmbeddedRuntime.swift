// EmbeddedRuntime.swift: every file of Sources/LenetRuntime/, verbatim, for emitted packages.
// Generated from Sources/LenetRuntime/; do not edit. The LenetEmitterTests fail with a diff when the two
// differ; `LENETC_RECORD=1 swift test --filter LenetEmitterTests` writes this file again.

/// The runtime files by name, in name order.
enum EmbeddedRuntime {
    static let files: [(name: String, text: String)] = [
        ("DatasetFiles.swift", ##"""
// Loading an MNIST-style data set directory: four IDX files, raw or gzip-compressed.
//
// The loader cross-checks the files against each other (image and label counts, image
// size, label range), because the most common real-world mistakes are mixing files of two
// data sets or a half-finished download, and both must be reported before training starts.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A problem with a data set as a whole (missing or mismatched files), naming the files.
public struct DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The full message: what is wrong and what to do.
    public let message: String

    /// Creates an error with `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// What lenetc knows about a named data set: its class names and image size.
public struct DatasetInfo: Sendable, Equatable {
    /// The name used in specs and on the command line, e.g. "mnist".
    public let name: String
    /// One human-readable name per class, indexed by label.
    public let classNames: [String]
    /// Image height in pixels.
    public let height: Int
    /// Image width in pixels.
    public let width: Int

    /// Creates a description of a data set.
    public init(name: String, classNames: [String], height: Int, width: Int) {
        self.name = name
        self.classNames = classNames
        self.height = height
        self.width = width
    }

    /// Number of classes.
    public var classCount: Int { classNames.count }

    /// Handwritten digits 0-9 (LeCun et al.).
    public static let mnist = DatasetInfo(
        name: "mnist", classNames: (0..<10).map(String.init), height: 28, width: 28)

    /// Zalando's clothing images, a drop-in replacement for MNIST.
    public static let fashionMNIST = DatasetInfo(
        name: "fashion-mnist",
        classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                     "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        height: 28, width: 28)

    /// The built-in synthetic digits (same classes and size as MNIST).
    public static let synthetic = DatasetInfo(
        name: "synthetic", classNames: (0..<10).map(String.init), height: 28, width: 28)

    /// Every data set lenetc knows by name.
    public static let all: [DatasetInfo] = [.mnist, .fashionMNIST, .synthetic]

    /// The data set called `name` (case-insensitive; "fashion_mnist" and "fashionmnist"
    /// are accepted too), or nil.
    public static func named(_ name: String) -> DatasetInfo? {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if key == "fashionmnist" { return .fashionMNIST }
        return all.first { $0.name == key }
    }
}

/// Images with one integer label each, ready for training.
public struct LabeledImages: Sendable, Equatable {
    /// `count * height * width` pixels, row-major per image, scaled to [0, 1] (pixel / 255).
    public let images: [Float]
    /// One label per image, each in `0..<classNames.count`.
    public let labels: [Int32]
    /// Number of images.
    public let count: Int
    /// Image height in pixels.
    public let height: Int
    /// Image width in pixels.
    public let width: Int
    /// Class names, indexed by label.
    public let classNames: [String]

    /// Checks that sizes and labels agree, so every consumer can index without checks.
    public init(images: [Float], labels: [Int32], height: Int, width: Int, classNames: [String]) throws(DatasetError) {
        guard height > 0, width > 0 else {
            throw DatasetError("image size \(height)x\(width) is invalid")
        }
        guard images.count == labels.count * height * width else {
            throw DatasetError("\(images.count) pixels do not make \(labels.count) images of \(height)x\(width)")
        }
        guard !classNames.isEmpty else { throw DatasetError("a data set needs at least one class") }
        if let bad = labels.first(where: { $0 < 0 || Int($0) >= classNames.count }) {
            throw DatasetError("label \(bad) is outside 0..<\(classNames.count)")
        }
        self.images = images
        self.labels = labels
        self.count = labels.count
        self.height = height
        self.width = width
        self.classNames = classNames
    }

    /// Number of classes.
    public var classCount: Int { classNames.count }

    /// Pixels per image.
    public var pixelsPerImage: Int { height * width }

    /// The pixels of image `i` (0 <= i < count).
    public func image(_ i: Int) -> ArraySlice<Float> {
        images[(i * pixelsPerImage)..<((i + 1) * pixelsPerImage)]
    }

    /// The first `n` images (all of them if `n >= count`), e.g. for quick runs.
    public func prefix(_ n: Int) -> LabeledImages {
        let k = max(0, min(n, count))
        // Sizes are consistent by construction, so this cannot fail.
        return (try? LabeledImages(
            images: Array(images[0..<(k * pixelsPerImage)]), labels: Array(labels[0..<k]),
            height: height, width: width, classNames: classNames)) ?? self
    }

    /// How many images carry each label.
    public var labelHistogram: [Int] {
        var h = [Int](repeating: 0, count: classCount)
        for l in labels { h[Int(l)] += 1 }
        return h
    }
}

/// A training split and a test split of one data set.
public struct Dataset: Sendable, Equatable {
    /// Which data set this is.
    public let info: DatasetInfo
    /// Training images.
    public let train: LabeledImages
    /// Test images.
    public let test: LabeledImages
    /// Where the data came from, for logs (a directory, or "built-in synthetic digits").
    public let origin: String

    /// Bundles two splits.
    public init(info: DatasetInfo, train: LabeledImages, test: LabeledImages, origin: String) {
        self.info = info
        self.train = train
        self.test = test
        self.origin = origin
    }
}

/// The four-file layout of MNIST-style data set directories.
public enum DatasetFiles {
    /// The canonical base names, in the order train images, train labels, test images,
    /// test labels. Each may exist raw or with a `.gz` suffix.
    public static let baseNames = [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ]

    /// The path to use for `baseName` in `directory`: the raw file if present (no
    /// decompression needed), else the `.gz` one, else nil.
    public static func path(of baseName: String, in directory: String) -> String? {
        let raw = directory + "/" + baseName
        if isRegularFile(raw) { return raw }
        if isRegularFile(raw + ".gz") { return raw + ".gz" }
        return nil
    }

    /// Base names from `baseNames` that are missing (neither raw nor `.gz`) in `directory`.
    public static func missingFiles(in directory: String) -> [String] {
        baseNames.filter { path(of: $0, in: directory) == nil }
    }

    /// Whether `directory` holds all four files.
    public static func isComplete(_ directory: String) -> Bool {
        missingFiles(in: directory).isEmpty
    }

    /// Loads and cross-checks the four files in `directory` as data set `info`.
    public static func load(directory: String, info: DatasetInfo) throws(DatasetError) -> Dataset {
        let missing = missingFiles(in: directory)
        guard missing.isEmpty else {
            let which = missing.map { $0 + "[.gz]" }.joined(separator: ", ")
            throw DatasetError("data directory \(directory) lacks \(which); it must hold the four files \(baseNames.joined(separator: ", ")) (raw or .gz)")
        }
        let paths = baseNames.map { path(of: $0, in: directory)! }
        let train = try loadSplit(imagesPath: paths[0], labelsPath: paths[1], info: info)
        let test = try loadSplit(imagesPath: paths[2], labelsPath: paths[3], info: info)
        return Dataset(info: info, train: train, test: test, origin: directory)
    }

    /// Loads one images file and its labels file and checks that they belong together.
    public static func loadSplit(imagesPath: String, labelsPath: String, info: DatasetInfo) throws(DatasetError) -> LabeledImages {
        let images: IDXArray, labels: IDXArray
        do {
            images = try IDX.read(imagesPath)
            labels = try IDX.read(labelsPath)
        } catch {
            throw DatasetError(error.description)
        }
        guard images.dimensions.count == 3 else {
            throw DatasetError("\(imagesPath): expected 3 dimensions (count, height, width) for images, found \(images.dimensions); is this a labels file?")
        }
        guard labels.dimensions.count == 1 else {
            throw DatasetError("\(labelsPath): expected 1 dimension for labels, found \(labels.dimensions); is this an images file?")
        }
        let (n, h, w) = (images.dimensions[0], images.dimensions[1], images.dimensions[2])
        guard labels.dimensions[0] == n else {
            throw DatasetError("\(labelsPath) has \(labels.dimensions[0]) labels but \(imagesPath) has \(n) images; the files come from different data sets or a download is incomplete — delete them and download again")
        }
        guard h == info.height, w == info.width else {
            throw DatasetError("\(imagesPath): images are \(h)x\(w) but \(info.name) images are \(info.height)x\(info.width); wrong data set?")
        }
        let classCount = info.classCount
        if let bad = labels.data.firstIndex(where: { Int($0) >= classCount }) {
            throw DatasetError("\(labelsPath): label \(labels.data[bad]) at index \(bad) is not a valid \(info.name) class (0...\(classCount - 1)); wrong or corrupt file")
        }
        // Table lookup: exact pixel/255 without a division per pixel.
        let scale: [Float] = (0..<256).map { Float($0) / 255 }
        let pixels = [Float](unsafeUninitializedCapacity: images.data.count) { out, initialized in
            images.data.withUnsafeBufferPointer { src in
                scale.withUnsafeBufferPointer { table in
                    for i in 0..<src.count { out[i] = table[Int(src[i])] }
                }
            }
            initialized = images.data.count
        }
        let labelValues = labels.data.map { Int32($0) }
        do {
            return try LabeledImages(images: pixels, labels: labelValues, height: h, width: w, classNames: info.classNames)
        } catch {
            throw DatasetError("\(imagesPath): \(error.message)")
        }
    }

    /// Whether `path` is an existing regular file (following symlinks).
    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        guard path.withCString({ stat($0, &st) }) == 0 else { return false }
        return (st.st_mode & S_IFMT) == S_IFREG
    }
}

"""##),
        ("FileIO.swift", ##"""
// Small POSIX file helpers shared by the runtime readers and writers.
//
// Why POSIX instead of `Data(contentsOf:)` / `FileManager`: Foundation reports failures with
// opaque `NSError`s (or a bare `nil`), while we want every error to name the file and the
// OS reason ("No such file or directory", "Permission denied") so users can act on it.
// Writes go through `AtomicFile` so an interrupted process never leaves a torn file.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A failure of a plain file-system operation, with the path and the OS reason.
public struct FileIOError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file or directory involved.
    public let path: String
    /// What we were trying to do, e.g. "open for reading".
    public let operation: String
    /// The OS error text (from `strerror`) or our own explanation.
    public let reason: String

    /// Creates an error for `operation` on `path` failing because of `reason`.
    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    public var description: String {
        "\(path): cannot \(operation): \(reason)"
    }
}

/// Text for the current `errno`, e.g. "No such file or directory".
@inline(__always)
func runtimeErrnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}

/// Whole-file reading and crash-safe whole-file writing.
public enum AtomicFile {
    /// Reads a whole regular file into memory.
    ///
    /// Refuses files larger than `maxBytes` before allocating, so a wrong path (say, a
    /// device or a huge unrelated file) cannot exhaust memory.
    public static func read(_ path: String, maxBytes: Int = 1 << 34) throws(FileIOError) -> [UInt8] {
        let fd = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        if fd < 0 {
            throw FileIOError(path: path, operation: "open for reading", reason: runtimeErrnoText())
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 {
            throw FileIOError(path: path, operation: "inspect", reason: runtimeErrnoText())
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw FileIOError(path: path, operation: "read", reason: "it is a directory, not a file")
        }
        let size = Int(st.st_size)
        if size > maxBytes {
            throw FileIOError(
                path: path, operation: "read",
                reason: "it is \(size) bytes, more than the \(maxBytes)-byte limit for this kind of file")
        }
        var failure: FileIOError? = nil
        var got = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while got < size {
                let n = Glibc.read(fd, buffer.baseAddress! + got, size - got)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = FileIOError(path: path, operation: "read", reason: runtimeErrnoText())
                    break
                }
                if n == 0 { break }  // the file shrank while we read it
                got += n
            }
            count = got
        }
        if let failure { throw failure }
        if got != size {
            throw FileIOError(
                path: path, operation: "read",
                reason: "the file changed size while being read (expected \(size) bytes, got \(got))")
        }
        return bytes
    }

    /// Writes `bytes` to `path` atomically: the data goes to a temporary file in the same
    /// directory, is flushed with `fsync`, and is then renamed over `path` with `rename(2)`.
    ///
    /// Readers therefore see either the old file or the complete new one, never a torn mix,
    /// even if the process is killed mid-write. On failure the temporary file is removed.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileIOError) {
        let (tempPath, fd) = try createTemporarySibling(of: path)
        var ok = false
        defer {
            if !ok { _ = tempPath.withCString { unlink($0) } }
        }
        do throws(FileIOError) {
            try writeAll(fd: fd, bytes: bytes, path: tempPath)
            if fsync(fd) != 0 {
                throw FileIOError(path: tempPath, operation: "flush to disk", reason: runtimeErrnoText())
            }
        } catch {
            close(fd)
            throw error
        }
        if close(fd) != 0 {
            throw FileIOError(path: tempPath, operation: "close", reason: runtimeErrnoText())
        }
        try rename(tempPath, to: path)
        ok = true
        syncDirectory(of: path)
    }

    /// Renames `from` to `to` with `rename(2)` (atomic within one file system).
    public static func rename(_ from: String, to: String) throws(FileIOError) {
        let rc = from.withCString { f in to.withCString { t in Glibc.rename(f, t) } }
        if rc != 0 {
            throw FileIOError(path: to, operation: "rename \(from) into place", reason: runtimeErrnoText())
        }
    }

    /// Creates a new, empty, exclusively-owned temporary file next to `path`.
    ///
    /// The name starts with a dot and ends in `.tmp` so it is easy to recognise (and to
    /// ignore in version control) if a crash ever strands one.
    static func createTemporarySibling(of path: String) throws(FileIOError) -> (String, Int32) {
        let dir = directoryPart(of: path)
        let base = String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        let pid = getpid()
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        var attempt = 0
        while true {
            let unique = "\(pid)-\(ts.tv_sec)\(ts.tv_nsec)-\(attempt)"
            let temp = (dir.isEmpty ? "" : dir + "/") + ".\(base).\(unique).tmp"
            let fd = temp.withCString { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
            if fd >= 0 { return (temp, fd) }
            if errno == EEXIST && attempt < 100 {
                attempt += 1
                continue
            }
            throw FileIOError(
                path: temp, operation: "create a temporary file",
                reason: runtimeErrnoText() + " (check that the directory exists and is writable)")
        }
    }

    /// Writes every byte, retrying on short writes and `EINTR`.
    static func writeAll(fd: Int32, bytes: [UInt8], path: String) throws(FileIOError) {
        var failure: FileIOError? = nil
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = FileIOError(path: path, operation: "write", reason: runtimeErrnoText())
                    return
                }
                done += n
            }
        }
        if let failure { throw failure }
    }

    /// Best-effort `fsync` of the directory holding `path`, so the rename itself survives a
    /// power loss. Failures are ignored: some file systems do not support it.
    static func syncDirectory(of path: String) {
        let dir = directoryPart(of: path)
        let fd = (dir.isEmpty ? "." : dir).withCString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    /// The directory part of a path ("" for a bare file name, "/" for files in the root).
    static func directoryPart(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// Whether a file (or directory) exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return path.withCString { stat($0, &st) } == 0
    }
}

"""##),
        ("Gzip.swift", #"""
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

"""#),
        ("IDX.swift", #"""
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
        var bytes: [UInt8]
        do {
            // A raw file is header + data; a gzip file is smaller than its content.
            bytes = try AtomicFile.read(path, maxBytes: maxElements + 64 * 1024)
        } catch {
            throw IDXError(file: path, problem: "cannot read it: \(error.reason)", advice: "check the path and permissions")
        }
        if Gzip.isGzip(bytes) {
            do {
                bytes = try Gzip.decompress(bytes, source: path, maxOutput: maxElements + 4 + 4 * 4)
            } catch {
                throw IDXError(file: path, problem: "the gzip data cannot be decompressed: \(error.problem)", advice: "")
            }
        }
        return try parse(bytes, file: path, maxElements: maxElements)
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

"""#),
        ("Initializers.swift", #"""
// Weight initialisation with PyTorch's formulas (torch.nn.init), drawn from SeededRNG.
//
// Draw order (part of the reproducibility contract, shared by the engine and emitted trainers):
// one generator, parameters in model order (`0.weight`, `0.bias`, `3.weight`, ...), the elements of
// each weight in row-major order, one `uniform` or one `normal` call per element. Biases are set to
// zero and consume no draws (d2l's LeNet: `nn.init.xavier_uniform_` on weights only, zero biases).
import Foundation

/// The weight initialisation schemes, as spelled in specs.
public enum WeightInit: String, Sendable, Equatable, CaseIterable {
    /// U(−a, a), a = gain·√(6 / (fanIn + fanOut)) (`xavier_uniform_`, gain 1).
    case xavierUniform = "xavier-uniform"
    /// N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)) (`xavier_normal_`, gain 1).
    case xavierNormal = "xavier-normal"
    /// U(−b, b), b = √2·√(3 / fanIn) (`kaiming_uniform_` defaults: a = 0, fan_in, leaky_relu gain √2).
    case kaimingUniform = "kaiming-uniform"
    /// N(0, σ²), σ = √2 / √fanIn (`kaiming_normal_` defaults).
    case kaimingNormal = "kaiming-normal"
}

/// One tensor of a flat parameter arena, as the initialiser sees it.
public struct InitTensor: Sendable, Equatable {
    public var offset: Int
    public var count: Int
    /// Fan-in and fan-out as `torch.nn.init._calculate_fan_in_and_fan_out` computes them.
    public var fanIn: Int
    public var fanOut: Int
    public var isBias: Bool

    public init(offset: Int, count: Int, fanIn: Int, fanOut: Int, isBias: Bool) {
        self.offset = offset
        self.count = count
        self.fanIn = fanIn
        self.fanOut = fanOut
        self.isBias = isBias
    }
}

/// A problem with the tensors given to the initialiser.
public struct InitializerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problem: String
    public var description: String { "initialiser: \(problem)" }
}

public enum Initializers {
    /// √2: `torch.nn.init.calculate_gain("leaky_relu", 0)`, the kaiming default.
    static let kaimingGain = 2.0.squareRoot()

    /// The half-width of the uniform distribution, computed in Double the way PyTorch does
    /// (std first, then √3·std), and rounded to Float.
    public static func uniformBound(_ scheme: WeightInit, fanIn: Int, fanOut: Int) -> Float {
        Float(3.0.squareRoot() * standardDeviation(scheme, fanIn: fanIn, fanOut: fanOut))
    }

    /// The standard deviation the scheme aims for (of the normal, or of the uniform).
    public static func standardDeviation(_ scheme: WeightInit, fanIn: Int, fanOut: Int) -> Double {
        switch scheme {
        case .xavierUniform, .xavierNormal:
            return 1.0 * (2.0 / Double(fanIn + fanOut)).squareRoot()
        case .kaimingUniform, .kaimingNormal:
            return kaimingGain / Double(fanIn).squareRoot()
        }
    }

    /// Fills `values` (one weight tensor, row-major) with draws from `rng`, one per element in order.
    public static func fill(_ values: UnsafeMutableBufferPointer<Float>, scheme: WeightInit, fanIn: Int, fanOut: Int,
                            rng: inout SeededRNG) {
        switch scheme {
        case .xavierUniform, .kaimingUniform:
            let bound = uniformBound(scheme, fanIn: fanIn, fanOut: fanOut)
            for i in values.indices { values[i] = rng.uniform(-bound, bound) }
        case .xavierNormal, .kaimingNormal:
            let std = Float(standardDeviation(scheme, fanIn: fanIn, fanOut: fanOut))
            for i in values.indices { values[i] = rng.normal(mean: 0, std: std) }
        }
    }

    /// Initialises a whole arena: weights drawn in tensor order, biases zeroed. Throws when a tensor
    /// lies outside the arena or has a fan of zero or less.
    public static func initialize(_ arena: UnsafeMutableBufferPointer<Float>, tensors: [InitTensor],
                                  scheme: WeightInit, rng: inout SeededRNG) throws(InitializerError) {
        for (i, tensor) in tensors.enumerated() {
            guard tensor.offset >= 0, tensor.count >= 0, tensor.offset + tensor.count <= arena.count else {
                throw InitializerError(problem: "tensor \(i) (offset \(tensor.offset), \(tensor.count) values) lies outside the \(arena.count)-value arena")
            }
            let slice = UnsafeMutableBufferPointer(rebasing: arena[tensor.offset..<(tensor.offset + tensor.count)])
            if tensor.isBias {
                slice.update(repeating: 0)
                continue
            }
            guard tensor.fanIn > 0, tensor.fanOut > 0 else {
                throw InitializerError(problem: "tensor \(i) has fan-in \(tensor.fanIn) and fan-out \(tensor.fanOut); both must be positive")
            }
            fill(slice, scheme: scheme, fanIn: tensor.fanIn, fanOut: tensor.fanOut, rng: &rng)
        }
    }
}

"""#),
        ("Interrupt.swift", #"""
import Foundation

/// Ctrl-C handling for training loops: the first SIGINT only raises a flag, so the loop can finish
/// its batch, save, and exit with status 130; a second SIGINT exits at once.
public enum Interrupt {
    /// Installs the handler; call once before training.
    public static func install() {
        signal(SIGINT) { _ in
            if interruptCount > 0 { _exit(130) }
            interruptCount += 1
        }
    }

    /// Whether Ctrl-C was pressed since `install()`.
    public static var requested: Bool { interruptCount > 0 }

    /// The exit status of a process stopped by SIGINT, by shell convention (128 + 2).
    public static let exitStatus: Int32 = 130
}

// Written only from the signal handler and read between batches; a plain word store is atomic on the
// platforms we build for, which is all a signal flag needs.
nonisolated(unsafe) private var interruptCount: Int32 = 0

"""#),
        ("LearningRate.swift", #"""
// Learning-rate schedules and the epoch/iteration bookkeeping of a run.
//
// Counting: epochs and iterations are 0-based when passed to `rate`; the rate of epoch e, iteration
// i is the one used for the update of that iteration.
//
// A run is either a number of epochs (d2l) or of iterations (Caffe's max_iter). In both, an epoch is
// one pass over a fresh permutation of the training set in ⌈trainCount / batch⌉ mini-batches (the
// last one partial, like PyTorch's DataLoader without drop_last). With iterations, epoch e covers
// iterations e·B ..< (e+1)·B where B = batches per epoch, i.e. iteration i is in epoch ⌊i / B⌋ and
// the last epoch stops early when the budget runs out; there are ⌈iterations / B⌉ epochs.
//
// Which clock each schedule follows:
//   constant  lr
//   step      lr·γ^⌊t / stepSize⌋ with t the epoch (PyTorch's StepLR stepped per epoch), or with
//             iterations the iteration (Caffe's step policy; the spec checker warns about this)
//   cosine    minLR + (lr − minLR)(1 + cos(π t / T))/2 (closed form of PyTorch's CosineAnnealingLR):
//             t = epoch, T = epochs of the run; with iterations t = iteration, T = iterations
//   inv       lr·(1 + γ·i)^(−power), i the iteration (Caffe's inv), in both kinds of run
import Foundation

/// A learning-rate schedule (the spec's `schedule:`).
public enum LRSchedule: Sendable, Equatable {
    case constant
    case step(stepSize: Int, gamma: Double)
    case cosine(minLR: Double)
    case inv(gamma: Double, power: Double)
}

/// How long a run lasts.
public enum RunLength: Sendable, Equatable {
    case epochs(Int)
    case iterations(Int)
}

/// The shape of a run: batches per epoch, epochs, iterations.
public struct EpochPlan: Sendable, Equatable {
    public let trainCount: Int
    public let batch: Int
    public let length: RunLength

    /// Throws unless trainCount, batch and the length are all positive.
    public init(trainCount: Int, batch: Int, length: RunLength) throws(LearningRateError) {
        guard trainCount > 0 else { throw LearningRateError(problem: "the training set is empty") }
        guard batch > 0 else { throw LearningRateError(problem: "the batch size must be positive, not \(batch)") }
        switch length {
        case let .epochs(n) where n <= 0, let .iterations(n) where n <= 0:
            throw LearningRateError(problem: "the run length must be positive, not \(n)")
        default: break
        }
        self.trainCount = trainCount
        self.batch = batch
        self.length = length
    }

    /// ⌈trainCount / batch⌉.
    public var batchesPerEpoch: Int { (trainCount + batch - 1) / batch }

    /// Total mini-batch updates of the run.
    public var totalIterations: Int {
        switch length {
        case let .epochs(n):
            let (v, overflow) = n.multipliedReportingOverflow(by: batchesPerEpoch)
            return overflow ? Int.max : v
        case let .iterations(n): return n
        }
    }

    /// Epochs of the run (the last may be partial with iterations).
    public var totalEpochs: Int {
        switch length {
        case let .epochs(n): return n
        case let .iterations(n): return (n + batchesPerEpoch - 1) / batchesPerEpoch
        }
    }

    /// Batches run in epoch `epoch` (0-based): batchesPerEpoch, except a last partial epoch.
    public func batches(inEpoch epoch: Int) -> Int {
        guard epoch >= 0, epoch < totalEpochs else { return 0 }
        let before = epoch * batchesPerEpoch
        return min(batchesPerEpoch, totalIterations - before)
    }

    /// Examples in batch `index` (0-based) of an epoch: `batch`, or what is left for the last one.
    public func examples(inBatch index: Int) -> Int {
        max(0, min(batch, trainCount - index * batch))
    }
}

/// A problem with a run's settings.
public struct LearningRateError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problem: String
    public var description: String { problem }
}

/// The learning rate of every iteration of a run.
public struct LearningRate: Sendable, Equatable {
    public var base: Double
    public var schedule: LRSchedule
    public var plan: EpochPlan

    public init(base: Double, schedule: LRSchedule, plan: EpochPlan) {
        self.base = base
        self.schedule = schedule
        self.plan = plan
    }

    /// The rate for the update of iteration `iteration` (0-based, counted over the whole run),
    /// which lies in epoch `epoch` (0-based).
    public func rate(epoch: Int, iteration: Int) -> Double {
        let byIterations: Bool
        if case .iterations = plan.length { byIterations = true } else { byIterations = false }
        switch schedule {
        case .constant:
            return base
        case let .step(stepSize, gamma):
            let t = byIterations ? iteration : epoch
            return base * Foundation.pow(gamma, Double(t / max(1, stepSize)))
        case let .cosine(minLR):
            let t = Double(byIterations ? iteration : epoch)
            let total = Double(max(1, byIterations ? plan.totalIterations : plan.totalEpochs))
            return minLR + (base - minLR) * (1 + Foundation.cos(Double.pi * t / total)) / 2
        case let .inv(gamma, power):
            return base * Foundation.pow(1 + gamma * Double(iteration), -power)
        }
    }

    /// The rate for iteration `iteration` of the run, its epoch derived from the plan.
    public func rate(iteration: Int) -> Double {
        rate(epoch: iteration / plan.batchesPerEpoch, iteration: iteration)
    }
}

"""#),
        ("LenetRuntime.swift", #"""
// LenetRuntime: pieces the lenetc engine and every emitted standalone trainer share.
//
// Every file in this directory is copied byte for byte into emitted packages next to a
// generated main.swift, so each file imports only Foundation, Glibc and CZlib.
//
//   Safetensors.swift     read/write model weights and checkpoints (atomic writes)
//   SeededRNG.swift       deterministic, portable random numbers
//   IDX.swift, Gzip.swift MNIST-style IDX files, raw or gzip-compressed
//   DatasetFiles.swift    the four files of a dataset directory -> LabeledImages
//   SyntheticDigits.swift offline stand-in data set that looks like digits
//   Downloader.swift, MD5.swift, HTTPClient.swift  fetch and verify public data sets
//   DataLocator.swift     decide where the training data comes from
//   FileIO.swift, MiniJSON.swift  small internal helpers

/// The version of the runtime file set, recorded in emitted packages and checkpoints so a
/// mismatch between a trainer and the files it was emitted with can be diagnosed.
public let lenetRuntimeVersion = "1.0.0"

"""#),
        ("MiniJSON.swift", #"""
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

/// Serialises strings the way serde_json does (escape `"` `\` and control characters,
/// leave other text as UTF-8), so headers we write match those of the Rust/Python library.
func miniJSONQuote(_ s: String) -> String {
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

"""#),
        ("Optimizers.swift", #"""
// SGD and Adam on flat parameter/gradient buffers, following torch.optim.SGD and torch.optim.Adam
// (single-tensor CPU implementation, dampening 0, maximize/amsgrad off) in float32.
//
// SGD, for each element, with lr the current rate:
//   g = grad + wd·p                          (only when wd ≠ 0)
//   first step:  buf = g;  later: buf = momentum·buf + g     (only when momentum ≠ 0)
//   g = nesterov ? g + momentum·buf : buf                     (only when momentum ≠ 0)
//   p = p − lr·g
// Adam, with t the step number from 1:
//   g = grad + wd·p                          (only when wd ≠ 0; L2 as in Adam, not AdamW)
//   m = lerp(m, g, 1 − β1);  v = β2·v + (1 − β2)·g²
//   p = p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
// Scalars are computed in Double and rounded to Float, as PyTorch passes Python floats to float32
// kernels; "a + α·b" updates are fused multiply-adds like PyTorch's vectorised `add(alpha:)` and
// `lerp`.
import Foundation

/// Which optimizer and its hyper-parameters (the learning rate here is the base rate; each update
/// gets the scheduled rate).
public enum OptimizerSettings: Sendable, Equatable {
    case sgd(lr: Double, momentum: Double, weightDecay: Double, nesterov: Bool)
    case adam(lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double)

    /// The base learning rate.
    public var lr: Double {
        switch self {
        case let .sgd(lr, _, _, _), let .adam(lr, _, _, _, _): return lr
        }
    }
}

/// A problem with optimizer inputs or saved state.
public struct OptimizerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problem: String
    public var description: String { "optimizer: \(problem)" }
}

/// The optimizer's saved state: the step count and its buffers by name (`momentum` for SGD with
/// momentum; `exp_avg` and `exp_avg_sq` for Adam), each as long as the parameter arena.
public struct OptimizerState: Sendable, Equatable {
    public var step: Int
    public var buffers: [String: [Float]]

    public init(step: Int, buffers: [String: [Float]]) {
        self.step = step
        self.buffers = buffers
    }
}

/// An optimizer over one flat parameter arena.
public struct FlatOptimizer: Sendable {
    public let settings: OptimizerSettings
    /// Floats in the arena it updates.
    public let count: Int
    /// Updates done so far.
    public private(set) var step: Int = 0
    /// SGD momentum buffer, or Adam's first moment (empty for plain SGD).
    private var first: [Float]
    /// Adam's second moment (empty for SGD).
    private var second: [Float]

    public init(settings: OptimizerSettings, parameterCount: Int) {
        self.settings = settings
        count = max(0, parameterCount)
        switch settings {
        case let .sgd(_, momentum, _, _):
            first = momentum != 0 ? [Float](repeating: 0, count: count) : []
            second = []
        case .adam:
            first = [Float](repeating: 0, count: count)
            second = [Float](repeating: 0, count: count)
        }
    }

    /// Names of the state buffers this optimizer keeps.
    public var bufferNames: [String] {
        switch settings {
        case let .sgd(_, momentum, _, _): return momentum != 0 ? ["momentum"] : []
        case .adam: return ["exp_avg", "exp_avg_sq"]
        }
    }

    /// One update of `parameters` from `gradients` (both `count` long) with learning rate `lr`.
    public mutating func update(parameters p: UnsafeMutableBufferPointer<Float>, gradients g: UnsafeBufferPointer<Float>,
                                lr: Double) throws(OptimizerError) {
        guard p.count == count, g.count == count else {
            throw OptimizerError(problem: "expected \(count) parameters and gradients, got \(p.count) and \(g.count)")
        }
        guard count > 0 else { step += 1; return }
        let pp = p.baseAddress!, gg = g.baseAddress!
        switch settings {
        case let .sgd(_, momentum, weightDecay, nesterov):
            let negLR = Float(-lr), wd = Float(weightDecay), mom = Float(momentum)
            let firstStep = step == 0
            first.withUnsafeMutableBufferPointer { buf in
                for i in 0..<count {
                    var d = gg[i]
                    if wd != 0 { d = d.addingProduct(wd, pp[i]) }
                    if mom != 0 {
                        let b = firstStep ? d : buf[i] * mom + d
                        buf[i] = b
                        d = nesterov ? d.addingProduct(mom, b) : b
                    }
                    pp[i] = pp[i].addingProduct(negLR, d)
                }
            }
        case let .adam(_, beta1, beta2, eps, weightDecay):
            let t = Double(step + 1)
            let correction1 = 1 - Foundation.pow(beta1, t)
            let correction2Root = (1 - Foundation.pow(beta2, t)).squareRoot()
            let negStep = Float(-(lr / correction1))
            let root2 = Float(correction2Root), epsilon = Float(eps), wd = Float(weightDecay)
            let weight = Float(1 - beta1), b2 = Float(beta2), oneMinusB2 = Float(1 - beta2)
            let small = abs(weight) < 0.5
            let complement = 1 - weight
            first.withUnsafeMutableBufferPointer { m in
                second.withUnsafeMutableBufferPointer { v in
                    for i in 0..<count {
                        var d = gg[i]
                        if wd != 0 { d = d.addingProduct(wd, pp[i]) }
                        // torch.lerp(m, d, w): m + w·(d − m) for small w, else d − (d − m)·(1 − w).
                        let diff = d - m[i]
                        m[i] = small ? m[i].addingProduct(weight, diff) : d.addingProduct(-diff, complement)
                        v[i] = (v[i] * b2) + oneMinusB2 * d * d
                        let denom = v[i].squareRoot() / root2 + epsilon
                        pp[i] = pp[i] + negStep * m[i] / denom
                    }
                }
            }
        }
        step += 1
    }

    /// The state to checkpoint.
    public var state: OptimizerState {
        var buffers: [String: [Float]] = [:]
        switch settings {
        case let .sgd(_, momentum, _, _): if momentum != 0 { buffers["momentum"] = first }
        case .adam:
            buffers["exp_avg"] = first
            buffers["exp_avg_sq"] = second
        }
        return OptimizerState(step: step, buffers: buffers)
    }

    /// Continues from a saved state; throws when it lacks a buffer or has the wrong sizes.
    public mutating func restore(_ state: OptimizerState) throws(OptimizerError) {
        guard state.step >= 0 else { throw OptimizerError(problem: "negative step count \(state.step)") }
        let names = bufferNames
        for name in names {
            guard let buffer = state.buffers[name] else {
                throw OptimizerError(problem: "the saved state lacks the \(name) buffer")
            }
            guard buffer.count == count else {
                throw OptimizerError(problem: "the saved \(name) buffer has \(buffer.count) values, expected \(count)")
            }
        }
        if let extra = state.buffers.keys.sorted().first(where: { !names.contains($0) }) {
            throw OptimizerError(problem: "the saved state has a \(extra) buffer this optimizer does not use (another optimizer?)")
        }
        switch settings {
        case let .sgd(_, momentum, _, _): if momentum != 0 { first = state.buffers["momentum"]! }
        case .adam:
            first = state.buffers["exp_avg"]!
            second = state.buffers["exp_avg_sq"]!
        }
        step = state.step
    }
}

"""#),
        ("ProgressBar.swift", #"""
import Foundation

/// A one-line live progress display on standard error, redrawn in place with `\r`, as tqdm does.
/// Shown only when standard error is a terminal, so piped output and log files stay clean.
public final class ProgressBar {
    public let enabled: Bool
    private let total: Int
    private let label: String
    private var lastDraw = 0.0
    private let start: Double
    private let width = 24

    /// - Parameters:
    ///   - label: shown before the bar, e.g. `epoch 3/10`.
    ///   - total: the number of steps (batches).
    ///   - enabled: force on or off; by default on exactly when stderr is a terminal.
    public init(label: String, total: Int, enabled: Bool? = nil) {
        self.label = label
        self.total = max(1, total)
        self.enabled = enabled ?? (isatty(STDERR_FILENO) == 1)
        self.start = monotonicSeconds()
    }

    /// Redraws at most ten times a second, and always on the last step.
    public func update(step: Int, loss: Double, examples: Int) {
        guard enabled else { return }
        let now = monotonicSeconds()
        guard step >= total || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r" + render(step: step, loss: loss, examples: examples, elapsed: now - start)).utf8))
    }

    /// Clears the line so the next printed line starts clean.
    public func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 100) + "\r").utf8))
    }

    /// `epoch 3/10 [██████████░░░░░░░░░░░░░░]  41% 97/235  loss 0.5123  9,876 ex/s  ETA 3s`
    public func render(step: Int, loss: Double, examples: Int, elapsed: Double) -> String {
        let fraction = min(1, Double(step) / Double(total))
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = elapsed > 0 ? Double(examples) / elapsed : 0
        let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
        let percent = String(Int((fraction * 100).rounded(.down)))
        return "\(label) [\(bar)] \(String(repeating: " ", count: 3 - percent.count))\(percent)% \(step)/\(total)  loss \(fixed(loss, 4))  \(Int(rate)) ex/s  ETA \(Int(remaining.rounded(.up)))s"
    }
}

/// Seconds from a monotonic clock (immune to wall-clock changes), for timing epochs and batches.
public func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

"""#),
        ("Safetensors.swift", #"""
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
            let keys = metadata.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let inner = keys.map { miniJSONQuote($0) + ":" + miniJSONQuote(metadata[$0]!) }.joined(separator: ",")
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

"""#),
        ("SeededRNG.swift", #"""
// Deterministic random numbers for training: xoshiro256** (Blackman & Vigna, 2018) seeded
// through SplitMix64, as recommended by its authors.
//
// Why our own generator: runs must be bit-reproducible on every machine and Swift version.
// `SystemRandomNumberGenerator` is not seedable, and the algorithms behind the standard
// library's `shuffle`, `Int.random(in:)` and `Float.random(in:)` are not guaranteed to stay
// the same. Everything here (bounded integers, shuffles, floats, normals) is spelled out,
// and uses only IEEE-754 basic operations (+ - * / sqrt, which are correctly rounded), not
// libm's log/cos whose last bits differ between platforms.
import Foundation

/// A problem restoring a generator from saved state.
public struct SeededRNGError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong with the state.
    public let problem: String

    public var description: String { "random generator state: \(problem)" }
}

/// SplitMix64 (Steele, Lea & Flood): used to expand one 64-bit seed into generator state
/// and to derive stream seeds, because nearby seeds then give unrelated states.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The current counter.
    public var state: UInt64

    /// Starts at `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded, portable, fast pseudo-random generator (xoshiro256**).
///
/// Value type: copying it copies the stream, so give each thread its own via
/// `split(stream:)` or `jumped()`.
public struct SeededRNG: RandomNumberGenerator, Sendable, Equatable {
    /// The complete generator state (four 64-bit words, never all zero), for checkpoints.
    ///
    /// There is no hidden cache (`normal` does not keep a spare value), so saving `state`
    /// and restoring it later continues the exact same sequence.
    public struct State: Sendable, Equatable, Hashable {
        /// The four xoshiro256 words.
        public let words: [UInt64]

        /// Validates saved words: exactly four, not all zero (the one state xoshiro can
        /// never leave, which would yield zeros forever).
        public init(words: [UInt64]) throws(SeededRNGError) {
            guard words.count == 4 else {
                throw SeededRNGError(problem: "expected 4 words, found \(words.count); the checkpoint is damaged or from another generator")
            }
            guard words.contains(where: { $0 != 0 }) else {
                throw SeededRNGError(problem: "all four words are zero, which is not a valid xoshiro256 state")
            }
            self.words = words
        }

        /// Validates words stored as signed integers (e.g. an I64 safetensors tensor).
        public init(int64Words: [Int64]) throws(SeededRNGError) {
            try self.init(words: int64Words.map { UInt64(bitPattern: $0) })
        }

        /// The words reinterpreted as signed integers, for I64 tensors.
        public var int64Words: [Int64] { words.map { Int64(bitPattern: $0) } }
    }

    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates a generator from a 64-bit seed (expanded with SplitMix64). Every seed,
    /// including 0, is fine.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
        // SplitMix64 is a bijection of its counter, so four consecutive outputs are never
        // all zero; no fix-up needed.
    }

    /// Creates a generator that continues from a saved state.
    public init(state: State) {
        s0 = state.words[0]
        s1 = state.words[1]
        s2 = state.words[2]
        s3 = state.words[3]
    }

    /// The current state; assigning a saved one continues that sequence exactly.
    public var state: State {
        get {
            // Never all zero (see `init(seed:)`), so this cannot fail.
            (try? State(words: [s0, s1, s2, s3])) ?? State.fallback
        }
        set {
            s0 = newValue.words[0]
            s1 = newValue.words[1]
            s2 = newValue.words[2]
            s3 = newValue.words[3]
        }
    }

    /// The next 64 random bits (xoshiro256**).
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform `Float` in [0, 1): the top 24 bits scaled by 2^-24, so every value is exact
    /// and equally likely.
    @inline(__always)
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Uniform `Double` in [0, 1) from the top 53 bits.
    @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform `Float` in [lo, hi). (When `lo + (hi - lo) * u` would round up to `hi`, the
    /// largest float below `hi` is returned instead, so `hi` itself never appears.)
    @inline(__always)
    public mutating func uniform(_ lo: Float, _ hi: Float) -> Float {
        let v = lo + (hi - lo) * nextFloat()
        return (v >= hi && hi > lo) ? hi.nextDown : v
    }

    /// Unbiased uniform integer in 0..<bound (`bound` > 0), by Lemire's multiply-and-reject
    /// method; returns 0 when `bound` <= 1 rather than trapping.
    public mutating func next(below bound: UInt64) -> UInt64 {
        guard bound > 1 else { return 0 }
        var m = bound.multipliedFullWidth(by: next())
        if m.low < bound {
            let threshold = (0 &- bound) % bound  // 2^64 mod bound
            while m.low < threshold {
                m = bound.multipliedFullWidth(by: next())
            }
        }
        return m.high
    }

    /// Unbiased uniform `Int` in 0..<bound; 0 when `bound` <= 1.
    public mutating func int(below bound: Int) -> Int {
        bound <= 1 ? 0 : Int(next(below: UInt64(bound)))
    }

    /// A normal sample (Box–Muller, cosine branch) with the given mean and standard deviation.
    ///
    /// Each call consumes exactly two 64-bit draws and keeps no spare value, so the
    /// sequence depends only on `state`. The logarithm and cosine are computed with
    /// portable series (see `PortableMath`), so results are identical on every platform.
    public mutating func normal(mean: Float = 0, std: Float = 1) -> Float {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53  // (0, 1]: log never sees 0
        let u2 = nextDouble()  // [0, 1)
        let radius = (-2 * PortableMath.log(u1)).squareRoot()
        let z = radius * PortableMath.cosTurns(u2)
        return mean + std * Float(z)
    }

    /// A random permutation of 0..<n (Fisher–Yates with `int(below:)`); [] for n <= 0.
    public mutating func permutation(_ n: Int) -> [Int] {
        guard n > 0 else { return [] }
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }

    /// Shuffles `array` in place with Fisher–Yates (our own, so the order is the same on
    /// every platform and Swift version, unlike `Array.shuffle(using:)`).
    public mutating func shuffle<T>(_ array: inout [T]) {
        var i = array.count - 1
        while i > 0 {
            let j = int(below: i + 1)
            if i != j { array.swapAt(i, j) }
            i -= 1
        }
    }

    /// An independent generator for stream number `stream` (e.g. a thread index or an
    /// epoch), without advancing `self`. The child is seeded through SplitMix64 from this
    /// generator's state mixed with `stream`, so different streams (and the parent) are
    /// statistically unrelated; O(1) for any stream number.
    public func split(stream: UInt64) -> SeededRNG {
        var mixer = SplitMix64(seed: stream ^ 0x6A09_E667_F3BC_C909)
        let key = mixer.next()
        var sm = SplitMix64(seed: s0 ^ rotl(s1, 13) ^ rotl(s2, 29) ^ rotl(s3, 47) ^ key)
        var child = self
        child.s0 = sm.next() ^ s0
        child.s1 = sm.next() ^ s1
        child.s2 = sm.next() ^ s2
        child.s3 = sm.next() ^ s3
        if child.s0 | child.s1 | child.s2 | child.s3 == 0 { child.s0 = 1 }
        return child
    }

    /// This generator advanced by 2^128 steps (the published xoshiro256 jump polynomial):
    /// calling it repeatedly yields up to 2^128 guaranteed non-overlapping subsequences.
    public func jumped() -> SeededRNG {
        let jump: [UInt64] = [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C]
        var g = self
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
        for word in jump {
            for b in 0..<64 {
                if word & (1 << UInt64(b)) != 0 {
                    t0 ^= g.s0
                    t1 ^= g.s1
                    t2 ^= g.s2
                    t3 ^= g.s3
                }
                _ = g.next()
            }
        }
        g.s0 = t0
        g.s1 = t1
        g.s2 = t2
        g.s3 = t3
        return g
    }
}

extension SeededRNG.State {
    /// A valid placeholder state (the seed-0 state); only used if an impossible all-zero
    /// state were ever read, so the getter never traps.
    fileprivate static var fallback: SeededRNG.State { SeededRNG(seed: 0).state }
}

/// Logarithm and cosine from IEEE basic operations only, so normal samples are bit-identical
/// across platforms (libm implementations may differ in the last bit). Accurate to a few
/// ulps, far more than Gaussian weight initialisation needs.
public enum PortableMath {
    /// Natural logarithm for finite x > 0 (returns -infinity for 0 and NaN for negatives).
    public static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        // x = m * 2^e with m in [1, 2), exactly, from the bit pattern (subnormals scaled first).
        var v = x
        var e = 0
        if v < Double.leastNormalMagnitude {
            v *= 0x1p54
            e -= 54
        }
        let bits = v.bitPattern
        e += Int((bits >> 52) & 0x7FF) - 1023
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        // Centre m on 1 so the series argument stays small: m in [sqrt(1/2), sqrt(2)).
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        for _ in 0..<14 {
            sum += term / k
            term *= s2
            k += 2
        }
        let ln2Hi = 6.93147180369123816490e-01  // high bits of ln 2 (exact in products with e)
        let ln2Lo = 1.90821492927058770002e-10
        return Double(e) * ln2Hi + (Double(e) * ln2Lo + 2 * sum)
    }

    /// cos(2π t) for t in [0, 1) (other values are reduced modulo 1 first).
    public static func cosTurns(_ t: Double) -> Double {
        guard t.isFinite else { return .nan }
        var r = t - t.rounded(.down)  // [0, 1)
        // Quadrant by quarter turns; r * 4 is exact, so the reduction adds no error.
        let q4 = (r * 4).rounded(.down)
        r -= q4 / 4  // [0, 1/4)
        let quadrant = Int(q4) & 3
        // cos(2π(q/4 + r)) for q = 0...3: cos a, -sin a, -cos a, sin a, with a = 2πr.
        let useSin = quadrant == 1 || quadrant == 3
        let negate = quadrant == 1 || quadrant == 2
        // Keep the series argument within π/4 by swapping sin and cos around 1/8 turn.
        var sinInstead = useSin
        if r > 0.125 {
            r = 0.25 - r
            sinInstead.toggle()
        }
        let a = r * (2 * Double.pi)
        let value = sinInstead ? sinSeries(a) : cosSeries(a)
        return negate ? -value : value
    }

    /// Taylor series of sin for |a| <= π/4 (error below 1e-17).
    static func sinSeries(_ a: Double) -> Double {
        let a2 = a * a
        var term = a
        var sum = a
        var n = 1.0
        for _ in 0..<10 {
            term *= -a2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }

    /// Taylor series of cos for |a| <= π/4 (error below 1e-17).
    static func cosSeries(_ a: Double) -> Double {
        let a2 = a * a
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        for _ in 0..<10 {
            term *= -a2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }
}

"""#),
        ("TrainableNetwork.swift", #"""
/// One learnable tensor's place in a network's parameter arena, named as PyTorch names it in the
/// matching `nn.Sequential` (`0.weight`, `0.bias`, ...).
public struct ParameterSlot: Sendable, Equatable {
    public var name: String
    public var shape: [Int]
    /// Offset of the first element in the arena.
    public var offset: Int
    /// Fan-in and fan-out as PyTorch's `_calculate_fan_in_and_fan_out` computes them.
    public var fanIn: Int
    public var fanOut: Int
    public var isBias: Bool
    public var count: Int { shape.reduce(1, *) }

    public init(name: String, shape: [Int], offset: Int, fanIn: Int, fanOut: Int, isBias: Bool) {
        self.name = name
        self.shape = shape
        self.offset = offset
        self.fanIn = fanIn
        self.fanOut = fanOut
        self.isBias = isBias
    }
}

/// What a training loop needs from a network, whichever backend implements it: the engine's
/// interpreter or an emitted, specialised trainer. The loop (initialisation, shuffling, optimizer,
/// schedule, metrics, checkpoints) is shared, so both backends give the same numbers for the same
/// spec, seed and data.
public protocol TrainableNetwork: AnyObject {
    /// Every parameter, in PyTorch's order; offsets are increasing and contiguous.
    var parameterLayout: [ParameterSlot] { get }
    /// All parameters in one contiguous arena, in `parameterLayout` order, row-major (NCHW for convs).
    var parameters: UnsafeMutableBufferPointer<Float> { get }
    /// The gradient of the mean loss of the last `trainStep`, same layout as `parameters`.
    var gradients: UnsafeMutableBufferPointer<Float> { get }
    /// The largest batch `trainStep` and `predict` accept.
    var maxBatch: Int { get }
    /// Floats in one input example (784 for 1×28×28).
    var inputSize: Int { get }

    /// Forward and backward on `count` examples (`images` is count × inputSize, `labels` in 0..<classes):
    /// overwrites `gradients` with the gradient of the mean softmax cross-entropy, and returns the loss
    /// summed over the examples and how many were classified correctly. `dropoutSeed` seeds the dropout
    /// masks of this step (ignored by networks without dropout).
    func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int,
                   dropoutSeed: UInt64) -> (lossSum: Double, correct: Int)

    /// The predicted class of each of `count` examples (evaluation mode: no dropout).
    func predict(images: UnsafePointer<Float>, count: Int, into predictions: UnsafeMutablePointer<Int32>)
}

"""#),
        ("TrainingLog.swift", #"""
import Foundation

/// One epoch's results, as d2l's `train_ch6` reports them, plus what a machine reading the metrics
/// file needs to tell runs apart.
public struct EpochRecord: Sendable, Equatable {
    public var epoch: Int
    /// Mean training loss over the epoch's examples.
    public var loss: Double
    public var trainAccuracy: Double
    public var testAccuracy: Double
    /// Wall time of the epoch's training (not evaluation), in seconds.
    public var seconds: Double
    /// Training examples per second in this epoch.
    public var examplesPerSecond: Double
    /// Learning rate at the end of the epoch.
    public var learningRate: Double
    /// SGD iterations done so far.
    public var iteration: Int
    /// Where the data came from: `mnist`, `fashion-mnist`, or `synthetic`.
    public var data: String

    public init(epoch: Int, loss: Double, trainAccuracy: Double, testAccuracy: Double, seconds: Double,
                examplesPerSecond: Double, learningRate: Double, iteration: Int, data: String) {
        self.epoch = epoch
        self.loss = loss
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
        self.seconds = seconds
        self.examplesPerSecond = examplesPerSecond
        self.learningRate = learningRate
        self.iteration = iteration
        self.data = data
    }

    /// d2l's epoch line: `epoch 1, loss 2.3193, train acc 0.103, test acc 0.100, time 3.5 sec`.
    public var line: String {
        "epoch \(epoch), loss \(fixed(loss, 4)), train acc \(fixed(trainAccuracy, 3)), test acc \(fixed(testAccuracy, 3)), time \(fixed(seconds, 1)) sec"
    }

    /// One JSON object on one line, for `--metrics FILE.jsonl`.
    public var json: String {
        "{\"epoch\": \(epoch), \"loss\": \(jsonNumber(loss)), \"train_acc\": \(jsonNumber(trainAccuracy)), "
            + "\"test_acc\": \(jsonNumber(testAccuracy)), \"time_sec\": \(jsonNumber(seconds)), "
            + "\"examples_per_sec\": \(jsonNumber(examplesPerSecond)), \"lr\": \(jsonNumber(learningRate)), "
            + "\"iteration\": \(iteration), \"data\": \"\(data)\"}"
    }
}

/// d2l's closing lines: `loss 0.112, train acc 0.965, test acc 0.969` and
/// `59217.4 examples/sec on cpu (2 threads)`.
public func summaryLines(last: EpochRecord, examplesPerSecond: Double, threads: Int) -> String {
    "loss \(fixed(last.loss, 3)), train acc \(fixed(last.trainAccuracy, 3)), test acc \(fixed(last.testAccuracy, 3))\n"
        + "\(fixed(examplesPerSecond, 1)) examples/sec on cpu (\(threads) thread\(threads == 1 ? "" : "s"))\n"
}

/// `x` with exactly `digits` decimals, as Python's `f'{x:.4f}'` prints it (`nan` and `inf` too).
public func fixed(_ x: Double, _ digits: Int) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    return String(format: "%.\(digits)f", x)
}

/// JSON has no NaN or infinity; they become null so the file stays parseable.
func jsonNumber(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    return "\(x)"
}

/// Appends one JSON line per epoch to a metrics file, flushing each line so a killed run keeps what
/// it had.
public final class MetricsWriter {
    private let handle: FileHandle
    public let path: String

    /// Creates (or truncates) the file; a resumed run passes `append: true`.
    public init(path: String, append: Bool = false) throws {
        self.path = path
        let fm = FileManager.default
        if !append || !fm.fileExists(atPath: path) {
            guard fm.createFile(atPath: path, contents: nil) else {
                throw RuntimeFileError(path: path, problem: "cannot create the metrics file (does its folder exist and is it writable?)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw RuntimeFileError(path: path, problem: "cannot open the metrics file for writing")
        }
        self.handle = handle
        handle.seekToEndOfFile()
    }

    public func write(_ record: EpochRecord) {
        handle.write(Data((record.json + "\n").utf8))
        handle.synchronizeFile()
    }

    deinit { handle.closeFile() }
}

/// A file that could not be written or read, with what the user can do about it.
public struct RuntimeFileError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var problem: String
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }
    public var description: String { "\(path): \(problem)" }
}

"""#),
        ("TrainingPlot.swift", ##"""
import Foundation

/// Draws training curves as a standalone SVG, the way d2l's `Animator` plots `train_ch6`: epochs on x,
/// train loss (solid), train acc (dashed, magenta) and test acc (dash-dot, green) on one y axis, with
/// a legend. Opens in any browser.
public struct TrainingPlot: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: String
        public var dash: String?
        public init(name: String, points: [(x: Double, y: Double)], color: String, dash: String?) {
            self.name = name
            self.points = points
            self.color = color
            self.dash = dash
        }
    }

    public var title: String
    public var series: [Series]
    /// The x range, normally [1, epochs] as d2l's `xlim`.
    public var xRange: ClosedRange<Double>

    public init(title: String, series: [Series], xRange: ClosedRange<Double>) {
        self.title = title
        self.series = series
        self.xRange = xRange
    }

    /// d2l's three curves from per-epoch records.
    public init(title: String, records: [EpochRecord], epochs: Int) {
        self.title = title
        self.series = [
            Series(name: "train loss", points: records.map { (Double($0.epoch), $0.loss) }, color: "#1f77b4", dash: nil),
            Series(name: "train acc", points: records.map { (Double($0.epoch), $0.trainAccuracy) }, color: "#bf00bf", dash: "7,4"),
            Series(name: "test acc", points: records.map { (Double($0.epoch), $0.testAccuracy) }, color: "#008000", dash: "9,4,2,4"),
        ]
        self.xRange = 1...Double(max(2, epochs))
    }

    /// The SVG document.
    public func svg(width: Int = 640, height: Int = 420) -> String {
        let left = 60.0, right = 20.0, top = 40.0, bottom = 50.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        var yMax = max(1.0, ys.max() ?? 1)
        yMax = niceCeiling(yMax)
        let yMin = min(0.0, ys.min() ?? 0)
        func px(_ x: Double) -> Double { left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - yMin) / (yMax - yMin)) * plotH }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Double(width) / 2)" y="22" text-anchor="middle" font-size="14">\(escape(title))</text>

        """
        // Grid and ticks.
        for tick in ticks(xRange.lowerBound, xRange.upperBound, integer: true) {
            let x = px(tick)
            out += "<line x1=\"\(r(x))\" y1=\"\(r(top))\" x2=\"\(r(x))\" y2=\"\(r(top + plotH))\" stroke=\"#e0e0e0\"/>\n"
            out += "<text x=\"\(r(x))\" y=\"\(r(top + plotH + 18))\" text-anchor=\"middle\">\(label(tick))</text>\n"
        }
        for tick in ticks(yMin, yMax, integer: false) {
            let y = py(tick)
            out += "<line x1=\"\(r(left))\" y1=\"\(r(y))\" x2=\"\(r(left + plotW))\" y2=\"\(r(y))\" stroke=\"#e0e0e0\"/>\n"
            out += "<text x=\"\(r(left - 8))\" y=\"\(r(y + 4))\" text-anchor=\"end\">\(label(tick))</text>\n"
        }
        out += "<rect x=\"\(r(left))\" y=\"\(r(top))\" width=\"\(r(plotW))\" height=\"\(r(plotH))\" fill=\"none\" stroke=\"black\"/>\n"
        out += "<text x=\"\(r(left + plotW / 2))\" y=\"\(height - 12)\" text-anchor=\"middle\">epoch</text>\n"
        // Curves.
        for s in series {
            let finite = s.points.filter { $0.y.isFinite }
            guard !finite.isEmpty else { continue }
            let dash = s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            let points = finite.map { "\(r(px($0.x))),\(r(py($0.y)))" }.joined(separator: " ")
            out += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash) points=\"\(points)\"/>\n"
            for p in finite {
                out += "<circle cx=\"\(r(px(p.x)))\" cy=\"\(r(py(p.y)))\" r=\"2.5\" fill=\"\(s.color)\"><title>\(escape(s.name)) \(label(p.x)): \(fixed(p.y, 4))</title></circle>\n"
            }
        }
        // Legend, top right inside the axes as matplotlib places it.
        let legendX = left + plotW - 120, legendY = top + 10
        out += "<rect x=\"\(r(legendX - 8))\" y=\"\(r(legendY - 4))\" width=\"124\" height=\"\(series.count * 18 + 6)\" fill=\"white\" stroke=\"#c0c0c0\"/>\n"
        for (i, s) in series.enumerated() {
            let y = legendY + Double(i) * 18 + 8
            let dash = s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            out += "<line x1=\"\(r(legendX))\" y1=\"\(r(y))\" x2=\"\(r(legendX + 28))\" y2=\"\(r(y))\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash)/>\n"
            out += "<text x=\"\(r(legendX + 36))\" y=\"\(r(y + 4))\">\(escape(s.name))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// Writes the SVG through a temporary file and a rename, so a reader never sees half a plot.
    public func write(to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        do {
            try svg().write(toFile: temporary, atomically: false, encoding: .utf8)
        } catch {
            throw RuntimeFileError(path: path, problem: "cannot write the plot (\(error.localizedDescription))")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw RuntimeFileError(path: path, problem: "cannot write the plot (\(String(cString: strerror(errno))))")
        }
    }

    private func ticks(_ lo: Double, _ hi: Double, integer: Bool) -> [Double] {
        let span = hi - lo
        guard span > 0 else { return [lo] }
        var step = pow(10, (log10(span / 5)).rounded(.down))
        for factor in [1.0, 2.0, 5.0, 10.0] where span / (step * factor) <= 6 {
            step *= factor
            break
        }
        if integer { step = max(1, step.rounded()) }
        var out: [Double] = []
        var t = (lo / step).rounded(.up) * step
        while t <= hi + step * 1e-9 {
            out.append(t)
            t += step
        }
        return out
    }

    private func niceCeiling(_ x: Double) -> Double {
        let step = pow(10, (log10(x)).rounded(.down)) / 2
        return (x / step).rounded(.up) * step
    }

    private func label(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.2g", x)
    }

    private func r(_ x: Double) -> String { String(format: "%.1f", x) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

"""##),
    ]
}

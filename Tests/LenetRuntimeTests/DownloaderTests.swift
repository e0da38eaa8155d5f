import Foundation
import Testing
@testable import LenetRuntime

/// Collects log lines from the downloader (which may call from any thread).
final class LogSink: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return storage }
    func append(_ s: String) { lock.lock(); storage.append(s); lock.unlock() }
}

/// Options for fast, quiet tests.
func testOptions(_ sink: LogSink) -> DownloadOptions {
    var o = DownloadOptions()
    o.timeout = 3
    o.retryDelay = 0
    o.progress = .never
    o.log = { sink.append($0) }
    return o
}

/// A served fake data set: four gzip'd IDX files (random, so incompressible and large
/// enough to cut mid-way) under `root/<sub>/`, and a source describing them.
struct FakeMirror {
    let server: LoopbackHTTPServer
    let root: TempDir
    let source: DatasetSource
    let contents: [String: [UInt8]]

    init(sub: String = "mnist", trainCount: Int = 40, testCount: Int = 10) throws {
        root = TempDir("mirror")
        var rng = SeededRNG(seed: 99)
        func images(_ n: Int) throws -> [UInt8] {
            gzipWithSystemTool(IDX.encode(try IDXArray(dimensions: [n, 28, 28], data: (0..<(n * 784)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })))
        }
        func labels(_ n: Int) throws -> [UInt8] {
            gzipWithSystemTool(IDX.encode(try IDXArray(dimensions: [n], data: (0..<n).map { UInt8($0 % 10) })))
        }
        let blobs = [try images(trainCount), try labels(trainCount), try images(testCount), try labels(testCount)]
        var files: [DownloadFile] = []
        var contents: [String: [UInt8]] = [:]
        for (base, blob) in zip(DatasetFiles.baseNames, blobs) {
            let name = base + ".gz"
            root.write("\(sub)/\(name)", blob)
            files.append(DownloadFile(name: name, md5: MD5.hex(of: blob)))
            contents[name] = blob
        }
        self.contents = contents
        server = LoopbackHTTPServer(root: root.path)
        source = DatasetSource(dataset: "mnist", mirrors: [server.baseURL + sub + "/"], files: files)
    }
}

/// Expects a fetch failure whose text contains every phrase, and no final or part file.
func expectFetchFailure(url: String, destination: String, md5: String, options: DownloadOptions,
                        _ phrases: [String], unreachable: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try Downloader.fetch(url: url, to: destination, md5: md5, options: options)
        Issue.record("expected the download to fail", sourceLocation: sourceLocation)
    } catch {
        for p in phrases { #expect(error.reason.contains(p), "\(error.reason)", sourceLocation: sourceLocation) }
        #expect(error.mirrorUnreachable == unreachable, "\(error.reason)", sourceLocation: sourceLocation)
    }
    #expect(!fileExists(destination), "no final file may remain", sourceLocation: sourceLocation)
    #expect(!fileExists(destination + ".part"), "no part file may remain", sourceLocation: sourceLocation)
}

@Suite(.serialized) struct DownloaderTests {
    @Test func downloadsVerifiesAndSkipsWhatIsPresent() throws {
        let mirror = try FakeMirror()
        defer { mirror.server.stop() }
        let sink = LogSink()
        let out = TempDir("dl")
        let dir = out.file("data/mnist")
        try Downloader.fetchDataset(mirror.source, into: dir, options: testOptions(sink))
        #expect(out.listing("data/mnist") == mirror.source.files.map(\.name).sorted())
        for file in mirror.source.files {
            #expect(readBytes(dir + "/" + file.name) == mirror.contents[file.name])
        }
        #expect(mirror.server.requests.count == 4)
        #expect(mirror.server.requests.allSatisfy { $0.range == nil })
        #expect(sink.lines.contains { $0.contains("downloading mnist train-images-idx3-ubyte.gz from \(mirror.server.baseURL)") })
        let d = try DatasetFiles.load(directory: dir, info: .mnist)
        #expect(d.train.count == 40 && d.test.count == 10)

        // Second run: everything verified on disk, nothing fetched.
        try Downloader.fetchDataset(mirror.source, into: dir, options: testOptions(sink))
        #expect(mirror.server.requests.count == 4)

        // A damaged file on disk is replaced.
        out.write("data/mnist/t10k-labels-idx1-ubyte.gz", [1, 2, 3])
        try Downloader.fetchDataset(mirror.source, into: dir, options: testOptions(sink))
        #expect(mirror.server.requests.count == 5)
        #expect(readBytes(dir + "/t10k-labels-idx1-ubyte.gz") == mirror.contents["t10k-labels-idx1-ubyte.gz"])
        #expect(sink.lines.contains { $0.contains("is damaged (MD5 mismatch)") })
    }

    @Test func resumesWithRangeAfterACutConnection() throws {
        let mirror = try FakeMirror()
        defer { mirror.server.stop() }
        let name = "train-images-idx3-ubyte.gz"
        let file = mirror.source.files[0]
        #expect(mirror.contents[name]!.count > 20_000)
        mirror.server.configure { $0.cutResponses = 2; $0.cutAfter = 5000 }
        let out = TempDir("dl")
        let dest = out.file(name)
        try Downloader.fetch(url: mirror.source.mirrors[0] + name, to: dest, md5: file.md5, options: testOptions(LogSink()))
        #expect(readBytes(dest) == mirror.contents[name])
        #expect(mirror.server.requests.map(\.range) == [nil, "bytes=5000-", "bytes=10000-"])
        #expect(out.listing() == [name])
    }

    @Test func restartsWhenServerIgnoresRange() throws {
        let mirror = try FakeMirror()
        defer { mirror.server.stop() }
        let name = "train-images-idx3-ubyte.gz"
        mirror.server.configure { $0.cutResponses = 1; $0.cutAfter = 3000; $0.honourRange = false }
        let out = TempDir("dl")
        let dest = out.file(name)
        try Downloader.fetch(url: mirror.source.mirrors[0] + name, to: dest, md5: mirror.source.files[0].md5, options: testOptions(LogSink()))
        #expect(readBytes(dest) == mirror.contents[name])
        #expect(mirror.server.requests.map(\.range) == [nil, "bytes=3000-"])
    }

    @Test func retriesServerErrors() throws {
        let mirror = try FakeMirror()
        defer { mirror.server.stop() }
        let name = "t10k-labels-idx1-ubyte.gz"
        mirror.server.configure { $0.failResponses = 2 }
        let out = TempDir("dl")
        try Downloader.fetch(url: mirror.source.mirrors[0] + name, to: out.file(name), md5: mirror.source.files[3].md5, options: testOptions(LogSink()))
        #expect(readBytes(out.file(name)) == mirror.contents[name])
        #expect(mirror.server.requests.count == 3)
    }

    @Test func givesUpAfterRepeatedCuts() throws {
        let mirror = try FakeMirror()
        defer { mirror.server.stop() }
        let name = "train-images-idx3-ubyte.gz"
        mirror.server.configure { $0.cutResponses = 100; $0.cutAfter = 100 }
        let out = TempDir("dl")
        var options = testOptions(LogSink())
        options.attemptsPerURL = 3
        expectFetchFailure(url: mirror.source.mirrors[0] + name, destination: out.file(name), md5: mirror.source.files[0].md5,
                           options: options, ["gave up after 3 attempts", "after 100 bytes"], unreachable: false)
        #expect(mirror.server.requests.count == 3)
        #expect(out.listing() == [])
    }

    @Test func wrongChecksumDeletesTheFile() throws {
        let mirror = try FakeMirror()
        defer { mirror.server.stop() }
        let name = "t10k-images-idx3-ubyte.gz"
        let out = TempDir("dl")
        let bogus = String(repeating: "0", count: 32)
        expectFetchFailure(url: mirror.source.mirrors[0] + name, destination: out.file(name), md5: bogus, options: testOptions(LogSink()),
                           ["has MD5 \(MD5.hex(of: mirror.contents[name]!))", "should have \(bogus)", name], unreachable: false)
        #expect(mirror.server.requests.count == 1, "a wrong checksum on a fresh download is not retried")
        #expect(out.listing() == [])
    }

    @Test func notFoundIsReportedWithTheURL() throws {
        let mirror = try FakeMirror()
        defer { mirror.server.stop() }
        let out = TempDir("dl")
        let url = mirror.server.baseURL + "nothing-here/train-images-idx3-ubyte.gz"
        expectFetchFailure(url: url, destination: out.file("x.gz"), md5: mirror.source.files[0].md5, options: testOptions(LogSink()),
                           ["HTTP 404"], unreachable: false)
        #expect(mirror.server.requests.count == 1, "404 is not retried")
        // Through fetchDataset the message names the file and the URL.
        mirror.server.configure { $0.forcedStatus["/mnist/t10k-images-idx3-ubyte.gz"] = 404 }
        do {
            try Downloader.fetchDataset(mirror.source, into: out.file("d"), options: testOptions(LogSink()))
            Issue.record("expected failure")
        } catch {
            #expect(error.file == "t10k-images-idx3-ubyte.gz")
            #expect(error.description.contains("could not download t10k-images-idx3-ubyte.gz: \(mirror.source.mirrors[0])t10k-images-idx3-ubyte.gz: HTTP 404"))
        }
        // Files fetched before the failure are complete and verified; nothing else exists.
        #expect(out.listing("d") == ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"])
    }

    @Test func fallsBackToTheNextMirror() throws {
        let mirror = try FakeMirror()
        defer { mirror.server.stop() }
        let dead = "http://127.0.0.1:\(LoopbackHTTPServer.closedPort())/mnist/"
        let missing = mirror.server.baseURL + "gone/"
        let source = mirror.source.withMirrors([dead, missing, mirror.source.mirrors[0]])
        let sink = LogSink()
        let out = TempDir("dl")
        try Downloader.fetchDataset(source, into: out.path, options: testOptions(sink))
        #expect(out.listing() == source.files.map(\.name).sorted())
        // The dead mirror is tried once and then skipped; the 404 mirror is tried per file.
        #expect(sink.lines.filter { $0.contains(dead) }.count == 1)
        #expect(mirror.server.requests.filter { $0.path.hasPrefix("/gone/") }.count == 4)
    }

    @Test func connectionRefusedFailsFastAndClearly() throws {
        let out = TempDir("dl")
        let url = "http://127.0.0.1:\(LoopbackHTTPServer.closedPort())/mnist/train-images-idx3-ubyte.gz"
        let start = Date()
        expectFetchFailure(url: url, destination: out.file("train-images-idx3-ubyte.gz"), md5: DatasetSource.mnist.files[0].md5,
                           options: testOptions(LogSink()), ["cannot connect"], unreachable: true)
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(out.listing() == [])
        let source = DatasetSource.mnist.withMirrors(["http://127.0.0.1:\(LoopbackHTTPServer.closedPort())/a/", "http://127.0.0.1:\(LoopbackHTTPServer.closedPort())/b"])
        do {
            try Downloader.fetchDataset(source, into: out.file("m"), options: testOptions(LogSink()))
            Issue.record("expected failure")
        } catch {
            #expect(error.attempts.count == 2)
            #expect(error.attempts.allSatisfy { $0.contains("cannot connect") })
            #expect(error.attempts[1].contains("/b/train-images-idx3-ubyte.gz"), "mirrors get a trailing slash")
        }
        #expect(out.listing("m") == [])
    }

    @Test func rejectsNonHTTPURLs() {
        let out = TempDir("dl")
        expectFetchFailure(url: "ftp://example.com/x.gz", destination: out.file("x.gz"), md5: "", options: testOptions(LogSink()),
                           ["not an http(s) URL"], unreachable: true)
    }

    @Test func builtInSourcesAreComplete() {
        #expect(DatasetSource.named("mnist") == .mnist)
        #expect(DatasetSource.named("Fashion-MNIST") == .fashionMNIST)
        #expect(DatasetSource.named("synthetic") == nil)
        #expect(DatasetSource.mnist.mirrors == ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"])
        for source in [DatasetSource.mnist, .fashionMNIST] {
            #expect(source.files.map(\.name) == DatasetFiles.baseNames.map { $0 + ".gz" })
            #expect(source.files.allSatisfy { $0.md5.count == 32 && $0.md5.allSatisfy(\.isHexDigit) })
        }
    }
}

@Suite struct DownloadBarTests {
    @Test func rendersFractionAndSizes() {
        #expect(DownloadBar.render(name: "x.gz", done: 4_928_307, total: 9_856_614)
                == "x.gz [" + String(repeating: "#", count: 15) + String(repeating: " ", count: 15) + "] 50% 4.7/9.4 MB")
        #expect(DownloadBar.render(name: "x.gz", done: 10, total: 10).contains("[" + String(repeating: "#", count: 30) + "] 100%"))
        #expect(DownloadBar.render(name: "y", done: 1_572_864, total: nil) == "y 1.5 MB")
        #expect(DownloadBar.render(name: "y", done: 0, total: 0) == "y 0.0 MB")
    }
}

@Suite struct DownloaderTimeoutTests {
    /// A server that accepts TCP connections (in the kernel backlog) but never answers:
    /// the download must give up after the idle timeout, naming the problem.
    @Test func silentServerTimesOut() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(listen(fd, 8) == 0)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        let port = UInt16(bigEndian: addr.sin_port)

        let out = TempDir("dl")
        var options = testOptions(LogSink())
        options.timeout = 1
        let start = Date()
        expectFetchFailure(url: "http://127.0.0.1:\(port)/x.gz", destination: out.file("x.gz"), md5: String(repeating: "0", count: 32),
                           options: options, ["timed out"], unreachable: true)
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed >= 0.9 && elapsed < 4, "took \(elapsed) s")
        #expect(out.listing() == [])
    }
}

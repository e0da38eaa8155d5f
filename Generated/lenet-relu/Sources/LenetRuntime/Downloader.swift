// Downloading the public data sets (MNIST, Fashion-MNIST) with verification.
//
// Each file is fetched to `NAME.part`, resumed with an HTTP `Range` request after a cut
// connection when the server allows it, checked against its canonical MD5, and only then
// renamed into place with rename(2). So the final file name only ever holds a verified
// file, and failures leave nothing half-written behind.
//
// Transport: URLSession from FoundationNetworking (libcurl underneath). A tiny socket
// client would be simpler to control, but the primary MNIST mirror is HTTPS-only and the
// runtime may not link a TLS library of its own; libcurl also brings proxy support and
// redirects. Its known Linux quirks are avoided deliberately: we use one delegate-based
// data task per attempt (streaming straight to disk, no huge in-memory Data), invalidate
// every session (delegates are otherwise leaked), and rely on the request timeout, which
// corelibs implements as an idle timer reset on every received chunk, so a short value
// makes an offline machine fail fast without limiting long downloads.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

/// One file of a downloadable data set and its canonical checksums.
public struct DownloadFile: Sendable, Equatable {
    /// File name on the mirror and on disk, e.g. "train-images-idx3-ubyte.gz".
    public let name: String
    /// Expected MD5 of the file as the mirror serves it, lowercase hex.
    public let md5: String
    /// MD5 of the decompressed IDX content, lowercase hex; nil when not published. Loading checks data by
    /// this one, since repackaged copies (Debian's rewrites the gzip headers) differ only in the wrapper.
    public let contentMD5: String?

    /// Describes a file.
    public init(name: String, md5: String, contentMD5: String? = nil) {
        self.name = name
        self.md5 = md5.lowercased()
        self.contentMD5 = contentMD5?.lowercased()
    }
}

/// Where a data set can be downloaded from: mirrors tried in order, and its files.
public struct DatasetSource: Sendable, Equatable {
    /// Data set name (matches `DatasetInfo.name`).
    public let dataset: String
    /// Base URLs ending in "/", tried in order; a file's URL is mirror + file name.
    public var mirrors: [String]
    /// The four files with their checksums.
    public let files: [DownloadFile]

    /// Describes a source.
    public init(dataset: String, mirrors: [String], files: [DownloadFile]) {
        self.dataset = dataset
        self.mirrors = mirrors.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.files = files
    }

    /// MNIST from torchvision's mirrors.
    public static let mnist = DatasetSource(
        dataset: "mnist",
        mirrors: ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"],
        files: [
            DownloadFile(name: "train-images-idx3-ubyte.gz", md5: "f68b3c2dcbeaaa9fbdd348bbdeb94873",
                         contentMD5: "6bbc9ace898e44ae57da46a324031adb"),
            DownloadFile(name: "train-labels-idx1-ubyte.gz", md5: "d53e105ee54ea40749a09fcbcd1e9432",
                         contentMD5: "a25bea736e30d166cdddb491f175f624"),
            DownloadFile(name: "t10k-images-idx3-ubyte.gz", md5: "9fb629c4189551a2d022fa330f9573f3",
                         contentMD5: "2646ac647ad5339dbf082846283269ea"),
            DownloadFile(name: "t10k-labels-idx1-ubyte.gz", md5: "ec29112dd5afa0611ce80d1b7f02629c",
                         contentMD5: "27ae3e4e09519cfbb04c329615203637"),
        ])

    /// Fashion-MNIST from Zalando's mirror.
    public static let fashionMNIST = DatasetSource(
        dataset: "fashion-mnist",
        mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        files: [
            DownloadFile(name: "train-images-idx3-ubyte.gz", md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                         contentMD5: "f4a8712d7a061bf5bd6d2ca38dc4d50a"),
            DownloadFile(name: "train-labels-idx1-ubyte.gz", md5: "25c81989df183df01b3e8a0aad5dffbe",
                         contentMD5: "9018921c3c673c538a1fc5bad174d6f9"),
            DownloadFile(name: "t10k-images-idx3-ubyte.gz", md5: "bef4ecab320f06d8554ea6380940ec79",
                         contentMD5: "8181f5470baa50b63fa0f6fddb340f0a"),
            DownloadFile(name: "t10k-labels-idx1-ubyte.gz", md5: "bb300cfdad3c16e7a12a480ee83cd310",
                         contentMD5: "15d484375f8d13e6eb1aabb0c3f46965"),
        ])

    /// Every data set whose canonical files lenetc knows, in the order their checksums are tried.
    public static let known: [DatasetSource] = [.mnist, .fashionMNIST]

    /// The built-in source for data set `name`, if it can be downloaded.
    public static func named(_ name: String) -> DatasetSource? {
        let canonical = DatasetInfo.named(name)?.name
        return known.first { $0.dataset == canonical }
    }

    /// The same files from other mirrors (tests point this at a loopback server).
    public func withMirrors(_ mirrors: [String]) -> DatasetSource {
        DatasetSource(dataset: dataset, mirrors: mirrors, files: files)
    }
}

/// A download that failed everywhere, with what happened at each URL.
public struct DownloadError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file that could not be fetched.
    public let file: String
    /// One line per URL tried: "URL: what went wrong".
    public let attempts: [String]

    /// Creates an error.
    public init(file: String, attempts: [String]) {
        self.file = file
        self.attempts = attempts
    }

    public var description: String {
        "could not download \(file): " + (attempts.isEmpty ? "no mirror to try" : attempts.joined(separator: "; "))
    }
}

/// How downloads behave; the defaults suit an interactive command line.
public struct DownloadOptions: Sendable {
    /// When to draw a progress bar on stderr.
    public enum Progress: Sendable {
        /// Only when stderr is a terminal, so logs and pipes stay clean.
        case automatic
        /// Never.
        case never
        /// Always (for testing the bar itself).
        case always
    }

    /// Seconds without any progress (while connecting or receiving) before an attempt is
    /// abandoned. Short, so an offline machine falls through to synthetic data quickly.
    public var timeout: TimeInterval = 5
    /// Attempts per URL for transient failures (cut connections, 5xx); later attempts
    /// resume with `Range` when the server supports it.
    public var attemptsPerURL = 4
    /// Pause before a retry, multiplied by the attempt number.
    public var retryDelay: TimeInterval = 0.5
    /// Progress bar policy.
    public var progress: Progress = .automatic
    /// Receives one-line status messages ("downloading ... from ..."); stderr by default.
    public var log: @Sendable (String) -> Void = { Console.errorLine($0) }

    /// Default options.
    public init() {}
}

/// Fetches and verifies data set files.
public enum Downloader {
    /// Makes sure every file of `source` is present and verified in `directory` (created if
    /// needed), downloading the missing ones. Files already present with the right MD5 are
    /// kept; present files with a wrong MD5 are replaced.
    ///
    /// A mirror that cannot be reached at all (DNS failure, connection refused, timeout
    /// before any response) is skipped for the remaining files, so an offline machine
    /// gives up after one quick round.
    public static func fetchDataset(_ source: DatasetSource, into directory: String, options: DownloadOptions = DownloadOptions()) throws(DownloadError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DownloadError(file: directory, attempts: ["cannot create the directory: \(error.localizedDescription)"])
        }
        var unreachable: [String: String] = [:]  // mirror -> reason
        for file in source.files {
            let destination = directory + "/" + file.name
            if AtomicFile.exists(destination) {
                if let actual = try? MD5.hex(ofFile: destination), actual == file.md5 { continue }
                options.log("\(destination) is damaged (MD5 mismatch); downloading it again")
            }
            var attempts: [String] = []
            var done = false
            for mirror in source.mirrors {
                let url = mirror + file.name
                if let reason = unreachable[mirror] {
                    attempts.append("\(url): skipped, mirror unreachable (\(reason))")
                    continue
                }
                options.log("downloading \(source.dataset) \(file.name) from \(url)")
                do {
                    try fetch(url: url, to: destination, md5: file.md5, options: options)
                    done = true
                    break
                } catch let failure {
                    attempts.append("\(url): \(failure.reason)")
                    if failure.mirrorUnreachable { unreachable[mirror] = failure.reason }
                }
            }
            if !done { throw DownloadError(file: file.name, attempts: attempts) }
        }
    }

    /// Why one URL failed, and whether the whole mirror looks unreachable.
    public struct FetchFailure: Error, CustomStringConvertible, Sendable, Equatable {
        /// What went wrong, naming the URL or file where useful.
        public let reason: String
        /// True for "no connection at all" failures (as opposed to e.g. HTTP 404).
        public let mirrorUnreachable: Bool

        public var description: String { reason }
    }

    /// Downloads one URL to `destination`, verifying `md5` (lowercase hex). Uses
    /// `destination + ".part"` while downloading and renames it into place only when the
    /// checksum matches; on failure neither the final file nor the part file remain.
    ///
    /// Blocks the calling thread until done (the transfer itself runs on URLSession's
    /// own queue), which suits command-line tools; do not call it on the main run loop.
    public static func fetch(url urlString: String, to destination: String, md5: String, options: DownloadOptions = DownloadOptions()) throws(FetchFailure) {
        guard let url = URL(string: urlString), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw FetchFailure(reason: "not an http(s) URL: \(urlString)", mirrorUnreachable: true)
        }
        let part = destination + ".part"
        // Never resume from a stale part file of an earlier, unknown download.
        _ = part.withCString { unlink($0) }
        var succeeded = false
        defer {
            if !succeeded { _ = part.withCString { unlink($0) } }
        }
        let name = String(destination.split(separator: "/").last ?? Substring(destination))
        var lastProblem = "no attempt made"
        var attempt = 0
        var resumedAtLeastOnce = false
        while attempt < max(1, options.attemptsPerURL) {
            attempt += 1
            if attempt > 1, options.retryDelay > 0 {
                Thread.sleep(forTimeInterval: options.retryDelay * Double(attempt - 1))
            }
            let already = fileSize(part)
            if already > 0 { resumedAtLeastOnce = true }
            let result = transfer(url: url, to: part, resumeFrom: already, timeout: options.timeout,
                                  progressName: name, progress: options.progress)
            switch result {
            case .complete:
                let actual: String
                do {
                    actual = try MD5.hex(ofFile: part)
                } catch {
                    throw FetchFailure(reason: "cannot read back \(part): \(error.reason)", mirrorUnreachable: false)
                }
                if actual == md5 {
                    do {
                        try AtomicFile.rename(part, to: destination)
                    } catch {
                        throw FetchFailure(reason: "\(error)", mirrorUnreachable: false)
                    }
                    succeeded = true
                    return
                }
                lastProblem = "downloaded file has MD5 \(actual) but \(name) should have \(md5); the mirror serves a different or damaged file"
                _ = part.withCString { unlink($0) }
                // A resumed download might have stitched two versions together: one
                // fresh attempt. Otherwise the mirror serves the wrong content.
                if !resumedAtLeastOnce { throw FetchFailure(reason: lastProblem, mirrorUnreachable: false) }
                resumedAtLeastOnce = false
            case .restart(let problem):
                lastProblem = problem
                _ = part.withCString { unlink($0) }
            case .retry(let problem):
                lastProblem = problem
            case .failURL(let problem):
                throw FetchFailure(reason: problem, mirrorUnreachable: false)
            case .unreachable(let problem):
                throw FetchFailure(reason: problem, mirrorUnreachable: true)
            }
        }
        throw FetchFailure(reason: "gave up after \(attempt) attempts; last problem: \(lastProblem)", mirrorUnreachable: false)
    }

    /// Size of a file in bytes (0 if it does not exist).
    static func fileSize(_ path: String) -> Int64 {
        var st = stat()
        guard path.withCString({ stat($0, &st) }) == 0 else { return 0 }
        return Int64(st.st_size)
    }

    /// What one HTTP attempt achieved.
    enum TransferResult: Equatable {
        /// The whole body is in the part file.
        case complete
        /// Transient failure; try again, resuming from what is on disk.
        case retry(String)
        /// The part file is unusable; try again from scratch.
        case restart(String)
        /// This URL will not work (e.g. 404); do not retry it.
        case failURL(String)
        /// No connection at all; the mirror looks down or we are offline.
        case unreachable(String)
    }

    /// One GET (with `Range` when resuming), streamed into `path`.
    static func transfer(url: URL, to path: String, resumeFrom: Int64, timeout: TimeInterval,
                         progressName: String, progress: DownloadOptions.Progress) -> TransferResult {
        let fd = path.withCString { open($0, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644) }
        guard fd >= 0 else {
            return .failURL("cannot create \(path): \(runtimeErrnoText())")
        }
        defer { close(fd) }

        var request = URLRequest(url: url)
        request.timeoutInterval = max(1, timeout.rounded(.up))
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        if resumeFrom > 0 {
            request.setValue("bytes=\(resumeFrom)-", forHTTPHeaderField: "Range")
        }
        let showBar: Bool
        switch progress {
        case .automatic: showBar = isatty(2) == 1
        case .never: showBar = false
        case .always: showBar = true
        }
        let delegate = TransferDelegate(fd: fd, resumeFrom: resumeFrom,
                                        bar: showBar ? DownloadBar(name: progressName) : nil)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = request.timeoutInterval
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
        let task = session.dataTask(with: request)
        task.resume()
        delegate.finished.wait()
        session.finishTasksAndInvalidate()
        return delegate.result(url: url.absoluteString)
    }
}

/// Receives one response and streams its body into a file descriptor. All callbacks run
/// on the session's serial delegate queue; the caller reads the fields only after
/// `finished` is signalled, which orders those accesses (hence `@unchecked Sendable`).
private final class TransferDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let fd: Int32
    let resumeFrom: Int64
    let finished = DispatchSemaphore(value: 0)
    var bar: DownloadBar?

    var status = 0
    var offset: Int64 = 0
    var expectedTotal: Int64? = nil
    var receivedBody: Int64 = 0
    var rejected: Downloader.TransferResult? = nil
    var writeProblem: String? = nil
    var transportError: Error? = nil

    init(fd: Int32, resumeFrom: Int64, bar: DownloadBar?) {
        self.fd = fd
        self.resumeFrom = resumeFrom
        self.bar = bar
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let http = response as? HTTPURLResponse else {
            rejected = .failURL("the server did not answer with HTTP")
            completionHandler(.cancel)
            return
        }
        status = http.statusCode
        switch status {
        case 206:
            // Content-Range: bytes START-END/TOTAL must continue exactly where we stopped.
            let range = http.value(forHTTPHeaderField: "Content-Range") ?? ""
            guard let parsed = Self.parseContentRange(range), parsed.start == resumeFrom else {
                rejected = .restart("server answered the resume request with an unexpected range \"\(range)\"")
                completionHandler(.cancel)
                return
            }
            offset = resumeFrom
            expectedTotal = parsed.total
        case 200:
            // A full body: the server ignored (or does not support) Range. Start over.
            if ftruncate(fd, 0) != 0 {
                writeProblem = "cannot truncate the part file: \(runtimeErrnoText())"
                completionHandler(.cancel)
                return
            }
            offset = 0
            expectedTotal = http.expectedContentLength >= 0 ? http.expectedContentLength : nil
        case 416:
            // Range not satisfiable: usually the part file is already complete.
            rejected = resumeFrom > 0 ? .complete : .failURL("HTTP 416 (range not satisfiable)")
            completionHandler(.cancel)
            return
        default:
            let text = HTTPURLResponse.localizedString(forStatusCode: status)
            let problem = "HTTP \(status) (\(text))"
            if status >= 500 || status == 429 || status == 408 {
                rejected = .retry(problem)
            } else {
                rejected = .failURL(problem)
            }
            completionHandler(.cancel)
            return
        }
        bar?.update(done: offset, total: expectedTotal)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard writeProblem == nil, rejected == nil else { return }
        let ok = data.withUnsafeBytes { raw -> Bool in
            var done = 0
            while done < raw.count {
                let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                done += n
            }
            return true
        }
        if !ok {
            writeProblem = "cannot write the part file: \(runtimeErrnoText())"
            dataTask.cancel()
            return
        }
        offset += Int64(data.count)
        receivedBody += Int64(data.count)
        bar?.update(done: offset, total: expectedTotal)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        transportError = error
        bar?.finish()
        finished.signal()
    }

    /// Classifies the finished attempt.
    func result(url: String) -> Downloader.TransferResult {
        if let writeProblem { return .failURL(writeProblem) }
        if let rejected { return rejected }
        if let error = transportError {
            let code = (error as NSError).code
            let reason = Self.describe(code: code, error: error)
            // Nothing received at all: the host is unreachable or silent.
            if status == 0 {
                switch code {
                case NSURLErrorCannotFindHost, NSURLErrorCannotConnectToHost, NSURLErrorNotConnectedToInternet,
                     NSURLErrorDNSLookupFailed, NSURLErrorTimedOut, NSURLErrorSecureConnectionFailed,
                     NSURLErrorCannotLoadFromNetwork, NSURLErrorInternationalRoamingOff:
                    return .unreachable(reason)
                default:
                    return .retry(reason)
                }
            }
            return .retry("\(reason) after \(receivedBody) bytes")
        }
        if let total = expectedTotal, offset != total {
            return .retry("connection closed after \(offset) of \(total) bytes")
        }
        return .complete
    }

    static func describe(code: Int, error: Error) -> String {
        switch code {
        case NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed: return "host not found (no network or DNS?)"
        case NSURLErrorCannotConnectToHost: return "cannot connect (connection refused or no route)"
        case NSURLErrorNotConnectedToInternet: return "not connected to the internet"
        case NSURLErrorTimedOut: return "timed out"
        case NSURLErrorNetworkConnectionLost: return "connection lost"
        case NSURLErrorSecureConnectionFailed: return "TLS connection failed"
        default: return error.localizedDescription + " (code \(code))"
        }
    }

    /// Parses "bytes START-END/TOTAL" (TOTAL may be "*").
    static func parseContentRange(_ text: String) -> (start: Int64, end: Int64, total: Int64?)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.lowercased().hasPrefix("bytes ") else { return nil }
        let rest = t.dropFirst(6)
        let slash = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard slash.count == 2 else { return nil }
        let bounds = slash[0].split(separator: "-", maxSplits: 1)
        guard bounds.count == 2, let start = Int64(bounds[0]), let end = Int64(bounds[1]), start <= end else { return nil }
        let total = slash[1] == "*" ? nil : Int64(slash[1])
        if slash[1] != "*" && total == nil { return nil }
        return (start, end, total)
    }
}

/// A download's one-line progress bar on stderr (bytes, not steps: see ProgressBar for training).
struct DownloadBar {
    let name: String
    private var line = LiveLine()

    init(name: String) { self.name = name }

    mutating func update(done: Int64, total: Int64?) {
        line.draw(force: total != nil && done == total) { Self.render(name: name, done: done, total: total) }
    }

    /// The bar's text, e.g. "x.gz [###############               ] 50% 4.7/9.4 MB".
    static func render(name: String, done: Int64, total: Int64?) -> String {
        let mb = Double(done) / 1_048_576
        guard let total, total > 0 else { return "\(name) \(format(mb)) MB" }
        let fraction = min(1, max(0, Double(done) / Double(total)))
        return "\(name) [" + LiveLine.bar(fraction, width: 30, full: "#", empty: " ") + "] "
            + "\(Int(fraction * 100))% \(format(mb))/\(format(Double(total) / 1_048_576)) MB"
    }

    /// Ends the bar's line (only if one was drawn, so failed attempts print nothing).
    mutating func finish() {
        line.finish(clear: false)
    }

    static func format(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

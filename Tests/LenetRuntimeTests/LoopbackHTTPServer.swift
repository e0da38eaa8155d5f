// A minimal HTTP/1.1 file server on 127.0.0.1 for downloader tests, with switches to
// misbehave: answer 404 or 500, cut a response short, ignore Range requests.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

final class LoopbackHTTPServer: @unchecked Sendable {
    /// Everything the tests can tweak, guarded by `lock`.
    struct Settings {
        /// Whether `Range: bytes=N-` requests get a 206 partial response.
        var honourRange = true
        /// How many upcoming file responses to cut short.
        var cutResponses = 0
        /// Body bytes sent before a cut.
        var cutAfter = 1000
        /// Forced status codes per request path (e.g. "/x.gz": 404).
        var forcedStatus: [String: Int] = [:]
        /// How many upcoming responses get HTTP 500.
        var failResponses = 0
    }

    /// A request as the server saw it.
    struct Request: Equatable {
        let path: String
        let range: String?
    }

    let root: String
    private(set) var port: UInt16 = 0
    private let listenFD: Int32
    private let lock = NSLock()
    private var settings = Settings()
    private var log: [Request] = []
    private let stopped = DispatchSemaphore(value: 0)

    /// Starts serving files under `root` on an ephemeral loopback port.
    init(root: String) {
        self.root = root
        listenFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(listenFD >= 0, "socket: \(String(cString: strerror(errno)))")
        var yes: Int32 = 1
        setsockopt(listenFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listenFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        precondition(bound == 0, "bind: \(String(cString: strerror(errno)))")
        precondition(listen(listenFD, 16) == 0)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listenFD, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        let thread = Thread { [self] in self.acceptLoop() }
        thread.start()
    }

    /// Base URL ending in "/".
    var baseURL: String { "http://127.0.0.1:\(port)/" }

    func configure(_ change: (inout Settings) -> Void) {
        lock.lock(); defer { lock.unlock() }
        change(&settings)
    }

    var requests: [Request] {
        lock.lock(); defer { lock.unlock() }
        return log
    }

    /// Stops accepting and waits for the server thread to finish.
    func stop() {
        shutdown(listenFD, Int32(SHUT_RDWR))
        stopped.wait()
        close(listenFD)
    }

    /// A port on which nothing listens: bound, then closed again.
    static func closedPort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        close(fd)
        return UInt16(bigEndian: addr.sin_port)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                break  // listening socket shut down
            }
            handle(client)
            close(client)
        }
        stopped.signal()
    }

    private func handle(_ fd: Int32) {
        // Read the request head (we never expect a body).
        var head = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !head.ends(with: [13, 10, 13, 10]) && !containsHeadEnd(head) {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
            if n <= 0 { return }
            head += chunk[0..<n]
            if head.count > 64 * 1024 { return }
        }
        let text = String(decoding: head, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ")
        guard parts.count >= 2 else { return }
        let path = String(parts[1])
        var range: String? = nil
        for line in lines.dropFirst() {
            let lower = line.lowercased()
            if lower.hasPrefix("range:") { range = line.dropFirst(6).trimmingCharacters(in: .whitespaces) }
        }
        lock.lock()
        log.append(Request(path: path, range: range))
        var s = settings
        let forced = s.forcedStatus[path]
        let fail = s.failResponses > 0
        if fail { settings.failResponses -= 1 }
        lock.unlock()

        if let forced {
            respond(fd, status: "\(forced) Forced", headers: [], body: Array("forced \(forced)\n".utf8))
            return
        }
        if fail {
            respond(fd, status: "500 Internal Server Error", headers: [], body: Array("try later\n".utf8))
            return
        }
        guard let data = FileManager.default.contents(atPath: root + path) else {
            respond(fd, status: "404 Not Found", headers: [], body: Array("no such file\n".utf8))
            return
        }
        let body = [UInt8](data)
        var start = 0
        var status = "200 OK"
        var headers: [String] = []
        if let range, s.honourRange, range.hasPrefix("bytes="), range.hasSuffix("-"),
           let from = Int(range.dropFirst(6).dropLast()) {
            if from >= body.count {
                respond(fd, status: "416 Range Not Satisfiable", headers: ["Content-Range: bytes */\(body.count)"], body: [])
                return
            }
            start = from
            status = "206 Partial Content"
            headers.append("Content-Range: bytes \(from)-\(body.count - 1)/\(body.count)")
        }
        var payload = Array(body[start...])
        lock.lock()
        if settings.cutResponses > 0 {
            settings.cutResponses -= 1
            s.cutAfter = settings.cutAfter
            lock.unlock()
            // Announce the full length, then send only part of it and hang up.
            sendAll(fd, header(status: status, headers: headers + ["Accept-Ranges: bytes"], length: payload.count))
            payload = Array(payload.prefix(s.cutAfter))
            sendAll(fd, payload)
            return
        }
        lock.unlock()
        respond(fd, status: status, headers: headers + ["Accept-Ranges: bytes"], body: payload)
    }

    private func containsHeadEnd(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return true
        }
        return false
    }

    private func header(status: String, headers: [String], length: Int) -> [UInt8] {
        let lines = ["HTTP/1.1 \(status)", "Content-Length: \(length)", "Content-Type: application/octet-stream", "Connection: close"] + headers
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    private func respond(_ fd: Int32, status: String, headers: [String], body: [UInt8]) {
        sendAll(fd, header(status: status, headers: headers, length: body.count) + body)
    }

    private func sendAll(_ fd: Int32, _ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + done, bytes.count - done, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            done += n
        }
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}

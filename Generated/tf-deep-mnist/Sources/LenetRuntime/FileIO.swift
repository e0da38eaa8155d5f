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
    /// The `errno` of the failure (0 when it is our own), so callers can explain it in their terms.
    public let code: Int32

    /// Creates an error for `operation` on `path` failing because of `reason`.
    public init(path: String, operation: String, reason: String, code: Int32 = 0) {
        self.path = path
        self.operation = operation
        self.reason = reason
        self.code = code
    }

    /// Creates an error for `operation` on `path` failing with the OS error `code` (default: `errno`).
    public init(path: String, operation: String, code: Int32 = errno) {
        self.init(path: path, operation: operation, reason: runtimeErrnoText(code), code: code)
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
            throw FileIOError(path: path, operation: "open for reading", code: errno)
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 {
            throw FileIOError(path: path, operation: "inspect", code: errno)
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
                    failure = FileIOError(path: path, operation: "read", code: errno)
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
    ///
    /// `path` must be a regular file or not exist: a rename would replace a folder's entry, a device
    /// (`/dev/full`) or a pipe with a plain file, which is never what was meant.
    public static func write(_ bytes: [UInt8], to path: String) throws(FileIOError) {
        let tempPath = try writeTemporarySibling(bytes, of: path)
        do throws(FileIOError) {
            try rename(tempPath, to: path)
        } catch {
            _ = tempPath.withCString { unlink($0) }
            throw error
        }
        syncDirectory(of: path)
    }

    /// Everything `write` does but the rename: `bytes` go to a temporary file next to `path`, are
    /// flushed to disk, and the temporary file is removed again. So a folder that is missing, not
    /// writable or too full for `bytes` fails here, while `path` itself is never touched.
    public static func probe(_ bytes: [UInt8], for path: String) throws(FileIOError) {
        let tempPath = try writeTemporarySibling(bytes, of: path)
        _ = tempPath.withCString { unlink($0) }
    }

    /// Writes `bytes` to a new temporary sibling of `path` and flushes it; returns its path. On
    /// failure nothing is left behind.
    static func writeTemporarySibling(_ bytes: [UInt8], of path: String) throws(FileIOError) -> String {
        var st = stat()
        if path.withCString({ stat($0, &st) }) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
            let directory = (st.st_mode & S_IFMT) == S_IFDIR
            throw FileIOError(path: path, operation: "replace",
                              reason: directory ? "it is a folder, not a file" : "it is not a regular file (a device or a pipe)",
                              code: directory ? EISDIR : EINVAL)
        }
        let (tempPath, fd) = try createTemporarySibling(of: path)
        do throws(FileIOError) {
            try writeAll(fd: fd, bytes: bytes, path: tempPath)
            if fsync(fd) != 0 {
                throw FileIOError(path: tempPath, operation: "flush to disk", code: errno)
            }
        } catch {
            close(fd)
            _ = tempPath.withCString { unlink($0) }
            throw error
        }
        if close(fd) != 0 {
            let error = FileIOError(path: tempPath, operation: "close", code: errno)
            _ = tempPath.withCString { unlink($0) }
            throw error
        }
        return tempPath
    }

    /// Renames `from` to `to` with `rename(2)` (atomic within one file system).
    public static func rename(_ from: String, to: String) throws(FileIOError) {
        let rc = from.withCString { f in to.withCString { t in Glibc.rename(f, t) } }
        if rc != 0 {
            throw FileIOError(path: to, operation: "rename \(from) into place", code: errno)
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
            let code = errno
            throw FileIOError(
                path: temp, operation: "create a temporary file",
                reason: runtimeErrnoText(code) + " (check that the directory exists and is writable)", code: code)
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
                    failure = FileIOError(path: path, operation: "write", code: errno)
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

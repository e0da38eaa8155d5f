import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One file a run writes (the checkpoint of `--save`, the plot of `--plot`, the records of
/// `--metrics`), with what it is and which flag named it, so every failure to write it reads the same
/// way: `PATH: cannot write the checkpoint: the folder /x does not exist`, then a hint.
///
/// The training loop tries each of them before the first batch (`probe`), so a path that cannot be
/// written is an error before training, never after an hour of it.
public struct OutputFile: Sendable, Equatable {
    public var path: String
    /// `checkpoint`, `plot`, `metrics file`.
    public var what: String
    /// The flag that named it: `--save`.
    public var flag: String

    public init(path: String, what: String, flag: String) {
        self.path = path
        self.what = what
        self.flag = flag
    }

    /// Replaces the file with `bytes` atomically (`AtomicFile.write`): a failure, a kill or a full
    /// disk leaves the previous file as it was.
    public func replace(with bytes: [UInt8]) throws(RuntimeFileError) {
        do { try AtomicFile.write(bytes, to: path) } catch { throw explain(error) }
    }

    /// Writes `bytes` beside the file and removes them again (`AtomicFile.probe`): proves the folder
    /// exists, is writable and has room for them, without touching an existing file.
    public func probe(_ bytes: [UInt8]) throws(RuntimeFileError) {
        do { try AtomicFile.probe(bytes, for: path) } catch { throw explain(error) }
    }

    /// The folder the file goes in, as the user would write it.
    var folder: String {
        let dir = AtomicFile.directoryPart(of: path)
        return dir.isEmpty ? "." : dir
    }

    /// A failed file operation in the user's terms: what could not be written, why, and what to do.
    public func explain(_ error: FileIOError) -> RuntimeFileError {
        guard error.operation == "replace" else { return explain(code: error.code, reason: error.reason) }
        // `AtomicFile` refuses to rename over anything but a regular file.
        if error.code == EISDIR {
            return RuntimeFileError(path: path, problem: "cannot write the \(what): it is a folder, not a file",
                                    hint: "give \(flag) a file name, e.g. \(flag) \(path)/\(defaultName)")
        }
        return RuntimeFileError(path: path, problem: "cannot write the \(what): it is not a regular file (a device or a pipe), and the \(what) replaces the file it is written to",
                                hint: "give \(flag) a file name, e.g. \(flag) \(defaultName)")
    }

    /// The same for an `errno` value (and its text, or our own reason when `code` is 0).
    func explain(code: Int32, reason given: String) -> RuntimeFileError {
        // The OS's own words for the cause, without what the failing call added to them.
        let reason = code != 0 ? runtimeErrnoText(code) : given
        let elsewhere = "give \(flag) a path in another folder"
        let (why, hint): (String, String)
        switch code {
        case ENOENT:
            (why, hint) = ("the folder \(folder) does not exist", "create it first (mkdir -p \(folder)), or \(elsewhere)")
        case ENOTDIR:
            (why, hint) = ("\(folder) is not a folder (part of that path is a file)", elsewhere)
        case EACCES, EPERM:
            (why, hint) = ("the folder \(folder) is not writable (\(reason))", elsewhere)
        case EROFS:
            (why, hint) = ("the folder \(folder) is on a read-only file system", elsewhere)
        case ENOSPC, EDQUOT:
            (why, hint) = ("no space left on the device (\(reason))", "free some space, or give \(flag) a path on another disk")
        case EFBIG:
            (why, hint) = ("the file would be larger than this process may write (\(reason))",
                           "raise the file-size limit (ulimit -f), or give \(flag) a path on another disk")
        default:
            (why, hint) = (reason, elsewhere)
        }
        return RuntimeFileError(path: path, problem: "cannot write the \(what): \(why)", hint: hint)
    }

    private var defaultName: String {
        switch flag {
        case "--save": return "run.safetensors"
        case "--plot": return "run.svg"
        default: return "run.jsonl"
        }
    }
}

/// Appends one JSON line per epoch to a metrics file, flushing each line so a killed run keeps what
/// it had.
public final class MetricsWriter {
    private let fd: Int32
    public let file: OutputFile
    public var path: String { file.path }

    /// Creates (or truncates) the file; a resumed run passes `append: true` and keeps what is there.
    /// Then proves the file can take a line (see `probe`), so a full disk or `/dev/full` is an error
    /// now, before training, not after the first epoch.
    public init(path: String, append: Bool = false) throws {
        file = OutputFile(path: path, what: "metrics file", flag: "--metrics")
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (append ? 0 : O_TRUNC)
        fd = path.withCString { open($0, flags, 0o644) }
        guard fd >= 0 else { throw file.explain(FileIOError(path: path, operation: "open for writing", code: errno)) }
        do { try probe() } catch {
            close(fd)
            throw error
        }
    }

    /// A regular file gets a block of zeros written, flushed and cut off again (so a full disk
    /// answers now); anything else (a pipe, `/dev/stdout`, `/dev/full`) a write of no bytes, which a
    /// device that cannot take data refuses too, and a reader never sees.
    private func probe() throws(RuntimeFileError) {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw file.explain(FileIOError(path: path, operation: "inspect", code: errno)) }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            if Glibc.write(fd, "", 0) < 0 { throw file.explain(FileIOError(path: path, operation: "write", code: errno)) }
            return
        }
        var failure: FileIOError?
        do throws(FileIOError) {
            try AtomicFile.writeAll(fd: fd, bytes: [UInt8](repeating: 0, count: 4096), path: path)
            if fsync(fd) != 0 { throw FileIOError(path: path, operation: "flush to disk", code: errno) }
        } catch {
            failure = error
        }
        // Whatever happened, the file goes back to what it held.
        if ftruncate(fd, st.st_size) != 0, failure == nil {
            failure = FileIOError(path: path, operation: "truncate", code: errno)
        }
        if let failure { throw file.explain(failure) }
    }

    /// Appends the record's line and flushes it to disk.
    public func write(_ record: EpochRecord) throws(RuntimeFileError) {
        do throws(FileIOError) {
            try AtomicFile.writeAll(fd: fd, bytes: Array((record.json + "\n").utf8), path: path)
            if fsync(fd) != 0 && errno != EINVAL && errno != EROFS {
                throw FileIOError(path: path, operation: "flush to disk", code: errno)
            }
        } catch {
            throw file.explain(error)
        }
    }

    deinit { close(fd) }
}

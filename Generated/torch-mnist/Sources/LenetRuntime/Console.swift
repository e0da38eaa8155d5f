import Foundation

/// The one way the runtime, `lenetc` and every emitted trainer write to standard output and standard
/// error: each call is one unbuffered `write(2)` of whole text, so what goes to stdout and to stderr
/// reaches a terminal, a pipe or a file in the order it was written.
///
/// Why not `print`: Swift's `print` goes through C stdio, which buffers standard output fully when it
/// is not a terminal. Mixed with direct writes (the epoch lines, the errors), a printed line sat in
/// that buffer until the process exited, so an emitted trainer piped into a file wrote its first line,
/// `training on MNIST …`, last. Nothing in the runtime may use `print` or `FileHandle.standard*`.
public enum Console {
    /// Writes `text` to standard output as it is (add the newline yourself).
    public static func out(_ text: String) { write(text, to: STDOUT_FILENO) }

    /// Writes `text` to standard error as it is.
    public static func err(_ text: String) { write(text, to: STDERR_FILENO) }

    /// One line to standard output.
    public static func line(_ text: String) { out(text + "\n") }

    /// One line to standard error.
    public static func errorLine(_ text: String) { err(text + "\n") }

    /// Writes every byte (`AtomicFile.writeAll` retries short writes and `EINTR`). A failure (a
    /// closed pipe, a full disk) drops the rest of the text: a report that cannot be shown must not
    /// stop a training run, which has its own files to write.
    static func write(_ text: String, to fd: Int32) {
        try? AtomicFile.writeAll(fd: fd, bytes: Array(text.utf8), path: fd == STDOUT_FILENO ? "standard output" : "standard error")
    }
}

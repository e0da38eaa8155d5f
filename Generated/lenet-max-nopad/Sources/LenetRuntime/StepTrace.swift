import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A record of every training step, for studying how two runs part ways (`Benchmarks/divergence.sh`):
/// with `LENETC_TRACE=FILE` in the environment, `lenetc run` and every emitted trainer (the same
/// loop) write FILE as
///
///     "LNTRACE1", parameter count P (UInt64, little-endian)
///     per step: the step's mean loss, then the P parameters after the update (float32, little-endian)
///
/// `LENETC_TRACE_NUDGE=K` (only with `LENETC_TRACE`, on a fresh run) moves parameter K of the arena up by
/// one ulp after initialisation, so a run can be compared with itself started one rounding error away.
/// Without `LENETC_TRACE` nothing changes and nothing is written.
struct StepTrace {
    static let magic = Array("LNTRACE1".utf8)
    let path: String
    private let fd: Int32

    /// The trace the environment asks for, or nil. The file is created (emptied) now, so a path that
    /// cannot be written is an error before training, as `--save`'s is.
    init?(environment: [String: String], parameterCount: Int) throws {
        guard let path = environment["LENETC_TRACE"], !path.isEmpty else { return nil }
        let fd = path.withCString { open($0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else {
            throw RuntimeFileError(path: path, problem: "cannot write the step trace (LENETC_TRACE): \(runtimeErrnoText())")
        }
        self.path = path
        self.fd = fd
        var header = Self.magic
        var count = UInt64(parameterCount).littleEndian
        withUnsafeBytes(of: &count) { header.append(contentsOf: $0) }
        try write(header)
    }

    /// The parameter `LENETC_TRACE_NUDGE` names, checked against the arena's size.
    static func nudgeIndex(environment: [String: String], parameterCount: Int) throws -> Int? {
        guard let text = environment["LENETC_TRACE_NUDGE"] else { return nil }
        guard let k = Int(text), (0..<parameterCount).contains(k) else {
            throw RuntimeFileError(path: "LENETC_TRACE_NUDGE", problem: "'\(text)' is not a parameter index from 0 to \(parameterCount - 1)")
        }
        return k
    }

    /// Appends one step: its mean loss and the parameters as they are now.
    func record(meanLoss: Double, parameters: UnsafeMutableBufferPointer<Float>) throws {
        var bytes = [UInt8](repeating: 0, count: 4 * (parameters.count + 1))
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: Float(meanLoss).bitPattern.littleEndian, toByteOffset: 0, as: UInt32.self)
            for i in 0..<parameters.count {
                raw.storeBytes(of: parameters[i].bitPattern.littleEndian, toByteOffset: 4 * (i + 1), as: UInt32.self)
            }
        }
        try write(bytes)
    }

    private func write(_ bytes: [UInt8]) throws {
        do { try AtomicFile.writeAll(fd: fd, bytes: bytes, path: path) } catch {
            throw RuntimeFileError(path: path, problem: "cannot write the step trace: \(error.reason)")
        }
    }

    func close() { _ = Glibc.close(fd) }
}

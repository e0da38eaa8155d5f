import Foundation
import LenetRuntime
import Testing

/// `lenetc run` with a `--save`, `--metrics` or `--plot` path it cannot write: exit 3 with a message
/// naming the file and a hint, before the first batch (no epoch line), never after training; an
/// existing checkpoint survives (issue 12, item 6).
///
/// Covered: a missing folder, a folder path through a regular file, a device (`/dev/full`: metrics get
/// "no space left", the checkpoint and plot are never renamed over it), a folder the user cannot write
/// (a chmod-ed folder when not root; as root, which writes into chmod-ed folders, `/sys`, where not
/// even root creates files), and a write that runs out of room (`ulimit -f`, which fails a write the
/// way a full disk does, with EFBIG instead of ENOSPC). The errno texts of a read-only file system and
/// a full disk are pinned in `OutputFilesTests`.
@Suite(.serialized) struct OutputCLITests {
    static let outputs: [(flag: String, what: String, name: String)] = [
        ("--save", "checkpoint", "ck.safetensors"), ("--metrics", "metrics file", "m.jsonl"), ("--plot", "plot", "p.svg"),
    ]

    /// Runs one epoch of lenet on `dir`'s data with `extra` flags; expects exit 3 before training.
    func refused(_ dir: URL, _ extra: [String], epochs: Int = 1, launcher: [String] = [],
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try runLenetc(["run", "lenet", "--data", dir.path, "--epochs", "\(epochs)", "--batch", "50", "--threads", "1"] + extra,
                                   launcher: launcher)
        #expect(result.status == 3, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stdout.contains("epoch "), "trained before failing:\n\(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("\nhint: "), "\(result.stderr)", sourceLocation: sourceLocation)
        // Without the data locator's note (the test's synthetic files match no published checksum).
        return result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("note: the files in ") }.joined(separator: "\n")
    }

    @Test func aMissingFolderOrAFileInThePathFailsBeforeTraining() throws {
        let dir = try RunCLITests.dataFolder(train: 200, test: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        let notes = dir.appendingPathComponent("notes.txt")
        try "x\n".write(to: notes, atomically: true, encoding: .utf8)
        for output in Self.outputs {
            let missing = dir.appendingPathComponent("nope").path
            let path = missing + "/" + output.name
            let stderr = try refused(dir, [output.flag, path])
            #expect(stderr.hasPrefix("error: \(path): cannot write the \(output.what): the folder \(missing) does not exist\n"
                                     + "hint: create it first (mkdir -p \(missing)), or give \(output.flag) a path in another folder"), "\(stderr)")
            let under = notes.path + "/" + output.name
            #expect(try refused(dir, [output.flag, under]).contains("error: \(under): cannot write the \(output.what): \(notes.path) is not a folder"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nope").path))
    }

    @Test func aDeviceIsFullOrNotAFile() throws {
        let dir = try RunCLITests.dataFolder(train: 200, test: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try refused(dir, ["--metrics", "/dev/full"])
            .contains("error: /dev/full: cannot write the metrics file: no space left on the device"))
        for flag in ["--save", "--plot"] {
            #expect(try refused(dir, [flag, "/dev/full"]).contains("it is not a regular file (a device or a pipe)"))
        }
        var st = stat()
        #expect(stat("/dev/full", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR, "/dev/full must still be the device")
    }

    @Test func aFolderThatCannotBeWrittenFailsBeforeTraining() throws {
        let dir = try RunCLITests.dataFolder(train: 200, test: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        var folder = "/sys"
        if geteuid() != 0 {
            let locked = dir.appendingPathComponent("locked")
            try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
            chmod(locked.path, 0o555)
            folder = locked.path
        }
        try #require(FileManager.default.fileExists(atPath: folder), "no \(folder) to test a folder root cannot write")
        for output in Self.outputs {
            let stderr = try refused(dir, [output.flag, folder + "/lenetc-" + output.name])
            #expect(stderr.contains("cannot write the \(output.what): the folder \(folder) is not writable")
                    || stderr.contains("cannot write the \(output.what): the folder \(folder) is on a read-only file system"), "\(stderr)")
        }
    }

    @Test func noRoomForTheCheckpointFailsBeforeTrainingAndKeepsTheOldOne() throws {
        let dir = try RunCLITests.dataFolder(train: 200, test: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        let save = dir.appendingPathComponent("ck.safetensors").path
        #expect(try runLenetc(["run", "lenet", "--data", dir.path, "--epochs", "1", "--batch", "50", "--save", save]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: save))
        // Files may grow to 64 blocks (at most 64 KiB); lenet's checkpoint is 241 KiB. SIGXFSZ is
        // ignored so the write fails with EFBIG, as a full disk fails it with ENOSPC.
        let limited = ["/bin/sh", "-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\""]
        for resume in [false, true] {
            let stderr = try refused(dir, ["--save", save] + (resume ? ["--resume", save] : []), epochs: 2, launcher: limited)
            #expect(stderr.contains("error: \(save): cannot write the checkpoint: the file would be larger than this process may write"), "\(stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: save)) == before, "the existing checkpoint changed")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }
}

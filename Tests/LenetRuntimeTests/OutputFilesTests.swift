import Foundation
import Testing
@testable import LenetRuntime
#if canImport(Glibc)
import Glibc
#endif

/// The files a run writes are tried before training (issue 12, item 6): probes that prove a folder is
/// there, writable and roomy without touching what is in it, and errors that say what to do.
@Suite struct OutputFilesTests {
    let checkpoint = Checkpoint.file("/x/ck.safetensors")

    @Test func aProbeLeavesAnExistingFileAndNoTemporaryBehind() throws {
        let dir = TempDir()
        let path = dir.write("ck.safetensors", [1, 2, 3])
        try Checkpoint.file(path).probe([UInt8](repeating: 7, count: 100_000))
        #expect(try AtomicFile.read(path) == [1, 2, 3])
        #expect(dir.listing() == ["ck.safetensors"])
        // A probe of a file that does not exist yet creates nothing either.
        try Checkpoint.file(dir.file("new.safetensors")).probe([1])
        #expect(dir.listing() == ["ck.safetensors"])
    }

    @Test func missingFoldersAndFilesInThePathAreExplained() throws {
        let dir = TempDir()
        let missing = dir.file("nope/ck.safetensors")
        let error = #expect(throws: RuntimeFileError.self) { try Checkpoint.file(missing).probe([1]) }
        #expect(error?.description == "\(missing): cannot write the checkpoint: the folder \(dir.file("nope")) does not exist\n"
                + "hint: create it first (mkdir -p \(dir.file("nope"))), or give --save a path in another folder")
        let file = dir.write("notes.txt", [65])
        let under = #expect(throws: RuntimeFileError.self) { try TrainingPlot.file(file + "/p.svg").probe([1]) }
        #expect(under?.problem == "cannot write the plot: \(file) is not a folder (part of that path is a file)")
        #expect(under?.hint == "give --plot a path in another folder")
    }

    @Test func aDeviceOrFolderIsNeverReplaced() throws {
        // As root, the temporary file in /dev could be created and renamed over /dev/full.
        let error = #expect(throws: RuntimeFileError.self) { try Checkpoint.file("/dev/full").replace(with: [1]) }
        #expect(error?.problem.contains("not a regular file") == true)
        var st = stat()
        #expect(stat("/dev/full", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR, "/dev/full must still be the device")
        let dir = TempDir()
        let folder = #expect(throws: RuntimeFileError.self) { try Checkpoint.file(dir.path).probe([1]) }
        #expect(folder?.problem == "cannot write the checkpoint: it is a folder, not a file")
    }

    /// Root writes into chmod-ed folders, so these causes are pinned through their `errno`.
    @Test func permissionsReadOnlyAndFullDisksAreExplained() {
        #expect(checkpoint.explain(code: EACCES, reason: "Permission denied").problem
                == "cannot write the checkpoint: the folder /x is not writable (Permission denied)")
        #expect(checkpoint.explain(code: EROFS, reason: "Read-only file system").problem
                == "cannot write the checkpoint: the folder /x is on a read-only file system")
        let full = checkpoint.explain(code: ENOSPC, reason: "No space left on device")
        #expect(full.problem == "cannot write the checkpoint: no space left on the device (No space left on device)")
        #expect(full.hint == "free some space, or give --save a path on another disk")
        #expect(Checkpoint.file("ck.safetensors").explain(code: ENOENT, reason: "").problem
                == "cannot write the checkpoint: the folder . does not exist")
    }

    @Test func metricsOnAFullDeviceFailWhenOpened() throws {
        let error = #expect(throws: RuntimeFileError.self) { try MetricsWriter(path: "/dev/full") }
        #expect(error?.problem == "cannot write the metrics file: no space left on the device (No space left on device)")
    }

    @Test func theMetricsProbeTakesItsBytesBack() throws {
        let dir = TempDir()
        let path = dir.write("m.jsonl", Array("{\"epoch\": 1}\n".utf8))
        _ = try MetricsWriter(path: path, append: true)
        #expect(try AtomicFile.read(path) == Array("{\"epoch\": 1}\n".utf8))
        _ = try MetricsWriter(path: path)
        #expect(try AtomicFile.read(path).isEmpty, "a fresh run starts the file afresh")
    }
}

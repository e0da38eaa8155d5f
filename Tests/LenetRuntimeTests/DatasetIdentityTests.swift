import Foundation
import Testing
@testable import LenetRuntime

/// Four small IDX files (raw content): `n` training and 2 test images whose pixels depend on `salt`,
/// so two salts make two different "data sets".
private func contents(salt: UInt8, n: Int = 4) throws -> [[UInt8]] {
    [
        IDX.encode(try IDXArray(dimensions: [n, 28, 28], data: (0..<(n * 784)).map { UInt8(truncatingIfNeeded: $0 &* 3) &+ salt })),
        IDX.encode(try IDXArray(dimensions: [n], data: (0..<n).map { UInt8((Int(salt) + $0) % 10) })),
        IDX.encode(try IDXArray(dimensions: [2, 28, 28], data: (0..<(2 * 784)).map { UInt8(truncatingIfNeeded: $0 &* 5) &+ salt })),
        IDX.encode(try IDXArray(dimensions: [2], data: [salt % 10, 7])),
    ]
}

/// A source whose canonical files are `files`: .gz checksums of `gzip -n`, content checksums of the IDX bytes.
private func source(_ name: String, _ files: [[UInt8]]) -> DatasetSource {
    DatasetSource(dataset: name, mirrors: [], files: zip(DatasetFiles.baseNames, files).map { base, bytes in
        DownloadFile(name: base + ".gz", md5: MD5.hex(of: gzipWithSystemTool(bytes)), contentMD5: MD5.hex(of: bytes))
    })
}

/// Writes `files` into `dir/sub`, each raw or gzip-compressed (optionally with a rewritten header).
private enum Packing { case raw, gz, debianGz }
private func write(_ files: [[UInt8]], _ packing: [Packing], in dir: TempDir, _ sub: String) -> String {
    for (i, name) in DatasetFiles.baseNames.enumerated() {
        switch packing[i] {
        case .raw: dir.write("\(sub)/\(name)", files[i])
        case .gz: dir.write("\(sub)/\(name).gz", gzipWithSystemTool(files[i]))
        case .debianGz: dir.write("\(sub)/\(name).gz", rewritingGzipHeader(gzipWithSystemTool(files[i])))
        }
    }
    return dir.file(sub)
}

@Suite struct DatasetIdentityTests {
    let digits: [[UInt8]], clothes: [[UInt8]], known: [DatasetSource]

    init() throws {
        digits = try contents(salt: 1)
        clothes = try contents(salt: 2)
        known = [source("mnist", digits), source("fashion-mnist", clothes)]
    }

    private func load(_ dir: String, _ info: DatasetInfo) throws(DatasetError) -> (dataset: Dataset, notes: [String]) {
        try DatasetFiles.loadChecked(directory: dir, info: info, known: known)
    }

    @Test func canonicalContentIsAcceptedHoweverItIsPacked() throws {
        let dir = TempDir()
        for (sub, packing) in [("gz", [Packing.gz, .gz, .gz, .gz]), ("raw", [.raw, .raw, .raw, .raw]),
                               ("debian", [.debianGz, .debianGz, .debianGz, .debianGz]), ("mixed", [.debianGz, .raw, .gz, .raw])] {
            let found = try load(write(digits, packing, in: dir, sub), .mnist)
            #expect(found.notes.isEmpty, "\(sub): \(found.notes)")
            #expect(found.dataset.info == .mnist && found.dataset.train.count == 4)
        }
        // The rewritten header really changes the .gz file's MD5 (only the content's still matches).
        let debian = readBytes(dir.file("debian/train-images-idx3-ubyte.gz"))!
        #expect(MD5.hex(of: debian) != known[0].files[0].md5)
        #expect(MD5.hex(of: try Gzip.decompress(debian, source: "debian")) == known[0].files[0].contentMD5)
    }

    @Test func unknownContentIsUsedWithOneNoteNamingTheFiles() throws {
        let dir = TempDir()
        var edited = digits
        edited[0][100] ^= 0xFF  // one pixel of the training images
        let one = try load(write(edited, [.gz, .gz, .gz, .gz], in: dir, "one"), .mnist)
        #expect(one.dataset.info == .mnist && one.dataset.train.pixels[100 - 16] == digits[0][100] ^ 0xFF)
        #expect(one.notes == ["train-images-idx3-ubyte.gz in \(dir.file("one")) matches no published checksum of MNIST or Fashion-MNIST; using it as it is"])
        let all = try load(write(try contents(salt: 9), [.raw, .raw, .raw, .raw], in: dir, "all"), .fashionMNIST)
        #expect(all.notes == ["the files in \(dir.file("all")) match no published checksum of MNIST or Fashion-MNIST; using them as they are"])
        #expect(all.dataset.info == .fashionMNIST)
    }

    @Test func anotherKnownDataSetIsNamedForWhatItIs() throws {
        let dir = TempDir()
        let found = try load(write(clothes, [.debianGz, .gz, .raw, .gz], in: dir, "clothes"), .mnist)
        #expect(found.dataset.info == .fashionMNIST)
        #expect(found.dataset.train.classNames[9] == "Ankle boot" && found.dataset.test.classNames[0] == "T-shirt/top")
        #expect(found.notes == ["the files in \(dir.file("clothes")) are Fashion-MNIST, not MNIST; the run is labelled fashion-mnist (--dataset fashion-mnist asks for it)"])
        // And the other way round.
        let digitsFound = try load(write(digits, [.gz, .gz, .gz, .gz], in: dir, "digits"), .fashionMNIST)
        #expect(digitsFound.dataset.info == .mnist && digitsFound.notes.count == 1)
        #expect(digitsFound.notes[0].contains("are MNIST, not Fashion-MNIST"))
        // Some files unknown, the rest another data set: both said.
        var edited = clothes
        edited[2][20] ^= 1
        let partly = try load(write(edited, [.gz, .gz, .gz, .gz], in: dir, "partly"), .mnist)
        #expect(partly.dataset.info == .fashionMNIST && partly.notes.count == 2)
        #expect(partly.notes[0].hasPrefix("t10k-images-idx3-ubyte.gz in "))
    }

    @Test func mixedOrSwappedFilesAreErrors() throws {
        let dir = TempDir()
        let mixed = [digits[0], digits[1], clothes[2], clothes[3]]
        #expect(throws: DatasetError("the files in \(dir.file("mixed")) come from different data sets (train-images-idx3-ubyte is MNIST, train-labels-idx1-ubyte is MNIST, t10k-images-idx3-ubyte is Fashion-MNIST, t10k-labels-idx1-ubyte is Fashion-MNIST); put the four files of one data set in a folder")) {
            try load(write(mixed, [.gz, .gz, .gz, .gz], in: dir, "mixed"), .mnist)
        }
        // Test images where the training images belong (and the reverse): counts alone would not say.
        let swapped = [digits[2], digits[1], digits[0], digits[3]]
        do {
            _ = try load(write(swapped, [.raw, .raw, .raw, .raw], in: dir, "swapped"), .mnist)
            Issue.record("swapped files were accepted")
        } catch {
            #expect(error.message.contains("holds MNIST's t10k-images-idx3-ubyte, not its train-images-idx3-ubyte"), "\(error)")
        }
    }

    @Test func damagedFilesStayClearErrors() throws {
        let dir = TempDir()
        let path = write(digits, [.gz, .gz, .gz, .gz], in: dir, "cut")
        let gz = readBytes(path + "/train-images-idx3-ubyte.gz")!
        dir.write("cut/train-images-idx3-ubyte.gz", Array(gz.prefix(gz.count / 2)))
        do {
            _ = try load(path, .mnist)
            Issue.record("a truncated file was accepted")
        } catch {
            #expect(error.message.contains("train-images-idx3-ubyte.gz") && error.message.contains("truncated"), "\(error)")
        }
    }

    @Test func everyKnownFileHasBothChecksums() {
        for source in DatasetSource.known {
            #expect(source.files.map { String($0.name.dropLast(3)) } == DatasetFiles.baseNames)
            for file in source.files {
                #expect(file.md5.count == 32 && file.contentMD5?.count == 32, "\(source.dataset) \(file.name)")
            }
        }
        #expect(Set(DatasetSource.known.flatMap { $0.files.compactMap(\.contentMD5) }).count == 8)
    }

    /// The shared MNIST's training images are recompressed (their .gz MD5 is not the canonical one);
    /// their content is, so they load with no note.
    @Test(.enabled(if: sharedMNISTPresent, "needs real MNIST in /work/shared/datasets/mnist"))
    func realMNISTIsAcceptedByContent() throws {
        let found = try DatasetFiles.loadChecked(directory: sharedMNISTDir, info: .mnist)
        #expect(found.notes.isEmpty, "\(found.notes)")
        #expect(try MD5.hex(ofFile: sharedMNISTDir + "/train-images-idx3-ubyte.gz") != DatasetSource.mnist.files[0].md5)
    }

    /// Real Fashion-MNIST three ways: Zalando's .gz files as they are; the same with Debian-style headers
    /// and a raw file; and handed to an MNIST run, named Fashion-MNIST.
    @Test(.enabled(if: sharedFashionPresent, "needs real Fashion-MNIST in /work/shared/datasets/fashion-mnist"))
    func realFashionMNISTByContent() throws {
        let canonical = try DatasetFiles.loadChecked(directory: sharedFashionDir, info: .fashionMNIST)
        #expect(canonical.notes.isEmpty, "\(canonical.notes)")
        #expect(canonical.dataset.train.labelHistogram == [Int](repeating: 6000, count: 10))
        #expect(canonical.dataset.test.labelHistogram == [Int](repeating: 1000, count: 10))

        let dir = TempDir()
        let repacked = dir.file("repacked")
        try FileManager.default.createDirectory(atPath: repacked, withIntermediateDirectories: true)
        // The training files stay the canonical ones (linked, not copied); the test files are repacked.
        for base in DatasetFiles.baseNames.prefix(2) {
            try FileManager.default.createSymbolicLink(atPath: "\(repacked)/\(base).gz", withDestinationPath: "\(sharedFashionDir)/\(base).gz")
        }
        let testImages = readBytes(sharedFashionDir + "/t10k-images-idx3-ubyte.gz")!
        dir.write("repacked/t10k-images-idx3-ubyte.gz", rewritingGzipHeader(testImages))
        dir.write("repacked/t10k-labels-idx1-ubyte", try Gzip.decompress(readBytes(sharedFashionDir + "/t10k-labels-idx1-ubyte.gz")!, source: "labels"))
        #expect(MD5.hex(of: readBytes(dir.file("repacked/t10k-images-idx3-ubyte.gz"))!) != DatasetSource.fashionMNIST.files[2].md5)
        let debian = try DatasetFiles.loadChecked(directory: repacked, info: .fashionMNIST)
        #expect(debian.notes.isEmpty, "\(debian.notes)")
        #expect(debian.dataset.test.pixels == canonical.dataset.test.pixels)

        let asMNIST = try DatasetFiles.loadChecked(directory: repacked, info: .mnist)
        #expect(asMNIST.dataset.info == .fashionMNIST && asMNIST.notes.count == 1)
        #expect(asMNIST.notes[0].contains("are Fashion-MNIST, not MNIST"))
    }

    /// Debian's own package, when installed: its rewritten .gz files load as Fashion-MNIST with no note.
    @Test(.enabled(if: DatasetFiles.isComplete("/usr/share/datasets/fashion-mnist"), "needs the package dataset-fashion-mnist (bash .ci/deps installs it)"))
    func debianPackageIsAccepted() throws {
        let found = try DatasetFiles.loadChecked(directory: "/usr/share/datasets/fashion-mnist", info: .fashionMNIST)
        #expect(found.notes.isEmpty, "\(found.notes)")
        #expect(try MD5.hex(ofFile: "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz") != DatasetSource.fashionMNIST.files[1].md5)
    }
}

import Foundation
import Testing
@testable import LenetRuntime

/// Writes a small MNIST-style directory: `train` and `test` images of `h`x`w` whose pixel
/// values encode (image index, pixel index), with the given labels. `gz` picks which of the
/// four files are gzip-compressed.
@discardableResult
private func makeDataset(
    in dir: TempDir, sub: String = "d", trainLabels: [UInt8] = [0, 1, 2, 3, 9], testLabels: [UInt8] = [5, 6, 7],
    h: Int = 28, w: Int = 28, gz: [Bool] = [true, false, true, false], imageCountOverride: [Int?] = [nil, nil]
) throws -> String {
    func images(_ n: Int, salt: Int) throws -> IDXArray {
        try IDXArray(dimensions: [n, h, w], data: (0..<(n * h * w)).map { UInt8(truncatingIfNeeded: $0 * 7 + salt) })
    }
    let arrays = [
        try images(imageCountOverride[0] ?? trainLabels.count, salt: 0),
        try IDXArray(dimensions: [trainLabels.count], data: trainLabels),
        try images(imageCountOverride[1] ?? testLabels.count, salt: 3),
        try IDXArray(dimensions: [testLabels.count], data: testLabels),
    ]
    for (i, name) in DatasetFiles.baseNames.enumerated() {
        let bytes = IDX.encode(arrays[i])
        if gz[i] { dir.write("\(sub)/\(name).gz", gzipWithSystemTool(bytes)) } else { dir.write("\(sub)/\(name)", bytes) }
    }
    return dir.file(sub)
}

private func expectLoadError(_ directory: String, _ info: DatasetInfo = .mnist, _ phrases: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try DatasetFiles.load(directory: directory, info: info)
        Issue.record("expected an error containing \(phrases)", sourceLocation: sourceLocation)
    } catch {
        for p in phrases { #expect(error.description.contains(p), "\(error)", sourceLocation: sourceLocation) }
    }
}

@Suite struct DatasetFilesTests {
    @Test func loadsMixedRawAndGzipDirectory() throws {
        let dir = TempDir()
        let path = try makeDataset(in: dir)
        let d = try DatasetFiles.load(directory: path, info: .mnist)
        #expect(d.origin == path)
        #expect(d.train.count == 5 && d.test.count == 3)
        #expect(d.train.height == 28 && d.train.width == 28)
        #expect(d.train.labels == [0, 1, 2, 3, 9] && d.test.labels == [5, 6, 7])
        let train = d.train.floatImages, test = d.test.floatImages
        #expect(d.train.pixels.count == 5 * 784 && train.count == 5 * 784)
        for i in [0, 1, 100, 3000, 5 * 784 - 1] {
            #expect(d.train.pixels[i] == UInt8(truncatingIfNeeded: i * 7))
            #expect(train[i] == Float(UInt8(truncatingIfNeeded: i * 7)) / 255)
        }
        #expect(test[10] == Float(UInt8(truncatingIfNeeded: 73)) / 255)
        #expect(train.allSatisfy { $0 >= 0 && $0 <= 1 } && train.contains(1) && train.contains(0))
        #expect(d.train.image(1) == Array(train[784..<1568]))
        var copied = [Float](repeating: -1, count: 2 * 784 + 1)
        copied.withUnsafeMutableBufferPointer { d.train.copyImages(3..<5, to: $0.baseAddress!) }
        #expect(Array(copied[0..<(2 * 784)]) == Array(train[(3 * 784)..<(5 * 784)]) && copied.last == -1)
        #expect(d.train.labelHistogram == [1, 1, 1, 1, 0, 0, 0, 0, 0, 1])
        let firstTwo = d.train.prefix(2)
        #expect(firstTwo.count == 2 && firstTwo.labels == [0, 1] && firstTwo.pixels == Array(d.train.pixels[0..<1568]))
        #expect(d.train.prefix(99) == d.train && d.train.prefix(-1).count == 0)
        #expect(d.train.classNames == (0..<10).map(String.init))
    }

    @Test func prefersRawFileOverGzip() throws {
        let dir = TempDir()
        let path = try makeDataset(in: dir, gz: [false, false, false, false])
        // A .gz next to the raw labels with different content must be ignored.
        dir.write("d/train-labels-idx1-ubyte.gz", gzipWithSystemTool(IDX.encode(try IDXArray(dimensions: [5], data: [8, 8, 8, 8, 8]))))
        #expect(DatasetFiles.path(of: "train-labels-idx1-ubyte", in: path) == path + "/train-labels-idx1-ubyte")
        #expect(try DatasetFiles.load(directory: path, info: .mnist).train.labels == [0, 1, 2, 3, 9])
    }

    @Test func fashionClassNames() throws {
        let dir = TempDir()
        let d = try DatasetFiles.load(directory: try makeDataset(in: dir), info: .fashionMNIST)
        #expect(d.train.classNames[9] == "Ankle boot" && d.train.classNames[0] == "T-shirt/top")
        #expect(d.train.classNames.count == 10)
        #expect(DatasetInfo.named("Fashion-MNIST") == .fashionMNIST)
        #expect(DatasetInfo.named("fashion_mnist") == .fashionMNIST)
        #expect(DatasetInfo.named("fashionmnist") == .fashionMNIST)
        #expect(DatasetInfo.named("MNIST") == .mnist)
        #expect(DatasetInfo.named("cifar10") == nil)
    }

    @Test func missingFilesAreListed() throws {
        let dir = TempDir()
        let path = try makeDataset(in: dir)
        try FileManager.default.removeItem(atPath: path + "/t10k-images-idx3-ubyte.gz")
        try FileManager.default.removeItem(atPath: path + "/train-labels-idx1-ubyte")
        #expect(DatasetFiles.missingFiles(in: path) == ["train-labels-idx1-ubyte", "t10k-images-idx3-ubyte"])
        #expect(!DatasetFiles.isComplete(path))
        expectLoadError(path, .mnist, [path, "lacks train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz]"])
        expectLoadError(dir.file("nope"), .mnist, ["lacks train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz]"])
    }

    @Test func crossChecksFilesAgainstEachOther() throws {
        let dir = TempDir()
        expectLoadError(try makeDataset(in: dir, sub: "count", imageCountOverride: [6, nil]),
                        .mnist, ["has 5 labels but", "has 6 images", "different data sets"])
        expectLoadError(try makeDataset(in: dir, sub: "size", h: 27),
                        .mnist, ["images are 27x28 but mnist images are 28x28"])
        expectLoadError(try makeDataset(in: dir, sub: "label", testLabels: [1, 10, 2]),
                        .mnist, ["t10k-labels-idx1-ubyte", "label 10 at index 1 is not a valid mnist class"])
        // Labels and images swapped.
        let swapped = try makeDataset(in: dir, sub: "swap", gz: [false, false, false, false])
        try FileManager.default.moveItem(atPath: swapped + "/t10k-images-idx3-ubyte", toPath: swapped + "/tmp")
        try FileManager.default.moveItem(atPath: swapped + "/t10k-labels-idx1-ubyte", toPath: swapped + "/t10k-images-idx3-ubyte")
        try FileManager.default.moveItem(atPath: swapped + "/tmp", toPath: swapped + "/t10k-labels-idx1-ubyte")
        expectLoadError(swapped, .mnist, ["expected 3 dimensions", "is this a labels file?"])
        // A damaged file surfaces the IDX error with its path.
        let damaged = try makeDataset(in: dir, sub: "dmg", gz: [false, false, false, false])
        let p = damaged + "/train-images-idx3-ubyte"
        dir.write("dmg/train-images-idx3-ubyte", Array(readBytes(p)!.dropLast(100)))
        expectLoadError(damaged, .mnist, [p, "truncated"])
    }

    @Test func labeledImagesValidates() {
        #expect(throws: DatasetError.self) { try LabeledImages(pixels: [0, 0, 0], labels: [0], height: 2, width: 2, classNames: ["a"]) }
        #expect(throws: DatasetError.self) { try LabeledImages(pixels: [0, 0, 0, 0], labels: [1], height: 2, width: 2, classNames: ["a"]) }
        #expect(throws: DatasetError.self) { try LabeledImages(pixels: [0, 0, 0, 0], labels: [-1], height: 2, width: 2, classNames: ["a"]) }
        #expect(throws: DatasetError.self) { try LabeledImages(pixels: [], labels: [], height: 0, width: 2, classNames: ["a"]) }
        #expect(throws: DatasetError.self) { try LabeledImages(pixels: [], labels: [], height: 2, width: 2, classNames: []) }
        #expect(throws: Never.self) { try LabeledImages(pixels: [0, 0, 0, 0], labels: [0], height: 2, width: 2, classNames: ["a"]) }
    }

    @Test(.enabled(if: sharedMNISTPresent, "needs real MNIST in /work/shared/datasets/mnist"))
    func loadsRealMNIST() throws {
        let start = Date()
        let d = try DatasetFiles.load(directory: sharedMNISTDir, info: .mnist)
        let seconds = Date().timeIntervalSince(start)
        print("loaded real MNIST (60k + 10k, gzip) in \(String(format: "%.2f", seconds)) s (debug build)")
        #expect(d.train.count == 60000 && d.test.count == 10000)
        #expect(d.train.pixels.count == 60000 * 784)
        // Published per-class counts of MNIST.
        #expect(d.train.labelHistogram == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        #expect(d.test.labelHistogram == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        // Pixel values checked against numpy reading the same files: a row of the first
        // training image (a 5), a row of the last, and a sparse checksum over all images.
        let row = Array(d.train.image(0)[(14 * 28 + 10)..<(14 * 28 + 20)])
        #expect(row == ([0, 0, 0, 81, 240, 253, 253, 119, 25, 0] as [Float]).map { $0 / 255 })
        let lastRow = Array(d.train.image(59999)[300..<310])
        #expect(lastRow == ([147, 253, 240, 232, 92, 0, 0, 0, 0, 0] as [Float]).map { $0 / 255 })
        var sparse = 0
        for i in stride(from: 0, to: d.train.pixels.count, by: 997) { sparse += Int(d.train.pixels[i]) }
        #expect(sparse == 1_570_961)
        // Most of a debug build's time is the MD5 of the 55 MB of content every load now checks (a release
        // build loads and hashes all of it in about half a second).
        #expect(seconds < 20)
    }
}

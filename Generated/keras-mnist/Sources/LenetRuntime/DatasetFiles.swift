// Loading an MNIST-style data set directory: four IDX files, raw or gzip-compressed.
//
// The loader cross-checks the files against each other (image and label counts, image
// size, label range) and identifies them by content checksum (DatasetIdentity), because the most common real-world mistakes are mixing files of two
// data sets or a half-finished download, and both must be reported before training starts.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A problem with a data set as a whole (missing or mismatched files), naming the files.
public struct DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The full message: what is wrong and what to do.
    public let message: String

    /// Creates an error with `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// What lenetc knows about a named data set: its class names and image size.
public struct DatasetInfo: Sendable, Equatable {
    /// The name used in specs and on the command line, e.g. "mnist".
    public let name: String
    /// The name for messages, e.g. "MNIST".
    public let displayName: String
    /// One human-readable name per class, indexed by label.
    public let classNames: [String]
    /// Image height in pixels.
    public let height: Int
    /// Image width in pixels.
    public let width: Int

    /// Creates a description of a data set.
    public init(name: String, displayName: String? = nil, classNames: [String], height: Int, width: Int) {
        self.name = name
        self.displayName = displayName ?? name
        self.classNames = classNames
        self.height = height
        self.width = width
    }

    /// Number of classes.
    public var classCount: Int { classNames.count }

    /// "28×28 images, 10 classes": what a network must take and give to train on this data set.
    public var form: String { "\(height)×\(width) images, \(classCount) classes" }

    /// Whether a network built for `other` can train on this data set (same image size and classes).
    public func fits(_ other: DatasetInfo) -> Bool { form == other.form }

    /// Handwritten digits 0-9 (LeCun et al.).
    public static let mnist = DatasetInfo(
        name: "mnist", displayName: "MNIST", classNames: (0..<10).map(String.init), height: 28, width: 28)

    /// Zalando's clothing images, a drop-in replacement for MNIST.
    public static let fashionMNIST = DatasetInfo(
        name: "fashion-mnist", displayName: "Fashion-MNIST",
        classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                     "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        height: 28, width: 28)

    /// The built-in synthetic digits (same classes and size as MNIST).
    public static let synthetic = DatasetInfo(
        name: "synthetic", displayName: "synthetic digits", classNames: (0..<10).map(String.init), height: 28, width: 28)

    /// Every data set lenetc knows by name.
    public static let all: [DatasetInfo] = [.mnist, .fashionMNIST, .synthetic]

    /// The data set called `name` (case-insensitive; "fashion_mnist" and "fashionmnist"
    /// are accepted too), or nil.
    public static func named(_ name: String) -> DatasetInfo? {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if key == "fashionmnist" { return .fashionMNIST }
        return all.first { $0.name == key }
    }

    /// The data sets `--dataset` may name: those a spec may name (the synthetic digits are `--data
    /// synthetic`, a source of images rather than a data set of its own).
    public static let selectable: [DatasetInfo] = [.mnist, .fashionMNIST]

    /// The data set the value of `--dataset` names; the error is the usage message, with a suggestion
    /// for a misspelling. `lenetc` and the emitted trainers both parse the flag here.
    public static func fromFlag(_ value: String) throws(DatasetError) -> DatasetInfo {
        if let info = named(value), selectable.contains(info) { return info }
        let names = selectable.map(\.name)
        let guess = DidYouMean.suggest(value, from: names).map { " (did you mean '\($0)'?)" } ?? ""
        throw DatasetError("--dataset must be \(names.joined(separator: " or ")), not '\(value)'\(guess)")
    }
}

/// torchvision's `Normalize(mean, std)` on images in [0, 1] (after `ToTensor`), one mean and one
/// standard deviation for every channel: x ↦ (x − mean) / std in float32, as `tensor.sub_(mean).div_(std)`
/// computes it. The engine, emitted trainers and `lenetc eval` all normalise through `apply`, when
/// a batch is copied out of the bytes.
public struct InputNormalization: Sendable, Equatable {
    public var mean: Double
    /// Greater than 0 (the spec checker sees to it).
    public var std: Double

    public init(mean: Double, std: Double) {
        self.mean = mean
        self.std = std
    }

    /// Normalises `count` floats in place.
    public func apply(to values: UnsafeMutablePointer<Float>, count: Int) {
        let m = Float(mean), s = Float(std)
        for i in 0..<count { values[i] = (values[i] - m) / s }
    }

    /// `normalize mean 0.1307 std 0.3081`, as the model's description records it.
    public var description: String { "normalize mean \(mean) std \(std)" }
}

/// Images with one integer label each, ready for training.
///
/// Pixels are kept as bytes, as IDX files store them (a quarter of the memory of floats: 47 MB
/// rather than 188 MB for MNIST's training set), and become floats in [0, 1], byte / 255 as
/// PyTorch's `ToTensor` computes it, when a batch is copied out.
public struct LabeledImages: Sendable, Equatable {
    /// `count * height * width` pixels, row-major per image; a pixel's value is byte / 255.
    public let pixels: [UInt8]
    /// One label per image, each in `0..<classNames.count`.
    public let labels: [Int32]
    /// Number of images.
    public let count: Int
    /// Image height in pixels.
    public let height: Int
    /// Image width in pixels.
    public let width: Int
    /// Class names, indexed by label.
    public let classNames: [String]

    /// Checks that sizes and labels agree, so every consumer can index without checks.
    public init(pixels: [UInt8], labels: [Int32], height: Int, width: Int, classNames: [String]) throws(DatasetError) {
        guard height > 0, width > 0 else {
            throw DatasetError("image size \(height)x\(width) is invalid")
        }
        guard pixels.count == labels.count * height * width else {
            throw DatasetError("\(pixels.count) pixels do not make \(labels.count) images of \(height)x\(width)")
        }
        guard !classNames.isEmpty else { throw DatasetError("a data set needs at least one class") }
        if let bad = labels.first(where: { $0 < 0 || Int($0) >= classNames.count }) {
            throw DatasetError("label \(bad) is outside 0..<\(classNames.count)")
        }
        self.init(validated: pixels, labels: labels, height: height, width: width, classNames: classNames)
    }

    /// For producers that guarantee consistency themselves (no second pass over labels).
    init(validated pixels: [UInt8], labels: [Int32], height: Int, width: Int, classNames: [String]) {
        self.pixels = pixels
        self.labels = labels
        self.count = labels.count
        self.height = height
        self.width = width
        self.classNames = classNames
    }

    /// Number of classes.
    public var classCount: Int { classNames.count }

    /// Pixels per image.
    public var pixelsPerImage: Int { height * width }

    /// The byte nearest to `value` · 255, for producers of float images in [0, 1] (clamped).
    public static func byte(_ value: Float) -> UInt8 {
        UInt8(max(0, min(255, (value * 255).rounded())))
    }

    /// Writes image `i` (0 <= i < count) as `pixelsPerImage` floats in [0, 1] to `target`, then
    /// normalised when `normalization` is given.
    public func copyImage(_ i: Int, to target: UnsafeMutablePointer<Float>, normalization: InputNormalization? = nil) {
        copyImages(i..<(i + 1), to: target, normalization: normalization)
    }

    /// Writes the images in `range` (within 0..<count), one after another, as floats to `target`,
    /// then normalised when `normalization` is given.
    public func copyImages(_ range: Range<Int>, to target: UnsafeMutablePointer<Float>, normalization: InputNormalization? = nil) {
        guard !range.isEmpty else { return }
        let total = range.count * pixelsPerImage
        pixels.withUnsafeBufferPointer { source in
            let from = source.baseAddress! + range.lowerBound * pixelsPerImage
            // 8 at a time; IEEE division rounds exactly, so each lane equals the scalar byte / 255.
            var k = 0
            while k + 8 <= total {
                let bytes = UnsafeRawPointer(from + k).loadUnaligned(as: SIMD8<UInt8>.self)
                let values = SIMD8<Float>(bytes) / 255
                UnsafeMutableRawPointer(target + k).storeBytes(of: values, as: SIMD8<Float>.self)
                k += 8
            }
            while k < total { target[k] = Float(from[k]) / 255; k += 1 }
        }
        normalization?.apply(to: target, count: total)
    }

    /// The pixels of image `i` (0 <= i < count) as floats.
    public func image(_ i: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: pixelsPerImage) { out, initialized in
            copyImage(i, to: out.baseAddress!)
            initialized = pixelsPerImage
        }
    }

    /// Every image as floats, one after another: a copy four times the size of `pixels`, for small
    /// sets and tests.
    public var floatImages: [Float] {
        [Float](unsafeUninitializedCapacity: count * pixelsPerImage) { out, initialized in
            if count > 0 { copyImages(0..<count, to: out.baseAddress!) }
            initialized = count * pixelsPerImage
        }
    }

    /// The first `n` images (all of them if `n >= count`), e.g. for quick runs.
    public func prefix(_ n: Int) -> LabeledImages {
        let k = max(0, min(n, count))
        return LabeledImages(
            validated: Array(pixels[0..<(k * pixelsPerImage)]), labels: Array(labels[0..<k]),
            height: height, width: width, classNames: classNames)
    }

    /// How many images carry each label.
    public var labelHistogram: [Int] {
        var h = [Int](repeating: 0, count: classCount)
        for l in labels { h[Int(l)] += 1 }
        return h
    }
}

/// A training split and a test split of one data set.
public struct Dataset: Sendable, Equatable {
    /// Which data set this is.
    public let info: DatasetInfo
    /// Training images.
    public let train: LabeledImages
    /// Test images.
    public let test: LabeledImages
    /// Where the data came from, for logs (a directory, or "built-in synthetic digits").
    public let origin: String

    /// Bundles two splits.
    public init(info: DatasetInfo, train: LabeledImages, test: LabeledImages, origin: String) {
        self.info = info
        self.train = train
        self.test = test
        self.origin = origin
    }
}

/// The four-file layout of MNIST-style data set directories.
public enum DatasetFiles {
    /// The canonical base names, in the order train images, train labels, test images,
    /// test labels. Each may exist raw or with a `.gz` suffix.
    public static let baseNames = [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ]

    /// The path to use for `baseName` in `directory`: the raw file if present (no
    /// decompression needed), else the `.gz` one, else nil.
    public static func path(of baseName: String, in directory: String) -> String? {
        let raw = directory + "/" + baseName
        if isRegularFile(raw) { return raw }
        if isRegularFile(raw + ".gz") { return raw + ".gz" }
        return nil
    }

    /// Base names from `baseNames` that are missing (neither raw nor `.gz`) in `directory`.
    public static func missingFiles(in directory: String) -> [String] {
        baseNames.filter { path(of: $0, in: directory) == nil }
    }

    /// Whether `directory` holds all four files.
    public static func isComplete(_ directory: String) -> Bool {
        missingFiles(in: directory).isEmpty
    }

    /// Loads and cross-checks the four files in `directory` as data set `info` (relabelled when their
    /// content is another known data set; see `loadChecked`).
    public static func load(directory: String, info: DatasetInfo) throws(DatasetError) -> Dataset {
        try loadChecked(directory: directory, info: info).dataset
    }

    /// Loads and cross-checks the four files in `directory` for a run that asked for `info`, and
    /// identifies them by the MD5 of their content (`DatasetIdentity`): the data set comes back labelled
    /// as what the files are, with the notes to show the user (unknown files, another data set). `known`
    /// holds the checksums to identify them by.
    public static func loadChecked(directory: String, info: DatasetInfo,
                                   known: [DatasetSource] = DatasetSource.known) throws(DatasetError) -> (dataset: Dataset, notes: [String]) {
        let missing = missingFiles(in: directory)
        guard missing.isEmpty else {
            let which = missing.map { $0 + "[.gz]" }.joined(separator: ", ")
            throw DatasetError("data directory \(directory) lacks \(which); it must hold the four files \(baseNames.joined(separator: ", ")) (raw or .gz)")
        }
        let paths = baseNames.compactMap { path(of: $0, in: directory) }
        guard paths.count == 4 else {
            throw DatasetError("files in data directory \(directory) disappeared while loading; try again")
        }
        var arrays: [IDXArray] = [], digests: [String] = []
        for path in paths {
            do {
                let (array, digest) = try IDX.readWithContentMD5(path)
                arrays.append(array)
                digests.append(digest)
            } catch {
                throw DatasetError(error.description)
            }
        }
        let identity = try DatasetIdentity.identify(paths: paths, contentMD5s: digests, requested: info, directory: directory, known: known)
        let train = try split(images: arrays[0], imagesPath: paths[0], labels: arrays[1], labelsPath: paths[1], info: identity.info)
        let test = try split(images: arrays[2], imagesPath: paths[2], labels: arrays[3], labelsPath: paths[3], info: identity.info)
        return (Dataset(info: identity.info, train: train, test: test, origin: directory), identity.notes)
    }

    /// One images file and its labels file, checked to belong together and to data set `info`.
    static func split(images: IDXArray, imagesPath: String, labels: IDXArray, labelsPath: String,
                      info: DatasetInfo) throws(DatasetError) -> LabeledImages {
        guard images.dimensions.count == 3 else {
            throw DatasetError("\(imagesPath): expected 3 dimensions (count, height, width) for images, found \(images.dimensions); is this a labels file?")
        }
        guard labels.dimensions.count == 1 else {
            throw DatasetError("\(labelsPath): expected 1 dimension for labels, found \(labels.dimensions); is this an images file?")
        }
        let (n, h, w) = (images.dimensions[0], images.dimensions[1], images.dimensions[2])
        guard labels.dimensions[0] == n else {
            throw DatasetError("\(labelsPath) has \(labels.dimensions[0]) labels but \(imagesPath) has \(n) images; the files come from different data sets or a download is incomplete — delete them and download again")
        }
        guard h == info.height, w == info.width else {
            throw DatasetError("\(imagesPath): images are \(h)x\(w) but \(info.name) images are \(info.height)x\(info.width); wrong data set?")
        }
        let classCount = info.classCount
        if let bad = labels.data.firstIndex(where: { Int($0) >= classCount }) {
            throw DatasetError("\(labelsPath): label \(labels.data[bad]) at index \(bad) is not a valid \(info.name) class (0...\(classCount - 1)); wrong or corrupt file")
        }
        let labelValues = labels.data.map { Int32($0) }
        do {
            return try LabeledImages(pixels: images.data, labels: labelValues, height: h, width: w, classNames: info.classNames)
        } catch {
            throw DatasetError("\(imagesPath): \(error.message)")
        }
    }

    /// Whether `path` is an existing regular file (following symlinks).
    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        guard path.withCString({ stat($0, &st) }) == 0 else { return false }
        return (st.st_mode & S_IFMT) == S_IFREG
    }
}

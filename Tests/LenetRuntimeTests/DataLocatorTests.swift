import Foundation
import Testing
@testable import LenetRuntime

/// Writes a tiny valid MNIST-style directory (raw files) with `n` training images.
@discardableResult
private func writeDataset(_ dir: TempDir, _ sub: String, trainCount n: Int = 3) throws -> String {
    let arrays = [
        try IDXArray(dimensions: [n, 28, 28], data: [UInt8](repeating: 200, count: n * 784)),
        try IDXArray(dimensions: [n], data: (0..<n).map { UInt8($0 % 10) }),
        try IDXArray(dimensions: [2, 28, 28], data: [UInt8](repeating: 100, count: 2 * 784)),
        try IDXArray(dimensions: [2], data: [4, 2]),
    ]
    for (name, a) in zip(DatasetFiles.baseNames, arrays) { dir.write("\(sub)/\(name)", IDX.encode(a)) }
    return dir.file(sub)
}

/// A locator rooted in `wd` with the given environment, small synthetic sets, quiet fast
/// downloads, (unless replaced) mirrors that refuse connections, and `wd/system` standing for
/// /usr/share/datasets (which holds Fashion-MNIST on a machine with Debian's package).
private func makeLocator(_ wd: TempDir, env: [String: String] = [:], sink: LogSink = LogSink()) -> DataLocator {
    var l = DataLocator(environment: env, workingDirectory: wd.path)
    l.systemDataDirectory = wd.file("system")
    l.syntheticTrainCount = 30
    l.syntheticTestCount = 10
    l.downloadOptions = testOptions(sink)
    let dead = "http://127.0.0.1:\(LoopbackHTTPServer.closedPort())/mnist/"
    l.sources = ["mnist": DatasetSource.mnist.withMirrors([dead]), "fashion-mnist": DatasetSource.fashionMNIST.withMirrors([dead])]
    return l
}

private func expectLocateError(_ l: DataLocator, _ dataset: String, explicit: String?, _ phrases: [String], sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        _ = try l.locate(dataset: dataset, explicit: explicit)
        Issue.record("expected an error containing \(phrases)", sourceLocation: sourceLocation)
    } catch {
        for p in phrases { #expect(error.description.contains(p), "\(error)", sourceLocation: sourceLocation) }
    }
}

@Suite(.serialized) struct DataLocatorTests {
    @Test func explicitDirectoryWinsOverEverything() throws {
        let wd = TempDir("wd")
        let explicit = try writeDataset(wd, "mine", trainCount: 5)
        let fromEnv = try writeDataset(wd, "envdir", trainCount: 7)
        try writeDataset(wd, "data/mnist", trainCount: 9)
        let l = makeLocator(wd, env: ["LENETC_DATA": fromEnv])
        let found = try l.locate(dataset: "mnist", explicit: explicit)
        #expect(found.origin == .explicitDirectory(explicit))
        #expect(found.dataset.train.count == 5 && found.fallbackReason == nil && found.notice == nil)
        // Relative paths resolve against the injected working directory.
        #expect(try l.locate(dataset: "mnist", explicit: "mine").origin == .explicitDirectory(explicit))
        #expect(try l.locate(dataset: "mnist", explicit: "./mine").origin == .explicitDirectory(explicit))
        // A directory holding <dataset>/ works too.
        try writeDataset(wd, "root/mnist", trainCount: 4)
        #expect(try l.locate(dataset: "mnist", explicit: "root").origin == .explicitDirectory(wd.file("root/mnist")))
    }

    @Test func explicitSyntheticAndSyntheticDataset() throws {
        let wd = TempDir("wd")
        try writeDataset(wd, "data/mnist")
        let l = makeLocator(wd, env: ["LENETC_DATA": "/nonexistent"])
        let s = try l.locate(dataset: "mnist", explicit: "synthetic")
        #expect(s.origin == .synthetic(requested: true) && s.fallbackReason == nil && s.notice == nil)
        #expect(s.dataset.train.count == 30 && s.dataset.test.count == 10 && s.dataset.info == .synthetic)
        #expect(s.requested == .mnist)
        let byName = try makeLocator(wd).locate(dataset: "synthetic")
        #expect(byName.origin == .synthetic(requested: true))
    }

    @Test func explicitDirectoryProblemsAreErrorsNotFallbacks() throws {
        let wd = TempDir("wd")
        let l = makeLocator(wd)
        expectLocateError(l, "mnist", explicit: "nowhere", ["--data nowhere", wd.file("nowhere"), "does not exist"])
        let partial = try writeDataset(wd, "partial")
        try FileManager.default.removeItem(atPath: partial + "/t10k-labels-idx1-ubyte")
        expectLocateError(l, "mnist", explicit: partial, ["--data \(partial)", "missing: t10k-labels-idx1-ubyte", "--data synthetic"])
        let broken = try writeDataset(wd, "broken")
        wd.write("broken/train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 9])
        expectLocateError(l, "mnist", explicit: broken, [broken + "/train-labels-idx1-ubyte", "truncated"])
        expectLocateError(l, "cifar10", explicit: nil, ["unknown data set \"cifar10\"", "mnist, fashion-mnist, synthetic"])
    }

    @Test func environmentVariableIsSecond() throws {
        let wd = TempDir("wd")
        let envDir = try writeDataset(wd, "shared", trainCount: 6)
        try writeDataset(wd, "data/mnist", trainCount: 9)
        let found = try makeLocator(wd, env: ["LENETC_DATA": envDir]).locate(dataset: "mnist")
        #expect(found.origin == .environment(envDir) && found.dataset.train.count == 6)
        // LENETC_DATA may point at a parent holding one folder per data set.
        try writeDataset(wd, "all/fashion-mnist", trainCount: 2)
        let fashion = try makeLocator(wd, env: ["LENETC_DATA": wd.file("all")]).locate(dataset: "fashion-mnist")
        #expect(fashion.origin == .environment(wd.file("all/fashion-mnist")))
        #expect(fashion.dataset.train.classNames[9] == "Ankle boot")
        #expect(try makeLocator(wd, env: ["LENETC_DATA": "synthetic"]).locate(dataset: "mnist").origin == .synthetic(requested: true))
        expectLocateError(makeLocator(wd, env: ["LENETC_DATA": wd.file("empty-or-missing")]), "mnist", explicit: nil,
                          ["LENETC_DATA=\(wd.file("empty-or-missing"))", "does not exist"])
        // An empty value counts as unset.
        #expect(try makeLocator(wd, env: ["LENETC_DATA": ""]).locate(dataset: "mnist").origin == .localDirectory(wd.file("data/mnist")))
    }

    @Test func localDataDirectoryIsThird() throws {
        let wd = TempDir("wd")
        let local = try writeDataset(wd, "data/mnist", trainCount: 8)
        let found = try makeLocator(wd).locate(dataset: "mnist")
        #expect(found.origin == .localDirectory(local) && found.dataset.train.count == 8)
        wd.write("data/mnist/train-images-idx3-ubyte", [0, 0, 8, 3, 0, 0, 0, 8, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2])
        expectLocateError(makeLocator(wd), "mnist", explicit: nil, ["truncated", "delete \(local) to download the data again"])
    }

    @Test func systemDataSetsComeAfterDataDirectoryAndBeforeADownload() throws {
        let mirror = try FakeMirror()
        defer { mirror.server.stop() }
        let wd = TempDir("wd")
        let system = try writeDataset(wd, "system/mnist", trainCount: 6)
        var l = makeLocator(wd)
        l.sources["mnist"] = mirror.source
        // /usr/share/datasets/<dataset>/ wins over a download: the mirror is never asked.
        let found = try l.locate(dataset: "mnist")
        #expect(found.origin == .systemDirectory(system) && found.dataset.train.count == 6)
        #expect(found.banner == "training on MNIST from \(system) (6 training and 2 test images)")
        #expect(mirror.server.requests.isEmpty && !fileExists(wd.file("data")))
        // ./data/<dataset>/ wins over it; LENETC_DATA and --data win over both.
        let local = try writeDataset(wd, "data/mnist", trainCount: 8)
        #expect(try l.locate(dataset: "mnist").origin == .localDirectory(local))
        let mine = try writeDataset(wd, "mine", trainCount: 5)
        #expect(try l.locate(dataset: "mnist", explicit: mine).origin == .explicitDirectory(mine))
        // Another data set's system folder is not this one's.
        var offline = makeLocator(wd)
        offline.allowDownload = false
        let fashion = try offline.locate(dataset: "fashion-mnist")
        #expect(fashion.origin == .synthetic(requested: false))
        #expect(fashion.fallbackReason?.contains(wd.file("system/fashion-mnist") + "/ is missing") == true)
        // A damaged system copy is an error that says what to do, not a silent download.
        wd.write("system/mnist/train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 9])
        try FileManager.default.removeItem(atPath: local)
        expectLocateError(l, "mnist", explicit: nil, ["truncated", "reinstall the package that installed \(system)"])
        #expect(mirror.server.requests.isEmpty)
    }

    @Test func notesAboutTheFilesReachTheCaller() throws {
        let wd = TempDir("wd")
        let dir = try writeDataset(wd, "mine")
        let found = try makeLocator(wd).locate(dataset: "mnist", explicit: dir)
        #expect(found.notes == ["the files in \(dir) match no published checksum of MNIST or Fashion-MNIST; using them as they are"])
        #expect(found.banner.hasPrefix("training on MNIST from "))
        #expect(try makeLocator(wd).locate(dataset: "mnist", explicit: "synthetic").notes.isEmpty)
    }

    @Test(.enabled(if: sharedFashionPresent, "needs real Fashion-MNIST in /work/shared/datasets/fashion-mnist"))
    func fashionFilesGivenToAnMNISTRunAreLabelledFashion() throws {
        let wd = TempDir("wd")
        let found = try makeLocator(wd).locate(dataset: "mnist", explicit: sharedFashionDir)
        #expect(found.dataset.info == .fashionMNIST && found.requested == .mnist)
        #expect(found.banner == "training on Fashion-MNIST from \(sharedFashionDir) (60,000 training and 10,000 test images)")
        #expect(found.notes == ["the files in \(sharedFashionDir) are Fashion-MNIST, not MNIST; the run is labelled fashion-mnist (--dataset fashion-mnist asks for it)"])
    }

    @Test func downloadsIntoDataDirectoryWhenNothingIsLocal() throws {
        let mirror = try FakeMirror()
        defer { mirror.server.stop() }
        let wd = TempDir("wd")
        // A partial local directory: only the missing files are fetched.
        wd.write("data/mnist/t10k-labels-idx1-ubyte.gz", mirror.contents["t10k-labels-idx1-ubyte.gz"]!)
        var l = makeLocator(wd)
        l.sources["mnist"] = mirror.source
        let found = try l.locate(dataset: "mnist")
        #expect(found.origin == .downloaded(wd.file("data/mnist")))
        #expect(found.dataset.train.count == 40 && found.fallbackReason == nil)
        #expect(mirror.server.requests.count == 3)
        #expect(!mirror.server.requests.contains { $0.path.hasSuffix("t10k-labels-idx1-ubyte.gz") })
        #expect(wd.listing("data/mnist") == mirror.source.files.map(\.name).sorted())
        // Next time the local copy is used.
        #expect(try l.locate(dataset: "mnist").origin == .localDirectory(wd.file("data/mnist")))
        #expect(mirror.server.requests.count == 3)
    }

    @Test func offlineFallsBackToSyntheticWithAReason() throws {
        let wd = TempDir("wd")
        let sink = LogSink()
        let start = Date()
        let found = try makeLocator(wd, sink: sink).locate(dataset: "mnist")
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(found.origin == .synthetic(requested: false))
        #expect(found.dataset.info == .synthetic && found.dataset.train.count == 30)
        let reason = try #require(found.fallbackReason)
        #expect(reason.contains(wd.file("data/mnist") + "/ is missing"))
        #expect(reason.contains("download failed") && reason.contains("cannot connect") && reason.contains("train-images-idx3-ubyte.gz"))
        let notice = try #require(found.notice)
        #expect(notice.hasPrefix("no MNIST data found (") && notice.hasSuffix("); training on built-in synthetic digits"))
        // The failed download leaves nothing behind.
        #expect(wd.listing() == [])

        var noNet = makeLocator(wd)
        noNet.allowDownload = false
        let offline = try noNet.locate(dataset: "fashion-mnist")
        #expect(offline.notice?.hasPrefix("no Fashion-MNIST data found (") == true)
        #expect(offline.fallbackReason?.contains("downloading is disabled") == true)
        // The synthetic fallback is deterministic in the locator's seed.
        var seeded = makeLocator(wd)
        seeded.allowDownload = false
        #expect(try seeded.locate(dataset: "mnist").dataset.train == offline.dataset.train)
        seeded.syntheticSeed = 1
        #expect(try seeded.locate(dataset: "mnist").dataset.train != offline.dataset.train)
    }

    @Test func defaultsUseTheProcessEnvironmentAndBuiltInMirrors() {
        let l = DataLocator()
        #expect(l.workingDirectory == FileManager.default.currentDirectoryPath)
        #expect(l.environment == ProcessInfo.processInfo.environment)
        #expect(l.sources["mnist"] == .mnist && l.sources["fashion-mnist"] == .fashionMNIST)
        #expect(l.allowDownload && l.syntheticTrainCount == 60_000 && l.syntheticTestCount == 10_000)
        #expect(l.systemDataDirectory == "/usr/share/datasets")
    }
}

import Foundation
import LenetRuntime
import LenetSpec
import Testing

/// `lenetc run` and `lenetc eval` as a user runs them: the built binary on a small IDX data set
/// written to a temporary folder (synthetic digits in MNIST's file format).
@Suite(.serialized) struct RunCLITests {
    static let sharedFashion = "/work/shared/datasets/fashion-mnist"

    /// A folder holding the four IDX files: `train` and `test` synthetic digits.
    static func dataFolder(train: Int, test: Int) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lenetc-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = try SyntheticDigits.dataset(seed: 5, trainCount: train, testCount: test)
        try writeIDX(train: data.train, test: data.test, to: dir)
        return dir
    }

    /// What run and eval say on standard error about a `dataFolder`: its files match no published checksum.
    static func unknownFilesNote(_ dir: URL) -> String {
        "note: the files in \(dir.path) match no published checksum of MNIST or Fashion-MNIST; using them as they are\n"
    }

    /// The records of a `--metrics` file, one JSON object per line.
    static func metricsRecords(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func runTrainsSavesAndEvalReadsTheCheckpoint() throws {
        let dir = try Self.dataFolder(train: 1_000, test: 200)
        defer { try? FileManager.default.removeItem(at: dir) }
        let save = dir.appendingPathComponent("w.safetensors").path
        let metrics = dir.appendingPathComponent("m.jsonl").path
        let plot = dir.appendingPathComponent("p.svg").path
        let result = try runLenetc(["run", "lenet-relu", "--data", dir.path, "--epochs", "2", "--batch", "50",
                                    "--save", save, "--metrics", metrics, "--plot", plot, "--threads", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "\(lines)")
        // lenet-relu.yaml says `dataset: fashion-mnist`.
        #expect(lines[0] == "training on Fashion-MNIST from \(dir.standardized.path) (1,000 training and 200 test images)")
        #expect(lines[1].hasPrefix("epoch 1, loss ") && lines[1].hasSuffix(" sec"))
        #expect(lines[2].hasPrefix("epoch 2, loss "))
        #expect(lines[3].hasPrefix("loss ") && lines[3].contains(", train acc ") && lines[3].contains(", test acc "))
        #expect(lines[4].hasSuffix("examples/sec on cpu (2 threads)"))
        // No progress bar when stderr is not a terminal; only the note that these files are nobody's canonical ones.
        #expect(result.stderr == Self.unknownFilesNote(dir), "\(result.stderr)")

        let records = try Self.metricsRecords(metrics)
        #expect(records.count == 2)
        let first = try #require(records.first)
        #expect(first["data"] as? String == "fashion-mnist")
        #expect(first["epoch"] as? Int == 1)
        #expect(try String(contentsOfFile: plot, encoding: .utf8).contains("<polyline"))

        let eval = try runLenetc(["eval", "lenet-relu", "--weights", save, "--data", dir.path])
        #expect(eval.status == 0, "\(eval.stderr)")
        // eval's accuracy is the run's last test accuracy: the same weights on the same images.
        let runAccuracy = try #require(lines[3].components(separatedBy: "test acc ").last)
        #expect(eval.stdout.contains("test acc \(runAccuracy)"), "\(eval.stdout)")
        #expect(eval.stdout.contains("confusion matrix"))
    }

    @Test func linesArriveInOrderThroughOnePipe() throws {
        let dir = try Self.dataFolder(train: 200, test: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        // lenet trains on Fashion-MNIST; the synthetic files match no checksum, which a note on stderr says first.
        let banner = "training on Fashion-MNIST from \(dir.standardized.path) (200 training and 50 test images)"
        let note = String(Self.unknownFilesNote(dir).dropLast())
        let run = try runLenetc(["run", "lenet", "--data", dir.path, "--epochs", "1", "--batch", "50", "--threads", "1"], merged: true)
        #expect(run.status == 0, "\(run.stdout)")
        var lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == note, "\(run.stdout)")
        lines.removeFirst()
        #expect(lines.count == 4 && lines[0] == banner && lines[1].hasPrefix("epoch 1, loss ") && lines[2].hasPrefix("loss ")
                && lines[3].hasSuffix("examples/sec on cpu (1 thread)"), "out of order through a pipe:\n\(run.stdout)")
        // The banner (stdout) before the error that follows it (stderr), in one pipe.
        let weightsOnly = packageRoot.appendingPathComponent("Tests/Fixtures/reference/lenet-sigmoid-avg-pad.safetensors").path
        let failed = try runLenetc(["run", "lenet", "--data", dir.path, "--resume", weightsOnly], merged: true)
        #expect(failed.status == 3)
        let failedLines = failed.stdout.split(separator: "\n").map(String.init).filter { $0 != note }
        #expect(failedLines.first == banner && failedLines.dropFirst().first?.hasPrefix("error: \(weightsOnly): ") == true,
                "out of order through a pipe:\n\(failed.stdout)")
    }

    @Test func resumeContinuesToTheSameWeights() throws {
        let dir = try Self.dataFolder(train: 600, test: 100)
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole.safetensors").path
        let part = dir.appendingPathComponent("part.safetensors").path
        let common = ["run", "lenet-relu", "--data", dir.path, "--batch", "64", "--threads", "2"]
        #expect(try runLenetc(common + ["--epochs", "3", "--save", whole]).status == 0)
        #expect(try runLenetc(common + ["--epochs", "1", "--save", part]).status == 0)
        // The checkpoint of a 1-epoch run, resumed for a 3-epoch run: the run length comes from the flags.
        let resumed = try runLenetc(common + ["--epochs", "3", "--resume", part, "--save", part])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr == Self.unknownFilesNote(dir) + "note: resuming \(part) with a changed recipe: epochs 1 → 3\n")
        #expect(resumed.stdout.contains("epoch 2, loss") && !resumed.stdout.contains("epoch 1, loss"))
        let a = try SafetensorsFile(contentsOf: whole), b = try SafetensorsFile(contentsOf: part)
        for name in a.tensors.keys.sorted() {
            #expect(try a.floats(name).map(\.bitPattern) == b.floats(name).map(\.bitPattern), "\(name)")
        }
    }

    @Test func resumingAnotherModelIsRefusedBeforeAnythingIsWritten() throws {
        let dir = try Self.dataFolder(train: 300, test: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("lenet.safetensors").path
        #expect(try runLenetc(["run", "lenet", "--data", dir.path, "--epochs", "1", "--batch", "100", "--save", ck]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: ck))
        // lenet-max has exactly lenet's tensors; only its pooling differs.
        let outputs = ["--save", "--metrics", "--plot"].map { ($0, dir.appendingPathComponent("out" + $0).path) }
        let result = try runLenetc(["run", "lenet-max", "--data", dir.path, "--epochs", "2", "--resume", ck] + outputs.flatMap { [$0.0, $0.1] })
        #expect(result.status == 3)
        #expect(result.stderr == Self.unknownFilesNote(dir) + "error: \(ck): the checkpoint was written by spec 'lenet', a different model from 'lenet-max': "
                + "the checkpoint's network has `2 avgpool 2×2, stride 2×2, padding 0×0 → 6×14×14` where this one has "
                + "`2 maxpool 2×2, stride 2×2, padding 0×0 → 6×14×14`\n"
                + "hint: start afresh (without --resume), or use the weights with the spec that wrote them (lenetc eval lenet --weights \(ck)), "
                + "or load them elsewhere (PyTorch's load_state_dict)\n", "\(result.stderr)")
        for (flag, path) in outputs { #expect(!FileManager.default.fileExists(atPath: path), "\(flag) was written") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: ck)) == before)
        // eval still takes the weights, shape-checked: they fit lenet-max.
        #expect(try runLenetc(["eval", "lenet-max", "--weights", ck, "--data", dir.path]).status == 0)
    }

    @Test func oldCheckpointsResumeWithANoteAndMidEpochBatchChangesAreRefused() throws {
        let dir = try Self.dataFolder(train: 300, test: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ck = dir.appendingPathComponent("ck.safetensors").path
        let common = ["run", "lenet", "--data", dir.path, "--batch", "100", "--threads", "1"]
        #expect(try runLenetc(common + ["--epochs", "1", "--save", ck]).status == 0)
        var checkpoint = try Checkpoint.read(from: ck)
        #expect(checkpoint.state?.identity?.model.hasPrefix("input 1×28×28\n0 conv 1→6, kernel 5×5") == true)
        #expect(checkpoint.state?.identity?.recipe.contains("\nbatch 100\n") == true)

        // A checkpoint of a lenetc that recorded no identity: names and shapes are all it can check.
        let old = dir.appendingPathComponent("old.safetensors").path
        checkpoint.state?.identity = nil
        try checkpoint.write(to: old)
        #expect(try SafetensorsFile(contentsOf: old).metadata["model_fingerprint"] == nil)
        let resumed = try runLenetc(common + ["--epochs", "2", "--resume", old])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr == Self.unknownFilesNote(dir) + "note: \(old) records no model fingerprint (written by an earlier lenetc); resuming it as 'lenet' because its tensors' names and shapes match\n")
        #expect(resumed.stdout.contains("epoch 2, loss"))

        // Stopped one batch of 100 into epoch 2: another batch size would skip or repeat examples.
        var mid = try Checkpoint.read(from: ck)
        mid.state?.batchInEpoch = 1
        mid.state?.partialCount = 100
        try mid.write(to: ck)
        let refused = try runLenetc(common + ["--epochs", "2", "--resume", ck, "--batch", "50"])
        #expect(refused.status == 3)
        #expect(refused.stderr == Self.unknownFilesNote(dir) + "error: \(ck): the checkpoint stopped after 1 batch of 100 in epoch 2; resuming with batch 50 would skip or repeat examples\n"
                + "hint: resume with --batch 100 (the batch size can change at the end of an epoch)\n", "\(refused.stderr)")
    }

    @Test func ctrlCFinishesTheBatchSavesAndExits130() throws {
        let dir = try Self.dataFolder(train: 20_000, test: 100)
        defer { try? FileManager.default.removeItem(at: dir) }
        let save = dir.appendingPathComponent("ck.safetensors").path
        let process = Process()
        process.executableURL = try lenetcBinary()
        process.arguments = ["run", "lenet", "--data", dir.path, "--epochs", "8", "--save", save, "--threads", "1"]
        process.currentDirectoryURL = packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Wait for the first epoch line, then press Ctrl-C.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("epoch 1,") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        kill(process.processIdentifier, SIGINT)
        // It should stop within a batch; give it a minute on a busy machine, then stop it hard.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            Issue.record("lenetc run did not stop within a minute of SIGINT")
        }
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("interrupted; checkpoint saved to \(save)"))
        let state = try #require(try Checkpoint.read(from: save).state)
        #expect(state.epoch >= 1)
    }

    /// LENETC_TRACE (Benchmarks/divergence.sh's record): a header, then per step the loss and every
    /// parameter after the update; the last step's parameters are the checkpoint's. LENETC_TRACE_NUDGE
    /// moves one parameter by one ulp before the first step, and a bad index is an error before training.
    @Test func stepTraceRecordsEveryStep() throws {
        let dir = try Self.dataFolder(train: 96, test: 20)
        defer { try? FileManager.default.removeItem(at: dir) }
        let trace = dir.appendingPathComponent("t.trace").path, save = dir.appendingPathComponent("w.safetensors").path
        let flags = ["run", "lenet", "--data", dir.path, "--epochs", "1", "--batch", "32", "--threads", "1"]
        let run = try runLenetc(flags + ["--save", save], environment: ["LENETC_TRACE": trace])
        #expect(run.status == 0, "\(run.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: trace)))
        let parameters = 61_706, record = 4 * (parameters + 1)
        #expect(Array(bytes.prefix(8)) == Array("LNTRACE1".utf8))
        #expect(bytes.count == 16 + 3 * record, "96 images in batches of 32 are 3 steps: \(bytes.count) bytes")
        guard bytes.count == 16 + 3 * record else { return }
        let count = bytes[8..<16].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(count == parameters)
        func float(_ offset: Int) -> Float {
            Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) })
        }
        let last = 16 + 2 * record
        let loss = float(last)
        #expect(loss.isFinite && loss > 0)
        // In the arena's order, which is the checkpoint's tensors in parameter order (0.weight first).
        let checkpoint = try SafetensorsFile(contentsOf: save)
        let first = try checkpoint.floats("0.weight")
        #expect((0..<first.count).allSatisfy { float(last + 4 * (1 + $0)) == first[$0] }, "the last step's 0.weight is not the checkpoint's")

        let nudged = try runLenetc(flags, environment: ["LENETC_TRACE": trace, "LENETC_TRACE_NUDGE": "0"])
        #expect(nudged.status == 0, "\(nudged.stderr)")
        let moved = [UInt8](try Data(contentsOf: URL(fileURLWithPath: trace)))
        #expect(moved.count == bytes.count && moved != bytes, "a weight one ulp away changes the run")
        let bad = try runLenetc(flags, environment: ["LENETC_TRACE": trace, "LENETC_TRACE_NUDGE": "61706"])
        #expect(bad.status == 3 && bad.stderr.contains("LENETC_TRACE_NUDGE: '61706' is not a parameter index from 0 to 61705"), "\(bad.stderr)")
        #expect(!bad.stdout.contains("epoch "))
    }

    @Test func badFlagsAndMissingDataAreClearErrors() throws {
        #expect(try runLenetc(["run", "lenet", "--epochs", "0"]).status == 2)
        #expect(try runLenetc(["run", "lenet", "--lr", "-1"]).status == 2)
        let missing = try runLenetc(["run", "lenet", "--data", "/nonexistent/mnist"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("/nonexistent/mnist"))
        let badWeights = try runLenetc(["eval", "lenet", "--weights", "/nonexistent/w.safetensors", "--data", "synthetic"])
        #expect(badWeights.status == 3)
    }

    /// `--iterations` cuts torch-mnist's 14 epochs to 3 batches; `eval` normalises the test images as
    /// training did (torch-mnist's `input.normalize`), so it reads the run's own test accuracy.
    @Test func iterationsCutTheRunAndEvalNormalisesAsTrainingDid() throws {
        let dir = try Self.dataFolder(train: 640, test: 200)
        defer { try? FileManager.default.removeItem(at: dir) }
        let save = dir.appendingPathComponent("w.safetensors").path
        let metrics = dir.appendingPathComponent("m.jsonl").path
        let run = try runLenetc(["run", "torch-mnist", "--data", dir.path, "--iterations", "3", "--threads", "2",
                                 "--save", save, "--metrics", metrics])
        #expect(run.status == 0, "\(run.stderr)")
        let epochs = run.stdout.split(separator: "\n").filter { $0.hasPrefix("epoch ") }
        #expect(epochs.count == 1, "\(run.stdout)")
        let records = try Self.metricsRecords(metrics)
        #expect(records.count == 1 && records.first?["iteration"] as? Int == 3, "\(records)")
        // StepLR still counts epochs: the 3 iterations all ran at the spec's lr 1.0.
        #expect(records.first?["lr"] as? Double == 1.0)
        let recipe = try #require(try SafetensorsFile(contentsOf: save).metadata["recipe"])
        #expect(recipe.contains("iterations 3") && recipe.contains("schedule_clock epochs"), "\(recipe)")
        let eval = try runLenetc(["eval", "torch-mnist", "--weights", save, "--data", dir.path])
        #expect(eval.status == 0, "\(eval.stderr)")
        let runAccuracy = try #require(epochs.first?.components(separatedBy: "test acc ").last?.components(separatedBy: ",").first)
        let evalAccuracy = try #require(eval.stdout.components(separatedBy: "test acc ").dropFirst().first?.split(separator: " ").first)
        #expect(abs((Double(runAccuracy) ?? -1) - (Double(evalAccuracy) ?? 1)) < 0.0005, "run \(runAccuracy), eval \(evalAccuracy)")

        let zero = try runLenetc(["run", "torch-mnist", "--iterations", "0"])
        #expect(zero.status == 2 && zero.stderr.contains("--iterations must be between 1 and 100,000,000"), "\(zero.stderr)")
        let both = try runLenetc(["run", "torch-mnist", "--iterations", "5", "--epochs", "1"])
        #expect(both.status == 2 && both.stderr.contains("give either --epochs or --iterations, not both"), "\(both.stderr)")
    }

    /// `lenetc run` and emitted trainers check their flags against the one table of limits: a seed an
    /// emitted trainer refuses, `run` refuses too, before any work.
    @Test func runRefusesWhatEmittedTrainersRefuse() throws {
        let big = String(UInt64(Limits.seed.upperBound) + 1)
        let run = try runLenetc(["run", "lenet", "--seed", big, "--data", "synthetic"])
        #expect(run.status == 2 && run.stderr.contains("--seed must be between 0 and \(Limits.seed.upperBound)"), "\(run.stderr)")
        #expect(throws: (any Error).self) { try TrainerFlags.parse(["--seed", big]) }
        #expect((try? TrainerFlags.parse(["--seed", String(Limits.seed.upperBound)]))?.seed == UInt64(Limits.seed.upperBound))
        let threads = try runLenetc(["run", "lenet", "--threads", "257", "--data", "synthetic"])
        #expect(threads.status == 2, "\(threads.stderr)")
        #expect(throws: (any Error).self) { try TrainerFlags.parse(["--threads", "257"]) }
    }

    @Test func evalRejectsWeightsOfAnotherSpec() throws {
        let dir = try Self.dataFolder(train: 200, test: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        let save = dir.appendingPathComponent("w.safetensors").path
        #expect(try runLenetc(["run", "lenet-nopad", "--data", dir.path, "--epochs", "1", "--save", save]).status == 0)
        let result = try runLenetc(["eval", "lenet", "--weights", save, "--data", dir.path])
        #expect(result.status == 3)
        #expect(result.stderr.contains("7.weight"), "\(result.stderr)")
    }

    @Test func timePrintsEveryLayerAndTotals() throws {
        let result = try runLenetc(["time", "lenet", "--batch", "16", "--iterations", "2", "--warmup", "0", "--threads", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("lenet on fashion-mnist: median of 2 iterations after 0 warm-up, batch 16, 1 thread"))
        #expect(lines.contains { $0.contains("conv 6, 5×5, padding 2") })
        #expect(lines.contains { $0.contains("total") })
        #expect(lines.dropLast().last?.hasPrefix("training step") == true)
        // The update's share of the step, in ms (lenet trains with SGD: a small positive figure).
        let update = lines.last.flatMap { $0.hasPrefix("of which the optimizer's update: ") ? Double($0.dropFirst(33).dropLast(3)) : nil }
        #expect(update.map { $0 >= 0 } == true, "\(result.stdout)")
        #expect(try runLenetc(["time", "lenet", "--iterations", "0"]).status == 2)
    }

    @Test func evalReadsSafetensorsWrittenByPyTorch() throws {
        // The parity fixtures were written by PyTorch's safetensors: parameters under nn.Sequential
        // names, plus inputs, logits and gradients, which eval ignores with a note.
        let fixture = packageRoot.appendingPathComponent("Tests/Fixtures/reference/lenet-sigmoid-avg-pad.safetensors").path
        let result = try runLenetc(["eval", "lenet", "--weights", fixture, "--data", "synthetic"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("tensors that are not parameters of lenet"))
        #expect(result.stdout.contains("confusion matrix"))
    }

    @Test func datasetFlagOverridesTheSpecInRunEvalAndTime() throws {
        let dir = try Self.dataFolder(train: 300, test: 100)
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let save = file("w.safetensors"), metrics = file("m.jsonl"), plot = file("p.svg")
        let common = ["run", "lenet", "--data", dir.path, "--epochs", "1", "--batch", "50", "--threads", "2"]
        let asMNIST = try runLenetc(common + ["--dataset", "mnist", "--save", save, "--metrics", metrics, "--plot", plot])
        #expect(asMNIST.status == 0, "\(asMNIST.stderr)")
        #expect(asMNIST.stdout.hasPrefix("training on MNIST from \(dir.standardized.path) (300 training and 100 test images)\n"))
        #expect(asMNIST.stderr == Self.unknownFilesNote(dir))
        #expect(try Self.metricsRecords(metrics).first?["data"] as? String == "mnist")
        #expect(try String(contentsOfFile: plot, encoding: .utf8).contains("lenet on mnist"))
        // Without the flag, the spec's data set.
        let asSpec = try runLenetc(common)
        #expect(asSpec.status == 0 && asSpec.stdout.hasPrefix("training on Fashion-MNIST from "), "\(asSpec.stdout)")

        // eval names the classes of the data set it evaluates on.
        let fashion = try runLenetc(["eval", "lenet", "--weights", save, "--data", dir.path])
        #expect(fashion.status == 0, "\(fashion.stderr)")
        #expect(fashion.stdout.hasPrefix("evaluating on Fashion-MNIST from "))
        for name in ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"] {
            // once in the per-class table, once at the end of its confusion-matrix row
            #expect(fashion.stdout.components(separatedBy: name).count - 1 >= 2, "\(name) in:\n\(fashion.stdout)")
        }
        let digits = try runLenetc(["eval", "lenet", "--weights", save, "--data", dir.path, "--dataset", "mnist"])
        #expect(digits.status == 0 && digits.stdout.hasPrefix("evaluating on MNIST from "), "\(digits.stderr)")
        #expect(!digits.stdout.contains("T-shirt/top") && digits.stdout.contains("\n  9      "), "\(digits.stdout)")

        let time = try runLenetc(["time", "lenet", "--dataset", "mnist", "--batch", "8", "--iterations", "1", "--warmup", "0", "--threads", "1"])
        #expect(time.status == 0 && time.stdout.hasPrefix("lenet on mnist: median of 1 iterations"), "\(time.stdout)")
    }

    @Test func badDatasetValuesAreUsageErrorsWithASuggestion() throws {
        for (arguments, message) in [
            (["run", "lenet", "--dataset", "fashon-mnist"], "--dataset must be mnist or fashion-mnist, not 'fashon-mnist' (did you mean 'fashion-mnist'?)"),
            (["eval", "lenet", "--weights", "w.safetensors", "--dataset", "MNSIT"], "--dataset must be mnist or fashion-mnist, not 'MNSIT' (did you mean 'mnist'?)"),
            (["time", "lenet", "--dataset", "cifar10"], "--dataset must be mnist or fashion-mnist, not 'cifar10'"),
        ] {
            let result = try runLenetc(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    /// Real Fashion-MNIST handed to lenet5, an MNIST spec: the run is named for what the files are.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: RunCLITests.sharedFashion + "/train-images-idx3-ubyte.gz"),
                   "needs real Fashion-MNIST in /work/shared/datasets/fashion-mnist"))
    func fashionFilesGivenToAnMNISTSpecAreNamedFashion() throws {
        let dir = try Self.dataFolder(train: 200, test: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        let save = dir.appendingPathComponent("w.safetensors").path
        #expect(try runLenetc(["run", "lenet5", "--data", dir.path, "--epochs", "1", "--save", save]).status == 0)
        let eval = try runLenetc(["eval", "lenet5", "--weights", save, "--data", Self.sharedFashion])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stderr == "note: the files in \(Self.sharedFashion) are Fashion-MNIST, not MNIST; the run is labelled fashion-mnist (--dataset fashion-mnist asks for it)\n")
        #expect(eval.stdout.hasPrefix("evaluating on Fashion-MNIST from \(Self.sharedFashion) (60,000 training and 10,000 test images)\n"))
        #expect(eval.stdout.contains(" of 10000)\n"), "\(eval.stdout)")
        #expect(eval.stdout.contains("Ankle boot"))
        // Asked for by name, the same data with no note.
        let named = try runLenetc(["eval", "lenet5", "--weights", save, "--data", Self.sharedFashion, "--dataset", "fashion-mnist"])
        #expect(named.status == 0 && named.stderr.isEmpty, "\(named.stderr)")
    }
}

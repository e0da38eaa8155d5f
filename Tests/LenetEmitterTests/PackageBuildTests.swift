import Foundation
import LenetModel
import LenetRuntime
import Testing
@testable import LenetEmitter

/// An emitted package, as a user gets it: built with `swift build -c release` in a copy outside the
/// repository, then trained on a small data set in the canonical IDX format.
@Suite("Emitted package: release build and training")
struct PackageBuildTests {
    /// Big-endian IDX files: `count` 28×28 images whose label decides where a bright bar sits, plus noise.
    static func writeDataset(to directory: URL, train: Int, test: Int) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        func header(_ magic: UInt32, _ dims: [UInt32]) -> [UInt8] {
            ([magic] + dims).flatMap { v in [24, 16, 8, 0].map { UInt8((v >> UInt32($0)) & 0xFF) } }
        }
        for (prefix, count) in [("train", train), ("t10k", test)] {
            var images = header(0x0803, [UInt32(count), 28, 28]), labels = header(0x0801, [UInt32(count)])
            for _ in 0..<count {
                let label = Int(next() % 10)
                labels.append(UInt8(label))
                for y in 0..<28 {
                    for x in 0..<28 {
                        let bar = y >= 2 + label * 2 && y < 4 + label * 2 && x >= 4 && x < 24
                        images.append(bar ? UInt8(200 + next() % 56) : UInt8(next() % 40))
                    }
                }
            }
            try Data(images).write(to: directory.appendingPathComponent("\(prefix)-images-idx3-ubyte"))
            try Data(labels).write(to: directory.appendingPathComponent("\(prefix)-labels-idx1-ubyte"))
        }
    }

    /// lenet.yaml with what a `main.swift` must carry beyond SGD: the input normalised, RMSprop with all
    /// three of its buffers (centered, momentum) and weight decay, a multistep schedule. The optimizer's
    /// arithmetic is the runtime's (checked against PyTorch in OptimizerParityTests); this spec shows the
    /// emitted trainer hands the loop the same settings and normalisation as `lenetc run` does.
    static func variantSpec() throws -> String {
        let lenet = try String(contentsOf: repositoryRoot.appendingPathComponent("Specs/lenet.yaml"), encoding: .utf8)
        let variant = lenet
            .replacingOccurrences(of: "input: [1, 28, 28]", with: "input: {shape: [1, 28, 28], normalize: {mean: 0.286, std: 0.353}}")
            .replacingOccurrences(of: "optimizer: {sgd: {lr: 0.9}}",
                                  with: "optimizer: {rmsprop: {lr: 0.002, momentum: 0.5, centered: true, weight_decay: 0.0001}}\n  schedule: {multistep: {milestones: [1], gamma: 0.5}}")
        guard variant.contains("normalize") && variant.contains("rmsprop") else { throw TestFailure("Specs/lenet.yaml changed; update variantSpec") }
        return variant
    }

    @Test("the emitted lenet package builds in release mode and trains", .timeLimit(.minutes(10)))
    func releaseBuildTrains() throws {
        let root = try temporaryDirectory("lenetc-emitted-package")
        defer { try? FileManager.default.removeItem(at: root) }
        let specPath = root.appendingPathComponent("lenet.yaml").path
        try Self.variantSpec().write(toFile: specPath, atomically: true, encoding: .utf8)
        let model = try buildModel(try Self.variantSpec(), path: specPath)
        #expect(model.normalize == InputNormalization(mean: 0.286, std: 0.353))
        let package = try Emitter.emit(model)
        let directory = root.appendingPathComponent(package.name)
        try package.write(to: directory.path)
        let data = root.appendingPathComponent("data")
        try Self.writeDataset(to: data, train: 300, test: 100)

        let build = try runProcess(try swiftExecutable(), ["build", "-c", "release", "--package-path", directory.path])
        print("release build of the emitted \(package.name) package: \(String(format: "%.1f", build.seconds)) s")
        #expect(build.status == 0, "swift build -c release failed:\n\(build.stdout.suffix(4000))\n\(build.stderr.suffix(4000))")
        guard build.status == 0 else { return }
        let warnings = (build.stdout + build.stderr).split(separator: "\n").filter { $0.contains("warning:") }
        #expect(warnings.isEmpty, "the emitted package builds with warnings:\n\(warnings.joined(separator: "\n"))")

        let trainer = directory.appendingPathComponent(".build/release/\(package.name)").path
        let arguments = ["--data", data.path, "--epochs", "2", "--batch", "32", "--threads", "2", "--seed", "3"]
        let first = try runProcess(trainer, arguments)
        print(first.stdout)
        #expect(first.status == 0, "the trainer failed: \(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        // The first line names the data (lenet.yaml's Fashion-MNIST), also when standard output is a pipe.
        #expect(lines.first == "training on Fashion-MNIST from \(data.standardized.path) (300 training and 100 test images)")
        let epochs = lines.filter { $0.hasPrefix("epoch ") }
        #expect(epochs.count == 2)
        for line in epochs {
            // epoch 1, loss 2.3193, train acc 0.103, test acc 0.100, time 3.5 sec
            let loss = line.split(separator: ",")[1].split(separator: " ").last.flatMap { Double($0) }
            #expect(loss.map { $0.isFinite && $0 > 0 } == true, "no finite loss in '\(line)'")
        }
        #expect(lines.contains { $0.hasSuffix("examples/sec on cpu (2 threads)") })

        // Through a pipe, stdout and stderr together: the lines arrive in the order they were written.
        // (The banner used to go through stdio's buffer and arrive after the last line.)
        let piped = try runThroughPipe(trainer, arguments)
        #expect(piped.status == 0, "\(piped.output)")
        // (The note first: the test's synthetic files match no published checksum.)
        let got = piped.output.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("note: the files in ") }
        let inOrder = got.count == 5 && got[0] == "training on Fashion-MNIST from \(data.standardized.path) (300 training and 100 test images)"
            && got[1].hasPrefix("epoch 1, loss ") && got[2].hasPrefix("epoch 2, loss ") && got[3].hasPrefix("loss ")
            && got[4].hasSuffix(" examples/sec on cpu (2 threads)")
        #expect(inOrder, "lines out of order through a pipe:\n\(piped.output)")
        // And with stdout redirected into a file (`runProcess`), as the issue found it.
        #expect(lines.first?.hasPrefix("training on Fashion-MNIST from ") == true, "\(first.stdout)")

        // Same seed and threads, same numbers (the time column aside).
        let second = try runProcess(trainer, arguments)
        func numbers(_ output: String) -> [String] {
            output.split(separator: "\n").filter { $0.hasPrefix("epoch ") }.map { $0.components(separatedBy: ", time")[0] }
        }
        #expect(numbers(first.stdout) == numbers(second.stdout))

        try agreesWithTheEngine(trainer: trainer, spec: specPath, root: root)

        // --dataset overrides the spec's, as in `lenetc run`; a misspelling is a usage error with a suggestion.
        let digits = try runProcess(trainer, ["--data", data.path, "--epochs", "1", "--batch", "32", "--dataset", "mnist"])
        #expect(digits.status == 0, "\(digits.stderr)")
        #expect(digits.stdout.hasPrefix("training on MNIST from \(data.standardized.path) "), "\(digits.stdout)")
        let typo = try runProcess(trainer, ["--dataset", "fashon-mnist"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("--dataset must be mnist or fashion-mnist, not 'fashon-mnist' (did you mean 'fashion-mnist'?)"), "\(typo.stderr)")

        // Killed at 5 random moments and resumed each time, it ends with an uninterrupted run's tensors.
        let kills = try runProcess("/bin/bash", [repositoryRoot.appendingPathComponent("Benchmarks/kills.sh").path, "5", trainer] + arguments)
        #expect(kills.status == 0, "\(kills.stdout)\n\(kills.stderr)")
        #expect(kills.stdout.contains("5 kills, "), "\(kills.stdout)")

        let missing = try runProcess(trainer, ["--data", root.appendingPathComponent("nowhere").path])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("does not exist"))

        // --profile: a row per block (and the loss) with a time (the loss may round to 0.000 ms), positive
        // totals, then the whole step.
        let profile = try runProcess(trainer, ["--profile", "--profile-steps", "3", "--threads", "2", "--batch", "64"])
        print(profile.stdout)
        #expect(profile.status == 0, "\(profile.stderr)")
        let rows = profile.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == "lenet: median of 3 steps after 3 warm-up, batch 64, 2 threads")
        for block in try Emitter.plan(try specModel("lenet")).blocks.map(\.name) + ["softmax_cross_entropy"] {
            let row = rows.first { $0.hasPrefix(block + " ") }
            let forward = row?.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
            #expect(forward.map { $0 >= 0 } == true, "no forward time for \(block) in:\n\(profile.stdout)")
        }
        let total = rows.first { $0.hasPrefix("total ") }?.split(separator: " ").dropFirst().compactMap { Double($0) }
        #expect(total?.count == 2 && total!.allSatisfy { $0 > 0 }, "\(profile.stdout)")
        #expect(rows.dropLast().last?.hasPrefix("training step (forward, loss, backward; blocks untimed): ") == true)
        #expect(rows.last?.hasPrefix("with the optimizer's update: ") == true && rows.last?.contains("examples/sec") == true, "\(profile.stdout)")
        let badSteps = try runProcess(trainer, ["--profile", "--profile-steps", "0"])
        #expect(badSteps.status == 2 && badSteps.stderr.contains("--profile-steps must be a whole number from 1"))

        // An output it cannot write stops it before training, as it stops `lenetc run` (the same loop).
        let nowhere = root.appendingPathComponent("nowhere").path
        let unwritable = try runProcess(trainer, arguments + ["--save", nowhere + "/ck.safetensors"])
        #expect(unwritable.status == 3)
        #expect(!unwritable.stdout.contains("epoch "), "\(unwritable.stdout)")
        #expect(unwritable.stderr.contains("error: \(nowhere)/ck.safetensors: cannot write the checkpoint: the folder \(nowhere) does not exist\nhint: "),
                "\(unwritable.stderr)")
    }

    /// Same spec, seed and data through `lenetc run` (the engine) and the emitted trainer: 1,600
    /// training images in batches of 32 are exactly 50 steps of the spec's optimizer, after which the
    /// weights agree within 2e-3 relative (max |a − b| / max |b| per tensor); the epoch's loss agrees
    /// within 1e-3 and its test accuracy within 0.002. Both checkpoints record the same model (with its
    /// normalisation) and the same recipe (with every optimizer setting).
    ///
    /// Why 2e-3, where SGD stayed within 1e-6: RMSprop divides every gradient by its running RMS, so
    /// where gradients are tiny, and the float rounding of the two backends' different summation
    /// orders is large relative to them, whole steps of lr·g/√v differ (measured: 3.8e-4 at most).
    /// Skipping the normalisation moves every tensor by 3e-2 to 3 relative after the same 50 steps
    /// (measured with `lenetc run` on this spec with and without it).
    func agreesWithTheEngine(trainer: String, spec: String, root: URL) throws {
        let data = root.appendingPathComponent("steps50")
        try Self.writeDataset(to: data, train: 1_600, test: 500)
        let engineWeights = root.appendingPathComponent("engine.safetensors").path
        let emittedWeights = root.appendingPathComponent("emitted.safetensors").path
        let flags = ["--data", data.path, "--epochs", "1", "--batch", "32", "--threads", "2", "--seed", "11"]
        let engine = try runProcess(try EmitCommandTests.lenetc(), ["run", spec] + flags + ["--save", engineWeights], in: repositoryRoot)
        #expect(engine.status == 0, "\(engine.stderr)")
        let emitted = try runProcess(trainer, flags + ["--save", emittedWeights])
        #expect(emitted.status == 0, "\(emitted.stderr)")
        guard engine.status == 0, emitted.status == 0 else { return }

        let a = try SafetensorsFile(contentsOf: engineWeights), b = try SafetensorsFile(contentsOf: emittedWeights)
        #expect(Set(a.tensors.keys) == Set(b.tensors.keys))
        // Both record the same model and recipe, so either resumes the other's checkpoints.
        for key in ["spec", "model", "model_fingerprint", "recipe", "recipe_fingerprint"] {
            #expect(a.metadata[key] != nil && a.metadata[key] == b.metadata[key], "\(key): \(a.metadata[key] ?? "none") vs \(b.metadata[key] ?? "none")")
        }
        for name in a.tensors.keys.sorted() {
            let x = try a.floats(name), y = try b.floats(name)
            let scale = max(y.map { abs($0) }.max() ?? 0, 1e-8)
            let maxdiff = zip(x, y).map { abs($0 - $1) }.max() ?? 0
            print("after 50 RMSprop steps, \(name): maxdiff \(maxdiff), relative \(maxdiff / scale)")
            #expect(maxdiff / scale <= 2e-3, "\(name) differs by \(maxdiff / scale) relative")
        }
        func figures(_ output: String) throws -> (loss: Double, test: Double) {
            let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("epoch 1,") })
            let fields = line.components(separatedBy: ", ")
            let loss = try #require(Double(fields[1].replacingOccurrences(of: "loss ", with: "")))
            let test = try #require(Double(fields[3].replacingOccurrences(of: "test acc ", with: "")))
            return (loss, test)
        }
        let e = try figures(engine.stdout), m = try figures(emitted.stdout)
        print("after 1 epoch: engine loss \(e.loss), test acc \(e.test); emitted loss \(m.loss), test acc \(m.test)")
        #expect(abs(e.loss - m.loss) <= 1e-3)
        #expect(abs(e.test - m.test) <= 0.002)

        // The engine's lenet-max checkpoint has lenet's tensors; the lenet trainer refuses it, as `lenetc run` does.
        let maxWeights = root.appendingPathComponent("lenet-max.safetensors").path
        let maxRun = try runProcess(try EmitCommandTests.lenetc(), ["run", "lenet-max"] + flags + ["--save", maxWeights], in: repositoryRoot)
        #expect(maxRun.status == 0, "\(maxRun.stderr)")
        let refused = try runProcess(trainer, flags + ["--resume", maxWeights, "--epochs", "2"])
        #expect(refused.status == 3)
        #expect(refused.stderr.split(separator: "\n").filter { !$0.hasPrefix("note: ") }.joined(separator: "\n")
                    .hasPrefix("error: \(maxWeights): the checkpoint was written by spec 'lenet-max', a different model from 'lenet': "),
                "\(refused.stderr)")
    }
}

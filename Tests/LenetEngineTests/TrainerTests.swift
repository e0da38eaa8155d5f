import Foundation
import LenetEngine
import LenetModel
import LenetRuntime
import Testing

/// The trainer: reproducibility, resuming, the documented random streams, runs by iterations,
/// NaN reporting, evaluation summaries, and that it actually learns.
@Suite("Trainer")
struct TrainerTests {
    static func spec(optimizer: String = "{sgd: {lr: 0.05, momentum: 0.9, weight_decay: 0.0005}}",
                     schedule: String = "constant", length: String = "epochs: 3", batch: Int = 16, seed: Int = 3) -> String {
        """
        name: small
        input: [1, 28, 28]
        layers:
          - conv: {filters: 4, kernel: 5, stride: 2, activation: relu}
          - maxpool: {size: 2, stride: 2}
          - flatten
          - dropout: 0.2
          - dense: {units: 32, activation: tanh}
          - dense: 10
        train:
          optimizer: \(optimizer)
          schedule: \(schedule)
          batch: \(batch)
          \(length)
          seed: \(seed)
        """
    }

    /// Digits-like synthetic data: class k is a bright 7×7 block at one of ten places, plus noise.
    static func blocks(count: Int, seed: UInt64) -> (images: [Float], labels: [Int32]) {
        var rng = SeededRNG(seed: seed)
        var images = [Float](repeating: 0, count: count * 784)
        var labels = [Int32](repeating: 0, count: count)
        for n in 0..<count {
            let k = rng.int(below: 10)
            labels[n] = Int32(k)
            let top = 2 + (k / 5) * 12, left = 1 + (k % 5) * 5
            for i in 0..<784 { images[n * 784 + i] = rng.uniform(0, 0.3) }
            for r in top..<(top + 7) { for c in left..<(left + 7) where c < 28 { images[n * 784 + r * 28 + c] = 1 } }
        }
        return (images, labels)
    }

    static func trainer(_ yaml: String, data: (images: [Float], labels: [Int32]), threads: Int = 2,
                        seed: UInt64? = nil) throws -> Trainer {
        try Trainer(model: try buildModel(yaml), trainImages: data.images, trainLabels: data.labels, threads: threads,
                    seed: seed)
    }

    @Test("same spec, seed and threads give bit-identical weights; another seed does not", arguments: [1, 2])
    func reproducible(threads: Int) throws {
        let data = Self.blocks(count: 70, seed: 1)
        let a = try Self.trainer(Self.spec(), data: data, threads: threads)
        let b = try Self.trainer(Self.spec(), data: data, threads: threads)
        #expect(a.network.parameters == b.network.parameters)
        _ = try a.train()
        _ = try b.train()
        #expect(a.network.parameters == b.network.parameters)
        let c = try Self.trainer(Self.spec(), data: data, threads: threads, seed: 4)
        _ = try c.train()
        #expect(a.network.parameters != c.network.parameters)
    }

    @Test("initial weights follow the documented draw order from SeededRNG(seed)")
    func initialWeights() throws {
        let trainer = try Self.trainer(Self.spec(), data: Self.blocks(count: 8, seed: 1), seed: 77)
        var rng = SeededRNG(seed: 77)
        var expected: [Float] = []
        for entry in trainer.network.layout.entries {
            if entry.isBias {
                expected += [Float](repeating: 0, count: entry.count)
            } else {
                let bound = Initializers.uniformBound(.xavierUniform, fanIn: entry.fanIn, fanOut: entry.fanOut)
                expected += (0..<entry.count).map { _ in rng.uniform(-bound, bound) }
            }
        }
        #expect(trainer.network.parameters == expected)
    }

    struct ResumeCase: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var stopAfter: Int
        var viaFile: Bool
        var testDescription: String { "\(name), stop after \(stopAfter) batches\(viaFile ? ", through a checkpoint file" : "")" }
    }

    static let resumeCases = [
        ResumeCase(name: "SGD momentum + dropout", yaml: spec(), stopAfter: 7, viaFile: false),
        ResumeCase(name: "SGD momentum + dropout", yaml: spec(), stopAfter: 5, viaFile: true),
        ResumeCase(name: "Adam + cosine", yaml: spec(optimizer: "{adam: {lr: 0.002}}", schedule: "{cosine: {min_lr: 0.0001}}"),
                   stopAfter: 10, viaFile: true),
        ResumeCase(name: "inv schedule by iterations", yaml: spec(schedule: "{inv: {gamma: 0.01, power: 0.75}}", length: "iterations: 11"),
                   stopAfter: 4, viaFile: false),
    ]

    @Test("resuming gives the same weights as an uninterrupted run", arguments: resumeCases)
    func resume(_ c: ResumeCase) throws {
        let data = Self.blocks(count: 60, seed: 2)
        let whole = try Self.trainer(c.yaml, data: data)
        let wholeResults = try whole.train()

        let first = try Self.trainer(c.yaml, data: data)
        var seen = 0
        _ = try first.train(onBatch: { _ in
            seen += 1
            return seen < c.stopAfter
        })
        #expect(first.iteration == c.stopAfter)
        let second = try Self.trainer(c.yaml, data: data)
        if c.viaFile {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("lenet-resume-\(UUID().uuidString).safetensors").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try first.saveCheckpoint(path: path)
            try second.loadCheckpoint(path: path)
        } else {
            try second.restore(first.state)
        }
        let rest = try second.train()
        #expect(second.network.parameters == whole.network.parameters)
        #expect(second.iteration == whole.iteration && second.epoch == whole.epoch)
        // The interrupted epoch reports the same loss and accuracy as in the uninterrupted run.
        if let resumed = rest.first, let original = wholeResults.first(where: { $0.epoch == resumed.epoch }) {
            #expect(resumed.meanLoss == original.meanLoss && resumed.trainAccuracy == original.trainAccuracy)
        }
    }

    @Test("a checkpoint from another seed, model or data size is refused")
    func refusedStates() throws {
        let data = Self.blocks(count: 40, seed: 2)
        let a = try Self.trainer(Self.spec(), data: data)
        _ = try a.trainEpoch()
        let otherSeed = try Self.trainer(Self.spec(seed: 4), data: data)
        #expect(throws: EngineError.self) { try otherSeed.restore(a.state) }
        let otherData = try Self.trainer(Self.spec(), data: Self.blocks(count: 100, seed: 2))
        #expect(throws: EngineError.self) { try otherData.restore(a.state) }
        let lenet = try Trainer(model: try specModel("lenet"), trainImages: data.images, trainLabels: data.labels, seed: 3)
        #expect(throws: EngineError.self) { try lenet.restore(a.state) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lenet-weights-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try a.network.saveParameters(path: path)
        #expect(throws: EngineError.self) { try a.loadCheckpoint(path: path) }
    }

    @Test("a NaN loss is reported with its epoch and batch")
    func nonFinite() throws {
        var data = Self.blocks(count: 40, seed: 5)
        let poisoned = 23
        data.images[poisoned * 784 + 300] = .nan
        let trainer = try Self.trainer(Self.spec(batch: 8), data: data)
        // Where example 23 lands: the documented shuffle stream.
        let order = SeededRNG(seed: 3).split(stream: 1)
        var shuffle = order
        let position = shuffle.permutation(40).firstIndex(of: poisoned)!
        let before = trainer.network.parameters
        var batches = 0
        do {
            _ = try trainer.trainEpoch(onBatch: { _ in batches += 1; return true })
            Issue.record("no error for a NaN input")
        } catch let EngineError.nonFiniteLoss(epoch, batch, loss) {
            #expect(epoch == 1 && batch == position / 8 + 1 && !loss.isFinite)
        }
        #expect(batches == position / 8)
        #expect(before != trainer.network.parameters || position / 8 == 0)
    }

    @Test("runs by iterations stop mid-epoch")
    func iterations() throws {
        let trainer = try Self.trainer(Self.spec(length: "iterations: 7", batch: 4), data: Self.blocks(count: 10, seed: 6))
        let results = try trainer.train()
        #expect(results.map(\.batches) == [3, 3, 1])
        #expect(results.map(\.examples) == [10, 10, 4])
        #expect(trainer.iteration == 7 && trainer.isFinished)
        #expect(try trainer.trainEpoch() == nil)
    }

    @Test("it learns; evaluation's accuracy, per-class accuracy and confusion agree")
    func learns() throws {
        let train = Self.blocks(count: 400, seed: 7), test = Self.blocks(count: 100, seed: 8)
        let model = try buildModel(Self.spec(length: "epochs: 4", batch: 20))
        let trainer = try Trainer(model: model, trainImages: train.images, trainLabels: train.labels,
                                  testImages: test.images, testLabels: test.labels, threads: 2)
        var progress: [BatchProgress] = []
        let results = try trainer.train(onBatch: { progress.append($0); return true })
        #expect(results.count == 4 && progress.count == 80)
        #expect(progress.last?.iteration == 80 && progress.last?.totalIterations == 80)
        #expect(results.allSatisfy { $0.completed && $0.examples == 400 && $0.examplesPerSecond > 0 })
        print("learning: " + results.map { String(format: "epoch %d loss %.3f train %.2f test %.2f", $0.epoch, $0.meanLoss, $0.trainAccuracy, $0.testAccuracy ?? -1) }.joined(separator: "; "))
        #expect(results.last!.meanLoss < results.first!.meanLoss)
        #expect((results.last?.testAccuracy ?? 0) >= 0.9)
        let evaluation = try #require(try trainer.evaluateTest())
        #expect(evaluation.accuracy == results.last?.testAccuracy)
        let confusion = evaluation.confusion
        #expect(confusion.joined().reduce(0, +) == 100)
        #expect((0..<10).map { confusion[$0][$0] }.reduce(0, +) == evaluation.correct)
        let logits = try trainer.network.logits(images: test.images)
        for n in 0..<100 {
            let row = logits[(n * 10)..<((n + 1) * 10)]
            #expect(Int32(row.firstIndex(of: row.max()!)! - n * 10) == evaluation.predictions[n])
        }
        for (k, accuracy) in evaluation.perClassAccuracy.enumerated() {
            let total = confusion[k].reduce(0, +)
            #expect(accuracy == (total == 0 ? nil : Double(confusion[k][k]) / Double(total)))
        }
    }

    @Test("training on the runtime's LabeledImages")
    func labeledImages() throws {
        let data = Self.blocks(count: 30, seed: 9)
        let classes = (0..<10).map(String.init)
        let train = try LabeledImages(images: data.images, labels: data.labels, height: 28, width: 28, classNames: classes)
        let trainer = try Trainer(model: try buildModel(Self.spec(length: "epochs: 1")), train: train, test: train.prefix(10))
        let result = try #require(try trainer.trainEpoch())
        #expect(result.examples == 30 && result.testAccuracy != nil)
        let small = try LabeledImages(images: [Float](repeating: 0, count: 2 * 14 * 14), labels: [0, 1], height: 14,
                                      width: 14, classNames: classes)
        #expect(throws: EngineError.self) { try Trainer(model: try buildModel(Self.spec()), train: small) }
    }

    @Test("inconsistent data is refused")
    func badData() throws {
        let model = try buildModel(Self.spec())
        #expect(throws: EngineError.self) { try Trainer(model: model, trainImages: [0, 1], trainLabels: [1]) }
        #expect(throws: EngineError.self) {
            try Trainer(model: model, trainImages: [Float](repeating: 0, count: 784), trainLabels: [12])
        }
        #expect(throws: (any Error).self) { try Trainer(model: model, trainImages: [], trainLabels: []) }
        #expect(throws: EngineError.self) {
            try Trainer(model: model, trainImages: [Float](repeating: 0, count: 784), trainLabels: [1],
                        testImages: [Float](repeating: 0, count: 784), testLabels: nil)
        }
    }
}

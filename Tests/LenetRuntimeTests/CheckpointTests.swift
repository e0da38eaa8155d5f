import Foundation
import LenetRuntime
import Testing

@Suite struct CheckpointTests {
    func temporary() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ck-\(UUID().uuidString).safetensors").path
    }

    let state = Checkpoint.TrainingState(
        spec: "lenet", seed: 7, epoch: 2, batchInEpoch: 5, iteration: 475, epochRNG: [1, 2, 3, UInt64.max],
        partialLoss: 12.5, partialCorrect: 300, partialCount: 320, partialSeconds: 0.25,
        optimizer: OptimizerState(step: 475, buffers: ["momentum": [0.5, -1.25, .leastNonzeroMagnitude]]),
        records: [EpochRecord(epoch: 1, loss: 2.3, trainAccuracy: 0.1, testAccuracy: 0.11, seconds: 3, examplesPerSecond: 20_000,
                              learningRate: 0.9, iteration: 235, data: "synthetic")])

    @Test func roundTripsWeightsAndEveryPartOfTheState() throws {
        let path = temporary()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tensors: [(name: String, shape: [Int], values: [Float])] = [("0.weight", [2, 1, 1, 2], [1, 2, 3, 4]), ("0.bias", [2], [0, -1])]
        try Checkpoint(tensors: tensors, state: state).write(to: path)
        let back = try Checkpoint.read(from: path)
        #expect(back.state == state)
        #expect(back.tensors.map(\.name) == ["0.bias", "0.weight"])
        #expect(back.tensors.first { $0.name == "0.weight" }?.values == [1, 2, 3, 4])
        // PyTorch sees parameters only: the state is metadata.
        #expect(Set(try SafetensorsFile(contentsOf: path).tensors.keys) == ["0.weight", "0.bias"])
    }

    @Test func weightsWithoutStateReadAsWeightsOnly() throws {
        let path = temporary()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint(tensors: [("w", [1], [1])], state: nil).write(to: path)
        #expect(try Checkpoint.read(from: path).state == nil)
    }

    @Test func corruptStateIsAClearError() throws {
        let path = temporary()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var writer = SafetensorsWriter(metadata: ["format": "lenetc-checkpoint-1", "spec": "lenet", "seed": "0", "epoch": "x"])
        try writer.add("w", floats: [1], shape: [1])
        try writer.write(to: path)
        #expect(throws: RuntimeFileError.self) { try Checkpoint.read(from: path) }
        do { _ = try Checkpoint.read(from: path) } catch { #expect("\(error)".contains("lacks") || "\(error)".contains("not a number")) }
    }

    @Test func epochRecordsKeepNaNsAndAnyDataNameAndRefuseMalformedLists() throws {
        let path = temporary()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var odd = state
        odd.records = [EpochRecord(epoch: 1, loss: .nan, trainAccuracy: 0.5, testAccuracy: .infinity, seconds: 1,
                                   examplesPerSecond: 2, learningRate: 0.1, iteration: 3, data: "my \"digits\" \\ set")]
        try Checkpoint(tensors: [("w", [1], [1])], state: odd).write(to: path)
        let back = try #require(try Checkpoint.read(from: path).state?.records.first)
        #expect(back.loss.isNaN && back.testAccuracy.isNaN) // JSON's null: what is not finite comes back as NaN
        #expect(back.data == "my \"digits\" \\ set" && back.iteration == 3 && back.trainAccuracy == 0.5)

        // The same file with its records replaced: each malformed list is refused, saying what is wrong.
        let metadata = try SafetensorsFile(contentsOf: path).metadata
        for (records, expected) in [("[{\"epoch\": \"one\"}]", "\"epoch\" is not a whole number"),
                                    ("[{\"loss\": true}]", "\"loss\" is not a number"),
                                    ("{\"epoch\": 1}", "not a list"), ("[3]", "record 1 is a number"),
                                    ("[{\"epoch\": 1, \"epoch\": 2}]", "duplicate key"), ("[{\"data\": 5}]", "\"data\" is not a string"),
                                    ("[{", "corrupt")] {
            var writer = SafetensorsWriter(metadata: metadata.merging(["records": records]) { $1 })
            try writer.add("w", floats: [1], shape: [1])
            try writer.write(to: path)
            do {
                _ = try Checkpoint.read(from: path)
                Issue.record("records \(records) were accepted")
            } catch {
                #expect("\(error)".contains("epoch records are corrupt") && "\(error)".contains(expected), "\(records): \(error)")
            }
        }
    }

    @Test func confusionMatrixCountsAndReports() {
        let matrix = ConfusionMatrix(classNames: ["cat", "dog"], labels: [0, 0, 1, 1, 1], predictions: [0, 1, 1, 1, 0])
        #expect(matrix.counts == [[1, 1], [1, 2]])
        #expect(matrix.accuracy == 0.6)
        #expect(matrix.perClassAccuracy == [0.5, 2.0 / 3.0])
        #expect(matrix.report.hasPrefix("test acc 0.6000 (3 of 5)\n"))
        #expect(matrix.report.contains("  cat    0.500  (1 of 2)"))
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LenetRuntime
import Testing

@Suite struct TrainingLogTests {
    let record = EpochRecord(epoch: 1, loss: 2.31934, trainAccuracy: 0.1034, testAccuracy: 0.1, seconds: 3.52,
                             examplesPerSecond: 17_045.5, learningRate: 0.9, iteration: 235, data: "mnist")

    @Test func epochLineIsD2Ls() {
        #expect(record.line == "epoch 1, loss 2.3193, train acc 0.103, test acc 0.100, time 3.5 sec")
    }

    @Test func summaryIsD2Ls() {
        let text = summaryLines(last: record, examplesPerSecond: 12_345.67, threads: 2)
        #expect(text == "loss 2.319, train acc 0.103, test acc 0.100\n12345.7 examples/sec on cpu (2 threads)\n")
        #expect(summaryLines(last: record, examplesPerSecond: 1, threads: 1).hasSuffix("on cpu (1 thread)\n"))
    }

    @Test func jsonRecordParsesAndNaNBecomesNull() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(record.json.utf8)) as? [String: Any])
        #expect(object["epoch"] as? Int == 1)
        #expect(object["train_acc"] as? Double == 0.1034)
        #expect(object["data"] as? String == "mnist")
        var broken = record
        broken.loss = .nan
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(broken.json.utf8)) as? [String: Any])
        #expect(parsed["loss"] is NSNull)
        #expect(broken.line.contains("loss nan"))
    }

    @Test func metricsWriterWritesOneLinePerEpochAndAppendsOnResume() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let writer = try MetricsWriter(path: path)
            try writer.write(record)
        }
        do {
            let writer = try MetricsWriter(path: path, append: true)
            var second = record
            second.epoch = 2
            try writer.write(second)
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains("\"epoch\": 2"))
        #expect(throws: RuntimeFileError.self) { try MetricsWriter(path: "/nonexistent-dir/m.jsonl") }
    }

    @Test func progressBarRendersAndStaysQuietWhenDisabled() {
        let bar = ProgressBar(label: "epoch 3/10", total: 200, enabled: false)
        let line = bar.render(step: 50, loss: 0.51234, examples: 12_800, elapsed: 1.0)
        #expect(line == "epoch 3/10 [██████░░░░░░░░░░░░░░░░░░]  25% 50/200  loss 0.5123  12800 ex/s  ETA 3s")
        #expect(!bar.enabled)
    }

    @Test func plotIsWellFormedSVGWithD2LsThreeCurves() throws {
        let records = (1...10).map { i in
            EpochRecord(epoch: i, loss: 2.3 / Double(i), trainAccuracy: 1 - 0.9 / Double(i), testAccuracy: 1 - 0.88 / Double(i),
                        seconds: 1, examplesPerSecond: 1, learningRate: 0.9, iteration: i * 235, data: "synthetic")
        }
        let svg = TrainingPlot(title: "lenet <mnist>", records: records, epochs: 10).svg()
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "the SVG must be well-formed XML")
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 3)
        for name in ["train loss", "train acc", "test acc"] { #expect(svg.contains(">\(name)</text>")) }
        #expect(svg.contains("lenet &lt;mnist&gt;"))

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plot-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TrainingPlot(title: "x", records: records, epochs: 10).write(to: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(throws: RuntimeFileError.self) { try TrainingPlot(title: "x", records: records, epochs: 10).write(to: "/nonexistent-dir/p.svg") }
    }
}

import Foundation
import LenetModel
import LenetRuntime
import Testing
import LenetEngine

/// Parity with PyTorch: the fixtures hold, for five LeNet variants, an input batch of 8, labels,
/// the parameters, and PyTorch's logits, loss, gradients and parameters after one SGD step (lr 0.9).
/// Every tensor must match with relative error ≤ 1e-4, where
///   relative = max_i |ours_i − torch_i| / max(max_i |torch_i|, 1e-8)   (max-norm relative).
/// Each tensor's max |diff| is printed, like llm.c's test_gpt2.c.
@Suite("PyTorch parity")
struct ParityTests {
    static let variants = ["lenet-sigmoid-avg-pad", "lenet-sigmoid-max-pad", "lenet-sigmoid-avg-nopad",
                           "lenet-sigmoid-max-nopad", "lenet-relu-max-pad"]
    static let tolerance: Float = 1e-4

    static func yaml(pool: String, padding: Int, activation: String) -> String {
        """
        name: parity
        input: [1, 28, 28]
        layers:
          - conv: {filters: 6, kernel: 5, padding: \(padding)}
          - \(activation)
          - \(pool)pool: {size: 2, stride: 2}
          - conv: {filters: 16, kernel: 5}
          - \(activation)
          - \(pool)pool: {size: 2, stride: 2}
          - flatten
          - dense: 120
          - \(activation)
          - dense: 84
          - \(activation)
          - dense: 10
        train:
          optimizer: {sgd: {lr: 0.9}}
          batch: 8
        """
    }

    @Test("forward, loss, gradients and one SGD step match PyTorch", arguments: variants)
    func matchesPyTorch(variant: String) throws {
        let manifestData = try Data(contentsOf: fixturesDirectory.appendingPathComponent("manifest.json"))
        guard let manifest = try JSONSerialization.jsonObject(with: manifestData) as? [String: Any],
              let settings = manifest[variant] as? [String: Any],
              let pool = settings["pool"] as? String, let padding = settings["padding"] as? Int,
              let activation = settings["activation"] as? String, let torchLoss = settings["loss"] as? Double
        else { throw TestFailure("manifest.json lacks the settings of \(variant)") }

        let model = try buildModel(Self.yaml(pool: pool, padding: padding, activation: activation))
        let file = try SafetensorsFile(contentsOf: fixturesDirectory.appendingPathComponent("\(variant).safetensors").path)
        let network = try Network(model: model, threads: 2)
        try network.loadParameters(from: file)
        let input = try file.floats("input")
        let labels = try file.int64s("labels").map { Int32($0) }

        var lines: [String] = ["[\(variant)]"]
        var failures: [String] = []
        func check(_ name: String, _ ours: [Float], _ theirs: [Float]) {
            let c = compare(ours, theirs)
            let ok = c.relative <= Self.tolerance
            let padded = name.padding(toLength: 16, withPad: " ", startingAt: 0)
            lines.append((ok ? "OK  " : "BAD ") + padded
                         + String(format: " max|diff| %.3e  (max|torch| %.3e, relative %.2e)", c.maxDiff, c.scale, c.relative))
            if !ok { failures.append(name) }
        }

        let logits = try network.logits(images: input)
        check("logits", logits, try file.floats("logits"))
        var rng = SeededRNG(seed: 0)
        let result = try network.computeGradients(images: input, labels: labels, dropoutRNG: &rng)
        let loss = result.lossSum / Double(labels.count)
        check("loss", [Float(loss)], try file.floats("loss"))
        #expect(abs(loss - torchLoss) / torchLoss <= Double(Self.tolerance))
        for entry in network.model.parameters {
            check("grad.\(entry.name)", try network.gradient(named: entry.name), try file.floats("grad.\(entry.name)"))
        }
        var sgd = FlatOptimizer(settings: .sgd(lr: 0.9, momentum: 0, weightDecay: 0, nesterov: false),
                                parameterCount: network.parameterCount)
        try network.withParameters { p in
            try network.withGradients { g in try sgd.update(parameters: p, gradients: UnsafeBufferPointer(g), lr: 0.9) }
        }
        for entry in network.model.parameters {
            check("sgd.\(entry.name)", try network.parameter(named: entry.name), try file.floats("sgd.\(entry.name)"))
        }
        print(lines.joined(separator: "\n"))
        #expect(failures.isEmpty, "tensors beyond tolerance: \(failures)")
    }
}

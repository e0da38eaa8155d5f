import Foundation
import LenetModel
import LenetRuntime
import Testing
@testable import LenetEmitter

/// Emitted networks against PyTorch (the five fixture variants) and against a plain Double
/// reference (specs the fixtures do not cover). Every tensor must agree to a relative error of
/// 1e-4, relative = max |ours − theirs| / max |theirs|; each tensor's max |diff| is printed, as
/// llm.c's test_gpt2.c does.
@Suite("Emitted networks: parity", .serialized)
struct ParityTests {
    static let fixtures: [(variant: String, spec: String)] = [
        ("lenet-sigmoid-avg-pad", "lenet"), ("lenet-sigmoid-max-pad", "lenet-max"),
        ("lenet-sigmoid-avg-nopad", "lenet-nopad"), ("lenet-sigmoid-max-nopad", "lenet-max-nopad"),
        ("lenet-relu-max-pad", "lenet-relu"),
    ]
    static let fixturesDirectory = repositoryRoot.appendingPathComponent("Tests/Fixtures/reference")

    static func manifest(_ variant: String) throws -> [String: Any] {
        let data = try Data(contentsOf: fixturesDirectory.appendingPathComponent("manifest.json"))
        guard let all = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let entry = all[variant] as? [String: Any] else { throw TestFailure("manifest.json lacks \(variant)") }
        return entry
    }

    @Test("logits, loss, gradients and one SGD step match PyTorch", arguments: fixtures)
    func matchesPyTorch(_ fixture: (variant: String, spec: String)) throws {
        let built = try Harness.built.get()
        let model = try #require(built.models[fixture.spec])
        let path = Self.fixturesDirectory.appendingPathComponent("\(fixture.variant).safetensors")
        let torch = try SafetensorsOutput(path: path.path)
        let settings = try Self.manifest(fixture.variant)
        // The fixture's network is the spec's network.
        let expected = (settings["activation"] as? String, settings["pool"] as? String, settings["padding"] as? Int)
        let conv0 = model.layers.compactMap { if case let .conv(c) = $0.op { return c } else { return nil } }.first
        let pool = model.layers.compactMap { if case let .pool(p) = $0.op { return p } else { return nil } }.first
        let activation = model.layers.compactMap { if case let .activation(a) = $0.op { return a } else { return nil } }.first
        #expect(expected.0 == activation?.rawValue && expected.1.map { $0 + "pool" } == pool?.op.rawValue
                && expected.2 == conv0?.padding.h, "\(fixture.spec) is not the network of \(fixture.variant)")

        let ours = try Harness.run(fixture.spec, input: path, threads: 2)
        var checks = [Comparison("logits", try ours.doubles("logits"), try torch.doubles("logits")),
                      Comparison("loss", try ours.doubles("loss"), try torch.doubles("loss"))]
        if let loss = settings["loss"] as? Double {
            checks.append(Comparison("loss (float64)", try ours.doubles("loss"), [loss]))
        }
        for p in model.parameters {
            checks.append(Comparison("grad." + p.name, try ours.doubles("grad." + p.name), try torch.doubles("grad." + p.name)))
        }
        for p in model.parameters {
            checks.append(Comparison("sgd." + p.name, try ours.doubles("sgd." + p.name), try torch.doubles("sgd." + p.name)))
        }
        print("[\(fixture.variant): \(fixture.spec)]\n" + checks.map(\.description).joined(separator: "\n"))
        for check in checks { #expect(check.ok, "\(fixture.variant): \(check)") }
        let torchLogits = try torch.doubles("logits")
        let predicted = try ours.ints("predictions")
        let argmax = (0..<predicted.count).map { e in (0..<10).max { torchLogits[e * 10 + $0] < torchLogits[e * 10 + $1] }! }
        #expect(predicted == argmax)
        let labels = try torch.ints("labels")
        #expect(try ours.ints("correct") == [zip(argmax, labels).filter { $0 == $1 }.count])
        #expect(try ours.ints("repeatable") == [1], "a second trainStep gave different gradients")
    }

    /// Tensor k's values as Tests/Fixtures/wide/make_fixtures.py's `parameter` computes them.
    static func formulaParameter(_ k: Int, count: Int, fanIn: Int, fanOut: Int, isBias: Bool) -> [Float] {
        let bound = isBias ? 0.1 : (6.0 / Double(fanIn + fanOut)).squareRoot()
        return (0..<count).map { i in
            let q = (UInt64(i) &* 2_654_435_761 &+ UInt64((k + 1) * 40503)) % (1 << 32)
            let u = Double(q % 20001) - 10000
            return Float(u / 10000.0 * bound)
        }
    }

    @Test("the wide specs' kernels match PyTorch's float64 gradients", arguments: Harness.wideFixtureSpecs)
    func matchesWideFixture(_ spec: String) throws {
        let built = try Harness.built.get()
        let model = try #require(built.models[spec])
        let fixture = repositoryRoot.appendingPathComponent("Tests/Fixtures/wide/\(spec).safetensors")
        let torch = try SafetensorsOutput(path: fixture.path)
        var writer = SafetensorsWriter()
        for (k, p) in model.parameters.enumerated() {
            try writer.add(p.name, floats: Self.formulaParameter(k, count: p.count, fanIn: p.isBias ? 1 : p.fanIn,
                                                                  fanOut: p.isBias ? 1 : p.fanOut, isBias: p.isBias), shape: p.shape)
        }
        let labels = try torch.file.int64s("labels")
        try writer.add("input", floats: try torch.file.floats("input"), shape: [labels.count, model.input.count])
        try writer.add("labels", int64s: labels, shape: [labels.count])
        let input = built.directory.appendingPathComponent("\(spec)-input.safetensors")
        try writer.write(to: input.path)
        let ours = try Harness.run(spec, input: input, threads: 2)
        var checks = [Comparison("logits", try ours.doubles("logits"), try torch.doubles("logits")),
                      Comparison("loss", try ours.doubles("loss"), try torch.doubles("loss"))]
        for p in model.parameters {
            let grad = try ours.doubles("grad." + p.name)
            if let whole = try? torch.doubles("grad." + p.name) {
                checks.append(Comparison("grad." + p.name, grad, whole))
            } else {
                let index = try torch.ints("grad.\(p.name).index")
                checks.append(Comparison("grad.\(p.name) (\(index.count) sampled)", index.map { grad[$0] },
                                         try torch.doubles("grad.\(p.name).value")))
            }
        }
        print("[\(spec): \(labels.count) examples, 2 threads, against PyTorch float64]\n" + checks.map(\.description).joined(separator: "\n"))
        for check in checks { #expect(check.ok, "\(spec): \(check)") }
    }

    /// Random parameters (Xavier-uniform weights, small non-zero biases), images and labels.
    static func randomInputs(_ model: Model, count: Int, seed: UInt64) -> (parameters: [String: [Float]], images: [Float], labels: [Int32]) {
        var rng = SeededRNG(seed: seed)
        var parameters: [String: [Float]] = [:]
        for p in model.parameters {
            let bound = p.isBias ? 0.1 : Float((6.0 / Double(p.fanIn + p.fanOut)).squareRoot())
            parameters[p.name] = (0..<p.count).map { _ in rng.uniform(-bound, bound) }
        }
        let images = (0..<(count * model.input.count)).map { _ in rng.nextFloat() }
        let labels = (0..<count).map { _ in Int32(rng.int(below: model.dataset.classCount)) }
        return (parameters, images, labels)
    }

    static let referenceCases: [(spec: String, count: Int)] = [
        ("exotic-a", 70), ("exotic-b", 70), ("exotic-c", 20), ("lenet5", 12), ("caffe-lenet", 9),
        ("keras-mnist", 20), ("tf-deep-mnist", 9), ("tf-deep-mnist", 11), ("torch-mnist", 9), ("wide-a", 26), ("wide-b", 50), ("wide-c", 17),
    ]

    @Test("logits, loss, gradients and one SGD step match the plain reference", arguments: referenceCases)
    func matchesReference(_ spec: String, count: Int) throws {
        let built = try Harness.built.get()
        let model = try #require(built.models[spec])
        let (parameters, images, labels) = Self.randomInputs(model, count: count, seed: 42)
        var writer = SafetensorsWriter()
        for p in model.parameters { try writer.add(p.name, floats: parameters[p.name]!, shape: p.shape) }
        try writer.add("input", floats: images, shape: [count, model.input.count])
        try writer.add("labels", int64s: labels.map { Int64($0) }, shape: [count])
        let input = built.directory.appendingPathComponent("\(spec)-input.safetensors")
        try writer.write(to: input.path)

        let dropoutSeed: UInt64 = 7
        let ours = try Harness.run(spec, input: input, threads: 2, dropoutSeed: dropoutSeed)
        let reference = ReferenceNetwork(model: model)
        let evaluation = reference.run(parameters: parameters, images: images, labels: nil, count: count, training: false)
        let training = reference.run(parameters: parameters, images: images, labels: labels, count: count, dropoutSeed: dropoutSeed)

        var checks = [Comparison("logits (eval)", try ours.doubles("logits"), evaluation.logits),
                      Comparison("loss", try ours.doubles("loss"), [training.loss])]
        for p in model.parameters {
            checks.append(Comparison("grad." + p.name, try ours.doubles("grad." + p.name), training.gradients[p.name]!))
        }
        for p in model.parameters {
            let stepped = zip(parameters[p.name]!, training.gradients[p.name]!).map { Double($0) - 0.9 * $1 }
            checks.append(Comparison("sgd." + p.name, try ours.doubles("sgd." + p.name), stepped))
        }
        print("[\(spec): \(count) examples, 2 threads, dropout seed \(dropoutSeed)]\n" + checks.map(\.description).joined(separator: "\n"))
        for check in checks { #expect(check.ok, "\(spec): \(check)") }
        // Every parameter got a gradient (a block silently skipped would leave zeros).
        for p in model.parameters { #expect(try ours.doubles("grad." + p.name).contains { $0 != 0 }, "\(spec): grad.\(p.name) is all zero") }
        let logits = try ours.doubles("logits"), classes = model.dataset.classCount
        let argmax = (0..<count).map { e in (0..<classes).max { logits[e * classes + $0] < logits[e * classes + $1] }! }
        #expect(try ours.ints("predictions") == argmax)
        #expect(try ours.ints("repeatable") == [1], "a second trainStep gave different gradients")
        // The weights of batched dense blocks are updated in the backward pass, with the bits of the
        // update after the step.
        let batchedWeights = try Emitter.plan(model).blocks.compactMap { block -> Int? in
            guard case let .dense(g, _, _, batched) = block.op, batched else { return nil }
            return g.inputs * g.outputs
        }.reduce(0, +)
        #expect(try ours.ints("fusedValues") == [batchedWeights])
        #expect(try ours.ints("fused") == [1], "\(spec): the fused update's parameters differ from the update after the step")
        #expect(try ours.ints("nonFiniteUntouched") == [1], "\(spec): a step with a non-finite loss changed the parameters")
    }

    @Test("the thread count changes no bit of the results", arguments: [("lenet", 100), ("wide-a", 100), ("tf-deep-mnist", 50)])
    func threadCountInvariance(_ spec: String, count: Int) throws {
        let built = try Harness.built.get()
        let model = try #require(built.models[spec])
        // 100 examples: 13 groups (the last one partial) in 4 chunks; wide-a's batched block splits
        // its outputs and inputs between the threads instead; tf-deep-mnist's channel-split convs
        // split their channels, its last group of 2 in short-group kernels.
        let (parameters, images, labels) = Self.randomInputs(model, count: count, seed: 9)
        var writer = SafetensorsWriter()
        for p in model.parameters { try writer.add(p.name, floats: parameters[p.name]!, shape: p.shape) }
        try writer.add("input", floats: images, shape: [count, model.input.count])
        try writer.add("labels", int64s: labels.map { Int64($0) }, shape: [count])
        let input = built.directory.appendingPathComponent("threads-\(spec)-input.safetensors")
        try writer.write(to: input.path)
        let one = try Harness.run(spec, input: input, threads: 1), three = try Harness.run(spec, input: input, threads: 3)
        for name in ["logits", "loss"] + model.parameters.flatMap({ ["grad." + $0.name, "sgd." + $0.name] }) {
            #expect(try one.doubles(name) == three.doubles(name), "\(name) depends on the thread count")
        }
        #expect(try one.ints("correct") == three.ints("correct"))
    }

    @Test("the plain reference itself matches PyTorch")
    func referenceMatchesPyTorch() throws {
        for (variant, spec) in [("lenet-sigmoid-avg-pad", "lenet"), ("lenet-relu-max-pad", "lenet-relu")] {
            let model = try specModel(spec)
            let torch = try SafetensorsOutput(path: Self.fixturesDirectory.appendingPathComponent("\(variant).safetensors").path)
            var parameters: [String: [Float]] = [:]
            for p in model.parameters { parameters[p.name] = try torch.file.floats(p.name) }
            let labels = try torch.file.int64s("labels").map { Int32($0) }
            let result = ReferenceNetwork(model: model).run(parameters: parameters, images: try torch.file.floats("input"),
                                                            labels: labels, count: labels.count)
            var checks = [Comparison("logits", result.logits, try torch.doubles("logits")),
                          Comparison("loss", [result.loss], try torch.doubles("loss"))]
            for p in model.parameters {
                checks.append(Comparison("grad." + p.name, result.gradients[p.name]!, try torch.doubles("grad." + p.name)))
            }
            for check in checks { #expect(check.ok, "reference on \(variant): \(check)") }
        }
    }
}

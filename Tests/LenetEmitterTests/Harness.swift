import Foundation
import LenetModel
import LenetRuntime
@testable import LenetEmitter

/// One binary holding the emitted networks of several specs, built once per test run: each network's
/// Network.swift (as `lenetc emit` writes it), the runtime files, and a small driver. The driver
/// loads parameters, input and labels from a safetensors file, runs the network, and writes what it
/// computed to another safetensors file:
///
///     harness NAME IN OUT THREADS DROPOUT_SEED
///
/// writes `logits` (evaluation mode), `predictions`, `loss` (mean), `correct`, `grad.<p>`, `sgd.<p>`
/// (each parameter after one plain SGD step, lr 0.9), `repeatable` (1 when a second trainStep from
/// the same parameters gives bit-identical gradients and loss), `fused` (1 when two AdamW steps with
/// the update fused into the backward pass leave the bits of two steps updated after the step) and
/// `fusedValues` (how many parameters the network updates in its backward pass). For a spec of Specs/,
///
///     harness train NAME FLAGS...
///
/// is that spec's emitted trainer: its main.swift's recipe and architecture handed to the runtime's
/// `TrainerMain` with `FLAGS` (the flags of `lenetc run`).
enum Harness {
    /// The networks in the harness: every spec in Specs/ (the five PyTorch fixture variants among
    /// them), and specs that exercise what the fixtures do not.
    static let specNames = LenetEmitterTests.specNames()

    static let extraSpecs: [String: String] = [
        // Rectangular kernels, strides and paddings; max pooling with a −∞ border; an odd-size average
        // pooling with padding; dropout after flatten; tanh and relu.
        "exotic-a": """
        name: exotic-a
        input: [1, 28, 28]
        layers:
          - conv: {filters: 4, kernel: [3, 5], stride: [2, 1], padding: [1, 2], activation: tanh}
          - maxpool: {size: 3, stride: 2, padding: 1}
          - conv: {filters: 5, kernel: 3, padding: same, activation: relu}
          - avgpool: {size: [2, 3], stride: [1, 2], padding: [1, 1]}
          - flatten
          - dropout: 0.3
          - dense: {units: 32, activation: tanh}
          - dense: 10
        """,
        // Pooling before any parameter (forward-only blocks); an activation of its own after a pool;
        // a strided conv; dense without activation before dropout; ends in an activation.
        "exotic-b": """
        name: exotic-b
        input: [1, 28, 28]
        layers:
          - avgpool: 2
          - conv: {filters: 3, kernel: 3}
          - maxpool: 2
          - relu
          - conv: {filters: 4, kernel: 3, stride: 2}
          - sigmoid
          - flatten
          - dense: 12
          - dropout: 0.5
          - dense: 10
          - tanh
        """,
        // A 1×1 conv; max pooling whose windows do not tile its input; a window larger than 16
        // (looped, not unrolled) with padding; an activation after flatten.
        "exotic-c": """
        name: exotic-c
        input: [1, 28, 28]
        layers:
          - conv: {filters: 3, kernel: 1, activation: tanh}
          - maxpool: {size: 5, stride: 5}
          - conv: {filters: 6, kernel: [2, 3]}
          - avgpool: {size: 5, stride: 1, padding: 2}
          - flatten
          - relu
          - dense: 10
        """,
        // Batched dense blocks (weights over Tiling.batchedDenseBytes): inputs that are not whole
        // vectors (1,950), output and input tiles with remainders (602 = 150·4 + 2), and, at batch 256,
        // both blocked sums; a lane dropout and dense between it and the loss.
        "wide-a": """
        name: wide-a
        input: [1, 28, 28]
        layers:
          - conv: {filters: 3, kernel: [3, 4], activation: relu}
          - flatten
          - dense: {units: 602, activation: tanh}
          - dropout: 0.2
          - dense: 10
        train: {batch: 256}
        """,
        // Batched blocks first (the input spans the batch) and two in a row.
        "wide-b": """
        name: wide-b
        input: [1, 28, 28]
        layers:
          - flatten
          - dense: {units: 1400, activation: relu}
          - dense: {units: 800, activation: sigmoid}
          - dense: 10
        train: {batch: 64}
        """,
        // A batched block last: the final lane stage holds the loss alone.
        "wide-c": """
        name: wide-c
        input: [1, 28, 28]
        layers:
          - conv: {filters: 140, kernel: 3, padding: same, activation: relu}
          - flatten
          - dense: 10
        """,
    ]

    /// The networks of the wide specs' PyTorch fixtures (Tests/Fixtures/wide/).
    static let wideFixtureSpecs = ["keras-mnist-fixture", "tf-deep-mnist-fixture"]

    struct Built {
        var directory: URL
        var executable: URL
        var models: [String: Model]
        var seconds: Double
    }

    static func models() throws -> [String: Model] {
        var models: [String: Model] = [:]
        for name in specNames { models[name] = try specModel(name) }
        for (name, yaml) in extraSpecs { models[name] = try buildModel(yaml, path: "\(name).yaml") }
        for name in wideFixtureSpecs {
            let path = "Tests/Fixtures/wide/\(name).yaml"
            models[name] = try buildModel(String(contentsOfFile: repositoryRoot.appendingPathComponent(path).path, encoding: .utf8), path: path)
        }
        return models
    }

    /// Built on first use; every test that needs it waits for the same build.
    static let built: Result<Built, Error> = Result { try build() }

    static func build() throws -> Built {
        let start = Date()
        let models = try models()
        let directory = try temporaryDirectory("lenetc-emit-harness")
        let sources = directory.appendingPathComponent("src")
        let runtime = directory.appendingPathComponent("LenetRuntime")
        let zlib = directory.appendingPathComponent("CZlib")
        for folder in [sources, runtime, zlib] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        try PackageRenderer.moduleMap.write(to: zlib.appendingPathComponent("module.modulemap"), atomically: true, encoding: .utf8)
        try PackageRenderer.shim.write(to: zlib.appendingPathComponent("shim.h"), atomically: true, encoding: .utf8)
        for file in EmbeddedRuntime.files {
            try file.text.write(to: runtime.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
        var types: [String: String] = [:], trainers: [String] = []
        for (name, model) in models.sorted(by: { $0.key < $1.key }) {
            let package = try Emitter.emit(model)
            guard let network = package.file("Sources/\(package.name)/Network.swift") else {
                throw TestFailure("the package of \(name) has no Network.swift")
            }
            try network.write(to: sources.appendingPathComponent("Network-\(name).swift"), atomically: true, encoding: .utf8)
            types[name] = package.typeName
            if specNames.contains(name) {
                let call = MainRenderer.trainerCall(
                    name: name, dataset: model.train.dataset, typeName: package.typeName,
                    recipe: MainRenderer.recipe(model.train), architecture: "#\"\"\"\n\(model.architecture)\n\"\"\"#",
                    normalization: model.normalize.map(MainRenderer.normalization), arguments: "arguments")
                trainers.append("    \"\(name)\": { arguments in \(call) },")
            }
        }
        try driver(types, trainers: trainers).write(to: sources.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        func swiftFiles(_ folder: URL) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { folder.appendingPathComponent($0).path }
        }
        // As an emitted package builds: the runtime a module of its own, the networks importing it.
        var flags = ["-Ounchecked", "-wmo", "-num-threads", "2", "-I", zlib.path]
        #if arch(x86_64)
        flags += ["-Xcc", "-march=x86-64-v3"]
        #endif
        let swiftc = URL(fileURLWithPath: try swiftExecutable()).deletingLastPathComponent().appendingPathComponent("swiftc").path
        let library = try runProcess(swiftc, flags + ["-parse-as-library", "-module-name", "LenetRuntime", "-emit-module",
                                                      "-emit-module-path", directory.appendingPathComponent("LenetRuntime.swiftmodule").path,
                                                      "-emit-library", "-static", "-o", directory.appendingPathComponent("libLenetRuntime.a").path]
                                     + swiftFiles(runtime))
        guard library.status == 0 else {
            throw TestFailure("the runtime does not compile as a module:\n\(library.stderr.prefix(6000))")
        }
        let executable = directory.appendingPathComponent("harness")
        let result = try runProcess(swiftc, flags + ["-I", directory.path, "-L", directory.path, "-lLenetRuntime", "-lz"]
                                    + swiftFiles(sources) + ["-o", executable.path])
        guard result.status == 0 else {
            throw TestFailure("the harness does not compile:\n\(result.stderr.prefix(6000))")
        }
        // Emitted code must compile without warnings.
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("warning:") && $0.contains("Network-") }
        guard warnings.isEmpty else { throw TestFailure("emitted code compiles with warnings:\n\(warnings.joined(separator: "\n"))") }
        return Built(directory: directory, executable: executable, models: models, seconds: Date().timeIntervalSince(start))
    }

    static func driver(_ types: [String: String], trainers: [String]) -> String {
        let sorted = types.sorted { $0.key < $1.key }
        return """
        import Foundation
        import LenetRuntime

        let trainers: [String: ([String]) -> Int32] = [
        \(trainers.joined(separator: "\n"))
        ]
        if CommandLine.arguments.count >= 3, CommandLine.arguments[1] == "train" {
            guard let train = trainers[CommandLine.arguments[2]] else {
                FileHandle.standardError.write(Data("no trainer \\(CommandLine.arguments[2]) (names: \\(trainers.keys.sorted()))\\n".utf8))
                exit(2)
            }
            exit(train(Array(CommandLine.arguments.dropFirst(2))))
        }

        protocol HarnessNetwork: TrainableNetwork {
            func logits(images: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>)
        }
        \(sorted.map { "extension \($0.value): HarnessNetwork {}" }.joined(separator: "\n"))

        let networks: [String: (Int, Int) -> (any HarnessNetwork, Int)] = [
        \(sorted.map { "    \"\($0.key)\": { (\($0.value)(maxBatch: $0, threads: $1), \($0.value).classes) }," }.joined(separator: "\n"))
        ]

        func fail(_ message: String) -> Never {
            FileHandle.standardError.write(Data((message + "\\n").utf8))
            exit(1)
        }

        let arguments = CommandLine.arguments
        guard arguments.count == 6, let make = networks[arguments[1]], let threads = Int(arguments[4]),
              let seed = UInt64(arguments[5]) else {
            fail("usage: harness NAME IN OUT THREADS DROPOUT_SEED (names: \\(networks.keys.sorted()))")
        }
        do {
            let file = try SafetensorsFile(contentsOf: arguments[2])
            let labels = try file.int64s("labels").map { Int32($0) }
            let images = try file.floats("input")
            let count = labels.count
            let (network, classes) = make(count, threads)
            for slot in network.parameterLayout {
                let values = try file.floats(slot.name)
                guard values.count == slot.count else { fail("\\(slot.name): \\(values.count) values, expected \\(slot.count)") }
                for i in 0..<slot.count { network.parameters[slot.offset + i] = values[i] }
            }
            var logits = [Float](repeating: 0, count: count * classes)
            network.logits(images: images, count: count, into: &logits)
            var predictions = [Int32](repeating: -1, count: count)
            network.predict(images: images, count: count, into: &predictions)
            let result = network.trainStep(images: images, labels: labels, count: count, dropoutSeed: seed)
            let gradients = Array(network.gradients)
            let again = network.trainStep(images: images, labels: labels, count: count, dropoutSeed: seed)
            let repeatable = gradients == Array(network.gradients) && result.lossSum == again.lossSum && result.correct == again.correct

            var writer = SafetensorsWriter()
            try writer.add("logits", floats: logits, shape: [count, classes])
            try writer.add("predictions", int64s: predictions.map { Int64($0) }, shape: [count])
            try writer.add("loss", floats: [Float(result.lossSum / Double(count))], shape: [1])
            try writer.add("correct", int64s: [Int64(result.correct)], shape: [1])
            try writer.add("repeatable", int64s: [repeatable ? 1 : 0], shape: [1])
            for slot in network.parameterLayout {
                try writer.add("grad." + slot.name, floats: Array(network.gradients[slot.offset..<(slot.offset + slot.count)]), shape: slot.shape)
            }
            var sgd = FlatOptimizer(settings: .sgd(lr: 0.9, momentum: 0, weightDecay: 0, nesterov: false),
                                    parameterCount: network.parameters.count)
            try sgd.update(parameters: network.parameters, gradients: UnsafeBufferPointer(network.gradients), lr: 0.9)
            for slot in network.parameterLayout {
                try writer.add("sgd." + slot.name, floats: Array(network.parameters[slot.offset..<(slot.offset + slot.count)]), shape: slot.shape)
            }

            // Two AdamW steps with the update fused into the backward pass, against two with the update
            // after each step, from the same parameters: the same bits.
            let start = Array(network.parameters)
            let adamw = OptimizerSettings.adamw(lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01)
            var after = FlatOptimizer(settings: adamw, parameterCount: network.parameters.count)
            for _ in 0..<2 {
                _ = network.trainStep(images: images, labels: labels, count: count, dropoutSeed: seed)
                try after.update(parameters: network.parameters, gradients: UnsafeBufferPointer(network.gradients), lr: 0.01, threads: threads)
            }
            let updatedAfter = Array(network.parameters)
            for i in start.indices { network.parameters[i] = start[i] }
            var fused = FlatOptimizer(settings: adamw, parameterCount: network.parameters.count)
            for _ in 0..<2 {
                _ = try fused.update(parameters: network.parameters, gradients: UnsafeBufferPointer(network.gradients), lr: 0.01,
                                     threads: threads, fusing: network.fusedUpdateRanges) { update in
                    network.trainStep(images: images, labels: labels, count: count, dropoutSeed: seed, update: update)
                }
            }
            let same = Array(network.parameters) == updatedAfter && after.state == fused.state
            try writer.add("fused", int64s: [same ? 1 : 0], shape: [1])
            try writer.add("fusedValues", int64s: [Int64(network.fusedUpdateRanges.reduce(0) { $0 + $1.count })], shape: [1])
            // A non-finite loss (an image of NaNs): the network applies no fused update, the loop stops.
            struct NonFinite: Error {}
            var poisoned = images
            for i in 0..<network.inputSize { poisoned[i] = .nan }
            let before = Array(network.parameters)
            var stopped = false
            do {
                _ = try fused.update(parameters: network.parameters, gradients: UnsafeBufferPointer(network.gradients), lr: 0.01,
                                     threads: threads, fusing: network.fusedUpdateRanges) { update in
                    let step = network.trainStep(images: poisoned, labels: labels, count: count, dropoutSeed: seed, update: update)
                    if !step.lossSum.isFinite { throw NonFinite() }
                }
            } catch is NonFinite { stopped = true }
            try writer.add("nonFiniteUntouched", int64s: [stopped && Array(network.parameters) == before && fused.step == 2 ? 1 : 0], shape: [1])
            try writer.write(to: arguments[3])
        } catch {
            fail("\\(error)")
        }

        """
    }

    /// Runs spec `name`'s emitted trainer with `flags` (those of `lenetc run`).
    static func train(_ name: String, _ flags: [String]) throws -> ProcessResult {
        try runProcess(try built.get().executable.path, ["train", name] + flags)
    }

    /// Runs network `name` on the tensors in `input` (a safetensors file) and reads what it wrote.
    static func run(_ name: String, input: URL, threads: Int, dropoutSeed: UInt64 = 0) throws -> SafetensorsOutput {
        let built = try built.get()
        let output = built.directory.appendingPathComponent("\(name)-\(UUID().uuidString).safetensors")
        let result = try runProcess(built.executable.path, [name, input.path, output.path, String(threads), String(dropoutSeed)])
        guard result.status == 0 else { throw TestFailure("harness \(name) failed (\(result.status)): \(result.stderr)") }
        return try SafetensorsOutput(path: output.path)
    }
}

/// A harness output file with Double accessors.
struct SafetensorsOutput {
    let file: SafetensorsFile
    init(path: String) throws { file = try SafetensorsFile(contentsOf: path) }
    func doubles(_ name: String) throws -> [Double] { try file.floats(name).map(Double.init) }
    func ints(_ name: String) throws -> [Int] { try file.int64s(name).map { Int($0) } }
}

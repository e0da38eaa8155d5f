import Foundation
import LenetModel
import LenetRuntime
import LenetSpec
import Testing
@testable import LenetEmitter

@Suite("Lowering a model to fused blocks")
struct LoweringTests {
    static let hugeSpec = """
    name: huge
    input: [1, 28, 28]
    layers:
      - conv: {filters: 4096, kernel: 1}
      - conv: {filters: 4096, kernel: 1}
      - conv: {filters: 4096, kernel: 1}
      - conv: {filters: 4096, kernel: 1}
      - conv: {filters: 4096, kernel: 1}
      - conv: {filters: 4096, kernel: 1}
      - maxpool: 28
      - flatten
      - dense: 10
    """

    @Test("lenet: conv+sigmoid+pool and dense+sigmoid fused, backward down to the first conv")
    func lenetBlocks() throws {
        let plan = try Emitter.plan(try specModel("lenet"))
        #expect(plan.blocks.map(\.name) == ["conv0_sigmoid1_avgpool2", "conv3_sigmoid4_avgpool5", "dense7_sigmoid8",
                                            "dense9_sigmoid10", "dense11"])
        #expect(plan.blocks.map(\.backward) == [true, true, true, true, true])
        #expect(plan.blocks.map(\.inputGradient) == [false, true, true, true, true])
        #expect(plan.typeName == "LenetNetwork")
        // The input is stored with the first conv's padding; nothing else is padded.
        #expect(plan.buffers[0].padH == 2 && plan.buffers[0].padW == 2 && plan.buffers[0].storedCount == 32 * 32)
        #expect(plan.buffers.dropFirst().allSatisfy { !$0.isPadded })
        #expect(plan.buffers[plan.logits].name == "out11")
        // The flatten is a view: dense7 reads the pool's buffer.
        #expect(plan.buffers[plan.blocks[2].input].name == "out5")
        guard case let .conv(_, activation, pool, _) = plan.blocks[0].op else { Issue.record("not a conv block"); return }
        #expect(activation == .sigmoid && pool?.op == .avg && pool?.tilesExactly == true)
    }

    @Test("a conv whose kernel covers its whole input runs as a dense block; a padded or pooled one stays a conv")
    func convAsDense() throws {
        let plan = try Emitter.plan(try specModel("lenet5"))
        #expect(plan.blocks.map(\.name) == ["conv0_tanh1_avgpool2", "conv3_tanh4_avgpool5", "conv6_tanh7",
                                            "dense9_tanh10", "dense11"])
        guard case let .dense(g, activation, _, batched) = plan.blocks[2].op else { Issue.record("conv6 is not a dense block"); return }
        #expect(g == DenseGeometry(inputs: 400, outputs: 120) && activation == .tanh && !batched)
        let weight = plan.parameters[plan.blocks[2].parameters[0]]
        #expect(weight.tensor.name == "6.weight" && weight.tensor.shape == [120, 16, 5, 5])
        #expect(weight.accumulator == .rows(rows: 120, columns: 400, paddedColumns: 400))
        for layers in ["- conv: {filters: 8, kernel: 28, padding: 1}\n  - maxpool: 3", "- conv: {filters: 8, kernel: 28}\n  - maxpool: 1"] {
            let yaml = """
            name: whole
            input: [1, 28, 28]
            layers:
              \(layers)
              - flatten
              - dense: 10
            """
            let other = try Emitter.plan(try buildModel(yaml))
            guard case .conv = other.blocks[0].op else { Issue.record("\(layers): not a conv block"); continue }
        }
    }

    @Test("the recipe's bias initialiser reaches the emitted main.swift")
    func biasInitializer() throws {
        let yaml = """
        name: biased
        input: [1, 28, 28]
        layers:
          - flatten
          - dense: 10
        train:
          init: {weights: xavier-normal, biases: pytorch}
        """
        let main = try #require(try Emitter.emit(try buildModel(yaml)).files.first { $0.path.hasSuffix("main.swift") })
        #expect(main.contents.contains("initializer: .xavierNormal,\n    biasInitializer: .pytorch,"))
        let plain = try #require(try Emitter.emit(try specModel("lenet")).files.first { $0.path.hasSuffix("main.swift") })
        #expect(!plain.contents.contains("biasInitializer"), "zero biases are the default and are not spelled out")
    }

    @Test("parameters keep PyTorch's names, order and contiguous offsets")
    func arena() throws {
        for name in specNames() {
            let model = try specModel(name)
            let plan = try Emitter.plan(model)
            #expect(plan.parameters.map(\.tensor) == model.parameters)
            var offset = 0
            for p in plan.parameters {
                #expect(p.tensor.offset == offset, "\(name): \(p.tensor.name)")
                offset += p.tensor.count
            }
            // Accumulators: contiguous, the first chunk's only (channel-split blocks') first, each kind
            // in PyTorch's order.
            var accumulator = 0
            for p in plan.parameters.filter({ $0.accumulator == .firstChunk }) + plan.parameters.filter({ $0.accumulator != .firstChunk }) {
                #expect(p.accumulatorOffset == accumulator, "\(name): \(p.tensor.name)")
                accumulator += p.accumulator.floats(count: p.tensor.count)
                #expect(p.accumulatorOffset % 8 == 0)
            }
            #expect(plan.firstChunkVectors * 8 == plan.parameters.filter { $0.accumulator == .firstChunk }.reduce(0) { $0 + $1.accumulator.floats(count: $1.tensor.count) })
            // Exactly the channel-split blocks' parameters are the first chunk's only.
            for block in plan.blocks {
                for p in block.parameters where plan.parameters[p].accumulator != .direct {
                    #expect((plan.parameters[p].accumulator == .firstChunk) == block.splitsChannels, "\(name): \(block.name)")
                }
            }
            #expect(plan.parameterCount == model.parameterCount)
        }
    }

    @Test("layers before the first learnable one run forward only; pools read their padding's fill")
    func forwardOnlyAndFills() throws {
        let b = try Emitter.plan(try buildModel(Harness.extraSpecs["exotic-b"]!))
        #expect(b.blocks.map(\.name) == ["avgpool0", "conv1_maxpool2", "relu3", "conv4_sigmoid5", "dense7", "dropout8",
                                         "dense9_tanh10"])
        #expect(b.blocks.map(\.backward) == [false, true, true, true, true, true, true])
        #expect(b.blocks.map(\.inputGradient) == [false, false, true, true, true, true, true])
        #expect(b.dropouts.count == 1 && b.dropouts[0].rate == 0.5 && b.dropouts[0].features == 12)

        let a = try Emitter.plan(try buildModel(Harness.extraSpecs["exotic-a"]!))
        #expect(a.blocks.map(\.name) == ["conv0_tanh1_maxpool2", "conv3_relu4_avgpool5", "dropout7", "dense8_tanh9", "dense10"])
        let hidden = a.buffers[a.blocks[0].hidden!]
        #expect(hidden.padH == 1 && hidden.padW == 1 && hidden.fill == .negativeInfinity)
        let second = a.buffers[a.blocks[1].hidden!]
        #expect(second.padH == 1 && second.padW == 1 && second.fill == .zero)
        #expect(a.buffers[a.blocks[0].output].padH == 1 && a.buffers[a.blocks[0].output].padW == 1) // conv3's `same`
    }

    /// What `Emitter.emit` throws for `model`; fails the test when it emits.
    static func failure(_ model: Model, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> EmitFailure? {
        do {
            _ = try Emitter.emit(model)
            Issue.record("\(model.name) was emitted, but should be refused", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }

    @Test("a spec whose buffers cannot fit is refused at the layer, with a diagnostic")
    func refusesHugeWorkspace() throws {
        let model = try buildModel(Self.hugeSpec, path: "huge.yaml")
        #expect(throws: EmitFailure.self) { try Emitter.plan(model) }
        let failure = try #require(Self.failure(model))
        let error = try #require(failure.errors.only)
        #expect(error.layer == 0)
        #expect(error.location == LenetSpec.SourceLocation(path: "huge.yaml", line: 4, column: 5))
        #expect(error.diagnostic.message.hasPrefix("cannot emit: a group of 8 examples needs more than 1 GiB"))
        #expect(error.description.hasPrefix("layer 0: "))
    }

    @Test("independent problems are all reported, each at its spec line, in source order")
    func reportsEveryProblem() throws {
        let yaml = Self.hugeSpec.replacingOccurrences(of: "name: huge\n", with: "name: foundation\n")
        let failure = try #require(Self.failure(try buildModel(yaml, path: "huge.yaml")))
        #expect(failure.errors.count == 2)
        let diagnostics = failure.diagnostics
        #expect(diagnostics.map { $0.location?.line } == [1, 4])
        #expect(diagnostics.map(\.severity) == [.error, .error])
        #expect(diagnostics[0].message == "cannot emit: the name 'foundation' would name the trainer's Swift module after the system module it imports")
        #expect(diagnostics[0].location?.column == 7 && diagnostics[0].length == "foundation".count)
        #expect(diagnostics[0].hint == "rename the spec, e.g. `name: foundation-lenet`")
        #expect(diagnostics[1].message.hasPrefix("cannot emit: a group of 8 examples needs more than 1 GiB"))
    }

    @Test("every layer that cannot be lowered is reported at its line, and the layers after it still checked")
    func reportsEveryLayer() throws {
        var model = try specModel("lenet")
        // No spec the validator accepts gets here: a conv whose input is flat, and a dense layer that
        // receives another number of inputs than it declares.
        model.layers[3].input = .flat(6 * 14 * 14)
        guard case var .dense(dense) = model.layers[9].op else { throw TestFailure("layer 9 of lenet is dense 84") }
        dense.inFeatures += 1
        model.layers[9].op = .dense(dense)
        let failure = try #require(Self.failure(model))
        #expect(failure.errors.map(\.layer) == [3, 9])
        #expect(failure.errors.map { $0.location?.line } == [9, 15])
        #expect(failure.errors.map(\.message) == ["conv needs an image input", "dense expects 121 inputs but receives 120"])
    }

    @Test("a network that does not end in the class scores is refused at its last layer")
    func refusesWrongEnding() throws {
        var model = try specModel("lenet")
        model.layers.removeLast()
        let failure = try #require(Self.failure(model))
        let error = try #require(failure.errors.only)
        #expect(error.message == "the network ends in 84 values, but the loss needs 10 class scores")
        #expect(error.layer == 10 && error.location?.line == 16)
    }

    @Test("an input that is not an image is refused at `input:`")
    func refusesFlatInput() throws {
        var model = try specModel("lenet")
        model.input = .flat(784)
        let failure = try #require(Self.failure(model))
        let error = try #require(failure.errors.only)
        #expect(error.message == "the input must be an image (channels × height × width), not 784")
        #expect(error.location == LenetSpec.SourceLocation(path: "Specs/lenet.yaml", line: 4, column: 8))
    }

    @Test("names that would clash with a system module or a runtime type")
    func names() throws {
        let lenet = try String(contentsOfFile: repositoryRoot.appendingPathComponent("Specs/lenet.yaml").path, encoding: .utf8)
        func model(named name: String) throws -> Model {
            try buildModel(lenet.replacingOccurrences(of: "name: lenet\n", with: "name: \(name)\n"), path: "\(name).yaml")
        }
        #expect(throws: EmitFailure.self) { try Emitter.plan(try model(named: "Foundation")) }
        #expect(throws: EmitFailure.self) { try Emitter.plan(try model(named: "czlib")) }
        #expect(throws: EmitFailure.self) { try Emitter.plan(try model(named: "LenetRuntime")) }
        // Without `name:` the file's name is the spec's: the error is the file's, with no line.
        let unnamed = try buildModel(lenet.replacingOccurrences(of: "name: lenet\n", with: ""), path: "Specs/dispatch.yaml")
        let error = try #require(Self.failure(unnamed)?.errors.only)
        #expect(error.location == nil)
        #expect(error.message.hasPrefix("the name 'dispatch', taken from the spec's file name,"))
        #expect(error.hint == "give the spec a name, e.g. `name: dispatch-lenet`")
        // A file name that is no Swift identifier would give `class 2netNetwork`.
        for file in ["2net", "lenet.v2", "my lenet"] {
            let model = try buildModel(lenet.replacingOccurrences(of: "name: lenet\n", with: ""), path: "Specs/\(file).yaml")
            let refusal = try #require(Self.failure(model)?.errors.only)
            #expect(refusal.location == nil)
            #expect(refusal.message.hasPrefix("the name '\(file)', taken from the spec's file name, must start with a letter"))
        }
        #expect(try Emitter.plan(try model(named: "trainable")).typeName == "TrainableModelNetwork")
        #expect(try Emitter.plan(try model(named: "lenet-max_v2")).typeName == "LenetMaxV2Network")
        #expect(Lowering.runtimeTypeNames.contains("TrainableNetwork") && Lowering.runtimeTypeNames.contains("SeededRNG"))
    }

    @Test("register tiles stay within the accumulator budget and cover every output")
    func tiles() {
        var rng = SeededRNG(seed: 5)
        for _ in 0..<300 {
            let kh = 1 + rng.int(below: 7), kw = 1 + rng.int(below: 7), sw = 1 + rng.int(below: 3)
            let cin = 1 + rng.int(below: 20), cout = 1 + rng.int(below: 40)
            let oh = 1 + rng.int(below: 28), ow = 1 + rng.int(below: 28)
            // The input that gives oh × ow outputs.
            let g = ConvGeometry(inChannels: cin, height: oh + kh - 1, width: (ow - 1) * sw + kw, outChannels: cout,
                                 kernel: (kh, kw), stride: (1, sw))
            #expect(g.outHeight == oh && g.outWidth == ow)
            let t = Tiling.choose(g)
            #expect(t.forwardChannels * t.forwardColumns <= Tiling.maxAccumulators)
            #expect(t.weightChannels * t.weightColumns <= Tiling.maxAccumulators)
            let segment = Tiling.scatterPositions(columns: t.inputColumns, kernel: t.inputKernelColumns, stride: sw).count
            #expect(t.inputChannels * segment <= Tiling.maxAccumulators)
            #expect(t.forwardChannels <= cout && t.forwardColumns <= ow && t.weightColumns <= kw)
            #expect(t.inputChannels <= cin && t.inputColumns <= ow && t.inputKernelColumns <= kw)
            // Full tiles and the remainder add up to the extent.
            for (extent, tile) in [(cout, t.forwardChannels), (ow, t.forwardColumns), (kw, t.weightColumns)] {
                #expect(Tiling.split(extent, by: tile).reduce(0) { $0 + $1.size * $1.count } == extent)
            }
        }
        #expect(Tiling.scatterPositions(columns: 2, kernel: 2, stride: 3) == [0, 1, 3, 4])
    }

    @Test("index expressions fold constants and like terms")
    func affine() {
        let c = Affine("c"), y = Affine("y")
        #expect((c * 196 + y * 14 + 3 + y * 14).description == "c * 196 + y * 28 + 3")
        #expect((Affine(0) + 5).offsetting("p") == "p + 5")
        #expect(Affine(0).offsetting("p") == "p")
        #expect((c * 0 + 2).description == "2")
        #expect((y + (-1)).description == "y - 1")
        #expect((c * 288 + y * -3 + 8).description == "c * 288 - y * 3 + 8")
        #expect((y * -3 + 8).offsetting("p") == "p - y * 3 + 8")
    }

    @Test("indices name their strides, fold like terms, and stand for the number the literals did")
    func namedStrides() {
        let c = Affine("c"), y = Affine("y"), x = Affine("x")
        let plane = Stride("out3Plane", 784), row = Stride("out3Row", 28)
        // out3 stored 28×28 around 24×24: element (c + 5, y, x + 1) with its border of 2.
        let index = (c + 5) * plane + (y + 2) * row + (x + 1 + 2)
        #expect(index.description == "c * out3Plane + y * out3Row + x + 5 * out3Plane + 2 * out3Row + 3")
        #expect(index.value(["c": 7, "y": 4, "x": 9]) == (7 + 5) * 784 + (4 + 2) * 28 + 9 + 3)
        #expect((y * row + y * row).description == "y * 2 * out3Row")
        #expect((Affine(1) * row + (y * -1) * row).description == "-y * out3Row + out3Row")
        // A stride of 1 is no stride: flat buffers index as before.
        #expect((c * Stride("out9Plane", 1) + 4).description == "c + 4")

        // A kernel declares the strides it names and no others, at its top (the emitted packages
        // build without warnings, so none is missing or unused there either).
        let out = SwiftWriter()
        out.declaringStrides([[Stride("aPlane", 16), Stride("aRow", 4)], [Stride("wOut", 9)]]) {
            out.block("private func f(_ p: UnsafePointer<Float>, y: Int) -> Float") { out.line("return p[y * aRow + aRowx]") }
        }
        #expect(out.text == """
        private func f(_ p: UnsafePointer<Float>, y: Int) -> Float {
            // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
            let aRow = 4
            return p[y * aRow + aRowx]
        }

        """)
    }

    @Test("a max pool that tiles its conv takes the activation's derivative from the pooled output, so the conv output stays a thread's scratch")
    func derivativeAtPoolOutput() throws {
        // tf-deep-mnist: both convs relu → maxpool 2 in channel-split stages; lenet: avgpool reads every element.
        let deep = try Emitter.plan(try specModel("tf-deep-mnist"))
        let convs = deep.blocks.filter { $0.hidden != nil }
        #expect(convs.count == 2 && convs.allSatisfy(\.derivesAtPoolOutput) && convs.allSatisfy(\.splitsChannels))
        for block in convs {
            let hidden = deep.buffers[block.hidden!]
            #expect(hidden.scope == .thread, "\(hidden.name) crosses no stage in backward")
            // Its gradient spans the batch only where the input gradient sums it over all channels.
            #expect(hidden.gradientScope == (block.inputGradient ? .batch : .thread), "d\(hidden.name)")
            #expect(deep.buffers[block.output].scope == .batch)
        }
        let network = try #require(try Emitter.emit(try specModel("tf-deep-mnist")).files.first { $0.path.hasSuffix("Network.swift") })
        let source = network.contents
        // Neither conv output is read in backward; relu's derivative is taken at each pooled value.
        #expect(!source.contains("let out1 = UnsafePointer(ws.out1)") && !source.contains("let out4 = UnsafePointer(ws.out4)"))
        #expect(source.contains("let g = dout2[c * out2Plane + py * out2Row + px + 2 * out2Row + 2].replacing(with: 0, where: y .<= 0)"))
        #expect(source.contains("let g = dout5[c * out5Plane + py * out5Row + px].replacing(with: 0, where: y .<= 0)"))
        let lenet = try Emitter.plan(try specModel("lenet"))
        #expect(lenet.blocks.allSatisfy { !$0.derivesAtPoolOutput })
        #expect(try Emitter.plan(try specModel("lenet-max")).blocks.filter { $0.hidden != nil }.allSatisfy(\.derivesAtPoolOutput))
    }

    @Test("a conv block ending in pooling gathers its input gradient when the border wastes little, and stores dout with that border")
    func gatheredInputGradients() throws {
        // torch-mnist 26×26 → 24×24 (1.17× the scatter's work), keras-mnist 13×13 → 11×11 (1.40×) and
        // tf-deep-mnist's `same` 14×14 (1×) gather; LeNet's 14×14 → 10×10 (1.96×) scatters.
        for (spec, expected) in [("torch-mnist", [false, true]), ("keras-mnist", [false, true]), ("tf-deep-mnist", [false, true]),
                                 ("lenet", [false, false])] {
            let plan = try Emitter.plan(try specModel(spec))
            let convs = plan.blocks.filter { if case .conv = $0.op { return true } else { return false } }
            #expect(convs.map(\.gathersInputGradient) == expected, "\(spec)")
            for block in convs where block.gathersInputGradient {
                guard case let .conv(g, _, _, _) = block.op, let hidden = block.hidden else { Issue.record("\(spec): no hidden buffer"); continue }
                let dout = plan.buffers[hidden]
                #expect(dout.padH == g.kernelH - 1 - g.padH && dout.padW == g.kernelW - 1 - g.padW && dout.fill == .zero, "\(spec)")
                // The flipped convolution reads the bordered dout and gives back the input's size.
                let f = Tiling.flipped(g)
                #expect(f.inChannels == g.outChannels && f.outChannels == g.inChannels, "\(spec)")
                #expect(f.outHeight == g.height && f.outWidth == g.width, "\(spec)")
            }
        }
        // Stride 2 never gathers.
        let strided = ConvGeometry(inChannels: 4, height: 12, width: 12, outChannels: 8, kernel: (3, 3), stride: (2, 2))
        #expect(!Tiling.gathers(strided))
    }

    @Test("a channel-split conv gets short-group kernels when its batch ends in 1 to 3 examples, it has the taps, and its channels fill vectors")
    func shortGroupKernels() throws {
        let text = try String(contentsOfFile: repositoryRoot.appendingPathComponent("Specs/tf-deep-mnist.yaml").path, encoding: .utf8)
        // tf-deep-mnist's 1-channel 5×5 first conv has 25 taps, too few; its 32→64 second has 800.
        for (batch, expected) in [(50, [false, true]), (49, [false, true]), (51, [false, true]), (52, [false, false]),
                                  (56, [false, false])] {
            let model = try buildModel(text.replacingOccurrences(of: "batch: 50", with: "batch: \(batch)"), path: "tf-deep-mnist.yaml")
            let plan = try Emitter.plan(model)
            let convs = plan.blocks.filter { if case .conv = $0.op { return true } else { return false } }
            #expect(convs.map { $0.shortGroup != nil } == expected, "batch \(batch)")
            #expect(convs.allSatisfy { $0.splitsChannels || $0.shortGroup == nil })
            for case let (block, .conv(g, _, _, _)) in convs.map({ ($0, $0.op) }) {
                guard let short = block.shortGroup else { continue }
                for (vectors, columns, channels, width) in [(short.forwardVectors, short.forwardColumns, g.outChannels, g.outWidth),
                                                            (short.inputVectors, short.inputColumns, g.inChannels, g.width)] {
                    #expect(vectors * columns <= Tiling.maxAccumulators && vectors * 8 <= channels && columns <= width)
                }
                #expect(short.weightVectors * short.weightColumns <= Tiling.maxAccumulators && short.weightColumns <= g.kernelW)
            }
            // The emitted trainer dispatches on the last group's size, and sizes its scratch.
            let source = Emitter.networkSource(plan)
            #expect(source.contains("if valid <= \(Tiling.shortGroupExamples) {") == expected.contains(true), "batch \(batch)")
            #expect(source.contains("shortScratch = .allocate") == expected.contains(true), "batch \(batch)")
        }
        // A lane-stage conv (torch-mnist: batch 64, chunks share evenly) never does.
        let torch = try Emitter.plan(try specModel("torch-mnist"))
        #expect(torch.blocks.allSatisfy { $0.shortGroup == nil })
    }

    /// A random layer list in spec syntax (valid or not; the validator decides).
    static func randomSpec(_ rng: inout SeededRNG, index: Int) -> String {
        var lines = ["name: fuzz\(index)", "input: [1, 28, 28]", "layers:"]
        var flat = false
        let activations = ["sigmoid", "relu", "tanh"]
        for _ in 0..<(1 + rng.int(below: 6)) {
            switch rng.int(below: 7) {
            case 0 where !flat:
                let k = 1 + rng.int(below: 5), k2 = 1 + rng.int(below: 5)
                let stride = 1 + rng.int(below: 2), pad = rng.int(below: 3)
                let activation = rng.int(below: 2) == 0 ? ", activation: \(activations[rng.int(below: 3)])" : ""
                lines.append("  - conv: {filters: \(1 + rng.int(below: 8)), kernel: [\(k), \(k2)], stride: \(stride), padding: \(pad)\(activation)}")
            case 1 where !flat:
                let size = 1 + rng.int(below: 3)
                let kind = rng.int(below: 2) == 0 ? "maxpool" : "avgpool"
                lines.append("  - \(kind): {size: \(size), stride: \(1 + rng.int(below: 3)), padding: \(rng.int(below: size / 2 + 1))}")
            case 2:
                lines.append("  - \(activations[rng.int(below: 3)])")
            case 3:
                lines.append("  - dropout: 0.\(1 + rng.int(below: 8))")
            case 4 where flat:
                lines.append("  - dense: \(4 + rng.int(below: 30))")
            default:
                if !flat { lines.append("  - flatten") }
                flat = true
            }
        }
        if !flat { lines.append("  - flatten") }
        lines.append("  - dense: 10")
        if rng.int(below: 4) == 0 { lines.append("  - \(activations[rng.int(below: 3)])") }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("every spec the validator accepts is emitted, the same way every time")
    func everyValidSpecEmits() throws {
        var rng = SeededRNG(seed: 11)
        var emitted = 0
        for index in 0..<400 {
            let yaml = Self.randomSpec(&rng, index: index)
            guard let model = SpecCompiler.compile(SourceFile(path: "fuzz.yaml", text: yaml)).model else { continue }
            let package: EmittedPackage
            do {
                package = try Emitter.emit(model)
            } catch {
                Issue.record("a valid spec was not emitted: \(error)\n\(yaml)")
                continue
            }
            emitted += 1
            let plan = try Emitter.plan(model)
            let network = package.file("Sources/\(package.name)/Network.swift") ?? ""
            for block in plan.blocks {
                #expect(network.contains("private func \(block.name)_forward("), "\(block.name) has no forward\n\(yaml)")
                if block.backward {
                    #expect(network.contains("private func \(block.name)_backward("), "\(block.name) has no backward\n\(yaml)")
                }
            }
            // Every layer is in exactly one block (flatten in none).
            let covered = plan.blocks.flatMap(\.layers)
            let expected = model.layers.indices.filter { model.layers[$0].op != .flatten }
            #expect(covered == expected, "layers covered \(covered), expected \(expected)\n\(yaml)")
            #expect(try Emitter.emit(model).files == package.files)
        }
        #expect(emitted > 100, "only \(emitted) random specs were valid")
    }
}

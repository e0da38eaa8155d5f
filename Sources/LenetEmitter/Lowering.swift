import LenetModel
import LenetRuntime
import LenetSpec

/// `Model` → `EmitPlan`: groups layers into fused blocks, gives every tensor a buffer with the
/// padding its consumer reads, lays out the gradient accumulators (the parameter arena is the
/// model's), and decides which blocks run backward.
///
/// Fusion rules, in layer order:
///   conv [activation] [pool]   → one conv block (bias, activation and pooling in the conv's loops)
///   dense [activation]         → one dense block (the last dense feeds the loss directly)
///   flatten                    → nothing: a view of the same buffer
///   pool, activation, dropout  → blocks of their own where no conv or dense precedes them
enum Lowering {
    /// Per-thread workspace above which the emitter refuses (a group of 8 examples must fit in memory).
    static let maxWorkspaceBytes = 1 << 30

    /// The plan, or every independent reason the model cannot be emitted: each layer that cannot be
    /// lowered (the layers after it are still checked, against the shapes the model gives them), the
    /// network's ending, the workspace and the name, each located in the spec where it has a place.
    static func lower(_ model: Model) throws(EmitFailure) -> EmitPlan {
        // The emitted loss is softmax cross-entropy; a loss the validator comes to accept must be
        // emitted, or refused here at the spec's `loss:`, before this switch compiles again.
        switch model.train.loss {
        case .softmaxCrossEntropy: break
        }
        var errors: [EmitError] = []
        if let problem = nameProblem(model) { errors.append(problem) }
        guard case let .image(c, h, w) = model.input else {
            errors.append(EmitError("the input must be an image (channels × height × width), not \(model.input)",
                                    location: model.inputLocation))
            // Every buffer of the plan descends from the input's: without an image there is nothing
            // to lower the layers onto, so they are not looked at.
            throw EmitFailure(errors)
        }
        var buffers = [BufferPlan(name: "input", c: c, h: h, w: w, isImage: true)]
        var blocks: [BlockPlan] = []
        var parameters: [ParameterPlan] = []
        var dropouts: [(rate: Double, features: Int)] = []
        var argmax: [ArgmaxPlan] = []
        var current = 0
        var accumulatorOffset = 0

        /// `dense` is the geometry when the layer runs as a dense block (a dense layer, or a conv that
        /// is one).
        func addParameters(of layer: ModelLayer, dense: DenseGeometry? = nil, batched: Bool = false) -> [Int] {
            var indices: [Int] = []
            for tensor in layer.parameters {
                let accumulator: AccumulatorLayout
                if batched {
                    accumulator = .direct
                } else if !tensor.isBias, let g = dense {
                    accumulator = .rows(rows: g.outputs, columns: g.inputs, paddedColumns: g.paddedInputs)
                } else {
                    accumulator = .lanes
                }
                let plan = ParameterPlan(tensor: tensor, symbol: (tensor.isBias ? "b" : "w") + String(layer.index),
                                         accumulator: accumulator, accumulatorOffset: accumulatorOffset)
                accumulatorOffset += accumulator.floats(count: tensor.count)
                indices.append(parameters.count)
                parameters.append(plan)
            }
            return indices
        }

        func newBuffer(after layer: ModelLayer) -> Int {
            let shape = layer.output
            switch shape {
            case let .image(c, h, w): buffers.append(BufferPlan(name: "out\(layer.index)", c: c, h: h, w: w, isImage: true))
            case let .flat(n): buffers.append(BufferPlan(name: "out\(layer.index)", c: n, h: 1, w: 1, isImage: false))
            }
            return buffers.count - 1
        }

        /// The buffer `b` is read by a conv or pool with this padding.
        func pad(_ b: Int, _ ph: Int, _ pw: Int, _ fill: PadFill) {
            buffers[b].padH = ph
            buffers[b].padW = pw
            buffers[b].fill = fill
        }

        func poolGeometry(_ layer: ModelLayer) throws(EmitError) -> PoolGeometry {
            guard let pg = layer.poolGeometry, case .image = layer.output else {
                throw EmitError("\(layer.written) needs an image input", layer: layer.index, location: layer.location)
            }
            return pg
        }

        /// `layers[i]` and the activation right after it, if there is one, as one block: the layers
        /// it covers, its name (`kind` and the index, then the activation's), the activation and the
        /// last layer covered.
        func fusingActivation(_ kind: String) -> (covered: [Int], name: String, activation: ActivationKind?, last: ModelLayer) {
            var fused = (covered: [i], name: "\(kind)\(layers[i].index)", activation: ActivationKind?.none, last: layers[i])
            if i + 1 < layers.count, case let .activation(activation) = layers[i + 1].op {
                fused.activation = activation
                fused.covered.append(i + 1)
                fused.last = layers[i + 1]
                fused.name += "_\(activation.rawValue)\(fused.last.index)"
            }
            return fused
        }

        /// A dense block for `layers[i]` (and the activation after it), which computes `g`.
        func lowerDense(_ g: DenseGeometry) throws(EmitError) {
            let layer = layers[i]
            guard buffers[current].count == g.inputs else {
                throw EmitError("dense expects \(g.inputs) inputs but receives \(buffers[current].count)",
                                layer: layer.index, location: layer.location)
            }
            let (covered, name, activation, last) = fusingActivation(layer.op.kindName)
            let output = newBuffer(after: last)
            let batched = Tiling.batched(g)
            let tiles = batched ? Tiling.batchedDense(g, maxBatch: model.train.batch) : Tiling.dense(g)
            blocks.append(BlockPlan(name: name, layers: covered, op: .dense(g, activation: activation, tiles: tiles, batched: batched),
                                    input: current, output: output, hidden: nil,
                                    parameters: addParameters(of: layer, dense: g, batched: batched), backward: false,
                                    inputGradient: false))
            current = output
            i = covered.last! + 1
        }

        let layers = model.layers
        var i = 0
        var loweredEveryLayer = true
        while i < layers.count {
            let layer = layers[i]
            do throws(EmitError) {
                switch layer.op {
                case .conv:
                    guard let g = layer.convGeometry, case .image = layer.output else {
                        throw EmitError("conv needs an image input", layer: layer.index, location: layer.location)
                    }
                    let next = i + (i + 1 < layers.count && layers[i + 1].op.isActivation ? 2 : 1)
                    var pooling: PoolGeometry?
                    if next < layers.count, case .pool = layers[next].op { pooling = try poolGeometry(layers[next]) }
                    if g.coversWholeInput && pooling == nil && current < buffers.count && !buffers[current].isPadded {
                        // The kernel covers the whole unpadded input and leaves one position (LeNet-5's C5):
                        // the weights [cout, cin, kh, kw] are then a dense layer's [cout, cin·kh·kw] over
                        // the flattened input, in the same order. Dense kernels read each weight once per
                        // group, where the conv kernels' tiles would run over a single output position
                        // (lenet5's conv6 backward: 1.35 ms a batch as a conv, 0.45 as dense layer 7 of
                        // lenet.yaml, `--profile --threads 1`).
                        try lowerDense(DenseGeometry(inputs: g.inputCount, outputs: g.outChannels))
                        continue
                    }
                    let fused = fusingActivation("conv")
                    var covered = fused.covered, name = fused.name
                    let activation = fused.activation, last = fused.last
                    pad(current, g.padH, g.padW, .zero)
                    let hidden = newBuffer(after: last)
                    var pool: PoolGeometry?
                    var output = hidden
                    if let pg = pooling {
                        pool = pg
                        covered.append(next)
                        name += "_\(pg.op.rawValue)\(layers[next].index)"
                        pad(hidden, pg.padH, pg.padW, pg.op == .max ? .negativeInfinity : .zero)
                        output = newBuffer(after: layers[next])
                        if pg.op == .max { argmax.append(ArgmaxPlan(name: "argmax\(layers[next].index)", count: pg.outputCount, block: blocks.count)) }
                    }
                    blocks.append(BlockPlan(name: name, layers: covered, op: .conv(g, activation: activation, pool: pool,
                                                                                     tiles: Tiling.choose(g)),
                                            input: current, output: output, hidden: pool == nil ? nil : hidden,
                                            parameters: addParameters(of: layer), backward: false, inputGradient: false))
                    current = output
                    i = covered.last! + 1
                case .pool:
                    let pg = try poolGeometry(layer)
                    pad(current, pg.padH, pg.padW, pg.op == .max ? .negativeInfinity : .zero)
                    let output = newBuffer(after: layer)
                    if pg.op == .max { argmax.append(ArgmaxPlan(name: "argmax\(layer.index)", count: pg.outputCount, block: blocks.count)) }
                    blocks.append(BlockPlan(name: "\(pg.op.rawValue)\(layer.index)", layers: [i], op: .pool(pg),
                                            input: current, output: output, hidden: nil, parameters: [],
                                            backward: false, inputGradient: false))
                    current = output
                    i += 1
                case .flatten:
                    // A view: the buffer is unpadded (no conv or pool reads it), so (c, h, w) row-major
                    // is already the flat order.
                    i += 1
                case let .dense(d):
                    try lowerDense(DenseGeometry(inputs: d.inFeatures, outputs: d.outFeatures))
                case let .activation(kind):
                    let output = newBuffer(after: layer)
                    blocks.append(BlockPlan(name: "\(kind.rawValue)\(layer.index)", layers: [i], op: .activation(kind),
                                            input: current, output: output, hidden: nil, parameters: [],
                                            backward: false, inputGradient: false))
                    current = output
                    i += 1
                case let .dropout(rate):
                    let output = newBuffer(after: layer)
                    blocks.append(BlockPlan(name: "dropout\(layer.index)", layers: [i],
                                            op: .dropout(rate: rate, mask: dropouts.count), input: current,
                                            output: output, hidden: nil, parameters: [], backward: false,
                                            inputGradient: false))
                    dropouts.append((rate, buffers[current].count))
                    current = output
                    i += 1
                }
            } catch {
                errors.append(error)
                loweredEveryLayer = false
                // The layer is left out of the plan, but the layers after it get the buffer it would
                // have made, with the model's shape, so each is checked against its true input.
                let failed = layers[i...].firstIndex { $0.index == error.layer } ?? i
                current = newBuffer(after: layers[failed])
                i = failed + 1
            }
        }

        let classes = model.dataset.classCount
        if buffers[current].count != classes {
            let last = layers.last
            errors.append(EmitError("the network ends in \(buffers[current].count) values, but the loss needs \(classes) class scores",
                                    layer: last?.index, location: last?.location ?? model.inputLocation,
                                    length: last?.length ?? 1))
        }
        // What follows completes the plan and sums its buffers for the workspace check; with a layer
        // left out, the sum would be that of another network, so the check would report nothing true.
        guard loweredEveryLayer else { throw EmitFailure(errors) }

        // Backward runs from the loss down to the first block with parameters; that block needs no
        // input gradient (nothing below it learns), as in PyTorch.
        if let first = blocks.firstIndex(where: { !$0.parameters.isEmpty }) {
            for b in first..<blocks.count {
                blocks[b].backward = true
                blocks[b].inputGradient = b > first
                buffers[blocks[b].output].needsGradient = true
                if let hidden = blocks[b].hidden { buffers[hidden].needsGradient = true }
                if blocks[b].inputGradient { buffers[blocks[b].input].needsGradient = true }
            }
        }
        // A conv block with a pooling layer after it may gather its input gradient as a forward pass
        // of its own output gradient: that gradient (the block's hidden buffer, which no other block
        // reads or writes) is then stored with a zero border of kernel − 1 − padding, kept zero
        // because every kernel writes only its inside. Not when the pooling reads it padded: the pool's
        // backward adds into that border.
        for b in blocks.indices where blocks[b].inputGradient {
            guard case let .conv(g, _, _, _) = blocks[b].op, let hidden = blocks[b].hidden,
                  !buffers[hidden].isPadded, Tiling.gathers(g) else { continue }
            blocks[b].gathersInputGradient = true
            pad(hidden, g.kernelH - 1 - g.padH, g.kernelW - 1 - g.padW, .zero)
        }

        // Stages: each batched block on its own, the lane blocks between them in runs, and last a
        // lane run (perhaps empty) that ends in the loss. Values a later stage reads, and values
        // backward reads after later stages have run, span the batch; so do a batched block's
        // input and output gradients. What one stage both makes and consumes stays per thread.
        func cut() -> [Stage] {
            var stages: [Stage] = []
            var start = 0
            for (b, block) in blocks.enumerated() where block.isBatched || block.splitsChannels {
                if start < b { stages.append(.lanes(start..<b)) }
                stages.append(block.isBatched ? .batched(b) : .channels(b))
                start = b + 1
            }
            stages.append(.lanes(start..<blocks.count))
            return stages
        }
        var stages = cut()
        // Conv blocks before a batched stage keep their values for the whole batch anyway. When the
        // batch's chunks of groups do not share out evenly between two threads, run them over the
        // whole batch instead, each thread taking a share of the channels, so the threads stay evenly
        // loaded (a batch of 50 is 7 groups, chunks of 1, 2, 2 and 2). When they do, the chunks are
        // better: a thread keeps its groups through every block of the stage, in its own caches, and
        // waits for the other once per stage, not once per block. Measured on torch-mnist (batch 64:
        // 4 chunks of 2 groups), one epoch over 20,000 images on 2 threads, alternating builds:
        // 1,724 and 1,830 examples/sec channel-split, 1,970 and 2,090 in chunks; tf-deep-mnist's
        // training step (batch 50, `--profile`) 1,874 and 1,755 channel-split, 1,813 and 1,775 in chunks.
        let groups = (model.train.batch + 7) / 8, chunks = GroupChunks.count(groups: groups)
        let chunksShareEvenly = groups % chunks == 0 && chunks % 2 == 0
        if stages.count > 1 && !chunksShareEvenly {
            for stage in stages.dropLast() {
                for b in stage.blocks { if case .conv = blocks[b].op { blocks[b].splitsChannels = true } }
            }
            stages = cut()
        }
        // A channel-split block adds its gradients into the first chunk's accumulators only; those
        // come first in a chunk's accumulators, so the other chunks clear only what follows them.
        for b in blocks.indices where blocks[b].splitsChannels {
            for p in blocks[b].parameters where parameters[p].accumulator == .lanes { parameters[p].accumulator = .firstChunk }
        }
        accumulatorOffset = 0
        for first in [true, false] {
            for i in parameters.indices where (parameters[i].accumulator == .firstChunk) == first {
                parameters[i].accumulatorOffset = accumulatorOffset
                accumulatorOffset += parameters[i].accumulator.floats(count: parameters[i].tensor.count)
            }
        }
        for b in blocks.indices {
            guard case let .conv(g, _, _, _) = blocks[b].op else { continue }
            blocks[b].shortGroup = Tiling.shortGroup(g, batch: model.train.batch, splitsChannels: blocks[b].splitsChannels,
                                                     inputGradient: blocks[b].inputGradient, gathers: blocks[b].gathersInputGradient)
        }
        // Winograd convolutions, their transformed filters side by side in the network's Winograd weights.
        var winogradOffset = 0
        for b in blocks.indices {
            guard case let .conv(g, _, _, _) = blocks[b].op else { continue }
            // A channel-split block's Winograd input gradient runs group by group (`gathersByGroup`).
            var convs = [Tiling.winograd(g, flipped: false),
                         blocks[b].gathersInputGradient ? Tiling.winograd(Tiling.flipped(g), flipped: true) : nil]
            for k in convs.indices where convs[k] != nil {
                convs[k]!.weightOffset = winogradOffset
                winogradOffset += convs[k]!.weightFloats
            }
            let (forward, gather) = (convs[0], convs[1])
            if forward != nil || gather != nil { blocks[b].winograd = WinogradPlan(forward: forward, gather: gather) }
        }
        for stage in stages.dropLast() {
            for b in stage.blocks {
                let block = blocks[b]
                let hidden = block.derivesAtPoolOutput ? [] : block.hidden.map { [$0] } ?? []
                for buffer in [block.input, block.output] + hidden {
                    buffers[buffer].scope = .batch
                }
                for a in argmax.indices where argmax[a].block == b { argmax[a].scope = .batch }
                if block.isBatched || block.splitsChannels {
                    buffers[block.output].gradientScope = .batch
                    // A channel-split block's pool backward and weight gradient take the same channels
                    // of one group on one thread, so without an input gradient (which sums over all
                    // channels) the conv output's gradient is that thread's scratch too.
                    if let hidden = block.hidden, block.inputGradient { buffers[hidden].gradientScope = .batch }
                    if block.inputGradient { buffers[block.input].gradientScope = .batch }
                }
            }
        }

        let floatsPerGroup = buffers.reduce(0) { $0 + $1.storedCount * ($1.needsGradient ? 2 : 1) }
            + argmax.reduce(0) { $0 + $1.count }
        let bytes = floatsPerGroup.multipliedReportingOverflow(by: 8 * 4)
        if bytes.overflow || bytes.partialValue > maxWorkspaceBytes {
            let largest = buffers.max { $0.storedCount < $1.storedCount }!
            let producer = model.layers.first { "out\($0.index)" == largest.name }
            errors.append(EmitError("a group of 8 examples needs more than 1 GiB of activations and gradients per thread; the largest tensor, the output of \(producer.map { "layer \($0.index) (\($0.written))" } ?? "the input"), holds \(largest.storedCount.grouped) values per example",
                                    layer: producer?.index, location: producer?.location, length: producer?.length ?? 1,
                                    hint: "use fewer filters, or pool earlier"))
        }
        if !errors.isEmpty { throw EmitFailure(errors) }

        return EmitPlan(model: model, name: model.name, typeName: typeName(model.name), classes: classes,
                        buffers: buffers, blocks: blocks, stages: stages, parameters: parameters, logits: current,
                        dropouts: dropouts, argmaxBuffers: argmax)
    }

    /// Why the model's name cannot name an emitted trainer, if it cannot: it is no Swift identifier
    /// (a name taken from the file's name, which the validator leaves alone: `2net.yaml` would give
    /// `class 2netNetwork`), or its target would be a Swift module named after a system module the
    /// trainer imports.
    static func nameProblem(_ model: Model) -> EmitError? {
        if !ModelBuilder.isUsableName(model.name) {
            return EmitError("the name '\(model.name.prefix(64))'\(model.nameLocation == nil ? ", taken from the spec's file name," : "") must start with a letter and use only letters, digits, '-' and '_' (at most 64) to name the trainer's Swift target",
                             location: model.nameLocation, length: model.name.count,
                             hint: "give the spec a name, e.g. `name: lenet`")
        }
        guard reservedModules.contains(model.name.lowercased().replacingOccurrences(of: "-", with: "_")) else { return nil }
        guard let at = model.nameLocation else {
            return EmitError("the name '\(model.name)', taken from the spec's file name, would name the trainer's Swift module after the system module it imports",
                             hint: "give the spec a name, e.g. `name: \(model.name)-lenet`")
        }
        return EmitError("the name '\(model.name)' would name the trainer's Swift module after the system module it imports",
                         location: at, length: model.name.count, hint: "rename the spec, e.g. `name: \(model.name)-lenet`")
    }

    /// Modules an emitted trainer imports (or the toolchain provides), by the module name a target
    /// named after the spec would get; a spec with one of these names cannot be emitted.
    static let reservedModules: Set<String> = [
        "swift", "foundation", "foundationessentials", "foundationinternationalization", "dispatch", "glibc",
        "musl", "czlib", "lenetruntime", "packagedescription", "xctest", "testing", "synchronization", "observation",
        "distributed", "regexbuilder", "cxx", "cxxstdlib", "swiftonone_support", "_concurrency",
        "_stringprocessing", "_backtracing",
    ]

    /// `lenet-max-nopad` → `LenetMaxNopadNetwork`; a name that a runtime type already has gets
    /// `Model` inserted (`trainable` → `TrainableModelNetwork`, not the protocol's name).
    static func typeName(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0 == "-" || $0 == "_" })
        let camel = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return runtimeTypeNames.contains(camel + "Network") ? camel + "ModelNetwork" : camel + "Network"
    }

    /// Types the runtime files declare at the top level.
    static let runtimeTypeNames: Set<String> = {
        var names = Set<String>()
        for file in EmbeddedRuntime.files {
            for line in file.text.split(separator: "\n") {
                let words = line.split(separator: " ")
                if let k = words.firstIndex(where: { ["struct", "class", "enum", "protocol", "typealias", "actor"].contains($0) }),
                   k + 1 < words.count, words[..<k].allSatisfy({ ["public", "final", "internal"].contains($0) }) {
                    names.insert(String(words[k + 1].prefix { $0.isLetter || $0.isNumber || $0 == "_" }))
                }
            }
        }
        return names
    }()
}

extension LayerOp {
    /// `conv`, `dense`: how a block's name starts.
    fileprivate var kindName: String {
        if case .conv = self { return "conv" }
        return "dense"
    }
}

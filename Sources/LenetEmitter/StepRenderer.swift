/// The emitted network's driver: staging the input, the training step stage by stage, evaluation,
/// the gradient reduction, dropout masks and the network class. What does not depend on the spec
/// (threads, chunks, timing) is the runtime's `GroupDriver.swift`.
extension NetworkRenderer {
    // MARK: input and reduction

    func stageInput() {
        let input = plan.buffers[0]
        out.docComment("Copies `valid` images (row-major, \(input.count) floats each) into the lanes of the input buffer; the other lanes get zeros.")
        let image = (size: Stride("imageSize", input.count), plane: Stride("imagePlane", input.h * input.w),
                     row: Stride("imageRow", input.w))
        out.declaringStrides([[input.planeStride, input.rowStride], [image.size, image.plane, image.row]]) {
            out.block("private func stage_input(_ images: UnsafePointer<Float>, _ valid: Int, _ ws: Workspace)") {
                out.line("let x = UnsafeMutableRawPointer(ws.input).assumingMemoryBound(to: Float.self)")
                out.block("for l in 0..<8") {
                    out.loop("c", input.c) { c in
                        out.loop("y", input.h) { y in
                            out.line("let row = x + (\(input.index(c, y, Affine(0)))) * 8 + l")
                            out.chain([
                                ("if l < valid", {
                                    out.line("let source = \((Affine("l") * image.size + c * image.plane + y * image.row).offsetting("images"))")
                                    out.line("for i in 0..<\(input.w) { row[i * 8] = source[i] }")
                                }),
                                ("else", {
                                    out.line("for i in 0..<\(input.w) { row[i * 8] = 0 }")
                                }),
                            ])
                        }
                    }
                }
            }
        }
        out.line()
    }

    /// Parameters whose gradients chunks accumulate (not those batched blocks write directly).
    var accumulated: [ParameterPlan] { plan.parameters.filter { $0.accumulator != .direct } }

    func reduceGradients() {
        guard !accumulated.isEmpty else { return }
        out.docComment("""
        Part `part` of `parts` of the reduction: each parameter's values split evenly between the parts, and \
        each value summed over the chunks' accumulators in chunk order into the gradient arena (PyTorch's layout).
        """)
        out.block("private func reduce_gradients(_ acc: UnsafePointer<V>, chunks: Int, part: Int, parts: Int, into grad: UnsafeMutablePointer<Float>)") {
            if accumulated.contains(where: { if case let .rows(_, columns, _) = $0.accumulator { return columns >= 8 } else { return false } }) {
                out.line("let target = UnsafeMutableRawPointer(grad)")
            }
            for p in accumulated {
                switch p.accumulator {
                case .firstChunk:
                    out.comment("\(p.tensor.name): \(p.tensor.count) values, lanes summed last (the first chunk's only)")
                    out.block("for k in \(p.tensor.count) * part / parts..<\(p.tensor.count) * (part + 1) / parts") {
                        out.line("grad[Arena.\(p.symbol) + k] = hsum(acc[Acc.\(p.symbol) + k])")
                    }
                case .lanes:
                    out.comment("\(p.tensor.name): \(p.tensor.count) values, lanes summed last")
                    out.block("for k in \(p.tensor.count) * part / parts..<\(p.tensor.count) * (part + 1) / parts") {
                        out.line("var s = acc[Acc.\(p.symbol) + k]")
                        out.line("for c in 1..<chunks { s += acc[c * Acc.count + Acc.\(p.symbol) + k] }")
                        out.line("grad[Arena.\(p.symbol) + k] = hsum(s)")
                    }
                case let .rows(rows, columns, padded):
                    out.comment("\(p.tensor.name): \(rows) rows of \(columns), accumulated in rows of \(padded)")
                    out.block("for j in \(rows) * part / parts..<\(rows) * (part + 1) / parts") {
                        out.line("let row = Acc.\(p.symbol) + j * \(padded / 8), out = (Arena.\(p.symbol) + j * \(columns)) * 4")
                        if columns >= 8 {
                            out.block("for v in 0..<\(columns / 8)") {
                                out.line("var s = acc[row + v]")
                                out.line("for c in 1..<chunks { s += acc[c * Acc.count + row + v] }")
                                out.line("target.storeBytes(of: s, toByteOffset: out + v * 32, as: V.self)")
                            }
                        }
                        if columns % 8 != 0 {
                            out.line("var s = acc[row + \(columns / 8)]")
                            out.line("for c in 1..<chunks { s += acc[c * Acc.count + row + \(columns / 8)] }")
                            out.line("for l in 0..<\(columns % 8) { grad[Arena.\(p.symbol) + j * \(columns) + \(columns / 8 * 8) + l] = s[l] }")
                        }
                    }
                case .direct:
                    break
                }
            }
        }
        out.line()
    }

    // MARK: stage bodies

    /// Profile slots: block k's forward at 2k, backward at 2k + 1; the loss is the last "block".
    var lossSlot: Int { 2 * plan.blocks.count }

    /// The forward call of lane block `b` on workspace `ws`, timed into its slot of `clock`.
    func laneForward(_ b: Int, training: String, clock: String = "clock") {
        let block = plan.blocks[b]
        let call: String
        switch block.op {
        case .conv, .dense: call = "\(block.name)_forward(params, ws)"
        case .pool, .activation: call = "\(block.name)_forward(ws)"
        case .dropout: call = "\(block.name)_forward(ws, training: \(training))"
        }
        out.line("timed(\(clock), \(2 * b)) { \(call) } // → \(plan.buffers[block.output].batchedShape)")
    }

    func laneBackward(_ b: Int) {
        let block = plan.blocks[b]
        switch block.op {
        case .conv, .dense: out.line("timed(clock, \(2 * b + 1)) { \(block.name)_backward(params, acc, ws) }")
        case .pool, .activation, .dropout: out.line("timed(clock, \(2 * b + 1)) { \(block.name)_backward(ws) }")
        }
    }

    /// `let ws = …` for group g on thread t, with dropout masks and batch buffers at the group.
    func bindWorkspace(training: Bool) {
        let rebinds = training && !plan.dropouts.isEmpty
        out.line("\(rebinds ? "var" : "let") ws = workspaces[t]\(hasBatch ? ".at(g, batch)" : "")")
        if rebinds {
            for (n, d) in plan.dropouts.enumerated() { out.line("ws.mask\(n) = UnsafePointer(masks\(n) + g * \(d.features))") }
        }
    }

    /// `clock` for thread t's slots, or nil when not profiling.
    func threadClock() {
        out.line("let clock = profile.map { $0 + t * \(2 * (plan.blocks.count + 1)) }")
    }

    /// Whether the input is staged by the first stage's groups (it is a lane stage), rather than
    /// by a pass of its own before a batched first stage.
    var lanesStageInput: Bool { if case .lanes = plan.stages[0] { return true } else { return false } }

    /// The staging pass before a batched first stage: every group's images into the batch's input.
    func stageInputPass() {
        out.closure("chunker.run(threads: threads, groups: groups, chunks: chunks)", "t, _, range") {
            out.block("for g in range") {
                out.line("let first = g * 8")
                out.line("stage_input(images + first * \(plan.inputSize), min(8, count - first), workspaces[t].at(g, batch))")
            }
        }
    }

    /// One lane stage of a training step: forward through its blocks, or backward through them in
    /// reverse, group by group; the last stage does forward, the loss and backward in one pass.
    func trainLaneStage(_ range: Range<Int>, index: Int, forward: Bool, final: Bool) {
        let backward = final || !forward
        let firstLane = plan.stages.firstIndex { if case .lanes = $0 { return true } else { return false } } == index
        let stages = forward && index == 0
        out.closure("chunker.run(threads: threads, groups: groups, chunks: chunks)", "t, chunk, range") {
            threadClock()
            let learns = backward && range.contains { plan.blocks[$0].backward }
            // Only conv and dense backwards take the accumulators: a stage of dropout or pooling alone
            // (torch-mnist's dropout between its batched blocks) must not declare an unused `acc`.
            let accumulates = learns && range.contains { b in
                guard plan.blocks[b].backward else { return false }
                switch plan.blocks[b].op {
                case .conv, .dense: return true
                case .pool, .activation, .dropout: return false
                }
            }
            if accumulates || (forward && firstLane) { out.line("let acc = accumulators + chunk * Acc.count") }
            if forward && firstLane {
                if plan.firstChunkVectors > 0 {
                    out.chain([("if chunk == 0", { out.line("acc.update(repeating: V(), count: Acc.count)") }),
                               ("else", { out.line("(acc + Acc.otherChunks).update(repeating: V(), count: Acc.count - Acc.otherChunks)") })])
                } else {
                    out.line("acc.update(repeating: V(), count: Acc.count)")
                }
            }
            if final { out.line("var loss = 0.0, correct = 0") }
            out.block("for g in range") {
                if stages || final { out.line("let first = g * 8, valid = min(8, count - first)") }
                bindWorkspace(training: true)
                if stages { out.line("stage_input(images + first * \(plan.inputSize), valid, ws)") }
                if forward { for b in range { laneForward(b, training: "true") } }
                if final {
                    out.line("var result = (loss: 0.0, correct: 0)")
                    out.line("timed(clock, \(lossSlot)) { result = softmax_cross_entropy(ws, labels: labels + first, valid: valid, scale: scale) }")
                    out.line("loss += result.loss")
                    out.line("correct += result.correct")
                }
                if learns { for b in range.reversed() where plan.blocks[b].backward { laneBackward(b) } }
            }
            if final { out.line("results[chunk] = (loss, correct)") }
        }
    }

    /// A channel-split stage: every thread runs `call` (one line, with `ws` at group g) on every
    /// group, for its share of the channels. With `short`, the batch's last group, when it holds at
    /// most `Tiling.shortGroupExamples` examples, gets the block's short-group kernel instead:
    /// `call(suffix, arguments)` names the function with `suffix` and passes the extra `arguments`.
    /// With `shortAfter`, that group runs in a parallel region of its own after the others: its
    /// kernels share the channels out in other tiles than the lane kernels (16 channels against 4 for
    /// tf-deep-mnist's weight gradient), so on 3 threads two threads added into the same accumulators
    /// at once, and the gradient's last bits depended on the timing.
    func channelStage(clock: Bool = true, short: Bool = false, shortAfter: Bool = false, _ call: (String, String) -> String) {
        let (shortCall, laneCall) = (call("_short", "valid: valid, scratch: shortScratch, "), call("", ""))
        out.closure("parallel(threads)", "t") {
            if clock { threadClock() }
            out.block("for g in 0..<groups") {
                groupCall(short: short && !shortAfter, shortCall: shortCall, laneCall: laneCall, skipShort: short && shortAfter)
            }
        }
        guard short && shortAfter else { return }
        out.block("if count - (groups - 1) * 8 <= \(Tiling.shortGroupExamples)") {
            out.closure("parallel(threads)", "t") {
                if clock { threadClock() }
                out.line("let ws = workspaces[t].at(groups - 1, batch), valid = count - (groups - 1) * 8")
                out.line(shortCall)
            }
        }
    }

    /// A stage of a channel-split block's groups in chunks that the threads take in turn, each group
    /// on one thread: `call` as in `channelStage`, the short-group kernel taking every channel.
    func groupStage(short: Bool, _ call: (String, String) -> String) {
        let (shortCall, laneCall) = (call("_short", "valid: valid, scratch: shortScratch, "), call("", ""))
        out.closure("chunker.run(threads: threads, groups: groups, chunks: chunks)", "t, _, range") {
            threadClock()
            out.block("for g in range") { groupCall(short: short, shortCall: shortCall, laneCall: laneCall) }
        }
    }

    /// The body of a stage's loop over groups `g`: `ws` at group g, then `laneCall`, or with `short`
    /// `shortCall` for a last group of at most `Tiling.shortGroupExamples` examples; with `skipShort`
    /// such a group is left out (a region of its own takes it).
    private func groupCall(short: Bool, shortCall: String, laneCall: String, skipShort: Bool = false) {
        out.line("let ws = workspaces[t].at(g, batch)")
        guard short || skipShort else { return out.line(laneCall) }
        out.line("let valid = min(8, count - g * 8)")
        if skipShort {
            out.block("if valid > \(Tiling.shortGroupExamples)") { out.line(laneCall) }
        } else {
            out.chain([("if valid <= \(Tiling.shortGroupExamples)", { out.line(shortCall) }), ("else", { out.line(laneCall) })])
        }
    }

    // MARK: the class

    /// Vectors of scratch the short-group kernels need (the largest block's), 0 without them.
    var shortScratchVectors: Int {
        plan.blocks.compactMap { block -> Int? in
            guard block.shortGroup != nil, case let .conv(g, _, _, _) = block.op else { return nil }
            return (Self.shortScratchFloats(g) + 7) / 8
        }.max() ?? 0
    }

    /// The batched dense blocks, whose weights' update the network applies itself, fused into their
    /// weight gradient (`TrainableNetwork.fusedUpdateRanges`): the weight gradient of a matrix too big
    /// for the caches is then neither written to the gradient arena nor read back by the optimizer.
    var fusedBlocks: [BlockPlan] {
        plan.blocks.filter { if case let .dense(_, _, _, batched) = $0.op { return batched } else { return false } }
    }

    /// Floats of one thread's scratch for a fused weight-gradient tile: the largest batched block's
    /// rows of one tile.
    var updateScratchFloats: Int {
        fusedBlocks.compactMap { b -> Int? in
            guard case let .dense(g, _, tiles, _) = b.op else { return nil }
            return tiles.weightOutputs * g.inputs
        }.max() ?? 0
    }

    func networkClass() {
        let type = plan.typeName
        let input = plan.buffers[0]
        let logits = plan.buffers[plan.logits]
        out.docComment("""
        The \(plan.name) network specialised for training: a TrainableNetwork whose every size is a literal. \
        Parameters and gradients live in two arenas laid out as PyTorch lays out the nn.Sequential's \
        state_dict; up to `threads` threads share each batch (the results do not depend on how many).
        """)
        out.block("public final class \(type): TrainableNetwork, ProfilingNetwork") {
            out.docComment("Every parameter, in PyTorch's order.")
            out.line("public static let layout: [ParameterSlot] = [")
            out.indented {
                for p in plan.parameters {
                    out.line("ParameterSlot(name: \"\(p.tensor.name)\", shape: \(p.tensor.shape), offset: Arena.\(p.symbol), fanIn: \(p.tensor.fanIn), fanOut: \(p.tensor.fanOut), isBias: \(p.tensor.isBias)),")
                }
            }
            out.line("]")
            out.line("public static let classes = \(plan.classes)")
            out.line("public static let inputShape = [\(input.c), \(input.h), \(input.w)]")
            out.docComment("What `--profile` times, in forward order.")
            out.line("public static let blocks = [" + (plan.blocks.map { "\"\($0.name)\"" } + ["\"softmax_cross_entropy\""]).joined(separator: ", ") + "]")
            out.line()
            out.line("public var parameterLayout: [ParameterSlot] { Self.layout }")
            out.line("public var profiledBlocks: [String] { Self.blocks }")
            out.line("public let parameters: UnsafeMutableBufferPointer<Float>")
            out.line("public let gradients: UnsafeMutableBufferPointer<Float>")
            out.line("public let maxBatch: Int")
            out.line("public var inputSize: Int { \(input.count) }")
            out.line("public let threads: Int")
            out.line("private let workspaces: [Workspace]")
            out.line("private let memory: UnsafeMutablePointer<V>")
            if hasBatch {
                out.line("private let batch: Batch")
                out.line("private let batchMemory: UnsafeMutablePointer<V>")
            }
            out.line("private let accumulators: UnsafeMutablePointer<V> // GroupChunks.maxChunks × Acc.count")
            out.line("private let results: UnsafeMutablePointer<(loss: Double, correct: Int)> // one per chunk")
            out.line("private let chunker = GroupChunks()")
            if shortScratchVectors > 0 {
                out.line("private let shortScratch: UnsafeMutablePointer<V> // a short-group kernel's weight or output gradient, channels side by side")
            }
            if winogradWeightFloats > 0 {
                out.line("private let winogradWeights: UnsafeMutablePointer<Float> // \(winogradWeightFloats.underscored): the Winograd convolutions' transformed filters")
            }
            if updateScratchFloats > 0 {
                out.line("private let updateScratch: UnsafeMutablePointer<Float> // threads × \(updateScratchFloats.underscored): a tile of rows of a batched weight gradient, updated from")
            }
            for (n, d) in plan.dropouts.enumerated() {
                out.line("private let masks\(n): UnsafeMutablePointer<V> // (maxBatch rounded up to groups, \(d.features))")
            }
            out.line()
            out.docComment("Room for batches of up to `maxBatch` examples, run on `threads` threads; parameters start at zero (initialise them, or load a checkpoint).")
            out.block("public init(maxBatch: Int = \(plan.model.train.batch), threads: Int = 2)") {
                out.comment("Checked even in -Ounchecked builds (a precondition would not be).")
                out.line("guard maxBatch >= 1 && threads >= 1 else { fatalError(\"\(type) needs maxBatch ≥ 1 and threads ≥ 1\") }")
                out.line("self.maxBatch = maxBatch")
                out.line("self.threads = threads")
                out.line("parameters = .allocate(capacity: Arena.count)")
                out.line("parameters.initialize(repeating: 0)")
                out.line("gradients = .allocate(capacity: Arena.count)")
                out.line("gradients.initialize(repeating: 0)")
                if hasBatch {
                    out.line("let groups = (maxBatch + 7) / 8")
                    out.line("batchMemory = .allocate(capacity: Batch.vectors(groups: groups))")
                    out.line("let batch = Batch(batchMemory, groups: groups)")
                    out.line("self.batch = batch")
                }
                out.line("let memory = UnsafeMutablePointer<V>.allocate(capacity: Workspace.vectors * threads)")
                out.line("self.memory = memory")
                if winogradWeightFloats > 0 {
                    out.line("let winogradWeights = UnsafeMutablePointer<Float>.allocate(capacity: \(winogradWeightFloats.underscored))")
                    out.line("winogradWeights.initialize(repeating: 0, count: \(winogradWeightFloats.underscored))")
                    out.line("self.winogradWeights = winogradWeights")
                }
                out.line("workspaces = (0..<threads).map { Workspace(memory + $0 * Workspace.vectors\(hasBatch ? ", batch" : "")\(winogradWeightFloats > 0 ? ", winogradWeights" : "")) }")
                out.line("accumulators = .allocate(capacity: Acc.count * GroupChunks.maxChunks)")
                out.line("accumulators.initialize(repeating: V(), count: Acc.count * GroupChunks.maxChunks)")
                if shortScratchVectors > 0 {
                    out.line("shortScratch = .allocate(capacity: \(shortScratchVectors.underscored))")
                    out.line("shortScratch.initialize(repeating: V(), count: \(shortScratchVectors.underscored))")
                }
                if updateScratchFloats > 0 {
                    out.line("updateScratch = .allocate(capacity: threads * \(updateScratchFloats.underscored))")
                    out.line("updateScratch.initialize(repeating: 0, count: threads * \(updateScratchFloats.underscored))")
                }
                out.line("results = .allocate(capacity: GroupChunks.maxChunks)")
                out.line("results.initialize(repeating: (0, 0), count: GroupChunks.maxChunks)")
                for (n, d) in plan.dropouts.enumerated() {
                    out.line("masks\(n) = .allocate(capacity: (maxBatch + 7) / 8 * \(d.features))")
                    out.line("masks\(n).initialize(repeating: V(), count: (maxBatch + 7) / 8 * \(d.features))")
                }
            }
            out.line()
            out.block("deinit") {
                out.line("parameters.deallocate()")
                out.line("gradients.deallocate()")
                out.line("memory.deallocate()")
                if hasBatch { out.line("batchMemory.deallocate()") }
                out.line("accumulators.deallocate()")
                out.line("results.deallocate()")
                if shortScratchVectors > 0 { out.line("shortScratch.deallocate()") }
                if updateScratchFloats > 0 { out.line("updateScratch.deallocate()") }
                if winogradWeightFloats > 0 { out.line("winogradWeights.deallocate()") }
                for n in plan.dropouts.indices { out.line("masks\(n).deallocate()") }
            }
            out.line()
            if !plan.dropouts.isEmpty { dropoutMasks() }
            let noUpdate = fusedBlocks.isEmpty ? "" : "update: nil, "
            out.block("public func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, dropoutSeed: UInt64) -> (lossSum: Double, correct: Int)") {
                out.line("step(images, labels, count, dropoutSeed, \(noUpdate)profile: nil)")
            }
            out.line()
            out.block("public func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, dropoutSeed: UInt64, clock: UnsafeMutablePointer<UInt64>) -> (lossSum: Double, correct: Int)") {
                out.line("step(images, labels, count, dropoutSeed, \(noUpdate)profile: clock)")
            }
            if !fusedBlocks.isEmpty {
                out.line()
                out.docComment("The weights of the batched dense blocks: their update is applied as each tile of their gradient is formed.")
                out.line("public var fusedUpdateRanges: [Range<Int>] { [" + fusedBlocks.map { b in
                    let w = plan.parameters[b.parameters[0]]
                    return "Arena.\(w.symbol)..<Arena.\(w.symbol) + \(w.tensor.count.underscored)"
                }.joined(separator: ", ") + "] }")
                out.line()
                out.block("public func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, dropoutSeed: UInt64, update: FusedUpdate) -> (lossSum: Double, correct: Int)") {
                    out.line("step(images, labels, count, dropoutSeed, update: update, profile: nil)")
                }
            }
            out.line()
            step()
            out.line()
            evaluate(logits)
            out.line()
            out.block("public func predict(images: UnsafePointer<Float>, count: Int, into predictions: UnsafeMutablePointer<Int32>)") {
                out.closure("evaluate(images, count: count)", "logits, first, valid") {
                    out.line("var m = logits[0]")
                    out.line("var best = VI(repeating: 0)")
                    out.block("for k in 1..<\(plan.classes)") {
                        out.line("let v = logits[k], gt = v .> m")
                        out.line("m.replace(with: v, where: gt)")
                        out.line("best.replace(with: VI(repeating: Int32(k)), where: gt)")
                    }
                    out.line("for l in 0..<valid { predictions[first + l] = best[l] }")
                }
            }
            out.line()
            out.docComment("The logits of `count` examples, row-major (count × \(plan.classes)), in evaluation mode.")
            out.block("public func logits(images: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>)") {
                out.closure("evaluate(images, count: count)", "logits, first, valid") {
                    out.block("for k in 0..<\(plan.classes)") {
                        out.line("for l in 0..<valid { output[(first + l) * \(plan.classes) + k] = logits[k][l] }")
                    }
                }
            }
        }
    }

    /// A stage's one-line description: `stage 2 of 3 (batched): dense7_relu8`.
    func stageTitle(_ index: Int) -> String {
        let stage = plan.stages[index]
        let names = stage.blocks.map { plan.blocks[$0].name + (plan.blocks[$0].shortGroup != nil ? " (short)" : "") }
        let kind: String
        switch stage {
        case .lanes: kind = index == plan.stages.count - 1 ? "group by group, through the loss" : "group by group"
        case .batched: kind = "the whole batch, its work split between the threads"
        case .channels: kind = "every group, its channels split between the threads"
        }
        return "stage \(index + 1) of \(plan.stages.count), \(kind): \(names.isEmpty ? "the loss alone" : names.joined(separator: ", "))"
    }

    func step() {
        out.docComment(plan.stages.count == 1 ? """
        One training step: every group of the batch forward, through the loss and backward, in chunks that \
        the threads take in turn (GroupChunks); then the chunks' accumulators reduced into `gradients`. \
        With `profile`, each block's nanoseconds are added per thread (see ProfilingNetwork).
        """ : """
        One training step, stage by stage (forward in order, then backward in reverse): lane stages run group \
        by group in chunks that the threads take in turn (GroupChunks); a batched stage runs on the whole batch \
        with its outputs split between the threads. Then the chunks' accumulators are reduced into `gradients`. \
        With `profile`, each block's nanoseconds are added per thread (see ProfilingNetwork).\
        \(fusedBlocks.isEmpty ? "" : " With `update`, the weights of \(fusedBlocks.map(\.name).joined(separator: " and ")) are updated as their gradient is formed (fusedUpdateRanges), unless the loss is not finite.")
        """)
        let update = fusedBlocks.isEmpty ? "" : "update: FusedUpdate?, "
        out.block("private func step(_ images: UnsafePointer<Float>, _ labels: UnsafePointer<Int32>, _ count: Int, _ dropoutSeed: UInt64, \(update)profile: UnsafeMutablePointer<UInt64>?) -> (lossSum: Double, correct: Int)") {
            out.block("guard count >= 1 && count <= maxBatch else") {
                out.line("fatalError(\"a batch of \\(count) examples does not fit maxBatch \\(maxBatch)\")")
            }
            if plan.dropouts.isEmpty {
                out.line("_ = dropoutSeed // no dropout in this network")
            } else {
                out.line("drawMasks(count: count, seed: dropoutSeed)")
            }
            out.line("let groups = (count + 7) / 8, chunks = GroupChunks.count(groups: groups)")
            out.line("let scale = 1 / Float(count)")
            out.line("let params = UnsafePointer(parameters.baseAddress!), grad = gradients.baseAddress!")
            if let first = winogradConvs.first, let b = plan.blocks.firstIndex(of: first.block) {
                out.comment("the Winograd filters of this step's weights (timed with \(first.block.name)'s forward)")
                out.closure("parallel(threads)", "t") {
                    threadClock()
                    out.line("timed(clock, \(2 * b)) { winograd_weights(params, winogradWeights, \(winogradTraining(true))part: t, parts: threads) }")
                }
            }
            let last = plan.stages.count - 1
            if !lanesStageInput { stageInputPass() }
            for (index, stage) in plan.stages.enumerated() {
                out.comment(stageTitle(index) + (index == last ? "" : ", forward"))
                switch stage {
                case let .lanes(range): trainLaneStage(range, index: index, forward: true, final: index == last)
                case let .batched(b):
                    out.closure("parallel(threads)", "t") {
                        threadClock()
                        out.line("timed(clock, \(2 * b)) { \(plan.blocks[b].name)_forward(params, batch, groups: groups, part: t, parts: threads) }")
                    }
                case let .channels(b):
                    channelStage(short: plan.blocks[b].shortGroup != nil) { "timed(clock, \(2 * b)) { \(plan.blocks[b].name)_forward\($0)(params, ws, \($1)part: t, parts: threads) }" }
                }
            }
            out.line("var loss = 0.0, correct = 0")
            out.block("for c in 0..<chunks") {
                out.line("loss += results[c].loss")
                out.line("correct += results[c].correct")
            }
            if !fusedBlocks.isEmpty {
                out.comment("On a non-finite loss no update is applied and every gradient is written: the training loop stops before updating.")
                out.line("let update = loss.isFinite ? update : nil")
            }
            for index in (0..<last).reversed() {
                let stage = plan.stages[index]
                guard stage.blocks.contains(where: { plan.blocks[$0].backward }) else { continue }
                out.comment(stageTitle(index) + ", backward")
                switch stage {
                case let .lanes(range): trainLaneStage(range, index: index, forward: false, final: false)
                case let .batched(b):
                    let name = plan.blocks[b].name
                    out.closure("parallel(threads)", "t") {
                        threadClock()
                        out.line("timed(clock, \(2 * b + 1)) { \(name)_backward_prepare(grad, batch, count: count, part: t, parts: threads) }")
                    }
                    if plan.blocks[b].inputGradient {
                        out.closure("parallel(threads)", "t") {
                            threadClock()
                            out.line("timed(clock, \(2 * b + 1)) { \(name)_backward_inputs(params, batch, count: count, part: t, parts: threads) }")
                        }
                    }
                    out.closure("parallel(threads)", "t") {
                        threadClock()
                        out.line("timed(clock, \(2 * b + 1)) { \(name)_backward_weights(grad, batch, count: count, update: update, scratch: updateScratch + t * \(updateScratchFloats.underscored), part: t, parts: threads) }")
                    }
                case let .channels(b):
                    let name = plan.blocks[b].name
                    out.comment("(the output channels' share first, then, once every channel's gradient is in, the input channels')")
                    let short = plan.blocks[b].shortGroup != nil
                    channelStage(short: short, shortAfter: true) { "timed(clock, \(2 * b + 1)) { \(name)_backward\($0)(params, accumulators, ws, \($1)part: t, parts: threads) }" }
                    if plan.blocks[b].gathersByGroup {
                        out.comment("(the input gradient group by group, in chunks: each group's Winograd transforms serve every channel)")
                        groupStage(short: short) { suffix, arguments in
                            "timed(clock, \(2 * b + 1)) { \(name)_backward_inputs\(suffix)(params, ws\(arguments.isEmpty ? "" : ", \(arguments)part: 0, parts: 1")) }"
                        }
                    } else if plan.blocks[b].inputGradient {
                        channelStage(short: short) { "timed(clock, \(2 * b + 1)) { \(name)_backward_inputs\($0)(params, ws, \($1)part: t, parts: threads) }" }
                    }
                }
            }
            if !accumulated.isEmpty {
                out.comment("the chunks' accumulators, summed in chunk order")
                out.line("let used = min(threads, chunks)")
                out.closure("parallel(used)", "t") {
                    out.line("reduce_gradients(accumulators, chunks: chunks, part: t, parts: used, into: grad)")
                }
            }
            out.line("return (loss, correct)")
        }
    }

    func evaluate(_ logits: BufferPlan) {
        out.docComment("Runs forward (evaluation mode) on `count` examples, stage by stage, and hands each group's logits \(logits.batchedShape) to `body` with its first example and size.")
        out.block("private func evaluate(_ images: UnsafePointer<Float>, count: Int, _ body: (UnsafePointer<V>, Int, Int) -> Void)") {
            out.line("let groups = (count + 7) / 8, chunks = GroupChunks.count(groups: groups)")
            out.line("guard groups > 0 else { return }")
            out.line("let params = UnsafePointer(parameters.baseAddress!)")
            if winogradWeightFloats > 0 {
                out.line("parallel(threads) { t in winograd_weights(params, winogradWeights, \(winogradTraining(false))part: t, parts: threads) }")
            }
            let last = plan.stages.count - 1
            if !lanesStageInput { stageInputPass() }
            for (index, stage) in plan.stages.enumerated() {
                switch stage {
                case let .lanes(range):
                    out.closure("chunker.run(threads: threads, groups: groups, chunks: chunks)", "t, _, range") {
                        out.block("for g in range") {
                            if index == 0 || index == last { out.line("let first = g * 8, valid = min(8, count - first)") }
                            bindWorkspace(training: false)
                            if index == 0 { out.line("stage_input(images + first * \(plan.inputSize), valid, ws)") }
                            for b in range { laneForward(b, training: "false", clock: "nil") }
                            if index == last { out.line("body(UnsafePointer(ws.\(logits.name)), first, valid)") }
                        }
                    }
                case let .batched(b):
                    out.closure("parallel(threads)", "t") {
                        out.line("\(plan.blocks[b].name)_forward(params, batch, groups: groups, part: t, parts: threads)")
                    }
                case let .channels(b):
                    channelStage(clock: false, short: plan.blocks[b].shortGroup != nil) { "\(plan.blocks[b].name)_forward\($0)(params, ws, \($1)part: t, parts: threads)" }
                }
            }
        }
    }

    /// Draws every dropout mask of a batch on the calling thread, so the masks do not depend on how
    /// the batch is split between threads.
    func dropoutMasks() {
        out.docComment("""
        Draws the batch's dropout masks from SeededRNG(seed: seed): dropout layers in order, examples in batch \
        order, features row-major, one nextFloat() each; kept (value 1/(1 − rate)) when it is below 1 − rate. \
        Stored per group, lanes interleaved.
        """)
        out.block("private func drawMasks(count: Int, seed: UInt64)") {
            out.line("var rng = SeededRNG(seed: seed)")
            for (n, d) in plan.dropouts.enumerated() {
                out.block("do") {
                    out.line("let keep = Float(1 - \(d.rate)), value = 1 / Float(1 - \(d.rate))")
                    out.line("let mask = UnsafeMutableRawPointer(masks\(n)).assumingMemoryBound(to: Float.self)")
                    out.block("for e in 0..<count") {
                        out.line("let base = (e / 8) * \(d.features * 8) + e % 8")
                        out.line("for f in 0..<\(d.features) { mask[base + f * 8] = rng.nextFloat() < keep ? value : 0 }")
                    }
                }
            }
        }
        out.line()
    }
}

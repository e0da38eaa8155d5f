import LenetModel
import LenetSpec

/// Lays out `Network.swift` for a plan: the header (spec, shape table, blocks), the parameter and
/// accumulator arenas with named offsets, the per-thread workspace with a shape comment on every
/// buffer, one forward/backward pair per block, the loss, and the network class that runs groups on
/// threads and reduces their gradients in a fixed order.
struct NetworkRenderer {
    let plan: EmitPlan
    let out = SwiftWriter()

    init(_ plan: EmitPlan) { self.plan = plan }

    var activationsUsed: Set<ActivationKind> {
        var used = Set<ActivationKind>()
        for block in plan.blocks {
            switch block.op {
            case let .conv(_, activation, _, _), let .dense(_, activation, _): if let activation { used.insert(activation) }
            case let .activation(kind): used.insert(kind)
            case .pool, .dropout: break
            }
        }
        return used
    }

    func render() -> String {
        header()
        out.line("import Dispatch")
        out.line("import Foundation")
        out.line()
        out.line("private typealias V = SIMD8<Float> // one value of each of the 8 examples of a group")
        out.line("private typealias VI = SIMD8<Int32>")
        out.line()
        arenas()
        workspace()
        math()
        for block in plan.blocks { forward(block) }
        softmaxCrossEntropy()
        out.line()
        for block in plan.blocks.reversed() where block.backward { backward(block) }
        drivers()
        networkClass()
        return out.text
    }

    // MARK: header

    func header() {
        let model = plan.model
        out.comment("""
        \(plan.name): Network.swift, the network of \(model.sourcePath) specialised by `lenetc emit`.
        Generated; do not edit (run `lenetc emit \(model.sourcePath)` again instead).
        """)
        if let description = model.description {
            out.line("//")
            out.comment(description)
        }
        out.line("//")
        for row in ShapeTable.text(model).split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            out.line(("//   " + row).trimmingTrailingSpace())
        }
        out.line("//")
        out.line("// Blocks, forward in this order and backward in reverse:")
        let width = (plan.blocks.map(\.name) + ["softmax_cross_entropy"]).map(\.count).max() ?? 0
        for block in plan.blocks {
            let what = block.layers.map { model.layers[$0].written }.joined(separator: " → ")
            out.line("//   " + block.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + what
                     + (block.backward ? "" : " (forward only: nothing below learns)"))
        }
        let last = plan.blocks.last { $0.output == plan.logits }
        out.line("//   " + "softmax_cross_entropy".padding(toLength: width + 2, withPad: " ", startingAt: 0)
                 + "mean over the batch; its gradient goes straight into \(last?.name ?? "the logits")'s backward")
        out.line("//")
        out.comment("""
        Layout: examples go through the network in groups of 8, one example per SIMD lane, so every \
        operation is a whole SIMD8<Float> whatever the layer sizes. A buffer holds one group; B below is \
        those 8 lanes. Value (c, y, x) of lane l is at float ((c·Hs + y + pad)·Ws + x + pad)·8 + l, where \
        Hs×Ws is the stored size: a buffer read by a padded conv or pool keeps the padding around its \
        values, so kernels never test bounds.
        Threads: trainStep cuts a batch's groups into chunks (up to 8, at least 4 groups each, by the batch \
        size alone) that the threads take in turn, so a thread slowed by other work hands the rest to the \
        others. Each chunk sums its gradients in its own accumulators (one vector per conv weight and bias, \
        lanes kept apart); the chunks are then added in chunk order, so the numbers depend on the batch, \
        never on the thread count or on which thread ran which chunk.
        """)
        out.line()
    }

    // MARK: arenas

    func arenas() {
        out.docComment("Offsets (in floats) of the parameters in the arena: PyTorch's order and layout (row-major, NCHW).")
        out.block("private enum Arena") {
            let width = plan.parameters.map(\.symbol.count).max() ?? 0
            for p in plan.parameters {
                let name = p.symbol.padding(toLength: width, withPad: " ", startingAt: 0)
                out.line("static let \(name) = \(p.offset.underscored) // \(p.name) \(shapeText(p.shape))")
            }
            out.line("static let count = \(plan.parameterCount.underscored)")
        }
        out.line()
        out.docComment("Offsets (in vectors) of each parameter's gradient accumulator in a chunk's accumulator arena.")
        out.block("private enum Acc") {
            let width = plan.parameters.map(\.symbol.count).max() ?? 0
            for p in plan.parameters {
                let name = p.symbol.padding(toLength: width, withPad: " ", startingAt: 0)
                let what: String
                switch p.accumulator {
                case .lanes: what = "one vector per value (lanes summed at the end of the step)"
                case let .rows(rows, _, padded): what = "\(rows) rows of \(padded) floats, lanes already summed"
                }
                out.line("static let \(name) = \((p.accumulatorOffset / 8).underscored) // \(p.name): \(what)")
            }
            out.line("static let count = \((plan.accumulatorFloats / 8).underscored)")
        }
        out.line()
    }

    // MARK: workspace

    var scratchVectors: Int {
        plan.blocks.reduce(0) { most, block in
            if case let .dense(g, _, _) = block.op, block.backward { return max(most, g.paddedInputs) }
            return most
        }
    }

    func workspace() {
        out.docComment("One thread's buffers for one group of 8 examples (B = the 8 lanes), carved out of one allocation.")
        out.block("private struct Workspace") {
            var fields: [(name: String, type: String, count: Int, comment: String)] = []
            for b in plan.buffers {
                fields.append((b.name, "V", b.storedCount, storageText(b)))
                if b.needsGradient { fields.append((b.gradientName, "V", b.storedCount, "gradient of \(b.name)")) }
            }
            for a in plan.argmaxBuffers {
                fields.append((a.name, "VI", a.count, "which window element won each max"))
            }
            if scratchVectors > 0 {
                fields.append(("scratch", "V", scratchVectors, "(8, \(scratchVectors)): a dense input transposed for its weight gradient"))
            }
            for f in fields {
                out.line("let \(f.name): UnsafeMutablePointer<\(f.type)> // \(f.comment)")
            }
            for (n, d) in plan.dropouts.enumerated() {
                out.line("var mask\(n): UnsafePointer<V> // (B, \(d.features)): this group's dropout mask (rate \(d.rate))")
            }
            let total = fields.reduce(0) { $0 + $1.count }
            out.line("static let vectors = \(total.underscored)")
            out.line()
            out.docComment("Takes `vectors` vectors at `memory`: zeros everywhere, −∞ in the borders that max pooling reads.")
            out.block("init(_ memory: UnsafeMutablePointer<V>)") {
                out.line("memory.initialize(repeating: V(), count: Self.vectors)")
                var offset = 0
                for f in fields {
                    let at = Affine(offset).offsetting("memory")
                    if f.type == "VI" {
                        out.line("\(f.name) = UnsafeMutableRawPointer(\(at)).bindMemory(to: VI.self, capacity: \(f.count))")
                    } else {
                        out.line("\(f.name) = \(at)")
                    }
                    offset += f.count
                }
                for n in plan.dropouts.indices { out.line("mask\(n) = UnsafePointer(memory)") }
                for b in plan.buffers where b.fill == .negativeInfinity && b.isPadded {
                    out.line("\(b.name).update(repeating: V(repeating: -.infinity), count: \(b.storedCount))")
                }
            }
        }
        out.line()
    }

    // MARK: math

    func math() {
        let used = activationsUsed
        var parts = [MathText.exp]
        if used.contains(.sigmoid) { parts.append(MathText.sigmoid) }
        if used.contains(.tanh) { parts.append(MathText.tanh) }
        if used.contains(.relu) { parts.append(MathText.relu) }
        parts.append(MathText.hsum)
        for part in parts {
            out.lines(part)
            out.line()
        }
    }

    // MARK: blocks

    func forward(_ block: BlockPlan) {
        switch block.op {
        case let .conv(g, activation, pool, tiles): convForward(block, g, activation, pool, tiles)
        case let .pool(p): poolBlockForward(block, p)
        case let .dense(g, activation, tiles): denseForward(block, g, activation, tiles)
        case let .activation(kind): activationForward(block, kind)
        case let .dropout(rate, mask): dropoutForward(block, rate: rate, mask: mask)
        }
        out.line()
    }

    func backward(_ block: BlockPlan) {
        switch block.op {
        case let .conv(g, activation, pool, tiles): convBackward(block, g, activation, pool, tiles)
        case let .pool(p): poolBlockBackward(block, p)
        case let .dense(g, activation, tiles): denseBackward(block, g, activation, tiles)
        case let .activation(kind): activationBackward(block, kind)
        case let .dropout(_, mask): dropoutBackward(block, mask: mask)
        }
        out.line()
    }

    /// The doc comment of a block's forward or backward function.
    func functionHeader(_ block: BlockPlan, forward: Bool) {
        let layers = block.layers.map { plan.model.layers[$0] }
        let what = layers.map { "\($0.index) \($0.written)" }.joined(separator: " · ")
        if forward {
            var chain = [plan.buffers[block.input]]
            if let hidden = block.hidden { chain.append(plan.buffers[hidden]) }
            chain.append(plan.buffers[block.output])
            out.docComment("\(block.name) forward: \(what)\n" + chain.map { "\($0.name) \($0.batchedShape)" }.joined(separator: " → "))
        } else {
            let output = plan.buffers[block.output]
            var text = "\(block.name) backward: from \(output.gradientName) \(output.batchedShape)"
            let names = block.parameters.map { plan.parameters[$0].name }
            if !names.isEmpty { text += ", adds the gradients of \(names.joined(separator: " and "))" }
            if block.inputGradient {
                let input = plan.buffers[block.input]
                text += ", writes \(input.gradientName) \(input.batchedShape)"
            } else if !names.isEmpty {
                text += " (no input gradient: nothing below learns)"
            }
            out.docComment(text)
        }
    }

    /// `(B, 1, 28, 28), stored 32×32 with a zero border`.
    func storageText(_ b: BufferPlan) -> String {
        guard b.isPadded else { return b.batchedShape }
        return "\(b.batchedShape), stored \(b.storedH)×\(b.storedW) with a \(b.fill == .zero ? "zero" : "−∞") border"
    }

    func storageComment(_ b: BufferPlan) -> String { " // " + storageText(b) }

    // MARK: group drivers

    func drivers() {
        let input = plan.buffers[0]
        out.docComment("Copies `valid` images (row-major, \(input.count) floats each) into the lanes of the input buffer; the other lanes get zeros.")
        out.block("private func stage_input(_ images: UnsafePointer<Float>, _ valid: Int, _ ws: Workspace)") {
            out.line("let x = UnsafeMutableRawPointer(ws.input).assumingMemoryBound(to: Float.self)")
            out.block("for l in 0..<8") {
                out.loop("c", input.c) { c in
                    out.loop("y", input.h) { y in
                        out.line("let row = x + (\(input.index(c, y, Affine(0)))) * 8 + l")
                        out.chain([
                            ("if l < valid", {
                                out.line("let source = images + l * \(input.count) + \(c * (input.h * input.w) + y * input.w)")
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
        out.line()
        out.docComment("The forward pass of one group, block by block (training enables dropout).")
        out.block("private func forward_group(_ params: UnsafePointer<Float>, _ ws: Workspace, training: Bool)") {
            for block in plan.blocks {
                let call: String
                switch block.op {
                case .conv, .dense: call = "\(block.name)_forward(params, ws)"
                case .pool, .activation: call = "\(block.name)_forward(ws)"
                case .dropout: call = "\(block.name)_forward(ws, training: training)"
                }
                out.line(call + " // → \(plan.buffers[block.output].batchedShape)")
            }
            if !plan.blocks.contains(where: { if case .dropout = $0.op { return true } else { return false } }) {
                out.line("_ = training // no dropout in this network")
            }
        }
        out.line()
        out.docComment("The backward pass of one group, blocks in reverse, adding into the chunk's accumulators `acc`.")
        out.block("private func backward_group(_ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace)") {
            for block in plan.blocks.reversed() where block.backward {
                switch block.op {
                case .conv, .dense: out.line("\(block.name)_backward(params, acc, ws)")
                case .pool, .activation, .dropout: out.line("\(block.name)_backward(ws)")
                }
            }
            if !plan.blocks.contains(where: \.backward) { out.line("_ = (params, acc, ws) // nothing learns") }
        }
        out.line()
        out.docComment("""
        Part `part` of `parts` of the reduction: each parameter's values split evenly between the parts, and \
        each value summed over the chunks' accumulators in chunk order into the gradient arena (PyTorch's layout).
        """)
        out.block("private func reduce_gradients(_ acc: UnsafePointer<V>, chunks: Int, part: Int, parts: Int, into grad: UnsafeMutablePointer<Float>)") {
            if plan.parameters.contains(where: { if case let .rows(_, columns, _) = $0.accumulator { return columns >= 8 } else { return false } }) {
                out.line("let target = UnsafeMutableRawPointer(grad)")
            }
            for p in plan.parameters {
                switch p.accumulator {
                case .lanes:
                    out.comment("\(p.name): \(p.count) values, lanes summed last")
                    out.block("for k in \(p.count) * part / parts..<\(p.count) * (part + 1) / parts") {
                        out.line("var s = acc[Acc.\(p.symbol) + k]")
                        out.line("for c in 1..<chunks { s += acc[c * Acc.count + Acc.\(p.symbol) + k] }")
                        out.line("grad[Arena.\(p.symbol) + k] = hsum(s)")
                    }
                case let .rows(rows, columns, padded):
                    out.comment("\(p.name): \(rows) rows of \(columns), accumulated in rows of \(padded)")
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
                }
            }
        }
        out.line()
        out.docComment("Runs body(t) for t in 0..<n, on n threads when n > 1.")
        out.block("private func parallel(_ n: Int, _ body: (Int) -> Void)") {
            out.line("if n == 1 { body(0); return }")
            out.closure("withoutActuallyEscaping(body)", "body") {
                out.line("let shared = Unchecked(body)")
                out.line("DispatchQueue.concurrentPerform(iterations: n) { shared.value($0) }")
            }
        }
        out.line()
        out.docComment("A value handed to worker threads that only touch their own share of memory.")
        out.block("private struct Unchecked<T>: @unchecked Sendable") {
            out.line("let value: T")
            out.line("init(_ value: T) { self.value = value }")
        }
        out.line()
    }

    // MARK: the class

    func networkClass() {
        let type = plan.typeName
        let input = plan.buffers[0]
        let logits = plan.buffers[plan.logits]
        out.docComment("""
        The \(plan.name) network specialised for training: a TrainableNetwork whose every size is a literal. \
        Parameters and gradients live in two arenas laid out as PyTorch lays out the nn.Sequential's \
        state_dict; up to `threads` threads share each batch (the results do not depend on how many).
        """)
        out.block("public final class \(type): TrainableNetwork") {
            out.docComment("Every parameter, in PyTorch's order.")
            out.line("public static let layout: [ParameterSlot] = [")
            out.indented {
                for p in plan.parameters {
                    out.line("ParameterSlot(name: \"\(p.name)\", shape: \(p.shape), offset: Arena.\(p.symbol), fanIn: \(p.fanIn), fanOut: \(p.fanOut), isBias: \(p.isBias)),")
                }
            }
            out.line("]")
            out.line("public static let classes = \(plan.classes)")
            out.line("public static let inputShape = [\(input.c), \(input.h), \(input.w)]")
            out.line()
            out.line("public var parameterLayout: [ParameterSlot] { Self.layout }")
            out.line("public let parameters: UnsafeMutableBufferPointer<Float>")
            out.line("public let gradients: UnsafeMutableBufferPointer<Float>")
            out.line("public let maxBatch: Int")
            out.line("public var inputSize: Int { \(input.count) }")
            out.line("public let threads: Int")
            out.line("private let workspaces: [Workspace]")
            out.line("private let memory: UnsafeMutablePointer<V>")
            out.line("private let accumulators: UnsafeMutablePointer<V> // maxChunks × Acc.count")
            out.line("private let results: UnsafeMutablePointer<(loss: Double, correct: Int)> // one per chunk")
            out.line("private let nextChunk: UnsafeMutablePointer<Int> // the next chunk a thread takes, under `lock`")
            out.line("private let lock = NSLock()")
            out.line("private static let maxChunks = 8")
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
                out.line("let memory = UnsafeMutablePointer<V>.allocate(capacity: Workspace.vectors * threads)")
                out.line("self.memory = memory")
                out.line("workspaces = (0..<threads).map { Workspace(memory + $0 * Workspace.vectors) }")
                out.line("accumulators = .allocate(capacity: Acc.count * Self.maxChunks)")
                out.line("accumulators.initialize(repeating: V(), count: Acc.count * Self.maxChunks)")
                out.line("results = .allocate(capacity: Self.maxChunks)")
                out.line("results.initialize(repeating: (0, 0), count: Self.maxChunks)")
                out.line("nextChunk = .allocate(capacity: 1)")
                out.line("nextChunk.initialize(to: 0)")
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
                out.line("accumulators.deallocate()")
                out.line("results.deallocate()")
                out.line("nextChunk.deallocate()")
                for n in plan.dropouts.indices { out.line("masks\(n).deallocate()") }
            }
            out.line()
            if !plan.dropouts.isEmpty { dropoutMasks() }
            out.block("public func trainStep(images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, dropoutSeed: UInt64) -> (lossSum: Double, correct: Int)") {
                out.block("guard count >= 1 && count <= maxBatch else") {
                    out.line("fatalError(\"a batch of \\(count) examples does not fit maxBatch \\(maxBatch)\")")
                }
                if plan.dropouts.isEmpty {
                    out.line("_ = dropoutSeed // no dropout in this network")
                } else {
                    out.line("drawMasks(count: count, seed: dropoutSeed)")
                }
                out.comment("Chunks of at least 4 groups, at most 8: fixed by the batch size alone.")
                out.line("let groups = (count + 7) / 8")
                out.line("let chunks = min(Self.maxChunks, max(1, groups / 4)), used = min(threads, chunks)")
                out.line("let scale = 1 / Float(count)")
                out.line("let params = UnsafePointer(parameters.baseAddress!)")
                out.line("nextChunk.pointee = 0")
                out.closure("parallel(used)", "t") {
                    out.line("\(plan.dropouts.isEmpty ? "let" : "var") ws = workspaces[t]")
                    out.block("while true") {
                        out.line("lock.lock()")
                        out.line("let chunk = nextChunk.pointee")
                        out.line("nextChunk.pointee += 1")
                        out.line("lock.unlock()")
                        out.line("if chunk >= chunks { break }")
                        out.line("let acc = accumulators + chunk * Acc.count")
                        out.line("acc.update(repeating: V(), count: Acc.count)")
                        out.line("var loss = 0.0, correct = 0")
                        out.block("for g in (groups * chunk / chunks)..<(groups * (chunk + 1) / chunks)") {
                            out.line("let first = g * 8, valid = min(8, count - first)")
                            for (n, d) in plan.dropouts.enumerated() {
                                out.line("ws.mask\(n) = UnsafePointer(masks\(n) + g * \(d.features))")
                            }
                            out.line("stage_input(images + first * \(input.count), valid, ws)")
                            out.line("forward_group(params, ws, training: true)")
                            out.line("let result = softmax_cross_entropy(ws, labels: labels + first, valid: valid, scale: scale)")
                            out.line("loss += result.loss")
                            out.line("correct += result.correct")
                            out.line("backward_group(params, acc, ws)")
                        }
                        out.line("results[chunk] = (loss, correct)")
                    }
                }
                out.line("let grad = gradients.baseAddress!")
                out.closure("parallel(used)", "t") {
                    out.line("reduce_gradients(accumulators, chunks: chunks, part: t, parts: used, into: grad)")
                }
                out.line("var loss = 0.0, correct = 0")
                out.block("for c in 0..<chunks") {
                    out.line("loss += results[c].loss")
                    out.line("correct += results[c].correct")
                }
                out.line("return (loss, correct)")
            }
            out.line()
            out.docComment("Runs forward (evaluation mode) on `count` examples and hands each group's logits \(logits.batchedShape) to `body` with its first example and size.")
            out.block("private func evaluate(_ images: UnsafePointer<Float>, count: Int, _ body: (UnsafePointer<V>, Int, Int) -> Void)") {
                out.line("let groups = (count + 7) / 8, used = min(threads, groups)")
                out.line("guard used > 0 else { return }")
                out.line("let params = UnsafePointer(parameters.baseAddress!)")
                out.closure("parallel(used)", "t") {
                    out.line("let ws = workspaces[t]")
                    out.block("for g in (groups * t / used)..<(groups * (t + 1) / used)") {
                        out.line("let first = g * 8, valid = min(8, count - first)")
                        out.line("stage_input(images + first * \(input.count), valid, ws)")
                        out.line("forward_group(params, ws, training: false)")
                        out.line("body(UnsafePointer(ws.\(logits.name)), first, valid)")
                    }
                }
            }
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

/// `(6, 1, 5, 5)`.
func shapeText(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }

extension Int {
    /// `61_706`: Swift's digit grouping for literals.
    var underscored: String {
        let digits = String(abs(self))
        var out = ""
        for (n, ch) in digits.enumerated() {
            if n > 0 && (digits.count - n) % 3 == 0 { out += "_" }
            out.append(ch)
        }
        return (self < 0 ? "-" : "") + out
    }
}

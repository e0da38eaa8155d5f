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
            case let .conv(_, activation, _, _), let .dense(_, activation, _, _): if let activation { used.insert(activation) }
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
        out.line("import LenetRuntime")
        out.line()
        out.line("private typealias V = SIMD8<Float> // one value of each of the 8 examples of a group")
        out.line("private typealias VI = SIMD8<Int32>")
        out.line()
        arenas()
        workspace()
        if hasBatch { batchStorage() }
        math()
        for block in plan.blocks { forward(block) }
        softmaxCrossEntropy()
        out.line()
        for block in plan.blocks.reversed() where block.backward { backward(block) }
        if winogradWeightFloats > 0 { winogradWeights() }
        stageInput()
        reduceGradients()
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
                     + (block.backward ? "" : " (forward only: nothing below learns)") + winogradNote(block))
        }
        let last = plan.blocks.last { $0.output == plan.logits }
        out.line("//   " + "softmax_cross_entropy".padding(toLength: width + 2, withPad: " ", startingAt: 0)
                 + "mean over the batch; its gradient goes straight into \(last?.name ?? "the logits")'s backward")
        out.line("//")
        out.comment("""
        Layout: examples go through the network in groups of 8, one example per SIMD lane, so every \
        operation is a whole SIMD8<Float> whatever the layer sizes. A buffer holds one group; L below is \
        its 8 lanes, one example each (N is a whole batch, in groups side by side). Value (c, y, x) of lane l is at float ((c·Hs + y + pad)·Ws + x + pad)·8 + l, where \
        Hs×Ws is the stored size: a buffer read by a padded conv or pool keeps the padding around its \
        values, so kernels never test bounds.
        Threads: trainStep cuts a batch's groups into chunks (GroupChunks: by the batch size alone) that the \
        threads take in turn, so a thread slowed by other work hands the rest to the others. Each chunk sums \
        its gradients in its own accumulators (one vector per conv weight and bias, lanes kept apart); the \
        chunks are then added in chunk order, so the numbers depend on the batch, never on the thread count \
        or on which thread ran which chunk.
        """)
        if plan.stages.count > 1 {
            out.line("//")
            let split = plan.blocks.contains { $0.splitsChannels }
            let short = plan.blocks.contains { $0.shortGroup != nil }
            out.comment("""
            Stages (a dense layer too big to stream once per group runs batched; see the emitter's Tiling): \
            batched and channel-split stages run on the whole batch, each thread taking a share of the outputs \
            or channels (never of a sum), so they too give the same numbers on any number of threads.\
            \(split ? " A channel-split block's gradients are summed in the first chunk's accumulators only." : "")\
            \(short ? " Blocks marked (short) run a batch's last group, when it holds at most \(Tiling.shortGroupExamples) examples, in kernels (`_short`) that take one example at a time with 8 channels to a vector." : "")
            """)
            for index in plan.stages.indices { out.line("//   " + stageTitle(index)) }
        }
        out.line()
    }

    // MARK: arenas

    func arenas() {
        out.docComment("Offsets (in floats) of the parameters in the arena: PyTorch's order and layout (row-major, NCHW).")
        out.block("private enum Arena") {
            let width = plan.parameters.map(\.symbol.count).max() ?? 0
            for p in plan.parameters {
                let name = p.symbol.padding(toLength: width, withPad: " ", startingAt: 0)
                out.line("static let \(name) = \(p.tensor.offset.underscored) // \(p.tensor.name) \(shapeText(p.tensor.shape))")
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
                case .firstChunk: what = "one vector per value, in the first chunk only (its block is channel-split)"
                case let .rows(rows, _, padded): what = "\(rows) rows of \(padded) floats, lanes already summed"
                case .direct:
                    out.line("// \(p.tensor.name): none; its batched block writes the gradient arena itself")
                    continue
                }
                out.line("static let \(name) = \((p.accumulatorOffset / 8).underscored) // \(p.tensor.name): \(what)")
            }
            if plan.firstChunkVectors > 0 {
                out.line("static let otherChunks = \(plan.firstChunkVectors.underscored) // where the other chunks' accumulators start")
            }
            out.line("static let count = \((plan.accumulatorFloats / 8).underscored)")
        }
        out.line()
    }

    // MARK: math

    func math() {
        let used = activationsUsed
        var parts: [String] = []
        if used.contains(.relu) { parts.append(MathText.relu) }
        parts.append(MathText.hsum)
        for part in parts {
            out.lines(part)
            out.line()
        }
    }

    // MARK: blocks

    func forward(_ block: BlockPlan) {
        out.declaringStrides(strides(block)) {
            switch block.op {
            case let .conv(g, activation, pool, tiles): convForward(block, g, activation, pool, tiles)
            case let .pool(p): poolBlockForward(block, p)
            case let .dense(g, activation, tiles, batched):
                if batched { denseBatchedForward(block, g, activation, tiles) } else { denseForward(block, g, activation, tiles) }
            case let .activation(kind): activationForward(block, kind)
            case let .dropout(rate, mask): dropoutForward(block, rate: rate, mask: mask)
            }
        }
        out.line()
    }

    func backward(_ block: BlockPlan) {
        out.declaringStrides(strides(block)) {
            switch block.op {
            case let .conv(g, activation, pool, tiles): convBackward(block, g, activation, pool, tiles)
            case let .pool(p): poolBlockBackward(block, p)
            case let .dense(g, activation, tiles, batched):
                if batched { denseBatchedBackward(block, g, activation, tiles) } else { denseBackward(block, g, activation, tiles) }
            case let .activation(kind): activationBackward(block, kind)
            case let .dropout(_, mask): dropoutBackward(block, mask: mask)
            }
        }
        out.line()
    }

    /// The named strides a block's kernels may index with (each declares those it uses), a group per
    /// tensor: the planes and rows of its buffers, its weight's, its argmax's.
    func strides(_ block: BlockPlan) -> [[Stride]] {
        var buffers = [block.input]
        if let hidden = block.hidden { buffers.append(hidden) }
        buffers.append(block.output)
        var groups = buffers.map { [plan.buffers[$0].planeStride, plan.buffers[$0].rowStride] }
        switch block.op {
        case let .conv(g, _, _, _):
            let w = Self.weightStrides(g)
            groups.append([w.out, w.in, w.row])
            if block.shortGroup != nil { groups += Self.shortStrides(g) }
        case let .dense(g, _, _, _):
            let d = Self.denseStrides(g)
            groups += [[d.weightRow], [d.gradRow], [d.xTRow, d.xTsRow]]
        case .dropout:
            let f = Self.featureStrides(plan.buffers[block.input])
            groups.append([f.plane, f.row])
        case .pool, .activation: break
        }
        if let (name, pool) = argmax(block) {
            let a = Self.argmaxStrides(name, pool)
            groups.append([a.plane, a.row])
        }
        return groups
    }

    /// The doc comment of a block's forward or backward function.
    func functionHeader(_ block: BlockPlan, forward: Bool) {
        let layers = block.layers.map { plan.model.layers[$0] }
        let what = layers.map { "\($0.index) \($0.written)" }.joined(separator: " · ")
        if forward {
            var chain = [plan.buffers[block.input]]
            if let hidden = block.hidden { chain.append(plan.buffers[hidden]) }
            chain.append(plan.buffers[block.output])
            var text = "\(block.name) forward: \(what)\n" + chain.map { "\($0.name) \($0.batchedShape)" }.joined(separator: " → ")
            if case .dense = block.op, case .conv = layers[0].op {
                text += "\nThe kernel covers the whole input and leaves one position: a dense layer over the input flattened, with the weights in their own order."
            }
            out.docComment(text)
        } else {
            let output = plan.buffers[block.output]
            var text = "\(block.name) backward: from \(output.gradientName) \(output.batchedShape)"
            let names = block.parameters.map { plan.parameters[$0].tensor.name }
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

    /// `(L, 1, 28, 28), stored 32×32 with a zero border`.
    func storageText(_ b: BufferPlan) -> String {
        guard b.isPadded else { return b.batchedShape }
        return "\(b.batchedShape), stored \(b.storedH)×\(b.storedW) with a \(b.fill == .zero ? "zero" : "−∞") border"
    }

    func storageComment(_ b: BufferPlan) -> String { " // " + storageText(b) }

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

/// The emitted network's activation storage: a `Workspace` per thread for one group of 8 examples,
/// and, when the plan has batched stages, one `Batch` holding every group of the values that cross
/// stages (see `Stage`); a workspace's batch fields point at one group of the batch at a time.
extension NetworkRenderer {
    var hasBatch: Bool { plan.stages.count > 1 }

    /// One pointer field of `Workspace` or `Batch`: `count` elements of `type` per group.
    struct Field {
        var name: String
        var type: String
        var count: Int
        var comment: String
        /// Filled with −∞ (a border max pooling reads) after zeroing.
        var negativeInfinity = false
    }

    /// The fields that live in `scope`, in buffer order: values, gradients, argmax, scratch.
    func fields(_ scope: BufferScope) -> [Field] {
        var fields: [Field] = []
        for b in plan.buffers {
            if b.scope == scope {
                fields.append(Field(name: b.name, type: "V", count: b.storedCount, comment: storageText(b),
                                    negativeInfinity: b.fill == .negativeInfinity && b.isPadded))
            }
            if b.needsGradient && b.gradientScope == scope {
                fields.append(Field(name: b.gradientName, type: "V", count: b.storedCount, comment: "gradient of \(b.name)"))
            }
        }
        for a in plan.argmaxBuffers where a.scope == scope {
            fields.append(Field(name: a.name, type: "VI", count: a.count, comment: "which window element won each max"))
        }
        switch scope {
        case .thread:
            if scratchVectors > 0 {
                fields.append(Field(name: "scratch", type: "V", count: scratchVectors,
                                    comment: "(8, \(scratchVectors)): a dense input transposed for its weight gradient"))
            }
            if winogradScratchVectors > 0 {
                fields.append(Field(name: "winograd", type: "V", count: winogradScratchVectors,
                                    comment: "a Winograd convolution's transformed inputs and products"))
            }
        case .batch:
            for block in plan.blocks where block.isBatched && block.backward {
                guard case let .dense(g, _, _, _) = block.op else { continue }
                let (xT, dzT) = Self.transposedNames(block)
                fields.append(Field(name: xT, type: "Float", count: g.paddedInputs * 8,
                                    comment: "(N, \(g.paddedInputs)): \(block.name)'s input, one row per example, for its weight gradient"))
                fields.append(Field(name: dzT, type: "Float", count: g.outputs * 8,
                                    comment: "(\(g.outputs), N): \(block.name)'s pre-activation gradient, one row per output"))
            }
        }
        return fields
    }

    /// Vectors (8 floats) a field takes per group.
    func vectors(_ f: Field) -> Int { f.type == "Float" ? f.count / 8 : f.count }

    /// Lane dense blocks transpose their input into the workspace's scratch.
    var scratchVectors: Int {
        plan.blocks.reduce(0) { most, block in
            if case let .dense(g, _, _, batched) = block.op, block.backward, !batched { return max(most, g.paddedInputs) }
            return most
        }
    }

    func workspace() {
        let winograd = winogradWeightFloats > 0
        let own = fields(.thread), shared = hasBatch ? fields(.batch).filter { $0.type != "Float" } : []
        out.docComment(hasBatch
            ? "One thread's buffers for one group of 8 examples (L = the 8 lanes), carved out of one allocation; the buffers that cross stages point into `Batch`, at the group `at(_:_:)` names."
            : "One thread's buffers for one group of 8 examples (L = the 8 lanes), carved out of one allocation.")
        out.block("private struct Workspace") {
            for f in own { out.line("let \(f.name): UnsafeMutablePointer<\(f.type)> // \(f.comment)") }
            for f in shared { out.line("var \(f.name): UnsafeMutablePointer<\(f.type)> // \(f.comment): one group of Batch's") }
            for (n, d) in plan.dropouts.enumerated() {
                out.line("var mask\(n): UnsafePointer<V> // (L, \(d.features)): this group's dropout mask (rate \(d.rate))")
            }
            if winograd {
                out.line("let winogradWeights: UnsafeMutablePointer<Float> // every Winograd convolution's U, shared by the threads (winograd_weights)")
            }
            out.line("static let vectors = \(own.reduce(0) { $0 + vectors($1) }.underscored)")
            out.line()
            out.docComment("Takes `vectors` vectors at `memory`: zeros everywhere, −∞ in the borders that max pooling reads.")
            let weights = winograd ? ", _ winogradWeights: UnsafeMutablePointer<Float>" : ""
            out.block(hasBatch ? "init(_ memory: UnsafeMutablePointer<V>, _ batch: Batch\(weights))" : "init(_ memory: UnsafeMutablePointer<V>\(weights))") {
                out.line("memory.initialize(repeating: V(), count: Self.vectors)")
                if winograd { out.line("self.winogradWeights = winogradWeights") }
                var offset = 0
                for f in own {
                    out.line("\(f.name) = \(cast(Affine(offset).offsetting("memory"), f, capacity: "\(f.count)"))")
                    offset += vectors(f)
                }
                for f in shared { out.line("\(f.name) = batch.\(f.name)") }
                for n in plan.dropouts.indices { out.line("mask\(n) = UnsafePointer(memory)") }
                for f in own where f.negativeInfinity {
                    out.line("\(f.name).update(repeating: V(repeating: -.infinity), count: \(f.count))")
                }
            }
            if hasBatch {
                out.line()
                out.docComment("This workspace with its batch buffers at group `g`.")
                out.block("func at(_ g: Int, _ batch: Batch) -> Workspace") {
                    out.line("var ws = self")
                    for f in shared { out.line("ws.\(f.name) = batch.\(f.name) + g * \(f.count)") }
                    out.line("return ws")
                }
            }
        }
        out.line()
    }

    func batchStorage() {
        let all = fields(.batch)
        out.docComment("""
        The values that cross stages, every group of the batch side by side (N = the batch's examples in groups \
        of 8; group g of a buffer starts g times its per-group size in), and the batched blocks' transposed rows.
        """)
        out.block("private struct Batch") {
            for f in all { out.line("let \(f.name): UnsafeMutablePointer<\(f.type)> // \(f.comment)") }
            out.line()
            out.docComment("Vectors for `groups` groups.")
            out.block("static func vectors(groups: Int) -> Int") {
                out.line("groups * \(all.reduce(0) { $0 + vectors($1) }.underscored)")
            }
            out.line()
            out.docComment("Takes `vectors(groups:)` vectors at `memory`: zeros everywhere, −∞ in the borders that max pooling reads.")
            out.block("init(_ memory: UnsafeMutablePointer<V>, groups: Int)") {
                out.line("memory.initialize(repeating: V(), count: Self.vectors(groups: groups))")
                out.line("var next = memory")
                for f in all {
                    out.line("\(f.name) = \(cast("next", f, capacity: "groups * \(f.count)"))")
                    out.line("next += groups * \(vectors(f))")
                }
                for f in all where f.negativeInfinity {
                    out.line("\(f.name).update(repeating: V(repeating: -.infinity), count: groups * \(f.count))")
                }
            }
        }
        out.line()
    }

    /// `memory + 40` as a pointer to the field's element type.
    private func cast(_ pointer: String, _ f: Field, capacity: String) -> String {
        f.type == "V" ? pointer : "UnsafeMutableRawPointer(\(pointer)).bindMemory(to: \(f.type).self, capacity: \(capacity))"
    }
}

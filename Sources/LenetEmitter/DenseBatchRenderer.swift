import LenetSpec

/// Batched dense blocks: the layer as three products over the whole batch, for weight matrices too
/// big to stream once per group (`Tiling.batchedDenseBytes`). Each function takes a share `part` of
/// `parts` of the work, cut along outputs or inputs, never along the sum, so every value is summed
/// by one thread in one order and the results do not depend on the thread count.
///
/// Batch layout: the input and output buffers hold every group side by side (`N` below is the
/// batch, in groups of 8 lanes); `xT` and `dzT` in `Batch` are the input and the pre-activation
/// gradient transposed (one row per example, one row per output), written by the first half of
/// backward for the weight gradient.
extension NetworkRenderer {
    /// Names of a batched dense block's transposed scratch rows in `Batch`.
    static func transposedNames(_ block: BlockPlan) -> (x: String, dz: String) {
        let index = block.layers.first!
        return ("xT\(index)", "dzT\(index)")
    }

    func denseBatchedForward(_ block: BlockPlan, _ g: DenseGeometry, _ activation: ActivationKind?, _ tiles: DenseTiles) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        let (weight, bias) = (plan.parameters[block.parameters[0]], plan.parameters[block.parameters[1]])
        functionHeader(block, forward: true)
        out.block("private func \(block.name)_forward(_ params: UnsafePointer<Float>, _ batch: Batch, groups: Int, part: Int, parts: Int)") {
            out.line("let \(input.name) = UnsafePointer(batch.\(input.name)) // \(batchFlatView(input))")
            out.line("let \(output.name) = batch.\(output.name) // \(batchShape(output))")
            out.line("let weight = params + Arena.\(weight.symbol) // \(weight.tensor.name) \(shapeText(weight.tensor.shape))")
            out.line("let bias = params + Arena.\(bias.symbol) // \(bias.tensor.name) \(shapeText(bias.tensor.shape))")
            out.line("let inputs = \(g.inputs), outputs = \(g.outputs) // row strides of the weight and of one group's buffers")
            let formula = activation.map { "\($0.rawValue)(b[j] + Σ_i W[j, i] · x[n, i])" } ?? "b[j] + Σ_i W[j, i] · x[n, i]"
            let blocked = tiles.inputBlock < g.inputs
            out.comment("""
            y[n, j] = \(formula) for every example n of the batch.
            Register tiles of \(tiles.forwardOutputs) outputs × \(tiles.groups) groups: each weight broadcast serves \
            \(tiles.groups * 8) examples. This part takes its share of the output tiles\(blocked ? "; the sum runs over the inputs in blocks of \(tiles.inputBlock), so that every group's inputs of a block stay in L2 (partial sums wait in \(output.name))" : "").
            """)
            let lower = blocked ? "i0" : "0", upper = blocked ? "i1" : "inputs"
            let body = {
                out.partTiles("t", extent: g.outputs, tile: tiles.forwardOutputs) { j, jb in
                    out.declare("let", (0..<jb).map { r in r == 0 ? "w0 = \(strided("weight", j, "inputs"))" : "w\(r) = w\(r - 1) + inputs" })
                    out.groupTiles(tile: tiles.groups) { gb in
                        out.declare("let", (0..<gb).map { c in c == 0 ? "x0 = \(input.name) + g * inputs" : "x\(c) = x\(c - 1) + inputs" })
                        out.declare("let", (0..<gb).map { c in c == 0 ? "y0 = \(output.name) + g * outputs\(plus(j))" : "y\(c) = y\(c - 1) + outputs" })
                        if blocked {
                            for r in 0..<jb { out.declare("var", (0..<gb).map { "s\(r)_\($0) = i0 == 0 ? V(repeating: bias[\(j + r)]) : y\($0)[\(r)]" }) }
                        } else {
                            for r in 0..<jb { out.declare("var", (0..<gb).map { "s\(r)_\($0) = V(repeating: bias[\(j + r)])" }) }
                        }
                        out.block("for i in \(lower)..<\(upper)") {
                            out.declare("let", (0..<gb).map { "a\($0) = x\($0)[i]" })
                            for r in 0..<jb {
                                out.line("let b\(r) = V(repeating: w\(r)[i])")
                                for c in 0..<gb { out.line("s\(r)_\(c) = s\(r)_\(c).addingProduct(a\(c), b\(r))") }
                            }
                        }
                        let store = {
                            for c in 0..<gb {
                                for r in 0..<jb {
                                    let value = activation.map { MathText.apply($0, "s\(r)_\(c)") } ?? "s\(r)_\(c)"
                                    out.line("y\(c)[\(r)] = \(value)")
                                }
                            }
                        }
                        if blocked {
                            out.chain([
                                ("if i1 == inputs", store),
                                ("else", { for c in 0..<gb { for r in 0..<jb { out.line("y\(c)[\(r)] = s\(r)_\(c)") } } }),
                            ])
                        } else {
                            store()
                        }
                    }
                }
            }
            if blocked {
                out.block("for i0 in stride(from: 0, to: inputs, by: \(tiles.inputBlock))") {
                    out.line("let i1 = min(i0 + \(tiles.inputBlock), inputs)")
                    body()
                }
            } else {
                body()
            }
        }
    }

    func denseBatchedBackward(_ block: BlockPlan, _ g: DenseGeometry, _ activation: ActivationKind?, _ tiles: DenseTiles) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        let (weight, bias) = (plan.parameters[block.parameters[0]], plan.parameters[block.parameters[1]])
        let (xT, dzT) = Self.transposedNames(block)
        let dz = output.gradientName
        let vectors = g.inputs / 8, tail = g.inputs % 8

        out.docComment("""
        \(block.name) backward, first half: \(activation.map { "\($0.rawValue) backward in place (\(dz) becomes the pre-activation gradient dz), " } ?? "")\
        the bias gradient db[j] = Σ_n dz[n, j] into the gradient arena, dz transposed into \(dzT) and the \
        input transposed into \(xT) for the weight gradient. Parts split the outputs, then the groups.
        """)
        out.block("private func \(block.name)_backward_prepare(_ grad: UnsafeMutablePointer<Float>, _ batch: Batch, count: Int, part: Int, parts: Int)") {
            out.line("let groups = (count + 7) / 8, examples = groups * 8 // examples: the row stride of \(dzT)")
            if activation != nil { out.line("let \(output.name) = UnsafePointer(batch.\(output.name)) // \(batchShape(output))") }
            out.line("let \(dz) = batch.\(dz) // \(batchShape(output))")
            out.line("let \(input.name) = UnsafeRawPointer(batch.\(input.name)).assumingMemoryBound(to: Float.self) // \(batchFlatView(input))")
            out.line("let \(dzT) = UnsafeMutableRawPointer(batch.\(dzT)) // (\(g.outputs), N) floats")
            out.line("let \(xT) = batch.\(xT) // (N, \(g.paddedInputs)) floats")
            out.line("let inputs = \(g.inputs), outputs = \(g.outputs)")
            out.block("for j in outputs * part / parts..<outputs * (part + 1) / parts") {
                out.line("var sum = V()")
                out.block("for g in 0..<groups") {
                    if let activation {
                        out.line("let d = \(MathText.derivative(activation, grad: "\(dz)[g * outputs + j]", output: "\(output.name)[g * outputs + j]"))")
                        out.line("\(dz)[g * outputs + j] = d")
                    } else {
                        out.line("let d = \(dz)[g * outputs + j]")
                    }
                    out.line("sum += d")
                    out.line("\(dzT).storeBytes(of: d, toByteOffset: (j * examples + g * 8) * 4, as: V.self)")
                }
                out.line("grad[Arena.\(bias.symbol) + j] = hsum(sum)")
            }
            out.block("for g in groups * part / parts..<groups * (part + 1) / parts") {
                out.line("let x = \(input.name) + g * inputs * 8")
                out.block("for l in 0..<8") {
                    out.line("let row = \(xT) + (g * 8 + l) * \(g.paddedInputs)")
                    out.line("for i in 0..<inputs { row[i] = x[i * 8 + l] }")
                }
            }
        }
        out.line()

        if block.inputGradient {
            functionHeader(block, forward: false)
            denseBatchedInputGradient(block, g, tiles)
            out.line()
        }
        out.docComment("""
        \(block.name) backward, the weight gradient of \(weight.tensor.name)\(block.inputGradient ? " (after the input gradient, which reads the weights)" : ""). \
        With `update`, each tile of rows of dW goes to this part's `scratch` and the optimizer's update is applied to \
        those rows of \(weight.tensor.name) at once, while dW is in cache (the rows of the gradient arena are not \
        written); without, dW goes into the gradient arena.
        """)
        out.block("private func \(block.name)_backward_weights(_ grad: UnsafeMutablePointer<Float>, _ batch: Batch, count: Int, update: FusedUpdate?, scratch: UnsafeMutablePointer<Float>, part: Int, parts: Int)") {
            out.line("let groups = (count + 7) / 8, examples = groups * 8")
            out.line("let \(dzT) = UnsafeRawPointer(batch.\(dzT)).assumingMemoryBound(to: Float.self) // (\(g.outputs), N): dz, one row per output")
            out.line("let \(xT) = UnsafeRawPointer(batch.\(xT)).assumingMemoryBound(to: V.self) // (N, \(g.paddedInputs)): x, one row per example")
            out.line("let weightGrad = grad + Arena.\(weight.symbol) // \(weight.tensor.name) \(shapeText(weight.tensor.shape))")
            out.line("let inputs = \(g.inputs)")
            out.comment("""
            dW[j, i] = Σ_n dz[n, j] · x[n, i] over the batch's examples n, in example order. Register tiles of \
            \(tiles.weightOutputs) outputs × \(tiles.weightVectors) vectors of 8 inputs; this part takes its share of \
            the output tiles, each \(tiles.weightOutputs) rows of dW (\((tiles.weightOutputs * g.inputs * 4).grouped) bytes, in L2).
            """)
            out.partTiles("t", extent: g.outputs, tile: tiles.weightOutputs) { j, jb in
                out.declare("let", (0..<jb).map { r in r == 0 ? "d0 = \(strided(dzT, j, "examples"))" : "d\(r) = d\(r - 1) + examples" })
                out.line("let rows = UnsafeMutableRawPointer(update == nil ? \(strided("weightGrad", j, "inputs")) : scratch) // dW[\(j)..., :], \(jb) × \(g.inputs)")
                let rowOffset = { (r: Int) in r == 0 ? "" : r == 1 ? "inputs" : "\(r) * inputs" }
                out.tiles("v", extent: vectors, tile: tiles.weightVectors) { v, vb in
                    weightGradientTile(jb: jb, vb: vb, v: v, lanes: 8, xT: xT, rowOffset: rowOffset, paddedVectors: g.paddedInputs / 8)
                }
                if tail > 0 {
                    weightGradientTile(jb: jb, vb: 1, v: Affine(vectors), lanes: tail, xT: xT, rowOffset: rowOffset, paddedVectors: g.paddedInputs / 8)
                }
                let first = "Arena.\(weight.symbol)\(j == Affine(0) ? "" : " + \(product(j, "inputs"))")"
                out.line("update?.apply(\(first)..<\(first) + \((jb * g.inputs).underscored), gradient: scratch)")
            }
        }
    }

    /// The batched input gradient: dx from dz and the weights, before the weight gradient (whose fused
    /// update changes the weights).
    private func denseBatchedInputGradient(_ block: BlockPlan, _ g: DenseGeometry, _ tiles: DenseTiles) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        let weight = plan.parameters[block.parameters[0]]
        let dz = output.gradientName
        out.block("private func \(block.name)_backward_inputs(_ params: UnsafePointer<Float>, _ batch: Batch, count: Int, part: Int, parts: Int)") {
            out.line("let groups = (count + 7) / 8")
            out.line("let inputs = \(g.inputs), outputs = \(g.outputs)")
            let blocked = tiles.outputBlock < g.outputs
            let rowBlocks = tiles.inputRowBlock > 0 && tiles.inputRowBlock < (blocked ? tiles.outputBlock : g.outputs)
            out.comment("""
            dx[n, i] = Σ_j W[j, i] · dz[n, j] for every example n. Register tiles of \(tiles.inputInputs) inputs × \
            \(tiles.groups) groups: each weight broadcast serves \(tiles.groups * 8) examples; this part takes its share of \
            the input tiles\(blocked ? "; the sum runs over the outputs in blocks of \(tiles.outputBlock), so that every group's dz of a block stays in L2" : "").\
            \(rowBlocks ? " Each tile sums \(tiles.inputRowBlock) rows of W at a time, for every group, before the next rows (partial sums wait in dx): the rows lie \(g.inputs * 4) bytes apart, and a strip of them longer than the L1's 12 ways would be fetched again for every group tile." : "")
            """)
            out.line("let weight = params + Arena.\(weight.symbol)")
            out.line("let \(dz) = UnsafePointer(batch.\(dz)) // \(batchShape(output)): dz")
            out.line("let \(input.gradientName) = batch.\(input.gradientName) // \(batchFlatView(input))")
            let lower = blocked ? "j0" : "0", upper = blocked ? "j1" : "outputs"
            let rows = rowBlocks ? tiles.inputRowBlock : 0
            let first = rows > 0 ? "k0" : "j0"
            let body = {
                out.partTiles("t", extent: g.inputs, tile: tiles.inputInputs) { i, ib in
                    let tile = {
                        out.groupTiles(tile: tiles.groups) { gb in
                            out.declare("let", (0..<gb).map { c in c == 0 ? "z0 = \(dz) + g * outputs" : "z\(c) = z\(c - 1) + outputs" })
                            out.declare("let", (0..<gb).map { c in c == 0 ? "dx0 = \(input.gradientName) + g * inputs\(plus(i))" : "dx\(c) = dx\(c - 1) + inputs" })
                            for r in 0..<ib {
                                out.declare("var", (0..<gb).map { blocked || rows > 0 ? "t\(r)_\($0) = \(first) == 0 ? V() : dx\($0)[\(r)]" : "t\(r)_\($0) = V()" })
                            }
                            out.block(rows > 0 ? "for j in k0..<k1" : "for j in \(lower)..<\(upper)") {
                                out.declare("let", (0..<gb).map { "z\($0)j = z\($0)[j]" })
                                out.line("let w = \((i).offsetting("weight")) + j * inputs")
                                for r in 0..<ib {
                                    out.line("let b\(r) = V(repeating: w[\(r)])")
                                    for c in 0..<gb { out.line("t\(r)_\(c) = t\(r)_\(c).addingProduct(z\(c)j, b\(r))") }
                                }
                            }
                            for c in 0..<gb { for r in 0..<ib { out.line("dx\(c)[\(r)] = t\(r)_\(c)") } }
                        }
                    }
                    if rows > 0 {
                        out.block("for k0 in stride(from: \(lower), to: \(upper), by: \(rows))") {
                            out.line("let k1 = min(k0 + \(rows), \(upper))")
                            tile()
                        }
                    } else {
                        tile()
                    }
                }
            }
            if blocked {
                out.block("for j0 in stride(from: 0, to: outputs, by: \(tiles.outputBlock))") {
                    out.line("let j1 = min(j0 + \(tiles.outputBlock), outputs)")
                    body()
                }
            } else {
                body()
            }
        }
    }

    /// One weight-gradient tile: jb outputs × vb vectors of inputs (the last vector of a row keeps
    /// only `lanes` of its 8), summed over the batch's examples and stored at `rows` (the tile's first
    /// row of dW; `rowOffset(r)` is row r's offset in floats).
    private func weightGradientTile(jb: Int, vb: Int, v: Affine, lanes: Int, xT: String,
                                    rowOffset: (Int) -> String, paddedVectors: Int) {
        out.block("do") {
            for r in 0..<jb { out.declare("var", (0..<vb).map { "a\(r)_\($0) = V()" }) }
            out.block("for n in 0..<count") {
                out.line("let x = \(xT) + n * \(paddedVectors)\(v.isConstant && v.description == "0" ? "" : " + \(v)")")
                out.declare("let", (0..<vb).map { "x\($0) = x[\($0)]" })
                for r in 0..<jb {
                    out.line("let b\(r) = V(repeating: d\(r)[n])")
                    for c in 0..<vb { out.line("a\(r)_\(c) = a\(r)_\(c).addingProduct(b\(r), x\(c))") }
                }
            }
            for r in 0..<jb {
                for c in 0..<vb {
                    let terms = [rowOffset(r), v + c == Affine(0) ? "" : product(v + c, "8")].filter { !$0.isEmpty }
                    let at = terms.isEmpty ? "0" : "(\(terms.joined(separator: " + "))) * 4"
                    if lanes == 8 {
                        out.line("rows.storeBytes(of: a\(r)_\(c), toByteOffset: \(at), as: V.self)")
                    } else {
                        out.line("for l in 0..<\(lanes) { rows.storeBytes(of: a\(r)_\(c)[l], toByteOffset: \(at) + l * 4, as: Float.self) }")
                    }
                }
            }
        }
    }

    /// `base + a * stride` (`base` alone when a is 0), with `a` parenthesised when it has several terms.
    func strided(_ base: String, _ a: Affine, _ stride: String) -> String {
        a == Affine(0) ? base : "\(base) + \(product(a, stride))"
    }

    /// `a * stride`, `(t0 + 1) * stride`, or `0`.
    func product(_ a: Affine, _ stride: String) -> String {
        if a == Affine(0) { return "0" }
        return (a.description.contains(" ") ? "(\(a))" : a.description) + " * " + stride
    }

    /// ` + t0`, or nothing when a is 0.
    func plus(_ a: Affine) -> String { a == Affine(0) ? "" : " + \(a)" }

    /// `(N, 3136): the (N, 64, 7, 7) of out5 flattened, 3,136 vectors a group`.
    func batchFlatView(_ buffer: BufferPlan) -> String {
        (buffer.isImage ? "(N, \(buffer.count)): \(batchShape(buffer)) flattened" : batchShape(buffer))
    }

    /// `(N, 1024)`: a batch buffer, `N` the batch's examples in groups of 8.
    func batchShape(_ buffer: BufferPlan) -> String {
        buffer.isImage ? "(N, \(buffer.c), \(buffer.h), \(buffer.w))" : "(N, \(buffer.c))"
    }
}

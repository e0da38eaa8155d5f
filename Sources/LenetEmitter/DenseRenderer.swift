import LenetSpec

/// Dense blocks (linear + bias [+ activation]).
extension NetworkRenderer {
    func denseForward(_ block: BlockPlan, _ g: DenseGeometry, _ activation: ActivationKind?, _ tiles: DenseTiles) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        let (weight, bias) = (plan.parameters[block.parameters[0]], plan.parameters[block.parameters[1]])
        functionHeader(block, forward: true)
        out.block("private func \(block.name)_forward(_ params: UnsafePointer<Float>, _ ws: Workspace)") {
            out.line("let \(input.name) = UnsafePointer(ws.\(input.name)) // \(flatView(input))")
            out.line("let \(output.name) = ws.\(output.name) // \(output.batchedShape)")
            out.line("let weight = params + Arena.\(weight.symbol) // \(weight.tensor.name) \(shapeText(weight.tensor.shape))")
            out.line("let bias = params + Arena.\(bias.symbol) // \(bias.tensor.name) \(shapeText(bias.tensor.shape))")
            var what = "y = W·x + b"
            if let activation { what = "y = \(activation.rawValue)(W·x + b)" }
            out.comment("\(what): register tiles of \(tiles.forwardOutputs) outputs, one weight broadcast per input and output")
            let s = Self.denseStrides(g)
            out.tiles("j", extent: g.outputs, tile: tiles.forwardOutputs) { j, jb in
                out.block("do") {
                    out.declare("let", (0..<jb).map { "w\($0) = \((j * s.weightRow + Affine($0) * s.weightRow).offsetting("weight"))" })
                    out.declare("var", (0..<jb).map { "s\($0) = V(repeating: bias[\(j + $0)])" })
                    out.block("for i in 0..<\(g.inputs)") {
                        out.line("let x = \(input.name)[i]")
                        for r in 0..<jb { out.line("s\(r) = s\(r).addingProduct(x, V(repeating: w\(r)[i]))") }
                    }
                    for r in 0..<jb {
                        let value = activation.map { MathText.apply($0, "s\(r)") } ?? "s\(r)"
                        out.line("\(output.name)[\(j + r)] = \(value)")
                    }
                }
            }
        }
    }

    func denseBackward(_ block: BlockPlan, _ g: DenseGeometry, _ activation: ActivationKind?, _ tiles: DenseTiles) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        let (weight, bias) = (plan.parameters[block.parameters[0]], plan.parameters[block.parameters[1]])
        functionHeader(block, forward: false)
        out.block("private func \(block.name)_backward(_ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace)") {
            out.line("let \(input.name) = UnsafePointer(ws.\(input.name)) // \(flatView(input))")
            if activation != nil { out.line("let \(output.name) = UnsafePointer(ws.\(output.name)) // \(output.batchedShape)") }
            out.line("let \(output.gradientName) = ws.\(output.gradientName) // \(output.batchedShape)\(activation != nil ? ", becomes the pre-activation gradient" : "")")
            out.line("let weight = params + Arena.\(weight.symbol) // \(weight.tensor.name) \(shapeText(weight.tensor.shape))")
            out.line("let weightGrad = acc + Acc.\(weight.symbol) // \(weight.tensor.name), \(g.outputs) rows of \(g.paddedInputs) floats")
            out.line("let biasGrad = acc + Acc.\(bias.symbol) // \(bias.tensor.name), one vector per output")
            let dz = output.gradientName
            if let activation {
                out.comment("\(activation.rawValue) backward (in place) + bias gradient")
                out.block("for j in 0..<\(g.outputs)") {
                    out.line("let d = \(MathText.derivative(activation, grad: "\(dz)[j]", output: "\(output.name)[j]"))")
                    out.line("\(dz)[j] = d")
                    out.line("biasGrad[j] += d")
                }
            } else {
                out.comment("bias gradient")
                out.block("for j in 0..<\(g.outputs)") { out.line("biasGrad[j] += \(dz)[j]") }
            }
            out.line()
            let vectors = g.paddedInputs / 8, s = Self.denseStrides(g)
            out.comment("weight gradient dW[j][i] += Σ_l dz[j][l]·x[i][l] over the 8 lanes l: the input transposed to (8, \(g.paddedInputs)), then register tiles of \(tiles.weightOutputs) outputs × \(tiles.weightVectors) input vectors, each summed over the lanes and added to the accumulator once")
            out.line("let xT = ws.scratch // (8, \(g.paddedInputs))")
            out.line("let xs = UnsafeRawPointer(\(input.name)).assumingMemoryBound(to: Float.self)")
            out.line("let xTs = UnsafeMutableRawPointer(xT).assumingMemoryBound(to: Float.self)")
            out.block("for i in 0..<\(g.inputs)") {
                out.block("for l in 0..<8") { out.line("xTs[\(Affine("l") * s.xTsRow + Affine("i"))] = xs[i * 8 + l]") }
            }
            if g.paddedInputs > g.inputs {
                out.block("for l in 0..<8") {
                    out.block("for i in \(g.inputs)..<\(g.paddedInputs)") { out.line("xTs[\(Affine("l") * s.xTsRow + Affine("i"))] = 0") }
                }
            }
            out.line("let dzs = UnsafeRawPointer(\(dz)).assumingMemoryBound(to: Float.self)")
            out.tiles("j", extent: g.outputs, tile: tiles.weightOutputs) { j, jb in
                out.tiles("v", extent: vectors, tile: tiles.weightVectors) { v, vb in
                    out.block("do") {
                        out.line("let rows = \((j * s.gradRow + v).offsetting("weightGrad"))")
                        for r in 0..<jb {
                            out.declare("var", (0..<vb).map { "a\(r)_\($0) = rows[\(Affine(r) * s.gradRow + $0)]" })
                        }
                        out.block("for l in 0..<8") {
                            out.declare("let", (0..<vb).map { "x\($0) = xT[\(Affine("l") * s.xTRow + v + $0)]" })
                            for r in 0..<jb {
                                out.line("let d\(r) = V(repeating: dzs[\((j + r) * 8) + l])")
                                for c in 0..<vb { out.line("a\(r)_\(c) = a\(r)_\(c).addingProduct(d\(r), x\(c))") }
                            }
                        }
                        for r in 0..<jb {
                            for c in 0..<vb { out.line("rows[\(Affine(r) * s.gradRow + c)] = a\(r)_\(c)") }
                        }
                    }
                }
            }
            if block.inputGradient {
                out.line()
                out.comment("input gradient dx[i] = Σ_j W[j][i]·dz[j]: register tiles of \(tiles.inputInputs) inputs")
                out.line("let \(input.gradientName) = ws.\(input.gradientName) // \(flatView(input))")
                out.tiles("i", extent: g.inputs, tile: tiles.inputInputs) { i, ib in
                    out.block("do") {
                        out.declare("var", (0..<ib).map { "t\($0) = V()" })
                        out.line("let column = \(i.offsetting("weight"))")
                        out.block("for j in 0..<\(g.outputs)") {
                            out.line("let d = \(dz)[j]")
                            out.line("let w = \((Affine("j") * s.weightRow).offsetting("column"))")
                            for r in 0..<ib { out.line("t\(r) = t\(r).addingProduct(d, V(repeating: w[\(r)]))") }
                        }
                        for r in 0..<ib { out.line("\(input.gradientName)[\(i + r)] = t\(r)") }
                    }
                }
            }
        }
    }

    /// A dense block's strides: `wRow` floats between the weight's rows (`W[j, i]` at
    /// `j * wRow + i`); `gradRow` vectors between the weight gradient's rows, each `paddedInputs`
    /// floats; the transposed input's rows, `xTRow` in vectors and `xTsRow` in floats.
    static func denseStrides(_ g: DenseGeometry) -> (weightRow: Stride, gradRow: Stride, xTRow: Stride, xTsRow: Stride) {
        (Stride("wRow", g.inputs), Stride("gradRow", g.paddedInputs / 8), Stride("xTRow", g.paddedInputs / 8),
         Stride("xTsRow", g.paddedInputs))
    }

    /// `(L, 400), the (L, 16, 5, 5) of out5 flattened`.
    func flatView(_ buffer: BufferPlan) -> String {
        buffer.isImage ? "(L, \(buffer.count)): \(buffer.batchedShape) flattened" : buffer.batchedShape
    }
}

import LenetModel
import LenetSpec

/// The short-group kernels of a conv block (`BlockPlan.shortGroup`, chosen by `Tiling.shortGroup`):
/// for a batch's last group of at most `Tiling.shortGroupExamples` examples, one example (lane) at a
/// time with 8 channels to a vector, where the lane kernels would spend a whole group's work on a
/// few lanes. Each kernel first lays out what it vectorises with the channels side by side (the
/// weight, or the output gradient) in the network's scratch, for its own share of the channels.
///
/// The lanes past `valid` of what the forward kernel writes keep what they held: their loss gradient
/// is zero, so no gradient depends on them. The input-gradient kernel writes those lanes zero, so
/// the block below gets exact zeros there, as from the lane kernels.
extension NetworkRenderer {
    /// `wTIn`, `wTRow`, `wTTap`: the forward's transposed weight wT[i, ky, kx, c] in floats; `wFOut`,
    /// `wFRow`, `wFTap`: the input gradient's flipped one wF[c, ky, kx, i]; `dTRow`, `dTPixel`: the
    /// weight gradient's transposed output gradient dT[oy, ox, c].
    static func shortStrides(_ g: ConvGeometry) -> [[Stride]] {
        let (kh, kw) = (g.kernelH, g.kernelW)
        return [[Stride("wTIn", kh * kw * g.outChannels), Stride("wTRow", kw * g.outChannels), Stride("wTTap", g.outChannels)],
                [Stride("wFOut", kh * kw * g.inChannels), Stride("wFRow", kw * g.inChannels), Stride("wFTap", g.inChannels)],
                [Stride("dTRow", g.outWidth * g.outChannels), Stride("dTPixel", g.outChannels)]]
    }

    /// Floats of scratch a block's short-group kernels lay out: a weight, or one example's output
    /// gradient.
    static func shortScratchFloats(_ g: ConvGeometry) -> Int {
        max(g.outChannels * g.inChannels * g.kernelH * g.kernelW, g.outHeight * g.outWidth * g.outChannels)
    }

    /// `let xE = …`: a float pointer to lane e of buffer `name`, whose vector index i is then float 8·i.
    func lanePointer(_ name: String, mutable: Bool) -> String {
        let raw = mutable ? "UnsafeMutableRawPointer" : "UnsafeRawPointer"
        return "let \(name)E = \(raw)(\(name)).assumingMemoryBound(to: Float.self) + e // lane e of \(name): vector i at float 8 · i"
    }

    func convForwardShort(_ block: BlockPlan, _ g: ConvGeometry, _ activation: ActivationKind?, _ pool: PoolGeometry?,
                          _ short: ShortGroupTiles) {
        let input = plan.buffers[block.input]
        let conv = plan.buffers[block.hidden ?? block.output]
        let (weight, bias) = (plan.parameters[block.parameters[0]], plan.parameters[block.parameters[1]])
        let s = Self.shortStrides(g)[0]
        out.docComment("\(block.name) forward for a last group of at most \(Tiling.shortGroupExamples) examples (`valid`), one example at a time with 8 output channels to a vector; the lanes past `valid` keep what they held.")
        out.block("private func \(block.name)_forward_short(_ params: UnsafePointer<Float>, _ ws: Workspace, valid: Int, scratch: UnsafeMutablePointer<V>, part: Int, parts: Int)") {
            out.line("let \(input.name) = UnsafePointer(ws.\(input.name))\(storageComment(input))")
            out.line("let \(conv.name) = ws.\(conv.name)\(storageComment(conv))")
            out.line("let weight = params + Arena.\(weight.symbol) // \(weight.tensor.name) \(shapeText(weight.tensor.shape))")
            out.line("let bias = params + Arena.\(bias.symbol) // \(bias.tensor.name) \(shapeText(bias.tensor.shape))")
            out.comment(Self.forwardFormula(g, activation) + " for each example e < valid")
            out.comment("register tiles of \(short.forwardVectors) vectors of 8 output channels × \(short.forwardColumns) output columns, each tap a broadcast input times the weight's channels; this part takes its share of the channels")
            channelRange(tile: 8 * short.forwardVectors, extent: g.outChannels)
            let kk = g.kernelH * g.kernelW
            out.line("let wT = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Float.self) // wT[i, ky, kx, c] = w[c, i, ky, kx], (\(g.inChannels), \(g.kernelH), \(g.kernelW), \(g.outChannels))")
            out.block("for c in c0..<c1") {
                out.line("for j in 0..<\(g.inChannels * kk) { wT[j * \(s[2].name) + c] = weight[c * wOut + j] }")
            }
            out.block("for e in 0..<valid") {
                out.line(lanePointer(input.name, mutable: false))
                out.line(lanePointer(conv.name, mutable: true))
                out.partTiles("co", extent: g.outChannels, tile: 8 * short.forwardVectors) { co, cb in
                    out.loop("oy", g.outHeight) { oy in
                        out.tiles("ox", extent: g.outWidth, tile: short.forwardColumns) { ox, xb in
                            shortTile(vectors: cb / 8, columns: xb, bias: co, body: {
                                out.loop("ci", g.inChannels) { ci in
                                    out.loop("ky", g.kernelH) { ky in
                                        out.line("let row = \(input.name)E + 8 * (\(input.storedIndex(ci, oy * g.strideH + ky, ox * g.strideW)))")
                                        out.line("let taps = \((ci * s[0] + ky * s[1] + co).offsetting("wT"))")
                                        out.loop("kx", g.kernelW) { kx in
                                            shortTap(vectors: cb / 8, columns: xb, input: { (kx + $0 * g.strideW) * 8 }, taps: kx * s[2])
                                        }
                                    }
                                }
                            }, store: { v, x, value in
                                let at = conv.index(co + 8 * v, oy, ox + x)
                                let activated = activation.map { MathText.apply($0, value) } ?? value
                                return "VectorMath.spread(\(activated), to: \(conv.name)E + 8 * (\(at)), stride: 8 * \(conv.planeStride.name))"
                            })
                        }
                    }
                }
            }
            if let pool, let output = Optional(plan.buffers[block.output]) {
                out.line()
                out.line("let \(output.name) = ws.\(output.name)\(storageComment(output))")
                let argmax = argmax(block)?.name
                if let argmax { out.line("let \(argmax) = ws.\(argmax) // \(output.batchedShape): which window element won") }
                poolForward(pool, input: conv, output: output, argmax: argmax, channels: "c0..<c1")
            }
        }
    }

    /// One tile: `vectors` × `columns` accumulators (s_v_x, v's 8 channels at column x) started at
    /// the biases of the channels from `bias` on, or at zero, summed by `body`, then each handed to
    /// `store` (vector, column, name) for the line that stores it.
    func shortTile(vectors: Int, columns: Int, bias: Affine?, body: () -> Void, store: (Int, Int, String) -> String) {
        out.block("do") {
            if let bias {
                out.declare("let", (0..<vectors).map { "b\($0) = VectorMath.load(\((bias + 8 * $0).offsetting("bias")))" })
            }
            for v in 0..<vectors { out.declare("var", (0..<columns).map { "s\(v)_\($0) = \(bias != nil ? "b\(v)" : "V()")" }) }
            body()
            for v in 0..<vectors {
                for x in 0..<columns { out.line(store(v, x, "s\(v)_\(x)")) }
            }
        }
    }

    /// One tap: the `columns` input broadcasts `row[input(x)]` and the `vectors` weight vectors at
    /// `taps + tap`, then s_v_x += i_x · w_v.
    func shortTap(vectors: Int, columns: Int, input: (Int) -> Affine, taps tap: Affine) {
        out.declare("let", (0..<columns).map { "i\($0) = V(repeating: row[\(input($0))])" })
        out.declare("let", (0..<vectors).map { "w\($0) = VectorMath.load(\((tap + 8 * $0).offsetting("taps")))" })
        for v in 0..<vectors {
            for x in 0..<columns { out.line("s\(v)_\(x) = s\(v)_\(x).addingProduct(i\(x), w\(v))") }
        }
    }

    /// The weight gradient of the short group, after the lane kernels' pool, activation and bias pass
    /// (run on every lane; the empty ones carry zero gradients).
    func shortWeightGradient(_ g: ConvGeometry, input: BufferPlan, grad: BufferPlan, short: ShortGroupTiles) {
        let s = Self.shortStrides(g)[2]
        let w = Self.weightStrides(g)
        out.comment(Self.weightGradientFormula(g) + " for each example e < valid, added into lane e of the accumulators")
        out.comment("the example's output gradient laid out as dT[oy, ox, c] (this part's channels), then register tiles of \(short.weightVectors) vectors of 8 output channels × \(short.weightColumns) kernel columns, summed over the \(g.outHeight)×\(g.outWidth) outputs")
        out.line("let dT = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Float.self) // (\(g.outHeight), \(g.outWidth), \(g.outChannels))")
        out.block("for e in 0..<valid") {
            out.line(lanePointer(input.name, mutable: false))
            out.line(lanePointer(grad.gradientName, mutable: false))
            out.line("let weightGradE = UnsafeMutableRawPointer(weightGrad).assumingMemoryBound(to: Float.self) + e")
            out.block("for c in c0..<c1") {
                out.loop("oy", g.outHeight) { oy in
                    out.loop("ox", g.outWidth) { ox in
                        out.line("dT[\(oy * s[0] + ox * s[1] + Affine("c"))] = \(grad.gradientName)E[8 * (\(grad.index(Affine("c"), oy, ox)))]")
                    }
                }
            }
            out.partTiles("co", extent: g.outChannels, tile: 8 * short.weightVectors) { co, cb in
                let vectors = cb / 8
                out.loop("ci", g.inChannels) { ci in
                    out.loop("ky", g.kernelH) { ky in
                        out.tiles("kx", extent: g.kernelW, tile: short.weightColumns) { kx, kb in
                            out.block("do") {
                                for v in 0..<vectors { out.declare("var", (0..<kb).map { "g\(v)_\($0) = V()" }) }
                                out.loop("oy", g.outHeight) { oy in
                                    out.line("let drow = \((oy * s[0] + co).offsetting("dT"))")
                                    out.line("let irow = \(input.name)E + 8 * (\(input.storedIndex(ci, oy * g.strideH + ky, kx)))")
                                    out.loop("ox", g.outWidth) { ox in
                                        out.declare("let", (0..<vectors).map { "d\($0) = VectorMath.load(\((ox * s[1] + 8 * $0).offsetting("drow")))" })
                                        out.declare("let", (0..<kb).map { "i\($0) = V(repeating: irow[\((ox * g.strideW + $0) * 8)])" })
                                        for v in 0..<vectors {
                                            for k in 0..<kb { out.line("g\(v)_\(k) = g\(v)_\(k).addingProduct(d\(v), i\(k))") }
                                        }
                                    }
                                }
                                let base = co * w.out + ci * w.in + ky * w.row + kx
                                for v in 0..<vectors {
                                    for k in 0..<kb {
                                        out.line("VectorMath.spread(g\(v)_\(k), adding: weightGradE + 8 * (\(base + Affine(8 * v) * w.out + k)), stride: 8 * wOut)")
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The input gradient of the short group: the gathered form (`convInputGradientGathered`), one
    /// example at a time with 8 input channels to a vector.
    func shortInputGradient(_ block: BlockPlan, _ g: ConvGeometry, short: ShortGroupTiles) {
        let input = plan.buffers[block.input]
        let grad = plan.buffers[block.hidden ?? block.output]
        let weight = plan.parameters[block.parameters[0]]
        let target = input.gradientName
        let s = Self.shortStrides(g)[1]
        let f = Tiling.flipped(g)
        out.docComment("\(block.name) backward, second half, for a last group of at most \(Tiling.shortGroupExamples) examples (`valid`): the input gradient, one example at a time with 8 input channels to a vector; the lanes past `valid` are zero.")
        out.block("private func \(block.name)_backward_inputs_short(_ params: UnsafePointer<Float>, _ ws: Workspace, valid: Int, scratch: UnsafeMutablePointer<V>, part: Int, parts: Int)") {
            out.line("let \(grad.gradientName) = UnsafePointer(ws.\(grad.gradientName))\(storageComment(grad))")
            out.line("let weight = params + Arena.\(weight.symbol) // \(weight.tensor.name) \(shapeText(weight.tensor.shape))")
            out.comment(Self.gatheredFormula(g) + ", for each example e < valid")
            out.comment("gathered: a forward pass over dout's \(f.padH)×\(f.padW) zero border with the kernel flipped and laid out as wF[c, ky, kx, i] = w[c, i, \(g.kernelH - 1) − ky, \(g.kernelW - 1) − kx]; register tiles of \(short.inputVectors) vectors of 8 input channels × \(short.inputColumns) columns, summed over the \(g.outChannels) output channels; this part takes its share of the input channels, zeroed first")
            out.line("let \(target) = ws.\(target)")
            channelRange(tile: 8 * short.inputVectors, extent: g.inChannels)
            zero(target, input, channels: "c0..<c1")
            let kk = g.kernelH * g.kernelW
            out.line("let wF = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Float.self) // (\(g.outChannels), \(g.kernelH), \(g.kernelW), \(g.inChannels))")
            out.block("for i in c0..<c1") {
                out.block("for c in 0..<\(g.outChannels)") {
                    out.line("for k in 0..<\(kk) { wF[c * \(s[0].name) + k * \(s[2].name) + i] = weight[c * wOut + i * wIn + \(kk - 1) - k] }")
                }
            }
            out.block("for e in 0..<valid") {
                out.line(lanePointer(grad.gradientName, mutable: false))
                out.line(lanePointer(target, mutable: true))
                out.partTiles("ci", extent: g.inChannels, tile: 8 * short.inputVectors) { ci, cb in
                    out.loop("y", g.height) { y in
                        out.tiles("x", extent: g.width, tile: short.inputColumns) { x, xb in
                            shortTile(vectors: cb / 8, columns: xb, bias: nil, body: {
                                out.loop("co", g.outChannels) { co in
                                    out.loop("ky", g.kernelH) { ky in
                                        out.line("let row = \(grad.gradientName)E + 8 * (\(grad.storedIndex(co, y + ky, x)))")
                                        out.line("let taps = \((co * s[0] + ky * s[1] + ci).offsetting("wF"))")
                                        out.loop("kx", g.kernelW) { kx in
                                            shortTap(vectors: cb / 8, columns: xb, input: { (kx + $0) * 8 }, taps: kx * s[2])
                                        }
                                    }
                                }
                            }, store: { v, xx, value in
                                "VectorMath.spread(\(value), to: \(target)E + 8 * (\(input.index(ci + 8 * v, y, x + xx))), stride: 8 * \(input.planeStride.name))"
                            })
                        }
                    }
                }
            }
        }
    }
}

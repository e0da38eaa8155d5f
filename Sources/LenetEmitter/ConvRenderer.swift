import LenetModel
import LenetSpec

/// Conv blocks (convolution + bias [+ activation] [+ pooling]) and standalone pooling blocks.
extension NetworkRenderer {
    // MARK: forward

    func convForward(_ block: BlockPlan, _ g: ConvGeometry, _ activation: ActivationKind?, _ pool: PoolGeometry?,
                     _ tiles: ConvTiles) {
        let input = plan.buffers[block.input]
        let conv = plan.buffers[block.hidden ?? block.output]
        let (weight, bias) = (plan.parameters[block.parameters[0]], plan.parameters[block.parameters[1]])
        functionHeader(block, forward: true)
        let split = block.splitsChannels
        out.block("private func \(block.name)_forward(_ params: UnsafePointer<Float>, _ ws: Workspace\(split ? ", part: Int, parts: Int" : ""))") {
            out.line("let \(input.name) = UnsafePointer(ws.\(input.name))\(storageComment(input))")
            out.line("let \(conv.name) = ws.\(conv.name)\(storageComment(conv))")
            if block.winograd?.forward == nil {
                out.line("let weight = params + Arena.\(weight.symbol) // \(weight.tensor.name) \(shapeText(weight.tensor.shape))")
            }
            out.line("let bias = params + Arena.\(bias.symbol) // \(bias.tensor.name) \(shapeText(bias.tensor.shape))")
            var what = "conv + bias"
            if let activation { what += " + \(activation.rawValue)" }
            out.comment(Self.forwardFormula(g, activation))
            if let w = block.winograd?.forward {
                if split { channelRange(tile: w.channelTile, extent: g.outChannels) }
                winogradConv(w, source: input, sourceName: input.name, bias: true, activation: activation, split: split) { c, y, x, value in
                    "\(conv.name)[\(conv.index(c, y, x))] = \(value)"
                }
            } else {
                out.comment("\(what): register tiles of \(tiles.forwardChannels) output channels × \(tiles.forwardColumns) output columns\(split ? "; this part takes its share of the channel tiles" : "")")
                if split && pool != nil { channelRange(tile: tiles.forwardChannels, extent: g.outChannels) }
                out.splitTiles(split, "co", extent: g.outChannels, tile: tiles.forwardChannels) { co, cb in
                    out.loop("oy", g.outHeight) { oy in
                        out.tiles("ox", extent: g.outWidth, tile: tiles.forwardColumns) { ox, xb in
                            convForwardTile(g, input: input, output: conv, activation: activation,
                                            co: co, cb: cb, oy: oy, ox: ox, xb: xb)
                        }
                    }
                }
            }
            if let pool, let output = Optional(plan.buffers[block.output]) {
                out.line()
                out.line("let \(output.name) = ws.\(output.name)\(storageComment(output))")
                let argmax = argmax(block)?.name
                if let argmax { out.line("let \(argmax) = ws.\(argmax) // \(output.batchedShape): which window element won") }
                poolForward(pool, input: conv, output: output, argmax: argmax, channels: split ? "c0..<c1" : nil)
            }
        }
        if let short = block.shortGroup {
            out.line()
            convForwardShort(block, g, activation, pool, short)
        }
    }

    /// One register tile: cb output channels × xb output columns of row oy, summed over every input
    /// channel and kernel tap, then bias and activation applied and stored.
    func convForwardTile(_ g: ConvGeometry, input: BufferPlan, output: BufferPlan, activation: ActivationKind?,
                         co: Affine, cb: Int, oy: Affine, ox: Affine, xb: Int) {
        out.block("do") {
            for c in 0..<cb {
                out.line("let b\(c) = V(repeating: bias[\(co + c)])")
            }
            for c in 0..<cb {
                out.declare("var", (0..<xb).map { "s\(c)_\($0) = b\(c)" })
            }
            let w = Self.weightStrides(g)
            out.loop("ci", g.inChannels) { ci in
                out.loop("ky", g.kernelH) { ky in
                    out.line("let row = \(input.storedIndex(ci, oy * g.strideH + ky, ox * g.strideW).offsetting(input.name))")
                    out.line("let taps = \((co * w.out + ci * w.in + ky * w.row).offsetting("weight"))")
                    out.loop("kx", g.kernelW) { kx in
                        tap(cb: cb, xb: xb, input: { kx + $0 * g.strideW }, weight: { kx + Affine($0) * w.out })
                    }
                }
            }
            for c in 0..<cb {
                for x in 0..<xb {
                    let value = activation.map { MathText.apply($0, "s\(c)_\(x)") } ?? "s\(c)_\(x)"
                    out.line("\(output.name)[\(output.index(co + c, oy, ox + x))] = \(value)")
                }
            }
        }
    }

    /// One kernel tap of a cb × xb register tile: the xb input vectors `row[input(x)]` and the cb
    /// weight broadcasts `taps[weight(c)]`, then one FMA per accumulator, s_c_x += i_x · w_c.
    func tap(cb: Int, xb: Int, input: (Int) -> Affine, weight: (Int) -> Affine) {
        out.declare("let", (0..<xb).map { "i\($0) = row[\(input($0))]" })
        out.declare("let", (0..<cb).map { "w\($0) = V(repeating: taps[\(weight($0))])" })
        for c in 0..<cb {
            for x in 0..<xb { out.line("s\(c)_\(x) = s\(c)_\(x).addingProduct(i\(x), w\(c))") }
        }
    }

    /// Pooling of one group: `input` (stored with the pool's padding) into `output`; max pooling also
    /// records which window element won (the first maximum, as PyTorch) in `argmax`.
    func poolForward(_ p: PoolGeometry, input: BufferPlan, output: BufferPlan, argmax: String?, channels: String? = nil) {
        let window = p.kernelH * p.kernelW
        var what = "\(p.op.rawValue) \(p.kernelH)×\(p.kernelW), stride \(p.strideH)×\(p.strideW)"
        if p.isPadded { what += ", padding \(p.padH)×\(p.padW) (\(p.op == .max ? "−∞" : "zero") border)" }
        out.comment(what)
        out.channelLoop("c", p.channels, channels) { c in
            out.loop("py", p.outHeight) { py in
                out.loop("px", p.outWidth) { px in
                    let o = output.index(c, py, px)
                    // The window's corner; the buffer's border may be wider than the pool's padding.
                    out.line("let window = \(input.index(c, py * p.strideH + -p.padH, px * p.strideW + -p.padW).offsetting(input.name))")
                    func at(_ ky: Affine, _ kx: Affine) -> String { (ky * input.rowStride + kx).subscripting("window") }
                    switch p.op {
                    case .avg:
                        if window <= 16 {
                            let terms = (0..<window).map { at(Affine($0 / p.kernelW), Affine($0 % p.kernelW)) }
                            out.line("let sum = " + terms.joined(separator: " + "))
                        } else {
                            out.line("var sum = V()")
                            out.loop("ky", p.kernelH) { ky in out.loop("kx", p.kernelW) { kx in out.line("sum += \(at(ky, kx))") } }
                        }
                        out.line("\(output.name)[\(o)] = sum\(averageScale(window))")
                    case .max:
                        if window <= 16 {
                            out.line("var m = \(at(Affine(0), Affine(0)))")
                            out.line("var k = VI(repeating: 0)")
                            for t in 1..<window {
                                out.line("let v\(t) = \(at(Affine(t / p.kernelW), Affine(t % p.kernelW))), gt\(t) = v\(t) .> m")
                                out.line("m.replace(with: v\(t), where: gt\(t))")
                                out.line("k.replace(with: VI(repeating: \(t)), where: gt\(t))")
                            }
                        } else {
                            out.line("var m = V(repeating: -.infinity)")
                            out.line("var k = VI(repeating: 0)")
                            out.loop("ky", p.kernelH) { ky in
                                out.loop("kx", p.kernelW) { kx in
                                    out.line("let v = \(at(ky, kx)), gt = v .> m")
                                    out.line("m.replace(with: v, where: gt)")
                                    out.line("k.replace(with: VI(repeating: Int32(\(ky * p.kernelW + kx))), where: gt)")
                                }
                            }
                        }
                        out.line("\(output.name)[\(o)] = m")
                        out.line("\(argmax!)[\(Self.argmaxIndex(argmax!, p, c, py, px))] = k")
                    }
                }
            }
        }
    }

    /// Zeroes a gradient buffer, border included: all of it, or the planes of `channels` (`c0..<c1`).
    func zero(_ name: String, _ buffer: BufferPlan, channels: String?) {
        if channels != nil {
            let plane = buffer.planeStride.value == 1 ? "" : " * \(buffer.planeStride.name)"
            out.line("(\(name) + c0\(plane)).update(repeating: V(), count: (c1 - c0)\(plane))")
        } else {
            out.line("\(name).update(repeating: V(), count: \(buffer.storedCount))")
        }
    }

    /// `out[c, oy, ox] = relu(b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, oy + ky − 2, ox + kx − 2])`: what a
    /// conv's forward kernels compute.
    static func forwardFormula(_ g: ConvGeometry, _ activation: ActivationKind?) -> String {
        let sum = "b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, \(tap("oy", "ky", g.strideH, g.padH)), \(tap("ox", "kx", g.strideW, g.padW))]"
        return "out[c, oy, ox] = \(activation.map { "\($0.rawValue)(\(sum))" } ?? sum)"
    }

    /// `dw[c, i, ky, kx] = Σ_oy,ox dout[c, oy, ox] · in[i, oy + ky − 2, ox + kx − 2]`.
    static func weightGradientFormula(_ g: ConvGeometry) -> String {
        "dw[c, i, ky, kx] = Σ_oy,ox dout[c, oy, ox] · in[i, \(tap("oy", "ky", g.strideH, g.padH)), \(tap("ox", "kx", g.strideW, g.padW))]"
    }

    /// `din[i, y, x] = Σ_c,ky,kx w[c, i, ky, kx] · dout[c, y + 2 − ky, x + 2 − kx], zero outside dout`:
    /// the input gradient as a gathering kernel computes it (stride 1).
    static func gatheredFormula(_ g: ConvGeometry) -> String {
        "din[i, y, x] = Σ_c,ky,kx w[c, i, ky, kx] · dout[c, y\(g.padH > 0 ? " + \(g.padH)" : "") − ky, x\(g.padW > 0 ? " + \(g.padW)" : "") − kx], zero outside dout"
    }

    /// The input coordinate a tap reads: `y + ky`, `2·y + ky − 1`.
    static func tap(_ out: String, _ k: String, _ stride: Int, _ pad: Int) -> String {
        (stride == 1 ? out : "\(stride)·\(out)") + " + \(k)" + (pad > 0 ? " − \(pad)" : "")
    }

    /// The strides of a conv weight (out, in, kh, kw) in floats: `w[co, ci, ky, kx]` sits at
    /// `co * wOut + ci * wIn + ky * wRow + kx` (the weight gradient's vectors likewise).
    static func weightStrides(_ g: ConvGeometry) -> (out: Stride, in: Stride, row: Stride) {
        (Stride("wOut", g.inChannels * g.kernelH * g.kernelW), Stride("wIn", g.kernelH * g.kernelW), Stride("wRow", g.kernelW))
    }

    /// Index of the pool window's winner for output (c, py, px): `argmax` holds the pool's output
    /// without a border.
    static func argmaxIndex(_ argmax: String, _ p: PoolGeometry, _ c: Affine, _ py: Affine, _ px: Affine) -> Affine {
        let s = argmaxStrides(argmax, p)
        return c * s.plane + py * s.row + px
    }

    /// `argmax5Plane`, `argmax5Row`: the argmax buffer's strides in vectors (of 8 window indices).
    static func argmaxStrides(_ argmax: String, _ p: PoolGeometry) -> (plane: Stride, row: Stride) {
        (Stride(argmax + "Plane", p.outHeight * p.outWidth), Stride(argmax + "Row", p.outWidth))
    }

    /// The argmax buffer of a block that max-pools (`argmax5`), and the pooling.
    func argmax(_ block: BlockPlan) -> (name: String, pool: PoolGeometry)? {
        let pool: PoolGeometry
        switch block.op {
        case let .conv(_, _, p?, _), let .pool(p): pool = p
        default: return nil
        }
        guard pool.op == .max, let index = plan.blocks.firstIndex(of: block),
              let buffer = plan.argmaxBuffers.first(where: { $0.block == index }) else { return nil }
        return (buffer.name, pool)
    }

    /// ` * 0.25` for windows of a power-of-two size (exact), ` / 9` otherwise (as PyTorch divides).
    func averageScale(_ window: Int) -> String {
        window & (window - 1) == 0 ? " * \(1.0 / Double(window))" : " / \(window)"
    }

    func poolBlockForward(_ block: BlockPlan, _ p: PoolGeometry) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        functionHeader(block, forward: true)
        out.block("private func \(block.name)_forward(_ ws: Workspace)") {
            out.line("let \(input.name) = UnsafePointer(ws.\(input.name))\(storageComment(input))")
            out.line("let \(output.name) = ws.\(output.name)\(storageComment(output))")
            let argmax = argmax(block)?.name
            if let argmax { out.line("let \(argmax) = ws.\(argmax) // \(output.batchedShape): which window element won") }
            poolForward(p, input: input, output: output, argmax: argmax)
        }
    }

    // MARK: backward

    func convBackward(_ block: BlockPlan, _ g: ConvGeometry, _ activation: ActivationKind?, _ pool: PoolGeometry?,
                      _ tiles: ConvTiles) {
        let input = plan.buffers[block.input]
        let conv = plan.buffers[block.hidden ?? block.output]
        let weight = plan.parameters[block.parameters[0]]
        let split = block.splitsChannels
        functionHeader(block, forward: false)
        if split {
            out.docComment("First half, a share of the output channels: \(pool != nil ? "pool, " : "")activation and bias backward, then the weight gradient.")
        }
        out.block("private func \(block.name)_backward(_ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace\(split ? ", part: Int, parts: Int" : ""))") {
            convBackwardHead(block, g, activation, pool, split: split, channelTile: tiles.weightChannels)
            out.line()
            convWeightGradient(g, input: input, grad: conv, tiles: tiles, split: split)
            if block.inputGradient && !split {
                out.line()
                inputGradient(block, g, inputGrad: input, grad: conv, tiles: tiles, split: false)
            }
        }
        if let short = block.shortGroup {
            out.line()
            out.docComment("\(block.name) backward, first half, for a last group of at most \(Tiling.shortGroupExamples) examples (`valid`): pool, activation and bias backward on every lane, then the weight gradient one example at a time with 8 output channels to a vector.")
            out.block("private func \(block.name)_backward_short(_ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace, valid: Int, scratch: UnsafeMutablePointer<V>, part: Int, parts: Int)") {
                convBackwardHead(block, g, activation, pool, split: true, channelTile: 8 * short.weightVectors)
                out.line()
                shortWeightGradient(g, input: input, grad: conv, short: short)
            }
        }
        guard split && block.inputGradient else { return }
        out.line()
        let byGroup = block.gathersByGroup
        out.docComment(byGroup
            ? "\(block.name) backward, second half, every input channel of one group: the input gradient (every output channel's gradient is ready), run group by group so that each group's Winograd transforms serve all its channels."
            : "\(block.name) backward, second half, a share of the input channels: the input gradient (every output channel's gradient is ready).")
        out.block("private func \(block.name)_backward_inputs(_ params: UnsafePointer<Float>, _ ws: Workspace\(byGroup ? "" : ", part: Int, parts: Int"))") {
            out.line("let \(conv.gradientName) = UnsafePointer(ws.\(conv.gradientName))\(storageComment(conv))")
            if block.winograd?.gather != nil {
                out.line("_ = params // the Winograd weights hold the flipped filters")
            } else {
                out.line("let weight = params + Arena.\(weight.symbol) // \(weight.tensor.name) \(shapeText(weight.tensor.shape))")
            }
            inputGradient(block, g, inputGrad: input, grad: conv, tiles: tiles, split: !byGroup)
        }
        if let short = block.shortGroup {
            out.line()
            shortInputGradient(block, g, short: short)
        }
    }

    /// The first lines of a conv block's backward: its buffers and accumulators, then pool,
    /// activation and bias backward (over this part's channels, tiles of `channelTile`, when split).
    func convBackwardHead(_ block: BlockPlan, _ g: ConvGeometry, _ activation: ActivationKind?, _ pool: PoolGeometry?,
                          split: Bool, channelTile: Int) {
        let input = plan.buffers[block.input]
        let conv = plan.buffers[block.hidden ?? block.output]
        let (weight, bias) = (plan.parameters[block.parameters[0]], plan.parameters[block.parameters[1]])
        out.line("let \(input.name) = UnsafePointer(ws.\(input.name))\(storageComment(input))")
        if activation != nil && !block.derivesAtPoolOutput {
            out.line("let \(conv.name) = UnsafePointer(ws.\(conv.name))\(storageComment(conv))")
        }
        out.line("let \(conv.gradientName) = ws.\(conv.gradientName)\(storageComment(conv))\(activation != nil ? ", becomes the gradient of the conv's pre-activation output" : "")")
        if block.inputGradient && !split && block.winograd?.gather == nil {
            out.line("let weight = params + Arena.\(weight.symbol) // \(weight.tensor.name) \(shapeText(weight.tensor.shape))")
        }
        if split { out.line("_ = params // the weights are read by the second half") }
        out.line("let weightGrad = acc + Acc.\(weight.symbol) // \(weight.tensor.name), one vector per weight")
        out.line("let biasGrad = acc + Acc.\(bias.symbol) // \(bias.tensor.name), one vector per channel")
        if split { channelRange(tile: channelTile, extent: g.outChannels) }
        let channels = split ? "c0..<c1" : nil
        if let pool {
            let output = plan.buffers[block.output]
            if activation != nil && block.derivesAtPoolOutput {
                out.line("let \(output.name) = UnsafePointer(ws.\(output.name))\(storageComment(output))")
            }
            out.line("let \(output.gradientName) = UnsafePointer(ws.\(output.gradientName)) // \(output.batchedShape)")
            let argmax = argmax(block)?.name
            if let argmax { out.line("let \(argmax) = UnsafePointer(ws.\(argmax))") }
            if pool.tilesExactly {
                poolBackwardFused(pool, outputGrad: output, input: conv, activation: activation, argmax: argmax, channels: channels)
            } else {
                poolBackward(pool, outputGrad: output, inputGrad: conv, argmax: argmax, channels: channels)
                activationBackwardWithBias(conv, activation: activation, channels: channels)
            }
        } else {
            activationBackwardWithBias(conv, activation: activation, channels: channels)
        }
    }

    /// The input gradient, gathered or scattered as the plan says.
    func inputGradient(_ block: BlockPlan, _ g: ConvGeometry, inputGrad input: BufferPlan, grad: BufferPlan,
                       tiles: ConvTiles, split: Bool) {
        if let w = block.winograd?.gather {
            let target = input.gradientName
            out.comment(Self.gatheredFormula(g))
            out.comment("input gradient, gathered: the forward pass over dout's zero border with the kernel flipped (tap ky, kx reads w[c, i, \(g.kernelH - 1) − ky, \(g.kernelW - 1) − kx])")
            out.line("let \(target) = ws.\(target)")
            if split { channelRange(tile: w.channelTile, extent: w.outChannels) }
            winogradConv(w, source: grad, sourceName: grad.gradientName, bias: false, activation: nil, split: split) { c, y, x, value in
                "\(target)[\(input.index(c, y, x))] = \(value)"
            }
        } else if block.gathersInputGradient {
            convInputGradientGathered(g, inputGrad: input, grad: grad, tiles: tiles, split: split)
        } else {
            convInputGradient(g, inputGrad: input, grad: grad, tiles: tiles, split: split)
        }
    }

    /// dInput[ci][y][x] = Σ_{co,ky,kx} W[co][ci][ky][kx] · dz[co][y + ph − ky][x + pw − kx]: the forward
    /// pass of `Tiling.flipped(g)`, reading dz from its zero border (no bounds tests) with the kernel
    /// flipped, in register tiles of input channels × input columns; each value is written once.
    func convInputGradientGathered(_ g: ConvGeometry, inputGrad input: BufferPlan, grad: BufferPlan, tiles: ConvTiles, split: Bool) {
        let target = input.gradientName
        let f = Tiling.flipped(g)
        precondition(grad.padH == f.padH && grad.padW == f.padW, "the output gradient's border is the flipped kernel's padding")
        out.comment(Self.gatheredFormula(g))
        out.comment("input gradient, gathered: a forward pass over dout's \(f.padH)×\(f.padW) zero border with the kernel flipped (tap ky, kx reads w[c, i, \(g.kernelH - 1) − ky, \(g.kernelW - 1) − kx]); register tiles of \(tiles.gatherChannels) input channels × \(tiles.gatherColumns) columns, summed over the \(g.outChannels) output channels")
        out.line("let \(target) = ws.\(target)")
        let w = Self.weightStrides(g)
        // Row y's taps ky read dout's stored rows y + ky; those in the border are zero, so the first
        // and last f.padH rows take only the taps that reach inside (torch-mnist's 26 rows: 6 of their
        // 78 row taps skipped).
        out.splitTiles(split, "ci", extent: g.inChannels, tile: tiles.gatherChannels) { ci, cb in
            out.loop("y", g.height) { y in
                let taps = f.padH == 0 ? "0..<\(g.kernelH)"
                    : y.isConstant ? "\(max(0, f.padH - y.constant))..<\(min(g.kernelH, f.padH + g.outHeight - y.constant))"
                    : "max(0, \(f.padH) - y)..<min(\(g.kernelH), \(f.padH + g.outHeight) - y)"
                out.tiles("x", extent: g.width, tile: tiles.gatherColumns) { x, xb in
                    out.block("do") {
                        for c in 0..<cb { out.declare("var", (0..<xb).map { "s\(c)_\($0) = V()" }) }
                        out.loop("co", g.outChannels) { co in
                            out.block("for ky in \(taps)") {
                                let ky = Affine("ky")
                                out.line("let row = \(grad.storedIndex(co, y + ky, x).offsetting(grad.gradientName))")
                                let last = co * w.out + ci * w.in + (ky * -1 + (g.kernelH - 1)) * w.row + (g.kernelW - 1)
                                out.line("let taps = \(last.offsetting("weight")) // w[c, i, \(g.kernelH - 1) − ky, \(g.kernelW - 1)]")
                                out.loop("kx", g.kernelW) { kx in
                                    tap(cb: cb, xb: xb, input: { kx + $0 }, weight: { kx * -1 + Affine($0) * w.in })
                                }
                            }
                        }
                        for c in 0..<cb {
                            for xx in 0..<xb { out.line("\(target)[\(input.index(ci + c, y, x + xx))] = s\(c)_\(xx)") }
                        }
                    }
                }
            }
        }
    }

    /// `let c0 = …, c1 = …`: the channels of this part's share of the tiles (`SwiftWriter.partTiles`).
    func channelRange(tile: Int, extent: Int, names: (String, String) = ("c0", "c1")) {
        let tiles = extent / tile
        if tiles == 0 {
            out.line("let \(names.0) = 0, \(names.1) = part == parts - 1 ? \(extent) : 0")
        } else {
            out.line("let \(names.0) = \(tile) * (\(tiles) * part / parts), \(names.1) = part == parts - 1 ? \(extent) : \(tile) * (\(tiles) * (part + 1) / parts)")
        }
    }

    /// Pool backward, activation backward and the bias gradient in one pass, for pools whose windows
    /// tile their input: every element of the conv output gets its gradient written exactly once.
    /// A max pool's window winner holds the pooled value, so the activation's derivative is taken
    /// once per window at the pooled output (`outputGrad`'s values) rather than at every element,
    /// and the conv output is not read: tf-deep-mnist's conv0 backward 0.67 → 0.53 ms a batch (medians
    /// of 12 alternating runs of the two builds, `--profile --threads 2`).
    func poolBackwardFused(_ p: PoolGeometry, outputGrad: BufferPlan, input: BufferPlan, activation: ActivationKind?,
                           argmax: String?, channels: String? = nil) {
        var what = "\(p.op.rawValue) backward"
        if let activation { what += " + \(activation.rawValue) backward" }
        out.comment("\(what) + bias gradient, one pass (the windows tile the conv output)")
        if p.op == .max, let activation {
            out.comment("the winner of each window holds the pooled value, so \(activation.rawValue)'s derivative there comes from \(outputGrad.name)")
        }
        out.channelLoop("c", p.channels, channels) { c in
            out.line("var db = V()")
            out.loop("py", p.outHeight) { py in
                out.loop("px", p.outWidth) { px in
                    let o = outputGrad.index(c, py, px)
                    switch p.op {
                    case .avg: out.line("let g = \(outputGrad.gradientName)[\(o)]\(averageScale(p.kernelH * p.kernelW))")
                    case .max:
                        out.line("let k = \(argmax!)[\(Self.argmaxIndex(argmax!, p, c, py, px))]")
                        if let activation {
                            out.line("let y = \(outputGrad.name)[\(o)]")
                            out.line("let g = \(MathText.derivative(activation, grad: "\(outputGrad.gradientName)[\(o)]", output: "y"))")
                        } else {
                            out.line("let g = \(outputGrad.gradientName)[\(o)]")
                        }
                    }
                    let corner = input.index(c, py * p.strideH, px * p.strideW)
                    if activation != nil && p.op == .avg { out.line("let y = \(corner.offsetting(input.name))") }
                    out.line("let dy = \(corner.offsetting(input.gradientName))")
                    for t in 0..<(p.kernelH * p.kernelW) {
                        let k = Affine(t / p.kernelW) * input.rowStride + t % p.kernelW
                        switch p.op {
                        case .max:
                            // one element of each lane's window is g, the others zero: db adds g alone
                            out.line("dy[\(k)] = g.replacing(with: 0, where: k .!= VI(repeating: \(t)))")
                        case .avg:
                            let value = activation.map { MathText.derivative($0, grad: "g", output: "y[\(k)]") } ?? "g"
                            out.line("let d\(t) = \(value)")
                            out.line("dy[\(k)] = d\(t)")
                            out.line("db += d\(t)")
                        }
                    }
                    if p.op == .max { out.line("db += g") }
                }
            }
            out.line("biasGrad[\(c)] += db")
        }
    }

    /// Pool backward into `inputGrad` (zeroed first, then each window's share added).
    func poolBackward(_ p: PoolGeometry, outputGrad: BufferPlan, inputGrad: BufferPlan, argmax: String?, channels: String? = nil) {
        let target = inputGrad.gradientName
        if p.tilesExactly {
            out.comment("\(p.op.rawValue) backward: the windows tile the input, so each input gradient is written once")
        } else {
            out.comment("\(p.op.rawValue) backward: zero the input gradient (border included), then add each window's share")
            zero(target, inputGrad, channels: channels)
        }
        let op = p.tilesExactly ? "=" : "+="
        out.channelLoop("c", p.channels, channels) { c in
            out.loop("py", p.outHeight) { py in
                out.loop("px", p.outWidth) { px in
                    let o = outputGrad.index(c, py, px)
                    switch p.op {
                    case .avg: out.line("let g = \(outputGrad.gradientName)[\(o)]\(averageScale(p.kernelH * p.kernelW))")
                    case .max:
                        out.line("let g = \(outputGrad.gradientName)[\(o)]")
                        out.line("let k = \(argmax!)[\(Self.argmaxIndex(argmax!, p, c, py, px))]")
                    }
                    let window = p.kernelH * p.kernelW
                    if window <= 16 {
                        for t in 0..<window {
                            let i = inputGrad.index(c, py * p.strideH + (t / p.kernelW - p.padH), px * p.strideW + (t % p.kernelW - p.padW))
                            let value = p.op == .max ? "g.replacing(with: 0, where: k .!= VI(repeating: \(t)))" : "g"
                            out.line("\(target)[\(i)] \(op) \(value)")
                        }
                    } else {
                        out.loop("ky", p.kernelH) { ky in
                            out.loop("kx", p.kernelW) { kx in
                                let i = inputGrad.index(c, py * p.strideH + ky + -p.padH, px * p.strideW + kx + -p.padW)
                                let value = p.op == .max
                                    ? "g.replacing(with: 0, where: k .!= VI(repeating: Int32(\(ky * p.kernelW + kx))))" : "g"
                                out.line("\(target)[\(i)] \(op) \(value)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// In place: the conv output's gradient times the activation's derivative (the pre-activation
    /// gradient), summed per channel into the bias gradient.
    func activationBackwardWithBias(_ conv: BufferPlan, activation: ActivationKind?, channels: String? = nil) {
        if let activation {
            out.comment("\(activation.rawValue) backward (in place) + bias gradient")
        } else {
            out.comment("bias gradient")
        }
        let (name, grad) = (conv.name, conv.gradientName)
        out.channelLoop("c", conv.c, channels) { c in
            out.line("var db = V()")
            out.loop("y", conv.h) { y in
                out.loop("x", conv.w) { x in
                    let i = conv.index(c, y, x)
                    if let activation {
                        let value = MathText.derivative(activation, grad: "\(grad)[\(i)]", output: "\(name)[\(i)]")
                        out.line("let d = \(value)")
                        out.line("\(grad)[\(i)] = d")
                        out.line("db += d")
                    } else {
                        out.line("db += \(grad)[\(i)]")
                    }
                }
            }
            out.line("biasGrad[\(c)] += db")
        }
    }

    /// dW[co][ci][ky][kx] += Σ_{oy,ox} dz[co][oy][ox] · input[ci][oy·sh + ky][ox·sw + kx], in register
    /// tiles of output channels × kernel columns, added to the lane accumulators once per tile.
    func convWeightGradient(_ g: ConvGeometry, input: BufferPlan, grad: BufferPlan, tiles: ConvTiles, split: Bool) {
        out.comment(Self.weightGradientFormula(g) + ", lanes summed at the end of the step")
        out.comment("weight gradient: register tiles of \(tiles.weightChannels) output channels × \(tiles.weightColumns) kernel columns, summed over the \(g.outHeight)×\(g.outWidth) outputs")
        let w = Self.weightStrides(g)
        out.splitTiles(split, "co", extent: g.outChannels, tile: tiles.weightChannels) { co, cb in
            out.loop("ci", g.inChannels) { ci in
                out.loop("ky", g.kernelH) { ky in
                    out.tiles("kx", extent: g.kernelW, tile: tiles.weightColumns) { kx, kb in
                        out.block("do") {
                            for c in 0..<cb { out.declare("var", (0..<kb).map { "g\(c)_\($0) = V()" }) }
                            out.loop("oy", g.outHeight) { oy in
                                out.line("let drow = \(grad.index(co, oy, Affine(0)).offsetting(grad.gradientName))")
                                out.line("let irow = \(input.storedIndex(ci, oy * g.strideH + ky, kx).offsetting(input.name))")
                                out.loop("ox", g.outWidth) { ox in
                                    out.declare("let", (0..<cb).map { "d\($0) = drow[\(ox + Affine($0) * grad.planeStride)]" })
                                    out.declare("let", (0..<kb).map { "i\($0) = irow[\(ox * g.strideW + $0)]" })
                                    for c in 0..<cb {
                                        for k in 0..<kb { out.line("g\(c)_\(k) = g\(c)_\(k).addingProduct(d\(c), i\(k))") }
                                    }
                                }
                            }
                            let base = co * w.out + ci * w.in + ky * w.row + kx
                            for c in 0..<cb {
                                for k in 0..<kb { out.line("weightGrad[\(base + Affine(c) * w.out + k)] += g\(c)_\(k)") }
                            }
                        }
                    }
                }
            }
        }
    }

    /// dInput[ci][oy·sh + ky][ox·sw + kx] += W[co][ci][ky][kx] · dz[co][oy][ox], scattered from register
    /// tiles: input channels × the row segment that a few output columns and kernel columns touch,
    /// summed over output channels, then added to the (zeroed, padded) input gradient.
    func convInputGradient(_ g: ConvGeometry, inputGrad input: BufferPlan, grad: BufferPlan, tiles: ConvTiles, split: Bool) {
        let target = input.gradientName
        out.comment("din[i, \(Self.tap("oy", "ky", g.strideH, g.padH)), \(Self.tap("ox", "kx", g.strideW, g.padW))] += Σ_c w[c, i, ky, kx] · dout[c, oy, ox] for every output (oy, ox) and tap (ky, kx)")
        out.comment("input gradient: zero it (border included), then scatter register tiles of \(tiles.inputChannels) input channels × \(tiles.inputColumns) output columns × \(tiles.inputKernelColumns) kernel columns, summed over the \(g.outChannels) output channels")
        out.line("let \(target) = ws.\(target)")
        if split { channelRange(tile: tiles.inputChannels, extent: g.inChannels) }
        zero(target, input, channels: split ? "c0..<c1" : nil)
        let w = Self.weightStrides(g)
        out.splitTiles(split, "ci", extent: g.inChannels, tile: tiles.inputChannels) { ci, cb in
            out.loop("oy", g.outHeight) { oy in
                out.loop("ky", g.kernelH) { ky in
                    out.tiles("ox", extent: g.outWidth, tile: tiles.inputColumns) { ox, xb in
                        out.tiles("kx", extent: g.kernelW, tile: tiles.inputKernelColumns) { kx, kb in
                            let positions = Tiling.scatterPositions(columns: xb, kernel: kb, stride: g.strideW)
                            out.block("do") {
                                for c in 0..<cb { out.declare("var", positions.map { "t\(c)_\($0) = V()" }) }
                                out.loop("co", g.outChannels) { co in
                                    out.declare("let", (0..<xb).map { "d\($0) = \(grad.gradientName)[\(grad.index(co, oy, ox + $0))]" })
                                    out.line("let taps = \((co * w.out + ci * w.in + ky * w.row + kx).offsetting("weight"))")
                                    for c in 0..<cb {
                                        out.declare("let", (0..<kb).map { "w\(c)_\($0) = V(repeating: taps[\(Affine(c) * w.in + $0)])" })
                                    }
                                    for c in 0..<cb {
                                        for x in 0..<xb {
                                            for k in 0..<kb {
                                                let t = "t\(c)_\(x * g.strideW + k)"
                                                out.line("\(t) = \(t).addingProduct(d\(x), w\(c)_\(k))")
                                            }
                                        }
                                    }
                                }
                                out.line("let row = \(input.storedIndex(ci, oy * g.strideH + ky, ox * g.strideW + kx).offsetting(target))")
                                for c in 0..<cb {
                                    for s in positions { out.line("row[\(Affine(c) * input.planeStride + s)] += t\(c)_\(s)") }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func poolBlockBackward(_ block: BlockPlan, _ p: PoolGeometry) {
        let input = plan.buffers[block.input], output = plan.buffers[block.output]
        functionHeader(block, forward: false)
        out.block("private func \(block.name)_backward(_ ws: Workspace)") {
            out.line("let \(output.gradientName) = UnsafePointer(ws.\(output.gradientName))")
            out.line("let \(input.gradientName) = ws.\(input.gradientName)\(storageComment(input))")
            let argmax = argmax(block)?.name
            if let argmax { out.line("let \(argmax) = UnsafePointer(ws.\(argmax))") }
            poolBackward(p, outputGrad: output, inputGrad: input, argmax: argmax)
        }
    }
}

import LenetModel
import LenetSpec

/// Convolutions computed as F(m×m, r×r) (see `WinogradMatrices`): a conv block's forward pass and its
/// gathered input gradient, and the once-a-step filter transform that both read.
extension NetworkRenderer {
    /// Every Winograd convolution of the plan, in block order: forward before input gradient.
    var winogradConvs: [(block: BlockPlan, conv: WinogradConv)] {
        plan.blocks.flatMap { block -> [(block: BlockPlan, conv: WinogradConv)] in
            guard let w = block.winograd else { return [] }
            return [w.forward, w.gather].compactMap { $0.map { (block, $0) } }
        }
    }

    /// ` (Winograd: forward F(4×4, 3×3), input gradient F(2×2, 3×3))` for the header's block list.
    func winogradNote(_ block: BlockPlan) -> String {
        guard let w = block.winograd else { return "" }
        let parts = [("forward", w.forward), ("input gradient", w.gather)].compactMap { name, conv in
            conv.map { "\(name) F(\($0.output)×\($0.output), \($0.kernel)×\($0.kernel))" }
        }
        return " (Winograd: " + parts.joined(separator: ", ") + ")"
    }

    /// `training: true, ` when the network has flipped filters to transform (the call's argument).
    func winogradTraining(_ training: Bool) -> String {
        winogradConvs.contains { $0.conv.flipped } ? "training: \(training), " : ""
    }

    /// Floats of the network's Winograd weights (every U side by side), 0 without Winograd.
    var winogradWeightFloats: Int { winogradConvs.reduce(0) { $0 + $1.conv.weightFloats } }

    /// Vectors of a thread's Winograd scratch (the largest convolution's).
    var winogradScratchVectors: Int { winogradConvs.map(\.conv.scratchVectors).max() ?? 0 }

    /// `winograd_weights`: U = G · w · Gᵀ for every filter of every Winograd convolution, a share
    /// of the output channels per part. Runs once a step, before forward (the weights change with
    /// every update).
    func winogradWeights() {
        let flipped = winogradConvs.contains { $0.conv.flipped }
        out.docComment("""
        The Winograd filters of every convolution computed as F(m×m, r×r): U[ξ][o][i] = (G · w[o, i] · Gᵀ)[ξ] \
        for each of the α² points ξ, this part's share of the output channels o. Once a step, before forward\
        \(flipped ? "; the input gradients' flipped filters only when `training`" : "").
        """)
        out.block("private func winograd_weights(_ params: UnsafePointer<Float>, _ u: UnsafeMutablePointer<Float>, \(flipped ? "training: Bool, " : "")part: Int, parts: Int)") {
            for (block, w) in winogradConvs {
                let weight = plan.parameters[block.parameters[0]]
                guard case let .conv(g, _, _, _) = block.op else { continue }
                let m = WinogradMatrices(output: w.output, kernel: w.kernel)
                let r = w.kernel, alpha = w.alpha
                out.comment(w.flipped
                    ? "\(weight.tensor.name) flipped for \(block.name)'s input gradient: w'[o, i, ky, kx] = w[i, o, \(r - 1) − ky, \(r - 1) − kx], U at \(w.weightOffset.underscored), (\(w.points), \(w.outChannels), \(w.inChannels))"
                    : "\(weight.tensor.name) for \(block.name)'s forward pass: U at \(w.weightOffset.underscored), (\(w.points), \(w.outChannels), \(w.inChannels))")
                out.block(w.flipped ? "if training" : "do") {
                    out.line("let weight = params + Arena.\(weight.symbol) // \(weight.tensor.name) \(shapeText(weight.tensor.shape))")
                    out.line("let target = u + \(w.weightOffset.underscored)")
                    constants(m.g.flatMap { $0 }, scalar: true)
                    out.block("for o in \(w.outChannels) * part / parts..<\(w.outChannels) * (part + 1) / parts") {
                        out.block("for i in 0..<\(w.inChannels)") {
                            let s = Self.weightStrides(g)
                            out.line(w.flipped ? "let f = weight + i * \(s.out.value) + o * \(s.in.value)" : "let f = weight + o * \(s.out.value) + i * \(s.in.value)")
                            for ky in 0..<r {
                                out.declare("let", (0..<r).map { kx in
                                    "w\(ky)_\(kx) = f[\(w.flipped ? r * r - 1 - (ky * r + kx) : ky * r + kx)]"
                                })
                            }
                            // t = G · w (α × r), then U = t · Gᵀ (α × α)
                            for kx in 0..<r {
                                let (lets, t) = transform(m.g, (0..<r).map { "w\($0)_\(kx)" }, prefix: "h\(kx)_", scalar: true)
                                out.declare("let", lets + t.enumerated().map { "t\($0.offset)_\(kx) = \($0.element)" })
                            }
                            for a in 0..<alpha {
                                let (lets, u) = transform(m.g, (0..<r).map { "t\(a)_\($0)" }, prefix: "u\(a)_", scalar: true)
                                out.declare("let", lets)
                                for (b, value) in u.enumerated() {
                                    let xi = a * alpha + b
                                    out.line("target[\(xi == 0 ? "" : "\((xi * w.outChannels * w.inChannels).underscored) + ")o * \(w.inChannels) + i] = \(value)")
                                }
                            }
                        }
                    }
                }
            }
        }
        out.line()
    }

    /// The body of a Winograd convolution of one group, inside its kernel function: reads `source`
    /// (stored with the border its taps need, named `sourceName`), writes through `store(c, y, x,
    /// value)`; `bias` adds the bias vector of each output channel, `activation` applies after it.
    /// With `split`, this part takes its share of the output channel tiles, which the caller has named
    /// `c0..<c1` (`channelRange` with `w.channelTile`).
    func winogradConv(_ w: WinogradConv, source: BufferPlan, sourceName: String, bias: Bool, activation: ActivationKind?,
                      split: Bool, store: @escaping (Affine, Affine, Affine, String) -> String) {
        let m = WinogradMatrices(output: w.output, kernel: w.kernel)
        let alpha = w.alpha, tiles = w.blockTiles, n = w.output
        let vStride = w.inChannels * tiles, mStride = w.outChannels * tiles
        out.comment("""
        Winograd F(\(n)×\(n), \(w.kernel)×\(w.kernel)): each \(n)×\(n) output tile is Aᵀ · [Σ_i U[c, i] ⊙ (Bᵀ · d[i] · B)] · A, \
        d[i] the tile's \(alpha)×\(alpha) window of input channel i and U = G · w · Gᵀ (winograd_weights): \
        \(w.points) products per input channel and tile instead of \(n * n * w.kernel * w.kernel). \
        \(w.rowsPerBlock) row\(w.rowsPerBlock == 1 ? "" : "s") of \(w.tilesX) tiles at a time: V, their transformed inputs \
        (\(w.points), \(w.inChannels), \(tiles)), then M, the products of every output channel (\(w.points), \(w.outChannels), \(tiles)), \
        both in L2.
        """)
        out.comment("Bᵀ = \(matrixText(m.bt)), Aᵀ = \(matrixText(m.at))")
        out.line("let wV = ws.winograd // V: (\(w.points), \(w.inChannels), \(tiles))")
        out.line("let wM = ws.winograd + \(w.transformedVectors.underscored) // M: (\(w.points), \(w.outChannels), \(tiles))")
        out.line("let wU = UnsafePointer(ws.winogradWeights + \(w.weightOffset.underscored)) // U: (\(w.points), \(w.outChannels), \(w.inChannels)) floats")
        constants(m.bt.flatMap { $0 } + m.at.flatMap { $0 }, scalar: false)
        let blocks = w.tilesY / w.rowsPerBlock
        out.loop("by", blocks) { by in
            out.comment("V = Bᵀ · d · B for every input channel and tile of the block")
            out.block("for ci in 0..<\(w.inChannels)") {
                let ci = Affine("ci")
                out.loop("ry", w.rowsPerBlock) { ry in
                    out.block("for tx in 0..<\(w.tilesX)") {
                        let tx = Affine("tx")
                        let y = by * (n * w.rowsPerBlock) + ry * n
                        out.line("let d = \(source.storedIndex(ci, y, tx * n).offsetting(sourceName))")
                        for k in 0..<alpha {
                            out.declare("let", (0..<alpha).map { j in "d\(k)_\(j) = \((Affine(k) * source.rowStride + j).subscripting("d"))" })
                        }
                        for j in 0..<alpha {
                            let (lets, e) = transform(m.bt, (0..<alpha).map { "d\($0)_\(j)" }, prefix: "a\(j)_", scalar: false)
                            out.declare("let", lets + e.enumerated().map { "e\($0.offset)_\(j) = \($0.element)" })
                        }
                        out.line("let v = \((ci * tiles + ry * w.tilesX + tx).offsetting("wV"))")
                        for i in 0..<alpha {
                            let (lets, values) = transform(m.bt, (0..<alpha).map { "e\(i)_\($0)" }, prefix: "b\(i)_", scalar: false)
                            out.declare("let", lets)
                            for (j, value) in values.enumerated() {
                                out.line("v[\(((i * alpha + j) * vStride).underscored)] = \(value)")
                            }
                        }
                    }
                }
            }
            out.comment("M = U ⊙ V summed over the input channels, \(w.channelTile) output channels × \(w.tileColumns) tiles at a time; each point's V (\(vStride.underscored) vectors) stays in L1 for every channel\(split ? " of this part's share" : "")")
            out.block("for xi in 0..<\(w.points)") {
                out.line("let v = wV + xi * \(vStride.underscored)")
                out.line("let m = wM + xi * \(mStride.underscored)")
                out.splitTiles(split, "co", extent: w.outChannels, tile: w.channelTile) { co, cb in
                    out.line("let taps = wU + (xi * \(w.outChannels)\(co == Affine(0) ? "" : " + \(co)")) * \(w.inChannels) // U[xi, co, 0]")
                    out.tiles("t", extent: tiles, tile: w.tileColumns) { t, xb in
                        out.block("do") {
                            for c in 0..<cb { out.declare("var", (0..<xb).map { "s\(c)_\($0) = V()" }) }
                            out.block("for ci in 0..<\(w.inChannels)") {
                                out.line("let row = \((Affine("ci") * tiles + t).offsetting("v"))")
                                tap(cb: cb, xb: xb, input: { Affine($0) }, weight: { Affine("ci") + $0 * w.inChannels })
                            }
                            for c in 0..<cb {
                                for x in 0..<xb { out.line("m[\(co * tiles + t + (c * tiles + x))] = s\(c)_\(x)") }
                            }
                        }
                    }
                }
            }
            out.comment("Y = Aᵀ · M · A\(bias ? ", plus the bias" : "")\(activation.map { ", then \($0.rawValue)" } ?? ""), stored")
            out.channelLoop("c", w.outChannels, split ? "c0..<c1" : nil) { c in
                if bias { out.line("let b = V(repeating: bias[\(c)])") }
                out.loop("ry", w.rowsPerBlock) { ry in
                    out.block("for tx in 0..<\(w.tilesX)") {
                        let tx = Affine("tx")
                        out.line("let p = \((c * tiles + ry * w.tilesX + tx).offsetting("wM"))")
                        for i in 0..<alpha {
                            out.declare("let", (0..<alpha).map { j in "m\(i)_\(j) = p[\(((i * alpha + j) * mStride).underscored)]" })
                        }
                        for j in 0..<alpha {
                            let (lets, z) = transform(m.at, (0..<alpha).map { "m\($0)_\(j)" }, prefix: "q\(j)_", scalar: false)
                            out.declare("let", lets + z.enumerated().map { "z\($0.offset)_\(j) = \($0.element)" })
                        }
                        let y = by * (n * w.rowsPerBlock) + ry * n
                        for a in 0..<n {
                            let (lets, values) = transform(m.at, (0..<alpha).map { "z\(a)_\($0)" }, prefix: "y\(a)_", scalar: false)
                            out.declare("let", lets)
                            for b in 0..<n {
                                var value = values[b]
                                if bias { value = "(\(value)) + b" }
                                if let activation { value = MathText.apply(activation, value) }
                                out.line(store(c, y + a, tx * n + b, value))
                            }
                        }
                    }
                }
            }
        }
    }

    /// `let k4 = V(repeating: 4), …` for the magnitudes other than 0 and 1 among `values` (or
    /// `let g0_25: Float = 0.25, …` with `scalar`), so that no expression mixes literals with
    /// operators (which the type checker takes long over).
    private func constants(_ values: [Double], scalar: Bool) {
        let magnitudes = Set(values.map { abs($0) }).filter { $0 != 0 && $0 != 1 }.sorted()
        guard !magnitudes.isEmpty else { return }
        out.declare("let", magnitudes.map { k in
            scalar ? "\(constantName(k, scalar: true)): Float = \(Float(k))" : "\(constantName(k, scalar: false)) = V(repeating: \(Float(k)))"
        })
    }

    /// `k4` (a vector of 4s) or `g0_16666667` (a Float), for a magnitude.
    private func constantName(_ k: Double, scalar: Bool) -> String {
        (scalar ? "g" : "k") + (k == k.rounded() ? "\(Int(k))" : "\(Float(k))".replacingOccurrences(of: ".", with: "_"))
    }

    /// One 1-D transform y = T · x of named values: the `let` lines of the sums its outputs share,
    /// then the outputs' expressions. Two inputs whose columns of T agree up to sign in every row (the
    /// points p and −p of Aᵀ) are added and subtracted once, c·x1 ± c·x2 = c·(x1 ± x2); two rows that
    /// agree on some inputs and are opposite on the others (the points p and −p of Bᵀ and G) share
    /// both partial sums, row1 = P + Q and row2 = P − Q. That halves F(4×4, 3×3)'s and F(2×2, 5×5)'s
    /// transforms (Bᵀ: 28 operations a column down to 13). `prefix` names the shared sums.
    private func transform(_ t: [[Double]], _ x: [String], prefix: String, scalar: Bool) -> (lets: [String], outputs: [String]) {
        var lets: [String] = []
        func shared(_ expression: String) -> String {
            if expression.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { return expression }
            let name = "\(prefix)\(lets.count)"
            lets.append("\(name) = \(expression)")
            return name
        }
        // Column pairs: rows see x1 + x2 or x1 − x2.
        var columns: [[Double]] = [], names: [String] = []
        var paired = Set<Int>()
        for j1 in x.indices where !paired.contains(j1) {
            let partner = x.indices.first { j2 in
                j2 > j1 && !paired.contains(j2)
                    && t.allSatisfy { $0[j2] == $0[j1] || $0[j2] == -$0[j1] }
                    && t.contains { $0[j1] != 0 && $0[j2] == $0[j1] } && t.contains { $0[j1] != 0 && $0[j2] == -$0[j1] }
            }
            if let j2 = partner {
                paired.insert(j2)
                names += [shared("\(x[j1]) + \(x[j2])"), shared("\(x[j1]) - \(x[j2])")]
                columns += [t.map { $0[j1] != 0 && $0[j2] == $0[j1] ? $0[j1] : 0 },
                            t.map { $0[j1] != 0 && $0[j2] == -$0[j1] ? $0[j1] : 0 }]
            } else {
                names.append(x[j1])
                columns.append(t.map { $0[j1] })
            }
        }
        let rows = t.indices.map { i in columns.map { $0[i] } }
        // Row pairs: P + Q and P − Q.
        var outputs = [String?](repeating: nil, count: rows.count)
        for i1 in rows.indices where outputs[i1] == nil {
            let r1 = rows[i1]
            let partner = rows.indices.first { i2 in
                i2 > i1 && outputs[i2] == nil
                    && zip(r1, rows[i2]).allSatisfy { $0 == $1 || $0 == -$1 }
                    && zip(r1, rows[i2]).contains { $0 != 0 && $0 == $1 } && zip(r1, rows[i2]).contains { $0 != 0 && $0 == -$1 }
            }
            if let i2 = partner {
                let p = shared(linear(zip(r1, rows[i2]).map { $0 == $1 ? $0 : 0 }, names, scalar: scalar))
                let q = shared(linear(zip(r1, rows[i2]).map { $0 == -$1 ? $0 : 0 }, names, scalar: scalar))
                outputs[i1] = "\(p) + \(q)"
                outputs[i2] = "\(p) - \(q)"
            } else {
                outputs[i1] = linear(r1, names, scalar: scalar)
            }
        }
        return (lets, outputs.map { $0! })
    }

    /// `a - b + k4 * c`, as FMAs past the first term: Σ_j coefficients[j] · names[j] over the nonzero
    /// coefficients.
    private func linear(_ coefficients: [Double], _ names: [String], scalar: Bool) -> String {
        var text = ""
        for (c, name) in zip(coefficients, names) where abs(c) == 1 {
            text += text.isEmpty ? (c < 0 ? "-\(name)" : name) : (c < 0 ? " - " : " + ") + name
        }
        for (c, name) in zip(coefficients, names) where c != 0 && abs(c) != 1 {
            let k = (c < 0 ? "-" : "") + constantName(abs(c), scalar: scalar)
            let operand = text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? text : "(\(text))"
            text = text.isEmpty ? "\(k) * \(name)" : "\(operand).addingProduct(\(k), \(name))"
        }
        return text.isEmpty ? (scalar ? "Float(0)" : "V()") : text
    }

    /// `[[1, 0, -1, 0], [0, 1, 1, 0], …]`.
    private func matrixText(_ m: [[Double]]) -> String {
        "[" + m.map { "[" + $0.map { $0 == $0.rounded() ? "\(Int($0))" : "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
    }
}

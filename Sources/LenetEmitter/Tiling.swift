import LenetModel

/// Chooses register tiles for the convolution kernels with a small cost model of an AVX2+FMA core:
/// two FMAs and two vector loads per cycle, four cycles of FMA latency, and 16 vector registers: at
/// most 12 accumulators, and accumulators plus the operands a step keeps live must fit, or the
/// compiler spills them to the stack (measured: a 3×4 forward tile that needs 17 registers runs 35%
/// slower than a 6×2 one that needs 15). Two loads, not three: Zen 4's L1 serves two 256-bit loads a
/// cycle. With three the model picked 11 channels × 1 column for tf-deep-mnist's 64-filter weight
/// gradient (12 loads per 11 FMAs), which measured twice as slow as its input gradient of equal FLOPs;
/// with two it picks 2 × 5 (7 loads per 10 FMAs) and the whole step runs 20% faster (1,080 against
/// 880 examples per CPU-second, Benchmarks/trainstep.sh, 1 thread); LeNet's tiles do not change.
/// A tile that does not divide a dimension leaves a remainder tile, which the renderer emits as its
/// own, smaller copy of the loop body.
enum Tiling {
    static let maxAccumulators = 12
    static let registers = 16
    static let fmaPerCycle = 2.0
    static let loadsPerCycle = 2.0
    static let fmaLatency = 4.0

    /// Sizes of the full tiles and the remainder (0 when the tile divides `extent`).
    static func split(_ extent: Int, by tile: Int) -> [(size: Int, count: Int)] {
        var parts = [(size: tile, count: extent / tile)]
        if extent % tile != 0 { parts.append((extent % tile, 1)) }
        return parts.filter { $0.count > 0 }
    }

    static func cycles(fmas: Double, loads: Double, chain: Double) -> Double {
        max(fmas / fmaPerCycle, loads / loadsPerCycle, chain * fmaLatency)
    }

    static func choose(_ g: ConvGeometry) -> ConvTiles {
        let (fc, fx) = forward(g)
        let (wc, wx) = weight(g)
        let (ic, ix, ik) = input(g)
        let (gc, gx) = g.strideH == 1 && g.strideW == 1 ? forward(flipped(g)) : (1, 1)
        return ConvTiles(forwardChannels: fc, forwardColumns: fx, weightChannels: wc, weightColumns: wx,
                         inputChannels: ic, inputColumns: ix, inputKernelColumns: ik,
                         gatherChannels: gc, gatherColumns: gx)
    }

    /// The convolution whose forward pass is `g`'s input gradient (stride 1): din[i, y, x] =
    /// Σ_c,ky,kx w[c, i, ky, kx] · dout[c, y + ph − ky, x + pw − kx] reads the output gradient,
    /// bordered by kh − 1 − ph rows and kw − 1 − pw columns of zeros, with the kernel flipped and its
    /// channel axes swapped: g.outChannels channels in, g.inChannels out, the input's h × w out.
    static func flipped(_ g: ConvGeometry) -> ConvGeometry {
        let (bh, bw) = (g.kernelH - 1 - g.padH, g.kernelW - 1 - g.padW)
        return ConvGeometry(inChannels: g.outChannels, height: g.outHeight, width: g.outWidth, outChannels: g.inChannels,
                            kernel: (g.kernelH, g.kernelW), padding: (bh, bw))
    }

    /// Most multiply-adds a gathered input gradient may spend, relative to a scattered one, and still
    /// be chosen. Gathering computes every input position from every tap, so it also multiplies the
    /// zeros of the border: h·w / (oh·ow) times the scatter's work (1 for `same` padding, 1.17 for
    /// torch-mnist's 26×26 → 24×24, 1.96 for LeNet's 14×14 → 10×10). In exchange its tiles are the
    /// forward pass's: one FMA per accumulator per tap and no read-modify-write of the gradient,
    /// where a scatter tile's positions take several FMAs per output channel in a chain and its
    /// rows are added to memory. Measured (`--profile --threads 1`, backward of the block per batch):
    /// torch-mnist's conv 32→64, 3×3 31.2 → 22.3 ms (the input gradient 18 → 10 ms).
    static let gatherWorkLimit = 1.5

    /// Whether `g`'s input gradient is gathered (stride 1, and the border's wasted work small enough).
    static func gathers(_ g: ConvGeometry) -> Bool {
        g.strideH == 1 && g.strideW == 1 && Double(g.height * g.width) <= gatherWorkLimit * Double(g.outHeight * g.outWidth)
    }

    /// Forward: a tile of cb output channels × xb output columns; per kernel tap, cb weight
    /// broadcasts and the distinct input vectors, one FMA per accumulator.
    static func forward(_ g: ConvGeometry) -> (Int, Int) {
        var best = (1, 1), bestCost = Double.infinity
        for cb in 1...min(g.outChannels, maxAccumulators) {
            // Live per tap: the accumulators, the tile's input vectors and one weight broadcast, with
            // one register to spare: a tile that needs all 16 is spilled too. Measured on torch-mnist's
            // conv 32→64, 3×3 (`--profile --threads 1`, forward per batch of 64): 4 channels × 3
            // columns (16 registers) 30.0 ms, 3 × 4 (16) 24.4 ms, 2 × 6 (15, but 8 loads a tap) 31.3 ms,
            // 6 × 2 (15) 12.7 ms.
            for xb in 1...min(g.outWidth, maxAccumulators) where cb * xb <= maxAccumulators && cb * xb + xb + 1 <= registers - 1 {
                var cost = 0.0
                for c in split(g.outChannels, by: cb) {
                    for x in split(g.outWidth, by: xb) {
                        // Inputs of one kernel row: the columns the tile's windows touch, loaded once.
                        let span = Double((x.size - 1) * g.strideW + g.kernelW)
                        let loadsPerTap = Double(c.size) + span / Double(g.kernelW)
                        let perTap = cycles(fmas: Double(c.size * x.size), loads: loadsPerTap, chain: 1)
                        let tiles = Double(c.count * x.count * g.outHeight)
                        cost += tiles * (perTap * Double(g.inChannels * g.kernelH * g.kernelW) + Double(c.size * x.size) * 2 + 8)
                    }
                }
                if cost < bestCost { bestCost = cost; best = (cb, xb) }
            }
        }
        return best
    }

    /// Weight gradient: a tile of cb output channels × kb kernel columns, summed over every output
    /// position; per position, cb output-gradient loads and kb input loads.
    static func weight(_ g: ConvGeometry) -> (Int, Int) {
        weightTile(g, channels: g.outChannels, storeCost: 3)
    }

    /// The weight-gradient tile over `channels` (output channels, or vectors of 8 of them) × the
    /// kernel columns, each accumulator then stored at `storeCost` cycles: one add into a lane
    /// accumulator (3), or 8 scalar adds (16).
    static func weightTile(_ g: ConvGeometry, channels: Int, storeCost: Double) -> (Int, Int) {
        var best = (1, 1), bestCost = Double.infinity
        for cb in 1...min(channels, maxAccumulators) {
            // Live per position: the accumulators, one operand set, and one of the other.
            for kb in 1...min(g.kernelW, maxAccumulators) where cb * kb <= maxAccumulators && cb * kb + min(cb, kb) + 1 <= registers {
                var cost = 0.0
                for c in split(channels, by: cb) {
                    for k in split(g.kernelW, by: kb) {
                        let perPosition = cycles(fmas: Double(c.size * k.size), loads: Double(c.size + k.size), chain: 1)
                        let tiles = Double(c.count * k.count * g.inChannels * g.kernelH)
                        cost += tiles * (perPosition * Double(g.outHeight * g.outWidth) + Double(c.size * k.size) * storeCost + 8)
                    }
                }
                if cost < bestCost { bestCost = cost; best = (cb, kb) }
            }
        }
        return best
    }

    /// Columns of a scatter tile's input-gradient row touched by xb outputs × kb kernel columns.
    static func scatterPositions(columns xb: Int, kernel kb: Int, stride sw: Int) -> [Int] {
        var seen = Set<Int>()
        for x in 0..<xb { for k in 0..<kb { seen.insert(x * sw + k) } }
        return seen.sorted()
    }

    /// Input gradient (scatter): a tile of cb input channels × the row segment that xb output
    /// columns and kb kernel columns touch, summed over output channels; per output channel, xb
    /// output-gradient loads and cb·kb weight broadcasts. A segment position receiving several
    /// FMAs per output channel forms a dependency chain.
    static func input(_ g: ConvGeometry) -> (Int, Int, Int) {
        var best = (1, 1, 1), bestCost = Double.infinity
        for cb in 1...min(g.inChannels, maxAccumulators) {
            for xb in 1...min(g.outWidth, maxAccumulators) {
                for kb in 1...min(g.kernelW, maxAccumulators) {
                    // Live per output channel: the accumulators, xb output gradients, one weight broadcast.
                    let segment = scatterPositions(columns: xb, kernel: kb, stride: g.strideW).count
                    guard cb * segment <= maxAccumulators, cb * segment + xb + 1 <= registers else { continue }
                    var cost = 0.0
                    for c in split(g.inChannels, by: cb) {
                        for x in split(g.outWidth, by: xb) {
                            for k in split(g.kernelW, by: kb) {
                                let positions = scatterPositions(columns: x.size, kernel: k.size, stride: g.strideW)
                                var hits = [Int: Int]()
                                for xx in 0..<x.size { for kk in 0..<k.size { hits[xx * g.strideW + kk, default: 0] += 1 } }
                                let chain = Double(hits.values.max() ?? 1)
                                let perChannel = cycles(fmas: Double(c.size * x.size * k.size),
                                                        loads: Double(x.size + c.size * k.size), chain: chain)
                                let tiles = Double(c.count * x.count * k.count * g.outHeight * g.kernelH)
                                cost += tiles * (perChannel * Double(g.outChannels) + Double(c.size * positions.count) * 3 + 8)
                            }
                        }
                    }
                    if cost < bestCost { bestCost = cost; best = (cb, xb, kb) }
                }
            }
        }
        return best
    }

    /// The most examples a batch's last group may hold for a channel-split conv block to run it with
    /// its short-group kernels (`shortGroup`) instead of its lane kernels, which cost a whole group's
    /// work however few lanes are used. A short-group kernel is less efficient per example: its
    /// inputs are broadcasts from one lane of the group's buffers, a stride of 32 bytes, and each
    /// accumulator ends in 8 scalar stores. Measured on tf-deep-mnist's conv 32→64, 5×5 (`--profile
    /// --threads 2 --batch 48 … 53`, per batch; 6 full groups cost 4.2 ms forward, 8.7 backward, a
    /// seventh full group 0.8 and 1.6 more): a last group of 2 added 0.26 and 0.5 ms, of 3 0.33-0.5
    /// and 0.8-1.5, of 4 0.65 and 1.4-1.7, about even with the lane kernels.
    static let shortGroupExamples = 3

    /// Kernel taps (input channels × kernel size) a conv needs for short-group kernels: a tile's
    /// accumulators take one FMA per tap and then 8 stores each, so few taps leave the stores to
    /// dominate. tf-deep-mnist's first conv (1 channel, 5×5: 25 taps) ran slower with them (forward
    /// 0.38 → 0.48 ms a batch with a last group of 2), its second (800 taps) faster.
    static let shortGroupTaps = 200

    /// The short-group kernels' tiles for `g`, if the block gets them: its channel-split stage runs
    /// every group of the batch (`splitsChannels`), the batch of `batch` examples ends in a group of
    /// 1 to `shortGroupExamples`, the conv has `shortGroupTaps` taps, and the channels the kernels put
    /// in vectors are whole vectors (the output channels; for the input gradient, which must be
    /// gathered, the input channels). Each kernel computes one example at a time: a tile of v vectors
    /// of 8 channels × p columns takes, per tap, v weight-vector loads and p input broadcasts for
    /// v·p FMAs, the lane kernels' tile with the roles of weights and inputs swapped.
    static func shortGroup(_ g: ConvGeometry, batch: Int, splitsChannels: Bool, inputGradient: Bool,
                           gathers: Bool) -> ShortGroupTiles? {
        let last = batch % 8
        guard splitsChannels, (1...shortGroupExamples).contains(last), g.outChannels % 8 == 0,
              g.inChannels * g.kernelH * g.kernelW >= shortGroupTaps,
              !inputGradient || (gathers && g.inChannels % 8 == 0) else { return nil }
        let taps = g.kernelH * g.kernelW
        let (fv, fp) = shortTile(vectors: g.outChannels / 8, columns: g.outWidth, taps: g.inChannels * taps)
        let (iv, ip) = inputGradient ? shortTile(vectors: g.inChannels / 8, columns: g.width, taps: g.outChannels * taps) : (0, 0)
        // Weight gradient: v vectors of output-channel gradients × kb input broadcasts per position.
        let best = weightTile(g, channels: g.outChannels / 8, storeCost: 16)
        return ShortGroupTiles(forwardVectors: fv, forwardColumns: fp, weightVectors: best.0, weightColumns: best.1,
                               inputVectors: iv, inputColumns: ip)
    }

    /// A short-group convolution tile: v channel vectors × p output columns, summed over every tap;
    /// live per tap the accumulators, the v weight vectors and one broadcast, one register spare;
    /// each accumulator then stored as 8 scalars (one per channel).
    static func shortTile(vectors: Int, columns: Int, taps: Int) -> (Int, Int) {
        var best = (1, 1), bestCost = Double.infinity
        for v in 1...min(vectors, maxAccumulators) {
            for p in 1...min(columns, maxAccumulators) where v * p <= maxAccumulators && v * p + v + 1 <= registers - 1 {
                var cost = 0.0
                for c in split(vectors, by: v) {
                    for x in split(columns, by: p) {
                        let perTap = cycles(fmas: Double(c.size * x.size), loads: Double(c.size + x.size), chain: 1)
                        cost += Double(c.count * x.count) * (perTap * Double(taps) + Double(c.size * x.size) * 8)
                    }
                }
                if cost < bestCost { bestCost = cost; best = (v, p) }
            }
        }
        return best
    }

    /// Dense kernels: forward and input gradient stream one operand vector against up to 12 broadcast
    /// weights (12 accumulators, one vector, one broadcast: 14 registers); the weight gradient keeps
    /// 4 outputs × 3 input vectors (12 accumulators, 3 vectors, one broadcast: 16).
    static func dense(_ g: DenseGeometry) -> DenseTiles {
        DenseTiles(forwardOutputs: min(maxAccumulators, g.outputs), inputInputs: min(maxAccumulators, g.inputs),
                   weightOutputs: min(4, g.outputs), weightVectors: min(3, g.paddedInputs / 8))
    }

    /// Weights (bytes) above which a dense layer runs batched. A lane block reads its whole weight
    /// matrix once per group of 8 examples in forward, again for the input gradient, and reads and
    /// writes a weight-sized gradient accumulator per chunk of groups; while the matrix sits in the
    /// caches (1 MiB of L2 a core, 32 MiB of L3 on this Zen 4) that costs little, but a matrix of
    /// many MiB comes from memory for every group. A batched block reads each weight once per tile of
    /// 24 examples (forward, input gradient) and forms the weight gradient once per batch with no
    /// accumulator copies, at the price of leaving the group's fused pass (its operands come from
    /// the batch arena, not L1). Measured (Benchmarks/trainstep.sh, 1 thread, examples per
    /// CPU-second): tf-deep-mnist's 3136×1024 dense layer (12.8 MB) 776 in lanes, 892 batched;
    /// caffe-lenet's 800×500 (1.6 MB) 7,610 in lanes, 7,302 batched. The threshold sits between.
    static let batchedDenseBytes = 4 * 1024 * 1024

    /// Whether a dense layer runs batched (see `batchedDenseBytes`).
    static func batched(_ g: DenseGeometry) -> Bool { g.inputs * g.outputs * 4 > batchedDenseBytes }

    /// L2 bytes a batched kernel may fill with the batch's operands of one block of its sum: every
    /// group's inputs of a block of `inputBlock` inputs (forward), every group's output gradients of
    /// a block of `outputBlock` outputs (input gradient); what a register tile re-reads for each of
    /// its neighbours then comes from L2, not memory.
    static let batchedBlockBytes = 384 * 1024

    /// Tiles of a batched dense block for batches of up to `maxBatch` examples: 4 outputs × 3 groups
    /// (forward, input gradient: 3 vector loads and 4 broadcasts per 12 FMAs, 16 registers) and
    /// 4 outputs × 3 input vectors (weight gradient); the sums blocked to `batchedBlockBytes`.
    static func batchedDense(_ g: DenseGeometry, maxBatch: Int) -> DenseTiles {
        let groups = max(1, (maxBatch + 7) / 8)
        func block(_ extent: Int) -> Int {
            let fit = batchedBlockBytes / (groups * 32)
            return fit >= extent ? extent : max(8, fit / 8 * 8)
        }
        var tiles = dense(g)
        tiles.forwardOutputs = min(4, g.outputs)
        tiles.inputInputs = min(4, g.inputs)
        tiles.groups = 3
        tiles.inputBlock = block(g.inputs)
        tiles.outputBlock = block(g.outputs)
        tiles.inputRowBlock = batchedInputRows
        return tiles
    }

    /// Rows of W that a batched input-gradient tile (4 inputs × 3 groups) sums before the next
    /// group tile takes the same rows. dx[n, i] = Σ_j W[j, i] · dz[n, j] walks down a column strip of
    /// W, whose rows lie `inputs` floats apart: for torch-mnist's 9216 inputs, 36,864 bytes, a
    /// multiple of 4 KiB, so all 128 rows fall in one set of the 12-way L1 and each group tile fetched
    /// the strip from L2 again. In blocks of 8 rows the strip stays in L1 for every group tile (the
    /// partial sums wait in dx, the order of the sum unchanged). Measured (`--profile --threads 1`,
    /// the block's backward, five alternating runs): torch-mnist 5.27 → 4.72 ms a batch (12 rows:
    /// 4.63, within noise), tf-deep-mnist (3136 inputs) 7.89 → 7.3.
    static let batchedInputRows = 8
}

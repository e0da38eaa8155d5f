// tf-deep-mnist: Network.swift, the network of Specs/tf-deep-mnist.yaml specialised by `lenetc emit`.
// Generated; do not edit (run `lenetc emit Specs/tf-deep-mnist.yaml` again instead).
//
//    #  layer                           output       params        MACs
//   --  ------------------------------  --------  ---------  ----------
//       input                           1×28×28
//    0  conv 32, 5×5, padding same (2)  32×28×28        832     627,200
//    1  relu                            32×28×28          0           0
//    2  maxpool 2×2, stride 2           32×14×14          0           0
//    3  conv 64, 5×5, padding same (2)  64×14×14     51,264  10,035,200
//    4  relu                            64×14×14          0           0
//    5  maxpool 2×2, stride 2           64×7×7            0           0
//    6  flatten                         3136              0           0
//    7  dense 1024                      1024      3,212,288   3,211,264
//    8  relu                            1024              0           0
//    9  dropout 0.5                     1024              0           0
//   10  dense 10                        10           10,250      10,240
//   parameters:        3,274,634 (12.5 MiB as float32)
//   MACs per example:  13,883,904 forward, 41,024,512 training (forward + backward)
//   activations:       88,538 floats (345.9 KiB) per example
//   spatial chain:     28→28→14→14→7
//
// Blocks, forward in this order and backward in reverse:
//   conv0_relu1_maxpool2   conv 32, 5×5, padding same (2) → relu → maxpool 2×2, stride 2
//   conv3_relu4_maxpool5   conv 64, 5×5, padding same (2) → relu → maxpool 2×2, stride 2 (Winograd: forward F(2×2, 5×5), input gradient F(2×2, 5×5))
//   dense7_relu8           dense 1024 → relu
//   dropout9               dropout 0.5
//   dense10                dense 10
//   softmax_cross_entropy  mean over the batch; its gradient goes straight into dense10's backward
//
// Layout: examples go through the network in groups of 8, one example per SIMD lane, so every operation is a
// whole SIMD8<Float> whatever the layer sizes. A buffer holds one group; L below is its 8 lanes, one example
// each (N is a whole batch, in groups side by side). Value (c, y, x) of lane l is at float ((c·Hs + y +
// pad)·Ws + x + pad)·8 + l, where Hs×Ws is the stored size: a buffer read by a padded conv or pool keeps the
// padding around its values, so kernels never test bounds.
// Threads: trainStep cuts a batch's groups into chunks (GroupChunks: by the batch size alone) that the
// threads take in turn, so a thread slowed by other work hands the rest to the others. Each chunk sums its
// gradients in its own accumulators (one vector per conv weight and bias, lanes kept apart); the chunks are
// then added in chunk order, so the numbers depend on the batch, never on the thread count or on which thread
// ran which chunk.
//
// Stages (a dense layer too big to stream once per group runs batched; see the emitter's Tiling): batched and
// channel-split stages run on the whole batch, each thread taking a share of the outputs or channels (never
// of a sum), so they too give the same numbers on any number of threads. A channel-split block's gradients
// are summed in the first chunk's accumulators only. Blocks marked (short) run a batch's last group, when it
// holds at most 3 examples, in kernels (`_short`) that take one example at a time with 8 channels to a
// vector.
//   stage 1 of 4, every group, its channels split between the threads: conv0_relu1_maxpool2
//   stage 2 of 4, every group, its channels split between the threads: conv3_relu4_maxpool5 (short)
//   stage 3 of 4, the whole batch, its work split between the threads: dense7_relu8
//   stage 4 of 4, group by group, through the loss: dropout9, dense10

import Dispatch
import Foundation
import LenetRuntime

private typealias V = SIMD8<Float> // one value of each of the 8 examples of a group
private typealias VI = SIMD8<Int32>

/// Offsets (in floats) of the parameters in the arena: PyTorch's order and layout (row-major, NCHW).
private enum Arena {
    static let w0  = 0 // 0.weight (32, 1, 5, 5)
    static let b0  = 800 // 0.bias (32)
    static let w3  = 832 // 3.weight (64, 32, 5, 5)
    static let b3  = 52_032 // 3.bias (64)
    static let w7  = 52_096 // 7.weight (1024, 3136)
    static let b7  = 3_263_360 // 7.bias (1024)
    static let w10 = 3_264_384 // 10.weight (10, 1024)
    static let b10 = 3_274_624 // 10.bias (10)
    static let count = 3_274_634
}

/// Offsets (in vectors) of each parameter's gradient accumulator in a chunk's accumulator arena.
private enum Acc {
    static let w0  = 0 // 0.weight: one vector per value, in the first chunk only (its block is channel-split)
    static let b0  = 800 // 0.bias: one vector per value, in the first chunk only (its block is channel-split)
    static let w3  = 832 // 3.weight: one vector per value, in the first chunk only (its block is channel-split)
    static let b3  = 52_032 // 3.bias: one vector per value, in the first chunk only (its block is channel-split)
    // 7.weight: none; its batched block writes the gradient arena itself
    // 7.bias: none; its batched block writes the gradient arena itself
    static let w10 = 52_096 // 10.weight: 10 rows of 1024 floats, lanes already summed
    static let b10 = 53_376 // 10.bias: one vector per value (lanes summed at the end of the step)
    static let otherChunks = 52_096 // where the other chunks' accumulators start
    static let count = 53_386
}

/// One thread's buffers for one group of 8 examples (L = the 8 lanes), carved out of one allocation; the
/// buffers that cross stages point into `Batch`, at the group `at(_:_:)` names.
private struct Workspace {
    let out1: UnsafeMutablePointer<V> // (L, 32, 28, 28)
    let dout1: UnsafeMutablePointer<V> // gradient of out1
    let out4: UnsafeMutablePointer<V> // (L, 64, 14, 14), stored 18×18 with a zero border
    let out9: UnsafeMutablePointer<V> // (L, 1024)
    let dout9: UnsafeMutablePointer<V> // gradient of out9
    let out10: UnsafeMutablePointer<V> // (L, 10)
    let dout10: UnsafeMutablePointer<V> // gradient of out10
    let scratch: UnsafeMutablePointer<V> // (8, 1024): a dense input transposed for its weight gradient
    let winograd: UnsafeMutablePointer<V> // a Winograd convolution's transformed inputs and products
    var input: UnsafeMutablePointer<V> // (L, 1, 28, 28), stored 32×32 with a zero border: one group of Batch's
    var out2: UnsafeMutablePointer<V> // (L, 32, 14, 14), stored 18×18 with a zero border: one group of Batch's
    var dout2: UnsafeMutablePointer<V> // gradient of out2: one group of Batch's
    var dout4: UnsafeMutablePointer<V> // gradient of out4: one group of Batch's
    var out5: UnsafeMutablePointer<V> // (L, 64, 7, 7): one group of Batch's
    var dout5: UnsafeMutablePointer<V> // gradient of out5: one group of Batch's
    var out8: UnsafeMutablePointer<V> // (L, 1024): one group of Batch's
    var dout8: UnsafeMutablePointer<V> // gradient of out8: one group of Batch's
    var argmax2: UnsafeMutablePointer<VI> // which window element won each max: one group of Batch's
    var argmax5: UnsafeMutablePointer<VI> // which window element won each max: one group of Batch's
    var mask0: UnsafePointer<V> // (L, 1024): this group's dropout mask (rate 0.5)
    let winogradWeights: UnsafeMutablePointer<Float> // every Winograd convolution's U, shared by the threads (winograd_weights)
    static let vectors = 98_196

    /// Takes `vectors` vectors at `memory`: zeros everywhere, −∞ in the borders that max pooling reads.
    init(_ memory: UnsafeMutablePointer<V>, _ batch: Batch, _ winogradWeights: UnsafeMutablePointer<Float>) {
        memory.initialize(repeating: V(), count: Self.vectors)
        self.winogradWeights = winogradWeights
        out1 = memory
        dout1 = memory + 25088
        out4 = memory + 50176
        out9 = memory + 70912
        dout9 = memory + 71936
        out10 = memory + 72960
        dout10 = memory + 72970
        scratch = memory + 72980
        winograd = memory + 74004
        input = batch.input
        out2 = batch.out2
        dout2 = batch.dout2
        dout4 = batch.dout4
        out5 = batch.out5
        dout5 = batch.dout5
        out8 = batch.out8
        dout8 = batch.dout8
        argmax2 = batch.argmax2
        argmax5 = batch.argmax5
        mask0 = UnsafePointer(memory)
    }

    /// This workspace with its batch buffers at group `g`.
    func at(_ g: Int, _ batch: Batch) -> Workspace {
        var ws = self
        ws.input = batch.input + g * 1024
        ws.out2 = batch.out2 + g * 10368
        ws.dout2 = batch.dout2 + g * 10368
        ws.dout4 = batch.dout4 + g * 20736
        ws.out5 = batch.out5 + g * 3136
        ws.dout5 = batch.dout5 + g * 3136
        ws.out8 = batch.out8 + g * 1024
        ws.dout8 = batch.dout8 + g * 1024
        ws.argmax2 = batch.argmax2 + g * 6272
        ws.argmax5 = batch.argmax5 + g * 3136
        return ws
    }
}

/// The values that cross stages, every group of the batch side by side (N = the batch's examples in groups of
/// 8; group g of a buffer starts g times its per-group size in), and the batched blocks' transposed rows.
private struct Batch {
    let input: UnsafeMutablePointer<V> // (L, 1, 28, 28), stored 32×32 with a zero border
    let out2: UnsafeMutablePointer<V> // (L, 32, 14, 14), stored 18×18 with a zero border
    let dout2: UnsafeMutablePointer<V> // gradient of out2
    let dout4: UnsafeMutablePointer<V> // gradient of out4
    let out5: UnsafeMutablePointer<V> // (L, 64, 7, 7)
    let dout5: UnsafeMutablePointer<V> // gradient of out5
    let out8: UnsafeMutablePointer<V> // (L, 1024)
    let dout8: UnsafeMutablePointer<V> // gradient of out8
    let argmax2: UnsafeMutablePointer<VI> // which window element won each max
    let argmax5: UnsafeMutablePointer<VI> // which window element won each max
    let xT7: UnsafeMutablePointer<Float> // (N, 3136): dense7_relu8's input, one row per example, for its weight gradient
    let dzT7: UnsafeMutablePointer<Float> // (1024, N): dense7_relu8's pre-activation gradient, one row per output

    /// Vectors for `groups` groups.
    static func vectors(groups: Int) -> Int {
        groups * 64_384
    }

    /// Takes `vectors(groups:)` vectors at `memory`: zeros everywhere, −∞ in the borders that max pooling
    /// reads.
    init(_ memory: UnsafeMutablePointer<V>, groups: Int) {
        memory.initialize(repeating: V(), count: Self.vectors(groups: groups))
        var next = memory
        input = next
        next += groups * 1024
        out2 = next
        next += groups * 10368
        dout2 = next
        next += groups * 10368
        dout4 = next
        next += groups * 20736
        out5 = next
        next += groups * 3136
        dout5 = next
        next += groups * 3136
        out8 = next
        next += groups * 1024
        dout8 = next
        next += groups * 1024
        argmax2 = UnsafeMutableRawPointer(next).bindMemory(to: VI.self, capacity: groups * 6272)
        next += groups * 6272
        argmax5 = UnsafeMutableRawPointer(next).bindMemory(to: VI.self, capacity: groups * 3136)
        next += groups * 3136
        xT7 = UnsafeMutableRawPointer(next).bindMemory(to: Float.self, capacity: groups * 25088)
        next += groups * 3136
        dzT7 = UnsafeMutableRawPointer(next).bindMemory(to: Float.self, capacity: groups * 8192)
        next += groups * 1024
    }
}

/// max(x, 0), PyTorch's ReLU.
@inline(__always)
private func relu(_ x: V) -> V {
    x.replacing(with: 0, where: x .< 0)
}

/// The sum of the lanes, pairwise (a fixed order, so results do not depend on the compiler).
@inline(__always)
private func hsum(_ v: V) -> Float {
    let a = v.lowHalf + v.highHalf
    let b = a.lowHalf + a.highHalf
    return b[0] + b[1]
}

/// conv0_relu1_maxpool2 forward: 0 conv 32, 5×5, padding same (2) · 1 relu · 2 maxpool 2×2, stride 2
/// input (L, 1, 28, 28) → out1 (L, 32, 28, 28) → out2 (L, 32, 14, 14)
private func conv0_relu1_maxpool2_forward(
    _ params: UnsafePointer<Float>, _ ws: Workspace, part: Int, parts: Int
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let inputRow = 32
    let out1Plane = 784, out1Row = 28
    let out2Plane = 324, out2Row = 18
    let wOut = 25, wRow = 5
    let argmax2Plane = 196, argmax2Row = 14
    let input = UnsafePointer(ws.input) // (L, 1, 28, 28), stored 32×32 with a zero border
    let out1 = ws.out1 // (L, 32, 28, 28)
    let weight = params + Arena.w0 // 0.weight (32, 1, 5, 5)
    let bias = params + Arena.b0 // 0.bias (32)
    // out[c, oy, ox] = relu(b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, oy + ky − 2, ox + kx − 2])
    // conv + bias + relu: register tiles of 2 output channels × 4 output columns; this part takes its share
    // of the channel tiles
    let c0 = 2 * (16 * part / parts), c1 = part == parts - 1 ? 32 : 2 * (16 * (part + 1) / parts)
    for co in 16 * part / parts..<16 * (part + 1) / parts {
        let co0 = co * 2
        for oy in 0..<28 {
            for ox in stride(from: 0, to: 28, by: 4) {
                do {
                    let b0 = V(repeating: bias[co0])
                    let b1 = V(repeating: bias[co0 + 1])
                    var s0_0 = b0, s0_1 = b0, s0_2 = b0, s0_3 = b0
                    var s1_0 = b1, s1_1 = b1, s1_2 = b1, s1_3 = b1
                    for ky in 0..<5 {
                        let row = input + oy * inputRow + ky * inputRow + ox
                        let taps = weight + co0 * wOut + ky * wRow
                        for kx in 0..<5 {
                            let i0 = row[kx], i1 = row[kx + 1], i2 = row[kx + 2], i3 = row[kx + 3]
                            let w0 = V(repeating: taps[kx]), w1 = V(repeating: taps[kx + wOut])
                            s0_0 = s0_0.addingProduct(i0, w0)
                            s0_1 = s0_1.addingProduct(i1, w0)
                            s0_2 = s0_2.addingProduct(i2, w0)
                            s0_3 = s0_3.addingProduct(i3, w0)
                            s1_0 = s1_0.addingProduct(i0, w1)
                            s1_1 = s1_1.addingProduct(i1, w1)
                            s1_2 = s1_2.addingProduct(i2, w1)
                            s1_3 = s1_3.addingProduct(i3, w1)
                        }
                    }
                    out1[co0 * out1Plane + oy * out1Row + ox] = relu(s0_0)
                    out1[co0 * out1Plane + oy * out1Row + ox + 1] = relu(s0_1)
                    out1[co0 * out1Plane + oy * out1Row + ox + 2] = relu(s0_2)
                    out1[co0 * out1Plane + oy * out1Row + ox + 3] = relu(s0_3)
                    out1[co0 * out1Plane + oy * out1Row + ox + out1Plane] = relu(s1_0)
                    out1[co0 * out1Plane + oy * out1Row + ox + out1Plane + 1] = relu(s1_1)
                    out1[co0 * out1Plane + oy * out1Row + ox + out1Plane + 2] = relu(s1_2)
                    out1[co0 * out1Plane + oy * out1Row + ox + out1Plane + 3] = relu(s1_3)
                }
            }
        }
    }

    let out2 = ws.out2 // (L, 32, 14, 14), stored 18×18 with a zero border
    let argmax2 = ws.argmax2 // (L, 32, 14, 14): which window element won
    // maxpool 2×2, stride 2×2
    for c in c0..<c1 {
        for py in 0..<14 {
            for px in 0..<14 {
                let window = out1 + c * out1Plane + py * 2 * out1Row + px * 2
                var m = window[0]
                var k = VI(repeating: 0)
                let v1 = window[1], gt1 = v1 .> m
                m.replace(with: v1, where: gt1)
                k.replace(with: VI(repeating: 1), where: gt1)
                let v2 = window[out1Row], gt2 = v2 .> m
                m.replace(with: v2, where: gt2)
                k.replace(with: VI(repeating: 2), where: gt2)
                let v3 = window[out1Row + 1], gt3 = v3 .> m
                m.replace(with: v3, where: gt3)
                k.replace(with: VI(repeating: 3), where: gt3)
                out2[c * out2Plane + py * out2Row + px + 2 * out2Row + 2] = m
                argmax2[c * argmax2Plane + py * argmax2Row + px] = k
            }
        }
    }
}

/// conv3_relu4_maxpool5 forward: 3 conv 64, 5×5, padding same (2) · 4 relu · 5 maxpool 2×2, stride 2
/// out2 (L, 32, 14, 14) → out4 (L, 64, 14, 14) → out5 (L, 64, 7, 7)
private func conv3_relu4_maxpool5_forward(
    _ params: UnsafePointer<Float>, _ ws: Workspace, part: Int, parts: Int
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out2Plane = 324, out2Row = 18
    let out4Plane = 324, out4Row = 18
    let out5Plane = 49, out5Row = 7
    let argmax5Plane = 49, argmax5Row = 7
    let out2 = UnsafePointer(ws.out2) // (L, 32, 14, 14), stored 18×18 with a zero border
    let out4 = ws.out4 // (L, 64, 14, 14), stored 18×18 with a zero border
    let bias = params + Arena.b3 // 3.bias (64)
    // out[c, oy, ox] = relu(b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, oy + ky − 2, ox + kx − 2])
    let c0 = 6 * (10 * part / parts), c1 = part == parts - 1 ? 64 : 6 * (10 * (part + 1) / parts)
    // Winograd F(2×2, 5×5): each 2×2 output tile is Aᵀ · [Σ_i U[c, i] ⊙ (Bᵀ · d[i] · B)] · A, d[i] the tile's
    // 6×6 window of input channel i and U = G · w · Gᵀ (winograd_weights): 36 products per input channel and
    // tile instead of 100. 1 row of 7 tiles at a time: V, their transformed inputs (36, 32, 7), then M, the
    // products of every output channel (36, 64, 7), both in L2.
    // Bᵀ = [[4, 0, -5, 0, 1, 0], [0, -4, -4, 1, 1, 0], [0, 4, -4, -1, 1, 0], [0, -2, -1, 2, 1, 0], [0, 2, -1,
    // -2, 1, 0], [0, 4, 0, -5, 0, 1]], Aᵀ = [[1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 1]]
    let wV = ws.winograd // V: (36, 32, 7)
    let wM = ws.winograd + 8_064 // M: (36, 64, 7)
    let wU = UnsafePointer(ws.winogradWeights + 0) // U: (36, 64, 32) floats
    let k2 = V(repeating: 2.0), k4 = V(repeating: 4.0), k5 = V(repeating: 5.0)
    for by in 0..<7 {
        // V = Bᵀ · d · B for every input channel and tile of the block
        for ci in 0..<32 {
            for tx in 0..<7 {
                let d = out2 + ci * out2Plane + by * 2 * out2Row + tx * 2
                let d0_0 = d[0], d0_1 = d[1], d0_2 = d[2], d0_3 = d[3], d0_4 = d[4], d0_5 = d[5]
                let d1_0 = d[out2Row], d1_1 = d[out2Row + 1], d1_2 = d[out2Row + 2], d1_3 = d[out2Row + 3]
                let d1_4 = d[out2Row + 4], d1_5 = d[out2Row + 5]
                let d2_0 = d[2 * out2Row], d2_1 = d[2 * out2Row + 1], d2_2 = d[2 * out2Row + 2]
                let d2_3 = d[2 * out2Row + 3], d2_4 = d[2 * out2Row + 4], d2_5 = d[2 * out2Row + 5]
                let d3_0 = d[3 * out2Row], d3_1 = d[3 * out2Row + 1], d3_2 = d[3 * out2Row + 2]
                let d3_3 = d[3 * out2Row + 3], d3_4 = d[3 * out2Row + 4], d3_5 = d[3 * out2Row + 5]
                let d4_0 = d[4 * out2Row], d4_1 = d[4 * out2Row + 1], d4_2 = d[4 * out2Row + 2]
                let d4_3 = d[4 * out2Row + 3], d4_4 = d[4 * out2Row + 4], d4_5 = d[4 * out2Row + 5]
                let d5_0 = d[5 * out2Row], d5_1 = d[5 * out2Row + 1], d5_2 = d[5 * out2Row + 2]
                let d5_3 = d[5 * out2Row + 3], d5_4 = d[5 * out2Row + 4], d5_5 = d[5 * out2Row + 5]
                let a0_0 = d4_0.addingProduct(-k4, d2_0), a0_1 = d3_0.addingProduct(-k4, d1_0)
                let a0_2 = -d2_0 + d4_0, a0_3 = (-k2 * d1_0).addingProduct(k2, d3_0)
                let e0_0 = (d4_0.addingProduct(k4, d0_0)).addingProduct(-k5, d2_0), e1_0 = a0_0 + a0_1
                let e2_0 = a0_0 - a0_1, e3_0 = a0_2 + a0_3, e4_0 = a0_2 - a0_3
                let e5_0 = (d5_0.addingProduct(k4, d1_0)).addingProduct(-k5, d3_0)
                let a1_0 = d4_1.addingProduct(-k4, d2_1), a1_1 = d3_1.addingProduct(-k4, d1_1)
                let a1_2 = -d2_1 + d4_1, a1_3 = (-k2 * d1_1).addingProduct(k2, d3_1)
                let e0_1 = (d4_1.addingProduct(k4, d0_1)).addingProduct(-k5, d2_1), e1_1 = a1_0 + a1_1
                let e2_1 = a1_0 - a1_1, e3_1 = a1_2 + a1_3, e4_1 = a1_2 - a1_3
                let e5_1 = (d5_1.addingProduct(k4, d1_1)).addingProduct(-k5, d3_1)
                let a2_0 = d4_2.addingProduct(-k4, d2_2), a2_1 = d3_2.addingProduct(-k4, d1_2)
                let a2_2 = -d2_2 + d4_2, a2_3 = (-k2 * d1_2).addingProduct(k2, d3_2)
                let e0_2 = (d4_2.addingProduct(k4, d0_2)).addingProduct(-k5, d2_2), e1_2 = a2_0 + a2_1
                let e2_2 = a2_0 - a2_1, e3_2 = a2_2 + a2_3, e4_2 = a2_2 - a2_3
                let e5_2 = (d5_2.addingProduct(k4, d1_2)).addingProduct(-k5, d3_2)
                let a3_0 = d4_3.addingProduct(-k4, d2_3), a3_1 = d3_3.addingProduct(-k4, d1_3)
                let a3_2 = -d2_3 + d4_3, a3_3 = (-k2 * d1_3).addingProduct(k2, d3_3)
                let e0_3 = (d4_3.addingProduct(k4, d0_3)).addingProduct(-k5, d2_3), e1_3 = a3_0 + a3_1
                let e2_3 = a3_0 - a3_1, e3_3 = a3_2 + a3_3, e4_3 = a3_2 - a3_3
                let e5_3 = (d5_3.addingProduct(k4, d1_3)).addingProduct(-k5, d3_3)
                let a4_0 = d4_4.addingProduct(-k4, d2_4), a4_1 = d3_4.addingProduct(-k4, d1_4)
                let a4_2 = -d2_4 + d4_4, a4_3 = (-k2 * d1_4).addingProduct(k2, d3_4)
                let e0_4 = (d4_4.addingProduct(k4, d0_4)).addingProduct(-k5, d2_4), e1_4 = a4_0 + a4_1
                let e2_4 = a4_0 - a4_1, e3_4 = a4_2 + a4_3, e4_4 = a4_2 - a4_3
                let e5_4 = (d5_4.addingProduct(k4, d1_4)).addingProduct(-k5, d3_4)
                let a5_0 = d4_5.addingProduct(-k4, d2_5), a5_1 = d3_5.addingProduct(-k4, d1_5)
                let a5_2 = -d2_5 + d4_5, a5_3 = (-k2 * d1_5).addingProduct(k2, d3_5)
                let e0_5 = (d4_5.addingProduct(k4, d0_5)).addingProduct(-k5, d2_5), e1_5 = a5_0 + a5_1
                let e2_5 = a5_0 - a5_1, e3_5 = a5_2 + a5_3, e4_5 = a5_2 - a5_3
                let e5_5 = (d5_5.addingProduct(k4, d1_5)).addingProduct(-k5, d3_5)
                let v = wV + ci * 7 + tx
                let b0_0 = e0_4.addingProduct(-k4, e0_2), b0_1 = e0_3.addingProduct(-k4, e0_1)
                let b0_2 = -e0_2 + e0_4, b0_3 = (-k2 * e0_1).addingProduct(k2, e0_3)
                v[0] = (e0_4.addingProduct(k4, e0_0)).addingProduct(-k5, e0_2)
                v[224] = b0_0 + b0_1
                v[448] = b0_0 - b0_1
                v[672] = b0_2 + b0_3
                v[896] = b0_2 - b0_3
                v[1_120] = (e0_5.addingProduct(k4, e0_1)).addingProduct(-k5, e0_3)
                let b1_0 = e1_4.addingProduct(-k4, e1_2), b1_1 = e1_3.addingProduct(-k4, e1_1)
                let b1_2 = -e1_2 + e1_4, b1_3 = (-k2 * e1_1).addingProduct(k2, e1_3)
                v[1_344] = (e1_4.addingProduct(k4, e1_0)).addingProduct(-k5, e1_2)
                v[1_568] = b1_0 + b1_1
                v[1_792] = b1_0 - b1_1
                v[2_016] = b1_2 + b1_3
                v[2_240] = b1_2 - b1_3
                v[2_464] = (e1_5.addingProduct(k4, e1_1)).addingProduct(-k5, e1_3)
                let b2_0 = e2_4.addingProduct(-k4, e2_2), b2_1 = e2_3.addingProduct(-k4, e2_1)
                let b2_2 = -e2_2 + e2_4, b2_3 = (-k2 * e2_1).addingProduct(k2, e2_3)
                v[2_688] = (e2_4.addingProduct(k4, e2_0)).addingProduct(-k5, e2_2)
                v[2_912] = b2_0 + b2_1
                v[3_136] = b2_0 - b2_1
                v[3_360] = b2_2 + b2_3
                v[3_584] = b2_2 - b2_3
                v[3_808] = (e2_5.addingProduct(k4, e2_1)).addingProduct(-k5, e2_3)
                let b3_0 = e3_4.addingProduct(-k4, e3_2), b3_1 = e3_3.addingProduct(-k4, e3_1)
                let b3_2 = -e3_2 + e3_4, b3_3 = (-k2 * e3_1).addingProduct(k2, e3_3)
                v[4_032] = (e3_4.addingProduct(k4, e3_0)).addingProduct(-k5, e3_2)
                v[4_256] = b3_0 + b3_1
                v[4_480] = b3_0 - b3_1
                v[4_704] = b3_2 + b3_3
                v[4_928] = b3_2 - b3_3
                v[5_152] = (e3_5.addingProduct(k4, e3_1)).addingProduct(-k5, e3_3)
                let b4_0 = e4_4.addingProduct(-k4, e4_2), b4_1 = e4_3.addingProduct(-k4, e4_1)
                let b4_2 = -e4_2 + e4_4, b4_3 = (-k2 * e4_1).addingProduct(k2, e4_3)
                v[5_376] = (e4_4.addingProduct(k4, e4_0)).addingProduct(-k5, e4_2)
                v[5_600] = b4_0 + b4_1
                v[5_824] = b4_0 - b4_1
                v[6_048] = b4_2 + b4_3
                v[6_272] = b4_2 - b4_3
                v[6_496] = (e4_5.addingProduct(k4, e4_1)).addingProduct(-k5, e4_3)
                let b5_0 = e5_4.addingProduct(-k4, e5_2), b5_1 = e5_3.addingProduct(-k4, e5_1)
                let b5_2 = -e5_2 + e5_4, b5_3 = (-k2 * e5_1).addingProduct(k2, e5_3)
                v[6_720] = (e5_4.addingProduct(k4, e5_0)).addingProduct(-k5, e5_2)
                v[6_944] = b5_0 + b5_1
                v[7_168] = b5_0 - b5_1
                v[7_392] = b5_2 + b5_3
                v[7_616] = b5_2 - b5_3
                v[7_840] = (e5_5.addingProduct(k4, e5_1)).addingProduct(-k5, e5_3)
            }
        }
        // M = U ⊙ V summed over the input channels, 6 output channels × 2 tiles at a time; each point's V
        // (224 vectors) stays in L1 for every channel of this part's share
        for xi in 0..<36 {
            let v = wV + xi * 224
            let m = wM + xi * 448
            for co in 10 * part / parts..<10 * (part + 1) / parts {
                let co0 = co * 6
                let taps = wU + (xi * 64 + co0) * 32 // U[xi, co, 0]
                for t in stride(from: 0, to: 6, by: 2) {
                    do {
                        var s0_0 = V(), s0_1 = V()
                        var s1_0 = V(), s1_1 = V()
                        var s2_0 = V(), s2_1 = V()
                        var s3_0 = V(), s3_1 = V()
                        var s4_0 = V(), s4_1 = V()
                        var s5_0 = V(), s5_1 = V()
                        for ci in 0..<32 {
                            let row = v + ci * 7 + t
                            let i0 = row[0], i1 = row[1]
                            let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 32])
                            let w2 = V(repeating: taps[ci + 64]), w3 = V(repeating: taps[ci + 96])
                            let w4 = V(repeating: taps[ci + 128]), w5 = V(repeating: taps[ci + 160])
                            s0_0 = s0_0.addingProduct(i0, w0)
                            s0_1 = s0_1.addingProduct(i1, w0)
                            s1_0 = s1_0.addingProduct(i0, w1)
                            s1_1 = s1_1.addingProduct(i1, w1)
                            s2_0 = s2_0.addingProduct(i0, w2)
                            s2_1 = s2_1.addingProduct(i1, w2)
                            s3_0 = s3_0.addingProduct(i0, w3)
                            s3_1 = s3_1.addingProduct(i1, w3)
                            s4_0 = s4_0.addingProduct(i0, w4)
                            s4_1 = s4_1.addingProduct(i1, w4)
                            s5_0 = s5_0.addingProduct(i0, w5)
                            s5_1 = s5_1.addingProduct(i1, w5)
                        }
                        m[co0 * 7 + t] = s0_0
                        m[co0 * 7 + t + 1] = s0_1
                        m[co0 * 7 + t + 7] = s1_0
                        m[co0 * 7 + t + 8] = s1_1
                        m[co0 * 7 + t + 14] = s2_0
                        m[co0 * 7 + t + 15] = s2_1
                        m[co0 * 7 + t + 21] = s3_0
                        m[co0 * 7 + t + 22] = s3_1
                        m[co0 * 7 + t + 28] = s4_0
                        m[co0 * 7 + t + 29] = s4_1
                        m[co0 * 7 + t + 35] = s5_0
                        m[co0 * 7 + t + 36] = s5_1
                    }
                }
                do {
                    var s0_0 = V()
                    var s1_0 = V()
                    var s2_0 = V()
                    var s3_0 = V()
                    var s4_0 = V()
                    var s5_0 = V()
                    for ci in 0..<32 {
                        let row = v + ci * 7 + 6
                        let i0 = row[0]
                        let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 32])
                        let w2 = V(repeating: taps[ci + 64]), w3 = V(repeating: taps[ci + 96])
                        let w4 = V(repeating: taps[ci + 128]), w5 = V(repeating: taps[ci + 160])
                        s0_0 = s0_0.addingProduct(i0, w0)
                        s1_0 = s1_0.addingProduct(i0, w1)
                        s2_0 = s2_0.addingProduct(i0, w2)
                        s3_0 = s3_0.addingProduct(i0, w3)
                        s4_0 = s4_0.addingProduct(i0, w4)
                        s5_0 = s5_0.addingProduct(i0, w5)
                    }
                    m[co0 * 7 + 6] = s0_0
                    m[co0 * 7 + 13] = s1_0
                    m[co0 * 7 + 20] = s2_0
                    m[co0 * 7 + 27] = s3_0
                    m[co0 * 7 + 34] = s4_0
                    m[co0 * 7 + 41] = s5_0
                }
            }
            if part == parts - 1 {
                let taps = wU + (xi * 64 + 60) * 32 // U[xi, co, 0]
                for t in stride(from: 0, to: 6, by: 2) {
                    do {
                        var s0_0 = V(), s0_1 = V()
                        var s1_0 = V(), s1_1 = V()
                        var s2_0 = V(), s2_1 = V()
                        var s3_0 = V(), s3_1 = V()
                        for ci in 0..<32 {
                            let row = v + ci * 7 + t
                            let i0 = row[0], i1 = row[1]
                            let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 32])
                            let w2 = V(repeating: taps[ci + 64]), w3 = V(repeating: taps[ci + 96])
                            s0_0 = s0_0.addingProduct(i0, w0)
                            s0_1 = s0_1.addingProduct(i1, w0)
                            s1_0 = s1_0.addingProduct(i0, w1)
                            s1_1 = s1_1.addingProduct(i1, w1)
                            s2_0 = s2_0.addingProduct(i0, w2)
                            s2_1 = s2_1.addingProduct(i1, w2)
                            s3_0 = s3_0.addingProduct(i0, w3)
                            s3_1 = s3_1.addingProduct(i1, w3)
                        }
                        m[t + 420] = s0_0
                        m[t + 421] = s0_1
                        m[t + 427] = s1_0
                        m[t + 428] = s1_1
                        m[t + 434] = s2_0
                        m[t + 435] = s2_1
                        m[t + 441] = s3_0
                        m[t + 442] = s3_1
                    }
                }
                do {
                    var s0_0 = V()
                    var s1_0 = V()
                    var s2_0 = V()
                    var s3_0 = V()
                    for ci in 0..<32 {
                        let row = v + ci * 7 + 6
                        let i0 = row[0]
                        let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 32])
                        let w2 = V(repeating: taps[ci + 64]), w3 = V(repeating: taps[ci + 96])
                        s0_0 = s0_0.addingProduct(i0, w0)
                        s1_0 = s1_0.addingProduct(i0, w1)
                        s2_0 = s2_0.addingProduct(i0, w2)
                        s3_0 = s3_0.addingProduct(i0, w3)
                    }
                    m[426] = s0_0
                    m[433] = s1_0
                    m[440] = s2_0
                    m[447] = s3_0
                }
            }
        }
        // Y = Aᵀ · M · A, plus the bias, then relu, stored
        for c in c0..<c1 {
            let b = V(repeating: bias[c])
            for tx in 0..<7 {
                let p = wM + c * 7 + tx
                let m0_0 = p[0], m0_1 = p[448], m0_2 = p[896], m0_3 = p[1_344], m0_4 = p[1_792]
                let m0_5 = p[2_240]
                let m1_0 = p[2_688], m1_1 = p[3_136], m1_2 = p[3_584], m1_3 = p[4_032], m1_4 = p[4_480]
                let m1_5 = p[4_928]
                let m2_0 = p[5_376], m2_1 = p[5_824], m2_2 = p[6_272], m2_3 = p[6_720], m2_4 = p[7_168]
                let m2_5 = p[7_616]
                let m3_0 = p[8_064], m3_1 = p[8_512], m3_2 = p[8_960], m3_3 = p[9_408], m3_4 = p[9_856]
                let m3_5 = p[10_304]
                let m4_0 = p[10_752], m4_1 = p[11_200], m4_2 = p[11_648], m4_3 = p[12_096], m4_4 = p[12_544]
                let m4_5 = p[12_992]
                let m5_0 = p[13_440], m5_1 = p[13_888], m5_2 = p[14_336], m5_3 = p[14_784], m5_4 = p[15_232]
                let m5_5 = p[15_680]
                let q0_0 = m1_0 + m2_0, q0_1 = m1_0 - m2_0, q0_2 = m3_0 + m4_0, q0_3 = m3_0 - m4_0
                let z0_0 = m0_0 + q0_0 + q0_2, z1_0 = (q0_1 + m5_0).addingProduct(k2, q0_3)
                let q1_0 = m1_1 + m2_1, q1_1 = m1_1 - m2_1, q1_2 = m3_1 + m4_1, q1_3 = m3_1 - m4_1
                let z0_1 = m0_1 + q1_0 + q1_2, z1_1 = (q1_1 + m5_1).addingProduct(k2, q1_3)
                let q2_0 = m1_2 + m2_2, q2_1 = m1_2 - m2_2, q2_2 = m3_2 + m4_2, q2_3 = m3_2 - m4_2
                let z0_2 = m0_2 + q2_0 + q2_2, z1_2 = (q2_1 + m5_2).addingProduct(k2, q2_3)
                let q3_0 = m1_3 + m2_3, q3_1 = m1_3 - m2_3, q3_2 = m3_3 + m4_3, q3_3 = m3_3 - m4_3
                let z0_3 = m0_3 + q3_0 + q3_2, z1_3 = (q3_1 + m5_3).addingProduct(k2, q3_3)
                let q4_0 = m1_4 + m2_4, q4_1 = m1_4 - m2_4, q4_2 = m3_4 + m4_4, q4_3 = m3_4 - m4_4
                let z0_4 = m0_4 + q4_0 + q4_2, z1_4 = (q4_1 + m5_4).addingProduct(k2, q4_3)
                let q5_0 = m1_5 + m2_5, q5_1 = m1_5 - m2_5, q5_2 = m3_5 + m4_5, q5_3 = m3_5 - m4_5
                let z0_5 = m0_5 + q5_0 + q5_2, z1_5 = (q5_1 + m5_5).addingProduct(k2, q5_3)
                let y0_0 = z0_1 + z0_2, y0_1 = z0_1 - z0_2, y0_2 = z0_3 + z0_4, y0_3 = z0_3 - z0_4
                out4[c * out4Plane + by * 2 * out4Row + tx * 2 + 2 * out4Row + 2] = relu((z0_0 + y0_0 + y0_2) + b)
                out4[c * out4Plane + by * 2 * out4Row + tx * 2 + 2 * out4Row + 3] = relu(((y0_1 + z0_5).addingProduct(k2, y0_3)) + b)
                let y1_0 = z1_1 + z1_2, y1_1 = z1_1 - z1_2, y1_2 = z1_3 + z1_4, y1_3 = z1_3 - z1_4
                out4[c * out4Plane + by * 2 * out4Row + tx * 2 + 3 * out4Row + 2] = relu((z1_0 + y1_0 + y1_2) + b)
                out4[c * out4Plane + by * 2 * out4Row + tx * 2 + 3 * out4Row + 3] = relu(((y1_1 + z1_5).addingProduct(k2, y1_3)) + b)
            }
        }
    }

    let out5 = ws.out5 // (L, 64, 7, 7)
    let argmax5 = ws.argmax5 // (L, 64, 7, 7): which window element won
    // maxpool 2×2, stride 2×2
    for c in c0..<c1 {
        for py in 0..<7 {
            for px in 0..<7 {
                let window = out4 + c * out4Plane + py * 2 * out4Row + px * 2 + 2 * out4Row + 2
                var m = window[0]
                var k = VI(repeating: 0)
                let v1 = window[1], gt1 = v1 .> m
                m.replace(with: v1, where: gt1)
                k.replace(with: VI(repeating: 1), where: gt1)
                let v2 = window[out4Row], gt2 = v2 .> m
                m.replace(with: v2, where: gt2)
                k.replace(with: VI(repeating: 2), where: gt2)
                let v3 = window[out4Row + 1], gt3 = v3 .> m
                m.replace(with: v3, where: gt3)
                k.replace(with: VI(repeating: 3), where: gt3)
                out5[c * out5Plane + py * out5Row + px] = m
                argmax5[c * argmax5Plane + py * argmax5Row + px] = k
            }
        }
    }
}

/// conv3_relu4_maxpool5 forward for a last group of at most 3 examples (`valid`), one example at a time with
/// 8 output channels to a vector; the lanes past `valid` keep what they held.
private func conv3_relu4_maxpool5_forward_short(
    _ params: UnsafePointer<Float>, _ ws: Workspace, valid: Int, scratch: UnsafeMutablePointer<V>, part: Int, parts: Int
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out2Plane = 324, out2Row = 18
    let out4Plane = 324, out4Row = 18
    let out5Plane = 49, out5Row = 7
    let wOut = 800
    let wTIn = 1600, wTRow = 320, wTTap = 64
    let argmax5Plane = 49, argmax5Row = 7
    let out2 = UnsafePointer(ws.out2) // (L, 32, 14, 14), stored 18×18 with a zero border
    let out4 = ws.out4 // (L, 64, 14, 14), stored 18×18 with a zero border
    let weight = params + Arena.w3 // 3.weight (64, 32, 5, 5)
    let bias = params + Arena.b3 // 3.bias (64)
    // out[c, oy, ox] = relu(b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, oy + ky − 2, ox + kx − 2]) for each
    // example e < valid
    // register tiles of 2 vectors of 8 output channels × 5 output columns, each tap a broadcast input times
    // the weight's channels; this part takes its share of the channels
    let c0 = 16 * (4 * part / parts), c1 = part == parts - 1 ? 64 : 16 * (4 * (part + 1) / parts)
    let wT = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Float.self) // wT[i, ky, kx, c] = w[c, i, ky, kx], (32, 5, 5, 64)
    for c in c0..<c1 {
        for j in 0..<800 { wT[j * wTTap + c] = weight[c * wOut + j] }
    }
    for e in 0..<valid {
        let out2E = UnsafeRawPointer(out2).assumingMemoryBound(to: Float.self) + e // lane e of out2: vector i at float 8 · i
        let out4E = UnsafeMutableRawPointer(out4).assumingMemoryBound(to: Float.self) + e // lane e of out4: vector i at float 8 · i
        for co in 4 * part / parts..<4 * (part + 1) / parts {
            let co0 = co * 16
            for oy in 0..<14 {
                for ox in stride(from: 0, to: 10, by: 5) {
                    do {
                        let b0 = VectorMath.load(bias + co0), b1 = VectorMath.load(bias + co0 + 8)
                        var s0_0 = b0, s0_1 = b0, s0_2 = b0, s0_3 = b0, s0_4 = b0
                        var s1_0 = b1, s1_1 = b1, s1_2 = b1, s1_3 = b1, s1_4 = b1
                        for ci in 0..<32 {
                            for ky in 0..<5 {
                                let row = out2E + 8 * (ci * out2Plane + oy * out2Row + ky * out2Row + ox)
                                let taps = wT + ci * wTIn + ky * wTRow + co0
                                for kx in 0..<5 {
                                    let i0 = V(repeating: row[kx * 8]), i1 = V(repeating: row[kx * 8 + 8])
                                    let i2 = V(repeating: row[kx * 8 + 16])
                                    let i3 = V(repeating: row[kx * 8 + 24])
                                    let i4 = V(repeating: row[kx * 8 + 32])
                                    let w0 = VectorMath.load(taps + kx * wTTap)
                                    let w1 = VectorMath.load(taps + kx * wTTap + 8)
                                    s0_0 = s0_0.addingProduct(i0, w0)
                                    s0_1 = s0_1.addingProduct(i1, w0)
                                    s0_2 = s0_2.addingProduct(i2, w0)
                                    s0_3 = s0_3.addingProduct(i3, w0)
                                    s0_4 = s0_4.addingProduct(i4, w0)
                                    s1_0 = s1_0.addingProduct(i0, w1)
                                    s1_1 = s1_1.addingProduct(i1, w1)
                                    s1_2 = s1_2.addingProduct(i2, w1)
                                    s1_3 = s1_3.addingProduct(i3, w1)
                                    s1_4 = s1_4.addingProduct(i4, w1)
                                }
                            }
                        }
                        VectorMath.spread(relu(s0_0), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + ox + 2 * out4Row + 2), stride: 8 * out4Plane)
                        VectorMath.spread(relu(s0_1), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + ox + 2 * out4Row + 3), stride: 8 * out4Plane)
                        VectorMath.spread(relu(s0_2), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + ox + 2 * out4Row + 4), stride: 8 * out4Plane)
                        VectorMath.spread(relu(s0_3), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + ox + 2 * out4Row + 5), stride: 8 * out4Plane)
                        VectorMath.spread(relu(s0_4), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + ox + 2 * out4Row + 6), stride: 8 * out4Plane)
                        VectorMath.spread(relu(s1_0), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + ox + 8 * out4Plane + 2 * out4Row + 2), stride: 8 * out4Plane)
                        VectorMath.spread(relu(s1_1), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + ox + 8 * out4Plane + 2 * out4Row + 3), stride: 8 * out4Plane)
                        VectorMath.spread(relu(s1_2), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + ox + 8 * out4Plane + 2 * out4Row + 4), stride: 8 * out4Plane)
                        VectorMath.spread(relu(s1_3), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + ox + 8 * out4Plane + 2 * out4Row + 5), stride: 8 * out4Plane)
                        VectorMath.spread(relu(s1_4), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + ox + 8 * out4Plane + 2 * out4Row + 6), stride: 8 * out4Plane)
                    }
                }
                do {
                    let b0 = VectorMath.load(bias + co0), b1 = VectorMath.load(bias + co0 + 8)
                    var s0_0 = b0, s0_1 = b0, s0_2 = b0, s0_3 = b0
                    var s1_0 = b1, s1_1 = b1, s1_2 = b1, s1_3 = b1
                    for ci in 0..<32 {
                        for ky in 0..<5 {
                            let row = out2E + 8 * (ci * out2Plane + oy * out2Row + ky * out2Row + 10)
                            let taps = wT + ci * wTIn + ky * wTRow + co0
                            for kx in 0..<5 {
                                let i0 = V(repeating: row[kx * 8]), i1 = V(repeating: row[kx * 8 + 8])
                                let i2 = V(repeating: row[kx * 8 + 16]), i3 = V(repeating: row[kx * 8 + 24])
                                let w0 = VectorMath.load(taps + kx * wTTap)
                                let w1 = VectorMath.load(taps + kx * wTTap + 8)
                                s0_0 = s0_0.addingProduct(i0, w0)
                                s0_1 = s0_1.addingProduct(i1, w0)
                                s0_2 = s0_2.addingProduct(i2, w0)
                                s0_3 = s0_3.addingProduct(i3, w0)
                                s1_0 = s1_0.addingProduct(i0, w1)
                                s1_1 = s1_1.addingProduct(i1, w1)
                                s1_2 = s1_2.addingProduct(i2, w1)
                                s1_3 = s1_3.addingProduct(i3, w1)
                            }
                        }
                    }
                    VectorMath.spread(relu(s0_0), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + 2 * out4Row + 12), stride: 8 * out4Plane)
                    VectorMath.spread(relu(s0_1), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + 2 * out4Row + 13), stride: 8 * out4Plane)
                    VectorMath.spread(relu(s0_2), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + 2 * out4Row + 14), stride: 8 * out4Plane)
                    VectorMath.spread(relu(s0_3), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + 2 * out4Row + 15), stride: 8 * out4Plane)
                    VectorMath.spread(relu(s1_0), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + 8 * out4Plane + 2 * out4Row + 12), stride: 8 * out4Plane)
                    VectorMath.spread(relu(s1_1), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + 8 * out4Plane + 2 * out4Row + 13), stride: 8 * out4Plane)
                    VectorMath.spread(relu(s1_2), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + 8 * out4Plane + 2 * out4Row + 14), stride: 8 * out4Plane)
                    VectorMath.spread(relu(s1_3), to: out4E + 8 * (co0 * out4Plane + oy * out4Row + 8 * out4Plane + 2 * out4Row + 15), stride: 8 * out4Plane)
                }
            }
        }
    }

    let out5 = ws.out5 // (L, 64, 7, 7)
    let argmax5 = ws.argmax5 // (L, 64, 7, 7): which window element won
    // maxpool 2×2, stride 2×2
    for c in c0..<c1 {
        for py in 0..<7 {
            for px in 0..<7 {
                let window = out4 + c * out4Plane + py * 2 * out4Row + px * 2 + 2 * out4Row + 2
                var m = window[0]
                var k = VI(repeating: 0)
                let v1 = window[1], gt1 = v1 .> m
                m.replace(with: v1, where: gt1)
                k.replace(with: VI(repeating: 1), where: gt1)
                let v2 = window[out4Row], gt2 = v2 .> m
                m.replace(with: v2, where: gt2)
                k.replace(with: VI(repeating: 2), where: gt2)
                let v3 = window[out4Row + 1], gt3 = v3 .> m
                m.replace(with: v3, where: gt3)
                k.replace(with: VI(repeating: 3), where: gt3)
                out5[c * out5Plane + py * out5Row + px] = m
                argmax5[c * argmax5Plane + py * argmax5Row + px] = k
            }
        }
    }
}

/// dense7_relu8 forward: 7 dense 1024 · 8 relu
/// out5 (L, 64, 7, 7) → out8 (L, 1024)
private func dense7_relu8_forward(
    _ params: UnsafePointer<Float>, _ batch: Batch, groups: Int, part: Int, parts: Int
) {
    let out5 = UnsafePointer(batch.out5) // (N, 3136): (N, 64, 7, 7) flattened
    let out8 = batch.out8 // (N, 1024)
    let weight = params + Arena.w7 // 7.weight (1024, 3136)
    let bias = params + Arena.b7 // 7.bias (1024)
    let inputs = 3136, outputs = 1024 // row strides of the weight and of one group's buffers
    // y[n, j] = relu(b[j] + Σ_i W[j, i] · x[n, i]) for every example n of the batch.
    // Register tiles of 4 outputs × 3 groups: each weight broadcast serves 24 examples. This part takes its
    // share of the output tiles; the sum runs over the inputs in blocks of 1752, so that every group's inputs
    // of a block stay in L2 (partial sums wait in out8).
    for i0 in stride(from: 0, to: inputs, by: 1752) {
        let i1 = min(i0 + 1752, inputs)
        for t in 256 * part / parts..<256 * (part + 1) / parts {
            let t0 = t * 4
            let w0 = weight + t0 * inputs, w1 = w0 + inputs, w2 = w1 + inputs, w3 = w2 + inputs
            var g = 0
            while groups - g >= 5 || groups - g == 3 {
                let x0 = out5 + g * inputs, x1 = x0 + inputs, x2 = x1 + inputs
                let y0 = out8 + g * outputs + t0, y1 = y0 + outputs, y2 = y1 + outputs
                var s0_0 = i0 == 0 ? V(repeating: bias[t0]) : y0[0]
                var s0_1 = i0 == 0 ? V(repeating: bias[t0]) : y1[0]
                var s0_2 = i0 == 0 ? V(repeating: bias[t0]) : y2[0]
                var s1_0 = i0 == 0 ? V(repeating: bias[t0 + 1]) : y0[1]
                var s1_1 = i0 == 0 ? V(repeating: bias[t0 + 1]) : y1[1]
                var s1_2 = i0 == 0 ? V(repeating: bias[t0 + 1]) : y2[1]
                var s2_0 = i0 == 0 ? V(repeating: bias[t0 + 2]) : y0[2]
                var s2_1 = i0 == 0 ? V(repeating: bias[t0 + 2]) : y1[2]
                var s2_2 = i0 == 0 ? V(repeating: bias[t0 + 2]) : y2[2]
                var s3_0 = i0 == 0 ? V(repeating: bias[t0 + 3]) : y0[3]
                var s3_1 = i0 == 0 ? V(repeating: bias[t0 + 3]) : y1[3]
                var s3_2 = i0 == 0 ? V(repeating: bias[t0 + 3]) : y2[3]
                for i in i0..<i1 {
                    let a0 = x0[i], a1 = x1[i], a2 = x2[i]
                    let b0 = V(repeating: w0[i])
                    s0_0 = s0_0.addingProduct(a0, b0)
                    s0_1 = s0_1.addingProduct(a1, b0)
                    s0_2 = s0_2.addingProduct(a2, b0)
                    let b1 = V(repeating: w1[i])
                    s1_0 = s1_0.addingProduct(a0, b1)
                    s1_1 = s1_1.addingProduct(a1, b1)
                    s1_2 = s1_2.addingProduct(a2, b1)
                    let b2 = V(repeating: w2[i])
                    s2_0 = s2_0.addingProduct(a0, b2)
                    s2_1 = s2_1.addingProduct(a1, b2)
                    s2_2 = s2_2.addingProduct(a2, b2)
                    let b3 = V(repeating: w3[i])
                    s3_0 = s3_0.addingProduct(a0, b3)
                    s3_1 = s3_1.addingProduct(a1, b3)
                    s3_2 = s3_2.addingProduct(a2, b3)
                }
                if i1 == inputs {
                    y0[0] = relu(s0_0)
                    y0[1] = relu(s1_0)
                    y0[2] = relu(s2_0)
                    y0[3] = relu(s3_0)
                    y1[0] = relu(s0_1)
                    y1[1] = relu(s1_1)
                    y1[2] = relu(s2_1)
                    y1[3] = relu(s3_1)
                    y2[0] = relu(s0_2)
                    y2[1] = relu(s1_2)
                    y2[2] = relu(s2_2)
                    y2[3] = relu(s3_2)
                } else {
                    y0[0] = s0_0
                    y0[1] = s1_0
                    y0[2] = s2_0
                    y0[3] = s3_0
                    y1[0] = s0_1
                    y1[1] = s1_1
                    y1[2] = s2_1
                    y1[3] = s3_1
                    y2[0] = s0_2
                    y2[1] = s1_2
                    y2[2] = s2_2
                    y2[3] = s3_2
                }
                g += 3
            }
            while groups - g >= 2 {
                let x0 = out5 + g * inputs, x1 = x0 + inputs
                let y0 = out8 + g * outputs + t0, y1 = y0 + outputs
                var s0_0 = i0 == 0 ? V(repeating: bias[t0]) : y0[0]
                var s0_1 = i0 == 0 ? V(repeating: bias[t0]) : y1[0]
                var s1_0 = i0 == 0 ? V(repeating: bias[t0 + 1]) : y0[1]
                var s1_1 = i0 == 0 ? V(repeating: bias[t0 + 1]) : y1[1]
                var s2_0 = i0 == 0 ? V(repeating: bias[t0 + 2]) : y0[2]
                var s2_1 = i0 == 0 ? V(repeating: bias[t0 + 2]) : y1[2]
                var s3_0 = i0 == 0 ? V(repeating: bias[t0 + 3]) : y0[3]
                var s3_1 = i0 == 0 ? V(repeating: bias[t0 + 3]) : y1[3]
                for i in i0..<i1 {
                    let a0 = x0[i], a1 = x1[i]
                    let b0 = V(repeating: w0[i])
                    s0_0 = s0_0.addingProduct(a0, b0)
                    s0_1 = s0_1.addingProduct(a1, b0)
                    let b1 = V(repeating: w1[i])
                    s1_0 = s1_0.addingProduct(a0, b1)
                    s1_1 = s1_1.addingProduct(a1, b1)
                    let b2 = V(repeating: w2[i])
                    s2_0 = s2_0.addingProduct(a0, b2)
                    s2_1 = s2_1.addingProduct(a1, b2)
                    let b3 = V(repeating: w3[i])
                    s3_0 = s3_0.addingProduct(a0, b3)
                    s3_1 = s3_1.addingProduct(a1, b3)
                }
                if i1 == inputs {
                    y0[0] = relu(s0_0)
                    y0[1] = relu(s1_0)
                    y0[2] = relu(s2_0)
                    y0[3] = relu(s3_0)
                    y1[0] = relu(s0_1)
                    y1[1] = relu(s1_1)
                    y1[2] = relu(s2_1)
                    y1[3] = relu(s3_1)
                } else {
                    y0[0] = s0_0
                    y0[1] = s1_0
                    y0[2] = s2_0
                    y0[3] = s3_0
                    y1[0] = s0_1
                    y1[1] = s1_1
                    y1[2] = s2_1
                    y1[3] = s3_1
                }
                g += 2
            }
            if g < groups {
                let x0 = out5 + g * inputs
                let y0 = out8 + g * outputs + t0
                var s0_0 = i0 == 0 ? V(repeating: bias[t0]) : y0[0]
                var s1_0 = i0 == 0 ? V(repeating: bias[t0 + 1]) : y0[1]
                var s2_0 = i0 == 0 ? V(repeating: bias[t0 + 2]) : y0[2]
                var s3_0 = i0 == 0 ? V(repeating: bias[t0 + 3]) : y0[3]
                for i in i0..<i1 {
                    let a0 = x0[i]
                    let b0 = V(repeating: w0[i])
                    s0_0 = s0_0.addingProduct(a0, b0)
                    let b1 = V(repeating: w1[i])
                    s1_0 = s1_0.addingProduct(a0, b1)
                    let b2 = V(repeating: w2[i])
                    s2_0 = s2_0.addingProduct(a0, b2)
                    let b3 = V(repeating: w3[i])
                    s3_0 = s3_0.addingProduct(a0, b3)
                }
                if i1 == inputs {
                    y0[0] = relu(s0_0)
                    y0[1] = relu(s1_0)
                    y0[2] = relu(s2_0)
                    y0[3] = relu(s3_0)
                } else {
                    y0[0] = s0_0
                    y0[1] = s1_0
                    y0[2] = s2_0
                    y0[3] = s3_0
                }
            }
        }
    }
}

/// dropout9 forward: 9 dropout 0.5
/// out8 (L, 1024) → out9 (L, 1024)
private func dropout9_forward(_ ws: Workspace, training: Bool) {
    let out8 = UnsafePointer(ws.out8) // (L, 1024)
    let out9 = ws.out9 // (L, 1024)
    let mask = ws.mask0 // (L, 1024): 0 or 1/(1 − 0.5) per element, drawn before the step
    if training {
        for i in 0..<1024 {
            out9[i] = out8[i] * mask[i]
        }
    } else {
        for i in 0..<1024 {
            out9[i] = out8[i]
        }
    }
}

/// dense10 forward: 10 dense 10
/// out9 (L, 1024) → out10 (L, 10)
private func dense10_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 1024
    let out9 = UnsafePointer(ws.out9) // (L, 1024)
    let out10 = ws.out10 // (L, 10)
    let weight = params + Arena.w10 // 10.weight (10, 1024)
    let bias = params + Arena.b10 // 10.bias (10)
    // y = W·x + b: register tiles of 10 outputs, one weight broadcast per input and output
    do {
        let w0 = weight, w1 = weight + wRow, w2 = weight + 2 * wRow, w3 = weight + 3 * wRow
        let w4 = weight + 4 * wRow, w5 = weight + 5 * wRow, w6 = weight + 6 * wRow, w7 = weight + 7 * wRow
        let w8 = weight + 8 * wRow, w9 = weight + 9 * wRow
        var s0 = V(repeating: bias[0]), s1 = V(repeating: bias[1]), s2 = V(repeating: bias[2])
        var s3 = V(repeating: bias[3]), s4 = V(repeating: bias[4]), s5 = V(repeating: bias[5])
        var s6 = V(repeating: bias[6]), s7 = V(repeating: bias[7]), s8 = V(repeating: bias[8])
        var s9 = V(repeating: bias[9])
        for i in 0..<1024 {
            let x = out9[i]
            s0 = s0.addingProduct(x, V(repeating: w0[i]))
            s1 = s1.addingProduct(x, V(repeating: w1[i]))
            s2 = s2.addingProduct(x, V(repeating: w2[i]))
            s3 = s3.addingProduct(x, V(repeating: w3[i]))
            s4 = s4.addingProduct(x, V(repeating: w4[i]))
            s5 = s5.addingProduct(x, V(repeating: w5[i]))
            s6 = s6.addingProduct(x, V(repeating: w6[i]))
            s7 = s7.addingProduct(x, V(repeating: w7[i]))
            s8 = s8.addingProduct(x, V(repeating: w8[i]))
            s9 = s9.addingProduct(x, V(repeating: w9[i]))
        }
        out10[0] = s0
        out10[1] = s1
        out10[2] = s2
        out10[3] = s3
        out10[4] = s4
        out10[5] = s5
        out10[6] = s6
        out10[7] = s7
        out10[8] = s8
        out10[9] = s9
    }
}

/// Softmax cross-entropy of one group, PyTorch's CrossEntropyLoss: loss = log Σ_k e^(z_k − m) − (z_label − m)
/// with m the largest logit, and dz = (softmax(z) − onehot(label)) · scale, where scale = 1/batch makes it
/// the gradient of the batch mean. Lanes from `valid` on hold no example: their gradient is zero and they are
/// not counted. Returns the loss summed over the group's examples and how many were classified right (the
/// first largest logit, as argmax).
private func softmax_cross_entropy(
    _ ws: Workspace, labels: UnsafePointer<Int32>, valid: Int, scale: Float
) -> (loss: Double, correct: Int) {
    let logits = UnsafePointer(ws.out10) // (L, 10)
    let dlogits = ws.dout10 // (L, 10)
    var label = VI(repeating: -1)
    for l in 0..<valid { label[l] = labels[l] }
    var m = logits[0]
    var best = VI(repeating: 0)
    for k in 1..<10 {
        let v = logits[k], gt = v .> m
        m.replace(with: v, where: gt)
        best.replace(with: VI(repeating: Int32(k)), where: gt)
    }
    var sum = V()
    for k in 0..<10 {
        let e = VectorMath.exp(logits[k] - m)
        dlogits[k] = e
        sum += e
    }
    let z = UnsafeRawPointer(logits).assumingMemoryBound(to: Float.self)
    var loss = 0.0, correct = 0
    for l in 0..<valid {
        let shifted = z[Int(label[l]) * 8 + l] - m[l]
        loss += Double(Foundation.log(sum[l]) - shifted)
        if best[l] == label[l] { correct += 1 }
    }
    let live = VI(0, 1, 2, 3, 4, 5, 6, 7) .< VI(repeating: Int32(valid))
    let s = V(repeating: scale)
    for k in 0..<10 {
        var d = dlogits[k] / sum
        d.replace(with: d - 1, where: label .== VI(repeating: Int32(k)))
        dlogits[k] = (d * s).replacing(with: 0, where: .!live)
    }
    return (loss, correct)
}

/// dense10 backward: from dout10 (L, 10), adds the gradients of 10.weight and 10.bias, writes dout9 (L, 1024)
private func dense10_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 1024
    let gradRow = 128
    let xTRow = 128, xTsRow = 1024
    let out9 = UnsafePointer(ws.out9) // (L, 1024)
    let dout10 = ws.dout10 // (L, 10)
    let weight = params + Arena.w10 // 10.weight (10, 1024)
    let weightGrad = acc + Acc.w10 // 10.weight, 10 rows of 1024 floats
    let biasGrad = acc + Acc.b10 // 10.bias, one vector per output
    // bias gradient
    for j in 0..<10 {
        biasGrad[j] += dout10[j]
    }

    // weight gradient dW[j][i] += Σ_l dz[j][l]·x[i][l] over the 8 lanes l: the input transposed to (8, 1024),
    // then register tiles of 4 outputs × 3 input vectors, each summed over the lanes and added to the
    // accumulator once
    let xT = ws.scratch // (8, 1024)
    let xs = UnsafeRawPointer(out9).assumingMemoryBound(to: Float.self)
    let xTs = UnsafeMutableRawPointer(xT).assumingMemoryBound(to: Float.self)
    for i in 0..<1024 {
        for l in 0..<8 {
            xTs[l * xTsRow + i] = xs[i * 8 + l]
        }
    }
    let dzs = UnsafeRawPointer(dout10).assumingMemoryBound(to: Float.self)
    for j in stride(from: 0, to: 8, by: 4) {
        for v in stride(from: 0, to: 126, by: 3) {
            do {
                let rows = weightGrad + j * gradRow + v
                var a0_0 = rows[0], a0_1 = rows[1], a0_2 = rows[2]
                var a1_0 = rows[gradRow], a1_1 = rows[gradRow + 1], a1_2 = rows[gradRow + 2]
                var a2_0 = rows[2 * gradRow], a2_1 = rows[2 * gradRow + 1], a2_2 = rows[2 * gradRow + 2]
                var a3_0 = rows[3 * gradRow], a3_1 = rows[3 * gradRow + 1], a3_2 = rows[3 * gradRow + 2]
                for l in 0..<8 {
                    let x0 = xT[l * xTRow + v], x1 = xT[l * xTRow + v + 1], x2 = xT[l * xTRow + v + 2]
                    let d0 = V(repeating: dzs[j * 8 + l])
                    a0_0 = a0_0.addingProduct(d0, x0)
                    a0_1 = a0_1.addingProduct(d0, x1)
                    a0_2 = a0_2.addingProduct(d0, x2)
                    let d1 = V(repeating: dzs[j * 8 + 8 + l])
                    a1_0 = a1_0.addingProduct(d1, x0)
                    a1_1 = a1_1.addingProduct(d1, x1)
                    a1_2 = a1_2.addingProduct(d1, x2)
                    let d2 = V(repeating: dzs[j * 8 + 16 + l])
                    a2_0 = a2_0.addingProduct(d2, x0)
                    a2_1 = a2_1.addingProduct(d2, x1)
                    a2_2 = a2_2.addingProduct(d2, x2)
                    let d3 = V(repeating: dzs[j * 8 + 24 + l])
                    a3_0 = a3_0.addingProduct(d3, x0)
                    a3_1 = a3_1.addingProduct(d3, x1)
                    a3_2 = a3_2.addingProduct(d3, x2)
                }
                rows[0] = a0_0
                rows[1] = a0_1
                rows[2] = a0_2
                rows[gradRow] = a1_0
                rows[gradRow + 1] = a1_1
                rows[gradRow + 2] = a1_2
                rows[2 * gradRow] = a2_0
                rows[2 * gradRow + 1] = a2_1
                rows[2 * gradRow + 2] = a2_2
                rows[3 * gradRow] = a3_0
                rows[3 * gradRow + 1] = a3_1
                rows[3 * gradRow + 2] = a3_2
            }
        }
        do {
            let rows = weightGrad + j * gradRow + 126
            var a0_0 = rows[0], a0_1 = rows[1]
            var a1_0 = rows[gradRow], a1_1 = rows[gradRow + 1]
            var a2_0 = rows[2 * gradRow], a2_1 = rows[2 * gradRow + 1]
            var a3_0 = rows[3 * gradRow], a3_1 = rows[3 * gradRow + 1]
            for l in 0..<8 {
                let x0 = xT[l * xTRow + 126], x1 = xT[l * xTRow + 127]
                let d0 = V(repeating: dzs[j * 8 + l])
                a0_0 = a0_0.addingProduct(d0, x0)
                a0_1 = a0_1.addingProduct(d0, x1)
                let d1 = V(repeating: dzs[j * 8 + 8 + l])
                a1_0 = a1_0.addingProduct(d1, x0)
                a1_1 = a1_1.addingProduct(d1, x1)
                let d2 = V(repeating: dzs[j * 8 + 16 + l])
                a2_0 = a2_0.addingProduct(d2, x0)
                a2_1 = a2_1.addingProduct(d2, x1)
                let d3 = V(repeating: dzs[j * 8 + 24 + l])
                a3_0 = a3_0.addingProduct(d3, x0)
                a3_1 = a3_1.addingProduct(d3, x1)
            }
            rows[0] = a0_0
            rows[1] = a0_1
            rows[gradRow] = a1_0
            rows[gradRow + 1] = a1_1
            rows[2 * gradRow] = a2_0
            rows[2 * gradRow + 1] = a2_1
            rows[3 * gradRow] = a3_0
            rows[3 * gradRow + 1] = a3_1
        }
    }
    for v in stride(from: 0, to: 126, by: 3) {
        do {
            let rows = weightGrad + v + 8 * gradRow
            var a0_0 = rows[0], a0_1 = rows[1], a0_2 = rows[2]
            var a1_0 = rows[gradRow], a1_1 = rows[gradRow + 1], a1_2 = rows[gradRow + 2]
            for l in 0..<8 {
                let x0 = xT[l * xTRow + v], x1 = xT[l * xTRow + v + 1], x2 = xT[l * xTRow + v + 2]
                let d0 = V(repeating: dzs[64 + l])
                a0_0 = a0_0.addingProduct(d0, x0)
                a0_1 = a0_1.addingProduct(d0, x1)
                a0_2 = a0_2.addingProduct(d0, x2)
                let d1 = V(repeating: dzs[72 + l])
                a1_0 = a1_0.addingProduct(d1, x0)
                a1_1 = a1_1.addingProduct(d1, x1)
                a1_2 = a1_2.addingProduct(d1, x2)
            }
            rows[0] = a0_0
            rows[1] = a0_1
            rows[2] = a0_2
            rows[gradRow] = a1_0
            rows[gradRow + 1] = a1_1
            rows[gradRow + 2] = a1_2
        }
    }
    do {
        let rows = weightGrad + 8 * gradRow + 126
        var a0_0 = rows[0], a0_1 = rows[1]
        var a1_0 = rows[gradRow], a1_1 = rows[gradRow + 1]
        for l in 0..<8 {
            let x0 = xT[l * xTRow + 126], x1 = xT[l * xTRow + 127]
            let d0 = V(repeating: dzs[64 + l])
            a0_0 = a0_0.addingProduct(d0, x0)
            a0_1 = a0_1.addingProduct(d0, x1)
            let d1 = V(repeating: dzs[72 + l])
            a1_0 = a1_0.addingProduct(d1, x0)
            a1_1 = a1_1.addingProduct(d1, x1)
        }
        rows[0] = a0_0
        rows[1] = a0_1
        rows[gradRow] = a1_0
        rows[gradRow + 1] = a1_1
    }

    // input gradient dx[i] = Σ_j W[j][i]·dz[j]: register tiles of 12 inputs
    let dout9 = ws.dout9 // (L, 1024)
    for i in stride(from: 0, to: 1020, by: 12) {
        do {
            var t0 = V(), t1 = V(), t2 = V(), t3 = V(), t4 = V(), t5 = V(), t6 = V(), t7 = V(), t8 = V()
            var t9 = V(), t10 = V(), t11 = V()
            let column = weight + i
            for j in 0..<10 {
                let d = dout10[j]
                let w = column + j * wRow
                t0 = t0.addingProduct(d, V(repeating: w[0]))
                t1 = t1.addingProduct(d, V(repeating: w[1]))
                t2 = t2.addingProduct(d, V(repeating: w[2]))
                t3 = t3.addingProduct(d, V(repeating: w[3]))
                t4 = t4.addingProduct(d, V(repeating: w[4]))
                t5 = t5.addingProduct(d, V(repeating: w[5]))
                t6 = t6.addingProduct(d, V(repeating: w[6]))
                t7 = t7.addingProduct(d, V(repeating: w[7]))
                t8 = t8.addingProduct(d, V(repeating: w[8]))
                t9 = t9.addingProduct(d, V(repeating: w[9]))
                t10 = t10.addingProduct(d, V(repeating: w[10]))
                t11 = t11.addingProduct(d, V(repeating: w[11]))
            }
            dout9[i] = t0
            dout9[i + 1] = t1
            dout9[i + 2] = t2
            dout9[i + 3] = t3
            dout9[i + 4] = t4
            dout9[i + 5] = t5
            dout9[i + 6] = t6
            dout9[i + 7] = t7
            dout9[i + 8] = t8
            dout9[i + 9] = t9
            dout9[i + 10] = t10
            dout9[i + 11] = t11
        }
    }
    do {
        var t0 = V(), t1 = V(), t2 = V(), t3 = V()
        let column = weight + 1020
        for j in 0..<10 {
            let d = dout10[j]
            let w = column + j * wRow
            t0 = t0.addingProduct(d, V(repeating: w[0]))
            t1 = t1.addingProduct(d, V(repeating: w[1]))
            t2 = t2.addingProduct(d, V(repeating: w[2]))
            t3 = t3.addingProduct(d, V(repeating: w[3]))
        }
        dout9[1020] = t0
        dout9[1021] = t1
        dout9[1022] = t2
        dout9[1023] = t3
    }
}

/// dropout9 backward: from dout9 (L, 1024), writes dout8 (L, 1024)
private func dropout9_backward(_ ws: Workspace) {
    let dout9 = UnsafePointer(ws.dout9)
    let dout8 = ws.dout8 // (L, 1024)
    let mask = ws.mask0
    for i in 0..<1024 {
        dout8[i] = dout9[i] * mask[i]
    }
}

/// dense7_relu8 backward, first half: relu backward in place (dout8 becomes the pre-activation gradient dz),
/// the bias gradient db[j] = Σ_n dz[n, j] into the gradient arena, dz transposed into dzT7 and the input
/// transposed into xT7 for the weight gradient. Parts split the outputs, then the groups.
private func dense7_relu8_backward_prepare(
    _ grad: UnsafeMutablePointer<Float>, _ batch: Batch, count: Int, part: Int, parts: Int
) {
    let groups = (count + 7) / 8, examples = groups * 8 // examples: the row stride of dzT7
    let out8 = UnsafePointer(batch.out8) // (N, 1024)
    let dout8 = batch.dout8 // (N, 1024)
    let out5 = UnsafeRawPointer(batch.out5).assumingMemoryBound(to: Float.self) // (N, 3136): (N, 64, 7, 7) flattened
    let dzT7 = UnsafeMutableRawPointer(batch.dzT7) // (1024, N) floats
    let xT7 = batch.xT7 // (N, 3136) floats
    let inputs = 3136, outputs = 1024
    for j in outputs * part / parts..<outputs * (part + 1) / parts {
        var sum = V()
        for g in 0..<groups {
            let d = dout8[g * outputs + j].replacing(with: 0, where: out8[g * outputs + j] .<= 0)
            dout8[g * outputs + j] = d
            sum += d
            dzT7.storeBytes(of: d, toByteOffset: (j * examples + g * 8) * 4, as: V.self)
        }
        grad[Arena.b7 + j] = hsum(sum)
    }
    for g in groups * part / parts..<groups * (part + 1) / parts {
        let x = out5 + g * inputs * 8
        for l in 0..<8 {
            let row = xT7 + (g * 8 + l) * 3136
            for i in 0..<inputs { row[i] = x[i * 8 + l] }
        }
    }
}

/// dense7_relu8 backward: from dout8 (L, 1024), adds the gradients of 7.weight and 7.bias, writes dout5 (L,
/// 64, 7, 7)
private func dense7_relu8_backward_inputs(
    _ params: UnsafePointer<Float>, _ batch: Batch, count: Int, part: Int, parts: Int
) {
    let groups = (count + 7) / 8
    let inputs = 3136, outputs = 1024
    // dx[n, i] = Σ_j W[j, i] · dz[n, j] for every example n. Register tiles of 4 inputs × 3 groups: each
    // weight broadcast serves 24 examples; this part takes its share of the input tiles. Each tile sums 8
    // rows of W at a time, for every group, before the next rows (partial sums wait in dx): the rows lie
    // 12544 bytes apart, and a strip of them longer than the L1's 12 ways would be fetched again for every
    // group tile.
    let weight = params + Arena.w7
    let dout8 = UnsafePointer(batch.dout8) // (N, 1024): dz
    let dout5 = batch.dout5 // (N, 3136): (N, 64, 7, 7) flattened
    for t in 784 * part / parts..<784 * (part + 1) / parts {
        let t0 = t * 4
        for k0 in stride(from: 0, to: outputs, by: 8) {
            let k1 = min(k0 + 8, outputs)
            var g = 0
            while groups - g >= 5 || groups - g == 3 {
                let z0 = dout8 + g * outputs, z1 = z0 + outputs, z2 = z1 + outputs
                let dx0 = dout5 + g * inputs + t0, dx1 = dx0 + inputs, dx2 = dx1 + inputs
                var t0_0 = k0 == 0 ? V() : dx0[0], t0_1 = k0 == 0 ? V() : dx1[0]
                var t0_2 = k0 == 0 ? V() : dx2[0]
                var t1_0 = k0 == 0 ? V() : dx0[1], t1_1 = k0 == 0 ? V() : dx1[1]
                var t1_2 = k0 == 0 ? V() : dx2[1]
                var t2_0 = k0 == 0 ? V() : dx0[2], t2_1 = k0 == 0 ? V() : dx1[2]
                var t2_2 = k0 == 0 ? V() : dx2[2]
                var t3_0 = k0 == 0 ? V() : dx0[3], t3_1 = k0 == 0 ? V() : dx1[3]
                var t3_2 = k0 == 0 ? V() : dx2[3]
                for j in k0..<k1 {
                    let z0j = z0[j], z1j = z1[j], z2j = z2[j]
                    let w = weight + t0 + j * inputs
                    let b0 = V(repeating: w[0])
                    t0_0 = t0_0.addingProduct(z0j, b0)
                    t0_1 = t0_1.addingProduct(z1j, b0)
                    t0_2 = t0_2.addingProduct(z2j, b0)
                    let b1 = V(repeating: w[1])
                    t1_0 = t1_0.addingProduct(z0j, b1)
                    t1_1 = t1_1.addingProduct(z1j, b1)
                    t1_2 = t1_2.addingProduct(z2j, b1)
                    let b2 = V(repeating: w[2])
                    t2_0 = t2_0.addingProduct(z0j, b2)
                    t2_1 = t2_1.addingProduct(z1j, b2)
                    t2_2 = t2_2.addingProduct(z2j, b2)
                    let b3 = V(repeating: w[3])
                    t3_0 = t3_0.addingProduct(z0j, b3)
                    t3_1 = t3_1.addingProduct(z1j, b3)
                    t3_2 = t3_2.addingProduct(z2j, b3)
                }
                dx0[0] = t0_0
                dx0[1] = t1_0
                dx0[2] = t2_0
                dx0[3] = t3_0
                dx1[0] = t0_1
                dx1[1] = t1_1
                dx1[2] = t2_1
                dx1[3] = t3_1
                dx2[0] = t0_2
                dx2[1] = t1_2
                dx2[2] = t2_2
                dx2[3] = t3_2
                g += 3
            }
            while groups - g >= 2 {
                let z0 = dout8 + g * outputs, z1 = z0 + outputs
                let dx0 = dout5 + g * inputs + t0, dx1 = dx0 + inputs
                var t0_0 = k0 == 0 ? V() : dx0[0], t0_1 = k0 == 0 ? V() : dx1[0]
                var t1_0 = k0 == 0 ? V() : dx0[1], t1_1 = k0 == 0 ? V() : dx1[1]
                var t2_0 = k0 == 0 ? V() : dx0[2], t2_1 = k0 == 0 ? V() : dx1[2]
                var t3_0 = k0 == 0 ? V() : dx0[3], t3_1 = k0 == 0 ? V() : dx1[3]
                for j in k0..<k1 {
                    let z0j = z0[j], z1j = z1[j]
                    let w = weight + t0 + j * inputs
                    let b0 = V(repeating: w[0])
                    t0_0 = t0_0.addingProduct(z0j, b0)
                    t0_1 = t0_1.addingProduct(z1j, b0)
                    let b1 = V(repeating: w[1])
                    t1_0 = t1_0.addingProduct(z0j, b1)
                    t1_1 = t1_1.addingProduct(z1j, b1)
                    let b2 = V(repeating: w[2])
                    t2_0 = t2_0.addingProduct(z0j, b2)
                    t2_1 = t2_1.addingProduct(z1j, b2)
                    let b3 = V(repeating: w[3])
                    t3_0 = t3_0.addingProduct(z0j, b3)
                    t3_1 = t3_1.addingProduct(z1j, b3)
                }
                dx0[0] = t0_0
                dx0[1] = t1_0
                dx0[2] = t2_0
                dx0[3] = t3_0
                dx1[0] = t0_1
                dx1[1] = t1_1
                dx1[2] = t2_1
                dx1[3] = t3_1
                g += 2
            }
            if g < groups {
                let z0 = dout8 + g * outputs
                let dx0 = dout5 + g * inputs + t0
                var t0_0 = k0 == 0 ? V() : dx0[0]
                var t1_0 = k0 == 0 ? V() : dx0[1]
                var t2_0 = k0 == 0 ? V() : dx0[2]
                var t3_0 = k0 == 0 ? V() : dx0[3]
                for j in k0..<k1 {
                    let z0j = z0[j]
                    let w = weight + t0 + j * inputs
                    let b0 = V(repeating: w[0])
                    t0_0 = t0_0.addingProduct(z0j, b0)
                    let b1 = V(repeating: w[1])
                    t1_0 = t1_0.addingProduct(z0j, b1)
                    let b2 = V(repeating: w[2])
                    t2_0 = t2_0.addingProduct(z0j, b2)
                    let b3 = V(repeating: w[3])
                    t3_0 = t3_0.addingProduct(z0j, b3)
                }
                dx0[0] = t0_0
                dx0[1] = t1_0
                dx0[2] = t2_0
                dx0[3] = t3_0
            }
        }
    }
}

/// dense7_relu8 backward, the weight gradient of 7.weight (after the input gradient, which reads the
/// weights). With `update`, each tile of rows of dW goes to this part's `scratch` and the optimizer's update
/// is applied to those rows of 7.weight at once, while dW is in cache (the rows of the gradient arena are not
/// written); without, dW goes into the gradient arena.
private func dense7_relu8_backward_weights(
    _ grad: UnsafeMutablePointer<Float>, _ batch: Batch, count: Int, update: FusedUpdate?, scratch: UnsafeMutablePointer<Float>, part: Int, parts: Int
) {
    let groups = (count + 7) / 8, examples = groups * 8
    let dzT7 = UnsafeRawPointer(batch.dzT7).assumingMemoryBound(to: Float.self) // (1024, N): dz, one row per output
    let xT7 = UnsafeRawPointer(batch.xT7).assumingMemoryBound(to: V.self) // (N, 3136): x, one row per example
    let weightGrad = grad + Arena.w7 // 7.weight (1024, 3136)
    let inputs = 3136
    // dW[j, i] = Σ_n dz[n, j] · x[n, i] over the batch's examples n, in example order. Register tiles of 4
    // outputs × 3 vectors of 8 inputs; this part takes its share of the output tiles, each 4 rows of dW
    // (50,176 bytes, in L2).
    for t in 256 * part / parts..<256 * (part + 1) / parts {
        let t0 = t * 4
        let d0 = dzT7 + t0 * examples, d1 = d0 + examples, d2 = d1 + examples, d3 = d2 + examples
        let rows = UnsafeMutableRawPointer(update == nil ? weightGrad + t0 * inputs : scratch) // dW[t0..., :], 4 × 3136
        for v in stride(from: 0, to: 390, by: 3) {
            do {
                var a0_0 = V(), a0_1 = V(), a0_2 = V()
                var a1_0 = V(), a1_1 = V(), a1_2 = V()
                var a2_0 = V(), a2_1 = V(), a2_2 = V()
                var a3_0 = V(), a3_1 = V(), a3_2 = V()
                for n in 0..<count {
                    let x = xT7 + n * 392 + v
                    let x0 = x[0], x1 = x[1], x2 = x[2]
                    let b0 = V(repeating: d0[n])
                    a0_0 = a0_0.addingProduct(b0, x0)
                    a0_1 = a0_1.addingProduct(b0, x1)
                    a0_2 = a0_2.addingProduct(b0, x2)
                    let b1 = V(repeating: d1[n])
                    a1_0 = a1_0.addingProduct(b1, x0)
                    a1_1 = a1_1.addingProduct(b1, x1)
                    a1_2 = a1_2.addingProduct(b1, x2)
                    let b2 = V(repeating: d2[n])
                    a2_0 = a2_0.addingProduct(b2, x0)
                    a2_1 = a2_1.addingProduct(b2, x1)
                    a2_2 = a2_2.addingProduct(b2, x2)
                    let b3 = V(repeating: d3[n])
                    a3_0 = a3_0.addingProduct(b3, x0)
                    a3_1 = a3_1.addingProduct(b3, x1)
                    a3_2 = a3_2.addingProduct(b3, x2)
                }
                rows.storeBytes(of: a0_0, toByteOffset: (v * 8) * 4, as: V.self)
                rows.storeBytes(of: a0_1, toByteOffset: ((v + 1) * 8) * 4, as: V.self)
                rows.storeBytes(of: a0_2, toByteOffset: ((v + 2) * 8) * 4, as: V.self)
                rows.storeBytes(of: a1_0, toByteOffset: (inputs + v * 8) * 4, as: V.self)
                rows.storeBytes(of: a1_1, toByteOffset: (inputs + (v + 1) * 8) * 4, as: V.self)
                rows.storeBytes(of: a1_2, toByteOffset: (inputs + (v + 2) * 8) * 4, as: V.self)
                rows.storeBytes(of: a2_0, toByteOffset: (2 * inputs + v * 8) * 4, as: V.self)
                rows.storeBytes(of: a2_1, toByteOffset: (2 * inputs + (v + 1) * 8) * 4, as: V.self)
                rows.storeBytes(of: a2_2, toByteOffset: (2 * inputs + (v + 2) * 8) * 4, as: V.self)
                rows.storeBytes(of: a3_0, toByteOffset: (3 * inputs + v * 8) * 4, as: V.self)
                rows.storeBytes(of: a3_1, toByteOffset: (3 * inputs + (v + 1) * 8) * 4, as: V.self)
                rows.storeBytes(of: a3_2, toByteOffset: (3 * inputs + (v + 2) * 8) * 4, as: V.self)
            }
        }
        do {
            var a0_0 = V(), a0_1 = V()
            var a1_0 = V(), a1_1 = V()
            var a2_0 = V(), a2_1 = V()
            var a3_0 = V(), a3_1 = V()
            for n in 0..<count {
                let x = xT7 + n * 392 + 390
                let x0 = x[0], x1 = x[1]
                let b0 = V(repeating: d0[n])
                a0_0 = a0_0.addingProduct(b0, x0)
                a0_1 = a0_1.addingProduct(b0, x1)
                let b1 = V(repeating: d1[n])
                a1_0 = a1_0.addingProduct(b1, x0)
                a1_1 = a1_1.addingProduct(b1, x1)
                let b2 = V(repeating: d2[n])
                a2_0 = a2_0.addingProduct(b2, x0)
                a2_1 = a2_1.addingProduct(b2, x1)
                let b3 = V(repeating: d3[n])
                a3_0 = a3_0.addingProduct(b3, x0)
                a3_1 = a3_1.addingProduct(b3, x1)
            }
            rows.storeBytes(of: a0_0, toByteOffset: (390 * 8) * 4, as: V.self)
            rows.storeBytes(of: a0_1, toByteOffset: (391 * 8) * 4, as: V.self)
            rows.storeBytes(of: a1_0, toByteOffset: (inputs + 390 * 8) * 4, as: V.self)
            rows.storeBytes(of: a1_1, toByteOffset: (inputs + 391 * 8) * 4, as: V.self)
            rows.storeBytes(of: a2_0, toByteOffset: (2 * inputs + 390 * 8) * 4, as: V.self)
            rows.storeBytes(of: a2_1, toByteOffset: (2 * inputs + 391 * 8) * 4, as: V.self)
            rows.storeBytes(of: a3_0, toByteOffset: (3 * inputs + 390 * 8) * 4, as: V.self)
            rows.storeBytes(of: a3_1, toByteOffset: (3 * inputs + 391 * 8) * 4, as: V.self)
        }
        update?.apply(Arena.w7 + t0 * inputs..<Arena.w7 + t0 * inputs + 12_544, gradient: scratch)
    }
}

/// conv3_relu4_maxpool5 backward: from dout5 (L, 64, 7, 7), adds the gradients of 3.weight and 3.bias, writes
/// dout2 (L, 32, 14, 14)
/// First half, a share of the output channels: pool, activation and bias backward, then the weight gradient.
private func conv3_relu4_maxpool5_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace, part: Int, parts: Int
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out2Plane = 324, out2Row = 18
    let out4Plane = 324, out4Row = 18
    let out5Plane = 49, out5Row = 7
    let wOut = 800, wIn = 25, wRow = 5
    let argmax5Plane = 49, argmax5Row = 7
    let out2 = UnsafePointer(ws.out2) // (L, 32, 14, 14), stored 18×18 with a zero border
    let dout4 = ws.dout4 // (L, 64, 14, 14), stored 18×18 with a zero border, becomes the gradient of the conv's pre-activation output
    _ = params // the weights are read by the second half
    let weightGrad = acc + Acc.w3 // 3.weight, one vector per weight
    let biasGrad = acc + Acc.b3 // 3.bias, one vector per channel
    let c0 = 2 * (32 * part / parts), c1 = part == parts - 1 ? 64 : 2 * (32 * (part + 1) / parts)
    let out5 = UnsafePointer(ws.out5) // (L, 64, 7, 7)
    let dout5 = UnsafePointer(ws.dout5) // (L, 64, 7, 7)
    let argmax5 = UnsafePointer(ws.argmax5)
    // maxpool backward + relu backward + bias gradient, one pass (the windows tile the conv output)
    // the winner of each window holds the pooled value, so relu's derivative there comes from out5
    for c in c0..<c1 {
        var db = V()
        for py in 0..<7 {
            for px in 0..<7 {
                let k = argmax5[c * argmax5Plane + py * argmax5Row + px]
                let y = out5[c * out5Plane + py * out5Row + px]
                let g = dout5[c * out5Plane + py * out5Row + px].replacing(with: 0, where: y .<= 0)
                let dy = dout4 + c * out4Plane + py * 2 * out4Row + px * 2 + 2 * out4Row + 2
                dy[0] = g.replacing(with: 0, where: k .!= VI(repeating: 0))
                dy[1] = g.replacing(with: 0, where: k .!= VI(repeating: 1))
                dy[out4Row] = g.replacing(with: 0, where: k .!= VI(repeating: 2))
                dy[out4Row + 1] = g.replacing(with: 0, where: k .!= VI(repeating: 3))
                db += g
            }
        }
        biasGrad[c] += db
    }

    // dw[c, i, ky, kx] = Σ_oy,ox dout[c, oy, ox] · in[i, oy + ky − 2, ox + kx − 2], lanes summed at the end
    // of the step
    // weight gradient: register tiles of 2 output channels × 5 kernel columns, summed over the 14×14 outputs
    for co in 32 * part / parts..<32 * (part + 1) / parts {
        let co0 = co * 2
        for ci in 0..<32 {
            for ky in 0..<5 {
                do {
                    var g0_0 = V(), g0_1 = V(), g0_2 = V(), g0_3 = V(), g0_4 = V()
                    var g1_0 = V(), g1_1 = V(), g1_2 = V(), g1_3 = V(), g1_4 = V()
                    for oy in 0..<14 {
                        let drow = dout4 + co0 * out4Plane + oy * out4Row + 2 * out4Row + 2
                        let irow = out2 + ci * out2Plane + oy * out2Row + ky * out2Row
                        for ox in 0..<14 {
                            let d0 = drow[ox], d1 = drow[ox + out4Plane]
                            let i0 = irow[ox], i1 = irow[ox + 1], i2 = irow[ox + 2], i3 = irow[ox + 3]
                            let i4 = irow[ox + 4]
                            g0_0 = g0_0.addingProduct(d0, i0)
                            g0_1 = g0_1.addingProduct(d0, i1)
                            g0_2 = g0_2.addingProduct(d0, i2)
                            g0_3 = g0_3.addingProduct(d0, i3)
                            g0_4 = g0_4.addingProduct(d0, i4)
                            g1_0 = g1_0.addingProduct(d1, i0)
                            g1_1 = g1_1.addingProduct(d1, i1)
                            g1_2 = g1_2.addingProduct(d1, i2)
                            g1_3 = g1_3.addingProduct(d1, i3)
                            g1_4 = g1_4.addingProduct(d1, i4)
                        }
                    }
                    weightGrad[co0 * wOut + ci * wIn + ky * wRow] += g0_0
                    weightGrad[co0 * wOut + ci * wIn + ky * wRow + 1] += g0_1
                    weightGrad[co0 * wOut + ci * wIn + ky * wRow + 2] += g0_2
                    weightGrad[co0 * wOut + ci * wIn + ky * wRow + 3] += g0_3
                    weightGrad[co0 * wOut + ci * wIn + ky * wRow + 4] += g0_4
                    weightGrad[co0 * wOut + ci * wIn + ky * wRow + wOut] += g1_0
                    weightGrad[co0 * wOut + ci * wIn + ky * wRow + wOut + 1] += g1_1
                    weightGrad[co0 * wOut + ci * wIn + ky * wRow + wOut + 2] += g1_2
                    weightGrad[co0 * wOut + ci * wIn + ky * wRow + wOut + 3] += g1_3
                    weightGrad[co0 * wOut + ci * wIn + ky * wRow + wOut + 4] += g1_4
                }
            }
        }
    }
}

/// conv3_relu4_maxpool5 backward, first half, for a last group of at most 3 examples (`valid`): pool,
/// activation and bias backward on every lane, then the weight gradient one example at a time with 8 output
/// channels to a vector.
private func conv3_relu4_maxpool5_backward_short(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace, valid: Int, scratch: UnsafeMutablePointer<V>, part: Int, parts: Int
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out2Plane = 324, out2Row = 18
    let out4Plane = 324, out4Row = 18
    let out5Plane = 49, out5Row = 7
    let wOut = 800, wIn = 25, wRow = 5
    let dTRow = 896, dTPixel = 64
    let argmax5Plane = 49, argmax5Row = 7
    let out2 = UnsafePointer(ws.out2) // (L, 32, 14, 14), stored 18×18 with a zero border
    let dout4 = ws.dout4 // (L, 64, 14, 14), stored 18×18 with a zero border, becomes the gradient of the conv's pre-activation output
    _ = params // the weights are read by the second half
    let weightGrad = acc + Acc.w3 // 3.weight, one vector per weight
    let biasGrad = acc + Acc.b3 // 3.bias, one vector per channel
    let c0 = 16 * (4 * part / parts), c1 = part == parts - 1 ? 64 : 16 * (4 * (part + 1) / parts)
    let out5 = UnsafePointer(ws.out5) // (L, 64, 7, 7)
    let dout5 = UnsafePointer(ws.dout5) // (L, 64, 7, 7)
    let argmax5 = UnsafePointer(ws.argmax5)
    // maxpool backward + relu backward + bias gradient, one pass (the windows tile the conv output)
    // the winner of each window holds the pooled value, so relu's derivative there comes from out5
    for c in c0..<c1 {
        var db = V()
        for py in 0..<7 {
            for px in 0..<7 {
                let k = argmax5[c * argmax5Plane + py * argmax5Row + px]
                let y = out5[c * out5Plane + py * out5Row + px]
                let g = dout5[c * out5Plane + py * out5Row + px].replacing(with: 0, where: y .<= 0)
                let dy = dout4 + c * out4Plane + py * 2 * out4Row + px * 2 + 2 * out4Row + 2
                dy[0] = g.replacing(with: 0, where: k .!= VI(repeating: 0))
                dy[1] = g.replacing(with: 0, where: k .!= VI(repeating: 1))
                dy[out4Row] = g.replacing(with: 0, where: k .!= VI(repeating: 2))
                dy[out4Row + 1] = g.replacing(with: 0, where: k .!= VI(repeating: 3))
                db += g
            }
        }
        biasGrad[c] += db
    }

    // dw[c, i, ky, kx] = Σ_oy,ox dout[c, oy, ox] · in[i, oy + ky − 2, ox + kx − 2] for each example e <
    // valid, added into lane e of the accumulators
    // the example's output gradient laid out as dT[oy, ox, c] (this part's channels), then register tiles of
    // 2 vectors of 8 output channels × 5 kernel columns, summed over the 14×14 outputs
    let dT = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Float.self) // (14, 14, 64)
    for e in 0..<valid {
        let out2E = UnsafeRawPointer(out2).assumingMemoryBound(to: Float.self) + e // lane e of out2: vector i at float 8 · i
        let dout4E = UnsafeRawPointer(dout4).assumingMemoryBound(to: Float.self) + e // lane e of dout4: vector i at float 8 · i
        let weightGradE = UnsafeMutableRawPointer(weightGrad).assumingMemoryBound(to: Float.self) + e
        for c in c0..<c1 {
            for oy in 0..<14 {
                for ox in 0..<14 {
                    dT[oy * dTRow + ox * dTPixel + c] = dout4E[8 * (c * out4Plane + oy * out4Row + ox + 2 * out4Row + 2)]
                }
            }
        }
        for co in 4 * part / parts..<4 * (part + 1) / parts {
            let co0 = co * 16
            for ci in 0..<32 {
                for ky in 0..<5 {
                    do {
                        var g0_0 = V(), g0_1 = V(), g0_2 = V(), g0_3 = V(), g0_4 = V()
                        var g1_0 = V(), g1_1 = V(), g1_2 = V(), g1_3 = V(), g1_4 = V()
                        for oy in 0..<14 {
                            let drow = dT + oy * dTRow + co0
                            let irow = out2E + 8 * (ci * out2Plane + oy * out2Row + ky * out2Row)
                            for ox in 0..<14 {
                                let d0 = VectorMath.load(drow + ox * dTPixel)
                                let d1 = VectorMath.load(drow + ox * dTPixel + 8)
                                let i0 = V(repeating: irow[ox * 8]), i1 = V(repeating: irow[ox * 8 + 8])
                                let i2 = V(repeating: irow[ox * 8 + 16]), i3 = V(repeating: irow[ox * 8 + 24])
                                let i4 = V(repeating: irow[ox * 8 + 32])
                                g0_0 = g0_0.addingProduct(d0, i0)
                                g0_1 = g0_1.addingProduct(d0, i1)
                                g0_2 = g0_2.addingProduct(d0, i2)
                                g0_3 = g0_3.addingProduct(d0, i3)
                                g0_4 = g0_4.addingProduct(d0, i4)
                                g1_0 = g1_0.addingProduct(d1, i0)
                                g1_1 = g1_1.addingProduct(d1, i1)
                                g1_2 = g1_2.addingProduct(d1, i2)
                                g1_3 = g1_3.addingProduct(d1, i3)
                                g1_4 = g1_4.addingProduct(d1, i4)
                            }
                        }
                        VectorMath.spread(g0_0, adding: weightGradE + 8 * (co0 * wOut + ci * wIn + ky * wRow), stride: 8 * wOut)
                        VectorMath.spread(g0_1, adding: weightGradE + 8 * (co0 * wOut + ci * wIn + ky * wRow + 1), stride: 8 * wOut)
                        VectorMath.spread(g0_2, adding: weightGradE + 8 * (co0 * wOut + ci * wIn + ky * wRow + 2), stride: 8 * wOut)
                        VectorMath.spread(g0_3, adding: weightGradE + 8 * (co0 * wOut + ci * wIn + ky * wRow + 3), stride: 8 * wOut)
                        VectorMath.spread(g0_4, adding: weightGradE + 8 * (co0 * wOut + ci * wIn + ky * wRow + 4), stride: 8 * wOut)
                        VectorMath.spread(g1_0, adding: weightGradE + 8 * (co0 * wOut + ci * wIn + ky * wRow + 8 * wOut), stride: 8 * wOut)
                        VectorMath.spread(g1_1, adding: weightGradE + 8 * (co0 * wOut + ci * wIn + ky * wRow + 8 * wOut + 1), stride: 8 * wOut)
                        VectorMath.spread(g1_2, adding: weightGradE + 8 * (co0 * wOut + ci * wIn + ky * wRow + 8 * wOut + 2), stride: 8 * wOut)
                        VectorMath.spread(g1_3, adding: weightGradE + 8 * (co0 * wOut + ci * wIn + ky * wRow + 8 * wOut + 3), stride: 8 * wOut)
                        VectorMath.spread(g1_4, adding: weightGradE + 8 * (co0 * wOut + ci * wIn + ky * wRow + 8 * wOut + 4), stride: 8 * wOut)
                    }
                }
            }
        }
    }
}

/// conv3_relu4_maxpool5 backward, second half, every input channel of one group: the input gradient (every
/// output channel's gradient is ready), run group by group so that each group's Winograd transforms serve all
/// its channels.
private func conv3_relu4_maxpool5_backward_inputs(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out2Plane = 324, out2Row = 18
    let out4Plane = 324, out4Row = 18
    let dout4 = UnsafePointer(ws.dout4) // (L, 64, 14, 14), stored 18×18 with a zero border
    _ = params // the Winograd weights hold the flipped filters
    // din[i, y, x] = Σ_c,ky,kx w[c, i, ky, kx] · dout[c, y + 2 − ky, x + 2 − kx], zero outside dout
    // input gradient, gathered: the forward pass over dout's zero border with the kernel flipped (tap ky, kx
    // reads w[c, i, 4 − ky, 4 − kx])
    let dout2 = ws.dout2
    // Winograd F(2×2, 5×5): each 2×2 output tile is Aᵀ · [Σ_i U[c, i] ⊙ (Bᵀ · d[i] · B)] · A, d[i] the tile's
    // 6×6 window of input channel i and U = G · w · Gᵀ (winograd_weights): 36 products per input channel and
    // tile instead of 100. 1 row of 7 tiles at a time: V, their transformed inputs (36, 64, 7), then M, the
    // products of every output channel (36, 32, 7), both in L2.
    // Bᵀ = [[4, 0, -5, 0, 1, 0], [0, -4, -4, 1, 1, 0], [0, 4, -4, -1, 1, 0], [0, -2, -1, 2, 1, 0], [0, 2, -1,
    // -2, 1, 0], [0, 4, 0, -5, 0, 1]], Aᵀ = [[1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 1]]
    let wV = ws.winograd // V: (36, 64, 7)
    let wM = ws.winograd + 16_128 // M: (36, 32, 7)
    let wU = UnsafePointer(ws.winogradWeights + 73_728) // U: (36, 32, 64) floats
    let k2 = V(repeating: 2.0), k4 = V(repeating: 4.0), k5 = V(repeating: 5.0)
    for by in 0..<7 {
        // V = Bᵀ · d · B for every input channel and tile of the block
        for ci in 0..<64 {
            for tx in 0..<7 {
                let d = dout4 + ci * out4Plane + by * 2 * out4Row + tx * 2
                let d0_0 = d[0], d0_1 = d[1], d0_2 = d[2], d0_3 = d[3], d0_4 = d[4], d0_5 = d[5]
                let d1_0 = d[out4Row], d1_1 = d[out4Row + 1], d1_2 = d[out4Row + 2], d1_3 = d[out4Row + 3]
                let d1_4 = d[out4Row + 4], d1_5 = d[out4Row + 5]
                let d2_0 = d[2 * out4Row], d2_1 = d[2 * out4Row + 1], d2_2 = d[2 * out4Row + 2]
                let d2_3 = d[2 * out4Row + 3], d2_4 = d[2 * out4Row + 4], d2_5 = d[2 * out4Row + 5]
                let d3_0 = d[3 * out4Row], d3_1 = d[3 * out4Row + 1], d3_2 = d[3 * out4Row + 2]
                let d3_3 = d[3 * out4Row + 3], d3_4 = d[3 * out4Row + 4], d3_5 = d[3 * out4Row + 5]
                let d4_0 = d[4 * out4Row], d4_1 = d[4 * out4Row + 1], d4_2 = d[4 * out4Row + 2]
                let d4_3 = d[4 * out4Row + 3], d4_4 = d[4 * out4Row + 4], d4_5 = d[4 * out4Row + 5]
                let d5_0 = d[5 * out4Row], d5_1 = d[5 * out4Row + 1], d5_2 = d[5 * out4Row + 2]
                let d5_3 = d[5 * out4Row + 3], d5_4 = d[5 * out4Row + 4], d5_5 = d[5 * out4Row + 5]
                let a0_0 = d4_0.addingProduct(-k4, d2_0), a0_1 = d3_0.addingProduct(-k4, d1_0)
                let a0_2 = -d2_0 + d4_0, a0_3 = (-k2 * d1_0).addingProduct(k2, d3_0)
                let e0_0 = (d4_0.addingProduct(k4, d0_0)).addingProduct(-k5, d2_0), e1_0 = a0_0 + a0_1
                let e2_0 = a0_0 - a0_1, e3_0 = a0_2 + a0_3, e4_0 = a0_2 - a0_3
                let e5_0 = (d5_0.addingProduct(k4, d1_0)).addingProduct(-k5, d3_0)
                let a1_0 = d4_1.addingProduct(-k4, d2_1), a1_1 = d3_1.addingProduct(-k4, d1_1)
                let a1_2 = -d2_1 + d4_1, a1_3 = (-k2 * d1_1).addingProduct(k2, d3_1)
                let e0_1 = (d4_1.addingProduct(k4, d0_1)).addingProduct(-k5, d2_1), e1_1 = a1_0 + a1_1
                let e2_1 = a1_0 - a1_1, e3_1 = a1_2 + a1_3, e4_1 = a1_2 - a1_3
                let e5_1 = (d5_1.addingProduct(k4, d1_1)).addingProduct(-k5, d3_1)
                let a2_0 = d4_2.addingProduct(-k4, d2_2), a2_1 = d3_2.addingProduct(-k4, d1_2)
                let a2_2 = -d2_2 + d4_2, a2_3 = (-k2 * d1_2).addingProduct(k2, d3_2)
                let e0_2 = (d4_2.addingProduct(k4, d0_2)).addingProduct(-k5, d2_2), e1_2 = a2_0 + a2_1
                let e2_2 = a2_0 - a2_1, e3_2 = a2_2 + a2_3, e4_2 = a2_2 - a2_3
                let e5_2 = (d5_2.addingProduct(k4, d1_2)).addingProduct(-k5, d3_2)
                let a3_0 = d4_3.addingProduct(-k4, d2_3), a3_1 = d3_3.addingProduct(-k4, d1_3)
                let a3_2 = -d2_3 + d4_3, a3_3 = (-k2 * d1_3).addingProduct(k2, d3_3)
                let e0_3 = (d4_3.addingProduct(k4, d0_3)).addingProduct(-k5, d2_3), e1_3 = a3_0 + a3_1
                let e2_3 = a3_0 - a3_1, e3_3 = a3_2 + a3_3, e4_3 = a3_2 - a3_3
                let e5_3 = (d5_3.addingProduct(k4, d1_3)).addingProduct(-k5, d3_3)
                let a4_0 = d4_4.addingProduct(-k4, d2_4), a4_1 = d3_4.addingProduct(-k4, d1_4)
                let a4_2 = -d2_4 + d4_4, a4_3 = (-k2 * d1_4).addingProduct(k2, d3_4)
                let e0_4 = (d4_4.addingProduct(k4, d0_4)).addingProduct(-k5, d2_4), e1_4 = a4_0 + a4_1
                let e2_4 = a4_0 - a4_1, e3_4 = a4_2 + a4_3, e4_4 = a4_2 - a4_3
                let e5_4 = (d5_4.addingProduct(k4, d1_4)).addingProduct(-k5, d3_4)
                let a5_0 = d4_5.addingProduct(-k4, d2_5), a5_1 = d3_5.addingProduct(-k4, d1_5)
                let a5_2 = -d2_5 + d4_5, a5_3 = (-k2 * d1_5).addingProduct(k2, d3_5)
                let e0_5 = (d4_5.addingProduct(k4, d0_5)).addingProduct(-k5, d2_5), e1_5 = a5_0 + a5_1
                let e2_5 = a5_0 - a5_1, e3_5 = a5_2 + a5_3, e4_5 = a5_2 - a5_3
                let e5_5 = (d5_5.addingProduct(k4, d1_5)).addingProduct(-k5, d3_5)
                let v = wV + ci * 7 + tx
                let b0_0 = e0_4.addingProduct(-k4, e0_2), b0_1 = e0_3.addingProduct(-k4, e0_1)
                let b0_2 = -e0_2 + e0_4, b0_3 = (-k2 * e0_1).addingProduct(k2, e0_3)
                v[0] = (e0_4.addingProduct(k4, e0_0)).addingProduct(-k5, e0_2)
                v[448] = b0_0 + b0_1
                v[896] = b0_0 - b0_1
                v[1_344] = b0_2 + b0_3
                v[1_792] = b0_2 - b0_3
                v[2_240] = (e0_5.addingProduct(k4, e0_1)).addingProduct(-k5, e0_3)
                let b1_0 = e1_4.addingProduct(-k4, e1_2), b1_1 = e1_3.addingProduct(-k4, e1_1)
                let b1_2 = -e1_2 + e1_4, b1_3 = (-k2 * e1_1).addingProduct(k2, e1_3)
                v[2_688] = (e1_4.addingProduct(k4, e1_0)).addingProduct(-k5, e1_2)
                v[3_136] = b1_0 + b1_1
                v[3_584] = b1_0 - b1_1
                v[4_032] = b1_2 + b1_3
                v[4_480] = b1_2 - b1_3
                v[4_928] = (e1_5.addingProduct(k4, e1_1)).addingProduct(-k5, e1_3)
                let b2_0 = e2_4.addingProduct(-k4, e2_2), b2_1 = e2_3.addingProduct(-k4, e2_1)
                let b2_2 = -e2_2 + e2_4, b2_3 = (-k2 * e2_1).addingProduct(k2, e2_3)
                v[5_376] = (e2_4.addingProduct(k4, e2_0)).addingProduct(-k5, e2_2)
                v[5_824] = b2_0 + b2_1
                v[6_272] = b2_0 - b2_1
                v[6_720] = b2_2 + b2_3
                v[7_168] = b2_2 - b2_3
                v[7_616] = (e2_5.addingProduct(k4, e2_1)).addingProduct(-k5, e2_3)
                let b3_0 = e3_4.addingProduct(-k4, e3_2), b3_1 = e3_3.addingProduct(-k4, e3_1)
                let b3_2 = -e3_2 + e3_4, b3_3 = (-k2 * e3_1).addingProduct(k2, e3_3)
                v[8_064] = (e3_4.addingProduct(k4, e3_0)).addingProduct(-k5, e3_2)
                v[8_512] = b3_0 + b3_1
                v[8_960] = b3_0 - b3_1
                v[9_408] = b3_2 + b3_3
                v[9_856] = b3_2 - b3_3
                v[10_304] = (e3_5.addingProduct(k4, e3_1)).addingProduct(-k5, e3_3)
                let b4_0 = e4_4.addingProduct(-k4, e4_2), b4_1 = e4_3.addingProduct(-k4, e4_1)
                let b4_2 = -e4_2 + e4_4, b4_3 = (-k2 * e4_1).addingProduct(k2, e4_3)
                v[10_752] = (e4_4.addingProduct(k4, e4_0)).addingProduct(-k5, e4_2)
                v[11_200] = b4_0 + b4_1
                v[11_648] = b4_0 - b4_1
                v[12_096] = b4_2 + b4_3
                v[12_544] = b4_2 - b4_3
                v[12_992] = (e4_5.addingProduct(k4, e4_1)).addingProduct(-k5, e4_3)
                let b5_0 = e5_4.addingProduct(-k4, e5_2), b5_1 = e5_3.addingProduct(-k4, e5_1)
                let b5_2 = -e5_2 + e5_4, b5_3 = (-k2 * e5_1).addingProduct(k2, e5_3)
                v[13_440] = (e5_4.addingProduct(k4, e5_0)).addingProduct(-k5, e5_2)
                v[13_888] = b5_0 + b5_1
                v[14_336] = b5_0 - b5_1
                v[14_784] = b5_2 + b5_3
                v[15_232] = b5_2 - b5_3
                v[15_680] = (e5_5.addingProduct(k4, e5_1)).addingProduct(-k5, e5_3)
            }
        }
        // M = U ⊙ V summed over the input channels, 6 output channels × 2 tiles at a time; each point's V
        // (448 vectors) stays in L1 for every channel
        for xi in 0..<36 {
            let v = wV + xi * 448
            let m = wM + xi * 224
            for co in stride(from: 0, to: 30, by: 6) {
                let taps = wU + (xi * 32 + co) * 64 // U[xi, co, 0]
                for t in stride(from: 0, to: 6, by: 2) {
                    do {
                        var s0_0 = V(), s0_1 = V()
                        var s1_0 = V(), s1_1 = V()
                        var s2_0 = V(), s2_1 = V()
                        var s3_0 = V(), s3_1 = V()
                        var s4_0 = V(), s4_1 = V()
                        var s5_0 = V(), s5_1 = V()
                        for ci in 0..<64 {
                            let row = v + ci * 7 + t
                            let i0 = row[0], i1 = row[1]
                            let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 64])
                            let w2 = V(repeating: taps[ci + 128]), w3 = V(repeating: taps[ci + 192])
                            let w4 = V(repeating: taps[ci + 256]), w5 = V(repeating: taps[ci + 320])
                            s0_0 = s0_0.addingProduct(i0, w0)
                            s0_1 = s0_1.addingProduct(i1, w0)
                            s1_0 = s1_0.addingProduct(i0, w1)
                            s1_1 = s1_1.addingProduct(i1, w1)
                            s2_0 = s2_0.addingProduct(i0, w2)
                            s2_1 = s2_1.addingProduct(i1, w2)
                            s3_0 = s3_0.addingProduct(i0, w3)
                            s3_1 = s3_1.addingProduct(i1, w3)
                            s4_0 = s4_0.addingProduct(i0, w4)
                            s4_1 = s4_1.addingProduct(i1, w4)
                            s5_0 = s5_0.addingProduct(i0, w5)
                            s5_1 = s5_1.addingProduct(i1, w5)
                        }
                        m[co * 7 + t] = s0_0
                        m[co * 7 + t + 1] = s0_1
                        m[co * 7 + t + 7] = s1_0
                        m[co * 7 + t + 8] = s1_1
                        m[co * 7 + t + 14] = s2_0
                        m[co * 7 + t + 15] = s2_1
                        m[co * 7 + t + 21] = s3_0
                        m[co * 7 + t + 22] = s3_1
                        m[co * 7 + t + 28] = s4_0
                        m[co * 7 + t + 29] = s4_1
                        m[co * 7 + t + 35] = s5_0
                        m[co * 7 + t + 36] = s5_1
                    }
                }
                do {
                    var s0_0 = V()
                    var s1_0 = V()
                    var s2_0 = V()
                    var s3_0 = V()
                    var s4_0 = V()
                    var s5_0 = V()
                    for ci in 0..<64 {
                        let row = v + ci * 7 + 6
                        let i0 = row[0]
                        let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 64])
                        let w2 = V(repeating: taps[ci + 128]), w3 = V(repeating: taps[ci + 192])
                        let w4 = V(repeating: taps[ci + 256]), w5 = V(repeating: taps[ci + 320])
                        s0_0 = s0_0.addingProduct(i0, w0)
                        s1_0 = s1_0.addingProduct(i0, w1)
                        s2_0 = s2_0.addingProduct(i0, w2)
                        s3_0 = s3_0.addingProduct(i0, w3)
                        s4_0 = s4_0.addingProduct(i0, w4)
                        s5_0 = s5_0.addingProduct(i0, w5)
                    }
                    m[co * 7 + 6] = s0_0
                    m[co * 7 + 13] = s1_0
                    m[co * 7 + 20] = s2_0
                    m[co * 7 + 27] = s3_0
                    m[co * 7 + 34] = s4_0
                    m[co * 7 + 41] = s5_0
                }
            }
            let taps = wU + (xi * 32 + 30) * 64 // U[xi, co, 0]
            for t in stride(from: 0, to: 6, by: 2) {
                do {
                    var s0_0 = V(), s0_1 = V()
                    var s1_0 = V(), s1_1 = V()
                    for ci in 0..<64 {
                        let row = v + ci * 7 + t
                        let i0 = row[0], i1 = row[1]
                        let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 64])
                        s0_0 = s0_0.addingProduct(i0, w0)
                        s0_1 = s0_1.addingProduct(i1, w0)
                        s1_0 = s1_0.addingProduct(i0, w1)
                        s1_1 = s1_1.addingProduct(i1, w1)
                    }
                    m[t + 210] = s0_0
                    m[t + 211] = s0_1
                    m[t + 217] = s1_0
                    m[t + 218] = s1_1
                }
            }
            do {
                var s0_0 = V()
                var s1_0 = V()
                for ci in 0..<64 {
                    let row = v + ci * 7 + 6
                    let i0 = row[0]
                    let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 64])
                    s0_0 = s0_0.addingProduct(i0, w0)
                    s1_0 = s1_0.addingProduct(i0, w1)
                }
                m[216] = s0_0
                m[223] = s1_0
            }
        }
        // Y = Aᵀ · M · A, stored
        for c in 0..<32 {
            for tx in 0..<7 {
                let p = wM + c * 7 + tx
                let m0_0 = p[0], m0_1 = p[224], m0_2 = p[448], m0_3 = p[672], m0_4 = p[896], m0_5 = p[1_120]
                let m1_0 = p[1_344], m1_1 = p[1_568], m1_2 = p[1_792], m1_3 = p[2_016], m1_4 = p[2_240]
                let m1_5 = p[2_464]
                let m2_0 = p[2_688], m2_1 = p[2_912], m2_2 = p[3_136], m2_3 = p[3_360], m2_4 = p[3_584]
                let m2_5 = p[3_808]
                let m3_0 = p[4_032], m3_1 = p[4_256], m3_2 = p[4_480], m3_3 = p[4_704], m3_4 = p[4_928]
                let m3_5 = p[5_152]
                let m4_0 = p[5_376], m4_1 = p[5_600], m4_2 = p[5_824], m4_3 = p[6_048], m4_4 = p[6_272]
                let m4_5 = p[6_496]
                let m5_0 = p[6_720], m5_1 = p[6_944], m5_2 = p[7_168], m5_3 = p[7_392], m5_4 = p[7_616]
                let m5_5 = p[7_840]
                let q0_0 = m1_0 + m2_0, q0_1 = m1_0 - m2_0, q0_2 = m3_0 + m4_0, q0_3 = m3_0 - m4_0
                let z0_0 = m0_0 + q0_0 + q0_2, z1_0 = (q0_1 + m5_0).addingProduct(k2, q0_3)
                let q1_0 = m1_1 + m2_1, q1_1 = m1_1 - m2_1, q1_2 = m3_1 + m4_1, q1_3 = m3_1 - m4_1
                let z0_1 = m0_1 + q1_0 + q1_2, z1_1 = (q1_1 + m5_1).addingProduct(k2, q1_3)
                let q2_0 = m1_2 + m2_2, q2_1 = m1_2 - m2_2, q2_2 = m3_2 + m4_2, q2_3 = m3_2 - m4_2
                let z0_2 = m0_2 + q2_0 + q2_2, z1_2 = (q2_1 + m5_2).addingProduct(k2, q2_3)
                let q3_0 = m1_3 + m2_3, q3_1 = m1_3 - m2_3, q3_2 = m3_3 + m4_3, q3_3 = m3_3 - m4_3
                let z0_3 = m0_3 + q3_0 + q3_2, z1_3 = (q3_1 + m5_3).addingProduct(k2, q3_3)
                let q4_0 = m1_4 + m2_4, q4_1 = m1_4 - m2_4, q4_2 = m3_4 + m4_4, q4_3 = m3_4 - m4_4
                let z0_4 = m0_4 + q4_0 + q4_2, z1_4 = (q4_1 + m5_4).addingProduct(k2, q4_3)
                let q5_0 = m1_5 + m2_5, q5_1 = m1_5 - m2_5, q5_2 = m3_5 + m4_5, q5_3 = m3_5 - m4_5
                let z0_5 = m0_5 + q5_0 + q5_2, z1_5 = (q5_1 + m5_5).addingProduct(k2, q5_3)
                let y0_0 = z0_1 + z0_2, y0_1 = z0_1 - z0_2, y0_2 = z0_3 + z0_4, y0_3 = z0_3 - z0_4
                dout2[c * out2Plane + by * 2 * out2Row + tx * 2 + 2 * out2Row + 2] = z0_0 + y0_0 + y0_2
                dout2[c * out2Plane + by * 2 * out2Row + tx * 2 + 2 * out2Row + 3] = (y0_1 + z0_5).addingProduct(k2, y0_3)
                let y1_0 = z1_1 + z1_2, y1_1 = z1_1 - z1_2, y1_2 = z1_3 + z1_4, y1_3 = z1_3 - z1_4
                dout2[c * out2Plane + by * 2 * out2Row + tx * 2 + 3 * out2Row + 2] = z1_0 + y1_0 + y1_2
                dout2[c * out2Plane + by * 2 * out2Row + tx * 2 + 3 * out2Row + 3] = (y1_1 + z1_5).addingProduct(k2, y1_3)
            }
        }
    }
}

/// conv3_relu4_maxpool5 backward, second half, for a last group of at most 3 examples (`valid`): the input
/// gradient, one example at a time with 8 input channels to a vector; the lanes past `valid` are zero.
private func conv3_relu4_maxpool5_backward_inputs_short(
    _ params: UnsafePointer<Float>, _ ws: Workspace, valid: Int, scratch: UnsafeMutablePointer<V>, part: Int, parts: Int
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out2Plane = 324, out2Row = 18
    let out4Plane = 324, out4Row = 18
    let wOut = 800, wIn = 25
    let wFOut = 800, wFRow = 160, wFTap = 32
    let dout4 = UnsafePointer(ws.dout4) // (L, 64, 14, 14), stored 18×18 with a zero border
    let weight = params + Arena.w3 // 3.weight (64, 32, 5, 5)
    // din[i, y, x] = Σ_c,ky,kx w[c, i, ky, kx] · dout[c, y + 2 − ky, x + 2 − kx], zero outside dout, for each
    // example e < valid
    // gathered: a forward pass over dout's 2×2 zero border with the kernel flipped and laid out as wF[c, ky,
    // kx, i] = w[c, i, 4 − ky, 4 − kx]; register tiles of 2 vectors of 8 input channels × 5 columns, summed
    // over the 64 output channels; this part takes its share of the input channels, zeroed first
    let dout2 = ws.dout2
    let c0 = 16 * (2 * part / parts), c1 = part == parts - 1 ? 32 : 16 * (2 * (part + 1) / parts)
    (dout2 + c0 * out2Plane).update(repeating: V(), count: (c1 - c0) * out2Plane)
    let wF = UnsafeMutableRawPointer(scratch).assumingMemoryBound(to: Float.self) // (64, 5, 5, 32)
    for i in c0..<c1 {
        for c in 0..<64 {
            for k in 0..<25 { wF[c * wFOut + k * wFTap + i] = weight[c * wOut + i * wIn + 24 - k] }
        }
    }
    for e in 0..<valid {
        let dout4E = UnsafeRawPointer(dout4).assumingMemoryBound(to: Float.self) + e // lane e of dout4: vector i at float 8 · i
        let dout2E = UnsafeMutableRawPointer(dout2).assumingMemoryBound(to: Float.self) + e // lane e of dout2: vector i at float 8 · i
        for ci in 2 * part / parts..<2 * (part + 1) / parts {
            let ci0 = ci * 16
            for y in 0..<14 {
                for x in stride(from: 0, to: 10, by: 5) {
                    do {
                        var s0_0 = V(), s0_1 = V(), s0_2 = V(), s0_3 = V(), s0_4 = V()
                        var s1_0 = V(), s1_1 = V(), s1_2 = V(), s1_3 = V(), s1_4 = V()
                        for co in 0..<64 {
                            for ky in 0..<5 {
                                let row = dout4E + 8 * (co * out4Plane + y * out4Row + ky * out4Row + x)
                                let taps = wF + co * wFOut + ky * wFRow + ci0
                                for kx in 0..<5 {
                                    let i0 = V(repeating: row[kx * 8]), i1 = V(repeating: row[kx * 8 + 8])
                                    let i2 = V(repeating: row[kx * 8 + 16])
                                    let i3 = V(repeating: row[kx * 8 + 24])
                                    let i4 = V(repeating: row[kx * 8 + 32])
                                    let w0 = VectorMath.load(taps + kx * wFTap)
                                    let w1 = VectorMath.load(taps + kx * wFTap + 8)
                                    s0_0 = s0_0.addingProduct(i0, w0)
                                    s0_1 = s0_1.addingProduct(i1, w0)
                                    s0_2 = s0_2.addingProduct(i2, w0)
                                    s0_3 = s0_3.addingProduct(i3, w0)
                                    s0_4 = s0_4.addingProduct(i4, w0)
                                    s1_0 = s1_0.addingProduct(i0, w1)
                                    s1_1 = s1_1.addingProduct(i1, w1)
                                    s1_2 = s1_2.addingProduct(i2, w1)
                                    s1_3 = s1_3.addingProduct(i3, w1)
                                    s1_4 = s1_4.addingProduct(i4, w1)
                                }
                            }
                        }
                        VectorMath.spread(s0_0, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + x + 2 * out2Row + 2), stride: 8 * out2Plane)
                        VectorMath.spread(s0_1, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + x + 2 * out2Row + 3), stride: 8 * out2Plane)
                        VectorMath.spread(s0_2, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + x + 2 * out2Row + 4), stride: 8 * out2Plane)
                        VectorMath.spread(s0_3, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + x + 2 * out2Row + 5), stride: 8 * out2Plane)
                        VectorMath.spread(s0_4, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + x + 2 * out2Row + 6), stride: 8 * out2Plane)
                        VectorMath.spread(s1_0, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + x + 8 * out2Plane + 2 * out2Row + 2), stride: 8 * out2Plane)
                        VectorMath.spread(s1_1, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + x + 8 * out2Plane + 2 * out2Row + 3), stride: 8 * out2Plane)
                        VectorMath.spread(s1_2, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + x + 8 * out2Plane + 2 * out2Row + 4), stride: 8 * out2Plane)
                        VectorMath.spread(s1_3, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + x + 8 * out2Plane + 2 * out2Row + 5), stride: 8 * out2Plane)
                        VectorMath.spread(s1_4, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + x + 8 * out2Plane + 2 * out2Row + 6), stride: 8 * out2Plane)
                    }
                }
                do {
                    var s0_0 = V(), s0_1 = V(), s0_2 = V(), s0_3 = V()
                    var s1_0 = V(), s1_1 = V(), s1_2 = V(), s1_3 = V()
                    for co in 0..<64 {
                        for ky in 0..<5 {
                            let row = dout4E + 8 * (co * out4Plane + y * out4Row + ky * out4Row + 10)
                            let taps = wF + co * wFOut + ky * wFRow + ci0
                            for kx in 0..<5 {
                                let i0 = V(repeating: row[kx * 8]), i1 = V(repeating: row[kx * 8 + 8])
                                let i2 = V(repeating: row[kx * 8 + 16]), i3 = V(repeating: row[kx * 8 + 24])
                                let w0 = VectorMath.load(taps + kx * wFTap)
                                let w1 = VectorMath.load(taps + kx * wFTap + 8)
                                s0_0 = s0_0.addingProduct(i0, w0)
                                s0_1 = s0_1.addingProduct(i1, w0)
                                s0_2 = s0_2.addingProduct(i2, w0)
                                s0_3 = s0_3.addingProduct(i3, w0)
                                s1_0 = s1_0.addingProduct(i0, w1)
                                s1_1 = s1_1.addingProduct(i1, w1)
                                s1_2 = s1_2.addingProduct(i2, w1)
                                s1_3 = s1_3.addingProduct(i3, w1)
                            }
                        }
                    }
                    VectorMath.spread(s0_0, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + 2 * out2Row + 12), stride: 8 * out2Plane)
                    VectorMath.spread(s0_1, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + 2 * out2Row + 13), stride: 8 * out2Plane)
                    VectorMath.spread(s0_2, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + 2 * out2Row + 14), stride: 8 * out2Plane)
                    VectorMath.spread(s0_3, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + 2 * out2Row + 15), stride: 8 * out2Plane)
                    VectorMath.spread(s1_0, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + 8 * out2Plane + 2 * out2Row + 12), stride: 8 * out2Plane)
                    VectorMath.spread(s1_1, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + 8 * out2Plane + 2 * out2Row + 13), stride: 8 * out2Plane)
                    VectorMath.spread(s1_2, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + 8 * out2Plane + 2 * out2Row + 14), stride: 8 * out2Plane)
                    VectorMath.spread(s1_3, to: dout2E + 8 * (ci0 * out2Plane + y * out2Row + 8 * out2Plane + 2 * out2Row + 15), stride: 8 * out2Plane)
                }
            }
        }
    }
}

/// conv0_relu1_maxpool2 backward: from dout2 (L, 32, 14, 14), adds the gradients of 0.weight and 0.bias (no
/// input gradient: nothing below learns)
/// First half, a share of the output channels: pool, activation and bias backward, then the weight gradient.
private func conv0_relu1_maxpool2_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace, part: Int, parts: Int
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let inputRow = 32
    let out1Plane = 784, out1Row = 28
    let out2Plane = 324, out2Row = 18
    let wOut = 25, wRow = 5
    let argmax2Plane = 196, argmax2Row = 14
    let input = UnsafePointer(ws.input) // (L, 1, 28, 28), stored 32×32 with a zero border
    let dout1 = ws.dout1 // (L, 32, 28, 28), becomes the gradient of the conv's pre-activation output
    _ = params // the weights are read by the second half
    let weightGrad = acc + Acc.w0 // 0.weight, one vector per weight
    let biasGrad = acc + Acc.b0 // 0.bias, one vector per channel
    let c0 = 2 * (16 * part / parts), c1 = part == parts - 1 ? 32 : 2 * (16 * (part + 1) / parts)
    let out2 = UnsafePointer(ws.out2) // (L, 32, 14, 14), stored 18×18 with a zero border
    let dout2 = UnsafePointer(ws.dout2) // (L, 32, 14, 14)
    let argmax2 = UnsafePointer(ws.argmax2)
    // maxpool backward + relu backward + bias gradient, one pass (the windows tile the conv output)
    // the winner of each window holds the pooled value, so relu's derivative there comes from out2
    for c in c0..<c1 {
        var db = V()
        for py in 0..<14 {
            for px in 0..<14 {
                let k = argmax2[c * argmax2Plane + py * argmax2Row + px]
                let y = out2[c * out2Plane + py * out2Row + px + 2 * out2Row + 2]
                let g = dout2[c * out2Plane + py * out2Row + px + 2 * out2Row + 2].replacing(with: 0, where: y .<= 0)
                let dy = dout1 + c * out1Plane + py * 2 * out1Row + px * 2
                dy[0] = g.replacing(with: 0, where: k .!= VI(repeating: 0))
                dy[1] = g.replacing(with: 0, where: k .!= VI(repeating: 1))
                dy[out1Row] = g.replacing(with: 0, where: k .!= VI(repeating: 2))
                dy[out1Row + 1] = g.replacing(with: 0, where: k .!= VI(repeating: 3))
                db += g
            }
        }
        biasGrad[c] += db
    }

    // dw[c, i, ky, kx] = Σ_oy,ox dout[c, oy, ox] · in[i, oy + ky − 2, ox + kx − 2], lanes summed at the end
    // of the step
    // weight gradient: register tiles of 2 output channels × 5 kernel columns, summed over the 28×28 outputs
    for co in 16 * part / parts..<16 * (part + 1) / parts {
        let co0 = co * 2
        for ky in 0..<5 {
            do {
                var g0_0 = V(), g0_1 = V(), g0_2 = V(), g0_3 = V(), g0_4 = V()
                var g1_0 = V(), g1_1 = V(), g1_2 = V(), g1_3 = V(), g1_4 = V()
                for oy in 0..<28 {
                    let drow = dout1 + co0 * out1Plane + oy * out1Row
                    let irow = input + oy * inputRow + ky * inputRow
                    for ox in 0..<28 {
                        let d0 = drow[ox], d1 = drow[ox + out1Plane]
                        let i0 = irow[ox], i1 = irow[ox + 1], i2 = irow[ox + 2], i3 = irow[ox + 3]
                        let i4 = irow[ox + 4]
                        g0_0 = g0_0.addingProduct(d0, i0)
                        g0_1 = g0_1.addingProduct(d0, i1)
                        g0_2 = g0_2.addingProduct(d0, i2)
                        g0_3 = g0_3.addingProduct(d0, i3)
                        g0_4 = g0_4.addingProduct(d0, i4)
                        g1_0 = g1_0.addingProduct(d1, i0)
                        g1_1 = g1_1.addingProduct(d1, i1)
                        g1_2 = g1_2.addingProduct(d1, i2)
                        g1_3 = g1_3.addingProduct(d1, i3)
                        g1_4 = g1_4.addingProduct(d1, i4)
                    }
                }
                weightGrad[co0 * wOut + ky * wRow] += g0_0
                weightGrad[co0 * wOut + ky * wRow + 1] += g0_1
                weightGrad[co0 * wOut + ky * wRow + 2] += g0_2
                weightGrad[co0 * wOut + ky * wRow + 3] += g0_3
                weightGrad[co0 * wOut + ky * wRow + 4] += g0_4
                weightGrad[co0 * wOut + ky * wRow + wOut] += g1_0
                weightGrad[co0 * wOut + ky * wRow + wOut + 1] += g1_1
                weightGrad[co0 * wOut + ky * wRow + wOut + 2] += g1_2
                weightGrad[co0 * wOut + ky * wRow + wOut + 3] += g1_3
                weightGrad[co0 * wOut + ky * wRow + wOut + 4] += g1_4
            }
        }
    }
}

/// The Winograd filters of every convolution computed as F(m×m, r×r): U[ξ][o][i] = (G · w[o, i] · Gᵀ)[ξ] for
/// each of the α² points ξ, this part's share of the output channels o. Once a step, before forward; the
/// input gradients' flipped filters only when `training`.
private func winograd_weights(
    _ params: UnsafePointer<Float>, _ u: UnsafeMutablePointer<Float>, training: Bool, part: Int, parts: Int
) {
    // 3.weight for conv3_relu4_maxpool5's forward pass: U at 0, (36, 64, 32)
    do {
        let weight = params + Arena.w3 // 3.weight (64, 32, 5, 5)
        let target = u + 0
        let g0_041666668: Float = 0.041666668, g0_083333336: Float = 0.083333336
        let g0_16666667: Float = 0.16666667, g0_25: Float = 0.25, g0_33333334: Float = 0.33333334
        let g0_6666667: Float = 0.6666667
        for o in 64 * part / parts..<64 * (part + 1) / parts {
            for i in 0..<32 {
                let f = weight + o * 800 + i * 25
                let w0_0 = f[0], w0_1 = f[1], w0_2 = f[2], w0_3 = f[3], w0_4 = f[4]
                let w1_0 = f[5], w1_1 = f[6], w1_2 = f[7], w1_3 = f[8], w1_4 = f[9]
                let w2_0 = f[10], w2_1 = f[11], w2_2 = f[12], w2_3 = f[13], w2_4 = f[14]
                let w3_0 = f[15], w3_1 = f[16], w3_2 = f[17], w3_3 = f[18], w3_4 = f[19]
                let w4_0 = f[20], w4_1 = f[21], w4_2 = f[22], w4_3 = f[23], w4_4 = f[24]
                let h0_0 = ((-g0_16666667 * w0_0).addingProduct(-g0_16666667, w2_0)).addingProduct(-g0_16666667, w4_0)
                let h0_1 = (-g0_16666667 * w1_0).addingProduct(-g0_16666667, w3_0)
                let h0_2 = ((g0_041666668 * w0_0).addingProduct(g0_16666667, w2_0)).addingProduct(g0_6666667, w4_0)
                let h0_3 = (g0_083333336 * w1_0).addingProduct(g0_33333334, w3_0), t0_0 = g0_25 * w0_0
                let t1_0 = h0_0 + h0_1, t2_0 = h0_0 - h0_1, t3_0 = h0_2 + h0_3, t4_0 = h0_2 - h0_3
                let t5_0 = w4_0
                let h1_0 = ((-g0_16666667 * w0_1).addingProduct(-g0_16666667, w2_1)).addingProduct(-g0_16666667, w4_1)
                let h1_1 = (-g0_16666667 * w1_1).addingProduct(-g0_16666667, w3_1)
                let h1_2 = ((g0_041666668 * w0_1).addingProduct(g0_16666667, w2_1)).addingProduct(g0_6666667, w4_1)
                let h1_3 = (g0_083333336 * w1_1).addingProduct(g0_33333334, w3_1), t0_1 = g0_25 * w0_1
                let t1_1 = h1_0 + h1_1, t2_1 = h1_0 - h1_1, t3_1 = h1_2 + h1_3, t4_1 = h1_2 - h1_3
                let t5_1 = w4_1
                let h2_0 = ((-g0_16666667 * w0_2).addingProduct(-g0_16666667, w2_2)).addingProduct(-g0_16666667, w4_2)
                let h2_1 = (-g0_16666667 * w1_2).addingProduct(-g0_16666667, w3_2)
                let h2_2 = ((g0_041666668 * w0_2).addingProduct(g0_16666667, w2_2)).addingProduct(g0_6666667, w4_2)
                let h2_3 = (g0_083333336 * w1_2).addingProduct(g0_33333334, w3_2), t0_2 = g0_25 * w0_2
                let t1_2 = h2_0 + h2_1, t2_2 = h2_0 - h2_1, t3_2 = h2_2 + h2_3, t4_2 = h2_2 - h2_3
                let t5_2 = w4_2
                let h3_0 = ((-g0_16666667 * w0_3).addingProduct(-g0_16666667, w2_3)).addingProduct(-g0_16666667, w4_3)
                let h3_1 = (-g0_16666667 * w1_3).addingProduct(-g0_16666667, w3_3)
                let h3_2 = ((g0_041666668 * w0_3).addingProduct(g0_16666667, w2_3)).addingProduct(g0_6666667, w4_3)
                let h3_3 = (g0_083333336 * w1_3).addingProduct(g0_33333334, w3_3), t0_3 = g0_25 * w0_3
                let t1_3 = h3_0 + h3_1, t2_3 = h3_0 - h3_1, t3_3 = h3_2 + h3_3, t4_3 = h3_2 - h3_3
                let t5_3 = w4_3
                let h4_0 = ((-g0_16666667 * w0_4).addingProduct(-g0_16666667, w2_4)).addingProduct(-g0_16666667, w4_4)
                let h4_1 = (-g0_16666667 * w1_4).addingProduct(-g0_16666667, w3_4)
                let h4_2 = ((g0_041666668 * w0_4).addingProduct(g0_16666667, w2_4)).addingProduct(g0_6666667, w4_4)
                let h4_3 = (g0_083333336 * w1_4).addingProduct(g0_33333334, w3_4), t0_4 = g0_25 * w0_4
                let t1_4 = h4_0 + h4_1, t2_4 = h4_0 - h4_1, t3_4 = h4_2 + h4_3, t4_4 = h4_2 - h4_3
                let t5_4 = w4_4
                let u0_0 = ((-g0_16666667 * t0_0).addingProduct(-g0_16666667, t0_2)).addingProduct(-g0_16666667, t0_4)
                let u0_1 = (-g0_16666667 * t0_1).addingProduct(-g0_16666667, t0_3)
                let u0_2 = ((g0_041666668 * t0_0).addingProduct(g0_16666667, t0_2)).addingProduct(g0_6666667, t0_4)
                let u0_3 = (g0_083333336 * t0_1).addingProduct(g0_33333334, t0_3)
                target[o * 32 + i] = g0_25 * t0_0
                target[2_048 + o * 32 + i] = u0_0 + u0_1
                target[4_096 + o * 32 + i] = u0_0 - u0_1
                target[6_144 + o * 32 + i] = u0_2 + u0_3
                target[8_192 + o * 32 + i] = u0_2 - u0_3
                target[10_240 + o * 32 + i] = t0_4
                let u1_0 = ((-g0_16666667 * t1_0).addingProduct(-g0_16666667, t1_2)).addingProduct(-g0_16666667, t1_4)
                let u1_1 = (-g0_16666667 * t1_1).addingProduct(-g0_16666667, t1_3)
                let u1_2 = ((g0_041666668 * t1_0).addingProduct(g0_16666667, t1_2)).addingProduct(g0_6666667, t1_4)
                let u1_3 = (g0_083333336 * t1_1).addingProduct(g0_33333334, t1_3)
                target[12_288 + o * 32 + i] = g0_25 * t1_0
                target[14_336 + o * 32 + i] = u1_0 + u1_1
                target[16_384 + o * 32 + i] = u1_0 - u1_1
                target[18_432 + o * 32 + i] = u1_2 + u1_3
                target[20_480 + o * 32 + i] = u1_2 - u1_3
                target[22_528 + o * 32 + i] = t1_4
                let u2_0 = ((-g0_16666667 * t2_0).addingProduct(-g0_16666667, t2_2)).addingProduct(-g0_16666667, t2_4)
                let u2_1 = (-g0_16666667 * t2_1).addingProduct(-g0_16666667, t2_3)
                let u2_2 = ((g0_041666668 * t2_0).addingProduct(g0_16666667, t2_2)).addingProduct(g0_6666667, t2_4)
                let u2_3 = (g0_083333336 * t2_1).addingProduct(g0_33333334, t2_3)
                target[24_576 + o * 32 + i] = g0_25 * t2_0
                target[26_624 + o * 32 + i] = u2_0 + u2_1
                target[28_672 + o * 32 + i] = u2_0 - u2_1
                target[30_720 + o * 32 + i] = u2_2 + u2_3
                target[32_768 + o * 32 + i] = u2_2 - u2_3
                target[34_816 + o * 32 + i] = t2_4
                let u3_0 = ((-g0_16666667 * t3_0).addingProduct(-g0_16666667, t3_2)).addingProduct(-g0_16666667, t3_4)
                let u3_1 = (-g0_16666667 * t3_1).addingProduct(-g0_16666667, t3_3)
                let u3_2 = ((g0_041666668 * t3_0).addingProduct(g0_16666667, t3_2)).addingProduct(g0_6666667, t3_4)
                let u3_3 = (g0_083333336 * t3_1).addingProduct(g0_33333334, t3_3)
                target[36_864 + o * 32 + i] = g0_25 * t3_0
                target[38_912 + o * 32 + i] = u3_0 + u3_1
                target[40_960 + o * 32 + i] = u3_0 - u3_1
                target[43_008 + o * 32 + i] = u3_2 + u3_3
                target[45_056 + o * 32 + i] = u3_2 - u3_3
                target[47_104 + o * 32 + i] = t3_4
                let u4_0 = ((-g0_16666667 * t4_0).addingProduct(-g0_16666667, t4_2)).addingProduct(-g0_16666667, t4_4)
                let u4_1 = (-g0_16666667 * t4_1).addingProduct(-g0_16666667, t4_3)
                let u4_2 = ((g0_041666668 * t4_0).addingProduct(g0_16666667, t4_2)).addingProduct(g0_6666667, t4_4)
                let u4_3 = (g0_083333336 * t4_1).addingProduct(g0_33333334, t4_3)
                target[49_152 + o * 32 + i] = g0_25 * t4_0
                target[51_200 + o * 32 + i] = u4_0 + u4_1
                target[53_248 + o * 32 + i] = u4_0 - u4_1
                target[55_296 + o * 32 + i] = u4_2 + u4_3
                target[57_344 + o * 32 + i] = u4_2 - u4_3
                target[59_392 + o * 32 + i] = t4_4
                let u5_0 = ((-g0_16666667 * t5_0).addingProduct(-g0_16666667, t5_2)).addingProduct(-g0_16666667, t5_4)
                let u5_1 = (-g0_16666667 * t5_1).addingProduct(-g0_16666667, t5_3)
                let u5_2 = ((g0_041666668 * t5_0).addingProduct(g0_16666667, t5_2)).addingProduct(g0_6666667, t5_4)
                let u5_3 = (g0_083333336 * t5_1).addingProduct(g0_33333334, t5_3)
                target[61_440 + o * 32 + i] = g0_25 * t5_0
                target[63_488 + o * 32 + i] = u5_0 + u5_1
                target[65_536 + o * 32 + i] = u5_0 - u5_1
                target[67_584 + o * 32 + i] = u5_2 + u5_3
                target[69_632 + o * 32 + i] = u5_2 - u5_3
                target[71_680 + o * 32 + i] = t5_4
            }
        }
    }
    // 3.weight flipped for conv3_relu4_maxpool5's input gradient: w'[o, i, ky, kx] = w[i, o, 4 − ky, 4 − kx],
    // U at 73_728, (36, 32, 64)
    if training {
        let weight = params + Arena.w3 // 3.weight (64, 32, 5, 5)
        let target = u + 73_728
        let g0_041666668: Float = 0.041666668, g0_083333336: Float = 0.083333336
        let g0_16666667: Float = 0.16666667, g0_25: Float = 0.25, g0_33333334: Float = 0.33333334
        let g0_6666667: Float = 0.6666667
        for o in 32 * part / parts..<32 * (part + 1) / parts {
            for i in 0..<64 {
                let f = weight + i * 800 + o * 25
                let w0_0 = f[24], w0_1 = f[23], w0_2 = f[22], w0_3 = f[21], w0_4 = f[20]
                let w1_0 = f[19], w1_1 = f[18], w1_2 = f[17], w1_3 = f[16], w1_4 = f[15]
                let w2_0 = f[14], w2_1 = f[13], w2_2 = f[12], w2_3 = f[11], w2_4 = f[10]
                let w3_0 = f[9], w3_1 = f[8], w3_2 = f[7], w3_3 = f[6], w3_4 = f[5]
                let w4_0 = f[4], w4_1 = f[3], w4_2 = f[2], w4_3 = f[1], w4_4 = f[0]
                let h0_0 = ((-g0_16666667 * w0_0).addingProduct(-g0_16666667, w2_0)).addingProduct(-g0_16666667, w4_0)
                let h0_1 = (-g0_16666667 * w1_0).addingProduct(-g0_16666667, w3_0)
                let h0_2 = ((g0_041666668 * w0_0).addingProduct(g0_16666667, w2_0)).addingProduct(g0_6666667, w4_0)
                let h0_3 = (g0_083333336 * w1_0).addingProduct(g0_33333334, w3_0), t0_0 = g0_25 * w0_0
                let t1_0 = h0_0 + h0_1, t2_0 = h0_0 - h0_1, t3_0 = h0_2 + h0_3, t4_0 = h0_2 - h0_3
                let t5_0 = w4_0
                let h1_0 = ((-g0_16666667 * w0_1).addingProduct(-g0_16666667, w2_1)).addingProduct(-g0_16666667, w4_1)
                let h1_1 = (-g0_16666667 * w1_1).addingProduct(-g0_16666667, w3_1)
                let h1_2 = ((g0_041666668 * w0_1).addingProduct(g0_16666667, w2_1)).addingProduct(g0_6666667, w4_1)
                let h1_3 = (g0_083333336 * w1_1).addingProduct(g0_33333334, w3_1), t0_1 = g0_25 * w0_1
                let t1_1 = h1_0 + h1_1, t2_1 = h1_0 - h1_1, t3_1 = h1_2 + h1_3, t4_1 = h1_2 - h1_3
                let t5_1 = w4_1
                let h2_0 = ((-g0_16666667 * w0_2).addingProduct(-g0_16666667, w2_2)).addingProduct(-g0_16666667, w4_2)
                let h2_1 = (-g0_16666667 * w1_2).addingProduct(-g0_16666667, w3_2)
                let h2_2 = ((g0_041666668 * w0_2).addingProduct(g0_16666667, w2_2)).addingProduct(g0_6666667, w4_2)
                let h2_3 = (g0_083333336 * w1_2).addingProduct(g0_33333334, w3_2), t0_2 = g0_25 * w0_2
                let t1_2 = h2_0 + h2_1, t2_2 = h2_0 - h2_1, t3_2 = h2_2 + h2_3, t4_2 = h2_2 - h2_3
                let t5_2 = w4_2
                let h3_0 = ((-g0_16666667 * w0_3).addingProduct(-g0_16666667, w2_3)).addingProduct(-g0_16666667, w4_3)
                let h3_1 = (-g0_16666667 * w1_3).addingProduct(-g0_16666667, w3_3)
                let h3_2 = ((g0_041666668 * w0_3).addingProduct(g0_16666667, w2_3)).addingProduct(g0_6666667, w4_3)
                let h3_3 = (g0_083333336 * w1_3).addingProduct(g0_33333334, w3_3), t0_3 = g0_25 * w0_3
                let t1_3 = h3_0 + h3_1, t2_3 = h3_0 - h3_1, t3_3 = h3_2 + h3_3, t4_3 = h3_2 - h3_3
                let t5_3 = w4_3
                let h4_0 = ((-g0_16666667 * w0_4).addingProduct(-g0_16666667, w2_4)).addingProduct(-g0_16666667, w4_4)
                let h4_1 = (-g0_16666667 * w1_4).addingProduct(-g0_16666667, w3_4)
                let h4_2 = ((g0_041666668 * w0_4).addingProduct(g0_16666667, w2_4)).addingProduct(g0_6666667, w4_4)
                let h4_3 = (g0_083333336 * w1_4).addingProduct(g0_33333334, w3_4), t0_4 = g0_25 * w0_4
                let t1_4 = h4_0 + h4_1, t2_4 = h4_0 - h4_1, t3_4 = h4_2 + h4_3, t4_4 = h4_2 - h4_3
                let t5_4 = w4_4
                let u0_0 = ((-g0_16666667 * t0_0).addingProduct(-g0_16666667, t0_2)).addingProduct(-g0_16666667, t0_4)
                let u0_1 = (-g0_16666667 * t0_1).addingProduct(-g0_16666667, t0_3)
                let u0_2 = ((g0_041666668 * t0_0).addingProduct(g0_16666667, t0_2)).addingProduct(g0_6666667, t0_4)
                let u0_3 = (g0_083333336 * t0_1).addingProduct(g0_33333334, t0_3)
                target[o * 64 + i] = g0_25 * t0_0
                target[2_048 + o * 64 + i] = u0_0 + u0_1
                target[4_096 + o * 64 + i] = u0_0 - u0_1
                target[6_144 + o * 64 + i] = u0_2 + u0_3
                target[8_192 + o * 64 + i] = u0_2 - u0_3
                target[10_240 + o * 64 + i] = t0_4
                let u1_0 = ((-g0_16666667 * t1_0).addingProduct(-g0_16666667, t1_2)).addingProduct(-g0_16666667, t1_4)
                let u1_1 = (-g0_16666667 * t1_1).addingProduct(-g0_16666667, t1_3)
                let u1_2 = ((g0_041666668 * t1_0).addingProduct(g0_16666667, t1_2)).addingProduct(g0_6666667, t1_4)
                let u1_3 = (g0_083333336 * t1_1).addingProduct(g0_33333334, t1_3)
                target[12_288 + o * 64 + i] = g0_25 * t1_0
                target[14_336 + o * 64 + i] = u1_0 + u1_1
                target[16_384 + o * 64 + i] = u1_0 - u1_1
                target[18_432 + o * 64 + i] = u1_2 + u1_3
                target[20_480 + o * 64 + i] = u1_2 - u1_3
                target[22_528 + o * 64 + i] = t1_4
                let u2_0 = ((-g0_16666667 * t2_0).addingProduct(-g0_16666667, t2_2)).addingProduct(-g0_16666667, t2_4)
                let u2_1 = (-g0_16666667 * t2_1).addingProduct(-g0_16666667, t2_3)
                let u2_2 = ((g0_041666668 * t2_0).addingProduct(g0_16666667, t2_2)).addingProduct(g0_6666667, t2_4)
                let u2_3 = (g0_083333336 * t2_1).addingProduct(g0_33333334, t2_3)
                target[24_576 + o * 64 + i] = g0_25 * t2_0
                target[26_624 + o * 64 + i] = u2_0 + u2_1
                target[28_672 + o * 64 + i] = u2_0 - u2_1
                target[30_720 + o * 64 + i] = u2_2 + u2_3
                target[32_768 + o * 64 + i] = u2_2 - u2_3
                target[34_816 + o * 64 + i] = t2_4
                let u3_0 = ((-g0_16666667 * t3_0).addingProduct(-g0_16666667, t3_2)).addingProduct(-g0_16666667, t3_4)
                let u3_1 = (-g0_16666667 * t3_1).addingProduct(-g0_16666667, t3_3)
                let u3_2 = ((g0_041666668 * t3_0).addingProduct(g0_16666667, t3_2)).addingProduct(g0_6666667, t3_4)
                let u3_3 = (g0_083333336 * t3_1).addingProduct(g0_33333334, t3_3)
                target[36_864 + o * 64 + i] = g0_25 * t3_0
                target[38_912 + o * 64 + i] = u3_0 + u3_1
                target[40_960 + o * 64 + i] = u3_0 - u3_1
                target[43_008 + o * 64 + i] = u3_2 + u3_3
                target[45_056 + o * 64 + i] = u3_2 - u3_3
                target[47_104 + o * 64 + i] = t3_4
                let u4_0 = ((-g0_16666667 * t4_0).addingProduct(-g0_16666667, t4_2)).addingProduct(-g0_16666667, t4_4)
                let u4_1 = (-g0_16666667 * t4_1).addingProduct(-g0_16666667, t4_3)
                let u4_2 = ((g0_041666668 * t4_0).addingProduct(g0_16666667, t4_2)).addingProduct(g0_6666667, t4_4)
                let u4_3 = (g0_083333336 * t4_1).addingProduct(g0_33333334, t4_3)
                target[49_152 + o * 64 + i] = g0_25 * t4_0
                target[51_200 + o * 64 + i] = u4_0 + u4_1
                target[53_248 + o * 64 + i] = u4_0 - u4_1
                target[55_296 + o * 64 + i] = u4_2 + u4_3
                target[57_344 + o * 64 + i] = u4_2 - u4_3
                target[59_392 + o * 64 + i] = t4_4
                let u5_0 = ((-g0_16666667 * t5_0).addingProduct(-g0_16666667, t5_2)).addingProduct(-g0_16666667, t5_4)
                let u5_1 = (-g0_16666667 * t5_1).addingProduct(-g0_16666667, t5_3)
                let u5_2 = ((g0_041666668 * t5_0).addingProduct(g0_16666667, t5_2)).addingProduct(g0_6666667, t5_4)
                let u5_3 = (g0_083333336 * t5_1).addingProduct(g0_33333334, t5_3)
                target[61_440 + o * 64 + i] = g0_25 * t5_0
                target[63_488 + o * 64 + i] = u5_0 + u5_1
                target[65_536 + o * 64 + i] = u5_0 - u5_1
                target[67_584 + o * 64 + i] = u5_2 + u5_3
                target[69_632 + o * 64 + i] = u5_2 - u5_3
                target[71_680 + o * 64 + i] = t5_4
            }
        }
    }
}

/// Copies `valid` images (row-major, 784 floats each) into the lanes of the input buffer; the other lanes get
/// zeros.
private func stage_input(_ images: UnsafePointer<Float>, _ valid: Int, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let inputRow = 32
    let imageSize = 784, imageRow = 28
    let x = UnsafeMutableRawPointer(ws.input).assumingMemoryBound(to: Float.self)
    for l in 0..<8 {
        for y in 0..<28 {
            let row = x + (y * inputRow + 2 * inputRow + 2) * 8 + l
            if l < valid {
                let source = images + l * imageSize + y * imageRow
                for i in 0..<28 { row[i * 8] = source[i] }
            } else {
                for i in 0..<28 { row[i * 8] = 0 }
            }
        }
    }
}

/// Part `part` of `parts` of the reduction: each parameter's values split evenly between the parts, and each
/// value summed over the chunks' accumulators in chunk order into the gradient arena (PyTorch's layout).
private func reduce_gradients(
    _ acc: UnsafePointer<V>, chunks: Int, part: Int, parts: Int, into grad: UnsafeMutablePointer<Float>
) {
    let target = UnsafeMutableRawPointer(grad)
    // 0.weight: 800 values, lanes summed last (the first chunk's only)
    for k in 800 * part / parts..<800 * (part + 1) / parts {
        grad[Arena.w0 + k] = hsum(acc[Acc.w0 + k])
    }
    // 0.bias: 32 values, lanes summed last (the first chunk's only)
    for k in 32 * part / parts..<32 * (part + 1) / parts {
        grad[Arena.b0 + k] = hsum(acc[Acc.b0 + k])
    }
    // 3.weight: 51200 values, lanes summed last (the first chunk's only)
    for k in 51200 * part / parts..<51200 * (part + 1) / parts {
        grad[Arena.w3 + k] = hsum(acc[Acc.w3 + k])
    }
    // 3.bias: 64 values, lanes summed last (the first chunk's only)
    for k in 64 * part / parts..<64 * (part + 1) / parts {
        grad[Arena.b3 + k] = hsum(acc[Acc.b3 + k])
    }
    // 10.weight: 10 rows of 1024, accumulated in rows of 1024
    for j in 10 * part / parts..<10 * (part + 1) / parts {
        let row = Acc.w10 + j * 128, out = (Arena.w10 + j * 1024) * 4
        for v in 0..<128 {
            var s = acc[row + v]
            for c in 1..<chunks { s += acc[c * Acc.count + row + v] }
            target.storeBytes(of: s, toByteOffset: out + v * 32, as: V.self)
        }
    }
    // 10.bias: 10 values, lanes summed last
    for k in 10 * part / parts..<10 * (part + 1) / parts {
        var s = acc[Acc.b10 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b10 + k] }
        grad[Arena.b10 + k] = hsum(s)
    }
}

/// The tf-deep-mnist network specialised for training: a TrainableNetwork whose every size is a literal.
/// Parameters and gradients live in two arenas laid out as PyTorch lays out the nn.Sequential's state_dict;
/// up to `threads` threads share each batch (the results do not depend on how many).
public final class TfDeepMnistNetwork: TrainableNetwork, ProfilingNetwork {
    /// Every parameter, in PyTorch's order.
    public static let layout: [ParameterSlot] = [
        ParameterSlot(name: "0.weight", shape: [32, 1, 5, 5], offset: Arena.w0, fanIn: 25, fanOut: 800, isBias: false),
        ParameterSlot(name: "0.bias", shape: [32], offset: Arena.b0, fanIn: 25, fanOut: 800, isBias: true),
        ParameterSlot(name: "3.weight", shape: [64, 32, 5, 5], offset: Arena.w3, fanIn: 800, fanOut: 1600, isBias: false),
        ParameterSlot(name: "3.bias", shape: [64], offset: Arena.b3, fanIn: 800, fanOut: 1600, isBias: true),
        ParameterSlot(name: "7.weight", shape: [1024, 3136], offset: Arena.w7, fanIn: 3136, fanOut: 1024, isBias: false),
        ParameterSlot(name: "7.bias", shape: [1024], offset: Arena.b7, fanIn: 3136, fanOut: 1024, isBias: true),
        ParameterSlot(name: "10.weight", shape: [10, 1024], offset: Arena.w10, fanIn: 1024, fanOut: 10, isBias: false),
        ParameterSlot(name: "10.bias", shape: [10], offset: Arena.b10, fanIn: 1024, fanOut: 10, isBias: true),
    ]
    public static let classes = 10
    public static let inputShape = [1, 28, 28]
    /// What `--profile` times, in forward order.
    public static let blocks = ["conv0_relu1_maxpool2", "conv3_relu4_maxpool5", "dense7_relu8", "dropout9", "dense10", "softmax_cross_entropy"]

    public var parameterLayout: [ParameterSlot] { Self.layout }
    public var profiledBlocks: [String] { Self.blocks }
    public let parameters: UnsafeMutableBufferPointer<Float>
    public let gradients: UnsafeMutableBufferPointer<Float>
    public let maxBatch: Int
    public var inputSize: Int { 784 }
    public let threads: Int
    private let workspaces: [Workspace]
    private let memory: UnsafeMutablePointer<V>
    private let batch: Batch
    private let batchMemory: UnsafeMutablePointer<V>
    private let accumulators: UnsafeMutablePointer<V> // GroupChunks.maxChunks × Acc.count
    private let results: UnsafeMutablePointer<(loss: Double, correct: Int)> // one per chunk
    private let chunker = GroupChunks()
    private let shortScratch: UnsafeMutablePointer<V> // a short-group kernel's weight or output gradient, channels side by side
    private let winogradWeights: UnsafeMutablePointer<Float> // 147_456: the Winograd convolutions' transformed filters
    private let updateScratch: UnsafeMutablePointer<Float> // threads × 12_544: a tile of rows of a batched weight gradient, updated from
    private let masks0: UnsafeMutablePointer<V> // (maxBatch rounded up to groups, 1024)

    /// Room for batches of up to `maxBatch` examples, run on `threads` threads; parameters start at zero
    /// (initialise them, or load a checkpoint).
    public init(maxBatch: Int = 50, threads: Int = 2) {
        // Checked even in -Ounchecked builds (a precondition would not be).
        guard maxBatch >= 1 && threads >= 1 else { fatalError("TfDeepMnistNetwork needs maxBatch ≥ 1 and threads ≥ 1") }
        self.maxBatch = maxBatch
        self.threads = threads
        parameters = .allocate(capacity: Arena.count)
        parameters.initialize(repeating: 0)
        gradients = .allocate(capacity: Arena.count)
        gradients.initialize(repeating: 0)
        let groups = (maxBatch + 7) / 8
        batchMemory = .allocate(capacity: Batch.vectors(groups: groups))
        let batch = Batch(batchMemory, groups: groups)
        self.batch = batch
        let memory = UnsafeMutablePointer<V>.allocate(capacity: Workspace.vectors * threads)
        self.memory = memory
        let winogradWeights = UnsafeMutablePointer<Float>.allocate(capacity: 147_456)
        winogradWeights.initialize(repeating: 0, count: 147_456)
        self.winogradWeights = winogradWeights
        workspaces = (0..<threads).map { Workspace(memory + $0 * Workspace.vectors, batch, winogradWeights) }
        accumulators = .allocate(capacity: Acc.count * GroupChunks.maxChunks)
        accumulators.initialize(repeating: V(), count: Acc.count * GroupChunks.maxChunks)
        shortScratch = .allocate(capacity: 6_400)
        shortScratch.initialize(repeating: V(), count: 6_400)
        updateScratch = .allocate(capacity: threads * 12_544)
        updateScratch.initialize(repeating: 0, count: threads * 12_544)
        results = .allocate(capacity: GroupChunks.maxChunks)
        results.initialize(repeating: (0, 0), count: GroupChunks.maxChunks)
        masks0 = .allocate(capacity: (maxBatch + 7) / 8 * 1024)
        masks0.initialize(repeating: V(), count: (maxBatch + 7) / 8 * 1024)
    }

    deinit {
        parameters.deallocate()
        gradients.deallocate()
        memory.deallocate()
        batchMemory.deallocate()
        accumulators.deallocate()
        results.deallocate()
        shortScratch.deallocate()
        updateScratch.deallocate()
        winogradWeights.deallocate()
        masks0.deallocate()
    }

    /// Draws the batch's dropout masks from SeededRNG(seed: seed): dropout layers in order, examples in batch
    /// order, features row-major, one nextFloat() each; kept (value 1/(1 − rate)) when it is below 1 − rate.
    /// Stored per group, lanes interleaved.
    private func drawMasks(count: Int, seed: UInt64) {
        var rng = SeededRNG(seed: seed)
        do {
            let keep = Float(1 - 0.5), value = 1 / Float(1 - 0.5)
            let mask = UnsafeMutableRawPointer(masks0).assumingMemoryBound(to: Float.self)
            for e in 0..<count {
                let base = (e / 8) * 8192 + e % 8
                for f in 0..<1024 { mask[base + f * 8] = rng.nextFloat() < keep ? value : 0 }
            }
        }
    }

    public func trainStep(
        images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, dropoutSeed: UInt64
    ) -> (lossSum: Double, correct: Int) {
        step(images, labels, count, dropoutSeed, update: nil, profile: nil)
    }

    public func trainStep(
        images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, dropoutSeed: UInt64, clock: UnsafeMutablePointer<UInt64>
    ) -> (lossSum: Double, correct: Int) {
        step(images, labels, count, dropoutSeed, update: nil, profile: clock)
    }

    /// The weights of the batched dense blocks: their update is applied as each tile of their gradient is
    /// formed.
    public var fusedUpdateRanges: [Range<Int>] { [Arena.w7..<Arena.w7 + 3_211_264] }

    public func trainStep(
        images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, dropoutSeed: UInt64, update: FusedUpdate
    ) -> (lossSum: Double, correct: Int) {
        step(images, labels, count, dropoutSeed, update: update, profile: nil)
    }

    /// One training step, stage by stage (forward in order, then backward in reverse): lane stages run group
    /// by group in chunks that the threads take in turn (GroupChunks); a batched stage runs on the whole
    /// batch with its outputs split between the threads. Then the chunks' accumulators are reduced into
    /// `gradients`. With `profile`, each block's nanoseconds are added per thread (see ProfilingNetwork).
    /// With `update`, the weights of dense7_relu8 are updated as their gradient is formed
    /// (fusedUpdateRanges), unless the loss is not finite.
    private func step(
        _ images: UnsafePointer<Float>, _ labels: UnsafePointer<Int32>, _ count: Int, _ dropoutSeed: UInt64, update: FusedUpdate?, profile: UnsafeMutablePointer<UInt64>?
    ) -> (lossSum: Double, correct: Int) {
        guard count >= 1 && count <= maxBatch else {
            fatalError("a batch of \(count) examples does not fit maxBatch \(maxBatch)")
        }
        drawMasks(count: count, seed: dropoutSeed)
        let groups = (count + 7) / 8, chunks = GroupChunks.count(groups: groups)
        let scale = 1 / Float(count)
        let params = UnsafePointer(parameters.baseAddress!), grad = gradients.baseAddress!
        // the Winograd filters of this step's weights (timed with conv3_relu4_maxpool5's forward)
        parallel(threads) { t in
            let clock = profile.map { $0 + t * 12 }
            timed(clock, 2) { winograd_weights(params, winogradWeights, training: true, part: t, parts: threads) }
        }
        chunker.run(threads: threads, groups: groups, chunks: chunks) { t, _, range in
            for g in range {
                let first = g * 8
                stage_input(images + first * 784, min(8, count - first), workspaces[t].at(g, batch))
            }
        }
        // stage 1 of 4, every group, its channels split between the threads: conv0_relu1_maxpool2, forward
        parallel(threads) { t in
            let clock = profile.map { $0 + t * 12 }
            for g in 0..<groups {
                let ws = workspaces[t].at(g, batch)
                timed(clock, 0) { conv0_relu1_maxpool2_forward(params, ws, part: t, parts: threads) }
            }
        }
        // stage 2 of 4, every group, its channels split between the threads: conv3_relu4_maxpool5 (short),
        // forward
        parallel(threads) { t in
            let clock = profile.map { $0 + t * 12 }
            for g in 0..<groups {
                let ws = workspaces[t].at(g, batch)
                let valid = min(8, count - g * 8)
                if valid <= 3 {
                    timed(clock, 2) { conv3_relu4_maxpool5_forward_short(params, ws, valid: valid, scratch: shortScratch, part: t, parts: threads) }
                } else {
                    timed(clock, 2) { conv3_relu4_maxpool5_forward(params, ws, part: t, parts: threads) }
                }
            }
        }
        // stage 3 of 4, the whole batch, its work split between the threads: dense7_relu8, forward
        parallel(threads) { t in
            let clock = profile.map { $0 + t * 12 }
            timed(clock, 4) { dense7_relu8_forward(params, batch, groups: groups, part: t, parts: threads) }
        }
        // stage 4 of 4, group by group, through the loss: dropout9, dense10
        chunker.run(threads: threads, groups: groups, chunks: chunks) { t, chunk, range in
            let clock = profile.map { $0 + t * 12 }
            let acc = accumulators + chunk * Acc.count
            if chunk == 0 {
                acc.update(repeating: V(), count: Acc.count)
            } else {
                (acc + Acc.otherChunks).update(repeating: V(), count: Acc.count - Acc.otherChunks)
            }
            var loss = 0.0, correct = 0
            for g in range {
                let first = g * 8, valid = min(8, count - first)
                var ws = workspaces[t].at(g, batch)
                ws.mask0 = UnsafePointer(masks0 + g * 1024)
                timed(clock, 6) { dropout9_forward(ws, training: true) } // → (L, 1024)
                timed(clock, 8) { dense10_forward(params, ws) } // → (L, 10)
                var result = (loss: 0.0, correct: 0)
                timed(clock, 10) { result = softmax_cross_entropy(ws, labels: labels + first, valid: valid, scale: scale) }
                loss += result.loss
                correct += result.correct
                timed(clock, 9) { dense10_backward(params, acc, ws) }
                timed(clock, 7) { dropout9_backward(ws) }
            }
            results[chunk] = (loss, correct)
        }
        var loss = 0.0, correct = 0
        for c in 0..<chunks {
            loss += results[c].loss
            correct += results[c].correct
        }
        // On a non-finite loss no update is applied and every gradient is written: the training loop stops
        // before updating.
        let update = loss.isFinite ? update : nil
        // stage 3 of 4, the whole batch, its work split between the threads: dense7_relu8, backward
        parallel(threads) { t in
            let clock = profile.map { $0 + t * 12 }
            timed(clock, 5) { dense7_relu8_backward_prepare(grad, batch, count: count, part: t, parts: threads) }
        }
        parallel(threads) { t in
            let clock = profile.map { $0 + t * 12 }
            timed(clock, 5) { dense7_relu8_backward_inputs(params, batch, count: count, part: t, parts: threads) }
        }
        parallel(threads) { t in
            let clock = profile.map { $0 + t * 12 }
            timed(clock, 5) { dense7_relu8_backward_weights(grad, batch, count: count, update: update, scratch: updateScratch + t * 12_544, part: t, parts: threads) }
        }
        // stage 2 of 4, every group, its channels split between the threads: conv3_relu4_maxpool5 (short),
        // backward
        // (the output channels' share first, then, once every channel's gradient is in, the input channels')
        parallel(threads) { t in
            let clock = profile.map { $0 + t * 12 }
            for g in 0..<groups {
                let ws = workspaces[t].at(g, batch)
                let valid = min(8, count - g * 8)
                if valid > 3 {
                    timed(clock, 3) { conv3_relu4_maxpool5_backward(params, accumulators, ws, part: t, parts: threads) }
                }
            }
        }
        if count - (groups - 1) * 8 <= 3 {
            parallel(threads) { t in
                let clock = profile.map { $0 + t * 12 }
                let ws = workspaces[t].at(groups - 1, batch), valid = count - (groups - 1) * 8
                timed(clock, 3) { conv3_relu4_maxpool5_backward_short(params, accumulators, ws, valid: valid, scratch: shortScratch, part: t, parts: threads) }
            }
        }
        // (the input gradient group by group, in chunks: each group's Winograd transforms serve every
        // channel)
        chunker.run(threads: threads, groups: groups, chunks: chunks) { t, _, range in
            let clock = profile.map { $0 + t * 12 }
            for g in range {
                let ws = workspaces[t].at(g, batch)
                let valid = min(8, count - g * 8)
                if valid <= 3 {
                    timed(clock, 3) { conv3_relu4_maxpool5_backward_inputs_short(params, ws, valid: valid, scratch: shortScratch, part: 0, parts: 1) }
                } else {
                    timed(clock, 3) { conv3_relu4_maxpool5_backward_inputs(params, ws) }
                }
            }
        }
        // stage 1 of 4, every group, its channels split between the threads: conv0_relu1_maxpool2, backward
        // (the output channels' share first, then, once every channel's gradient is in, the input channels')
        parallel(threads) { t in
            let clock = profile.map { $0 + t * 12 }
            for g in 0..<groups {
                let ws = workspaces[t].at(g, batch)
                timed(clock, 1) { conv0_relu1_maxpool2_backward(params, accumulators, ws, part: t, parts: threads) }
            }
        }
        // the chunks' accumulators, summed in chunk order
        let used = min(threads, chunks)
        parallel(used) { t in
            reduce_gradients(accumulators, chunks: chunks, part: t, parts: used, into: grad)
        }
        return (loss, correct)
    }

    /// Runs forward (evaluation mode) on `count` examples, stage by stage, and hands each group's logits (L,
    /// 10) to `body` with its first example and size.
    private func evaluate(
        _ images: UnsafePointer<Float>, count: Int, _ body: (UnsafePointer<V>, Int, Int) -> Void
    ) {
        let groups = (count + 7) / 8, chunks = GroupChunks.count(groups: groups)
        guard groups > 0 else { return }
        let params = UnsafePointer(parameters.baseAddress!)
        parallel(threads) { t in winograd_weights(params, winogradWeights, training: false, part: t, parts: threads) }
        chunker.run(threads: threads, groups: groups, chunks: chunks) { t, _, range in
            for g in range {
                let first = g * 8
                stage_input(images + first * 784, min(8, count - first), workspaces[t].at(g, batch))
            }
        }
        parallel(threads) { t in
            for g in 0..<groups {
                let ws = workspaces[t].at(g, batch)
                conv0_relu1_maxpool2_forward(params, ws, part: t, parts: threads)
            }
        }
        parallel(threads) { t in
            for g in 0..<groups {
                let ws = workspaces[t].at(g, batch)
                let valid = min(8, count - g * 8)
                if valid <= 3 {
                    conv3_relu4_maxpool5_forward_short(params, ws, valid: valid, scratch: shortScratch, part: t, parts: threads)
                } else {
                    conv3_relu4_maxpool5_forward(params, ws, part: t, parts: threads)
                }
            }
        }
        parallel(threads) { t in
            dense7_relu8_forward(params, batch, groups: groups, part: t, parts: threads)
        }
        chunker.run(threads: threads, groups: groups, chunks: chunks) { t, _, range in
            for g in range {
                let first = g * 8, valid = min(8, count - first)
                let ws = workspaces[t].at(g, batch)
                timed(nil, 6) { dropout9_forward(ws, training: false) } // → (L, 1024)
                timed(nil, 8) { dense10_forward(params, ws) } // → (L, 10)
                body(UnsafePointer(ws.out10), first, valid)
            }
        }
    }

    public func predict(
        images: UnsafePointer<Float>, count: Int, into predictions: UnsafeMutablePointer<Int32>
    ) {
        evaluate(images, count: count) { logits, first, valid in
            var m = logits[0]
            var best = VI(repeating: 0)
            for k in 1..<10 {
                let v = logits[k], gt = v .> m
                m.replace(with: v, where: gt)
                best.replace(with: VI(repeating: Int32(k)), where: gt)
            }
            for l in 0..<valid { predictions[first + l] = best[l] }
        }
    }

    /// The logits of `count` examples, row-major (count × 10), in evaluation mode.
    public func logits(images: UnsafePointer<Float>, count: Int, into output: UnsafeMutablePointer<Float>) {
        evaluate(images, count: count) { logits, first, valid in
            for k in 0..<10 {
                for l in 0..<valid { output[(first + l) * 10 + k] = logits[k][l] }
            }
        }
    }
}

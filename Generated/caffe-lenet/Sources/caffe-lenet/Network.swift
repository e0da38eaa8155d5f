// caffe-lenet: Network.swift, the network of Specs/caffe-lenet.yaml specialised by `lenetc emit`.
// Generated; do not edit (run `lenetc emit Specs/caffe-lenet.yaml` again instead).
//
//   #  layer                  output     params       MACs
//   -  ---------------------  --------  -------  ---------
//      input                  1×28×28
//   0  conv 20, 5×5           20×24×24      520    288,000
//   1  maxpool 2×2, stride 2  20×12×12        0          0
//   2  conv 50, 5×5           50×8×8     25,050  1,600,000
//   3  maxpool 2×2, stride 2  50×4×4          0          0
//   4  flatten                800             0          0
//   5  dense 500              500       400,500    400,000
//   6  relu                   500             0          0
//   7  dense 10               10          5,010      5,000
//   parameters:        431,080 (1.6 MiB as float32)
//   MACs per example:  2,293,000 forward, 6,591,000 training (forward + backward)
//   activations:       20,194 floats (78.9 KiB) per example
//   spatial chain:     28→24→12→8→4
//
// Blocks, forward in this order and backward in reverse:
//   conv0_maxpool1         conv 20, 5×5 → maxpool 2×2, stride 2
//   conv2_maxpool3         conv 50, 5×5 → maxpool 2×2, stride 2 (Winograd: forward F(2×2, 5×5))
//   dense5_relu6           dense 500 → relu
//   dense7                 dense 10
//   softmax_cross_entropy  mean over the batch; its gradient goes straight into dense7's backward
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

import Dispatch
import Foundation
import LenetRuntime

private typealias V = SIMD8<Float> // one value of each of the 8 examples of a group
private typealias VI = SIMD8<Int32>

/// Offsets (in floats) of the parameters in the arena: PyTorch's order and layout (row-major, NCHW).
private enum Arena {
    static let w0 = 0 // 0.weight (20, 1, 5, 5)
    static let b0 = 500 // 0.bias (20)
    static let w2 = 520 // 2.weight (50, 20, 5, 5)
    static let b2 = 25_520 // 2.bias (50)
    static let w5 = 25_570 // 5.weight (500, 800)
    static let b5 = 425_570 // 5.bias (500)
    static let w7 = 426_070 // 7.weight (10, 500)
    static let b7 = 431_070 // 7.bias (10)
    static let count = 431_080
}

/// Offsets (in vectors) of each parameter's gradient accumulator in a chunk's accumulator arena.
private enum Acc {
    static let w0 = 0 // 0.weight: one vector per value (lanes summed at the end of the step)
    static let b0 = 500 // 0.bias: one vector per value (lanes summed at the end of the step)
    static let w2 = 520 // 2.weight: one vector per value (lanes summed at the end of the step)
    static let b2 = 25_520 // 2.bias: one vector per value (lanes summed at the end of the step)
    static let w5 = 25_570 // 5.weight: 500 rows of 800 floats, lanes already summed
    static let b5 = 75_570 // 5.bias: one vector per value (lanes summed at the end of the step)
    static let w7 = 76_070 // 7.weight: 10 rows of 504 floats, lanes already summed
    static let b7 = 76_700 // 7.bias: one vector per value (lanes summed at the end of the step)
    static let count = 76_710
}

/// One thread's buffers for one group of 8 examples (L = the 8 lanes), carved out of one allocation.
private struct Workspace {
    let input: UnsafeMutablePointer<V> // (L, 1, 28, 28)
    let out0: UnsafeMutablePointer<V> // (L, 20, 24, 24)
    let dout0: UnsafeMutablePointer<V> // gradient of out0
    let out1: UnsafeMutablePointer<V> // (L, 20, 12, 12)
    let dout1: UnsafeMutablePointer<V> // gradient of out1
    let out2: UnsafeMutablePointer<V> // (L, 50, 8, 8)
    let dout2: UnsafeMutablePointer<V> // gradient of out2
    let out3: UnsafeMutablePointer<V> // (L, 50, 4, 4)
    let dout3: UnsafeMutablePointer<V> // gradient of out3
    let out6: UnsafeMutablePointer<V> // (L, 500)
    let dout6: UnsafeMutablePointer<V> // gradient of out6
    let out7: UnsafeMutablePointer<V> // (L, 10)
    let dout7: UnsafeMutablePointer<V> // gradient of out7
    let argmax1: UnsafeMutablePointer<VI> // which window element won each max
    let argmax3: UnsafeMutablePointer<VI> // which window element won each max
    let scratch: UnsafeMutablePointer<V> // (8, 800): a dense input transposed for its weight gradient
    let winograd: UnsafeMutablePointer<V> // a Winograd convolution's transformed inputs and products
    let winogradWeights: UnsafeMutablePointer<Float> // every Winograd convolution's U, shared by the threads (winograd_weights)
    static let vectors = 63_244

    /// Takes `vectors` vectors at `memory`: zeros everywhere, −∞ in the borders that max pooling reads.
    init(_ memory: UnsafeMutablePointer<V>, _ winogradWeights: UnsafeMutablePointer<Float>) {
        memory.initialize(repeating: V(), count: Self.vectors)
        self.winogradWeights = winogradWeights
        input = memory
        out0 = memory + 784
        dout0 = memory + 12304
        out1 = memory + 23824
        dout1 = memory + 26704
        out2 = memory + 29584
        dout2 = memory + 32784
        out3 = memory + 35984
        dout3 = memory + 36784
        out6 = memory + 37584
        dout6 = memory + 38084
        out7 = memory + 38584
        dout7 = memory + 38594
        argmax1 = UnsafeMutableRawPointer(memory + 38604).bindMemory(to: VI.self, capacity: 2880)
        argmax3 = UnsafeMutableRawPointer(memory + 41484).bindMemory(to: VI.self, capacity: 800)
        scratch = memory + 42284
        winograd = memory + 43084
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

/// conv0_maxpool1 forward: 0 conv 20, 5×5 · 1 maxpool 2×2, stride 2
/// input (L, 1, 28, 28) → out0 (L, 20, 24, 24) → out1 (L, 20, 12, 12)
private func conv0_maxpool1_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let inputRow = 28
    let out0Plane = 576, out0Row = 24
    let out1Plane = 144, out1Row = 12
    let wOut = 25, wRow = 5
    let argmax1Plane = 144, argmax1Row = 12
    let input = UnsafePointer(ws.input) // (L, 1, 28, 28)
    let out0 = ws.out0 // (L, 20, 24, 24)
    let weight = params + Arena.w0 // 0.weight (20, 1, 5, 5)
    let bias = params + Arena.b0 // 0.bias (20)
    // out[c, oy, ox] = b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, oy + ky, ox + kx]
    // conv + bias: register tiles of 5 output channels × 2 output columns
    for co in stride(from: 0, to: 20, by: 5) {
        for oy in 0..<24 {
            for ox in stride(from: 0, to: 24, by: 2) {
                do {
                    let b0 = V(repeating: bias[co])
                    let b1 = V(repeating: bias[co + 1])
                    let b2 = V(repeating: bias[co + 2])
                    let b3 = V(repeating: bias[co + 3])
                    let b4 = V(repeating: bias[co + 4])
                    var s0_0 = b0, s0_1 = b0
                    var s1_0 = b1, s1_1 = b1
                    var s2_0 = b2, s2_1 = b2
                    var s3_0 = b3, s3_1 = b3
                    var s4_0 = b4, s4_1 = b4
                    for ky in 0..<5 {
                        let row = input + oy * inputRow + ky * inputRow + ox
                        let taps = weight + co * wOut + ky * wRow
                        for kx in 0..<5 {
                            let i0 = row[kx], i1 = row[kx + 1]
                            let w0 = V(repeating: taps[kx]), w1 = V(repeating: taps[kx + wOut])
                            let w2 = V(repeating: taps[kx + 2 * wOut]), w3 = V(repeating: taps[kx + 3 * wOut])
                            let w4 = V(repeating: taps[kx + 4 * wOut])
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
                        }
                    }
                    out0[co * out0Plane + oy * out0Row + ox] = s0_0
                    out0[co * out0Plane + oy * out0Row + ox + 1] = s0_1
                    out0[co * out0Plane + oy * out0Row + ox + out0Plane] = s1_0
                    out0[co * out0Plane + oy * out0Row + ox + out0Plane + 1] = s1_1
                    out0[co * out0Plane + oy * out0Row + ox + 2 * out0Plane] = s2_0
                    out0[co * out0Plane + oy * out0Row + ox + 2 * out0Plane + 1] = s2_1
                    out0[co * out0Plane + oy * out0Row + ox + 3 * out0Plane] = s3_0
                    out0[co * out0Plane + oy * out0Row + ox + 3 * out0Plane + 1] = s3_1
                    out0[co * out0Plane + oy * out0Row + ox + 4 * out0Plane] = s4_0
                    out0[co * out0Plane + oy * out0Row + ox + 4 * out0Plane + 1] = s4_1
                }
            }
        }
    }

    let out1 = ws.out1 // (L, 20, 12, 12)
    let argmax1 = ws.argmax1 // (L, 20, 12, 12): which window element won
    // maxpool 2×2, stride 2×2
    for c in 0..<20 {
        for py in 0..<12 {
            for px in 0..<12 {
                let window = out0 + c * out0Plane + py * 2 * out0Row + px * 2
                var m = window[0]
                var k = VI(repeating: 0)
                let v1 = window[1], gt1 = v1 .> m
                m.replace(with: v1, where: gt1)
                k.replace(with: VI(repeating: 1), where: gt1)
                let v2 = window[out0Row], gt2 = v2 .> m
                m.replace(with: v2, where: gt2)
                k.replace(with: VI(repeating: 2), where: gt2)
                let v3 = window[out0Row + 1], gt3 = v3 .> m
                m.replace(with: v3, where: gt3)
                k.replace(with: VI(repeating: 3), where: gt3)
                out1[c * out1Plane + py * out1Row + px] = m
                argmax1[c * argmax1Plane + py * argmax1Row + px] = k
            }
        }
    }
}

/// conv2_maxpool3 forward: 2 conv 50, 5×5 · 3 maxpool 2×2, stride 2
/// out1 (L, 20, 12, 12) → out2 (L, 50, 8, 8) → out3 (L, 50, 4, 4)
private func conv2_maxpool3_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out1Plane = 144, out1Row = 12
    let out2Plane = 64, out2Row = 8
    let out3Plane = 16, out3Row = 4
    let argmax3Plane = 16, argmax3Row = 4
    let out1 = UnsafePointer(ws.out1) // (L, 20, 12, 12)
    let out2 = ws.out2 // (L, 50, 8, 8)
    let bias = params + Arena.b2 // 2.bias (50)
    // out[c, oy, ox] = b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, oy + ky, ox + kx]
    // Winograd F(2×2, 5×5): each 2×2 output tile is Aᵀ · [Σ_i U[c, i] ⊙ (Bᵀ · d[i] · B)] · A, d[i] the tile's
    // 6×6 window of input channel i and U = G · w · Gᵀ (winograd_weights): 36 products per input channel and
    // tile instead of 100. 2 rows of 4 tiles at a time: V, their transformed inputs (36, 20, 8), then M, the
    // products of every output channel (36, 50, 8), both in L2.
    // Bᵀ = [[4, 0, -5, 0, 1, 0], [0, -4, -4, 1, 1, 0], [0, 4, -4, -1, 1, 0], [0, -2, -1, 2, 1, 0], [0, 2, -1,
    // -2, 1, 0], [0, 4, 0, -5, 0, 1]], Aᵀ = [[1, 1, 1, 1, 1, 0], [0, 1, -1, 2, -2, 1]]
    let wV = ws.winograd // V: (36, 20, 8)
    let wM = ws.winograd + 5_760 // M: (36, 50, 8)
    let wU = UnsafePointer(ws.winogradWeights + 0) // U: (36, 50, 20) floats
    let k2 = V(repeating: 2.0), k4 = V(repeating: 4.0), k5 = V(repeating: 5.0)
    for by in 0..<2 {
        // V = Bᵀ · d · B for every input channel and tile of the block
        for ci in 0..<20 {
            for ry in 0..<2 {
                for tx in 0..<4 {
                    let d = out1 + ci * out1Plane + by * 4 * out1Row + ry * 2 * out1Row + tx * 2
                    let d0_0 = d[0], d0_1 = d[1], d0_2 = d[2], d0_3 = d[3], d0_4 = d[4], d0_5 = d[5]
                    let d1_0 = d[out1Row], d1_1 = d[out1Row + 1], d1_2 = d[out1Row + 2], d1_3 = d[out1Row + 3]
                    let d1_4 = d[out1Row + 4], d1_5 = d[out1Row + 5]
                    let d2_0 = d[2 * out1Row], d2_1 = d[2 * out1Row + 1], d2_2 = d[2 * out1Row + 2]
                    let d2_3 = d[2 * out1Row + 3], d2_4 = d[2 * out1Row + 4], d2_5 = d[2 * out1Row + 5]
                    let d3_0 = d[3 * out1Row], d3_1 = d[3 * out1Row + 1], d3_2 = d[3 * out1Row + 2]
                    let d3_3 = d[3 * out1Row + 3], d3_4 = d[3 * out1Row + 4], d3_5 = d[3 * out1Row + 5]
                    let d4_0 = d[4 * out1Row], d4_1 = d[4 * out1Row + 1], d4_2 = d[4 * out1Row + 2]
                    let d4_3 = d[4 * out1Row + 3], d4_4 = d[4 * out1Row + 4], d4_5 = d[4 * out1Row + 5]
                    let d5_0 = d[5 * out1Row], d5_1 = d[5 * out1Row + 1], d5_2 = d[5 * out1Row + 2]
                    let d5_3 = d[5 * out1Row + 3], d5_4 = d[5 * out1Row + 4], d5_5 = d[5 * out1Row + 5]
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
                    let v = wV + ci * 8 + ry * 4 + tx
                    let b0_0 = e0_4.addingProduct(-k4, e0_2), b0_1 = e0_3.addingProduct(-k4, e0_1)
                    let b0_2 = -e0_2 + e0_4, b0_3 = (-k2 * e0_1).addingProduct(k2, e0_3)
                    v[0] = (e0_4.addingProduct(k4, e0_0)).addingProduct(-k5, e0_2)
                    v[160] = b0_0 + b0_1
                    v[320] = b0_0 - b0_1
                    v[480] = b0_2 + b0_3
                    v[640] = b0_2 - b0_3
                    v[800] = (e0_5.addingProduct(k4, e0_1)).addingProduct(-k5, e0_3)
                    let b1_0 = e1_4.addingProduct(-k4, e1_2), b1_1 = e1_3.addingProduct(-k4, e1_1)
                    let b1_2 = -e1_2 + e1_4, b1_3 = (-k2 * e1_1).addingProduct(k2, e1_3)
                    v[960] = (e1_4.addingProduct(k4, e1_0)).addingProduct(-k5, e1_2)
                    v[1_120] = b1_0 + b1_1
                    v[1_280] = b1_0 - b1_1
                    v[1_440] = b1_2 + b1_3
                    v[1_600] = b1_2 - b1_3
                    v[1_760] = (e1_5.addingProduct(k4, e1_1)).addingProduct(-k5, e1_3)
                    let b2_0 = e2_4.addingProduct(-k4, e2_2), b2_1 = e2_3.addingProduct(-k4, e2_1)
                    let b2_2 = -e2_2 + e2_4, b2_3 = (-k2 * e2_1).addingProduct(k2, e2_3)
                    v[1_920] = (e2_4.addingProduct(k4, e2_0)).addingProduct(-k5, e2_2)
                    v[2_080] = b2_0 + b2_1
                    v[2_240] = b2_0 - b2_1
                    v[2_400] = b2_2 + b2_3
                    v[2_560] = b2_2 - b2_3
                    v[2_720] = (e2_5.addingProduct(k4, e2_1)).addingProduct(-k5, e2_3)
                    let b3_0 = e3_4.addingProduct(-k4, e3_2), b3_1 = e3_3.addingProduct(-k4, e3_1)
                    let b3_2 = -e3_2 + e3_4, b3_3 = (-k2 * e3_1).addingProduct(k2, e3_3)
                    v[2_880] = (e3_4.addingProduct(k4, e3_0)).addingProduct(-k5, e3_2)
                    v[3_040] = b3_0 + b3_1
                    v[3_200] = b3_0 - b3_1
                    v[3_360] = b3_2 + b3_3
                    v[3_520] = b3_2 - b3_3
                    v[3_680] = (e3_5.addingProduct(k4, e3_1)).addingProduct(-k5, e3_3)
                    let b4_0 = e4_4.addingProduct(-k4, e4_2), b4_1 = e4_3.addingProduct(-k4, e4_1)
                    let b4_2 = -e4_2 + e4_4, b4_3 = (-k2 * e4_1).addingProduct(k2, e4_3)
                    v[3_840] = (e4_4.addingProduct(k4, e4_0)).addingProduct(-k5, e4_2)
                    v[4_000] = b4_0 + b4_1
                    v[4_160] = b4_0 - b4_1
                    v[4_320] = b4_2 + b4_3
                    v[4_480] = b4_2 - b4_3
                    v[4_640] = (e4_5.addingProduct(k4, e4_1)).addingProduct(-k5, e4_3)
                    let b5_0 = e5_4.addingProduct(-k4, e5_2), b5_1 = e5_3.addingProduct(-k4, e5_1)
                    let b5_2 = -e5_2 + e5_4, b5_3 = (-k2 * e5_1).addingProduct(k2, e5_3)
                    v[4_800] = (e5_4.addingProduct(k4, e5_0)).addingProduct(-k5, e5_2)
                    v[4_960] = b5_0 + b5_1
                    v[5_120] = b5_0 - b5_1
                    v[5_280] = b5_2 + b5_3
                    v[5_440] = b5_2 - b5_3
                    v[5_600] = (e5_5.addingProduct(k4, e5_1)).addingProduct(-k5, e5_3)
                }
            }
        }
        // M = U ⊙ V summed over the input channels, 4 output channels × 3 tiles at a time; each point's V
        // (160 vectors) stays in L1 for every channel
        for xi in 0..<36 {
            let v = wV + xi * 160
            let m = wM + xi * 400
            for co in stride(from: 0, to: 48, by: 4) {
                let taps = wU + (xi * 50 + co) * 20 // U[xi, co, 0]
                for t in stride(from: 0, to: 6, by: 3) {
                    do {
                        var s0_0 = V(), s0_1 = V(), s0_2 = V()
                        var s1_0 = V(), s1_1 = V(), s1_2 = V()
                        var s2_0 = V(), s2_1 = V(), s2_2 = V()
                        var s3_0 = V(), s3_1 = V(), s3_2 = V()
                        for ci in 0..<20 {
                            let row = v + ci * 8 + t
                            let i0 = row[0], i1 = row[1], i2 = row[2]
                            let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 20])
                            let w2 = V(repeating: taps[ci + 40]), w3 = V(repeating: taps[ci + 60])
                            s0_0 = s0_0.addingProduct(i0, w0)
                            s0_1 = s0_1.addingProduct(i1, w0)
                            s0_2 = s0_2.addingProduct(i2, w0)
                            s1_0 = s1_0.addingProduct(i0, w1)
                            s1_1 = s1_1.addingProduct(i1, w1)
                            s1_2 = s1_2.addingProduct(i2, w1)
                            s2_0 = s2_0.addingProduct(i0, w2)
                            s2_1 = s2_1.addingProduct(i1, w2)
                            s2_2 = s2_2.addingProduct(i2, w2)
                            s3_0 = s3_0.addingProduct(i0, w3)
                            s3_1 = s3_1.addingProduct(i1, w3)
                            s3_2 = s3_2.addingProduct(i2, w3)
                        }
                        m[co * 8 + t] = s0_0
                        m[co * 8 + t + 1] = s0_1
                        m[co * 8 + t + 2] = s0_2
                        m[co * 8 + t + 8] = s1_0
                        m[co * 8 + t + 9] = s1_1
                        m[co * 8 + t + 10] = s1_2
                        m[co * 8 + t + 16] = s2_0
                        m[co * 8 + t + 17] = s2_1
                        m[co * 8 + t + 18] = s2_2
                        m[co * 8 + t + 24] = s3_0
                        m[co * 8 + t + 25] = s3_1
                        m[co * 8 + t + 26] = s3_2
                    }
                }
                do {
                    var s0_0 = V(), s0_1 = V()
                    var s1_0 = V(), s1_1 = V()
                    var s2_0 = V(), s2_1 = V()
                    var s3_0 = V(), s3_1 = V()
                    for ci in 0..<20 {
                        let row = v + ci * 8 + 6
                        let i0 = row[0], i1 = row[1]
                        let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 20])
                        let w2 = V(repeating: taps[ci + 40]), w3 = V(repeating: taps[ci + 60])
                        s0_0 = s0_0.addingProduct(i0, w0)
                        s0_1 = s0_1.addingProduct(i1, w0)
                        s1_0 = s1_0.addingProduct(i0, w1)
                        s1_1 = s1_1.addingProduct(i1, w1)
                        s2_0 = s2_0.addingProduct(i0, w2)
                        s2_1 = s2_1.addingProduct(i1, w2)
                        s3_0 = s3_0.addingProduct(i0, w3)
                        s3_1 = s3_1.addingProduct(i1, w3)
                    }
                    m[co * 8 + 6] = s0_0
                    m[co * 8 + 7] = s0_1
                    m[co * 8 + 14] = s1_0
                    m[co * 8 + 15] = s1_1
                    m[co * 8 + 22] = s2_0
                    m[co * 8 + 23] = s2_1
                    m[co * 8 + 30] = s3_0
                    m[co * 8 + 31] = s3_1
                }
            }
            let taps = wU + (xi * 50 + 48) * 20 // U[xi, co, 0]
            for t in stride(from: 0, to: 6, by: 3) {
                do {
                    var s0_0 = V(), s0_1 = V(), s0_2 = V()
                    var s1_0 = V(), s1_1 = V(), s1_2 = V()
                    for ci in 0..<20 {
                        let row = v + ci * 8 + t
                        let i0 = row[0], i1 = row[1], i2 = row[2]
                        let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 20])
                        s0_0 = s0_0.addingProduct(i0, w0)
                        s0_1 = s0_1.addingProduct(i1, w0)
                        s0_2 = s0_2.addingProduct(i2, w0)
                        s1_0 = s1_0.addingProduct(i0, w1)
                        s1_1 = s1_1.addingProduct(i1, w1)
                        s1_2 = s1_2.addingProduct(i2, w1)
                    }
                    m[t + 384] = s0_0
                    m[t + 385] = s0_1
                    m[t + 386] = s0_2
                    m[t + 392] = s1_0
                    m[t + 393] = s1_1
                    m[t + 394] = s1_2
                }
            }
            do {
                var s0_0 = V(), s0_1 = V()
                var s1_0 = V(), s1_1 = V()
                for ci in 0..<20 {
                    let row = v + ci * 8 + 6
                    let i0 = row[0], i1 = row[1]
                    let w0 = V(repeating: taps[ci]), w1 = V(repeating: taps[ci + 20])
                    s0_0 = s0_0.addingProduct(i0, w0)
                    s0_1 = s0_1.addingProduct(i1, w0)
                    s1_0 = s1_0.addingProduct(i0, w1)
                    s1_1 = s1_1.addingProduct(i1, w1)
                }
                m[390] = s0_0
                m[391] = s0_1
                m[398] = s1_0
                m[399] = s1_1
            }
        }
        // Y = Aᵀ · M · A, plus the bias, stored
        for c in 0..<50 {
            let b = V(repeating: bias[c])
            for ry in 0..<2 {
                for tx in 0..<4 {
                    let p = wM + c * 8 + ry * 4 + tx
                    let m0_0 = p[0], m0_1 = p[400], m0_2 = p[800], m0_3 = p[1_200], m0_4 = p[1_600]
                    let m0_5 = p[2_000]
                    let m1_0 = p[2_400], m1_1 = p[2_800], m1_2 = p[3_200], m1_3 = p[3_600], m1_4 = p[4_000]
                    let m1_5 = p[4_400]
                    let m2_0 = p[4_800], m2_1 = p[5_200], m2_2 = p[5_600], m2_3 = p[6_000], m2_4 = p[6_400]
                    let m2_5 = p[6_800]
                    let m3_0 = p[7_200], m3_1 = p[7_600], m3_2 = p[8_000], m3_3 = p[8_400], m3_4 = p[8_800]
                    let m3_5 = p[9_200]
                    let m4_0 = p[9_600], m4_1 = p[10_000], m4_2 = p[10_400], m4_3 = p[10_800]
                    let m4_4 = p[11_200], m4_5 = p[11_600]
                    let m5_0 = p[12_000], m5_1 = p[12_400], m5_2 = p[12_800], m5_3 = p[13_200]
                    let m5_4 = p[13_600], m5_5 = p[14_000]
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
                    out2[c * out2Plane + by * 4 * out2Row + ry * 2 * out2Row + tx * 2] = (z0_0 + y0_0 + y0_2) + b
                    out2[c * out2Plane + by * 4 * out2Row + ry * 2 * out2Row + tx * 2 + 1] = ((y0_1 + z0_5).addingProduct(k2, y0_3)) + b
                    let y1_0 = z1_1 + z1_2, y1_1 = z1_1 - z1_2, y1_2 = z1_3 + z1_4, y1_3 = z1_3 - z1_4
                    out2[c * out2Plane + by * 4 * out2Row + ry * 2 * out2Row + tx * 2 + out2Row] = (z1_0 + y1_0 + y1_2) + b
                    out2[c * out2Plane + by * 4 * out2Row + ry * 2 * out2Row + tx * 2 + out2Row + 1] = ((y1_1 + z1_5).addingProduct(k2, y1_3)) + b
                }
            }
        }
    }

    let out3 = ws.out3 // (L, 50, 4, 4)
    let argmax3 = ws.argmax3 // (L, 50, 4, 4): which window element won
    // maxpool 2×2, stride 2×2
    for c in 0..<50 {
        for py in 0..<4 {
            for px in 0..<4 {
                let window = out2 + c * out2Plane + py * 2 * out2Row + px * 2
                var m = window[0]
                var k = VI(repeating: 0)
                let v1 = window[1], gt1 = v1 .> m
                m.replace(with: v1, where: gt1)
                k.replace(with: VI(repeating: 1), where: gt1)
                let v2 = window[out2Row], gt2 = v2 .> m
                m.replace(with: v2, where: gt2)
                k.replace(with: VI(repeating: 2), where: gt2)
                let v3 = window[out2Row + 1], gt3 = v3 .> m
                m.replace(with: v3, where: gt3)
                k.replace(with: VI(repeating: 3), where: gt3)
                out3[c * out3Plane + py * out3Row + px] = m
                argmax3[c * argmax3Plane + py * argmax3Row + px] = k
            }
        }
    }
}

/// dense5_relu6 forward: 5 dense 500 · 6 relu
/// out3 (L, 50, 4, 4) → out6 (L, 500)
private func dense5_relu6_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 800
    let out3 = UnsafePointer(ws.out3) // (L, 800): (L, 50, 4, 4) flattened
    let out6 = ws.out6 // (L, 500)
    let weight = params + Arena.w5 // 5.weight (500, 800)
    let bias = params + Arena.b5 // 5.bias (500)
    // y = relu(W·x + b): register tiles of 12 outputs, one weight broadcast per input and output
    for j in stride(from: 0, to: 492, by: 12) {
        do {
            let w0 = weight + j * wRow, w1 = weight + j * wRow + wRow, w2 = weight + j * wRow + 2 * wRow
            let w3 = weight + j * wRow + 3 * wRow, w4 = weight + j * wRow + 4 * wRow
            let w5 = weight + j * wRow + 5 * wRow, w6 = weight + j * wRow + 6 * wRow
            let w7 = weight + j * wRow + 7 * wRow, w8 = weight + j * wRow + 8 * wRow
            let w9 = weight + j * wRow + 9 * wRow, w10 = weight + j * wRow + 10 * wRow
            let w11 = weight + j * wRow + 11 * wRow
            var s0 = V(repeating: bias[j]), s1 = V(repeating: bias[j + 1]), s2 = V(repeating: bias[j + 2])
            var s3 = V(repeating: bias[j + 3]), s4 = V(repeating: bias[j + 4]), s5 = V(repeating: bias[j + 5])
            var s6 = V(repeating: bias[j + 6]), s7 = V(repeating: bias[j + 7]), s8 = V(repeating: bias[j + 8])
            var s9 = V(repeating: bias[j + 9]), s10 = V(repeating: bias[j + 10])
            var s11 = V(repeating: bias[j + 11])
            for i in 0..<800 {
                let x = out3[i]
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
                s10 = s10.addingProduct(x, V(repeating: w10[i]))
                s11 = s11.addingProduct(x, V(repeating: w11[i]))
            }
            out6[j] = relu(s0)
            out6[j + 1] = relu(s1)
            out6[j + 2] = relu(s2)
            out6[j + 3] = relu(s3)
            out6[j + 4] = relu(s4)
            out6[j + 5] = relu(s5)
            out6[j + 6] = relu(s6)
            out6[j + 7] = relu(s7)
            out6[j + 8] = relu(s8)
            out6[j + 9] = relu(s9)
            out6[j + 10] = relu(s10)
            out6[j + 11] = relu(s11)
        }
    }
    do {
        let w0 = weight + 492 * wRow, w1 = weight + 493 * wRow, w2 = weight + 494 * wRow
        let w3 = weight + 495 * wRow, w4 = weight + 496 * wRow, w5 = weight + 497 * wRow
        let w6 = weight + 498 * wRow, w7 = weight + 499 * wRow
        var s0 = V(repeating: bias[492]), s1 = V(repeating: bias[493]), s2 = V(repeating: bias[494])
        var s3 = V(repeating: bias[495]), s4 = V(repeating: bias[496]), s5 = V(repeating: bias[497])
        var s6 = V(repeating: bias[498]), s7 = V(repeating: bias[499])
        for i in 0..<800 {
            let x = out3[i]
            s0 = s0.addingProduct(x, V(repeating: w0[i]))
            s1 = s1.addingProduct(x, V(repeating: w1[i]))
            s2 = s2.addingProduct(x, V(repeating: w2[i]))
            s3 = s3.addingProduct(x, V(repeating: w3[i]))
            s4 = s4.addingProduct(x, V(repeating: w4[i]))
            s5 = s5.addingProduct(x, V(repeating: w5[i]))
            s6 = s6.addingProduct(x, V(repeating: w6[i]))
            s7 = s7.addingProduct(x, V(repeating: w7[i]))
        }
        out6[492] = relu(s0)
        out6[493] = relu(s1)
        out6[494] = relu(s2)
        out6[495] = relu(s3)
        out6[496] = relu(s4)
        out6[497] = relu(s5)
        out6[498] = relu(s6)
        out6[499] = relu(s7)
    }
}

/// dense7 forward: 7 dense 10
/// out6 (L, 500) → out7 (L, 10)
private func dense7_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 500
    let out6 = UnsafePointer(ws.out6) // (L, 500)
    let out7 = ws.out7 // (L, 10)
    let weight = params + Arena.w7 // 7.weight (10, 500)
    let bias = params + Arena.b7 // 7.bias (10)
    // y = W·x + b: register tiles of 10 outputs, one weight broadcast per input and output
    do {
        let w0 = weight, w1 = weight + wRow, w2 = weight + 2 * wRow, w3 = weight + 3 * wRow
        let w4 = weight + 4 * wRow, w5 = weight + 5 * wRow, w6 = weight + 6 * wRow, w7 = weight + 7 * wRow
        let w8 = weight + 8 * wRow, w9 = weight + 9 * wRow
        var s0 = V(repeating: bias[0]), s1 = V(repeating: bias[1]), s2 = V(repeating: bias[2])
        var s3 = V(repeating: bias[3]), s4 = V(repeating: bias[4]), s5 = V(repeating: bias[5])
        var s6 = V(repeating: bias[6]), s7 = V(repeating: bias[7]), s8 = V(repeating: bias[8])
        var s9 = V(repeating: bias[9])
        for i in 0..<500 {
            let x = out6[i]
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
        out7[0] = s0
        out7[1] = s1
        out7[2] = s2
        out7[3] = s3
        out7[4] = s4
        out7[5] = s5
        out7[6] = s6
        out7[7] = s7
        out7[8] = s8
        out7[9] = s9
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
    let logits = UnsafePointer(ws.out7) // (L, 10)
    let dlogits = ws.dout7 // (L, 10)
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

/// dense7 backward: from dout7 (L, 10), adds the gradients of 7.weight and 7.bias, writes dout6 (L, 500)
private func dense7_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 500
    let gradRow = 63
    let xTRow = 63, xTsRow = 504
    let out6 = UnsafePointer(ws.out6) // (L, 500)
    let dout7 = ws.dout7 // (L, 10)
    let weight = params + Arena.w7 // 7.weight (10, 500)
    let weightGrad = acc + Acc.w7 // 7.weight, 10 rows of 504 floats
    let biasGrad = acc + Acc.b7 // 7.bias, one vector per output
    // bias gradient
    for j in 0..<10 {
        biasGrad[j] += dout7[j]
    }

    // weight gradient dW[j][i] += Σ_l dz[j][l]·x[i][l] over the 8 lanes l: the input transposed to (8, 504),
    // then register tiles of 4 outputs × 3 input vectors, each summed over the lanes and added to the
    // accumulator once
    let xT = ws.scratch // (8, 504)
    let xs = UnsafeRawPointer(out6).assumingMemoryBound(to: Float.self)
    let xTs = UnsafeMutableRawPointer(xT).assumingMemoryBound(to: Float.self)
    for i in 0..<500 {
        for l in 0..<8 {
            xTs[l * xTsRow + i] = xs[i * 8 + l]
        }
    }
    for l in 0..<8 {
        for i in 500..<504 {
            xTs[l * xTsRow + i] = 0
        }
    }
    let dzs = UnsafeRawPointer(dout7).assumingMemoryBound(to: Float.self)
    for j in stride(from: 0, to: 8, by: 4) {
        for v in stride(from: 0, to: 63, by: 3) {
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
    }
    for v in stride(from: 0, to: 63, by: 3) {
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

    // input gradient dx[i] = Σ_j W[j][i]·dz[j]: register tiles of 12 inputs
    let dout6 = ws.dout6 // (L, 500)
    for i in stride(from: 0, to: 492, by: 12) {
        do {
            var t0 = V(), t1 = V(), t2 = V(), t3 = V(), t4 = V(), t5 = V(), t6 = V(), t7 = V(), t8 = V()
            var t9 = V(), t10 = V(), t11 = V()
            let column = weight + i
            for j in 0..<10 {
                let d = dout7[j]
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
            dout6[i] = t0
            dout6[i + 1] = t1
            dout6[i + 2] = t2
            dout6[i + 3] = t3
            dout6[i + 4] = t4
            dout6[i + 5] = t5
            dout6[i + 6] = t6
            dout6[i + 7] = t7
            dout6[i + 8] = t8
            dout6[i + 9] = t9
            dout6[i + 10] = t10
            dout6[i + 11] = t11
        }
    }
    do {
        var t0 = V(), t1 = V(), t2 = V(), t3 = V(), t4 = V(), t5 = V(), t6 = V(), t7 = V()
        let column = weight + 492
        for j in 0..<10 {
            let d = dout7[j]
            let w = column + j * wRow
            t0 = t0.addingProduct(d, V(repeating: w[0]))
            t1 = t1.addingProduct(d, V(repeating: w[1]))
            t2 = t2.addingProduct(d, V(repeating: w[2]))
            t3 = t3.addingProduct(d, V(repeating: w[3]))
            t4 = t4.addingProduct(d, V(repeating: w[4]))
            t5 = t5.addingProduct(d, V(repeating: w[5]))
            t6 = t6.addingProduct(d, V(repeating: w[6]))
            t7 = t7.addingProduct(d, V(repeating: w[7]))
        }
        dout6[492] = t0
        dout6[493] = t1
        dout6[494] = t2
        dout6[495] = t3
        dout6[496] = t4
        dout6[497] = t5
        dout6[498] = t6
        dout6[499] = t7
    }
}

/// dense5_relu6 backward: from dout6 (L, 500), adds the gradients of 5.weight and 5.bias, writes dout3 (L,
/// 50, 4, 4)
private func dense5_relu6_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 800
    let gradRow = 100
    let xTRow = 100, xTsRow = 800
    let out3 = UnsafePointer(ws.out3) // (L, 800): (L, 50, 4, 4) flattened
    let out6 = UnsafePointer(ws.out6) // (L, 500)
    let dout6 = ws.dout6 // (L, 500), becomes the pre-activation gradient
    let weight = params + Arena.w5 // 5.weight (500, 800)
    let weightGrad = acc + Acc.w5 // 5.weight, 500 rows of 800 floats
    let biasGrad = acc + Acc.b5 // 5.bias, one vector per output
    // relu backward (in place) + bias gradient
    for j in 0..<500 {
        let d = dout6[j].replacing(with: 0, where: out6[j] .<= 0)
        dout6[j] = d
        biasGrad[j] += d
    }

    // weight gradient dW[j][i] += Σ_l dz[j][l]·x[i][l] over the 8 lanes l: the input transposed to (8, 800),
    // then register tiles of 4 outputs × 3 input vectors, each summed over the lanes and added to the
    // accumulator once
    let xT = ws.scratch // (8, 800)
    let xs = UnsafeRawPointer(out3).assumingMemoryBound(to: Float.self)
    let xTs = UnsafeMutableRawPointer(xT).assumingMemoryBound(to: Float.self)
    for i in 0..<800 {
        for l in 0..<8 {
            xTs[l * xTsRow + i] = xs[i * 8 + l]
        }
    }
    let dzs = UnsafeRawPointer(dout6).assumingMemoryBound(to: Float.self)
    for j in stride(from: 0, to: 500, by: 4) {
        for v in stride(from: 0, to: 99, by: 3) {
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
            let rows = weightGrad + j * gradRow + 99
            var a0_0 = rows[0]
            var a1_0 = rows[gradRow]
            var a2_0 = rows[2 * gradRow]
            var a3_0 = rows[3 * gradRow]
            for l in 0..<8 {
                let x0 = xT[l * xTRow + 99]
                let d0 = V(repeating: dzs[j * 8 + l])
                a0_0 = a0_0.addingProduct(d0, x0)
                let d1 = V(repeating: dzs[j * 8 + 8 + l])
                a1_0 = a1_0.addingProduct(d1, x0)
                let d2 = V(repeating: dzs[j * 8 + 16 + l])
                a2_0 = a2_0.addingProduct(d2, x0)
                let d3 = V(repeating: dzs[j * 8 + 24 + l])
                a3_0 = a3_0.addingProduct(d3, x0)
            }
            rows[0] = a0_0
            rows[gradRow] = a1_0
            rows[2 * gradRow] = a2_0
            rows[3 * gradRow] = a3_0
        }
    }

    // input gradient dx[i] = Σ_j W[j][i]·dz[j]: register tiles of 12 inputs
    let dout3 = ws.dout3 // (L, 800): (L, 50, 4, 4) flattened
    for i in stride(from: 0, to: 792, by: 12) {
        do {
            var t0 = V(), t1 = V(), t2 = V(), t3 = V(), t4 = V(), t5 = V(), t6 = V(), t7 = V(), t8 = V()
            var t9 = V(), t10 = V(), t11 = V()
            let column = weight + i
            for j in 0..<500 {
                let d = dout6[j]
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
            dout3[i] = t0
            dout3[i + 1] = t1
            dout3[i + 2] = t2
            dout3[i + 3] = t3
            dout3[i + 4] = t4
            dout3[i + 5] = t5
            dout3[i + 6] = t6
            dout3[i + 7] = t7
            dout3[i + 8] = t8
            dout3[i + 9] = t9
            dout3[i + 10] = t10
            dout3[i + 11] = t11
        }
    }
    do {
        var t0 = V(), t1 = V(), t2 = V(), t3 = V(), t4 = V(), t5 = V(), t6 = V(), t7 = V()
        let column = weight + 792
        for j in 0..<500 {
            let d = dout6[j]
            let w = column + j * wRow
            t0 = t0.addingProduct(d, V(repeating: w[0]))
            t1 = t1.addingProduct(d, V(repeating: w[1]))
            t2 = t2.addingProduct(d, V(repeating: w[2]))
            t3 = t3.addingProduct(d, V(repeating: w[3]))
            t4 = t4.addingProduct(d, V(repeating: w[4]))
            t5 = t5.addingProduct(d, V(repeating: w[5]))
            t6 = t6.addingProduct(d, V(repeating: w[6]))
            t7 = t7.addingProduct(d, V(repeating: w[7]))
        }
        dout3[792] = t0
        dout3[793] = t1
        dout3[794] = t2
        dout3[795] = t3
        dout3[796] = t4
        dout3[797] = t5
        dout3[798] = t6
        dout3[799] = t7
    }
}

/// conv2_maxpool3 backward: from dout3 (L, 50, 4, 4), adds the gradients of 2.weight and 2.bias, writes dout1
/// (L, 20, 12, 12)
private func conv2_maxpool3_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out1Plane = 144, out1Row = 12
    let out2Plane = 64, out2Row = 8
    let out3Plane = 16, out3Row = 4
    let wOut = 500, wIn = 25, wRow = 5
    let argmax3Plane = 16, argmax3Row = 4
    let out1 = UnsafePointer(ws.out1) // (L, 20, 12, 12)
    let dout2 = ws.dout2 // (L, 50, 8, 8)
    let weight = params + Arena.w2 // 2.weight (50, 20, 5, 5)
    let weightGrad = acc + Acc.w2 // 2.weight, one vector per weight
    let biasGrad = acc + Acc.b2 // 2.bias, one vector per channel
    let dout3 = UnsafePointer(ws.dout3) // (L, 50, 4, 4)
    let argmax3 = UnsafePointer(ws.argmax3)
    // maxpool backward + bias gradient, one pass (the windows tile the conv output)
    for c in 0..<50 {
        var db = V()
        for py in 0..<4 {
            for px in 0..<4 {
                let k = argmax3[c * argmax3Plane + py * argmax3Row + px]
                let g = dout3[c * out3Plane + py * out3Row + px]
                let dy = dout2 + c * out2Plane + py * 2 * out2Row + px * 2
                dy[0] = g.replacing(with: 0, where: k .!= VI(repeating: 0))
                dy[1] = g.replacing(with: 0, where: k .!= VI(repeating: 1))
                dy[out2Row] = g.replacing(with: 0, where: k .!= VI(repeating: 2))
                dy[out2Row + 1] = g.replacing(with: 0, where: k .!= VI(repeating: 3))
                db += g
            }
        }
        biasGrad[c] += db
    }

    // dw[c, i, ky, kx] = Σ_oy,ox dout[c, oy, ox] · in[i, oy + ky, ox + kx], lanes summed at the end of the
    // step
    // weight gradient: register tiles of 2 output channels × 5 kernel columns, summed over the 8×8 outputs
    for co in stride(from: 0, to: 50, by: 2) {
        for ci in 0..<20 {
            for ky in 0..<5 {
                do {
                    var g0_0 = V(), g0_1 = V(), g0_2 = V(), g0_3 = V(), g0_4 = V()
                    var g1_0 = V(), g1_1 = V(), g1_2 = V(), g1_3 = V(), g1_4 = V()
                    for oy in 0..<8 {
                        let drow = dout2 + co * out2Plane + oy * out2Row
                        let irow = out1 + ci * out1Plane + oy * out1Row + ky * out1Row
                        for ox in 0..<8 {
                            let d0 = drow[ox], d1 = drow[ox + out2Plane]
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
                    weightGrad[co * wOut + ci * wIn + ky * wRow] += g0_0
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 1] += g0_1
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 2] += g0_2
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 3] += g0_3
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 4] += g0_4
                    weightGrad[co * wOut + ci * wIn + ky * wRow + wOut] += g1_0
                    weightGrad[co * wOut + ci * wIn + ky * wRow + wOut + 1] += g1_1
                    weightGrad[co * wOut + ci * wIn + ky * wRow + wOut + 2] += g1_2
                    weightGrad[co * wOut + ci * wIn + ky * wRow + wOut + 3] += g1_3
                    weightGrad[co * wOut + ci * wIn + ky * wRow + wOut + 4] += g1_4
                }
            }
        }
    }

    // din[i, oy + ky, ox + kx] += Σ_c w[c, i, ky, kx] · dout[c, oy, ox] for every output (oy, ox) and tap
    // (ky, kx)
    // input gradient: zero it (border included), then scatter register tiles of 2 input channels × 2 output
    // columns × 5 kernel columns, summed over the 50 output channels
    let dout1 = ws.dout1
    dout1.update(repeating: V(), count: 2880)
    for ci in stride(from: 0, to: 20, by: 2) {
        for oy in 0..<8 {
            for ky in 0..<5 {
                for ox in stride(from: 0, to: 8, by: 2) {
                    do {
                        var t0_0 = V(), t0_1 = V(), t0_2 = V(), t0_3 = V(), t0_4 = V(), t0_5 = V()
                        var t1_0 = V(), t1_1 = V(), t1_2 = V(), t1_3 = V(), t1_4 = V(), t1_5 = V()
                        for co in 0..<50 {
                            let d0 = dout2[co * out2Plane + oy * out2Row + ox]
                            let d1 = dout2[co * out2Plane + oy * out2Row + ox + 1]
                            let taps = weight + co * wOut + ci * wIn + ky * wRow
                            let w0_0 = V(repeating: taps[0]), w0_1 = V(repeating: taps[1])
                            let w0_2 = V(repeating: taps[2]), w0_3 = V(repeating: taps[3])
                            let w0_4 = V(repeating: taps[4])
                            let w1_0 = V(repeating: taps[wIn]), w1_1 = V(repeating: taps[wIn + 1])
                            let w1_2 = V(repeating: taps[wIn + 2]), w1_3 = V(repeating: taps[wIn + 3])
                            let w1_4 = V(repeating: taps[wIn + 4])
                            t0_0 = t0_0.addingProduct(d0, w0_0)
                            t0_1 = t0_1.addingProduct(d0, w0_1)
                            t0_2 = t0_2.addingProduct(d0, w0_2)
                            t0_3 = t0_3.addingProduct(d0, w0_3)
                            t0_4 = t0_4.addingProduct(d0, w0_4)
                            t0_1 = t0_1.addingProduct(d1, w0_0)
                            t0_2 = t0_2.addingProduct(d1, w0_1)
                            t0_3 = t0_3.addingProduct(d1, w0_2)
                            t0_4 = t0_4.addingProduct(d1, w0_3)
                            t0_5 = t0_5.addingProduct(d1, w0_4)
                            t1_0 = t1_0.addingProduct(d0, w1_0)
                            t1_1 = t1_1.addingProduct(d0, w1_1)
                            t1_2 = t1_2.addingProduct(d0, w1_2)
                            t1_3 = t1_3.addingProduct(d0, w1_3)
                            t1_4 = t1_4.addingProduct(d0, w1_4)
                            t1_1 = t1_1.addingProduct(d1, w1_0)
                            t1_2 = t1_2.addingProduct(d1, w1_1)
                            t1_3 = t1_3.addingProduct(d1, w1_2)
                            t1_4 = t1_4.addingProduct(d1, w1_3)
                            t1_5 = t1_5.addingProduct(d1, w1_4)
                        }
                        let row = dout1 + ci * out1Plane + oy * out1Row + ky * out1Row + ox
                        row[0] += t0_0
                        row[1] += t0_1
                        row[2] += t0_2
                        row[3] += t0_3
                        row[4] += t0_4
                        row[5] += t0_5
                        row[out1Plane] += t1_0
                        row[out1Plane + 1] += t1_1
                        row[out1Plane + 2] += t1_2
                        row[out1Plane + 3] += t1_3
                        row[out1Plane + 4] += t1_4
                        row[out1Plane + 5] += t1_5
                    }
                }
            }
        }
    }
}

/// conv0_maxpool1 backward: from dout1 (L, 20, 12, 12), adds the gradients of 0.weight and 0.bias (no input
/// gradient: nothing below learns)
private func conv0_maxpool1_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let inputRow = 28
    let out0Plane = 576, out0Row = 24
    let out1Plane = 144, out1Row = 12
    let wOut = 25, wRow = 5
    let argmax1Plane = 144, argmax1Row = 12
    let input = UnsafePointer(ws.input) // (L, 1, 28, 28)
    let dout0 = ws.dout0 // (L, 20, 24, 24)
    let weightGrad = acc + Acc.w0 // 0.weight, one vector per weight
    let biasGrad = acc + Acc.b0 // 0.bias, one vector per channel
    let dout1 = UnsafePointer(ws.dout1) // (L, 20, 12, 12)
    let argmax1 = UnsafePointer(ws.argmax1)
    // maxpool backward + bias gradient, one pass (the windows tile the conv output)
    for c in 0..<20 {
        var db = V()
        for py in 0..<12 {
            for px in 0..<12 {
                let k = argmax1[c * argmax1Plane + py * argmax1Row + px]
                let g = dout1[c * out1Plane + py * out1Row + px]
                let dy = dout0 + c * out0Plane + py * 2 * out0Row + px * 2
                dy[0] = g.replacing(with: 0, where: k .!= VI(repeating: 0))
                dy[1] = g.replacing(with: 0, where: k .!= VI(repeating: 1))
                dy[out0Row] = g.replacing(with: 0, where: k .!= VI(repeating: 2))
                dy[out0Row + 1] = g.replacing(with: 0, where: k .!= VI(repeating: 3))
                db += g
            }
        }
        biasGrad[c] += db
    }

    // dw[c, i, ky, kx] = Σ_oy,ox dout[c, oy, ox] · in[i, oy + ky, ox + kx], lanes summed at the end of the
    // step
    // weight gradient: register tiles of 2 output channels × 5 kernel columns, summed over the 24×24 outputs
    for co in stride(from: 0, to: 20, by: 2) {
        for ky in 0..<5 {
            do {
                var g0_0 = V(), g0_1 = V(), g0_2 = V(), g0_3 = V(), g0_4 = V()
                var g1_0 = V(), g1_1 = V(), g1_2 = V(), g1_3 = V(), g1_4 = V()
                for oy in 0..<24 {
                    let drow = dout0 + co * out0Plane + oy * out0Row
                    let irow = input + oy * inputRow + ky * inputRow
                    for ox in 0..<24 {
                        let d0 = drow[ox], d1 = drow[ox + out0Plane]
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
                weightGrad[co * wOut + ky * wRow] += g0_0
                weightGrad[co * wOut + ky * wRow + 1] += g0_1
                weightGrad[co * wOut + ky * wRow + 2] += g0_2
                weightGrad[co * wOut + ky * wRow + 3] += g0_3
                weightGrad[co * wOut + ky * wRow + 4] += g0_4
                weightGrad[co * wOut + ky * wRow + wOut] += g1_0
                weightGrad[co * wOut + ky * wRow + wOut + 1] += g1_1
                weightGrad[co * wOut + ky * wRow + wOut + 2] += g1_2
                weightGrad[co * wOut + ky * wRow + wOut + 3] += g1_3
                weightGrad[co * wOut + ky * wRow + wOut + 4] += g1_4
            }
        }
    }
}

/// The Winograd filters of every convolution computed as F(m×m, r×r): U[ξ][o][i] = (G · w[o, i] · Gᵀ)[ξ] for
/// each of the α² points ξ, this part's share of the output channels o. Once a step, before forward.
private func winograd_weights(
    _ params: UnsafePointer<Float>, _ u: UnsafeMutablePointer<Float>, part: Int, parts: Int
) {
    // 2.weight for conv2_maxpool3's forward pass: U at 0, (36, 50, 20)
    do {
        let weight = params + Arena.w2 // 2.weight (50, 20, 5, 5)
        let target = u + 0
        let g0_041666668: Float = 0.041666668, g0_083333336: Float = 0.083333336
        let g0_16666667: Float = 0.16666667, g0_25: Float = 0.25, g0_33333334: Float = 0.33333334
        let g0_6666667: Float = 0.6666667
        for o in 50 * part / parts..<50 * (part + 1) / parts {
            for i in 0..<20 {
                let f = weight + o * 500 + i * 25
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
                target[o * 20 + i] = g0_25 * t0_0
                target[1_000 + o * 20 + i] = u0_0 + u0_1
                target[2_000 + o * 20 + i] = u0_0 - u0_1
                target[3_000 + o * 20 + i] = u0_2 + u0_3
                target[4_000 + o * 20 + i] = u0_2 - u0_3
                target[5_000 + o * 20 + i] = t0_4
                let u1_0 = ((-g0_16666667 * t1_0).addingProduct(-g0_16666667, t1_2)).addingProduct(-g0_16666667, t1_4)
                let u1_1 = (-g0_16666667 * t1_1).addingProduct(-g0_16666667, t1_3)
                let u1_2 = ((g0_041666668 * t1_0).addingProduct(g0_16666667, t1_2)).addingProduct(g0_6666667, t1_4)
                let u1_3 = (g0_083333336 * t1_1).addingProduct(g0_33333334, t1_3)
                target[6_000 + o * 20 + i] = g0_25 * t1_0
                target[7_000 + o * 20 + i] = u1_0 + u1_1
                target[8_000 + o * 20 + i] = u1_0 - u1_1
                target[9_000 + o * 20 + i] = u1_2 + u1_3
                target[10_000 + o * 20 + i] = u1_2 - u1_3
                target[11_000 + o * 20 + i] = t1_4
                let u2_0 = ((-g0_16666667 * t2_0).addingProduct(-g0_16666667, t2_2)).addingProduct(-g0_16666667, t2_4)
                let u2_1 = (-g0_16666667 * t2_1).addingProduct(-g0_16666667, t2_3)
                let u2_2 = ((g0_041666668 * t2_0).addingProduct(g0_16666667, t2_2)).addingProduct(g0_6666667, t2_4)
                let u2_3 = (g0_083333336 * t2_1).addingProduct(g0_33333334, t2_3)
                target[12_000 + o * 20 + i] = g0_25 * t2_0
                target[13_000 + o * 20 + i] = u2_0 + u2_1
                target[14_000 + o * 20 + i] = u2_0 - u2_1
                target[15_000 + o * 20 + i] = u2_2 + u2_3
                target[16_000 + o * 20 + i] = u2_2 - u2_3
                target[17_000 + o * 20 + i] = t2_4
                let u3_0 = ((-g0_16666667 * t3_0).addingProduct(-g0_16666667, t3_2)).addingProduct(-g0_16666667, t3_4)
                let u3_1 = (-g0_16666667 * t3_1).addingProduct(-g0_16666667, t3_3)
                let u3_2 = ((g0_041666668 * t3_0).addingProduct(g0_16666667, t3_2)).addingProduct(g0_6666667, t3_4)
                let u3_3 = (g0_083333336 * t3_1).addingProduct(g0_33333334, t3_3)
                target[18_000 + o * 20 + i] = g0_25 * t3_0
                target[19_000 + o * 20 + i] = u3_0 + u3_1
                target[20_000 + o * 20 + i] = u3_0 - u3_1
                target[21_000 + o * 20 + i] = u3_2 + u3_3
                target[22_000 + o * 20 + i] = u3_2 - u3_3
                target[23_000 + o * 20 + i] = t3_4
                let u4_0 = ((-g0_16666667 * t4_0).addingProduct(-g0_16666667, t4_2)).addingProduct(-g0_16666667, t4_4)
                let u4_1 = (-g0_16666667 * t4_1).addingProduct(-g0_16666667, t4_3)
                let u4_2 = ((g0_041666668 * t4_0).addingProduct(g0_16666667, t4_2)).addingProduct(g0_6666667, t4_4)
                let u4_3 = (g0_083333336 * t4_1).addingProduct(g0_33333334, t4_3)
                target[24_000 + o * 20 + i] = g0_25 * t4_0
                target[25_000 + o * 20 + i] = u4_0 + u4_1
                target[26_000 + o * 20 + i] = u4_0 - u4_1
                target[27_000 + o * 20 + i] = u4_2 + u4_3
                target[28_000 + o * 20 + i] = u4_2 - u4_3
                target[29_000 + o * 20 + i] = t4_4
                let u5_0 = ((-g0_16666667 * t5_0).addingProduct(-g0_16666667, t5_2)).addingProduct(-g0_16666667, t5_4)
                let u5_1 = (-g0_16666667 * t5_1).addingProduct(-g0_16666667, t5_3)
                let u5_2 = ((g0_041666668 * t5_0).addingProduct(g0_16666667, t5_2)).addingProduct(g0_6666667, t5_4)
                let u5_3 = (g0_083333336 * t5_1).addingProduct(g0_33333334, t5_3)
                target[30_000 + o * 20 + i] = g0_25 * t5_0
                target[31_000 + o * 20 + i] = u5_0 + u5_1
                target[32_000 + o * 20 + i] = u5_0 - u5_1
                target[33_000 + o * 20 + i] = u5_2 + u5_3
                target[34_000 + o * 20 + i] = u5_2 - u5_3
                target[35_000 + o * 20 + i] = t5_4
            }
        }
    }
}

/// Copies `valid` images (row-major, 784 floats each) into the lanes of the input buffer; the other lanes get
/// zeros.
private func stage_input(_ images: UnsafePointer<Float>, _ valid: Int, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let inputRow = 28
    let imageSize = 784, imageRow = 28
    let x = UnsafeMutableRawPointer(ws.input).assumingMemoryBound(to: Float.self)
    for l in 0..<8 {
        for y in 0..<28 {
            let row = x + (y * inputRow) * 8 + l
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
    // 0.weight: 500 values, lanes summed last
    for k in 500 * part / parts..<500 * (part + 1) / parts {
        var s = acc[Acc.w0 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.w0 + k] }
        grad[Arena.w0 + k] = hsum(s)
    }
    // 0.bias: 20 values, lanes summed last
    for k in 20 * part / parts..<20 * (part + 1) / parts {
        var s = acc[Acc.b0 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b0 + k] }
        grad[Arena.b0 + k] = hsum(s)
    }
    // 2.weight: 25000 values, lanes summed last
    for k in 25000 * part / parts..<25000 * (part + 1) / parts {
        var s = acc[Acc.w2 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.w2 + k] }
        grad[Arena.w2 + k] = hsum(s)
    }
    // 2.bias: 50 values, lanes summed last
    for k in 50 * part / parts..<50 * (part + 1) / parts {
        var s = acc[Acc.b2 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b2 + k] }
        grad[Arena.b2 + k] = hsum(s)
    }
    // 5.weight: 500 rows of 800, accumulated in rows of 800
    for j in 500 * part / parts..<500 * (part + 1) / parts {
        let row = Acc.w5 + j * 100, out = (Arena.w5 + j * 800) * 4
        for v in 0..<100 {
            var s = acc[row + v]
            for c in 1..<chunks { s += acc[c * Acc.count + row + v] }
            target.storeBytes(of: s, toByteOffset: out + v * 32, as: V.self)
        }
    }
    // 5.bias: 500 values, lanes summed last
    for k in 500 * part / parts..<500 * (part + 1) / parts {
        var s = acc[Acc.b5 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b5 + k] }
        grad[Arena.b5 + k] = hsum(s)
    }
    // 7.weight: 10 rows of 500, accumulated in rows of 504
    for j in 10 * part / parts..<10 * (part + 1) / parts {
        let row = Acc.w7 + j * 63, out = (Arena.w7 + j * 500) * 4
        for v in 0..<62 {
            var s = acc[row + v]
            for c in 1..<chunks { s += acc[c * Acc.count + row + v] }
            target.storeBytes(of: s, toByteOffset: out + v * 32, as: V.self)
        }
        var s = acc[row + 62]
        for c in 1..<chunks { s += acc[c * Acc.count + row + 62] }
        for l in 0..<4 { grad[Arena.w7 + j * 500 + 496 + l] = s[l] }
    }
    // 7.bias: 10 values, lanes summed last
    for k in 10 * part / parts..<10 * (part + 1) / parts {
        var s = acc[Acc.b7 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b7 + k] }
        grad[Arena.b7 + k] = hsum(s)
    }
}

/// The caffe-lenet network specialised for training: a TrainableNetwork whose every size is a literal.
/// Parameters and gradients live in two arenas laid out as PyTorch lays out the nn.Sequential's state_dict;
/// up to `threads` threads share each batch (the results do not depend on how many).
public final class CaffeLenetNetwork: TrainableNetwork, ProfilingNetwork {
    /// Every parameter, in PyTorch's order.
    public static let layout: [ParameterSlot] = [
        ParameterSlot(name: "0.weight", shape: [20, 1, 5, 5], offset: Arena.w0, fanIn: 25, fanOut: 500, isBias: false),
        ParameterSlot(name: "0.bias", shape: [20], offset: Arena.b0, fanIn: 25, fanOut: 500, isBias: true),
        ParameterSlot(name: "2.weight", shape: [50, 20, 5, 5], offset: Arena.w2, fanIn: 500, fanOut: 1250, isBias: false),
        ParameterSlot(name: "2.bias", shape: [50], offset: Arena.b2, fanIn: 500, fanOut: 1250, isBias: true),
        ParameterSlot(name: "5.weight", shape: [500, 800], offset: Arena.w5, fanIn: 800, fanOut: 500, isBias: false),
        ParameterSlot(name: "5.bias", shape: [500], offset: Arena.b5, fanIn: 800, fanOut: 500, isBias: true),
        ParameterSlot(name: "7.weight", shape: [10, 500], offset: Arena.w7, fanIn: 500, fanOut: 10, isBias: false),
        ParameterSlot(name: "7.bias", shape: [10], offset: Arena.b7, fanIn: 500, fanOut: 10, isBias: true),
    ]
    public static let classes = 10
    public static let inputShape = [1, 28, 28]
    /// What `--profile` times, in forward order.
    public static let blocks = ["conv0_maxpool1", "conv2_maxpool3", "dense5_relu6", "dense7", "softmax_cross_entropy"]

    public var parameterLayout: [ParameterSlot] { Self.layout }
    public var profiledBlocks: [String] { Self.blocks }
    public let parameters: UnsafeMutableBufferPointer<Float>
    public let gradients: UnsafeMutableBufferPointer<Float>
    public let maxBatch: Int
    public var inputSize: Int { 784 }
    public let threads: Int
    private let workspaces: [Workspace]
    private let memory: UnsafeMutablePointer<V>
    private let accumulators: UnsafeMutablePointer<V> // GroupChunks.maxChunks × Acc.count
    private let results: UnsafeMutablePointer<(loss: Double, correct: Int)> // one per chunk
    private let chunker = GroupChunks()
    private let winogradWeights: UnsafeMutablePointer<Float> // 36_000: the Winograd convolutions' transformed filters

    /// Room for batches of up to `maxBatch` examples, run on `threads` threads; parameters start at zero
    /// (initialise them, or load a checkpoint).
    public init(maxBatch: Int = 64, threads: Int = 2) {
        // Checked even in -Ounchecked builds (a precondition would not be).
        guard maxBatch >= 1 && threads >= 1 else { fatalError("CaffeLenetNetwork needs maxBatch ≥ 1 and threads ≥ 1") }
        self.maxBatch = maxBatch
        self.threads = threads
        parameters = .allocate(capacity: Arena.count)
        parameters.initialize(repeating: 0)
        gradients = .allocate(capacity: Arena.count)
        gradients.initialize(repeating: 0)
        let memory = UnsafeMutablePointer<V>.allocate(capacity: Workspace.vectors * threads)
        self.memory = memory
        let winogradWeights = UnsafeMutablePointer<Float>.allocate(capacity: 36_000)
        winogradWeights.initialize(repeating: 0, count: 36_000)
        self.winogradWeights = winogradWeights
        workspaces = (0..<threads).map { Workspace(memory + $0 * Workspace.vectors, winogradWeights) }
        accumulators = .allocate(capacity: Acc.count * GroupChunks.maxChunks)
        accumulators.initialize(repeating: V(), count: Acc.count * GroupChunks.maxChunks)
        results = .allocate(capacity: GroupChunks.maxChunks)
        results.initialize(repeating: (0, 0), count: GroupChunks.maxChunks)
    }

    deinit {
        parameters.deallocate()
        gradients.deallocate()
        memory.deallocate()
        accumulators.deallocate()
        results.deallocate()
        winogradWeights.deallocate()
    }

    public func trainStep(
        images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, dropoutSeed: UInt64
    ) -> (lossSum: Double, correct: Int) {
        step(images, labels, count, dropoutSeed, profile: nil)
    }

    public func trainStep(
        images: UnsafePointer<Float>, labels: UnsafePointer<Int32>, count: Int, dropoutSeed: UInt64, clock: UnsafeMutablePointer<UInt64>
    ) -> (lossSum: Double, correct: Int) {
        step(images, labels, count, dropoutSeed, profile: clock)
    }

    /// One training step: every group of the batch forward, through the loss and backward, in chunks that the
    /// threads take in turn (GroupChunks); then the chunks' accumulators reduced into `gradients`. With
    /// `profile`, each block's nanoseconds are added per thread (see ProfilingNetwork).
    private func step(
        _ images: UnsafePointer<Float>, _ labels: UnsafePointer<Int32>, _ count: Int, _ dropoutSeed: UInt64, profile: UnsafeMutablePointer<UInt64>?
    ) -> (lossSum: Double, correct: Int) {
        guard count >= 1 && count <= maxBatch else {
            fatalError("a batch of \(count) examples does not fit maxBatch \(maxBatch)")
        }
        _ = dropoutSeed // no dropout in this network
        let groups = (count + 7) / 8, chunks = GroupChunks.count(groups: groups)
        let scale = 1 / Float(count)
        let params = UnsafePointer(parameters.baseAddress!), grad = gradients.baseAddress!
        // the Winograd filters of this step's weights (timed with conv2_maxpool3's forward)
        parallel(threads) { t in
            let clock = profile.map { $0 + t * 10 }
            timed(clock, 2) { winograd_weights(params, winogradWeights, part: t, parts: threads) }
        }
        // stage 1 of 1, group by group, through the loss: conv0_maxpool1, conv2_maxpool3, dense5_relu6,
        // dense7
        chunker.run(threads: threads, groups: groups, chunks: chunks) { t, chunk, range in
            let clock = profile.map { $0 + t * 10 }
            let acc = accumulators + chunk * Acc.count
            acc.update(repeating: V(), count: Acc.count)
            var loss = 0.0, correct = 0
            for g in range {
                let first = g * 8, valid = min(8, count - first)
                let ws = workspaces[t]
                stage_input(images + first * 784, valid, ws)
                timed(clock, 0) { conv0_maxpool1_forward(params, ws) } // → (L, 20, 12, 12)
                timed(clock, 2) { conv2_maxpool3_forward(params, ws) } // → (L, 50, 4, 4)
                timed(clock, 4) { dense5_relu6_forward(params, ws) } // → (L, 500)
                timed(clock, 6) { dense7_forward(params, ws) } // → (L, 10)
                var result = (loss: 0.0, correct: 0)
                timed(clock, 8) { result = softmax_cross_entropy(ws, labels: labels + first, valid: valid, scale: scale) }
                loss += result.loss
                correct += result.correct
                timed(clock, 7) { dense7_backward(params, acc, ws) }
                timed(clock, 5) { dense5_relu6_backward(params, acc, ws) }
                timed(clock, 3) { conv2_maxpool3_backward(params, acc, ws) }
                timed(clock, 1) { conv0_maxpool1_backward(params, acc, ws) }
            }
            results[chunk] = (loss, correct)
        }
        var loss = 0.0, correct = 0
        for c in 0..<chunks {
            loss += results[c].loss
            correct += results[c].correct
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
        parallel(threads) { t in winograd_weights(params, winogradWeights, part: t, parts: threads) }
        chunker.run(threads: threads, groups: groups, chunks: chunks) { t, _, range in
            for g in range {
                let first = g * 8, valid = min(8, count - first)
                let ws = workspaces[t]
                stage_input(images + first * 784, valid, ws)
                timed(nil, 0) { conv0_maxpool1_forward(params, ws) } // → (L, 20, 12, 12)
                timed(nil, 2) { conv2_maxpool3_forward(params, ws) } // → (L, 50, 4, 4)
                timed(nil, 4) { dense5_relu6_forward(params, ws) } // → (L, 500)
                timed(nil, 6) { dense7_forward(params, ws) } // → (L, 10)
                body(UnsafePointer(ws.out7), first, valid)
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

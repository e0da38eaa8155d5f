// keras-mnist: Network.swift, the network of Specs/keras-mnist.yaml specialised by `lenetc emit`.
// Generated; do not edit (run `lenetc emit Specs/keras-mnist.yaml` again instead).
//
//   #  layer                  output    params       MACs
//   -  ---------------------  --------  ------  ---------
//      input                  1×28×28
//   0  conv 32, 3×3           32×26×26     320    194,688
//   1  relu                   32×26×26       0          0
//   2  maxpool 2×2, stride 2  32×13×13       0          0
//   3  conv 64, 3×3           64×11×11  18,496  2,230,272
//   4  relu                   64×11×11       0          0
//   5  maxpool 2×2, stride 2  64×5×5         0          0
//   6  flatten                1600           0          0
//   7  dropout 0.5            1600           0          0
//   8  dense 10               10        16,010     16,000
//   parameters:        34,826 (136.0 KiB as float32)
//   MACs per example:  2,440,960 forward, 7,128,192 training (forward + backward)
//   activations:       68,154 floats (266.2 KiB) per example
//   spatial chain:     28→26→13→11→5
//
// Blocks, forward in this order and backward in reverse:
//   conv0_relu1_maxpool2   conv 32, 3×3 → relu → maxpool 2×2, stride 2
//   conv3_relu4_maxpool5   conv 64, 3×3 → relu → maxpool 2×2, stride 2
//   dropout7               dropout 0.5
//   dense8                 dense 10
//   softmax_cross_entropy  mean over the batch; its gradient goes straight into dense8's backward
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
    static let w0 = 0 // 0.weight (32, 1, 3, 3)
    static let b0 = 288 // 0.bias (32)
    static let w3 = 320 // 3.weight (64, 32, 3, 3)
    static let b3 = 18_752 // 3.bias (64)
    static let w8 = 18_816 // 8.weight (10, 1600)
    static let b8 = 34_816 // 8.bias (10)
    static let count = 34_826
}

/// Offsets (in vectors) of each parameter's gradient accumulator in a chunk's accumulator arena.
private enum Acc {
    static let w0 = 0 // 0.weight: one vector per value (lanes summed at the end of the step)
    static let b0 = 288 // 0.bias: one vector per value (lanes summed at the end of the step)
    static let w3 = 320 // 3.weight: one vector per value (lanes summed at the end of the step)
    static let b3 = 18_752 // 3.bias: one vector per value (lanes summed at the end of the step)
    static let w8 = 18_816 // 8.weight: 10 rows of 1600 floats, lanes already summed
    static let b8 = 20_816 // 8.bias: one vector per value (lanes summed at the end of the step)
    static let count = 20_826
}

/// One thread's buffers for one group of 8 examples (L = the 8 lanes), carved out of one allocation.
private struct Workspace {
    let input: UnsafeMutablePointer<V> // (L, 1, 28, 28)
    let out1: UnsafeMutablePointer<V> // (L, 32, 26, 26)
    let dout1: UnsafeMutablePointer<V> // gradient of out1
    let out2: UnsafeMutablePointer<V> // (L, 32, 13, 13)
    let dout2: UnsafeMutablePointer<V> // gradient of out2
    let out4: UnsafeMutablePointer<V> // (L, 64, 11, 11), stored 15×15 with a zero border
    let dout4: UnsafeMutablePointer<V> // gradient of out4
    let out5: UnsafeMutablePointer<V> // (L, 64, 5, 5)
    let dout5: UnsafeMutablePointer<V> // gradient of out5
    let out7: UnsafeMutablePointer<V> // (L, 1600)
    let dout7: UnsafeMutablePointer<V> // gradient of out7
    let out8: UnsafeMutablePointer<V> // (L, 10)
    let dout8: UnsafeMutablePointer<V> // gradient of out8
    let argmax2: UnsafeMutablePointer<VI> // which window element won each max
    let argmax5: UnsafeMutablePointer<VI> // which window element won each max
    let scratch: UnsafeMutablePointer<V> // (8, 1600): a dense input transposed for its weight gradient
    var mask0: UnsafePointer<V> // (L, 1600): this group's dropout mask (rate 0.5)
    static let vectors = 98_692

    /// Takes `vectors` vectors at `memory`: zeros everywhere, −∞ in the borders that max pooling reads.
    init(_ memory: UnsafeMutablePointer<V>) {
        memory.initialize(repeating: V(), count: Self.vectors)
        input = memory
        out1 = memory + 784
        dout1 = memory + 22416
        out2 = memory + 44048
        dout2 = memory + 49456
        out4 = memory + 54864
        dout4 = memory + 69264
        out5 = memory + 83664
        dout5 = memory + 85264
        out7 = memory + 86864
        dout7 = memory + 88464
        out8 = memory + 90064
        dout8 = memory + 90074
        argmax2 = UnsafeMutableRawPointer(memory + 90084).bindMemory(to: VI.self, capacity: 5408)
        argmax5 = UnsafeMutableRawPointer(memory + 95492).bindMemory(to: VI.self, capacity: 1600)
        scratch = memory + 97092
        mask0 = UnsafePointer(memory)
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

/// conv0_relu1_maxpool2 forward: 0 conv 32, 3×3 · 1 relu · 2 maxpool 2×2, stride 2
/// input (L, 1, 28, 28) → out1 (L, 32, 26, 26) → out2 (L, 32, 13, 13)
private func conv0_relu1_maxpool2_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let inputRow = 28
    let out1Plane = 676, out1Row = 26
    let out2Plane = 169, out2Row = 13
    let wOut = 9, wRow = 3
    let argmax2Plane = 169, argmax2Row = 13
    let input = UnsafePointer(ws.input) // (L, 1, 28, 28)
    let out1 = ws.out1 // (L, 32, 26, 26)
    let weight = params + Arena.w0 // 0.weight (32, 1, 3, 3)
    let bias = params + Arena.b0 // 0.bias (32)
    // out[c, oy, ox] = relu(b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, oy + ky, ox + kx])
    // conv + bias + relu: register tiles of 4 output channels × 2 output columns
    for co in stride(from: 0, to: 32, by: 4) {
        for oy in 0..<26 {
            for ox in stride(from: 0, to: 26, by: 2) {
                do {
                    let b0 = V(repeating: bias[co])
                    let b1 = V(repeating: bias[co + 1])
                    let b2 = V(repeating: bias[co + 2])
                    let b3 = V(repeating: bias[co + 3])
                    var s0_0 = b0, s0_1 = b0
                    var s1_0 = b1, s1_1 = b1
                    var s2_0 = b2, s2_1 = b2
                    var s3_0 = b3, s3_1 = b3
                    for ky in 0..<3 {
                        let row = input + oy * inputRow + ky * inputRow + ox
                        let taps = weight + co * wOut + ky * wRow
                        for kx in 0..<3 {
                            let i0 = row[kx], i1 = row[kx + 1]
                            let w0 = V(repeating: taps[kx]), w1 = V(repeating: taps[kx + wOut])
                            let w2 = V(repeating: taps[kx + 2 * wOut]), w3 = V(repeating: taps[kx + 3 * wOut])
                            s0_0 = s0_0.addingProduct(i0, w0)
                            s0_1 = s0_1.addingProduct(i1, w0)
                            s1_0 = s1_0.addingProduct(i0, w1)
                            s1_1 = s1_1.addingProduct(i1, w1)
                            s2_0 = s2_0.addingProduct(i0, w2)
                            s2_1 = s2_1.addingProduct(i1, w2)
                            s3_0 = s3_0.addingProduct(i0, w3)
                            s3_1 = s3_1.addingProduct(i1, w3)
                        }
                    }
                    out1[co * out1Plane + oy * out1Row + ox] = relu(s0_0)
                    out1[co * out1Plane + oy * out1Row + ox + 1] = relu(s0_1)
                    out1[co * out1Plane + oy * out1Row + ox + out1Plane] = relu(s1_0)
                    out1[co * out1Plane + oy * out1Row + ox + out1Plane + 1] = relu(s1_1)
                    out1[co * out1Plane + oy * out1Row + ox + 2 * out1Plane] = relu(s2_0)
                    out1[co * out1Plane + oy * out1Row + ox + 2 * out1Plane + 1] = relu(s2_1)
                    out1[co * out1Plane + oy * out1Row + ox + 3 * out1Plane] = relu(s3_0)
                    out1[co * out1Plane + oy * out1Row + ox + 3 * out1Plane + 1] = relu(s3_1)
                }
            }
        }
    }

    let out2 = ws.out2 // (L, 32, 13, 13)
    let argmax2 = ws.argmax2 // (L, 32, 13, 13): which window element won
    // maxpool 2×2, stride 2×2
    for c in 0..<32 {
        for py in 0..<13 {
            for px in 0..<13 {
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
                out2[c * out2Plane + py * out2Row + px] = m
                argmax2[c * argmax2Plane + py * argmax2Row + px] = k
            }
        }
    }
}

/// conv3_relu4_maxpool5 forward: 3 conv 64, 3×3 · 4 relu · 5 maxpool 2×2, stride 2
/// out2 (L, 32, 13, 13) → out4 (L, 64, 11, 11) → out5 (L, 64, 5, 5)
private func conv3_relu4_maxpool5_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out2Plane = 169, out2Row = 13
    let out4Plane = 225, out4Row = 15
    let out5Plane = 25, out5Row = 5
    let wOut = 288, wIn = 9, wRow = 3
    let argmax5Plane = 25, argmax5Row = 5
    let out2 = UnsafePointer(ws.out2) // (L, 32, 13, 13)
    let out4 = ws.out4 // (L, 64, 11, 11), stored 15×15 with a zero border
    let weight = params + Arena.w3 // 3.weight (64, 32, 3, 3)
    let bias = params + Arena.b3 // 3.bias (64)
    // out[c, oy, ox] = relu(b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, oy + ky, ox + kx])
    // conv + bias + relu: register tiles of 6 output channels × 2 output columns
    for co in stride(from: 0, to: 60, by: 6) {
        for oy in 0..<11 {
            for ox in stride(from: 0, to: 10, by: 2) {
                do {
                    let b0 = V(repeating: bias[co])
                    let b1 = V(repeating: bias[co + 1])
                    let b2 = V(repeating: bias[co + 2])
                    let b3 = V(repeating: bias[co + 3])
                    let b4 = V(repeating: bias[co + 4])
                    let b5 = V(repeating: bias[co + 5])
                    var s0_0 = b0, s0_1 = b0
                    var s1_0 = b1, s1_1 = b1
                    var s2_0 = b2, s2_1 = b2
                    var s3_0 = b3, s3_1 = b3
                    var s4_0 = b4, s4_1 = b4
                    var s5_0 = b5, s5_1 = b5
                    for ci in 0..<32 {
                        for ky in 0..<3 {
                            let row = out2 + ci * out2Plane + oy * out2Row + ky * out2Row + ox
                            let taps = weight + co * wOut + ci * wIn + ky * wRow
                            for kx in 0..<3 {
                                let i0 = row[kx], i1 = row[kx + 1]
                                let w0 = V(repeating: taps[kx]), w1 = V(repeating: taps[kx + wOut])
                                let w2 = V(repeating: taps[kx + 2 * wOut])
                                let w3 = V(repeating: taps[kx + 3 * wOut])
                                let w4 = V(repeating: taps[kx + 4 * wOut])
                                let w5 = V(repeating: taps[kx + 5 * wOut])
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
                        }
                    }
                    out4[co * out4Plane + oy * out4Row + ox + 2 * out4Row + 2] = relu(s0_0)
                    out4[co * out4Plane + oy * out4Row + ox + 2 * out4Row + 3] = relu(s0_1)
                    out4[co * out4Plane + oy * out4Row + ox + out4Plane + 2 * out4Row + 2] = relu(s1_0)
                    out4[co * out4Plane + oy * out4Row + ox + out4Plane + 2 * out4Row + 3] = relu(s1_1)
                    out4[co * out4Plane + oy * out4Row + ox + 2 * out4Plane + 2 * out4Row + 2] = relu(s2_0)
                    out4[co * out4Plane + oy * out4Row + ox + 2 * out4Plane + 2 * out4Row + 3] = relu(s2_1)
                    out4[co * out4Plane + oy * out4Row + ox + 3 * out4Plane + 2 * out4Row + 2] = relu(s3_0)
                    out4[co * out4Plane + oy * out4Row + ox + 3 * out4Plane + 2 * out4Row + 3] = relu(s3_1)
                    out4[co * out4Plane + oy * out4Row + ox + 4 * out4Plane + 2 * out4Row + 2] = relu(s4_0)
                    out4[co * out4Plane + oy * out4Row + ox + 4 * out4Plane + 2 * out4Row + 3] = relu(s4_1)
                    out4[co * out4Plane + oy * out4Row + ox + 5 * out4Plane + 2 * out4Row + 2] = relu(s5_0)
                    out4[co * out4Plane + oy * out4Row + ox + 5 * out4Plane + 2 * out4Row + 3] = relu(s5_1)
                }
            }
            do {
                let b0 = V(repeating: bias[co])
                let b1 = V(repeating: bias[co + 1])
                let b2 = V(repeating: bias[co + 2])
                let b3 = V(repeating: bias[co + 3])
                let b4 = V(repeating: bias[co + 4])
                let b5 = V(repeating: bias[co + 5])
                var s0_0 = b0
                var s1_0 = b1
                var s2_0 = b2
                var s3_0 = b3
                var s4_0 = b4
                var s5_0 = b5
                for ci in 0..<32 {
                    for ky in 0..<3 {
                        let row = out2 + ci * out2Plane + oy * out2Row + ky * out2Row + 10
                        let taps = weight + co * wOut + ci * wIn + ky * wRow
                        for kx in 0..<3 {
                            let i0 = row[kx]
                            let w0 = V(repeating: taps[kx]), w1 = V(repeating: taps[kx + wOut])
                            let w2 = V(repeating: taps[kx + 2 * wOut]), w3 = V(repeating: taps[kx + 3 * wOut])
                            let w4 = V(repeating: taps[kx + 4 * wOut]), w5 = V(repeating: taps[kx + 5 * wOut])
                            s0_0 = s0_0.addingProduct(i0, w0)
                            s1_0 = s1_0.addingProduct(i0, w1)
                            s2_0 = s2_0.addingProduct(i0, w2)
                            s3_0 = s3_0.addingProduct(i0, w3)
                            s4_0 = s4_0.addingProduct(i0, w4)
                            s5_0 = s5_0.addingProduct(i0, w5)
                        }
                    }
                }
                out4[co * out4Plane + oy * out4Row + 2 * out4Row + 12] = relu(s0_0)
                out4[co * out4Plane + oy * out4Row + out4Plane + 2 * out4Row + 12] = relu(s1_0)
                out4[co * out4Plane + oy * out4Row + 2 * out4Plane + 2 * out4Row + 12] = relu(s2_0)
                out4[co * out4Plane + oy * out4Row + 3 * out4Plane + 2 * out4Row + 12] = relu(s3_0)
                out4[co * out4Plane + oy * out4Row + 4 * out4Plane + 2 * out4Row + 12] = relu(s4_0)
                out4[co * out4Plane + oy * out4Row + 5 * out4Plane + 2 * out4Row + 12] = relu(s5_0)
            }
        }
    }
    for oy in 0..<11 {
        for ox in stride(from: 0, to: 10, by: 2) {
            do {
                let b0 = V(repeating: bias[60])
                let b1 = V(repeating: bias[61])
                let b2 = V(repeating: bias[62])
                let b3 = V(repeating: bias[63])
                var s0_0 = b0, s0_1 = b0
                var s1_0 = b1, s1_1 = b1
                var s2_0 = b2, s2_1 = b2
                var s3_0 = b3, s3_1 = b3
                for ci in 0..<32 {
                    for ky in 0..<3 {
                        let row = out2 + ci * out2Plane + oy * out2Row + ky * out2Row + ox
                        let taps = weight + ci * wIn + ky * wRow + 60 * wOut
                        for kx in 0..<3 {
                            let i0 = row[kx], i1 = row[kx + 1]
                            let w0 = V(repeating: taps[kx]), w1 = V(repeating: taps[kx + wOut])
                            let w2 = V(repeating: taps[kx + 2 * wOut]), w3 = V(repeating: taps[kx + 3 * wOut])
                            s0_0 = s0_0.addingProduct(i0, w0)
                            s0_1 = s0_1.addingProduct(i1, w0)
                            s1_0 = s1_0.addingProduct(i0, w1)
                            s1_1 = s1_1.addingProduct(i1, w1)
                            s2_0 = s2_0.addingProduct(i0, w2)
                            s2_1 = s2_1.addingProduct(i1, w2)
                            s3_0 = s3_0.addingProduct(i0, w3)
                            s3_1 = s3_1.addingProduct(i1, w3)
                        }
                    }
                }
                out4[oy * out4Row + ox + 60 * out4Plane + 2 * out4Row + 2] = relu(s0_0)
                out4[oy * out4Row + ox + 60 * out4Plane + 2 * out4Row + 3] = relu(s0_1)
                out4[oy * out4Row + ox + 61 * out4Plane + 2 * out4Row + 2] = relu(s1_0)
                out4[oy * out4Row + ox + 61 * out4Plane + 2 * out4Row + 3] = relu(s1_1)
                out4[oy * out4Row + ox + 62 * out4Plane + 2 * out4Row + 2] = relu(s2_0)
                out4[oy * out4Row + ox + 62 * out4Plane + 2 * out4Row + 3] = relu(s2_1)
                out4[oy * out4Row + ox + 63 * out4Plane + 2 * out4Row + 2] = relu(s3_0)
                out4[oy * out4Row + ox + 63 * out4Plane + 2 * out4Row + 3] = relu(s3_1)
            }
        }
        do {
            let b0 = V(repeating: bias[60])
            let b1 = V(repeating: bias[61])
            let b2 = V(repeating: bias[62])
            let b3 = V(repeating: bias[63])
            var s0_0 = b0
            var s1_0 = b1
            var s2_0 = b2
            var s3_0 = b3
            for ci in 0..<32 {
                for ky in 0..<3 {
                    let row = out2 + ci * out2Plane + oy * out2Row + ky * out2Row + 10
                    let taps = weight + ci * wIn + ky * wRow + 60 * wOut
                    for kx in 0..<3 {
                        let i0 = row[kx]
                        let w0 = V(repeating: taps[kx]), w1 = V(repeating: taps[kx + wOut])
                        let w2 = V(repeating: taps[kx + 2 * wOut]), w3 = V(repeating: taps[kx + 3 * wOut])
                        s0_0 = s0_0.addingProduct(i0, w0)
                        s1_0 = s1_0.addingProduct(i0, w1)
                        s2_0 = s2_0.addingProduct(i0, w2)
                        s3_0 = s3_0.addingProduct(i0, w3)
                    }
                }
            }
            out4[oy * out4Row + 60 * out4Plane + 2 * out4Row + 12] = relu(s0_0)
            out4[oy * out4Row + 61 * out4Plane + 2 * out4Row + 12] = relu(s1_0)
            out4[oy * out4Row + 62 * out4Plane + 2 * out4Row + 12] = relu(s2_0)
            out4[oy * out4Row + 63 * out4Plane + 2 * out4Row + 12] = relu(s3_0)
        }
    }

    let out5 = ws.out5 // (L, 64, 5, 5)
    let argmax5 = ws.argmax5 // (L, 64, 5, 5): which window element won
    // maxpool 2×2, stride 2×2
    for c in 0..<64 {
        for py in 0..<5 {
            for px in 0..<5 {
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

/// dropout7 forward: 7 dropout 0.5
/// out5 (L, 64, 5, 5) → out7 (L, 1600)
private func dropout7_forward(_ ws: Workspace, training: Bool) {
    let out5 = UnsafePointer(ws.out5) // (L, 64, 5, 5)
    let out7 = ws.out7 // (L, 1600)
    let mask = ws.mask0 // (L, 1600): 0 or 1/(1 − 0.5) per element, drawn before the step
    if training {
        for i in 0..<1600 {
            out7[i] = out5[i] * mask[i]
        }
    } else {
        for i in 0..<1600 {
            out7[i] = out5[i]
        }
    }
}

/// dense8 forward: 8 dense 10
/// out7 (L, 1600) → out8 (L, 10)
private func dense8_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 1600
    let out7 = UnsafePointer(ws.out7) // (L, 1600)
    let out8 = ws.out8 // (L, 10)
    let weight = params + Arena.w8 // 8.weight (10, 1600)
    let bias = params + Arena.b8 // 8.bias (10)
    // y = W·x + b: register tiles of 10 outputs, one weight broadcast per input and output
    do {
        let w0 = weight, w1 = weight + wRow, w2 = weight + 2 * wRow, w3 = weight + 3 * wRow
        let w4 = weight + 4 * wRow, w5 = weight + 5 * wRow, w6 = weight + 6 * wRow, w7 = weight + 7 * wRow
        let w8 = weight + 8 * wRow, w9 = weight + 9 * wRow
        var s0 = V(repeating: bias[0]), s1 = V(repeating: bias[1]), s2 = V(repeating: bias[2])
        var s3 = V(repeating: bias[3]), s4 = V(repeating: bias[4]), s5 = V(repeating: bias[5])
        var s6 = V(repeating: bias[6]), s7 = V(repeating: bias[7]), s8 = V(repeating: bias[8])
        var s9 = V(repeating: bias[9])
        for i in 0..<1600 {
            let x = out7[i]
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
        out8[0] = s0
        out8[1] = s1
        out8[2] = s2
        out8[3] = s3
        out8[4] = s4
        out8[5] = s5
        out8[6] = s6
        out8[7] = s7
        out8[8] = s8
        out8[9] = s9
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
    let logits = UnsafePointer(ws.out8) // (L, 10)
    let dlogits = ws.dout8 // (L, 10)
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

/// dense8 backward: from dout8 (L, 10), adds the gradients of 8.weight and 8.bias, writes dout7 (L, 1600)
private func dense8_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 1600
    let gradRow = 200
    let xTRow = 200, xTsRow = 1600
    let out7 = UnsafePointer(ws.out7) // (L, 1600)
    let dout8 = ws.dout8 // (L, 10)
    let weight = params + Arena.w8 // 8.weight (10, 1600)
    let weightGrad = acc + Acc.w8 // 8.weight, 10 rows of 1600 floats
    let biasGrad = acc + Acc.b8 // 8.bias, one vector per output
    // bias gradient
    for j in 0..<10 {
        biasGrad[j] += dout8[j]
    }

    // weight gradient dW[j][i] += Σ_l dz[j][l]·x[i][l] over the 8 lanes l: the input transposed to (8, 1600),
    // then register tiles of 4 outputs × 3 input vectors, each summed over the lanes and added to the
    // accumulator once
    let xT = ws.scratch // (8, 1600)
    let xs = UnsafeRawPointer(out7).assumingMemoryBound(to: Float.self)
    let xTs = UnsafeMutableRawPointer(xT).assumingMemoryBound(to: Float.self)
    for i in 0..<1600 {
        for l in 0..<8 {
            xTs[l * xTsRow + i] = xs[i * 8 + l]
        }
    }
    let dzs = UnsafeRawPointer(dout8).assumingMemoryBound(to: Float.self)
    for j in stride(from: 0, to: 8, by: 4) {
        for v in stride(from: 0, to: 198, by: 3) {
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
            let rows = weightGrad + j * gradRow + 198
            var a0_0 = rows[0], a0_1 = rows[1]
            var a1_0 = rows[gradRow], a1_1 = rows[gradRow + 1]
            var a2_0 = rows[2 * gradRow], a2_1 = rows[2 * gradRow + 1]
            var a3_0 = rows[3 * gradRow], a3_1 = rows[3 * gradRow + 1]
            for l in 0..<8 {
                let x0 = xT[l * xTRow + 198], x1 = xT[l * xTRow + 199]
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
    for v in stride(from: 0, to: 198, by: 3) {
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
        let rows = weightGrad + 8 * gradRow + 198
        var a0_0 = rows[0], a0_1 = rows[1]
        var a1_0 = rows[gradRow], a1_1 = rows[gradRow + 1]
        for l in 0..<8 {
            let x0 = xT[l * xTRow + 198], x1 = xT[l * xTRow + 199]
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
    let dout7 = ws.dout7 // (L, 1600)
    for i in stride(from: 0, to: 1596, by: 12) {
        do {
            var t0 = V(), t1 = V(), t2 = V(), t3 = V(), t4 = V(), t5 = V(), t6 = V(), t7 = V(), t8 = V()
            var t9 = V(), t10 = V(), t11 = V()
            let column = weight + i
            for j in 0..<10 {
                let d = dout8[j]
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
            dout7[i] = t0
            dout7[i + 1] = t1
            dout7[i + 2] = t2
            dout7[i + 3] = t3
            dout7[i + 4] = t4
            dout7[i + 5] = t5
            dout7[i + 6] = t6
            dout7[i + 7] = t7
            dout7[i + 8] = t8
            dout7[i + 9] = t9
            dout7[i + 10] = t10
            dout7[i + 11] = t11
        }
    }
    do {
        var t0 = V(), t1 = V(), t2 = V(), t3 = V()
        let column = weight + 1596
        for j in 0..<10 {
            let d = dout8[j]
            let w = column + j * wRow
            t0 = t0.addingProduct(d, V(repeating: w[0]))
            t1 = t1.addingProduct(d, V(repeating: w[1]))
            t2 = t2.addingProduct(d, V(repeating: w[2]))
            t3 = t3.addingProduct(d, V(repeating: w[3]))
        }
        dout7[1596] = t0
        dout7[1597] = t1
        dout7[1598] = t2
        dout7[1599] = t3
    }
}

/// dropout7 backward: from dout7 (L, 1600), writes dout5 (L, 64, 5, 5)
private func dropout7_backward(_ ws: Workspace) {
    let dout7 = UnsafePointer(ws.dout7)
    let dout5 = ws.dout5 // (L, 64, 5, 5)
    let mask = ws.mask0
    for i in 0..<1600 {
        dout5[i] = dout7[i] * mask[i]
    }
}

/// conv3_relu4_maxpool5 backward: from dout5 (L, 64, 5, 5), adds the gradients of 3.weight and 3.bias, writes
/// dout2 (L, 32, 13, 13)
private func conv3_relu4_maxpool5_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out2Plane = 169, out2Row = 13
    let out4Plane = 225, out4Row = 15
    let out5Plane = 25, out5Row = 5
    let wOut = 288, wIn = 9, wRow = 3
    let argmax5Plane = 25, argmax5Row = 5
    let out2 = UnsafePointer(ws.out2) // (L, 32, 13, 13)
    let out4 = UnsafePointer(ws.out4) // (L, 64, 11, 11), stored 15×15 with a zero border
    let dout4 = ws.dout4 // (L, 64, 11, 11), stored 15×15 with a zero border, becomes the gradient of the conv's pre-activation output
    let weight = params + Arena.w3 // 3.weight (64, 32, 3, 3)
    let weightGrad = acc + Acc.w3 // 3.weight, one vector per weight
    let biasGrad = acc + Acc.b3 // 3.bias, one vector per channel
    let dout5 = UnsafePointer(ws.dout5) // (L, 64, 5, 5)
    let argmax5 = UnsafePointer(ws.argmax5)
    // maxpool backward: zero the input gradient (border included), then add each window's share
    dout4.update(repeating: V(), count: 14400)
    for c in 0..<64 {
        for py in 0..<5 {
            for px in 0..<5 {
                let g = dout5[c * out5Plane + py * out5Row + px]
                let k = argmax5[c * argmax5Plane + py * argmax5Row + px]
                dout4[c * out4Plane + py * 2 * out4Row + px * 2 + 2 * out4Row + 2] += g.replacing(with: 0, where: k .!= VI(repeating: 0))
                dout4[c * out4Plane + py * 2 * out4Row + px * 2 + 2 * out4Row + 3] += g.replacing(with: 0, where: k .!= VI(repeating: 1))
                dout4[c * out4Plane + py * 2 * out4Row + px * 2 + 3 * out4Row + 2] += g.replacing(with: 0, where: k .!= VI(repeating: 2))
                dout4[c * out4Plane + py * 2 * out4Row + px * 2 + 3 * out4Row + 3] += g.replacing(with: 0, where: k .!= VI(repeating: 3))
            }
        }
    }
    // relu backward (in place) + bias gradient
    for c in 0..<64 {
        var db = V()
        for y in 0..<11 {
            for x in 0..<11 {
                let d = dout4[c * out4Plane + y * out4Row + x + 2 * out4Row + 2].replacing(with: 0, where: out4[c * out4Plane + y * out4Row + x + 2 * out4Row + 2] .<= 0)
                dout4[c * out4Plane + y * out4Row + x + 2 * out4Row + 2] = d
                db += d
            }
        }
        biasGrad[c] += db
    }

    // dw[c, i, ky, kx] = Σ_oy,ox dout[c, oy, ox] · in[i, oy + ky, ox + kx], lanes summed at the end of the
    // step
    // weight gradient: register tiles of 4 output channels × 3 kernel columns, summed over the 11×11 outputs
    for co in stride(from: 0, to: 64, by: 4) {
        for ci in 0..<32 {
            for ky in 0..<3 {
                do {
                    var g0_0 = V(), g0_1 = V(), g0_2 = V()
                    var g1_0 = V(), g1_1 = V(), g1_2 = V()
                    var g2_0 = V(), g2_1 = V(), g2_2 = V()
                    var g3_0 = V(), g3_1 = V(), g3_2 = V()
                    for oy in 0..<11 {
                        let drow = dout4 + co * out4Plane + oy * out4Row + 2 * out4Row + 2
                        let irow = out2 + ci * out2Plane + oy * out2Row + ky * out2Row
                        for ox in 0..<11 {
                            let d0 = drow[ox], d1 = drow[ox + out4Plane], d2 = drow[ox + 2 * out4Plane]
                            let d3 = drow[ox + 3 * out4Plane]
                            let i0 = irow[ox], i1 = irow[ox + 1], i2 = irow[ox + 2]
                            g0_0 = g0_0.addingProduct(d0, i0)
                            g0_1 = g0_1.addingProduct(d0, i1)
                            g0_2 = g0_2.addingProduct(d0, i2)
                            g1_0 = g1_0.addingProduct(d1, i0)
                            g1_1 = g1_1.addingProduct(d1, i1)
                            g1_2 = g1_2.addingProduct(d1, i2)
                            g2_0 = g2_0.addingProduct(d2, i0)
                            g2_1 = g2_1.addingProduct(d2, i1)
                            g2_2 = g2_2.addingProduct(d2, i2)
                            g3_0 = g3_0.addingProduct(d3, i0)
                            g3_1 = g3_1.addingProduct(d3, i1)
                            g3_2 = g3_2.addingProduct(d3, i2)
                        }
                    }
                    weightGrad[co * wOut + ci * wIn + ky * wRow] += g0_0
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 1] += g0_1
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 2] += g0_2
                    weightGrad[co * wOut + ci * wIn + ky * wRow + wOut] += g1_0
                    weightGrad[co * wOut + ci * wIn + ky * wRow + wOut + 1] += g1_1
                    weightGrad[co * wOut + ci * wIn + ky * wRow + wOut + 2] += g1_2
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 2 * wOut] += g2_0
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 2 * wOut + 1] += g2_1
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 2 * wOut + 2] += g2_2
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 3 * wOut] += g3_0
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 3 * wOut + 1] += g3_1
                    weightGrad[co * wOut + ci * wIn + ky * wRow + 3 * wOut + 2] += g3_2
                }
            }
        }
    }

    // din[i, y, x] = Σ_c,ky,kx w[c, i, ky, kx] · dout[c, y − ky, x − kx], zero outside dout
    // input gradient, gathered: a forward pass over dout's 2×2 zero border with the kernel flipped (tap ky,
    // kx reads w[c, i, 2 − ky, 2 − kx]); register tiles of 4 input channels × 2 columns, summed over the 64
    // output channels
    let dout2 = ws.dout2
    for ci in stride(from: 0, to: 32, by: 4) {
        for y in 0..<13 {
            for x in stride(from: 0, to: 12, by: 2) {
                do {
                    var s0_0 = V(), s0_1 = V()
                    var s1_0 = V(), s1_1 = V()
                    var s2_0 = V(), s2_1 = V()
                    var s3_0 = V(), s3_1 = V()
                    for co in 0..<64 {
                        for ky in max(0, 2 - y)..<min(3, 13 - y) {
                            let row = dout4 + co * out4Plane + y * out4Row + ky * out4Row + x
                            let taps = weight + co * wOut + ci * wIn - ky * wRow + 2 * wRow + 2 // w[c, i, 2 − ky, 2]
                            for kx in 0..<3 {
                                let i0 = row[kx], i1 = row[kx + 1]
                                let w0 = V(repeating: taps[-kx]), w1 = V(repeating: taps[-kx + wIn])
                                let w2 = V(repeating: taps[-kx + 2 * wIn])
                                let w3 = V(repeating: taps[-kx + 3 * wIn])
                                s0_0 = s0_0.addingProduct(i0, w0)
                                s0_1 = s0_1.addingProduct(i1, w0)
                                s1_0 = s1_0.addingProduct(i0, w1)
                                s1_1 = s1_1.addingProduct(i1, w1)
                                s2_0 = s2_0.addingProduct(i0, w2)
                                s2_1 = s2_1.addingProduct(i1, w2)
                                s3_0 = s3_0.addingProduct(i0, w3)
                                s3_1 = s3_1.addingProduct(i1, w3)
                            }
                        }
                    }
                    dout2[ci * out2Plane + y * out2Row + x] = s0_0
                    dout2[ci * out2Plane + y * out2Row + x + 1] = s0_1
                    dout2[ci * out2Plane + y * out2Row + x + out2Plane] = s1_0
                    dout2[ci * out2Plane + y * out2Row + x + out2Plane + 1] = s1_1
                    dout2[ci * out2Plane + y * out2Row + x + 2 * out2Plane] = s2_0
                    dout2[ci * out2Plane + y * out2Row + x + 2 * out2Plane + 1] = s2_1
                    dout2[ci * out2Plane + y * out2Row + x + 3 * out2Plane] = s3_0
                    dout2[ci * out2Plane + y * out2Row + x + 3 * out2Plane + 1] = s3_1
                }
            }
            do {
                var s0_0 = V()
                var s1_0 = V()
                var s2_0 = V()
                var s3_0 = V()
                for co in 0..<64 {
                    for ky in max(0, 2 - y)..<min(3, 13 - y) {
                        let row = dout4 + co * out4Plane + y * out4Row + ky * out4Row + 12
                        let taps = weight + co * wOut + ci * wIn - ky * wRow + 2 * wRow + 2 // w[c, i, 2 − ky, 2]
                        for kx in 0..<3 {
                            let i0 = row[kx]
                            let w0 = V(repeating: taps[-kx]), w1 = V(repeating: taps[-kx + wIn])
                            let w2 = V(repeating: taps[-kx + 2 * wIn]), w3 = V(repeating: taps[-kx + 3 * wIn])
                            s0_0 = s0_0.addingProduct(i0, w0)
                            s1_0 = s1_0.addingProduct(i0, w1)
                            s2_0 = s2_0.addingProduct(i0, w2)
                            s3_0 = s3_0.addingProduct(i0, w3)
                        }
                    }
                }
                dout2[ci * out2Plane + y * out2Row + 12] = s0_0
                dout2[ci * out2Plane + y * out2Row + out2Plane + 12] = s1_0
                dout2[ci * out2Plane + y * out2Row + 2 * out2Plane + 12] = s2_0
                dout2[ci * out2Plane + y * out2Row + 3 * out2Plane + 12] = s3_0
            }
        }
    }
}

/// conv0_relu1_maxpool2 backward: from dout2 (L, 32, 13, 13), adds the gradients of 0.weight and 0.bias (no
/// input gradient: nothing below learns)
private func conv0_relu1_maxpool2_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let inputRow = 28
    let out1Plane = 676, out1Row = 26
    let out2Plane = 169, out2Row = 13
    let wOut = 9, wRow = 3
    let argmax2Plane = 169, argmax2Row = 13
    let input = UnsafePointer(ws.input) // (L, 1, 28, 28)
    let dout1 = ws.dout1 // (L, 32, 26, 26), becomes the gradient of the conv's pre-activation output
    let weightGrad = acc + Acc.w0 // 0.weight, one vector per weight
    let biasGrad = acc + Acc.b0 // 0.bias, one vector per channel
    let out2 = UnsafePointer(ws.out2) // (L, 32, 13, 13)
    let dout2 = UnsafePointer(ws.dout2) // (L, 32, 13, 13)
    let argmax2 = UnsafePointer(ws.argmax2)
    // maxpool backward + relu backward + bias gradient, one pass (the windows tile the conv output)
    // the winner of each window holds the pooled value, so relu's derivative there comes from out2
    for c in 0..<32 {
        var db = V()
        for py in 0..<13 {
            for px in 0..<13 {
                let k = argmax2[c * argmax2Plane + py * argmax2Row + px]
                let y = out2[c * out2Plane + py * out2Row + px]
                let g = dout2[c * out2Plane + py * out2Row + px].replacing(with: 0, where: y .<= 0)
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

    // dw[c, i, ky, kx] = Σ_oy,ox dout[c, oy, ox] · in[i, oy + ky, ox + kx], lanes summed at the end of the
    // step
    // weight gradient: register tiles of 4 output channels × 3 kernel columns, summed over the 26×26 outputs
    for co in stride(from: 0, to: 32, by: 4) {
        for ky in 0..<3 {
            do {
                var g0_0 = V(), g0_1 = V(), g0_2 = V()
                var g1_0 = V(), g1_1 = V(), g1_2 = V()
                var g2_0 = V(), g2_1 = V(), g2_2 = V()
                var g3_0 = V(), g3_1 = V(), g3_2 = V()
                for oy in 0..<26 {
                    let drow = dout1 + co * out1Plane + oy * out1Row
                    let irow = input + oy * inputRow + ky * inputRow
                    for ox in 0..<26 {
                        let d0 = drow[ox], d1 = drow[ox + out1Plane], d2 = drow[ox + 2 * out1Plane]
                        let d3 = drow[ox + 3 * out1Plane]
                        let i0 = irow[ox], i1 = irow[ox + 1], i2 = irow[ox + 2]
                        g0_0 = g0_0.addingProduct(d0, i0)
                        g0_1 = g0_1.addingProduct(d0, i1)
                        g0_2 = g0_2.addingProduct(d0, i2)
                        g1_0 = g1_0.addingProduct(d1, i0)
                        g1_1 = g1_1.addingProduct(d1, i1)
                        g1_2 = g1_2.addingProduct(d1, i2)
                        g2_0 = g2_0.addingProduct(d2, i0)
                        g2_1 = g2_1.addingProduct(d2, i1)
                        g2_2 = g2_2.addingProduct(d2, i2)
                        g3_0 = g3_0.addingProduct(d3, i0)
                        g3_1 = g3_1.addingProduct(d3, i1)
                        g3_2 = g3_2.addingProduct(d3, i2)
                    }
                }
                weightGrad[co * wOut + ky * wRow] += g0_0
                weightGrad[co * wOut + ky * wRow + 1] += g0_1
                weightGrad[co * wOut + ky * wRow + 2] += g0_2
                weightGrad[co * wOut + ky * wRow + wOut] += g1_0
                weightGrad[co * wOut + ky * wRow + wOut + 1] += g1_1
                weightGrad[co * wOut + ky * wRow + wOut + 2] += g1_2
                weightGrad[co * wOut + ky * wRow + 2 * wOut] += g2_0
                weightGrad[co * wOut + ky * wRow + 2 * wOut + 1] += g2_1
                weightGrad[co * wOut + ky * wRow + 2 * wOut + 2] += g2_2
                weightGrad[co * wOut + ky * wRow + 3 * wOut] += g3_0
                weightGrad[co * wOut + ky * wRow + 3 * wOut + 1] += g3_1
                weightGrad[co * wOut + ky * wRow + 3 * wOut + 2] += g3_2
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
    // 0.weight: 288 values, lanes summed last
    for k in 288 * part / parts..<288 * (part + 1) / parts {
        var s = acc[Acc.w0 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.w0 + k] }
        grad[Arena.w0 + k] = hsum(s)
    }
    // 0.bias: 32 values, lanes summed last
    for k in 32 * part / parts..<32 * (part + 1) / parts {
        var s = acc[Acc.b0 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b0 + k] }
        grad[Arena.b0 + k] = hsum(s)
    }
    // 3.weight: 18432 values, lanes summed last
    for k in 18432 * part / parts..<18432 * (part + 1) / parts {
        var s = acc[Acc.w3 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.w3 + k] }
        grad[Arena.w3 + k] = hsum(s)
    }
    // 3.bias: 64 values, lanes summed last
    for k in 64 * part / parts..<64 * (part + 1) / parts {
        var s = acc[Acc.b3 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b3 + k] }
        grad[Arena.b3 + k] = hsum(s)
    }
    // 8.weight: 10 rows of 1600, accumulated in rows of 1600
    for j in 10 * part / parts..<10 * (part + 1) / parts {
        let row = Acc.w8 + j * 200, out = (Arena.w8 + j * 1600) * 4
        for v in 0..<200 {
            var s = acc[row + v]
            for c in 1..<chunks { s += acc[c * Acc.count + row + v] }
            target.storeBytes(of: s, toByteOffset: out + v * 32, as: V.self)
        }
    }
    // 8.bias: 10 values, lanes summed last
    for k in 10 * part / parts..<10 * (part + 1) / parts {
        var s = acc[Acc.b8 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b8 + k] }
        grad[Arena.b8 + k] = hsum(s)
    }
}

/// The keras-mnist network specialised for training: a TrainableNetwork whose every size is a literal.
/// Parameters and gradients live in two arenas laid out as PyTorch lays out the nn.Sequential's state_dict;
/// up to `threads` threads share each batch (the results do not depend on how many).
public final class KerasMnistNetwork: TrainableNetwork, ProfilingNetwork {
    /// Every parameter, in PyTorch's order.
    public static let layout: [ParameterSlot] = [
        ParameterSlot(name: "0.weight", shape: [32, 1, 3, 3], offset: Arena.w0, fanIn: 9, fanOut: 288, isBias: false),
        ParameterSlot(name: "0.bias", shape: [32], offset: Arena.b0, fanIn: 9, fanOut: 288, isBias: true),
        ParameterSlot(name: "3.weight", shape: [64, 32, 3, 3], offset: Arena.w3, fanIn: 288, fanOut: 576, isBias: false),
        ParameterSlot(name: "3.bias", shape: [64], offset: Arena.b3, fanIn: 288, fanOut: 576, isBias: true),
        ParameterSlot(name: "8.weight", shape: [10, 1600], offset: Arena.w8, fanIn: 1600, fanOut: 10, isBias: false),
        ParameterSlot(name: "8.bias", shape: [10], offset: Arena.b8, fanIn: 1600, fanOut: 10, isBias: true),
    ]
    public static let classes = 10
    public static let inputShape = [1, 28, 28]
    /// What `--profile` times, in forward order.
    public static let blocks = ["conv0_relu1_maxpool2", "conv3_relu4_maxpool5", "dropout7", "dense8", "softmax_cross_entropy"]

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
    private let masks0: UnsafeMutablePointer<V> // (maxBatch rounded up to groups, 1600)

    /// Room for batches of up to `maxBatch` examples, run on `threads` threads; parameters start at zero
    /// (initialise them, or load a checkpoint).
    public init(maxBatch: Int = 128, threads: Int = 2) {
        // Checked even in -Ounchecked builds (a precondition would not be).
        guard maxBatch >= 1 && threads >= 1 else { fatalError("KerasMnistNetwork needs maxBatch ≥ 1 and threads ≥ 1") }
        self.maxBatch = maxBatch
        self.threads = threads
        parameters = .allocate(capacity: Arena.count)
        parameters.initialize(repeating: 0)
        gradients = .allocate(capacity: Arena.count)
        gradients.initialize(repeating: 0)
        let memory = UnsafeMutablePointer<V>.allocate(capacity: Workspace.vectors * threads)
        self.memory = memory
        workspaces = (0..<threads).map { Workspace(memory + $0 * Workspace.vectors) }
        accumulators = .allocate(capacity: Acc.count * GroupChunks.maxChunks)
        accumulators.initialize(repeating: V(), count: Acc.count * GroupChunks.maxChunks)
        results = .allocate(capacity: GroupChunks.maxChunks)
        results.initialize(repeating: (0, 0), count: GroupChunks.maxChunks)
        masks0 = .allocate(capacity: (maxBatch + 7) / 8 * 1600)
        masks0.initialize(repeating: V(), count: (maxBatch + 7) / 8 * 1600)
    }

    deinit {
        parameters.deallocate()
        gradients.deallocate()
        memory.deallocate()
        accumulators.deallocate()
        results.deallocate()
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
                let base = (e / 8) * 12800 + e % 8
                for f in 0..<1600 { mask[base + f * 8] = rng.nextFloat() < keep ? value : 0 }
            }
        }
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
        drawMasks(count: count, seed: dropoutSeed)
        let groups = (count + 7) / 8, chunks = GroupChunks.count(groups: groups)
        let scale = 1 / Float(count)
        let params = UnsafePointer(parameters.baseAddress!), grad = gradients.baseAddress!
        // stage 1 of 1, group by group, through the loss: conv0_relu1_maxpool2, conv3_relu4_maxpool5,
        // dropout7, dense8
        chunker.run(threads: threads, groups: groups, chunks: chunks) { t, chunk, range in
            let clock = profile.map { $0 + t * 10 }
            let acc = accumulators + chunk * Acc.count
            acc.update(repeating: V(), count: Acc.count)
            var loss = 0.0, correct = 0
            for g in range {
                let first = g * 8, valid = min(8, count - first)
                var ws = workspaces[t]
                ws.mask0 = UnsafePointer(masks0 + g * 1600)
                stage_input(images + first * 784, valid, ws)
                timed(clock, 0) { conv0_relu1_maxpool2_forward(params, ws) } // → (L, 32, 13, 13)
                timed(clock, 2) { conv3_relu4_maxpool5_forward(params, ws) } // → (L, 64, 5, 5)
                timed(clock, 4) { dropout7_forward(ws, training: true) } // → (L, 1600)
                timed(clock, 6) { dense8_forward(params, ws) } // → (L, 10)
                var result = (loss: 0.0, correct: 0)
                timed(clock, 8) { result = softmax_cross_entropy(ws, labels: labels + first, valid: valid, scale: scale) }
                loss += result.loss
                correct += result.correct
                timed(clock, 7) { dense8_backward(params, acc, ws) }
                timed(clock, 5) { dropout7_backward(ws) }
                timed(clock, 3) { conv3_relu4_maxpool5_backward(params, acc, ws) }
                timed(clock, 1) { conv0_relu1_maxpool2_backward(params, acc, ws) }
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
        chunker.run(threads: threads, groups: groups, chunks: chunks) { t, _, range in
            for g in range {
                let first = g * 8, valid = min(8, count - first)
                let ws = workspaces[t]
                stage_input(images + first * 784, valid, ws)
                timed(nil, 0) { conv0_relu1_maxpool2_forward(params, ws) } // → (L, 32, 13, 13)
                timed(nil, 2) { conv3_relu4_maxpool5_forward(params, ws) } // → (L, 64, 5, 5)
                timed(nil, 4) { dropout7_forward(ws, training: false) } // → (L, 1600)
                timed(nil, 6) { dense8_forward(params, ws) } // → (L, 10)
                body(UnsafePointer(ws.out8), first, valid)
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

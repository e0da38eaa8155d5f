// lenet-max: Network.swift, the network of Specs/lenet-max.yaml specialised by `lenetc emit`.
// Generated; do not edit (run `lenetc emit Specs/lenet-max.yaml` again instead).
//
//    #  layer                   output    params     MACs
//   --  ----------------------  --------  ------  -------
//       input                   1×28×28
//    0  conv 6, 5×5, padding 2  6×28×28      156  117,600
//    1  sigmoid                 6×28×28        0        0
//    2  maxpool 2×2, stride 2   6×14×14        0        0
//    3  conv 16, 5×5            16×10×10   2,416  240,000
//    4  sigmoid                 16×10×10       0        0
//    5  maxpool 2×2, stride 2   16×5×5         0        0
//    6  flatten                 400            0        0
//    7  dense 120               120       48,120   48,000
//    8  sigmoid                 120            0        0
//    9  dense 84                84        10,164   10,080
//   10  sigmoid                 84             0        0
//   11  dense 10                10           850      840
//   parameters:        61,706 (241.0 KiB as float32)
//   MACs per example:  416,520 forward, 1,131,960 training (forward + backward)
//   activations:       15,386 floats (60.1 KiB) per example
//   spatial chain:     28→28→14→10→5
//
// Blocks, forward in this order and backward in reverse:
//   conv0_sigmoid1_maxpool2  conv 6, 5×5, padding 2 → sigmoid → maxpool 2×2, stride 2
//   conv3_sigmoid4_maxpool5  conv 16, 5×5 → sigmoid → maxpool 2×2, stride 2
//   dense7_sigmoid8          dense 120 → sigmoid
//   dense9_sigmoid10         dense 84 → sigmoid
//   dense11                  dense 10
//   softmax_cross_entropy    mean over the batch; its gradient goes straight into dense11's backward
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
    static let w0  = 0 // 0.weight (6, 1, 5, 5)
    static let b0  = 150 // 0.bias (6)
    static let w3  = 156 // 3.weight (16, 6, 5, 5)
    static let b3  = 2_556 // 3.bias (16)
    static let w7  = 2_572 // 7.weight (120, 400)
    static let b7  = 50_572 // 7.bias (120)
    static let w9  = 50_692 // 9.weight (84, 120)
    static let b9  = 60_772 // 9.bias (84)
    static let w11 = 60_856 // 11.weight (10, 84)
    static let b11 = 61_696 // 11.bias (10)
    static let count = 61_706
}

/// Offsets (in vectors) of each parameter's gradient accumulator in a chunk's accumulator arena.
private enum Acc {
    static let w0  = 0 // 0.weight: one vector per value (lanes summed at the end of the step)
    static let b0  = 150 // 0.bias: one vector per value (lanes summed at the end of the step)
    static let w3  = 156 // 3.weight: one vector per value (lanes summed at the end of the step)
    static let b3  = 2_556 // 3.bias: one vector per value (lanes summed at the end of the step)
    static let w7  = 2_572 // 7.weight: 120 rows of 400 floats, lanes already summed
    static let b7  = 8_572 // 7.bias: one vector per value (lanes summed at the end of the step)
    static let w9  = 8_692 // 9.weight: 84 rows of 120 floats, lanes already summed
    static let b9  = 9_952 // 9.bias: one vector per value (lanes summed at the end of the step)
    static let w11 = 10_036 // 11.weight: 10 rows of 88 floats, lanes already summed
    static let b11 = 10_146 // 11.bias: one vector per value (lanes summed at the end of the step)
    static let count = 10_156
}

/// One thread's buffers for one group of 8 examples (L = the 8 lanes), carved out of one allocation.
private struct Workspace {
    let input: UnsafeMutablePointer<V> // (L, 1, 28, 28), stored 32×32 with a zero border
    let out1: UnsafeMutablePointer<V> // (L, 6, 28, 28)
    let dout1: UnsafeMutablePointer<V> // gradient of out1
    let out2: UnsafeMutablePointer<V> // (L, 6, 14, 14)
    let dout2: UnsafeMutablePointer<V> // gradient of out2
    let out4: UnsafeMutablePointer<V> // (L, 16, 10, 10)
    let dout4: UnsafeMutablePointer<V> // gradient of out4
    let out5: UnsafeMutablePointer<V> // (L, 16, 5, 5)
    let dout5: UnsafeMutablePointer<V> // gradient of out5
    let out8: UnsafeMutablePointer<V> // (L, 120)
    let dout8: UnsafeMutablePointer<V> // gradient of out8
    let out10: UnsafeMutablePointer<V> // (L, 84)
    let dout10: UnsafeMutablePointer<V> // gradient of out10
    let out11: UnsafeMutablePointer<V> // (L, 10)
    let dout11: UnsafeMutablePointer<V> // gradient of out11
    let argmax2: UnsafeMutablePointer<VI> // which window element won each max
    let argmax5: UnsafeMutablePointer<VI> // which window element won each max
    let scratch: UnsafeMutablePointer<V> // (8, 400): a dense input transposed for its weight gradient
    static let vectors = 19_188

    /// Takes `vectors` vectors at `memory`: zeros everywhere, −∞ in the borders that max pooling reads.
    init(_ memory: UnsafeMutablePointer<V>) {
        memory.initialize(repeating: V(), count: Self.vectors)
        input = memory
        out1 = memory + 1024
        dout1 = memory + 5728
        out2 = memory + 10432
        dout2 = memory + 11608
        out4 = memory + 12784
        dout4 = memory + 14384
        out5 = memory + 15984
        dout5 = memory + 16384
        out8 = memory + 16784
        dout8 = memory + 16904
        out10 = memory + 17024
        dout10 = memory + 17108
        out11 = memory + 17192
        dout11 = memory + 17202
        argmax2 = UnsafeMutableRawPointer(memory + 17212).bindMemory(to: VI.self, capacity: 1176)
        argmax5 = UnsafeMutableRawPointer(memory + 18388).bindMemory(to: VI.self, capacity: 400)
        scratch = memory + 18788
    }
}

/// The sum of the lanes, pairwise (a fixed order, so results do not depend on the compiler).
@inline(__always)
private func hsum(_ v: V) -> Float {
    let a = v.lowHalf + v.highHalf
    let b = a.lowHalf + a.highHalf
    return b[0] + b[1]
}

/// conv0_sigmoid1_maxpool2 forward: 0 conv 6, 5×5, padding 2 · 1 sigmoid · 2 maxpool 2×2, stride 2
/// input (L, 1, 28, 28) → out1 (L, 6, 28, 28) → out2 (L, 6, 14, 14)
private func conv0_sigmoid1_maxpool2_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let inputRow = 32
    let out1Plane = 784, out1Row = 28
    let out2Plane = 196, out2Row = 14
    let wOut = 25, wRow = 5
    let argmax2Plane = 196, argmax2Row = 14
    let input = UnsafePointer(ws.input) // (L, 1, 28, 28), stored 32×32 with a zero border
    let out1 = ws.out1 // (L, 6, 28, 28)
    let weight = params + Arena.w0 // 0.weight (6, 1, 5, 5)
    let bias = params + Arena.b0 // 0.bias (6)
    // out[c, oy, ox] = sigmoid(b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, oy + ky − 2, ox + kx − 2])
    // conv + bias + sigmoid: register tiles of 6 output channels × 2 output columns
    for oy in 0..<28 {
        for ox in stride(from: 0, to: 28, by: 2) {
            do {
                let b0 = V(repeating: bias[0])
                let b1 = V(repeating: bias[1])
                let b2 = V(repeating: bias[2])
                let b3 = V(repeating: bias[3])
                let b4 = V(repeating: bias[4])
                let b5 = V(repeating: bias[5])
                var s0_0 = b0, s0_1 = b0
                var s1_0 = b1, s1_1 = b1
                var s2_0 = b2, s2_1 = b2
                var s3_0 = b3, s3_1 = b3
                var s4_0 = b4, s4_1 = b4
                var s5_0 = b5, s5_1 = b5
                for ky in 0..<5 {
                    let row = input + oy * inputRow + ky * inputRow + ox
                    let taps = weight + ky * wRow
                    for kx in 0..<5 {
                        let i0 = row[kx], i1 = row[kx + 1]
                        let w0 = V(repeating: taps[kx]), w1 = V(repeating: taps[kx + wOut])
                        let w2 = V(repeating: taps[kx + 2 * wOut]), w3 = V(repeating: taps[kx + 3 * wOut])
                        let w4 = V(repeating: taps[kx + 4 * wOut]), w5 = V(repeating: taps[kx + 5 * wOut])
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
                out1[oy * out1Row + ox] = VectorMath.sigmoid(s0_0)
                out1[oy * out1Row + ox + 1] = VectorMath.sigmoid(s0_1)
                out1[oy * out1Row + ox + out1Plane] = VectorMath.sigmoid(s1_0)
                out1[oy * out1Row + ox + out1Plane + 1] = VectorMath.sigmoid(s1_1)
                out1[oy * out1Row + ox + 2 * out1Plane] = VectorMath.sigmoid(s2_0)
                out1[oy * out1Row + ox + 2 * out1Plane + 1] = VectorMath.sigmoid(s2_1)
                out1[oy * out1Row + ox + 3 * out1Plane] = VectorMath.sigmoid(s3_0)
                out1[oy * out1Row + ox + 3 * out1Plane + 1] = VectorMath.sigmoid(s3_1)
                out1[oy * out1Row + ox + 4 * out1Plane] = VectorMath.sigmoid(s4_0)
                out1[oy * out1Row + ox + 4 * out1Plane + 1] = VectorMath.sigmoid(s4_1)
                out1[oy * out1Row + ox + 5 * out1Plane] = VectorMath.sigmoid(s5_0)
                out1[oy * out1Row + ox + 5 * out1Plane + 1] = VectorMath.sigmoid(s5_1)
            }
        }
    }

    let out2 = ws.out2 // (L, 6, 14, 14)
    let argmax2 = ws.argmax2 // (L, 6, 14, 14): which window element won
    // maxpool 2×2, stride 2×2
    for c in 0..<6 {
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
                out2[c * out2Plane + py * out2Row + px] = m
                argmax2[c * argmax2Plane + py * argmax2Row + px] = k
            }
        }
    }
}

/// conv3_sigmoid4_maxpool5 forward: 3 conv 16, 5×5 · 4 sigmoid · 5 maxpool 2×2, stride 2
/// out2 (L, 6, 14, 14) → out4 (L, 16, 10, 10) → out5 (L, 16, 5, 5)
private func conv3_sigmoid4_maxpool5_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out2Plane = 196, out2Row = 14
    let out4Plane = 100, out4Row = 10
    let out5Plane = 25, out5Row = 5
    let wOut = 150, wIn = 25, wRow = 5
    let argmax5Plane = 25, argmax5Row = 5
    let out2 = UnsafePointer(ws.out2) // (L, 6, 14, 14)
    let out4 = ws.out4 // (L, 16, 10, 10)
    let weight = params + Arena.w3 // 3.weight (16, 6, 5, 5)
    let bias = params + Arena.b3 // 3.bias (16)
    // out[c, oy, ox] = sigmoid(b[c] + Σ_i,ky,kx w[c, i, ky, kx] · in[i, oy + ky, ox + kx])
    // conv + bias + sigmoid: register tiles of 6 output channels × 2 output columns
    for co in stride(from: 0, to: 12, by: 6) {
        for oy in 0..<10 {
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
                    for ci in 0..<6 {
                        for ky in 0..<5 {
                            let row = out2 + ci * out2Plane + oy * out2Row + ky * out2Row + ox
                            let taps = weight + co * wOut + ci * wIn + ky * wRow
                            for kx in 0..<5 {
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
                    out4[co * out4Plane + oy * out4Row + ox] = VectorMath.sigmoid(s0_0)
                    out4[co * out4Plane + oy * out4Row + ox + 1] = VectorMath.sigmoid(s0_1)
                    out4[co * out4Plane + oy * out4Row + ox + out4Plane] = VectorMath.sigmoid(s1_0)
                    out4[co * out4Plane + oy * out4Row + ox + out4Plane + 1] = VectorMath.sigmoid(s1_1)
                    out4[co * out4Plane + oy * out4Row + ox + 2 * out4Plane] = VectorMath.sigmoid(s2_0)
                    out4[co * out4Plane + oy * out4Row + ox + 2 * out4Plane + 1] = VectorMath.sigmoid(s2_1)
                    out4[co * out4Plane + oy * out4Row + ox + 3 * out4Plane] = VectorMath.sigmoid(s3_0)
                    out4[co * out4Plane + oy * out4Row + ox + 3 * out4Plane + 1] = VectorMath.sigmoid(s3_1)
                    out4[co * out4Plane + oy * out4Row + ox + 4 * out4Plane] = VectorMath.sigmoid(s4_0)
                    out4[co * out4Plane + oy * out4Row + ox + 4 * out4Plane + 1] = VectorMath.sigmoid(s4_1)
                    out4[co * out4Plane + oy * out4Row + ox + 5 * out4Plane] = VectorMath.sigmoid(s5_0)
                    out4[co * out4Plane + oy * out4Row + ox + 5 * out4Plane + 1] = VectorMath.sigmoid(s5_1)
                }
            }
        }
    }
    for oy in 0..<10 {
        for ox in stride(from: 0, to: 10, by: 2) {
            do {
                let b0 = V(repeating: bias[12])
                let b1 = V(repeating: bias[13])
                let b2 = V(repeating: bias[14])
                let b3 = V(repeating: bias[15])
                var s0_0 = b0, s0_1 = b0
                var s1_0 = b1, s1_1 = b1
                var s2_0 = b2, s2_1 = b2
                var s3_0 = b3, s3_1 = b3
                for ci in 0..<6 {
                    for ky in 0..<5 {
                        let row = out2 + ci * out2Plane + oy * out2Row + ky * out2Row + ox
                        let taps = weight + ci * wIn + ky * wRow + 12 * wOut
                        for kx in 0..<5 {
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
                out4[oy * out4Row + ox + 12 * out4Plane] = VectorMath.sigmoid(s0_0)
                out4[oy * out4Row + ox + 12 * out4Plane + 1] = VectorMath.sigmoid(s0_1)
                out4[oy * out4Row + ox + 13 * out4Plane] = VectorMath.sigmoid(s1_0)
                out4[oy * out4Row + ox + 13 * out4Plane + 1] = VectorMath.sigmoid(s1_1)
                out4[oy * out4Row + ox + 14 * out4Plane] = VectorMath.sigmoid(s2_0)
                out4[oy * out4Row + ox + 14 * out4Plane + 1] = VectorMath.sigmoid(s2_1)
                out4[oy * out4Row + ox + 15 * out4Plane] = VectorMath.sigmoid(s3_0)
                out4[oy * out4Row + ox + 15 * out4Plane + 1] = VectorMath.sigmoid(s3_1)
            }
        }
    }

    let out5 = ws.out5 // (L, 16, 5, 5)
    let argmax5 = ws.argmax5 // (L, 16, 5, 5): which window element won
    // maxpool 2×2, stride 2×2
    for c in 0..<16 {
        for py in 0..<5 {
            for px in 0..<5 {
                let window = out4 + c * out4Plane + py * 2 * out4Row + px * 2
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

/// dense7_sigmoid8 forward: 7 dense 120 · 8 sigmoid
/// out5 (L, 16, 5, 5) → out8 (L, 120)
private func dense7_sigmoid8_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 400
    let out5 = UnsafePointer(ws.out5) // (L, 400): (L, 16, 5, 5) flattened
    let out8 = ws.out8 // (L, 120)
    let weight = params + Arena.w7 // 7.weight (120, 400)
    let bias = params + Arena.b7 // 7.bias (120)
    // y = sigmoid(W·x + b): register tiles of 12 outputs, one weight broadcast per input and output
    for j in stride(from: 0, to: 120, by: 12) {
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
            for i in 0..<400 {
                let x = out5[i]
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
            out8[j] = VectorMath.sigmoid(s0)
            out8[j + 1] = VectorMath.sigmoid(s1)
            out8[j + 2] = VectorMath.sigmoid(s2)
            out8[j + 3] = VectorMath.sigmoid(s3)
            out8[j + 4] = VectorMath.sigmoid(s4)
            out8[j + 5] = VectorMath.sigmoid(s5)
            out8[j + 6] = VectorMath.sigmoid(s6)
            out8[j + 7] = VectorMath.sigmoid(s7)
            out8[j + 8] = VectorMath.sigmoid(s8)
            out8[j + 9] = VectorMath.sigmoid(s9)
            out8[j + 10] = VectorMath.sigmoid(s10)
            out8[j + 11] = VectorMath.sigmoid(s11)
        }
    }
}

/// dense9_sigmoid10 forward: 9 dense 84 · 10 sigmoid
/// out8 (L, 120) → out10 (L, 84)
private func dense9_sigmoid10_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 120
    let out8 = UnsafePointer(ws.out8) // (L, 120)
    let out10 = ws.out10 // (L, 84)
    let weight = params + Arena.w9 // 9.weight (84, 120)
    let bias = params + Arena.b9 // 9.bias (84)
    // y = sigmoid(W·x + b): register tiles of 12 outputs, one weight broadcast per input and output
    for j in stride(from: 0, to: 84, by: 12) {
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
            for i in 0..<120 {
                let x = out8[i]
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
            out10[j] = VectorMath.sigmoid(s0)
            out10[j + 1] = VectorMath.sigmoid(s1)
            out10[j + 2] = VectorMath.sigmoid(s2)
            out10[j + 3] = VectorMath.sigmoid(s3)
            out10[j + 4] = VectorMath.sigmoid(s4)
            out10[j + 5] = VectorMath.sigmoid(s5)
            out10[j + 6] = VectorMath.sigmoid(s6)
            out10[j + 7] = VectorMath.sigmoid(s7)
            out10[j + 8] = VectorMath.sigmoid(s8)
            out10[j + 9] = VectorMath.sigmoid(s9)
            out10[j + 10] = VectorMath.sigmoid(s10)
            out10[j + 11] = VectorMath.sigmoid(s11)
        }
    }
}

/// dense11 forward: 11 dense 10
/// out10 (L, 84) → out11 (L, 10)
private func dense11_forward(_ params: UnsafePointer<Float>, _ ws: Workspace) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 84
    let out10 = UnsafePointer(ws.out10) // (L, 84)
    let out11 = ws.out11 // (L, 10)
    let weight = params + Arena.w11 // 11.weight (10, 84)
    let bias = params + Arena.b11 // 11.bias (10)
    // y = W·x + b: register tiles of 10 outputs, one weight broadcast per input and output
    do {
        let w0 = weight, w1 = weight + wRow, w2 = weight + 2 * wRow, w3 = weight + 3 * wRow
        let w4 = weight + 4 * wRow, w5 = weight + 5 * wRow, w6 = weight + 6 * wRow, w7 = weight + 7 * wRow
        let w8 = weight + 8 * wRow, w9 = weight + 9 * wRow
        var s0 = V(repeating: bias[0]), s1 = V(repeating: bias[1]), s2 = V(repeating: bias[2])
        var s3 = V(repeating: bias[3]), s4 = V(repeating: bias[4]), s5 = V(repeating: bias[5])
        var s6 = V(repeating: bias[6]), s7 = V(repeating: bias[7]), s8 = V(repeating: bias[8])
        var s9 = V(repeating: bias[9])
        for i in 0..<84 {
            let x = out10[i]
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
        out11[0] = s0
        out11[1] = s1
        out11[2] = s2
        out11[3] = s3
        out11[4] = s4
        out11[5] = s5
        out11[6] = s6
        out11[7] = s7
        out11[8] = s8
        out11[9] = s9
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
    let logits = UnsafePointer(ws.out11) // (L, 10)
    let dlogits = ws.dout11 // (L, 10)
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

/// dense11 backward: from dout11 (L, 10), adds the gradients of 11.weight and 11.bias, writes dout10 (L, 84)
private func dense11_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 84
    let gradRow = 11
    let xTRow = 11, xTsRow = 88
    let out10 = UnsafePointer(ws.out10) // (L, 84)
    let dout11 = ws.dout11 // (L, 10)
    let weight = params + Arena.w11 // 11.weight (10, 84)
    let weightGrad = acc + Acc.w11 // 11.weight, 10 rows of 88 floats
    let biasGrad = acc + Acc.b11 // 11.bias, one vector per output
    // bias gradient
    for j in 0..<10 {
        biasGrad[j] += dout11[j]
    }

    // weight gradient dW[j][i] += Σ_l dz[j][l]·x[i][l] over the 8 lanes l: the input transposed to (8, 88),
    // then register tiles of 4 outputs × 3 input vectors, each summed over the lanes and added to the
    // accumulator once
    let xT = ws.scratch // (8, 88)
    let xs = UnsafeRawPointer(out10).assumingMemoryBound(to: Float.self)
    let xTs = UnsafeMutableRawPointer(xT).assumingMemoryBound(to: Float.self)
    for i in 0..<84 {
        for l in 0..<8 {
            xTs[l * xTsRow + i] = xs[i * 8 + l]
        }
    }
    for l in 0..<8 {
        for i in 84..<88 {
            xTs[l * xTsRow + i] = 0
        }
    }
    let dzs = UnsafeRawPointer(dout11).assumingMemoryBound(to: Float.self)
    for j in stride(from: 0, to: 8, by: 4) {
        for v in stride(from: 0, to: 9, by: 3) {
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
            let rows = weightGrad + j * gradRow + 9
            var a0_0 = rows[0], a0_1 = rows[1]
            var a1_0 = rows[gradRow], a1_1 = rows[gradRow + 1]
            var a2_0 = rows[2 * gradRow], a2_1 = rows[2 * gradRow + 1]
            var a3_0 = rows[3 * gradRow], a3_1 = rows[3 * gradRow + 1]
            for l in 0..<8 {
                let x0 = xT[l * xTRow + 9], x1 = xT[l * xTRow + 10]
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
    for v in stride(from: 0, to: 9, by: 3) {
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
        let rows = weightGrad + 8 * gradRow + 9
        var a0_0 = rows[0], a0_1 = rows[1]
        var a1_0 = rows[gradRow], a1_1 = rows[gradRow + 1]
        for l in 0..<8 {
            let x0 = xT[l * xTRow + 9], x1 = xT[l * xTRow + 10]
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
    let dout10 = ws.dout10 // (L, 84)
    for i in stride(from: 0, to: 84, by: 12) {
        do {
            var t0 = V(), t1 = V(), t2 = V(), t3 = V(), t4 = V(), t5 = V(), t6 = V(), t7 = V(), t8 = V()
            var t9 = V(), t10 = V(), t11 = V()
            let column = weight + i
            for j in 0..<10 {
                let d = dout11[j]
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
            dout10[i] = t0
            dout10[i + 1] = t1
            dout10[i + 2] = t2
            dout10[i + 3] = t3
            dout10[i + 4] = t4
            dout10[i + 5] = t5
            dout10[i + 6] = t6
            dout10[i + 7] = t7
            dout10[i + 8] = t8
            dout10[i + 9] = t9
            dout10[i + 10] = t10
            dout10[i + 11] = t11
        }
    }
}

/// dense9_sigmoid10 backward: from dout10 (L, 84), adds the gradients of 9.weight and 9.bias, writes dout8
/// (L, 120)
private func dense9_sigmoid10_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 120
    let gradRow = 15
    let xTRow = 15, xTsRow = 120
    let out8 = UnsafePointer(ws.out8) // (L, 120)
    let out10 = UnsafePointer(ws.out10) // (L, 84)
    let dout10 = ws.dout10 // (L, 84), becomes the pre-activation gradient
    let weight = params + Arena.w9 // 9.weight (84, 120)
    let weightGrad = acc + Acc.w9 // 9.weight, 84 rows of 120 floats
    let biasGrad = acc + Acc.b9 // 9.bias, one vector per output
    // sigmoid backward (in place) + bias gradient
    for j in 0..<84 {
        let d = dout10[j] * (1 - out10[j]) * out10[j]
        dout10[j] = d
        biasGrad[j] += d
    }

    // weight gradient dW[j][i] += Σ_l dz[j][l]·x[i][l] over the 8 lanes l: the input transposed to (8, 120),
    // then register tiles of 4 outputs × 3 input vectors, each summed over the lanes and added to the
    // accumulator once
    let xT = ws.scratch // (8, 120)
    let xs = UnsafeRawPointer(out8).assumingMemoryBound(to: Float.self)
    let xTs = UnsafeMutableRawPointer(xT).assumingMemoryBound(to: Float.self)
    for i in 0..<120 {
        for l in 0..<8 {
            xTs[l * xTsRow + i] = xs[i * 8 + l]
        }
    }
    let dzs = UnsafeRawPointer(dout10).assumingMemoryBound(to: Float.self)
    for j in stride(from: 0, to: 84, by: 4) {
        for v in stride(from: 0, to: 15, by: 3) {
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

    // input gradient dx[i] = Σ_j W[j][i]·dz[j]: register tiles of 12 inputs
    let dout8 = ws.dout8 // (L, 120)
    for i in stride(from: 0, to: 120, by: 12) {
        do {
            var t0 = V(), t1 = V(), t2 = V(), t3 = V(), t4 = V(), t5 = V(), t6 = V(), t7 = V(), t8 = V()
            var t9 = V(), t10 = V(), t11 = V()
            let column = weight + i
            for j in 0..<84 {
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
            dout8[i] = t0
            dout8[i + 1] = t1
            dout8[i + 2] = t2
            dout8[i + 3] = t3
            dout8[i + 4] = t4
            dout8[i + 5] = t5
            dout8[i + 6] = t6
            dout8[i + 7] = t7
            dout8[i + 8] = t8
            dout8[i + 9] = t9
            dout8[i + 10] = t10
            dout8[i + 11] = t11
        }
    }
}

/// dense7_sigmoid8 backward: from dout8 (L, 120), adds the gradients of 7.weight and 7.bias, writes dout5 (L,
/// 16, 5, 5)
private func dense7_sigmoid8_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let wRow = 400
    let gradRow = 50
    let xTRow = 50, xTsRow = 400
    let out5 = UnsafePointer(ws.out5) // (L, 400): (L, 16, 5, 5) flattened
    let out8 = UnsafePointer(ws.out8) // (L, 120)
    let dout8 = ws.dout8 // (L, 120), becomes the pre-activation gradient
    let weight = params + Arena.w7 // 7.weight (120, 400)
    let weightGrad = acc + Acc.w7 // 7.weight, 120 rows of 400 floats
    let biasGrad = acc + Acc.b7 // 7.bias, one vector per output
    // sigmoid backward (in place) + bias gradient
    for j in 0..<120 {
        let d = dout8[j] * (1 - out8[j]) * out8[j]
        dout8[j] = d
        biasGrad[j] += d
    }

    // weight gradient dW[j][i] += Σ_l dz[j][l]·x[i][l] over the 8 lanes l: the input transposed to (8, 400),
    // then register tiles of 4 outputs × 3 input vectors, each summed over the lanes and added to the
    // accumulator once
    let xT = ws.scratch // (8, 400)
    let xs = UnsafeRawPointer(out5).assumingMemoryBound(to: Float.self)
    let xTs = UnsafeMutableRawPointer(xT).assumingMemoryBound(to: Float.self)
    for i in 0..<400 {
        for l in 0..<8 {
            xTs[l * xTsRow + i] = xs[i * 8 + l]
        }
    }
    let dzs = UnsafeRawPointer(dout8).assumingMemoryBound(to: Float.self)
    for j in stride(from: 0, to: 120, by: 4) {
        for v in stride(from: 0, to: 48, by: 3) {
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
            let rows = weightGrad + j * gradRow + 48
            var a0_0 = rows[0], a0_1 = rows[1]
            var a1_0 = rows[gradRow], a1_1 = rows[gradRow + 1]
            var a2_0 = rows[2 * gradRow], a2_1 = rows[2 * gradRow + 1]
            var a3_0 = rows[3 * gradRow], a3_1 = rows[3 * gradRow + 1]
            for l in 0..<8 {
                let x0 = xT[l * xTRow + 48], x1 = xT[l * xTRow + 49]
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

    // input gradient dx[i] = Σ_j W[j][i]·dz[j]: register tiles of 12 inputs
    let dout5 = ws.dout5 // (L, 400): (L, 16, 5, 5) flattened
    for i in stride(from: 0, to: 396, by: 12) {
        do {
            var t0 = V(), t1 = V(), t2 = V(), t3 = V(), t4 = V(), t5 = V(), t6 = V(), t7 = V(), t8 = V()
            var t9 = V(), t10 = V(), t11 = V()
            let column = weight + i
            for j in 0..<120 {
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
            dout5[i] = t0
            dout5[i + 1] = t1
            dout5[i + 2] = t2
            dout5[i + 3] = t3
            dout5[i + 4] = t4
            dout5[i + 5] = t5
            dout5[i + 6] = t6
            dout5[i + 7] = t7
            dout5[i + 8] = t8
            dout5[i + 9] = t9
            dout5[i + 10] = t10
            dout5[i + 11] = t11
        }
    }
    do {
        var t0 = V(), t1 = V(), t2 = V(), t3 = V()
        let column = weight + 396
        for j in 0..<120 {
            let d = dout8[j]
            let w = column + j * wRow
            t0 = t0.addingProduct(d, V(repeating: w[0]))
            t1 = t1.addingProduct(d, V(repeating: w[1]))
            t2 = t2.addingProduct(d, V(repeating: w[2]))
            t3 = t3.addingProduct(d, V(repeating: w[3]))
        }
        dout5[396] = t0
        dout5[397] = t1
        dout5[398] = t2
        dout5[399] = t3
    }
}

/// conv3_sigmoid4_maxpool5 backward: from dout5 (L, 16, 5, 5), adds the gradients of 3.weight and 3.bias,
/// writes dout2 (L, 6, 14, 14)
private func conv3_sigmoid4_maxpool5_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let out2Plane = 196, out2Row = 14
    let out4Plane = 100, out4Row = 10
    let out5Plane = 25, out5Row = 5
    let wOut = 150, wIn = 25, wRow = 5
    let argmax5Plane = 25, argmax5Row = 5
    let out2 = UnsafePointer(ws.out2) // (L, 6, 14, 14)
    let dout4 = ws.dout4 // (L, 16, 10, 10), becomes the gradient of the conv's pre-activation output
    let weight = params + Arena.w3 // 3.weight (16, 6, 5, 5)
    let weightGrad = acc + Acc.w3 // 3.weight, one vector per weight
    let biasGrad = acc + Acc.b3 // 3.bias, one vector per channel
    let out5 = UnsafePointer(ws.out5) // (L, 16, 5, 5)
    let dout5 = UnsafePointer(ws.dout5) // (L, 16, 5, 5)
    let argmax5 = UnsafePointer(ws.argmax5)
    // maxpool backward + sigmoid backward + bias gradient, one pass (the windows tile the conv output)
    // the winner of each window holds the pooled value, so sigmoid's derivative there comes from out5
    for c in 0..<16 {
        var db = V()
        for py in 0..<5 {
            for px in 0..<5 {
                let k = argmax5[c * argmax5Plane + py * argmax5Row + px]
                let y = out5[c * out5Plane + py * out5Row + px]
                let g = dout5[c * out5Plane + py * out5Row + px] * (1 - y) * y
                let dy = dout4 + c * out4Plane + py * 2 * out4Row + px * 2
                dy[0] = g.replacing(with: 0, where: k .!= VI(repeating: 0))
                dy[1] = g.replacing(with: 0, where: k .!= VI(repeating: 1))
                dy[out4Row] = g.replacing(with: 0, where: k .!= VI(repeating: 2))
                dy[out4Row + 1] = g.replacing(with: 0, where: k .!= VI(repeating: 3))
                db += g
            }
        }
        biasGrad[c] += db
    }

    // dw[c, i, ky, kx] = Σ_oy,ox dout[c, oy, ox] · in[i, oy + ky, ox + kx], lanes summed at the end of the
    // step
    // weight gradient: register tiles of 2 output channels × 5 kernel columns, summed over the 10×10 outputs
    for co in stride(from: 0, to: 16, by: 2) {
        for ci in 0..<6 {
            for ky in 0..<5 {
                do {
                    var g0_0 = V(), g0_1 = V(), g0_2 = V(), g0_3 = V(), g0_4 = V()
                    var g1_0 = V(), g1_1 = V(), g1_2 = V(), g1_3 = V(), g1_4 = V()
                    for oy in 0..<10 {
                        let drow = dout4 + co * out4Plane + oy * out4Row
                        let irow = out2 + ci * out2Plane + oy * out2Row + ky * out2Row
                        for ox in 0..<10 {
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
    // columns × 5 kernel columns, summed over the 16 output channels
    let dout2 = ws.dout2
    dout2.update(repeating: V(), count: 1176)
    for ci in stride(from: 0, to: 6, by: 2) {
        for oy in 0..<10 {
            for ky in 0..<5 {
                for ox in stride(from: 0, to: 10, by: 2) {
                    do {
                        var t0_0 = V(), t0_1 = V(), t0_2 = V(), t0_3 = V(), t0_4 = V(), t0_5 = V()
                        var t1_0 = V(), t1_1 = V(), t1_2 = V(), t1_3 = V(), t1_4 = V(), t1_5 = V()
                        for co in 0..<16 {
                            let d0 = dout4[co * out4Plane + oy * out4Row + ox]
                            let d1 = dout4[co * out4Plane + oy * out4Row + ox + 1]
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
                        let row = dout2 + ci * out2Plane + oy * out2Row + ky * out2Row + ox
                        row[0] += t0_0
                        row[1] += t0_1
                        row[2] += t0_2
                        row[3] += t0_3
                        row[4] += t0_4
                        row[5] += t0_5
                        row[out2Plane] += t1_0
                        row[out2Plane + 1] += t1_1
                        row[out2Plane + 2] += t1_2
                        row[out2Plane + 3] += t1_3
                        row[out2Plane + 4] += t1_4
                        row[out2Plane + 5] += t1_5
                    }
                }
            }
        }
    }
}

/// conv0_sigmoid1_maxpool2 backward: from dout2 (L, 6, 14, 14), adds the gradients of 0.weight and 0.bias (no
/// input gradient: nothing below learns)
private func conv0_sigmoid1_maxpool2_backward(
    _ params: UnsafePointer<Float>, _ acc: UnsafeMutablePointer<V>, _ ws: Workspace
) {
    // strides, in elements of the pointer they index (vectors of L lanes; floats of the weights)
    let inputRow = 32
    let out1Plane = 784, out1Row = 28
    let out2Plane = 196, out2Row = 14
    let wOut = 25, wRow = 5
    let argmax2Plane = 196, argmax2Row = 14
    let input = UnsafePointer(ws.input) // (L, 1, 28, 28), stored 32×32 with a zero border
    let dout1 = ws.dout1 // (L, 6, 28, 28), becomes the gradient of the conv's pre-activation output
    let weightGrad = acc + Acc.w0 // 0.weight, one vector per weight
    let biasGrad = acc + Acc.b0 // 0.bias, one vector per channel
    let out2 = UnsafePointer(ws.out2) // (L, 6, 14, 14)
    let dout2 = UnsafePointer(ws.dout2) // (L, 6, 14, 14)
    let argmax2 = UnsafePointer(ws.argmax2)
    // maxpool backward + sigmoid backward + bias gradient, one pass (the windows tile the conv output)
    // the winner of each window holds the pooled value, so sigmoid's derivative there comes from out2
    for c in 0..<6 {
        var db = V()
        for py in 0..<14 {
            for px in 0..<14 {
                let k = argmax2[c * argmax2Plane + py * argmax2Row + px]
                let y = out2[c * out2Plane + py * out2Row + px]
                let g = dout2[c * out2Plane + py * out2Row + px] * (1 - y) * y
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
    for co in stride(from: 0, to: 6, by: 2) {
        for ky in 0..<5 {
            do {
                var g0_0 = V(), g0_1 = V(), g0_2 = V(), g0_3 = V(), g0_4 = V()
                var g1_0 = V(), g1_1 = V(), g1_2 = V(), g1_3 = V(), g1_4 = V()
                for oy in 0..<28 {
                    let drow = dout1 + co * out1Plane + oy * out1Row
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
    // 0.weight: 150 values, lanes summed last
    for k in 150 * part / parts..<150 * (part + 1) / parts {
        var s = acc[Acc.w0 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.w0 + k] }
        grad[Arena.w0 + k] = hsum(s)
    }
    // 0.bias: 6 values, lanes summed last
    for k in 6 * part / parts..<6 * (part + 1) / parts {
        var s = acc[Acc.b0 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b0 + k] }
        grad[Arena.b0 + k] = hsum(s)
    }
    // 3.weight: 2400 values, lanes summed last
    for k in 2400 * part / parts..<2400 * (part + 1) / parts {
        var s = acc[Acc.w3 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.w3 + k] }
        grad[Arena.w3 + k] = hsum(s)
    }
    // 3.bias: 16 values, lanes summed last
    for k in 16 * part / parts..<16 * (part + 1) / parts {
        var s = acc[Acc.b3 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b3 + k] }
        grad[Arena.b3 + k] = hsum(s)
    }
    // 7.weight: 120 rows of 400, accumulated in rows of 400
    for j in 120 * part / parts..<120 * (part + 1) / parts {
        let row = Acc.w7 + j * 50, out = (Arena.w7 + j * 400) * 4
        for v in 0..<50 {
            var s = acc[row + v]
            for c in 1..<chunks { s += acc[c * Acc.count + row + v] }
            target.storeBytes(of: s, toByteOffset: out + v * 32, as: V.self)
        }
    }
    // 7.bias: 120 values, lanes summed last
    for k in 120 * part / parts..<120 * (part + 1) / parts {
        var s = acc[Acc.b7 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b7 + k] }
        grad[Arena.b7 + k] = hsum(s)
    }
    // 9.weight: 84 rows of 120, accumulated in rows of 120
    for j in 84 * part / parts..<84 * (part + 1) / parts {
        let row = Acc.w9 + j * 15, out = (Arena.w9 + j * 120) * 4
        for v in 0..<15 {
            var s = acc[row + v]
            for c in 1..<chunks { s += acc[c * Acc.count + row + v] }
            target.storeBytes(of: s, toByteOffset: out + v * 32, as: V.self)
        }
    }
    // 9.bias: 84 values, lanes summed last
    for k in 84 * part / parts..<84 * (part + 1) / parts {
        var s = acc[Acc.b9 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b9 + k] }
        grad[Arena.b9 + k] = hsum(s)
    }
    // 11.weight: 10 rows of 84, accumulated in rows of 88
    for j in 10 * part / parts..<10 * (part + 1) / parts {
        let row = Acc.w11 + j * 11, out = (Arena.w11 + j * 84) * 4
        for v in 0..<10 {
            var s = acc[row + v]
            for c in 1..<chunks { s += acc[c * Acc.count + row + v] }
            target.storeBytes(of: s, toByteOffset: out + v * 32, as: V.self)
        }
        var s = acc[row + 10]
        for c in 1..<chunks { s += acc[c * Acc.count + row + 10] }
        for l in 0..<4 { grad[Arena.w11 + j * 84 + 80 + l] = s[l] }
    }
    // 11.bias: 10 values, lanes summed last
    for k in 10 * part / parts..<10 * (part + 1) / parts {
        var s = acc[Acc.b11 + k]
        for c in 1..<chunks { s += acc[c * Acc.count + Acc.b11 + k] }
        grad[Arena.b11 + k] = hsum(s)
    }
}

/// The lenet-max network specialised for training: a TrainableNetwork whose every size is a literal.
/// Parameters and gradients live in two arenas laid out as PyTorch lays out the nn.Sequential's state_dict;
/// up to `threads` threads share each batch (the results do not depend on how many).
public final class LenetMaxNetwork: TrainableNetwork, ProfilingNetwork {
    /// Every parameter, in PyTorch's order.
    public static let layout: [ParameterSlot] = [
        ParameterSlot(name: "0.weight", shape: [6, 1, 5, 5], offset: Arena.w0, fanIn: 25, fanOut: 150, isBias: false),
        ParameterSlot(name: "0.bias", shape: [6], offset: Arena.b0, fanIn: 25, fanOut: 150, isBias: true),
        ParameterSlot(name: "3.weight", shape: [16, 6, 5, 5], offset: Arena.w3, fanIn: 150, fanOut: 400, isBias: false),
        ParameterSlot(name: "3.bias", shape: [16], offset: Arena.b3, fanIn: 150, fanOut: 400, isBias: true),
        ParameterSlot(name: "7.weight", shape: [120, 400], offset: Arena.w7, fanIn: 400, fanOut: 120, isBias: false),
        ParameterSlot(name: "7.bias", shape: [120], offset: Arena.b7, fanIn: 400, fanOut: 120, isBias: true),
        ParameterSlot(name: "9.weight", shape: [84, 120], offset: Arena.w9, fanIn: 120, fanOut: 84, isBias: false),
        ParameterSlot(name: "9.bias", shape: [84], offset: Arena.b9, fanIn: 120, fanOut: 84, isBias: true),
        ParameterSlot(name: "11.weight", shape: [10, 84], offset: Arena.w11, fanIn: 84, fanOut: 10, isBias: false),
        ParameterSlot(name: "11.bias", shape: [10], offset: Arena.b11, fanIn: 84, fanOut: 10, isBias: true),
    ]
    public static let classes = 10
    public static let inputShape = [1, 28, 28]
    /// What `--profile` times, in forward order.
    public static let blocks = ["conv0_sigmoid1_maxpool2", "conv3_sigmoid4_maxpool5", "dense7_sigmoid8", "dense9_sigmoid10", "dense11", "softmax_cross_entropy"]

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

    /// Room for batches of up to `maxBatch` examples, run on `threads` threads; parameters start at zero
    /// (initialise them, or load a checkpoint).
    public init(maxBatch: Int = 256, threads: Int = 2) {
        // Checked even in -Ounchecked builds (a precondition would not be).
        guard maxBatch >= 1 && threads >= 1 else { fatalError("LenetMaxNetwork needs maxBatch ≥ 1 and threads ≥ 1") }
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
    }

    deinit {
        parameters.deallocate()
        gradients.deallocate()
        memory.deallocate()
        accumulators.deallocate()
        results.deallocate()
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
        // stage 1 of 1, group by group, through the loss: conv0_sigmoid1_maxpool2, conv3_sigmoid4_maxpool5,
        // dense7_sigmoid8, dense9_sigmoid10, dense11
        chunker.run(threads: threads, groups: groups, chunks: chunks) { t, chunk, range in
            let clock = profile.map { $0 + t * 12 }
            let acc = accumulators + chunk * Acc.count
            acc.update(repeating: V(), count: Acc.count)
            var loss = 0.0, correct = 0
            for g in range {
                let first = g * 8, valid = min(8, count - first)
                let ws = workspaces[t]
                stage_input(images + first * 784, valid, ws)
                timed(clock, 0) { conv0_sigmoid1_maxpool2_forward(params, ws) } // → (L, 6, 14, 14)
                timed(clock, 2) { conv3_sigmoid4_maxpool5_forward(params, ws) } // → (L, 16, 5, 5)
                timed(clock, 4) { dense7_sigmoid8_forward(params, ws) } // → (L, 120)
                timed(clock, 6) { dense9_sigmoid10_forward(params, ws) } // → (L, 84)
                timed(clock, 8) { dense11_forward(params, ws) } // → (L, 10)
                var result = (loss: 0.0, correct: 0)
                timed(clock, 10) { result = softmax_cross_entropy(ws, labels: labels + first, valid: valid, scale: scale) }
                loss += result.loss
                correct += result.correct
                timed(clock, 9) { dense11_backward(params, acc, ws) }
                timed(clock, 7) { dense9_sigmoid10_backward(params, acc, ws) }
                timed(clock, 5) { dense7_sigmoid8_backward(params, acc, ws) }
                timed(clock, 3) { conv3_sigmoid4_maxpool5_backward(params, acc, ws) }
                timed(clock, 1) { conv0_sigmoid1_maxpool2_backward(params, acc, ws) }
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
                timed(nil, 0) { conv0_sigmoid1_maxpool2_forward(params, ws) } // → (L, 6, 14, 14)
                timed(nil, 2) { conv3_sigmoid4_maxpool5_forward(params, ws) } // → (L, 16, 5, 5)
                timed(nil, 4) { dense7_sigmoid8_forward(params, ws) } // → (L, 120)
                timed(nil, 6) { dense9_sigmoid10_forward(params, ws) } // → (L, 84)
                timed(nil, 8) { dense11_forward(params, ws) } // → (L, 10)
                body(UnsafePointer(ws.out11), first, valid)
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

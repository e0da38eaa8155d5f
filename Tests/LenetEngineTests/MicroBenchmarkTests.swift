import Foundation
import LenetEngine
import LenetModel
import Testing

/// Kernel micro-benchmarks (release only): LENET_MICRO=1 swift test -c release --filter Micro
@Suite("Micro benchmarks", .serialized)
struct MicroBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["LENET_MICRO"] != nil

    static func time(_ label: String, repeats: Int = 20, _ body: () -> Void) {
        body()
        var best = Double.infinity
        for _ in 0..<repeats {
            let t = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        print(String(format: "%-40@ %8.3f ms (best of %d)", label as NSString, best, repeats))
    }

    @Test(.enabled(if: enabled))
    func kernels() {
        BLASThreads.set(1)
        let n = 128
        let conv1 = ConvGeometry(inChannels: 1, height: 28, width: 28, outChannels: 6, kernel: (5, 5), padding: (2, 2))
        let conv2 = ConvGeometry(inChannels: 6, height: 14, width: 14, outChannels: 16, kernel: (5, 5))
        for (name, g) in [("conv1", conv1), ("conv2", conv2)] {
            let x = FloatBuffer(randomFloats(n * g.inputCount, seed: 1))
            let y = FloatBuffer(count: n * g.outputCount)
            let dy = FloatBuffer(randomFloats(n * g.outputCount, seed: 2))
            let dx = FloatBuffer(count: n * g.inputCount)
            let w = FloatBuffer(randomFloats(g.weightCount, seed: 3))
            let b = FloatBuffer(randomFloats(g.outChannels, seed: 4))
            let dw = FloatBuffer(count: g.weightCount), db = FloatBuffer(count: g.outChannels)
            let chunk = g.chunkExamples()
            let sizes = ConvScratch.floats(for: g, examples: n)
            let columns = FloatBuffer(count: sizes.columns)
            let product = FloatBuffer(count: sizes.product)
            let padded = FloatBuffer(count: sizes.padded)
            let scratch = ConvScratch(columns: columns.pointer, product: product.pointer, padded: padded.pointer,
                                      examples: chunk)
            let allColumns = FloatBuffer(count: n * g.patch * g.outPlane)
            Self.time("\(name) im2col \(n) (in chunks of \(chunk))") {
                var s = 0
                while s < n {
                    let nb = min(chunk, n - s)
                    Conv2D.im2col(g, input: x.pointer + s * g.inputCount, examples: nb, columns: columns.pointer,
                                  padded: padded.pointer)
                    s += nb
                }
            }
            Self.time("\(name) im2col \(n) in one") {
                Conv2D.im2col(g, input: x.pointer, examples: n, columns: allColumns.pointer, padded: padded.pointer)
            }
            Self.time("\(name) gemm fwd \(n) in one") {
                Gemm.multiply(transposeA: false, transposeB: false, m: g.outChannels, n: n * g.outPlane, k: g.patch,
                              a: w.pointer, lda: g.patch, b: allColumns.pointer, ldb: n * g.outPlane, beta: 0,
                              c: y.pointer, ldc: n * g.outPlane)
            }
            Self.time("\(name) sigmoid \(n * g.outputCount)") {
                Activation.sigmoid.forward(dy.pointer, y.pointer, count: n * g.outputCount, bias: 0.1)
            }
            for c in [1, 2, 4, 8, 16, 32, 128] {
                let cols = FloatBuffer(count: c * g.patch * g.outPlane)
                let prod = FloatBuffer(count: c * g.outputCount)
                let sc = ConvScratch(columns: cols.pointer, product: prod.pointer, padded: padded.pointer, examples: c)
                Self.time("\(name) forward chunk \(c)") {
                    Conv2D.forward(g, input: x.pointer, count: n, weight: w.pointer, bias: b.pointer, activation: .sigmoid,
                                   output: y.pointer, scratch: sc)
                }
                Self.time("\(name) backward chunk \(c)") {
                    Conv2D.backward(g, input: x.pointer, output: y.pointer, outputGrad: dy.pointer, count: n,
                                    weight: w.pointer, activation: .sigmoid, weightGrad: dw.pointer, biasGrad: db.pointer,
                                    inputGrad: name == "conv1" ? nil : dx.pointer, scratch: sc)
                }
            }
            Self.time("\(name) forward sigmoid") {
                Conv2D.forward(g, input: x.pointer, count: n, weight: w.pointer, bias: b.pointer, activation: .sigmoid,
                               output: y.pointer, scratch: scratch)
            }
            Self.time("\(name) backward sigmoid") {
                Conv2D.backward(g, input: x.pointer, output: y.pointer, outputGrad: dy.pointer, count: n,
                                weight: w.pointer, activation: .sigmoid, weightGrad: dw.pointer, biasGrad: db.pointer,
                                inputGrad: name == "conv1" ? nil : dx.pointer, scratch: scratch)
            }
        }
    }
}

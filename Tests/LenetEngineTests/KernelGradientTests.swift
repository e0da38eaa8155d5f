import Foundation
import LenetEngine
import LenetModel
import LenetRuntime
import LenetSpec
import Testing

/// Every kernel's forward pass against the double-precision reference, and its backward pass
/// against central finite differences of that reference (h = 1e-6, in Double), on small random
/// shapes. Error measure: max |ours − reference| / max(max |reference|, 1e-8) per tensor.
@Suite("Kernel gradients")
struct KernelGradientTests {
    static let forwardTolerance = 1e-5
    static let gradientTolerance = 1e-4

    /// Max-norm relative error of float results against double references.
    static func relativeError(_ ours: [Float], _ reference: [Double]) -> Double {
        guard ours.count == reference.count else { return .infinity }
        var diff = 0.0, scale = 0.0
        for i in ours.indices {
            let d = abs(Double(ours[i]) - reference[i])
            diff = d.isNaN ? .infinity : max(diff, d)
            scale = max(scale, abs(reference[i]))
        }
        return diff / max(scale, 1e-8)
    }

    /// Finite-difference gradient of f over every element of v.
    static func numericGradient(_ v: [Double], _ f: ([Double]) -> Double) -> [Double] {
        v.indices.map { centralDifference(v, $0, f) }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    // MARK: - Convolution

    struct ConvCase: CustomTestStringConvertible, Sendable {
        var geometry: ConvGeometry
        var activation: Activation
        var count: Int
        var chunk: Int
        var testDescription: String {
            let g = geometry
            return "\(g.inChannels)×\(g.height)×\(g.width) → \(g.outChannels), kernel \(g.kernelH)×\(g.kernelW), stride \(g.strideH)×\(g.strideW), pad \(g.padH)×\(g.padW), \(activation), \(count) examples in chunks of \(chunk)"
        }
    }

    static let convCases: [ConvCase] = [
        ConvCase(geometry: ConvGeometry(inChannels: 2, height: 7, width: 6, outChannels: 3, kernel: (3, 3),
                                        padding: (1, 1)), activation: .identity, count: 3, chunk: 2),
        ConvCase(geometry: ConvGeometry(inChannels: 1, height: 8, width: 8, outChannels: 2, kernel: (5, 5),
                                        stride: (2, 2), padding: (2, 2)), activation: .sigmoid, count: 2, chunk: 8),
        ConvCase(geometry: ConvGeometry(inChannels: 3, height: 6, width: 7, outChannels: 2, kernel: (2, 3),
                                        stride: (2, 1), padding: (1, 0)), activation: .tanh, count: 3, chunk: 1),
        ConvCase(geometry: ConvGeometry(inChannels: 2, height: 9, width: 9, outChannels: 4, kernel: (3, 3),
                                        stride: (3, 3)), activation: .relu, count: 2, chunk: 2),
        ConvCase(geometry: ConvGeometry(inChannels: 2, height: 5, width: 8, outChannels: 3, kernel: (1, 4),
                                        stride: (1, 3), padding: (0, 2)), activation: .identity, count: 2, chunk: 1),
    ]

    @Test("conv2d forward and gradients", arguments: convCases)
    func conv(_ c: ConvCase) throws {
        let g = c.geometry
        let n = c.count
        let x = randomFloats(n * g.inputCount, seed: 11)
        let w = randomFloats(g.weightCount, seed: 12, lo: -0.5, hi: 0.5)
        let b = randomFloats(g.outChannels, seed: 13, lo: -0.5, hi: 0.5)
        let r = randomFloats(n * g.outputCount, seed: 14)
        let sizes = ConvScratch.floats(for: g, examples: c.chunk)
        let columns = FloatBuffer(count: sizes.columns), product = FloatBuffer(count: sizes.product)
        let padded = FloatBuffer(count: sizes.padded)
        let scratch = ConvScratch(columns: columns.pointer, product: product.pointer, padded: padded.pointer,
                                  examples: c.chunk)
        let xb = FloatBuffer(x), wb = FloatBuffer(w), bb = FloatBuffer(b)
        let y = FloatBuffer(count: n * g.outputCount)
        let dy = FloatBuffer(r), dx = FloatBuffer(count: n * g.inputCount)
        let dw = FloatBuffer(count: g.weightCount), db = FloatBuffer(count: g.outChannels)
        defer { keepAlive(columns, product, padded, xb, wb, bb, y, dy, dx, dw, db) }
        Conv2D.forward(g, input: xb.pointer, count: n, weight: wb.pointer, bias: bb.pointer, activation: c.activation,
                       output: y.pointer, scratch: scratch)
        let expected = Reference.activate(c.activation, Reference.conv(g, x.doubles, w.doubles, b.doubles, count: n))
        let forwardError = Self.relativeError(y.array, expected)
        #expect(forwardError <= Self.forwardTolerance, "forward error \(forwardError)")

        Conv2D.backward(g, input: xb.pointer, output: y.pointer, outputGrad: dy.pointer, count: n, weight: wb.pointer,
                        activation: c.activation, weightGrad: dw.pointer, biasGrad: db.pointer, inputGrad: dx.pointer,
                        scratch: scratch)
        let rd = r.doubles
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
            Self.dot(Reference.activate(c.activation, Reference.conv(g, x, w, b, count: n)), rd)
        }
        let gx = Self.numericGradient(x.doubles) { loss($0, w.doubles, b.doubles) }
        let gw = Self.numericGradient(w.doubles) { loss(x.doubles, $0, b.doubles) }
        let gb = Self.numericGradient(b.doubles) { loss(x.doubles, w.doubles, $0) }
        let errors = [Self.relativeError(dx.array, gx), Self.relativeError(dw.array, gw), Self.relativeError(db.array, gb)]
        print("conv \(c.testDescription): forward \(forwardError), dx \(errors[0]), dW \(errors[1]), db \(errors[2])")
        #expect(errors.allSatisfy { $0 <= Self.gradientTolerance }, "gradient errors dx, dW, db: \(errors)")
    }

    // MARK: - Pooling

    struct PoolCase: CustomTestStringConvertible, Sendable {
        var geometry: PoolGeometry
        var testDescription: String {
            let g = geometry
            return "\(g.op.rawValue) \(g.channels)×\(g.height)×\(g.width), window \(g.kernelH)×\(g.kernelW), stride \(g.strideH)×\(g.strideW), pad \(g.padH)×\(g.padW)"
        }
    }

    static let poolCases: [PoolCase] = [PoolOp.max, .avg].flatMap { op in
        [
            PoolGeometry(op: op, channels: 2, height: 5, width: 5, kernel: (2, 2), stride: (2, 2), padding: (0, 0)),
            PoolGeometry(op: op, channels: 2, height: 5, width: 5, kernel: (3, 3), stride: (2, 2), padding: (1, 1)),
            PoolGeometry(op: op, channels: 3, height: 6, width: 4, kernel: (2, 2), stride: (2, 2), padding: (0, 0)),
            PoolGeometry(op: op, channels: 1, height: 7, width: 5, kernel: (3, 2), stride: (2, 1), padding: (1, 1)),
            PoolGeometry(op: op, channels: 2, height: 6, width: 6, kernel: (3, 3), stride: (1, 1), padding: (1, 0)),
        ].map { PoolCase(geometry: $0) }
    }

    @Test("pooling forward and gradients", arguments: poolCases)
    func pool(_ c: PoolCase) throws {
        let g = c.geometry
        try g.validate()
        let n = 3
        let x = randomFloats(n * g.inputCount, seed: 21)
        let r = randomFloats(n * g.outputCount, seed: 22)
        let xb = FloatBuffer(x), y = FloatBuffer(count: n * g.outputCount)
        let dy = FloatBuffer(r), dx = FloatBuffer(randomFloats(n * g.inputCount, seed: 23)) // stale values must be overwritten
        let indices = UnsafeMutablePointer<Int32>.allocate(capacity: n * g.outputCount)
        defer { indices.deallocate(); keepAlive(xb, y, dy, dx) }
        Pooling.forward(g, input: xb.pointer, output: y.pointer, indices: indices, count: n)
        let forwardError = Self.relativeError(y.array, Reference.pool(g, x.doubles, count: n))
        #expect(forwardError <= Self.forwardTolerance, "forward error \(forwardError)")
        Pooling.backward(g, outputGrad: dy.pointer, indices: indices, inputGrad: dx.pointer, count: n)
        let rd = r.doubles
        let gx = Self.numericGradient(x.doubles) { Self.dot(Reference.pool(g, $0, count: n), rd) }
        let error = Self.relativeError(dx.array, gx)
        print("pool \(c.testDescription): forward \(forwardError), dx \(error)")
        #expect(error <= Self.gradientTolerance, "dx error \(error)")
    }

    @Test("max pooling picks the first of equal maxima and lets NaN through")
    func maxPoolTiesAndNaN() {
        let g = PoolGeometry(op: .max, channels: 1, height: 2, width: 2, kernel: (2, 2), stride: (2, 2), padding: (0, 0))
        let x = FloatBuffer([3, 3, 1, 3]), y = FloatBuffer(count: 1)
        let dy = FloatBuffer([1]), dx = FloatBuffer(count: 4)
        let withNaN = FloatBuffer([1, .nan, 5, 2])
        let indices = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        defer { indices.deallocate(); keepAlive(x, y, dy, dx, withNaN) }
        Pooling.forward(g, input: x.pointer, output: y.pointer, indices: indices, count: 1)
        #expect(y.array == [3] && indices[0] == 0)
        Pooling.backward(g, outputGrad: dy.pointer, indices: indices, inputGrad: dx.pointer, count: 1)
        #expect(dx.array == [1, 0, 0, 0])
        Pooling.forward(g, input: withNaN.pointer, output: y.pointer, indices: indices, count: 1)
        #expect(y.array[0].isNaN)
    }

    @Test("2×2 max pooling: every row width (vector, overlapping and scalar parts, odd planes whose last row and column go unused) keeps the rules",
          arguments: [2, 3, 4, 5, 6, 8, 9, 10, 11, 14, 16, 17, 18, 24, 28, 29, 30])
    func maxPool2x2Widths(width: Int) {
        // Odd widths come with an odd height (5 → 2 output rows, the last input row unused).
        let height = 4 + width % 2, channels = 3, n = 2
        let g = PoolGeometry(op: .max, channels: channels, height: height, width: width, kernel: (2, 2),
                             stride: (2, 2), padding: (0, 0))
        // Few distinct values, so windows hold ties; some NaNs (two in one window), some -inf.
        var rng = SeededRNG(seed: UInt64(width))
        var x = (0..<(n * g.inputCount)).map { _ in Float(rng.int(below: 4)) - 2 }
        for i in stride(from: 5, to: x.count, by: 17) { x[i] = .nan }
        for i in stride(from: 9, to: x.count, by: 23) { x[i] = -.infinity }
        x[0] = .nan; x[1] = .nan
        let xb = FloatBuffer(x), y = FloatBuffer(count: n * g.outputCount)
        let indices = UnsafeMutablePointer<Int32>.allocate(capacity: n * g.outputCount)
        defer { indices.deallocate(); keepAlive(xb, y) }
        Pooling.forward(g, input: xb.pointer, output: y.pointer, indices: indices, count: n)
        // The rules, written out: window order a, b, c, d; a later value wins if greater or NaN.
        let ow = width / 2, oh = height / 2
        for plane in 0..<(n * channels) {
            for r in 0..<oh {
                for j in 0..<ow {
                    let window = [2 * r * width + 2 * j, 2 * r * width + 2 * j + 1,
                                  (2 * r + 1) * width + 2 * j, (2 * r + 1) * width + 2 * j + 1]
                    var at = window[0]
                    for q in window.dropFirst() {
                        let v = x[plane * height * width + q], best = x[plane * height * width + at]
                        if v > best || v.isNaN { at = q }
                    }
                    let o = (plane * oh + r) * ow + j
                    #expect(Int(indices[o]) == at, "plane \(plane) row \(r) column \(j)")
                    #expect(y.pointer[o].bitPattern == x[plane * height * width + at].bitPattern)
                }
            }
        }
    }

    // MARK: - Dense, activations, dropout, loss

    @Test("dense forward and gradients", arguments: Activation.allCases)
    func dense(_ activation: Activation) throws {
        let n = 4, inF = 7, outF = 5
        let x = randomFloats(n * inF, seed: 31), w = randomFloats(outF * inF, seed: 32, lo: -0.5, hi: 0.5)
        let b = randomFloats(outF, seed: 33), r = randomFloats(n * outF, seed: 34)
        let xb = FloatBuffer(x), wb = FloatBuffer(w), bb = FloatBuffer(b), y = FloatBuffer(count: n * outF)
        let dy = FloatBuffer(r), dx = FloatBuffer(count: n * inF), dw = FloatBuffer(count: outF * inF)
        let db = FloatBuffer(count: outF)
        defer { keepAlive(xb, wb, bb, y, dy, dx, dw, db) }
        Dense.forward(input: xb.pointer, count: n, inFeatures: inF, outFeatures: outF, weight: wb.pointer, bias: bb.pointer,
                      activation: activation, output: y.pointer)
        let reference = Reference.activate(activation, Reference.dense(x.doubles, w.doubles, b.doubles, count: n,
                                                                       inFeatures: inF, outFeatures: outF))
        let forwardError = Self.relativeError(y.array, reference)
        #expect(forwardError <= Self.forwardTolerance)
        Dense.backward(input: xb.pointer, output: y.pointer, outputGrad: dy.pointer, count: n, inFeatures: inF,
                       outFeatures: outF, weight: wb.pointer, activation: activation, weightGrad: dw.pointer,
                       biasGrad: db.pointer, inputGrad: dx.pointer)
        let rd = r.doubles
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
            Self.dot(Reference.activate(activation, Reference.dense(x, w, b, count: n, inFeatures: inF, outFeatures: outF)), rd)
        }
        let errors = [
            Self.relativeError(dx.array, Self.numericGradient(x.doubles) { loss($0, w.doubles, b.doubles) }),
            Self.relativeError(dw.array, Self.numericGradient(w.doubles) { loss(x.doubles, $0, b.doubles) }),
            Self.relativeError(db.array, Self.numericGradient(b.doubles) { loss(x.doubles, w.doubles, $0) }),
        ]
        print("dense \(activation): forward \(forwardError), dx dW db \(errors)")
        #expect(errors.allSatisfy { $0 <= Self.gradientTolerance }, "gradient errors dx, dW, db: \(errors)")
    }

    @Test("activation forward and gradients", arguments: Activation.allCases)
    func activation(_ activation: Activation) throws {
        // 37 values: odd lengths exercise the vector tails; away from relu's kink at 0.
        let x = randomFloats(37, seed: 41, lo: -4, hi: 4).map { abs($0) < 1e-3 ? $0 + 0.01 : $0 }
        let r = randomFloats(37, seed: 42)
        let xb = FloatBuffer(x), y = FloatBuffer(count: x.count)
        let dy = FloatBuffer(r), dx = FloatBuffer(count: x.count)
        defer { keepAlive(xb, y, dy, dx) }
        activation.forward(xb.pointer, y.pointer, count: x.count, bias: 0.25)
        let shifted = x.doubles.map { $0 + 0.25 }
        let forwardError = Self.relativeError(y.array, Reference.activate(activation, shifted))
        #expect(forwardError <= 1e-6)
        activation.backward(output: y.pointer, outputGrad: dy.pointer, inputGrad: dx.pointer, count: x.count)
        let rd = r.doubles
        let numeric = Self.numericGradient(shifted) { Self.dot(Reference.activate(activation, $0), rd) }
        let error = Self.relativeError(dx.array, numeric)
        print("activation \(activation): forward \(forwardError), dx \(error)")
        #expect(error <= Self.gradientTolerance)
    }

    @Test("dropout with a fixed mask: forward, gradient, keep rate and scaling")
    func dropout() throws {
        let count = 4000, p = 0.3
        var rng = SeededRNG(seed: 51)
        let mask = FloatBuffer(count: count)
        Dropout.fillMask(mask.pointer, count: count, rate: p, uniform: { rng.nextFloat() })
        let kept = mask.array.filter { $0 != 0 }
        #expect(kept.allSatisfy { $0 == 1 / Float(0.7) })
        #expect(abs(Double(kept.count) / Double(count) - 0.7) < 0.03)
        let x = randomFloats(count, seed: 52), r = randomFloats(count, seed: 53)
        let xb = FloatBuffer(x), dy = FloatBuffer(r), y = FloatBuffer(count: count), dx = FloatBuffer(count: count)
        defer { keepAlive(mask, xb, dy, y, dx) }
        Dropout.forward(xb.pointer, mask: mask.pointer, y.pointer, count: count)
        let m = mask.array.doubles
        #expect(Self.relativeError(y.array, zip(x.doubles, m).map { $0 * $1 }) <= 1e-7)
        Dropout.backward(outputGrad: dy.pointer, mask: mask.pointer, inputGrad: dx.pointer, count: count)
        let sample = Array(x.doubles.prefix(50))
        let numeric = Self.numericGradient(sample) { v in Self.dot(zip(v, m).map { $0 * $1 }, r.doubles) }
        #expect(Self.relativeError(Array(dx.array.prefix(50)), numeric) <= Self.gradientTolerance)
        #expect(Dropout.scale(rate: 1) == 0)
    }

    @Test("softmax cross-entropy: loss, gradient, accuracy, bad labels")
    func crossEntropy() throws {
        let n = 5, classes = 4
        let z = randomFloats(n * classes, seed: 61, lo: -6, hi: 6)
        let labels: [Int32] = [0, 3, 1, 2, 3]
        let dz = FloatBuffer(count: n * classes), zb = FloatBuffer(z)
        let big: [Float] = [1000, -1000, 0, 999]
        let bigBuffer = FloatBuffer(big)
        defer { keepAlive(dz, zb, bigBuffer) }
        let result = try labels.withUnsafeBufferPointer { l in
            try SoftmaxCrossEntropy.evaluate(logits: zb.pointer, labels: l.baseAddress!, count: n,
                                             classes: classes, batchSize: n, logitsGrad: dz.pointer)
        }
        let reference = Reference.crossEntropy(z.doubles, labels: labels, classes: classes)
        #expect(abs(result.lossSum / Double(n) - reference) / reference <= 1e-6)
        let numeric = Self.numericGradient(z.doubles) { Reference.crossEntropy($0, labels: labels, classes: classes) }
        let error = Self.relativeError(dz.array, numeric)
        print("softmax cross-entropy: dz \(error)")
        #expect(error <= Self.gradientTolerance)
        let expectedCorrect = (0..<n).filter { row in
            let values = z[(row * classes)..<((row + 1) * classes)]
            return values.firstIndex(of: values.max()!)! - row * classes == Int(labels[row])
        }.count
        #expect(result.correct == expectedCorrect)

        // Huge logits stay finite (log-sum-exp).
        let stable = try [Int32(3)].withUnsafeBufferPointer { l in
            try SoftmaxCrossEntropy.evaluate(logits: bigBuffer.pointer, labels: l.baseAddress!, count: 1,
                                             classes: 4, batchSize: 1, logitsGrad: nil)
        }
        #expect(abs(stable.lossSum - (1 + Foundation.log(1 + Foundation.exp(-1.0)))) < 1e-4)

        #expect(throws: EngineError.self) {
            try [Int32(4)].withUnsafeBufferPointer { l in
                try SoftmaxCrossEntropy.evaluate(logits: bigBuffer.pointer, labels: l.baseAddress!, count: 1,
                                                 classes: 4, batchSize: 1, logitsGrad: nil)
            }
        }
    }
}

import LenetEngine
import LenetRuntime
import Testing

/// The hand-written products against a double-precision reference, on shapes that exercise every
/// edge: odd and even row counts, column counts that are not multiples of the tile, row lengths that
/// are not multiples of 8 (the scalar tail), strides wider than the rows, and beta 0 and 1.
@Suite("Small matrix products")
struct SmallGemmTests {
    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var rng = SeededRNG(seed: seed)
        return (0..<count).map { _ in rng.uniform(-1, 1) }
    }

    /// max |ours − reference| / max |reference|.
    static func relativeError(_ ours: [Float], _ reference: [Double]) -> Double {
        let diff = zip(ours, reference).map { abs(Double($0) - $1) }.max() ?? 0
        let scale = reference.map(abs).max() ?? 0
        return diff / max(scale, 1e-12)
    }

    @Test("A·Bᵀ", arguments: [(1, 1, 1), (6, 25, 4704), (16, 150, 800), (7, 13, 261), (2, 6, 8), (3, 5, 3),
                               (16, 150, 3), (5, 31, 1000)])
    func abt(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let lda = k + 3, ldb = k + 5, ldc = n + 2
        let a = Self.random(m * lda, seed: 1), b = Self.random(n * ldb, seed: 2)
        let start = Self.random(m * ldc, seed: 3)
        for beta: Float in [0, 1] {
            var c = start
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        SmallGemm.abt(m: m, n: n, k: k, a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
                                      beta: beta, c: pc.baseAddress!, ldc: ldc)
                    }
                }
            }
            var ours: [Float] = [], reference: [Double] = []
            for i in 0..<m {
                for j in 0..<ldc {
                    ours.append(c[i * ldc + j])
                    guard j < n else {
                        // Beyond the n columns, C is untouched.
                        #expect(c[i * ldc + j] == start[i * ldc + j])
                        continue
                    }
                    var s = Double(beta) * Double(start[i * ldc + j])
                    for q in 0..<k { s += Double(a[i * lda + q]) * Double(b[j * ldb + q]) }
                    reference.append(s)
                }
                ours.removeLast(ldc - n)
            }
            let error = Self.relativeError(ours, reference)
            print("SmallGemm.abt m \(m) n \(n) k \(k) beta \(beta): maxdiff \(error)")
            #expect(error < 1e-5)
        }
    }

    @Test("A·B with few rows", arguments: [(6, 4704, 25), (1, 16, 1), (6, 16, 25), (5, 33, 7), (16, 800, 150),
                                            (7, 100, 3), (2, 17, 9)])
    func smallM(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        let lda = k + 1, ldb = n + 4, ldc = n + 3
        let a = Self.random(m * lda, seed: 4), b = Self.random(k * ldb, seed: 5)
        var c = [Float](repeating: 7, count: m * ldc)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    SmallGemm.smallM(m: m, n: n, k: k, a: pa.baseAddress!, lda: lda, b: pb.baseAddress!, ldb: ldb,
                                     c: pc.baseAddress!, ldc: ldc)
                }
            }
        }
        var ours: [Float] = [], reference: [Double] = []
        for i in 0..<m {
            for j in 0..<n {
                ours.append(c[i * ldc + j])
                var s = 0.0
                for q in 0..<k { s += Double(a[i * lda + q]) * Double(b[q * ldb + j]) }
                reference.append(s)
            }
            for j in n..<ldc { #expect(c[i * ldc + j] == 7) }
        }
        let error = Self.relativeError(ours, reference)
        print("SmallGemm.smallM m \(m) n \(n) k \(k): maxdiff \(error)")
        #expect(error < 1e-5)
    }
}

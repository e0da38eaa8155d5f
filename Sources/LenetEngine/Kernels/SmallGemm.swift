/// Matrix products whose shapes OpenBLAS handles poorly, written for AVX2 + FMA (`SIMD8<Float>`).
///
/// LeNet's convolutions have few channels, so two of their products are far from square:
/// - the weight gradient `dW[F, patch] = dZ[F, L] · colᵀ` (F = 6 or 16 rows, `patch` = 25 or 150
///   columns, L = thousands): one core of OpenBLAS 0.3.21's Haswell kernels reached 15–25 GFLOP/s on
///   conv1's shape and about 60 on conv2's, against about 108 for large squares (a C loop timing
///   `cblas_sgemm` on exactly these shapes);
/// - conv1's forward product `W[6, 25] · col[25, L]`: about 40 GFLOP/s.
///
/// Both kernels here keep a 2 × 6 (resp. 6 × 16) tile of results in registers. Ragged edges are
/// handled by clamping the row pointers of the last tile to the last real row and discarding the
/// duplicate results, so there is one code path and no scalar edge loop. Sums run in a fixed order,
/// so results do not depend on anything but the inputs (the engine's reproducibility contract).
public enum SmallGemm {
    /// Floats of `k` summed per pass of the `abt` tile loop: a block of A (m rows) and of six B rows
    /// stay in L1 while every row pair of A passes over them.
    static let kBlock = 256

    /// C[m×n] = A[m×k] · B[n×k]ᵀ + beta · C (beta 0 or 1), all row-major with row strides lda, ldb,
    /// ldc: the dot product of every row of A with every row of B. For small m·n and long rows.
    public static func abt(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                           ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        let vectorK = k & ~7
        // Partial sums as vectors, one per result, folded to scalars once at the end.
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: m * n) { partial in
            let acc = partial.baseAddress!
            acc.initialize(repeating: .zero, count: m * n)
            var k0 = 0
            while k0 < vectorK {
                let kb = min(kBlock, vectorK - k0)
                var j0 = 0
                while j0 < n {
                    var i0 = 0
                    while i0 < m {
                        abtTile(i0: i0, j0: j0, m: m, n: n, k0: k0, steps: kb >> 3, a: a, lda: lda, b: b, ldb: ldb,
                                acc: acc)
                        i0 += 2
                    }
                    j0 += 6
                }
                k0 += kb
            }
            for i in 0..<m {
                for j in 0..<n {
                    var s = fold(acc[i * n + j])
                    // The last k mod 8 terms, added after the vector part (a fixed order).
                    var q = vectorK
                    while q < k { s += a[i * lda + q] * b[j * ldb + q]; q += 1 }
                    c[i * ldc + j] = beta == 0 ? s : c[i * ldc + j] + s
                }
            }
        }
    }

    /// Adds the products over `steps` vectors from column k0 to the 2 × 6 tile at (i0, j0) of `acc`.
    /// Rows past m or n are clamped to the last one; their duplicate sums are stored to the same slot
    /// as the real ones, which they equal exactly.
    @inline(__always)
    static func abtTile(i0: Int, j0: Int, m: Int, n: Int, k0: Int, steps: Int, a: UnsafePointer<Float>, lda: Int,
                        b: UnsafePointer<Float>, ldb: Int, acc: UnsafeMutablePointer<SIMD8<Float>>) {
        let r1 = min(i0 + 1, m - 1)
        let j1 = min(j0 + 1, n - 1), j2 = min(j0 + 2, n - 1), j3 = min(j0 + 3, n - 1)
        let j4 = min(j0 + 4, n - 1), j5 = min(j0 + 5, n - 1)
        let a0 = a + i0 * lda + k0, a1 = a + r1 * lda + k0
        let b0 = b + j0 * ldb + k0, b1 = b + j1 * ldb + k0, b2 = b + j2 * ldb + k0
        let b3 = b + j3 * ldb + k0, b4 = b + j4 * ldb + k0, b5 = b + j5 * ldb + k0
        let s0 = acc + i0 * n, s1 = acc + r1 * n
        var c00 = s0[j0], c01 = s0[j1], c02 = s0[j2], c03 = s0[j3], c04 = s0[j4], c05 = s0[j5]
        var c10 = s1[j0], c11 = s1[j1], c12 = s1[j2], c13 = s1[j3], c14 = s1[j4], c15 = s1[j5]
        var q = 0
        for _ in 0..<steps {
            let x0 = load8(a0 + q), x1 = load8(a1 + q)
            var y = load8(b0 + q)
            c00 = c00.addingProduct(x0, y); c10 = c10.addingProduct(x1, y)
            y = load8(b1 + q)
            c01 = c01.addingProduct(x0, y); c11 = c11.addingProduct(x1, y)
            y = load8(b2 + q)
            c02 = c02.addingProduct(x0, y); c12 = c12.addingProduct(x1, y)
            y = load8(b3 + q)
            c03 = c03.addingProduct(x0, y); c13 = c13.addingProduct(x1, y)
            y = load8(b4 + q)
            c04 = c04.addingProduct(x0, y); c14 = c14.addingProduct(x1, y)
            y = load8(b5 + q)
            c05 = c05.addingProduct(x0, y); c15 = c15.addingProduct(x1, y)
            q += 8
        }
        // Clamped duplicates hold exactly the values of the entries they repeat, so the order of
        // these stores does not matter.
        s1[j5] = c15; s1[j4] = c14; s1[j3] = c13; s1[j2] = c12; s1[j1] = c11; s1[j0] = c10
        s0[j5] = c05; s0[j4] = c04; s0[j3] = c03; s0[j2] = c02; s0[j1] = c01; s0[j0] = c00
    }

    /// The eight lanes of `v` summed pairwise in a fixed order.
    @inline(__always)
    static func fold(_ v: SIMD8<Float>) -> Float {
        let h = v.lowHalf + v.highHalf
        return (h[0] + h[2]) + (h[1] + h[3])
    }

    /// C[m×n] = A[m×k] · B[k×n] (overwritten), row-major with strides lda, ldb, ldc, for any m and
    /// n ≥ 8: tiles of 6 rows × 16 columns, each B vector loaded once and used for every row of the
    /// tile. Rows past m repeat the last row and are not stored; the columns past the last multiple
    /// of 16 go through one 16-wide tile that overlaps its left neighbour (recomputing the same values).
    public static func smallM(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                              ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        precondition(n >= 16, "smallM needs at least 16 columns")
        guard m > 0 else { return }
        var i0 = 0
        while i0 < m {
            var j = 0
            while j < n {
                let start = min(j, n - 16)
                smallMTile(i0: i0, m: m, k: k, a: a, lda: lda, b: b + start, ldb: ldb, c: c + start, ldc: ldc)
                j += 16
            }
            i0 += 6
        }
    }

    @inline(__always)
    static func smallMTile(i0: Int, m: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                           ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let last = m - 1
        let w0 = a + i0 * lda, w1 = a + min(i0 + 1, last) * lda, w2 = a + min(i0 + 2, last) * lda
        let w3 = a + min(i0 + 3, last) * lda, w4 = a + min(i0 + 4, last) * lda, w5 = a + min(i0 + 5, last) * lda
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var c40 = SIMD8<Float>(), c41 = SIMD8<Float>(), c50 = SIMD8<Float>(), c51 = SIMD8<Float>()
        var p = b
        for q in 0..<k {
            let y0 = load8(p), y1 = load8(p + 8)
            var x = SIMD8<Float>(repeating: w0[q])
            c00 = c00.addingProduct(x, y0); c01 = c01.addingProduct(x, y1)
            x = SIMD8<Float>(repeating: w1[q])
            c10 = c10.addingProduct(x, y0); c11 = c11.addingProduct(x, y1)
            x = SIMD8<Float>(repeating: w2[q])
            c20 = c20.addingProduct(x, y0); c21 = c21.addingProduct(x, y1)
            x = SIMD8<Float>(repeating: w3[q])
            c30 = c30.addingProduct(x, y0); c31 = c31.addingProduct(x, y1)
            x = SIMD8<Float>(repeating: w4[q])
            c40 = c40.addingProduct(x, y0); c41 = c41.addingProduct(x, y1)
            x = SIMD8<Float>(repeating: w5[q])
            c50 = c50.addingProduct(x, y0); c51 = c51.addingProduct(x, y1)
            p += ldb
        }
        let rows = m - i0
        let o = c + i0 * ldc
        store8(c00, o); store8(c01, o + 8)
        if rows > 1 { store8(c10, o + ldc); store8(c11, o + ldc + 8) }
        if rows > 2 { store8(c20, o + 2 * ldc); store8(c21, o + 2 * ldc + 8) }
        if rows > 3 { store8(c30, o + 3 * ldc); store8(c31, o + 3 * ldc + 8) }
        if rows > 4 { store8(c40, o + 4 * ldc); store8(c41, o + 4 * ldc + 8) }
        if rows > 5 { store8(c50, o + 5 * ldc); store8(c51, o + 5 * ldc + 8) }
    }
}

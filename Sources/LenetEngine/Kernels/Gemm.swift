import CBLAS

/// Row-major single-precision matrix products through OpenBLAS's `cblas_sgemm`.
public enum Gemm {
    /// C[m×n] = alpha · op(A) · op(B) + beta · C, all row-major. `op(A)` is m×k, `op(B)` is k×n;
    /// `lda`, `ldb`, `ldc` are the row strides of A, B and C as stored.
    @inline(__always)
    public static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                                a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // BLAS would scale C by beta; make the empty sum explicit.
            for row in 0..<m {
                let line = c + row * ldc
                if beta == 0 { line.update(repeating: 0, count: n) } else { for j in 0..<n { line[j] *= beta } }
            }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}

/// Controls OpenBLAS's own thread pool.
public enum BLASThreads {
    /// Threads OpenBLAS uses inside one call.
    public static var count: Int { Int(openblas_get_num_threads()) }
    /// Sets the threads OpenBLAS uses inside one call (at least 1).
    public static func set(_ threads: Int) { openblas_set_num_threads(Int32(max(1, min(threads, 1024)))) }
}

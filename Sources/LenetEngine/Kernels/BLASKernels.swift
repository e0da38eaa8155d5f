import CBLAS

/// Which kernel family OpenBLAS runs, for reports such as `lenetc time`.
///
/// OpenBLAS picks it once, when it loads: from the `OPENBLAS_CORETYPE` environment variable if set,
/// otherwise from the CPU. On the development machine (AMD EPYC with AVX-512) OpenBLAS 0.3.21 detects
/// "Cooperlake" on its own, but the environment pins `OPENBLAS_CORETYPE=Haswell` (AVX2 + FMA); the
/// engine respects that. For lenet.yaml, 2 threads, data-parallel, the AVX-512 kernels gave
/// 23,600 examples/s against 10,300–16,600 with the pinned Haswell kernels in the same (busy)
/// conditions. Results are bit-reproducible for a given kernel family; different families round
/// differently.
public enum BLASKernels {
    /// The kernel family OpenBLAS is using ("Haswell", "SkylakeX", "Cooperlake", "Zen", ...).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}

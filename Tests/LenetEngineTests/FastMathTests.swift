import Foundation
import LenetEngine
import Testing

@Suite("BLAS kernels")
struct BLASKernelTests {
    @Test("OpenBLAS reports its kernel family, as the environment asks when it pins one")
    func coreName() {
        let name = BLASKernels.coreName
        #expect(!name.isEmpty && name != "unknown")
        // A family this OpenBLAS knows (the environment pins Haswell on the development machine).
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]?.lowercased() == "haswell" {
            #expect(name == "Haswell")
        }
    }
}

import Foundation
import LenetEngine
import Testing

@Suite("Fast math")
struct FastMathTests {
    /// Distance in units in the last place between two finite floats of the same sign.
    static func ulps(_ a: Float, _ b: Float) -> Int {
        abs(Int(Int32(bitPattern: a.bitPattern)) - Int(Int32(bitPattern: b.bitPattern)))
    }

    @Test("exp is within 2 ulp of the C library over the float range")
    func exp() {
        var worst = 0
        var x: Float = -87
        while x < 88.5 {
            let ours = FastMath.exp(x), libm = Foundation.exp(x)
            worst = max(worst, Self.ulps(ours, libm))
            x += 0.0137
        }
        print("exp: worst \(worst) ulp over [-87, 88.5]")
        #expect(worst <= 2)
        #expect(FastMath.exp(Float(0)) == 1)
        #expect(FastMath.exp(Float(89)) == .infinity)
        #expect(FastMath.exp(Float.infinity) == .infinity)
        #expect(FastMath.exp(-Float.infinity) == 0)
        #expect(FastMath.exp(Float(-200)) == 0)
        #expect(FastMath.exp(Float.nan).isNaN)
        // Subnormal results keep their size.
        let sub = FastMath.exp(Float(-100)), exact = Foundation.exp(Float(-100))
        #expect(abs(sub - exact) <= exact * 1e-3)
    }

    @Test("sigmoid and tanh are within float rounding of the double formulas")
    func sigmoidTanh() {
        var worstSigmoid = 0.0, worstTanh = 0.0
        var x: Float = -30
        while x < 30 {
            let s = 1 / (1 + Foundation.exp(-Double(x)))
            worstSigmoid = max(worstSigmoid, abs(Double(FastMath.sigmoid(x)) - s) / s)
            let t = Foundation.tanh(Double(x))
            worstTanh = max(worstTanh, abs(Double(FastMath.tanh(x)) - t) / max(abs(t), 1e-30))
            x += 0.00731
        }
        print("sigmoid worst relative error \(worstSigmoid), tanh \(worstTanh)")
        #expect(worstSigmoid <= 4e-7)
        #expect(worstTanh <= 4e-7)
        #expect(FastMath.sigmoid(Float(100)) == 1)
        #expect(FastMath.sigmoid(Float(-200)) < 1e-38)
        #expect(FastMath.sigmoid(Float.nan).isNaN)
        #expect(FastMath.tanh(Float(50)) == 1 && FastMath.tanh(Float(-50)) == -1)
        #expect(FastMath.tanh(Float(1e-6)) == Float(1e-6))
        #expect(FastMath.tanh(Float.nan).isNaN)
    }
}

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

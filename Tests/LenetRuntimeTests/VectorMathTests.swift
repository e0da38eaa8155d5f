import Foundation
import LenetRuntime
import Testing

@Suite("Vector math")
struct VectorMathTests {
    /// Distance in units in the last place between two finite floats of the same sign.
    static func ulps(_ a: Float, _ b: Float) -> Int {
        abs(Int(Int32(bitPattern: a.bitPattern)) - Int(Int32(bitPattern: b.bitPattern)))
    }

    /// f at x in every lane, and the lanes' agreement (a lane must not depend on its neighbours).
    static func lane(_ f: (SIMD8<Float>) -> SIMD8<Float>, _ x: Float) -> Float {
        let v = f(SIMD8(repeating: x))
        return v[0]
    }

    @Test("exp is within 2 ulp of the C library where it is a normal float, and clamped beyond")
    func exp() {
        var worst = 0
        var x: Float = -87
        while x < 88.3 {
            let ours = Self.lane(VectorMath.exp, x), libm = Foundation.exp(x)
            worst = max(worst, Self.ulps(ours, libm))
            x += 0.0137
        }
        print("exp: worst \(worst) ulp over [-87, 88.3]")
        #expect(worst <= 2)
        #expect(Self.lane(VectorMath.exp, 0) == 1)
        // Clamped to [−87.3, 88.3]: never 0 or infinite, however far out.
        for far: Float in [88.5, 1000, .infinity] {
            #expect(Self.lane(VectorMath.exp, far) == Self.lane(VectorMath.exp, 88.3) && Self.lane(VectorMath.exp, far).isFinite)
        }
        for far: Float in [-88, -200, -.infinity] {
            let tiny = Self.lane(VectorMath.exp, far)
            #expect(tiny > 0 && tiny.isNormal && tiny < 1.2e-38)
        }
        #expect(Self.lane(VectorMath.exp, .nan).isNaN)
        let mixed = VectorMath.exp(SIMD8(0, 1, -1, .nan, 2, -2, 88, -87))
        #expect(mixed[0] == 1 && mixed[3].isNaN && Self.ulps(mixed[1], Foundation.exp(1)) <= 2)
    }

    @Test("sigmoid and tanh are within float rounding of the double formulas")
    func sigmoidTanh() {
        var worstSigmoid = 0.0, worstTanh = 0.0
        var x: Float = -30
        while x < 30 {
            let s = 1 / (1 + Foundation.exp(-Double(x)))
            worstSigmoid = max(worstSigmoid, abs(Double(Self.lane(VectorMath.sigmoid, x)) - s) / s)
            let t = Foundation.tanh(Double(x))
            worstTanh = max(worstTanh, abs(Double(Self.lane(VectorMath.tanh, x)) - t) / max(abs(t), 1e-30))
            x += 0.00731
        }
        // Finer near the three joins of tanh (4e−4, the clamp at 7.905, saturation at 9).
        for centre: Float in [4e-4, 7.905_311_1, 9] {
            var y = centre * 0.999
            while y < centre * 1.001 {
                for v in [y, -y] {
                    let t = Foundation.tanh(Double(v))
                    worstTanh = max(worstTanh, abs(Double(Self.lane(VectorMath.tanh, v)) - t) / abs(t))
                }
                y = y.nextUp
            }
        }
        print("sigmoid worst relative error \(worstSigmoid), tanh \(worstTanh)")
        #expect(worstSigmoid <= 4e-7)
        #expect(worstTanh <= 4e-7)
        #expect(Self.lane(VectorMath.sigmoid, 100) == 1)
        #expect(Self.lane(VectorMath.sigmoid, -200) < 1e-38)
        #expect(Self.lane(VectorMath.sigmoid, .nan).isNaN)
        #expect(Self.lane(VectorMath.tanh, 50) == 1 && Self.lane(VectorMath.tanh, -50) == -1)
        #expect(Self.lane(VectorMath.tanh, .infinity) == 1 && Self.lane(VectorMath.tanh, -.infinity) == -1)
        #expect(Self.lane(VectorMath.tanh, 1e-6) == 1e-6 && Self.lane(VectorMath.tanh, 0) == 0)
        #expect(Self.lane(VectorMath.tanh, .nan).isNaN)
        // Odd, lane by lane.
        let v = SIMD8<Float>(0.1, -0.1, 0.7, -0.7, 3, -3, 8.5, -8.5)
        let t = VectorMath.tanh(v)
        for l in stride(from: 0, to: 8, by: 2) { #expect(t[l] == -t[l + 1]) }
    }
}

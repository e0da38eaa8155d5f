import LenetSpec

/// The vector math an emitted network needs, as Swift text: only the functions its activations use.
enum MathText {
    static let exp = """
    /// e^x in every lane (Cephes' expf: x = n·ln 2 + r with ln 2 split in two, a degree-6 polynomial
    /// for e^r on [−ln2/2, ln2/2], then 2^n through the exponent bits; within 2 ulp of libm). Inputs
    /// are clamped to [−87.3, 88.7], where e^x is still a normal float. (Comparisons and blends rather
    /// than `clamped`, whose generic min and max are not inlined.)
    @inline(__always)
    private func exp(_ x: V) -> V {
        var x = x.replacing(with: -87.336_54, where: x .< -87.336_54)
        x = x.replacing(with: 88.722_83, where: x .> 88.722_83)
        let magic = V(repeating: 12_582_912) // 1.5·2^23: adding it rounds to the nearest integer
        let t = magic.addingProduct(x, V(repeating: 1.442_695_04))
        let n = t - magic
        var r = x.addingProduct(n, V(repeating: -0.693_359_375))
        r = r.addingProduct(n, V(repeating: 2.121_944_4e-4))
        let z = r * r
        var p = V(repeating: 1.398_199_95e-3).addingProduct(V(repeating: 1.987_569_15e-4), r)
        p = V(repeating: 8.333_451_9e-3).addingProduct(p, r)
        p = V(repeating: 4.166_579_59e-2).addingProduct(p, r)
        p = V(repeating: 1.666_666_55e-1).addingProduct(p, r)
        p = V(repeating: 5.000_000_12e-1).addingProduct(p, r)
        p = (r + 1).addingProduct(p, z)
        let bits = (unsafeBitCast(t, to: VI.self) &- unsafeBitCast(magic, to: VI.self) &+ 127) &<< 23
        return p * unsafeBitCast(bits, to: V.self)
    }
    """

    static let sigmoid = """
    /// 1 / (1 + e^−x), PyTorch's sigmoid.
    @inline(__always)
    private func sigmoid(_ x: V) -> V {
        1 / (1 + exp(-x))
    }
    """

    static let tanh = """
    /// tanh: Cephes' odd polynomial for |x| < 0.625, 1 − 2/(e^{2|x|} + 1) above (sign restored).
    /// `@_transparent`, not `@inline(__always)`: with the latter the compiler still called it out of
    /// line, once per vector with its argument through memory, and lenet5's tanh blocks ran 4× slower
    /// (conv3_tanh4_avgpool5 forward 5.6 → 1.4 ms per batch of 256, `--profile --threads 1`).
    @_transparent
    private func tanh(_ x: V) -> V {
        let negative = x .< 0
        let a = x.replacing(with: -x, where: negative)
        var big = 1 - 2 / (exp(a + a) + 1)
        big = big.replacing(with: -big, where: negative)
        let z = x * x
        var p = V(repeating: -5.704_988_727_45e-3) * z + 2.063_908_879_54e-2
        p = p * z - 5.373_971_555_31e-2
        p = p * z + 1.333_144_220_36e-1
        p = p * z - 3.333_328_194_22e-1
        let small = p * z * x + x
        return big.replacing(with: small, where: a .< 0.625)
    }
    """

    static let relu = """
    /// max(x, 0), PyTorch's ReLU.
    @inline(__always)
    private func relu(_ x: V) -> V {
        x.replacing(with: 0, where: x .< 0)
    }
    """

    static let hsum = """
    /// The sum of the lanes, pairwise (a fixed order, so results do not depend on the compiler).
    @inline(__always)
    private func hsum(_ v: V) -> Float {
        let a = v.lowHalf + v.highHalf
        let b = a.lowHalf + a.highHalf
        return b[0] + b[1]
    }
    """

    /// `sigmoid(s)`: the activation applied to a vector expression.
    static func apply(_ kind: ActivationKind, _ x: String) -> String {
        "\(kind.rawValue)(\(x))"
    }

    /// The gradient through the activation, from the output gradient `g` and the activation's output
    /// `y` (PyTorch's formulas: g·(1 − y)·y, g·(1 − y²), g where y > 0).
    static func derivative(_ kind: ActivationKind, grad g: String, output y: String) -> String {
        switch kind {
        case .sigmoid: return "\(g) * (1 - \(y)) * \(y)"
        case .tanh: return "\(g) * (1 - \(y) * \(y))"
        case .relu: return "\(g).replacing(with: 0, where: \(y) .<= 0)"
        }
    }
}

/// Vectorised `exp`, `sigmoid` and `tanh` for float32, accurate to a couple of ulps of the C library's.
///
/// `exp` follows Cephes' `expf`: round x·log2(e) to n, reduce r = x − n·ln2 in two parts, a degree-6
/// polynomial for e^r, and a scale by 2^n (applied in two halves so that subnormal results and
/// overflow come out right). NaN propagates.
/// Rounding to n uses the 1.5·2^23 "magic number" (no SSE4.1 `roundps` needed on baseline x86-64).
public enum FastMath {
    public typealias Vector = SIMD8<Float>

    @inline(__always)
    static func bitcast(_ v: SIMD8<Int32>) -> Vector { unsafeBitCast(v, to: Vector.self) }
    @inline(__always)
    static func bitcast(_ v: Vector) -> SIMD8<Int32> { unsafeBitCast(v, to: SIMD8<Int32>.self) }

    /// e^x lane by lane, over the whole float range (subnormal results and overflow to +inf
    /// included). NaN propagates: it survives the clamps (comparisons with NaN are false) and the
    /// polynomial; the integer bits derived from it are garbage but only ever multiply a NaN.
    @inline(__always)
    public static func exp(_ x: Vector) -> Vector {
        // Beyond [-104, 89] the result is 0 or +inf anyway; clamping keeps n within [-150, 128].
        var v = x.replacing(with: 89, where: x .> 89)
        v = v.replacing(with: -104, where: v .< -104)
        let (p, ni) = reduced(v)
        let half = ni &>> 1
        let rest = ni &- half
        return p * bitcast((half &+ 127) &<< 23) * bitcast((rest &+ 127) &<< 23)
    }

    /// e^x for x clamped to [−87.3, 88.3] (results between 1.2e−38 and 2.2e38, one scaling step):
    /// what sigmoid and tanh need, where only the size of tiny or huge values matters.
    @inline(__always)
    static func expNormal(_ x: Vector) -> Vector {
        var v = x.replacing(with: 88.3, where: x .> 88.3)
        v = v.replacing(with: -87.3, where: v .< -87.3)
        let (p, ni) = reduced(v)
        return p * bitcast((ni &+ 127) &<< 23)
    }

    /// e^r (r = v − n·ln2, |r| ≤ ln2/2) by Cephes' polynomial, and n = round(v·log2 e).
    @inline(__always)
    static func reduced(_ v: Vector) -> (Vector, SIMD8<Int32>) {
        let magic: Float = 12_582_912 // 1.5 · 2^23: adding it rounds to an integer kept in the low bits
        let t = v * 1.442_695_04 + magic
        let n = t - magic
        let ni = bitcast(t) &- bitcast(Vector(repeating: magic))
        var r = v - n * 0.693_359_375
        r = r - n * -2.121_944_4e-4
        let z = r * r
        var p: Vector = Vector(repeating: 1.987_569_15e-4) * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        p = p * z + r + 1
        return (p, ni)
    }

    /// 1 / (1 + e^−x) lane by lane (PyTorch's formula; 0 and 1 at the extremes, NaN stays NaN).
    @inline(__always)
    public static func sigmoid(_ x: Vector) -> Vector {
        // Below −88.3 the true value is under 5e−39; the clamp returns about that rather than less.
        1 / (1 + expNormal(-x))
    }

    /// tanh lane by lane: Cephes' odd polynomial below |x| 0.625, 1 − 2/(e^{2|x|} + 1) above.
    @inline(__always)
    public static func tanh(_ x: Vector) -> Vector {
        let a = x.replacing(with: -x, where: x .< 0)
        let e = expNormal(a + a)
        var big = 1 - 2 / (e + 1)
        big = big.replacing(with: -big, where: x .< 0)
        let z = x * x
        var p: Vector = Vector(repeating: -5.704_988_727_45e-3) * z + 2.063_908_879_54e-2
        p = p * z - 5.373_971_555_31e-2
        p = p * z + 1.333_144_220_36e-1
        p = p * z - 3.333_328_194_22e-1
        let small = p * z * x + x
        return big.replacing(with: small, where: a .< 0.625)
    }

    /// Scalar e^x through the vector path (same results as the vector lanes).
    @inline(__always)
    public static func exp(_ x: Float) -> Float { exp(Vector(repeating: x))[0] }
    /// Scalar sigmoid through the vector path.
    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float { sigmoid(Vector(repeating: x))[0] }
    /// Scalar tanh through the vector path.
    @inline(__always)
    public static func tanh(_ x: Float) -> Float { tanh(Vector(repeating: x))[0] }
}

/// Loads and stores of 8 floats at any alignment.
@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

@inline(__always)
func load4(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
}

@inline(__always)
func store4(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
}

/// Loads up to 8 floats (the rest of the lanes are `fill`).
@inline(__always)
func loadPartial(_ p: UnsafePointer<Float>, _ count: Int, fill: Float = 0) -> SIMD8<Float> {
    var v = SIMD8<Float>(repeating: fill)
    for i in 0..<count { v[i] = p[i] }
    return v
}

@inline(__always)
func storePartial(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
    for i in 0..<count { p[i] = v[i] }
}

// The vector math of both backends: e^x, sigmoid and tanh on 8 float32 lanes. The engine's
// activation kernels and every emitted network call these same functions (emitted packages get this
// file verbatim), so the two backends round alike.
//
// `@_transparent` rather than `@inline(__always)`: with the latter the compiler still called tanh out
// of line in emitted networks, once per vector with its argument through memory, and lenet5's tanh
// blocks ran 4× slower (conv3_tanh4_avgpool5 forward 5.6 → 1.4 ms per batch of 256, `--profile
// --threads 1`). Transparent functions are also inlined across modules, into the engine.

#if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
import _Builtin_intrinsics.intel
#endif

/// e^x, sigmoid and tanh lane by lane, for float32.
public enum VectorMath {
    public typealias Vector = SIMD8<Float>

    /// √x lane by lane, correctly rounded (IEEE), so the same bits as `Float.squareRoot()` on each
    /// lane. On x86-64 one `vsqrtps`: SIMD8's own `squareRoot()` compiles to eight scalar `vsqrtss`,
    /// which made Adam's update over tf-deep-mnist's 3.27 M parameters cost about 6 ms on one thread
    /// (`vsqrtss` issues once every few cycles, eight of them a vector).
    @_transparent
    public static func squareRoot(_ x: Vector) -> Vector {
        #if arch(x86_64) && canImport(_Builtin_intrinsics.intel)
        return _mm256_sqrt_ps(x)
        #else
        return x.squareRoot()
        #endif
    }

    /// e^x (Cephes' expf: x = n·ln 2 + r with ln 2 split in two, a degree-6 polynomial for e^r on
    /// [−ln2/2, ln2/2], then 2^n through the exponent bits; within 2 ulp of libm). Inputs are clamped
    /// to [−87.3, 88.3], where e^x and 2^n are normal floats (above 88.37, n = 128 would make 2^n
    /// infinite): what sigmoid, tanh and the softmax of
    /// logits minus their maximum need, where only the size of tiny or huge values matters. NaN
    /// propagates (it fails both comparisons). Comparisons and blends rather than `clamped`, whose
    /// generic min and max are not inlined.
    @_transparent
    public static func exp(_ x: Vector) -> Vector {
        var x = x.replacing(with: -87.336_54, where: x .< -87.336_54)
        x = x.replacing(with: 88.3, where: x .> 88.3)
        let magic = Vector(repeating: 12_582_912) // 1.5·2^23: adding it rounds to the nearest integer
        let t = magic.addingProduct(x, Vector(repeating: 1.442_695_04))
        let n = t - magic
        var r = x.addingProduct(n, Vector(repeating: -0.693_359_375))
        r = r.addingProduct(n, Vector(repeating: 2.121_944_4e-4))
        let z = r * r
        var p = Vector(repeating: 1.398_199_95e-3).addingProduct(Vector(repeating: 1.987_569_15e-4), r)
        p = Vector(repeating: 8.333_451_9e-3).addingProduct(p, r)
        p = Vector(repeating: 4.166_579_59e-2).addingProduct(p, r)
        p = Vector(repeating: 1.666_666_55e-1).addingProduct(p, r)
        p = Vector(repeating: 5.000_000_12e-1).addingProduct(p, r)
        p = (r + 1).addingProduct(p, z)
        let bits = (unsafeBitCast(t, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self) &+ 127) &<< 23
        return p * unsafeBitCast(bits, to: Vector.self)
    }

    /// 1 / (1 + e^−x), PyTorch's sigmoid (1 and about 3e−39 at the extremes, NaN stays NaN).
    @_transparent
    public static func sigmoid(_ x: Vector) -> Vector {
        1 / (1 + exp(-x))
    }

    /// tanh: a rational function, x·P(x²)/Q(x²) with P of degree 6 and Q of degree 3 (Eigen's
    /// `generic_fast_tanh_float`), on x clamped to ±7.905; x itself below |x| 4e−4, and ±1 from
    /// |x| 9, where float32's tanh rounds to ±1. Within 2.4e−7 relative of tanh in double (at most
    /// 4.5 ulp, near ±1) and twice as fast as Cephes' polynomial with 1 − 2/(e^{2|x|} + 1) above 0.625
    /// that it replaced (0.41 against 0.96 ms per million values on one core; lenet5's forward
    /// computes 1.7 million a batch). NaN stays NaN.
    @_transparent
    public static func tanh(_ x: Vector) -> Vector {
        let bound = Vector(repeating: 7.905_311_1)
        var c = x.replacing(with: bound, where: x .> bound)
        c = c.replacing(with: -bound, where: c .< -bound)
        let z = c * c
        var p = Vector(repeating: 2.000_187_9e-13).addingProduct(Vector(repeating: -2.760_768_5e-16), z)
        p = Vector(repeating: -8.604_671_5e-11).addingProduct(p, z)
        p = Vector(repeating: 5.122_297_1e-08).addingProduct(p, z)
        p = Vector(repeating: 1.485_722_4e-05).addingProduct(p, z)
        p = Vector(repeating: 6.372_619_3e-04).addingProduct(p, z)
        p = Vector(repeating: 4.893_524_6e-03).addingProduct(p, z)
        var q = Vector(repeating: 1.185_347_1e-04).addingProduct(Vector(repeating: 1.198_258_4e-06), z)
        q = Vector(repeating: 2.268_434_6e-03).addingProduct(q, z)
        q = Vector(repeating: 4.893_525_2e-03).addingProduct(q, z)
        var y = c * p / q
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7fff_ffff, to: Vector.self)
        y.replace(with: x, where: magnitude .< 4e-4)
        let one = unsafeBitCast((unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x8000_0000) | 0x3f80_0000, to: Vector.self)
        y.replace(with: one, where: magnitude .>= 9)
        return y
    }

    // Moving 8 channels between a vector and the lane layout, for emitted short-group kernels, which
    // put 8 channels in a vector where the lane kernels put 8 examples.

    /// The 8 floats at `p` (8 channels of one position) as a vector; `p` need not be aligned.
    @_transparent
    public static func load(_ p: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    /// Stores lane k of `v` at `p[k · stride]`: 8 channels into one example's lane of 8 planes.
    @_transparent
    public static func spread(_ v: Vector, to p: UnsafeMutablePointer<Float>, stride: Int) {
        for k in 0..<8 { p[k * stride] = v[k] }
    }

    /// Adds lane k of `v` to `p[k · stride]`.
    @_transparent
    public static func spread(_ v: Vector, adding p: UnsafeMutablePointer<Float>, stride: Int) {
        for k in 0..<8 { p[k * stride] += v[k] }
    }
}

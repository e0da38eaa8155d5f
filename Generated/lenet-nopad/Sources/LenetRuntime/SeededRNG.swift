// Deterministic random numbers for training: xoshiro256** (Blackman & Vigna, 2018) seeded
// through SplitMix64, as recommended by its authors.
//
// Why our own generator: runs must be bit-reproducible on every machine and Swift version.
// `SystemRandomNumberGenerator` is not seedable, and the algorithms behind the standard
// library's `shuffle`, `Int.random(in:)` and `Float.random(in:)` are not guaranteed to stay
// the same. Everything here (bounded integers, shuffles, floats, normals) is spelled out,
// and uses only IEEE-754 basic operations (+ - * / sqrt, which are correctly rounded), not
// libm's log/cos whose last bits differ between platforms.
import Foundation

/// A problem restoring a generator from saved state.
public struct SeededRNGError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong with the state.
    public let problem: String

    public var description: String { "random generator state: \(problem)" }
}

/// SplitMix64 (Steele, Lea & Flood): used to expand one 64-bit seed into generator state
/// and to derive stream seeds, because nearby seeds then give unrelated states.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The current counter.
    public var state: UInt64

    /// Starts at `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded, portable, fast pseudo-random generator (xoshiro256**).
///
/// Value type: copying it copies the stream, so give each thread its own via
/// `split(stream:)` or `jumped()`.
public struct SeededRNG: RandomNumberGenerator, Sendable, Equatable {
    /// The complete generator state (four 64-bit words, never all zero), for checkpoints.
    ///
    /// There is no hidden cache (`normal` does not keep a spare value), so saving `state`
    /// and restoring it later continues the exact same sequence.
    public struct State: Sendable, Equatable, Hashable {
        /// The four xoshiro256 words.
        public let words: [UInt64]

        /// Validates saved words: exactly four, not all zero (the one state xoshiro can
        /// never leave, which would yield zeros forever).
        public init(words: [UInt64]) throws(SeededRNGError) {
            guard words.count == 4 else {
                throw SeededRNGError(problem: "expected 4 words, found \(words.count); the checkpoint is damaged or from another generator")
            }
            guard words.contains(where: { $0 != 0 }) else {
                throw SeededRNGError(problem: "all four words are zero, which is not a valid xoshiro256 state")
            }
            self.words = words
        }

        /// Validates words stored as signed integers (e.g. an I64 safetensors tensor).
        public init(int64Words: [Int64]) throws(SeededRNGError) {
            try self.init(words: int64Words.map { UInt64(bitPattern: $0) })
        }

        /// The words reinterpreted as signed integers, for I64 tensors.
        public var int64Words: [Int64] { words.map { Int64(bitPattern: $0) } }
    }

    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates a generator from a 64-bit seed (expanded with SplitMix64). Every seed,
    /// including 0, is fine.
    public init(seed: UInt64) {
        var sm = SplitMix64(seed: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
        // SplitMix64 is a bijection of its counter, so four consecutive outputs are never
        // all zero; no fix-up needed.
    }

    /// Creates a generator that continues from a saved state.
    public init(state: State) {
        s0 = state.words[0]
        s1 = state.words[1]
        s2 = state.words[2]
        s3 = state.words[3]
    }

    /// The current state; assigning a saved one continues that sequence exactly.
    public var state: State {
        get {
            // Never all zero (see `init(seed:)`), so this cannot fail.
            (try? State(words: [s0, s1, s2, s3])) ?? State.fallback
        }
        set {
            s0 = newValue.words[0]
            s1 = newValue.words[1]
            s2 = newValue.words[2]
            s3 = newValue.words[3]
        }
    }

    /// The next 64 random bits (xoshiro256**).
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform `Float` in [0, 1): the top 24 bits scaled by 2^-24, so every value is exact
    /// and equally likely.
    @inline(__always)
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Uniform `Double` in [0, 1) from the top 53 bits.
    @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform `Float` in [lo, hi). (When `lo + (hi - lo) * u` would round up to `hi`, the
    /// largest float below `hi` is returned instead, so `hi` itself never appears.)
    @inline(__always)
    public mutating func uniform(_ lo: Float, _ hi: Float) -> Float {
        let v = lo + (hi - lo) * nextFloat()
        return (v >= hi && hi > lo) ? hi.nextDown : v
    }

    /// Unbiased uniform integer in 0..<bound (`bound` > 0), by Lemire's multiply-and-reject
    /// method; returns 0 when `bound` <= 1 rather than trapping.
    public mutating func next(below bound: UInt64) -> UInt64 {
        guard bound > 1 else { return 0 }
        var m = bound.multipliedFullWidth(by: next())
        if m.low < bound {
            let threshold = (0 &- bound) % bound  // 2^64 mod bound
            while m.low < threshold {
                m = bound.multipliedFullWidth(by: next())
            }
        }
        return m.high
    }

    /// Unbiased uniform `Int` in 0..<bound; 0 when `bound` <= 1.
    public mutating func int(below bound: Int) -> Int {
        bound <= 1 ? 0 : Int(next(below: UInt64(bound)))
    }

    /// A normal sample (Box–Muller, cosine branch) with the given mean and standard deviation.
    ///
    /// Each call consumes exactly two 64-bit draws and keeps no spare value, so the
    /// sequence depends only on `state`. The logarithm and cosine are computed with
    /// portable series (see `PortableMath`), so results are identical on every platform.
    public mutating func normal(mean: Float = 0, std: Float = 1) -> Float {
        let u1 = Double((next() >> 11) + 1) * 0x1p-53  // (0, 1]: log never sees 0
        let u2 = nextDouble()  // [0, 1)
        let radius = (-2 * PortableMath.log(u1)).squareRoot()
        let z = radius * PortableMath.cosTurns(u2)
        return mean + std * Float(z)
    }

    /// A random permutation of 0..<n (Fisher–Yates with `int(below:)`); [] for n <= 0.
    public mutating func permutation(_ n: Int) -> [Int] {
        guard n > 0 else { return [] }
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }

    /// Shuffles `array` in place with Fisher–Yates (our own, so the order is the same on
    /// every platform and Swift version, unlike `Array.shuffle(using:)`).
    public mutating func shuffle<T>(_ array: inout [T]) {
        var i = array.count - 1
        while i > 0 {
            let j = int(below: i + 1)
            if i != j { array.swapAt(i, j) }
            i -= 1
        }
    }

    /// An independent generator for stream number `stream` (e.g. a thread index or an
    /// epoch), without advancing `self`. The child is seeded through SplitMix64 from this
    /// generator's state mixed with `stream`, so different streams (and the parent) are
    /// statistically unrelated; O(1) for any stream number.
    public func split(stream: UInt64) -> SeededRNG {
        var mixer = SplitMix64(seed: stream ^ 0x6A09_E667_F3BC_C909)
        let key = mixer.next()
        var sm = SplitMix64(seed: s0 ^ rotl(s1, 13) ^ rotl(s2, 29) ^ rotl(s3, 47) ^ key)
        var child = self
        child.s0 = sm.next() ^ s0
        child.s1 = sm.next() ^ s1
        child.s2 = sm.next() ^ s2
        child.s3 = sm.next() ^ s3
        if child.s0 | child.s1 | child.s2 | child.s3 == 0 { child.s0 = 1 }
        return child
    }

    /// This generator advanced by 2^128 steps (the published xoshiro256 jump polynomial):
    /// calling it repeatedly yields up to 2^128 guaranteed non-overlapping subsequences.
    public func jumped() -> SeededRNG {
        let jump: [UInt64] = [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C]
        var g = self
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
        for word in jump {
            for b in 0..<64 {
                if word & (1 << UInt64(b)) != 0 {
                    t0 ^= g.s0
                    t1 ^= g.s1
                    t2 ^= g.s2
                    t3 ^= g.s3
                }
                _ = g.next()
            }
        }
        g.s0 = t0
        g.s1 = t1
        g.s2 = t2
        g.s3 = t3
        return g
    }
}

extension SeededRNG.State {
    /// A valid placeholder state (the seed-0 state); only used if an impossible all-zero
    /// state were ever read, so the getter never traps.
    fileprivate static var fallback: SeededRNG.State { SeededRNG(seed: 0).state }
}

/// Logarithm and cosine from IEEE basic operations only, so normal samples are bit-identical
/// across platforms (libm implementations may differ in the last bit). Accurate to a few
/// ulps, far more than Gaussian weight initialisation needs.
public enum PortableMath {
    /// Natural logarithm for finite x > 0 (returns -infinity for 0 and NaN for negatives).
    public static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        // x = m * 2^e with m in [1, 2), exactly, from the bit pattern (subnormals scaled first).
        var v = x
        var e = 0
        if v < Double.leastNormalMagnitude {
            v *= 0x1p54
            e -= 54
        }
        let bits = v.bitPattern
        e += Int((bits >> 52) & 0x7FF) - 1023
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        // Centre m on 1 so the series argument stays small: m in [sqrt(1/2), sqrt(2)).
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var term = s
        var sum = 0.0
        var k = 1.0
        for _ in 0..<14 {
            sum += term / k
            term *= s2
            k += 2
        }
        let ln2Hi = 6.93147180369123816490e-01  // high bits of ln 2 (exact in products with e)
        let ln2Lo = 1.90821492927058770002e-10
        return Double(e) * ln2Hi + (Double(e) * ln2Lo + 2 * sum)
    }

    /// cos(2π t) for t in [0, 1) (other values are reduced modulo 1 first).
    public static func cosTurns(_ t: Double) -> Double {
        guard t.isFinite else { return .nan }
        var r = t - t.rounded(.down)  // [0, 1)
        // Quadrant by quarter turns; r * 4 is exact, so the reduction adds no error.
        let q4 = (r * 4).rounded(.down)
        r -= q4 / 4  // [0, 1/4)
        let quadrant = Int(q4) & 3
        // cos(2π(q/4 + r)) for q = 0...3: cos a, -sin a, -cos a, sin a, with a = 2πr.
        let useSin = quadrant == 1 || quadrant == 3
        let negate = quadrant == 1 || quadrant == 2
        // Keep the series argument within π/4 by swapping sin and cos around 1/8 turn.
        var sinInstead = useSin
        if r > 0.125 {
            r = 0.25 - r
            sinInstead.toggle()
        }
        let a = r * (2 * Double.pi)
        let value = sinInstead ? sinSeries(a) : cosSeries(a)
        return negate ? -value : value
    }

    /// Taylor series of sin for |a| <= π/4 (error below 1e-17).
    static func sinSeries(_ a: Double) -> Double {
        let a2 = a * a
        var term = a
        var sum = a
        var n = 1.0
        for _ in 0..<10 {
            term *= -a2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }

    /// Taylor series of cos for |a| <= π/4 (error below 1e-17).
    static func cosSeries(_ a: Double) -> Double {
        let a2 = a * a
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        for _ in 0..<10 {
            term *= -a2 / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }
}

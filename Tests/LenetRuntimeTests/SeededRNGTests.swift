import Foundation
import Testing
@testable import LenetRuntime

@Suite struct SeededRNGTests {
    // Reference values below come from an independent Python implementation of
    // SplitMix64 + xoshiro256** (the published C reference algorithms).

    @Test func splitMixMatchesReference() {
        var sm = SplitMix64(seed: 0)
        #expect(sm.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func seedZeroKnownOutputs() {
        var g = SeededRNG(seed: 0)
        #expect(g.state.words == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
        let out = (0..<5).map { _ in g.next() }
        #expect(out == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C, 0xBBA5_AD4A_1F84_2E59])
        var h = SeededRNG(seed: 42)
        #expect((0..<3).map { _ in h.next() } == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1])
    }

    @Test func floatsPermutationSplitAndJumpKnownValues() {
        var g = SeededRNG(seed: 0)
        #expect((0..<3).map { _ in g.nextFloat() } == [0.6012629866600037, 0.747774064540863, 0.10301995277404785])
        var p = SeededRNG(seed: 0)
        #expect(p.permutation(10) == [7, 8, 3, 1, 5, 4, 2, 0, 9, 6])
        var s = SeededRNG(seed: 0).split(stream: 1)
        #expect((0..<3).map { _ in s.next() } == [0x0870_8F75_F96E_3314, 0xFB51_1F8F_CDF2_D794, 0xB7A4_2AF3_F716_2345])
        var j = SeededRNG(seed: 0).jumped()
        #expect((0..<3).map { _ in j.next() } == [0x3762_15ED_C846_D62C, 0x57C0_611D_E835_0CA7, 0xBC46_A351_5AFE_E385])
    }

    @Test func normalMatchesLibmBoxMuller() {
        // Python's libm Box–Muller on the same draws; ours uses portable series, so agree
        // to ~1e-7 (Float precision), not necessarily bit for bit.
        let reference = [-0.01410679738124918, -1.845895087695827, 0.7881791614487657, -1.280385625301411]
        var g = SeededRNG(seed: 0)
        for r in reference {
            let v = g.normal()
            #expect(abs(Double(v) - r) < 2e-7, "\(v) vs \(r)")
        }
        var s = SeededRNG(seed: 0)
        let scaled = s.normal(mean: 3, std: 0.5)
        #expect(abs(Double(scaled) - (3 + 0.5 * reference[0])) < 2e-7)
    }

    @Test func normalBitPatternsArePinned() {
        // Cross-platform reproducibility pin: these exact bits must never change (initial
        // weights of every seeded run depend on them). They equal numpy.float32() of the
        // Python/libm reference values above.
        var g = SeededRNG(seed: 0)
        let bits = (0..<4).map { _ in g.normal().bitPattern }
        #expect(bits == [3_160_875_058, 3_219_932_746, 1_061_799_452, 3_215_188_909])
    }

    @Test func sameSeedSameSequenceDifferentSeedDifferent() {
        var a = SeededRNG(seed: 123), b = SeededRNG(seed: 123), c = SeededRNG(seed: 124)
        let xa = (0..<1000).map { _ in a.next() }
        let xb = (0..<1000).map { _ in b.next() }
        let xc = (0..<1000).map { _ in c.next() }
        #expect(xa == xb)
        #expect(zip(xa, xc).filter { $0 == $1 }.count == 0)
    }

    @Test func restoringStateContinuesIdentically() throws {
        var g = SeededRNG(seed: 7)
        for _ in 0..<17 { _ = g.next() }
        _ = g.normal()
        let saved = g.state
        func draw(_ r: inout SeededRNG) -> [Double] {
            var out: [Double] = []
            for _ in 0..<50 {
                out.append(Double(r.nextFloat()))
                out.append(Double(r.normal(mean: 1, std: 2)))
                out.append(Double(r.int(below: 1000)))
            }
            out += r.permutation(20).map(Double.init)
            return out
        }
        let first = draw(&g)
        var restored = SeededRNG(state: saved)
        #expect(draw(&restored) == first)
        // Through the I64 form used in checkpoints, and through the setter.
        var viaInts = SeededRNG(seed: 999)
        viaInts.state = try SeededRNG.State(int64Words: saved.int64Words)
        #expect(draw(&viaInts) == first)
    }

    @Test func invalidStatesAreRejected() {
        #expect(throws: SeededRNGError.self) { try SeededRNG.State(words: [1, 2, 3]) }
        #expect(throws: SeededRNGError.self) { try SeededRNG.State(words: [0, 0, 0, 0]) }
        #expect(throws: SeededRNGError.self) { try SeededRNG.State(int64Words: [1, 2, 3, 4, 5]) }
        do {
            _ = try SeededRNG.State(words: [])
        } catch {
            #expect(error.description.contains("expected 4 words, found 0"))
        }
    }

    @Test func uniformMeanAndVariance() {
        var g = SeededRNG(seed: 1)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n {
            let v = Double(g.nextFloat())
            #expect(v >= 0 && v < 1)
            sum += v
            sumSq += v * v
        }
        let mean = sum / Double(n)
        let variance = sumSq / Double(n) - mean * mean
        #expect(abs(mean - 0.5) < 0.003)
        #expect(abs(variance - 1.0 / 12) < 0.002)
        var lo = Float.infinity, hi = -Float.infinity
        for _ in 0..<10_000 {
            let v = g.uniform(-2, 3)
            lo = min(lo, v)
            hi = max(hi, v)
        }
        #expect(lo >= -2 && lo < -1.99 && hi < 3 && hi > 2.99)
        #expect(g.uniform(5, 5) == 5)
        // Rounding must never produce the upper bound.
        var top = SeededRNG(seed: 0)
        for _ in 0..<10_000 { #expect(top.uniform(1, 1.0000001) < 1.0000001) }
    }

    @Test func normalMeanAndVariance() {
        var g = SeededRNG(seed: 2)
        let n = 100_000
        var sum = 0.0, sumSq = 0.0, beyond3 = 0
        for _ in 0..<n {
            let v = Double(g.normal(mean: 5, std: 2))
            sum += v
            sumSq += v * v
            if abs(v - 5) > 6 { beyond3 += 1 }
        }
        let mean = sum / Double(n)
        let variance = sumSq / Double(n) - mean * mean
        #expect(abs(mean - 5) < 0.03)
        #expect(abs(variance - 4) < 0.1)
        // P(|z| > 3) = 0.27%: expect about 270 of 100k.
        #expect(beyond3 > 180 && beyond3 < 370)
    }

    @Test func boundedIntegersAreUnbiased() {
        var g = SeededRNG(seed: 3)
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n { counts[g.int(below: 7)] += 1 }
        let expected = Double(n) / 7
        let chi2 = counts.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chi2 < 22.5, "chi-square \(chi2) with 6 degrees of freedom (p < 0.001)")
        #expect(g.int(below: 1) == 0 && g.int(below: 0) == 0 && g.int(below: -5) == 0)
        // A bound just above 2^63 makes almost half the raw draws need rejection.
        let big: UInt64 = (1 << 63) + 12345
        var thirds = [0, 0, 0]
        for _ in 0..<30_000 {
            let v = g.next(below: big)
            #expect(v < big)
            thirds[Int(v / (big / 3 + 1))] += 1
        }
        #expect(thirds.allSatisfy { abs($0 - 10_000) < 500 }, "\(thirds)")
    }

    @Test func permutationsArePermutationsAndUniform() {
        var g = SeededRNG(seed: 4)
        #expect(g.permutation(0) == [])
        #expect(g.permutation(-3) == [])
        #expect(g.permutation(1) == [0])
        let p = g.permutation(1000)
        #expect(p.sorted() == Array(0..<1000))
        #expect(p != Array(0..<1000))
        var seen: [[Int]: Int] = [:]
        for _ in 0..<6000 { seen[g.permutation(3), default: 0] += 1 }
        #expect(seen.count == 6)
        #expect(seen.values.allSatisfy { abs($0 - 1000) < 150 }, "\(seen)")
        var letters = ["a", "b", "c", "d"]
        var h = SeededRNG(seed: 0)
        h.shuffle(&letters)
        var k = SeededRNG(seed: 0)
        #expect(letters == k.permutation(4).map { ["a", "b", "c", "d"][$0] })
    }

    @Test func splitStreamsAreDistinctDeterministicAndDoNotAdvanceParent() {
        let parent = SeededRNG(seed: 5)
        var copy = parent
        var s0 = parent.split(stream: 0), s1 = parent.split(stream: 1), s0again = parent.split(stream: 0)
        #expect(parent == copy)
        let a = (0..<100).map { _ in s0.next() }
        let b = (0..<100).map { _ in s1.next() }
        let c = (0..<100).map { _ in copy.next() }
        #expect(a == (0..<100).map { _ in s0again.next() })
        #expect(Set(a).intersection(b).isEmpty && Set(a).intersection(c).isEmpty && Set(b).intersection(c).isEmpty)
        // Streams of different parents differ too.
        var other = SeededRNG(seed: 6).split(stream: 0)
        #expect(other.next() != a[0])
        var j1 = parent.jumped(), j2 = parent.jumped().jumped()
        #expect(j1.next() != j2.next())
    }

    @Test func portableMathMatchesLibm() {
        var g = SeededRNG(seed: 8)
        var worstLog = 0.0, worstCos = 0.0
        for _ in 0..<20_000 {
            let x = Double((g.next() >> 11) + 1) * 0x1p-53
            worstLog = max(worstLog, abs(PortableMath.log(x) - Foundation.log(x)) / max(1, abs(Foundation.log(x))))
            let t = g.nextDouble()
            worstCos = max(worstCos, abs(PortableMath.cosTurns(t) - Foundation.cos(2 * Double.pi * t)))
        }
        #expect(worstLog < 1e-14)
        #expect(worstCos < 1e-14)
        for x in [1.0, 2.0, 0.5, 1e-300, Double.leastNonzeroMagnitude, 1.4142135623730951, 1.4142135623730954, 1e300] {
            #expect(abs(PortableMath.log(x) - Foundation.log(x)) <= 1e-14 * max(1, abs(Foundation.log(x))), "log(\(x))")
        }
        #expect(PortableMath.log(1) == 0)
        #expect(PortableMath.log(0) == -.infinity)
        #expect(PortableMath.log(-1).isNaN)
        for t in [0.0, 0.125, 0.25, 0.375, 0.5, 0.75, 0.999999, 1.5, -0.25] {
            #expect(abs(PortableMath.cosTurns(t) - Foundation.cos(2 * Double.pi * t)) < 1e-14, "cosTurns(\(t))")
        }
    }
}

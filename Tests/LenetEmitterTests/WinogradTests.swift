import Foundation
import LenetModel
import LenetRuntime
import Testing
@testable import LenetEmitter

@Suite("Winograd F(2×2, r×r) convolutions")
struct WinogradTests {
    /// Y = Aᵀ · [(G · w · Gᵀ) ⊙ (Bᵀ · d · B)] · A in Double, against the direct m×m correlation
    /// Y[a, b] = Σ_ky,kx w[ky, kx] · d[a + ky, b + kx] of the same window.
    @Test("the matrices compute the m×m correlation of an α×α window: F(2×2, 3×3), F(4×4, 3×3), F(2×2, 5×5)",
          arguments: WinogradMatrices.sizes.indices)
    func matricesComputeTheCorrelation(_ size: Int) {
        let (n, r) = WinogradMatrices.sizes[size]
        let m = WinogradMatrices(output: n, kernel: r)
        let alpha = m.alpha
        #expect(alpha == n + r - 1)
        #expect(m.bt.count == alpha && m.bt.allSatisfy { $0.count == alpha })
        #expect(m.g.count == alpha && m.g.allSatisfy { $0.count == r })
        #expect(m.at.count == n && m.at.allSatisfy { $0.count == alpha })
        // Bᵀ and Aᵀ are small integers, exact in float32.
        #expect((m.bt + m.at).joined().allSatisfy { $0 == $0.rounded() && abs($0) <= 8 })
        func mul(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
            a.map { row in (0..<b[0].count).map { j in zip(row, b).reduce(0) { $0 + $1.0 * $1.1[j] } } }
        }
        func transpose(_ a: [[Double]]) -> [[Double]] { (0..<a[0].count).map { j in a.map { $0[j] } } }
        var rng = SeededRNG(seed: UInt64(r))
        var worst = 0.0
        for _ in 0..<20 {
            let d = (0..<alpha).map { _ in (0..<alpha).map { _ in Double(rng.nextFloat()) * 2 - 1 } }
            let w = (0..<r).map { _ in (0..<r).map { _ in Double(rng.nextFloat()) * 2 - 1 } }
            let u = mul(mul(m.g, w), transpose(m.g))
            let v = mul(mul(m.bt, d), transpose(m.bt))
            let product = zip(u, v).map { zip($0, $1).map { $0 * $1 } }
            let y = mul(mul(m.at, product), transpose(m.at))
            for a in 0..<n {
                for b in 0..<n {
                    var direct = 0.0
                    for ky in 0..<r { for kx in 0..<r { direct += w[ky][kx] * d[a + ky][b + kx] } }
                    worst = max(worst, abs(y[a][b] - direct))
                }
            }
        }
        print("F(\(n)×\(n), \(r)×\(r)) against the direct correlation: max |diff| \(worst)")
        #expect(worst < 1e-12)
    }

    @Test("chosen by size: wide stride-1 convolutions with whole 2×2 tiles, not LeNet's")
    func chosenBySize() throws {
        // torch-mnist's conv 32→64, 3×3 (26×26 → 24×24) in a lane stage: forward in 4×4 tiles, the input
        // gradient (24×24 → 26×26, not a multiple of 4) in 2×2 ones.
        let torch = try Emitter.plan(try specModel("torch-mnist"))
        let conv2 = try #require(torch.blocks.first { $0.name == "conv2_relu3_maxpool4" })
        #expect(conv2.winograd?.forward?.kernel == 3 && conv2.winograd?.forward?.output == 4 && conv2.winograd?.forward?.tilesX == 6)
        #expect(conv2.winograd?.gather?.flipped == true && conv2.winograd?.gather?.output == 2 && conv2.winograd?.gather?.tilesX == 13)
        #expect(conv2.winograd?.gather?.inChannels == 64 && conv2.winograd?.gather?.outChannels == 32)
        // Its first conv reads one channel: direct.
        #expect(torch.blocks.first?.winograd == nil)
        // The two transforms' filters lie side by side.
        #expect(conv2.winograd?.gather?.weightOffset == conv2.winograd?.forward?.weightFloats)
        // tf-deep-mnist's conv 32→64, 5×5 same, channel-split: forward, and the input gradient group by group.
        let tf = try Emitter.plan(try specModel("tf-deep-mnist"))
        let conv3 = try #require(tf.blocks.first { $0.name == "conv3_relu4_maxpool5" })
        #expect(conv3.splitsChannels && conv3.winograd?.forward?.kernel == 5 && conv3.winograd?.forward?.output == 2)
        #expect(conv3.winograd?.gather != nil && conv3.gathersByGroup)
        // LeNet's 6 → 16 convolution has too few channels; keras-mnist's 13×13 → 11×11 no whole tiles.
        for spec in ["lenet", "lenet-nopad", "lenet5", "keras-mnist"] {
            #expect(try Emitter.plan(try specModel(spec)).blocks.allSatisfy { $0.winograd == nil }, "\(spec)")
        }
    }

    @Test("the emitted kernels: the filter transform once a step, the window transforms in the block")
    func emittedText() throws {
        let text = Emitter.networkSource(try Emitter.plan(try specModel("torch-mnist")))
        #expect(text.contains("private func winograd_weights("))
        #expect(text.contains("Winograd F(4×4, 3×3)") && text.contains("Winograd F(2×2, 3×3)"))
        // Once in step(), once in evaluate().
        #expect(text.components(separatedBy: "winograd_weights(params, winogradWeights").count - 1 == 2)
    }
}

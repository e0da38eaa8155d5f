import Foundation
import LenetRuntime
import Testing

/// torch.nn.init's formulas, the documented draw order, and the spread of the draws.
@Suite("Initializers")
struct InitializerTests {
    @Test("bounds and standard deviations follow PyTorch's formulas")
    func formulas() {
        // conv 6→16, 5×5: fanIn 150, fanOut 400.
        #expect(abs(Double(Initializers.uniformBound(.xavierUniform, fanIn: 150, fanOut: 400)) - (6.0 / 550).squareRoot()) < 1e-7)
        #expect(abs(Initializers.standardDeviation(.xavierNormal, fanIn: 150, fanOut: 400) - (2.0 / 550).squareRoot()) < 1e-12)
        #expect(abs(Double(Initializers.uniformBound(.kaimingUniform, fanIn: 150, fanOut: 400)) - (6.0 / 150).squareRoot()) < 1e-7)
        #expect(abs(Initializers.standardDeviation(.kaimingNormal, fanIn: 150, fanOut: 400) - (2.0 / 150).squareRoot()) < 1e-12)
    }

    @Test("draws stay in range with the intended spread", arguments: WeightInit.allCases)
    func spread(_ scheme: WeightInit) {
        let count = 60_000
        var values = [Float](repeating: 0, count: count)
        var rng = SeededRNG(seed: 5)
        values.withUnsafeMutableBufferPointer { Initializers.fill($0, scheme: scheme, fanIn: 25, fanOut: 150, rng: &rng) }
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(count)
        let std = (values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(count)).squareRoot()
        let target = Initializers.standardDeviation(scheme, fanIn: 25, fanOut: 150)
        #expect(abs(mean) < 0.02 * target)
        #expect(abs(std - target) < 0.02 * target, "std \(std) vs \(target)")
        if scheme == .xavierUniform || scheme == .kaimingUniform {
            let bound = Initializers.uniformBound(scheme, fanIn: 25, fanOut: 150)
            #expect(values.allSatisfy { abs($0) < bound })
        }
    }

    /// A 3→2 and a 2→2 dense layer, weights and biases, in one 14-value arena.
    static let twoLayers = [ParameterSlot(name: "t0", shape: [6], offset: 0, fanIn: 3, fanOut: 2, isBias: false),
                            ParameterSlot(name: "t6", shape: [2], offset: 6, fanIn: 3, fanOut: 2, isBias: true),
                            ParameterSlot(name: "t8", shape: [4], offset: 8, fanIn: 2, fanOut: 2, isBias: false),
                            ParameterSlot(name: "t12", shape: [2], offset: 12, fanIn: 2, fanOut: 2, isBias: true)]

    @Test("weights in tensor order, elements row-major, biases zero without draws")
    func drawOrder() throws {
        let tensors = Self.twoLayers
        var arena = [Float](repeating: 9, count: 14)
        var rng = SeededRNG(seed: 42)
        try arena.withUnsafeMutableBufferPointer { try Initializers.initialize($0, tensors: tensors, scheme: .xavierUniform, rng: &rng) }
        var manual = SeededRNG(seed: 42)
        let a1 = Initializers.uniformBound(.xavierUniform, fanIn: 3, fanOut: 2)
        let a2 = Initializers.uniformBound(.xavierUniform, fanIn: 2, fanOut: 2)
        var expected = (0..<6).map { _ in manual.uniform(-a1, a1) }
        expected += [0, 0]
        expected += (0..<4).map { _ in manual.uniform(-a2, a2) }
        expected += [0, 0]
        #expect(arena == expected)
        #expect(rng == manual)
    }

    @Test("PyTorch-default biases: U(±1/√fanIn), drawn right after their weight")
    func pytorchBiases() throws {
        let tensors = Self.twoLayers
        var arena = [Float](repeating: 9, count: 14)
        var rng = SeededRNG(seed: 42)
        try arena.withUnsafeMutableBufferPointer {
            try Initializers.initialize($0, tensors: tensors, scheme: .xavierUniform, biases: .pytorch, rng: &rng)
        }
        var manual = SeededRNG(seed: 42)
        let a1 = Initializers.uniformBound(.xavierUniform, fanIn: 3, fanOut: 2)
        let a2 = Initializers.uniformBound(.xavierUniform, fanIn: 2, fanOut: 2)
        let b1 = Initializers.biasBound(fanIn: 3), b2 = Initializers.biasBound(fanIn: 2)
        #expect(abs(Double(b1) - 1 / 3.0.squareRoot()) < 1e-7)
        var expected = (0..<6).map { _ in manual.uniform(-a1, a1) }
        expected += (0..<2).map { _ in manual.uniform(-b1, b1) }
        expected += (0..<4).map { _ in manual.uniform(-a2, a2) }
        expected += (0..<2).map { _ in manual.uniform(-b2, b2) }
        #expect(arena == expected)
        #expect(rng == manual)
        #expect(arena[6..<8].allSatisfy { $0 != 0 && abs($0) < b1 })
    }

    @Test("tensors outside the arena or without fan throw")
    func errors() {
        var arena = [Float](repeating: 0, count: 4)
        var rng = SeededRNG(seed: 1)
        #expect(throws: InitializerError.self) {
            try arena.withUnsafeMutableBufferPointer {
                try Initializers.initialize($0, tensors: [ParameterSlot(name: "t2", shape: [3], offset: 2, fanIn: 1, fanOut: 1, isBias: false)],
                                            scheme: .kaimingNormal, rng: &rng)
            }
        }
        #expect(throws: InitializerError.self) {
            try arena.withUnsafeMutableBufferPointer {
                try Initializers.initialize($0, tensors: [ParameterSlot(name: "t0", shape: [4], offset: 0, fanIn: 0, fanOut: 1, isBias: false)],
                                            scheme: .kaimingNormal, rng: &rng)
            }
        }
    }
}

// Weight initialisation with PyTorch's formulas (torch.nn.init), drawn from SeededRNG.
//
// Draw order (part of the reproducibility contract, shared by the engine and emitted trainers):
// one generator, parameters in model order (`0.weight`, `0.bias`, `3.weight`, ...), the elements of
// each tensor in row-major order, one `uniform` or one `normal` call per element. Zero biases
// consume no draws; `pytorch` biases draw one `uniform` each, right after their layer's weight.
import Foundation

/// The weight initialisation schemes, as spelled in specs.
public enum WeightInit: String, Sendable, Equatable, CaseIterable {
    /// U(−a, a), a = gain·√(6 / (fanIn + fanOut)) (`xavier_uniform_`, gain 1).
    case xavierUniform = "xavier-uniform"
    /// N(0, σ²), σ = gain·√(2 / (fanIn + fanOut)) (`xavier_normal_`, gain 1).
    case xavierNormal = "xavier-normal"
    /// U(−b, b), b = √2·√(3 / fanIn) (`kaiming_uniform_` defaults: a = 0, fan_in, leaky_relu gain √2).
    case kaimingUniform = "kaiming-uniform"
    /// N(0, σ²), σ = √2 / √fanIn (`kaiming_normal_` defaults).
    case kaimingNormal = "kaiming-normal"
}

/// How biases start, as spelled in specs (`init: {weights: ..., biases: ...}`).
public enum BiasInit: String, Sendable, Equatable, CaseIterable {
    /// All zero: Caffe's `constant` filler and d2l's MXNet edition (`init.Xavier()` leaves biases 0).
    case zero
    /// U(−1/√fanIn, 1/√fanIn): what `nn.Linear` and `nn.Conv2d` draw when built. d2l's PyTorch
    /// `train_ch6` re-initialises only the weights (`xavier_uniform_`), so its biases keep these.
    case pytorch
}

/// A problem with the tensors given to the initialiser.
public struct InitializerError: Error, CustomStringConvertible, Sendable, Equatable {
    public let problem: String
    public var description: String { "initialiser: \(problem)" }
}

public enum Initializers {
    /// √2: `torch.nn.init.calculate_gain("leaky_relu", 0)`, the kaiming default.
    static let kaimingGain = 2.0.squareRoot()

    /// The half-width of the uniform distribution, computed in Double the way PyTorch does
    /// (std first, then √3·std), and rounded to Float.
    public static func uniformBound(_ scheme: WeightInit, fanIn: Int, fanOut: Int) -> Float {
        Float(3.0.squareRoot() * standardDeviation(scheme, fanIn: fanIn, fanOut: fanOut))
    }

    /// The standard deviation the scheme aims for (of the normal, or of the uniform).
    public static func standardDeviation(_ scheme: WeightInit, fanIn: Int, fanOut: Int) -> Double {
        switch scheme {
        case .xavierUniform, .xavierNormal:
            return 1.0 * (2.0 / Double(fanIn + fanOut)).squareRoot()
        case .kaimingUniform, .kaimingNormal:
            return kaimingGain / Double(fanIn).squareRoot()
        }
    }

    /// Fills `values` (one weight tensor, row-major) with draws from `rng`, one per element in order.
    public static func fill(_ values: UnsafeMutableBufferPointer<Float>, scheme: WeightInit, fanIn: Int, fanOut: Int,
                            rng: inout SeededRNG) {
        switch scheme {
        case .xavierUniform, .kaimingUniform:
            let bound = uniformBound(scheme, fanIn: fanIn, fanOut: fanOut)
            for i in values.indices { values[i] = rng.uniform(-bound, bound) }
        case .xavierNormal, .kaimingNormal:
            let std = Float(standardDeviation(scheme, fanIn: fanIn, fanOut: fanOut))
            for i in values.indices { values[i] = rng.normal(mean: 0, std: std) }
        }
    }

    /// The half-width of PyTorch's default bias distribution, 1/√fanIn, computed in Double.
    public static func biasBound(fanIn: Int) -> Float {
        Float(1 / Double(fanIn).squareRoot())
    }

    /// Initialises a whole arena: tensors in order, weights drawn with `scheme`, biases zeroed or
    /// drawn as `biases` says. Throws when a tensor lies outside the arena or has a fan of zero or less.
    public static func initialize(_ arena: UnsafeMutableBufferPointer<Float>, tensors: [ParameterSlot],
                                  scheme: WeightInit, biases: BiasInit = .zero,
                                  rng: inout SeededRNG) throws(InitializerError) {
        for (i, tensor) in tensors.enumerated() {
            guard tensor.offset >= 0, tensor.count >= 0, tensor.offset + tensor.count <= arena.count else {
                throw InitializerError(problem: "tensor \(i) (offset \(tensor.offset), \(tensor.count) values) lies outside the \(arena.count)-value arena")
            }
            let slice = UnsafeMutableBufferPointer(rebasing: arena[tensor.offset..<(tensor.offset + tensor.count)])
            if tensor.isBias && biases == .zero {
                slice.update(repeating: 0)
                continue
            }
            guard tensor.fanIn > 0, tensor.fanOut > 0 else {
                throw InitializerError(problem: "tensor \(i) has fan-in \(tensor.fanIn) and fan-out \(tensor.fanOut); both must be positive")
            }
            if tensor.isBias {
                let bound = biasBound(fanIn: tensor.fanIn)
                for j in slice.indices { slice[j] = rng.uniform(-bound, bound) }
            } else {
                fill(slice, scheme: scheme, fanIn: tensor.fanIn, fanOut: tensor.fanOut, rng: &rng)
            }
        }
    }
}

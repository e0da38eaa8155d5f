import LenetRuntime

/// Element-wise activation functions. Every derivative is computed from the activation's output, so
/// the network keeps only outputs for the backward pass.
public enum Activation: String, Sendable, Equatable, CaseIterable {
    case identity, sigmoid, relu, tanh

    /// y[i] = f(x[i] + bias) for `count` elements (`x` and `y` may be the same buffer).
    @inline(__always)
    public func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, bias: Float = 0) {
        var i = 0
        let b = SIMD8<Float>(repeating: bias)
        switch self {
        case .identity:
            while i + 8 <= count { store8(load8(x + i) + b, y + i); i += 8 }
            while i < count { y[i] = x[i] + bias; i += 1 }
        case .sigmoid:
            while i + 8 <= count { store8(VectorMath.sigmoid(load8(x + i) + b), y + i); i += 8 }
            if i < count {
                let rest = count - i
                storePartial(VectorMath.sigmoid(loadPartial(x + i, rest) + b), y + i, rest)
            }
        case .tanh:
            while i + 8 <= count { store8(VectorMath.tanh(load8(x + i) + b), y + i); i += 8 }
            if i < count {
                let rest = count - i
                storePartial(VectorMath.tanh(loadPartial(x + i, rest) + b), y + i, rest)
            }
        case .relu:
            // NaN < 0 is false, so NaN passes through as in PyTorch's relu.
            let zero = SIMD8<Float>(repeating: 0)
            while i + 8 <= count {
                let v = load8(x + i) + b
                store8(v.replacing(with: zero, where: v .< zero), y + i)
                i += 8
            }
            while i < count {
                let v = x[i] + bias
                y[i] = v < 0 ? 0 : v
                i += 1
            }
        }
    }

    /// dx[i] = dy[i] · f′ expressed through the output y (PyTorch's backward formulas:
    /// sigmoid dy·(1 − y)·y, tanh dy·(1 − y²), relu dy where y > 0). `dx` may alias `dy`.
    @inline(__always)
    public func backward(output y: UnsafePointer<Float>, outputGrad dy: UnsafePointer<Float>,
                         inputGrad dx: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        switch self {
        case .identity:
            if UnsafePointer(dx) != dy { dx.update(from: dy, count: count) }
        case .sigmoid:
            while i + 8 <= count {
                let v = load8(y + i)
                store8(load8(dy + i) * (1 - v) * v, dx + i)
                i += 8
            }
            while i < count { dx[i] = dy[i] * (1 - y[i]) * y[i]; i += 1 }
        case .tanh:
            while i + 8 <= count {
                let v = load8(y + i)
                store8(load8(dy + i) * (1 - v * v), dx + i)
                i += 8
            }
            while i < count { dx[i] = dy[i] * (1 - y[i] * y[i]); i += 1 }
        case .relu:
            let zero = SIMD8<Float>(repeating: 0)
            while i + 8 <= count {
                let v = load8(y + i)
                let g = load8(dy + i)
                store8(zero.replacing(with: g, where: v .> zero), dx + i)
                i += 8
            }
            while i < count { dx[i] = y[i] > 0 ? dy[i] : 0; i += 1 }
        }
    }
}

import LenetSpec

/// The vector math an emitted network writes out, as Swift text: relu and the lane sum. e^x, sigmoid and
/// tanh are the runtime's `VectorMath`, which the engine uses too.
enum MathText {
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

    /// `VectorMath.sigmoid(s)`: the activation applied to a vector expression.
    static func apply(_ kind: ActivationKind, _ x: String) -> String {
        switch kind {
        case .sigmoid, .tanh: return "VectorMath.\(kind.rawValue)(\(x))"
        case .relu: return "relu(\(x))"
        }
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

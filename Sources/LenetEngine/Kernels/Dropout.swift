/// Inverted dropout: during training each element is kept with probability 1 − p and scaled by
/// 1/(1 − p) (PyTorch's `nn.Dropout`); at evaluation it is the identity. The mask is drawn by the
/// caller (from the run's seeded generator) so that it does not depend on how the batch is split
/// between threads.
public enum Dropout {
    /// The value a kept element is multiplied by: 1/(1 − p), or 0 when p = 1 (everything dropped).
    public static func scale(rate p: Double) -> Float {
        p >= 1 ? 0 : 1 / Float(1 - p)
    }

    /// Fills `mask` from uniform draws in [0, 1): element i is kept (mask = scale) when u < 1 − p.
    /// `uniform` is called once per element, in order.
    public static func fillMask(_ mask: UnsafeMutablePointer<Float>, count: Int, rate p: Double,
                                uniform: () -> Float) {
        let keep = Float(1 - p)
        let value = scale(rate: p)
        for i in 0..<count { mask[i] = uniform() < keep ? value : 0 }
    }

    /// y = x · mask (`x` and `y` may alias).
    @inline(__always)
    public static func forward(_ x: UnsafePointer<Float>, mask: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                               count: Int) {
        var i = 0
        while i + 8 <= count { store8(load8(x + i) * load8(mask + i), y + i); i += 8 }
        while i < count { y[i] = x[i] * mask[i]; i += 1 }
    }

    /// dx = dy · mask (`dx` and `dy` may alias).
    @inline(__always)
    public static func backward(outputGrad dy: UnsafePointer<Float>, mask: UnsafePointer<Float>,
                                inputGrad dx: UnsafeMutablePointer<Float>, count: Int) {
        forward(dy, mask: mask, dx, count: count)
    }
}

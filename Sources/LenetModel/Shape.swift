import LenetSpec

/// The shape of one example's tensor between layers: an image (channels × height × width) or a flat
/// vector. The batch dimension is implicit.
public enum Shape: Sendable, Equatable, CustomStringConvertible {
    case image(c: Int, h: Int, w: Int)
    case flat(Int)

    /// The sizes, outermost first: `[6, 28, 28]` or `[400]`.
    public var dimensions: [Int] {
        switch self {
        case let .image(c, h, w): return [c, h, w]
        case let .flat(n): return [n]
        }
    }

    /// Number of floats in one example.
    public var count: Int { saturatingProduct(dimensions) }

    /// `6×28×28` or `400`.
    public var description: String {
        switch self {
        case let .image(c, h, w): return "\(c)×\(h)×\(w)"
        case let .flat(n): return "\(n)"
        }
    }

    /// PyTorch's view with the batch in front: `(B, 6, 28, 28)`.
    public var batched: String {
        switch self {
        case let .image(c, h, w): return "(B, \(c), \(h), \(w))"
        case let .flat(n): return "(B, \(n))"
        }
    }

    public var spatial: Pair? {
        if case let .image(_, h, w) = self { return Pair(h, w) }
        return nil
    }
}

/// Products and sums that stop at `Int.max` instead of trapping: counts of absurd specs are reported
/// as "too large", never crash.
public func saturatingProduct(_ factors: [Int]) -> Int {
    var result = 1
    for factor in factors {
        let (value, overflow) = result.multipliedReportingOverflow(by: factor)
        if overflow { return Int.max }
        result = value
    }
    return result
}

public func saturatingSum(_ terms: [Int]) -> Int {
    var result = 0
    for term in terms {
        let (value, overflow) = result.addingReportingOverflow(term)
        if overflow { return Int.max }
        result = value
    }
    return result
}

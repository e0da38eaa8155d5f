/// A memory stride with a name: `out1Row = 28` vectors from one stored row of `out1` to the next.
/// Emitted kernels declare the strides they use (`let out1Row = 28, out1Plane = 784`) and index
/// with the names, `out1[oy * out1Row + ox + 5 * out1Plane + 1]`, so an index reads like the tensor
/// coordinate it addresses; the compiler folds the constants as it folded the literals.
struct Stride: Equatable, Sendable {
    var name: String
    var value: Int
    init(_ name: String, _ value: Int) {
        self.name = name
        self.value = value
    }
}

/// An integer expression `c₁·v₁·s₁ + … + k₁·s₂ + … + k` over loop variables `v` and named strides
/// `s`, folded while the emitter builds indices, so emitted code reads
/// `ci * out2Plane + oy * out2Row + ox + 30` rather than nested products.
struct Affine: Equatable, CustomStringConvertible {
    /// `coefficient · variable · strides…`; either part may be absent (`2 * out1Row`, `ox`).
    struct Term: Equatable {
        var variable: String?
        var strides: [Stride]
        var coefficient: Int
        func sameFactors(_ other: Term) -> Bool { variable == other.variable && strides == other.strides }
    }

    /// Terms in the order they first appeared.
    private(set) var terms: [Term] = []
    private(set) var constant: Int = 0

    init(_ constant: Int) { self.constant = constant }
    init(_ name: String) { terms = [Term(variable: name, strides: [], coefficient: 1)] }

    static func + (a: Affine, b: Affine) -> Affine {
        var out = a
        out.constant += b.constant
        for term in b.terms {
            if let i = out.terms.firstIndex(where: { $0.sameFactors(term) }) {
                out.terms[i].coefficient += term.coefficient
            } else {
                out.terms.append(term)
            }
        }
        out.terms.removeAll { $0.coefficient == 0 }
        return out
    }

    static func + (a: Affine, k: Int) -> Affine { a + Affine(k) }

    static func * (a: Affine, k: Int) -> Affine {
        var out = a
        out.constant *= k
        for i in out.terms.indices { out.terms[i].coefficient *= k }
        out.terms.removeAll { $0.coefficient == 0 }
        return out
    }

    /// Every term times the stride (named; a stride of 1 leaves the expression as it is).
    static func * (a: Affine, s: Stride) -> Affine {
        if s.value == 1 { return a }
        var out = Affine(0)
        for var term in a.terms {
            term.strides.append(s)
            out = out + Affine(term: term)
        }
        if a.constant != 0 { out = out + Affine(term: Term(variable: nil, strides: [s], coefficient: a.constant)) }
        return out
    }

    private init(term: Term) { terms = [term] }

    /// No loop variable and no stride: a plain number.
    var isConstant: Bool { terms.isEmpty }

    /// The number the expression stands for, given the loop variables' values.
    func value(_ variables: [String: Int] = [:]) -> Int {
        terms.reduce(constant) { sum, term in
            let v = term.variable.map { variables[$0]! } ?? 1
            return sum + term.strides.reduce(term.coefficient * v) { $0 * $1.value }
        }
    }

    /// `ci * out2Plane + oy * out2Row + ox + 2 * out2Row + 2`, `co * 288 - ky * 3 + 8`; `0` when
    /// empty. Terms with a loop variable come first, then stride multiples, then the number.
    var description: String {
        var text = ""
        let ordered = terms.filter { $0.variable != nil } + terms.filter { $0.variable == nil }
        for term in ordered {
            let magnitude = abs(term.coefficient)
            var factors = term.variable.map { [$0] } ?? []
            if magnitude != 1 { factors.append("\(magnitude)") }
            factors += term.strides.map(\.name)
            let product = factors.joined(separator: " * ")
            if text.isEmpty {
                text = term.coefficient < 0 ? "-" + product : product
            } else {
                text += (term.coefficient < 0 ? " - " : " + ") + product
            }
        }
        if text.isEmpty { return "\(constant)" }
        if constant > 0 { text += " + \(constant)" }
        if constant < 0 { text += " - \(-constant)" }
        return text
    }

    /// `p[ci * 196 + 3]`, or `p[0]`.
    func subscripting(_ pointer: String) -> String { "\(pointer)[\(self)]" }

    /// `p + ci * 196`, or `p` alone when the offset is zero.
    func offsetting(_ pointer: String) -> String {
        if terms.isEmpty && constant == 0 { return pointer }
        if terms.isEmpty && constant < 0 { return "\(pointer) - \(-constant)" }
        let text = description
        return text.hasPrefix("-") ? "\(pointer) - \(text.dropFirst())" : "\(pointer) + \(text)"
    }
}

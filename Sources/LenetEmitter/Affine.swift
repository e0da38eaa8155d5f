/// An integer expression `c₁·v₁ + c₂·v₂ + … + k` over loop variables, folded while the emitter
/// builds indices, so emitted code reads `ci * 196 + oy * 14 + ox + 30` rather than nested products.
struct Affine: Equatable, CustomStringConvertible {
    /// Variables with their coefficients, in the order they first appeared.
    private(set) var terms: [(name: String, coefficient: Int)] = []
    private(set) var constant: Int = 0

    init(_ constant: Int) { self.constant = constant }
    init(_ name: String) { terms = [(name, 1)] }

    static func == (a: Affine, b: Affine) -> Bool {
        a.constant == b.constant && a.terms.count == b.terms.count
            && zip(a.terms, b.terms).allSatisfy { $0.name == $1.name && $0.coefficient == $1.coefficient }
    }

    static func + (a: Affine, b: Affine) -> Affine {
        var out = a
        out.constant += b.constant
        for term in b.terms {
            if let i = out.terms.firstIndex(where: { $0.name == term.name }) {
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

    var isConstant: Bool { terms.isEmpty }

    /// `ci * 196 + oy * 14 + ox + 30`, `co * 288 - ky * 3 + 8`; `0` when empty.
    var description: String {
        var text = ""
        for (name, coefficient) in terms {
            let magnitude = abs(coefficient) == 1 ? name : "\(name) * \(abs(coefficient))"
            if text.isEmpty {
                text = coefficient < 0 ? "-" + magnitude : magnitude
            } else {
                text += (coefficient < 0 ? " - " : " + ") + magnitude
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

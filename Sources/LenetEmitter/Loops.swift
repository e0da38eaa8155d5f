/// Loop shapes shared by the kernel renderers: literal bounds, and no loop at all for one iteration.
extension SwiftWriter {
    /// `for v in 0..<n { … }` with `v` as the index; the body alone with 0 when n is 1.
    func loop(_ variable: String, _ n: Int, _ body: (Affine) -> Void) {
        if n == 1 {
            body(Affine(0))
        } else {
            block("for \(variable) in 0..<\(n)") { body(Affine(variable)) }
        }
    }

    /// Tiles of `tile` along `extent`: full tiles in a loop (or inline when there is one), then the
    /// remainder tile, whose size the body receives.
    func tiles(_ variable: String, extent: Int, tile: Int, _ body: (Affine, Int) -> Void) {
        let full = extent / tile, remainder = extent % tile
        if full == 1 {
            body(Affine(0), tile)
        } else if full > 1 {
            let header = tile == 1 ? "for \(variable) in 0..<\(full)"
                : "for \(variable) in stride(from: 0, to: \(full * tile), by: \(tile))"
            block(header) { body(Affine(variable), tile) }
        }
        if remainder > 0 { body(Affine(full * tile), remainder) }
    }
}

/// `a, b, c` for the first n names made by `name`.
func list(_ n: Int, _ name: (Int) -> String) -> String {
    (0..<n).map(name).joined(separator: ", ")
}

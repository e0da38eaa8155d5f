/// Loop shapes shared by the kernel renderers: literal bounds, no loop at all for one iteration, and a
/// thread part's share of tiles or channels.
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

    /// This part's share of the tiles of `tile` along `extent` (`tiles · part / parts` up to
    /// `tiles · (part + 1) / parts`); a remainder tile goes to the last part.
    func partTiles(_ variable: String, extent: Int, tile: Int, _ body: (Affine, Int) -> Void) {
        let full = extent / tile, remainder = extent % tile
        if full > 0 {
            block("for \(variable) in \(full) * part / parts..<\(full) * (part + 1) / parts") {
                line("let \(variable)0 = \(variable) * \(tile)")
                body(Affine("\(variable)0"), tile)
            }
        }
        if remainder > 0 {
            block("if part == parts - 1") { body(Affine(full * tile), remainder) }
        }
    }

    /// `partTiles` when `split`, else every tile (`tiles`).
    func splitTiles(_ split: Bool, _ variable: String, extent: Int, tile: Int, _ body: (Affine, Int) -> Void) {
        if split { partTiles(variable, extent: extent, tile: tile, body) } else { tiles(variable, extent: extent, tile: tile, body) }
    }

    /// `for c in 0..<n` (no loop for one), or `for c in c0..<c1` over the channels `range` names.
    func channelLoop(_ variable: String, _ n: Int, _ range: String?, _ body: (Affine) -> Void) {
        if let range {
            block("for \(variable) in \(range)") { body(Affine(variable)) }
        } else {
            loop(variable, n, body)
        }
    }

    /// Groups `g` of the batch in tiles of `tile`, then one at a time: `body(size)` with `g` the
    /// tile's first group.
    func groupTiles(tile: Int, _ body: (Int) -> Void) {
        line("var g = 0")
        block("while g + \(tile) <= groups") {
            body(tile)
            line("g += \(tile)")
        }
        if tile > 1 {
            block("while g < groups") {
                body(1)
                line("g += 1")
            }
        }
    }
}

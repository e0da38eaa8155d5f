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

    /// Groups `g` of the batch in tiles of `tile`, then tiles of 2, then one: `body(size)` with `g`
    /// the tile's first group. The tiles of `tile` stop where they would leave a single group (4 left
    /// are 2 + 2), because a one-group tile of 4 outputs has only 4 independent FMA chains, half of
    /// what hides the FMA latency on two pipes, and needs more loads than FMAs: tf-deep-mnist's 7
    /// groups ran as 3 + 3 + 1 at the cost of 8, now 3 + 2 + 2.
    func groupTiles(tile: Int, _ body: (Int) -> Void) {
        line("var g = 0")
        if tile <= 2 {
            block("while g + \(tile) <= groups") {
                body(tile)
                line("g += \(tile)")
            }
        } else {
            block("while groups - g >= \(tile + 2) || groups - g == \(tile)") {
                body(tile)
                line("g += \(tile)")
            }
            block("while groups - g >= 2") {
                body(2)
                line("g += 2")
            }
        }
        if tile > 1 {
            block("if g < groups") {
                body(1)
            }
        }
    }
}

import LenetModel

/// Winograd's minimal filtering F(m×m, r×r) (Lavin & Gray, "Fast Algorithms for Convolutional Neural
/// Networks", 2016): an m×m tile of a stride-1 convolution's output is
///
///     Y = Aᵀ · [ Σ_i (G · w[c, i] · Gᵀ) ⊙ (Bᵀ · d[i] · B) ] · A
///
/// where d[i] is the tile's α×α window (α = m + r − 1) of input channel i. The products in the middle
/// are α² multiplies per input channel and tile where the direct convolution spends m²·r²: F(2×2, 3×3)
/// 16 against 36, F(4×4, 3×3) 36 against 144, F(2×2, 5×5) 36 against 100. The transforms are
/// additions (and multiplies by small integers), done once per input channel and tile (Bᵀ·d·B) and
/// once per output channel and tile (Aᵀ·M·A), so they are amortised over the other channel count; the
/// filter transform G·w·Gᵀ runs once a step.
///
/// The matrices come from Toom-Cook interpolation at the points 0, 1, −1 (α = 4) or 0, ±1, ±2
/// (α = 6), and ∞: with M(x) = Π (x − p) over the finite points and M_j(x) = M(x) / (x − p_j),
/// row j of Bᵀ holds the coefficients of M_j and its last row those of M; row j of G is
/// (1, p_j, …, p_j^(r−1)) / M_j(p_j) and its last row (0, …, 0, 1); column j of Aᵀ is
/// (1, p_j, …, p_j^(m−1)) and its last column (0, …, 0, 1). Bᵀ and Aᵀ are small integers, exact in
/// float32. Larger windows need points such as ±1/2, whose rounding error grows past what float32
/// training tolerates, so α stays at most 6.
public struct WinogradMatrices: Sendable, Equatable {
    /// Output tile size m.
    public let m: Int
    /// Kernel size r.
    public let r: Int
    /// Window size α = m + r − 1: each m×m output tile reads an α×α input window.
    public var alpha: Int { m + r - 1 }
    /// Aᵀ, m × α: the output transform.
    public let at: [[Double]]
    /// G, α × r: the filter transform.
    public let g: [[Double]]
    /// Bᵀ, α × α: the input transform.
    public let bt: [[Double]]

    /// The (m, r) with matrices: windows of 4 or 6.
    public static let sizes = [(2, 3), (4, 3), (2, 5)]

    public init(output m: Int, kernel r: Int) {
        precondition(Self.sizes.contains { $0 == (m, r) }, "Winograd F(\(m)×\(m), \(r)×\(r)) is not supported")
        self.m = m
        self.r = r
        let alpha = m + r - 1
        let points = Array([0.0, 1, -1, 2, -2].prefix(alpha - 1))
        // Coefficients (lowest power first) of Π (x − p) over `roots`.
        func poly(_ roots: [Double]) -> [Double] {
            var c = [1.0]
            for p in roots {
                var next = [Double](repeating: 0, count: c.count + 1)
                for (k, a) in c.enumerated() {
                    next[k + 1] += a
                    next[k] -= p * a
                }
                c = next
            }
            return c
        }
        func padded(_ c: [Double]) -> [Double] { c + [Double](repeating: 0, count: alpha - c.count) }
        var bt: [[Double]] = []
        var g: [[Double]] = []
        var at = [[Double]](repeating: [], count: m)
        for (j, p) in points.enumerated() {
            var others = points
            others.remove(at: j)
            bt.append(padded(poly(others)))
            let scale = others.reduce(1.0) { $0 * (p - $1) }
            g.append((0..<r).map { k in (0..<k).reduce(1.0) { acc, _ in acc * p } / scale })
            for k in 0..<m { at[k].append((0..<k).reduce(1.0) { acc, _ in acc * p }) }
        }
        bt.append(padded(poly(points)))
        g.append((0..<r).map { $0 == r - 1 ? 1 : 0 })
        for k in 0..<m { at[k].append(k == m - 1 ? 1 : 0) }
        self.bt = bt
        self.g = g
        self.at = at
    }
}

/// One convolution computed with F(m×m, r×r) in an emitted network: a block's forward pass, or its
/// gathered input gradient (the forward pass of the flipped convolution, `Tiling.flipped`). Every
/// size is a number; `WinogradRenderer` lays it out.
public struct WinogradConv: Sendable, Equatable {
    /// Output tile size m.
    public var output: Int
    public var kernel: Int
    /// Channels the convolution reads and writes (for the input gradient: the block's output
    /// channels in, its input channels out).
    public var inChannels: Int
    public var outChannels: Int
    /// m×m output tiles down and across.
    public var tilesY: Int
    public var tilesX: Int
    /// Rows of tiles transformed at once: the block's transformed inputs, α² × inChannels × tiles
    /// vectors, stay in the L2 cache while every output channel takes its products from them.
    public var rowsPerBlock: Int
    /// Register tile of the products: output channels × tiles, summed over the input channels.
    public var channelTile: Int
    public var tileColumns: Int
    /// Where its transformed filters start in the network's Winograd weights (floats):
    /// U[ξ][o][i] at weightOffset + (ξ · outChannels + o) · inChannels + i.
    public var weightOffset = 0
    /// Whether the filters are flipped and their channel axes swapped (the input gradient's).
    public var flipped = false

    public var alpha: Int { output + kernel - 1 }
    /// α²: the points of the Winograd domain.
    public var points: Int { alpha * alpha }
    /// Tiles in one block of `rowsPerBlock` rows.
    public var blockTiles: Int { tilesX * rowsPerBlock }
    /// Vectors of one thread's scratch: the block's transformed inputs, then their products.
    public var transformedVectors: Int { points * inChannels * blockTiles }
    public var scratchVectors: Int { transformedVectors + points * outChannels * blockTiles }
    public var weightFloats: Int { points * outChannels * inChannels }
}

/// Which of a conv block's convolutions run as F(m×m, r×r).
public struct WinogradPlan: Sendable, Equatable {
    public var forward: WinogradConv?
    /// The gathered input gradient's (flipped filters).
    public var gather: WinogradConv?
}

extension Tiling {
    /// Least channels in and out for Winograd. The input transform (≈ 4α² operations per input channel
    /// and tile) is amortised over the output channels, the output transform over the input channels.
    /// LeNet's 6 → 16 convolution (14×14 → 10×10, 5×5) measured no faster as F(2×2, 5×5): its block's
    /// forward 0.71-0.79 against 0.71-0.76 ms a batch of 256 (`--profile --threads 2`, three
    /// alternating runs), so it stays direct.
    static let winogradChannels = 16

    /// Whether a stride-1 convolution of geometry `g` (its forward pass, or `flipped(g)` for a gathered
    /// input gradient) runs as F(m×m, r×r), and its tiles: square kernels of 3 or 5, an output of
    /// whole m×m tiles, and at least `winogradChannels` channels in and out. 3×3 kernels take 4×4
    /// tiles where the output divides into them (36 products per 16 outputs instead of 16 per 4), else
    /// 2×2 ones.
    static func winograd(_ g: ConvGeometry, flipped: Bool) -> WinogradConv? {
        guard g.strideH == 1, g.strideW == 1, g.kernelH == g.kernelW,
              g.inChannels >= winogradChannels, g.outChannels >= winogradChannels,
              let m = WinogradMatrices.sizes.filter({ $0.1 == g.kernelH }).map(\.0).sorted(by: >)
                .first(where: { g.outHeight % $0 == 0 && g.outWidth % $0 == 0 }) else { return nil }
        let alpha = m + g.kernelH - 1
        let tilesY = g.outHeight / m, tilesX = g.outWidth / m
        // The most rows of tiles (a divisor of the rows) whose transformed inputs and products fit
        // `winogradBlockBytes`.
        let rowBytes = alpha * alpha * (g.inChannels + g.outChannels) * tilesX * 32
        let rows = (1...tilesY).last { tilesY % $0 == 0 && $0 * rowBytes <= winogradBlockBytes } ?? 1
        let (cb, xb) = winogradTile(tiles: tilesX * rows)
        return WinogradConv(output: m, kernel: g.kernelH, inChannels: g.inChannels, outChannels: g.outChannels,
                            tilesY: tilesY, tilesX: tilesX, rowsPerBlock: rows, channelTile: cb, tileColumns: xb,
                            flipped: flipped)
    }

    /// Most bytes of transformed inputs and products a block keeps (most of Zen 4's 1 MiB L2; the
    /// filters need the rest).
    static let winogradBlockBytes = 768 * 1024

    /// The products' register tile: cb output channels × xb tiles, each step cb broadcasts of U and
    /// xb loads of V for cb · xb FMAs; the fewest cycles per FMA over the block's tiles, with the
    /// remainder tile counted, within 12 accumulators and 16 registers.
    static func winogradTile(tiles: Int) -> (Int, Int) {
        var best = (4, 3), bestCost = Double.infinity
        for cb in 1...8 {
            for xb in 1...4 where cb * xb <= maxAccumulators && cb * xb + xb + 1 <= registers {
                var cost = 0.0
                for part in split(tiles, by: xb) {
                    let fmas = Double(cb * part.size)
                    cost += Double(part.count) * cycles(fmas: fmas, loads: Double(cb + part.size), chain: 1)
                }
                // Ties go to the tile with fewer loads per FMA (the larger one).
                cost = cost / Double(cb * tiles) + 1e-3 * Double(cb + xb) / Double(cb * xb)
                if cost < bestCost { best = (cb, xb); bestCost = cost }
            }
        }
        return best
    }
}

import Foundation

/// Draws training curves as a standalone SVG, the way d2l's `Animator` plots `train_ch6`: epochs on x,
/// train loss (solid), train acc (dashed, magenta) and test acc (dash-dot, green) on one y axis, with
/// a legend. Opens in any browser.
public struct TrainingPlot: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: String
        public var dash: String?
        public init(name: String, points: [(x: Double, y: Double)], color: String, dash: String?) {
            self.name = name
            self.points = points
            self.color = color
            self.dash = dash
        }
    }

    public var title: String
    public var series: [Series]
    /// The x range, normally [1, epochs] as d2l's `xlim`.
    public var xRange: ClosedRange<Double>

    public init(title: String, series: [Series], xRange: ClosedRange<Double>) {
        self.title = title
        self.series = series
        self.xRange = xRange
    }

    /// d2l's three curves from per-epoch records.
    public init(title: String, records: [EpochRecord], epochs: Int) {
        self.title = title
        self.series = [
            Series(name: "train loss", points: records.map { (Double($0.epoch), $0.loss) }, color: "#1f77b4", dash: nil),
            Series(name: "train acc", points: records.map { (Double($0.epoch), $0.trainAccuracy) }, color: "#bf00bf", dash: "7,4"),
            Series(name: "test acc", points: records.map { (Double($0.epoch), $0.testAccuracy) }, color: "#008000", dash: "9,4,2,4"),
        ]
        self.xRange = 1...Double(max(2, epochs))
    }

    /// The SVG document.
    public func svg(width: Int = 640, height: Int = 420) -> String {
        let left = 60.0, right = 20.0, top = 40.0, bottom = 50.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        var yMax = max(1.0, ys.max() ?? 1)
        yMax = niceCeiling(yMax)
        let yMin = min(0.0, ys.min() ?? 0)
        func px(_ x: Double) -> Double { left + (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - yMin) / (yMax - yMin)) * plotH }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(Double(width) / 2)" y="22" text-anchor="middle" font-size="14">\(escape(title))</text>

        """
        // Grid and ticks.
        for tick in ticks(xRange.lowerBound, xRange.upperBound, integer: true) {
            let x = px(tick)
            out += "<line x1=\"\(r(x))\" y1=\"\(r(top))\" x2=\"\(r(x))\" y2=\"\(r(top + plotH))\" stroke=\"#e0e0e0\"/>\n"
            out += "<text x=\"\(r(x))\" y=\"\(r(top + plotH + 18))\" text-anchor=\"middle\">\(label(tick))</text>\n"
        }
        for tick in ticks(yMin, yMax, integer: false) {
            let y = py(tick)
            out += "<line x1=\"\(r(left))\" y1=\"\(r(y))\" x2=\"\(r(left + plotW))\" y2=\"\(r(y))\" stroke=\"#e0e0e0\"/>\n"
            out += "<text x=\"\(r(left - 8))\" y=\"\(r(y + 4))\" text-anchor=\"end\">\(label(tick))</text>\n"
        }
        out += "<rect x=\"\(r(left))\" y=\"\(r(top))\" width=\"\(r(plotW))\" height=\"\(r(plotH))\" fill=\"none\" stroke=\"black\"/>\n"
        out += "<text x=\"\(r(left + plotW / 2))\" y=\"\(height - 12)\" text-anchor=\"middle\">epoch</text>\n"
        // Curves.
        for s in series {
            let finite = s.points.filter { $0.y.isFinite }
            guard !finite.isEmpty else { continue }
            let dash = s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            let points = finite.map { "\(r(px($0.x))),\(r(py($0.y)))" }.joined(separator: " ")
            out += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash) points=\"\(points)\"/>\n"
            for p in finite {
                out += "<circle cx=\"\(r(px(p.x)))\" cy=\"\(r(py(p.y)))\" r=\"2.5\" fill=\"\(s.color)\"><title>\(escape(s.name)) \(label(p.x)): \(fixed(p.y, 4))</title></circle>\n"
            }
        }
        // Legend, top right inside the axes as matplotlib places it.
        let legendX = left + plotW - 120, legendY = top + 10
        out += "<rect x=\"\(r(legendX - 8))\" y=\"\(r(legendY - 4))\" width=\"124\" height=\"\(series.count * 18 + 6)\" fill=\"white\" stroke=\"#c0c0c0\"/>\n"
        for (i, s) in series.enumerated() {
            let y = legendY + Double(i) * 18 + 8
            let dash = s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            out += "<line x1=\"\(r(legendX))\" y1=\"\(r(y))\" x2=\"\(r(legendX + 28))\" y2=\"\(r(y))\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash)/>\n"
            out += "<text x=\"\(r(legendX + 36))\" y=\"\(r(y + 4))\">\(escape(s.name))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// Writes the SVG through a temporary file and a rename, so a reader never sees half a plot.
    public func write(to path: String) throws(RuntimeFileError) {
        try TrainingPlot.file(path).replace(with: Array(svg().utf8))
    }

    /// The plot's file, for its error messages.
    public static func file(_ path: String) -> OutputFile { OutputFile(path: path, what: "plot", flag: "--plot") }

    private func ticks(_ lo: Double, _ hi: Double, integer: Bool) -> [Double] {
        let span = hi - lo
        guard span > 0 else { return [lo] }
        var step = pow(10, (log10(span / 5)).rounded(.down))
        for factor in [1.0, 2.0, 5.0, 10.0] where span / (step * factor) <= 6 {
            step *= factor
            break
        }
        if integer { step = max(1, step.rounded()) }
        var out: [Double] = []
        var t = (lo / step).rounded(.up) * step
        while t <= hi + step * 1e-9 {
            out.append(t)
            t += step
        }
        return out
    }

    private func niceCeiling(_ x: Double) -> Double {
        let step = pow(10, (log10(x)).rounded(.down)) / 2
        return (x / step).rounded(.up) * step
    }

    private func label(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(format: "%.2g", x)
    }

    private func r(_ x: Double) -> String { String(format: "%.1f", x) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

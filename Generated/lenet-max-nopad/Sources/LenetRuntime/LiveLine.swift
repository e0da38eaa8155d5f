import Foundation

/// One line of standard error redrawn in place with `\r`: what the training progress bar and the
/// download bar draw on. Redraws at most ten times a second, so a fast loop does not spend its time
/// writing to the terminal.
struct LiveLine {
    private var lastDraw = -Double.infinity
    /// Whether anything was drawn since the last `finish`.
    private(set) var drawn = false

    /// Draws `text()` unless the last draw was less than 0.1 s ago; `force` draws regardless (a
    /// last step, so the line ends complete).
    mutating func draw(force: Bool = false, _ text: () -> String) {
        let now = monotonicSeconds()
        guard force || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        drawn = true
        Console.err("\r" + text())
    }

    /// Ends the line, if one was drawn: `clear` wipes it so the next output starts on a clean line;
    /// otherwise it stays and the cursor moves to the next line.
    mutating func finish(clear: Bool) {
        guard drawn else { return }
        drawn = false
        Console.err(clear ? "\r" + String(repeating: " ", count: 100) + "\r" : "\n")
    }

    /// `width` cells, the first `fraction` of them (rounded down, clamped to [0, 1]) `full`.
    static func bar(_ fraction: Double, width: Int, full: Character, empty: Character) -> String {
        let filled = Int((min(1, max(0, fraction)) * Double(width)).rounded(.down))
        return String(repeating: full, count: filled) + String(repeating: empty, count: width - filled)
    }
}

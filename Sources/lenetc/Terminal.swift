import Foundation
import LenetRuntime

/// Where output goes and whether it may use colours or redraw lines.
enum Terminal {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colours only on a terminal and only when NO_COLOR is unset (https://no-color.org).
    static var stderrColors: Bool {
        isTTY(STDERR_FILENO) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    static func out(_ text: String) {
        Console.out(text)
    }

    static func err(_ text: String) {
        Console.err(text)
    }
}

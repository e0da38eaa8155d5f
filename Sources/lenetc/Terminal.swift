import Foundation

/// Where output goes and whether it may use colours or redraw lines.
enum Terminal {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colours only on a terminal and only when NO_COLOR is unset (https://no-color.org).
    static var stderrColors: Bool {
        isTTY(STDERR_FILENO) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

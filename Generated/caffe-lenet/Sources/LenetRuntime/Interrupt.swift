import Foundation

/// Ctrl-C handling for training loops: the first SIGINT only raises a flag, so the loop can finish
/// its batch, save, and exit with status 130; a second SIGINT exits at once.
public enum Interrupt {
    /// Installs the handler and clears any earlier request; call before training.
    public static func install() {
        interruptCount = 0
        // A parent may have started us with SIGINT blocked (Foundation's Process inherits the
        // spawning thread's mask); Ctrl-C must reach us all the same.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        signal(SIGINT) { _ in
            if interruptCount > 0 { _exit(130) }
            interruptCount += 1
        }
    }

    /// Asks the loop to stop after its current batch, as Ctrl-C does (for callers with their own
    /// reasons to stop, and for tests: signals may be blocked on test threads).
    public static func request() {
        interruptCount += 1
    }

    /// Whether Ctrl-C was pressed since `install()`.
    public static var requested: Bool { interruptCount > 0 }

    /// The exit status of a process stopped by SIGINT, by shell convention (128 + 2).
    public static let exitStatus: Int32 = 130
}

// Written only from the signal handler and read between batches; a plain word store is atomic on the
// platforms we build for, which is all a signal flag needs.
nonisolated(unsafe) private var interruptCount: Int32 = 0

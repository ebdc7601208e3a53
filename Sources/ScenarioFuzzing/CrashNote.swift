import Foundation

/// A line written to standard error if the process crashes while a case runs, naming the case so
/// that it can be reproduced; the crash then goes on as it would have (the Swift backtrace, or the
/// default action).
public enum CrashNote {
    private static let capacity = 1024
    nonisolated(unsafe) private static let text = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
    nonisolated(unsafe) private static var length = 0
    nonisolated(unsafe) private static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    nonisolated(unsafe) private static var installed = false
    private static let signals: [Int32] = [SIGSEGV, SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGABRT]

    /// Sets the note for the case about to run. Not thread-safe: call it from the one thread that
    /// hands out cases.
    public static func set(_ note: String) {
        install()
        let bytes = Array(("\n" + note + "\n").utf8.prefix(capacity))
        length = 0
        for (i, byte) in bytes.enumerated() { text[i] = CChar(bitPattern: byte) }
        length = bytes.count
    }

    private static func install() {
        guard !installed else { return }
        installed = true
        for signal in signals {
            var action = sigaction()
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            action.__sigaction_handler.sa_sigaction = { signal, _, _ in
                _ = Foundation.write(2, CrashNote.text, CrashNote.length)
                // Put back what was there before; the faulting instruction runs again and that handles it.
                sigaction(signal, CrashNote.previous + Int(signal), nil)
                if signal == SIGABRT || signal == SIGFPE { raise(signal) }
            }
            sigaction(signal, &action, previous + Int(signal))
        }
    }
}

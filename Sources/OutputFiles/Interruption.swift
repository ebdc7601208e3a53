import Foundation

/// What happens when the user presses Ctrl-C, or the system sends SIGTERM or SIGHUP, during a command.
///
/// The signals are blocked in every thread and taken by one thread of their own (`sigwait`), so that
/// handling one is ordinary code rather than a signal handler. On a signal, that thread waits for any
/// commit in progress to finish, removes the temporary files registered so far (and directories
/// made for them that stayed empty), says so on standard error, and ends the process by the same
/// signal, so that the shell sees how it ended (status 130 for SIGINT).
///
/// A command that writes results registers each temporary file before writing it and renames
/// them into place inside `commit`: an interrupted command leaves every result file whole, either
/// the new one or the one from before, and no temporary file. Only SIGKILL cannot be caught; the
/// temporary files it leaves are hidden (`.NAME.PID.tmp`) and the next write into the directory
/// removes them.
public enum Interruption {
    /// The signals that end a command cleanly.
    public static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false
    nonisolated(unsafe) private static var temporaryFiles: [String] = []
    nonisolated(unsafe) private static var createdDirectories: [String] = []
    private static let requestLock = NSLock()
    nonisolated(unsafe) private static var signalled = false

    /// Whether a signal has come: work still running may stop at its next step, as the process is
    /// ending (a long computation passes this as its `shouldStop`).
    public static var requested: Bool {
        requestLock.lock()
        defer { requestLock.unlock() }
        return signalled
    }

    /// Blocks the signals in this thread, and so in every thread started after, and starts the thread
    /// that takes them. Call it first thing in a command, before any other thread is started.
    public static func install() {
        lock.lock()
        defer { lock.unlock() }
        guard !installed else { return }
        installed = true
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let thread = Thread {
            while true {
                var set = signalSet()
                var signal: Int32 = 0
                guard sigwait(&set, &signal) == 0 else { continue }
                terminate(by: signal)
            }
        }
        thread.name = "onestop signals"
        thread.start()
    }

    /// Notes a temporary file that an interruption must remove; call before creating it.
    public static func register(temporaryFile path: String) {
        lock.lock()
        defer { lock.unlock() }
        temporaryFiles.append(path)
    }

    /// Notes a directory made for results, removed on interruption if it is still empty.
    public static func register(createdDirectory path: String) {
        lock.lock()
        defer { lock.unlock() }
        createdDirectories.append(path)
    }

    /// Forgets a temporary file that is gone (renamed into place or removed).
    public static func unregister(temporaryFile path: String) {
        lock.lock()
        defer { lock.unlock() }
        temporaryFiles.removeAll { $0 == path }
    }

    /// Runs `body` (renames of finished files into place) without interruption: a signal that
    /// arrives meanwhile takes effect once it returns. Registered directories count as kept.
    public static func commit<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        let result = try body()
        createdDirectories.removeAll()
        return result
    }

    private static func terminate(by signal: Int32) {
        requestLock.lock()
        signalled = true
        requestLock.unlock()
        lock.lock()   // held until the process ends: no commit starts after this
        let removedFiles = temporaryFiles.filter { unlink($0) == 0 }.count
        for path in createdDirectories.reversed() { rmdir(path) }
        let name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : signal == SIGHUP ? "SIGHUP" : "signal \(signal)"
        let removed = removedFiles == 0 ? "" : "; \(removedFiles) unfinished file\(removedFiles == 1 ? "" : "s") removed"
        FileHandle.standardError.write(Data("\nonestop: interrupted by \(name)\(removed)\n".utf8))
        endProcess(by: signal)
    }

    /// Ends the process by `signal` with its default action.
    private static func endProcess(by signal: Int32) -> Never {
        Foundation.signal(signal, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, signal)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(signal)
        _exit(128 + signal)   // not reached: the default action of these signals ends the process
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        return set
    }
}

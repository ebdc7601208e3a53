import Foundation

/// Runs `body(i)` for every i in 0..<count on up to `jobs` threads, each claiming the next i, and
/// returns when all are done; with one job, on the caller's thread. The threads get 8 MiB stacks
/// (a replication's deep structures need more than a secondary thread's default). With
/// `shouldStop`, no i is started once it says so.
///
/// Every parallel loop of the project (replications, sweep points, fits, back-test runs) goes
/// through here, so that they spread work and size stacks the same way.
public func parallel(count: Int, jobs: Int, shouldStop: (@Sendable () -> Bool)? = nil, _ body: @escaping @Sendable (Int) -> Void) {
    let next = NextIndex()
    let work: @Sendable () -> Void = {
        while shouldStop?() != true, let i = next.take(below: count) { body(i) }
    }
    let workers = max(1, min(jobs, count))
    if workers == 1 { work(); return }
    let group = DispatchGroup()
    for _ in 0..<workers {
        group.enter()
        let thread = Thread {
            work()
            group.leave()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    group.wait()
}

/// The next index to claim, shared between worker threads.
private final class NextIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

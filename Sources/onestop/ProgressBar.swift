import Foundation

/// A progress line on standard error, redrawn in place: replications done, events per second, ETA.
final class ProgressBar: @unchecked Sendable {
    private let enabled: Bool
    private let total: Int
    private let start = Date()
    private let lock = NSLock()
    private var drawn = false
    private let unit: String

    init(enabled: Bool, total: Int, unit: String = "replications") {
        self.enabled = enabled
        self.total = total
        self.unit = unit
    }

    var update: @Sendable (Int, Int, Int) -> Void {
        { [self] done, total, events in self.draw(done: done, total: total, events: events) }
    }

    private func draw(done: Int, total: Int, events: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Date().timeIntervalSince(start)
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let rate = elapsed > 0 ? Double(events) / elapsed : 0
        let eta = done > 0 ? elapsed * Double(total - done) / Double(done) : 0
        let line = String(format: "\r[%@] %d/%d %@  %.1fM events/s  ETA %.0fs ", bar, done, total, unit, rate / 1e6, eta)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

import Foundation

/// The results of a search's expensive evaluations (simulations), by key, so that a search
/// interrupted and resumed with the same inputs replays what it had measured instead of simulating
/// again, and reaches the same answer.
///
/// Every search is deterministic given its evaluations (common random numbers, fixed seeds), so
/// replaying recorded values is the same as recomputing them. A key names everything about the
/// evaluation that the journal's owner does not fix for the whole search (the candidate, the
/// replications); `record` persists each new entry as soon as it is known.
public final class SearchJournal: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: [Double]]
    private let record: (@Sendable (String, [Double]) -> Void)?
    public private(set) var replayed = 0
    public private(set) var computed = 0

    public init(entries: [String: [Double]] = [:], record: (@Sendable (String, [Double]) -> Void)? = nil) {
        self.entries = entries
        self.record = record
    }

    /// Entries known, recorded before or during this search.
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    /// The values recorded under `key`, or `compute`'s, recorded.
    public func values<E: Error>(_ key: String, compute: () throws(E) -> [Double]) throws(E) -> [Double] {
        lock.lock()
        if let known = entries[key] {
            replayed += 1
            lock.unlock()
            return known
        }
        lock.unlock()
        let values = try compute()
        lock.lock()
        entries[key] = values
        computed += 1
        lock.unlock()
        record?(key, values)
        return values
    }

    /// One entry as a line of text: the key, a tab, the values exactly (shortest round-trip form).
    public static func line(key: String, values: [Double]) -> String {
        precondition(!key.contains("\t") && !key.contains("\n"), "journal keys are one line without tabs")
        return key + "\t" + values.map { "\($0)" }.joined(separator: " ") + "\n"
    }

    /// Entries from lines written by `line(key:values:)`; a last line cut short (the process ended
    /// while writing it) is left out, as is any line that does not read back.
    public static func entries(from text: Substring) -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        let complete = text.hasSuffix("\n") ? text : text[..<(text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex)]
        for line in complete.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let fields = line[line.index(after: tab)...].split(separator: " ")
            let values = fields.compactMap { Double($0) }
            guard values.count == fields.count else { continue }
            out[String(line[..<tab])] = values
        }
        return out
    }
}

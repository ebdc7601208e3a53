import Foundation
import ScenarioModel

/// The results of a search's expensive evaluations (simulations), by key, so that a search
/// interrupted and resumed with the same inputs replays what it had measured instead of simulating
/// again, and reaches the same answer.
///
/// Every search is deterministic given its evaluations (common random numbers, fixed seeds), so
/// replaying recorded values is the same as recomputing them. A key names everything about the
/// evaluation that the journal's owner does not fix for the whole search (the candidate, the
/// replications); `record` persists each new entry as soon as it is known.
///
/// A journal read back from a file is someone else's input: each line carries the SHA-256 of the
/// search's inputs and of the whole line (`entries(from:inputs:)` refuses a line whose digest does
/// not match, naming the line), and each search says what a well-formed entry of its own looks like
/// (`values(_:accept:compute:)`), so that an entry of the wrong shape or range is simulated again
/// rather than replayed.
public final class SearchJournal: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: [Double]]
    private let record: (@Sendable (String, [Double]) -> Void)?
    public private(set) var replayed = 0
    public private(set) var computed = 0
    /// Entries read back that the search found malformed (wrong count or range), and simulated again.
    public private(set) var refused = 0

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

    /// The values recorded under `key` when `accept` takes them, else `compute`'s, recorded.
    public func values<E: Error>(_ key: String, accept: ([Double]) -> Bool,
                                 compute: () throws(E) -> [Double]) throws(E) -> [Double] {
        lock.lock()
        if let known = entries[key] {
            if accept(known) {
                replayed += 1
                lock.unlock()
                return known
            }
            refused += 1
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

    /// A line of a journal file that cannot be read back.
    public struct Damage: Error, CustomStringConvertible, Equatable {
        /// 1-based, counting from the first line after the journal's header.
        public var line: Int
        public var reason: String
        public var description: String { "entry \(line): \(reason)" }
    }

    /// One entry as a line of text: the key, a tab, the values exactly (shortest round-trip form), a
    /// tab, and the SHA-256 of `inputs` (the digest naming the search) and of what precedes it.
    public static func line(key: String, values: [Double], inputs: String) -> String {
        precondition(!key.contains("\t") && !key.contains("\n"), "journal keys are one line without tabs")
        let content = key + "\t" + values.map { "\($0)" }.joined(separator: " ")
        return content + "\t" + seal(content, inputs: inputs) + "\n"
    }

    private static func seal(_ content: String, inputs: String) -> String {
        var hash = SHA256()
        hash.update(Array(inputs.utf8))
        hash.update([0x0A])
        hash.update(Array(content.utf8))
        return SHA256.hex(of: hash.finish())
    }

    /// Entries from lines written by `line(key:values:inputs:)` with the same `inputs`. A last line
    /// without its line feed (the process ended while writing it) is left out; any other line that
    /// does not read back whole, or whose digest does not match its content and `inputs` (damaged,
    /// edited, or written for another search), is refused with its line number.
    public static func entries(from text: Substring, inputs: String) throws(Damage) -> [String: [Double]] {
        var out: [String: [Double]] = [:]
        let complete = text.hasSuffix("\n") ? text : text[..<(text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex)]
        for (index, line) in complete.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 3 else {
                throw Damage(line: index + 1, reason: "expected a key, its values and a digest separated by tabs (found \(parts.count) field\(parts.count == 1 ? "" : "s"))")
            }
            let content = line[..<line.index(line.startIndex, offsetBy: parts[0].count + 1 + parts[1].count)]
            guard seal(String(content), inputs: inputs) == parts[2] else {
                throw Damage(line: index + 1, reason: "its digest does not match its content (the entry was damaged or edited)")
            }
            let fields = parts[1].split(separator: " ")
            let values = fields.compactMap { Double($0) }
            guard values.count == fields.count else {
                throw Damage(line: index + 1, reason: "a value is not a number")
            }
            out[String(parts[0])] = values
        }
        return out
    }
}

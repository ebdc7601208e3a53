import Foundation
import Planner
import ScenarioModel

/// The journal of an `optimize` search in its output directory (`.optimize-journal`): every
/// simulation the search has measured, one line each, flushed to the disk as it is known.
///
/// `optimize --resume` reads it back and replays those measurements instead of simulating them
/// again, so an interrupted search picks up where it stopped and reaches the same answer (the
/// search is deterministic given its measurements). The first line names the inputs (a digest of
/// the scenario's bytes and of every option that changes the answer); a journal of other inputs is
/// not replayed. The journal is removed once the results are written.
final class OptimizeJournal: @unchecked Sendable {
    static let fileName = ".optimize-journal"

    let path: String
    let journal: SearchJournal
    /// Entries read back from an earlier, interrupted search.
    let resumed: Int
    private let lock = NSLock()
    private var handle: FileHandle?

    /// The journal there belongs to a search of other inputs.
    struct Mismatch: Error, CustomStringConvertible {
        var description: String
    }

    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    /// Opens the journal in `directory` (which must exist): with `resume`, the entries of a journal
    /// with the same `inputs` are replayed; otherwise any journal there is started afresh.
    init(directory: String, inputs: String, resume: Bool) throws {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
        let header = "# onestop optimize journal; inputs \(inputs)\n"
        var entries: [String: [Double]] = [:]
        if resume, let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self)
            guard text.hasPrefix(header) else {
                throw Mismatch(description: """
                    \(path) was written by a search of another scenario or other options; \
                    run with the same scenario and options to resume it, or without --resume to start over
                    """)
            }
            entries = SearchJournal.entries(from: text.dropFirst(header.count))
        }
        resumed = entries.count
        if entries.isEmpty {
            guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8)) else {
                throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
        } else {
            // Entries are rewritten whole, dropping a last line an interruption cut short.
            let text = header + entries.keys.sorted().map { SearchJournal.line(key: $0, values: entries[$0]!) }.joined()
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
        }
        handle = FileHandle(forWritingAtPath: path)
        handle?.seekToEndOfFile()
        let box = Recorder()
        journal = SearchJournal(entries: entries, record: { key, values in box.owner?.append(key: key, values: values) })
        box.owner = self
    }

    /// The digest naming a search's inputs: the scenario's bytes and the options, in a fixed order.
    static func inputs(scenario: String, options: [(String, String)]) -> String {
        var hash = SHA256()
        hash.update(Array(scenario.utf8))
        for (name, value) in options { hash.update(Array("\n\(name)=\(value)".utf8)) }
        return SHA256.hex(of: hash.finish())
    }

    private func append(key: String, values: [Double]) {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return }
        handle.write(Data(SearchJournal.line(key: key, values: values).utf8))
        try? handle.synchronize()
    }

    /// Removes the journal: the search it recorded has written its results.
    func remove() {
        lock.lock()
        defer { lock.unlock() }
        try? handle?.close()
        handle = nil
        unlink(path)
    }

    /// Breaks the reference cycle between the journal and the closure that records into it.
    private final class Recorder: @unchecked Sendable {
        weak var owner: OptimizeJournal?
    }
}

import Foundation
import OutputFiles
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

    /// Largest journal read back: far above any search's (a line per simulation), far below memory.
    static let maximumBytes = 1 << 30

    /// Opens the journal in `directory` (which must exist): with `resume`, the entries of a journal
    /// with the same `inputs` are replayed; otherwise any journal there is started afresh. A journal
    /// line that is damaged or edited (its digest does not match) is refused as a `Mismatch` naming
    /// the line; a last line cut short by an interruption is left out.
    init(directory: String, inputs: String, resume: Bool) throws {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
        let header = "# onestop optimize journal/2; inputs \(inputs)\n"
        var entries: [String: [Double]] = [:]
        if resume, let data = try Self.read(path) {
            let text = String(decoding: data, as: UTF8.self)
            guard text.hasPrefix(header) else {
                throw Mismatch(description: """
                    \(path) was written by a search of another scenario or other options (or by another version \
                    of onestop); run with the same scenario and options to resume it, or without --resume to start over
                    """)
            }
            do {
                entries = try SearchJournal.entries(from: text.dropFirst(header.count), inputs: inputs)
            } catch {
                throw Mismatch(description: """
                    \(path):\(error.line + 1): \(error.reason); \
                    remove the journal, or run without --resume to start over
                    """)
            }
        }
        resumed = entries.count
        // Entries are rewritten whole (dropping a last line an interruption cut short) into a file
        // created exclusively without following links, renamed over the journal's name; later
        // entries are appended through the same descriptor.
        let text = header + entries.keys.sorted().map { SearchJournal.line(key: $0, values: entries[$0]!, inputs: inputs) }.joined()
        let (temporary, fd) = try OutputDirectory.createTemporary(besides: path)
        do {
            try OutputDirectory.writeAll(Data(text.utf8), to: fd, path: temporary)
            guard rename(temporary, path) == 0 else {
                throw WriteError(description: "cannot write \(path): \(OutputDirectory.WriteError.reason(errno))")
            }
        } catch {
            close(fd)
            unlink(temporary)
            Interruption.unregister(temporaryFile: temporary)
            throw error
        }
        Interruption.unregister(temporaryFile: temporary)
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        let box = Recorder()
        journal = SearchJournal(entries: entries, record: { key, values in
            box.owner?.append(SearchJournal.line(key: key, values: values, inputs: inputs))
        })
        box.owner = self
    }

    /// The journal's bytes, or nil when there is none; refuses what is not a regular file, or is too large.
    private static func read(_ path: String) throws -> Data? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw Mismatch(description: "\(path) is not a regular file; remove it, or run without --resume to start over")
        }
        guard Int(info.st_size) <= maximumBytes else {
            throw Mismatch(description: "\(path) is \(info.st_size) bytes, more than any search writes (at most \(maximumBytes)); remove it, or run without --resume")
        }
        return FileManager.default.contents(atPath: path)
    }

    /// The digest naming a search's inputs: the scenario's bytes and the options, in a fixed order.
    static func inputs(scenario: String, options: [(String, String)]) -> String {
        var hash = SHA256()
        hash.update(Array(scenario.utf8))
        for (name, value) in options { hash.update(Array("\n\(name)=\(value)".utf8)) }
        return SHA256.hex(of: hash.finish())
    }

    private func append(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return }
        handle.write(Data(line.utf8))
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

import Experiments
import Foundation
import Interchange
import QueueingNetwork
import Reports

/// The `--trace` file: each replication streams its events to its own temporary file through a
/// buffer, and the parts are joined in replication order at the end, so the trace is the same
/// whatever `--jobs` is and no replication's events are held in memory. The file is whole or absent.
final class TraceFile: @unchecked Sendable {
    let path: String
    private let format: TraceFormat
    private let pid = ProcessInfo.processInfo.processIdentifier
    private let lock = NSLock()
    private var failures: [String] = []

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String, model: NetworkModel) throws {
        self.path = path
        format = TraceFormat(model: model)
        // Fail before the run when the file cannot be written at all.
        guard FileManager.default.createFile(atPath: temporary, contents: Data(TraceFormat.header.utf8)) else {
            throw Failure(description: "cannot write the trace file \(path)")
        }
    }

    private var temporary: String { sibling(".\((path as NSString).lastPathComponent).\(pid).tmp") }

    private func part(_ replication: Int) -> String {
        sibling(".\((path as NSString).lastPathComponent).\(pid).r\(replication).tmp")
    }

    private func sibling(_ name: String) -> String {
        ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(name)
    }

    /// The sink factory for `Experiment.run`.
    var sinks: Experiment.TraceSinks {
        { [self] replication in
            let file = part(replication)
            guard let sink = Sink(path: file, format: format, onError: { self.fail($0) }) else {
                fail("cannot write \(file)")
                return nil
            }
            return sink
        }
    }

    private func fail(_ message: String) {
        lock.lock()
        failures.append(message)
        lock.unlock()
    }

    /// Joins the parts of `replications`, in that order, into the trace file.
    func complete(replications: [Int]) throws {
        defer { for r in replications { unlink(part(r)) } }
        lock.lock()
        let failed = failures
        lock.unlock()
        guard failed.isEmpty else {
            unlink(temporary)
            throw Failure(description: failed.joined(separator: "; "))
        }
        guard let out = FileHandle(forWritingAtPath: temporary) else { throw Failure(description: "cannot write \(temporary)") }
        do {
            try out.seekToEnd()
            for r in replications {
                guard let input = FileHandle(forReadingAtPath: part(r)) else { throw Failure(description: "cannot read \(part(r))") }
                defer { try? input.close() }
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try out.write(contentsOf: chunk) }
            }
            try out.close()
        } catch {
            try? out.close()
            unlink(temporary)
            throw Failure(description: "cannot write the trace file \(path): \(error)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: "cannot move \(temporary) to \(path): \(reason)")
        }
    }

    /// Removes the temporary files after a failed run.
    func abandon(replications: [Int]) {
        for r in replications { unlink(part(r)) }
        unlink(temporary)
    }

    /// One replication's events, buffered and written in large blocks.
    final class Sink: TraceSink {
        private let handle: FileHandle
        private let format: TraceFormat
        private let onError: (String) -> Void
        private var buffer = CSVWriter()
        private var failed = false

        init?(path: String, format: TraceFormat, onError: @escaping (String) -> Void) {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: path) else { return nil }
            self.handle = handle
            self.format = format
            self.onError = onError
            buffer.reserveCapacity(1 << 17)
        }

        func record(_ event: TraceEvent) {
            format.write(event, to: &buffer)
            if buffer.text.utf8.count >= 1 << 16 { flush() }
        }

        func finish() {
            flush()
            try? handle.close()
        }

        private func flush() {
            guard !buffer.text.isEmpty, !failed else { buffer.removeAll(); return }
            do { try handle.write(contentsOf: Data(buffer.text.utf8)) } catch {
                failed = true
                onError("cannot write the trace: \(error)")
            }
            buffer.removeAll()
        }
    }
}

import Experiments
import Foundation
import OutputFiles
import Interchange
import QueueingNetwork
import Reports

/// The `--trace` file: each replication streams its events to its own temporary file through a
/// buffer, and the parts are joined in replication order at the end, so the trace is the same
/// whatever `--jobs` is and no replication's events are held in memory. The file is whole or absent.
final class TraceFile: @unchecked Sendable {
    let path: String
    private let format: TraceFormat
    private let lock = NSLock()
    private var failures: [String] = []
    /// The file the parts are joined into, created exclusively beside `path`, renamed onto it at the end.
    private let temporary: String
    /// Each replication's part, created exclusively beside `path` (see `OutputDirectory.createTemporary`).
    private var parts: [Int: String] = [:]

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String, model: NetworkModel) throws {
        self.path = path
        format = TraceFormat(model: model)
        // Fail before the run when the file cannot be written at all.
        do {
            let (file, fd) = try OutputDirectory.createTemporary(besides: path)
            temporary = file
            try OutputDirectory.writeWhole(Data(TraceFormat.header.utf8), to: fd, path: file)
        } catch {
            throw Failure(description: "cannot write the trace file \(path): \(error)")
        }
    }

    private func part(_ replication: Int) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return parts[replication]
    }

    /// The sink factory for `Experiment.run`.
    var sinks: Experiment.TraceSinks {
        { [self] replication in
            do {
                let (file, fd) = try OutputDirectory.createTemporary(besides: path + ".r\(replication)")
                lock.lock()
                parts[replication] = file
                lock.unlock()
                return Sink(handle: FileHandle(fileDescriptor: fd, closeOnDealloc: true), format: format, onError: { self.fail($0) })
            } catch {
                fail("\(error)")
                return nil
            }
        }
    }

    private func remove(_ file: String) {
        unlink(file)
        Interruption.unregister(temporaryFile: file)
    }

    private func fail(_ message: String) {
        lock.lock()
        failures.append(message)
        lock.unlock()
    }

    /// Joins the parts of `replications`, in that order, into the trace file.
    func complete(replications: [Int]) throws {
        defer { for r in replications { if let file = part(r) { remove(file) } } }
        lock.lock()
        let failed = failures
        lock.unlock()
        guard failed.isEmpty else {
            remove(temporary)
            throw Failure(description: failed.joined(separator: "; "))
        }
        guard let out = FileHandle(forWritingAtPath: temporary) else { throw Failure(description: "cannot write \(temporary)") }
        do {
            try out.seekToEnd()
            for r in replications {
                guard let file = part(r), let input = FileHandle(forReadingAtPath: file) else {
                    throw Failure(description: "cannot read the trace of replication \(r + 1)")
                }
                defer { try? input.close() }
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty { try out.write(contentsOf: chunk) }
            }
            try out.close()
        } catch {
            try? out.close()
            remove(temporary)
            let reason = (error as NSError).code == NSFileWriteOutOfSpaceError || (error as NSError).code == Int(ENOSPC)
                ? "the disk is full; free some space and run again" : error.localizedDescription
            throw Failure(description: "cannot write the trace file \(path): \(reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            remove(temporary)
            throw Failure(description: "cannot move \(temporary) to \(path): \(reason)")
        }
        Interruption.unregister(temporaryFile: temporary)
    }

    /// Removes the temporary files after a failed run.
    func abandon(replications: [Int]) {
        for r in replications { if let file = part(r) { remove(file) } }
        remove(temporary)
    }

    /// One replication's events, buffered and written in large blocks.
    final class Sink: TraceSink {
        private let handle: FileHandle
        private let format: TraceFormat
        private let onError: (String) -> Void
        private var buffer = CSVWriter()
        private var failed = false

        init(handle: FileHandle, format: TraceFormat, onError: @escaping (String) -> Void) {
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

extension TraceFile {
    /// Most bytes a trace may take: a trace is for looking at customers one by one, not a way to
    /// store a study.
    static let maximumBytes = 50e9

    /// The trace's expected size: about two lines per event (a customer's arrival, start, finish
    /// and exit are four lines for two events), each the numbers plus the class and station ids.
    static func expectedBytes(_ model: NetworkModel, replications: Int) -> Double {
        let idLength = Double((model.classes.map(\.id.utf8.count).max() ?? 7) + (model.stations.map(\.id.utf8.count).max() ?? 4))
        return 2 * model.expectedEventsPerReplication() * Double(replications) * (34 + idLength)
    }

    /// Refuses, before any simulation, a trace past `maximumBytes` or larger than half the free space
    /// of the disk it goes on (the parts are joined into a new file, so the disk holds it twice).
    static func checkSize(path: String, model: NetworkModel, replications: Int) throws(Failure) {
        let bytes = expectedBytes(model, replications: replications)
        func size(_ x: Double) -> String { x >= 1e9 ? String(format: "%.1f GB", x / 1e9) : String(format: "%.0f MB", x / 1e6) }
        guard bytes <= maximumBytes else {
            throw Failure(description: "the trace would take about \(size(bytes)); at most \(size(maximumBytes)) are supported: trace fewer replications (--replications 1) or a shorter run")
        }
        var info = statvfs()
        let directory = (path as NSString).deletingLastPathComponent
        guard statvfs(directory.isEmpty ? "." : directory, &info) == 0 else { return }
        let free = Double(info.f_bavail) * Double(info.f_frsize)
        guard 2 * bytes <= free else {
            throw Failure(description: "the trace would take about \(size(bytes)), and joining its parts needs twice that; the disk holding \(path) has \(size(free)) free: free some space, trace fewer replications, or write the trace to another disk")
        }
    }
}

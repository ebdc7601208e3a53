import Foundation
import Interchange
import ScenarioModel

/// A directory of result files, each written to a temporary name and renamed into place, so that a
/// file is either whole or absent.
///
/// The renames run as one commit that a signal does not interrupt (see `Interruption`), so an
/// interrupted command leaves the files of the run before it, or all of its own. A `.onestop` file
/// marks the directory as written by OneStop and lists the result files of the last commit; files of
/// an earlier run that this one does not write (a `timeseries.csv`, say) are removed, so the
/// directory always holds one run's results. See `OutputDirectory+Ownership.swift` for the marker.
public struct OutputDirectory: Sendable {
    public var path: String

    public init(path: String) { self.path = path }

    public struct WriteError: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Writes `files`; with `replacing` (a run's results) the files of the previous run that these
    /// do not replace are removed, without it (a report, a notebook, one shard beside the others)
    /// they stay and the marker lists both.
    public func write(_ files: [(name: String, contents: String)], replacing: Bool = true) throws {
        try createDirectory()
        removeAbandonedTemporaryFiles()
        try checkNothingInTheWay(of: files.map(\.name) + [Self.markerName])
        let previousEntries = readMarker()?.entries ?? []
        let previous = replacing ? Set(previousEntries.map(\.name)) : []
        let names = Set(files.map(\.name))
        let written = files.map { MarkerEntry(name: $0.name, sha256: SHA256.hex(of: Data($0.contents.utf8))) }
        let kept = replacing ? written : previousEntries.filter { !names.contains($0.name) } + written
        let all = files + [(Self.markerName, Self.marker(listing: kept))]
        var staged: [(temporary: String, final: String)] = []
        defer {
            for file in staged where unlink(file.temporary) == 0 || errno == ENOENT {
                Interruption.unregister(temporaryFile: file.temporary)
            }
        }
        for (name, contents) in all {
            let final = (path as NSString).appendingPathComponent(name)
            let (temporary, fd) = try Self.createTemporary(besides: final)
            staged.append((temporary, final))
            try Self.writeWhole(Data(contents.utf8), to: fd, path: temporary)
        }
        try Interruption.commit {
            for file in staged {
                guard rename(file.temporary, file.final) == 0 else {
                    throw WriteError(description: "cannot move \(file.temporary) to \(file.final): \(String(cString: strerror(errno)))")
                }
            }
            for name in previous.subtracting(names) where FileName.problem(name) == nil {
                unlink((path as NSString).appendingPathComponent(name))
            }
        }
    }

    /// Refuses, before anything is written, a directory or other non-file where a result file goes.
    private func checkNothingInTheWay(of names: [String]) throws {
        for name in names {
            let final = (path as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(final, &info) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            guard type == S_IFREG || type == S_IFLNK else {
                throw WriteError(description: "\(final) is \(type == S_IFDIR ? "a directory" : "not a regular file"), in the way of a result file; move it away and run again (nothing was written)")
            }
        }
    }

    /// Creates the directory and its missing parents, each registered for removal on interruption.
    private func createDirectory() throws {
        var missing: [String] = []
        var candidate = path
        while candidate.count > 1, candidate.hasSuffix("/") { candidate.removeLast() }
        while !candidate.isEmpty, !FileManager.default.fileExists(atPath: candidate) {
            missing.append(candidate)
            guard let slash = candidate.lastIndex(of: "/") else { break }
            candidate = String(candidate[..<slash])
        }
        for directory in missing.reversed() {
            Interruption.register(createdDirectory: directory)
            guard mkdir(directory, 0o755) == 0 || errno == EEXIST else {
                throw WriteError(description: "cannot create the output directory \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Creates a new, empty temporary file in the directory of `final`, exclusively and without
    /// following a link (`O_EXCL | O_NOFOLLOW`): a file or link planted under any name cannot
    /// redirect the write. Its name is `.NAME.PID.RANDOM.tmp`, registered for removal on interruption.
    public static func createTemporary(besides final: String) throws -> (path: String, fd: Int32) {
        let directory = (final as NSString).deletingLastPathComponent
        let name = (final as NSString).lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        for _ in 0..<64 {
            let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            let temporary = (directory as NSString).appendingPathComponent(".\(name).\(pid).\(random).tmp")
            Interruption.register(temporaryFile: temporary)
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 { return (temporary, fd) }
            let failure = errno
            Interruption.unregister(temporaryFile: temporary)
            guard failure == EEXIST else {
                throw WriteError(description: "cannot write \(temporary): \(String(cString: strerror(failure)))")
            }
        }
        throw WriteError(description: "cannot create a temporary file beside \(final): every name tried exists")
    }

    /// Writes `data` to the open file `fd` (named `path` in errors), flushes it to the disk and closes it.
    public static func writeWhole(_ data: Data, to fd: Int32, path: String) throws {
        defer { close(fd) }
        try writeAll(data, to: fd, path: path)
    }

    /// Writes `data` to the open file `fd` (named `path` in errors) and flushes it to the disk; `fd` stays open.
    public static func writeAll(_ data: Data, to fd: Int32, path: String) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    throw WriteError(description: "cannot write \(path): \(WriteError.reason(errno))")
                }
                offset += written
            }
        }
        guard fsync(fd) == 0 else {
            throw WriteError(description: "cannot write \(path): \(WriteError.reason(errno))")
        }
    }
}

extension OutputDirectory.WriteError {
    /// The reason of a failed write in words, with what to do about a full disk.
    public static func reason(_ code: Int32) -> String {
        switch code {
        case ENOSPC, EDQUOT: "the disk is full (or the quota is reached); free some space and run again — the files from before are unchanged"
        default: String(cString: strerror(code))
        }
    }
}

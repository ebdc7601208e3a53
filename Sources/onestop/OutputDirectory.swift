import Foundation

/// A directory of result files, each written to a temporary name and renamed into place, so that a
/// file is either whole or absent.
///
/// The renames run as one commit that a signal does not interrupt (see `Interruption`), so an
/// interrupted command leaves the files of the run before it, or all of its own. A `.onestop` file
/// marks the directory as written by OneStop and lists the result files of the last commit; files of
/// an earlier run that this one does not write (a `timeseries.csv`, say) are removed, so the
/// directory always holds one run's results. See `OutputDirectory+Ownership.swift` for the marker.
struct OutputDirectory {
    var path: String

    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes `files`; with `replacing` (a run's results) the files of the previous run that these
    /// do not replace are removed, without it (a report, a notebook, one shard beside the others)
    /// they stay and the marker lists both.
    func write(_ files: [(name: String, contents: String)], replacing: Bool = true) throws {
        try createDirectory()
        removeAbandonedTemporaryFiles()
        let pid = ProcessInfo.processInfo.processIdentifier
        let listed = listedFiles() ?? []
        let previous = replacing ? Set(listed) : []
        let names = files.map(\.name)
        let kept = replacing ? names : listed.filter { !names.contains($0) } + names
        let all = files + [(Self.markerName, Self.marker(listing: kept))]
        var staged: [(temporary: String, final: String)] = []
        defer {
            for file in staged where unlink(file.temporary) == 0 || errno == ENOENT {
                Interruption.unregister(temporaryFile: file.temporary)
            }
        }
        for (name, contents) in all {
            let final = (path as NSString).appendingPathComponent(name)
            let temporary = (path as NSString).appendingPathComponent(".\(name).\(pid).tmp")
            Interruption.register(temporaryFile: temporary)
            staged.append((temporary, final))
            try Self.writeWhole(Data(contents.utf8), to: temporary)
        }
        try Interruption.commit {
            for file in staged {
                guard rename(file.temporary, file.final) == 0 else {
                    throw WriteError(description: "cannot move \(file.temporary) to \(file.final): \(String(cString: strerror(errno)))")
                }
            }
            for name in previous.subtracting(files.map(\.name)) where !name.contains("/") {
                unlink((path as NSString).appendingPathComponent(name))
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

    /// Writes `data` to a new file at `path` and flushes it to the disk.
    private static func writeWhole(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else {
                    throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
        guard fsync(fd) == 0 else {
            throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

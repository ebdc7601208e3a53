import Foundation
import Interchange
import ScenarioModel

/// The `.onestop` marker: which directories OneStop may write into, which files it wrote there, and
/// the SHA-256 digest of each as it was written, so that a reader finds files that do not belong
/// together (a commit cut short by SIGKILL, a file edited or copied in from another run).
///
/// Its text is a comment line, then one line a file in `sha256sum`'s format (`DIGEST  NAME`), so
/// that `grep -v '^#' .onestop | sha256sum -c` checks a directory by hand too. Markers of earlier
/// versions list bare names; their files are read unchecked.
extension OutputDirectory {
    public static let markerName = ".onestop"

    /// Why results may not be written into a directory.
    public struct Refusal: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// A file the marker lists, with its digest when the marker has one.
    public struct MarkerEntry: Equatable {
        public var name: String
        public var sha256: String?

        public init(name: String, sha256: String?) {
            self.name = name
            self.sha256 = sha256
        }
    }

    /// The marker's text: a note for people, then the result files of the last commit, one a line.
    public static func marker(listing entries: [MarkerEntry]) -> String {
        (["# Written by onestop. The next run into this directory replaces these files:"]
            + entries.map { entry in entry.sha256.map { "\($0)  \(entry.name)" } ?? entry.name })
            .joined(separator: "\n") + "\n"
    }

    /// Checks, before any work, that results may go here: a directory that does not exist yet, an
    /// empty one, or one that OneStop wrote (it holds `.onestop`); any other only with `force`.
    /// Every command that writes results claims its output directory this way first.
    public func claim(force: Bool) throws(Refusal) {
        guard !path.isEmpty else { throw Refusal(description: "the output directory is an empty path; name a directory") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw Refusal(description: "\(path) is a file, not a directory; choose another --out")
        }
        guard !force else { return }
        let marker = (path as NSString).appendingPathComponent(Self.markerName)
        if FileManager.default.fileExists(atPath: marker) { return }
        let entries: [String]
        do {
            // Temporary files of a OneStop process writing here right now (another shard) count as empty.
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { !($0.hasPrefix(".") && $0.hasSuffix(".tmp")) }
        } catch {
            throw Refusal(description: "cannot read the output directory \(path): \(error.localizedDescription)")
        }
        guard entries.isEmpty else {
            throw Refusal(description: """
                \(path) is not empty and was not written by onestop (it has no \(Self.markerName) file); \
                choose another --out, or pass --force to write into it anyway
                """)
        }
    }

    /// Checks, before any work, that a single output file (a `--trace` file, a notebook) may be
    /// written at `file`: it does not exist, or OneStop wrote it (its directory's marker lists it, or
    /// it begins with `signature`), or `force`; never one of `inputs` (the scenario being run), not
    /// even with `force`.
    public static func claim(file: String, force: Bool, inputs: [String], signature: String? = nil) throws(Refusal) {
        guard !file.isEmpty else { throw Refusal(description: "the output file is an empty path; name a file") }
        let name = (file as NSString).lastPathComponent
        if let problem = FileName.problem(name) { throw Refusal(description: "\(file): the file name \(problem)") }
        let resolved = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
        for input in inputs where URL(fileURLWithPath: input).resolvingSymlinksInPath().path == resolved {
            throw Refusal(description: "\(file) is the input \(input); choose another file for the output")
        }
        var info = stat()
        guard lstat(file, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw Refusal(description: "\(file) exists and is not a regular file; choose another path")
        }
        guard !force else { return }
        if let signature, let handle = FileHandle(forReadingAtPath: file) {
            let start = (try? handle.read(upToCount: signature.utf8.count)) ?? Data()
            try? handle.close()
            if start == Data(signature.utf8) { return }
        }
        let directory = OutputDirectory(path: (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent)
        guard directory.readMarker()?.entries.contains(where: { $0.name == name }) == true else {
            throw Refusal(description: "\(file) exists and was not written by onestop; choose another file, or pass --force to replace it")
        }
    }

    /// The marker's entries, or `nil` without a marker.
    public func readMarker() -> (entries: [MarkerEntry], hasDigests: Bool)? {
        let marker = (path as NSString).appendingPathComponent(Self.markerName)
        guard let data = FileManager.default.contents(atPath: marker) else { return nil }
        var entries: [MarkerEntry] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            let text = String(line)
            if text.utf8.count > 66, let space = text.range(of: "  "), text[..<space.lowerBound].count == 64,
               text[..<space.lowerBound].allSatisfy(\.isHexDigit) {
                entries.append(MarkerEntry(name: String(text[space.upperBound...]), sha256: String(text[..<space.lowerBound])))
            } else if text != Self.markerName {
                entries.append(MarkerEntry(name: text, sha256: nil))
            }
        }
        return (entries, entries.contains { $0.sha256 != nil })
    }

    /// The result files the marker lists, or `nil` without a marker.
    public func listedFiles() -> [String]? { readMarker()?.entries.map(\.name) }

    /// Why a reader may not take a result file.
    public struct Mismatch: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Reads the result file `name`, or `nil` when there is none, after checking that it belongs
    /// with the others: when the marker records digests, the file must be listed and its bytes must
    /// have the listed digest.
    public func readResult(_ name: String) throws -> String? {
        let file = (path as NSString).appendingPathComponent(name)
        var info = stat()
        guard lstat(file, &info) == 0 else { return nil }
        guard info.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: file) else {
            throw Mismatch(description: "\(file) is not a readable regular file")
        }
        if let marker = readMarker(), marker.hasDigests {
            guard let entry = marker.entries.first(where: { $0.name == name }), let digest = entry.sha256 else {
                throw Mismatch(description: "\(file) was not written with the other results in \(path) (\(Self.markerName) does not list it); run again into a new directory")
            }
            guard SHA256.hex(of: data) == digest else {
                throw Mismatch(description: "\(file) does not belong with the other results in \(path): its contents differ from what onestop wrote (an interrupted write, or a file edited or copied in); run again")
            }
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Removes temporary files (`.NAME.PID.RANDOM.tmp`) left by a process that is gone, killed by
    /// SIGKILL or by a crash of the machine while writing.
    public func removeAbandonedTemporaryFiles() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for entry in entries where entry.hasPrefix(".") && entry.hasSuffix(".tmp") {
            let parts = entry.dropLast(4).split(separator: ".")
            guard parts.count >= 2, let pid = Int32(parts[parts.count - 2]) ?? parts.last.flatMap({ Int32($0) }), pid > 0,
                  pid != ProcessInfo.processInfo.processIdentifier
            else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                unlink((path as NSString).appendingPathComponent(entry))
            }
        }
    }
}

import Foundation

/// The `.onestop` marker: which directories OneStop may write into, and which files it wrote there.
extension OutputDirectory {
    static let markerName = ".onestop"

    /// Why results may not be written into a directory.
    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    /// The marker's text: a note for people, then the result files of the last commit, one a line.
    static func marker(listing names: [String]) -> String {
        (["# Written by onestop. The next run into this directory replaces these files:"] + names)
            .joined(separator: "\n") + "\n"
    }

    /// Checks, before any work, that results may go here: a directory that does not exist yet, an
    /// empty one, or one that OneStop wrote (it holds `.onestop`); any other only with `force`.
    func claim(force: Bool) throws(Refusal) {
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
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
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

    /// The result files the marker lists, or `nil` without a marker.
    func listedFiles() -> [String]? {
        let marker = (path as NSString).appendingPathComponent(Self.markerName)
        guard let data = FileManager.default.contents(atPath: marker) else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
            .map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty && $0 != Self.markerName }
    }

    /// Removes temporary files (`.NAME.PID.tmp`) left by a process that is gone, killed by SIGKILL or
    /// by a crash of the machine while writing.
    func removeAbandonedTemporaryFiles() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for entry in entries where entry.hasPrefix(".") && entry.hasSuffix(".tmp") {
            let parts = entry.dropLast(4).split(separator: ".")
            guard let pid = parts.last.flatMap({ Int32($0) }), pid > 0,
                  pid != ProcessInfo.processInfo.processIdentifier
            else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                unlink((path as NSString).appendingPathComponent(entry))
            }
        }
    }
}

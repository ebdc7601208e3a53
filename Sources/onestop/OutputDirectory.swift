import Foundation

/// A directory of result files, each written to a temporary name and renamed into place, so that a
/// file is either whole or absent.
struct OutputDirectory {
    var path: String

    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    func write(_ files: [(name: String, contents: String)]) throws {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw WriteError(description: "cannot create the output directory \(path): \(error.localizedDescription)")
        }
        let pid = ProcessInfo.processInfo.processIdentifier
        for (name, contents) in files {
            let final = (path as NSString).appendingPathComponent(name)
            let temporary = (path as NSString).appendingPathComponent(".\(name).\(pid).tmp")
            guard manager.createFile(atPath: temporary, contents: Data(contents.utf8)) else {
                throw WriteError(description: "cannot write \(temporary)")
            }
            guard rename(temporary, final) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw WriteError(description: "cannot move \(temporary) to \(final): \(reason)")
            }
        }
    }
}

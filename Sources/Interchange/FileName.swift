/// The check every name that becomes part of a path goes through, whichever file it came from (a
/// scenario's name, a results folder's `summary.json`, a shard): one path component, readable.
public enum FileName {
    /// The longest name accepted, in UTF-8 bytes (a file name on Linux and macOS has at most 255).
    public static let maximumLength = 200

    /// Why `name` cannot name a file or directory, or `nil` when it can.
    public static func problem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name == "." || name == ".." { return "is \"\(name)\", which names a directory, not a file" }
        if name.contains("/") || name.contains("\\") { return "contains a path separator ('/' or '\\')" }
        if let c = name.unicodeScalars.first(where: FileName.isControl) {
            return "contains the control character U+\(String(c.value, radix: 16, uppercase: true).leftPadded(4))"
        }
        if name.utf8.count > maximumLength { return "is \(name.utf8.count) bytes long; at most \(maximumLength) are allowed" }
        return nil
    }

    /// C0 and C1 control characters, DEL, and the bidirectional overrides that make a name read
    /// differently from what it is.
    public static func isControl(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x20 || (0x7F...0x9F).contains(c.value) || (0x202A...0x202E).contains(c.value)
            || (0x2066...0x2069).contains(c.value)
    }

    /// `text` with every control character written as `\u{…}`, for printing text from a file that
    /// someone else wrote onto a terminal.
    public static func printable(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            if isControl(c) && c != "\n" && c != "\t" {
                out += "\\u{" + String(c.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

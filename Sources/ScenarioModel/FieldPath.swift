/// The path of a field in a scenario: keys joined by dots, list elements in brackets, by id or by
/// position. `campus.service_center.counters[all_purpose].servers`, `stations[desk].service.mean`,
/// `campus.term.weekdays[5]`.
///
/// One path language for the whole project: diagnostics print these paths (positions there, as the
/// reader counts them), `onestop sweep` designs and `run --set` name the fields they change with them,
/// and `ScenarioOverrides` applies a set of (path, value) pairs to a scenario's text.
///
/// - `.key` names a key of a map: letters, digits and `_`.
/// - `[name]` is the element of a list whose `id` (or, for lists of named elements such as a term's
///   peaks, whose `name`) is `name`. An id that holds `]`, `[`, `"`, `\`, `.` or a space, or that is
///   all digits, is written in double quotes, `\"` and `\\` escaped: `stations["front desk"]`,
///   `classes["1"]`.
/// - `[3]` (digits, unquoted) is the element at position 3, counting from 0 as diagnostics do.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        /// A key of a map.
        case key(String)
        /// The element of a list with this id (or name).
        case id(String)
        /// The element of a list at this position, from 0.
        case index(Int)
    }

    public private(set) var segments: [Segment]

    public static let root = FieldPath(segments: [])

    public init(segments: [Segment]) { self.segments = segments }

    /// The path of a key in the map at this path.
    public func key(_ name: String) -> FieldPath { FieldPath(segments: segments + [.key(name)]) }

    /// The path of an element of the list at this path, by position.
    public func index(_ position: Int) -> FieldPath { FieldPath(segments: segments + [.index(position)]) }

    /// The path of an element of the list at this path, by id.
    public func id(_ id: String) -> FieldPath { FieldPath(segments: segments + [.id(id)]) }

    public var isRoot: Bool { segments.isEmpty }

    /// The path with its last segment removed; the root stays the root.
    public var parent: FieldPath { FieldPath(segments: Array(segments.dropLast())) }

    /// True when `other` is this path or a path below it.
    public func contains(_ other: FieldPath) -> Bool {
        other.segments.count >= segments.count && Array(other.segments.prefix(segments.count)) == segments
    }

    /// The path as written: `a.b[id][0]`; empty for the whole file.
    public var description: String {
        var text = ""
        for segment in segments {
            switch segment {
            case .key(let name):
                if !text.isEmpty { text += "." }
                text += name
            case .id(let id):
                text += "[" + (Self.needsQuotes(id) ? Self.quoted(id) : id) + "]"
            case .index(let position):
                text += "[\(position)]"
            }
        }
        return text
    }

    /// The last key of the path (the field's own name), if it ends in one.
    public var lastKey: String? {
        if case .key(let name)? = segments.last { return name }
        return nil
    }

    static func isKeyCharacter(_ c: Character) -> Bool {
        c == "_" || c == "-" || (c.isASCII && (c.isLetter || c.isNumber))
    }

    private static func needsQuotes(_ id: String) -> Bool {
        id.isEmpty || id.allSatisfy(\.isNumber) || id.contains { "[]\"\\. \t".contains($0) || $0.isNewline }
    }

    private static func quoted(_ id: String) -> String {
        var text = "\""
        for c in id {
            if c == "\"" || c == "\\" { text.append("\\") }
            text.append(c)
        }
        return text + "\""
    }
}

/// A path that cannot be read, with the 1-based column (in characters) where reading stopped.
public struct FieldPathError: Error, Sendable, Hashable, CustomStringConvertible {
    public var column: Int
    public var message: String

    public var description: String { "column \(column): \(message)" }
}

extension FieldPath {
    /// Reads a path as `description` writes it; the root is not a path one can write.
    public init(parsing text: String) throws(FieldPathError) {
        let characters = Array(text)
        var i = 0
        var segments: [Segment] = []
        func fail(_ message: String) -> FieldPathError { FieldPathError(column: i + 1, message: message) }
        func readKey() throws(FieldPathError) {
            let start = i
            while i < characters.count, FieldPath.isKeyCharacter(characters[i]) { i += 1 }
            guard i > start else {
                throw fail(i < characters.count ? "expected a key (letters, digits and _), found '\(characters[i])'" : "expected a key after the end")
            }
            segments.append(.key(String(characters[start..<i])))
        }
        guard !characters.isEmpty else { throw FieldPathError(column: 1, message: "the path is empty") }
        try readKey()
        while i < characters.count {
            switch characters[i] {
            case ".":
                i += 1
                try readKey()
            case "[":
                i += 1
                if i < characters.count, characters[i] == "\"" {
                    i += 1
                    var id = ""
                    var closed = false
                    while i < characters.count {
                        let c = characters[i]
                        if c == "\\" {
                            guard i + 1 < characters.count, "\"\\".contains(characters[i + 1]) else {
                                throw fail("only \\\" and \\\\ may follow a backslash in a quoted id")
                            }
                            id.append(characters[i + 1])
                            i += 2
                        } else if c == "\"" {
                            i += 1
                            closed = true
                            break
                        } else {
                            id.append(c)
                            i += 1
                        }
                    }
                    guard closed else { throw fail("the quoted id is not closed with \"") }
                    guard i < characters.count, characters[i] == "]" else { throw fail("expected ] after the quoted id") }
                    i += 1
                    segments.append(.id(id))
                } else {
                    let start = i
                    while i < characters.count, characters[i] != "]" {
                        guard !"[\"\\".contains(characters[i]) else { throw fail("'\(characters[i])' in an id: write the id in double quotes") }
                        i += 1
                    }
                    guard i < characters.count else { throw FieldPathError(column: start, message: "'[' is not closed with ']'") }
                    let selector = String(characters[start..<i])
                    guard !selector.isEmpty else { throw fail("empty brackets: write an id or a position") }
                    i += 1
                    if selector.allSatisfy({ $0.isASCII && $0.isNumber }) {
                        guard let position = Int(selector) else { throw FieldPathError(column: start + 1, message: "position \(selector) is too large") }
                        segments.append(.index(position))
                    } else {
                        segments.append(.id(selector))
                    }
                }
            default:
                throw fail("expected '.' or '[' after \(FieldPath(segments: segments)), found '\(characters[i])'")
            }
        }
        self.init(segments: segments)
    }
}

internal import Yams

/// Changes values of a scenario's text where they are written, leaving every other character — the
/// comments, the layout, the other values — as the author wrote it. The planner writes its proposal
/// this way: the scenario a planner reads back is their own, with the proposed numbers in place.
public enum ScenarioTextEdit {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var path: FieldPath
        public var reason: String
        public var description: String { "cannot change \(path) in the scenario's text: \(reason)" }
    }

    /// `text` with the scalar at each path replaced by `value` (YAML text: a number, or a string
    /// quoted as needed by the caller). Every path must name a scalar the text writes.
    public static func replacing(_ edits: [(path: FieldPath, value: String)], in text: String) throws(Failure) -> String {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else { throw Failure(path: .root, reason: "the text is empty") }
            root = composed
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(path: .root, reason: "the text is not YAML (\(error))")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0).unicodeScalars) }
        var places: [(line: Int, column: Int, value: String, path: FieldPath, inFlow: Bool)] = []
        for edit in edits {
            guard let (node, inFlow) = find(edit.path.segments[...], in: root, inFlow: false) else {
                throw Failure(path: edit.path, reason: "the scenario does not write it")
            }
            guard case .scalar = node, let mark = node.mark else { throw Failure(path: edit.path, reason: "it is not a single value") }
            places.append((mark.line - 1, mark.column - 1, edit.value, edit.path, inFlow))
        }
        // Right to left, so that an edit never moves the place of the next one on its line.
        for place in places.sorted(by: { ($0.line, $0.column) > ($1.line, $1.column) }) {
            guard place.line < lines.count, place.column < lines[place.line].count else {
                throw Failure(path: place.path, reason: "its place in the text is not where the parser said")
            }
            let line = lines[place.line]
            let end = scalarEnd(line, from: place.column, inFlow: place.inFlow || opensFlow(line[..<place.column]))
            lines[place.line] = Array(line[..<place.column]) + Array(place.value.unicodeScalars) + Array(line[end...])
        }
        return lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
    }

    /// The element a path names in the tree (by key, by `id` or `name`, by position), and whether it
    /// is written inside a flow collection (`{...}` or `[...]`), or nil.
    private static func find(_ segments: ArraySlice<FieldPath.Segment>, in node: Node, inFlow: Bool) -> (Node, Bool)? {
        guard let first = segments.first else { return (node, inFlow) }
        switch first {
        case .key(let name):
            guard case .mapping(let mapping) = node, let value = mapping.first(where: { $0.key.string == name })?.value else { return nil }
            return find(segments.dropFirst(), in: value, inFlow: inFlow || mapping.style == .flow)
        case .id(let id):
            guard case .sequence(let sequence) = node else { return nil }
            let element = sequence.first { element in
                guard case .mapping(let m) = element else { return false }
                return m.first { $0.key.string == "id" }?.value.string == id || m.first { $0.key.string == "name" }?.value.string == id
            }
            return element.flatMap { find(segments.dropFirst(), in: $0, inFlow: inFlow || sequence.style == .flow) }
        case .index(let position):
            guard case .sequence(let sequence) = node, position >= 0, position < sequence.count else { return nil }
            return find(segments.dropFirst(), in: sequence[position], inFlow: inFlow || sequence.style == .flow)
        }
    }

    /// Whether a line's text before a value leaves a `{` or `[` open (outside quotes): the value is
    /// then inside a flow collection, where `,`, `}` and `]` end it. (The parser does not report a
    /// collection's style.)
    static func opensFlow(_ prefix: ArraySlice<Unicode.Scalar>) -> Bool {
        var depth = 0
        var quote: Unicode.Scalar?
        for c in prefix {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "{" || c == "[" {
                depth += 1
            } else if c == "}" || c == "]" {
                depth = max(0, depth - 1)
            }
        }
        return depth > 0
    }

    /// Where the scalar starting at `start` ends: after its closing quote when quoted, else before
    /// the `,`, `}` or `]` that ends it in a flow collection, a comment, or the line's end, without
    /// trailing spaces.
    static func scalarEnd(_ line: [Unicode.Scalar], from start: Int, inFlow: Bool) -> Int {
        let quote = line[start]
        if quote == "\"" || quote == "'" {
            var i = start + 1
            while i < line.count {
                if quote == "\"" && line[i] == "\\" { i += 2; continue }
                if line[i] == quote {
                    if quote == "'" && i + 1 < line.count && line[i + 1] == "'" { i += 2; continue }
                    return i + 1
                }
                i += 1
            }
            return line.count
        }
        var i = start
        while i < line.count {
            let c = line[i]
            if inFlow && (c == "," || c == "}" || c == "]") { break }
            if c == "#" && i > start && (line[i - 1] == " " || line[i - 1] == "\t") { break }
            i += 1
        }
        while i > start && (line[i - 1] == " " || line[i - 1] == "\t") { i -= 1 }
        return i
    }
}

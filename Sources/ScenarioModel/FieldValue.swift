import Interchange
internal import Yams

/// A value for a scenario field, as YAML holds it: a scalar (a number, a name, a time such as
/// `5 min`), a list or a map (a distribution, a schedule). What `ScenarioOverrides` puts at a path.
///
/// Written and read in YAML's flow style: `8`, `shortest_queue`, `"5 min"`, `[1, 1, 0.3]`,
/// `{dist: exponential, mean: 45 min}`.
public indirect enum FieldValue: Sendable, Hashable, CustomStringConvertible {
    /// A scalar; `quoted` when it was written in quotes (so `"8"` stays the string 8).
    case scalar(String, quoted: Bool)
    case list([FieldValue])
    case map([Entry])

    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: FieldValue

        public init(key: String, value: FieldValue) {
            self.key = key
            self.value = value
        }
    }

    /// A plain number, in the shortest form that reads back to the same value.
    public static func number(_ x: Double) -> FieldValue {
        .scalar(NumberText.shortest(x) ?? "\(x)", quoted: false)
    }

    /// A plain scalar as written, such as `pooled`, `12` or `5 min`.
    public static func plain(_ text: String) -> FieldValue { .scalar(text, quoted: false) }

    /// The number a plain scalar holds, when it holds one.
    public var number: Double? {
        guard case .scalar(let text, false) = self else { return nil }
        return Double(text)
    }

    /// A scalar's text, without quotes; `nil` for a list or a map.
    public var text: String? {
        if case .scalar(let text, _) = self { return text }
        return nil
    }

    /// The value in YAML's flow style, as `init(yaml:)` reads it.
    public var description: String {
        switch self {
        case .scalar(let text, let quoted):
            return quoted || !Self.isPlainSafe(text) ? jsonQuoted(text) : text
        case .list(let items):
            return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries):
            return "{" + entries.map { "\(Self.isPlainSafe($0.key) ? $0.key : jsonQuoted($0.key)): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// Whether `text` reads back as the same plain scalar in a flow collection.
    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        if first == " " || last == " " || ",[]{}#&*!|>'\"%@`".contains(first) { return false }
        // `-`, `?` and `:` start a plain scalar when a non-space follows (`-1`, `-x`).
        if "-?:".contains(first), text.count == 1 || text.dropFirst().first == " " { return false }
        if text.contains(where: { ",[]{}\"".contains($0) || $0.isNewline || $0 == "\t" }) { return false }
        return !text.contains(": ") && !text.contains(" #") && !text.hasSuffix(":")
    }

    /// Reads one YAML value (flow or block style); `file` names it in the error.
    public init(yaml text: String) throws(FieldValueError) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw FieldValueError(message: "not a YAML value: \(error)")
        }
        guard let node else { throw FieldValueError(message: "the value is empty") }
        self = try FieldValue(node: node)
    }

    init(node: Node) throws(FieldValueError) {
        switch node {
        case .scalar(let scalar):
            self = .scalar(scalar.string, quoted: scalar.style != .plain && scalar.style != .any)
        case .sequence(let sequence):
            var items: [FieldValue] = []
            for element in sequence { items.append(try FieldValue(node: element)) }
            self = .list(items)
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (key, value) in mapping {
                guard case .scalar(let name) = key, key.tagName != .merge else {
                    throw FieldValueError(message: "a key of a value's map must be a name")
                }
                entries.append(Entry(key: name.string, value: try FieldValue(node: value)))
            }
            self = .map(entries)
        case .alias:
            throw FieldValueError(message: "an alias cannot be a value")
        }
    }

    /// The value as a node, every part marked `mark` (where diagnostics about it point).
    func node(marked mark: Mark?) -> Node {
        // Composed from its own text, so that it means exactly what the same text means in a file.
        guard var node = (try? Yams.compose(yaml: description)) ?? nil else {
            return .scalar(.init(text ?? description, .implicit, .plain, mark))
        }
        node.setMark(mark)
        return node
    }
}

/// A value that cannot be read.
public struct FieldValueError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Node {
    /// Sets the mark of this node and of every node in it.
    mutating func setMark(_ mark: Mark?) {
        switch self {
        case .scalar(var scalar):
            scalar.mark = mark
            self = .scalar(scalar)
        case .sequence(let sequence):
            let items = sequence.map { item -> Node in
                var item = item
                item.setMark(mark)
                return item
            }
            self = .sequence(.init(items, sequence.tag, sequence.style, mark))
        case .mapping(let mapping):
            let pairs = mapping.map { pair -> (Node, Node) in
                var key = pair.key, value = pair.value
                key.setMark(mark)
                value.setMark(mark)
                return (key, value)
            }
            self = .mapping(.init(pairs, mapping.tag, mapping.style, mark))
        case .alias:
            break
        }
    }

    /// The same tree without anchors, for writing it out (composing copies an anchored node into
    /// every alias of it, anchor and all).
    var withoutAnchors: Node {
        switch self {
        case .scalar(let scalar):
            return .scalar(.init(scalar.string, scalar.tag, scalar.style, scalar.mark))
        case .sequence(let sequence):
            return .sequence(.init(sequence.map(\.withoutAnchors), sequence.tag, sequence.style, sequence.mark))
        case .mapping(let mapping):
            return .mapping(.init(mapping.map { ($0.key.withoutAnchors, $0.value.withoutAnchors) }, mapping.tag, mapping.style, mapping.mark))
        case .alias:
            return self
        }
    }
}

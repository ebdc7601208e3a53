internal import Yams

/// One change to a scenario: the value to put at a path, and where the change was written (a design
/// file's level, a `--set` option), for the diagnostics about it.
public struct FieldOverride: Sendable, Hashable, CustomStringConvertible {
    public var path: FieldPath
    public var value: FieldValue
    /// Where the override was written; `nil` leaves diagnostics where the scenario wrote the field.
    public var location: SourceLocation?

    public init(_ path: FieldPath, _ value: FieldValue, location: SourceLocation? = nil) {
        self.path = path
        self.value = value
        self.location = location
    }

    /// Reads `PATH=VALUE` (the form of `--set`), the value in YAML's flow style.
    public init(assignment text: String, location: SourceLocation? = nil) throws(FieldPathError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw FieldPathError(column: text.count + 1, message: "expected PATH=VALUE, for example campus.service_center.routing=shortest_queue")
        }
        let path = try FieldPath(parsing: String(text[..<equals]))
        let valueText = String(text[text.index(after: equals)...])
        let value: FieldValue
        do {
            value = try FieldValue(yaml: valueText)
        } catch {
            throw FieldPathError(column: text.distance(from: text.startIndex, to: equals) + 2, message: "the value: \(error.message)")
        }
        self.init(path, value, location: location)
    }

    public var description: String { "\(path)=\(value)" }
}

/// Applies (path, value) overrides to a scenario's parsed YAML tree, before the tree is read: the
/// changed scenario is then validated exactly as a file holding it would be. Diagnostics about a
/// changed field point where the override was written and name the field by its path as the
/// override gave it (ids, not positions).
///
/// A path must name a field the scenario has, or a key its section may hold (from the field tables
/// that the JSON Schema renders): `campus.service_center.routing` may be added to a service center
/// that lacks it, and the maps above a key are made as needed; list elements are never made. A path
/// that names nothing is an error at the override, with a "did you mean" for a near miss.
public enum ScenarioOverrides {
    /// The tree with every override applied in order (a later one wins), with the places each was
    /// applied at, or the errors of the overrides that name nothing.
    static func apply(_ overrides: [FieldOverride], to root: Node, file: String) -> (root: Node, applied: [Applied], errors: [Diagnostic]) {
        var tree = root
        var applied: [Applied] = []
        var errors: [Diagnostic] = []
        for override in overrides {
            var walk = Walk(file: file, override: override)
            if let changed = walk.set(in: tree, override.path.segments[...], cursor: SchemaCursor.root) {
                tree = changed
                applied.append(Applied(override: override, positional: walk.positional, canonical: walk.canonical))
            } else if let problem = walk.problem {
                errors.append(problem)
            }
        }
        return (tree, applied, errors)
    }

    /// An override as applied: the path as the reader prints it (positions) and as ids name it.
    struct Applied {
        var override: FieldOverride
        var positional: FieldPath
        var canonical: FieldPath
    }

    /// Diagnostics about a field an override set, moved to the override's place and named by its path.
    static func relocate(_ diagnostics: [Diagnostic], _ applied: [Applied]) -> [Diagnostic] {
        diagnostics.map { diagnostic in
            // The last override of a field is the one that holds.
            for a in applied.reversed() {
                let prefix = a.positional.description
                guard diagnostic.path == prefix || diagnostic.path.hasPrefix(prefix + ".") || diagnostic.path.hasPrefix(prefix + "[") else { continue }
                var moved = diagnostic
                moved.path = a.canonical.description + diagnostic.path.dropFirst(prefix.count)
                if let location = a.override.location { moved.location = location }
                moved.message += " (set to \(a.override.value))"
                return moved
            }
            return diagnostic
        }
    }

    /// The value at `path` in a tree, and the path by ids; `nil` value when the path names a key the
    /// section may hold but the scenario leaves out (its default applies).
    static func value(at path: FieldPath, in root: Node, file: String) -> (value: FieldValue?, canonical: FieldPath, error: Diagnostic?) {
        var walk = Walk(file: file, override: FieldOverride(path, .plain("")))
        let found = walk.find(in: root, path.segments[...], cursor: SchemaCursor.root)
        return (found.flatMap { try? FieldValue(node: $0) }, walk.canonical, walk.problem)
    }

    /// One override's walk down the tree.
    private struct Walk {
        let file: String
        let override: FieldOverride
        var positional = FieldPath.root
        var canonical = FieldPath.root
        var problem: Diagnostic?

        init(file: String, override: FieldOverride) {
            self.file = file
            self.override = override
        }

        private mutating func fail(_ message: String, at node: Node?) {
            let location = override.location
                ?? SourceLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
            problem = Diagnostic(.error, at: location, path: override.path.description, "names nothing in the scenario: \(message)")
        }

        private func describe(_ node: Node) -> String { ScenarioReader(file: file).describe(node) }

        /// `node` with the override's value put at `segments` below it; `nil` after recording the problem.
        mutating func set(in node: Node, _ segments: ArraySlice<FieldPath.Segment>, cursor: SchemaCursor) -> Node? {
            guard let segment = segments.first else {
                return override.value.node(marked: node.mark)
            }
            let rest = segments.dropFirst()
            switch segment {
            case .key(let key):
                guard case .mapping(var mapping) = node else {
                    fail("\(place) is \(describe(node)), which has no key '\(key)'", at: node)
                    return nil
                }
                positional = positional.key(key)
                canonical = canonical.key(key)
                if let i = mapping.firstIndex(where: { $0.key.tagName != .merge && $0.key.string == key }) {
                    guard let changed = set(in: mapping[i].value, rest, cursor: cursor.child(key)) else { return nil }
                    mapping[i].value = changed
                    return .mapping(mapping)
                }
                let child: Node
                if let merged = Self.merged(key, in: mapping) {
                    // A key a merge (<<) brings in: written out, then changed.
                    guard let changed = set(in: merged, rest, cursor: cursor.child(key)) else { return nil }
                    child = changed
                } else {
                    let known = cursor.keys
                    guard known.contains(key) else {
                        positional = positional.parent
                        canonical = canonical.parent
                        let existing = mapping.compactMap { $0.key.tagName == .merge ? nil : $0.key.string }
                        let candidates = known.isEmpty ? existing : known
                        fail("\(place.isEmpty ? "the scenario" : place) has no key '\(key)'" + Suggestion.hint(for: key, among: candidates), at: node)
                        return nil
                    }
                    guard let made = made(rest, cursor: cursor.child(key), mark: node.mark) else { return nil }
                    child = made
                }
                var pairs = mapping.map { ($0.key, $0.value) }
                pairs.append((Node.scalar(.init(key, .implicit, .plain, node.mark)), child))
                return .mapping(.init(pairs, mapping.tag, mapping.style, mapping.mark))
            case .id, .index:
                guard case .sequence(var sequence) = node else {
                    fail("\(place) is \(describe(node)), not a list", at: node)
                    return nil
                }
                guard let i = element(segment, of: sequence, at: node) else { return nil }
                guard let changed = set(in: sequence[i], rest, cursor: cursor.element) else { return nil }
                sequence[i] = changed
                return .sequence(sequence)
            }
        }

        /// The node at `segments` below `node`; `nil` when it is absent (a problem is recorded when
        /// the path cannot name anything).
        mutating func find(in node: Node, _ segments: ArraySlice<FieldPath.Segment>, cursor: SchemaCursor) -> Node? {
            guard let segment = segments.first else { return node }
            switch segment {
            case .key(let key):
                guard case .mapping(let mapping) = node else {
                    fail("\(place) is \(describe(node)), which has no key '\(key)'", at: node)
                    return nil
                }
                positional = positional.key(key)
                canonical = canonical.key(key)
                if let pair = mapping.first(where: { $0.key.tagName != .merge && $0.key.string == key }) {
                    return find(in: pair.value, segments.dropFirst(), cursor: cursor.child(key))
                }
                if let merged = Self.merged(key, in: mapping) { return find(in: merged, segments.dropFirst(), cursor: cursor.child(key)) }
                if !cursor.keys.contains(key) {
                    positional = positional.parent
                    canonical = canonical.parent
                    let existing = mapping.compactMap { $0.key.tagName == .merge ? nil : $0.key.string }
                    fail("\(place.isEmpty ? "the scenario" : place) has no key '\(key)'" + Suggestion.hint(for: key, among: cursor.keys.isEmpty ? existing : cursor.keys), at: node)
                } else {
                    for segment in segments.dropFirst() {
                        if case .key(let k) = segment { canonical = canonical.key(k) } else { canonical = FieldPath(segments: canonical.segments + [segment]) }
                    }
                }
                return nil
            case .id, .index:
                guard case .sequence(let sequence) = node else {
                    fail("\(place) is \(describe(node)), not a list", at: node)
                    return nil
                }
                guard let i = element(segment, of: sequence, at: node) else { return nil }
                return find(in: sequence[i], segments.dropFirst(), cursor: cursor.element)
            }
        }

        private var place: String { canonical.description }

        /// The position of the element a segment selects, the paths extended; `nil` after recording the problem.
        private mutating func element(_ segment: FieldPath.Segment, of sequence: Node.Sequence, at node: Node) -> Int? {
            let ids = sequence.map(Self.elementId)
            let index: Int
            switch segment {
            case .id(let id):
                guard let found = ids.firstIndex(of: id) else {
                    let known = ids.compactMap { $0 }
                    let hint = known.isEmpty ? "; its elements have no ids: name one by its position, from 0"
                        : Suggestion.hint(for: id, among: known)
                    fail("\(place) has no element with id '\(id)'" + hint, at: node)
                    return nil
                }
                index = found
            case .index(let position):
                guard position < sequence.count else {
                    fail("\(place) has \(sequence.count) element\(sequence.count == 1 ? "" : "s"), at positions 0 to \(sequence.count - 1); \(position) is past them", at: node)
                    return nil
                }
                index = position
            case .key:
                preconditionFailure("a key is not an element")
            }
            positional = positional.index(index)
            canonical = ids[index].map { canonical.id($0) } ?? canonical.index(index)
            return index
        }

        /// The maps down to the value, for keys the scenario leaves out.
        private mutating func made(_ segments: ArraySlice<FieldPath.Segment>, cursor: SchemaCursor, mark: Mark?) -> Node? {
            guard let segment = segments.first else { return override.value.node(marked: mark) }
            guard case .key(let key) = segment else {
                fail("\(place) is not in the scenario, and a list element cannot be made by a path: write the list first", at: nil)
                return nil
            }
            guard cursor.keys.isEmpty || cursor.keys.contains(key) else {
                fail("\(place) has no key '\(key)'" + Suggestion.hint(for: key, among: cursor.keys), at: nil)
                return nil
            }
            positional = positional.key(key)
            canonical = canonical.key(key)
            guard let inner = made(segments.dropFirst(), cursor: cursor.child(key), mark: mark) else { return nil }
            return .mapping(.init([(Node.scalar(.init(key, .implicit, .plain, mark)), inner)], .implicit, .any, mark))
        }

        /// A list element's id: its `id`, or the `name` of an element without one.
        static func elementId(_ node: Node) -> String? {
            guard case .mapping(let mapping) = node else { return nil }
            for key in ["id", "name"] {
                if let pair = mapping.first(where: { $0.key.string == key }), case .scalar(let scalar) = pair.value { return scalar.string }
            }
            return nil
        }

        /// The value a merge key (`<<: *anchor`) brings in for `key`, the earlier map winning.
        static func merged(_ key: String, in mapping: Node.Mapping) -> Node? {
            for pair in mapping where pair.key.tagName == .merge {
                let maps: [Node] = if case .sequence(let s) = pair.value { Array(s) } else { [pair.value] }
                for map in maps {
                    if case .mapping(let m) = map, let found = m.first(where: { $0.key.string == key }) { return found.value }
                }
            }
            return nil
        }
    }
}

/// Where a walk is in the scenario format's JSON Schema: the keys a map there may hold, and the
/// schemas of a key's value and of a list's elements. Rendered from the field tables, so it knows
/// every section's keys.
struct SchemaCursor {
    /// The alternatives the value may match (refs resolved, `anyOf`/`oneOf`/`allOf` flattened).
    var schemas: [SchemaValue]

    static let root = SchemaCursor(schemas: flatten(ScenarioFormat.schema))
    private static let definitions: [String: SchemaValue] = {
        guard case .object(let entries) = ScenarioFormat.schema,
              case .object(let definitions)? = entries.first(where: { $0.0 == "definitions" })?.1 else { return [:] }
        return Dictionary(definitions, uniquingKeysWith: { a, _ in a })
    }()

    /// The keys a map here may hold, in the schema's order.
    var keys: [String] {
        var seen: Set<String> = []
        var keys: [String] = []
        for schema in schemas {
            for (key, _) in Self.properties(schema) where seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }

    func child(_ key: String) -> SchemaCursor {
        SchemaCursor(schemas: schemas.flatMap { schema in
            Self.properties(schema).filter { $0.0 == key }.flatMap { Self.flatten($0.1) }
        })
    }

    var element: SchemaCursor {
        SchemaCursor(schemas: schemas.flatMap { schema -> [SchemaValue] in
            guard let items = Self.member("items", of: schema) else { return [] }
            return Self.flatten(items)
        })
    }

    private static func member(_ name: String, of schema: SchemaValue) -> SchemaValue? {
        guard case .object(let entries) = schema else { return nil }
        return entries.first { $0.0 == name }?.1
    }

    private static func properties(_ schema: SchemaValue) -> [(String, SchemaValue)] {
        guard case .object(let entries)? = member("properties", of: schema) else { return [] }
        return entries
    }

    /// The schema with its references resolved and its alternatives listed beside it.
    private static func flatten(_ schema: SchemaValue, depth: Int = 0) -> [SchemaValue] {
        guard depth < 16 else { return [] }
        var out: [SchemaValue] = []
        if case .string(let ref)? = member("$ref", of: schema), ref.hasPrefix("#/definitions/"),
           let target = definitions[String(ref.dropFirst("#/definitions/".count))] {
            out += flatten(target, depth: depth + 1)
        } else {
            out.append(schema)
        }
        for combinator in ["anyOf", "oneOf", "allOf"] {
            if case .array(let alternatives)? = member(combinator, of: schema) {
                out += alternatives.flatMap { flatten($0, depth: depth + 1) }
            }
        }
        return out
    }
}

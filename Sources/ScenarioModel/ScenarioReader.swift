internal import Yams

/// Reads a scenario's YAML node tree into values, collecting a diagnostic for every problem it finds.
///
/// Each reading method reports its own problems and returns `nil` for a value it could not read, so
/// that one pass finds every error. Graph checks run last (see `ScenarioReader+Reachability.swift`).
struct ScenarioReader {
    /// The file name that diagnostics carry.
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// The unit of plain times and rates; read before anything else, whatever the key order.
    var timeUnit: TimeUnit = .minute
    /// Class ids in file order, including classes whose other fields were wrong.
    var classIds: [String] = []
    /// Station ids in file order with their places, including stations whose other fields were wrong.
    var stationRefs: [(id: String, location: SourceLocation, path: FieldPath)] = []
    /// The ids in `stationRefs`, for looking references up.
    var stationIdSet: Set<String> = []
    /// "Did you mean" suggestions made so far (see `unknown`).
    var suggestionsMade = 0
    /// The station and class of every arrival stream whose target and class could be read.
    var arrivalRefs: [(to: String, classId: String)] = []
    /// Where each station's `service` was written, by station id, for the per-class checks.
    var serviceLocations: [String: (location: SourceLocation, path: FieldPath)] = [:]
    /// False when the `stations:` or `classes:` list itself could not be read: references to them are
    /// then not reported as unknown.
    var stationsRead = true
    var classesRead = true
    /// False once an id, an arrival's target or class, or a route could not be read: the graph checks
    /// then stay silent rather than report consequences of errors already reported.
    var referencesIntact = true

    init(file: String) { self.file = file }

    var errorCount: Int { diagnostics.count(where: { $0.severity == .error }) }

    func location(of node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    mutating func error(at node: Node, _ path: FieldPath, _ message: String) {
        report(.error, at: location(of: node), path, message)
    }

    mutating func warning(at node: Node, _ path: FieldPath, _ message: String) {
        report(.warning, at: location(of: node), path, message)
    }

    mutating func report(_ severity: Diagnostic.Severity, at location: SourceLocation, _ path: FieldPath, _ message: String) {
        diagnostics.append(Diagnostic(severity, at: location, path: path.description, message))
    }
}

/// A map's entries in file order, after keys it may not hold were reported.
struct Fields {
    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
    }

    /// The map itself, where missing keys are reported.
    var node: Node
    var path: FieldPath
    var entries: [Entry]

    subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }

    /// Where the key itself was written, or the map when it is absent.
    func keyNode(_ key: String) -> Node { entries.first { $0.key == key }?.keyNode ?? node }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }
}

extension ScenarioReader {
    /// The entries of the map at `node`, merge keys (`<<: *anchor`) expanded; `nil` after reporting when
    /// `node` is not a map.
    mutating func entries(of node: Node, at path: FieldPath, expecting expected: String = "a map") -> Fields? {
        guard case .mapping(let mapping) = node else {
            error(at: node, path, "expected \(expected), found \(describe(node))")
            return nil
        }
        var entries: [Fields.Entry] = []
        var merged: [Fields.Entry] = []
        for (keyNode, value) in mapping {
            if keyNode.tagName == .merge {
                merged += mergedEntries(value, at: path)
                continue
            }
            guard case .scalar(let scalar) = keyNode else {
                error(at: keyNode, path, "a key must be a name, found \(describe(keyNode))")
                continue
            }
            entries.append(Fields.Entry(key: scalar.string, keyNode: keyNode, value: value))
        }
        let explicit = Set(entries.map(\.key))
        var seen = explicit
        for entry in merged where !seen.contains(entry.key) {
            seen.insert(entry.key)
            entries.append(entry)
        }
        return Fields(node: node, path: path, entries: entries)
    }

    /// The entries a merge key brings in: one map's, or several maps' with the earlier ones winning.
    private mutating func mergedEntries(_ value: Node, at path: FieldPath) -> [Fields.Entry] {
        switch value {
        case .mapping:
            return entries(of: value, at: path)?.entries ?? []
        case .sequence(let maps):
            return maps.flatMap { entries(of: $0, at: path)?.entries ?? [] }
        default:
            error(at: value, path.key("<<"), "a merge key takes a map or a list of maps, found \(describe(value))")
            return []
        }
    }

    /// The entries of the map at `node`, each key checked against `keys`; unknown keys are reported with
    /// a "did you mean" and left out.
    mutating func fields(of node: Node, at path: FieldPath, keys: [String], expecting expected: String = "a map")
        -> Fields?
    {
        guard var fields = entries(of: node, at: path, expecting: expected) else { return nil }
        fields.entries.removeAll { entry in
            guard !keys.contains(entry.key) else { return false }
            let hint = Suggestion.closest(to: entry.key, among: keys).map { "did you mean '\($0)'?" }
                ?? "expected one of: " + keys.joined(separator: ", ")
            error(at: entry.keyNode, path.key(entry.key), "unknown key; \(hint)")
            return true
        }
        return fields
    }

    /// The value of a key that must be present, or `nil` after reporting it missing.
    mutating func required(_ fields: Fields, _ key: String) -> Node? {
        if let value = fields[key] { return value }
        error(at: fields.node, fields.path.key(key), "required key is missing")
        return nil
    }

    /// The elements of the list at `node`; `nil` after reporting when it is not a list, is empty, or
    /// holds more than `maximum` elements.
    mutating func list(_ node: Node, at path: FieldPath, of what: String, maximum: Int = .max) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            error(at: node, path, "expected a list of \(what), found \(describe(node))")
            return nil
        }
        guard !sequence.isEmpty else {
            error(at: node, path, "the list of \(what) is empty")
            return nil
        }
        guard sequence.count <= maximum else {
            error(at: node, path, "holds \(sequence.count) \(what); at most \(maximum) are supported")
            return nil
        }
        return Array(sequence)
    }
}

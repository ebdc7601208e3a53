import Foundation
internal import Yams

/// Reads a scenario's text: YAML (or JSON, which is YAML) into a validated `Scenario`. The text comes
/// from the caller (the CLI reads the file); the file name only labels diagnostics.
public enum ScenarioParser {
    /// Most nodes a document may hold with its aliases expanded, against "billion laughs" documents.
    public static let maximumNodeCount = 1_000_000
    /// Deepest nesting of maps and lists, aliases expanded; a scenario needs fewer than ten levels.
    public static let maximumDepth = 64

    /// Parses and validates a scenario; returns it with its warnings, or throws every error at once.
    ///
    /// The thrown `ScenarioErrors` holds the warnings too, all sorted by line and column.
    public static func parse(_ text: String, file: String, defaultName: String) throws(ScenarioErrors)
        -> (scenario: Scenario, warnings: [Diagnostic])
    {
        try parse(text, file: file, defaultName: defaultName, overrides: [])
    }

    /// Parses a scenario, applies `overrides` to its tree (see `ScenarioOverrides`), and validates the
    /// result as a file holding it would be: a path that names nothing, and a value that is not
    /// valid there, is an error where the override was written.
    public static func parse(_ text: String, file: String, defaultName: String, overrides: [FieldOverride]) throws(ScenarioErrors)
        -> (scenario: Scenario, warnings: [Diagnostic])
    {
        var root = try compose(text, file: file)
        var applied: [ScenarioOverrides.Applied] = []
        if !overrides.isEmpty {
            let result = ScenarioOverrides.apply(overrides, to: root, file: file)
            guard result.errors.isEmpty else { throw ScenarioErrors(result.errors) }
            root = result.root
            applied = result.applied
        }
        var reader = ScenarioReader(file: file)
        let scenario = reader.scenario(root, defaultName: defaultName)
        // A map read twice (to tell a distribution from a per-class map) may repeat a problem: keep one.
        var seen: Set<Diagnostic> = []
        let diagnostics = ScenarioOverrides.relocate(reader.diagnostics, applied).filter { seen.insert($0).inserted }.enumerated().sorted { a, b in
            (a.element.location.file != file ? 0 : 1, a.element.location.line, a.element.location.column, a.offset)
                < (b.element.location.file != file ? 0 : 1, b.element.location.line, b.element.location.column, b.offset)
        }.map(\.element)
        guard let scenario, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw ScenarioErrors(diagnostics)
        }
        return (scenario, diagnostics)
    }

    /// The scenario's text with `overrides` applied, as YAML (comments and layout are not kept);
    /// reading it gives the scenario `parse(_:file:defaultName:overrides:)` gives.
    public static func text(_ text: String, file: String, applying overrides: [FieldOverride]) throws(ScenarioErrors) -> String {
        let root = try compose(text, file: file)
        let result = ScenarioOverrides.apply(overrides, to: root, file: file)
        guard result.errors.isEmpty else { throw ScenarioErrors(result.errors) }
        do {
            return try Yams.serialize(node: result.root.withoutAnchors, width: -1, allowUnicode: true, sortKeys: false)
        } catch {
            throw ScenarioErrors([Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), path: "", "cannot write the scenario: \(error)")])
        }
    }

    /// The value a scenario holds at `path` (`nil` when the scenario leaves the key out and its
    /// default applies) and the path by ids; a path that names nothing is an error.
    public static func value(at path: FieldPath, in text: String, file: String) throws(ScenarioErrors) -> (value: FieldValue?, canonical: FieldPath) {
        let root = try compose(text, file: file)
        let found = ScenarioOverrides.value(at: path, in: root, file: file)
        if let error = found.error { throw ScenarioErrors([error]) }
        return (found.value, found.canonical)
    }

    /// The document's tree, after the limits on its size and depth.
    static func compose(_ text: String, file: String) throws(ScenarioErrors) -> Node {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if let excess = DocumentShape.firstExcess(in: text, maximumValues: maximumNodeCount, maximumDepth: maximumDepth) {
            let message = switch excess.kind {
            case .values: "the document holds more than \(maximumNodeCount) values once its aliases are expanded"
            case .depth: "maps and lists are nested more than \(maximumDepth) deep (aliases expanded)"
            }
            let location = SourceLocation(file: file, line: excess.line, column: excess.column)
            throw ScenarioErrors([Diagnostic(.error, at: location, path: "", message)])
        }
        let document: Node?
        do {
            document = try Yams.compose(yaml: text)
        } catch {
            throw ScenarioErrors([atEndIfPast(yamlDiagnostic(error, file: file), text: text)])
        }
        guard let root = document, root.tagName != .null else {
            throw ScenarioErrors([Diagnostic(.error, at: start, path: "", "the file is empty")])
        }
        return root
    }

    /// Parses and validates the bytes of a scenario file, which must be UTF-8 text; the name defaults
    /// to the file's stem.
    public static func parse(data: Data, file: String) throws(ScenarioErrors) -> (scenario: Scenario, warnings: [Diagnostic]) {
        guard let text = String(validating: data, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8(in: data)
            throw ScenarioErrors([Diagnostic(.error, at: SourceLocation(file: file, line: line, column: column), path: "",
                                             "the file is not UTF-8 text: invalid byte sequence here")])
        }
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return try parse(text, file: file, defaultName: stem)
    }

    /// Line and column (1-based, in characters) of the first byte that is not part of valid UTF-8.
    private static func firstInvalidUTF8(in data: Data) -> (line: Int, column: Int) {
        var line = 1, column = 1
        var decoder = UTF8()
        var bytes = data.makeIterator()
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let scalar):
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput, .error:
                return (line, column)
            }
        }
    }

    /// The diagnostic for a document that is not well-formed YAML, where Yams found the problem.
    private static func yamlDiagnostic(_ error: any Error, file: String) -> Diagnostic {
        func at(_ mark: (line: Int, column: Int)?) -> SourceLocation {
            SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        }
        guard let error = error as? YamlError else {
            return Diagnostic(.error, at: at(nil), path: "", "invalid YAML: \(error)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let note = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return Diagnostic(.error, at: at((mark.line, mark.column)), path: "", "invalid YAML: \(problem)\(note)")
        case .reader(let problem, let offset, _, let yaml):
            return Diagnostic(.error, at: at(offset.flatMap { mark(ofCharacter: $0, in: yaml) }), path: "",
                              "invalid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(.error, at: at((context.mark.line, context.mark.column)), path: "", "duplicate key \(keys) in a map")
        default:
            return Diagnostic(.error, at: at(nil), path: "", "invalid YAML: \(error)")
        }
    }

    /// The diagnostic moved to the end of the last line when it is past it: libyaml reports an error
    /// at the end of a file that lacks a final newline on the line after the last.
    private static func atEndIfPast(_ diagnostic: Diagnostic, text: String) -> Diagnostic {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard diagnostic.location.line > lines.count, let last = lines.last else { return diagnostic }
        var moved = diagnostic
        moved.location.line = lines.count
        moved.location.column = last.count + 1
        return moved
    }

    /// Line and column (1-based) of the byte at `offset` in `text`'s UTF-8, as libyaml's reader counts.
    private static func mark(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int)? {
        var line = 1, column = 1
        for character in String(decoding: text.utf8.prefix(offset), as: UTF8.self) {
            if character.isNewline { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

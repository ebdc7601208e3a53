import Foundation
internal import Yams

/// Reads scenario files: YAML (or JSON, which is YAML) into a validated `Scenario`.
public enum ScenarioParser {
    /// Most nodes a document may hold with its aliases expanded, against "billion laughs" documents.
    public static let maximumNodeCount = 1_000_000

    /// Parses and validates a scenario; returns it with its warnings, or throws every error at once.
    ///
    /// The thrown `ScenarioErrors` holds the warnings too, all sorted by line and column.
    public static func parse(_ text: String, file: String, defaultName: String) throws(ScenarioErrors)
        -> (scenario: Scenario, warnings: [Diagnostic])
    {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let document: Node?
        do {
            document = try Yams.compose(yaml: text)
        } catch {
            throw ScenarioErrors([yamlDiagnostic(error, file: file)])
        }
        guard let root = document, root.tagName != .null else {
            throw ScenarioErrors([Diagnostic(.error, at: start, path: "", "the file is empty")])
        }
        guard nodeCount(of: root, isAtMost: maximumNodeCount) else {
            throw ScenarioErrors([Diagnostic(.error, at: start, path: "",
                "the document holds more than \(maximumNodeCount) values once its aliases are expanded")])
        }
        var reader = ScenarioReader(file: file)
        let scenario = reader.scenario(root, defaultName: defaultName)
        // A map read twice (to tell a distribution from a per-class map) may repeat a problem: keep one.
        var seen: Set<Diagnostic> = []
        let diagnostics = reader.diagnostics.filter { seen.insert($0).inserted }.enumerated().sorted { a, b in
            (a.element.location.line, a.element.location.column, a.offset)
                < (b.element.location.line, b.element.location.column, b.offset)
        }.map(\.element)
        guard let scenario, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw ScenarioErrors(diagnostics)
        }
        return (scenario, diagnostics)
    }

    /// Reads the file at `path` (errors reading it become a diagnostic at path:1:1), name defaults to the file's stem.
    public static func load(path: String) throws(ScenarioErrors) -> (scenario: Scenario, warnings: [Diagnostic]) {
        let url = URL(fileURLWithPath: path)
        func failure(_ message: String) -> ScenarioErrors {
            ScenarioErrors([Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: 1), path: "", message)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw failure("no such file")
        }
        guard !isDirectory.boolValue else { throw failure("is a directory, not a scenario file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw failure("cannot read the file") }
        guard let text = String(data: data, encoding: .utf8) else { throw failure("the file is not UTF-8 text") }
        return try parse(text, file: path, defaultName: url.deletingPathExtension().lastPathComponent)
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

    /// Line and column (1-based) of the character at `offset` in `text`.
    private static func mark(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int)? {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character.isNewline { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }

    /// Whether `root`, with every alias expanded, holds at most `limit` nodes; stops counting past it.
    private static func nodeCount(of root: Node, isAtMost limit: Int) -> Bool {
        var pending = [root]
        var count = 0
        while let node = pending.popLast() {
            count += 1
            guard count <= limit else { return false }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping { pending += [key, value] }
            case .sequence(let sequence):
                pending += sequence
            case .scalar, .alias:
                break
            }
        }
        return true
    }
}

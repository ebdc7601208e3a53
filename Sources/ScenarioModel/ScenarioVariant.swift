import Foundation
internal import Yams

/// A variant file: a scenario named by its base and the fields it changes.
///
/// ```yaml
/// extends: campus-baseline.yaml       # relative to the variant's own directory
/// name: campus-lunch-plus-one         # optional; the file's stem by default
/// description: One more counter at lunch.   # optional
/// set:
///   campus.service_center.counters[all_purpose].servers: {period: 1d, schedule: [...]}
/// ```
///
/// The base is read and each `set` entry is applied to its tree as a `--set` override would be
/// (`ScenarioOverrides`), so the variant is validated exactly as the changed base; a diagnostic
/// about a changed field points at the variant's line, one about the rest at the base's. A base may
/// itself be a variant (its changes come first); a chain that loops, one deeper than
/// `maximumChain`, and a base outside `boundary` (the scenarios' directory tree) are refused.
public enum ScenarioVariant {
    /// The keys a variant file may hold.
    public static let keys = ["extends", "name", "description", "set"]
    /// Most variants in one chain.
    public static let maximumChain = 16

    /// Reads the text of the base file at a path (as the variant resolves it); a file that cannot
    /// be read is a diagnostic at the variant's `extends` line, which the caller is given.
    public typealias Reader = (_ path: String, _ at: SourceLocation) throws(ScenarioErrors) -> String

    /// The scenario a variant stands for: the text and file of the last base of its chain, and the
    /// changes to apply to it in order.
    public struct Resolved: Sendable {
        public var baseText: String
        public var baseFile: String
        public var overrides: [FieldOverride]
        /// Every file of the chain, the variant first.
        public var files: [String]
    }

    /// Whether `text` is a variant file: a map at the top with an `extends` key.
    public static func isVariant(_ text: String) -> Bool {
        guard text.contains("extends") else { return false }
        guard let root = try? ScenarioParser.compose(text, file: ""), case .mapping(let mapping) = root else { return false }
        return mapping.contains { $0.key.string == "extends" }
    }

    /// The directory a variant's base must stay in: the nearest enclosing directory named
    /// `scenarios`, or the variant's own directory when none encloses it.
    public static func defaultBoundary(for file: String) -> String {
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL
        var candidate = directory
        while candidate.path != "/" {
            if candidate.lastPathComponent == "scenarios" { return candidate.path }
            candidate.deleteLastPathComponent()
        }
        return directory.path
    }

    /// Follows the chain from the variant `text` (read from `file`) to its first base that is not a variant.
    public static func resolve(_ text: String, file: String, boundary: String, read: Reader) throws(ScenarioErrors) -> Resolved {
        var chain: [(file: String, overrides: [FieldOverride])] = []
        var visited: [String] = []
        var currentText = text
        var currentFile = file
        let limit = URL(fileURLWithPath: boundary).standardizedFileURL.path
        while true {
            let key = URL(fileURLWithPath: currentFile).standardizedFileURL.path
            guard chain.count < maximumChain else {
                throw error(at: SourceLocation(file: file, line: 1, column: 1), "extends", "the chain of variants is longer than \(maximumChain) files")
            }
            let parsed = try readVariant(currentText, file: currentFile, isFirst: chain.isEmpty)
            visited.append(key)
            chain.append((currentFile, parsed.overrides))
            let directory = URL(fileURLWithPath: currentFile).deletingLastPathComponent()
            let base = URL(fileURLWithPath: parsed.extends, relativeTo: directory).standardizedFileURL.path
            guard !parsed.extends.hasPrefix("/") else {
                throw error(at: parsed.location, "extends", "'\(parsed.extends)' is an absolute path; name the base relative to the variant's directory")
            }
            guard base == limit || base.hasPrefix(limit.hasSuffix("/") ? limit : limit + "/") else {
                throw error(at: parsed.location, "extends", "'\(parsed.extends)' is outside the scenarios' directory \(limit); a base must be a file in that tree, named relative to the variant")
            }
            guard !visited.contains(base) else {
                throw error(at: parsed.location, "extends", "'\(parsed.extends)' leads back to \(base), which this chain already extends: the variants loop")
            }
            let baseText = try read(base, parsed.location)
            if isVariant(baseText) {
                currentText = baseText
                currentFile = base
                continue
            }
            // The chain's changes in order: the base's variant first, this file's last (it wins).
            let overrides = chain.reversed().flatMap(\.overrides)
            return Resolved(baseText: baseText, baseFile: base, overrides: overrides, files: chain.map(\.file) + [base])
        }
    }

    /// A variant file's `extends`, where it is written, and its changes (the name first).
    private static func readVariant(_ text: String, file: String, isFirst: Bool) throws(ScenarioErrors)
        -> (extends: String, location: SourceLocation, overrides: [FieldOverride])
    {
        let root = try ScenarioParser.compose(text, file: file)
        func at(_ node: Node) -> SourceLocation {
            SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        guard case .mapping(let mapping) = root else {
            throw error(at: at(root), "", "a variant file is a map of \(keys.joined(separator: ", "))")
        }
        var problems: [Diagnostic] = []
        var extends: (String, SourceLocation)?
        var named: [FieldOverride] = []
        var changes: [FieldOverride] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "extends":
                guard case .scalar(let scalar) = value, !scalar.string.isEmpty else {
                    problems.append(Diagnostic(.error, at: at(value), path: "extends", "expected the base scenario's file name, relative to this file"))
                    continue
                }
                extends = (scalar.string, at(value))
            case "name", "description":
                guard case .scalar = value else {
                    problems.append(Diagnostic(.error, at: at(value), path: key, "expected text"))
                    continue
                }
                do {
                    named.append(FieldOverride(FieldPath(segments: [.key(key)]), try FieldValue(node: value), location: at(value)))
                } catch {
                    problems.append(Diagnostic(.error, at: at(value), path: key, error.message))
                }
            case "set":
                guard case .mapping(let entries) = value else {
                    problems.append(Diagnostic(.error, at: at(value), path: "set", "expected a map of field paths to values, such as campus.service_center.routing: shortest_queue"))
                    continue
                }
                for (pathNode, fieldValue) in entries {
                    let pathText = pathNode.string ?? ""
                    do {
                        let path = try FieldPath(parsing: pathText)
                        changes.append(FieldOverride(path, try FieldValue(node: fieldValue), location: at(pathNode)))
                    } catch let failure as FieldPathError {
                        problems.append(Diagnostic(.error, at: at(pathNode), path: "set", "'\(pathText)' is not a field path: \(failure.message)"))
                    } catch let failure as FieldValueError {
                        problems.append(Diagnostic(.error, at: at(fieldValue), path: "set.\(pathText)", failure.message))
                    } catch {
                        problems.append(Diagnostic(.error, at: at(fieldValue), path: "set.\(pathText)", "\(error)"))
                    }
                }
            default:
                problems.append(Diagnostic(.error, at: at(keyNode), path: key,
                                           "a variant file holds only \(keys.joined(separator: ", "))" + Suggestion.hint(for: key, among: keys)))
            }
        }
        guard problems.isEmpty else { throw ScenarioErrors(problems) }
        guard let extends else { throw error(at: at(root), "extends", "a variant file names its base scenario with extends:") }
        if isFirst, !named.contains(where: { $0.path.description == "name" }) {
            // The variant's results go under its own name, not the base's.
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            named.insert(FieldOverride(FieldPath(segments: [.key("name")]), .scalar(stem, quoted: true), location: extends.1), at: 0)
        }
        if !isFirst { named.removeAll { $0.path.description == "name" } }
        return (extends.0, extends.1, named + changes)
    }

    private static func error(at location: SourceLocation, _ path: String, _ message: String) -> ScenarioErrors {
        ScenarioErrors([Diagnostic(.error, at: location, path: path, message)])
    }
}

extension ScenarioParser {
    /// Parses a scenario file's text that may be a variant (`ScenarioVariant`): a variant is its
    /// base with its changes, then `overrides` (`--set`), validated as one scenario.
    public static func parse(_ text: String, file: String, defaultName: String, overrides: [FieldOverride],
                             boundary: String, read: ScenarioVariant.Reader) throws(ScenarioErrors)
        -> (scenario: Scenario, warnings: [Diagnostic])
    {
        guard ScenarioVariant.isVariant(text) else {
            return try parse(text, file: file, defaultName: defaultName, overrides: overrides)
        }
        let resolved = try ScenarioVariant.resolve(text, file: file, boundary: boundary, read: read)
        return try parse(resolved.baseText, file: resolved.baseFile, defaultName: defaultName, overrides: resolved.overrides + overrides)
    }
}

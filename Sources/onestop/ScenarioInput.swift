import ArgumentParser
import CampusModel
import Foundation
import Interchange
import QueueingNetwork
import ScenarioModel

/// Reads, validates and compiles a scenario, printing diagnostics to standard error.
enum ScenarioInput {
    /// The compiled model, or an exit with status 2 after printing every error.
    static func load(_ path: String, overrides: [FieldOverride] = []) throws -> (scenario: Scenario, model: NetworkModel, campus: CampusPlan?, warnings: [Diagnostic]) {
        let loaded = try loadWithSource(path, overrides: overrides)
        return (loaded.scenario, loaded.model, loaded.campus, loaded.warnings)
    }

    /// A scenario read once from its file: the values, the text and the SHA-256 of the very bytes parsed.
    struct Loaded {
        var scenario: Scenario
        /// The file's text (UTF-8, as the parser checked); for a variant, its base with the changes written in.
        var text: String
        var model: NetworkModel
        var campus: CampusPlan?
        var warnings: [Diagnostic]
        var sha256: String
    }

    /// As `load`, with the SHA-256 of the file's bytes that results record.
    /// With `overrides` (`--set`), they are applied to the file's tree before it is validated, and
    /// errors about them point at the option.
    static func loadWithSource(_ path: String, overrides: [FieldOverride] = []) throws -> Loaded {
        do {
            let data = try read(path: path)
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let (scenario, parseWarnings) = if ScenarioVariant.isVariant(String(decoding: data, as: UTF8.self)) {
                try ScenarioParser.parse(String(decoding: data, as: UTF8.self), file: path, defaultName: stem, overrides: overrides,
                                         boundary: ScenarioVariant.defaultBoundary(for: path), read: readBase)
            } else if overrides.isEmpty {
                try ScenarioParser.parse(data: data, file: path)
            } else {
                try ScenarioParser.parse(String(decoding: data, as: UTF8.self), file: path,
                                         defaultName: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, overrides: overrides)
            }
            let (model, campus, compileWarnings) = try CampusCompiler.compile(scenario)
            let warnings = parseWarnings + compileWarnings
            for warning in warnings { Terminal.error(warning.description) }
            // A variant's text is its base with the changes written in: what `optimize` proposes changes to.
            var text = String(decoding: data, as: UTF8.self)
            if ScenarioVariant.isVariant(text) {
                let resolved = try ScenarioVariant.resolve(text, file: path, boundary: ScenarioVariant.defaultBoundary(for: path), read: readBase)
                text = try ScenarioParser.text(resolved.baseText, file: resolved.baseFile, applying: resolved.overrides)
            }
            return Loaded(scenario: scenario, text: text, model: model, campus: campus, warnings: warnings, sha256: SHA256.hex(of: data))
        } catch let errors {
            for diagnostic in errors.diagnostics { Terminal.error(diagnostic.description) }
            throw ExitCode(2)
        }
    }

    /// The text of a variant's base file; one that cannot be read is an error at the variant's `extends`.
    static func readBase(_ path: String, at location: SourceLocation) throws(ScenarioErrors) -> String {
        let data: Data
        do {
            data = try read(path: path)
        } catch {
            throw ScenarioErrors(error.diagnostics.map { Diagnostic(.error, at: location, path: "extends", "the base \(path): \($0.message)") })
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ScenarioErrors([Diagnostic(.error, at: location, path: "extends", "the base \(path) is not UTF-8 text")])
        }
        return text
    }

    /// Largest scenario file read, in bytes.
    static let maximumFileBytes = 64 << 20

    /// The bytes of the scenario file at `path`; a missing, unreadable or oversized file is a diagnostic at path:1:1.
    static func read(path: String) throws(ScenarioErrors) -> Data {
        func failure(_ message: String) -> ScenarioErrors {
            ScenarioErrors([Diagnostic(.error, at: SourceLocation(file: path, line: 1, column: 1), path: "", message)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw failure("no such file")
        }
        guard !isDirectory.boolValue else { throw failure("is a directory, not a scenario file") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if let size, size > maximumFileBytes {
            throw failure("the file holds \(size) bytes; a scenario file may hold at most \(maximumFileBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw failure("cannot read the file") }
        guard data.count <= maximumFileBytes else {
            throw failure("the file holds \(data.count) bytes; a scenario file may hold at most \(maximumFileBytes)")
        }
        return data
    }

    /// Exits with status 2 after printing the limits that `replications` replications would pass
    /// (the scenario's own count was checked when it was compiled).
    static func checkSize(_ model: NetworkModel, replications: Int) throws {
        let problems = model.sizeDiagnostics(replications: replications)
        guard !problems.isEmpty else { return }
        for diagnostic in problems { Terminal.error(diagnostic.description + " (with --replications \(replications))") }
        throw ExitCode(2)
    }
}

/// Standard error and the terminal.
/// The one way text reaches the terminal. Lines carry ids, names and messages read from files that
/// someone else may have written; a control character in them (an escape sequence that clears the
/// screen, retitles the window or, through OSC 52, sets the clipboard) is printed as `\u{…}`.
enum Terminal {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((FileName.printable(line) + "\n").utf8))
    }

    /// A line (or lines) on standard output.
    static func output(_ text: String) {
        print(FileName.printable(text))
    }

    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }
}

/// `--set PATH=VALUE`: a field of the scenario changed for this command, in the path language of
/// docs/sweep.md (`campus.service_center.counters[all_purpose].servers=8`).
struct OverrideOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Change a field before validating: PATH=VALUE, VALUE in YAML (repeatable; see docs/sweep.md for paths).",
        valueName: "path=value"))
    var assignments: [String] = []

    /// The overrides, each located at its option (`--set #N`); exits 2 on one that cannot be read.
    func overrides() throws -> [FieldOverride] {
        var overrides: [FieldOverride] = []
        var failed = false
        for (i, text) in assignments.enumerated() {
            let location = SourceLocation(file: "--set #\(i + 1)", line: 1, column: 1)
            do {
                overrides.append(try FieldOverride(assignment: text, location: location))
            } catch {
                Terminal.error("\(location.file):1:\(error.column): error: \(error.message)")
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
        return overrides
    }
}

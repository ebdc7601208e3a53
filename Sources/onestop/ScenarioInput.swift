import ArgumentParser
import CampusModel
import Foundation
import Interchange
import QueueingNetwork
import ScenarioModel

/// Reads, validates and compiles a scenario, printing diagnostics to standard error.
enum ScenarioInput {
    /// The compiled model, or an exit with status 2 after printing every error.
    static func load(_ path: String) throws -> (scenario: Scenario, model: NetworkModel, campus: CampusPlan?, warnings: [Diagnostic]) {
        let loaded = try loadWithSource(path)
        return (loaded.scenario, loaded.model, loaded.campus, loaded.warnings)
    }

    /// A scenario read once from its file: the values, the text and the SHA-256 of the very bytes parsed.
    struct Loaded {
        var scenario: Scenario
        /// The file's text (UTF-8, as the parser checked).
        var text: String
        var model: NetworkModel
        var campus: CampusPlan?
        var warnings: [Diagnostic]
        var sha256: String
    }

    /// As `load`, with the SHA-256 of the file's bytes that results record.
    static func loadWithSource(_ path: String) throws -> Loaded {
        do {
            let data = try ScenarioParser.read(path: path)
            let (scenario, parseWarnings) = try ScenarioParser.parse(data: data, file: path)
            let (model, campus, compileWarnings) = try CampusCompiler.compile(scenario)
            let warnings = parseWarnings + compileWarnings
            for warning in warnings { Terminal.error(warning.description) }
            return Loaded(scenario: scenario, text: String(decoding: data, as: UTF8.self), model: model, campus: campus, warnings: warnings, sha256: SHA256.hex(of: data))
        } catch let errors {
            for diagnostic in errors.diagnostics { Terminal.error(diagnostic.description) }
            throw ExitCode(2)
        }
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

import ArgumentParser
import CampusModel
import Foundation
import QueueingNetwork
import ScenarioModel

/// Reads, validates and compiles a scenario, printing diagnostics to standard error.
enum ScenarioInput {
    /// The compiled model, or an exit with status 2 after printing every error.
    static func load(_ path: String) throws -> (scenario: Scenario, model: NetworkModel, campus: CampusPlan?, warnings: [Diagnostic]) {
        do {
            let (scenario, parseWarnings) = try ScenarioParser.load(path: path)
            let (model, campus, compileWarnings) = try CampusCompiler.compile(scenario)
            let warnings = parseWarnings + compileWarnings
            for warning in warnings { Terminal.error(warning.description) }
            return (scenario, model, campus, warnings)
        } catch let errors {
            for diagnostic in errors.diagnostics { Terminal.error(diagnostic.description) }
            throw ExitCode(2)
        }
    }
}

/// Standard error and the terminal.
enum Terminal {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }
}

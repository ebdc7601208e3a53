import ArgumentParser
import Foundation
import OutputFiles
import Stochastics

@main
struct OneStop: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "onestop",
        abstract: "Simulate and plan a university's one-stop student services.",
        discussion: """
            Exit codes:
              0  success
              1  failure (for example a file that cannot be written)
              2  invalid input: a scenario with errors (each printed as
                 FILE:LINE:COLUMN: error: PATH: MESSAGE), a bad option or argument,
                 or a directory that holds no results

            Shell completions: onestop --generate-completion-script bash (or zsh, fish).

            Examples:
              onestop run scenarios/service-center.yaml --report
              onestop compare scenarios/desk-schedule.yaml scenarios/desk-more-staff.yaml
              onestop fit examples/baseline-term.csv \\
                  --into scenarios/campus-baseline.yaml --out outputs/fit
              onestop run --help
                (every subcommand has --help with examples)
            """,
        version: version,
        subcommands: [Run.self, Validate.self, Compare.self, Optimize.self, Report.self, Export.self, Schema.self, Merge.self, Fit.self, BacktestCommand.self, GenerateLog.self, SweepCommand.self, Serve.self]
    )

    /// Parses and runs the command; a command line that cannot be parsed exits 2 (invalid input),
    /// as an invalid scenario does, rather than the parser's own 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                Terminal.error(fullMessage(for: error))
                Terminal.error("Run 'onestop help' or add --help for the usage.")
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    static func prepare() {
        Interruption.install()
        prepareGSL()
    }
}

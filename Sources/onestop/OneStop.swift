import ArgumentParser
import Stochastics

@main
struct OneStop: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "onestop",
        abstract: "Simulate and plan a university's one-stop student services.",
        discussion: """
            Exit codes: 0 success, 1 failure (for example a file that cannot be written),
            2 invalid input (each problem printed as FILE:LINE:COLUMN: error: PATH: MESSAGE).
            """,
        version: version,
        subcommands: [Run.self, Validate.self]
    )

    static func prepare() {
        Interruption.install()
        prepareGSL()
    }
}

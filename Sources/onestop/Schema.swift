import ArgumentParser
import Foundation
import OutputFiles
import ScenarioModel

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of the scenario format.",
        discussion: """
            The schema (JSON Schema draft-07) is generated from the format's description in the source; schema/scenario.schema.json is a copy kept in the repository for editors. It accepts a superset of valid scenarios: checks that need the whole file (station ids in routing, probabilities adding up to 1, schedules covering their period) are onestop validate's.

            Examples:
              onestop schema > schema/scenario.schema.json
              onestop schema --out my-scenarios/scenario.schema.json
            In VS Code (YAML extension), start a scenario with:
              # yaml-language-server: $schema=../schema/scenario.schema.json
            """
    )

    @Option(help: ArgumentHelp("Write the schema to this file instead of standard output.", valueName: "file"))
    var out: String?

    func run() throws {
        let text = ScenarioFormat.jsonSchema
        guard let out else {
            print(text, terminator: "")
            return
        }
        let directory = (out as NSString).deletingLastPathComponent
        do {
            try OutputDirectory(path: directory.isEmpty ? "." : directory).write([((out as NSString).lastPathComponent, text)], replacing: false)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}

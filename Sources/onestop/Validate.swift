import ArgumentParser

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file and report every problem in it.",
        discussion: """
            Prints each problem as FILE:LINE:COLUMN: error: PATH: MESSAGE and exits 2 when there is \
            one; warnings (for example a station loaded at or above its servers) do not fail.

            Examples:
              onestop validate scenarios/single-desk.yaml
              onestop validate scenarios/campus-baseline.yaml \\
                  --set 'campus.service_center.counters[all_purpose].servers=8'
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @OptionGroup var set: OverrideOptions

    func run() throws {
        OneStop.prepare()
        let (_, model, _, warnings) = try ScenarioInput.load(scenario, overrides: set.overrides())
        let noted = warnings.isEmpty ? "" : ", \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
        Terminal.output("\(scenario): valid (\(model.stations.count) stations, \(model.sources.count) arrival streams, \(model.classes.count) classes\(noted))")
    }
}

import ArgumentParser
import Experiments
import Foundation
import QueueingNetwork
import Reports

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario's replications and write its results.",
        discussion: """
            Writes summary.json, replications.csv and (when the scenario sets run.sample_every)
            timeseries.csv into the output directory. Each file is written whole or not at all.
            The same scenario and seed give byte-identical files whatever --jobs is.

            Examples:
              onestop run scenarios/single-desk.yaml
              onestop run scenarios/single-desk.yaml --out outputs/desk --replications 30 --seed 7 --jobs 2
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @Option(help: "Output directory (default: outputs/<scenario name>).")
    var out: String?

    @Option(help: "Replications (overrides run.replications).")
    var replications: Int?

    @Option(help: "Master seed (overrides run.seed).")
    var seed: UInt64?

    @Option(help: "Worker threads running replications in parallel.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print nothing but errors and warnings.")
    var quiet = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        OneStop.prepare()
        let (_, model, campus, warnings) = try ScenarioInput.load(scenario)
        let experiment = Experiment(model: model, campus: campus, replications: replications, seed: seed)
        let progress = ProgressBar(enabled: !quiet && Terminal.standardErrorIsTerminal, total: experiment.replications)
        let result = experiment.run(jobs: jobs, progress: progress.update)
        progress.finish()

        let directory = out ?? "outputs/\(model.name)"
        let info = Summary.RunInfo(version: OneStop.version, warnings: warnings.map(\.description))
        var files: [(String, String)] = [
            ("summary.json", Summary.json(result, info: info)),
            ("replications.csv", Tables.replicationsCSV(result)),
        ]
        if model.run.sampleEvery != nil { files.append(("timeseries.csv", Tables.timeseriesCSV(result))) }
        files += CampusTables.files(result)
        do {
            try OutputDirectory(path: directory).write(files)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        for stop in result.earlyStops { Terminal.error("warning: \(stop)") }
        if !quiet {
            print(SummaryTable.text(result, directory: directory))
            if let rules = SummaryTable.rules(result) { print(rules) }
        }
    }
}

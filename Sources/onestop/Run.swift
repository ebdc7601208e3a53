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

    @Flag(help: "Write into --out even when it is a non-empty directory that onestop did not write.")
    var force = false

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        OneStop.prepare()
        let loaded = try ScenarioInput.loadWithSource(scenario)
        let (model, warnings) = (loaded.model, loaded.warnings)
        let experiment = Experiment(model: model, replications: replications, seed: seed)
        if replications != nil { try ScenarioInput.checkSize(model, replications: experiment.replications) }
        let directory = out ?? "outputs/\(model.name)"
        do {
            try OutputDirectory(path: directory).claim(force: force)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        let progress = ProgressBar(enabled: !quiet && Terminal.standardErrorIsTerminal, total: experiment.replications)
        let result = experiment.run(jobs: jobs, progress: progress.update)
        progress.finish()

        let info = Summary.RunInfo(version: OneStop.version, warnings: warnings.map(\.description), scenarioSHA256: loaded.sha256)
        var files: [(String, String)] = [
            ("summary.json", Summary.json(result, info: info)),
            ("replications.csv", Tables.replicationsCSV(result)),
        ]
        if model.run.sampleEvery != nil { files.append(("timeseries.csv", Tables.timeseriesCSV(result))) }
        do {
            try OutputDirectory(path: directory).write(files)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        for stop in result.earlyStops { Terminal.error("warning: \(stop)") }
        if !quiet { print(SummaryTable.text(result, directory: directory)) }
    }
}

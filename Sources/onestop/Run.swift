import ArgumentParser
import Experiments
import Foundation
import QueueingNetwork
import Reports

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario's replications and write its results.",
        discussion: """
            Writes summary.json, replications.csv, hourly.csv and (when the scenario sets run.sample_every) timeseries.csv into the output directory; with --report also report.html. Each file is written whole or not at all. The same scenario and seed give byte-identical files whatever --jobs is; so does --trace, whose replications are joined in order.

            Examples:
              onestop run scenarios/single-desk.yaml
              onestop run scenarios/single-desk.yaml --out outputs/desk --replications 30 --seed 7 --jobs 2
              onestop run scenarios/desk-schedule.yaml --report
                (then open outputs/desk-schedule/report.html)
              onestop run scenarios/single-desk.yaml --replications 1 --trace desk-events.csv
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

    @Flag(help: "Also write report.html (tables and SVG charts) into the output directory.")
    var report = false

    @Option(help: ArgumentHelp("Stream every customer event to this CSV file: replication,time,entity,class,station,event.", valueName: "file.csv"))
    var trace: String?

    func validate() throws {
        if let replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        OneStop.prepare()
        let (_, model, warnings) = try ScenarioInput.load(scenario)
        let experiment = Experiment(model: model, replications: replications, seed: seed)
        let progress = ProgressBar(enabled: !quiet && Terminal.standardErrorIsTerminal, total: experiment.replications)
        let traceFile = try trace.map { path in
            do { return try TraceFile(path: path, model: model) } catch {
                Terminal.error("error: \(error)")
                throw ExitCode.failure
            }
        }
        let result = experiment.run(jobs: jobs, progress: progress.update, trace: traceFile?.sinks)
        progress.finish()
        do {
            try traceFile?.complete(replications: Array(0..<experiment.replications))
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }

        let directory = out ?? "outputs/\(model.name)"
        let info = Summary.RunInfo(version: OneStop.version, warnings: warnings.map(\.description))
        var files: [(String, String)] = [
            ("summary.json", Summary.json(result, info: info)),
            ("replications.csv", Tables.replicationsCSV(result)),
        ]
        let hourly = Tables.hourlyCSV(result)
        files.append(("hourly.csv", hourly))
        if model.run.sampleEvery != nil { files.append(("timeseries.csv", Tables.timeseriesCSV(result))) }
        if report { files.append(("report.html", try HTMLReport.run(.init(summary: files[0].1, hourly: hourly)))) }
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

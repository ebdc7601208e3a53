import ArgumentParser
import Experiments
import Foundation
import OutputFiles
import QueueingNetwork
import Reports

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario's replications and write its results.",
        discussion: """
            Writes summary.json, replications.csv, hourly.csv and (when the scenario sets run.sample_every) timeseries.csv into the output directory (default outputs/<scenario name>); with --report also report.html. Each file is written whole or not at all. The same scenario and seed give byte-identical files whatever --jobs is; so does --trace, whose replications are joined in order.

            --set PATH=VALUE changes one field before the scenario is validated (repeatable), in the \
            path language of docs/sweep.md; summary.json then records the file's SHA-256 and the changes.

            With --shard I/N the run is one of N processes: it runs replications I, I+N, I+2N, … \
            and writes only DIR/partial-I-of-N.json (DIR defaults to outputs/<scenario name>/shards); \
            `onestop merge` combines the shards into the files one process would have written.

            Examples:
              onestop run scenarios/single-desk.yaml
              onestop run scenarios/single-desk.yaml --replications 30 --seed 7 --jobs 2
              onestop run scenarios/desk-schedule.yaml --report
                (then open outputs/desk-schedule/report.html)
              onestop run scenarios/single-desk.yaml --replications 1 --trace events.csv
              onestop run scenarios/campus-baseline.yaml \\
                  --set 'campus.service_center.routing=shortest_queue'
              onestop run scenarios/single-desk.yaml --shard 0/4 --out outputs/desk-shards
                (one of four processes; onestop merge --help shows the rest)
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @OptionGroup var options: CommonOptions

    @OptionGroup var set: OverrideOptions

    @Option(help: ArgumentHelp("Run only replications I, I+N, I+2N, … and write mergeable partial results.", valueName: "I/N"))
    var shard: String?

    @Flag(help: "Also write report.html (tables and SVG charts) into the output directory.")
    var report = false

    @Option(help: ArgumentHelp("Stream every customer event to this CSV file: replication,time,entity,class,station,event.", valueName: "file.csv"))
    var trace: String?

    @OptionGroup(title: "Replications until the answer is clear") var precision: PrecisionOptions

    func validate() throws {
        if let replications = options.replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if shard != nil, !set.assignments.isEmpty { throw ValidationError("--set does not go with --shard: write the changed scenario to a file and shard that") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard must be I/N with 0 ≤ I < N (for example 0/4), not '\(shard)'") }
        if precision.precision != nil {
            if shard != nil { throw ValidationError("--precision cannot be used with --shard: a shard runs a fixed share of a fixed count") }
            if trace != nil { throw ValidationError("--precision cannot be used with --trace: run the count it settles on with --replications and --trace") }
            if let replications = options.replications, replications < 2 { throw ValidationError("--precision needs at least 2 replications to start from (an interval)") }
        }
    }

    func run() throws {
        OneStop.prepare()
        let loaded = try ScenarioInput.loadWithSource(scenario, overrides: set.overrides())
        let (model, warnings) = (loaded.model, loaded.warnings)
        try Run.checkStatistics(model, replications: options.replications, shard: shard != nil, precision: precision.precision != nil)
        var experiment = Experiment(model: model, campus: loaded.campus, replications: options.replications, seed: options.seed)
        let goal = try precision.goal(model: model, campus: loaded.campus)
        if goal != nil {
            if experiment.replications < 2 { experiment.replications = 2 }
            try ScenarioInput.checkSize(model, replications: precision.maximum(start: experiment.replications))
        } else if options.replications != nil {
            try ScenarioInput.checkSize(model, replications: experiment.replications)
        }
        if let shard = shard.flatMap(Shard.init) { return try runShard(shard, experiment: experiment, warnings: warnings) }
        let directory = options.out ?? "outputs/\(model.name)"
        do {
            try OutputDirectory(path: directory).claim(force: options.force)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        if let trace {
            do {
                try OutputDirectory.claim(file: trace, force: options.force, inputs: [scenario], signature: TraceFormat.header)
                try TraceFile.checkSize(path: trace, model: model, replications: experiment.replications)
            } catch {
                Terminal.error("error: --trace: \(error)")
                throw ExitCode(2)
            }
        }
        let progress = ProgressBar(enabled: !options.quiet && Terminal.standardErrorIsTerminal, total: experiment.replications)
        let traceFile = try trace.map { path in
            do { return try TraceFile(path: path, model: model) } catch {
                Terminal.error("error: \(error)")
                throw ExitCode.failure
            }
        }
        let result: ExperimentResult
        var sequential: SequentialRun?
        if let goal {
            let run = experiment.runSequentially(goal: goal, batch: precision.batch ?? experiment.replications,
                                                 maximum: precision.maximum(start: experiment.replications), jobs: options.jobs, progress: progress.update)
            sequential = run
            result = run.result
        } else {
            result = experiment.run(jobs: options.jobs, progress: progress.update, trace: traceFile?.sinks)
        }
        progress.finish()
        // A trace that cannot be written (a full disk) does not cost the results: they are written
        // below, and the command then fails, saying so.
        var traceFailure: String?
        do {
            try traceFile?.complete(replications: Array(0..<experiment.replications))
        } catch {
            traceFailure = "\(error)"
        }

        let info = Summary.RunInfo(version: OneStop.version, warnings: warnings.map(\.description), scenarioSHA256: loaded.sha256,
                                   overrides: try set.overrides().map(\.description))
        var files = Run.resultFiles(result, info: info)
        if report {
            let summary = files.first { $0.0 == "summary.json" }!.1
            let hourly = files.first { $0.0 == "hourly.csv" }!.1
            files.append(("report.html", try HTMLReport.run(.init(summary: summary, hourly: hourly))))
        }
        do {
            try OutputDirectory(path: directory).write(files)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        for stop in result.earlyStops + result.statisticsWarnings { Terminal.error("warning: \(stop)") }
        if !options.quiet {
            Terminal.output(SummaryTable.text(result, directory: directory))
            if let rules = SummaryTable.rules(result) { Terminal.output(rules) }
        }
        // Last, so that it is the line a reader sees: how many replications it took and why it stopped.
        if let sequential, let goal {
            let line = PrecisionOptions.stopLine(sequential, goal: goal, maximum: precision.maximum(start: experiment.replications))
            if sequential.stop == .limit { Terminal.error("warning: " + line) } else if !options.quiet { Terminal.output(line) }
        }
        if let traceFailure {
            Terminal.error("error: \(traceFailure); the results were written to \(directory) all the same")
            throw ExitCode.failure
        }
    }

    /// Refuses options that do not go with `warmup: auto` or `run.batches` (exit 2): batch means run
    /// one replication, and neither a chosen warm-up nor batches travel through shard files.
    static func checkStatistics(_ model: NetworkModel, replications: Int?, shard: Bool, precision: Bool) throws {
        var problems: [String] = []
        if let batches = model.run.batches {
            if let replications, replications != 1 {
                problems.append("--replications \(replications): run.batches (\(batches)) cuts one long replication into batches; give --replications 1 or leave it out")
            }
            if shard { problems.append("--shard: run.batches runs one replication, which cannot be shared out") }
            if precision { problems.append("--precision adds replications, and run.batches runs one: set the batches and duration instead") }
        }
        if model.run.warmupAuto && shard {
            problems.append("--shard: run.warmup auto chooses the warm-up from all the replications together; run without --shard, or give the warm-up it chose")
        }
        guard problems.isEmpty else {
            for problem in problems { Terminal.error("error: \(problem)") }
            throw ExitCode(2)
        }
    }

    /// Every result file of a run, by name (`RunFiles.files`, which the studio writes too).
    static func resultFiles(_ result: ExperimentResult, info: Summary.RunInfo) -> [(String, String)] {
        RunFiles.files(result, info: info)
    }
}

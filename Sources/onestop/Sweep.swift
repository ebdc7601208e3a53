import ArgumentParser
import Experiments
import Foundation
import OutputFiles
import Interchange
import Reports
import ScenarioModel

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a designed experiment: a scenario at every point of a design, with common random numbers.",
        discussion: """
            DESIGN names factors (field paths with levels or ranges) and a design: full_factorial, \
            latin_hypercube, one_at_a_time or list (docs/sweep.md). Every point is the scenario with \
            the factors' values, validated like a scenario file (an invalid point is reported with its \
            values and the others run); every point's replication r draws the same streams. The size \
            (points × replications × events, and the rows of sweep.csv) is estimated first and a sweep \
            past the limits is refused. Writes sweep.csv (one row per point × measure), sweep.json and \
            report.html into the output directory (default outputs/<scenario name>-sweep), byte for \
            byte the same whatever --jobs is.

            An interrupted sweep keeps every finished run in DIR/.sweep-journal: the same command run \
            again does only the rest. With --shard I/N the sweep is one of N processes (a Slurm array \
            task): it runs tasks I, I+N, … of the (point, replication) tasks and writes \
            DIR/sweep-partial-I-of-N.json (DIR defaults to outputs/<scenario name>-sweep/shards); \
            `onestop merge` combines them into the files one process writes.

            Examples:
              onestop sweep scenarios/desk-schedule.yaml scenarios/sweeps/desk-peak.yaml
              onestop sweep scenarios/campus-baseline.yaml scenarios/sweeps/staffing.yaml \\
                  --replications 2 --jobs 2
              onestop sweep scenarios/campus-baseline.yaml \\
                  scenarios/sweeps/sensitivity.yaml --dry-run
              onestop sweep scenarios/desk-schedule.yaml scenarios/sweeps/desk-peak.yaml \\
                  --shard 0/2 --out outputs/desk-peak-shards
              onestop sweep scenarios/desk-schedule.yaml scenarios/sweeps/desk-peak.yaml \\
                  --shard 1/2 --out outputs/desk-peak-shards
              onestop merge outputs/desk-peak-shards --out outputs/desk-peak
            """
    )

    @Argument(help: "The base scenario file (YAML or JSON).")
    var scenario: String

    @Argument(help: "The design file (YAML): factors, design, measures.")
    var design: String

    @OptionGroup var options: CommonOptions

    @Option(help: ArgumentHelp("Run only tasks I, I+N, I+2N, … of the (point, replication) tasks and write mergeable partial results.", valueName: "I/N"))
    var shard: String?

    @Flag(help: "Check the design and print its size, then stop without running it.")
    var dryRun = false

    /// Stops after this many runs as an interruption would (the tests of resuming use it).
    @Option(help: ArgumentHelp("Stop after N runs, keeping the journal, as an interruption would.", visibility: .hidden))
    var stopAfter: Int?

    func validate() throws {
        if let replications = options.replications, replications < 1 { throw ValidationError("--replications must be at least 1") }
        if let shard, Shard(shard) == nil { throw ValidationError("--shard must be I/N with 0 ≤ I < N (for example 0/4), not '\(shard)'") }
    }

    func run() throws {
        OneStop.prepare()
        let (scenarioText, designText) = try Self.readInputs(scenario: scenario, design: design)
        let sweep = try Self.prepare(scenario: scenario, scenarioText: scenarioText, design: design, designText: designText,
                                     replications: options.replications, seed: options.seed, jobs: options.jobs)
        let valid = sweep.points.count(where: \.isValid)
        for (p, point) in sweep.points.enumerated() where !point.isValid {
            Terminal.error("point \(p) (\(Self.describe(sweep, point: p))) is not a valid scenario and is not run:")
            for d in point.diagnostics { Terminal.error("  \(d)") }
        }
        if !options.quiet {
            Terminal.error("\(sweep.scenarioName): \(sweep.design.kind.rawValue) of \(sweep.points.count) points (\(valid) valid) × \(sweep.replications) replications = "
                + "\(valid * sweep.replications) runs, about \(Self.count(sweep.expectedEvents)) events; sweep.csv: \(sweep.points.count * sweep.measures.count) rows")
        }
        if dryRun { return }
        if let shard = shard.flatMap(Shard.init) {
            return try runShard(shard, sweep: sweep, scenarioText: scenarioText, designText: designText)
        }
        let directory = options.out ?? "outputs/\(sweep.scenarioName)-sweep"
        let inputs = Self.inputs(scenarioText: scenarioText, designText: designText, sweep: sweep)
        let journal = try openJournal(directory, inputs: inputs, measures: sweep.measures.count)
        let wanted = sweep.validTasks
        let done = journal.resumed.filter { $0.point < sweep.points.count && sweep.points[$0.point].isValid && $0.replication < sweep.replications }
        let doneNumbers = Set(done.map { $0.point * sweep.replications + $0.replication })
        let rest = wanted.filter { !doneNumbers.contains($0) }
        if !done.isEmpty && !options.quiet {
            Terminal.error("resuming: \(doneNumbers.count) of \(wanted.count) runs finished before; running the other \(rest.count)")
        }
        let progress = ProgressBar(enabled: !options.quiet && Terminal.standardErrorIsTerminal, total: rest.count, unit: "runs")
        let limit = StopCounter(limit: stopAfter)
        let ran = sweep.run(tasks: rest, jobs: options.jobs, progress: progress.update, finished: { journal.append($0); limit.count() },
                            shouldStop: { Interruption.requested || limit.reached })
        progress.finish()
        if ran.count < rest.count {
            Terminal.error("stopped after \(doneNumbers.count + ran.count) of \(wanted.count) runs; run the same command again to do the rest")
            throw ExitCode.failure
        }
        let result = SweepResult(sweep: sweep, tasks: done.filter { doneNumbers.contains($0.point * sweep.replications + $0.replication) } + ran)
        let info = Self.info(sweep, scenario: scenario, scenarioText: scenarioText, design: design, designText: designText)
        do {
            try OutputDirectory(path: directory).write(Self.files(result, info: info))
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        journal.remove()
        for stop in result.earlyStops.prefix(20) { Terminal.error("warning: \(stop)") }
        if !options.quiet { Terminal.output(Self.summary(result, directory: directory)) }
    }

    // MARK: Shared with merge

    static func readInputs(scenario: String, design: String) throws -> (String, String) {
        do {
            let scenarioData = try ScenarioInput.read(path: scenario)
            let designData = try ScenarioInput.read(path: design)
            guard let s = String(validating: scenarioData, as: UTF8.self) else {
                throw ScenarioErrors([Diagnostic(.error, at: SourceLocation(file: scenario, line: 1, column: 1), path: "", "the file is not UTF-8 text")])
            }
            guard let d = String(validating: designData, as: UTF8.self) else {
                throw ScenarioErrors([Diagnostic(.error, at: SourceLocation(file: design, line: 1, column: 1), path: "", "the file is not UTF-8 text")])
            }
            return (s, d)
        } catch let errors as ScenarioErrors {
            for d in errors.diagnostics { Terminal.error(d.description) }
            throw ExitCode(2)
        }
    }

    /// The design read and applied to the scenario; every error printed, then an exit with status 2.
    static func prepare(scenario: String, scenarioText: String, design: String, designText: String,
                        replications: Int?, seed: UInt64?, jobs: Int) throws -> Sweep {
        do {
            let parsed = try DesignParser.parse(designText, file: design)
            let reserved = Set(SweepFiles.leadingColumns + SweepFiles.trailingColumns)
            let clashes = parsed.factors.filter { reserved.contains($0.name) || $0.name.hasPrefix("rule:") }
            if !clashes.isEmpty {
                throw ScenarioErrors(clashes.map { Diagnostic(.error, at: $0.location, path: "factors", "the factor name '\($0.name)' is a column of sweep.csv; give the factor another name") })
            }
            let stem = URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
            return try Sweep.prepare(scenarioText: scenarioText, scenarioFile: scenario, defaultName: stem, design: parsed,
                                     replications: replications, seed: seed, jobs: jobs)
        } catch let errors as ScenarioErrors {
            for d in errors.diagnostics { Terminal.error(d.description) }
            throw ExitCode(2)
        }
    }

    static func info(_ sweep: Sweep, scenario: String, scenarioText: String, design: String, designText: String) -> SweepFiles.Info {
        SweepFiles.Info(version: OneStop.version, scenarioFile: scenario, scenarioSHA256: SHA256.hex(of: Data(scenarioText.utf8)),
                        designFile: design, designSHA256: SHA256.hex(of: Data(designText.utf8)),
                        timeUnit: sweep.timeUnit.rawValue)
    }

    static func files(_ result: SweepResult, info: SweepFiles.Info) -> [(String, String)] {
        [("sweep.csv", SweepFiles.csv(result)), ("sweep.json", SweepFiles.json(result, info: info)),
         ("report.html", SweepReport.html(result, info: info))]
    }

    /// The digest naming a sweep's inputs, for its journal.
    static func inputs(scenarioText: String, designText: String, sweep: Sweep) -> String {
        var hash = SHA256()
        hash.update(Array(scenarioText.utf8))
        hash.update(Array("\n--design\n".utf8))
        hash.update(Array(designText.utf8))
        hash.update(Array("\nseed=\(sweep.seed)\nreplications=\(sweep.replications)\nversion=\(OneStop.version)".utf8))
        return SHA256.hex(of: hash.finish())
    }

    static func describe(_ sweep: Sweep, point p: Int) -> String {
        sweep.design.factors.enumerated().compactMap { f, factor in
            sweep.points[p].point.levels[f].map { "\(factor.name)=\($0.value)" }
        }.joined(separator: ", ").nonEmpty ?? "the base"
    }

    static func count(_ x: Double) -> String {
        guard x.isFinite else { return "infinitely many" }
        if x < 1e6 { return String(Int(x.rounded())) }
        return String(format: "%.2g", x)
    }

    static func summary(_ result: SweepResult, directory: String) -> String {
        let sweep = result.sweep
        var lines = ["\(sweep.scenarioName): \(sweep.points.count(where: \.isValid)) points × \(sweep.replications) replications, \(result.events) events; results written to \(directory)/"]
        if let m = sweep.measures.indices.first, sweep.design.kind == .latinHypercube, let model = result.metamodel(measure: m) {
            lines.append("\(sweep.measures[m]): R² \(SVGChart_number(model.rSquared)); by standardised coefficient: "
                + model.coefficients.map { "\(sweep.design.factors[$0.factor].name) \(SVGChart_number($0.value)) ± \(SVGChart_number($0.halfWidth))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// The journal in `directory`, claiming the directory unless it holds an earlier sweep's journal.
    private func openJournal(_ directory: String, inputs: String, measures: Int) throws -> SweepJournalFile {
        do {
            let path = (directory as NSString).appendingPathComponent(SweepJournalFile.fileName)
            if !FileManager.default.fileExists(atPath: path) { try OutputDirectory(path: directory).claim(force: options.force) }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return try SweepJournalFile(directory: directory, inputs: inputs, measures: measures)
        } catch let refusal as OutputDirectory.Refusal {
            Terminal.error("error: \(refusal)")
            throw ExitCode(2)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }

    private func runShard(_ shard: Shard, sweep: Sweep, scenarioText: String, designText: String) throws {
        let tasks = SweepShardFile.tasks(of: shard, among: sweep.validTasks)
        let progress = ProgressBar(enabled: !options.quiet && Terminal.standardErrorIsTerminal, total: tasks.count, unit: "runs")
        let ran = sweep.run(tasks: tasks, jobs: options.jobs, progress: progress.update, shouldStop: { Interruption.requested })
        progress.finish()
        let identity = SweepShardFile.Identity(onestopVersion: OneStop.version, scenarioPath: scenario, scenarioText: scenarioText,
                                               designPath: design, designText: designText, seed: sweep.seed,
                                               replications: sweep.replications, tasks: sweep.taskCount)
        let file = SweepShardFile(identity: identity, shard: shard, scenarioText: scenarioText, designText: designText, tasks: ran)
        let directory = options.out ?? "outputs/\(sweep.scenarioName)-sweep/shards"
        do {
            try OutputDirectory(path: directory).claim(force: options.force)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        do {
            try OutputDirectory(path: directory).write([(SweepShardFile.fileName(shard), file.encoded())], replacing: false)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if !options.quiet {
            Terminal.output("\(sweep.scenarioName): sweep shard \(shard) ran \(tasks.count) of \(sweep.validTasks.count) runs, seed \(sweep.seed)")
            Terminal.output("partial results written to \(directory)/\(SweepShardFile.fileName(shard)); combine the shards with: onestop merge \(directory)")
        }
    }
}

/// Counts finished runs against `--stop-after`.
private final class StopCounter: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int?
    private var done = 0

    init(limit: Int?) { self.limit = limit }

    func count() {
        lock.lock()
        done += 1
        lock.unlock()
    }

    var reached: Bool {
        lock.lock()
        defer { lock.unlock() }
        return limit.map { done >= $0 } ?? false
    }
}

private func SVGChart_number(_ x: Double) -> String { String(format: "%.3g", x) }

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// `.sweep-journal` in a sweep's output directory: the header names the inputs; every finished run
/// is one line, flushed to the disk as it ends. Removed once the results are written.
final class SweepJournalFile: @unchecked Sendable {
    static let fileName = ".sweep-journal"

    let path: String
    /// Runs read back from an interrupted sweep of the same inputs.
    let resumed: [SweepTask]
    private let lock = NSLock()
    private var handle: FileHandle?
    private var lastSync = Date()

    struct WriteError: Error, CustomStringConvertible { var description: String }

    init(directory: String, inputs: String, measures: Int) throws {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
        let header = "# onestop sweep journal; inputs \(inputs)\n"
        var tasks: [SweepTask] = []
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self)
            // A journal of other inputs is started afresh.
            if text.hasPrefix(header) { tasks = SweepJournal.tasks(from: text.dropFirst(header.count), measures: measures) }
        }
        resumed = tasks
        // Rewritten whole, dropping a last line an interruption cut short.
        let text = header + tasks.map(SweepJournal.line).joined()
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        handle = FileHandle(forWritingAtPath: path)
        handle?.seekToEndOfFile()
    }

    func append(_ task: SweepTask) {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { return }
        handle.write(Data(SweepJournal.line(task).utf8))
        // Written at once (an interruption keeps it); flushed to the disk every few seconds, not per run.
        if Date().timeIntervalSince(lastSync) > 2 {
            try? handle.synchronize()
            lastSync = Date()
        }
    }

    func remove() {
        lock.lock()
        defer { lock.unlock() }
        try? handle?.close()
        handle = nil
        unlink(path)
    }
}

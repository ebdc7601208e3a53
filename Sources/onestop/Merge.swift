import ArgumentParser
import CampusModel
import Experiments
import Foundation
import OutputFiles
import QueueingNetwork
import Reports
import ScenarioModel

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the partial results of `onestop run --shard` (or `sweep --shard`) into the files one process writes.",
        discussion: """
            Reads every partial-*.json in each DIR (or each FILE given), checks that they are shards \
            of one run (same scenario text, seed, replications and onestop version) that together \
            hold every replication exactly once, and writes summary.json, replications.csv and \
            timeseries.csv byte for byte as one process running all replications would. \
            Mismatched, duplicate or missing shards exit with status 2 and write nothing.

            Shards of `onestop sweep --shard` (sweep-partial-*.json) merge the same way into \
            sweep.csv, sweep.json and report.html (default DIR: outputs/<scenario name>-sweep).

            Examples:
              onestop run scenarios/single-desk.yaml --shard 0/2 --out outputs/desk-shards
              onestop run scenarios/single-desk.yaml --shard 1/2 --out outputs/desk-shards
              onestop merge outputs/desk-shards --out outputs/desk
              onestop run scenarios/feedback-network.yaml --shard 0/2 --out shard-0
              onestop run scenarios/feedback-network.yaml --shard 1/2 --out shard-1
              onestop merge shard-0 shard-1
                (shards copied back from two machines; writes outputs/feedback-network)
            """
    )

    @Argument(help: ArgumentHelp("Directories holding partial-*.json files, or the files themselves.", valueName: "DIR"))
    var inputs: [String]

    @Option(help: "Output directory (default: outputs/<scenario name>).")
    var out: String?

    @Flag(help: "Write into --out even when it is a non-empty directory that onestop did not write.")
    var force = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        OneStop.prepare()
        if !sweepShardFiles().isEmpty { return try mergeSweep() }
        var shards: [(file: String, shard: ShardResults)] = []
        var problems: [String] = []
        for file in shardFiles(&problems) {
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append("\(file): error: cannot read the file")
                continue
            }
            do {
                shards.append((file, try ShardResults.decode(data, file: file)))
            } catch {
                problems.append(error.description)
            }
        }
        guard problems.isEmpty else {
            for p in problems { Terminal.error(p) }
            throw ExitCode(2)
        }
        let merged: (identity: ShardResults.Identity, scenarioText: String, results: [ReplicationResult])
        do {
            merged = try ShardResults.merge(shards)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(2)
        }
        let identity = merged.identity

        // The scenario is compiled from the text the shards ran, named as they named it, exactly
        // as `run` compiles it (ScenarioInput.load), so that the model and the files are the same.
        let model: NetworkModel
        let campus: CampusPlan?
        do {
            let stem = URL(fileURLWithPath: identity.scenarioPath).deletingPathExtension().lastPathComponent
            let (scenario, _) = try ScenarioParser.parse(merged.scenarioText, file: identity.scenarioPath, defaultName: stem)
            (model, campus, _) = try CampusCompiler.compile(scenario)
        } catch {
            for d in error.diagnostics { Terminal.error(d.description) }
            Terminal.error("error: the scenario recorded in the shards no longer compiles with this onestop")
            throw ExitCode(2)
        }
        // Campus measures are a function of each replication's network results and its own named
        // streams, so they are computed again here exactly as the shards' run would have.
        let campusResults = campus.map { plan in merged.results.map { plan.measure($0, master: identity.seed) } } ?? []
        let result = ExperimentResult(model: model, seed: identity.seed, results: merged.results, campus: campus, campusResults: campusResults)

        let directory = out ?? "outputs/\(model.name)"
        do {
            try OutputDirectory(path: directory).claim(force: force)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        let info = Summary.RunInfo(version: OneStop.version, warnings: identity.warnings,
                                   scenarioSHA256: SHA256.hex(of: Data(merged.scenarioText.utf8)))
        do {
            try OutputDirectory(path: directory).write(Run.resultFiles(result, info: info))
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        for stop in result.earlyStops { Terminal.error("warning: \(stop)") }
        if !quiet {
            Terminal.output("merged \(shards.count) shard\(shards.count == 1 ? "" : "s") of \(identity.scenarioPath)")
            Terminal.output(SummaryTable.text(result, directory: directory))
        }
    }

    /// The shard files named by the arguments: files as given, directories' partial-*.json sorted.
    private func shardFiles(_ problems: inout [String], prefix: String = "partial-") -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: input, isDirectory: &isDirectory) else {
                problems.append("\(input): error: no such file or directory")
                continue
            }
            guard isDirectory.boolValue else { files.append(input); continue }
            let names = ((try? manager.contentsOfDirectory(atPath: input)) ?? [])
                .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".json") }.sorted()
            if names.isEmpty { problems.append("\(input): error: no \(prefix)*.json shard files in this directory") }
            files += names.map { (input as NSString).appendingPathComponent($0) }
        }
        return files
    }

    // MARK: Sweeps

    /// The sweep shard files the arguments name: directories' sweep-partial-*.json, and files so named.
    private func sweepShardFiles() -> [String] {
        var problems: [String] = []
        let files = shardFiles(&problems, prefix: "sweep-partial-")
        let named = inputs.filter { ($0 as NSString).lastPathComponent.hasPrefix("sweep-partial-") }
        return files.filter { ($0 as NSString).lastPathComponent.hasPrefix("sweep-partial-") } + named.filter { !files.contains($0) }
    }

    /// Combines the shards of `onestop sweep --shard` into sweep.csv, sweep.json and report.html,
    /// byte for byte as one process writes them: the design is applied to the recorded scenario
    /// again, as the shards applied it, and the runs are theirs.
    private func mergeSweep() throws {
        var problems: [String] = []
        let files = shardFiles(&problems, prefix: "sweep-partial-")
        var shards: [(file: String, shard: SweepShardFile)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                problems.append("\(file): error: cannot read the file")
                continue
            }
            do {
                shards.append((file, try SweepShardFile.decode(data, file: file)))
            } catch {
                problems.append(error.description)
            }
        }
        guard problems.isEmpty, let first = shards.first?.shard else {
            for p in problems { Terminal.error(p) }
            throw ExitCode(2)
        }
        let identity = first.identity
        if identity.onestopVersion != OneStop.version {
            Terminal.error("error: the shards were written by onestop \(identity.onestopVersion); this is \(OneStop.version)")
            throw ExitCode(2)
        }
        let sweep = try SweepCommand.prepare(scenario: identity.scenarioPath, scenarioText: first.scenarioText,
                                             design: identity.designPath, designText: first.designText,
                                             replications: identity.replications, seed: identity.seed, jobs: 1)
        let tasks: [SweepTask]
        do {
            tasks = try SweepShardFile.merge(shards, expected: sweep.validTasks)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(2)
        }
        let result = SweepResult(sweep: sweep, tasks: tasks)
        let directory = out ?? "outputs/\(sweep.scenarioName)-sweep"
        do {
            try OutputDirectory(path: directory).claim(force: force)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        let info = SweepCommand.info(sweep, scenario: identity.scenarioPath, scenarioText: first.scenarioText,
                                     design: identity.designPath, designText: first.designText)
        do {
            try OutputDirectory(path: directory).write(SweepCommand.files(result, info: info))
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if !quiet {
            Terminal.output("merged \(shards.count) sweep shard\(shards.count == 1 ? "" : "s") of \(identity.scenarioPath) × \(identity.designPath)")
            Terminal.output(SweepCommand.summary(result, directory: directory))
        }
    }
}

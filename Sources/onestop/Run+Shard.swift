import ArgumentParser
import Experiments
import Foundation
import OutputFiles
import ScenarioModel

extension Run {
    /// Runs one shard's replications and writes them, exactly, to DIR/partial-I-of-N.json.
    func runShard(_ shard: Shard, experiment: Experiment, warnings: [Diagnostic]) throws {
        let model = experiment.model
        guard let data = FileManager.default.contents(atPath: scenario) else {
            Terminal.error("\(scenario): error: cannot read the file again to record it in the shard")
            throw ExitCode.failure
        }
        let text = String(decoding: data, as: UTF8.self)
        let indices = shard.replications(of: experiment.replications)
        let progress = ProgressBar(enabled: !options.quiet && Terminal.standardErrorIsTerminal, total: indices.count)
        let result = experiment.run(jobs: options.jobs, indices: indices, progress: progress.update)
        progress.finish()

        let identity = ShardResults.Identity(
            onestopVersion: OneStop.version, scenario: model.name, scenarioPath: scenario, scenarioText: text,
            seed: experiment.seed, replications: experiment.replications, warnings: warnings.map(\.description))
        let file = ShardResults(identity: identity, shard: shard, scenarioText: text, results: result.replications)
        let directory = options.out ?? "outputs/\(model.name)/shards"
        do {
            try OutputDirectory(path: directory).claim(force: options.force)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        do {
            try OutputDirectory(path: directory).write([(shard.fileName, file.encoded())], replacing: false)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        for stop in result.earlyStops { Terminal.error("warning: \(stop)") }
        if !options.quiet {
            Terminal.output("\(model.name): shard \(shard) ran \(indices.count) of \(experiment.replications) replications, seed \(experiment.seed)")
            Terminal.output("partial results written to \(directory)/\(shard.fileName); combine the shards with: onestop merge \(directory)")
        }
    }
}

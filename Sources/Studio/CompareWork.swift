import CampusModel
import Experiments
import Foundation
import OutputFiles
import QueueingNetwork
import Reports
import ScenarioModel

/// A comparison as `onestop compare` does it: every scenario run with the first one's seed (common
/// random numbers), paired differences, written into `outputs/compare-A-vs-B…/`.
enum CompareWork {
    static func work(_ workspace: Workspace, files: [String], replications: Int?, version: String) -> @Sendable (Job) throws -> Void {
        { job in
            job.update(stage: "reading the scenarios")
            var models: [NetworkModel] = []
            var campuses: [CampusPlan?] = []
            var warnings: [String] = []
            for file in files {
                let text = try workspace.readScenario(file)
                let (scenario, parseWarnings) = try workspace.parse(text, file: file)
                let (model, campus, compileWarnings) = try CampusCompiler.compile(scenario)
                models.append(model)
                campuses.append(campus)
                warnings += (parseWarnings + compileWarnings).map(\.description)
            }
            let seed = models[0].run.seed
            let count = max(2, replications ?? models[0].run.replications)
            for model in models {
                let problems = model.sizeDiagnostics(replications: count)
                guard problems.isEmpty else { throw ScenarioErrors(problems) }
            }
            for (file, model) in zip(files, models).dropFirst() where model.run.seed != seed {
                warnings.append("\(file): run.seed \(model.run.seed) is replaced by \(seed), the first scenario's, for common random numbers")
            }
            let name = "compare-" + models.map(\.name).joined(separator: "-vs-")
            let directory = try workspace.outputURL(String(name.prefix(200)), mustExist: false)
            try OutputDirectory(path: directory.path).claim(force: false)
            let total = count * models.count
            job.update(total: total, stage: "simulating \(total) replications")
            var results: [ExperimentResult] = []
            for (m, (model, campus)) in zip(models, campuses).enumerated() {
                let experiment = Experiment(model: model, campus: campus, replications: count, seed: seed)
                var replicationResults: [ReplicationResult] = []
                var campusResults: [CampusReplication] = []
                for index in 0..<count {
                    if job.cancelRequested { return }
                    let part = experiment.run(jobs: 1, indices: [index])
                    replicationResults += part.replications
                    campusResults += part.campusReplications
                    job.update(done: m * count + index + 1, stage: "\(model.name): \(index + 1) of \(count) replications")
                }
                results.append(ExperimentResult(model: model, seed: seed, results: replicationResults, campus: campus, campusResults: campusResults))
            }
            let entries = zip(files, models).map { ComparisonFiles.Entry(name: $1.name, file: "scenarios/" + $0) }
            let out = try ComparisonFiles.directoryFiles(entries, results, seed: seed, replications: count, version: version,
                                                         warnings: warnings, report: true).files
            job.update(stage: "writing the comparison")
            try OutputDirectory(path: directory.path).write(out)
            job.update(state: .finished, stage: "finished", output: directory.lastPathComponent)
        }
    }
}

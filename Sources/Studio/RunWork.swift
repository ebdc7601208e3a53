import CampusModel
import Experiments
import Foundation
import Interchange
import OutputFiles
import QueueingNetwork
import Reports
import ScenarioModel

/// A run as `onestop run` does it — the same validation, engine and result files — written into
/// `outputs/<scenario name>/`, replication by replication so that it can be cancelled.
enum RunWork {
    /// The work of one run job.
    static func work(_ workspace: Workspace, version: String) -> @Sendable (Job) throws -> Void {
        { job in
            job.update(stage: "reading the scenario")
            let text = try workspace.readScenario(job.scenario)
            let (scenario, parseWarnings) = try workspace.parse(text, file: job.scenario)
            let (model, campus, compileWarnings) = try CampusCompiler.compile(scenario)
            let experiment = Experiment(model: model, campus: campus, replications: job.replications, seed: job.seed)
            let problems = model.sizeDiagnostics(replications: experiment.replications)
            guard problems.isEmpty else { throw ScenarioErrors(problems) }
            guard FileName.problem(model.name) == nil, !model.name.hasPrefix(".") else {
                throw Workspace.Refusal(description: "the scenario's name '\(model.name)' cannot name a result directory")
            }
            let directory = try workspace.outputURL(model.name, mustExist: false)
            try OutputDirectory(path: directory.path).claim(force: false)
            let total = experiment.replications
            job.update(total: total, stage: "simulating \(total) replications")
            var replications: [ReplicationResult] = []
            var campusReplications: [CampusReplication] = []
            // One replication at a time, so that a cancel takes effect within one replication.
            for index in 0..<total {
                if job.cancelRequested { return }
                let part = experiment.run(jobs: 1, indices: [index])
                replications += part.replications
                campusReplications += part.campusReplications
                job.update(done: index + 1, stage: "simulated \(index + 1) of \(total) replications")
            }
            let result = ExperimentResult(model: model, seed: experiment.seed, results: replications, campus: campus, campusResults: campusReplications)
            let warnings = (parseWarnings + compileWarnings).map(\.description)
            let info = Summary.RunInfo(version: version, warnings: warnings, scenarioSHA256: SHA256.hex(of: Data(text.utf8)))
            var files = RunFiles.files(result, info: info)
            let summary = files.first { $0.0 == "summary.json" }!.1
            let hourly = files.first { $0.0 == "hourly.csv" }?.1
            files.append(("report.html", try HTMLReport.run(.init(summary: summary, hourly: hourly))))
            job.update(stage: "writing the results")
            if job.cancelRequested { return }
            try OutputDirectory(path: directory.path).write(files)
            job.update(state: .finished, stage: "finished", output: model.name)
        }
    }
}

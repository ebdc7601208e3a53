import CampusModel
import Foundation
import OutputFiles
import Planner
import Reports
import ScenarioModel

/// An optimization as `onestop optimize` does it (`Planner.optimize`, the files of `PlanFiles`),
/// written into `outputs/<scenario name>-optimize/`, with its progress by stage.
enum OptimizeWork {
    /// What the optimize form may set (blank: the scenario's own `planner:` settings).
    struct Options: Sendable {
        /// Stations or counter groups to staff; empty: every station with a wait target.
        var stations: [String] = []
        /// The wait a served student should not exceed, as written ("15 min").
        var targetWait: String?
        /// The share served within the target wait.
        var serviceLevel: Double?
    }

    static func work(_ workspace: Workspace, options: Options = Options(), version: String) -> @Sendable (Job) throws -> Void {
        { job in
            job.update(stage: "reading the scenario")
            let text = try workspace.readScenario(job.scenario)
            let (scenario, _) = try workspace.parse(text, file: job.scenario)
            let (model, campus, _) = try CampusCompiler.compile(scenario)
            let name = "\(model.name)-optimize"
            let directory = try workspace.outputURL(name, mustExist: false)
            try OutputDirectory(path: directory.path).claim(force: false)
            var request = OptimizeRequest(scenario: scenario, model: model, campus: campus,
                                          text: try workspace.resolvedText(text, file: job.scenario),
                                          file: workspace.scenariosDirectory.appendingPathComponent(job.scenario).path)
            if let wait = options.targetWait {
                guard let value = PlannerSettings.duration(wait, in: model.timeUnit) else { throw Workspace.Refusal(description: "the target wait '\(wait)' is not a duration") }
                request.targetWait = value
            }
            request.serviceLevel = options.serviceLevel
            request.stations = options.stations
            request.progress = { progress in
                switch progress {
                case .staffing(let iteration, let done, let total):
                    job.update(done: done, total: total, stage: "staffing search, iteration \(iteration): \(done) of \(total) replications")
                case .verification(let done, let total):
                    job.update(done: done, total: total, stage: "verification: \(done) of \(total) replications")
                case .campus:
                    job.update(stage: "rooms and counselors")
                case .idle:
                    break
                }
            }
            request.shouldStop = { job.cancelRequested }
            let outcome = try Planner.optimize(request)
            if job.cancelRequested { return }
            job.update(stage: "writing the proposal")
            var files = try PlanFiles.files(outcome, version: version, report: true)
            files.append(("summary.txt", PlanFiles.summary(outcome, directory: "outputs/\(name)")))
            files.append(("scenario.txt", job.scenario + "\n"))
            try OutputDirectory(path: directory.path).write(files)
            job.update(state: .finished, stage: "finished", output: name)
        }
    }
}

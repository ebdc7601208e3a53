import ArgumentParser
import Foundation
import OutputFiles
import Interchange
import Reports

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a run's results for other tools.",
        discussion: """
            Examples:
              onestop run scenarios/service-center.yaml
              onestop export notebook outputs/service-center
            """,
        subcommands: [ExportNotebook.self]
    )
}

struct ExportNotebook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Write a Jupyter notebook that loads a run's CSV files and redraws its charts.",
        discussion: """
            Writes <out-dir>/<scenario>.ipynb (nbformat 4): it states the scenario, seed, replications and onestop version, loads summary.json, replications.csv, hourly.csv and timeseries.csv with pandas, and redraws the report's charts with matplotlib. The notebook finds the run directory by a path relative to its own folder (absolute when they share no parent).

            Examples:
              onestop run scenarios/desk-schedule.yaml
              onestop export notebook outputs/desk-schedule
                (writes notebooks-export/desk-schedule.ipynb)
              jupyter lab notebooks-export/desk-schedule.ipynb
              onestop sweep scenarios/desk-schedule.yaml scenarios/sweeps/desk-peak.yaml
              onestop export notebook outputs/desk-schedule-sweep
                (a sweep's directory: writes notebooks-export/desk-schedule-sweep.ipynb,
                reading sweep.csv and sweep.json)
            """
    )

    @Argument(help: "A run directory written by onestop run, or a sweep's written by onestop sweep (then the notebook reads sweep.csv).")
    var directory: String

    @Option(help: "Folder for the notebook.")
    var outDir = "notebooks-export"

    @Flag(help: "Replace a notebook of that name that onestop did not write.")
    var force = false

    @Flag(help: "Do not print where the notebook was written.")
    var quiet = false

    func run() throws {
        if FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("sweep.json")) { return try exportSweep() }
        let summaryPath = (directory as NSString).appendingPathComponent("summary.json")
        let summary: String
        do {
            guard let text = try OutputDirectory(path: directory).readResult("summary.json") else {
                Terminal.error("error: \(directory) has no summary.json: give a directory written by onestop run")
                throw ExitCode(2)
            }
            summary = text
        } catch let mismatch as OutputDirectory.Mismatch {
            Terminal.error("error: \(mismatch)")
            throw ExitCode(2)
        }
        let run: Notebook.Run
        do {
            run = try Notebook.Run(summaryJSON: summary)
        } catch {
            Terminal.error("error: \(summaryPath): \(error)")
            throw ExitCode(2)
        }
        // The notebook is named after the scenario recorded in a file someone may have sent: the
        // name goes through the check every name that becomes a path goes through.
        if let problem = FileName.problem(run.scenario) {
            Terminal.error("error: \(summaryPath): the scenario name \(FileName.printable(jsonQuoted(run.scenario))) \(problem), so it cannot name the notebook")
            throw ExitCode(2)
        }
        let name = "\(run.scenario).ipynb"
        do {
            try OutputDirectory.claim(file: (outDir as NSString).appendingPathComponent(name), force: force, inputs: [summaryPath])
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        let text = Notebook.ipynb(run, resultsPath: Self.relativePath(from: outDir, to: directory), exporterVersion: OneStop.version)
        do {
            try OutputDirectory(path: outDir).write([(name, text)], replacing: false)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if !quiet { Terminal.output("notebook written to \((outDir as NSString).appendingPathComponent(name))") }
    }

    /// The notebook of a sweep directory: it reads sweep.csv and sweep.json.
    private func exportSweep() throws {
        let sweepPath = (directory as NSString).appendingPathComponent("sweep.json")
        let text: String
        do {
            guard let read = try OutputDirectory(path: directory).readResult("sweep.json") else {
                Terminal.error("error: \(directory) has no sweep.json")
                throw ExitCode(2)
            }
            text = read
        } catch let mismatch as OutputDirectory.Mismatch {
            Terminal.error("error: \(mismatch)")
            throw ExitCode(2)
        }
        let run: Notebook.SweepRun
        do {
            run = try Notebook.SweepRun(sweepJSON: text)
        } catch {
            Terminal.error("error: \(sweepPath): \(error)")
            throw ExitCode(2)
        }
        if let problem = FileName.problem(run.scenario + "-sweep") {
            Terminal.error("error: \(sweepPath): the scenario name \(FileName.printable(jsonQuoted(run.scenario))) \(problem), so it cannot name the notebook")
            throw ExitCode(2)
        }
        let name = "\(run.scenario)-sweep.ipynb"
        do {
            try OutputDirectory.claim(file: (outDir as NSString).appendingPathComponent(name), force: force, inputs: [sweepPath])
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        let notebook = Notebook.sweepIpynb(run, resultsPath: Self.relativePath(from: outDir, to: directory), exporterVersion: OneStop.version)
        do {
            try OutputDirectory(path: outDir).write([(name, notebook)], replacing: false)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if !quiet { Terminal.output("notebook written to \((outDir as NSString).appendingPathComponent(name))") }
    }

    /// `target` as seen from the folder `base`: relative when they share a parent below the root.
    static func relativePath(from base: String, to target: String) -> String {
        func components(_ path: String) -> [String] {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().pathComponents
        }
        let b = components(base), t = components(target)
        var common = 0
        while common < min(b.count, t.count) && b[common] == t[common] { common += 1 }
        guard common > 1 else { return URL(fileURLWithPath: target).standardizedFileURL.path }
        let parts = Array(repeating: "..", count: b.count - common) + t[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }
}

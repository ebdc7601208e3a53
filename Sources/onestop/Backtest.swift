import ArgumentParser
import Calibration
import Foundation
import OutputFiles

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Compare a scenario's simulated hours with a ticket log's observed ones.",
        discussion: """
            Runs the scenario's replications over the log's period (the simulation's time 0 is the \
            Monday of the log's first day) and compares, for every hour, the observed counter visits, \
            mean wait of those served, service level (served within target_wait, of those served or \
            given up) and share who gave up with the simulated 95% prediction interval (the \
            replications' 2.5% and 97.5% quantiles), each by the hour the tickets were taken. Reports \
            per measure the share of observed hours inside their interval (coverage), the bias, and \
            the hours furthest off; writes backtest.json, backtest-hourly.csv and backtest-report.html.

            With --replay the scenario runs on the log's own demand: each category's first counter \
            visits arrive at the times the log took them (visits sharing a recorded minute spread \
            evenly over it), returns are routed by the scenario and online requests stay modelled, so \
            the replications differ only in service, patience and returns and the coverage checks the \
            staffing and service on the real arrivals.

            Examples:
              onestop fit examples/baseline-term.csv \\
                  --into scenarios/campus-baseline.yaml --out outputs/fit
              onestop backtest outputs/fit/scenario.yaml examples/baseline-term.csv \\
                  --out outputs/backtest
              onestop backtest scenarios/campus-baseline.yaml examples/baseline-term.csv \\
                  --map examples/baseline-term.map.yaml --out outputs/bt --replications 20
              onestop backtest outputs/fit/scenario.yaml examples/baseline-term.csv \\
                  --replay --out outputs/backtest-replay
            """
    )

    @Argument(help: "The scenario (with a campus service center).")
    var scenario: String

    @Argument(help: "The ticket log (CSV).")
    var log: String

    @Option(help: ArgumentHelp("A mapping file (YAML), or a built-in layout: generic, ticket-export.", valueName: "MAP.yaml"))
    var map = "generic"

    @Option(help: "Output directory (default: outputs/backtest-<scenario name>).")
    var out: String?

    @Option(help: "Replications (at least 20; the interval's ends are the 2.5% and 97.5% quantiles of them).")
    var replications = 40

    @Flag(help: "Replay the log's own first counter visits instead of the scenario's arrivals.")
    var replay = false

    @Option(help: "Master seed (default: run.seed).")
    var seed: UInt64?

    @Option(help: "Worker threads running replications in parallel.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Write into --out even when it is a non-empty directory that onestop did not write.")
    var force = false

    @Flag(help: "Print nothing but errors and warnings.")
    var quiet = false

    func validate() throws {
        if replications < 20 || replications > 10_000 { throw ValidationError("--replications must lie between 20 and 10000") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        OneStop.prepare()
        let loaded = try ScenarioInput.loadWithSource(scenario)
        guard let center = loaded.scenario.campus?.serviceCenter else {
            Terminal.error("\(scenario):1:1: error: campus.service_center: the scenario has no service center to compare with a ticket log")
            throw ExitCode(2)
        }
        var mapping = try Fit.mapping(map)
        if mapping.categories == nil { mapping.categories = center.categories.map(\.id) }
        let directory = out ?? "outputs/backtest-\(loaded.model.name)"
        do { try OutputDirectory(path: directory).claim(force: force) } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        let reader = TicketLogReader(file: log, mapping: mapping)
        let unit = loaded.scenario.timeUnit.seconds
        let observed: (cells: Backtest.Hours, startDay: Int)
        do { observed = try Backtest.observed(reader: reader, target: center.targetWait, unitSeconds: unit) } catch {
            Terminal.error(error.description)
            throw ExitCode(2)
        }
        if reader.badRows.total > 0 { Terminal.error("warning: \(log): \(reader.badRows.total) bad rows left out (onestop fit lists them)") }
        var model = loaded.model
        if replay {
            // A second reading: the first visits in time order (the observed cells do not keep them).
            let replayReader = TicketLogReader(file: log, mapping: mapping)
            var data = LogData()
            data.keepsFirstVisits = true
            do {
                try replayReader.read { data.add($0) }
                data.takeNames(from: replayReader)
                let arrivals = try Replay.arrivals(data, startDay: observed.startDay, resolution: replayReader.resolution, unitSeconds: unit)
                model = try Replay.model(loaded.model, scenario: loaded.scenario, arrivals: arrivals)
                if !quiet { Terminal.output("replaying \(arrivals.values.reduce(0) { $0 + $1.count }) first counter visits of \(log)") }
            } catch {
                Terminal.error("error: --replay: \(error.description)")
                throw ExitCode(2)
            }
        }
        let simulated = Backtest.simulate(model: model, scenario: loaded.scenario, replications: replications,
                                          seed: seed ?? loaded.model.run.seed, jobs: jobs)
        let (rows, summaries) = Backtest.compare(observed: observed.cells, simulated: simulated)
        let unitName = loaded.scenario.timeUnit.rawValue + "s"
        let files = [
            ("backtest.json", BacktestFiles.json(rows: rows, summaries: summaries, startDay: observed.startDay, replications: replications, scenario: scenario, log: log, version: OneStop.version, replay: replay)),
            ("backtest-hourly.csv", BacktestFiles.csv(rows: rows, startDay: observed.startDay)),
            ("backtest-report.html", BacktestFiles.html(rows: rows, summaries: summaries, startDay: observed.startDay, replications: replications, scenario: scenario, log: log, unit: unitName, replay: replay)),
        ]
        do { try OutputDirectory(path: directory).write(files) } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if !quiet {
            for s in summaries {
                Terminal.output("\(s.measure.rawValue): \(s.hours) hours, \(ScenarioTemplate.number(s.coverage * 100))% inside the 95% prediction interval, bias \(ScenarioTemplate.number(s.bias))")
            }
            Terminal.output("written to \(directory): backtest.json, backtest-hourly.csv, backtest-report.html")
        }
    }
}

import ArgumentParser
import Foundation
import OutputFiles
import Reports

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.html for a run, comparison or plan directory.",
        discussion: """
            Reads summary.json and hourly.csv (written by run), or compare.json and compare-hourly.csv (written by compare), and writes DIR/report.html: one self-contained page with SVG charts that opens without a network and prints. A run's report shows every station measure, waits and queue lengths by hour of the day with 95% bands, utilisation as a station × hour heat map and, when the scenario has a campus layer, its rules, counselor coverage and room occupancy. A comparison's report shows each difference with its 95% interval. A plan's (optimize.json, written by optimize) shows the verified targets, the staffing slot by slot against the requirement and plain Erlang C, the candidates' cost against service level, the shifts, the room layout with the simulated layouts and the area bound, and the counselor allocation.

            Examples:
              onestop run scenarios/desk-schedule.yaml
              onestop report outputs/desk-schedule
              onestop compare scenarios/desk-schedule.yaml scenarios/desk-more-staff.yaml \\
                  --out outputs/more-staff
              onestop report outputs/more-staff
              onestop optimize scenarios/desk-schedule.yaml --station desk \\
                  --target-wait "5 min" --out outputs/desk-plan
              onestop report outputs/desk-plan
            """
    )

    @Argument(help: "A directory written by onestop run, compare or optimize.")
    var directory: String

    @Flag(help: "Do not print where the report was written.")
    var quiet = false

    func run() throws {
        let html: String
        do {
            if let optimize = try read("optimize.json") {
                var tables: [String: String] = [:]
                for name in HTMLReport.optimizeTables { tables[name] = try read(name) }
                html = try HTMLReport.optimize(.init(optimize: optimize, tables: tables))
            } else if let compare = try read("compare.json") {
                html = try HTMLReport.comparison(compare, hourlyCSV: try read("compare-hourly.csv"))
            } else if let summary = try read("summary.json") {
                html = try HTMLReport.run(.init(summary: summary, hourly: try read("hourly.csv")))
            } else {
                Terminal.error("error: \(directory) holds no summary.json (from onestop run), compare.json (from onestop compare) or optimize.json (from onestop optimize)")
                throw ExitCode(2)
            }
        } catch let error as HTMLReport.InputError {
            Terminal.error("error: \(directory): \(error)")
            throw ExitCode(2)
        }
        do {
            try OutputDirectory(path: directory).write([("report.html", html)], replacing: false)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if !quiet { Terminal.output("report written to \((directory as NSString).appendingPathComponent("report.html"))") }
    }

    private func read(_ name: String) throws -> String? {
        do {
            return try OutputDirectory(path: directory).readResult(name)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
    }
}

import ArgumentParser
import Calibration
import Foundation
import OutputFiles
import ScenarioModel

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a scenario to a service center's queue-ticket log (CSV).",
        discussion: """
            Reads the log row by row through a mapping (--map: a mapping file, or the built-in layouts \
            generic and ticket-export) and fits, per category, the service time (exponential, Erlang, \
            gamma, lognormal, Weibull by maximum likelihood, ranked by AIC, with Kolmogorov–Smirnov and \
            Anderson–Darling p-values from a parametric bootstrap), the arrivals in the campus format's \
            structure (requests per student, weekday and hourly weights, peak weeks and their factors, \
            each with a 95% interval, and an overdispersion test), the online share and, with a student \
            key, the return probability and delay; per counter group the patience from the waits \
            (Kaplan–Meier, and censored maximum likelihood: the served are right-censored). When the \
            log tells single counters (desks) apart, the as-is staffing (desks open per half hour, the \
            median over the weeks, written as each group's weekly servers schedule; a desk idle longer \
            than --closed-after minutes is closed) and, per category, a likelihood-ratio test of each \
            desk's service against its group's other desks (Holm-corrected).

            Writes into --out: fit.json (every estimate, interval and candidate), fit-report.html (charts) \
            and, with --into, scenario.yaml: the template with every fitted value replaced and a comment \
            on each saying n, estimate, interval, distribution and goodness of fit.

            Bad rows are printed as LOG:LINE:COLUMN: error: ... (the first ten of each reason, then a \
            count), left out and tabled in the report; with --strict any bad row refuses the file and \
            nothing is written. The student key is hashed (SHA-256) as it is read: no raw identifier \
            reaches any output. See docs/fit.md.

            Examples:
              onestop fit examples/baseline-term.csv \\
                  --into scenarios/campus-baseline.yaml --out outputs/fit
              onestop fit examples/foreign-export.csv \\
                  --map examples/foreign-export.map.yaml \\
                  --into scenarios/campus-baseline.yaml --out outputs/fit-foreign
              onestop fit examples/foreign-export.csv \\
                  --map examples/foreign-export.map.yaml --strict
                (exits 2: two of the log's rows are bad, and --strict refuses the file)
            """
    )

    @Argument(help: "The ticket log (CSV).")
    var log: String

    @Option(help: ArgumentHelp("A mapping file (YAML), or a built-in layout: generic, ticket-export.", valueName: "MAP.yaml"))
    var map = "generic"

    @Option(help: ArgumentHelp("The scenario the fitted values are written into (its categories, counters, opening hours and students are the fit's frame).", valueName: "SCENARIO.yaml"))
    var into: String?

    @Option(help: "Output directory (default: outputs/fit-<log name>).")
    var out: String?

    @Flag(help: "Refuse the log when any row is bad (default: drop bad rows, list and count them).")
    var strict = false

    @Option(help: "Days within which a student's next visit of the same category counts as a return.")
    var returnWindow = 7.0

    @Option(help: ArgumentHelp("A desk idle longer than this between two tickets counts as closed (the as-is staffing).", valueName: "minutes"))
    var closedAfter = 45.0

    @Option(help: "Parametric-bootstrap samples per goodness-of-fit p-value.")
    var bootstrap = 99

    @Option(help: "Seed of the bootstrap.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads for the fits.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Write into --out even when it is a non-empty directory that onestop did not write.")
    var force = false

    @Flag(help: "Print nothing but errors and warnings.")
    var quiet = false

    func validate() throws {
        if bootstrap < 0 || bootstrap > 10_000 { throw ValidationError("--bootstrap must lie between 0 and 10000") }
        if !(returnWindow > 0 && returnWindow <= 365) { throw ValidationError("--return-window must be a number of days in (0, 365]") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if !(closedAfter >= 1 && closedAfter <= 720) { throw ValidationError("--closed-after must be a number of minutes in [1, 720]") }
    }

    func run() throws {
        OneStop.prepare()
        var mapping = try Self.mapping(map)
        var template: ScenarioTemplate?
        if let into {
            let loaded = try ScenarioInput.loadWithSource(into)
            guard loaded.scenario.campus?.serviceCenter != nil else {
                Terminal.error("\(into):1:1: error: campus.service_center: the template has no service center to write the fit into")
                throw ExitCode(2)
            }
            template = ScenarioTemplate(scenario: loaded.scenario, text: loaded.text, file: into)
            if mapping.categories == nil {
                mapping.categories = template!.categoryIds
                if !mapping.items.isEmpty { mapping.categories! += Set(mapping.items.values).subtracting(template!.categoryIds).sorted() }
            }
        }
        let directory = out ?? "outputs/fit-\(URL(fileURLWithPath: log).deletingPathExtension().lastPathComponent)"
        do {
            try OutputDirectory(path: directory).claim(force: force)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }
        let reader = TicketLogReader(file: log, mapping: mapping)
        var data = LogData(returnWindow: returnWindow * 86400)
        do {
            try reader.read { data.add($0) }
        } catch {
            Terminal.error(error.description)
            throw ExitCode(2)
        }
        for line in reader.badRows.lines { Terminal.error(line) }
        if strict, reader.badRows.total > 0 {
            Terminal.error("error: \(log): \(reader.badRows.total) bad row\(reader.badRows.total == 1 ? "" : "s"); --strict refuses the file (nothing was written)")
            throw ExitCode(2)
        }
        if reader.outOfOrder > 0 {
            Terminal.error("warning: \(log): \(reader.outOfOrder) rows were taken before the row above them; returns are told in file order")
        }
        data.takeNames(from: reader)
        guard reader.rows - reader.badRows.total > 0 else {
            Terminal.error("error: \(log): no valid row to fit")
            throw ExitCode(2)
        }
        var base = LogFit.Options()
        base.bootstrap = bootstrap
        base.seed = seed
        base.jobs = jobs
        base.staffing.closedAfterMinutes = closedAfter
        if template == nil {
            Terminal.error("warning: no --into scenario: requests per student are per 1 student, opening hours 8:30–17:30, no scenario.yaml is written")
            base.students = 1
        }
        let options = template?.options(categories: reader.categories, base: base) ?? base
        let fit = LogFit(data, resolution: reader.resolution, options: options)
        let unknown = template.map { t in reader.categories.filter { !t.categoryIds.contains($0) } } ?? []
        let reading = FitFiles.ReadingSummary(file: log, rows: reader.rows, badRows: reader.badRows, resolution: reader.resolution,
                                              outOfOrder: reader.outOfOrder, unknownToTemplate: unknown)
        let unitName = template.map { $0.scenario.timeUnit.rawValue + "s" } ?? "minutes"
        var files: [(name: String, contents: String)] = [
            ("fit.json", FitFiles.json(fit, reading: reading, version: OneStop.version, template: into)),
            ("fit-report.html", FitReport.html(fit, reading: reading, unitName: unitName)),
        ]
        if let template {
            let header = "# Fitted by onestop fit from \((log as NSString).lastPathComponent) (\(reader.rows - reader.badRows.total) rows) into \((template.file as NSString).lastPathComponent).\n# Each fitted value carries a comment: n, the estimate's 95% interval, the distribution chosen and its goodness of fit (see fit.json and fit-report.html).\n"
            let (text, notes) = template.fitted(fit, generated: header)
            for note in notes { Terminal.error("warning: \(note)") }
            do {
                _ = try ScenarioParser.parse(text, file: "scenario.yaml", defaultName: template.scenario.name)
            } catch {
                for d in error.diagnostics { Terminal.error("warning: the fitted scenario: \(d)") }
            }
            files.append(("scenario.yaml", text))
        }
        do {
            try OutputDirectory(path: directory).write(files)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if !quiet {
            for line in FitFiles.summary(fit, reading: reading) { Terminal.output(line) }
            Terminal.output("written to \(directory): \(files.map(\.name).joined(separator: ", "))")
        }
    }

    /// A built-in layout by name, or a mapping file.
    static func mapping(_ name: String) throws -> LogMapping {
        if let builtIn = LogMapping.builtIn.first(where: { $0.name == name }) { return builtIn.mapping }
        let data: Data
        do { data = try ScenarioInput.read(path: name) } catch {
            for d in error.diagnostics { Terminal.error(d.description + " (--map: a mapping file, or one of \(LogMapping.builtIn.map(\.name).joined(separator: ", ")))") }
            throw ExitCode(2)
        }
        do {
            return try LogMapping.parse(String(decoding: data, as: UTF8.self), file: name)
        } catch {
            for d in error.diagnostics { Terminal.error(d.description) }
            throw ExitCode(2)
        }
    }
}

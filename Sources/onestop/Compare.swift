import ArgumentParser
import CampusModel
import Experiments
import Foundation
import OutputFiles
import QueueingNetwork
import Reports

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run scenarios with common random numbers and compare every measure with the first.",
        discussion: """
            Every scenario runs with the same master seed and the same number of replications, so replication r of each draws from the same named random streams (common random numbers). Each measure is reported for the baseline (the first scenario) and each other scenario, with the paired difference (scenario − baseline, replication by replication), its 95% confidence interval and the paired t-test's p-value, adjusted over every measure tested by Holm and by Benjamini–Hochberg. Stations and classes are matched by id. A scenario compared with itself gives differences of exactly 0 with intervals of width 0.

            The screen shows the decision: each rule's verdict in both scenarios (pass or fail by its whole 95% interval, else undecided), staff-hours per week in both and their paired difference, and only the measures whose difference is significant after --control (Holm by default), each marked better or worse by the measure's direction; --all prints every measure.

            Writes compare.json, compare.csv and compare-hourly.csv (mean wait, queue length and utilisation by station and hour of the day) into the output directory (default outputs/compare-<first>-vs-<second>...; with --report also report.html) and prints a table; --json prints compare.json instead.

            Examples:
              onestop compare scenarios/desk-schedule.yaml scenarios/desk-more-staff.yaml
              onestop compare scenarios/campus-baseline.yaml \\
                  scenarios/campus-fewer-counselors.yaml scenarios/campus-term-start.yaml \\
                  --replications 5 --seed 7 --report
              onestop compare scenarios/desk-schedule.yaml scenarios/desk-more-staff.yaml \\
                  --json > outputs/desk-compare.json
                (compare.json on standard output instead of the table, for jq or a script)
              onestop compare scenarios/campus-baseline.yaml \\
                  scenarios/campus-fewer-counselors.yaml --all
            """
    )

    @Argument(help: "Two or more scenario files; the first is the baseline.")
    var scenarios: [String]

    @OptionGroup var options: CommonOptions

    @Flag(help: "Print compare.json to standard output instead of the table.")
    var json = false

    @Flag(help: "Also write report.html with the differences and their intervals.")
    var report = false

    @Flag(help: "Print every measure of every comparison, not only the decision (rules, staff-hours and the differences significant after --control).")
    var all = false

    @Option(help: ArgumentHelp("The multiple-comparison control the decision screen flags differences after: holm (the chance of any false flag at most 5%) or bh (Benjamini–Hochberg: at most 5% of the flags false, on average). Both adjusted p-values are in the files.", valueName: "holm|bh"))
    var control: Comparison.Control = .holm

    func validate() throws {
        if scenarios.count < 2 { throw ValidationError("compare needs at least two scenario files") }
        if let replications = options.replications, replications < 2 { throw ValidationError("--replications must be at least 2 for confidence intervals") }
    }

    func run() throws {
        OneStop.prepare()
        var models: [NetworkModel] = []
        var campuses: [CampusPlan?] = []
        var invalid = false
        var warnings: [String] = []
        for file in scenarios {
            do {
                let loaded = try ScenarioInput.load(file)
                models.append(loaded.model)
                campuses.append(loaded.campus)
                warnings += loaded.warnings.map(\.description)
            } catch {
                invalid = true   // each file's problems are printed; every file is checked first
            }
        }
        if invalid { throw ExitCode(2) }
        let directory = options.out ?? "outputs/compare-" + models.map(\.name).joined(separator: "-vs-")
        do {
            try OutputDirectory(path: directory).claim(force: options.force)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(2)
        }

        let seed = options.seed ?? models[0].run.seed
        let replications = options.replications ?? models[0].run.replications
        for (file, model) in zip(scenarios, models).dropFirst() where options.seed == nil && model.run.seed != seed {
            warnings.append("\(file): run.seed \(model.run.seed) is replaced by \(seed), the first scenario's, for common random numbers")
        }
        for warning in warnings where warning.contains("is replaced by") { Terminal.error("warning: \(warning)") }

        let total = replications * models.count
        let progress = ProgressBar(enabled: !options.quiet && !json && Terminal.standardErrorIsTerminal, total: total)
        var results: [ExperimentResult] = []
        var eventsBefore = 0
        for (model, campus) in zip(models, campuses) {
            let offset = results.count * replications, before = eventsBefore
            let update = progress.update
            let result = Experiment(model: model, campus: campus, replications: replications, seed: seed)
                .run(jobs: options.jobs, progress: { done, _, events in update(offset + done, total, before + events) })
            eventsBefore += result.events
            results.append(result)
        }
        progress.finish()
        for result in results {
            for stop in result.earlyStops { Terminal.error("warning: \(result.model.name): \(stop)") }
        }

        let entries = zip(scenarios, models).map { ComparisonFiles.Entry(name: $1.name, file: $0) }
        let (jsonText, comparisons, files) = try ComparisonFiles.directoryFiles(entries, results, seed: seed, replications: replications,
                                                                               version: OneStop.version, warnings: warnings, report: report)
        do {
            try OutputDirectory(path: directory).write(files)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if models.contains(where: { $0.timeUnit != models[0].timeUnit }) {
            Terminal.error("warning: the scenarios use different time units; times are compared as written, in each scenario's unit")
        }
        if json {
            print(jsonText, terminator: "")
        } else if !options.quiet {
            let unit = models[0].timeUnit.rawValue
            Terminal.output(all
                ? ComparisonTable.text(entries, comparisons, seed: seed, replications: replications, timeUnit: unit, directory: directory)
                : ComparisonTable.decision(entries, comparisons, seed: seed, replications: replications, timeUnit: unit, control: control,
                                           directory: directory))
        }
    }
}

extension Comparison.Control: ExpressibleByArgument {}

/// The comparison as a readable table for the terminal.
enum ComparisonTable {
    /// The most lines a comparison's decision screen takes.
    static let screenLines = 40

    /// Each comparison's decision: rules side by side, staff-hours, and the differences significant
    /// after `control` (as many as fit in `screenLines`, the rest counted).
    static func decision(_ entries: [ComparisonFiles.Entry], _ comparisons: [Comparison], seed: UInt64, replications: Int,
                         timeUnit: String, control: Comparison.Control, directory: String) -> String {
        func cell(_ e: Estimate) -> String {
            guard let mean = e.mean else { return "—" }
            // A half-width below a billionth of the mean is rounding in the sums, not spread.
            return String(format: "%.4g", mean) + (e.halfWidth.flatMap { $0 > 1e-9 * abs(mean) ? " ± " + String(format: "%.2g", $0) : nil } ?? "")
        }
        func rule(_ r: RuleResult?) -> String {
            guard let r else { return "—" }
            let word = r.verdict == .fail ? "FAIL" : r.verdict.rawValue
            // A scoped rule's value is its worst item's: say which.
            return word + "  " + cell(Estimate(mean: r.value, halfWidth: r.halfWidth, count: 2)) + (r.worst.map { " at \($0.label)" } ?? "")
        }
        func table(_ rows: [[String]], indent: String = "  ") -> [String] {
            let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
            return rows.map { row in
                indent + zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces)
            }
        }
        let controlName = control == .holm ? "Holm (the chance of any false flag at most 5%)" : "Benjamini–Hochberg (at most 5% of the flags false, on average)"
        var lines: [String] = []
        for (i, c) in comparisons.enumerated() {
            let baseline = entries[0].name, scenario = entries[i + 1].name
            var screen = ["\(scenario) vs \(baseline): \(replications) paired replications (common random numbers), seed \(seed), times in \(timeUnit)s"]
            let rules = c.rules
            if !rules.isEmpty {
                let counts = { (pick: (RuleResult) -> Bool) in rules.filter { $0.alternative.map(pick) ?? false }.count }
                screen.append("rules, judged by the 95% interval (\(scenario): \(counts { $0.verdict == .pass }) pass, \(counts { $0.verdict == .fail }) fail, \(counts { $0.verdict == .undecided }) undecided):")
                screen += table([["rule", "target", baseline, scenario]] + rules.map { r in
                    let any = (r.baseline ?? r.alternative)!
                    return [r.id, any.relation + " " + String(format: "%g", any.target), rule(r.baseline), rule(r.alternative)]
                })
            }
            let hours = c.staffHours
            if hours.baseline.mean != nil || hours.alternative.mean != nil {
                screen.append("staff-hours per week on shift: \(baseline) \(cell(hours.baseline)), \(scenario) \(cell(hours.alternative)), difference \(cell(hours.difference))")
            }
            let flagged = c.flagged(after: control)
            let scopeRank: [Comparison.Scope: Int] = [.campus: 0, .system: 1, .station: 2, .class: 3]
            let ordered = flagged.enumerated().sorted { (scopeRank[$0.element.scope]!, $0.offset) < (scopeRank[$1.element.scope]!, $1.offset) }.map(\.element)
            let better = flagged.filter { $0.change(after: control) == "better" }.count
            let worse = flagged.filter { $0.change(after: control) == "worse" }.count
            let identical = c.rows.filter { $0.pValue == nil && $0.difference.mean == 0 }.count
            screen.append("\(c.rows.count) measures: \(identical) identical in every replication, \(c.tested) tested (paired t-test); \(flagged.count) differ after \(controlName): \(better) better, \(worse) worse, \(flagged.count - better - worse) without a direction")
            let room = max(3, screenLines - screen.count - 4)
            if !ordered.isEmpty {
                let shown = ordered.count > room ? Array(ordered.prefix(room - 1)) : ordered
                screen += table([["where", "measure", baseline, scenario, "difference", "p adjusted", ""]] + shown.map { row in
                    let place = row.scope == .system ? "network" : row.scope == .campus ? "campus" : "\(row.scope.rawValue) \(row.id)"
                    let p = (control == .holm ? row.pHolm : row.pBH) ?? 1
                    return [place, row.measure, cell(row.baseline), cell(row.alternative), cell(row.difference),
                            p < 0.0001 ? "< 0.0001" : String(format: "%.4f", p), row.change(after: control) ?? ""]
                })
                if shown.count < ordered.count { screen.append("  … and \(ordered.count - shown.count) more (--all prints every measure; compare.csv has them all)") }
            }
            if !c.unmatched.isEmpty { screen.append("not compared (in only one scenario): " + c.unmatched.joined(separator: ", ")) }
            lines += screen + [""]
        }
        lines.append("results written to \(directory)/ (--all prints every measure)")
        return lines.joined(separator: "\n")
    }

    static func text(_ entries: [ComparisonFiles.Entry], _ comparisons: [Comparison], seed: UInt64, replications: Int,
                     timeUnit: String, directory: String) -> String {
        func cell(_ e: Estimate) -> String {
            guard let mean = e.mean else { return "—" }
            return String(format: "%.4g", mean) + (e.halfWidth.map { " ± " + String(format: "%.2g", $0) } ?? "")
        }
        var lines: [String] = []
        for (i, comparison) in comparisons.enumerated() {
            let baseline = entries[0].name, scenario = entries[i + 1].name
            lines.append("\(scenario) − \(baseline): \(replications) paired replications, seed \(seed), times in \(timeUnit)s (mean ± 95% half-width)")
            let rows: [[String]] = comparison.rows.map { row in
                let place = row.scope == .system ? "network" : row.scope == .campus ? "campus" : "\(row.scope.rawValue) \(row.id)"
                return [place, row.measure, cell(row.baseline), cell(row.alternative), cell(row.difference), row.isSignificant ? "*" : "",
                        row.pHolm.map { String(format: "%.4f", $0) } ?? "—", row.pBH.map { String(format: "%.4f", $0) } ?? "—",
                        row.change(after: .holm) ?? ""]
            }
            let header = ["where", "measure", "baseline", "scenario", "difference", "", "p Holm", "p BH", "after Holm"]
            let widths = (0..<header.count).map { c in ([header] + rows).map { $0[c].count }.max() ?? 0 }
            for row in [header] + rows {
                lines.append(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces))
            }
            let significant = comparison.rows.filter(\.isSignificant).count
            lines.append("* the 95% interval of the difference excludes 0 (\(significant) of \(comparison.rows.count) measures)")
            if !comparison.unmatched.isEmpty { lines.append("not compared (in only one scenario): " + comparison.unmatched.joined(separator: ", ")) }
            lines.append("")
        }
        lines.append("results written to \(directory)/")
        return lines.joined(separator: "\n")
    }
}

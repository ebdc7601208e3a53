import Interchange
import Experiments
import Foundation
import QueueingNetwork

/// `report.html`: one self-contained page (inline CSS and SVG, a few lines of inline script that only
/// check the charts) that opens without a network, reads on a laptop screen and prints.
public enum HTMLReport {
    public struct InputError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The files of a run directory that the report reads, as text.
    public struct RunFiles: Sendable {
        public var summary: String
        public var hourly: String?

        public init(summary: String, hourly: String? = nil) {
            self.summary = summary
            self.hourly = hourly
        }
    }

    // MARK: Run

    /// The report of one run: station measures, profiles by hour, utilisation heat map, and the campus
    /// sections (`campus`, `rules`) when summary.json has them.
    public static func run(_ files: RunFiles) throws -> String {
        let summary = try parse(files.summary, "summary.json")
        guard let name = summary["scenario"]?.text, case .object = summary["stations"] ?? .null else {
            throw InputError(description: "summary.json has no scenario name or no stations: is this a run directory?")
        }
        let unit = summary["time_unit"]?.text ?? "time unit"
        let stations = summary["stations"]?.entries ?? []
        var page = Page(title: "\(name) — OneStop report")
        page.header(name, meta: meta(summary), note: "Each value is the mean over replications ± the half-width of its 95% confidence interval (Student t).")

        page.section("stations", "Stations")
        page.table(
            header: ["station", "mean wait (\(unit)s)", "90% of waits under", "waited at all", "mean queue", "utilisation", "throughput (per \(unit))", "abandoned", "blocked", "mean time at station"],
            rows: stations.map { id, m in
                [id, cell(m[StationMeasure.meanWait]), cell(m[StationMeasure.waitP90]), cell(m[StationMeasure.pWait], percent: true),
                 cell(m[StationMeasure.meanQueueLength]),
                 cell(m[StationMeasure.utilization], percent: true), cell(m[StationMeasure.throughput]), cell(m[StationMeasure.pAbandon], percent: true),
                 cell(m[StationMeasure.pBlocked], percent: true), cell(m[StationMeasure.meanSojourn])]
            })
        let waitBars = stations.compactMap { id, m in m[StationMeasure.meanWait]?.estimate.flatMap { e in e.mean.map { (id, $0, e.ci95) } } }
        if !waitBars.isEmpty {
            page.chart(SVGChart.bars(id: "chart-wait", title: "Mean wait by station", unit: "mean wait (\(unit)s)", items: waitBars), caption: "Mean wait by station, with 95% intervals.")
        }
        let utilBars = stations.compactMap { id, m in m[StationMeasure.utilization]?.estimate.flatMap { e in e.mean.map { (id, $0 * 100, e.ci95.map { $0 * 100 }) } } }
        if !utilBars.isEmpty {
            page.chart(SVGChart.bars(id: "chart-utilisation", title: "Utilisation by station", unit: "utilisation (% of servers on shift busy)", items: utilBars), caption: "Utilisation by station (stations with infinite servers have none).")
        }
        page.end()

        if let hourly = files.hourly {
            hourlySections(&page, CSVTable(hourly), stations: stations.map(\.key), unit: unit)
        }

        let classes = summary["classes"]?.entries ?? []
        if !classes.isEmpty || summary["system"] != nil {
            page.section("customers", "Classes and the whole network")
            page.table(header: ["class", "mean wait over all visits (\(unit)s)", "mean time in the network (\(unit)s)"],
                       rows: classes.map { id, m in [id, cell(m[ClassMeasure.meanWait]), cell(m[ClassMeasure.meanSojourn])] }
                           + [["all customers", "", cell(summary["system"]?[SystemMeasure.meanSojourn])]])
            if let throughput = summary["system"]?[SystemMeasure.throughput] {
                page.paragraph("Customers leaving the network: \(cell(throughput)) per \(unit).")
            }
            page.end()
        }

        warmupSection(&page, summary["warmup"], unit: unit)
        batchesSection(&page, summary["batches"], unit: unit)
        campusSections(&page, summary, unit: unit)
        slotSections(&page, summary, unit: unit)

        let warnings = summary["warnings"]?.items.compactMap(\.text) ?? []
        if !warnings.isEmpty {
            page.section("warnings", "Warnings")
            page.list(warnings)
            page.end()
        }
        return page.finish()
    }

    private static func hourlySections(_ page: inout Page, _ table: CSVTable, stations: [String], unit: String) {
        guard let station = table.column("station"), let hour = table.column(Tables.hourColumn) ?? table.column("hour") else { return }
        // values[station][hour][column] over replications.
        var values: [String: [Int: [Int: [Double?]]]] = [:]
        let columns = Comparison.hourlyMeasures.compactMap { table.column($0.rawValue) }
        for row in table.rows where row.count == table.header.count {
            guard let h = Int(row[hour]), (0..<24).contains(h) else { continue }
            for c in columns { values[row[station], default: [:]][h, default: [:]][c, default: []].append(Double(row[c])) }
        }
        guard !values.isEmpty else { return }
        func estimates(_ measure: HourlyMeasure, scale: Double = 1) -> [(station: String, index: Int, points: [(x: Double, y: Double, halfWidth: Double)])] {
            guard let c = table.column(measure.rawValue) else { return [] }
            return stations.enumerated().compactMap { i, id in
                guard let byHour = values[id] else { return nil }
                let points: [(x: Double, y: Double, halfWidth: Double)] = (0..<24).compactMap { h in
                    guard let xs = byHour[h]?[c] else { return nil }
                    let e = Estimate(xs)
                    return e.mean.map { (Double(h), $0 * scale, (e.halfWidth ?? 0) * scale) }
                }
                return points.isEmpty ? nil : (id, i, points)
            }
        }
        page.section("by-hour", "By hour of the day")
        page.paragraph("All days pooled: each hour's value is averaged over every day of a replication, then over replications; the band is the 95% interval. Hour 0 is midnight on the simulation clock.")
        for (measure, title, label, id) in [(HourlyMeasure.meanWait, "Mean wait by hour of the day", "mean wait (\(unit)s)", "chart-wait-by-hour"),
                                            (HourlyMeasure.meanQueueLength, "Mean queue length by hour of the day", "customers waiting", "chart-queue-by-hour")] {
            let all = estimates(measure)
            let drawn = all.filter { s in s.points.contains { $0.y != 0 } }
            let flat = all.filter { s in !s.points.contains { $0.y != 0 } }.map(\.station)
            guard !drawn.isEmpty else {
                page.paragraph("\(title): no station had anyone waiting.")
                continue
            }
            page.heading(title)
            // Colours go to the series drawn, in order, and the legend takes each line's own.
            let series = SVGChart.Series.colored(drawn.map { ($0.station, $0.points) })
            page.chart(SVGChart.hourly(id: id, title: title, yLabel: label, series: series),
                       caption: title + ", with 95% bands" + (flat.isEmpty ? "." : "; not drawn (zero at every hour): " + flat.joined(separator: ", ") + "."),
                       legend: SVGChart.legend(series))
        }
        let utilisation = estimates(.utilization)
        if !utilisation.isEmpty {
            let rows = utilisation.map { s -> (label: String, values: [Double?]) in
                var cells = [Double?](repeating: nil, count: 24)
                for p in s.points { cells[Int(p.x)] = p.y }
                return (s.station, cells)
            }
            page.heading("Utilisation by counter and hour")
            page.chart(SVGChart.heatMap(id: "chart-utilisation-heatmap", title: "Utilisation by station and hour of the day",
                                        rows: rows, domain: (0, 1), format: { String(format: "%.0f%%", $0 * 100) }),
                       caption: "Busy servers over servers on shift, by station and hour of the day (mean over replications).")
        }
        page.end()
    }

    // MARK: Campus

    /// The campus rules, each with its verdict (pass, fail or undecided, from its 95% interval).
    static func rulesSection(_ page: inout Page, _ list: JSONValue?) {
        guard case .array(let rules) = list ?? .null, !rules.isEmpty else { return }
        page.section("rules", "Rules")
        page.paragraph(verdictCounts(rules.map { $0["status"]?.text ?? "" }) + " A rule passes when the whole 95% interval of its value meets the target, fails when the whole interval misses it, and is undecided when the interval straddles the target.")
        page.table(header: ["rule", "what it asks", "verdict", "value", "target", "to decide"], rows: rules.map { rule in
            let status = rule["status"]?.text ?? "?"
            let relation = rule["passes_when"]?.text == "at_most" ? "≤ " : rule["passes_when"]?.text == "at_least" ? "≥ " : ""
            let decide = rule["replications_to_decide"]?.double.map { "about \(SVGChart.number($0)) replications" }
                ?? (status == "undecided" ? (rule["undecided_because"]?.text?.replacingOccurrences(of: "_", with: " ") ?? "") : "")
            // A scoped rule's value is its worst item's: say which.
            let worst = rule["worst"]?["item"]?.text.map { " (worst: \($0), \(rule["worst"]?["status"]?.text ?? ""))" } ?? ""
            return [rule["id"]?.text ?? "", (rule["description"]?.text ?? "") + worst, verdictBadge(status),
                    estimateText(rule["value"]?.double, rule["ci95"]?.double.flatMap { $0 > 0 ? $0 : nil }),
                    relation + value(rule["target"]), decide]
        })
        page.end()
    }

    /// "3 of 8 rules pass, 4 fail, 1 undecided."
    static func verdictCounts(_ statuses: [String]) -> String {
        let pass = statuses.filter { $0 == "pass" }.count, fail = statuses.filter { $0 == "fail" }.count
        let undecided = statuses.count - pass - fail
        return "\(pass) of \(statuses.count) rules pass, \(fail) fail, \(undecided) undecided."
    }

    /// A pass or fail mark.
    static func badge(_ pass: Bool, _ text: String) -> Raw {
        Raw("<span class=\"badge \(pass ? "pass" : "fail")\">\(pass ? "✓" : "✗") \(escape(text))</span>")
    }

    /// A verdict's mark: ✓ pass, ✗ fail, ? undecided.
    static func verdictBadge(_ status: String, suffix: String = "") -> Raw {
        switch status {
        case "pass": badge(true, "pass" + suffix)
        case "fail": badge(false, "fail" + suffix)
        default: Raw("<span class=\"badge undecided\">? \(escape(status + suffix))</span>")
        }
    }

    private static func campusSections(_ page: inout Page, _ summary: JSONValue, unit: String) {
        rulesSection(&page, summary["rules"])
        guard case .object(let parts) = summary["campus"] ?? .null, !parts.isEmpty else { return }
        let titles = [CampusSection.serviceCenter.rawValue: "Service center", CampusSection.counselors.rawValue: "Counselor coverage",
                      CampusSection.rooms.rawValue: "Room occupancy"]
        page.section("campus", "Campus")
        for (key, part) in parts {
            let title = titles[key] ?? key.replacingOccurrences(of: "_", with: " ").capitalized
            page.heading(title)
            var flat: [(path: [String], mean: Double?, ci95: Double?)] = []
            var hourly: [(path: [String], values: [Double?])] = []
            flatten(part, [], &flat, &hourly)
            if !flat.isEmpty {
                page.table(header: ["measure", "value"], rows: flat.map { [$0.path.joined(separator: " · "), estimateText($0.mean, $0.ci95)] })
                // One chart per measure name, its bars the items that share it (rooms by type, say).
                let groups = Dictionary(grouping: flat.filter { $0.mean != nil && $0.path.count > 1 }, by: { $0.path.last! })
                for measure in groups.keys.sorted() where groups[measure]!.count > 1 {
                    let items = groups[measure]!.map { (label: $0.path.dropLast().joined(separator: " · "), mean: $0.mean!, halfWidth: $0.ci95) }
                    page.chart(SVGChart.bars(id: "chart-campus-\(key)-\(measure)", title: "\(title): \(measure)", unit: measure.replacingOccurrences(of: "_", with: " "), items: items),
                               caption: "\(title): \(measure.replacingOccurrences(of: "_", with: " ")), with 95% intervals.")
                }
            }
            // Lists of 24 estimates are by hour of the day: a heat map per measure name.
            let hourGroups = Dictionary(grouping: hourly, by: { $0.path.last! })
            for measure in hourGroups.keys.sorted() {
                let rows = hourGroups[measure]!.map { (label: $0.path.dropLast().joined(separator: " · "), values: $0.values) }
                let top = rows.flatMap { $0.values.compactMap { $0 } }.max() ?? 1
                let domain = (0.0, top <= 1 ? 1 : SVGChart.niceMaximum(top))
                page.chart(SVGChart.heatMap(id: "chart-campus-\(key)-\(measure)", title: "\(title): \(measure) by hour", rows: rows, domain: domain,
                                            format: { domain.1 == 1 ? String(format: "%.0f%%", $0 * 100) : SVGChart.number($0) }),
                           caption: "\(title): \(measure.replacingOccurrences(of: "_", with: " ")) by hour of the day.")
            }
        }
        page.end()
    }

    private static func flatten(_ value: JSONValue, _ path: [String], _ flat: inout [(path: [String], mean: Double?, ci95: Double?)],
                                _ hourly: inout [(path: [String], values: [Double?])]) {
        if let e = value.estimate {
            flat.append((path.isEmpty ? ["value"] : path, e.mean, e.ci95))
            return
        }
        switch value {
        case .object(let entries):
            for (k, v) in entries { flatten(v, path + [k], &flat, &hourly) }
        case .array(let items) where items.count == 24 && items.allSatisfy({ $0.estimate != nil || $0.double != nil || $0 == .null }):
            hourly.append((path.isEmpty ? ["value"] : path, items.map { $0.estimate?.mean ?? $0.double }))
        case .number(let x):
            flat.append((path.isEmpty ? ["value"] : path, x, nil))
        default:
            break
        }
    }

    // MARK: Comparison

    /// The report of `onestop compare`: each alternative against the baseline, measure by measure.
    public static func comparison(_ compareJSON: String, hourlyCSV: String? = nil) throws -> String {
        let doc = try parse(compareJSON, "compare.json")
        guard doc["kind"]?.text == "comparison", case .array(let comparisons) = doc["comparisons"] ?? .null else {
            throw InputError(description: "compare.json is not a comparison written by onestop compare")
        }
        let unit = doc["time_unit"]?.text ?? "time unit"
        let names = doc["scenarios"]?.items.compactMap { $0["name"]?.text } ?? []
        var page = Page(title: "Comparison: \(names.joined(separator: " vs ")) — OneStop report")
        let metaLine = "seed \(doc["seed"]?.text ?? "?") · \(doc["replications"]?.text ?? "?") paired replications (common random numbers) · times in \(unit)s · onestop \(doc["onestop_version"]?.text ?? "?")"
        page.header("Comparison: " + names.joined(separator: " vs "), meta: metaLine,
                    note: "Each difference is the mean over replications of (scenario − baseline) in the same replication, ± the half-width of its 95% interval. Filled marks: the interval excludes 0 (significant).")
        decisionSection(&page, comparisons)
        page.section("scenarios", "Scenarios")
        page.table(header: ["", "scenario", "file"], rows: (doc["scenarios"]?.items ?? []).enumerated().map { i, s in
            [i == 0 ? "baseline" : "#\(i)", s["name"]?.text ?? "", s["file"]?.text ?? ""]
        })
        page.end()

        let chartMeasures: [(StationMeasure, String)] = [
            (.meanWait, "mean wait (\(unit)s)"), (.waitP90, "90th percentile of the wait (\(unit)s)"),
            (.meanQueueLength, "mean queue length"), (.utilization, "utilisation"), (.pAbandon, "share abandoning"),
            (.pBlocked, "share blocked"), (.throughput, "throughput (per \(unit))"), (.meanSojourn, "mean time at station / in the network (\(unit)s)"),
        ]
        for (c, comparison) in comparisons.enumerated() {
            let scenario = comparison["scenario"]?.text ?? "?", baseline = comparison["baseline"]?.text ?? "?"
            let rows = comparison["measures"]?.items ?? []
            let significant = rows.filter { $0["significant"] == .bool(true) }.count
            page.section("comparison-\(c + 1)", "\(scenario) − \(baseline)")
            page.paragraph("\(significant) of \(rows.count) measures differ significantly.")
            if case .array(let unmatched) = comparison["unmatched"] ?? .null, !unmatched.isEmpty {
                page.paragraph("Not compared (in only one of the two): " + unmatched.compactMap(\.text).joined(separator: ", ") + ".")
            }
            for (measure, label) in chartMeasures {
                let items: [(label: String, mean: Double, halfWidth: Double, significant: Bool)] = rows.compactMap { row in
                    guard row["measure"]?.text == measure.rawValue, let d = row["difference"]?.estimate, let mean = d.mean else { return nil }
                    let scope = row["scope"]?.text ?? ""
                    let id = row["id"]?.text ?? ""
                    return (scope == "system" ? "whole network" : "\(scope) \(id)", mean, d.ci95 ?? 0, row["significant"] == .bool(true))
                }
                guard !items.isEmpty else { continue }
                page.heading("Difference in \(label)")
                if items.allSatisfy({ $0.mean == 0 && $0.halfWidth == 0 }) {
                    page.paragraph("No difference: 0 in every replication, for " + items.map(\.label).joined(separator: ", ") + ".")
                    continue
                }
                page.chart(SVGChart.differences(id: "chart-diff-\(c + 1)-\(measure.rawValue)", title: "\(scenario) − \(baseline): \(label)", unit: "difference in \(label)", items: items),
                           caption: "\(scenario) − \(baseline): difference in \(label), with 95% intervals.")
            }
            if let hourlyCSV { hourlyDifferences(&page, CSVTable(hourlyCSV), scenario: scenario, baseline: baseline, chart: c + 1, unit: unit) }
            // Hundreds of rows: folded, so that the page stays a page (open it to read them all).
            page.openDetails("Every measure (\(rows.count), \(significant) significant)")
            page.table(header: ["where", "measure", baseline, scenario, "difference", ""], rows: rows.map { row in
                let scope = row["scope"]?.text ?? "", id = row["id"]?.text ?? ""
                let d = row["difference"]?.estimate
                let mark: String
                if row["significant"] == .bool(true), let m = d?.mean { mark = m > 0 ? "▲ higher" : "▼ lower" } else { mark = "" }
                return [scope == "system" ? "whole network" : "\(scope) \(id)", row["measure"]?.text ?? "", cell(row["baseline"]), cell(row["value"]), cell(row["difference"]), mark]
            })
            page.closeDetails()
            page.end()
        }
        let warnings = doc["warnings"]?.items.compactMap(\.text) ?? []
        if !warnings.isEmpty {
            page.section("warnings", "Warnings")
            page.list(warnings)
            page.end()
        }
        return page.finish()
    }

    /// The decision first: per comparison, each rule's verdict in both scenarios, staff-hours per week,
    /// and the measures whose difference is significant after Holm, marked better or worse.
    private static func decisionSection(_ page: inout Page, _ comparisons: [JSONValue]) {
        let decided = comparisons.filter { $0["decision"] != nil }
        guard !decided.isEmpty else { return }
        page.section("decision", "Decision")
        for comparison in decided {
            let scenario = comparison["scenario"]?.text ?? "?", baseline = comparison["baseline"]?.text ?? "?"
            let d = comparison["decision"]!
            page.heading("\(scenario) against \(baseline)")
            let rules = d["rules"]?.items ?? []
            if !rules.isEmpty {
                page.paragraph("\(scenario): " + verdictCounts(rules.map { $0["scenario"]?["status"]?.text ?? "" })
                               + " \(baseline): " + verdictCounts(rules.map { $0["baseline"]?["status"]?.text ?? "" }))
                func verdict(_ v: JSONValue?) -> Any {
                    guard let v, let status = v["status"]?.text else { return "—" }
                    let text = estimateText(v["value"]?.double, v["ci95"]?.double.flatMap { $0 > 0 ? $0 : nil })
                    return Raw(verdictBadge(status).html + " " + escape(text))
                }
                page.table(header: ["rule", "target", baseline, scenario], rows: rules.map { r in
                    let relation = r["passes_when"]?.text == "at_most" ? "≤ " : "≥ "
                    return [r["id"]?.text ?? "", relation + value(r["target"]), verdict(r["baseline"]), verdict(r["scenario"])]
                })
            }
            if let hours = d["staff_hours_per_week"], hours["baseline"]?["mean"]?.double != nil {
                page.paragraph("Staff-hours per week on shift: \(baseline) \(cell(hours["baseline"])), \(scenario) \(cell(hours["value"])), difference \(cell(hours["difference"])) (paired).")
            }
            let rows = (comparison["measures"]?.items ?? []).filter { $0["change_holm"]?.text != nil }
            let tested = d["measures_tested"]?.text ?? "?", bh = d["flagged_bh"]?.text ?? "?"
            page.paragraph("\(tested) measures tested (paired t-test); \(rows.count) differ after Holm's control (the chance of any false flag at most 5%), \(bh) after Benjamini–Hochberg's (at most 5% of the flags false, on average).")
            if !rows.isEmpty {
                page.table(header: ["where", "measure", baseline, scenario, "difference", "p (Holm)", ""], rows: rows.map { row in
                    let scope = row["scope"]?.text ?? "", id = row["id"]?.text ?? ""
                    let p = row["p_holm"]?.double ?? 1
                    return [scope == "system" ? "whole network" : "\(scope) \(id)", row["measure"]?.text ?? "", cell(row["baseline"]), cell(row["value"]),
                            cell(row["difference"]), p < 0.0001 ? "< 0.0001" : String(format: "%.4f", p), row["change_holm"]?.text ?? ""]
                })
            }
        }
        page.paragraph("The detail follows: every measure of each comparison, its difference by hour of the day, and the files' other columns.")
        page.end()
    }

    /// Differences by hour of the day, from compare-hourly.csv: one line per station with its 95% band.
    private static func hourlyDifferences(_ page: inout Page, _ table: CSVTable, scenario: String, baseline: String, chart: Int, unit: String) {
        guard let sc = table.column("scenario"), let st = table.column("station"), let hr = table.column(Tables.hourColumn) ?? table.column("hour"),
              let ms = table.column("measure"), let dm = table.column("difference"), let dc = table.column("difference_ci95")
        else { return }
        let rows = table.rows.filter { $0.count == table.header.count && $0[sc] == scenario }
        var stations: [String] = []
        for row in rows where !stations.contains(row[st]) { stations.append(row[st]) }
        for (measure, label, scale) in [(HourlyMeasure.meanWait.rawValue, "mean wait (\(unit)s)", 1.0),
                                        (HourlyMeasure.meanQueueLength.rawValue, "customers waiting", 1.0),
                                        (HourlyMeasure.utilization.rawValue, "utilisation (percentage points)", 100.0)] {
            let series = SVGChart.Series.colored(stations.compactMap { station in
                let points: [(x: Double, y: Double, halfWidth: Double)] = rows.compactMap { row in
                    guard row[st] == station, row[ms] == measure, let h = Double(row[hr]), let d = Double(row[dm]) else { return nil }
                    return (h, d * scale, (Double(row[dc]) ?? 0) * scale)
                }
                guard points.contains(where: { $0.y != 0 || $0.halfWidth != 0 }) else { return nil }
                return (station, points)
            })
            let title = "Difference in \(label.replacingOccurrences(of: " (percentage points)", with: "")) by hour of the day"
            guard !series.isEmpty else {
                if rows.contains(where: { $0[ms] == measure }) { page.paragraph("\(title): 0 at every hour and station.") }
                continue
            }
            page.heading(title)
            page.chart(SVGChart.hourly(id: "chart-diff-hour-\(chart)-\(measure)", title: "\(scenario) − \(baseline): \(title)",
                                       yLabel: "difference in \(label)", series: series, signed: true),
                       caption: "\(scenario) − \(baseline): \(title.prefix(1).lowercased() + title.dropFirst()), paired by replication, with 95% bands; below 0: lower in \(scenario).",
                       legend: SVGChart.legend(series))
        }
    }

    // MARK: Pieces

    static func parse(_ text: String, _ name: String) throws -> JSONValue {
        do { return try JSONValue.parse(text) } catch { throw InputError(description: "\(name) is not valid JSON: \(error)") }
    }

    private static func meta(_ summary: JSONValue) -> String {
        var parts: [String] = []
        if let seed = summary["seed"]?.text { parts.append("seed \(seed)") }
        if let n = summary["replications"]?.text { parts.append("\(n) replications") }
        if let unit = summary["time_unit"]?.text { parts.append("times in \(unit)s") }
        if let events = summary["system"]?[Summary.eventsKey]?.double { parts.append("\(SVGChart.number(events)) events simulated") }
        if let version = summary["onestop_version"]?.text { parts.append("onestop \(version)") }
        return parts.joined(separator: " · ")
    }

    static func estimateText(_ mean: Double?, _ ci95: Double?, percent: Bool = false) -> String {
        guard let mean else { return "—" }
        let scale = percent ? 100.0 : 1
        let suffix = percent ? "%" : ""
        return SVGChart.number(mean * scale) + suffix + (ci95.map { " ± " + SVGChart.number($0 * scale) + suffix } ?? "")
    }

    static func cell(_ value: JSONValue?, percent: Bool = false) -> String {
        guard let e = value?.estimate else { return "—" }
        return estimateText(e.mean, e.ci95, percent: percent)
    }

    static func value(_ v: JSONValue?) -> String {
        guard let v else { return "" }
        if let e = v.estimate { return estimateText(e.mean, e.ci95) }
        if let x = v.double { return SVGChart.number(x) }
        return v.text ?? ""
    }

    static func escape(_ s: String) -> String { SVGChart.escape(s) }

    /// Whether a table cell's text is a number (set right), not words that begin with one (set left):
    /// a number, a percentage, "—" for none, or a ▲/▼ mark.
    static func isNumeric(_ text: String) -> Bool {
        guard let first = text.first else { return true }
        if text == "—" || first == "▲" || first == "▼" { return true }
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        return Double(number) != nil
    }

    /// Table cell text that is already HTML.
    struct Raw { var html: String; init(_ html: String) { self.html = html } }

    /// The page being written.
    struct Page {
        private var body = ""
        private var toc: [(id: String, title: String)] = []
        private let title: String

        init(title: String) { self.title = title }

        mutating func header(_ heading: String, meta: String, note: String) {
            body += "<header><h1>\(escape(heading))</h1><p class=\"meta\">\(escape(meta))</p><p class=\"note\">\(escape(note))</p></header>\n"
        }

        mutating func section(_ id: String, _ heading: String) {
            toc.append((id, heading))
            body += "<section id=\"\(escape(id))\"><h2>\(escape(heading))</h2>\n"
        }

        mutating func end() { body += "</section>\n" }

        mutating func heading(_ text: String) { body += "<h3>\(escape(text))</h3>\n" }

        mutating func paragraph(_ text: String) { body += "<p>\(escape(text))</p>\n" }

        mutating func list(_ items: [String]) {
            body += "<ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
        }

        mutating func table(header: [String], rows: [[Any]]) {
            body += "<div class=\"table\"><table><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
            for row in rows {
                body += "<tr>" + row.enumerated().map { i, v in
                    if let raw = v as? Raw { return "<td>\(raw.html)</td>" }
                    let text = "\(v)"
                    if i == 0 { return "<th scope=\"row\">\(escape(text))</th>" }
                    // An estimate shows its half-width under the mean; words are set left, numbers right.
                    if let split = text.range(of: " ± ") {
                        return "<td>\(escape(String(text[..<split.lowerBound])))<span class=\"ci\">± \(escape(String(text[split.upperBound...])))</span></td>"
                    }
                    return HTMLReport.isNumeric(text) ? "<td>\(escape(text))</td>" : "<td class=\"text\">\(escape(text))</td>"
                }.joined() + "</tr>"
            }
            body += "</tbody></table></div>\n"
        }

        /// A folded part of the page, `summary` its visible line.
        mutating func openDetails(_ summary: String) { body += "<details><summary>\(escape(summary))</summary>\n" }

        mutating func closeDetails() { body += "</details>\n" }

        mutating func chart(_ svg: String, caption: String, legend: [(name: String, color: String, dashed: Bool)] = []) {
            body += "<figure>" + svg
            if !legend.isEmpty {
                body += "<ul class=\"legend\">" + legend.map {
                    "<li><span class=\"swatch\" data-series=\"\(escape($0.name))\" style=\"border-top-color:\($0.color)\(($0.dashed ? ";border-top-style:dashed" : ""))\"></span>\(escape($0.name))</li>"
                }.joined() + "</ul>"
            }
            body += "<figcaption>\(escape(caption))</figcaption></figure>\n"
        }

        func finish() -> String {
            let nav = toc.isEmpty ? "" : "<nav><ol>" + toc.map { "<li><a href=\"#\(escape($0.id))\">\(escape($0.title))</a></li>" }.joined() + "</ol></nav>\n"
            return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="generator" content="onestop">
                <title>\(escape(title))</title>
                <style>\(HTMLReport.style)</style>
                </head>
                <body>
                <main>
                \(headerAndRest(nav))
                </main>
                <script>\(HTMLReport.selfCheck)</script>
                </body>
                </html>

                """
        }

        /// The header first, then the table of contents, then the sections.
        private func headerAndRest(_ nav: String) -> String {
            guard let end = body.range(of: "</header>\n") else { return nav + body }
            return String(body[..<end.upperBound]) + nav + String(body[end.upperBound...])
        }
    }

    static let style = """
        :root { color-scheme: light; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1b1b1b; background: #fff; margin: 0; }
        main { max-width: 960px; margin: 0 auto; padding: 20px 24px 48px; }
        h1 { font-size: 26px; margin: 8px 0 4px; }
        h2 { font-size: 20px; border-bottom: 2px solid #0072B2; padding-bottom: 3px; margin-top: 34px; }
        h3 { font-size: 16px; margin: 22px 0 6px; }
        .meta { color: #444; margin: 0; }
        .note { color: #555; font-size: 13px; }
        nav ol { display: flex; flex-wrap: wrap; gap: 4px 18px; padding: 0; list-style: none; font-size: 14px; }
        nav a { color: #0061a0; }
        .table { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; margin: 6px 0 12px; }
        th, td { padding: 4px 9px; border-bottom: 1px solid #e2e2e2; text-align: right; white-space: nowrap; }
        thead th { background: #f3f6f9; text-align: center; white-space: normal; vertical-align: bottom; }
        tbody th { text-align: left; font-weight: 600; }
        td.text { text-align: left; white-space: normal; }
        .ci { display: block; font-size: 11px; color: #666; }
        figure { margin: 8px 0 18px; }
        svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
        figcaption { font-size: 13px; color: #444; }
        .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 0; margin: 4px 0; font-size: 13px; }
        .legend span { display: inline-block; width: 14px; height: 0; border-top: 4px solid #000; margin-right: 6px; vertical-align: middle; }
        details > summary { cursor: pointer; font-weight: 600; margin: 18px 0 6px; }
        .badge { padding: 1px 7px; border-radius: 9px; font-weight: 600; }
        .badge.pass { background: #dff3e4; color: #11642e; }
        .badge.fail { background: #fbe0e0; color: #9b1c1c; }
        .badge.undecided { background: #fdf1d6; color: #7a4a00; }
        @page { margin: 12mm; }
        @media print {
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          .table { overflow: visible; }
          table { font-size: 7.5pt; width: 100%; }
          th, td { padding: 2px 3px; }
          nav { display: none; }
          section, figure, table { break-inside: avoid; }
          h2 { break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """

    /// Counts each chart's drawn marks in the browser and reports any chart that shows nothing. A mark
    /// counts as drawn when its own geometry (read from its attributes through the SVG DOM, which needs
    /// no layout) has a finite, non-zero extent: the check gives the same answer whether or not the
    /// browser has laid the page out yet, e.g. for a report in an off-screen frame of a busy machine.
    static let selfCheck = """
        (function () {
          function extent(m) {
            var v = function (a) { return m[a].baseVal.value; }, ok = isFinite;
            switch (m.tagName.toLowerCase()) {
              case "circle": return ok(v("cx")) && ok(v("cy")) && v("r") > 0;
              case "rect": return ok(v("x")) && ok(v("y")) && (v("width") > 0 || v("height") > 0);
              case "line": return [v("x1"), v("x2"), v("y1"), v("y2")].every(ok) && (v("x1") !== v("x2") || v("y1") !== v("y2"));
              case "polyline": case "polygon":
                var pts = Array.prototype.slice.call(m.points), first = pts[0];
                return pts.length > 1 && pts.every(function (p) { return ok(p.x) && ok(p.y); }) &&
                  pts.some(function (p) { return p.x !== first.x || p.y !== first.y; });
              default: var box = m.getBBox(); return box.width > 0 || box.height > 0;
            }
          }
          var charts = document.querySelectorAll("svg.chart"), empty = [];
          charts.forEach(function (chart) {
            var drawn = Array.prototype.some.call(chart.querySelectorAll(".mark"), extent);
            if (!drawn) empty.push(chart.id);
          });
          document.body.setAttribute("data-charts", String(charts.length));
          if (empty.length) {
            document.body.setAttribute("data-empty-charts", empty.join(" "));
            console.error("onestop report: empty chart: " + empty.join(", "));
          }
        })();
        """
}

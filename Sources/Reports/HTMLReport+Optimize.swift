import Interchange
import Foundation
import QueueingNetwork
import ScenarioModel

/// The report of an `onestop optimize` directory: what the planner proposes, whether each target
/// holds when verified, the staffing slot by slot, the candidates against cost, and the campus parts.
extension HTMLReport {
    /// The files of an optimize directory that the report reads, as text (`optimize.json` is required).
    public struct OptimizeFiles: Sendable {
        public var optimize: String
        /// Other result files by name (plan.csv, shifts.csv, pareto.csv, layout.csv, ...).
        public var tables: [String: String]

        public init(optimize: String, tables: [String: String] = [:]) {
            self.optimize = optimize
            self.tables = tables
        }
    }

    /// The result files, besides optimize.json, that the optimize report shows when present.
    public static let optimizeTables = [
        "plan.csv", "shifts.csv", "roster.csv", "pareto.csv", "layout.csv", "layout_pareto.csv", "counselors.csv",
        "counselor_assignments.csv", "oncall.csv",
    ]

    public static func optimize(_ files: OptimizeFiles) throws -> String {
        let json = try parse(files.optimize, "optimize.json")
        guard case .object = json, json["targets"] != nil || json["rooms"] != nil || json["counselors"] != nil else {
            throw InputError(description: "optimize.json has no targets, rooms or counselors: is this an optimize directory?")
        }
        let scenario = json["scenario"]?.text ?? "scenario"
        let name = ((scenario as NSString).lastPathComponent as NSString).deletingPathExtension
        var page = Page(title: "\(name) — OneStop plan")
        var meta: [String] = []
        if let seed = json["search"]?["seed"]?.text { meta.append("search seed \(seed)") }
        if let seed = json["verification"]?["seed"]?.text { meta.append("verified with seed \(seed)") }
        if let seconds = json["seconds"]?.double { meta.append("planned in \(SVGChart.number(seconds)) s") }
        page.header("Plan for \(name)", meta: meta.joined(separator: " · "),
                    note: "Verified values are means over replications run with fresh random numbers ± the half-width of their 95% confidence interval.")

        proposalSection(&page, json)
        staffingSections(&page, json, files.tables)
        roomSection(&page, json, files.tables)
        counselorSection(&page, json, files.tables)
        rulesSection(&page, json["rules"])
        return page.finish()
    }

    // MARK: The whole proposal

    /// What proposal.yaml changes besides the staffing, how to reproduce its verification, and each
    /// rule today and with the proposal.
    private static func proposalSection(_ page: inout Page, _ json: JSONValue) {
        let changes = json["changes"]?.items ?? []
        let kept = json["rules_kept"]?.items ?? []
        guard !changes.isEmpty || !kept.isEmpty else { return }
        page.section("proposal", "The whole proposal")
        if let command = json["verification"]?["command"]?.text {
            page.paragraph("proposal.yaml holds every change in one runnable scenario; its verification simulated all of it: \(command)")
        }
        if !changes.isEmpty {
            page.table(header: ["what", "field", "today", "proposed"], rows: changes.map { c in
                [c["what"]?.text ?? "", c["path"]?.text ?? "", c["from"]?.text ?? "", c["to"]?.text ?? ""]
            })
        }
        if !kept.isEmpty {
            let count = kept.filter { $0["kept"]?.boolean == true }.count
            page.paragraph("The proposal keeps \(count) of \(kept.count) rules (passes them with its whole 95% interval).")
            page.table(header: ["rule", "today", "proposal"], rows: kept.map { r in
                let today = r["today"]?.text ?? ""
                return [r["rule"]?.text ?? "", today.isEmpty ? "—" : verdictBadge(today), verdictBadge(r["proposal"]?.text ?? "?")]
            })
        }
        page.end()
    }

    // MARK: Staffing

    private static func staffingSections(_ page: inout Page, _ json: JSONValue, _ tables: [String: String]) {
        let stations = json["stations"]?.items ?? []
        guard !stations.isEmpty else { return }
        let target = json["targets"]?[StationMeasure.serviceLevel]?.double
        page.section("staffing", "Counter staffing")
        if let search = json["search"] {
            var line = search["method"]?.text ?? "search"
            if let n = search["iterations"]?.text { line += ": \(n) iterations" }
            if let converged = search["converged"]?.boolean { line += converged ? ", converged" : ", stopped before the staffing settled" }
            if let r = search["replications"]?.text { line += "; \(r) replications per iteration" }
            page.paragraph(line + ".")
        }
        page.table(
            header: ["station", "service level (verified)", "abandonment (verified)", "mean wait", "staff-hours scheduled", "shift cost", "solver"],
            rows: stations.map { s in
                let verified = s["verified"]
                func judged(_ measure: StationMeasure) -> Any {
                    guard let m = verified?[measure], let e = pair(m) else { return "—" }
                    let text = estimateText(e.mean, e.ci95)
                    guard let verdict = m["verdict"]?.text else { return text }
                    let target = m["target"]?.double.map { (measure == .pAbandon ? " ≤ " : " ≥ ") + SVGChart.number($0) } ?? ""
                    return Raw(escape(text) + "<br>" + verdictBadge(verdict, suffix: target).html)
                }
                let solver = s["solver"]
                let solverText = [solver?["status"]?.text, solver?["gap"]?.double.map { "gap " + SVGChart.number($0) }]
                    .compactMap { $0 }.joined(separator: ", ")
                return [s["id"]?.text ?? "", judged(.serviceLevel), judged(.pAbandon), pair(verified?[StationMeasure.meanWait]).map { estimateText($0.mean, $0.ci95) } ?? "—",
                        value(s["scheduled_staff_hours"]), value(s["shift_cost"]), solverText.isEmpty ? "—" : solverText]
            })

        if let text = tables["plan.csv"] {
            planCharts(&page, CSVTable(text), json)
        }
        if let text = tables["pareto.csv"] {
            let t = CSVTable(text)
            if let station = t.column("station"), let hours = t.column("staff_hours_per_period"), let level = t.column(StationMeasure.serviceLevel.rawValue),
               let candidate = t.column("candidate") {
                let ids = orderedUnique(t.rows.map { $0[station] })
                let series = ids.map { id in
                    SVGChart.Points(name: id, points: t.rows.filter { $0[station] == id }.compactMap { row in
                        guard let x = Double(row[hours]), let y = Double(row[level]) else { return nil }
                        return (x, y, "\(row[candidate]): \(SVGChart.number(x)) staff-hours, service level \(SVGChart.number(y))")
                    })
                }.filter { !$0.points.isEmpty }
                if !series.isEmpty {
                    page.chart(SVGChart.scatter(id: "chart-pareto", title: "Staff-hours against service level", xLabel: "staff-hours per planning period",
                                                yLabel: "share served within the target wait", series: series,
                                                horizontal: target.map { [($0, "target \(SVGChart.number($0))")] } ?? []),
                               caption: "Each simulated candidate: staff-hours against the share of students served within the target wait.",
                               legend: series.enumerated().map { ($0.element.name, SVGChart.color($0.offset), false) })
                }
            }
        }
        if let text = tables["shifts.csv"] {
            page.heading("Shifts")
            csvTable(&page, CSVTable(text), limit: 60)
        }
        rosterSection(&page, stations, tables)
        page.end()
    }

    /// The weekly roster beside today's staffing, per station and week type, then the roster's rows.
    private static func rosterSection(_ page: inout Page, _ stations: [JSONValue], _ tables: [String: String]) {
        var rows: [[Any]] = []
        for s in stations {
            for w in s["week_types"]?.items ?? [] {
                let roster = w["roster"], today = w["today"]
                guard roster?["headcount"] != nil || today?["cost_per_week"] != nil else { continue }
                func n(_ v: JSONValue?) -> String { v?.double.map { SVGChart.number($0) } ?? "—" }
                let people = roster?["headcount"]?.double.map { _ in "\(n(roster?["headcount"])) (\(n(roster?["full_time"])) FT, \(n(roster?["part_time"])) PT)" }
                    ?? (w["kept_today"]?.boolean == true ? "today's staffing kept" : "—")
                let solver = roster?["solver"]
                let gap = solver?["gap"]?.double.map { "gap " + SVGChart.number($0) + (solver?["hit_time_limit"]?.boolean == true ? ", time limit" : "") } ?? "—"
                rows.append([s["id"]?.text ?? "", w["week_type"]?.text ?? "", people, n(roster?["staff_hours_per_week"]), n(roster?["cost_per_week"]),
                             n(today?["staff_hours_per_week"]), n(today?["cost_per_week"]), today?["service_level"]?["verdict"]?.text ?? "—", gap])
            }
        }
        guard !rows.isEmpty else { return }
        page.heading("Weekly roster and today's staffing")
        page.table(header: ["station", "week type", "people", "staff-hours / wk", "cost / wk", "today: staff-hours / wk", "today: cost / wk",
                            "today: service level", "roster solver"], rows: rows)
        if let text = tables["roster.csv"] { csvTable(&page, CSVTable(text), limit: 80) }
    }

    /// Per station (and week type, where the plan has them): requirement, scheduled staff and plain
    /// Erlang C over the planning period.
    private static func planCharts(_ page: inout Page, _ t: CSVTable, _ json: JSONValue) {
        guard let station = t.column("station"), let slot = t.column("slot"), let requirement = t.column("requirement"),
              let scheduled = t.column("scheduled") else { return }
        let erlang = t.column("erlang_c_no_lag")
        let week = t.column("week_type")
        let hoursPerUnit = (TimeUnit(rawValue: json["slots"]?["time_unit"]?.text ?? "") ?? .minute).seconds / 3600
        let slotLength = (json["slots"]?["slot"]?.double ?? 30) * hoursPerUnit
        let count = json["slots"]?["count"]?.double.map { Int($0) } ?? ((t.rows.compactMap { Int($0[slot]) }.max() ?? 0) + 1)
        let period = (json["slots"]?["period"]?.double).map { $0 * hoursPerUnit } ?? Double(count) * slotLength
        let groups = orderedUnique(t.rows.map { row in [row[station], week.map { row[$0] } ?? ""] })
        for (g, key) in groups.enumerated() {
            let rows = t.rows.filter { row in row[station] == key[0] && (week.map { row[$0] == key[1] } ?? true) }
            func series(_ name: String, _ column: Int, dashed: Bool = false) -> SVGChart.Steps {
                SVGChart.Steps(name: name, slots: rows.compactMap { row in
                    guard let i = Int(row[slot]), let v = Double(row[column]) else { return nil }
                    return (Double(i) * slotLength, Double(i + 1) * slotLength, v)
                }, dashed: dashed)
            }
            var lines = [series("scheduled on shifts", scheduled), series("requirement", requirement)]
            if let erlang { lines.append(series("Erlang C on the slot's own demand (no lag)", erlang, dashed: true)) }
            let title = key[1].isEmpty ? key[0] : "\(key[0]), \(key[1].replacingOccurrences(of: "_", with: " ")) weeks"
            page.heading(title)
            page.chart(SVGChart.steps(id: "chart-plan-\(g)", title: "Staff per slot: \(title)", yLabel: "servers", period: period, series: lines),
                       caption: "Servers per slot over the planning period: what the shifts put on, what the target requires, and plain Erlang C.",
                       legend: lines.enumerated().map { ($0.element.name, SVGChart.color($0.offset), $0.element.dashed) })
        }
    }

    // MARK: Rooms

    private static func roomSection(_ page: inout Page, _ json: JSONValue, _ tables: [String: String]) {
        guard let rooms = json["rooms"] else { return }
        page.section("rooms", "Room layout")
        var facts: [String] = []
        if let area = rooms["proposed_area"]?.double { facts.append("proposed \(SVGChart.number(area)) m²") }
        if let area = rooms["current_area"]?.double { facts.append("now \(SVGChart.number(area)) m²") }
        if let bound = rooms["area_lower_bound"]?.double { facts.append("no layout needs less than \(SVGChart.number(bound)) m² (Kaufman–Roberts)") }
        if let e = pair(rooms["rejection"]), let target = rooms["target_rejection"]?.double {
            facts.append("rejection \(estimateText(e.mean, e.ci95)) against a target of \(SVGChart.number(target))")
        }
        if let selection = rooms["selection"], let method = selection["method"]?.text, let confidence = selection["confidence"]?.double {
            facts.append("chosen among the finalists by \(method), confidence \(SVGChart.number(confidence))")
        }
        if let b = rooms["within_budget"], let budget = b["area_budget"]?.double, let area = b["area"]?.double,
           let e = pair(b["verified_rejection"]) {
            facts.append("within --area-budget \(SVGChart.number(budget)) m²: \(SVGChart.number(area)) m², rejection \(estimateText(e.mean, e.ci95)) (\(b["verdict"]?.text ?? "undecided"))")
        }
        page.paragraph(facts.joined(separator: "; ") + ".")
        if let text = tables["layout.csv"] {
            let t = CSVTable(text)
            if let scope = t.column("scope") {
                let typeColumns = ["room_type", "complex", "status", "seats", "area_per_room", "current_count", "minimum_count", "maximum_count",
                                   "erlang_b_count", "proposed_count", "proposed_area", "within_budget_count"].compactMap { name in t.column(name).map { (name, $0) } }
                let typeRows = t.rows.filter { $0[scope] == "room_type" }
                page.table(header: typeColumns.map { $0.0.replacingOccurrences(of: "_", with: " ") },
                           rows: typeRows.map { row in typeColumns.map { row[$0.1] } })
                // Per layout, all bookings, complex and activity: rooms, area, rejection with its interval and verdict.
                let c = { (name: String) in t.column(name) }
                if let layout = c("layout"), let rooms = c("rooms"), let area = c("area"), let rejection = c("rejection"), let ci = c("rejection_ci95"),
                   let target = c("target"), let verdict = c("verdict"), let complex = c("complex"), let activity = c("activity"),
                   let budget = c("area_budget"), let shortfall = c("shortfall") {
                    let rows: [[Any]] = t.rows.filter { $0[scope] != "room_type" }.map { row in
                        let name = row[scope] == "all" ? "all bookings" : row[scope] == "complex" ? "complex \(row[complex])" : row[activity]
                        return [row[layout].replacingOccurrences(of: "_", with: " "), name, row[rooms], row[area], row[budget],
                                estimateText(Double(row[rejection]), Double(row[ci])), row[target], verdictBadge(row[verdict]), row[shortfall]]
                    }
                    page.table(header: ["layout", "bookings", "rooms", "area (m²)", "area budget", "rejection", "target", "verdict", "short by"], rows: rows)
                }
            } else {
                csvTable(&page, t, limit: 100)
            }
        }
        if let text = tables["layout_pareto.csv"] {
            let t = CSVTable(text)
            if let area = t.column("area"), let rejection = t.column("rejection") {
                let points = t.rows.compactMap { row -> (x: Double, y: Double, label: String)? in
                    guard let x = Double(row[area]), let y = Double(row[rejection]) else { return nil }
                    return (x, y, "\(SVGChart.number(x)) m², rejection \(SVGChart.number(y))")
                }
                var vertical: [(value: Double, label: String)] = []
                if let bound = rooms["area_lower_bound"]?.double { vertical.append((bound, "area bound")) }
                if let proposed = rooms["proposed_area"]?.double { vertical.append((proposed, "proposed")) }
                if !points.isEmpty {
                    page.chart(SVGChart.scatter(id: "chart-layouts", title: "Simulated layouts: area against rejection", xLabel: "floor area (m²)",
                                                yLabel: "share of bookings rejected", series: [.init(name: "layout", points: points)],
                                                horizontal: rooms["target_rejection"]?.double.map { [($0, "target")] } ?? [], vertical: vertical),
                               caption: "Every layout the search simulated (mean rejection over the search's replications).")
                }
            }
        }
        page.end()
    }

    // MARK: Counselors

    private static func counselorSection(_ page: inout Page, _ json: JSONValue, _ tables: [String: String]) {
        guard let counselors = json["counselors"] else { return }
        page.section("counselors", "Counselors")
        let requirements = counselors["requirements"]?.items ?? []
        if !requirements.isEmpty {
            page.table(header: ["rule", "kind", "counselors it needs", "met", "how it was found"], rows: requirements.map { r in
                let met = r["met"]?.boolean ?? false
                return [r["rule"]?.text ?? "", r["kind"]?.text ?? "", value(r["needed"]), badge(met, met ? "met" : "not met"), r["note"]?.text ?? ""]
            })
        }
        if let shortfall = counselors["shortfall"]?.double, shortfall > 0 {
            page.paragraph("The rules need \(SVGChart.number(shortfall)) more counselors than the campus has.")
        }
        for (name, heading) in [("counselors.csv", "By college"), ("counselor_assignments.csv", "Building assignment"), ("oncall.csv", "On-call roster")] {
            guard let text = tables[name] else { continue }
            page.heading(heading)
            csvTable(&page, CSVTable(text), limit: 80)
        }
        page.end()
    }

    // MARK: Pieces

    /// A CSV file as a table, its first `limit` rows (the rest are in the file).
    private static func csvTable(_ page: inout Page, _ t: CSVTable, limit: Int) {
        page.table(header: t.header.map { $0.replacingOccurrences(of: "_", with: " ") },
                   rows: t.rows.prefix(limit).map { row in row.map { Int($0) != nil ? $0 : Double($0).map(SVGChart.number) ?? $0 } })
        if t.rows.count > limit { page.paragraph("\(t.rows.count - limit) more rows in the file.") }
    }

    /// A `{"mean": x, "ci95": h, ...}` object's estimate, whatever else it holds (a target, a verdict).
    private static func pair(_ v: JSONValue?) -> (mean: Double?, ci95: Double?)? {
        guard let v, let mean = v["mean"] else { return nil }
        return (mean.double, v["ci95"]?.double)
    }

    private static func orderedUnique<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}

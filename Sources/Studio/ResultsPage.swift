import CampusModel
import Foundation
import Interchange
import OutputFiles
import ScenarioModel

/// A result directory: a run's rules with their verdicts and the report's charts, a comparison's
/// decision view, or an optimization's proposal as a diff; and links to every file.
enum ResultsPage {
    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "—" }
        return abs(x) >= 100 ? String(format: "%.1f", x) : String(format: "%.3g", x)
    }

    static func files(_ name: String, _ files: [String], notebook: Bool) -> String {
        var out = "<h2>Files</h2><ul class=\"files\" id=\"files\">"
        for file in files.sorted() { out += "<li><a href=\"/outputs/\(HTML.query(name))/\(HTML.query(file))\">\(HTML.escape(file))</a></li>" }
        if notebook { out += "<li><a href=\"/results/\(HTML.query(name))/notebook\" id=\"notebook-link\">notebook (.ipynb) of this run</a></li>" }
        return out + "</ul>"
    }

    static func report(_ name: String, _ files: [String]) -> String {
        guard files.contains("report.html") else { return "" }
        return "<h2>Charts</h2><iframe class=\"report\" id=\"report-frame\" title=\"report\" src=\"/outputs/\(HTML.query(name))/report.html\"></iframe>"
    }

    /// A run's page.
    static func render(name: String, summary: ResultSummary, files: [String], csrf: String) -> String {
        var body = "<h1>Results: \(HTML.escape(name))</h1><p>Ran \(HTML.escape(summary.ran)); \(HTML.escape(summary.document["replications"]?.double.map { "\(Int($0)) replications" } ?? "")).</p>"
        body += rulesTable(summary.rules)
        body += report(name, files) + Self.files(name, files, notebook: true)
        return HTML.page(title: name, csrf: csrf, body: body)
    }

    static func rulesTable(_ rules: [ResultSummary.Rule]) -> String {
        guard !rules.isEmpty else { return "<p>The scenario sets no rules.</p>" }
        var out = "<h2>Rules</h2><table class=\"results\" id=\"rules\"><tr><th>rule</th><th>what</th><th>value (95% interval)</th><th>target</th><th>verdict</th></tr>"
        for r in rules {
            let bound = r.passesWhen == "at_most" ? "at most" : "at least"
            out += "<tr><th>\(HTML.escape(r.id))</th><td>\(HTML.escape(r.description))</td><td>\(number(r.value)) ± \(number(r.ci95))</td><td>\(bound) \(number(r.target))</td><td>\(HTML.verdict(r.status))</td></tr>"
        }
        return out + "</table>"
    }

    /// A comparison's decision view: for each scenario against the baseline, the rules side by side,
    /// staff-hours, and the differences significant after Holm's control; then every measure.
    static func comparison(name: String, document: JSONValue, files: [String], csrf: String) -> String {
        var body = "<h1>Comparison: \(HTML.escape(name))</h1><p>\(Int(document["replications"]?.double ?? 0)) replications each, seed \(HTML.escape(document["seed"].map { $0.uint64.map(String.init) ?? "" } ?? "")), common random numbers.</p>"
        for block in document["comparisons"]?.items ?? [] {
            let baseline = block["baseline"]?.text ?? "", scenario = block["scenario"]?.text ?? ""
            let decision = block["decision"]
            body += "<section class=\"decision\"><h2>\(HTML.escape(scenario)) against \(HTML.escape(baseline))</h2>"
            body += "<table class=\"results decision-rules\"><tr><th>rule</th><th>target</th><th>\(HTML.escape(baseline))</th><th>\(HTML.escape(scenario))</th><th>difference (paired, 95%)</th></tr>"
            let measures = block["measures"]?.items ?? []
            for rule in decision?["rules"]?.items ?? [] {
                func cell(_ v: JSONValue?) -> String {
                    guard let v, v != .null else { return "<td>—</td>" }
                    return "<td>\(number(v["value"]?.double)) ± \(number(v["ci95"]?.double)) \(HTML.verdict(v["status"]?.text ?? ""))</td>"
                }
                let bound = rule["passes_when"]?.text == "at_most" ? "at most" : "at least"
                body += "<tr><th>\(HTML.escape(rule["id"]?.text ?? ""))</th><td>\(bound) \(number(rule["target"]?.double))</td>\(cell(rule["baseline"]))\(cell(rule["scenario"]))\(difference(rule, measures))</tr>"
            }
            body += "</table>"
            if let hours = decision?["staff_hours_per_week"] {
                body += "<p class=\"cost\">Staff-hours per week: \(number(hours["baseline"]?["mean"]?.double)) → \(number(hours["value"]?["mean"]?.double)) (difference \(number(hours["difference"]?["mean"]?.double)) ± \(number(hours["difference"]?["ci95"]?.double)))</p>"
            }
            let flagged = (block["measures"]?.items ?? []).filter { $0["change_holm"]?.text != nil }
            body += "<h3>Significant differences (Holm, 5%): \(flagged.count) of \(Int(decision?["measures_tested"]?.double ?? 0)) measures tested</h3>"
            body += measuresTable(flagged, id: "significant")
            body += "<details><summary>Every measure</summary>\(measuresTable(block["measures"]?.items ?? [], id: "all-measures"))</details></section>"
        }
        body += report(name, files) + Self.files(name, files, notebook: false)
        return HTML.page(title: name, csrf: csrf, body: body)
    }

    /// The counters' staffing per station and week type: today's against the proposal's roster.
    static func staffingTable(_ document: JSONValue) -> String {
        let stations = document["stations"]?.items ?? []
        guard !stations.isEmpty else { return "" }
        var out = "<h2>Counter staffing, per week type</h2><p>The proposal's staffing is its <code>planner:</code> section (per slot; the named roster is in roster.csv).</p>"
        out += "<table class=\"results\" id=\"proposal-staffing\"><tr><th>station</th><th>week type</th><th>today: staff-hours a week</th><th>today: service level</th><th>proposal: staff-hours a week</th><th>proposal: people (full-time + part-time)</th><th>cost a week, proposal − today</th><th>decision</th></tr>"
        for station in stations {
            for week in station["week_types"]?.items ?? [] {
                let today = week["today"], roster = week["roster"]
                let level = today?["service_level"]
                let people = roster?["headcount"]?.double.map { "\(Int($0)) (\(Int(roster?["full_time"]?.double ?? 0)) + \(Int(roster?["part_time"]?.double ?? 0)))" } ?? "—"
                let kept = week["kept_today"] == .bool(true)
                out += "<tr><th>\(HTML.escape(station["id"]?.text ?? ""))</th><td>\(HTML.escape(week["week_type"]?.text ?? ""))</td>"
                    + "<td>\(number(today?["staff_hours_per_week"]?.double))</td><td>\(number(level?["mean"]?.double)) \(HTML.verdict(level?["verdict"]?.text ?? ""))</td>"
                    + "<td>\(number(week["scheduled_staff_hours_per_week"]?.double))</td><td>\(people)</td><td>\(number(today?["proposal_minus_today_cost"]?.double))</td>"
                    + "<td>\(kept ? "today's staffing kept" : "new roster")</td></tr>"
            }
        }
        return out + "</table>"
    }

    /// The paired difference of the campus measure a rule reads (none for a rule scoped to one
    /// activity or reading the scenario itself), marked by its change after Holm's control.
    static func difference(_ rule: JSONValue, _ measures: [JSONValue]) -> String {
        guard rule["activity"] == nil, let kind = rule["kind"]?.text.flatMap(CampusRuleKind.init(rawValue:)), let measure = kind.measure?.rawValue,
              let row = measures.first(where: { $0["scope"]?.text == "campus" && $0["measure"]?.text == measure }) else { return "<td>—</td>" }
        let change = row["change_holm"]?.text
        return "<td class=\"rule-difference change-\(HTML.escape(change ?? "none"))\">\(number(row["difference"]?["mean"]?.double)) ± \(number(row["difference"]?["ci95"]?.double))\(change.map { " (\(HTML.escape($0)))" } ?? " (not significant)")</td>"
    }

    static func measuresTable(_ rows: [JSONValue], id: String) -> String {
        guard !rows.isEmpty else { return "<p>None.</p>" }
        var out = "<table class=\"results measures\" id=\"\(id)\"><tr><th>measure</th><th>baseline</th><th>scenario</th><th>difference</th><th>change</th></tr>"
        for row in rows {
            let label = [row["scope"]?.text, row["id"]?.text, row["measure"]?.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
            out += "<tr><td>\(HTML.escape(label))</td><td>\(number(row["baseline"]?["mean"]?.double))</td><td>\(number(row["value"]?["mean"]?.double))</td><td>\(number(row["difference"]?["mean"]?.double)) ± \(number(row["difference"]?["ci95"]?.double))</td><td class=\"change-\(HTML.escape(row["change_holm"]?.text ?? "none"))\">\(HTML.escape(row["change_holm"]?.text ?? ""))</td></tr>"
        }
        return out + "</table>"
    }

    /// An optimization's page: what the proposal changes, each rule today and with the proposal (its
    /// verification), the proposal as a diff against the scenario, a form saving it as a variant, and
    /// the planner's summary.
    static func optimize(name: String, document: JSONValue, summary: String, diff: String, scenario: String?, files: [String], csrf: String) -> String {
        var body = "<h1>Optimization: \(HTML.escape(name))</h1>"
        let changes = document["changes"]?.items ?? []
        body += "<h2>What the proposal changes</h2>"
        if changes.isEmpty {
            body += "<p id=\"proposal-changes\">Nothing: the scenario already meets its targets at least cost.</p>"
        } else {
            body += "<table class=\"results\" id=\"proposal-changes\"><tr><th>what</th><th>today</th><th>proposed</th></tr>"
            for c in changes {
                body += "<tr><th>\(HTML.escape(c["what"]?.text ?? c["path"]?.text ?? ""))<br><small><code>\(HTML.escape(c["path"]?.text ?? ""))</code></small></th><td><code>\(HTML.escape(c["from"]?.text ?? ""))</code></td><td><code>\(HTML.escape(c["to"]?.text ?? ""))</code></td></tr>"
            }
            body += "</table>"
        }
        if let scenario, !changes.isEmpty {
            body += """
            <form method="post" action="/variants/proposal" id="proposal-variant" class="inline">\(HTML.csrfField(csrf))
            <input type="hidden" name="result" value="\(HTML.escape(name))"><input type="hidden" name="base" value="\(HTML.escape(scenario))">
            <label>Variant name <input name="name" id="proposal-variant-name" value="\(HTML.escape(URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent))-proposal" required></label>
            <button type="submit" id="save-proposal">Save the proposal as a variant</button></form>
            """
        }
        body += staffingTable(document)
        let verification = document["verification"]
        body += "<h2>Rules, today and with the proposal</h2><p>Verified on \(Int(verification?["replications"]?.double ?? 0)) replications at seed \(HTML.escape(verification?["seed"].flatMap { $0.uint64.map(String.init) } ?? "")); the same check from a terminal: <code>\(HTML.escape(verification?["command"]?.text ?? ""))</code></p>"
        body += "<table class=\"results\" id=\"rules-kept\"><tr><th>rule</th><th>today</th><th>proposal</th><th>kept</th></tr>"
        for r in document["rules_kept"]?.items ?? [] {
            let kept = r["kept"] == .bool(true)
            body += "<tr><th>\(HTML.escape(r["rule"]?.text ?? ""))</th><td>\(HTML.verdict(r["today"]?.text ?? ""))</td><td>\(HTML.verdict(r["proposal"]?.text ?? ""))</td><td>\(kept ? "yes" : "<strong>no</strong>")</td></tr>"
        }
        body += "</table>"
        body += "<h2>The proposal against the scenario</h2><pre class=\"diff\" id=\"proposal-diff\">\(diff)</pre>"
        body += "<details open><summary>The planner's summary</summary><pre class=\"summary\" id=\"optimize-summary\">\(HTML.escape(summary))</pre></details>"
        body += report(name, files) + Self.files(name, files, notebook: false)
        return HTML.page(title: name, csrf: csrf, body: body)
    }
}

/// A line diff (longest common subsequence), as escaped HTML with `-`/`+` lines marked.
enum LineDiff {
    static func html(from old: String, to new: String, context: Int = 2) -> String {
        let a = old.components(separatedBy: "\n"), b = new.components(separatedBy: "\n")
        guard a.count * b.count <= 4_000_000 else { return HTML.escape("(the texts are too long to compare line by line)") }
        var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var lines: [(Character, String)] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] { lines.append((" ", a[i])); i += 1; j += 1 }
            else if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] { lines.append(("+", b[j])); j += 1 }
            else { lines.append(("-", a[i])); i += 1 }
        }
        let changed = lines.indices.filter { lines[$0].0 != " " }
        guard !changed.isEmpty else { return "(no difference)" }
        var keep = Set<Int>()
        for k in changed { for c in max(0, k - context)...min(lines.count - 1, k + context) { keep.insert(c) } }
        var out = ""
        var last = -1
        for k in keep.sorted() {
            if last >= 0, k > last + 1 { out += "<span class=\"diff-gap\">⋯</span>\n" }
            let (mark, text) = lines[k]
            let cls = mark == "+" ? "diff-add" : mark == "-" ? "diff-del" : "diff-same"
            out += "<span class=\"\(cls)\">\(mark) \(HTML.escape(text))</span>\n"
            last = k
        }
        return out
    }
}

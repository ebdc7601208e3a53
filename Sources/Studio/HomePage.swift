import Foundation
import Interchange
import OutputFiles
import ScenarioModel

/// The scenarios under `scenarios/` and the results under `outputs/`, each result with its rule
/// verdicts and when it ran; the jobs of this start and the interrupted ones of earlier starts.
enum HomePage {
    /// A sweep's design file (`factors:` at the top level) rather than a scenario.
    static func isSweepDesign(_ text: String) -> Bool {
        text.range(of: "^factors:", options: [.regularExpression, .anchored]) != nil
            || text.range(of: "\nfactors:", options: .regularExpression) != nil
    }

    static func render(_ workspace: Workspace, jobs: [Job], csrf: String) -> String {
        var body = "<h1>Scenarios and results</h1><div class=\"columns\"><section><h2>Scenarios</h2><ul class=\"list\" id=\"scenarios\">"
        var designs: [String] = []
        var listed = 0
        for file in workspace.scenarioFiles() {
            guard let text = try? workspace.readScenario(file) else { continue }
            if isSweepDesign(text) { designs.append(file); continue }
            let variant = ScenarioVariant.isVariant(text)
            // The text's own description (composing the YAML only: the list stays fast with many files).
            let document = try? ScenarioDocument(text, file: file)
            var description = ""
            if case .scalar(let value, _)? = document?.value(at: FieldPath(segments: [.key("description")])) { description = value }
            if variant, description.isEmpty, case .scalar(let base, _)? = document?.value(at: FieldPath(segments: [.key("extends")])) {
                description = "changes \(base)"
            }
            body += "<li><a href=\"/scenario?path=\(HTML.query(file))\">\(HTML.escape(file))</a>\(variant ? " <span class=\"tag\">variant</span>" : "")"
                + (description.isEmpty ? "" : "<br><small>\(HTML.escape(description))</small>") + "</li>"
            listed += 1
        }
        if listed == 0 { body += "<li>No scenario files under scenarios/ yet.</li>" }
        body += "</ul>"
        if !designs.isEmpty {
            body += "<h3>Sweep designs</h3><p class=\"note\">Run with <code>onestop sweep SCENARIO DESIGN</code> (docs/sweep.md).</p><ul class=\"list\" id=\"designs\">"
                + designs.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        }
        body += "</section><section><h2>Results</h2><table class=\"results\" id=\"results\"><tr><th>result</th><th>ran</th><th>rules</th></tr>"
        let names = workspace.resultNames()
        if names.isEmpty { body += "<tr><td colspan=\"3\">No results under outputs/ yet: run a scenario.</td></tr>" }
        for name in names {
            let summary = ResultSummary.read(workspace, name)
            let verdicts = summary?.rules.map { "<span title=\"\(HTML.escape($0.id))\">\(HTML.escape($0.id)) \(HTML.verdict($0.status))</span>" }.joined(separator: " ") ?? ""
            let kind = summary == nil ? ResultSummary.kind(workspace, name) : nil
            body += "<tr><td><a href=\"/results/\(HTML.query(name))\">\(HTML.escape(name))</a></td><td>\(HTML.escape(summary?.ran ?? ResultSummary.modified(workspace, name) ?? ""))</td><td class=\"verdicts\">\(verdicts.isEmpty ? HTML.escape(kind ?? "no rules") : verdicts)</td></tr>"
        }
        body += "</table></section></div>"
        if !jobs.isEmpty {
            body += "<h2>Jobs</h2><table class=\"results\"><tr><th>job</th><th>scenario</th><th>state</th><th>stage</th></tr>"
            for job in jobs.prefix(20) {
                let s = job.snapshot
                body += "<tr><td><a href=\"/jobs/\(HTML.query(job.id))\">\(job.kind.rawValue) \(HTML.escape(job.id))</a></td><td>\(HTML.escape(job.scenario))</td><td class=\"state-\(s.state.rawValue)\">\(s.state.rawValue)</td><td>\(HTML.escape(s.stage))</td></tr>"
            }
            body += "</table>"
        }
        return HTML.page(title: "Home", csrf: csrf, body: body)
    }
}

/// What a result directory's summary.json says: the rules' verdicts, when it ran, the service level.
struct ResultSummary {
    struct Rule {
        var id: String
        var status: String
        var description: String
        var value: Double?
        var ci95: Double?
        var target: Double?
        var passesWhen: String
    }

    var document: JSONValue
    var rules: [Rule]
    var ran: String

    static func read(_ workspace: Workspace, _ name: String) -> ResultSummary? {
        guard let directory = try? workspace.outputURL(name),
              let text = try? OutputDirectory(path: directory.path).readResult("summary.json"),
              let document = try? JSONValue.parse(text) else { return nil }
        let rules = (document["rules"]?.items ?? []).map { r in
            Rule(id: r["id"]?.text ?? "", status: r["status"]?.text ?? "", description: r["description"]?.text ?? "",
                 value: r["value"]?.double, ci95: r["ci95"]?.double, target: r["target"]?.double, passesWhen: r["passes_when"]?.text ?? "")
        }
        return ResultSummary(document: document, rules: rules, ran: modified(workspace, name, file: "summary.json") ?? "")
    }

    /// When a result's file was written, as "2026-03-02 14:05" (local time).
    static func modified(_ workspace: Workspace, _ name: String, file: String? = nil) -> String? {
        guard let directory = try? workspace.outputURL(name) else { return nil }
        let files = file.map { [$0] } ?? ["optimize.json", "compare.json", "sweep.json", "fit.json", "backtest.json"]
        for file in files {
            if let date = (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(file).path)[.modificationDate]) as? Date {
                let formatter = DateFormatter()
                formatter.dateFormat = "yyyy-MM-dd HH:mm"
                return formatter.string(from: date)
            }
        }
        return nil
    }

    /// What a result directory without summary.json holds, in words.
    static func kind(_ workspace: Workspace, _ name: String) -> String? {
        guard let directory = try? workspace.outputURL(name), let files = OutputDirectory(path: directory.path).listedFiles() else { return nil }
        if files.contains("optimize.json") { return "an optimization" }
        if files.contains("compare.json") { return "a comparison" }
        if files.contains("sweep.json") { return "a sweep" }
        if files.contains("fit.json") { return "a fit" }
        if files.contains("backtest.json") { return "a backtest" }
        return nil
    }
}

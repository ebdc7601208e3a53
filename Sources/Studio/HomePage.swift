import Foundation
import Interchange
import OutputFiles
import ScenarioModel

/// The scenarios under `scenarios/` and the results under `outputs/`, each result with its rule
/// verdicts and when it ran; the jobs of this start and the interrupted ones of earlier starts.
enum HomePage {
    static func render(_ workspace: Workspace, jobs: [Job], csrf: String) -> String {
        var body = "<h1>Scenarios and results</h1><div class=\"columns\"><section><h2>Scenarios</h2><ul class=\"list\" id=\"scenarios\">"
        let scenarios = workspace.scenarioFiles()
        if scenarios.isEmpty { body += "<li>No scenario files under scenarios/ yet.</li>" }
        for file in scenarios {
            let variant = (try? workspace.readScenario(file)).map { ScenarioVariant.isVariant($0) } ?? false
            body += "<li><a href=\"/scenario?path=\(HTML.query(file))\">\(HTML.escape(file))</a>\(variant ? " <span class=\"tag\">variant</span>" : "")</li>"
        }
        body += "</ul></section><section><h2>Results</h2><table class=\"results\" id=\"results\"><tr><th>result</th><th>ran</th><th>rules</th></tr>"
        let names = workspace.resultNames()
        if names.isEmpty { body += "<tr><td colspan=\"3\">No results under outputs/ yet: run a scenario.</td></tr>" }
        for name in names {
            let summary = ResultSummary.read(workspace, name)
            let verdicts = summary?.rules.map { "<span title=\"\(HTML.escape($0.id))\">\(HTML.escape($0.id)) \(HTML.verdict($0.status))</span>" }.joined(separator: " ") ?? ""
            body += "<tr><td><a href=\"/results/\(HTML.query(name))\">\(HTML.escape(name))</a></td><td>\(HTML.escape(summary?.ran ?? ""))</td><td class=\"verdicts\">\(verdicts.isEmpty ? "no rules" : verdicts)</td></tr>"
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
        let modified = (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("summary.json").path)[.modificationDate] as? Date) ?? nil
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return ResultSummary(document: document, rules: rules, ran: modified.map(formatter.string) ?? "")
    }
}

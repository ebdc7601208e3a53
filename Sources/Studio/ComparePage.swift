import Foundation
import Hummingbird

extension Studio {
    /// Choosing two to four scenarios or variants to compare, the first as the baseline.
    func comparePage(_ request: Request) throws -> Response {
        let chosen = request.uri.queryParameters.getAll("scenario")
        let files = workspace.scenarioFiles().filter { file in !((try? workspace.readScenario(file)).map(HomePage.isSweepDesign) ?? true) }
        var body = "<h1>Compare scenarios</h1><p>Pick two to four; the first is the baseline. Each runs with the baseline's seed (common random numbers), so that the differences are the scenarios', not chance's.</p>"
        body += "<form method=\"post\" action=\"/compare\" id=\"compare-form\">\(HTML.csrfField(settings.csrfToken))"
        for slot in 0..<4 {
            body += "<label>\(slot == 0 ? "Baseline" : "Scenario \(slot + 1)") <select name=\"scenario\" id=\"compare-\(slot)\"><option value=\"\">—</option>"
            for file in files {
                let selected = slot < chosen.count && chosen[slot] == file ? " selected" : ""
                body += "<option value=\"\(HTML.escape(file))\"\(selected)>\(HTML.escape(file))</option>"
            }
            body += "</select></label>"
        }
        body += "<label>Replications <input type=\"number\" name=\"replications\" min=\"2\" max=\"1000\" placeholder=\"the baseline's\"></label><button type=\"submit\" id=\"compare-button\">Compare</button></form>"
        return html(HTML.page(title: "Compare", csrf: settings.csrfToken, body: body))
    }

    func startCompare(_ request: Request) async throws -> Response {
        let form = try await Self.form(request)
        let files = form.all("scenario").filter { !$0.isEmpty }
        guard (2...4).contains(files.count) else { return problem(.badRequest, "Pick two to four scenarios to compare (\(files.count) picked).") }
        for file in files {
            do { _ = try workspace.scenarioURL(file) } catch { return problem(.forbidden, error.description) }
        }
        let replications = form["replications"].flatMap { Int($0) }
        if let replications, !(2...100_000).contains(replications) { return problem(.badRequest, "Replications must be from 2 to 100000.") }
        do {
            let job = try jobs.submit(kind: .compare, scenario: files.joined(separator: " vs "), replications: replications, seed: nil,
                                      work: CompareWork.work(workspace, files: files, replications: replications, version: settings.version))
            return Self.redirect("/jobs/\(job.id)")
        } catch {
            return problem(.serviceUnavailable, "\(error)")
        }
    }
}

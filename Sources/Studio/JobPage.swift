import Foundation

/// A job's progress: a bar fed by server-sent events (`/jobs/ID/events`), its stage, a cancel
/// button, and when it ends a link to its results.
enum JobPage {
    static func render(_ job: Job, position: Int?, workspace: Workspace, csrf: String) -> String {
        let s = job.snapshot
        let what = job.kind == .run ? "Run" : job.kind == .optimize ? "Optimize" : "Compare"
        var body = "<h1>\(what): \(HTML.escape(job.scenario))</h1>"
        body += "<div id=\"job\" data-job=\"\(HTML.escape(job.id))\" data-state=\"\(s.state.rawValue)\" data-kind=\"\(job.kind.rawValue)\">"
        body += "<progress id=\"job-progress\" max=\"\(max(1, s.total))\" value=\"\(s.done)\"></progress>"
        body += "<p><span id=\"job-state\" class=\"state-\(s.state.rawValue)\">\(s.state.rawValue)</span> — <span id=\"job-stage\">\(HTML.escape(position.map { "waiting: \($0 == 1 ? "next" : "number \($0)") in the queue" } ?? s.stage))</span></p>"
        body += "<p id=\"job-message\" class=\"error\">\(HTML.escape(s.message))</p>"
        body += "<form method=\"post\" action=\"/jobs/\(HTML.query(job.id))/cancel\" id=\"cancel-form\"\(s.state == .queued || s.state == .running ? "" : " hidden")>\(HTML.csrfField(csrf))<button type=\"submit\" id=\"cancel-button\">Cancel</button></form>"
        let link = s.output.map { "<a id=\"job-result\" href=\"/results/\(HTML.query($0))\">Open the results: \(HTML.escape($0))</a>" } ?? ""
        body += "<p id=\"job-done\"\(s.state == .finished ? "" : " hidden")>\(link)</p></div>"
        return HTML.page(title: "\(what) \(job.scenario)", csrf: csrf, body: body)
    }
}

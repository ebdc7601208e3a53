import Foundation
import Testing

/// End-to-end tests of `onestop optimize` on the built binary.
@Suite("onestop optimize")
struct OptimizeCLITests {
    @Test("optimize writes every file, the proposal runs and reproduces the verified estimates")
    func optimizeWritesAVerifiedProposal() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["optimize", "scenarios/desk-schedule.yaml", "--station", "desk", "--target-wait", "5 min",
                                            "--out", dir.path, "--jobs", "2", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == [".onestop", "optimize.json", "pareto.csv", "plan.csv", "proposal.yaml", "shifts.csv"])

        let report = try JSONSerialization.jsonObject(with: CLITests.contents(dir, "optimize.json")) as! [String: Any]
        let station = (report["stations"] as! [[String: Any]])[0]
        let verified = station["verified"] as! [String: Any]
        let level = verified["service_level"] as! [String: Any]
        #expect(level["holds"] as? Bool == true, "\(level)")
        #expect((level["mean"] as! Double) >= 0.8)
        let solver = station["solver"] as! [String: Any]
        #expect(solver["status"] as? String == "optimal")
        #expect((solver["lp_relaxation"] as! Double) <= (station["shift_cost"] as! Double) + 1e-9)

        // plan.csv: scheduled staff cover the requirement in every slot.
        let plan = String(decoding: try CLITests.contents(dir, "plan.csv"), as: UTF8.self).split(separator: "\n").dropFirst()
        #expect(plan.count == 48)
        for row in plan {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            #expect(Int(cells[9])! >= Int(cells[8])!, "\(row)")
        }

        // The proposal is a valid scenario whose run reproduces the verification.
        let proposal = dir.appendingPathComponent("proposal.yaml").path
        #expect(try CLITests.onestop(["validate", proposal]).status == 0)
        let verification = report["verification"] as! [String: Any]
        let seed = verification["seed"] as! Int
        let runDir = dir.appendingPathComponent("run")
        let run = try CLITests.onestop(["run", proposal, "--seed", String(seed), "--out", runDir.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: CLITests.contents(runDir, "summary.json")) as! [String: Any]
        let desk = (summary["stations"] as! [String: Any])["desk"] as! [String: Any]
        let abandon = desk["p_abandon"] as! [String: Any]
        let expected = (verified["p_abandon"] as! [String: Any])["mean"] as! Double
        #expect(abs((abandon["mean"] as! Double) - expected) < 1e-12)
    }

    @Test("an unknown station is a clear error with exit status 2")
    func unknownStation() throws {
        let outcome = try CLITests.onestop(["optimize", "scenarios/desk-schedule.yaml", "--station", "dsk", "--out", CLITests.temporaryDirectory().path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--station dsk: no such station"))
    }

    @Test("report of an optimize directory renders in Chromium: verified targets, staffing by slot, candidates, room layout", .enabled(if: Tools.chromiumAvailable))
    func optimizeReportInBrowser() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["optimize", "scenarios/desk-schedule.yaml", "--station", "desk", "--target-wait", "5 min",
                                            "--out", dir.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        // A room layout as a campus plan writes it, for the layout section.
        var plan = try CLITests.json(dir, "optimize.json")
        plan["rooms"] = ["proposed_area": 980, "current_area": 1400, "area_lower_bound": 700, "target_rejection": 0.05,
                         "rejection": ["mean": 0.041, "ci95": 0.006]] as [String: Any]
        try JSONSerialization.data(withJSONObject: plan, options: [.sortedKeys]).write(to: dir.appendingPathComponent("optimize.json"))
        try "room_type,complex,seats,area_per_room,current_count,erlang_b_count,proposed_count,proposed_area\nseminar,c,40,70.0,20,12,14,980.0\n"
            .write(to: dir.appendingPathComponent("layout.csv"), atomically: true, encoding: .utf8)
        try "area,rejection,seminar\n840.0,0.09,12\n910.0,0.062,13\n980.0,0.041,14\n"
            .write(to: dir.appendingPathComponent("layout_pareto.csv"), atomically: true, encoding: .utf8)

        let report = try CLITests.onestop(["report", dir.path, "--quiet"])
        #expect(report.status == 0, "\(report.stderr)")
        let html = String(decoding: try CLITests.contents(dir, "report.html"), as: UTF8.self)
        for id in ["chart-plan-0", "chart-pareto", "chart-layouts"] { #expect(html.contains("id=\"\(id)\""), "\(id)") }
        #expect(html.contains("holds ≥ 0.8"))
        #expect(html.contains("no layout needs less than 700 m²"))
        let check = try BrowserCheck.load(dir.appendingPathComponent("report.html"), screenshot: dir.appendingPathComponent("report.png"))
        #expect(check.consoleLines.isEmpty, "\(check.consoleLines)")
        #expect(check.emptyCharts == nil, "empty charts: \(check.emptyCharts ?? "")")
        #expect(check.charts == 3)
    }
}

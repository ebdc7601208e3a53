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
        #expect(files == [".onestop", "columns.json", "optimize.json", "pareto.csv", "plan.csv", "proposal.yaml", "shifts.csv"])

        let report = try JSONSerialization.jsonObject(with: CLITests.contents(dir, "optimize.json")) as! [String: Any]
        let station = (report["stations"] as! [[String: Any]])[0]
        let verified = station["verified"] as! [String: Any]
        let level = verified["service_level"] as! [String: Any]
        #expect(level["verdict"] as? String == "pass", "\(level)")
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

    /// A small campus: a six-week term whose first two weeks are a peak with three times the demand.
    static let peakCampus = """
        name: peak-campus
        time_unit: minute
        run: {replications: 6, seed: 9}
        campus:
          term:
            weeks: 6
            peaks: [{name: rush, week: 1, weeks: 2, factor: 3}]
          population:
            colleges: [{id: all, students: 6000}]
          service_center:
            opens: 8.5h
            closes: 17.5h
            target_wait: 15 min
            return_delay: {dist: uniform, min: 1d, max: 3d}
            categories:
              - {id: all, items: 100, requests_per_student: 1, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 6 min}, return_probability: 0.05}
            counters:
              - id: windows
                servers: {period: 1d, schedule: [{from: 0, to: 8.5h, servers: 0}, {from: 8.5h, to: 17.5h, servers: 4}, {from: 17.5h, to: 1d, servers: 0}]}
                patience: {dist: exponential, mean: 40 min}

        """

    @Test("a campus term is planned per week type; the proposal's weeks entries reproduce the verification")
    func campusWeekTypes() throws {
        let (dir, scenario) = try CLITests.scenarioFile(Self.peakCampus, named: "peak-campus.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("plan")
        let outcome = try CLITests.onestop(["optimize", scenario.path, "--out", out.path, "--jobs", "2", "--search-replications", "10", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")

        let report = try JSONSerialization.jsonObject(with: CLITests.contents(out, "optimize.json")) as! [String: Any]
        let station = (report["stations"] as! [[String: Any]])[0]
        let types = station["week_types"] as! [[String: Any]]
        #expect(types.map { $0["week_type"] as! String } == ["regular", "rush"])
        #expect(types.map { $0["weeks"] as! [Int] } == [[3, 4, 5, 6], [1, 2]])
        let hours = types.map { $0["scheduled_staff_hours_per_week"] as! Double }
        #expect(hours[0] < hours[1], "regular \(hours[0]) vs rush \(hours[1]) staff-hours a week")
        // Closed hours need no one.
        let plan = String(decoding: try CLITests.contents(out, "plan.csv"), as: UTF8.self).split(separator: "\n")
        #expect(plan[0].hasPrefix("station,slot,day,time,demand_per_hour,offered_load,erlang_c_no_lag,alpha,requirement,scheduled,delay_probability_at_requirement,week_type"))
        #expect(plan.count == 1 + 2 * 336)
        for row in plan.dropFirst() {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            if cells[3] == "03:00" { #expect(cells[8] == "0" && cells[9] == "0", "\(row)") }
            #expect(Int(cells[9])! >= Int(cells[8])!, "\(row)")
        }
        // Each week type's verified service level and its worst slot are reported.
        for type in types {
            let verified = type["verified"] as! [String: Any]
            #expect((verified["service_level"] as! [String: Any])["mean"] is Double)
            #expect(verified["worst_slot"] is [String: Any])
        }
        let proposal = try String(contentsOf: out.appendingPathComponent("proposal.yaml"), encoding: .utf8)
        #expect(proposal.contains("weeks: [1, 2]"))

        // The proposal runs and reproduces the verification.
        let seed = (report["verification"] as! [String: Any])["seed"] as! Int
        let runDir = dir.appendingPathComponent("run")
        let run = try CLITests.onestop(["run", out.appendingPathComponent("proposal.yaml").path, "--seed", String(seed), "--out", runDir.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: CLITests.contents(runDir, "summary.json")) as! [String: Any]
        let windows = (summary["stations"] as! [String: Any])["windows"] as! [String: Any]
        let verified = station["verified"] as! [String: Any]
        for measure in ["service_level", "p_abandon"] {
            let expected = (verified[measure] as! [String: Any])["mean"] as! Double
            let actual = (windows[measure] as! [String: Any])["mean"] as! Double
            #expect(abs(actual - expected) < 1e-12, "\(measure): \(actual) vs \(expected)")
        }
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
        // Files edited by hand: without the marker the folder is read unchecked (its digests would refuse them).
        try? FileManager.default.removeItem(at: dir.appendingPathComponent(".onestop"))

        let report = try CLITests.onestop(["report", dir.path, "--quiet"])
        #expect(report.status == 0, "\(report.stderr)")
        let html = String(decoding: try CLITests.contents(dir, "report.html"), as: UTF8.self)
        for id in ["chart-plan-0", "chart-pareto", "chart-layouts"] { #expect(html.contains("id=\"\(id)\""), "\(id)") }
        #expect(html.contains("pass ≥ 0.8"))
        #expect(html.contains("no layout needs less than 700 m²"))
        let check = try BrowserCheck.load(dir.appendingPathComponent("report.html"), screenshot: dir.appendingPathComponent("report.png"))
        #expect(check.consoleLines.isEmpty, "\(check.consoleLines)")
        #expect(check.emptyCharts == nil, "empty charts: \(check.emptyCharts ?? "")")
        #expect(check.charts == 3)
    }

    @Test("optimize --resume replays an interrupted search's journal and reaches the same answer; another search's journal is refused")
    func resumeReachesTheSameAnswer() throws {
        let whole = CLITests.temporaryDirectory(), resumed = CLITests.temporaryDirectory()
        defer { for u in [whole, resumed] { try? FileManager.default.removeItem(at: u) } }
        let arguments = ["optimize", "scenarios/desk-schedule.yaml", "--station", "desk", "--target-wait", "5 min", "--quiet"]
        let first = try CLITests.onestop(arguments + ["--out", whole.path, "--keep-journal"])
        #expect(first.status == 0, "\(first.stderr)")
        let journal = String(decoding: try CLITests.contents(whole, ".optimize-journal"), as: UTF8.self)
        let lines = journal.split(separator: "\n", omittingEmptySubsequences: false)
        // The header, then an entry per simulation, the last line ended.
        try #require(lines.count >= 4 && lines.last == "", "the search recorded its simulations: \(journal.prefix(300))")

        // An interruption: the journal's header and first entry, and half of the second, nothing else.
        try FileManager.default.createDirectory(at: resumed, withIntermediateDirectories: true)
        let cut = lines.prefix(2).joined(separator: "\n") + "\n" + lines[2].prefix(lines[2].count / 2)
        try cut.write(to: resumed.appendingPathComponent(".optimize-journal"), atomically: true, encoding: .utf8)
        let again = try CLITests.onestop(Array(arguments.dropLast()) + ["--out", resumed.path, "--resume"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("resuming: 1 measurement of the interrupted search replayed"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: resumed.appendingPathComponent(".optimize-journal").path))
        for name in ["proposal.yaml", "plan.csv", "shifts.csv", "pareto.csv"] {
            #expect(try CLITests.contents(whole, name) == CLITests.contents(resumed, name), "\(name)")
        }
        func withoutTimes(_ dir: URL) throws -> [String] {
            String(decoding: try CLITests.contents(dir, "optimize.json"), as: UTF8.self).split(separator: "\n")
                .filter { !$0.contains("\"seconds\"") }.map(String.init)
        }
        #expect(try withoutTimes(whole) == withoutTimes(resumed))

        // Run again without --resume: a directory holding only a journal was onestop's, so it is not
        // refused, and the search starts from the beginning.
        let restart = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: restart) }
        try FileManager.default.createDirectory(at: restart, withIntermediateDirectories: true)
        try cut.write(to: restart.appendingPathComponent(".optimize-journal"), atomically: true, encoding: .utf8)
        let fresh = try CLITests.onestop(arguments + ["--out", restart.path])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(!fresh.stderr.contains("resuming"))
        #expect(try CLITests.contents(whole, "plan.csv") == CLITests.contents(restart, "plan.csv"))

        // A journal left by a search with other options is not replayed.
        try cut.write(to: resumed.appendingPathComponent(".optimize-journal"), atomically: true, encoding: .utf8)
        let other = try CLITests.onestop(arguments + ["--out", resumed.path, "--resume", "--max-abandon", "0.1"])
        #expect(other.status == 2)
        #expect(other.stderr.contains("was written by a search of another scenario or other options"), "\(other.stderr)")
    }

    @Test("optimize --resume refuses a damaged or edited journal by its line, exit 2, and writes no results")
    func damagedJournal() throws {
        let whole = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: whole) }
        let arguments = ["optimize", "scenarios/desk-schedule.yaml", "--station", "desk", "--target-wait", "5 min", "--quiet"]
        let first = try CLITests.onestop(arguments + ["--out", whole.path, "--keep-journal"])
        #expect(first.status == 0, "\(first.stderr)")
        let lines = String(decoding: try CLITests.contents(whole, ".optimize-journal"), as: UTF8.self).split(separator: "\n").map(String.init)
        try #require(lines.count >= 3)
        let fields = lines[2].split(separator: "\t").map(String.init)
        try #require(fields.count == 3)
        let values = fields[1].split(separator: " ").map(String.init)
        // A value changed, NaN, 1e300, too few values, the digest gone.
        let edits = [
            [fields[0], (["9"] + values.dropFirst()).joined(separator: " "), fields[2]],
            [fields[0], (["nan"] + values.dropFirst()).joined(separator: " "), fields[2]],
            [fields[0], (["1e300"] + values.dropFirst()).joined(separator: " "), fields[2]],
            [fields[0], values.dropLast().joined(separator: " "), fields[2]],
            [fields[0], fields[1]],
        ]
        for edit in edits {
            let dir = CLITests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            var damaged = lines
            damaged[2] = edit.joined(separator: "\t")
            try (damaged.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent(".optimize-journal"), atomically: true, encoding: .utf8)
            let again = try CLITests.onestop(Array(arguments.dropLast()) + ["--out", dir.path, "--resume"])
            #expect(again.status == 2, "\(again.stderr)")
            #expect(again.stderr.contains(".optimize-journal:3: "), "\(again.stderr)")
            #expect(again.stderr.contains(edit.count == 2 ? "separated by tabs" : "digest does not match"), "\(again.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("plan.csv").path))
        }
    }
}

import Foundation
import Interchange
import Testing

/// `onestop sweep`, end to end through the binary: the issue's "done when" checks.
@Suite("Sweeps")
struct SweepCLITests {
    typealias CLI = CLITests

    static func run(_ arguments: [String]) throws -> CLI.Outcome {
        let outcome = try CLI.onestop(arguments)
        #expect(outcome.status == 0, "onestop \(arguments.joined(separator: " ")): \(outcome.stderr)")
        return outcome
    }

    static func json(_ dir: URL, _ name: String) throws -> JSONValue {
        try JSONValue.parse(String(decoding: try CLI.contents(dir, name), as: UTF8.self))
    }

    static func design(_ text: String) throws -> (dir: URL, file: URL) { try CLI.scenarioFile(text, named: "design.yaml") }

    /// The factorial of the issue (staffing × routing on the campus baseline), smaller: every point
    /// of the response curve is `onestop run` of that point at the same seed.
    @Test("A factorial sweep's points equal onestop run of each point at the same seed")
    func factorialPointsEqualRuns() throws {
        let (dir, file) = try Self.design("""
            factors:
              - name: staff
                path: campus.service_center.counters[all_purpose].servers
                range: {from: 4, to: 10, integer: true, steps: 3}
              - name: routing
                path: campus.service_center.routing
                levels: [pooled, shortest_queue]
            design: full_factorial
            measures: [campus.service_center.service_level, campus.service_center.mean_wait, "stations[all_purpose].mean_wait"]
            """)
        let out = CLI.temporaryDirectory()
        defer { for d in [dir, out] { try? FileManager.default.removeItem(at: d) } }
        _ = try Self.run(["sweep", "scenarios/campus-baseline.yaml", file.path, "--replications", "2", "--seed", "11", "--jobs", "2", "--out", out.path, "--quiet"])
        let sweep = try Self.json(out, "sweep.json")
        let points = sweep["points"]?.items ?? []
        #expect(points.count == 6)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [".onestop", "report.html", "sweep.csv", "sweep.json"])
        let report = String(decoding: try CLI.contents(out, "report.html"), as: UTF8.self)
        #expect(report.contains("id=\"chart-response-0\""))
        #expect(report.contains("id=\"chart-pareto-0\""))

        for point in points {
            let staff = try #require(point["levels"]?["staff"]?.double)
            let routing = try #require(point["levels"]?["routing"]?.text)
            let runDir = CLI.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: runDir) }
            _ = try Self.run(["run", "scenarios/campus-baseline.yaml", "--replications", "2", "--seed", "11", "--quiet", "--out", runDir.path,
                              "--set", "campus.service_center.counters[all_purpose].servers=\(Int(staff))",
                              "--set", "campus.service_center.routing=\(routing)"])
            let summary = try Self.json(runDir, "summary.json")
            let center = summary["campus"]?["service_center"]
            let measures = point["measures"]
            #expect(measures?["campus.service_center.service_level"] == center?["service_level"], "staff \(staff), \(routing)")
            #expect(measures?["campus.service_center.mean_wait"] == center?["mean_wait"], "staff \(staff), \(routing)")
            let station = summary["stations"]?["all_purpose"]
            #expect(station?["mean_wait"] != nil)
            #expect(measures?["stations[all_purpose].mean_wait"] == station?["mean_wait"])
        }

        // And one point by a file written by hand, without --set: routing alone, from a list design.
        let (listDir, listFile) = try Self.design("""
            factors:
              - {name: routing, path: campus.service_center.routing, levels: [pooled, shortest_queue]}
            design: {kind: list, points: [{routing: shortest_queue}]}
            measures: [campus.service_center.service_level]
            """)
        let base = try String(contentsOf: CLI.root.appendingPathComponent("scenarios/campus-baseline.yaml"), encoding: .utf8)
        let (edited, editedFile) = try CLI.scenarioFile(base.replacingOccurrences(of: "routing: pooled", with: "routing: shortest_queue"),
                                                       named: "campus-baseline.yaml")
        let listOut = CLI.temporaryDirectory(), runOut = CLI.temporaryDirectory()
        defer { for d in [listDir, edited, listOut, runOut] { try? FileManager.default.removeItem(at: d) } }
        _ = try Self.run(["sweep", "scenarios/campus-baseline.yaml", listFile.path, "--replications", "2", "--seed", "11", "--out", listOut.path, "--quiet"])
        _ = try Self.run(["run", editedFile.path, "--replications", "2", "--seed", "11", "--out", runOut.path, "--quiet"])
        let listed = try Self.json(listOut, "sweep.json")["points"]?.items.first?["measures"]?["campus.service_center.service_level"]
        #expect(listed != nil)
        #expect(listed == (try Self.json(runOut, "summary.json"))["campus"]?["service_center"]?["service_level"])
    }

    /// A Latin hypercube over five campus factors: the staffing comes first by standardised
    /// coefficient, and a rule's target, which no simulation reads, gets a coefficient whose 95%
    /// interval covers 0.
    @Test("A Latin hypercube ranks factors, and a factor without effect covers 0")
    func latinHypercubeRanksFactors() throws {
        let (dir, file) = try Self.design("""
            factors:
              - {name: staff, path: "campus.service_center.counters[all_purpose].servers", range: {from: 3, to: 10, integer: true}}
              - {name: service_mean, path: "campus.service_center.categories[academic_records].service.mean", range: {from: 3, to: 7, unit: min}}
              - {name: patience, path: "campus.service_center.counters[all_purpose].patience.mean", range: {from: 20, to: 60, unit: min}}
              - {name: demand, path: "campus.service_center.categories[cards_ids].requests_per_student", range: {from: 0.2, to: 0.6}}
              - {name: ratio_target, path: "campus.rules[moe_ratio].target", range: {from: 150, to: 250}}
            design: {kind: latin_hypercube, points: 30, seed: 3}
            measures: [campus.service_center.mean_wait, campus.service_center.service_level]
            """)
        let out = CLI.temporaryDirectory()
        defer { for d in [dir, out] { try? FileManager.default.removeItem(at: d) } }
        _ = try Self.run(["sweep", "scenarios/campus-baseline.yaml", file.path, "--replications", "2", "--jobs", "2", "--out", out.path, "--quiet"])
        let sweep = try Self.json(out, "sweep.json")
        #expect(sweep["points"]?.items.count == 30)
        // Each factor's values fall one in each of the 30 strata of its range.
        let targets = (sweep["points"]?.items ?? []).compactMap { $0["levels"]?["ratio_target"]?.double }
        #expect(Set(targets.map { Int(($0 - 150) / 100 * 30) }).count == 30)
        let model = try #require(sweep["metamodels"]?.items.first { $0["measure"]?.text == "campus.service_center.mean_wait" })
        let coefficients = model["coefficients"]?.items ?? []
        #expect(coefficients.count == 5)
        #expect(coefficients.first?["factor"]?.text == "staff", "\(coefficients)")
        #expect((model["r_squared"]?.double ?? 0) > 0.5)
        let null = try #require(coefficients.first { $0["factor"]?.text == "ratio_target" })
        #expect(null["covers_zero"] == .bool(true), "\(null)")
        let report = String(decoding: try CLI.contents(out, "report.html"), as: UTF8.self)
        #expect(report.contains("id=\"chart-src-0\""))
    }

    @Test("An invalid point is reported with its factor values and the others run")
    func invalidPointIsReported() throws {
        let (dir, file) = try Self.design("""
            factors:
              - name: staff
                path: campus.service_center.counters[all_purpose].servers
                levels: [0, 6]
            design: one_at_a_time
            measures: [campus.service_center.service_level]
            """)
        let out = CLI.temporaryDirectory()
        defer { for d in [dir, out] { try? FileManager.default.removeItem(at: d) } }
        let outcome = try Self.run(["sweep", "scenarios/campus-baseline.yaml", file.path, "--replications", "2", "--out", out.path])
        #expect(outcome.stderr.contains("point 1 (staff=0) is not a valid scenario and is not run:"))
        #expect(outcome.stderr.contains("\(file.path):4:14: error: campus.service_center.counters[all_purpose].servers: must be at least 1, found 0 (set to 0)"),
                "\(outcome.stderr)")
        let csv = String(decoding: try CLI.contents(out, "sweep.csv"), as: UTF8.self).split(separator: "\n")
        #expect(csv.count == 4)
        #expect(csv[2].hasPrefix("1,invalid,0,campus.service_center.service_level,,,0,"))
        #expect(csv[3].hasPrefix("2,ok,6,campus.service_center.service_level,0."))
        let report = String(decoding: try CLI.contents(out, "report.html"), as: UTF8.self)
        #expect(report.contains("id=\"chart-tornado-0\""))
    }

    @Test("A design naming nothing, or past the limits, is refused before it runs")
    func designErrorsAreRefused() throws {
        let (dir, file) = try Self.design("""
            factors:
              - {name: staff, path: "campus.service_center.counters[all_purpose].srevers", levels: [4]}
            design: full_factorial
            measures: [campus.service_center.service_levle]
            """)
        let (bigDir, big) = try Self.design("""
            factors:
              - {name: staff, path: "campus.service_center.counters[all_purpose].servers", range: {from: 1, to: 1000, integer: true, steps: 1000}}
              - {name: demand, path: "campus.service_center.categories[cards_ids].requests_per_student", range: {from: 0.2, to: 0.6, steps: 1000}}
            design: full_factorial
            replications: 1000
            """)
        defer { for d in [dir, bigDir] { try? FileManager.default.removeItem(at: d) } }
        let outcome = try CLI.onestop(["sweep", "scenarios/campus-baseline.yaml", file.path, "--dry-run"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("\(file.path):2:5: error: campus.service_center.counters[all_purpose].srevers: names nothing in the scenario: campus.service_center.counters[all_purpose] has no key 'srevers'; did you mean 'servers'?"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("\(file.path):4:12: error: measures: unknown campus measure 'campus.service_center.service_levle'; did you mean 'campus.service_center.service_level'?"), "\(outcome.stderr)")
        let tooBig = try CLI.onestop(["sweep", "scenarios/campus-baseline.yaml", big.path, "--dry-run"])
        #expect(tooBig.status == 2)
        #expect(tooBig.stderr.contains("1000000 points × 1000 replications are 1e9 runs; at most 10000000 are supported"), "\(tooBig.stderr)")
    }

    @Test("Sweep shards merge into the files of one process, byte for byte, and an interrupted sweep resumes")
    func shardsAndResume() throws {
        let (dir, file) = try Self.design("""
            factors:
              - {name: staff, path: "campus.service_center.counters[all_purpose].servers", levels: [5, 8]}
              - {name: target, path: campus.service_center.target_wait, levels: [10 min, 20 min]}
            design: full_factorial
            measures: [campus.service_center.service_level, inputs.counter_hours_per_week]
            """)
        let whole = CLI.temporaryDirectory(), parts = CLI.temporaryDirectory(), merged = CLI.temporaryDirectory(), resumed = CLI.temporaryDirectory()
        defer { for d in [dir, whole, parts, merged, resumed] { try? FileManager.default.removeItem(at: d) } }
        let common = ["sweep", "scenarios/campus-baseline.yaml", file.path, "--replications", "3", "--seed", "5", "--quiet"]
        _ = try Self.run(common + ["--out", whole.path, "--jobs", "1"])
        for i in (0..<4).reversed() { _ = try Self.run(common + ["--out", parts.path, "--jobs", "2", "--shard", "\(i)/4"]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parts.path).sorted()
            == [".onestop"] + (0..<4).map { "sweep-partial-\($0)-of-4.json" })
        _ = try Self.run(["merge", parts.path, "--out", merged.path, "--quiet"])
        for name in ["sweep.csv", "sweep.json", "report.html"] {
            #expect(try CLI.contents(merged, name) == CLI.contents(whole, name), "\(name) differs after merging")
        }
        // A missing shard is refused.
        try FileManager.default.removeItem(at: parts.appendingPathComponent("sweep-partial-2-of-4.json"))
        let missing = try CLI.onestop(["merge", parts.path, "--out", CLI.temporaryDirectory().path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("3 of 12 runs missing"), "\(missing.stderr)")

        // Interrupted after 5 of 12 runs: the journal keeps them, and the rerun does the other 7.
        let stopped = try CLI.onestop(common + ["--out", resumed.path, "--jobs", "1", "--stop-after", "5"])
        #expect(stopped.status == 1)
        #expect(FileManager.default.fileExists(atPath: resumed.appendingPathComponent(".sweep-journal").path))
        let again = try CLI.onestop(common.filter { $0 != "--quiet" } + ["--out", resumed.path, "--jobs", "2"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("resuming: 5 of 12 runs finished before; running the other 7"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: resumed.appendingPathComponent(".sweep-journal").path))
        for name in ["sweep.csv", "sweep.json", "report.html"] {
            #expect(try CLI.contents(resumed, name) == CLI.contents(whole, name), "\(name) differs after resuming")
        }
    }
}

/// The sweep's report in a browser and its notebook executed.
@Suite("Sweep report and notebook")
struct SweepReportCLITests {
    typealias CLI = CLITests

    /// A small staffing factorial and a small one-at-a-time design of the campus baseline.
    static func sweep(_ design: String, into out: URL) throws {
        let (dir, file) = try CLI.scenarioFile(design, named: "design.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLI.onestop(["sweep", "scenarios/campus-baseline.yaml", file.path, "--replications", "2", "--out", out.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    static let factorial = """
        factors:
          - {name: staff, path: "campus.service_center.counters[all_purpose].servers", levels: [4, 7]}
          - {name: routing, path: campus.service_center.routing, levels: [pooled, shortest_queue]}
        design: full_factorial
        measures: [campus.service_center.service_level, inputs.counter_hours_per_week]
        """

    @Test("the sweep report renders in Chromium with every chart drawn and no console error", .enabled(if: Tools.chromiumAvailable))
    func reportInBrowser() throws {
        for (design, charts) in [(Self.factorial, 3), ("""
            factors:
              - {name: staff, path: "campus.service_center.counters[all_purpose].servers", levels: [4, 9]}
              - {name: rooms, path: "campus.rooms.room_types[zixiang_seminar].count", range: {from: 6, to: 20, integer: true}}
            design: one_at_a_time
            measures: [campus.service_center.service_level, campus.rooms.rejection_rate]
            """, 3)] {
            let out = CLI.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: out) }
            try Self.sweep(design, into: out)
            let html = String(decoding: try CLI.contents(out, "report.html"), as: UTF8.self)
            let addresses = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!addresses.contains("http://") && !addresses.contains("https://"))
            let check = try BrowserCheck.load(out.appendingPathComponent("report.html"), screenshot: out.appendingPathComponent("report.png"))
            #expect(check.consoleLines.isEmpty, "\(check.consoleLines)")
            #expect(check.emptyCharts == nil, "empty charts: \(check.emptyCharts ?? "")")
            #expect(check.charts == charts)
            #expect(check.screenshot.count > 50_000, "a blank page compresses to a few kilobytes")
        }
    }

    @Test("export notebook of a sweep reads sweep.csv and executes", .enabled(if: Tools.pythonAvailable))
    func notebookExecutes() throws {
        guard let python = Tools.python else { throw CLITests.Failure("no Python environment (make test creates .venv)") }
        let out = CLI.temporaryDirectory(), notebooks = CLI.temporaryDirectory()
        defer { for d in [out, notebooks] { try? FileManager.default.removeItem(at: d) } }
        try Self.sweep(Self.factorial, into: out)
        let export = try CLI.onestop(["export", "notebook", out.path, "--out-dir", notebooks.path])
        #expect(export.status == 0, "\(export.stderr)")
        let notebook = notebooks.appendingPathComponent("campus-baseline-sweep.ipynb")
        let text = String(decoding: try Data(contentsOf: notebook), as: UTF8.self)
        #expect(text.contains("sweep.csv"))
        let outcome = try Tools.run(python, [CLI.root.appendingPathComponent("Tests/CLITests/Python/check_notebook.py").path, notebook.path])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as! [String: Any]
        #expect(result["errors"] as? Int == 0, "\(result)")
        // Two response curves and one Pareto front.
        #expect(result["images"] as? Int == 3, "\(result)")
        #expect((result["stdout"] as? String)?.contains("campus-baseline: 4 points (0 invalid), 2 replications each") == true, "\(result)")
    }
}

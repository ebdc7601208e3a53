import Foundation
import Testing

/// Outside tools the result tests drive: Debian's Chromium and a Python environment with nbformat,
/// nbclient, pandas, matplotlib, jsonschema and PyYAML (`make test` installs both into place).
///
/// Without them the tests that need them are skipped, unless `ONESTOP_REQUIRE_TOOLS=1` (set by
/// `make test`), which makes a missing tool a failure.
enum Tools {
    static let required = ProcessInfo.processInfo.environment["ONESTOP_REQUIRE_TOOLS"] == "1"

    static var python: String? {
        if let path = ProcessInfo.processInfo.environment["ONESTOP_PYTHON"] { return path }
        let venv = CLITests.root.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    static var chromium: String? {
        if let path = ProcessInfo.processInfo.environment["ONESTOP_CHROMIUM"] { return path }
        return ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var pythonAvailable: Bool { python != nil || required }
    static var chromiumAvailable: Bool { chromium != nil || required }

    /// Runs `executable` with `arguments`; standard output and error are read to the end.
    static func run(_ executable: String, _ arguments: [String], directory: URL = CLITests.root) throws -> CLITests.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes at once so that neither fills up and blocks the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let stderr = Box()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stderr.data = err.fileHandleForReading.readDataToEndOfFile() }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLITests.Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                stderr: String(decoding: stderr.data, as: UTF8.self))
    }
}

/// What headless Chromium made of a report.
struct BrowserCheck {
    var charts: Int
    var emptyCharts: String?
    var consoleLines: [String]
    var screenshot: Data

    /// Loads `page` in headless Chromium twice: once to read the DOM after the page's own script ran
    /// (it counts the charts and flags empty ones) and the console, once for a screenshot.
    static func load(_ page: URL, screenshot: URL) throws -> BrowserCheck {
        guard let chromium = Tools.chromium else { throw CLITests.Failure("Chromium is not installed (make test installs it)") }
        let profile = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: profile) }
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                      "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0"]
        let dom = try Tools.run(chromium, common + ["--dump-dom", page.absoluteString])
        guard dom.status == 0 else { throw CLITests.Failure("chromium --dump-dom failed: \(dom.stderr)") }
        let shot = try Tools.run(chromium, common + ["--window-size=1366,2400", "--screenshot=\(screenshot.path)", page.absoluteString])
        guard shot.status == 0 else { throw CLITests.Failure("chromium --screenshot failed: \(shot.stderr)") }
        func attribute(_ name: String) -> String? {
            guard let range = dom.stdout.range(of: "\(name)=\"") else { return nil }
            return String(dom.stdout[range.upperBound...].prefix { $0 != "\"" })
        }
        let console = (dom.stderr + shot.stderr).split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
        return BrowserCheck(charts: attribute("data-charts").flatMap { Int($0) } ?? 0, emptyCharts: attribute("data-empty-charts"),
                            consoleLines: console, screenshot: try Data(contentsOf: screenshot))
    }

    /// The PNG's width and height from its header.
    var pngSize: (width: Int, height: Int)? {
        guard screenshot.count > 24, screenshot.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { return nil }
        func be32(_ at: Int) -> Int { screenshot[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }
}

extension CLITests {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func json(_ dir: URL, _ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: contents(dir, name)) as! [String: Any]
    }

    /// A copy of a scenario in a temporary file with `replacements` made; it must change the text.
    static func variant(of scenario: String, _ replacements: [(String, String)]) throws -> URL {
        var text = try String(contentsOf: root.appendingPathComponent(scenario), encoding: .utf8)
        for (old, new) in replacements {
            #expect(text.contains(old), "\(old) is not in \(scenario)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("variant-\(UUID().uuidString).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// A CSV file as pandas reads it, every cell as the text it holds (`dtype=str`, no guessing of
/// missing values), through the Python environment's `read_csv.py`.
struct CSVRows {
    var header: [String]
    var rows: [[String]]

    init(_ file: URL) throws {
        guard let python = Tools.python else { throw CLITests.Failure("no Python environment (make test creates .venv)") }
        let script = CLITests.root.appendingPathComponent("Tests/CLITests/Python/read_csv.py").path
        let outcome = try Tools.run(python, [script, file.path])
        guard outcome.status == 0, let tables = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any],
              let table = tables[file.path] as? [String: Any] else {
            throw CLITests.Failure("pandas could not read \(file.path): \(outcome.stderr)")
        }
        header = table["header"] as? [String] ?? []
        rows = table["rows"] as? [[String]] ?? []
    }

    /// The cells of a column, by its name.
    func column(_ name: String) -> [String] {
        guard let c = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[c] }
    }
}

@Suite("compare, report, export, schema, trace and CLI conventions")
struct ResultsCLITests {
    // MARK: compare

    @Test("compare of a scenario with itself: every difference exactly 0 with width 0, none significant", .enabled(if: Tools.pythonAvailable))
    func compareWithItself() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["compare", "scenarios/feedback-network.yaml", "scenarios/feedback-network.yaml",
                                            "--replications", "4", "--out", dir.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        let doc = try CLITests.json(dir, "compare.json")
        let comparisons = doc["comparisons"] as! [[String: Any]]
        #expect(comparisons.count == 1)
        let measures = comparisons[0]["measures"] as! [[String: Any]]
        // 3 stations × 14 measures, 1 class × 6, system × 2.
        #expect(measures.count == 3 * 14 + 6 + 2)
        for m in measures {
            let d = m["difference"] as! [String: Any]
            let baseline = (m["baseline"] as! [String: Any])["mean"]
            if baseline is NSNull { continue }
            #expect(d["mean"] as? Double == 0 && d["ci95"] as? Double == 0, "\(m)")
            #expect(m["significant"] as? Bool == false)
        }
        let csv = try CSVRows(dir.appendingPathComponent("compare.csv"))
        #expect(csv.header == ["scenario", "baseline", "scope", "id", "measure", "baseline_mean", "baseline_ci95", "mean", "ci95", "difference", "difference_ci95", "significant",
                               "direction", "p_value", "p_holm", "p_bh", "change_holm"])
        // Nothing differs, so nothing is tested and nothing changes.
        #expect(csv.rows.allSatisfy { $0[13...16].allSatisfy(\.isEmpty) }, "\(csv.rows)")
        #expect(Set(csv.column("direction")).isSubset(of: ["lower_is_better", "higher_is_better", "neutral"]))
        #expect(csv.rows.count == measures.count)
        #expect(csv.rows.allSatisfy { ($0[9] == "0" && $0[10] == "0") || ($0[8...10].allSatisfy(\.isEmpty)) }, "\(csv.rows)")
        #expect(csv.column("significant").allSatisfy { $0 == "false" })
        // By hour too: 3 stations × 24 hours × 4 measures (mean wait, queue, utilisation, abandonment;
        // no station has a target wait, so no service level), every difference 0 with width 0.
        let hourly = try CSVRows(dir.appendingPathComponent("compare-hourly.csv"))
        #expect(hourly.header == ["scenario", "baseline", "station", "hour_of_day", "measure", "baseline_mean", "baseline_ci95", "mean", "ci95", "difference", "difference_ci95", "significant"])
        #expect(hourly.rows.count == 3 * 24 * 4)
        #expect(Set(hourly.column("measure")) == ["mean_wait", "mean_queue_length", "utilization", "p_abandon"])
        #expect(hourly.rows.allSatisfy { ($0[9] == "0" && $0[10] == "0") || $0[5].isEmpty } && hourly.rows.allSatisfy { $0[11] == "false" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [".onestop", "columns.json", "compare-hourly.csv", "compare.csv", "compare.json"])
    }

    @Test("compare of two staffing levels: a second server cuts the wait, significantly; --json prints compare.json")
    func compareStaffing() throws {
        let dir = CLITests.temporaryDirectory()
        let two = try CLITests.variant(of: "scenarios/single-desk.yaml", [("servers: 1", "servers: 2"), ("name: single-desk", "name: two-desks")])
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: two) }
        let outcome = try CLITests.onestop(["compare", "scenarios/single-desk.yaml", two.path, "--replications", "5",
                                            "--out", dir.path, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.data(using: .utf8) == (try CLITests.contents(dir, "compare.json")))
        let doc = try CLITests.json(dir, "compare.json")
        #expect(doc["baseline"] as? String == "single-desk")
        #expect(doc["seed"] as? Int == 2016)
        let measures = (doc["comparisons"] as! [[String: Any]])[0]["measures"] as! [[String: Any]]
        func row(_ scope: String, _ id: String, _ measure: String) -> (mean: Double, ci95: Double, significant: Bool) {
            let m = measures.first { $0["scope"] as? String == scope && $0["id"] as? String == id && $0["measure"] as? String == measure }!
            let d = m["difference"] as! [String: Any]
            return (d["mean"] as! Double, d["ci95"] as! Double, m["significant"] as! Bool)
        }
        let wait = row("station", "desk", "mean_wait")
        #expect(wait.mean < 0 && wait.significant, "\(wait)")
        // M/M/1 → M/M/2 at 4.962 and 7.729 an hour: Wq falls from 0.232 h to 0.0145 h.
        #expect(abs(wait.mean - (0.01453 - 0.2316)) <= wait.ci95 + 0.01 * 0.2316, "\(wait)")
        let utilization = row("station", "desk", "utilization")
        #expect(utilization.mean < 0 && utilization.significant)
        // Same arrivals in both (common random numbers): throughput differs by far less than either's interval.
        let throughput = row("system", "", "throughput")
        #expect(abs(throughput.mean) < 0.01 && !throughput.significant, "\(throughput)")
    }

    @Test("compare writes the same bytes whatever --jobs is")
    func compareAcrossJobs() throws {
        let a = CLITests.temporaryDirectory(), b = CLITests.temporaryDirectory()
        let other = try CLITests.variant(of: "scenarios/feedback-network.yaml", [("servers: 6", "servers: 7")])
        defer { for u in [a, b, other] { try? FileManager.default.removeItem(at: u) } }
        for (dir, jobs) in [(a, "1"), (b, "2")] {
            let outcome = try CLITests.onestop(["compare", "scenarios/feedback-network.yaml", other.path, "--replications", "4",
                                                "--jobs", jobs, "--out", dir.path, "--quiet"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        for name in ["compare.json", "compare.csv", "compare-hourly.csv"] {
            #expect(try CLITests.contents(a, name) == CLITests.contents(b, name), "\(name)")
        }
    }

    @Test("compare refuses bad input with exit 2 and writes nothing")
    func compareInvalid() throws {
        let dir = CLITests.temporaryDirectory()
        let broken = try CLITests.variant(of: "scenarios/single-desk.yaml", [("servers: 1", "servers: none")])
        defer { try? FileManager.default.removeItem(at: broken) }
        let invalid = try CLITests.onestop(["compare", "scenarios/single-desk.yaml", broken.path, "--out", dir.path])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("error: stations[0].servers"), "\(invalid.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path))
        let alone = try CLITests.onestop(["compare", "scenarios/single-desk.yaml", "--out", dir.path])
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("at least two"), "\(alone.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    // MARK: report

    @Test("run --report: the page renders in Chromium with every chart drawn and no console error", .enabled(if: Tools.chromiumAvailable))
    func runReportInBrowser() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["run", "scenarios/service-center.yaml", "--replications", "3", "--out", dir.path, "--report", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let html = String(decoding: try CLITests.contents(dir, "report.html"), as: UTF8.self)
        let addresses = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!addresses.contains("http://") && !addresses.contains("https://"), "the report must not load anything from a network")
        for id in ["chart-wait", "chart-utilisation", "chart-wait-by-hour", "chart-queue-by-hour", "chart-utilisation-heatmap"] {
            #expect(html.contains("id=\"\(id)\""), "\(id)")
        }
        let check = try BrowserCheck.load(dir.appendingPathComponent("report.html"), screenshot: dir.appendingPathComponent("report.png"))
        #expect(check.consoleLines.isEmpty, "\(check.consoleLines)")
        #expect(check.emptyCharts == nil, "empty charts: \(check.emptyCharts ?? "")")
        #expect(check.charts == 5)
        #expect(check.pngSize.map { $0.width == 1366 && $0.height == 2400 } == true)
        #expect(check.screenshot.count > 50_000, "a blank page compresses to a few kilobytes")
    }

    @Test("report of a comparison and of a run with campus results renders in Chromium", .enabled(if: Tools.chromiumAvailable),
          .enabled(if: Tools.pythonAvailable))
    func comparisonAndCampusReports() throws {
        let dir = CLITests.temporaryDirectory(), run = CLITests.temporaryDirectory()
        let more = try CLITests.variant(of: "scenarios/desk-schedule.yaml", [("servers: 6}", "servers: 7}"), ("name: desk-schedule", "name: desk-schedule-plus-one")])
        defer { for u in [dir, run, more] { try? FileManager.default.removeItem(at: u) } }
        let compare = try CLITests.onestop(["compare", "scenarios/desk-schedule.yaml", more.path, "--replications", "3", "--out", dir.path, "--quiet"])
        #expect(compare.status == 0, "\(compare.stderr)")
        let report = try CLITests.onestop(["report", dir.path])
        #expect(report.status == 0, "\(report.stderr)")
        let check = try BrowserCheck.load(dir.appendingPathComponent("report.html"), screenshot: dir.appendingPathComponent("report.png"))
        #expect(check.consoleLines.isEmpty, "\(check.consoleLines)")
        #expect(check.emptyCharts == nil)
        #expect(check.charts >= 6)
        let html = String(decoding: try CLITests.contents(dir, "report.html"), as: UTF8.self)
        #expect(html.contains("desk-schedule-plus-one − desk-schedule"))
        // A seventh server from 10:00 to 14:00: the wait by hour is charted, and it falls at 11:00.
        #expect(html.contains("id=\"chart-diff-hour-1-mean_wait\""))
        let hourly = try CSVRows(dir.appendingPathComponent("compare-hourly.csv"))
        let eleven = hourly.rows.first { $0[2] == "desk" && $0[3] == "11" && $0[4] == "mean_wait" }!
        #expect(Double(eleven[9])! < 0 && eleven[11] == "true", "\(eleven)")
        let three = hourly.rows.first { $0[2] == "desk" && $0[3] == "3" && $0[4] == "mean_queue_length" }!
        #expect(three[9] == "0" && three[10] == "0", "closed at 3:00 in both: \(three)")

        // A run whose summary.json has the campus layer's rules and estimates.
        #expect(try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--replications", "3", "--out", run.path, "--quiet"]).status == 0)
        var summary = try CLITests.json(run, "summary.json")
        func e(_ mean: Double, _ ci: Double) -> [String: Double] { ["mean": mean, "ci95": ci] }
        summary["rules"] = [
            ["id": "wait-15", "description": "mean wait under 15 minutes", "status": "pass", "value": 13.9, "target": 15],
            ["id": "coverage", "description": "a counselor for every 200 students", "status": "fail", "value": 0.8, "target": 1],
        ]
        summary["campus"] = [
            "service_center": ["visits_per_day": e(1012, 14)],
            "counselors": ["classrooms": ["coverage": e(0.92, 0.02)], "dormitories": ["coverage": e(0.71, 0.03)]],
            "rooms": ["seminar": ["occupancy": e(0.64, 0.02), "occupancy_by_hour": (0..<24).map { h in e(h >= 8 && h < 20 ? 0.5 : 0, 0.01) }],
                      "music": ["occupancy": e(0.31, 0.04), "occupancy_by_hour": (0..<24).map { h in e(h >= 14 ? 0.7 : 0.1, 0.01) }]],
        ]
        try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]).write(to: run.appendingPathComponent("summary.json"))
        // Files edited by hand: without the marker the folder is read unchecked (its digests would refuse them).
        try? FileManager.default.removeItem(at: run.appendingPathComponent(".onestop"))
        let campus = try CLITests.onestop(["report", run.path, "--quiet"])
        #expect(campus.status == 0, "\(campus.stderr)")
        let campusHTML = String(decoding: try CLITests.contents(run, "report.html"), as: UTF8.self)
        #expect(campusHTML.contains("1 of 2 rules pass"))
        #expect(campusHTML.contains("Counselor coverage") && campusHTML.contains("Room occupancy"))
        #expect(campusHTML.contains("id=\"chart-campus-rooms-occupancy_by_hour\""))
        let campusCheck = try BrowserCheck.load(run.appendingPathComponent("report.html"), screenshot: run.appendingPathComponent("report.png"))
        #expect(campusCheck.consoleLines.isEmpty, "\(campusCheck.consoleLines)")
        #expect(campusCheck.emptyCharts == nil)
    }

    @Test("the browser check catches an empty chart and a script error", .enabled(if: Tools.chromiumAvailable))
    func browserCheckCanFail() throws {
        let dir = CLITests.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run) }
        #expect(try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--replications", "2", "--out", run.path, "--report", "--quiet"]).status == 0)
        // The same page with one chart emptied of its marks, one whose marks have no extent (read from
        // their attributes, so the answer does not depend on layout) and a broken script line.
        var html = String(decoding: try CLITests.contents(run, "report.html"), as: UTF8.self)
        let chart = html.range(of: "<svg class=\"chart\" id=\"chart-wait\"")!
        let end = html.range(of: "</svg>", range: chart.upperBound..<html.endIndex)!
        html.replaceSubrange(chart.lowerBound..<end.upperBound, with: """
            <svg class="chart" id="chart-wait" viewBox="0 0 10 10"></svg>\
            <svg class="chart" id="chart-flat" viewBox="0 0 10 10"><polyline class="mark" points="5,5 5,5 5,5"/>\
            <circle class="mark" cx="3" cy="3" r="0"/><rect class="mark" x="1" y="1" width="0" height="0"/>\
            <line class="mark" x1="2" x2="2" y1="4" y2="4"/></svg>
            """)
        html = html.replacingOccurrences(of: "</body>", with: "<script>notDefined();</script></body>")
        let page = dir.appendingPathComponent("broken.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let check = try BrowserCheck.load(page, screenshot: dir.appendingPathComponent("broken.png"))
        #expect(check.emptyCharts == "chart-wait chart-flat")
        #expect(check.consoleLines.contains { $0.contains("empty chart") })
        #expect(check.consoleLines.contains { $0.contains("notDefined") })
    }

    @Test("report on a directory without results exits 2")
    func reportWithoutResults() throws {
        let dir = CLITests.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["report", dir.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("holds no summary.json"), "\(outcome.stderr)")
        try "{\"scenario\": ".write(to: dir.appendingPathComponent("summary.json"), atomically: true, encoding: .utf8)
        let broken = try CLITests.onestop(["report", dir.path])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("not valid JSON"), "\(broken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.html").path))
    }

    // MARK: CSV

    @Test("a station id with a comma, a quote and a formula prefix survives in replications.csv and hourly.csv, read back by pandas",
          .enabled(if: Tools.pythonAvailable))
    func hostileStationIdInCSV() throws {
        let id = "=cmd,\"x\""
        let scenario = try CLITests.variant(of: "scenarios/single-desk.yaml", [("id: desk", "id: '=cmd,\"x\"'"), ("to: desk", "to: '=cmd,\"x\"'")])
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: scenario) }
        let outcome = try CLITests.onestop(["run", scenario.path, "--replications", "2", "--out", dir.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let stations = try CLITests.json(dir, "summary.json")["stations"] as! [String: Any]
        #expect(Array(stations.keys) == [id])
        // A spreadsheet would run a cell starting with "=": the file holds it behind a "'".
        let replications = try CSVRows(dir.appendingPathComponent("replications.csv"))
        #expect(replications.rows.count == 2)
        #expect(replications.column("station") == ["'" + id, "'" + id])
        #expect(replications.rows.allSatisfy { $0.count == replications.header.count })
        #expect(replications.column("mean_wait").allSatisfy { Double($0) != nil })
        let hourly = try CSVRows(dir.appendingPathComponent("hourly.csv"))
        #expect(hourly.rows.count == 2 * 24)
        #expect(Set(hourly.column("station")) == ["'" + id])
        #expect(hourly.column("hour_of_day").prefix(24) == (0..<24).map(String.init)[...])
    }

    // MARK: notebook

    @Test("export notebook: valid nbformat 4 that executes and draws its charts", .enabled(if: Tools.pythonAvailable))
    func notebookExecutes() throws {
        guard let python = Tools.python else { throw CLITests.Failure("no Python environment (make test creates .venv)") }
        let run = CLITests.temporaryDirectory(), notebooks = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run); try? FileManager.default.removeItem(at: notebooks) }
        #expect(try CLITests.onestop(["run", "scenarios/desk-schedule.yaml", "--replications", "3", "--out", run.path, "--quiet"]).status == 0)
        let export = try CLITests.onestop(["export", "notebook", run.path, "--out-dir", notebooks.path])
        #expect(export.status == 0, "\(export.stderr)")
        let notebook = notebooks.appendingPathComponent("desk-schedule.ipynb")
        #expect(export.stdout.contains(notebook.lastPathComponent))
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: notebook)) as! [String: Any]
        let meta = (doc["metadata"] as! [String: Any])["onestop"] as! [String: Any]
        #expect(meta["scenario"] as? String == "desk-schedule" && meta["seed"] as? String == "7")
        let first = ((doc["cells"] as! [[String: Any]])[0]["source"] as! [String]).joined()
        #expect(first.contains("desk-schedule") && first.contains("master seed | 7") && first.contains("onestop 0.1.0"))

        let outcome = try Tools.run(python, [CLITests.root.appendingPathComponent("Tests/CLITests/Python/check_notebook.py").path, notebook.path])
        #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as! [String: Any]
        #expect(result["errors"] as? Int == 0)
        // Mean wait by station, the two hourly profiles (one figure), the heat map and the time series.
        #expect(result["images"] as? Int == 4, "\(result)")
        #expect((result["stdout"] as? String)?.contains("desk-schedule: seed 7, 3 replications") == true)
    }

    @Test("export notebook: a scenario name with HTML, Markdown and $ is shown as text in the markdown cell")
    func notebookEscapesMarkdown() throws {
        let run = CLITests.temporaryDirectory(), notebooks = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: run); try? FileManager.default.removeItem(at: notebooks) }
        #expect(try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--replications", "2", "--out", run.path, "--quiet"]).status == 0)
        let name = "<img src=x onerror=alert(1)> | `x` $y$ *z*"
        var summary = try CLITests.json(run, "summary.json")
        summary["scenario"] = name
        summary["seed"] = "7 <b>"
        try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys]).write(to: run.appendingPathComponent("summary.json"))
        // Files edited by hand: without the marker the folder is read unchecked (its digests would refuse them).
        try? FileManager.default.removeItem(at: run.appendingPathComponent(".onestop"))
        let export = try CLITests.onestop(["export", "notebook", run.path, "--out-dir", notebooks.path, "--quiet"])
        #expect(export.status == 0, "\(export.stderr)")
        let notebook = notebooks.appendingPathComponent(name + ".ipynb")
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: notebook)) as! [String: Any]
        let cells = doc["cells"] as! [[String: Any]]
        let markdown = cells.filter { $0["cell_type"] as? String == "markdown" }.map { ($0["source"] as! [String]).joined() }.joined()
        #expect(!markdown.contains("<img") && !markdown.contains("<b>"), "\(markdown)")
        #expect(markdown.contains("# &lt;img src=x onerror=alert(1)&gt; \\| \\`x\\` \\$y\\$ \\*z\\* — OneStop results"), "\(markdown)")
        #expect(markdown.contains("| scenario | <code>&lt;img src=x onerror=alert(1)&gt; &#124; &#96;x&#96; &#36;y&#36; &#42;z&#42;</code> |"), "\(markdown)")
        #expect(markdown.contains("| master seed | 7 &lt;b&gt; |"))
        // Every row of the table is still one row: nothing in the name ended a cell or a line.
        #expect(markdown.split(separator: "\n").filter { $0.hasPrefix("|") }.allSatisfy { $0.filter { $0 == "|" }.count == 3 })
        // The name reaches code cells only as data, read from summary.json when the notebook runs.
        let code = cells.filter { $0["cell_type"] as? String == "code" }.map { ($0["source"] as! [String]).joined() }.joined()
        #expect(!code.contains("onerror"))
    }

    @Test("export notebook: station ids such as NA, null, 01 and 1.0 or with a $ keep their own rows and charts",
          .enabled(if: Tools.pythonAvailable))
    func notebookReadsIdsAsText() throws {
        guard let python = Tools.python else { throw CLITests.Failure("no Python environment (make test creates .venv)") }
        let ids = ["NA", "null", "nan", "1", "01", "1.0", "a$b", "$x$"]
        let scenario = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("awkward-ids-\(UUID().uuidString).yaml")
        let text = """
            name: awkward-ids
            time_unit: minute
            run: {duration: 2d, warmup: 60, replications: 3, seed: 3, sample_every: 60}
            stations:
            \(ids.map { "  - {id: \"\($0)\", servers: 2, service: {dist: exponential, mean: 4}}" }.joined(separator: "\n"))
            arrivals:
            \(ids.map { "  - {to: \"\($0)\", rate: 0.3}" }.joined(separator: "\n"))

            """
        try text.write(to: scenario, atomically: true, encoding: .utf8)
        let run = CLITests.temporaryDirectory(), notebooks = CLITests.temporaryDirectory()
        defer { for u in [scenario, run, notebooks] { try? FileManager.default.removeItem(at: u) } }
        let outcome = try CLITests.onestop(["run", scenario.path, "--out", run.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try CLITests.onestop(["export", "notebook", run.path, "--out-dir", notebooks.path, "--quiet"]).status == 0)
        let executed = try Tools.run(python, [CLITests.root.appendingPathComponent("Tests/CLITests/Python/check_notebook.py").path,
                                              notebooks.appendingPathComponent("awkward-ids.ipynb").path])
        #expect(executed.status == 0, "\(executed.stdout)\n\(executed.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(executed.stdout.utf8)) as! [String: Any]
        #expect(result["errors"] as? Int == 0)
        // Mean wait by station, the hourly profiles, the heat map (lost when ids read as numbers) and the time series.
        #expect(result["images"] as? Int == 4, "\(result)")
        // The table of mean waits has one row per station, in the scenario's order, each id as written.
        let tables = result["tables"] as? [String] ?? []
        let waits = try #require(tables.first { $0.split(separator: "\n").first?.split(separator: " ") == ["station", "mean_wait", "ci95"] }, "\(tables)")
        let stations = waits.split(separator: "\n").dropFirst().map { $0.split(separator: " ")[1] }.map(String.init)
        #expect(stations == ids, "\(waits)")
    }

    @Test("export notebook of a directory without a run exits 2")
    func notebookWithoutRun() throws {
        let dir = CLITests.temporaryDirectory()
        let outcome = try CLITests.onestop(["export", "notebook", dir.path, "--out-dir", dir.path])
        #expect(outcome.status == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    // MARK: schema

    @Test("schema/scenario.schema.json is what onestop schema prints")
    func schemaFileIsCurrent() throws {
        let outcome = try CLITests.onestop(["schema"])
        #expect(outcome.status == 0)
        let kept = String(decoding: try CLITests.contents(CLITests.root, "schema/scenario.schema.json"), as: UTF8.self)
        #expect(outcome.stdout == kept, "run: onestop schema > schema/scenario.schema.json")
        let schema = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as! [String: Any]
        #expect(schema["$schema"] as? String == "http://json-schema.org/draft-07/schema#")
        let definitions = schema["definitions"] as! [String: Any]
        #expect(definitions["campus"] != nil && definitions["station"] != nil && definitions["distribution"] != nil)
    }

    @Test("every scenario validates against the schema, and broken ones do not", .enabled(if: Tools.pythonAvailable))
    func scenariosMatchSchema() throws {
        guard let python = Tools.python else { throw CLITests.Failure("no Python environment (make test creates .venv)") }
        let scenarios = try FileManager.default.contentsOfDirectory(atPath: CLITests.root.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "scenarios/" + $0 }
        #expect(scenarios.count >= 5)
        let broken = [
            try CLITests.variant(of: "scenarios/single-desk.yaml", [("servers: 1", "servrs: 1")]),
            try CLITests.variant(of: "scenarios/single-desk.yaml", [("rate: 7.729}", "rate: 7.729, mean: 1}")]),
            try CLITests.variant(of: "scenarios/desk-schedule.yaml", [("duration: 30d", "duration: 30 fortnights")]),
            try CLITests.variant(of: "scenarios/priority-desk.yaml", [("discipline: priority", "discipline: lifo")]),
        ]
        defer { for b in broken { try? FileManager.default.removeItem(at: b) } }
        let files = scenarios + ["Tests/CLITests/Fixtures/tiny-deterministic.yaml"] + broken.map(\.path)
        let outcome = try Tools.run(python, ["Tests/CLITests/Python/check_schema.py", "schema/scenario.schema.json"] + files)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == files.count, "\(outcome.stdout)\n\(outcome.stderr)")
        for file in files.dropLast(broken.count) { #expect(lines.contains("valid \(file)"), "\(outcome.stdout)") }
        for file in broken { #expect(lines.contains { $0.hasPrefix("invalid \(file.path)") }, "\(outcome.stdout)") }
        #expect(outcome.status == 1)
    }

    // MARK: trace

    @Test("--trace of a tiny deterministic scenario matches its golden file, whatever --jobs is", arguments: ["1", "2"])
    func traceGolden(jobs: String) throws {
        let dir = CLITests.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let trace = dir.appendingPathComponent("trace.csv")
        let outcome = try CLITests.onestop(["run", "Tests/CLITests/Fixtures/tiny-deterministic.yaml", "--out", dir.appendingPathComponent("out").path,
                                            "--trace", trace.path, "--jobs", jobs, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let golden = try CLITests.contents(CLITests.root, "Tests/CLITests/Fixtures/tiny-deterministic-trace.csv")
        #expect(try Data(contentsOf: trace) == golden)
        // Only the trace and the results directory: the per-replication parts are gone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["out", "trace.csv"])
    }

    @Test("--trace to a folder that does not exist fails with exit 1 before running")
    func traceUnwritable() throws {
        let dir = CLITests.temporaryDirectory()
        let outcome = try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--out", dir.path, "--trace", "/nonexistent-\(UUID().uuidString)/t.csv", "--quiet"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("cannot write the trace file"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    // MARK: CLI conventions

    @Test("--help on every subcommand exits 0 and shows examples", arguments: [
        ["run"], ["validate"], ["compare"], ["report"], ["export"], ["export", "notebook"], ["schema"], ["fit"], ["backtest"], ["generate-log"],
    ])
    func helpWithExamples(command: [String]) throws {
        let outcome = try CLITests.onestop(command + ["--help"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("USAGE: onestop \(command.joined(separator: " "))"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("Example"), "\(outcome.stdout)")
    }

    @Test("the top-level help documents the exit codes; bad usage exits 2")
    func exitCodes() throws {
        let help = try CLITests.onestop(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("  0  success\n") && help.stdout.contains("  1  failure") && help.stdout.contains("  2  invalid input"), "\(help.stdout)")
        for subcommand in ["run", "validate", "compare", "report", "export", "schema"] { #expect(help.stdout.contains(subcommand)) }
        let unknownOption = try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--replicatoins", "3"])
        #expect(unknownOption.status == 2)
        #expect(unknownOption.stderr.contains("--replicatoins"), "\(unknownOption.stderr)")
        let badValue = try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--replications", "0"])
        #expect(badValue.status == 2)
        let missingFile = try CLITests.onestop(["validate", "no-such-file.yaml"])
        #expect(missingFile.status == 2)
    }

    @Test("shell completion scripts name the subcommands", arguments: ["bash", "zsh", "fish"])
    func completions(shell: String) throws {
        let outcome = try CLITests.onestop(["--generate-completion-script", shell])
        #expect(outcome.status == 0)
        for subcommand in ["compare", "report", "export", "schema"] { #expect(outcome.stdout.contains(subcommand), "\(shell): \(subcommand)") }
    }

    @Test("compare in a pipe writes no progress bar; on a terminal it shows one, and --quiet silences it")
    func progressOnlyOnATerminal() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = ["compare", "scenarios/single-desk.yaml", "scenarios/single-desk.yaml", "--replications", "3", "--out", dir.path]
        let piped = try CLITests.onestop(arguments)
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty, "\(piped.stderr)")
        #expect(piped.stdout.contains("single-desk vs single-desk"))
        // `script` gives the command a terminal; its output is what the terminal would show.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { return }
        let command = ([CLITests.binary.path] + arguments).joined(separator: " ")
        let terminal = try Tools.run("/usr/bin/script", ["-qec", command + " >/dev/null", "/dev/null"])
        #expect(terminal.status == 0, "\(terminal.stderr)")
        #expect(terminal.stdout.contains("6/6 replications") && terminal.stdout.contains("ETA"), "\(terminal.stdout)")
        let quiet = try Tools.run("/usr/bin/script", ["-qec", command + " --quiet", "/dev/null"])
        #expect(quiet.status == 0)
        #expect(!quiet.stdout.contains("replications  "), "\(quiet.stdout)")
    }
}

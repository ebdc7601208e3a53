import Foundation
import Testing

/// The campus measures of `onestop run` against a direct count of its `--trace`, the data
/// dictionary beside the result files, and the report as the browser renders it.
@Suite("onestop run: campus measures, data dictionary, report in the browser")
struct CampusMeasuresCLITests {
    /// Two weeks of a small campus: the center open 8:00 to 16:30 (the last of nine hourly weights
    /// for half an hour), tight counters whose students give up, counselors without talk or
    /// dormitory hours, and a busy on-call counselor.
    static let scenario = """
        name: counted-campus
        time_unit: minute
        run: {replications: 1, seed: 11}
        campus:
          term: {weeks: 2, weekdays: [1, 1, 1, 1, 1, 0.5, 0]}
          population:
            colleges:
              - {id: a, students: 1200, classes: 40, counselors: 4, class_teachers: 40}
              - {id: b, students: 800, classes: 27, counselors: 3, class_teachers: 27}
            dormitories: {prefix: "d", count: 4, floors: 4, rooms: 50, beds: 500, residential_counselors: 1}
          service_center:
            opens: 8h
            closes: 16.5h
            target_wait: 10 min
            return_delay: {dist: empirical, values: [1d, 2d]}
            categories:
              - {id: records, items: 10, requests_per_student: 1, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 3], service: {dist: exponential, mean: 5 min}, return_probability: 0.1}
              - {id: finance, items: 5, requests_per_student: 0.5, hourly: [1, 2, 2, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 8 min}, return_probability: 0.2}
            counters:
              - {id: all_purpose, servers: 2, patience: {dist: exponential, mean: 15 min}}
              - {id: finance_desk, skills: [finance], servers: 1, patience: {dist: exponential, mean: 20 min}}
          counselors:
            weekly_hours: {dormitory: 0, talks: 0, other: 30, on_call: 4}
            dorm_visit_hours: 1.5
            talk_hours: 1
            requested_talks_per_thousand: 20
            on_call:
              counselors: 1
              urgencies:
                - {id: crisis, priority: 0, per_week: 80, service: {dist: exponential, mean: 60 min}}
              mental_health_teachers: 1
              mental_health_service: {dist: exponential, mean: 60 min}
          rules:
            - {id: visits, kind: dorm_visit_coverage, target: 0.9}
            - {id: talks, kind: talk_coverage, target: 0.5}
            - {id: crisis, kind: crisis_response, target: 30 min}
        """

    /// The trace's rows: (time, entity, class, station, event).
    static func traceRows(_ file: URL) throws -> [(time: Double, entity: Int, classId: String, station: String, event: String)] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let c = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (Double(c[1])!, Int(c[2])!, c[3], c[4], c[5])
        }
    }

    static func estimateMean(_ summary: [String: Any], _ section: String, _ key: String) -> Double? {
        (((summary["campus"] as? [String: Any])?[section] as? [String: Any])?[key] as? [String: Any])?["mean"] as? Double
    }

    @Test("every service-center and crisis measure equals a direct count of the trace; arrivals fall inside opening hours; no talk or visit without hours")
    func measuresAgreeWithTrace() throws {
        let (dir, file) = try CLITests.scenarioFile(Self.scenario, named: "counted-campus.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), trace = dir.appendingPathComponent("trace.csv")
        let outcome = try CLITests.onestop(["run", file.path, "--out", out.path, "--trace", trace.path, "--report", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try CLITests.json(out, "summary.json")
        let rows = try Self.traceRows(trace)
        let counters: Set<String> = ["all_purpose", "finance_desk"]
        let categories = ["records", "finance"]

        var entered: [Int: Double] = [:], arrivedAt: [Int: Double] = [:], returned = Set<Int>(), answered = Set<Int>()
        var visits: [String: Int] = [:], served: [String: Int] = [:], waitSum: [String: Double] = [:]
        var within: [String: Int] = [:], abandoned: [String: Int] = [:], exits = 0, oneVisit = 0
        var crisisWaits: [Double] = []
        var outside: [Double] = []
        for r in rows {
            if entered[r.entity] == nil {
                entered[r.entity] = r.time
                if categories.contains(r.classId) {
                    let time = r.time.truncatingRemainder(dividingBy: 1440)
                    if time < 480 || time >= 990 { outside.append(r.time) }
                }
            }
            switch r.event {
            case "arrive" where counters.contains(r.station):
                visits[r.classId, default: 0] += 1
                arrivedAt[r.entity] = r.time
            case "arrive" where r.station == "returning":
                returned.insert(r.entity)
            case "start" where counters.contains(r.station):
                if let t = arrivedAt.removeValue(forKey: r.entity) {
                    served[r.classId, default: 0] += 1
                    waitSum[r.classId, default: 0] += r.time - t
                    if r.time - t <= 10 { within[r.classId, default: 0] += 1 }
                }
            case "start" where r.classId == "on_call.crisis":
                if answered.insert(r.entity).inserted { crisisWaits.append(r.time - entered[r.entity]!) }
            case "abandon" where counters.contains(r.station):
                abandoned[r.classId, default: 0] += 1
            case "exit" where counters.contains(r.station):
                exits += 1
                if !returned.contains(r.entity) { oneVisit += 1 }
            default:
                break
            }
        }
        #expect(outside.isEmpty, "students arrived while the center was closed, at \(outside.prefix(5))")
        let total = { (d: [String: Int]) in d.values.reduce(0, +) }
        #expect(total(abandoned) > 20, "the counters should be tight enough for some to give up")
        let close = { (a: Double?, b: Double) in a.map { abs($0 - b) <= 1e-9 * max(1, abs(b)) } ?? false }
        #expect(close(Self.estimateMean(summary, "service_center", "mean_wait"), waitSum.values.reduce(0, +) / Double(total(served))))
        #expect(close(Self.estimateMean(summary, "service_center", "counter_visits_per_week"), Double(total(visits)) / 2))
        #expect(close(Self.estimateMean(summary, "service_center", "service_level"), Double(total(within)) / Double(total(served) + total(abandoned))))
        #expect(close(Self.estimateMean(summary, "service_center", "one_visit_rate"), Double(oneVisit) / Double(exits)))

        // campus_categories.csv: per category, and the categories add up to the campus.
        let table = String(decoding: try CLITests.contents(out, "campus_categories.csv"), as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = table[0]
        func column(_ name: String) -> Int { header.firstIndex(of: name)! }
        var visitSum = 0.0
        for row in table.dropFirst() {
            let k = row[column("category")]
            let v = Double(row[column("counter_visits_per_week")])!
            visitSum += v
            #expect(close(v, Double(visits[k]!) / 2), "\(k) visits")
            #expect(close(Double(row[column("mean_wait")]), waitSum[k]! / Double(served[k]!)), "\(k) wait")
            #expect(close(Double(row[column("p_abandon")]), Double(abandoned[k] ?? 0) / Double(visits[k]!)), "\(k) abandonment")
        }
        #expect(close(visitSum, Self.estimateMean(summary, "service_center", "counter_visits_per_week")!))

        // Crisis calls: the share answered at once, the mean wait and the share past 30 minutes, counted.
        let n = Double(crisisWaits.count)
        #expect(crisisWaits.count > 100)
        #expect(close(Self.estimateMean(summary, "counselors", "crisis_answered_at_once"), Double(crisisWaits.filter { $0 == 0 }.count) / n))
        #expect(close(Self.estimateMean(summary, "counselors", "crisis_mean_wait"), crisisWaits.reduce(0, +) / n))
        #expect(close(Self.estimateMean(summary, "counselors", "crisis_wait_over_target"), Double(crisisWaits.filter { $0 > 30 }.count) / n))
        #expect(close(Self.estimateMean(summary, "counselors", "crisis_calls_per_week"), n / 2))
        let sorted = crisisWaits.sorted(), h = 0.95 * (n - 1), lo = Int(h)
        #expect(close(Self.estimateMean(summary, "counselors", "crisis_response_p95"), sorted[lo] + (h - Double(lo)) * (sorted[lo + 1] - sorted[lo])))

        // No talk hours: no one talked with, though students asked; no dormitory hours: no building visited.
        #expect(Self.estimateMean(summary, "counselors", "talk_coverage") == 0)
        #expect((Self.estimateMean(summary, "counselors", "unmet_talk_requests") ?? 0) > 0)
        #expect(Self.estimateMean(summary, "counselors", "dorm_visit_coverage") == 0)
        let rules = try #require(summary["rules"] as? [[String: Any]])
        // The rules read those zeros (one replication: no interval to judge by, but never a pass).
        #expect(rules.prefix(2).map { $0["value"] as? Double } == [0, 0])
        #expect(rules.allSatisfy { $0["status"] as? String != "pass" })

        // Counts are whole numbers where the report shows them.
        let html = String(decoding: try CLITests.contents(out, "report.html"), as: UTF8.self)
        #expect(html.contains("<th scope=\"row\">colleges</th><td>2</td>"), "the grid's count of colleges")
        #expect(html.contains("<th scope=\"row\">students</th><td>2000</td>"))
    }

    /// Every CSV column of a result directory is described in its columns.json, and nothing else is.
    static func expectDictionary(_ dir: URL, timeUnit: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let dictionary = try CLITests.json(dir, "columns.json")
        #expect(dictionary["time_unit"] as? String == timeUnit, sourceLocation: sourceLocation)
        let files = try #require(dictionary["files"] as? [[String: Any]], sourceLocation: sourceLocation)
        let csvs = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".csv") }.sorted()
        #expect(files.compactMap { $0["file"] as? String }.sorted() == csvs, sourceLocation: sourceLocation)
        for entry in files {
            let name = entry["file"] as! String
            let header = String(decoding: try CLITests.contents(dir, name), as: UTF8.self).prefix { $0 != "\n" }
                .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let columns = try #require(entry["columns"] as? [[String: Any]], sourceLocation: sourceLocation)
            #expect(columns.compactMap { $0["name"] as? String } == header, "\(name)", sourceLocation: sourceLocation)
            #expect(entry["rows"] is String, "\(name) says what a row is", sourceLocation: sourceLocation)
            for column in columns {
                let what = "\(name): \(column["name"] ?? "?")"
                #expect((column["description"] as? String)?.isEmpty == false, "\(what) has no description", sourceLocation: sourceLocation)
                for key in ["unit", "time_unit", "basis"] { #expect(column.keys.contains(key), "\(what) lacks \(key)", sourceLocation: sourceLocation) }
                // A unit that is the time unit, or a rate per it, names the time unit.
                if let unit = column["unit"] as? String, unit == timeUnit || unit.hasSuffix("per \(timeUnit)") {
                    #expect(column["time_unit"] as? String == timeUnit, "\(what)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test("columns.json describes every column of every CSV file that run, compare and optimize write")
    func dataDictionary() throws {
        let run = CLITests.temporaryDirectory(), compare = CLITests.temporaryDirectory(), plan = CLITests.temporaryDirectory()
        defer { for u in [run, compare, plan] { try? FileManager.default.removeItem(at: u) } }
        #expect(try CLITests.onestop(["run", "scenarios/campus-baseline.yaml", "--replications", "2", "--out", run.path, "--quiet"]).status == 0)
        try Self.expectDictionary(run, timeUnit: "minute")
        let times = run.appendingPathComponent("sampled")
        // service-center.yaml samples its queues (run.sample_every): timeseries.csv too.
        let sampledRun = try CLITests.onestop(["run", "scenarios/service-center.yaml", "--replications", "2", "--out", times.path, "--quiet"])
        #expect(sampledRun.status == 0, "\(sampledRun.stderr)")
        #expect(FileManager.default.fileExists(atPath: times.appendingPathComponent("timeseries.csv").path))
        try Self.expectDictionary(times, timeUnit: "minute")
        #expect(try CLITests.onestop(["compare", "scenarios/campus-baseline.yaml", "scenarios/campus-fewer-counselors.yaml",
                                      "--replications", "2", "--out", compare.path, "--quiet"]).status == 0)
        try Self.expectDictionary(compare, timeUnit: "minute")
        let (dir, file) = try CLITests.scenarioFile(CounselorAssignmentCLITests.scenario, named: "campus.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let optimize = try CLITests.onestop(["optimize", file.path, "--out", plan.path, "--quiet"])
        #expect(optimize.status == 0, "\(optimize.stderr)")
        try Self.expectDictionary(plan, timeUnit: "minute")
        // Booleans are written one way in every file: true or false.
        for name in ["plan.csv", "pareto.csv"] {
            let text = String(decoding: try CLITests.contents(plan, name), as: UTF8.self)
            #expect(!text.contains(",yes") && !text.contains(",no,") && !text.contains(",no\n"), "\(name)")
            #expect(text.contains(",true") || text.contains(",false"), "\(name)")
        }
    }

    /// Loads a copy of `page` with the probe script added and returns what the probe read.
    static func probe(_ page: URL) throws -> [String: Any] {
        guard let chromium = Tools.chromium else { throw CLITests.Failure("Chromium is not installed (make test installs it)") }
        let script = try String(contentsOf: CLITests.root.appendingPathComponent("Tests/CLITests/Fixtures/report-probe.js"), encoding: .utf8)
        let html = try String(contentsOf: page, encoding: .utf8).replacingOccurrences(of: "</body>", with: "<script>\(script)</script></body>")
        let copy = page.deletingLastPathComponent().appendingPathComponent("probed-\(page.lastPathComponent)")
        try html.write(to: copy, atomically: true, encoding: .utf8)
        let profile = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: profile) }
        let dom = try Tools.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                                           "--user-data-dir=\(profile.path)", "--window-size=1366,900", "--dump-dom", copy.absoluteString])
        guard dom.status == 0, let start = dom.stdout.range(of: "data-probe=\"") else { throw CLITests.Failure("no probe output: \(dom.stderr)") }
        let raw = String(dom.stdout[start.upperBound...].prefix { $0 != "\"" })
        let json = raw.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    @Test("the rendered report: legend swatches match their lines, no utilisation after closing, rule text set left, a comparison of a sane height",
          .enabled(if: Tools.chromiumAvailable))
    func reportInBrowser() throws {
        let run = CLITests.temporaryDirectory(), compare = CLITests.temporaryDirectory()
        defer { for u in [run, compare] { try? FileManager.default.removeItem(at: u) } }
        #expect(try CLITests.onestop(["run", "scenarios/campus-baseline.yaml", "--replications", "2", "--out", run.path, "--report", "--quiet"]).status == 0)
        let page = try Self.probe(run.appendingPathComponent("report.html"))

        // Each swatch is its series' colour, as the browser paints both; every charted station is in the legend.
        let legends = try #require(page["legends"] as? [[String: Any]])
        #expect(legends.count >= 8)
        for entry in legends {
            #expect(entry["stroke"] as? String != nil && entry["swatch"] as? String == entry["stroke"] as? String, "\(entry)")
        }
        let onCall = legends.first { $0["series"] as? String == "on_call" }, allPurpose = legends.first { $0["series"] as? String == "all_purpose" }
        #expect(onCall?["swatch"] as? String != allPurpose?["swatch"] as? String)

        // The center closes at 17:30: no counter shows utilisation from 18:00 on, nor before opening.
        let cells = try #require(page["heatCells"] as? [String])
        #expect(cells.contains { $0.hasPrefix("all_purpose 17:00") })
        for counter in ["all_purpose", "finance", "international_desk"] {
            for hour in [0, 6, 7, 18, 19, 23] {
                let label = "\(counter) \(String(format: "%02d", hour)):00"
                #expect(!cells.contains { $0.hasPrefix(label + " ") }, "\(label) is shaded though the center is closed")
            }
        }

        // Rule descriptions are words, set left, also the one that starts with a number.
        let rules = try #require(page["ruleCells"] as? [[String: Any]])
        #expect(rules.contains { ($0["text"] as? String)?.hasPrefix("80%") == true })
        for rule in rules { #expect(rule["align"] as? String == "left", "\(rule)") }

        #expect(try CLITests.onestop(["compare", "scenarios/campus-baseline.yaml", "scenarios/campus-fewer-counselors.yaml", "--replications", "2",
                                      "--out", compare.path, "--report", "--quiet"]).status == 0)
        let comparison = try Self.probe(compare.appendingPathComponent("report.html"))
        let height = try #require(comparison["height"] as? Int)
        #expect(height < 6000, "the comparison page is \(height) px tall")
        for entry in comparison["legends"] as? [[String: Any]] ?? [] {
            #expect(entry["swatch"] as? String == entry["stroke"] as? String, "\(entry)")
        }
    }
}

import Foundation
import Testing

/// End-to-end tests that run the built `onestop` binary.
@Suite("onestop command line")
struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["ONESTOP_BIN"] { return URL(fileURLWithPath: path) }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("onestop")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/release/onestop")
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func onestop(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryDirectory() -> URL {
        URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("onestop-cli-\(UUID().uuidString)")
    }

    /// A new temporary directory holding `text` as the scenario file `name`: (the directory, the file).
    static func scenarioFile(_ text: String, named name: String) throws -> (dir: URL, file: URL) {
        let dir = temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (dir, file)
    }

    static func contents(_ dir: URL, _ name: String) throws -> Data {
        try Data(contentsOf: dir.appendingPathComponent(name))
    }

    @Test("run writes summary.json, replications.csv and hourly.csv as the spec says, and nothing else")
    func runWritesResults() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try Self.onestop(["run", "scenarios/single-desk.yaml", "--out", dir.path, "--replications", "3", "--seed", "7", "--jobs", "2", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == [".onestop", "columns.json", "hourly.csv", "replications.csv", "summary.json"])

        let summary = try JSONSerialization.jsonObject(with: Self.contents(dir, "summary.json")) as! [String: Any]
        #expect(summary["scenario"] as? String == "single-desk")
        #expect(summary["seed"] as? Int == 7)
        #expect(summary["replications"] as? Int == 3)
        #expect(summary["time_unit"] as? String == "hour")
        let desk = (summary["stations"] as! [String: Any])["desk"] as! [String: Any]
        let measures = ["mean_wait", "p_wait", "mean_queue_length", "mean_in_system", "utilization", "throughput",
                        "p_blocked", "p_abandon", "mean_sojourn", "wait_p50", "wait_p90", "wait_p95", "service_level", "on_time_rate"]
        #expect(Set(desk.keys) == Set(measures))
        for m in measures.prefix(12) {
            let e = desk[m] as! [String: Any]
            #expect(e["mean"] is NSNumber && e["ci95"] is NSNumber, "\(m)")
        }
        // No wait target or deadline at this desk: those measures are undefined.
        #expect((desk["service_level"] as! [String: Any])["mean"] is NSNull)
        let utilization = (desk["utilization"] as! [String: Any])["mean"] as! Double
        #expect(abs(utilization - 4.962 / 7.729) < 0.03)
        #expect((summary["classes"] as! [String: Any])["default"] != nil)
        #expect((summary["system"] as! [String: Any])["mean_sojourn"] != nil)

        let csv = String(decoding: try Self.contents(dir, "replications.csv"), as: UTF8.self).split(separator: "\n")
        #expect(csv.first == "replication,station," + measures.joined(separator: ","))
        #expect(csv.count == 4)
        #expect(csv[1].hasPrefix("0,desk,"))
    }

    @Test("Same seed, same bytes, whatever --jobs is")
    func byteIdenticalAcrossJobs() throws {
        let a = Self.temporaryDirectory(), b = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        for (dir, jobs) in [(a, "1"), (b, "2")] {
            let outcome = try Self.onestop(["run", "scenarios/feedback-network.yaml", "--out", dir.path, "--replications", "4", "--jobs", jobs, "--quiet"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        for name in ["summary.json", "replications.csv"] {
            #expect(try Self.contents(a, name) == Self.contents(b, name), "\(name)")
        }
    }

    @Test("sample_every writes timeseries.csv from the warm-up on, on the simulation clock")
    func timeseries() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try Self.onestop(["run", "scenarios/desk-schedule.yaml", "--out", dir.path, "--replications", "2", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let rows = String(decoding: try Self.contents(dir, "timeseries.csv"), as: UTF8.self).split(separator: "\n")
        #expect(rows.first == "replication,time,station,in_queue,in_service,servers")
        // 30 days after a one-day warm-up, every 30 minutes, two replications.
        #expect(rows.count == 1 + 2 * 30 * 48)
        #expect(rows[1] == "0,1440,desk,0,0,0")
        let nine = rows.first { $0.hasPrefix("0,2010,") }   // 09:30 on day two
        #expect(nine?.hasSuffix(",3") == true)
    }

    @Test("An invalid scenario exits 2, prints located errors and writes nothing")
    func invalidScenario() throws {
        let dir = Self.temporaryDirectory()
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("broken-\(UUID().uuidString).yaml")
        try """
            stations:
              - id: desk
                servers: 2
                service: {dist: exponential, mean: -1}
            arrivals:
              - to: dsek
                rate: 1
            run: {duration: 100}
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try Self.onestop(["run", file.path, "--out", dir.path, "--quiet"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("\(file.path):4:40: error: stations[0].service.mean: must be greater than 0"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("\(file.path):6:9: error: arrivals[0].to:"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path))
        let validate = try Self.onestop(["validate", file.path])
        #expect(validate.status == 2)
    }

    @Test("Every scenario in scenarios/ validates", arguments: try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scenarios").path).filter { $0.hasSuffix(".yaml") }.sorted())
    func scenariosValidate(file: String) throws {
        let outcome = try Self.onestop(["validate", "scenarios/\(file)"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("valid"))
    }

    @Test("--version prints the version")
    func version() throws {
        let outcome = try Self.onestop(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }
}

@Suite("onestop command line: campus")
struct CampusCLITests {
    @Test("The campus baseline runs end to end: campus measures, rules and breakdowns")
    func baseline() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["run", "scenarios/campus-baseline.yaml", "--out", dir.path, "--replications", "3", "--jobs", "2"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("rules (judged by the 95% interval"))
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        for name in ["summary.json", "replications.csv", "campus_categories.csv", "campus_counters.csv", "campus_buildings.csv",
                     "campus_colleges.csv", "campus_rooms.csv", "campus_activities.csv"] {
            #expect(files.contains(name), "\(name)")
        }
        let summary = try JSONSerialization.jsonObject(with: CLITests.contents(dir, "summary.json")) as! [String: Any]
        let campus = try #require(summary["campus"] as? [String: Any])
        let required = [
            ("service_center", ["one_visit_rate", "mean_wait", "service_level", "online_on_time_rate"]),
            ("feedback", ["on_time_rate"]),
            ("counselors", ["dorm_visit_coverage", "talk_coverage", "crisis_response_p95", "crisis_calls_per_week", "crisis_answered_at_once",
                            "crisis_mean_wait", "crisis_wait_over_target", "weekly_hours"]),
            ("rooms", ["rejection_rate", "seat_utilization", "participants"]),
        ]
        for (section, keys) in required {
            let s = try #require(campus[section] as? [String: Any], "\(section)")
            for key in keys {
                let e = try #require(s[key] as? [String: Any], "\(section).\(key)")
                #expect(e["mean"] is NSNumber && e["ci95"] is NSNumber, "\(section).\(key)")
            }
        }
        let rules = try #require(summary["rules"] as? [[String: Any]])
        #expect(rules.count == 8)
        for rule in rules {
            #expect(["pass", "fail", "undecided"].contains(rule["status"] as? String))
            #expect(rule["id"] is String && rule["description"] is String && rule["target"] is NSNumber)
        }
        // 36,000 students over 240 counselors.
        #expect((rules.first { $0["id"] as? String == "moe_ratio" }?["value"] as? Double) == 150)
        let categories = String(decoding: try CLITests.contents(dir, "campus_categories.csv"), as: UTF8.self).split(separator: "\n")
        #expect(categories.count == 1 + 3 * 8)
    }

    @Test("Fewer counselors break the 1:200 ratio rule")
    func fewerCounselors() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["run", "scenarios/campus-fewer-counselors.yaml", "--out", dir.path, "--replications", "2", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try JSONSerialization.jsonObject(with: CLITests.contents(dir, "summary.json")) as! [String: Any]
        let rules = try #require(summary["rules"] as? [[String: Any]])
        let ratio = try #require(rules.first { $0["id"] as? String == "moe_ratio" })
        #expect(ratio["status"] as? String == "fail")
        #expect(abs((ratio["value"] as? Double ?? 0) - 36000.0 / 168) < 1e-9)
    }
}

extension CampusCLITests {
    @Test("compare pairs campus measures: fewer counselors lower talk coverage, the service center is untouched")
    func compareCampus() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["compare", "scenarios/campus-baseline.yaml", "scenarios/campus-fewer-counselors.yaml",
                                            "--replications", "3", "--out", dir.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let doc = try JSONSerialization.jsonObject(with: CLITests.contents(dir, "compare.json")) as! [String: Any]
        let rows = ((doc["comparisons"] as! [[String: Any]])[0]["measures"] as! [[String: Any]]).filter { $0["scope"] as? String == "campus" }
        func difference(_ measure: String) -> (mean: Double, significant: Bool)? {
            guard let row = rows.first(where: { $0["measure"] as? String == measure }),
                  let d = row["difference"] as? [String: Any], let mean = d["mean"] as? Double else { return nil }
            return (mean, row["significant"] as? Bool ?? false)
        }
        let talks = try #require(difference("counselors.talk_coverage"))
        #expect(talks.mean < 0 && talks.significant)
        // Common random numbers: the counters see the same students in both scenarios.
        #expect(difference("service_center.mean_wait")?.mean == 0)
    }
}

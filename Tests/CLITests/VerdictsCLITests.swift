import Foundation
import Testing

/// `run --precision` and the decision screen of `compare`, through the binary.
@Suite("Verdicts, precision and decisions (CLI)")
struct VerdictsCLITests {
    /// The replications a `--precision` run settled on, from its last line.
    static func settled(_ stdout: String) -> Int? {
        guard let line = stdout.split(separator: "\n").last(where: { $0.hasPrefix("precision: ") }) else { return nil }
        return Int(line.dropFirst("precision: ".count).prefix { $0.isNumber })
    }

    @Test("run --precision stops when the named measure is precise; its files are byte for byte those of --replications at that count")
    func precisionMatchesFixedCount() throws {
        let a = CLITests.temporaryDirectory(), b = CLITests.temporaryDirectory()
        defer { for u in [a, b] { try? FileManager.default.removeItem(at: u) } }
        let outcome = try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--precision", "10%", "--precision-on", "stations.desk.mean_wait",
                                            "--replications", "3", "--batch", "2", "--max-replications", "400", "--out", a.path, "--jobs", "2"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let n = try #require(Self.settled(outcome.stdout), "\(outcome.stdout)")
        #expect(n > 3 && n < 400 && (n - 3) % 2 == 0, "\(n)")
        #expect(outcome.stdout.contains("stopped because every measure named is within ± 10% of the mean"), "\(outcome.stdout)")
        let fixed = try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--replications", "\(n)", "--out", b.path, "--quiet", "--jobs", "1"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
        #expect(files == (try FileManager.default.contentsOfDirectory(atPath: b.path).sorted()))
        #expect(files.contains("summary.json") && files.contains("replications.csv"))
        for name in files { #expect(try CLITests.contents(a, name) == CLITests.contents(b, name), "\(name)") }
        let summary = try CLITests.json(a, "summary.json")
        #expect(summary["replications"] as? Int == n)
    }

    @Test("run --precision on a campus stops when every rule is decided, and says so; no rule is left undecided")
    func precisionDecidesRules() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["run", "scenarios/campus-fewer-counselors.yaml", "--precision", "0.001", "--replications", "3",
                                            "--batch", "3", "--max-replications", "60", "--out", dir.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("stopped because every rule is decided"), "\(outcome.stdout)")
        let summary = try CLITests.json(dir, "summary.json")
        let rules = try #require(summary["rules"] as? [[String: Any]])
        #expect(!rules.isEmpty)
        for rule in rules {
            let status = rule["status"] as? String
            #expect(status == "pass" || status == "fail", "\(rule)")
            // A verdict agrees with the whole interval.
            let value = rule["value"] as! Double, ci = rule["ci95"] as! Double, target = rule["target"] as! Double
            let atMost = rule["passes_when"] as? String == "at_most"
            let pass = atMost ? value + ci <= target : value - ci >= target
            #expect((status == "pass") == pass, "\(rule)")
            #expect(rule["replications_to_decide"] is NSNull)
        }
        #expect(Self.settled(outcome.stdout) == summary["replications"] as? Int)
    }

    @Test("--precision refuses what it cannot use: an unknown measure, a scenario without rules and no measure, a bad value, --shard")
    func precisionErrors() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let unknown = try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--precision", "0.1", "--precision-on", "stations.nowhere.mean_wait", "--out", dir.path])
        #expect(unknown.status == 2 && unknown.stderr.contains("no station 'nowhere' (stations: desk)"), "\(unknown.stderr)")
        let noRules = try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--precision", "0.1", "--out", dir.path])
        #expect(noRules.status == 2 && noRules.stderr.contains("has no rules to decide"), "\(noRules.stderr)")
        for bad in [["--precision", "-1"], ["--precision", "abc%"], ["--precision", "0.1", "--shard", "0/2"], ["--precision-on", "system.throughput"]] {
            let outcome = try CLITests.onestop(["run", "scenarios/single-desk.yaml", "--out", dir.path] + bad)
            #expect(outcome.status != 0 && outcome.stderr.contains("--precision"), "\(bad): \(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("summary.json").path))
    }

    @Test("compare prints a decision screen of at most 40 lines: rules side by side, staff-hours, flagged differences marked better or worse")
    func decisionScreen() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["compare", "scenarios/campus-baseline.yaml", "scenarios/campus-fewer-counselors.yaml",
                                            "--replications", "3", "--out", dir.path, "--jobs", "2"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count <= 41, "\(lines.count) lines")
        let moe = try #require(lines.first { $0.hasPrefix("  moe_ratio") })
        #expect(moe.contains("pass  150") && moe.contains("FAIL  214.3"), "\(moe)")
        #expect(outcome.stdout.contains("staff-hours per week on shift"))
        #expect(outcome.stdout.contains("differ after Holm"))
        #expect(lines.contains { $0.hasSuffix("worse") } )

        let doc = try CLITests.json(dir, "compare.json")
        let comparison = (doc["comparisons"] as! [[String: Any]])[0]
        let decision = try #require(comparison["decision"] as? [String: Any])
        let rules = try #require(decision["rules"] as? [[String: Any]])
        let ratio = try #require(rules.first { $0["id"] as? String == "moe_ratio" })
        #expect((ratio["baseline"] as? [String: Any])?["status"] as? String == "pass")
        #expect((ratio["scenario"] as? [String: Any])?["status"] as? String == "fail")
        let measures = comparison["measures"] as! [[String: Any]]
        let flagged = measures.filter { $0["change_holm"] is String }
        #expect(flagged.count == decision["flagged_holm"] as? Int)
        for m in flagged {
            #expect((m["p_holm"] as! Double) <= 0.05 && (m["p_bh"] as! Double) <= (m["p_holm"] as! Double) + 1e-12, "\(m)")
            #expect((m["p_value"] as! Double) <= (m["p_holm"] as! Double))
        }
        // Fewer counselors: fewer talks given, and that is worse.
        let talks = try #require(measures.first { $0["measure"] as? String == "counselors.talk_coverage" })
        #expect(talks["direction"] as? String == "higher_is_better")
        #expect(talks["change_holm"] as? String == "worse", "\(talks)")

        let all = try CLITests.onestop(["compare", "scenarios/campus-baseline.yaml", "scenarios/campus-fewer-counselors.yaml",
                                        "--replications", "3", "--out", dir.path, "--all"])
        #expect(all.status == 0 && all.stdout.split(separator: "\n").count > measures.count, "\(all.stderr)")
    }

    @Test("Two variants that change only all_purpose's staffing leave finance exactly as it was: nothing couples them but the shared returning delay, and it draws per class")
    func unchangedCounter() throws {
        let dir = CLITests.temporaryDirectory()
        let more = try CLITests.variant(of: "scenarios/campus-baseline.yaml", [
            (#"- {from: "8:30",  to: "12:00", servers: 7}"#, #"- {from: "8:30",  to: "12:00", servers: 6}"#),
            (#"- {from: "13:30", to: "17:30", servers: 7}"#, #"- {from: "13:30", to: "17:30", servers: 6}"#),
            ("name: campus-baseline", "name: fewer-windows"),
        ])
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: more) }
        let outcome = try CLITests.onestop(["compare", "scenarios/campus-baseline.yaml", more.path, "--replications", "3", "--out", dir.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let measures = (try CLITests.json(dir, "compare.json")["comparisons"] as! [[String: Any]])[0]["measures"] as! [[String: Any]]
        let finance = measures.filter { $0["scope"] as? String == "station" && $0["id"] as? String == "finance" }
        #expect(finance.count > 5)
        for m in finance where !((m["baseline"] as! [String: Any])["mean"] is NSNull) {
            let d = m["difference"] as! [String: Any]
            #expect(d["mean"] as? Double == 0 && d["ci95"] as? Double == 0, "\(m)")
        }
        let allPurpose = measures.first { $0["id"] as? String == "all_purpose" && $0["measure"] as? String == "mean_wait" }!
        #expect((allPurpose["difference"] as! [String: Any])["mean"] as! Double > 0)
    }
}

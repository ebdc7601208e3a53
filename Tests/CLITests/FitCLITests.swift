import Foundation
import Testing

/// `onestop fit` and `onestop generate-log` through the built binary.
@Suite("onestop fit")
struct FitCLITests {
    @Test("The shipped example log fits into the baseline: every file, a valid scenario, located bad rows, no student key in any output")
    func example() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["fit", "examples/baseline-term.csv", "--map", "examples/baseline-term.map.yaml",
                                            "--into", "scenarios/campus-baseline.yaml", "--out", dir.path, "--bootstrap", "19"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for name in ["fit.json", "fit-report.html", "scenario.yaml", ".onestop"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name)")
        }
        #expect(outcome.stderr.contains("examples/baseline-term.csv:"), "bad rows are located")
        #expect(outcome.stderr.split(separator: "\n").contains { $0.hasPrefix("examples/baseline-term.csv:") && $0.contains(": error: taken: '26/02/2024 8:30' is not a time in ISO 8601") })
        let validate = try CLITests.onestop(["validate", dir.appendingPathComponent("scenario.yaml").path])
        #expect(validate.status == 0, "the fitted scenario validates: \(validate.stderr)")
        let scenario = try String(contentsOf: dir.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        #expect(scenario.contains("service: {dist: lognormal, mean: ") && scenario.contains("# fitted: n = "))
        // The as-is staffing: each counter group's servers as a weekly schedule, and the scenario runs.
        #expect(scenario.components(separatedBy: "servers: {period: 1w, schedule: [{from: 0, to: \"Mon 8:30\", servers: 0}").count == 4,
                "three counter groups with a fitted schedule")
        #expect(scenario.contains("# fitted as-is from the log: desks open per 30 min"))
        let run = try CLITests.onestop(["run", dir.appendingPathComponent("scenario.yaml").path, "--replications", "2", "--out", dir.appendingPathComponent("run").path, "--quiet"])
        #expect(run.status == 0, "the fitted scenario runs: \(run.stderr)")
        // No raw key: the log's student keys appear in no output file.
        let log = try String(contentsOf: CLITests.root.appendingPathComponent("examples/baseline-term.csv"), encoding: .utf8)
        let lines = log.split(separator: "\n")
        let studentColumn = try #require(lines.first?.split(separator: ",").firstIndex(of: "student"))
        let keys = lines.dropFirst().prefix(2000).compactMap { row -> Substring? in
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            return fields.count > studentColumn ? fields[studentColumn] : nil
        }.filter { $0.count > 2 }
        #expect(keys.count > 100)
        for name in ["fit.json", "fit-report.html", "scenario.yaml"] {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            let found = keys.first { text.contains(",\($0),") || text.contains("\"\($0)\"") || text.contains(" \($0) ") }
            #expect(found == nil, "\(name) holds the student key \(found ?? "")")
        }
        let json = try String(contentsOf: dir.appendingPathComponent("fit.json"), encoding: .utf8)
        // The example log (generate-log of the baseline, with its default --bad-rows 0.001) has 47 broken rows.
        #expect(json.contains("\"rows_dropped\": 47") && json.contains("\"unparseable_time\""))
    }

    @Test("--strict refuses a log with bad rows and writes nothing")
    func strict() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["fit", "examples/foreign-export.csv", "--map", "examples/foreign-export.map.yaml",
                                            "--into", "scenarios/campus-baseline.yaml", "--out", dir.path, "--strict", "--bootstrap", "0"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("examples/foreign-export.csv:42:2: error: Created: '2024-02-26 15:00' is not a time in the pattern \"%d.%m.%Y %H:%M:%S\""), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("examples/foreign-export.csv:43:6: error: Service: 'Parking permit' is not a service item in the mapping's items table"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("--strict refuses the file (nothing was written)"))
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test("A foreign layout works through its mapping file")
    func foreign() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["fit", "examples/foreign-export.csv", "--map", "examples/foreign-export.map.yaml",
                                            "--into", "scenarios/campus-baseline.yaml", "--out", dir.path, "--bootstrap", "0", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try String(contentsOf: dir.appendingPathComponent("fit.json"), encoding: .utf8)
        #expect(json.contains("\"rows_used\": 40") && json.contains("\"resolution_seconds\": 1"), "\(json.prefix(600))")
    }

    @Test("A broken mapping file is refused with located errors")
    func brokenMapping() throws {
        let (tmp, file) = try CLITests.scenarioFile("columns: {taken: A, calld: B, item: C}\ntimestamp: \"%H:%M\"\n", named: "map.yaml")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let outcome = try CLITests.onestop(["fit", "examples/foreign-export.csv", "--map", file.path, "--out", tmp.appendingPathComponent("out").path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("\(file.path):1:21: error: columns.calld: is not a field"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("\(file.path):2:12: error: timestamp: the pattern has no year"), "\(outcome.stderr)")
    }

    @Test("generate-log writes the same log for the same seed, and fit reads it back")
    func generate() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        for path in [a, b] {
            let outcome = try CLITests.onestop(["generate-log", "scenarios/campus-term-start.yaml", "--out", path, "--seed", "3", "--no-online"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
        let refused = try CLITests.onestop(["generate-log", "scenarios/single-desk.yaml", "--out", dir.appendingPathComponent("c.csv").path])
        #expect(refused.status == 2 && refused.stderr.contains("has no service center"))
        let fit = try CLITests.onestop(["fit", a, "--into", "scenarios/campus-term-start.yaml", "--out", dir.appendingPathComponent("fit").path, "--bootstrap", "0", "--quiet"])
        #expect(fit.status == 0, "\(fit.stderr)")
    }

    @Test("backtest of the baseline against its example log: every file, coverage near 95% for the visits")
    func backtest() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["backtest", "scenarios/campus-baseline.yaml", "examples/baseline-term.csv",
                                            "--out", dir.path, "--replications", "20", "--seed", "7"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for name in ["backtest.json", "backtest-hourly.csv", "backtest-report.html"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name)")
        }
        let line = try #require(outcome.stdout.split(separator: "\n").first { $0.hasPrefix("arrivals: ") })
        let coverage = Double(line.split(separator: " ")[3].dropLast()) ?? 0
        #expect(coverage >= 80, "\(line)")
        let refused = try CLITests.onestop(["backtest", "scenarios/single-desk.yaml", "examples/baseline-term.csv", "--out", dir.appendingPathComponent("x").path])
        #expect(refused.status == 2 && refused.stderr.contains("has no service center"))
    }

    @Test("backtest --replay runs the baseline on the example log's own first visits: the waits stay covered")
    func replay() throws {
        let dir = CLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLITests.onestop(["backtest", "scenarios/campus-baseline.yaml", "examples/baseline-term.csv", "--replay",
                                            "--out", dir.path, "--replications", "20", "--seed", "7"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("replaying 46622 first counter visits of examples/baseline-term.csv"))
        let json = try String(contentsOf: dir.appendingPathComponent("backtest.json"), encoding: .utf8)
        #expect(json.contains("\"arrivals\": \"replayed from the log\""))
        let line = try #require(outcome.stdout.split(separator: "\n").first { $0.hasPrefix("mean_wait: ") })
        let coverage = Double(line.split(separator: " ")[3].dropLast()) ?? 0
        #expect(coverage >= 80, "\(line)")
    }
}

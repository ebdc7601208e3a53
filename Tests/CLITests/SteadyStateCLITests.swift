import Foundation
import Testing

/// `run.warmup: auto` and `run.batches` through the binary: the terminal lines, summary.json's
/// `warmup` and `batches`, the report's MSER curve, bytes whatever `--jobs`, and the refusals.
@Suite("Warm-up from the data and batch means, end to end")
struct SteadyStateCLITests {
    static let startedFull = """
        name: mmc-full
        run: {duration: 20000, warmup: auto, replications: 6, seed: 11}
        stations:
          - {id: desk, servers: 2, service: {dist: exponential, mean: 1}, initial_in_system: 150}
        arrivals:
          - {to: desk, rate: 1.6}
        """

    static func object(_ any: Any?) -> [String: Any] { any as? [String: Any] ?? [:] }

    @Test("warmup auto: the choice and its MSER curve in summary.json, the terminal and the report; same bytes with --jobs 1 and 2")
    func warmupAutoIsReported() throws {
        let (dir, file) = try CLITests.scenarioFile(Self.startedFull, named: "mmc-full.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        var summaries: [Data] = []
        for jobs in ["1", "2"] {
            let out = dir.appendingPathComponent("out-\(jobs)")
            let outcome = try CLITests.onestop(["run", file.path, "--out", out.path, "--jobs", jobs, "--report"])
            #expect(outcome.status == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("warm-up (MSER-5 on 6 pooled replications): "), "\(outcome.stdout)")
            summaries.append(try CLITests.contents(out, "summary.json"))
            let report = String(decoding: try CLITests.contents(out, "report.html"), as: UTF8.self)
            #expect(report.contains("<section id=\"warmup\">") && report.contains("id=\"chart-mser-0\""))
        }
        #expect(summaries[0] == summaries[1])
        let summary = try JSONSerialization.jsonObject(with: summaries[0]) as! [String: Any]
        let warmup = Self.object(summary["warmup"])
        #expect(warmup["method"] as? String == "mser-5")
        #expect(warmup["batch_size"] as? Int == 5)
        let chosen = try #require(warmup["chosen"] as? Double)
        let desk = Self.object(Self.object(warmup["stations"])["desk"])
        #expect(desk["time"] as? Double == chosen)
        let curve = Self.object(desk["curve"])
        let mser = try #require(curve["mser"] as? [Double])
        let times = try #require(curve["time"] as? [Double])
        let dropped = try #require(curve["truncated_batches"] as? [Int])
        #expect(mser.count == times.count && mser.count == dropped.count && mser.count <= 201)
        // The chosen point is on the curve and is its least value.
        let d = try #require(desk["truncated_batches"] as? Int)
        let at = try #require(dropped.firstIndex(of: d))
        #expect(times[at] == chosen && mser[at] == mser.min())
        // 150 extra customers drain at about cμ − λ = 0.4 per minute: the choice cuts into that.
        #expect(chosen > 150 / 0.4 / 2)
    }

    @Test("run.batches: summary.json's batches, the lag-1 line, and the warning for tiny batches")
    func batchMeansAreReported() throws {
        let text = """
            name: mm1
            run: {duration: 100000, warmup: 100, batches: 5000, seed: 3}
            stations:
              - {id: desk, servers: 1, service: {dist: exponential, mean: 1}}
            arrivals:
              - {to: desk, rate: 0.8}
            """
        let (dir, file) = try CLITests.scenarioFile(text, named: "mm1.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let outcome = try CLITests.onestop(["run", file.path, "--out", out.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("1 replication in 5000 batches of 20"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("batch means: lag-1 autocorrelation of mean_wait over 5000 batches"), "\(outcome.stdout)")
        #expect(outcome.stderr.contains("warning: batch means: station desk's"), "\(outcome.stderr)")
        let summary = try JSONSerialization.jsonObject(with: CLITests.contents(out, "summary.json")) as! [String: Any]
        #expect(summary["replications"] as? Int == 1)
        let batches = Self.object(summary["batches"])
        #expect(batches["count"] as? Int == 5000 && (batches["length"] as? NSNumber)?.doubleValue == 20)
        let lag = Self.object(Self.object(Self.object(batches["lag1_autocorrelation"])["stations"])["desk"])
        #expect(try #require(lag["mean_queue_length"] as? Double) > 0.2)
        #expect((summary["warnings"] as? [String])?.contains { $0.hasPrefix("batch means: station desk's") } == true)
        let rows = String(decoding: try CLITests.contents(out, "replications.csv"), as: UTF8.self).split(separator: "\n")
        #expect(rows.count == 1 + 5000)

        let refused = try CLITests.onestop(["run", file.path, "--out", dir.appendingPathComponent("again").path, "--replications", "3"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error: --replications 3: run.batches (5000) cuts one long replication into batches"), "\(refused.stderr)")
    }
}

import Foundation
import Testing

/// Result folders, shard folders and scenario files are passed between people: a file someone
/// sends can name paths, plant links or mix runs, and none of it may make onestop write outside the
/// directory the user named or read a mix of two runs.
@Suite("Shared files: no writes outside the output directory, no mixed runs")
struct SharedFilesCLITests {
    typealias CLI = CLITests

    static let tiny = """
        run: {duration: 200, replications: 2, seed: 3}
        stations:
          - {id: desk, servers: 1, service: {dist: exponential, mean: 1}}
        arrivals: [{to: desk, rate: 0.5}]
        """

    static func run(_ dir: URL, _ extra: [String] = []) throws -> CLI.Outcome {
        let (_, file) = try CLI.scenarioFile(tiny, named: "tiny.yaml")
        return try CLI.onestop(["run", file.path, "--out", dir.path, "--quiet"] + extra)
    }

    @Test("A scenario name from a shared summary.json never becomes a path outside --out-dir")
    func notebookNameFromData() throws {
        let dir = CLI.temporaryDirectory(), notebooks = CLI.temporaryDirectory()
        defer { for d in [dir, notebooks] { try? FileManager.default.removeItem(at: d) } }
        #expect(try Self.run(dir).status == 0)
        let summary = dir.appendingPathComponent("summary.json")
        let text = try String(contentsOf: summary, encoding: .utf8)
        for hostile in ["/../../../x/thesis", "..", "a/b", "bell\u{7}"] {
            let edited = text.replacingOccurrences(of: "\"scenario\": \"tiny\"", with: "\"scenario\": \(String(data: try JSONSerialization.data(withJSONObject: hostile, options: .fragmentsAllowed), encoding: .utf8)!)")
            #expect(edited != text)
            try edited.write(to: summary, atomically: true, encoding: .utf8)
            // The digest check refuses the edited file; without the marker (a folder mailed without
            // its hidden file) the name check refuses it.
            try? FileManager.default.removeItem(at: dir.appendingPathComponent(".onestop"))
            let outcome = try CLI.onestop(["export", "notebook", dir.path, "--out-dir", notebooks.path, "--quiet"])
            #expect(outcome.status == 2, "\(hostile): \(outcome.stderr)")
            #expect(outcome.stderr.contains("cannot name the notebook"), "\(outcome.stderr)")
            #expect(!outcome.stderr.contains("\u{7}"), "control characters are escaped on the terminal")
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: notebooks.path)) ?? []).isEmpty)
    }

    @Test("Links planted where temporary files go are never written through")
    func plantedLinks() throws {
        let dir = CLI.temporaryDirectory(), victim = CLI.temporaryDirectory().appendingPathComponent("victim.txt")
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: victim.deletingLastPathComponent()) }
        try FileManager.default.createDirectory(at: victim.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "precious\n".write(to: victim, atomically: true, encoding: .utf8)
        #expect(try Self.run(dir).status == 0)
        // Links under the old fixed names (.NAME.PID.tmp) for a range of process ids.
        let next = ProcessInfo.processInfo.processIdentifier
        for pid in next..<(next + 400) {
            for name in ["summary.json", "replications.csv", "hourly.csv", ".onestop"] {
                try? FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent(".\(name).\(pid).tmp").path,
                                                            withDestinationPath: victim.path)
            }
        }
        #expect(try Self.run(dir).status == 0)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n")
    }

    @Test("Every output path is claimed: merge --out, run --shard, an empty --out, --trace onto the scenario or a stranger's file")
    func claims() throws {
        let mine = CLI.temporaryDirectory(), shards = CLI.temporaryDirectory()
        defer { for d in [mine, shards] { try? FileManager.default.removeItem(at: d) } }
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try "my notes\n".write(to: mine.appendingPathComponent("summary.json"), atomically: true, encoding: .utf8)
        let (_, scenario) = try CLI.scenarioFile(Self.tiny, named: "tiny.yaml")

        let shard = try CLI.onestop(["run", scenario.path, "--shard", "0/1", "--out", mine.path, "--quiet"])
        #expect(shard.status == 2 && shard.stderr.contains("not written by onestop"), "\(shard.stderr)")
        #expect(try CLI.onestop(["run", scenario.path, "--shard", "0/1", "--out", shards.path, "--quiet"]).status == 0)
        let merge = try CLI.onestop(["merge", shards.path, "--out", mine.path, "--quiet"])
        #expect(merge.status == 2 && merge.stderr.contains("not written by onestop"), "\(merge.stderr)")
        #expect(try String(contentsOf: mine.appendingPathComponent("summary.json"), encoding: .utf8) == "my notes\n")

        let empty = try CLI.onestop(["run", scenario.path, "--out", "", "--quiet"])
        #expect(empty.status == 2 && empty.stderr.contains("empty path"), "\(empty.stderr)")

        let out = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: out) }
        let before = try Data(contentsOf: scenario)
        let onto = try CLI.onestop(["run", scenario.path, "--out", out.path, "--trace", scenario.path, "--quiet", "--force"])
        #expect(onto.status == 2 && onto.stderr.contains("is the input"), "\(onto.stderr)")
        #expect(try Data(contentsOf: scenario) == before)
        let stranger = mine.appendingPathComponent("summary.json")
        let over = try CLI.onestop(["run", scenario.path, "--out", out.path, "--trace", stranger.path, "--quiet"])
        #expect(over.status == 2 && over.stderr.contains("not written by onestop"), "\(over.stderr)")
        // A trace onestop wrote may be written again.
        let trace = out.deletingLastPathComponent().appendingPathComponent("trace-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: trace) }
        for _ in 0..<2 {
            let again = try CLI.onestop(["run", scenario.path, "--out", out.path, "--trace", trace.path, "--quiet"])
            #expect(again.status == 0, "\(again.stderr)")
        }
    }

    @Test("A directory whose files come from two runs is refused by report and export; an entry in the way is found first")
    func mixedRuns() throws {
        let a = CLI.temporaryDirectory(), b = CLI.temporaryDirectory()
        defer { for d in [a, b] { try? FileManager.default.removeItem(at: d) } }
        #expect(try Self.run(a).status == 0)
        #expect(try Self.run(b, ["--seed", "99"]).status == 0)
        #expect(try CLI.onestop(["report", a.path, "--quiet"]).status == 0, "one run's files are read")
        let hourly = "hourly.csv"
        try FileManager.default.removeItem(at: a.appendingPathComponent(hourly))
        try FileManager.default.copyItem(at: b.appendingPathComponent(hourly), to: a.appendingPathComponent(hourly))
        let report = try CLI.onestop(["report", a.path, "--quiet"])
        #expect(report.status == 2 && report.stderr.contains("does not belong"), "\(report.stderr)")

        // A directory named like a result file: refused before any file is replaced.
        let c = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: c) }
        #expect(try Self.run(c).status == 0)
        let summaryBefore = try CLI.contents(c, "summary.json")
        try FileManager.default.removeItem(at: c.appendingPathComponent(hourly))
        try FileManager.default.createDirectory(at: c.appendingPathComponent(hourly), withIntermediateDirectories: false)
        let blocked = try Self.run(c, ["--seed", "5"])
        #expect(blocked.status != 0 && blocked.stderr.contains("in the way"), "\(blocked.stderr)")
        #expect(try CLI.contents(c, "summary.json") == summaryBefore, "nothing was replaced")
    }

    @Test("A trace past its size limit is refused before the run, in words, and leaves no part behind")
    func traceSize() throws {
        let (dir, scenario) = try CLI.scenarioFile("""
            run: {duration: 10000000, replications: 2, seed: 3}
            stations:
              - {id: desk, servers: infinite, service: {dist: exponential, mean: 1}}
            arrivals: [{to: desk, rate: 1000}]
            """, named: "big.yaml")
        let out = CLI.temporaryDirectory()
        defer { for d in [dir, out] { try? FileManager.default.removeItem(at: d) } }
        let trace = dir.appendingPathComponent("events.csv")
        let outcome = try CLI.onestop(["run", scenario.path, "--out", out.path, "--trace", trace.path, "--quiet"])
        #expect(outcome.status == 2 && outcome.stderr.contains("the trace would take about"), "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["big.yaml"])
    }

    /// A 256 KiB file system of its own (tmpfs), for a disk that fills; `nil` where it cannot be
    /// mounted (not root, or no mount permission in a container).
    static func smallDisk() -> URL? {
        guard getuid() == 0 else { return nil }
        let dir = CLI.temporaryDirectory()
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=256k", "tmpfs", dir.path]
        mount.standardError = FileHandle.nullDevice
        guard (try? mount.run()) != nil else { return nil }
        mount.waitUntilExit()
        return mount.terminationStatus == 0 ? dir : nil
    }

    static func unmount(_ dir: URL) {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = [dir.path]
        try? umount.run()
        umount.waitUntilExit()
        try? FileManager.default.removeItem(at: dir)
    }

    @Test("A full disk: the results are refused in words, the folder keeps what it held, no temporary file is left; a trace that cannot fit is refused before the run",
          .enabled(if: Self.smallDisk().map { Self.unmount($0); return true } ?? false))
    func fullDisk() throws {
        let disk = try #require(Self.smallDisk())
        defer { Self.unmount(disk) }
        // Fill the disk but for a few KiB: smaller than the results of a run.
        let filler = disk.appendingPathComponent("filler")
        FileManager.default.createFile(atPath: filler.path, contents: Data(count: 256 * 1024 - 12 * 1024))
        let out = disk.appendingPathComponent("results")
        let full = try CLI.onestop(["run", "scenarios/service-center.yaml", "--out", out.path, "--replications", "3", "--quiet"])
        #expect(full.status != 0)
        #expect(full.stderr.contains("the disk is full"), "\(full.stderr)")
        #expect(!full.stderr.contains("NSCocoaErrorDomain"), "\(full.stderr)")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(!left.contains { $0.hasSuffix(".tmp") || $0 == "summary.json" }, "\(left)")

        // A trace larger than half the free space is refused before the run, the results elsewhere untouched.
        let elsewhere = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let trace = try CLI.onestop(["run", "scenarios/single-desk.yaml", "--out", elsewhere.path, "--replications", "2",
                                     "--trace", disk.appendingPathComponent("events.csv").path, "--quiet"])
        #expect(trace.status == 2, "\(trace.stderr)")
        #expect(trace.stderr.contains("free"), "\(trace.stderr)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path).sorted() == ["filler", "results"].filter {
            FileManager.default.fileExists(atPath: disk.appendingPathComponent($0).path) })
    }
}

import Foundation
import Testing

/// The CLI reads scenario files: missing, oversized and directory paths are located errors, and a
/// file's name names the scenario.
@Suite struct ScenarioFileCLITests {
    static let minimal = """
        run: {duration: 100}
        stations:
          - {id: desk, servers: 1, service: {dist: exponential, mean: 1}}
        arrivals:
          - {to: desk, rate: 0.5}
        """

    @Test("A missing file and a directory are errors at the path, exit 2")
    func missingFileAndDirectory() throws {
        let dir = CLITests.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("absent.yaml").path
        let absent = try CLITests.onestop(["validate", missing])
        #expect(absent.status == 2)
        #expect(absent.stderr == "\(missing):1:1: error: no such file\n")
        let directory = try CLITests.onestop(["validate", dir.path])
        #expect(directory.status == 2)
        #expect(directory.stderr == "\(dir.path):1:1: error: is a directory, not a scenario file\n")
    }

    @Test("A file larger than the limit is refused without being read")
    func fileSizeLimit() throws {
        let dir = CLITests.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("huge.yaml")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        let limit = 64 << 20
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(limit) + 1)   // sparse: no disk used
        try handle.close()
        let outcome = try CLITests.onestop(["validate", url.path])
        #expect(outcome.status == 2)
        #expect(outcome.stderr == "\(url.path):1:1: error: the file holds \(limit + 1) bytes; a scenario file may hold at most \(limit)\n")
    }

    @Test("The file's stem names the scenario, and diagnostics carry the file's path")
    func stemNamesTheScenario() throws {
        let (dir, file) = try CLITests.scenarioFile(Self.minimal, named: "mm10.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let run = try CLITests.onestop(["run", file.path, "--out", out.path, "--replications", "1", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: CLITests.contents(out, "summary.json")) as? [String: Any]
        #expect(summary?["scenario"] as? String == "mm10")

        let bad = dir.appendingPathComponent("bad.yaml")
        try Self.minimal.replacingOccurrences(of: "rate: 0.5", with: "rate: -1").write(to: bad, atomically: true, encoding: .utf8)
        let invalid = try CLITests.onestop(["validate", bad.path])
        #expect(invalid.status == 2)
        #expect(invalid.stderr == "\(bad.path):5:22: error: arrivals[0].rate: must be greater than 0, found -1\n")
    }
}

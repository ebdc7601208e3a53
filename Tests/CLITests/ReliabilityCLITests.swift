import Foundation
import Testing

/// What `onestop run` promises about its output directory, interruptions, sizes and repeatability.
@Suite("onestop run: atomic, interruptible, bounded, reproducible")
struct ReliabilityCLITests {
    typealias CLI = CLITests

    static func write(_ text: String, name: String = "scenario") throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("\(name)-\(UUID().uuidString).yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func files(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    /// A run that writes a time series of about 1.3 million rows, for interrupting while it writes.
    static let sampled = """
        run: {duration: 160000, replications: 2, sample_every: 0.5, seed: 5}
        stations:
          - {id: desk, servers: 2, service: {dist: exponential, mean: 1}}
          - {id: back, servers: 2, service: {dist: exponential, mean: 1}}
        arrivals: [{to: desk, rate: 1.5}]
        routing:
          desk: [{to: back, p: 0.5}, {to: exit, p: 0.5}]
        """

    /// A run long enough to be interrupted mid-simulation (tens of seconds).
    static let long = """
        run: {duration: 3000000, replications: 8, seed: 9}
        stations:
          - {id: desk, servers: 4, service: {dist: exponential, mean: 1}}
        arrivals: [{to: desk, rate: 3.5}]
        """

    // MARK: Reproducibility

    @Test("Same scenario and seed: byte-identical files across repeated runs and across --jobs 1 and 2")
    func byteIdentical() throws {
        let dirs = (0..<4).map { _ in CLI.temporaryDirectory() }
        defer { for dir in dirs { try? FileManager.default.removeItem(at: dir) } }
        for (dir, arguments) in zip(dirs, [["--jobs", "1"], ["--jobs", "2"], ["--jobs", "2"], ["--jobs", "2", "--seed", "8"]]) {
            let outcome = try CLI.onestop(["run", "scenarios/desk-schedule.yaml", "--out", dir.path, "--replications", "3", "--quiet"] + arguments)
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let names = ["summary.json", "replications.csv", "hourly.csv", "timeseries.csv", "columns.json", ".onestop"]
        #expect(Self.files(dirs[0]) == names.sorted())
        for name in names {
            let first = try CLI.contents(dirs[0], name)
            #expect(try first == CLI.contents(dirs[1], name), "\(name): --jobs 1 and 2 differ")
            #expect(try first == CLI.contents(dirs[2], name), "\(name): two runs differ")
        }
        // Another seed gives other numbers: the comparison above can fail.
        #expect(try CLI.contents(dirs[0], "replications.csv") != CLI.contents(dirs[3], "replications.csv"))
    }

    @Test("summary.json records the seed, the OneStop version and the SHA-256 of the scenario file")
    func provenance() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLI.onestop(["run", "scenarios/priority-desk.yaml", "--out", dir.path, "--replications", "2", "--seed", "42", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = try JSONSerialization.jsonObject(with: CLI.contents(dir, "summary.json")) as! [String: Any]
        #expect(summary["seed"] as? Int == 42)
        #expect(summary["onestop_version"] as? String == (try CLI.onestop(["--version"])).stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        let hash = try #require(summary["scenario_sha256"] as? String)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [CLI.root.appendingPathComponent("scenarios/priority-desk.yaml").path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(printed.hasPrefix(hash + " "))
        }
        #expect(hash.count == 64 && hash.allSatisfy(\.isHexDigit))
    }

    // MARK: The output directory

    @Test("run refuses a non-empty directory that onestop did not write, unless --force")
    func foreignDirectory() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "my notes".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let refused = try CLI.onestop(["run", "scenarios/single-desk.yaml", "--out", dir.path, "--replications", "2", "--quiet"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("error: \(dir.path) is not empty and was not written by onestop (it has no .onestop file); choose another --out, or pass --force"), "\(refused.stderr)")
        #expect(Self.files(dir) == ["notes.txt"])
        let forced = try CLI.onestop(["run", "scenarios/single-desk.yaml", "--out", dir.path, "--replications", "2", "--quiet", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(Self.files(dir) == [".onestop", "columns.json", "hourly.csv", "notes.txt", "replications.csv", "summary.json"])
        // Now it is onestop's: no --force needed, and the notes are left alone.
        let again = try CLI.onestop(["run", "scenarios/single-desk.yaml", "--out", dir.path, "--replications", "2", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes")
        // A file in place of the directory is refused, --force or not.
        let file = dir.appendingPathComponent("notes.txt")
        let onFile = try CLI.onestop(["run", "scenarios/single-desk.yaml", "--out", file.path, "--quiet", "--force"])
        #expect(onFile.status == 2 && onFile.stderr.contains("is a file, not a directory"))
    }

    @Test("compare and optimize refuse a directory that onestop did not write too, before any work")
    func foreignDirectoryForEveryWriter() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "my notes".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        for arguments in [["compare", "scenarios/single-desk.yaml", "scenarios/single-desk.yaml", "--replications", "2"],
                          ["optimize", "scenarios/desk-schedule.yaml", "--station", "desk"]] {
            let refused = try CLI.onestop(arguments + ["--out", dir.path, "--quiet"])
            #expect(refused.status == 2, "\(arguments[0]): \(refused.stderr)")
            #expect(refused.stderr.contains("is not empty and was not written by onestop"), "\(arguments[0]): \(refused.stderr)")
            #expect(Self.files(dir) == ["notes.txt"], "\(arguments[0])")
        }
    }

    @Test("A run replaces the previous run's files: none of its files is left over")
    func replacesPreviousRun() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let withSeries = try CLI.onestop(["run", "scenarios/desk-schedule.yaml", "--out", dir.path, "--replications", "1", "--quiet"])
        #expect(withSeries.status == 0 && Self.files(dir).contains("timeseries.csv"))
        // A temporary file left by a process killed with SIGKILL (a pid that is not running).
        var pid: Int32 = 999_999
        while kill(pid, 0) == 0 || errno != ESRCH { pid -= 1 }
        try "partial".write(to: dir.appendingPathComponent(".summary.json.\(pid).tmp"), atomically: false, encoding: .utf8)
        let without = try CLI.onestop(["run", "scenarios/single-desk.yaml", "--out", dir.path, "--replications", "1", "--quiet"])
        #expect(without.status == 0)
        #expect(Self.files(dir) == [".onestop", "columns.json", "hourly.csv", "replications.csv", "summary.json"])
        let marker = try String(contentsOf: dir.appendingPathComponent(".onestop"), encoding: .utf8)
        let listed = marker.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(listed == ["summary.json", "replications.csv", "hourly.csv", "columns.json"])
    }

    // MARK: Interruption

    /// Starts `onestop` with `arguments`, its output to files, without waiting.
    static func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("SIGINT or SIGTERM during the simulation: the process ends by the signal and writes nothing", arguments: [SIGINT, SIGTERM])
    func interruptedRun(signal: Int32) throws {
        let scenario = try Self.write(Self.long)
        let fresh = CLI.temporaryDirectory()
        let previous = CLI.temporaryDirectory()
        defer { for url in [scenario, fresh, previous] { try? FileManager.default.removeItem(at: url) } }
        let first = try CLI.onestop(["run", "scenarios/single-desk.yaml", "--out", previous.path, "--replications", "2", "--quiet"])
        #expect(first.status == 0)
        let before = try Self.files(previous).map { try CLI.contents(previous, $0) }

        for dir in [fresh, previous] {
            let process = try Self.start(["run", scenario.path, "--out", dir.path, "--quiet", "--jobs", "2"])
            Thread.sleep(forTimeInterval: 1.0)
            #expect(process.isRunning, "the run finished before it could be interrupted")
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
        }
        #expect(!FileManager.default.fileExists(atPath: fresh.path))
        #expect(try Self.files(previous).map { try CLI.contents(previous, $0) } == before)
    }

    @Test("SIGTERM while results are written: every file whole, all from one run, no temporary file")
    func interruptedWrite() throws {
        let scenario = try Self.write(Self.sampled)
        let reference = CLI.temporaryDirectory()
        let old = CLI.temporaryDirectory()
        let dir = CLI.temporaryDirectory()
        defer { for url in [scenario, reference, old, dir] { try? FileManager.default.removeItem(at: url) } }
        for (out, seed) in [(reference, "5"), (old, "6")] {
            let outcome = try CLI.onestop(["run", scenario.path, "--out", out.path, "--quiet", "--seed", seed])
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        let names = Self.files(reference)
        #expect(names == [".onestop", "columns.json", "hourly.csv", "replications.csv", "summary.json", "timeseries.csv"])
        var interruptedWhileWriting = 0
        for attempt in 0..<4 {
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.copyItem(at: old, to: dir)
            let process = try Self.start(["run", scenario.path, "--out", dir.path, "--quiet", "--seed", "5"])
            // Wait for the first temporary file, then a little longer each attempt.
            let deadline = Date().addingTimeInterval(120)
            while process.isRunning, Date() < deadline, !Self.files(dir).contains(where: { $0.hasSuffix(".tmp") }) {
                usleep(500)
            }
            usleep(useconds_t(attempt) * 20_000)
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { interruptedWhileWriting += 1 }
            #expect(Self.files(dir) == names, "attempt \(attempt): \(Self.files(dir))")
            let isNew = try names.map { try CLI.contents(dir, $0) == CLI.contents(reference, $0) }
            let isOld = try names.map { try CLI.contents(dir, $0) == CLI.contents(old, $0) }
            let marker = names.firstIndex(of: ".onestop")!
            let results = names.indices.filter { $0 != marker }
            #expect(results.allSatisfy { isNew[$0] } || results.allSatisfy { isOld[$0] },
                    "attempt \(attempt): a mix of two runs, or a file from neither (new \(isNew), old \(isOld))")
        }
        #expect(interruptedWhileWriting > 0, "no attempt caught the process while writing")
    }

    // MARK: Sizes

    @Test("An unstable station: a warning, the population cap reported, and the run stays under 500 MB")
    func unstableStation() throws {
        let scenario = try Self.write("""
            run: {duration: 100000000, replications: 2}
            stations:
              - {id: desk, servers: 1, service: {dist: exponential, mean: 1}}
            arrivals: [{to: desk, rate: 2}]
            """)
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scenario); try? FileManager.default.removeItem(at: dir) }
        let (status, maxRSS) = try Self.runMeasured([CLI.binary.path, "run", scenario.path, "--out", dir.path, "--quiet", "--jobs", "2"])
        #expect(status == 0)
        #expect(maxRSS < 500 << 20, "peak memory \(maxRSS >> 20) MB")
        let summary = try JSONSerialization.jsonObject(with: CLI.contents(dir, "summary.json")) as! [String: Any]
        let warnings = summary["warnings"] as! [String]
        #expect(warnings.contains { $0.contains("offered load 2 is at or above its 1 servers") }, "\(warnings)")
        #expect(warnings.filter { $0.contains("more than 2000000 customers in the network") }.count == 2, "\(warnings)")
    }

    /// Runs a command to its end (output discarded) and returns its exit status and peak resident memory in bytes.
    static func runMeasured(_ arguments: [String]) throws -> (status: Int32, maxRSS: Int) {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
        let exited = status & 0x7F == 0
        return (exited ? (status >> 8) & 0xFF : -(status & 0x7F), usage.ru_maxrss * 1024)
    }

    @Test("Absurd sizes are refused before any work, exit 2, with the setting located")
    func absurdSizes() throws {
        let rate = try Self.write("""
            run: {duration: 1e9 w}
            stations:
              - {id: desk, servers: 1, service: {dist: exponential, mean: 1}}
            arrivals: [{to: desk, rate: 1e300}]
            """)
        defer { try? FileManager.default.removeItem(at: rate) }
        let dir = CLI.temporaryDirectory()
        let refused = try CLI.onestop(["run", rate.path, "--out", dir.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("\(rate.path):1:6: error: run.duration: the run would take "), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path))
        let replications = try CLI.onestop(["run", "scenarios/single-desk.yaml", "--out", dir.path, "--replications", "1000000000"])
        #expect(replications.status == 2)
        #expect(replications.stderr.contains("error: run.duration: the run would take about 2.2e13 events (1000000000 replications × 22397)"), "\(replications.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }
}

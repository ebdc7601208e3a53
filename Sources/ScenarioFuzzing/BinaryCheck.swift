import Foundation
import QueueingNetwork
import ScenarioModel

/// Runs the `onestop` binary on a case and checks its exit status and what it printed.
public struct BinaryCheck: Sendable {
    public var binary: String
    /// A directory for the case files and outputs; the caller removes it.
    public var workDirectory: String
    public var timeout: Double

    public init(binary: String, workDirectory: String, timeout: Double = 20) {
        self.binary = binary
        self.workDirectory = workDirectory
        self.timeout = timeout
    }

    /// Broken promises for case `index`: `validate` must exit 0 or 2 in time, with every line of a
    /// refusal located; a valid case small enough (`maximumEvents` expected) is also `run` for one
    /// replication, which must write a readable summary.json.
    public func check(_ bytes: [UInt8], index: Int, maximumEvents: Double = 200_000) throws -> [String] {
        let file = (workDirectory as NSString).appendingPathComponent("case-\(index).yaml")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        var problems: [String] = []
        let validate = try execute(["validate", file])
        problems += validate.problems
        if validate.status == 2 {
            let lines = validate.stderr.split(separator: "\n").map(String.init)
            if !lines.contains(where: { $0.hasPrefix(file + ":") && $0.contains(": error: ") }) {
                problems.append("validate exited 2 without a located error: \(validate.stderr.prefix(500))")
            }
            for line in lines where !Self.isLocated(line, file: file) {
                problems.append("validate printed a line that is not FILE:LINE:COLUMN: \(line.prefix(300))")
            }
        } else if validate.status == 0 {
            let small = (try? ScenarioParser.parse(data: Data(bytes), file: file)).flatMap { parsed in
                (try? NetworkModel.compile(parsed.scenario)).map { $0.model.expectedEventsPerReplication() <= maximumEvents }
            } ?? false
            if small {
                let out = (workDirectory as NSString).appendingPathComponent("out-\(index)")
                let run = try execute(["run", file, "--out", out, "--replications", "1", "--jobs", "1", "--quiet"])
                problems += run.problems
                if run.status != 0 {
                    problems.append("run of a valid case exited \(run.status): \(run.stderr.prefix(500))")
                } else {
                    let summary = FileManager.default.contents(atPath: (out as NSString).appendingPathComponent("summary.json"))
                    if summary.flatMap({ try? JSONSerialization.jsonObject(with: $0) }) == nil {
                        problems.append("run wrote no readable summary.json")
                    }
                    problems += try damagedShards(file, index: index)
                }
            }
        } else {
            problems.append("validate exited \(validate.status) (expected 0 or 2): \(validate.stderr.prefix(500))")
        }
        return problems
    }

    /// Runs `file` as two shards, damages one shard file (`DamagedFiles.damagedShard`) and merges:
    /// `merge` must refuse a changed shard with an error and exit 2, in time, and write no results.
    func damagedShards(_ file: String, index: Int) throws -> [String] {
        var problems: [String] = []
        let shards = (0..<2).map { (workDirectory as NSString).appendingPathComponent("shard-\(index)-\($0)") }
        for (i, shard) in shards.enumerated() {
            let run = try execute(["run", file, "--out", shard, "--replications", "2", "--shard", "\(i)/2", "--jobs", "1", "--quiet"])
            problems += run.problems
            guard run.status == 0 else { return problems + ["run --shard \(i)/2 of a valid case exited \(run.status): \(run.stderr.prefix(300))"] }
        }
        guard let name = try FileManager.default.contentsOfDirectory(atPath: shards[0]).first(where: { $0.hasPrefix("partial-") }) else {
            return problems + ["run --shard wrote no partial-*.json"]
        }
        let path = (shards[0] as NSString).appendingPathComponent(name)
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var random = FuzzRandom(seed: 0x5348_4152_44, case: index)
        let (damaged, damage) = DamagedFiles.damagedShard(original, &random)
        try Data(damaged).write(to: URL(fileURLWithPath: path))
        let out = (workDirectory as NSString).appendingPathComponent("merged-\(index)")
        let merge = try execute(["merge", shards[0], shards[1], "--out", out, "--quiet"])
        problems += merge.problems.map { "\($0) (shard \(damage))" }
        if damaged != original {
            if merge.status != 2 || !merge.stderr.contains("error:") {
                problems.append("merge of a damaged shard (\(damage)) exited \(merge.status): \(merge.stderr.prefix(300))")
            }
            if FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent("summary.json")) {
                problems.append("merge of a damaged shard (\(damage)) wrote summary.json")
            }
        } else if merge.status != 0 {
            problems.append("merge of undamaged shards exited \(merge.status): \(merge.stderr.prefix(300))")
        }
        return problems
    }

    /// Whether `line` is a diagnostic located in `file`, a warning of the run, or a usage line.
    static func isLocated(_ line: String, file: String) -> Bool {
        guard line.hasPrefix(file + ":") else { return false }
        let rest = line.dropFirst(file.count + 1).split(separator: ":", maxSplits: 3)
        return rest.count == 4 && Int(rest[0]) != nil && Int(rest[1]) != nil
            && (rest[2] == " error" || rest[2] == " warning")
    }

    struct Execution {
        var status: Int32
        var stderr: String
        var problems: [String]
    }

    /// Runs the binary with `arguments`, killing it after `timeout` seconds.
    private func execute(_ arguments: [String]) throws -> Execution {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let errorFile = (workDirectory as NSString).appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
        defer { try? errorHandle.close() }
        process.standardError = errorHandle
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        var problems: [String] = []
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            finished.wait()
            problems.append("onestop \(arguments.first ?? "") took more than \(timeout) s")
        }
        if process.terminationReason == .uncaughtSignal {
            problems.append("onestop \(arguments.first ?? "") died of signal \(process.terminationStatus)")
        }
        let stderr = String(decoding: FileManager.default.contents(atPath: errorFile) ?? Data(), as: UTF8.self)
        return Execution(status: process.terminationStatus, stderr: stderr, problems: problems)
    }
}

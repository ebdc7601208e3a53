import Foundation
import Interchange
import ScenarioModel

/// The mergeable results of one shard of a sweep (`onestop sweep --shard I/N`): the tasks
/// (point × replications + replication) whose number is I modulo N, exactly, and what they are of.
/// `onestop merge` combines the shards of one sweep into the files one process writes.
public struct SweepShardFile: Codable, Sendable {
    /// What the tasks are of: shards merge only when all of this agrees.
    public struct Identity: Codable, Sendable, Hashable {
        public var onestopVersion: String
        public var scenarioPath: String
        public var scenarioHash: String
        public var designPath: String
        public var designHash: String
        public var seed: UInt64
        public var replications: Int
        /// Tasks of the whole sweep (points × replications, invalid points' included).
        public var tasks: Int

        public init(onestopVersion: String, scenarioPath: String, scenarioText: String, designPath: String, designText: String,
                    seed: UInt64, replications: Int, tasks: Int) {
            self.onestopVersion = onestopVersion
            self.scenarioPath = scenarioPath
            scenarioHash = SHA256.hex(of: Data(scenarioText.utf8))
            self.designPath = designPath
            designHash = SHA256.hex(of: Data(designText.utf8))
            self.seed = seed
            self.replications = replications
            self.tasks = tasks
        }
    }

    public static let format = "onestop-sweep-shard/1"

    public var format: String
    public var identity: Identity
    public var shard: Int
    public var shards: Int
    public var scenarioText: String
    public var designText: String
    /// This shard's tasks, in task order.
    public var tasks: [SweepTask]

    public init(identity: Identity, shard: Shard, scenarioText: String, designText: String, tasks: [SweepTask]) {
        format = Self.format
        self.identity = identity
        self.shard = shard.index
        shards = shard.count
        self.scenarioText = scenarioText
        self.designText = designText
        self.tasks = tasks
    }

    /// The file name a shard's tasks are written to.
    public static func fileName(_ shard: Shard) -> String { "sweep-partial-\(shard.index)-of-\(shard.count).json" }

    /// The tasks of `shard` among `tasks` (the sweep's valid tasks).
    public static func tasks(of shard: Shard, among tasks: [Int]) -> [Int] { tasks.filter { $0 % shard.count == shard.index } }

    public func encoded() -> String {
        // Encoding plain values cannot fail; a failure is a program bug.
        try! JSONValue.encoding(self).rendered(.results)
    }

    public static func decode(_ data: Data, file: String) throws(ShardError) -> SweepShardFile {
        let document: JSONValue
        do {
            document = try JSONValue.parse(String(decoding: data, as: UTF8.self))
        } catch {
            throw ShardError(file: file, "not a sweep shard file (not JSON, or truncated): \(error)")
        }
        let found = document["format"]?.text
        guard found == format else {
            throw ShardError(file: file, "not a sweep shard file of this version (format \(found.map { "\"\($0)\"" } ?? "missing"), expected \"\(format)\")")
        }
        let shard: SweepShardFile
        do {
            shard = try document.decoded(as: SweepShardFile.self)
        } catch {
            throw ShardError(file: file, "a damaged sweep shard file: \(error)")
        }
        guard shard.shards >= 1, shard.shard >= 0, shard.shard < shard.shards else {
            throw ShardError(file: file, "shard \(shard.shard)/\(shard.shards) is not a valid shard")
        }
        guard SHA256.hex(of: Data(shard.scenarioText.utf8)) == shard.identity.scenarioHash,
              SHA256.hex(of: Data(shard.designText.utf8)) == shard.identity.designHash else {
            throw ShardError(file: file, "the scenario or design text does not match its hash (the file was edited or damaged)")
        }
        return shard
    }

    /// Every task of the shards, in task order, after checking that they are shards of one sweep
    /// holding each of `expected` tasks exactly once.
    public static func merge(_ shards: [(file: String, shard: SweepShardFile)], expected: [Int]) throws(ShardError) -> [SweepTask] {
        guard let (firstFile, first) = shards.first else { throw ShardError(file: nil, "no sweep shard files to merge") }
        var byTask: [Int: String] = [:]
        var tasks: [SweepTask] = []
        let replications = first.identity.replications
        for (file, shard) in shards {
            guard shard.identity == first.identity, shard.scenarioText == first.scenarioText, shard.designText == first.designText else {
                throw ShardError(file: file, "belongs to another sweep: its scenario, design, seed, replications or onestop version differ from \(firstFile)'s")
            }
            for task in shard.tasks {
                let number = task.point * replications + task.replication
                if let earlier = byTask[number] {
                    throw ShardError(file: file, "holds point \(task.point), replication \(task.replication), which \(earlier) holds too (the same shard given twice?)")
                }
                byTask[number] = file
                tasks.append(task)
            }
        }
        let missing = expected.filter { byTask[$0] == nil }
        guard missing.isEmpty else {
            let shown = missing.prefix(5).map { "point \($0 / replications) replication \($0 % replications)" }.joined(separator: ", ")
            throw ShardError(file: nil, "\(missing.count) of \(expected.count) runs missing: \(shown)\(missing.count > 5 ? ", …" : "") (shards given: \(shards.map { "\($0.shard.shard)/\($0.shard.shards)" }.sorted().joined(separator: ", ")))")
        }
        let unexpected = Set(byTask.keys).subtracting(expected)
        if let extra = unexpected.min() {
            throw ShardError(file: byTask[extra], "holds point \(extra / replications), which is not a valid point of the design")
        }
        return tasks.sorted { ($0.point, $0.replication) < ($1.point, $1.replication) }
    }
}

/// The journal of a sweep in its output directory: one line per finished task, exact, flushed as it
/// ends, so that an interrupted sweep run again in the same directory runs only the rest.
public enum SweepJournal {
    /// `T POINT REPLICATION EVENTS V…;C…;STOPPED` — values in the shortest form that reads back to
    /// the same bits, `-` for none; STOPPED a JSON string or `-`.
    public static func line(_ task: SweepTask) -> String {
        func number(_ x: Double?) -> String {
            guard let x else { return "-" }
            return NumberText.shortest(x) ?? "\(x)"
        }
        return "T \(task.point) \(task.replication) \(task.events) " + task.values.map(number).joined(separator: " ") + ";"
            + task.campus.map(number).joined(separator: " ") + ";" + (task.stoppedEarly.map(jsonQuoted) ?? "-") + "\n"
    }

    /// The tasks of a journal's lines; a line cut short (the last, by an interruption) or damaged is skipped.
    public static func tasks(from text: Substring, measures: Int) -> [SweepTask] {
        var tasks: [SweepTask] = []
        for line in text.split(separator: "\n") where line.hasPrefix("T ") {
            let parts = line.split(separator: ";", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let head = parts[0].split(separator: " ")
            guard head.count == 4 + measures, let p = Int(head[1]), let r = Int(head[2]), let events = Int(head[3]) else { continue }
            func value(_ s: Substring) -> Double?? { s == "-" ? .some(nil) : Double(s).map { .some($0) } }
            let values = head.dropFirst(4).map(value)
            let campus = parts[1].split(separator: " ").map(value)
            guard values.allSatisfy({ $0 != nil }), campus.allSatisfy({ $0 != nil }) else { continue }
            var stopped: String?
            if parts[2] != "-" {
                guard let decoded = try? JSONValue.parse(String(parts[2])), let text = decoded.text else { continue }
                stopped = text
            }
            tasks.append(SweepTask(point: p, replication: r, events: events, values: values.map { $0! }, campus: campus.map { $0! }, stoppedEarly: stopped))
        }
        return tasks
    }
}

import Foundation
import Interchange
import OutputFiles

/// One run or optimization: what it is, how far it got, and how it ended.
final class Job: @unchecked Sendable {
    enum Kind: String, Sendable { case run, optimize, compare }
    enum State: String, Sendable { case queued, running, finished, failed, cancelled, interrupted }

    let id: String
    let kind: Kind
    /// The scenario file, relative to `scenarios/`.
    let scenario: String
    let replications: Int?
    let seed: UInt64?
    let created: Date

    private let lock = NSLock()
    private var _state: State = .queued
    private var _done = 0
    private var _total = 0
    private var _stage = "waiting for a free core"
    private var _message = ""
    private var _output: String?
    private var _cancelRequested = false

    init(id: String, kind: Kind, scenario: String, replications: Int?, seed: UInt64?, created: Date = Date()) {
        self.id = id
        self.kind = kind
        self.scenario = scenario
        self.replications = replications
        self.seed = seed
        self.created = created
    }

    /// A consistent reading of the job's progress.
    struct Snapshot: Sendable {
        var state: State
        var done: Int
        var total: Int
        var stage: String
        var message: String
        var output: String?
    }

    var snapshot: Snapshot {
        lock.withLock { Snapshot(state: _state, done: _done, total: _total, stage: _stage, message: _message, output: _output) }
    }

    var cancelRequested: Bool { lock.withLock { _cancelRequested } }

    func update(state: State? = nil, done: Int? = nil, total: Int? = nil, stage: String? = nil, message: String? = nil, output: String? = nil) {
        lock.withLock {
            if let state { _state = state }
            if let done { _done = done }
            if let total { _total = total }
            if let stage { _stage = stage }
            if let message { _message = message }
            if let output { _output = output }
        }
    }

    /// Asks the job to stop; a queued job ends at once, a running one at its next replication or step.
    func requestCancel() {
        lock.withLock {
            _cancelRequested = true
            if _state == .queued {
                _state = .cancelled
                _stage = "cancelled before it started"
            }
        }
    }

    /// The job as one JSON object (the progress events and the job's record on disk).
    var json: String {
        let s = snapshot
        return JSONValue.object([
            ("id", .string(id)), ("kind", .string(kind.rawValue)), ("scenario", .string(scenario)),
            ("state", .string(s.state.rawValue)), ("done", JSONValue(s.done)), ("total", JSONValue(s.total)),
            ("stage", .string(s.stage)), ("message", .string(s.message)), ("output", s.output.map { .string($0) } ?? .null),
            ("created", .string(ISO8601DateFormatter().string(from: created))),
        ]).rendered().replacingOccurrences(of: "\n", with: "")
    }
}

/// The jobs, run `capacity` at a time on threads of their own (a simulation keeps its core busy);
/// the rest wait in order and say so. Each job's record is kept in `outputs/.studio-jobs/`, so that
/// after a restart a job that was queued or running shows as interrupted.
final class JobQueue: @unchecked Sendable {
    let capacity: Int
    let maximumQueued: Int
    let recordDirectory: URL
    private let lock = NSLock()
    private var jobs: [String: Job] = [:]
    private var order: [String] = []
    private var waiting: [(Job, @Sendable (Job) throws -> Void)] = []
    private var running = 0

    struct Full: Error, CustomStringConvertible {
        var description: String
    }

    init(capacity: Int, maximumQueued: Int, recordDirectory: URL) {
        self.capacity = capacity
        self.maximumQueued = maximumQueued
        self.recordDirectory = recordDirectory
        loadRecords()
    }

    func job(_ id: String) -> Job? { lock.withLock { jobs[id] } }

    /// Every job, newest first.
    var all: [Job] { lock.withLock { order.reversed().compactMap { jobs[$0] } } }

    /// Queues `work` as a new job; it starts when a core is free.
    func submit(kind: Job.Kind, scenario: String, replications: Int?, seed: UInt64?, work: @escaping @Sendable (Job) throws -> Void) throws -> Job {
        let job = Job(id: StudioSettings.randomToken().prefix(12).description, kind: kind, scenario: scenario, replications: replications, seed: seed)
        try lock.withLock {
            guard waiting.count < maximumQueued else {
                throw Full(description: "\(waiting.count) jobs are already waiting; try again when one has finished")
            }
            jobs[job.id] = job
            order.append(job.id)
            waiting.append((job, work))
        }
        record(job)
        startWaiting()
        return job
    }

    /// Position in the queue (1 = next), or nil when not waiting.
    func position(of job: Job) -> Int? {
        lock.withLock { waiting.firstIndex { $0.0 === job }.map { $0 + 1 } }
    }

    private func startWaiting() {
        while true {
            let next: (Job, @Sendable (Job) throws -> Void)? = lock.withLock {
                guard running < capacity, !waiting.isEmpty else { return nil }
                let item = waiting.removeFirst()
                if item.0.snapshot.state == .cancelled { return item }
                running += 1
                return item
            }
            guard let (job, work) = next else { return }
            if job.snapshot.state == .cancelled {
                record(job)
                continue
            }
            job.update(state: .running, stage: "starting")
            record(job)
            let thread = Thread { [self] in
                do {
                    try work(job)
                    if job.cancelRequested, job.snapshot.state == .running { job.update(state: .cancelled, stage: "cancelled") }
                    else if job.snapshot.state == .running { job.update(state: .finished, stage: "finished") }
                } catch {
                    job.update(state: job.cancelRequested ? .cancelled : .failed, stage: job.cancelRequested ? "cancelled" : "failed", message: "\(error)")
                }
                record(job)
                lock.withLock { running -= 1 }
                startWaiting()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    /// Writes the job's record (whole or not at all).
    func record(_ job: Job) {
        try? FileManager.default.createDirectory(at: recordDirectory, withIntermediateDirectories: true)
        let path = recordDirectory.appendingPathComponent("\(job.id).json").path
        guard let (temporary, fd) = try? OutputDirectory.createTemporary(besides: path) else { return }
        if (try? OutputDirectory.writeWhole(Data(job.json.utf8), to: fd, path: temporary)) != nil, rename(temporary, path) == 0 {
            Interruption.unregister(temporaryFile: temporary)
        } else {
            unlink(temporary)
            Interruption.unregister(temporaryFile: temporary)
        }
    }

    /// The jobs of an earlier start; one that was queued or running did not finish: it is interrupted.
    private func loadRecords() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: recordDirectory.path) else { return }
        var loaded: [Job] = []
        for name in names where name.hasSuffix(".json") && !name.hasPrefix(".") {
            guard let text = try? Workspace.readText(recordDirectory.appendingPathComponent(name), label: name),
                  let value = try? JSONValue.parse(text),
                  let id = value["id"]?.text, let scenario = value["scenario"]?.text,
                  let kind = value["kind"]?.text.flatMap(Job.Kind.init), let state = value["state"]?.text.flatMap(Job.State.init)
            else { continue }
            let created = value["created"]?.text.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date.distantPast
            let job = Job(id: id, kind: kind, scenario: scenario, replications: nil, seed: nil, created: created)
            let wasLive = state == .queued || state == .running
            job.update(state: wasLive ? .interrupted : state, done: value["done"]?.double.map { Int($0) }, total: value["total"]?.double.map { Int($0) },
                       stage: wasLive ? "interrupted: the studio stopped before it finished" : value["stage"]?.text,
                       message: value["message"]?.text, output: value["output"]?.text)
            loaded.append(job)
            if wasLive { record(job) }
        }
        for job in loaded.sorted(by: { $0.created < $1.created }) {
            jobs[job.id] = job
            order.append(job.id)
        }
    }
}

import CampusModel
import Foundation
import SimCore
import QueueingNetwork
import ScenarioModel

/// Replications of one model, run in parallel and combined in replication order.
public struct Experiment: Sendable {
    public var model: NetworkModel
    /// The campus processes and measures, for a scenario with a campus layer.
    public var campus: CampusPlan?
    public var replications: Int
    public var seed: UInt64
    /// The warm-up MSER-5 chose (`run.warmup: auto`), once `choosingWarmup` has run; the model's
    /// warm-up is then set to it.
    public var warmupChoice: WarmupChoice?

    public init(model: NetworkModel, campus: CampusPlan? = nil, replications: Int? = nil, seed: UInt64? = nil) {
        self.model = model
        self.campus = campus
        self.replications = replications ?? model.run.replications
        self.seed = seed ?? model.run.seed
    }

    /// Progress after each replication: replications done, of how many, and events run so far.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ events: Int) -> Void

    /// Makes the trace sink of one replication, by replication index; it is finished when that
    /// replication ends.
    public typealias TraceSinks = @Sendable (_ replication: Int) -> (any TraceSink)?

    /// Runs the replications `indices` (all by default) over `jobs` worker threads.
    ///
    /// Each replication draws only from its own streams, and results are kept by index, so the
    /// outcome is the same whatever `jobs` is. With `warmup: auto` the warm-up is chosen first from
    /// all the replications (`choosingWarmup`); with `run.batches` one replication is run and its
    /// batches are the result's observations (`runBatches`).
    public func run(jobs: Int = 1, indices: [Int]? = nil, progress: Progress? = nil, trace: TraceSinks? = nil)
        -> ExperimentResult
    {
        if model.run.warmupAuto && warmupChoice == nil {
            return choosingWarmup(jobs: jobs).run(jobs: jobs, indices: indices, progress: progress, trace: trace)
        }
        if model.run.batches != nil, model.run.duration != nil { return runBatches(progress: progress, trace: trace) }
        let wanted = indices ?? Array(0..<replications)
        let box = ResultBox(count: wanted.count)
        let workers = Swift.max(1, Swift.min(jobs, wanted.count))
        let model = self.model
        let campus = self.campus
        let seed = self.seed
        parallel(count: wanted.count, jobs: workers) { slot in
            var simulation = NetworkSimulation(model: model, replication: wanted[slot], seed: seed)
            simulation.trace = trace?(wanted[slot])
            let result = simulation.run()
            simulation.trace?.finish()
            let campusResult = campus?.measure(result, master: seed)
            let (done, events) = box.store(result, campus: campusResult, at: slot)
            progress?(done, wanted.count, events)
        }
        var result = ExperimentResult(model: model, seed: seed, results: box.results(), campus: campus, campusResults: box.campusResults())
        result.warmup = warmupChoice
        return result
    }

    /// Batch means: replication 0 run once, its measured span cut into `run.batches` batches, each
    /// batch standing for one replication in the result (numbered by batch).
    func runBatches(progress: Progress?, trace: TraceSinks?) -> ExperimentResult {
        var simulation = NetworkSimulation(model: model, replication: 0, seed: seed)
        simulation.trace = trace?(0)
        _ = simulation.run()
        simulation.trace?.finish()
        let batches = simulation.batchResults
        progress?(1, 1, batches.reduce(0) { $0 + $1.events })
        var result = ExperimentResult(model: model, seed: seed, results: batches)
        result.warmup = warmupChoice
        result.batches = BatchMeans(count: batches.count, length: (model.run.duration ?? 0) / Double(model.run.batches ?? 1))
        return result
    }
}

/// A slot's tail measures over replications (`ExperimentResult.slotTails`).
public struct SlotTailEstimate: Sendable, Hashable {
    /// Index into `campus.service_center.counters`, or `nil` for every counter together.
    public var counter: Int?
    /// Index into `CampusPlan.weekTypeNames`, or `nil` for every week together.
    public var weekType: Int?
    public var hour: Int
    /// Waits that began in the slot and ended, per replication (0 where none did).
    public var waits: Estimate
    /// Mean wait of those served, in the time unit.
    public var meanWait: Estimate
    /// Share of the waits longer than the service level's target.
    public var overTarget: Estimate
    /// The 90th percentile of the waits, in the time unit.
    public var p90: Estimate
}

/// Results collected from worker threads, each in its own slot.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ReplicationResult?]
    private var campusSlots: [CampusReplication?]
    private var done = 0
    private var events = 0

    init(count: Int) {
        slots = [ReplicationResult?](repeating: nil, count: count)
        campusSlots = [CampusReplication?](repeating: nil, count: count)
    }

    func store(_ result: ReplicationResult, campus: CampusReplication?, at slot: Int) -> (done: Int, events: Int) {
        lock.lock()
        defer { lock.unlock() }
        slots[slot] = result
        campusSlots[slot] = campus
        done += 1
        events += result.events
        return (done, events)
    }

    func results() -> [ReplicationResult] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }

    func campusResults() -> [CampusReplication] {
        lock.lock()
        defer { lock.unlock() }
        return campusSlots.compactMap { $0 }
    }
}

/// The replications of an experiment and the estimates made from them.
public struct ExperimentResult: Sendable {
    public var model: NetworkModel
    public var seed: UInt64
    /// In replication order.
    public var replications: [ReplicationResult]
    public var campus: CampusPlan?
    /// Campus measures per replication, in replication order (empty without a campus layer).
    public var campusReplications: [CampusReplication]
    /// The warm-up chosen by MSER-5, when the scenario said `warmup: auto`.
    public var warmup: WarmupChoice?
    /// How the one long replication was cut, for a batch-means run; `replications` then holds one
    /// result per batch, in batch order.
    public var batches: BatchMeans?

    public init(model: NetworkModel, seed: UInt64, results: [ReplicationResult], campus: CampusPlan? = nil, campusResults: [CampusReplication] = []) {
        self.model = model
        self.seed = seed
        self.replications = results.sorted { $0.replication < $1.replication }
        self.campus = campus
        self.campusReplications = campusResults.sorted { $0.replication < $1.replication }
    }

    /// A campus measure's estimate over replications.
    public func estimate(_ measure: CampusMeasure) -> Estimate {
        Estimate(campusReplications.map { $0.value(measure) })
    }

    /// Activity `a`'s share of booking requests turned away (`campus.rooms.activities`), over replications.
    public func activityRejection(_ a: Int) -> Estimate {
        Estimate(campusReplications.map { $0.activityRejection(a) })
    }

    /// Seat utilisation in hour `h` of the day (seat time booked over seat time open then), over replications.
    public func seatUtilization(hour h: Int) -> Estimate {
        Estimate(campusReplications.map { h < $0.seatHourly.count ? $0.seatHourly[h] : nil })
    }

    /// Every campus rule checked against this run's estimates.
    public var ruleResults: [RuleResult] {
        guard let campus else { return [] }
        let itemEstimate: ([Double?]) -> (mean: Double?, halfWidth: Double?, count: Int) = { values in
            let e = Estimate(values)
            return (e.mean, e.halfWidth, e.count)
        }
        return campus.checkRules(estimate: { measure in
            let e = estimate(measure)
            return (e.mean, e.halfWidth, e.count)
        }, activityEstimate: { a in
            let e = activityRejection(a)
            return (e.mean, e.halfWidth, e.count)
        }, scoped: (campusReplications, itemEstimate))
    }

    /// The counters' tail measures by week type (and over all weeks, `weekType` nil) and hour of the
    /// day over replications, for all counters together (`counter` nil) and per counter group, in
    /// that order; each measure over the replications in which the slot saw a wait end.
    public var slotTails: [SlotTailEstimate] {
        struct Key: Hashable { var counter: Int?; var weekType: Int?; var hour: Int }
        var byKey: [Key: [Int: SlotTail]] = [:]
        for (r, c) in campusReplications.enumerated() {
            for t in c.slotTails { byKey[Key(counter: t.counter, weekType: t.weekType, hour: t.hour), default: [:]][r] = t }
        }
        let n = campusReplications.count
        return byKey.keys.sorted { ($0.counter ?? -1, $0.weekType ?? -1, $0.hour) < ($1.counter ?? -1, $1.weekType ?? -1, $1.hour) }.map { key in
            let rows = (0..<n).map { byKey[key]![$0] }
            return SlotTailEstimate(
                counter: key.counter, weekType: key.weekType, hour: key.hour,
                waits: Estimate(rows.map { Double($0?.waits ?? 0) }), meanWait: Estimate(rows.map { $0?.meanWait }),
                overTarget: Estimate(rows.map { $0?.overTarget }), p90: Estimate(rows.map { $0?.p90 }))
        }
    }

    public func estimate(_ measure: StationMeasure, station: Int) -> Estimate {
        let m = StationMeasure.allCases.firstIndex(of: measure)!
        return Estimate(replications.map { $0.stations[station][m] })
    }

    public func estimate(_ measure: StationMeasure, station id: String) -> Estimate {
        estimate(measure, station: model.stations.firstIndex { $0.id == id }!)
    }

    public func estimate(_ measure: ClassMeasure, classIndex: Int) -> Estimate {
        let m = ClassMeasure.allCases.firstIndex(of: measure)!
        return Estimate(replications.map { $0.classes[classIndex][m] })
    }

    public func estimate(_ measure: SystemMeasure) -> Estimate {
        let m = SystemMeasure.allCases.firstIndex(of: measure)!
        return Estimate(replications.map { $0.system[m] })
    }

    /// Events run over all replications.
    public var events: Int { replications.reduce(0) { $0 + $1.events } }

    /// Why replications stopped early, one line each.
    public var earlyStops: [String] {
        replications.compactMap { r in r.stoppedEarly.map { "replication \(r.replication): \($0)" } }
    }

    /// What the run's statistics warn of: the warm-up choice's doubts and batches too short.
    public var statisticsWarnings: [String] { (warmup?.warnings ?? []) + batchWarnings }
}

import CampusModel
import Experiments
import Foundation
import QueueingNetwork
import ScenarioModel

/// What a simulation showed at the planned stations, per week type and slot, pooled over the
/// periods of the type and over replications: how long each number of students L was present (the
/// exact time average, not samples), and what became of the students who arrived in the slot.
public struct SlotObservations: Sendable {
    /// One planned station in one week type, per slot of the period.
    public struct Cells: Sendable {
        /// occupancy[t][L]: time the station held L students during slot t.
        public var occupancy: [[Double]]
        public var arrivals: [Int]
        /// Arrivals served within the station's wait target.
        public var within: [Int]
        public var abandoned: [Int]

        init(slots: Int) {
            occupancy = [[Double]](repeating: [], count: slots)
            arrivals = [Int](repeating: 0, count: slots)
            within = arrivals
            abandoned = arrivals
        }

        mutating func add(_ other: Cells) {
            for t in occupancy.indices {
                if occupancy[t].count < other.occupancy[t].count {
                    occupancy[t] += [Double](repeating: 0, count: other.occupancy[t].count - occupancy[t].count)
                }
                for (l, x) in other.occupancy[t].enumerated() { occupancy[t][l] += x }
                arrivals[t] += other.arrivals[t]
                within[t] += other.within[t]
                abandoned[t] += other.abandoned[t]
            }
        }

        /// min{s : P(L ≥ s) ≤ α} per slot (time averages, which arrivals see by PASTA); 0 where
        /// the station never held anyone.
        public func quantileStaffing(alpha: [Double]) -> [Int] {
            occupancy.indices.map { t in
                let counts = occupancy[t]
                let total = counts.reduce(0, +)
                guard total > 0, counts.count > 1 else { return 0 }
                let allowed = alpha[t] * total * (1 + 1e-12)
                var tail = 0.0
                var s = counts.count
                while s > 0 && tail + counts[s - 1] <= allowed {
                    tail += counts[s - 1]
                    s -= 1
                }
                return s
            }
        }

        /// E[L] per slot.
        public var meanLoad: [Double] {
            occupancy.map { counts in
                let total = counts.reduce(0, +)
                guard total > 0 else { return 0 }
                return counts.enumerated().reduce(0.0) { $0 + Double($1.offset) * $1.element } / total
            }
        }

        /// P(L ≥ servers) per slot; 0 where the slot has no servers.
        public func delay(servers: [Int]) -> [Double] {
            occupancy.indices.map { t in
                let counts = occupancy[t]
                let total = counts.reduce(0, +)
                guard servers[t] > 0, total > 0 else { return 0 }
                return counts.count > servers[t] ? counts[servers[t]...].reduce(0, +) / total : 0
            }
        }

        /// Share of the slot's arrivals served within the wait target; `nil` where none arrived.
        public var serviceLevel: [Double?] {
            zip(within, arrivals).map { $1 > 0 ? Double($0) / Double($1) : nil }
        }

        /// Share of the slot's arrivals who gave up; `nil` where none arrived.
        public var abandonShare: [Double?] {
            zip(abandoned, arrivals).map { $1 > 0 ? Double($0) / Double($1) : nil }
        }

        /// Share of the type's arrivals who gave up, over the slots `counted` (all when `nil`).
        public func totalAbandonShare(counted: [Bool]? = nil) -> Double {
            var a = 0, g = 0
            for t in arrivals.indices where counted?[t] ?? true {
                a += arrivals[t]
                g += abandoned[t]
            }
            return a > 0 ? Double(g) / Double(a) : 0
        }

        /// Share of all arrivals of the type served within the wait target.
        public var totalServiceLevel: Double? {
            let a = arrivals.reduce(0, +)
            return a > 0 ? Double(within.reduce(0, +)) / Double(a) : nil
        }
    }

    /// cells[i][k]: planned station i in week type k.
    public var cells: [[Cells]]
    /// byReplication[i][k]: per replication, in order, the slot counts (arrivals, within target, abandoned).
    public var byReplication: [[[(arrivals: [Int], within: [Int], abandoned: [Int])]]]

    /// The share of arrivals served within the wait target at station i in week type k, over the
    /// slots `counted` (all when `nil`): mean over replications with its 95% CI.
    public func serviceLevel(_ i: Int, type k: Int, counted: [Bool]? = nil) -> Estimate {
        Estimate(byReplication[i][k].map { r in Self.share(r.within, of: r.arrivals, counted) })
    }

    /// The share of arrivals who gave up at station i in week type k, over the slots `counted`.
    public func abandonment(_ i: Int, type k: Int, counted: [Bool]? = nil) -> Estimate {
        Estimate(byReplication[i][k].map { r in Self.share(r.abandoned, of: r.arrivals, counted) })
    }

    /// The share of arrivals who gave up at station i over every week type, counting in type k
    /// the slots `counted[k]`: mean over replications with its 95% CI.
    public func abandonment(_ i: Int, counted: [[Bool]]) -> Estimate {
        let replications = byReplication[i].first?.count ?? 0
        return Estimate((0..<replications).map { r -> Double? in
            var gave = 0, came = 0
            for k in byReplication[i].indices {
                let c = byReplication[i][k][r]
                for t in c.arrivals.indices where counted[k][t] {
                    gave += c.abandoned[t]
                    came += c.arrivals[t]
                }
            }
            return came > 0 ? Double(gave) / Double(came) : nil
        })
    }

    private static func share(_ part: [Int], of whole: [Int], _ counted: [Bool]?) -> Double? {
        var p = 0, w = 0
        for t in whole.indices where counted?[t] ?? true {
            p += part[t]
            w += whole[t]
        }
        return w > 0 ? Double(p) / Double(w) : nil
    }

    /// Runs `model` (with `campus` measured, when given) and records the planned `stations`.
    /// The trace that feeds the record draws no random numbers: the results are those of the
    /// same run without it.
    public static func observe(
        model: NetworkModel, campus: CampusPlan? = nil, stations: [Int], grid: SlotGrid, weekTypes: WeekTypes,
        replications: Int?, seed: UInt64, jobs: Int, progress: Experiment.Progress? = nil
    ) -> (ExperimentResult, SlotObservations) {
        let targets = stations.map { model.stations[$0].waitTarget ?? 0 }
        let horizon = (model.run.duration ?? grid.period) + model.run.warmup
        let pool = RecorderPool()
        let stationCount = model.stations.count
        let warmup = model.run.warmup
        let result = Experiment(model: model, campus: campus, replications: replications, seed: seed)
            .run(jobs: jobs, progress: progress, trace: { replication in
                pool.make(replication, SlotRecorder(stations: stations, stationCount: stationCount, targets: targets, grid: grid,
                                                    weekTypes: weekTypes, from: warmup, horizon: horizon))
            })
        var cells = stations.map { _ in weekTypes.names.map { _ in Cells(slots: grid.count) } }
        var byReplication = stations.map { _ in weekTypes.names.map { _ in [(arrivals: [Int], within: [Int], abandoned: [Int])]() } }
        for recorder in pool.inOrder() {
            for i in cells.indices {
                for k in cells[i].indices {
                    let c = recorder.cells[i][k]
                    cells[i][k].add(c)
                    byReplication[i][k].append((c.arrivals, c.within, c.abandoned))
                }
            }
        }
        return (result, SlotObservations(cells: cells, byReplication: byReplication))
    }
}

/// Keeps each replication's recorder, to combine them in replication order (deterministic sums).
private final class RecorderPool: @unchecked Sendable {
    private let lock = NSLock()
    private var recorders: [Int: SlotRecorder] = [:]

    func make(_ replication: Int, _ recorder: SlotRecorder) -> SlotRecorder {
        lock.lock()
        defer { lock.unlock() }
        recorders[replication] = recorder
        return recorder
    }

    func inOrder() -> [SlotRecorder] {
        lock.lock()
        defer { lock.unlock() }
        return recorders.keys.sorted().map { recorders[$0]! }
    }
}

/// One replication's record of the planned stations, fed by the engine's event trace.
private final class SlotRecorder: TraceSink {
    let position: [Int]
    let targets: [Double]
    let grid: SlotGrid
    let weekTypes: WeekTypes
    let from: Double
    let horizon: Double
    var level: [Int]
    var last: [Double]
    var cells: [[SlotObservations.Cells]]
    /// Customer → (arrival time, type, slot) while at a planned station, for arrivals being measured.
    var arrived: [Int: (time: Double, type: Int, slot: Int)] = [:]

    init(stations: [Int], stationCount: Int, targets: [Double], grid: SlotGrid, weekTypes: WeekTypes, from: Double, horizon: Double) {
        var position = [Int](repeating: -1, count: stationCount)
        for (i, s) in stations.enumerated() { position[s] = i }
        self.position = position
        self.targets = targets
        self.grid = grid
        self.weekTypes = weekTypes
        self.from = from
        self.horizon = horizon
        level = stations.map { _ in 0 }
        last = stations.map { _ in 0 }
        cells = stations.map { _ in weekTypes.names.map { _ in SlotObservations.Cells(slots: grid.count) } }
    }

    func record(_ event: TraceEvent) {
        guard event.station < position.count else { return }
        let i = position[event.station]
        guard i >= 0 else { return }
        let now = event.time
        switch event.kind {
        case .arrive:
            advance(i, to: now)
            level[i] += 1
            if now >= from {
                let a = grid.absoluteSlot(at: now)
                let k = weekTypes.type(ofPeriod: a / grid.count), t = a % grid.count
                cells[i][k].arrivals[t] += 1
                arrived[event.entity] = (now, k, t)
            }
        case .block:
            advance(i, to: now)
            level[i] -= 1
            arrived[event.entity] = nil
        case .start:
            if let a = arrived.removeValue(forKey: event.entity), now - a.time <= targets[i] * (1 + 1e-12) {
                cells[i][a.type].within[a.slot] += 1
            }
        case .finish:
            advance(i, to: now)
            level[i] -= 1
        case .abandon:
            advance(i, to: now)
            level[i] -= 1
            if let a = arrived.removeValue(forKey: event.entity) { cells[i][a.type].abandoned[a.slot] += 1 }
        case .preempt, .exit:
            break
        }
    }

    func finish() {
        for i in level.indices { advance(i, to: horizon) }
    }

    /// Adds the time from the last event to `now` at the current level, slot by slot.
    private func advance(_ i: Int, to now: Double) {
        var t0 = max(last[i], from)
        last[i] = max(last[i], now)
        guard now > t0 else { return }
        let l = level[i]
        var a = grid.absoluteSlot(at: t0)
        let n = grid.count
        while t0 < now {
            let next = Double((a + 1) / n) * grid.period + grid.start((a + 1) % n)
            let end = min(now, next)
            if end > t0 {
                let k = weekTypes.type(ofPeriod: a / n), t = a % n
                if cells[i][k].occupancy[t].count <= l {
                    cells[i][k].occupancy[t] += [Double](repeating: 0, count: l + 1 - cells[i][k].occupancy[t].count)
                }
                cells[i][k].occupancy[t][l] += end - t0
            }
            t0 = max(t0, end)
            a += 1
        }
    }
}

import Foundation
import SimCore
import QueueingNetwork
import ScenarioModel
import Stochastics

/// Observed against simulated, hour by hour: a scenario is run over the log's period and each
/// hour's observed counter measures are compared with the simulated 95% prediction intervals.
public enum Backtest {
    /// The measures compared, per hour of arrival.
    public enum Measure: String, Sendable, CaseIterable {
        case arrivals, meanWait = "mean_wait", serviceLevel = "service_level", abandonment

        public var title: String {
            switch self {
            case .arrivals: "counter visits per hour"
            case .meanWait: "mean wait of those served"
            case .serviceLevel: "service level (served within the target)"
            case .abandonment: "share who gave up"
            }
        }
    }

    /// One hour's counts; the measures are ratios of them.
    public struct Cell: Sendable {
        public var arrivals = 0
        public var served = 0
        public var waitSum = 0.0
        public var withinTarget = 0
        public var abandoned = 0

        public func value(_ m: Measure) -> Double? {
            switch m {
            case .arrivals: return Double(arrivals)
            case .meanWait: return served > 0 ? waitSum / Double(served) : nil
            case .serviceLevel: return served + abandoned > 0 ? Double(withinTarget) / Double(served + abandoned) : nil
            case .abandonment: return served + abandoned > 0 ? Double(abandoned) / Double(served + abandoned) : nil
            }
        }
    }

    /// Hours from the term's start (day × 24 + hour of the day).
    public typealias Hours = [Int: Cell]

    /// The observed cells of a log: counter visits (returns included, no-shows not) by the hour they
    /// were taken in, from the Monday of the log's first day; waits in the scenario's unit.
    public static func observed(reader: TicketLogReader, target: Double, unitSeconds: Double) throws(LogError) -> (cells: Hours, startDay: Int) {
        var cells: [Int: Cell] = [:]
        var firstDay = Int.max
        var data: [(Int, Int, TicketOutcome, Double?)] = []
        try reader.read { t in
            guard t.channel == .counter, t.outcome != .noShow else { return }
            firstDay = min(firstDay, t.taken.day)
            data.append((t.taken.day, Int(t.taken.secondOfDay / 3600), t.outcome, t.wait))
        }
        let start = firstDay == Int.max ? 0 : firstDay - TimestampFormat.weekday(ofDay: firstDay)
        for (day, hour, outcome, wait) in data {
            let key = (day - start) * 24 + hour
            var c = cells[key] ?? Cell()
            c.arrivals += 1
            if outcome == .served, let w = wait {
                c.served += 1
                c.waitSum += w / unitSeconds
                if w / unitSeconds <= target + 1e-9 { c.withinTarget += 1 }
            } else if outcome == .abandoned {
                c.abandoned += 1
            }
            cells[key] = c
        }
        return (cells, start)
    }

    /// Collects one replication's cells from the engine's trace at the counter stations.
    final class Sink: TraceSink {
        let counters: Set<Int>
        let target: Double
        let hour: Double
        var arrivedAt: [Int: (time: Double, bin: Int)] = [:]
        var cells: Hours = [:]

        init(counters: Set<Int>, target: Double, hour: Double) {
            self.counters = counters
            self.target = target
            self.hour = hour
        }

        func record(_ e: TraceEvent) {
            guard counters.contains(e.station) else { return }
            switch e.kind {
            case .arrive:
                let bin = Int((e.time / hour).rounded(.down))
                arrivedAt[e.entity] = (e.time, bin)
                cells[bin, default: Cell()].arrivals += 1
            case .start:
                guard let a = arrivedAt.removeValue(forKey: e.entity) else { return }
                let w = e.time - a.time
                cells[a.bin, default: Cell()].served += 1
                cells[a.bin, default: Cell()].waitSum += w
                if w <= target + 1e-9 { cells[a.bin, default: Cell()].withinTarget += 1 }
            case .abandon:
                guard let a = arrivedAt.removeValue(forKey: e.entity) else { return }
                cells[a.bin, default: Cell()].abandoned += 1
            default: break
            }
        }

        func finish() {}
    }

    /// `replications` runs of the scenario's model, each a table of cells by hour.
    public static func simulate(model: NetworkModel, scenario: Scenario, replications: Int, seed: UInt64, jobs: Int) -> [Hours] {
        prepareGSL()
        let ids = Set(scenario.campus?.serviceCenter?.counters.map(\.id) ?? [])
        let counters = Set(model.stations.indices.filter { ids.contains(model.stations[$0].id) })
        let target = scenario.campus?.serviceCenter?.targetWait ?? 0
        let hour = 3600 / model.timeUnit.seconds
        let store = Store(count: replications)
        parallel(count: replications, jobs: jobs) { r in
            let sink = Sink(counters: counters, target: target, hour: hour)
            var simulation = NetworkSimulation(model: model, replication: r, seed: seed)
            simulation.trace = sink
            _ = simulation.run()
            store.set(r, sink.cells)
        }
        return store.all
    }

    final class Store: @unchecked Sendable {
        private var cells: [Hours]
        private let lock = NSLock()
        init(count: Int) { cells = Array(repeating: [:], count: count) }
        func set(_ i: Int, _ c: Hours) { lock.lock(); cells[i] = c; lock.unlock() }
        var all: [Hours] { lock.lock(); defer { lock.unlock() }; return cells }
    }

    /// One hour's comparison of one measure.
    public struct Row: Sendable {
        public var hour: Int
        public var measure: Measure
        public var observed: Double
        public var mean: Double
        public var low: Double
        public var high: Double
        public var sd: Double
        public var inside: Bool { observed >= low - 1e-9 && observed <= high + 1e-9 }
        /// How far off, in simulated standard deviations (the interval's width when they vary little).
        public var distance: Double { abs(observed - mean) / max(sd, (high - low) / 4, 1e-9) }
    }

    public struct Summary: Sendable {
        public var measure: Measure
        public var hours: Int
        public var coverage: Double
        /// Mean of observed − simulated mean over the hours.
        public var bias: Double
    }

    /// Compares every hour the log observed a value in (and, for arrivals, every hour either saw one
    /// within the log's days) with the replications' 2.5% and 97.5% quantiles.
    public static func compare(observed: Hours, simulated: [Hours]) -> (rows: [Row], summaries: [Summary]) {
        var rows: [Row] = []
        let maxHour = observed.keys.max() ?? -1
        let hours = Set(observed.keys).union(simulated.flatMap { $0.keys.filter { $0 <= maxHour } }).sorted()
        for m in Measure.allCases {
            for h in hours {
                let cell = observed[h] ?? Cell()
                guard let o = cell.value(m) else { continue }
                let values = simulated.compactMap { ($0[h] ?? Cell()).value(m) }.sorted()
                guard values.count >= 2 else { continue }
                let mean = values.reduce(0, +) / Double(values.count)
                let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
                func quantile(_ p: Double) -> Double {
                    let x = p * Double(values.count - 1)
                    let i = Int(x.rounded(.down)), f = x - Double(i)
                    return i + 1 < values.count ? values[i] * (1 - f) + values[i + 1] * f : values[i]
                }
                rows.append(Row(hour: h, measure: m, observed: o, mean: mean, low: quantile(0.025), high: quantile(0.975), sd: sd))
            }
        }
        let summaries = Measure.allCases.map { m -> Summary in
            let r = rows.filter { $0.measure == m }
            let n = max(1, r.count)
            return Summary(measure: m, hours: r.count, coverage: Double(r.filter(\.inside).count) / Double(n),
                           bias: r.reduce(0) { $0 + $1.observed - $1.mean } / Double(n))
        }
        return (rows, summaries)
    }
}

import CampusModel
import Experiments
import Foundation
import QueueingNetwork
import ScenarioModel
import Stochastics

/// What the staffing must achieve at every planned station, in every slot.
public struct StaffingTargets: Sendable, Hashable {
    /// Share of students served within the station's target wait (P(W ≤ T) ≥ level).
    public var serviceLevel: Double
    /// Most share of arrivals who may give up, where students have a patience.
    public var maxAbandon: Double

    public init(serviceLevel: Double = 0.8, maxAbandon: Double = 0.05) {
        self.serviceLevel = serviceLevel
        self.maxAbandon = maxAbandon
    }
}

/// Per-slot staffing of a network's stations by the iterative staffing algorithm (Feldman,
/// Mandelbaum, Massey & Whitt 2008), started from queueing formulas on the modified offered load.
///
/// Each iteration simulates the model with the current staffing (unlimited servers at first) over
/// the same random numbers, takes per slot the distribution of the number of students at the
/// station, L(t), over sample times and replications, and staffs each slot with the fewest servers
/// s such that P(L(t) ≥ s) ≤ α (the delay probability, by PASTA). Staffing stops changing after a
/// few iterations; service that is not exponential, abandonment and returns are all in the simulation.
public struct StaffingSearch: Sendable {
    /// One planned station's result, per slot of the grid.
    public struct StationPlan: Sendable {
        public var station: Int
        public var id: String
        /// External arrivals per time unit into the station, averaged over the slot (over periods).
        public var demand: [Double]
        /// The modified offered load m(t) = E[L(t)] with unlimited servers, from the first simulation.
        public var offeredLoad: [Double]
        /// Per slot: Erlang C staffing on the slot's own arrival rate (stationary, no lag — SIPP).
        public var erlangC: [Int]
        /// Per slot: the delay probability α that the service-level target calls for.
        public var alpha: [Double]
        /// Per slot: the servers the iterative staffing algorithm requires.
        public var requirement: [Int]
        /// Per slot: P(L ≥ servers) under the final staffing, pooled over periods — the achieved
        /// delay probability of an arrival (PASTA).
        public var achievedDelay: [Double]
        /// Mean service time per visit at the station (weighted by the classes' arrival rates).
        public var meanService: Double
        public var waitTarget: Double
    }

    public struct Result: Sendable {
        public var grid: SlotGrid
        public var stations: [StationPlan]
        public var iterations: Int
        public var converged: Bool
        /// Largest change of any slot's staffing in the last iteration.
        public var lastChange: Int
        public var seed: UInt64
        public var replications: Int
    }

    public var model: NetworkModel
    public var campus: CampusPlan?
    public var stations: [Int]
    public var grid: SlotGrid
    public var targets: StaffingTargets
    public var replications: Int
    public var seed: UInt64
    public var samplesPerSlot: Int = 6
    public var maxIterations: Int = 10
    /// When set, α is this fixed delay-probability target in every slot (as in Feldman et al.).
    public var fixedDelayProbability: Double?

    public init(model: NetworkModel, campus: CampusPlan? = nil, stations: [Int], grid: SlotGrid, targets: StaffingTargets,
                replications: Int, seed: UInt64) {
        self.model = model
        self.campus = campus
        self.stations = stations
        self.grid = grid
        self.targets = targets
        self.replications = replications
        self.seed = seed
    }

    public typealias Progress = @Sendable (_ iteration: Int, _ done: Int, _ total: Int) -> Void

    /// Runs the algorithm to a fixed point (or `maxIterations`).
    public func run(jobs: Int, progress: Progress? = nil) -> Result {
        let n = grid.count
        var servers: [[Int]]? = nil
        var first: SlotStatistics? = nil
        var last: SlotStatistics! = nil
        var alphas: [[Double]] = []
        var iteration = 0
        var change = Int.max
        var requirement: [[Int]] = stations.map { _ in [Int](repeating: 0, count: n) }
        while iteration < maxIterations {
            iteration += 1
            let candidate = staffedModel(servers)
            let it = iteration
            var report: Experiment.Progress? = nil
            if let progress {
                report = { @Sendable done, total, _ in progress(it, done, total) }
            }
            let result = Experiment(model: candidate, replications: replications, seed: seed).run(jobs: jobs, progress: report)
            let statistics = SlotStatistics(result, stations: stations, grid: grid)
            if first == nil {
                first = statistics
                alphas = stations.indices.map { i in alphaPerSlot(station: i, load: statistics.meanFolded(i)) }
            }
            last = statistics
            var next: [[Int]] = []
            for i in stations.indices {
                let perAbsolute = statistics.quantileStaffing(i) { absolute in alphas[i][absolute % n] }
                var folded = [Int](repeating: 0, count: n)
                for (a, s) in perAbsolute.enumerated() { folded[a % n] = max(folded[a % n], s) }
                next.append(folded)
            }
            change = Int.max
            if let old = servers {
                change = 0
                for (a, b) in zip(old, next) {
                    for (x, y) in zip(a, b) { change = max(change, abs(x - y)) }
                }
            }
            requirement = next
            if change == 0 { break }
            servers = next
        }
        // The achieved delay probability under the final staffing (the last simulation ran with it
        // when the algorithm converged; otherwise one more run measures it).
        if change != 0 {
            let result = Experiment(model: staffedModel(requirement), replications: replications, seed: seed).run(jobs: jobs)
            last = SlotStatistics(result, stations: stations, grid: grid)
        }
        let plans = stations.indices.map { i -> StationPlan in
            let s = stations[i]
            let demand = demandPerSlot(station: s)
            let meanService = meanServiceTime(station: s)
            let sipp: [Int] = (0..<n).map { t in
                let load = demand[t] * meanService
                return ErlangFormulas.staffing(load: load, delayProbability: alphas[i][t])
            }
            return StationPlan(
                station: s, id: model.stations[s].id, demand: demand, offeredLoad: first!.meanFolded(i), erlangC: sipp,
                alpha: alphas[i], requirement: requirement[i], achievedDelay: last.delayFolded(i, servers: requirement[i]),
                meanService: meanService, waitTarget: model.stations[s].waitTarget ?? 0)
        }
        return Result(grid: grid, stations: plans, iterations: iteration, converged: change == 0,
                      lastChange: change == Int.max ? 0 : change, seed: seed, replications: replications)
    }

    /// The model with the planned stations on `servers` per slot (unlimited when `nil`) and sampling
    /// `samplesPerSlot` times a slot.
    public func staffedModel(_ servers: [[Int]]?) -> NetworkModel {
        var m = model
        m.run.sampleEvery = grid.slot / Double(samplesPerSlot)
        for (i, s) in stations.enumerated() {
            if let servers {
                m.stations[s].servers = StaffingSearch.serverPlan(servers[i], grid: grid)
            } else {
                m.stations[s].servers = .infinite
            }
        }
        // Flexible servers would hide the requirement: they stay out while the algorithm runs.
        m.policies = m.policies.filter { policy in
            if case .flexServers(let s, _, _, _) = policy.kind { return !stations.contains(s) }
            return true
        }
        return m
    }

    /// A per-slot staffing as the engine's repeating schedule, equal neighbours merged.
    public static func serverPlan(_ servers: [Int], grid: SlotGrid) -> NetworkModel.ServerPlan {
        var changes: [(offset: Double, servers: Int)] = []
        for (t, s) in servers.enumerated() where changes.last?.servers != s {
            changes.append((grid.start(t), s))
        }
        if changes.count == 1 { return .fixed(changes[0].servers) }
        return .schedule(period: grid.period, changes: changes)
    }

    /// α per slot: the delay probability that meets the service level P(W ≤ T) ≥ x in a stationary
    /// M/M/c queue at the slot's offered load (P(W > 0) = 1 − x when T = 0).
    func alphaPerSlot(station i: Int, load: [Double]) -> [Double] {
        if let fixed = fixedDelayProbability { return load.map { _ in fixed } }
        let s = stations[i]
        let target = model.stations[s].waitTarget ?? 0
        let mu = 1 / meanServiceTime(station: s)
        let level = targets.serviceLevel
        return load.map { m in
            guard m > 0, target > 0 else { return 1 - level }
            let c = ErlangFormulas.staffing(load: m, serviceRate: mu, within: target, level: level)
            // The delay probability at that staffing, never looser than the target's complement.
            return max(1 - level, ErlangFormulas.delayProbability(servers: c, load: m))
        }
    }

    /// External arrival rate into a station per slot, averaged over the slot and over the periods
    /// of the run, scaled up by the traffic equations for routed arrivals (returns, feedback).
    func demandPerSlot(station s: Int) -> [Double] {
        let n = grid.count
        var rates = [Double](repeating: 0, count: n)
        let horizon = (model.run.duration ?? grid.period) + model.run.warmup
        let periods = max(1, Int((horizon / grid.period).rounded(.up)))
        let sub = 8
        var externalMean = 0.0
        for source in model.sources {
            let targets: [Int] = source.station >= 0 ? [source.station] : model.dispatchGroups[-2 - source.station]
            guard targets.contains(s) else { continue }
            let share = 1 / Double(targets.count)
            let batch = source.batch.map { Swift.max(1, $0.mean) } ?? 1
            externalMean += source.process.meanRate * batch * share
            for t in 0..<n {
                var total = 0.0
                for p in 0..<periods {
                    for k in 0..<sub {
                        let time = Double(p) * grid.period + grid.start(t) + (Double(k) + 0.5) * grid.slot / Double(sub)
                        total += source.process.rate(at: time)
                    }
                }
                rates[t] += total / Double(periods * sub) * batch * share
            }
        }
        let loads = model.offeredLoads()
        let scale = externalMean > 0 ? Swift.max(1, loads[s].arrivalRate / externalMean) : 1
        return rates.map { $0 * scale }
    }

    /// Mean service time at a station, weighted by the classes' arrival rates there.
    func meanServiceTime(station s: Int) -> Double {
        let loads = model.offeredLoads()
        if loads[s].arrivalRate > 0 { return loads[s].total / loads[s].arrivalRate }
        let means = model.stations[s].service.compactMap { $0?.mean }
        return means.isEmpty ? 1 : means.reduce(0, +) / Double(means.count)
    }
}

/// Samples of the number at each planned station, by absolute slot, pooled over replications.
struct SlotStatistics {
    /// histogram[i][absoluteSlot][L] = samples with L students at planned station i.
    var histogram: [[[Int]]]
    let grid: SlotGrid

    init(_ result: ExperimentResult, stations: [Int], grid: SlotGrid) {
        self.grid = grid
        var position = [Int: Int]()
        for (i, s) in stations.enumerated() { position[s] = i }
        histogram = stations.map { _ in [] }
        for replication in result.replications {
            for sample in replication.samples {
                guard let i = position[Int(sample.station)] else { continue }
                let a = grid.absoluteSlot(at: sample.time)
                while histogram[i].count <= a { histogram[i].append([]) }
                let l = Int(sample.inQueue + sample.inService)
                while histogram[i][a].count <= l { histogram[i][a].append(0) }
                histogram[i][a][l] += 1
            }
        }
    }

    /// Per absolute slot, min{s : P(L ≥ s) ≤ α(slot)}.
    func quantileStaffing(_ i: Int, alpha: (Int) -> Double) -> [Int] {
        histogram[i].enumerated().map { a, counts in
            let total = counts.reduce(0, +)
            // No student there at any sample: the slot needs no one.
            guard total > 0, counts.count > 1 else { return 0 }
            let allowed = alpha(a) * Double(total)
            // Walk down from the top: tail = samples with L ≥ s.
            var tail = 0
            var s = counts.count
            while s > 0 && Double(tail + counts[s - 1]) <= allowed {
                tail += counts[s - 1]
                s -= 1
            }
            return s
        }
    }

    /// Mean L per slot of the period, pooled over periods.
    func meanFolded(_ i: Int) -> [Double] {
        var sum = [Double](repeating: 0, count: grid.count)
        var count = [Int](repeating: 0, count: grid.count)
        for (a, counts) in histogram[i].enumerated() {
            let t = a % grid.count
            for (l, c) in counts.enumerated() {
                sum[t] += Double(l * c)
                count[t] += c
            }
        }
        return zip(sum, count).map { $1 > 0 ? $0 / Double($1) : 0 }
    }

    /// Per slot of the period: P(L ≥ servers) over all its samples (pooled over periods); 0 where
    /// the slot has no servers.
    func delayFolded(_ i: Int, servers: [Int]) -> [Double] {
        var tail = [Int](repeating: 0, count: grid.count)
        var total = [Int](repeating: 0, count: grid.count)
        for (a, counts) in histogram[i].enumerated() {
            let t = a % grid.count
            guard servers[t] > 0 else { continue }
            total[t] += counts.reduce(0, +)
            if counts.count > servers[t] { tail[t] += counts[servers[t]...].reduce(0, +) }
        }
        return zip(tail, total).map { $1 > 0 ? Double($0) / Double($1) : 0 }
    }
}

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
/// the same random numbers, takes per week type and slot the distribution of the number of students
/// at the station, L(t) (its exact time average, pooled over the type's periods and the
/// replications), and staffs each slot with the fewest servers s such that P(L(t) ≥ s) ≤ α (the
/// delay probability, by PASTA). It stops when no slot changes; a slot whose staffing returns to an
/// earlier value (a cycle) keeps the fewest servers of the cycle that met α when simulated. Where abandonment in a week type is
/// above the target, servers are then added in the slots where students give up.
public struct StaffingSearch: Sendable {
    /// One planned station in one week type, per slot of the period.
    public struct TypePlan: Sendable {
        /// External arrivals per time unit into the station, averaged over the slot and the type's periods.
        public var demand: [Double]
        /// The modified offered load m(t) = E[L(t)] with unlimited servers, from the first simulation.
        public var offeredLoad: [Double]
        /// Per slot: Erlang C staffing on the slot's own arrival rate (stationary, no lag — SIPP).
        public var erlangC: [Int]
        /// Per slot: the delay probability α that the service-level target calls for.
        public var alpha: [Double]
        /// Per slot: the servers the algorithm requires (abandonment additions included).
        public var requirement: [Int]
        /// Per slot: servers added to hold the abandonment target.
        public var addedForAbandonment: [Int]
        /// Per slot: the station is closed (its own servers are 0 and no student is sent then).
        public var closed: [Bool]
        /// Per slot: P(L ≥ requirement) under the final staffing — the achieved delay probability.
        public var achievedDelay: [Double]
        /// Per slot: share of arrivals served within the wait target under the final staffing.
        public var serviceLevel: [Double?]
        /// Per slot: share of arrivals who gave up under the final staffing.
        public var abandonShare: [Double?]
        /// Over the type's open slots: share of arrivals who gave up under the final staffing (the
        /// abandonment the staffing answers for; students who come while the station is closed
        /// wait for it to open, as in the scenario).
        public var totalAbandonShare: Double
        /// Over all the type's slots, closed ones included.
        public var totalAbandonShareWithClosed: Double
        /// Over the type: share of arrivals who arrived while the station was closed.
        public var arrivalsWhileClosed: Double
    }

    /// One planned station's result, per week type.
    public struct StationPlan: Sendable {
        public var station: Int
        public var id: String
        public var types: [TypePlan]
        /// Mean service time per visit at the station (weighted by the classes' arrival rates).
        public var meanService: Double
        public var waitTarget: Double
    }

    public struct Result: Sendable {
        public var grid: SlotGrid
        public var weekTypes: WeekTypes
        public var stations: [StationPlan]
        public var iterations: Int
        public var converged: Bool
        /// Slots whose staffing cycled and was fixed at the fewest servers of its cycle that met α.
        public var slotsInCycles: Int
        /// Largest change of any slot's staffing in the last iteration.
        public var lastChange: Int
        /// Simulations run after the algorithm to hold the abandonment target.
        public var abandonmentRounds: Int
        public var seed: UInt64
        public var replications: Int
    }

    public var model: NetworkModel
    public var campus: CampusPlan?
    public var stations: [Int]
    public var grid: SlotGrid
    public var weekTypes: WeekTypes
    public var targets: StaffingTargets
    public var replications: Int
    public var seed: UInt64
    public var maxIterations: Int = 20
    /// Most simulations spent adding servers for the abandonment target.
    public var maxAbandonmentRounds: Int = 6
    /// When set, α is this fixed delay-probability target in every slot (as in Feldman et al.).
    public var fixedDelayProbability: Double?
    /// Where each iteration's outcome (the staffing its simulation asks for next) is recorded and,
    /// on a resumed search, replayed from.
    public var journal: SearchJournal?

    public init(model: NetworkModel, campus: CampusPlan? = nil, stations: [Int], grid: SlotGrid, weekTypes: WeekTypes? = nil,
                targets: StaffingTargets, replications: Int, seed: UInt64) {
        self.model = model
        self.campus = campus
        self.stations = stations
        self.grid = grid
        let horizon = (model.run.duration ?? grid.period) + model.run.warmup
        self.weekTypes = weekTypes ?? .single(periods: Int((horizon / grid.period - 1e-9).rounded(.up)))
        self.targets = targets
        self.replications = replications
        self.seed = seed
    }

    public typealias Progress = @Sendable (_ iteration: Int, _ done: Int, _ total: Int) -> Void

    /// staffing[i][k][t]: servers at planned station i in week type k, slot t.
    public typealias Staffing = [[[Int]]]

    /// The staffing that simulating `staffing` asks for next: from the journal when it holds it,
    /// else `simulate`'s, recorded.
    private func journaled(_ staffing: Staffing, _ simulate: () -> Staffing) -> Staffing {
        guard let journal else { return simulate() }
        var hash = SHA256()
        hash.update(Array("\(staffing)".utf8))
        let key = "staffing stations " + stations.map(String.init).joined(separator: ",") + " simulated " + SHA256.hex(of: hash.finish())
        // A replayed entry holds one whole number of servers, within the format's bounds, per slot.
        let expected = staffing.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        let most = Double(ScenarioParser.maximumServers)
        let values = journal.values(key, accept: { values in
            values.count == expected && values.allSatisfy { $0 >= 0 && $0 <= most && $0.rounded() == $0 }
        }) { simulate().flatMap { $0.flatMap { $0.map(Double.init) } } }
        var next = staffing
        var n = 0
        for i in next.indices {
            for k in next[i].indices {
                for t in next[i][k].indices {
                    next[i][k][t] = Int(values[n])
                    n += 1
                }
            }
        }
        return next
    }

    /// Simulates `staffing` (unlimited servers when `nil`) with the search's seed.
    public func observe(_ staffing: Staffing?, jobs: Int, progress: Experiment.Progress? = nil) -> SlotObservations {
        SlotObservations.observe(model: staffedModel(staffing), stations: stations, grid: grid, weekTypes: weekTypes,
                                 replications: replications, seed: seed, jobs: jobs, progress: progress).1
    }

    /// Runs the algorithm until the staffing repeats (or `maxIterations`), then holds the abandonment target.
    public func run(jobs: Int, progress: Progress? = nil) -> Result {
        var simulations = 0
        func simulate(_ staffing: Staffing?) -> SlotObservations {
            simulations += 1
            let it = simulations
            var report: Experiment.Progress? = nil
            if let progress { report = { @Sendable done, total, _ in progress(it, done, total) } }
            return observe(staffing, jobs: jobs, progress: report)
        }
        let first = simulate(nil)
        let inputs = slotInputs(first: first)
        var cycles = StaffingCycles(start: inputs.staffing(from: first))
        var last = first
        var converged = false
        var change = 0
        // What `last` measured: an iteration replayed from the journal simulates nothing.
        var measured: Staffing? = nil
        var iterations = 1
        while iterations < maxIterations {
            iterations += 1
            let current = cycles.current
            let candidate = journaled(current) {
                last = simulate(current)
                measured = current
                return inputs.staffing(from: last)
            }
            change = cycles.advance(candidate: candidate)
            if change == 0 {
                converged = true
                break
            }
        }
        var final = cycles.current
        // The final staffing measured (when the last simulation did not run it, or was replayed).
        if measured != final { last = simulate(final) }

        var added = stations.map { _ in (0..<weekTypes.count).map { _ in [Int](repeating: 0, count: grid.count) } }
        var rounds = 0
        while rounds < maxAbandonmentRounds {
            guard addServersForAbandonment(last.cells, inputs: inputs, staffing: &final, added: &added) else { break }
            rounds += 1
            last = simulate(final)
        }
        return Result(grid: grid, weekTypes: weekTypes, stations: plans(first: first, last: last, inputs: inputs, staffing: final, added: added),
                      iterations: iterations, converged: converged, slotsInCycles: cycles.slotsInCycles, lastChange: change,
                      abandonmentRounds: rounds, seed: seed, replications: replications)
    }

    /// What the first simulation (unlimited servers) fixes for the whole search, per planned
    /// station, week type and slot.
    struct SlotInputs {
        var demands: [[[Double]]]
        var alphas: [[[Double]]]
        var closed: [[[Bool]]]
        /// Slots no simulation reaches (inside the warm-up in every period of their type).
        var unobserved: [[[Bool]]]
        /// Per planned station.
        var meanServices: [Double]
        var patienceMeans: [Double?]

        /// The staffing a simulation's observations ask for: per slot the fewest servers s with
        /// P(L ≥ s) ≤ α; 0 where the station is closed; Erlang C on the arrival rate where unobserved.
        func staffing(from observations: SlotObservations) -> Staffing {
            alphas.indices.map { i in
                alphas[i].indices.map { k in
                    let s = observations.cells[i][k].quantileStaffing(alpha: alphas[i][k])
                    return s.indices.map { t in
                        if closed[i][k][t] { return 0 }
                        if unobserved[i][k][t] {
                            return ErlangFormulas.staffing(load: demands[i][k][t] * meanServices[i], delayProbability: alphas[i][k][t])
                        }
                        return s[t]
                    }
                }
            }
        }
    }

    /// The search's inputs from its first simulation, `first` (unlimited servers): demand, α and
    /// closed slots per station and week type.
    func slotInputs(first: SlotObservations) -> SlotInputs {
        let types = weekTypes.count
        let demands = stations.map { s in (0..<types).map { k in demandPerSlot(station: s, type: k) } }
        return SlotInputs(
            demands: demands,
            alphas: stations.indices.map { i in (0..<types).map { k in alphaPerSlot(station: i, load: first.cells[i][k].meanLoad) } },
            closed: stations.indices.map { i in (0..<types).map { k in closedSlots(station: stations[i], type: k, demand: demands[i][k]) } },
            // A slot no simulation reaches takes Erlang C on its arrival rate.
            unobserved: stations.indices.map { i in (0..<types).map { k in first.cells[i][k].occupancy.map { $0.reduce(0, +) == 0 } } },
            meanServices: stations.map { meanServiceTime(station: $0) },
            patienceMeans: stations.map { model.stations[$0].patience?.mean })
    }

    /// The iteration's staffing and what it remembers per slot to find cycles.
    ///
    /// Iterate until no slot changes. A slot whose staffing comes back to a value it had before is
    /// in a cycle (typically 2: staffed one lower, the queue grows and asks for one more). It keeps,
    /// from then on, the fewest servers that met α when they were simulated (P(L ≥ s) ≤ α under
    /// staffing s: the next requirement was at most s), once the value below has failed (values
    /// between are tried first); the cycle's largest when none met.
    struct StaffingCycles {
        /// The staffing to simulate next.
        var current: Staffing
        /// Per slot: every staffing it had, in order.
        var history: [[[[Int]]]]
        /// Per slot: whether each staffing simulated met α.
        var met: [[[[Int: Bool]]]]
        /// Per slot: fixed for good (its cycle resolved).
        var frozen: [[[Bool]]]
        /// Slots whose staffing cycled and was fixed.
        var slotsInCycles = 0

        init(start: Staffing) {
            current = start
            history = start.map { $0.map { $0.map { [$0] } } }
            met = start.map { $0.map { $0.map { _ in [Int: Bool]() } } }
            frozen = start.map { $0.map { $0.map { _ in false } } }
        }

        /// Takes `candidate`, the staffing that simulating `current` asked for, and moves `current`
        /// on; returns the largest change of any slot (0: converged).
        mutating func advance(candidate: Staffing) -> Int {
            var next = current
            var change = 0
            for i in current.indices {
                for k in current[i].indices {
                    for t in current[i][k].indices where !frozen[i][k][t] {
                        met[i][k][t][current[i][k][t]] = candidate[i][k][t] <= current[i][k][t]
                        let v = candidate[i][k][t]
                        guard v != current[i][k][t] else { continue }
                        if let j = history[i][k][t].firstIndex(of: v) {
                            // Between the largest value that failed and the fewest that met, a
                            // value not tried yet is tried first (bisection).
                            let tried = met[i][k][t]
                            if let fewest = tried.filter({ $0.value }).keys.min() {
                                let failed = tried.filter { !$0.value && $0.key < fewest }.keys.max()
                                if let failed, fewest - failed > 1 {
                                    next[i][k][t] = (failed + fewest) / 2
                                } else {
                                    next[i][k][t] = fewest
                                    frozen[i][k][t] = true
                                    slotsInCycles += 1
                                }
                            } else {
                                next[i][k][t] = history[i][k][t][j...].max()!
                                frozen[i][k][t] = true
                                slotsInCycles += 1
                            }
                        } else {
                            next[i][k][t] = v
                        }
                        history[i][k][t].append(next[i][k][t])
                        change = max(change, abs(next[i][k][t] - current[i][k][t]))
                    }
                }
            }
            current = next
            return change
        }
    }

    /// One round of the abandonment step: where a week type's share of students who give up
    /// (arriving while the station is open) is above the target, one more server in each slot whose
    /// own share is above it (the slot with the most who gave up when none is), or at once as many
    /// as Erlang A (M/M/c+M at the slot's arrival rate and mean patience) asks for when that is
    /// more. `cells` are the observations under `staffing`; returns whether any slot got servers.
    func addServersForAbandonment(_ cells: [[SlotObservations.Cells]], inputs: SlotInputs, staffing: inout Staffing,
                                  added: inout [[[Int]]]) -> Bool {
        var changed = false
        for i in stations.indices where model.stations[stations[i]].patience != nil {
            for k in 0..<weekTypes.count {
                let cells = cells[i][k]
                let closed = inputs.closed[i][k]
                guard cells.totalAbandonShare(counted: closed.map { !$0 }) > targets.maxAbandon else { continue }
                let shares = cells.abandonShare
                var slots = shares.indices.filter { !closed[$0] && (shares[$0] ?? 0) > targets.maxAbandon }
                if slots.isEmpty, let worst = cells.abandoned.indices.filter({ !closed[$0] }).max(by: { cells.abandoned[$0] < cells.abandoned[$1] }) {
                    slots = [worst]
                }
                for t in slots {
                    var next = staffing[i][k][t] + 1
                    if let patience = inputs.patienceMeans[i], patience > 0, inputs.meanServices[i] > 0 {
                        next = max(next, ErlangFormulas.staffing(
                            arrivalRate: inputs.demands[i][k][t], serviceRate: 1 / inputs.meanServices[i], abandonmentRate: 1 / patience,
                            maxAbandon: targets.maxAbandon))
                    }
                    added[i][k][t] += next - staffing[i][k][t]
                    staffing[i][k][t] = next
                    changed = true
                }
            }
        }
        return changed
    }

    /// Each planned station's result: the final `staffing` beside Erlang C per slot, and what the
    /// last simulation (`last`, of that staffing) measured.
    func plans(first: SlotObservations, last: SlotObservations, inputs: SlotInputs, staffing final: Staffing, added: [[[Int]]]) -> [StationPlan] {
        stations.indices.map { i -> StationPlan in
            let s = stations[i]
            let meanService = meanServiceTime(station: s)
            let typePlans = (0..<weekTypes.count).map { k -> TypePlan in
                let cells = last.cells[i][k]
                let demand = inputs.demands[i][k]
                let closed = inputs.closed[i][k]
                let sipp: [Int] = (0..<grid.count).map { t in
                    ErlangFormulas.staffing(load: demand[t] * meanService, delayProbability: inputs.alphas[i][k][t])
                }
                let arrivals = cells.arrivals.reduce(0, +)
                let whileClosed = cells.arrivals.indices.filter { closed[$0] }.reduce(0) { $0 + cells.arrivals[$1] }
                return TypePlan(
                    demand: demand, offeredLoad: first.cells[i][k].meanLoad, erlangC: sipp, alpha: inputs.alphas[i][k],
                    requirement: final[i][k], addedForAbandonment: added[i][k], closed: closed,
                    achievedDelay: cells.delay(servers: final[i][k]), serviceLevel: cells.serviceLevel,
                    abandonShare: cells.abandonShare, totalAbandonShare: cells.totalAbandonShare(counted: closed.map { !$0 }),
                    totalAbandonShareWithClosed: cells.totalAbandonShare(),
                    arrivalsWhileClosed: arrivals > 0 ? Double(whileClosed) / Double(arrivals) : 0)
            }
            return StationPlan(station: s, id: model.stations[s].id, types: typePlans, meanService: meanService,
                               waitTarget: model.stations[s].waitTarget ?? 0)
        }
    }

    static func largestChange(_ a: Staffing, _ b: Staffing) -> Int {
        var change = 0
        for (x, y) in zip(a, b) { for (u, v) in zip(x, y) { for (p, q) in zip(u, v) { change = max(change, abs(p - q)) } } }
        return change
    }

    static func slotwiseMax(_ a: Staffing, _ b: Staffing) -> Staffing {
        zip(a, b).map { x, y in zip(x, y).map { u, v in zip(u, v).map { max($0, $1) } } }
    }

    /// The model with the planned stations on `staffing` (unlimited servers when `nil`), without
    /// time samples (the search records the stations itself).
    public func staffedModel(_ staffing: Staffing?) -> NetworkModel {
        var m = model
        m.run.sampleEvery = nil
        for (i, s) in stations.enumerated() {
            if let staffing {
                m.stations[s].servers = StaffingSearch.serverPlan(staffing[i], grid: grid, weekTypes: weekTypes)
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

    /// A per-slot staffing as the engine's schedule, equal neighbours merged: repeating every
    /// period with one week type, else laid out over every period of the run.
    public static func serverPlan(_ servers: [[Int]], grid: SlotGrid, weekTypes: WeekTypes) -> NetworkModel.ServerPlan {
        var changes: [(offset: Double, servers: Int)] = []
        let periods = weekTypes.count == 1 ? [0] : weekTypes.ofPeriod
        for (p, k) in periods.enumerated() {
            for (t, s) in servers[k].enumerated() where changes.last?.servers != s {
                changes.append((Double(p) * grid.period + grid.start(t), s))
            }
        }
        if changes.count == 1 { return .fixed(changes[0].servers) }
        return .schedule(period: grid.period * Double(periods.count), changes: changes)
    }

    /// A per-slot staffing of one period as the engine's repeating schedule.
    public static func serverPlan(_ servers: [Int], grid: SlotGrid) -> NetworkModel.ServerPlan {
        serverPlan([servers], grid: grid, weekTypes: .single(periods: 1))
    }

    /// Slots of type `k` where station `s` is closed: its own servers are 0 through the slot in
    /// every period of the type and no arrivals are sent there. Students who still come then (for
    /// example returns) wait for the opening, as in the scenario.
    func closedSlots(station s: Int, type k: Int, demand: [Double]) -> [Bool] {
        let periods = weekTypes.periods(of: k)
        return (0..<grid.count).map { t in
            guard demand[t] == 0 else { return false }
            for p in periods {
                let from = Double(p) * grid.period + grid.start(t)
                if StaffingSearch.mostServers(model.stations[s].servers, from: from, to: from + grid.slot) > 0 { return false }
            }
            return true
        }
    }

    /// The most servers a plan has on shift at any time in [from, to).
    static func mostServers(_ plan: NetworkModel.ServerPlan, from: Double, to: Double) -> Int {
        switch plan {
        case .fixed(let n): return n
        case .infinite: return Int.max
        case .schedule(let period, let changes):
            var most = 0
            let base = (from / period).rounded(.down) * period
            var cycle = base
            while cycle < to {
                for (j, change) in changes.enumerated() {
                    let start = cycle + change.offset
                    let end = cycle + (j + 1 < changes.count ? changes[j + 1].offset : period)
                    if start < to && end > from { most = max(most, change.servers) }
                }
                cycle += period
            }
            return most
        }
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
    /// of week type `k`, scaled up by the traffic equations for routed arrivals (returns, feedback).
    func demandPerSlot(station s: Int, type k: Int) -> [Double] {
        let n = grid.count
        var rates = [Double](repeating: 0, count: n)
        let periods = weekTypes.periods(of: k)
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
                for p in periods {
                    for j in 0..<sub {
                        let time = Double(p) * grid.period + grid.start(t) + (Double(j) + 0.5) * grid.slot / Double(sub)
                        total += source.process.rate(at: time)
                    }
                }
                rates[t] += total / Double(Swift.max(1, periods.count) * sub) * batch * share
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

import CampusModel
import Experiments
import ScenarioModel
import Stochastics

/// Room layout planning: how many rooms of each type to build so that activity bookings are
/// rejected no more than the target, at the least floor area; and, under an area budget, the best
/// rejection achievable.
///
/// It starts from Erlang B per room type (each activity on the smallest type that seats its mean
/// group), refines by simulating bookings with common random numbers (add the room that buys the
/// most rejection per m², then drop rooms while the target holds), and picks among the finalists
/// with Kim and Nelson's ranking-and-selection procedure.
public struct RoomLayoutPlanner: Sendable {
    public struct Candidate: Sendable, Hashable {
        public var counts: [Int]
        public var area: Double
        /// Mean rejection over the planning replications.
        public var rejection: Double
    }

    public struct Proposal: Sendable {
        /// Rooms per type, in the catalogue's order.
        public var counts: [Int]
        public var area: Double
        public var rejection: Estimate
        public var feasible: Bool
        /// The Erlang B starting point.
        public var analytic: [Int]
        /// Every layout simulated, for the cost–service frontier.
        public var evaluated: [Candidate]
        /// The finalists ranked and the statement the choice comes with.
        public var finalists: [Candidate]
        public var selection: RankingAndSelection.Selection?
        /// The best layout found within the area budget, when the feasible one exceeds it.
        public var withinBudget: Candidate?
    }

    public var rooms: ActivityRooms
    public var day: Double
    public var horizon: Double
    public var step: Double?
    public var target: Double
    public var areaBudget: Double?
    public var replications: Int
    public var seed: UInt64

    public init(rooms: ActivityRooms, day: Double, horizon: Double, step: Double?, target: Double, areaBudget: Double? = nil,
                replications: Int = 10, seed: UInt64 = 1) {
        self.rooms = rooms
        self.day = day
        self.horizon = horizon
        self.step = step
        self.target = target
        self.areaBudget = areaBudget
        self.replications = replications
        self.seed = seed
    }

    var areas: [Double] { rooms.roomTypes.map(\.area) }

    func area(_ counts: [Int]) -> Double { zip(counts, areas).reduce(0) { $0 + Double($1.0) * $1.1 } }

    /// Offered load per room type: each activity's bookings a day times its mean duration, spread
    /// over the span its starts can fall in, on the smallest allowed type that seats its mean group.
    public func offeredLoads() throws(DistributionError) -> [Double] {
        var loads = [Double](repeating: 0, count: rooms.roomTypes.count)
        for activity in rooms.activities {
            let group = try Distribution(activity.group).mean
            let duration = try Distribution(activity.duration).mean
            let allowed = rooms.roomTypes.indices.filter { activity.roomTypes.isEmpty || activity.roomTypes.contains(rooms.roomTypes[$0].id) }
            let fitting = allowed.filter { Double(rooms.roomTypes[$0].seats) >= group }
            guard let type = fitting.min(by: { rooms.roomTypes[$0].seats < rooms.roomTypes[$1].seats })
                ?? allowed.max(by: { rooms.roomTypes[$0].seats < rooms.roomTypes[$1].seats }) else { continue }
            let span = max(activity.windowTo - activity.windowFrom, duration)
            loads[type] += activity.perYear / 365 * duration / span
        }
        return loads
    }

    /// The Erlang B room counts: per type, the fewest rooms whose blocking is at most the target.
    public func analyticCounts() throws(DistributionError) -> [Int] {
        try offeredLoads().map { LossFormulas.erlangBServers(load: $0, target: target) }
    }

    /// Rejection share in each replication for a layout, with the planner's common random numbers.
    public func rejections(_ counts: [Int], replications range: Range<Int>) throws(DistributionError) -> [Double] {
        var layout = rooms
        for i in layout.roomTypes.indices { layout.roomTypes[i].count = counts[i] }
        let bookings = RoomBookings(rooms: layout, day: day, horizon: horizon, step: step)
        var out: [Double] = []
        for r in range {
            let o = try bookings.run(master: seed, replication: r)
            out.append(o.requests > 0 ? Double(o.rejected) / Double(o.requests) : 0)
        }
        return out
    }

    /// Plans the layout.
    public func plan(maximumSteps: Int = 400) throws(DistributionError) -> Proposal {
        let analytic = try analyticCounts()
        var cache: [[Int]: Double] = [:]
        var evaluated: [Candidate] = []
        func evaluate(_ counts: [Int]) throws(DistributionError) -> Double {
            if let known = cache[counts] { return known }
            let xs = try rejections(counts, replications: 0..<replications)
            let mean = xs.reduce(0, +) / Double(xs.count)
            cache[counts] = mean
            evaluated.append(Candidate(counts: counts, area: area(counts), rejection: mean))
            return mean
        }

        // Add rooms until the target holds: the room that buys the most rejection per m².
        var x = analytic
        var current = try evaluate(x)
        var steps = 0
        while current > target && steps < maximumSteps {
            steps += 1
            var best: (gain: Double, counts: [Int], value: Double)?
            for t in x.indices {
                var y = x
                y[t] += 1
                let value = try evaluate(y)
                let gain = (current - value) / max(areas[t], 1e-9)
                if best == nil || gain > best!.gain { best = (gain, y, value) }
            }
            guard let best, best.value < current else { break }
            x = best.counts
            current = best.value
        }
        // Drop rooms while the target still holds, the largest area saved first.
        var improved = true
        while improved && steps < maximumSteps {
            improved = false
            steps += 1
            let order = x.indices.filter { x[$0] > 0 }.sorted { areas[$0] > areas[$1] }
            for t in order {
                var y = x
                y[t] -= 1
                let value = try evaluate(y)
                if value <= target {
                    x = y
                    current = value
                    improved = true
                    break
                }
            }
        }

        // Finalists: feasible layouts within 5% of the least area; KN picks the lowest rejection.
        let feasible = evaluated.filter { $0.rejection <= target }
        let least = feasible.map(\.area).min() ?? area(x)
        var finalists = Array(feasible.filter { $0.area <= least * 1.05 + 1e-9 }.sorted { ($0.area, $0.rejection) < ($1.area, $1.rejection) }.prefix(5))
        if finalists.isEmpty { finalists = [Candidate(counts: x, area: area(x), rejection: current)] }
        var selection: RankingAndSelection.Selection?
        var chosen = finalists[0].counts
        if finalists.count > 1 {
            var samples: [[Int]: [Double]] = [:]
            var failure: DistributionError?
            let s = RankingAndSelection.kn(systems: finalists.count, firstStage: max(2, replications), indifference: 0.005, maximum: 4 * replications) { i, r in
                let counts = finalists[i].counts
                while samples[counts, default: []].count <= r {
                    let next = samples[counts, default: []].count
                    do throws(DistributionError) {
                        samples[counts, default: []] += try rejections(counts, replications: next..<(next + 1))
                    } catch {
                        failure = error
                        return 1
                    }
                }
                return samples[counts]![r]
            }
            if let failure { throw failure }
            selection = s
            chosen = finalists[s.best].counts
        }
        let check = try rejections(chosen, replications: 0..<replications)

        var withinBudget: Candidate?
        if let budget = areaBudget, area(chosen) > budget {
            // Remove rooms from the feasible layout, the least rejection added per m² first.
            var y = chosen
            var value = try evaluate(y)
            while area(y) > budget {
                var best: (cost: Double, counts: [Int], value: Double)?
                for t in y.indices where y[t] > 0 {
                    var z = y
                    z[t] -= 1
                    let v = try evaluate(z)
                    let cost = (v - value) / areas[t]
                    if best == nil || cost < best!.cost { best = (cost, z, v) }
                }
                guard let best else { break }
                y = best.counts
                value = best.value
            }
            withinBudget = Candidate(counts: y, area: area(y), rejection: value)
        }
        let estimate = Estimate(check.map { Optional($0) })
        return Proposal(
            counts: chosen, area: area(chosen), rejection: estimate, feasible: (estimate.mean ?? 1) <= target, analytic: analytic,
            evaluated: evaluated, finalists: finalists, selection: selection, withinBudget: withinBudget)
    }
}

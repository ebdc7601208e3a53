import CampusModel
import Experiments
import ScenarioModel
import Stochastics

/// Room layout planning: how many rooms of each type to build so that activity bookings are
/// rejected no more than the target, at the least floor area; and, under an area budget, the best
/// rejection achievable.
///
/// It starts from Erlang B per room type (each activity's groups on the smallest types that seat
/// them), bounds the area from below by Kaufman–Roberts on the space as one pool, refines by simulating bookings with common random numbers (add the room that buys the
/// most rejection per m², then drop rooms while the target holds), and picks among the finalists
/// with Kim and Nelson's ranking-and-selection procedure.
public struct RoomLayoutPlanner: Sendable {
    public struct Candidate: Sendable, Hashable {
        public var counts: [Int]
        public var area: Double
        /// Mean rejection over the planning replications.
        public var rejection: Double
        /// Upper end of its 95% confidence interval: a layout counts as meeting the target when this
        /// does, so that the choice does not rest on lucky random numbers (it is checked on fresh ones).
        public var upperBound: Double
    }

    public struct Proposal: Sendable {
        /// Rooms per type, in the catalogue's order.
        public var counts: [Int]
        public var area: Double
        public var rejection: Estimate
        /// The mean rejection on fresh random numbers is at most the target.
        public var feasible: Bool
        /// The verified rejection's 95% interval against the target (`Verdict.judge`).
        public var verdict: Verdict
        /// The Erlang B starting point.
        public var analytic: [Int]
        /// The least area any layout needs (Kaufman–Roberts on the space as one pool), m².
        public var areaBound: Double
        /// Share of bookings no allowed room seats (rejected whatever is built).
        public var unseatable: Double
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
    /// Where simulated layouts are recorded and, on a resumed search, replayed from.
    public var journal: SearchJournal?
    /// Added to `seed` for the chosen layout's verification (`PlanningPolicy.verificationSeedOffset`).
    public var verificationSeedOffset: UInt64 = PlanningPolicy().verificationSeedOffset

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
    /// over the span its starts can fall in, shared among the allowed types by its group size (a
    /// group goes to the smallest type that seats it, as the booking rule does; rooms with equally
    /// many seats take it in file order, so the first of them is sized).
    public func offeredLoads() throws(DistributionError) -> [Double] { try demand().loads }

    /// The analytic view of the booking demand.
    public struct Demand: Sendable {
        /// Offered load (rooms busy at once, on average, in the window) per room type.
        public var loads: [Double]
        /// Share of all bookings whose group no allowed room seats: rejected whatever is built.
        public var unseatable: Double
        /// Per (activity, room type) the load it puts there, for the loss-network bound.
        public var classes: [(type: Int, load: Double)]
    }

    public func demand() throws(DistributionError) -> Demand {
        var loads = [Double](repeating: 0, count: rooms.roomTypes.count)
        var classes: [(type: Int, load: Double)] = []
        var unseatable = 0.0
        var bookings = 0.0
        for activity in rooms.activities {
            let group = try Distribution(activity.group)
            let duration = try Distribution(activity.duration).mean
            let allowed = rooms.roomTypes.indices
                .filter { activity.roomTypes.isEmpty || activity.roomTypes.contains(rooms.roomTypes[$0].id) }
                .sorted { (rooms.roomTypes[$0].seats, $0) < (rooms.roomTypes[$1].seats, $1) }
            let perDay = activity.perYear / 365
            bookings += perDay
            let span = max(activity.windowTo - activity.windowFrom, duration)
            // Groups are whole people (the booking model rounds a drawn size, at least 1).
            var below = 0.0
            for t in allowed {
                let seats = rooms.roomTypes[t].seats
                let upTo = seats >= 1 ? group.cdf(Double(seats) + 0.5) : 0
                let share = max(0, upTo - below)
                below = max(below, upTo)
                guard share > 0 else { continue }
                let load = perDay * share * duration / span
                loads[t] += load
                classes.append((t, load))
            }
            unseatable += perDay * (1 - below)
        }
        return Demand(loads: loads, unseatable: bookings > 0 ? unseatable / bookings : 0, classes: classes)
    }

    /// The blocking each room type may have: the target less the bookings no room can seat.
    func typeTarget(_ demand: Demand) -> Double {
        guard demand.unseatable < 1 else { return target }
        return max(1e-6, (target - demand.unseatable) / (1 - demand.unseatable))
    }

    /// The Erlang B room counts: per type, the fewest rooms whose blocking is at most the target.
    public func analyticCounts() throws(DistributionError) -> [Int] { analyticCounts(try demand()) }

    func analyticCounts(_ d: Demand) -> [Int] {
        let goal = typeTarget(d)
        return d.loads.map { LossFormulas.erlangBServers(load: $0, target: goal) }
    }

    /// The floor area below which no layout can meet the target: the space taken as one pool that
    /// could be partitioned into rooms at will, each booking taking its room type's area, sized by
    /// Kaufman–Roberts (multi-rate Erlang loss) in units of the greatest common divisor of the
    /// areas (at least 1 m²). Fixed rooms block at least as often as the flexible pool.
    public func areaBound() throws(DistributionError) -> Double { areaBound(try demand()) }

    func areaBound(_ d: Demand) -> Double {
        let goal = typeTarget(d)
        let used = d.classes.filter { $0.load > 0 }
        guard !used.isEmpty else { return 0 }
        let unit = max(1, used.map { Int(areas[$0.type].rounded()) }.reduce(0) { gcd($0, $1) })
        let units = used.map { max(1, Int(areas[$0.type].rounded()) / unit) }
        let loads = used.map(\.load)
        let total = loads.reduce(0, +)
        func blocking(_ capacity: Int) -> Double {
            let b = LossFormulas.kaufmanRoberts(capacity: capacity, units: units, loads: loads)
            return zip(b, loads).reduce(0) { $0 + $1.0 * $1.1 } / total
        }
        // The blocking falls as the pool grows: double, then bisect.
        var high = max(units.max()!, 1)
        while blocking(high) > goal && high < 10_000_000 { high *= 2 }
        var low = 0
        while high - low > 1 {
            let mid = (low + high) / 2
            if blocking(mid) > goal { low = mid } else { high = mid }
        }
        return Double(high * unit)
    }

    private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// Rejection share in each replication for a layout, with the planner's common random numbers.
    public func rejections(_ counts: [Int], replications range: Range<Int>) throws(DistributionError) -> [Double] {
        guard let journal else { return try simulatedRejections(counts, replications: range) }
        let key = "rooms " + counts.map(String.init).joined(separator: ",") + " replications \(range.lowerBound)..<\(range.upperBound)"
        return try journal.values(key, accept: Self.shares(range.count)) { () throws(DistributionError) in
            try simulatedRejections(counts, replications: range)
        }
    }

    /// Rejection share per replication for a layout on fresh random numbers (master seed +
    /// `verificationSeedOffset`, as the staffing's verification): the estimate the proposal states.
    public func verifiedRejections(_ counts: [Int]) throws(DistributionError) -> [Double] {
        let fresh = seed &+ verificationSeedOffset
        guard let journal else { return try simulatedRejections(counts, replications: 0..<replications, master: fresh) }
        let key = "rooms verified " + counts.map(String.init).joined(separator: ",") + " replications 0..<\(replications)"
        return try journal.values(key, accept: Self.shares(replications)) { () throws(DistributionError) in
            try simulatedRejections(counts, replications: 0..<replications, master: fresh)
        }
    }

    /// A replayed entry holds one rejection share per replication.
    private static func shares(_ count: Int) -> ([Double]) -> Bool {
        { values in values.count == count && values.allSatisfy { (0...1).contains($0) } }
    }

    private func simulatedRejections(_ counts: [Int], replications range: Range<Int>, master: UInt64? = nil) throws(DistributionError) -> [Double] {
        var layout = rooms
        for i in layout.roomTypes.indices { layout.roomTypes[i].count = counts[i] }
        let bookings = RoomBookings(rooms: layout, day: day, horizon: horizon, step: step)
        var out: [Double] = []
        for r in range {
            let o = try bookings.run(master: master ?? seed, replication: r)
            out.append(o.requests > 0 ? Double(o.rejected) / Double(o.requests) : 0)
        }
        return out
    }

    /// Plans the layout.
    public func plan(maximumSteps: Int = 400) throws(DistributionError) -> Proposal {
        let demand = try demand()
        let analytic = analyticCounts(demand)
        let unseatable = demand.unseatable
        let bound = areaBound(demand)
        var cache: [[Int]: Candidate] = [:]
        var evaluated: [Candidate] = []
        func candidate(_ counts: [Int]) throws(DistributionError) -> Candidate {
            if let known = cache[counts] { return known }
            let e = Estimate(try rejections(counts, replications: 0..<replications).map { Optional($0) })
            let c = Candidate(counts: counts, area: area(counts), rejection: e.mean ?? 1, upperBound: (e.mean ?? 1) + (e.halfWidth ?? 0))
            cache[counts] = c
            evaluated.append(c)
            return c
        }
        func evaluate(_ counts: [Int]) throws(DistributionError) -> Double { try candidate(counts).rejection }
        func holds(_ counts: [Int]) throws(DistributionError) -> Bool { try candidate(counts).upperBound <= target }

        // Add rooms until the target holds: the room that buys the most rejection per m².
        var x = analytic
        var current = try evaluate(x)
        var steps = 0
        // Bookings no room seats are rejected whatever is built: adding rooms cannot reach a target below them.
        while try !holds(x) && unseatable < target && steps < maximumSteps {
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
                if try holds(y) {
                    x = y
                    current = value
                    improved = true
                    break
                }
            }
        }

        // Finalists: feasible layouts within 5% of the least area; KN picks the lowest rejection.
        let feasible = evaluated.filter { $0.upperBound <= target }
        let least = feasible.map(\.area).min() ?? area(x)
        var finalists = Array(feasible.filter { $0.area <= least * 1.05 + 1e-9 }.sorted { ($0.area, $0.rejection) < ($1.area, $1.rejection) }.prefix(5))
        if finalists.isEmpty { finalists = [try candidate(x)] }
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
        let check = try verifiedRejections(chosen)

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
            withinBudget = try candidate(y)
        }
        let estimate = Estimate(check.map { Optional($0) })
        return Proposal(
            counts: chosen, area: area(chosen), rejection: estimate, feasible: (estimate.mean ?? 1) <= target,
            verdict: Verdict.judge((estimate.mean, estimate.halfWidth, estimate.count), target: target, atMost: true).verdict, analytic: analytic,
            areaBound: bound, unseatable: unseatable,
            evaluated: evaluated, finalists: finalists, selection: selection, withinBudget: withinBudget)
    }
}

import CampusModel
import Experiments
import Foundation
import ScenarioModel
import Stochastics

/// Room layout planning: how many rooms of each type to build so that activity bookings are
/// rejected no more than the target (overall, and per activity where a rule names one), at the least
/// floor area; and, under an area budget, the best rejection achievable.
///
/// Only what may change is sized: an `existing` room type keeps its count (or grows up to its
/// `maximum`), a `candidate` is built from 0 up to its `maximum`, a type without a status from 0 (as
/// before statuses existed). A complex's `area_budget` caps the area proposed in it.
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
        /// Per activity target (`activityTargets`' order): the mean rejection and the upper end of its 95% interval.
        public var targetRejection: [Double] = []
        public var targetUpperBound: [Double] = []
    }

    /// A `room_rejection` rule scoped to one activity.
    public struct ActivityTarget: Sendable, Hashable {
        /// The rule's id.
        public var rule: String
        /// Index into `rooms.activities`.
        public var activity: Int
        public var target: Double

        public init(rule: String, activity: Int, target: Double) {
            self.rule = rule
            self.activity = activity
            self.target = target
        }
    }

    /// A layout's rejection on fresh random numbers, overall, per activity and per complex.
    public struct Verification: Sendable {
        public var counts: [Int]
        public var area: Double
        public var rejection: Estimate
        /// Per activity (`rooms.activities`' order): its requests turned away over its requests.
        public var activities: [Estimate]
        /// Per complex (`rooms.complexIds`' order): of the requests whose first choice it is.
        public var complexes: [Estimate]
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
        /// The best layout found within the area budget (the proposal itself when it fits).
        public var withinBudget: Candidate?
        /// The proposal on fresh random numbers, per activity and per complex too.
        public var verification: Verification
        /// The within-budget layout on fresh random numbers, when there is a budget.
        public var withinBudgetVerification: Verification?
        /// The activity targets the search honoured.
        public var activityTargets: [ActivityTarget]
        /// Per room type, the fewest and most rooms the planner could propose (`nil`: no limit).
        public var minimum: [Int]
        public var maximum: [Int?]

        /// An activity target against a verified layout.
        public struct TargetResult: Sendable {
            public var target: ActivityTarget
            /// The activity's rejection on fresh random numbers.
            public var rejection: Estimate
            public var verdict: Verdict
            /// How far the mean rejection is above the target (0 when it is not): what the layout
            /// falls short by.
            public var shortfall: Double
        }

        /// Every activity target judged on `verification` (the proposal's, or the within-budget layout's).
        public func targetResults(_ verification: Verification) -> [TargetResult] {
            activityTargets.map { goal in
                let e = verification.activities[goal.activity]
                let verdict = Verdict.judge((e.mean, e.halfWidth, e.count), target: goal.target, atMost: true).verdict
                return TargetResult(target: goal, rejection: e, verdict: verdict, shortfall: max(0, (e.mean ?? 0) - goal.target))
            }
        }

        /// The proposed rooms of a room type, by its id; `nil` for an id the layout has not.
        public func count(ofRoomType id: String, in rooms: ActivityRooms) -> Int? {
            rooms.roomTypes.firstIndex { $0.id == id }.map { counts[$0] }
        }

        /// The proposed count per room type id.
        public func countsById(_ rooms: ActivityRooms) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: zip(rooms.roomTypes.map(\.id), counts))
        }
    }

    public var rooms: ActivityRooms
    public var day: Double
    public var horizon: Double
    public var step: Double?
    public var target: Double
    public var areaBudget: Double?
    public var replications: Int
    public var seed: UInt64
    /// Per-activity targets the layout must meet besides `target`.
    public var activityTargets: [ActivityTarget] = []
    /// Threads simulating a layout's replications at once (the result does not depend on it).
    public var jobs = 1
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

    /// The fewest rooms per type the planner may propose: an existing type's count, else 0.
    public var minimumCounts: [Int] { rooms.roomTypes.map(\.plannedMinimum) }
    /// The most rooms per type (`nil`: no limit besides the area budgets).
    public var maximumCounts: [Int?] { rooms.roomTypes.map(\.plannedMaximum) }

    /// Per room type, its complex's index in `rooms.complexIds`.
    var complexIndex: [Int] {
        let ids = rooms.complexIds
        return rooms.roomTypes.map { ids.firstIndex(of: $0.complex)! }
    }

    /// Per complex, the most area the planner may propose there: its budget, but never less than
    /// the rooms that cannot be removed (existing rooms never shrink).
    var complexBudgets: [Double?] {
        let index = complexIndex, minimum = minimumCounts
        return rooms.complexIds.enumerated().map { c, id in
            guard let budget = rooms.areaBudget(ofComplex: id) else { return nil }
            let fixed = rooms.roomTypes.indices.filter { index[$0] == c }.reduce(0.0) { $0 + Double(minimum[$1]) * areas[$1] }
            return max(budget, fixed)
        }
    }

    /// The complexes (indices into `rooms.complexIds`) whose area is over their budget.
    func overBudget(_ counts: [Int]) -> Set<Int> {
        let index = complexIndex
        var over: Set<Int> = []
        for (c, budget) in complexBudgets.enumerated() {
            guard let budget else { continue }
            let used = counts.indices.filter { index[$0] == c }.reduce(0.0) { $0 + Double(counts[$1]) * areas[$1] }
            if used > budget + 1e-9 { over.insert(c) }
        }
        return over
    }

    /// Counts held within the room types' limits and the complexes' budgets (in a complex over its
    /// budget, rooms that may go are removed, the largest first).
    func bounded(_ counts: [Int]) -> [Int] {
        let minimum = minimumCounts, maximum = maximumCounts, index = complexIndex
        var x = counts.indices.map { t in min(max(counts[t], minimum[t]), maximum[t] ?? .max) }
        while true {
            let over = overBudget(x)
            guard !over.isEmpty,
                  let t = x.indices.filter({ over.contains(index[$0]) && x[$0] > minimum[$0] }).max(by: { (areas[$0], -$0) < (areas[$1], -$1) })
            else { break }
            x[t] -= 1
        }
        return x
    }

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
        let bookingRule = RoomBookings(rooms: rooms, day: day, horizon: horizon, step: step)
        for (a, activity) in rooms.activities.enumerated() {
            let group = try Distribution(activity.group)
            let duration = try Distribution(activity.duration).mean
            let allowed = rooms.roomTypes.indices.filter { bookingRule.allows(activity: a, type: $0) }
            // The types its bookings try, by share of them: in preference order (the first complex's
            // types, then the next's), or per complex of its shares, or all by seats.
            let options: [(share: Double, types: [Int])]
            if !activity.complexShares.isEmpty {
                options = activity.complexShares.map { share in
                    (share.share, allowed.filter { rooms.roomTypes[$0].complex == share.complex }.sorted { (rooms.roomTypes[$0].seats, $0) < (rooms.roomTypes[$1].seats, $1) })
                }
            } else {
                let rank = { (t: Int) in activity.complexes.firstIndex(of: rooms.roomTypes[t].complex) ?? 0 }
                options = [(1, allowed.sorted { (rank($0), rooms.roomTypes[$0].seats, $0) < (rank($1), rooms.roomTypes[$1].seats, $1) })]
            }
            let perDay = activity.perYear / 365
            bookings += perDay
            let span = max(activity.windowTo - activity.windowFrom, duration)
            for option in options {
                // Groups are whole people (the booking model rounds a drawn size, at least 1).
                var below = 0.0
                for t in option.types {
                    let seats = rooms.roomTypes[t].seats
                    let upTo = seats >= 1 ? group.cdf(Double(seats) + 0.5) : 0
                    let share = max(0, upTo - below)
                    below = max(below, upTo)
                    guard share > 0 else { continue }
                    let load = perDay * option.share * share * duration / span
                    loads[t] += load
                    classes.append((t, load))
                }
                unseatable += perDay * option.share * (1 - below)
            }
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

    /// What one replication of a layout counted: requests and rejections overall, per activity and per complex.
    public struct Counts: Sendable, Hashable {
        public var requests: Int
        public var rejected: Int
        public var activityRequests: [Int]
        public var activityRejected: [Int]
        public var complexRequests: [Int]
        public var complexRejected: [Int]

        public var rejection: Double { requests > 0 ? Double(rejected) / Double(requests) : 0 }
        public func activityRejection(_ a: Int) -> Double? {
            activityRequests[a] > 0 ? Double(activityRejected[a]) / Double(activityRequests[a]) : nil
        }
        public func complexRejection(_ c: Int) -> Double? {
            complexRequests[c] > 0 ? Double(complexRejected[c]) / Double(complexRequests[c]) : nil
        }

        /// As the journal holds it: requests, rejected, then per activity and per complex the pair.
        var values: [Double] {
            var out: [Double] = [Double(requests), Double(rejected)]
            for (n, r) in zip(activityRequests, activityRejected) { out += [Double(n), Double(r)] }
            for (n, r) in zip(complexRequests, complexRejected) { out += [Double(n), Double(r)] }
            return out
        }

        init(_ o: RoomBookings.Outcome) {
            requests = o.requests
            rejected = o.rejected
            activityRequests = o.activityRequests
            activityRejected = o.activityRejected
            complexRequests = o.complexRequests
            complexRejected = o.complexRejected
        }

        init?(values v: ArraySlice<Double>, activities: Int, complexes: Int) {
            guard v.count == 2 + 2 * (activities + complexes), v.allSatisfy({ $0 >= 0 && $0 <= 1e15 && $0 == $0.rounded() }) else { return nil }
            let x = v.map { Int($0) }
            requests = x[0]
            rejected = x[1]
            activityRequests = (0..<activities).map { x[2 + 2 * $0] }
            activityRejected = (0..<activities).map { x[3 + 2 * $0] }
            complexRequests = (0..<complexes).map { x[2 + 2 * activities + 2 * $0] }
            complexRejected = (0..<complexes).map { x[3 + 2 * activities + 2 * $0] }
            guard rejected <= requests else { return nil }
        }
    }

    /// Rejection share in each replication for a layout, with the planner's common random numbers.
    public func rejections(_ counts: [Int], replications range: Range<Int>) throws(DistributionError) -> [Double] {
        try counted(counts, replications: range).map(\.rejection)
    }

    /// Each replication's counts for a layout, with the planner's common random numbers.
    public func counted(_ counts: [Int], replications range: Range<Int>) throws(DistributionError) -> [Counts] {
        let key = "rooms counts " + counts.map(String.init).joined(separator: ",") + " replications \(range.lowerBound)..<\(range.upperBound)"
        return try journaled(key, range.count) { () throws(DistributionError) in try simulated(counts, replications: range) }
    }

    /// Counts per replication for a layout on fresh random numbers (master seed +
    /// `verificationSeedOffset`, as the staffing's verification): the estimate the proposal states.
    public func verifiedCounts(_ counts: [Int]) throws(DistributionError) -> [Counts] {
        let fresh = seed &+ verificationSeedOffset
        let key = "rooms counts verified " + counts.map(String.init).joined(separator: ",") + " replications 0..<\(replications)"
        return try journaled(key, replications) { () throws(DistributionError) in
            try simulated(counts, replications: 0..<replications, master: fresh)
        }
    }

    /// Rejection share per replication for a layout on fresh random numbers.
    public func verifiedRejections(_ counts: [Int]) throws(DistributionError) -> [Double] {
        try verifiedCounts(counts).map(\.rejection)
    }

    /// The counts recorded under `key` in the journal (when they read back whole), else `compute`'s.
    private func journaled(_ key: String, _ replications: Int, _ compute: () throws(DistributionError) -> [Counts])
        throws(DistributionError) -> [Counts]
    {
        guard let journal else { return try compute() }
        let a = rooms.activities.count, c = rooms.complexIds.count, width = 2 + 2 * (a + c)
        func read(_ values: [Double]) -> [Counts]? {
            guard values.count == width * replications else { return nil }
            let rows = (0..<replications).compactMap { r in Counts(values: values[(r * width)..<((r + 1) * width)], activities: a, complexes: c) }
            return rows.count == replications ? rows : nil
        }
        let values = try journal.values(key, accept: { read($0) != nil }) { () throws(DistributionError) in
            try compute().flatMap(\.values)
        }
        return read(values)!
    }

    private func simulated(_ counts: [Int], replications range: Range<Int>, master: UInt64? = nil) throws(DistributionError) -> [Counts] {
        var layout = rooms
        for i in layout.roomTypes.indices { layout.roomTypes[i].count = counts[i] }
        let bookings = RoomBookings(rooms: layout, day: day, horizon: horizon, step: step)
        let master = master ?? seed
        let indices = Array(range)
        let workers = max(1, min(jobs, indices.count))
        if workers == 1 {
            var out: [Counts] = []
            for r in indices { out.append(Counts(try bookings.run(master: master, replication: r))) }
            return out
        }
        // Each replication draws from its own streams: the result is the same whatever the threads.
        let box = CountsBox(count: indices.count)
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            Thread {
                while let slot = box.claim() {
                    do throws(DistributionError) {
                        box.store(.success(Counts(try bookings.run(master: master, replication: indices[slot]))), at: slot)
                    } catch {
                        box.store(.failure(error), at: slot)
                    }
                }
                group.leave()
            }.start()
        }
        group.wait()
        var out: [Counts] = []
        for result in box.results() {
            switch result {
            case .success(let c): out.append(c)
            case .failure(let e): throw e
            }
        }
        return out
    }

    /// A layout's counts checked on fresh random numbers.
    public func verify(_ counts: [Int]) throws(DistributionError) -> Verification {
        let rows = try verifiedCounts(counts)
        return Verification(
            counts: counts, area: area(counts), rejection: Estimate(rows.map { Optional($0.rejection) }),
            activities: rooms.activities.indices.map { a in Estimate(rows.map { $0.activityRejection(a) }) },
            complexes: rooms.complexIds.indices.map { c in Estimate(rows.map { $0.complexRejection(c) }) })
    }

    /// Plans the layout.
    public func plan(maximumSteps: Int = 400) throws(DistributionError) -> Proposal {
        let demand = try demand()
        let analytic = analyticCounts(demand)
        let unseatable = demand.unseatable
        let bound = areaBound(demand)
        let minimum = minimumCounts, maximum = maximumCounts
        let targets = activityTargets
        var cache: [[Int]: Candidate] = [:]
        var evaluated: [Candidate] = []
        func candidate(_ counts: [Int]) throws(DistributionError) -> Candidate {
            if let known = cache[counts] { return known }
            let rows = try counted(counts, replications: 0..<replications)
            let e = Estimate(rows.map { Optional($0.rejection) })
            var c = Candidate(counts: counts, area: area(counts), rejection: e.mean ?? 1, upperBound: (e.mean ?? 1) + (e.halfWidth ?? 0))
            for goal in targets {
                // An activity that asked for nothing turned nothing away.
                let a = Estimate(rows.map { $0.activityRejection(goal.activity) })
                c.targetRejection.append(a.mean ?? 0)
                c.targetUpperBound.append((a.mean ?? 0) + (a.halfWidth ?? 0))
            }
            cache[counts] = c
            evaluated.append(c)
            return c
        }
        // What the search lowers: the rejection; with activity targets, how far the upper ends of the
        // overall and the activities' intervals are above their targets.
        func score(_ c: Candidate) -> Double {
            guard !targets.isEmpty else { return c.rejection }
            return max(0, c.upperBound - target) + zip(c.targetUpperBound, targets).reduce(0) { $0 + max(0, $1.0 - $1.1.target) }
        }
        // The activity targets a layout must meet: all, until the search finds some out of reach.
        var required = Array(targets.indices)
        func meets(_ c: Candidate) -> Bool {
            c.upperBound <= target && required.allSatisfy { c.targetUpperBound[$0] <= targets[$0].target }
        }
        func evaluate(_ counts: [Int]) throws(DistributionError) -> Double { score(try candidate(counts)) }
        func holds(_ counts: [Int]) throws(DistributionError) -> Bool { meets(try candidate(counts)) }
        func mayGrow(_ x: [Int], _ t: Int) -> Bool {
            guard x[t] < (maximum[t] ?? .max) else { return false }
            var y = x
            y[t] += 1
            return overBudget(y).isEmpty
        }

        // Add rooms until the targets hold: the room that buys the most rejection per m².
        var x = bounded(analytic)
        var current = try evaluate(x)
        var steps = 0
        // Bookings no room seats are rejected whatever is built: adding rooms cannot reach a target below them.
        while try !holds(x) && unseatable < target && steps < maximumSteps {
            steps += 1
            var best: (gain: Double, counts: [Int], value: Double)?
            for t in x.indices where mayGrow(x, t) {
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
        // Activity targets adding rooms could not meet are out of reach within the limits and budgets:
        // they are reported with their shortfall, and the least area meeting the others is sought.
        if try !holds(x) {
            let c = try candidate(x)
            required = required.filter { c.targetUpperBound[$0] <= targets[$0].target }
        }
        // Drop rooms while the targets still hold, the largest area saved first (never below the minimum).
        var improved = true
        while improved && steps < maximumSteps {
            improved = false
            steps += 1
            let order = x.indices.filter { x[$0] > minimum[$0] }.sorted { areas[$0] > areas[$1] }
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
        let feasible = evaluated.filter(meets)
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
        let verification = try verify(chosen)

        var withinBudget: Candidate?
        var withinBudgetVerification: Verification?
        if let budget = areaBudget {
            // Remove rooms from the feasible layout, the least rejection added per m² first; rooms
            // that cannot go (existing ones) stay, so the budget may be out of reach.
            var y = chosen
            var value = try evaluate(y)
            while area(y) > budget {
                var best: (cost: Double, counts: [Int], value: Double)?
                for t in y.indices where y[t] > minimum[t] {
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
            withinBudgetVerification = y == chosen ? verification : try verify(y)
        }
        let estimate = verification.rejection
        return Proposal(
            counts: chosen, area: area(chosen), rejection: estimate,
            feasible: (estimate.mean ?? 1) <= target && targets.allSatisfy { (verification.activities[$0.activity].mean ?? 0) <= $0.target },
            verdict: Verdict.judge((estimate.mean, estimate.halfWidth, estimate.count), target: target, atMost: true).verdict, analytic: analytic,
            areaBound: bound, unseatable: unseatable,
            evaluated: evaluated, finalists: finalists, selection: selection, withinBudget: withinBudget,
            verification: verification, withinBudgetVerification: withinBudgetVerification, activityTargets: targets,
            minimum: minimum, maximum: maximum)
    }
}

/// Replications' counts collected from worker threads, each in its own slot.
private final class CountsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<RoomLayoutPlanner.Counts, DistributionError>?]
    private var next = 0

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ result: Result<RoomLayoutPlanner.Counts, DistributionError>, at slot: Int) {
        lock.lock()
        slots[slot] = result
        lock.unlock()
    }

    func results() -> [Result<RoomLayoutPlanner.Counts, DistributionError>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}

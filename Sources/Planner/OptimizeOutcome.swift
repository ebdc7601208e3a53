import CampusModel
import Experiments
import QueueingNetwork
import ScenarioModel

/// What `optimize` planned: the staffing proposal and its verification, and for a campus the room
/// layout and the counselor allocation. Values only; Reports renders the files from it.
public struct OptimizeOutcome: Sendable {
    /// The room layout of a campus with `campus.rooms`.
    public struct Rooms: Sendable {
        public var rooms: ActivityRooms
        /// The most share of bookings rejected: the `room_rejection` rule's, else the policy's.
        public var target: Double
        public var proposal: RoomLayoutPlanner.Proposal
        /// The area of the rooms the scenario has, m².
        public var currentArea: Double
        /// The total floor-area budget asked for (`--area-budget`), m².
        public var areaBudget: Double?

        /// The proposed count of each room type, by id: what a proposal scenario's `count:` says.
        public var proposedCounts: [String: Int] { proposal.countsById(rooms) }

        /// The proposed count of one room type; `nil` for an unknown id.
        public func proposedCount(_ roomType: String) -> Int? { proposal.count(ofRoomType: roomType, in: rooms) }
    }

    /// The counselor allocation of a campus with `campus.counselors`.
    public struct Counselors: Sendable {
        public var campus: Campus
        public var proposal: CounselorPlanner.Proposal

        /// Each counselor's name in the assignment: the college's id and a number within it.
        public func names(_ assignment: CounselorAssignment) -> [String] {
            assignment.counselorCollege.indices.map { i in
                let c = assignment.counselorCollege[i]
                return "\(campus.population.colleges[c].id)-\(i - (assignment.counselorCollege.firstIndex(of: c) ?? 0) + 1)"
            }
        }
    }

    /// The scenario's path as given.
    public var file: String
    public var scenario: Scenario
    /// The scenario's model, with the wait targets the request gave to stations that had none.
    public var model: NetworkModel
    /// Planned stations, indices into `model.stations`, in the search's order.
    public var planned: [Int]
    public var targets: StaffingTargets
    public var grid: SlotGrid
    public var policy: PlanningPolicy
    public var seed: UInt64
    /// The seed of every verification: `seed` plus the policy's offset.
    public var verificationSeed: UInt64
    public var proposal: StaffingProposal
    /// The whole proposal as one scenario, without a header: the scenario's text with the staffing
    /// in its `planner:` section and every other change written in place.
    public var proposedText: String
    /// Every change the proposal makes to the scenario besides the staffing, in the text's terms.
    public var changes: [ProposalChange]
    /// The proposal run with the verification seed.
    public var verified: ExperimentResult
    /// The verification per week type and slot at the planned stations.
    public var verifiedSlots: SlotObservations
    /// The scenario as it stands, on the same random numbers.
    public var original: ExperimentResult
    /// The scenario as it stands, per week type and slot at the planned stations (today's staffing verified).
    public var originalSlots: SlotObservations
    public var rooms: Rooms?
    public var counselors: Counselors?
    /// Wall-clock seconds the planning took.
    public var seconds: Double

    /// Time units in an hour and in a day.
    public var hour: Double { 3600 / scenario.timeUnit.seconds }
    public var day: Double { 24 * hour }
    public var weekTypes: WeekTypes { proposal.search.weekTypes }
}

extension OptimizeOutcome {
    /// A slot's day (`mon` … `sun`, or `day` for a daily period) and its start as a clock time.
    public func slotLabel(_ t: Int) -> (day: String, time: String) {
        let start = grid.start(t)
        let d = Int((start / day).rounded(.down))
        let dayName = grid.period > day ? ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d % 7] : "day"
        return (dayName, ShiftPatterns.clock(start - Double(d) * day, hour: hour))
    }

    /// Periods (weeks) of week type `k` in the run.
    public func weeks(_ k: Int) -> Int { weekTypes.periods(of: k).count }

    /// Staff-hours per period of a per-slot staffing.
    public func staffHours(_ servers: [Int]) -> Double { Double(servers.reduce(0, +)) * grid.slot / hour }

    /// Staff-hours over the run (every period) of a per-type staffing.
    public func termHours(_ perType: (Int) -> [Int]) -> Double {
        weekTypes.names.indices.reduce(0.0) { $0 + staffHours(perType($1)) * Double(weeks($1)) }
    }

    /// Staff-hours per period that planned station `s` (a model index) has in the scenario as it
    /// stands; `nil` for infinite servers.
    public func originalHours(_ s: Int) -> Double? {
        switch model.stations[s].servers {
        case .fixed(let n): return Double(n) * grid.period / hour
        case .infinite: return nil
        case .schedule: return model.stations[s].servers.averageServers * grid.period / hour
        }
    }

    /// A verified target's verdict from the 95% interval of its estimate (`Verdict.judge`): pass when
    /// the whole interval meets it, fail when the whole interval misses it, undecided otherwise.
    public static func verdict(_ e: Estimate, atLeast target: Double) -> Verdict {
        Verdict.judge((e.mean, e.halfWidth, e.count), target: target, atMost: false).verdict
    }

    public static func verdict(_ e: Estimate, atMost target: Double) -> Verdict {
        Verdict.judge((e.mean, e.halfWidth, e.count), target: target, atMost: true).verdict
    }

    /// The slot of type `k` at planned station `i` with the lowest verified service level, among open
    /// slots with at least the policy's judged arrivals; with its 95% interval (Wilson) and the
    /// verdict of that interval against the service-level target.
    public func worstSlot(_ i: Int, type k: Int) -> (slot: Int, level: Double, arrivals: Int, lower: Double, upper: Double, verdict: Verdict)? {
        let cells = verifiedSlots.cells[i][k]
        let closed = proposal.search.stations[i].types[k].closed
        let levels = cells.serviceLevel
        let judged = levels.indices.filter { levels[$0] != nil && !closed[$0] && cells.arrivals[$0] >= policy.slotArrivalsJudged }
        guard let t = judged.min(by: { levels[$0]! < levels[$1]! }) else { return nil }
        let (lower, upper) = Self.wilson(levels[t]!, cells.arrivals[t])
        return (t, levels[t]!, cells.arrivals[t], lower, upper,
                Verdict.judge(lower: lower, upper: upper, target: targets.serviceLevel, atMost: false))
    }

    /// Upper end of the 95% Wilson interval of a share p of n.
    public static func wilsonUpper(_ p: Double, _ n: Int) -> Double { wilson(p, n).upper }

    /// The 95% Wilson interval of a share p of n.
    public static func wilson(_ p: Double, _ n: Int) -> (lower: Double, upper: Double) {
        let z = 1.96, m = Double(n)
        let centre = p + z * z / (2 * m), spread = z * (p * (1 - p) / m + z * z / (4 * m * m)).squareRoot()
        return (max(0, (centre - spread) / (1 + z * z / m)), min(1, (centre + spread) / (1 + z * z / m)))
    }

    /// Open slots whose service level fails the target (the whole 95% Wilson interval below it), and
    /// open slots with too few arrivals to judge.
    public func slotsBelowTarget(_ i: Int, type k: Int) -> (below: [Int], unjudged: Int) {
        let cells = verifiedSlots.cells[i][k]
        let closed = proposal.search.stations[i].types[k].closed
        let levels = cells.serviceLevel
        var below: [Int] = [], unjudged = 0
        for t in levels.indices where !closed[t] {
            guard let level = levels[t] else { continue }
            if cells.arrivals[t] < policy.slotArrivalsJudged { unjudged += 1; continue }
            let (lower, upper) = Self.wilson(level, cells.arrivals[t])
            if Verdict.judge(lower: lower, upper: upper, target: targets.serviceLevel, atMost: false) == .fail { below.append(t) }
        }
        return (below, unjudged)
    }

    /// The verified share of arrivals who gave up at planned station `i` among those who came while
    /// it was open, over every week type.
    public func openHoursAbandonment(_ i: Int) -> Estimate {
        verifiedSlots.abandonment(i, counted: proposal.search.stations[i].types.map { $0.closed.map { !$0 } })
    }

    /// Today's servers per slot at planned station `i` in week type `k`: the most on shift in the
    /// slot, averaged over the type's weeks (rounded); `nil` for infinite servers.
    public func todayServers(_ i: Int, type k: Int) -> [Int]? {
        StaffingProposal.todayServers(model: model, station: planned[i], grid: grid, weekTypes: weekTypes, type: k)
    }

    /// What today's staffing costs a week in week type `k`: its staff-hours at the full-time hourly
    /// cost (the scenario says nothing of today's contracts).
    public func todayCost(_ i: Int, type k: Int) -> Double? {
        guard let servers = todayServers(i, type: k) else { return nil }
        let rules = RosterRules(scenario.planner?.shiftRules, slot: grid.slot, hour: hour)
        return staffHours(servers) * rules.fullTime.costPerHour
    }

    /// Today's verified service level at planned station `i` in week type `k`, and its worst judged slot.
    public func todayServiceLevel(_ i: Int, type k: Int) -> Estimate { originalSlots.serviceLevel(i, type: k) }

    /// The slot of today's staffing with the lowest service level (as `worstSlot` for the proposal).
    public func todayWorstSlot(_ i: Int, type k: Int) -> (slot: Int, level: Double, arrivals: Int, lower: Double, upper: Double, verdict: Verdict)? {
        let cells = originalSlots.cells[i][k]
        let closed = proposal.search.stations[i].types[k].closed
        let levels = cells.serviceLevel
        let judged = levels.indices.filter { levels[$0] != nil && !closed[$0] && cells.arrivals[$0] >= policy.slotArrivalsJudged }
        guard let t = judged.min(by: { levels[$0]! < levels[$1]! }) else { return nil }
        let (lower, upper) = Self.wilson(levels[t]!, cells.arrivals[t])
        return (t, levels[t]!, cells.arrivals[t], lower, upper,
                Verdict.judge(lower: lower, upper: upper, target: targets.serviceLevel, atMost: false))
    }

    /// Where the proposal needs more than today's staffing has: the slots whose requirement is above
    /// today's servers, as "Mon 17:00-17:30" ranges. These bind when the proposal costs more than a
    /// staffing that already meets the target.
    public func requirementAboveToday(_ i: Int, type k: Int) -> [String] {
        guard let today = todayServers(i, type: k) else { return [] }
        let requirement = proposal.search.stations[i].types[k].requirement
        let slots = requirement.indices.filter { requirement[$0] > today[$0] }
        return UncoverableRequirement.ranges(slots, grid: grid, day: day, hour: hour)
    }

    /// The shift cost over the run at planned station `i`.
    public func termCost(_ i: Int) -> Double {
        proposal.search.stations[i].types.indices.reduce(0.0) { $0 + proposal.shifts[i].types[$1].solution.cost * Double(weeks($1)) }
    }
}

/// One value the proposal changes in the scenario: where (a field path), from what, to what.
public struct ProposalChange: Sendable, Hashable {
    public var path: FieldPath
    public var from: String
    public var to: String
    /// What the value is, in a planner's words ("rooms of type qiming_seminar").
    public var what: String

    public init(path: FieldPath, from: String, to: String, what: String) {
        self.path = path
        self.from = from
        self.to = to
        self.what = what
    }

    /// A YAML double-quoted scalar for `s`: backslashes and quotes escaped (names hold no control
    /// characters: the reader refuses them).
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

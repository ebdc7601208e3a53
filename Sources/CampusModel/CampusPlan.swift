import QueueingNetwork
import ScenarioModel

/// A campus compiled for simulation: the network its flows became, where each campus concept lives
/// in that network, and the processes the network cannot express (counselor weeks, room bookings).
public struct CampusPlan: Sendable {
    public var campus: Campus
    public var timeUnit: TimeUnit
    /// One hour, one day and the whole term in the scenario's time unit.
    public var hour: Double
    public var day: Double
    public var termLength: Double

    /// Counter stations, in the campus's counter order.
    public var counterStations: [Int]
    /// Class of counter visits per category, in category order.
    public var categoryClasses: [Int]
    /// Class of online requests per category (`nil` where nothing is filed online).
    public var onlineClasses: [Int?]
    public var onlineStation: Int?
    public var feedbackHandlingStation: Int?
    public var onCallStation: Int?
    /// The most urgent on-call class, whose response time the crisis rule reads.
    public var crisisClass: Int?
    /// The `returning` delay when the center states opening hours (returns then wait for the
    /// opening, and `service_center.deferred_returns_per_week` counts those who did); `nil` otherwise.
    public var returningStation: Int? = nil
    /// Campus policies the engine does not run (room booking), with their step.
    public var nextFreeSlotStep: Double?
    /// Every policy id, in the network's policy order then the booking policy.
    public var policyIds: [String]

    /// The crisis rule's target wait (the first `crisis_response` rule), which
    /// `counselors.crisis_wait_over_target` measures against; `nil` without such a rule.
    public var crisisTarget: Double? {
        campus.rules.first { $0.kind == .crisisResponse }?.target
    }

    /// The weekly open intervals of a counter station: `(weekday, from, to)` with weekday 0 = Monday
    /// and `[from, to)` within the day in the scenario's time unit, in time order; `nil` for a
    /// station that is not a counter group. These are the group's `opening_hours`, else the
    /// center's, else `opens` to `closes` on every day whose weekday weight is above 0. Holidays
    /// (`closedDays`) close the whole center on top of these.
    public func openIntervals(station: Int) -> [(weekday: Int, from: Double, to: Double)]? {
        guard let center = campus.serviceCenter, let c = counterStations.firstIndex(of: station) else { return nil }
        let hours = center.weeklyHours(of: center.counters[c], weekdays: campus.term.weekdays)
        return hours.days.enumerated().flatMap { d, intervals in intervals.map { (d, $0.from, $0.to) } }
    }

    /// The holidays: `(week, weekday)`, weeks 1-based, weekday 0 = Monday; the whole center is closed then.
    public var closedDays: [(week: Int, weekday: Int)] {
        (campus.serviceCenter?.holidays ?? []).map { ($0.week, $0.weekday) }
    }

    /// True when counter station `station` is open at time `t` of the term (its weekly hours, less
    /// the holidays); `false` for a station that is not a counter group.
    public func isOpen(station: Int, at t: Double) -> Bool {
        guard let intervals = openIntervals(station: station) else { return false }
        let week = Int((t / (7 * day)).rounded(.down))
        let inWeek = t - Double(week) * 7 * day
        let weekday = min(6, Int((inWeek / day).rounded(.down)))
        let time = inWeek - Double(weekday) * day
        if closedDays.contains(where: { $0.week == week % max(1, campus.term.weeks) + 1 && $0.weekday == weekday }) { return false }
        return intervals.contains { $0.weekday == weekday && time >= $0.from && time < $0.to }
    }

    /// Students per counselor over the whole campus.
    public var studentsPerCounselor: Double {
        let counselors = campus.population.colleges.reduce(0) { $0 + $1.counselors }
        return counselors > 0 ? Double(campus.population.students) / Double(counselors) : .infinity
    }

    /// Share of the counselors who must live in dormitories (new ones) that do.
    public var residenceShare: Double? {
        guard let counselors = campus.counselors else { return nil }
        let total = campus.population.colleges.reduce(0) { $0 + $1.counselors }
        let required = (counselors.newShare * Double(total)).rounded(.up)
        guard required > 0 else { return 1 }
        let resident = campus.population.dormitories.reduce(0) { $0 + $1.residentialCounselors }
        return min(1, Double(resident) / required)
    }
}

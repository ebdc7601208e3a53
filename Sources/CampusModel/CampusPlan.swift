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
    /// Campus policies the engine does not run (room booking), with their step.
    public var nextFreeSlotStep: Double?
    /// Every policy id, in the network's policy order then the booking policy.
    public var policyIds: [String]

    /// The crisis rule's target wait (the first `crisis_response` rule), which
    /// `counselors.crisis_wait_over_target` measures against; `nil` without such a rule.
    public var crisisTarget: Double? {
        campus.rules.first { $0.kind == .crisisResponse }?.target
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

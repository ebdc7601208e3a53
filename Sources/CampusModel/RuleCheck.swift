import ScenarioModel

/// A rule's outcome on a run: the measured value against its target.
public struct RuleResult: Sendable, Hashable {
    public var id: String
    public var kind: CampusRuleKind
    public var description: String
    /// Pass, fail or undecided, from the value's 95% interval against the target (`Verdict.judge`).
    public var judgement: Judgement
    /// The measured value (mean over replications), `nil` when nothing measured it.
    public var value: Double?
    public var halfWidth: Double?
    public var target: Double
    /// How the value was measured, in a sentence.
    public var evidence: String

    public var verdict: Verdict { judgement.verdict }
    /// True when the whole interval meets the target.
    public var passed: Bool { judgement.verdict == .pass }
    /// The comparison the rule asks for: `≤` or `≥`.
    public var relation: String { kind.atMost ? "≤" : "≥" }
}

extension CampusRuleKind {
    /// The campus measure the rule reads, or `nil` for rules that read the scenario itself.
    public var measure: CampusMeasure? {
        switch self {
        case .counselorRatio, .residence: nil
        case .dormVisitCoverage: .dormVisitCoverage
        case .talkCoverage: .talkCoverage
        case .crisisResponse: .crisisResponseP95
        case .complaintOnTime: .feedbackOnTimeRate
        case .serviceLevel: .serviceLevel
        case .roomRejection: .rejectionRate
        }
    }

    /// The default description, in the report's words.
    public var summary: String {
        switch self {
        case .counselorRatio: "students per counselor at most the target (Ministry of Education: 200)"
        case .residence: "share of newly recruited counselors living in student dormitories"
        case .dormVisitCoverage: "share of dormitory buildings visited by a counselor each week"
        case .talkCoverage: "share of students given a heart-to-heart talk this term"
        case .crisisResponse: "95th percentile of the wait before a crisis call is answered"
        case .complaintOnTime: "share of complaints replied to within the time limit"
        case .serviceLevel: "share of counter visits served within the target wait"
        case .roomRejection: "share of activity bookings turned away"
        }
    }
}

extension CampusPlan {
    /// Judges every rule by the 95% interval of its value (mean and half-width over replications);
    /// a `room_rejection` rule scoped to an activity reads `activityEstimate` with the activity's
    /// index (undecided, not measured, when the caller has no per-activity counts).
    public func checkRules(estimate: (CampusMeasure) -> (mean: Double?, halfWidth: Double?, count: Int),
                           activityEstimate: (Int) -> (mean: Double?, halfWidth: Double?, count: Int) = { _ in (nil, nil, 0) })
        -> [RuleResult]
    {
        campus.rules.map { rule in
            let value: Double?
            let halfWidth: Double?
            let evidence: String
            // Rules that read the scenario are exact: an interval of width 0.
            var count = 1
            switch rule.kind {
            case .counselorRatio:
                value = studentsPerCounselor.isFinite ? studentsPerCounselor : nil
                halfWidth = 0
                let counselors = campus.population.colleges.reduce(0) { $0 + $1.counselors }
                evidence = "\(campus.population.students) students, \(counselors) counselors (from the scenario)"
            case .residence:
                value = residenceShare
                halfWidth = 0
                let resident = campus.population.dormitories.reduce(0) { $0 + $1.residentialCounselors }
                evidence = "\(resident) residential counselors for the new share \(campus.counselors?.newShare ?? 0) (from the scenario)"
            case .roomRejection where rule.activity != nil:
                let a = campus.rooms?.activities.firstIndex { $0.id == rule.activity } ?? -1
                let e: (mean: Double?, halfWidth: Double?, count: Int) = a >= 0 ? activityEstimate(a) : (nil, nil, 0)
                value = e.mean
                halfWidth = e.halfWidth
                count = e.count
                evidence = "\(rule.activity!)'s booking requests turned away over its requests (campus_activities.csv), over \(e.count) replications"
            default:
                let e = estimate(rule.kind.measure!)
                value = e.mean
                halfWidth = e.halfWidth
                count = e.count
                evidence = "campus.\(rule.kind.measure!.rawValue) over \(e.count) replications"
            }
            // No counselor at all: infinitely many students per counselor, which fails the ratio.
            let judgement = rule.kind == .counselorRatio && value == nil
                ? Judgement(verdict: .fail)
                : Verdict.judge((value, halfWidth, count), target: rule.target, atMost: rule.kind.atMost)
            let summary = rule.activity.map { "share of \($0) bookings turned away" } ?? rule.kind.summary
            return RuleResult(
                id: rule.id, kind: rule.kind, description: rule.description ?? summary, judgement: judgement,
                value: value, halfWidth: halfWidth, target: rule.target, evidence: evidence)
        }
    }
}

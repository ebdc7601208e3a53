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
    /// What the rule is judged over (`RuleScope.isWhole` for the whole campus).
    public var scope = RuleScope()
    /// A scoped rule's items, each judged by its own 95% interval, in item order; empty for a
    /// rule judged as a whole.
    public var items: [ScopeItemResult] = []
    /// A scoped rule's worst item (the first failing, else undecided, else passing one, farthest on
    /// the wrong side of the target), whose value and interval the rule reports.
    public var worst: ScopeItemResult?

    public var verdict: Verdict { judgement.verdict }
    /// True when the whole interval meets the target.
    public var passed: Bool { judgement.verdict == .pass }
    /// The comparison the rule asks for: `≤` or `≥`.
    public var relation: String { kind.atMost ? "≤" : "≥" }
}

/// One item of a scoped rule, judged by its own 95% interval.
public struct ScopeItemResult: Sendable, Hashable {
    public var item: ScopeItem
    /// The item in a planner's words ("all_purpose Tue 10:00-11:00 in term_start weeks").
    public var label: String
    public var judgement: Judgement
    public var value: Double?
    public var halfWidth: Double?
    /// Replications that measured the item.
    public var count: Int

    public var verdict: Verdict { judgement.verdict }
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
    ///
    /// A scoped rule is judged item by item from `scoped` (the replications' campus measures, and the
    /// estimate of one value per replication); without it (a sweep keeps no breakdown) a scoped
    /// service level is undecided and says why.
    public func checkRules(estimate: (CampusMeasure) -> (mean: Double?, halfWidth: Double?, count: Int),
                           activityEstimate: (Int) -> (mean: Double?, halfWidth: Double?, count: Int) = { _ in (nil, nil, 0) },
                           scoped: (replications: [CampusReplication], estimate: ([Double?]) -> (mean: Double?, halfWidth: Double?, count: Int))? = nil)
        -> [RuleResult]
    {
        campus.rules.enumerated().map { r, rule in
            if !rule.scope.isWhole {
                return checkScoped(rule, index: r, activityEstimate: activityEstimate, scoped: scoped)
            }
            return checkWhole(rule, estimate: estimate, activityEstimate: activityEstimate)
        }
    }

    /// A rule judged as a whole, by the campus measure it reads (or the scenario itself).
    private func checkWhole(_ rule: CampusRule, estimate: (CampusMeasure) -> (mean: Double?, halfWidth: Double?, count: Int),
                            activityEstimate: (Int) -> (mean: Double?, halfWidth: Double?, count: Int)) -> RuleResult {
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

    /// A scoped rule: each item judged by its own interval; the rule fails when any item fails, is
    /// undecided when none fails but some is undecided (or nothing was measured), and passes when
    /// every item passes. Its value is the worst item's.
    private func checkScoped(_ rule: CampusRule, index r: Int,
                             activityEstimate: (Int) -> (mean: Double?, halfWidth: Double?, count: Int),
                             scoped: (replications: [CampusReplication], estimate: ([Double?]) -> (mean: Double?, halfWidth: Double?, count: Int))?)
        -> RuleResult
    {
        var estimates: [(item: ScopeItem, estimate: (mean: Double?, halfWidth: Double?, count: Int))] = []
        var evidence: String
        let perText = rule.scope.per.map(\.rawValue).joined(separator: " × ")
        let restriction = [rule.scope.counterGroup.map { "counter group \($0)" }, rule.scope.category.map { "category \($0)" },
                           rule.scope.weekTypes.isEmpty ? nil : rule.scope.weekTypes.joined(separator: ", ") + " weeks"]
            .compactMap { $0 }.joined(separator: ", ")
        let summary: String
        if rule.kind == .roomRejection {
            let activities = campus.rooms?.activities ?? []
            estimates = activities.indices.map { (ScopeItem(activity: $0), activityEstimate($0)) }
            evidence = "each activity's booking requests turned away over its requests (campus_activities.csv)"
            summary = "share of each activity's bookings turned away"
        } else if let scoped {
            let items = Set(scoped.replications.flatMap { $0.ruleItems.indices.contains(r) ? Array($0.ruleItems[r].keys) : [] }).sorted()
            estimates = items.map { item in
                (item, scoped.estimate(scoped.replications.map { $0.ruleItems.indices.contains(r) ? $0.ruleItems[r][item] : nil }))
            }
            evidence = "the counters' service level (waits that began in the item and ended, served within the target)"
            summary = rule.kind.summary + (perText.isEmpty ? "" : ", in every \(perText)")
        } else {
            evidence = "a scoped rule is judged item by item only where the replications' breakdown is kept (run, compare, optimize's verification)"
            summary = rule.kind.summary + (perText.isEmpty ? "" : ", in every \(perText)")
        }
        if !perText.isEmpty { evidence += ", per \(perText)" }
        if !restriction.isEmpty { evidence += ", within \(restriction)" }
        // An item of a rule with restrictions only is the restricted part itself.
        let items = estimates.map { e in
            ScopeItemResult(item: e.item, label: label(e.item).isEmpty ? restriction : label(e.item), judgement: Verdict.judge(e.estimate, target: rule.target, atMost: rule.kind.atMost),
                            value: e.estimate.mean, halfWidth: e.estimate.halfWidth, count: e.estimate.count)
        }
        let failed = items.filter { $0.verdict == .fail }.count, undecided = items.filter { $0.verdict == .undecided }.count
        evidence += ": \(items.count) items, \(failed) fail, \(undecided) undecided, over \(items.map(\.count).max() ?? 0) replications"
        let worst = Self.worst(items, target: rule.target, atMost: rule.kind.atMost)
        var judgement: Judgement
        if let worst {
            judgement = worst.judgement
            if judgement.verdict == .undecided, judgement.reason == .straddles {
                // Every undecided item must be decided: the most replications any of them needs.
                let needs = items.filter { $0.verdict == .undecided }.map(\.judgement.replicationsToDecide)
                judgement.replicationsToDecide = needs.contains { $0 == nil } ? nil : needs.compactMap { $0 }.max()
            }
        } else {
            judgement = Judgement(verdict: .undecided, reason: .notMeasured)
        }
        var result = RuleResult(
            id: rule.id, kind: rule.kind, description: rule.description ?? summary, judgement: judgement,
            value: worst?.value, halfWidth: worst?.halfWidth, target: rule.target, evidence: evidence)
        result.scope = rule.scope
        result.items = items
        result.worst = worst
        return result
    }

    /// The first failing item, else undecided, else passing, and among those the farthest on the
    /// wrong side of the target (the lowest value when the target is a floor); `nil` without items.
    static func worst(_ items: [ScopeItemResult], target: Double, atMost: Bool) -> ScopeItemResult? {
        func rank(_ v: Verdict) -> Int { v == .fail ? 0 : v == .undecided ? 1 : 2 }
        func shortfall(_ x: ScopeItemResult) -> Double {
            guard let v = x.value else { return -.infinity }
            return atMost ? v - target : target - v
        }
        var best: ScopeItemResult?
        for x in items {
            guard let b = best else { best = x; continue }
            if rank(x.verdict) < rank(b.verdict) || (rank(x.verdict) == rank(b.verdict) && shortfall(x) > shortfall(b)) { best = x }
        }
        return best
    }
}

internal import Yams

/// The policies a scenario may name, with the keys each takes besides `id` and `kind`.
enum PolicyKind: String, CaseIterable {
    case flexServers = "flex_servers"
    case escalate
    case nextFreeSlot = "next_free_slot"

    var parameters: [String] {
        switch self {
        case .flexServers: ["station", "above", "below", "servers"]
        case .escalate: ["station", "after"]
        case .nextFreeSlot: ["step"]
        }
    }
}

extension CampusRuleKind {
    /// Whether the target is a share, from 0 to 1.
    var isShare: Bool {
        switch self {
        case .dormVisitCoverage, .talkCoverage, .complaintOnTime, .serviceLevel, .roomRejection, .residence: true
        case .counselorRatio, .crisisResponse: false
        }
    }
}

extension RuleScope {
    /// The breakdowns a rule of `kind` may be judged per: the service level by slot, counter group
    /// and category; the rejection of bookings per activity; the other kinds only as a whole.
    public static func dimensions(_ kind: CampusRuleKind) -> [Dimension] {
        switch kind {
        case .serviceLevel: [.hour, .weekday, .weekType, .counterGroup, .category]
        case .roomRejection: [.activity]
        default: []
        }
    }
}

extension ScenarioReader {
    static let ruleKeys = ["id", "kind", "target", "description", "activity", "per", "counter_group", "category", "week_type"]

    /// `campus.rules`: each a measure compared with a target; the measure's section must be there.
    mutating func rules(_ node: Node, at path: FieldPath, references: CampusReferences) -> [CampusRule] {
        guard let nodes = possiblyEmptyList(node, at: path, of: "rules") else { return [] }
        var registry = IdRegistry()
        return nodes.enumerated().compactMap { index, element in
            rule(element, at: path.index(index), references: references, registry: &registry)
        }
    }

    private mutating func rule(_ node: Node, at path: FieldPath, references: CampusReferences, registry: inout IdRegistry)
        -> CampusRule?
    {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.ruleKeys) else { return nil }
        let id = uniqueId(fields, at: path, "rule", in: &registry)
        let kind = required(fields, "kind").flatMap { choice($0, at: path.key("kind"), "rule kind", of: CampusRuleKind.self) }
        if let kind, let section = missingSection(for: kind, references), let kindNode = fields["kind"] {
            error(at: kindNode, path.key("kind"), "a \(kind.rawValue) rule needs campus.\(section), which the campus does not have")
        }
        let targetPath = path.key("target")
        let target: Double? = required(fields, "target").flatMap { targetNode in
            switch kind {
            case nil: nil
            case .crisisResponse?: duration(targetNode, at: targetPath, .nonNegative)
            case let kind? where kind.isShare: share(targetNode, at: targetPath)
            default: number(targetNode, at: targetPath, .nonNegative)
            }
        }
        let description = fields["description"].flatMap { text($0, at: path.key("description")) }
        var activity: String?
        if let activityNode = fields["activity"] {
            let activityPath = path.key("activity")
            if let kind, kind != .roomRejection {
                error(at: activityNode, activityPath, "only a room_rejection rule is scoped to an activity; a \(kind.rawValue) rule has no activity")
            } else if let name = text(activityNode, at: activityPath) {
                if references.activityIds.contains(name) {
                    activity = name
                } else if references.activitiesIntact && references.hasRooms {
                    error(at: activityNode, activityPath, Suggestion.unknown("activity", name, among: references.activityIds))
                }
            }
        }
        let scope = ruleScope(fields, at: path, kind: kind, activity: activity, references: references)
        guard errorCount == errorsBefore, let id, let kind, let target, let scope else { return nil }
        return CampusRule(id: id, kind: kind, target: target, description: description, activity: activity, scope: scope,
                          location: location(of: node))
    }

    /// A rule's scope: `per` (one breakdown or a list) and the restrictions `counter_group`,
    /// `category` and `week_type` (one or a list). Only the kinds measured by breakdown take them.
    private mutating func ruleScope(_ fields: Fields, at path: FieldPath, kind: CampusRuleKind?, activity: String?,
                                    references: CampusReferences) -> RuleScope? {
        var scope = RuleScope()
        var ok = true
        let allowed = kind.map(RuleScope.dimensions) ?? RuleScope.Dimension.allCases
        if let perNode = fields["per"] {
            let perPath = path.key("per")
            let elements: [(Node, FieldPath)]
            if case .sequence(let sequence) = perNode {
                elements = sequence.enumerated().map { ($1, perPath.index($0)) }
                if elements.isEmpty { error(at: perNode, perPath, "the list of breakdowns is empty"); ok = false }
            } else {
                elements = [(perNode, perPath)]
            }
            for (element, elementPath) in elements {
                guard let dimension = choice(element, at: elementPath, "breakdown", of: RuleScope.Dimension.self) else { ok = false; continue }
                if let kind, !allowed.contains(dimension) {
                    error(at: element, elementPath, allowed.isEmpty
                        ? "a \(kind.rawValue) rule is judged over the whole campus; it cannot be judged per \(dimension.rawValue)"
                        : "a \(kind.rawValue) rule is judged per \(allowed.map(\.rawValue).joined(separator: ", ")); not per \(dimension.rawValue)")
                    ok = false
                } else if scope.per.contains(dimension) {
                    error(at: element, elementPath, "\(dimension.rawValue) is named twice")
                    ok = false
                } else if dimension == .activity, activity != nil {
                    error(at: element, elementPath, "the rule names one activity already; give activity or per: activity, not both")
                    ok = false
                } else {
                    scope.per.append(dimension)
                }
            }
        }
        func restrictable(_ key: String, _ dimension: RuleScope.Dimension) -> Node? {
            guard let node = fields[key] else { return nil }
            if let kind, !allowed.contains(dimension) {
                error(at: node, path.key(key), "only a service_level rule is restricted to a \(key.replacingOccurrences(of: "_", with: " ")); a \(kind.rawValue) rule has none")
                ok = false
                return nil
            }
            return node
        }
        if let node = restrictable("counter_group", .counterGroup), let name = text(node, at: path.key("counter_group")) {
            if references.counterIds.contains(name) {
                scope.counterGroup = name
            } else {
                if references.countersRead { error(at: node, path.key("counter_group"), Suggestion.unknown("counter group", name, among: references.counterIds)) }
                ok = false
            }
        }
        if let node = restrictable("category", .category), let name = text(node, at: path.key("category")) {
            if references.categoryIds.contains(name) {
                scope.category = name
            } else {
                if references.categoriesIntact { error(at: node, path.key("category"), Suggestion.unknown("category", name, among: references.categoryIds)) }
                ok = false
            }
        }
        if let node = restrictable("week_type", .weekType) {
            let weekPath = path.key("week_type")
            let elements: [(Node, FieldPath)] = if case .sequence(let sequence) = node {
                sequence.enumerated().map { ($1, weekPath.index($0)) }
            } else {
                [(node, weekPath)]
            }
            if elements.isEmpty { error(at: node, weekPath, "the list of week types is empty"); ok = false }
            for (element, elementPath) in elements {
                guard let name = text(element, at: elementPath) else { ok = false; continue }
                if !references.weekTypes.contains(name) {
                    error(at: element, elementPath, Suggestion.unknown("week type", name, among: references.weekTypes))
                    ok = false
                } else if scope.weekTypes.contains(name) {
                    error(at: element, elementPath, "week type '\(name)' is named twice")
                    ok = false
                } else {
                    scope.weekTypes.append(name)
                }
            }
        }
        return ok ? scope : nil
    }

    /// The section (under `campus.`) that a rule's measure comes from, when the campus lacks it.
    private func missingSection(for kind: CampusRuleKind, _ references: CampusReferences) -> String? {
        switch kind {
        case .counselorRatio: nil
        case .serviceLevel: references.hasServiceCenter ? nil : "service_center"
        case .complaintOnTime: references.hasFeedback ? nil : "feedback"
        case .dormVisitCoverage, .talkCoverage, .residence: references.hasCounselors ? nil : "counselors"
        case .crisisResponse: references.hasOnCall ? nil : "counselors.on_call"
        case .roomRejection: references.hasRooms ? nil : "rooms"
        }
    }

    /// `campus.policies`: condition → action rules the engine applies as the simulation runs.
    mutating func policies(_ node: Node, at path: FieldPath, references: CampusReferences) -> [Policy] {
        guard let nodes = possiblyEmptyList(node, at: path, of: "policies") else { return [] }
        var registry = IdRegistry()
        return nodes.enumerated().compactMap { index, element in
            policy(element, at: path.index(index), references: references, registry: &registry)
        }
    }

    private mutating func policy(_ node: Node, at path: FieldPath, references: CampusReferences, registry: inout IdRegistry)
        -> Policy?
    {
        let errorsBefore = errorCount
        guard let all = entries(of: node, at: path) else { return nil }
        guard let kindNode = required(all, "kind"),
              let kind = choice(kindNode, at: path.key("kind"), "policy kind", of: PolicyKind.self)
        else {
            // Without a kind the other keys cannot be checked; the id is still claimed.
            if let fields = fields(of: node, at: path, keys: ["id", "kind"] + PolicyKind.allCases.flatMap(\.parameters)) {
                _ = uniqueId(fields, at: path, "policy", in: &registry)
            }
            return nil
        }
        guard let fields = fields(of: node, at: path, keys: ["id", "kind"] + kind.parameters) else { return nil }
        let id = uniqueId(fields, at: path, "policy", in: &registry)
        let action: PolicyAction?
        switch kind {
        case .flexServers:
            let station = required(fields, "station").flatMap { policyStation($0, at: path.key("station"), references) }
            let above = required(fields, "above").flatMap { integer($0, at: path.key("above"), minimum: 1) }
            var below = required(fields, "below").flatMap { integer($0, at: path.key("below"), minimum: 0) }
            let servers = required(fields, "servers").flatMap { integer($0, at: path.key("servers"), minimum: 1) }
            if let above, let low = below, low >= above, let belowNode = fields["below"] {
                error(at: belowNode, path.key("below"), "must be less than above (\(above)), found \(low)")
                below = nil
            }
            action = if let station, let above, let below, let servers {
                .flexServers(station: station, above: above, below: below, servers: servers)
            } else {
                nil
            }
        case .escalate:
            let station = required(fields, "station").flatMap { policyStation($0, at: path.key("station"), references) }
            let after = required(fields, "after").flatMap { duration($0, at: path.key("after"), .positive) }
            action = if let station, let after { .escalate(station: station, after: after) } else { nil }
        case .nextFreeSlot:
            if !references.hasRooms {
                error(at: kindNode, path.key("kind"), "a next_free_slot policy needs campus.rooms, which the campus does not have")
            }
            action = required(fields, "step").flatMap { duration($0, at: path.key("step"), .positive) }.map { .nextFreeSlot(step: $0) }
        }
        guard errorCount == errorsBefore, let id, let action else { return nil }
        return Policy(id: id, action: action, location: location(of: node))
    }

    /// A station a policy acts on: a counter group, or a generated station whose section the campus has.
    private mutating func policyStation(_ node: Node, at path: FieldPath, _ references: CampusReferences) -> String? {
        guard let id = text(node, at: path) else { return nil }
        let generated: [(id: String, section: String, present: Bool)] = [
            ("on_call", "counselors.on_call", references.hasOnCall),
            ("mental_health_center", "counselors.on_call", references.hasOnCall),
            ("feedback_transfer", "feedback", references.hasFeedback),
        ]
        if references.counterIds.contains(id) { return id }
        if let station = generated.first(where: { $0.id == id }) {
            guard station.present else {
                error(at: node, path, "station '\(id)' exists only with campus.\(station.section), which the campus does not have")
                return nil
            }
            return id
        }
        if references.countersRead {
            error(at: node, path, Suggestion.unknown("station", id, among: references.counterIds + generated.map(\.id)))
        }
        return nil
    }
}

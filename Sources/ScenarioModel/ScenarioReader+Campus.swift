internal import Yams

/// What the rest of the scenario needs from the `campus:` section, even when parts of it failed.
struct CampusOutline {
    /// The campus, or `nil` when any error was reported in it.
    var campus: Campus?
    /// Weeks in the term (the default when `term` could not be read), for the default run duration.
    var weeks: Int
    /// Counter ids as read, also of counters whose other fields failed: each names a generated station.
    var counterIds: [String]
}

/// Names the campus sections read so far, for the references that rules and policies make to them.
struct CampusReferences {
    /// Counter ids in file order, including counters whose other fields were wrong.
    var counterIds: [String] = []
    /// False when the counters list itself could not be read: policies naming a counter are then not
    /// reported as unknown.
    var countersRead = true
    var hasServiceCenter = false
    var hasFeedback = false
    var hasCounselors = false
    var hasOnCall = false
    var hasRooms = false
    /// Activity ids in `campus.rooms`, for rules scoped to one activity; `activitiesIntact` is false
    /// when the list could not be read whole (unknown ids are then not reported).
    var activityIds: [String] = []
    var activitiesIntact = true
    /// Category ids of the service center, for rules restricted to one; `categoriesIntact` is false
    /// when the list could not be read whole.
    var categoryIds: [String] = []
    var categoriesIntact = true
    /// The term's week types: `regular` and each peak's name.
    var weekTypes: [String] = ["regular"]
}

/// Ids already used in one list, with the line each was first used at, in file order.
struct IdRegistry {
    private(set) var ids: [String] = []
    private var lines: [String: Int] = [:]

    func line(of id: String) -> Int? { lines[id] }

    mutating func insert(_ id: String, line: Int) {
        ids.append(id)
        lines[id] = line
    }
}

extension ScenarioReader {
    static let campusSection = Section(
        "The campus layer: term, population, service center, feedback loop, counselors, activity rooms, rules and policies; only the population is required.", [
            Field("term", .custom(ScenarioFormat.ref("term"))),
            Field("population", .custom(ScenarioFormat.ref("population")), required: true),
            Field("service_center", .custom(ScenarioFormat.ref("serviceCenter"))),
            Field("feedback", .custom(ScenarioFormat.ref("feedback"))),
            Field("counselors", .custom(ScenarioFormat.ref("counselors"))),
            Field("rooms", .custom(ScenarioFormat.ref("rooms"))),
            Field("rules", .custom(ScenarioFormat.list(ScenarioFormat.ref("rule"), minItems: 0,
                                                       "Rules the campus must keep: each a measure compared with a target."))),
            Field("policies", .custom(ScenarioFormat.list(ScenarioFormat.ref("policy"), minItems: 0,
                                                          "Condition → action rules applied as the simulation runs."))),
        ])

    /// Ids of the stations the campus layer generates besides one per counter group; a network station
    /// or a counter group may not take them.
    static let generatedStationIds = [
        "on_call", "mental_health_center", "online_back_office", "returning",
        "feedback_transfer", "feedback_handling", "feedback_follow_up",
    ]

    /// The `campus:` section: the population is required, every other section is optional.
    mutating func campus(_ node: Node, at path: FieldPath) -> CampusOutline {
        let errorsBefore = errorCount
        var outline = CampusOutline(campus: nil, weeks: Term().weeks, counterIds: [])
        guard let fields = fields(of: node, at: path, Self.campusSection,
                                  expecting: "a map of campus sections (population, service_center, ...)")
        else { return outline }

        let term: Term? = if let node = fields["term"] { self.term(node, at: path.key("term")) } else { Term() }
        outline.weeks = term?.weeks ?? outline.weeks
        let population = valueNode(fields, Self.campusSection["population"]).flatMap { self.population($0, at: path.key("population")) }

        var references = CampusReferences()
        for peak in term?.peaks ?? [] where !references.weekTypes.contains(peak.name) { references.weekTypes.append(peak.name) }
        var serviceCenter: ServiceCenter?
        if let node = fields["service_center"] {
            references.hasServiceCenter = true
            serviceCenter = self.serviceCenter(node, at: path.key("service_center"), term: term, references: &references)
        }
        outline.counterIds = references.counterIds
        var feedback: FeedbackLoop?
        if let node = fields["feedback"] {
            references.hasFeedback = true
            feedback = self.feedback(node, at: path.key("feedback"))
        }
        var counselors: Counselors?
        if let node = fields["counselors"] {
            references.hasCounselors = true
            references.hasOnCall = hasKey(node, "on_call")
            counselors = self.counselors(node, at: path.key("counselors"))
        }
        var rooms: ActivityRooms?
        if let node = fields["rooms"] {
            references.hasRooms = true
            rooms = self.rooms(node, at: path.key("rooms"), references: &references)
        }
        let rules = fields["rules"].map { self.rules($0, at: path.key("rules"), references: references) } ?? []
        let policies = fields["policies"].map { self.policies($0, at: path.key("policies"), references: references) } ?? []

        guard errorCount == errorsBefore, let term, let population,
              serviceCenter != nil || !references.hasServiceCenter, feedback != nil || !references.hasFeedback,
              counselors != nil || !references.hasCounselors, rooms != nil || !references.hasRooms
        else { return outline }
        outline.campus = Campus(
            term: term, population: population, serviceCenter: serviceCenter, feedback: feedback, counselors: counselors,
            rooms: rooms, rules: rules, policies: policies, location: location(of: node))
        return outline
    }

    /// Network stations may not take the id of a station the campus layer generates.
    mutating func checkGeneratedStationIds(_ stationsNode: Node?, counterIds: [String]) {
        guard case .sequence(let elements)? = stationsNode else { return }
        let stationsPath = FieldPath.root.key("stations")
        for (index, element) in elements.enumerated() {
            let path = stationsPath.index(index)
            guard stationRefs.contains(where: { $0.path == path }), let idNode = silentValue(element, "id"),
                  case .scalar(let scalar) = idNode
            else { continue }
            let id = scalar.string
            if counterIds.contains(id) {
                error(at: idNode, path.key("id"),
                      "'\(id)' is the id of a counter group in campus.service_center, which the campus layer makes a station; choose another id")
            } else if Self.generatedStationIds.contains(id) {
                error(at: idNode, path.key("id"), "'\(id)' is the id of a station the campus layer generates; choose another id")
            }
        }
    }

    // MARK: - Helpers for the campus readers

    /// The elements of a list that may be empty; `nil` after reporting when `node` is not a list.
    mutating func possiblyEmptyList(_ node: Node, at path: FieldPath, of what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            error(at: node, path, "expected a list of \(what), found \(describe(node))")
            return nil
        }
        return Array(sequence)
    }

    /// The element's required `id`, unique within `registry` (where it is recorded); `nil` after reporting.
    mutating func uniqueId(_ fields: Fields, at path: FieldPath, _ what: String, in registry: inout IdRegistry) -> String? {
        let idPath = path.key("id")
        guard let node = required(fields, "id"), let id = name(node, at: idPath) else { return nil }
        if let line = registry.line(of: id) {
            error(at: node, idPath, "duplicate \(what) id '\(id)', first used at line \(line)")
            return nil
        }
        registry.insert(id, line: location(of: fields.node).line)
        return id
    }

    /// A share: a number from 0 to 1, or below 1 when `belowOne`.
    mutating func share(_ node: Node, at path: FieldPath, belowOne: Bool = false) -> Double? {
        guard let value = number(node, at: path) else { return nil }
        guard value >= 0, belowOne ? value < 1 : value <= 1 else {
            let requirement = belowOne ? "must be at least 0 and less than 1" : "must be from 0 to 1"
            error(at: node, path, "\(requirement), found \(formatted(value))")
            return nil
        }
        return value
    }

    /// Hours as a plain number, whatever the scenario's time unit, or a string with its own unit (`"45 min"`).
    mutating func hours(_ node: Node, at path: FieldPath, _ bound: Bound) -> Double? {
        let unit = timeUnit
        timeUnit = .hour
        defer { timeUnit = unit }
        return duration(node, at: path, bound)
    }

    /// The length of a day in the scenario's time unit.
    var dayLength: Double { 86_400 / timeUnit.seconds }

    /// The length of an hour in the scenario's time unit.
    var hourLength: Double { 3_600 / timeUnit.seconds }

    /// A time within the day, from 0 to a whole day, in the scenario's time unit: a duration
    /// (`8.5h`) or a clock time (`"8:30"`).
    mutating func timeOfDay(_ node: Node, at path: FieldPath) -> Double? {
        guard let value = clockOrDuration(node, at: path, .nonNegative, inWeek: false) else { return nil }
        guard value <= dayLength * (1 + 1e-12) else {
            error(at: node, path, "must be within a day (at most \(formatted(dayLength))), found \(formatted(value))")
            return nil
        }
        return min(value, dayLength)
    }

    /// Two required times within the day, `start` before `end`: opening hours, or a window.
    mutating func dailyInterval(_ fields: Fields, _ start: Field, _ end: Field) -> (start: Double, end: Double)? {
        let from = value(fields, start)
        let to = value(fields, end)
        guard let from, let to, let endNode = fields[end.name] else { return nil }
        guard to > from else {
            error(at: endNode, fields.path.key(end.name), "must be later than \(start.name) (\(formatted(from))), found \(formatted(to))")
            return nil
        }
        return (from, to)
    }

    /// A list of names that must each be among `known` (reported with a "did you mean" otherwise).
    ///
    /// With `knownIntact` false (the list of known names could not be read), unknown names are not reported.
    mutating func idReferences(_ node: Node, at path: FieldPath, to what: String, among known: [String], knownIntact: Bool)
        -> [String]?
    {
        guard let nodes = possiblyEmptyList(node, at: path, of: "\(what) ids") else { return nil }
        var names: [String] = []
        var complete = true
        for (index, element) in nodes.enumerated() {
            let elementPath = path.index(index)
            guard let name = text(element, at: elementPath) else {
                complete = false
                continue
            }
            if !known.contains(name) {
                if knownIntact { error(at: element, elementPath, Suggestion.unknown(what, name, among: known)) }
                complete = false
            } else if names.contains(name) {
                error(at: element, elementPath, "\(what) '\(name)' is listed twice")
                complete = false
            } else {
                names.append(name)
            }
        }
        return complete ? names : nil
    }

    /// The value of `key` in the map at `node`, without reporting anything when there is none.
    func silentValue(_ node: Node, _ key: String) -> Node? {
        guard case .mapping(let mapping) = node else { return nil }
        for (keyNode, value) in mapping {
            if case .scalar(let scalar) = keyNode, scalar.string == key { return value }
        }
        return nil
    }

    /// Whether the map at `node` has `key`.
    func hasKey(_ node: Node, _ key: String) -> Bool { silentValue(node, key) != nil }
}

internal import Yams

extension ScenarioReader {
    static let counselorKeys = [
        "weekly_hours", "dorm_visit_hours", "talk_hours", "requested_talks_per_thousand", "absence", "new_share", "on_call",
    ]
    /// What a counselor's week is spent on.
    static let counselorActivities = ["classroom", "dormitory", "activities", "talks", "on_call", "other"]
    /// Most hours a counselor's week may hold: twelve hours a day, seven days.
    static let maximumWeeklyHours = 84.0
    static let onCallKeys = ["counselors", "urgencies", "mental_health_teachers", "mental_health_service"]
    static let urgencyKeys = ["id", "priority", "per_week", "service", "escalate"]

    /// `campus.counselors`: the week's hours by activity (plain hours, whatever the time unit), visits,
    /// talks, and the on-call service.
    mutating func counselors(_ node: Node, at path: FieldPath) -> Counselors? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.counselorKeys) else { return nil }
        let weeklyHours = required(fields, "weekly_hours").flatMap { self.weeklyHours($0, at: path.key("weekly_hours")) }
        let dormVisitHours = required(fields, "dorm_visit_hours").flatMap { hours($0, at: path.key("dorm_visit_hours"), .positive) }
        let talkHours = required(fields, "talk_hours").flatMap { hours($0, at: path.key("talk_hours"), .positive) }
        let requestedTalks = fields["requested_talks_per_thousand"].flatMap {
            number($0, at: path.key("requested_talks_per_thousand"), .nonNegative)
        }
        let absence = fields["absence"].flatMap { share($0, at: path.key("absence"), belowOne: true) }
        let newShare = fields["new_share"].flatMap { share($0, at: path.key("new_share")) }
        let onCall = fields["on_call"].flatMap { self.onCall($0, at: path.key("on_call")) }
        guard errorCount == errorsBefore, let weeklyHours, let dormVisitHours, let talkHours else { return nil }
        return Counselors(
            weeklyHours: weeklyHours, dormVisitHours: dormVisitHours, talkHours: talkHours,
            requestedTalksPerThousand: requestedTalks ?? 0, absence: absence ?? 0, newShare: newShare ?? 0, onCall: onCall,
            location: location(of: node))
    }

    /// Hours per week by activity; an activity left out gets none. The week holds at most 84 hours.
    ///
    /// The total is checked even when an unknown activity was reported: the known ones alone may exceed it.
    private mutating func weeklyHours(_ node: Node, at path: FieldPath) -> [String: Double]? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.counselorActivities) else { return nil }
        var weeklyHours: [String: Double] = [:]
        for entry in fields.entries {
            if let value = hours(entry.value, at: path.key(entry.key), .nonNegative) { weeklyHours[entry.key] = value }
        }
        guard weeklyHours.count == fields.entries.count else { return nil }
        let total = weeklyHours.values.reduce(0, +)
        guard total <= Self.maximumWeeklyHours else {
            error(at: node, path,
                  "adds up to \(formatted(total)) hours, more than \(formatted(Self.maximumWeeklyHours)) hours a week")
            return nil
        }
        return errorCount == errorsBefore ? weeklyHours : nil
    }

    /// `counselors.on_call`: counselors on call at once, urgency classes, and escalation to the mental
    /// health center.
    private mutating func onCall(_ node: Node, at path: FieldPath) -> OnCall? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.onCallKeys) else { return nil }
        let counselors = required(fields, "counselors").flatMap { integer($0, at: path.key("counselors"), minimum: 1) }
        var urgencies: [OnCall.Urgency] = []
        let urgenciesPath = path.key("urgencies")
        if let listNode = required(fields, "urgencies"), let nodes = list(listNode, at: urgenciesPath, of: "urgencies") {
            var registry = IdRegistry()
            var priorities: [Int: (id: String?, line: Int)] = [:]
            for (index, element) in nodes.enumerated() {
                if let urgency = urgency(element, at: urgenciesPath.index(index), registry: &registry, priorities: &priorities) {
                    urgencies.append(urgency)
                }
            }
        }
        let teachers = required(fields, "mental_health_teachers").flatMap {
            integer($0, at: path.key("mental_health_teachers"), minimum: 1)
        }
        let teacherService = required(fields, "mental_health_service").flatMap {
            distribution($0, at: path.key("mental_health_service"), role: .time)
        }
        guard errorCount == errorsBefore, let counselors, let teachers, let teacherService else { return nil }
        return OnCall(counselors: counselors, urgencies: urgencies, mentalHealthTeachers: teachers, mentalHealthService: teacherService)
    }

    /// An urgency class, its id and its priority each unique among the on-call urgencies.
    private mutating func urgency(
        _ node: Node, at path: FieldPath, registry: inout IdRegistry, priorities: inout [Int: (id: String?, line: Int)]
    ) -> OnCall.Urgency? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.urgencyKeys) else { return nil }
        let id = uniqueId(fields, at: path, "urgency", in: &registry)
        var priority = required(fields, "priority").flatMap { integer($0, at: path.key("priority")) }
        if let value = priority, let first = priorities[value], let priorityNode = fields["priority"] {
            let whose = first.id.map { "urgency '\($0)'" } ?? "another urgency"
            error(at: priorityNode, path.key("priority"),
                  "priority \(value) is already taken by \(whose) at line \(first.line); each urgency needs its own")
            priority = nil
        } else if let value = priority {
            priorities[value] = (id, location(of: node).line)
        }
        let perWeek = required(fields, "per_week").flatMap { number($0, at: path.key("per_week"), .positive) }
        let service = required(fields, "service").flatMap { distribution($0, at: path.key("service"), role: .time) }
        let escalate = fields["escalate"].flatMap { share($0, at: path.key("escalate")) }
        guard errorCount == errorsBefore, let id, let priority, let perWeek, let service else { return nil }
        return OnCall.Urgency(id: id, priority: priority, perWeek: perWeek, service: service, escalate: escalate ?? 0)
    }
}

internal import Yams

extension ScenarioReader {
    /// Most hours a counselor's week may hold: twelve hours a day, seven days.
    static let maximumWeeklyHours = 84.0
    /// What a counselor's week is spent on, in plain hours.
    static let weeklyHoursSection = Section(
        "Hours per counselor per week by activity (at most 84 in all); an activity left out gets none.",
        ["classroom", "dormitory", "activities", "talks", "on_call", "other"].map { Field($0, .hours(.nonNegative)) })
    static let urgencySection = Section([
        .id("urgency"),
        Field("priority", .integer(), required: true, "Lower is served first (preemptive-resume); unique among urgencies."),
        Field("per_week", .number(.positive), required: true, "Calls per week."),
        Field("service", .distribution(.time), required: true, "Time with the counselor on call."),
        Field("escalate", .share(belowOne: false), "Share escalated to the mental health center (default 0)."),
    ])
    static let onCallSection = Section(
        "Hourly psychological assistance: counselors on call, urgency classes, escalation to the mental health center.", [
            Field("counselors", .integer(minimum: 1), required: true, "Counselors on call at once."),
            Field("urgencies", .custom(ScenarioFormat.list(urgencySection.schema(), "Urgency classes.")), required: true),
            Field("mental_health_teachers", .integer(minimum: 1), required: true, "Full-time teachers at the mental health center."),
            Field("mental_health_service", .distribution(.time), required: true, "Service time at the mental health center."),
        ])
    static let counselorsSection = Section(
        "Counselors: the week's hours by activity (plain hours, whatever the time unit), visits, talks, and the on-call service.", [
            Field("weekly_hours", .custom(weeklyHoursSection.schema()), required: true),
            Field("dorm_visit_hours", .hours(.positive), required: true, "Hours per dormitory visit (plain hours)."),
            Field("talk_hours", .hours(.positive), required: true, "Hours per heart-to-heart talk (plain hours)."),
            Field("requested_talks_per_thousand", .number(.nonNegative), "Talks students ask for, per 1,000 students a week (default 0)."),
            Field("absence", .share(belowOne: true), "Chance a counselor is away for a week (default 0)."),
            Field("new_share", .share(belowOne: false), "Share of counselors recruited in the last three years (default 0)."),
            Field("on_call", .custom(onCallSection.schema())),
        ])

    /// `campus.counselors`: the week's hours by activity (plain hours, whatever the time unit), visits,
    /// talks, and the on-call service.
    mutating func counselors(_ node: Node, at path: FieldPath) -> Counselors? {
        let errorsBefore = errorCount
        let section = Self.counselorsSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        let weeklyHours = valueNode(fields, section["weekly_hours"]).flatMap { self.weeklyHours($0, at: path.key("weekly_hours")) }
        let dormVisitHours = value(fields, section["dorm_visit_hours"])
        let talkHours = value(fields, section["talk_hours"])
        let requestedTalks = value(fields, section["requested_talks_per_thousand"])
        let absence = value(fields, section["absence"])
        let newShare = value(fields, section["new_share"])
        let onCall = valueNode(fields, section["on_call"]).flatMap { self.onCall($0, at: path.key("on_call")) }
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
        guard let fields = fields(of: node, at: path, Self.weeklyHoursSection) else { return nil }
        var weeklyHours: [String: Double] = [:]
        for entry in fields.entries {
            if let spent = value(fields, Self.weeklyHoursSection[entry.key]) { weeklyHours[entry.key] = spent }
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
        let section = Self.onCallSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        let counselors = integer(fields, section["counselors"])
        var urgencies: [OnCall.Urgency] = []
        let urgenciesPath = path.key("urgencies")
        if let listNode = valueNode(fields, section["urgencies"]), let nodes = list(listNode, at: urgenciesPath, of: "urgencies") {
            var registry = IdRegistry()
            var priorities: [Int: (id: String?, line: Int)] = [:]
            for (index, element) in nodes.enumerated() {
                if let urgency = urgency(element, at: urgenciesPath.index(index), registry: &registry, priorities: &priorities) {
                    urgencies.append(urgency)
                }
            }
        }
        let teachers = integer(fields, section["mental_health_teachers"])
        let teacherService = distribution(fields, section["mental_health_service"])
        guard errorCount == errorsBefore, let counselors, let teachers, let teacherService else { return nil }
        return OnCall(counselors: counselors, urgencies: urgencies, mentalHealthTeachers: teachers, mentalHealthService: teacherService)
    }

    /// An urgency class, its id and its priority each unique among the on-call urgencies.
    private mutating func urgency(
        _ node: Node, at path: FieldPath, registry: inout IdRegistry, priorities: inout [Int: (id: String?, line: Int)]
    ) -> OnCall.Urgency? {
        let errorsBefore = errorCount
        let section = Self.urgencySection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        let id = uniqueId(fields, at: path, "urgency", in: &registry)
        var priority = integer(fields, section["priority"])
        if let value = priority, let first = priorities[value], let priorityNode = fields["priority"] {
            let whose = first.id.map { "urgency '\($0)'" } ?? "another urgency"
            error(at: priorityNode, path.key("priority"),
                  "priority \(value) is already taken by \(whose) at line \(first.line); each urgency needs its own")
            priority = nil
        } else if let value = priority {
            priorities[value] = (id, location(of: node).line)
        }
        let perWeek = value(fields, section["per_week"])
        let service = distribution(fields, section["service"])
        let escalate = value(fields, section["escalate"])
        guard errorCount == errorsBefore, let id, let priority, let perWeek, let service else { return nil }
        return OnCall.Urgency(id: id, priority: priority, perWeek: perWeek, service: service, escalate: escalate ?? 0)
    }
}

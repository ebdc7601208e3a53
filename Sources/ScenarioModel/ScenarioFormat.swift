import Interchange
/// The scenario format described once, in Swift, and rendered as a JSON Schema (draft-07) for editors
/// and scripts: `onestop schema` prints it, `schema/scenario.schema.json` keeps a copy.
///
/// Key lists come from the reader itself (`ScenarioReader.topLevelKeys`, `stationKeys`, `runKeys`,
/// `arrivalKeys`, the distributions' parameters, the time units, the disciplines), and building the
/// description traps if it names a different set of keys, so the schema cannot drift from the parser
/// without a test failing. The schema accepts a superset of valid scenarios: what needs the whole
/// file to decide (references to station ids, probabilities adding up to 1, schedules covering their
/// period) is left to `onestop validate`.
public enum ScenarioFormat {
    /// The JSON Schema as text, keys in a fixed order.
    public static var jsonSchema: String { schema.json.rendered(.schema) }

    static var schema: SchemaValue {
        .object([
            ("$schema", "http://json-schema.org/draft-07/schema#"),
            ("title", "OneStop scenario"),
            ("description", "A OneStop scenario: the network layer (stations, arrivals, routing, classes) and the campus layer (campus:)."),
            ("type", "object"),
            ("properties", properties(ScenarioReader.topLevelKeys, [
                ("name", string("The scenario's name; it names the output directory, so it may not contain '/'.", pattern: "^[^/]+$")),
                ("description", string("What the scenario shows, in words.")),
                ("time_unit", enumeration(TimeUnit.allCases.map(\.rawValue), "The unit of every plain number that is a time or a rate (default minute).")),
                ("run", ref("run")),
                ("classes", list(ref("class"), "Customer classes; without it there is one class, 'default'.")),
                ("stations", list(ref("station"), minItems: 0, "The stations: servers, service, queue rules (at least one without a campus; may be empty beside one).")),
                ("arrivals", list(ref("arrival"), minItems: 0, "External arrival streams (at least one without a campus; may be empty beside one).")),
                ("routing", ref("routing")),
                ("campus", ref("campus")),
                ("planner", ref("planner")),
            ])),
            // Without a campus the network layer and the run length are required; with one, all are optional.
            ("anyOf", .array([
                .object([
                    ("required", .array(["run", "stations", "arrivals"])),
                    ("properties", .object([
                        ("run", .object([("anyOf", .array([.object([("required", .array(["duration"]))]), .object([("required", .array(["customers"]))])]))])),
                        ("stations", .object([("minItems", 1)])),
                        ("arrivals", .object([("minItems", 1)])),
                    ])),
                ]),
                .object([("required", .array(["campus"]))]),
            ])),
            ("additionalProperties", false),
            ("definitions", .object(networkDefinitions + campusDefinitions + plannerDefinitions)),
        ])
    }

    // MARK: The campus layer

    /// The campus layer's definitions, from the campus reader's key lists (`campusKeys`, `termKeys`,
    /// `serviceCenterKeys`, `counselorKeys`, `roomsKeys`, ...). Cross-references (a counter's skills, a
    /// rule's section, a policy's station) and sums (hours in a week, values per opening hour) are
    /// `onestop validate`'s job.
    static var campusDefinitions: [(String, SchemaValue)] {
        let id = { (what: String) in string("The \(what)'s id, unique among them.", minLength: 1) }
        let dormitoryFields: [(String, SchemaValue)] = [
            ("floors", integer(minimum: 1)),
            ("rooms", integer(minimum: 1, "Rooms in the building.")),
            ("beds", integer(minimum: 1, "Beds in the building.")),
            ("residential_counselors", integer(minimum: 0, "Counselors living in the building (default 0).")),
            ("safety_officers", integer(minimum: 0, "Default 0.")),
            ("floor_spaces", integer(minimum: 0, "\"One floor one scene\" spaces (default 0).")),
        ]
        let buildingRequired = ["floors", "rooms", "beds"]
        let durationKinds: [CampusRuleKind] = [.crisisResponse]
        let shareKinds = CampusRuleKind.allCases.filter(\.isShare)
        let countKinds = CampusRuleKind.allCases.filter { !$0.isShare && !durationKinds.contains($0) }
        let kindIs = { (kinds: [CampusRuleKind]) -> SchemaValue in
            .object([("properties", .object([("kind", .object([("enum", .array(kinds.map { .string($0.rawValue) }))]))])),
                     ("required", .array(["kind"]))])
        }
        return [
            ("campus", record(
                "The campus layer: term, population, service center, feedback loop, counselors, activity rooms, rules and policies; only the population is required.",
                ScenarioReader.campusKeys, [
                    ("term", ref("term")),
                    ("population", ref("population")),
                    ("service_center", ref("serviceCenter")),
                    ("feedback", ref("feedback")),
                    ("counselors", ref("counselors")),
                    ("rooms", ref("rooms")),
                    ("rules", list(ref("rule"), minItems: 0, "Rules the campus must keep: each a measure compared with a target.")),
                    ("policies", list(ref("policy"), minItems: 0, "Condition → action rules applied as the simulation runs.")),
                ], required: ["population"])),
            ("term", record("The term: weeks, the weekly pattern, the peaks (default: 18 weeks, weekdays only, no peaks).",
                            ScenarioReader.termKeys, [
                ("weeks", integer(minimum: 1, maximum: ScenarioReader.maximumTermWeeks, "Weeks in the term (default 18).")),
                ("weekdays", list(number(minimum: 0), minItems: 7, maxItems: 7,
                                  "Relative demand per day, Monday first: 7 values, not all 0.")),
                ("peaks", list(record(nil, ScenarioReader.peakKeys, [
                    ("name", string("The peak's name.", minLength: 1)),
                    ("week", integer(minimum: 1, maximum: ScenarioReader.maximumTermWeeks, "The week it starts, 1-based, within the term.")),
                    ("weeks", integer(minimum: 1, "How many weeks it lasts.")),
                    ("factor", number(exclusiveMinimum: 0, "Demand multiplier in those weeks.")),
                ], required: ScenarioReader.peakKeys), minItems: 0, "Weeks of heavier (or lighter) demand.")),
            ])),
            ("population", record("The grid: colleges (at least one) and dormitory buildings.", ScenarioReader.populationKeys, [
                ("colleges", list(record(nil, ScenarioReader.collegeKeys, [
                    ("id", id("college")),
                    ("students", integer(minimum: 1)),
                    ("classes", integer(minimum: 0, "Default 0.")),
                    ("counselors", integer(minimum: 0, "Default 0.")),
                    ("class_teachers", integer(minimum: 0, "Default 0.")),
                ], required: ["id", "students"]), "The colleges.")),
                ("dormitories", .object([
                    ("description", "A list of buildings, or a generator {prefix, count, floors, rooms, beds, ...} of count alike buildings named prefix and a zero-padded number."),
                    ("anyOf", .array([
                        list(record(nil, ["id"] + ScenarioReader.dormitoryKeys, [("id", id("dormitory"))] + dormitoryFields,
                                    required: ["id"] + buildingRequired), minItems: 0),
                        record(nil, ["prefix", "count"] + ScenarioReader.dormitoryKeys, [
                            ("prefix", string("Building ids are the prefix and a number.", minLength: 1)),
                            ("count", integer(minimum: 1, maximum: ScenarioReader.maximumGeneratedDormitories, "How many buildings.")),
                        ] + dormitoryFields, required: ["prefix", "count"] + buildingRequired),
                    ])),
                ])),
            ], required: ["colleges"])),
            ("serviceCenter", record("The service center: opening hours, categories of business, and the counter groups serving them.",
                                     ScenarioReader.serviceCenterKeys, [
                ("opens", ref("duration", "Opening time within the day.")),
                ("closes", ref("duration", "Closing time within the day, later than opens.")),
                ("target_wait", ref("positiveDuration", "The service level's target wait.")),
                ("routing", enumeration(TicketRouting.allCases.map(\.rawValue), "Ticket routing: pooled (default) or shortest_queue.")),
                ("return_delay", ref("distribution", "Time before a student whose visit could not finish comes back.")),
                ("categories", list(record(nil, ScenarioReader.categoryKeys, [
                    ("id", id("category")),
                    ("items", integer(minimum: 1, "Service items in the category.")),
                    ("requests_per_student", number(exclusiveMinimum: 0, "Requests per student per term, counter and online together.")),
                    ("hourly", list(number(minimum: 0), "Relative demand per opening hour, one value per hour from opens to closes.")),
                    ("service", ref("distribution", "Service time at a counter.")),
                    ("online_share", share("Share of requests filed online (default 0); above 0 needs online_processing and online_limit.")),
                    ("online_processing", ref("distribution", "Processing time of an online request.")),
                    ("online_limit", ref("positiveDuration", "An online request is on time within this of filing.")),
                    ("return_probability", share(belowOne: true, "Chance a visit cannot finish and the student comes back (default 0).")),
                ], required: ["id", "items", "requests_per_student", "hourly", "service"]), "Categories of service items.")),
                ("counters", list(record(nil, ScenarioReader.counterKeys, [
                    ("id", id("counter group")),
                    ("skills", list(string("A category id.", minLength: 1), minItems: 0, "Categories served; none or absent: every category.")),
                    ("servers", ref("counterServers")),
                    ("patience", ref("distribution", "A waiting student gives up after this long.")),
                ], required: ["id", "servers"]), "Counter groups, each a station.")),
            ], required: ["opens", "closes", "target_wait", "return_delay", "categories", "counters"])),
            ("counterServers", .object([
                ("description", "A counter group's servers: a whole number or a schedule repeating every period (not \"infinite\")."),
                ("anyOf", .array([integer(minimum: 1), ref("serverSchedule")])),
            ])),
            ("feedback", record("The feedback loop: complaints and requests received, transferred, handled and followed up.",
                                ScenarioReader.feedbackKeys, [
                ("channels", list(record(nil, ["id", "per_week"], [
                    ("id", id("channel")),
                    ("per_week", number(exclusiveMinimum: 0, "Items received per week.")),
                ], required: ["id", "per_week"]), "Channels feedback arrives by.")),
                ("transfer_staff", integer(minimum: 1, "Staff transferring items to departments.")),
                ("transfer", ref("distribution", "Transfer time.")),
                ("handling", ref("distribution", "Handling time in the departments.")),
                ("limit", ref("positiveDuration", "A reply is on time within this of receipt.")),
                ("follow_up_share", share("Share followed up (default 0); above 0 needs follow_up.")),
                ("follow_up", ref("distribution", "Follow-up time.")),
            ], required: ["channels", "transfer_staff", "transfer", "handling", "limit"])),
            ("counselors", record("Counselors: the week's hours by activity (plain hours, whatever the time unit), visits, talks, and the on-call service.",
                                  ScenarioReader.counselorKeys, [
                ("weekly_hours", record("Hours per counselor per week by activity (at most 84 in all); an activity left out gets none.",
                                        ScenarioReader.counselorActivities,
                                        ScenarioReader.counselorActivities.map { ($0, ref("duration")) })),
                ("dorm_visit_hours", ref("positiveDuration", "Hours per dormitory visit (plain hours).")),
                ("talk_hours", ref("positiveDuration", "Hours per heart-to-heart talk (plain hours).")),
                ("requested_talks_per_thousand", number(minimum: 0, "Talks students ask for, per 1,000 students a week (default 0).")),
                ("absence", share(belowOne: true, "Chance a counselor is away for a week (default 0).")),
                ("new_share", share("Share of counselors recruited in the last three years (default 0).")),
                ("on_call", record("Hourly psychological assistance: counselors on call, urgency classes, escalation to the mental health center.",
                                   ScenarioReader.onCallKeys, [
                    ("counselors", integer(minimum: 1, "Counselors on call at once.")),
                    ("urgencies", list(record(nil, ScenarioReader.urgencyKeys, [
                        ("id", id("urgency")),
                        ("priority", integer("Lower is served first (preemptive-resume); unique among urgencies.")),
                        ("per_week", number(exclusiveMinimum: 0, "Calls per week.")),
                        ("service", ref("distribution", "Time with the counselor on call.")),
                        ("escalate", share("Share escalated to the mental health center (default 0).")),
                    ], required: ["id", "priority", "per_week", "service"]), "Urgency classes.")),
                    ("mental_health_teachers", integer(minimum: 1, "Full-time teachers at the mental health center.")),
                    ("mental_health_service", ref("distribution", "Service time at the mental health center.")),
                ], required: ScenarioReader.onCallKeys)),
            ], required: ["weekly_hours", "dorm_visit_hours", "talk_hours"])),
            ("rooms", record("Activity rooms: the room types of the activity complexes, and the activities that book them.",
                             ScenarioReader.roomsKeys, [
                ("room_types", list(record(nil, ScenarioReader.roomTypeKeys, [
                    ("id", id("room type")),
                    ("complex", string("The activity complex the rooms are in.", minLength: 1)),
                    ("count", integer(minimum: 0, "Rooms of this type.")),
                    ("seats", integer(minimum: 1, "Seats per room.")),
                    ("area", number(exclusiveMinimum: 0, "Area per room, in square metres.")),
                    ("opens", ref("duration", "Opening time within the day.")),
                    ("closes", ref("duration", "Closing time within the day, later than opens.")),
                ], required: ScenarioReader.roomTypeKeys), "Room types.")),
                ("activities", list(record(nil, ScenarioReader.activityKeys, [
                    ("id", id("activity")),
                    ("per_year", number(exclusiveMinimum: 0, "Bookings per year.")),
                    ("group", ref("distribution", "Participants per booking.")),
                    ("duration", ref("distribution", "Length of a booking.")),
                    ("window", record("Times of day a booking may take place in.", ["from", "to"], [
                        ("from", ref("duration", "Earliest start within the day.")),
                        ("to", ref("duration", "Latest end within the day, later than from.")),
                    ], required: ["from", "to"])),
                    ("lead_time", ref("distribution", "How long ahead a booking is made.")),
                    ("room_types", list(string("A room type id.", minLength: 1), minItems: 0, "Room types it may book (default: any).")),
                ], required: ["id", "per_year", "group", "duration", "window", "lead_time"]), "Activities booking rooms.")),
            ], required: ScenarioReader.roomsKeys)),
            ("rule", .object([
                ("description", "A rule: a measure compared with a target; the measure's section must be in the campus."),
                ("type", "object"),
                ("properties", properties(ScenarioReader.ruleKeys, [
                    ("id", id("rule")),
                    ("kind", enumeration(CampusRuleKind.allCases.map(\.rawValue), "The measure.")),
                    ("target", .object([
                        ("description", "A share from 0 to 1, a number of students per counselor, or a time (crisis_response)."),
                        ("anyOf", .array([number(minimum: 0), ref("duration")])),
                    ])),
                    ("description", string("What the rule asks, in words.")),
                ])),
                ("required", .array(["id", "kind", "target"])),
                ("additionalProperties", false),
                ("allOf", .array([
                    .object([("if", kindIs(shareKinds)),
                             ("then", .object([("properties", .object([("target", share("A share."))]))]))]),
                    .object([("if", kindIs(countKinds)),
                             ("then", .object([("properties", .object([("target", number(minimum: 0))]))]))]),
                    .object([("if", kindIs(durationKinds)),
                             ("then", .object([("properties", .object([("target", ref("duration"))]))]))]),
                ])),
            ])),
            ("policy", .object([
                ("description", "A policy, with the keys its kind takes: flex_servers {station, above, below, servers}, escalate {station, after}, next_free_slot {step}."),
                ("type", "object"),
                ("required", .array(["id", "kind"])),
                ("properties", .object([("kind", enumeration(PolicyKind.allCases.map(\.rawValue), "What the policy does."))])),
                ("oneOf", .array(PolicyKind.allCases.map(policy))),
            ])),
        ]
    }

    /// One policy kind: `id`, its kind as a constant, and its parameters, all required.
    static func policy(_ kind: PolicyKind) -> SchemaValue {
        let station = string("A counter group, or on_call / mental_health_center (with on-call) or feedback_transfer (with a feedback loop).", minLength: 1)
        let parameter: [String: SchemaValue] = [
            "station": station,
            "above": integer(minimum: 1, "Open the extra servers when the queue reaches this."),
            "below": integer(minimum: 0, "Close them when the queue falls to this (less than above)."),
            "servers": integer(minimum: 1, "Extra servers."),
            "after": ref("positiveDuration", "Move a student who has waited this long to the front of the most urgent queue."),
            "step": ref("positiveDuration", "A booking finding no room tries later starts this far apart within its window."),
        ]
        return record(nil, ["id", "kind"] + kind.parameters,
                      [("id", string("The policy's id, unique among them.", minLength: 1)),
                       ("kind", .object([("const", .string(kind.rawValue))]))] + kind.parameters.map { ($0, parameter[$0]!) },
                      required: ["id", "kind"] + kind.parameters)
    }

    // MARK: The planner

    /// The `planner:` section (`onestop optimize`): slot, shift patterns, staffing.
    static var plannerDefinitions: [(String, SchemaValue)] {
        [
            ("planner", ScenarioReader.plannerSection.schema()),
        ]
    }

    // MARK: The network layer

    static var networkDefinitions: [(String, SchemaValue)] {
        [
            ("duration", duration(minimum: "minimum", "A time: a number in the scenario's time unit, or a string with its own unit such as \"90s\", \"5 min\", \"2h\", \"3d\", \"1w\".")),
            ("positiveDuration", duration(minimum: "exclusiveMinimum", "A time greater than 0: a number in the scenario's time unit, or a string with its own unit such as \"5 min\".")),
            // One of the two is needed without a campus (see the top level); never both.
            ("run", ScenarioReader.runSection.schema(extra: [("not", .object([("required", .array(["duration", "customers"]))]))])),
            ("class", .object([
                ("description", "A customer class; a lower priority number is served first."),
                ("type", "object"),
                ("properties", properties(["id", "priority"], [
                    ("id", string("The class id, used by arrivals, per-class service and routing.", minLength: 1)),
                    ("priority", integer("Lower is served first at priority and preemptive stations (default 0).")),
                ])),
                ("required", .array(["id"])),
                ("additionalProperties", false),
            ])),
            ("station", ScenarioReader.stationSection.schema()),
            ("servers", .object([
                ("description", "Servers: a whole number, \"infinite\", or a schedule repeating every period."),
                ("anyOf", .array([
                    integer(minimum: 1),
                    .object([("const", "infinite")]),
                    ref("serverSchedule"),
                ])),
            ])),
            ("serverSchedule", .object([
                ("description", "Servers on shift by time, the schedule repeating every period."),
                ("type", "object"),
                ("properties", properties(["period", "schedule"], [
                    ("period", ref("positiveDuration", "The schedule repeats every period.")),
                    ("schedule", list(.object([
                        ("type", "object"),
                        ("properties", properties(["from", "to", "servers"], [
                            ("from", ref("duration", "Start of the entry within the period.")),
                            ("to", ref("positiveDuration", "End of the entry within the period.")),
                            ("servers", integer(minimum: 0, "Servers on shift from 'from' up to 'to'.")),
                        ])),
                        ("required", .array(["from", "to", "servers"])),
                        ("additionalProperties", false),
                    ]), "Entries covering the period without gaps or overlaps.")),
                ])),
                ("required", .array(["period", "schedule"])),
                ("additionalProperties", false),
            ])),
            ("arrival", .object([
                ("description", "An external arrival stream: exactly one of rate, interarrival, rate_profile, rate_function."),
                ("type", "object"),
                ("properties", properties(ScenarioReader.arrivalKeys, [
                    ("to", string("The station arrivals go to.", minLength: 1)),
                    ("class", string("The arrivals' class (required when there are several).", minLength: 1)),
                    ("rate", number(exclusiveMinimum: 0, "Poisson arrivals per time unit.")),
                    ("interarrival", ref("distribution", "A renewal process: independent times between arrivals.")),
                    ("rate_profile", .object([
                        ("description", "Non-homogeneous Poisson, piecewise constant: one rate per step, repeating every period."),
                        ("type", "object"),
                        ("properties", properties(["period", "step", "rates"], [
                            ("period", ref("positiveDuration")),
                            ("step", ref("positiveDuration")),
                            ("rates", list(number(minimum: 0), "One rate per step: period / step entries.")),
                        ])),
                        ("required", .array(["period", "step", "rates"])),
                        ("additionalProperties", false),
                    ])),
                    ("rate_function", .object([
                        ("description", "rate(t) = base + amplitude * sin(2*pi*t/period)."),
                        ("type", "object"),
                        ("properties", properties(["base", "amplitude", "period"], [
                            ("base", number(exclusiveMinimum: 0)),
                            ("amplitude", number("At most base in size.")),
                            ("period", ref("positiveDuration")),
                        ])),
                        ("required", .array(["base", "amplitude", "period"])),
                        ("additionalProperties", false),
                    ])),
                    ("batch", ref("distribution", "Group size per arrival (rounded, at least 1).")),
                ])),
                ("required", .array(["to"])),
                ("oneOf", .array(ScenarioReader.processKeys.map { .object([("required", .array([.string($0)]))]) })),
                ("additionalProperties", false),
            ])),
            ("routing", .object([
                ("description", "Where customers go after service, by station id: a list of {to, p} branches, or a map from class id to such lists."),
                ("type", "object"),
                ("additionalProperties", .object([("anyOf", .array([
                    ref("branches"),
                    .object([("type", "object"), ("additionalProperties", ref("branches")), ("minProperties", 1)]),
                ]))])),
            ])),
            ("branches", list(.object([
                ("type", "object"),
                ("properties", properties(["to", "p"], [
                    ("to", string("A station id, or 'exit' for leaving the network.", minLength: 1)),
                    ("p", number(minimum: 0, maximum: 1, "Probability; a list's probabilities add up to 1.")),
                ])),
                ("required", .array(["to", "p"])),
                ("additionalProperties", false),
            ]), "Branches whose probabilities add up to 1.")),
            ("distribution", .object([
                ("description", "A distribution written {dist: NAME, ...}, parameters in the scenario's time unit."),
                ("type", "object"),
                ("required", .array(["dist"])),
                ("properties", .object([("dist", enumeration(DistributionKind.allCases.map(\.rawValue), "The distribution's name."))])),
                ("oneOf", .array(DistributionKind.allCases.map(distribution))),
            ])),
        ]
    }

    /// One distribution kind: its name as a constant and its parameters, nothing else.
    static func distribution(_ kind: DistributionKind) -> SchemaValue {
        var entries: [(String, SchemaValue)] = [
            ("properties", properties(["dist"] + kind.parameters,
                                      [("dist", .object([("const", .string(kind.rawValue))]))]
                                          + kind.parameters.map { ($0, DistributionKind.parameterFields[$0].schema) })),
            ("additionalProperties", false),
        ]
        switch kind {
        case .exponential:
            entries.append(("oneOf", .array([.object([("required", .array(["mean"]))]), .object([("required", .array(["rate"]))])])))
        case .empirical:
            entries.append(("required", .array(["dist", "values"])))
        default:
            entries.append(("required", .array((["dist"] + kind.parameters).map { .string($0) })))
        }
        return .object(entries)
    }

    // MARK: Building blocks

    /// `properties`, after checking that they name exactly `keys`, in that order.
    static func properties(_ keys: [String], _ described: [(String, SchemaValue)]) -> SchemaValue {
        precondition(described.map(\.0) == keys, "the schema describes \(described.map(\.0)) but the reader accepts \(keys)")
        return .object(described)
    }

    static func ref(_ name: String, _ description: String? = nil) -> SchemaValue {
        guard let description else { return .object([("$ref", .string("#/definitions/\(name)"))]) }
        // draft-07 ignores siblings of $ref, so the description goes beside it through allOf.
        return .object([("description", .string(description)), ("allOf", .array([.object([("$ref", .string("#/definitions/\(name)"))])]))])
    }

    static func string(_ description: String, minLength: Int? = nil, pattern: String? = nil) -> SchemaValue {
        var entries: [(String, SchemaValue)] = [("description", .string(description)), ("type", "string")]
        if let minLength { entries.append(("minLength", .number(Double(minLength)))) }
        if let pattern { entries.append(("pattern", .string(pattern))) }
        return .object(entries)
    }

    static func enumeration(_ values: [String], _ description: String) -> SchemaValue {
        .object([("description", .string(description)), ("enum", .array(values.map { .string($0) }))])
    }

    static func integer(minimum: Int? = nil, maximum: Int? = nil, _ description: String? = nil) -> SchemaValue {
        var entries: [(String, SchemaValue)] = []
        if let description { entries.append(("description", .string(description))) }
        entries.append(("type", "integer"))
        if let minimum { entries.append(("minimum", .number(Double(minimum)))) }
        if let maximum { entries.append(("maximum", .number(Double(maximum)))) }
        return .object(entries)
    }

    static func number(minimum: Double? = nil, exclusiveMinimum: Double? = nil, maximum: Double? = nil,
                       exclusiveMaximum: Double? = nil, _ description: String? = nil) -> SchemaValue {
        var entries: [(String, SchemaValue)] = []
        if let description { entries.append(("description", .string(description))) }
        entries.append(("type", "number"))
        if let minimum { entries.append(("minimum", .number(minimum))) }
        if let exclusiveMinimum { entries.append(("exclusiveMinimum", .number(exclusiveMinimum))) }
        if let maximum { entries.append(("maximum", .number(maximum))) }
        if let exclusiveMaximum { entries.append(("exclusiveMaximum", .number(exclusiveMaximum))) }
        return .object(entries)
    }

    /// A share: a number from 0 to 1 (below 1 when `belowOne`).
    static func share(belowOne: Bool = false, _ description: String) -> SchemaValue {
        belowOne ? number(minimum: 0, exclusiveMaximum: 1, description) : number(minimum: 0, maximum: 1, description)
    }

    /// A map from `keys`, nothing else, requiring `required`.
    static func record(_ description: String?, _ keys: [String], _ described: [(String, SchemaValue)],
                       required: [String] = []) -> SchemaValue {
        var entries: [(String, SchemaValue)] = []
        if let description { entries.append(("description", .string(description))) }
        entries += [("type", "object"), ("properties", properties(keys, described))]
        if !required.isEmpty { entries.append(("required", .array(required.map { .string($0) }))) }
        entries.append(("additionalProperties", false))
        return .object(entries)
    }

    /// A name from `values`, in any letter case.
    static func caseInsensitiveName(_ values: [String], _ description: String) -> SchemaValue {
        let alternatives = values.map { name in
            name.map { c in c.isLetter ? "[\(c.lowercased())\(c.uppercased())]" : String(c) }.joined()
        }
        return .object([("description", .string(description)), ("type", "string"),
                        ("pattern", .string("^(\(alternatives.joined(separator: "|")))$"))])
    }

    static func list(_ items: SchemaValue, minItems: Int = 1, maxItems: Int? = nil, _ description: String? = nil) -> SchemaValue {
        var entries: [(String, SchemaValue)] = []
        if let description { entries.append(("description", .string(description))) }
        entries += [("type", "array"), ("items", items)]
        if minItems > 0 { entries.append(("minItems", .number(Double(minItems)))) }
        if let maxItems { entries.append(("maxItems", .number(Double(maxItems)))) }
        return .object(entries)
    }

    /// A number (at least 0, or above 0) or a string with a unit the reader knows, in any letter case.
    static func duration(minimum: String, _ description: String) -> SchemaValue {
        let units = DurationText.unitSeconds.keys.sorted { ($0.count, $0) > ($1.count, $1) }.map { name in
            name.map { c in c.isLetter ? "[\(c.lowercased())\(c.uppercased())]" : String(c) }.joined()
        }
        let pattern = "^[ \\t]*[+]?([0-9][0-9_]*([.][0-9_]*)?|[.][0-9][0-9_]*)([eE][+-]?[0-9]+)?[ \\t]*(\(units.joined(separator: "|")))[ \\t]*$"
        return .object([
            ("description", .string(description)),
            ("anyOf", .array([
                .object([("type", "number"), (minimum, .number(0))]),
                .object([("type", "string"), ("pattern", .string(pattern))]),
            ])),
        ])
    }
}

/// A JSON value with ordered keys, for the schema.
indirect enum SchemaValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral
{
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([SchemaValue])
    case object([(String, SchemaValue)])

    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(arrayLiteral elements: SchemaValue...) { self = .array(elements) }

    /// The value as the document model every JSON file is rendered from.
    var json: JSONValue {
        switch self {
        case .string(let s): .string(s)
        case .number(let x): .number(x)
        case .bool(let b): .bool(b)
        case .array(let items): .array(items.map(\.json))
        case .object(let entries): .object(entries.map { (key: $0.0, value: $0.1.json) })
        }
    }
}

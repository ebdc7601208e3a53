import Interchange
/// The scenario format described once, in Swift, and rendered as a JSON Schema (draft-07) for editors
/// and scripts: `onestop schema` prints it, `schema/scenario.schema.json` keeps a copy.
///
/// Each section's keys, types, bounds and docs are one field table (`Section`, beside the code that
/// reads it: `ScenarioReader.runSection`, `stationSection`, `plannerSection`, the campus sections,
/// the distributions' `parameterFields`); the reader checks a map against its table and the schema
/// renders the same table. The key lists of the sections not yet in a table (the top level, classes,
/// arrivals, rules, policies) come from the reader too, and building the description traps if it
/// names a different set of keys. The schema accepts a superset of valid scenarios: what needs the whole
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

    /// The campus layer's definitions, from the campus readers' field tables (`campusSection`,
    /// `termSection`, `serviceCenterSection`, `counselorsSection`, `roomsSection`, ...). Cross-references (a counter's skills, a
    /// rule's section, a policy's station) and sums (hours in a week, values per opening hour) are
    /// `onestop validate`'s job.
    static var campusDefinitions: [(String, SchemaValue)] {
        let id = { (what: String) in string("The \(what)'s id, unique among them.", minLength: 1) }
        let durationKinds: [CampusRuleKind] = [.crisisResponse]
        let shareKinds = CampusRuleKind.allCases.filter(\.isShare)
        let countKinds = CampusRuleKind.allCases.filter { !$0.isShare && !durationKinds.contains($0) }
        let kindIs = { (kinds: [CampusRuleKind]) -> SchemaValue in
            .object([("properties", .object([("kind", .object([("enum", .array(kinds.map { .string($0.rawValue) }))]))])),
                     ("required", .array(["kind"]))])
        }
        return [
            ("campus", ScenarioReader.campusSection.schema()),
            ("term", ScenarioReader.termSection.schema()),
            ("population", ScenarioReader.populationSection.schema()),
            ("serviceCenter", ScenarioReader.serviceCenterSection.schema()),
            ("counterServers", .object([
                ("description", "A counter group's servers: a whole number or a schedule repeating every period (not \"infinite\")."),
                ("anyOf", .array([integer(minimum: 1), ref("serverSchedule")])),
            ])),
            ("openingHours", .object([
                ("description", "Opening hours per weekday: weekdays or ranges (mon-fri) mapped to closed, \"8:30-17:30\", \"8:30-12:00, 13:30-17:30\" or a list of ranges; days not named are closed."),
                ("type", "object"),
                ("minProperties", 1),
                ("propertyNames", .object([("pattern", .string("^[ \\t]*\(weekdayPattern)[ \\t]*(-[ \\t]*\(weekdayPattern)[ \\t]*)?$"))])),
                ("additionalProperties", .object([("anyOf", .array([
                    .object([("type", "string"), ("pattern", .string("^[ \\t]*(\(caseless("closed"))|\(hoursRange)(,\(hoursRange))*)[ \\t]*$"))]),
                    list(.object([("type", "string"), ("pattern", .string("^\(hoursRange)$"))])),
                ]))])),
            ])),
            ("holiday", .object([
                ("description", "A day the center is closed: {week, day}, or a date such as 2027-04-05 (with term.starts)."),
                ("anyOf", .array([
                    ScenarioReader.holidaySection.schema(),
                    string("A date within the term.", pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
                ])),
            ])),
            ("weekday", string("A weekday: mon, tue, wed, thu, fri, sat, sun, or its full name, in any letter case.",
                               pattern: "^[ \\t]*\(weekdayPattern)[ \\t]*$")),
            ("feedback", ScenarioReader.feedbackSection.schema()),
            ("counselors", ScenarioReader.counselorsSection.schema()),
            ("rooms", ScenarioReader.roomsSection.schema()),
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
                    ("activity", string("For a room_rejection rule: the activity (campus.rooms.activities) whose bookings it judges; default all bookings.", minLength: 1)),
                    ("per", .object([
                        ("description", "Judge the rule in every item of a breakdown (or of several: every combination): service_level per hour, weekday, week_type, counter_group, category; room_rejection per activity. The rule fails when any item fails."),
                        ("anyOf", .array([ref("ruleBreakdown"), list(ref("ruleBreakdown"))])),
                    ])),
                    ("counter_group", string("For a service_level rule: only the visits to this counter group (campus.service_center.counters).", minLength: 1)),
                    ("category", string("For a service_level rule: only the visits of this category (campus.service_center.categories).", minLength: 1)),
                    ("week_type", .object([
                        ("description", "For a service_level rule: only the weeks of this type (regular, or a peak's name in campus.term.peaks), or of these types."),
                        ("anyOf", .array([string("A week type.", minLength: 1), list(string("A week type.", minLength: 1))])),
                    ])),
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
            ("ruleBreakdown", enumeration(RuleScope.Dimension.allCases.map(\.rawValue), "A breakdown a rule is judged per.")),
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

    /// A weekday name, three letters or in full (the schema's patterns are case-insensitive).
    static let weekdayPattern = caseless("(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)")
    /// A pattern of lowercase letters matching them in any letter case (`[mM][oO][nN]`).
    static func caseless(_ pattern: String) -> String {
        pattern.map { c in c.isLetter ? "[\(c.lowercased())\(c.uppercased())]" : String(c) }.joined()
    }
    /// A clock time `H:MM` or `H:MM:SS`.
    static let clockPattern = "([01]?[0-9]|2[0-4]):[0-5][0-9](:[0-5][0-9])?"
    /// A time of day for one end of a range: a clock time, or a number with a unit (`8.5h`).
    static let rangeEndPattern = "[ \\t]*(\(clockPattern)|[0-9][0-9_]*([.][0-9_]*)?[ \\t]*[a-zA-Z]+)[ \\t]*"
    static let hoursRange = "\(rangeEndPattern)-\(rangeEndPattern)"

    // MARK: The network layer

    static var networkDefinitions: [(String, SchemaValue)] {
        [
            ("duration", duration(minimum: "minimum", "A time: a number in the scenario's time unit, or a string with its own unit such as \"90s\", \"5 min\", \"2h\", \"3d\", \"1w\".")),
            ("positiveDuration", duration(minimum: "exclusiveMinimum", "A time greater than 0: a number in the scenario's time unit, or a string with its own unit such as \"5 min\".")),
            ("timeOfDay", .object([
                ("description", "A time of day: a clock time such as \"8:30\", or a time from midnight such as \"8.5h\" or a number in the scenario's time unit."),
                ("anyOf", .array([ref("duration"), string("A clock time.", pattern: "^[ \\t]*\(clockPattern)[ \\t]*$")])),
            ])),
            ("timeInPeriod", .object([
                ("description", "A time within the period: a duration from its start (\"8.5h\", a number), a clock time (\"8:30\"), or a weekday and a clock time (\"Tue 8:30\", from Monday 0:00)."),
                ("anyOf", .array([ref("duration"), string("A clock time, or a weekday and a clock time.",
                                                           pattern: "^[ \\t]*(\(weekdayPattern)[ \\t]+)?\(clockPattern)[ \\t]*$")])),
            ])),
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
                            ("from", ref("timeInPeriod", "Start of the entry within the period.")),
                            ("to", ref("timeInPeriod", "End of the entry within the period, after from.")),
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
indirect enum SchemaValue: Sendable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
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

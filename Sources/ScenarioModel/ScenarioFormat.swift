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
    public static var jsonSchema: String { SchemaValue.render(schema) + "\n" }

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
                ("stations", list(ref("station"), "The stations: servers, service, queue rules.")),
                ("arrivals", list(ref("arrival"), "External arrival streams.")),
                ("routing", ref("routing")),
                ("campus", ref("campus")),
            ])),
            ("required", .array(["run", "stations", "arrivals"])),
            ("additionalProperties", false),
            ("definitions", .object(networkDefinitions + campusDefinitions)),
        ])
    }

    // MARK: The campus layer

    /// The campus layer's definitions. The campus layer (service center, counselors, activity rooms,
    /// population, rules) is described here as it is built; until then any map is accepted.
    static var campusDefinitions: [(String, SchemaValue)] {
        [("campus", .object([
            ("description", "The campus layer: service center, counselors, activity rooms, population and rules."),
            ("type", "object"),
        ]))]
    }

    // MARK: The network layer

    static var networkDefinitions: [(String, SchemaValue)] {
        [
            ("duration", duration(minimum: "minimum", "A time: a number in the scenario's time unit, or a string with its own unit such as \"90s\", \"5 min\", \"2h\", \"3d\", \"1w\".")),
            ("positiveDuration", duration(minimum: "exclusiveMinimum", "A time greater than 0: a number in the scenario's time unit, or a string with its own unit such as \"5 min\".")),
            ("run", .object([
                ("description", "Run control: how long each replication runs (duration or customers), warm-up, replications, seed."),
                ("type", "object"),
                ("properties", properties(ScenarioReader.runKeys, [
                    ("duration", ref("positiveDuration", "Simulated time per replication, after the warm-up.")),
                    ("customers", integer(minimum: 1, "Stop each replication after this many arrivals (after the warm-up), instead of a duration.")),
                    ("warmup", ref("duration", "Statistics are reset at the end of the warm-up (default 0).")),
                    ("replications", integer(minimum: 1, maximum: ScenarioReader.maximumReplications, "Independent replications (default 10).")),
                    ("seed", integer(minimum: 0, "Master seed: same seed, same results (default 1).")),
                    ("sample_every", ref("positiveDuration", "Write timeseries.csv with one row per station per sample time.")),
                ])),
                ("oneOf", .array([.object([("required", .array(["duration"]))]), .object([("required", .array(["customers"]))])])),
                ("additionalProperties", false),
            ])),
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
            ("station", .object([
                ("description", "A service station."),
                ("type", "object"),
                ("properties", properties(ScenarioReader.stationKeys, [
                    ("id", string("The station id ('exit' is reserved).", minLength: 1)),
                    ("servers", ref("servers")),
                    ("service", .object([
                        ("description", "The service time: one distribution, or a map from class id to distribution."),
                        ("anyOf", .array([ref("distribution"), .object([
                            ("type", "object"),
                            ("not", .object([("required", .array(["dist"]))])),
                            ("additionalProperties", ref("distribution")),
                            ("minProperties", 1),
                        ])])),
                    ])),
                    ("capacity", integer(minimum: 1, "Most customers at the station, waiting plus in service; an arrival that finds it full is lost.")),
                    ("patience", ref("distribution", "A waiting customer abandons after this long.")),
                    ("discipline", enumeration(Discipline.allCases.map(\.rawValue), "fifo (default), priority (non-preemptive) or preemptive (preemptive-resume), by class priority.")),
                ])),
                ("required", .array(["id", "servers", "service"])),
                ("additionalProperties", false),
            ])),
            ("servers", .object([
                ("description", "Servers: a whole number, \"infinite\", or a schedule repeating every period."),
                ("anyOf", .array([
                    integer(minimum: 1),
                    .object([("const", "infinite")]),
                    .object([
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
                    ]),
                ])),
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
        let time = ref("positiveDuration"), nonNegativeTime = ref("duration")
        let parameter: [String: SchemaValue] = [
            "mean": time, "rate": number(exclusiveMinimum: 0, "Events per time unit."), "value": nonNegativeTime,
            "min": nonNegativeTime, "max": nonNegativeTime, "mode": nonNegativeTime,
            "k": integer(minimum: 1, "Number of phases."), "shape": number(exclusiveMinimum: 0), "scale": time,
            "sd": nonNegativeTime,
            "values": list(nonNegativeTime, "The values (positive integers for batch sizes)."),
            "weights": list(number(minimum: 0), "One weight per value (default equal)."),
        ]
        var entries: [(String, SchemaValue)] = [
            ("properties", properties(["dist"] + kind.parameters,
                                      [("dist", .object([("const", .string(kind.rawValue))]))]
                                          + kind.parameters.map { ($0, parameter[$0]!) })),
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

    static func number(minimum: Double? = nil, exclusiveMinimum: Double? = nil, maximum: Double? = nil, _ description: String? = nil) -> SchemaValue {
        var entries: [(String, SchemaValue)] = []
        if let description { entries.append(("description", .string(description))) }
        entries.append(("type", "number"))
        if let minimum { entries.append(("minimum", .number(minimum))) }
        if let exclusiveMinimum { entries.append(("exclusiveMinimum", .number(exclusiveMinimum))) }
        if let maximum { entries.append(("maximum", .number(maximum))) }
        return .object(entries)
    }

    static func list(_ items: SchemaValue, _ description: String? = nil) -> SchemaValue {
        var entries: [(String, SchemaValue)] = []
        if let description { entries.append(("description", .string(description))) }
        entries += [("type", "array"), ("items", items), ("minItems", 1)]
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

    static func render(_ value: SchemaValue, indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch value {
        case .string(let s): return quote(s)
        case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
        case .bool(let b): return b ? "true" : "false"
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ if case .string = $0 { true } else { false } }) {
                return "[" + items.map { render($0) }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { pad + render($0, indent: indent + 1) }.joined(separator: ",\n") + "\n" + end + "]"
        case .object(let entries):
            if entries.isEmpty { return "{}" }
            return "{\n" + entries.map { pad + quote($0.0) + ": " + render($0.1, indent: indent + 1) }.joined(separator: ",\n") + "\n" + end + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

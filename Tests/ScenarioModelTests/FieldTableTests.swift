@testable import ScenarioModel
import Foundation
import Testing

/// The field tables drive both the reader and the schema: for every field, a value just outside its
/// bounds is refused by both, and a near miss of a key is refused with a "did you mean".
@Suite struct FieldTableTests {
    /// Where a section's map is written in a scenario, and a map of it that is complete enough to read.
    struct Place: Sendable, CustomStringConvertible {
        var section: Section
        /// The map's field path in diagnostics.
        var path: String
        var base: [(String, String)]
        /// The whole scenario around the map's text.
        var embed: @Sendable (String) -> String

        var description: String { path }

        /// The base map with `key` set to `value`, as a flow map.
        func map(_ key: String, _ value: String) -> String {
            var pairs = base
            if let index = pairs.firstIndex(where: { $0.0 == key }) { pairs[index].1 = value } else { pairs.append((key, value)) }
            return "{" + pairs.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        }

        func text(_ key: String, _ value: String) -> String { embed(map(key, value)) }
    }

    static func network(_ run: String, _ stations: String) -> String {
        "run: \(run)\nstations: [\(stations)]\narrivals: [{to: desk, rate: 0.5}]\n"
    }
    static let desk = "{id: desk, servers: 1, service: {dist: exponential, mean: 1}}"
    static let population = "population: {colleges: [{id: c, students: 100}]}"
    static let exponential = "{dist: exponential, mean: 5}"
    static func center(_ category: String, _ counter: String) -> String {
        "campus: {\(population), service_center: {opens: 480, closes: 1020, target_wait: 10, return_delay: \(exponential), categories: [\(category)], counters: [\(counter)]}}\n"
    }
    static let category = "{id: a, items: 1, requests_per_student: 1, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 5}}"
    static func onCall(_ urgency: String) -> String {
        "{counselors: 1, urgencies: [\(urgency)], mental_health_teachers: 1, mental_health_service: \(exponential)}"
    }
    static func counselors(_ weekly: String, _ onCall: String) -> String {
        "campus: {\(population), counselors: {weekly_hours: \(weekly), dorm_visit_hours: 1, talk_hours: 1, on_call: \(onCall)}}\n"
    }
    static let urgency = "{id: u, priority: 0, per_week: 1, service: \(exponential)}"
    static let activity = "{id: a, per_year: 10, group: {dist: deterministic, value: 5}, duration: \(exponential), window: {from: 480, to: 1320}, lead_time: \(exponential)}"
    static let roomType = "{id: r, complex: x, count: 1, seats: 10, area: 20, opens: 480, closes: 1320}"
    static func rooms(_ roomType: String, _ activity: String) -> String {
        "campus: {\(population), rooms: {room_types: [\(roomType)], activities: [\(activity)]}}\n"
    }
    static let shift = "{name: a, start: 480, length: 240}"
    static let minimal = network("{duration: 100}", desk)

    static let places: [Place] = [
        Place(section: ScenarioReader.runSection, path: "run", base: [("duration", "100")]) { network($0, desk) },
        Place(section: ScenarioReader.stationSection, path: "stations[0]",
              base: [("id", "desk"), ("servers", "1"), ("service", "{dist: exponential, mean: 1}")]) { network("{duration: 100}", $0) },
        Place(section: ScenarioReader.plannerSection, path: "planner", base: []) { minimal + "planner: \($0)\n" },
        Place(section: ScenarioReader.shiftSection, path: "planner.shifts[0]",
              base: [("name", "a"), ("start", "480"), ("length", "240")]) { minimal + "planner: {shifts: [\($0)]}\n" },
        Place(section: ScenarioReader.breakSection, path: "planner.shifts[0].break", base: [("after", "60"), ("length", "15")]) {
            minimal + "planner: {shifts: [{name: a, start: 480, length: 240, break: \($0)}]}\n"
        },
        Place(section: ScenarioReader.staffingSection, path: "planner.staffing[0]", base: [("station", "desk"), ("servers", "2")]) {
            minimal + "planner: {staffing: [\($0)]}\n"
        },
        Place(section: ScenarioReader.shiftRulesSection, path: "planner.shift_rules", base: []) {
            minimal + "planner: {shift_rules: \($0)}\n"
        },
        Place(section: ScenarioReader.fullShiftSection, path: "planner.shift_rules.full_shift", base: []) {
            minimal + "planner: {shift_rules: {full_shift: \($0)}}\n"
        },
        Place(section: ScenarioReader.partShiftSection, path: "planner.shift_rules.part_shift", base: []) {
            minimal + "planner: {shift_rules: {part_shift: \($0)}}\n"
        },
        Place(section: ScenarioReader.lunchSection, path: "planner.shift_rules.lunch", base: []) {
            minimal + "planner: {shift_rules: {lunch: \($0)}}\n"
        },
        Place(section: ScenarioReader.fullTimeSection, path: "planner.shift_rules.full_time", base: []) {
            minimal + "planner: {shift_rules: {full_time: \($0)}}\n"
        },
        Place(section: ScenarioReader.partTimeSection, path: "planner.shift_rules.part_time", base: []) {
            minimal + "planner: {shift_rules: {part_time: \($0)}}\n"
        },
        Place(section: ScenarioReader.campusSection, path: "campus", base: [("population", "{colleges: [{id: c, students: 100}]}")]) {
            "campus: \($0)\n"
        },
        Place(section: ScenarioReader.termSection, path: "campus.term", base: [("weeks", "18")]) { "campus: {\(population), term: \($0)}\n" },
        Place(section: ScenarioReader.peakSection, path: "campus.term.peaks[0]",
              base: [("name", "p"), ("week", "2"), ("weeks", "1"), ("factor", "2")]) { "campus: {\(population), term: {peaks: [\($0)]}}\n" },
        Place(section: ScenarioReader.populationSection, path: "campus.population",
              base: [("colleges", "[{id: c, students: 100}]")]) { "campus: {population: \($0)}\n" },
        Place(section: ScenarioReader.collegeSection, path: "campus.population.colleges[0]", base: [("id", "c"), ("students", "100")]) {
            "campus: {population: {colleges: [\($0)]}}\n"
        },
        Place(section: ScenarioReader.dormitorySection, path: "campus.population.dormitories[0]",
              base: [("id", "d"), ("floors", "2"), ("rooms", "10"), ("beds", "20")]) {
            "campus: {population: {colleges: [{id: c, students: 100}], dormitories: [\($0)]}}\n"
        },
        Place(section: ScenarioReader.dormitoryGeneratorSection, path: "campus.population.dormitories",
              base: [("prefix", "d"), ("count", "2"), ("floors", "2"), ("rooms", "10"), ("beds", "20")]) {
            "campus: {population: {colleges: [{id: c, students: 100}], dormitories: \($0)}}\n"
        },
        Place(section: ScenarioReader.serviceCenterSection, path: "campus.service_center",
              base: [("opens", "480"), ("closes", "1020"), ("target_wait", "10"), ("return_delay", exponential),
                     ("categories", "[\(category)]"), ("counters", "[{id: ctr, servers: 2}]")]) {
            "campus: {\(population), service_center: \($0)}\n"
        },
        Place(section: ScenarioReader.categorySection, path: "campus.service_center.categories[0]",
              base: [("id", "a"), ("items", "1"), ("requests_per_student", "1"), ("hourly", "[1, 1, 1, 1, 1, 1, 1, 1, 1]"),
                     ("service", exponential)]) { center($0, "{id: ctr, servers: 2}") },
        Place(section: ScenarioReader.counterSection, path: "campus.service_center.counters[0]", base: [("id", "ctr"), ("servers", "2")]) {
            center(category, $0)
        },
        Place(section: ScenarioReader.feedbackSection, path: "campus.feedback",
              base: [("channels", "[{id: web, per_week: 10}]"), ("transfer_staff", "1"), ("transfer", exponential),
                     ("handling", exponential), ("limit", "10080")]) { "campus: {\(population), feedback: \($0)}\n" },
        Place(section: ScenarioReader.channelSection, path: "campus.feedback.channels[0]", base: [("id", "web"), ("per_week", "10")]) {
            "campus: {\(population), feedback: {channels: [\($0)], transfer_staff: 1, transfer: \(exponential), handling: \(exponential), limit: 10080}}\n"
        },
        Place(section: ScenarioReader.counselorsSection, path: "campus.counselors",
              base: [("weekly_hours", "{classroom: 10}"), ("dorm_visit_hours", "1"), ("talk_hours", "1")]) {
            "campus: {\(population), counselors: \($0)}\n"
        },
        Place(section: ScenarioReader.weeklyHoursSection, path: "campus.counselors.weekly_hours", base: [("classroom", "10")]) {
            counselors($0, onCall(urgency))
        },
        Place(section: ScenarioReader.onCallSection, path: "campus.counselors.on_call",
              base: [("counselors", "1"), ("urgencies", "[\(urgency)]"), ("mental_health_teachers", "1"),
                     ("mental_health_service", exponential)]) { counselors("{classroom: 10}", $0) },
        Place(section: ScenarioReader.urgencySection, path: "campus.counselors.on_call.urgencies[0]",
              base: [("id", "u"), ("priority", "0"), ("per_week", "1"), ("service", exponential)]) {
            counselors("{classroom: 10}", onCall($0))
        },
        Place(section: ScenarioReader.roomsSection, path: "campus.rooms",
              base: [("room_types", "[\(roomType)]"), ("activities", "[\(activity)]")]) { "campus: {\(population), rooms: \($0)}\n" },
        Place(section: ScenarioReader.roomTypeSection, path: "campus.rooms.room_types[0]",
              base: [("id", "r"), ("complex", "x"), ("count", "1"), ("seats", "10"), ("area", "20"), ("opens", "480"), ("closes", "1320")]) {
            rooms($0, activity)
        },
        Place(section: ScenarioReader.activitySection, path: "campus.rooms.activities[0]",
              base: [("id", "a"), ("per_year", "10"), ("group", "{dist: deterministic, value: 5}"), ("duration", exponential),
                     ("window", "{from: 480, to: 1320}"), ("lead_time", exponential)]) { rooms(roomType, $0) },
        Place(section: ScenarioReader.windowSection, path: "campus.rooms.activities[0].window", base: [("from", "480"), ("to", "1320")]) {
            rooms(roomType, "{id: a, per_year: 10, group: {dist: deterministic, value: 5}, duration: \(exponential), window: \($0), lead_time: \(exponential)}")
        },
    ] + DistributionKind.allCases.flatMap { kind -> [Place] in
        let bases: [[(String, String)]] = switch kind {
        case .exponential: [[("mean", "1")], [("rate", "1")]]
        case .deterministic: [[("value", "1")]]
        case .uniform: [[("min", "1"), ("max", "2")]]
        case .triangular: [[("min", "1"), ("mode", "2"), ("max", "3")]]
        case .erlang: [[("k", "2"), ("mean", "1")]]
        case .gamma, .weibull: [[("shape", "2"), ("scale", "1")]]
        case .lognormal, .normal: [[("mean", "1"), ("sd", "1")]]
        case .empirical: [[("values", "[1, 2]")]]
        }
        return bases.map { base in
            Place(section: Section(base.map { DistributionKind.parameterFields[$0.0] }), path: "stations[0].service",
                  base: [("dist", kind.rawValue)] + base) {
                network("{duration: 100}", "{id: desk, servers: 1, service: \($0)}")
            }
        }
    }

    /// Values just outside the field's bounds (as YAML, and as the schema sees them), and one inside.
    static func samples(_ type: FieldType) -> (outside: [(yaml: String, value: Sample)], inside: Sample)? {
        func numbers(_ values: [Double]) -> [(yaml: String, value: Sample)] { values.map { (formatted($0), .number($0)) } }
        switch type {
        case .duration(.positive), .hours(.positive), .number(.positive): return (numbers([0]), .number(1))
        case .duration(.nonNegative), .hours(.nonNegative), .number(.nonNegative), .timeOfDay, .seed: return (numbers([-1]), .number(0))
        case .integer(let minimum, let maximum):
            let outside = [minimum.map { Double($0) - 1 }, maximum.map { Double($0) + 1 }].compactMap { $0 }
            return outside.isEmpty ? nil : (numbers(outside), .number(Double(minimum ?? 0)))
        case .share(let belowOne): return (numbers([-0.5, belowOne ? 1 : 1.5]), .number(0.5))
        case .count(let minimum, let limit): return (numbers([Double(minimum) - 1, Double(limit) + 1]), .number(Double(minimum)))
        case .positiveNumber(let maximum): return (numbers([0, maximum + 1]), .number(maximum))
        case .text, .name: return ([("''", .string(""))], .string("x"))
        case .choice(let values): return ([("zzzz", .string("zzzz"))], .string(values[0]))
        case .duration(.any), .hours(.any), .number(.any), .distribution, .custom: return nil
        }
    }

    @Test("Every table field's bounds are kept by the reader and by the schema", arguments: places)
    func boundsAgree(place: Place) {
        let root = ScenarioFormat.schema
        for field in place.section.fields {
            guard let (outside, inside) = Self.samples(field.type) else { continue }
            #expect(Self.admits(field.schema, inside, root: root), "\(place.path).\(field.name) refuses \(inside) in the schema")
            for (yaml, value) in outside {
                #expect(!Self.admits(field.schema, value, root: root), "\(place.path).\(field.name) admits \(yaml) in the schema")
                let lines = diagnostics(place.text(field.name, yaml))
                let refused = lines.contains { $0.contains(": error: \(place.path).\(field.name): ") }
                #expect(refused, "\(place.path).\(field.name): \(yaml) was not refused: \(lines)")
            }
        }
    }

    @Test("A near miss of every key is refused with a did-you-mean, and the schema admits no other key", arguments: places)
    func unknownKeys(place: Place) {
        for field in place.section.fields {
            let nearMiss = field.name.prefix(1).uppercased() + field.name.dropFirst()
            let lines = diagnostics(place.text(nearMiss, "1"))
            #expect(lines.contains { $0.hasSuffix(": error: \(place.path).\(nearMiss): unknown key; did you mean '\(field.name)'?") },
                    "\(lines)")
        }
        guard case .object(let entries) = place.section.schema() else { Issue.record("not an object"); return }
        #expect(entries.contains { $0.0 == "additionalProperties" && Self.render($0.1) == "false" })
        let properties = entries.first { $0.0 == "properties" }?.1
        guard case .object(let described)? = properties else { Issue.record("no properties"); return }
        #expect(described.map(\.0) == place.section.keys)
    }

    @Test("Every section's table is what the rendered schema holds")
    func tablesAreRendered() {
        let rendered = Self.renderedParts(ScenarioFormat.schema)
        for place in Self.places where place.path != "stations[0].service" {
            // The properties, whatever a section adds beside them (run's "not both").
            let properties = SchemaValue.object(place.section.fields.map { ($0.name, $0.schema) })
            #expect(rendered.contains(Self.render(properties)), "\(place.path) is not in the schema")
        }
        // Each distribution's parameters are the table's.
        for kind in DistributionKind.allCases {
            let schema = Self.render(ScenarioFormat.distribution(kind))
            for name in kind.parameters {
                #expect(schema.contains("\"\(name)\":" + Self.render(DistributionKind.parameterFields[name].schema)), "\(kind) \(name)")
            }
        }
    }

    // MARK: A small JSON Schema evaluator, for single values

    enum Sample: CustomStringConvertible {
        case number(Double)
        case string(String)

        var description: String {
            switch self {
            case .number(let x): formatted(x)
            case .string(let s): "\"\(s)\""
            }
        }
    }

    /// Whether `schema` admits the value: types, numeric bounds, lengths, enums, references and combinators.
    static func admits(_ schema: SchemaValue, _ value: Sample, root: SchemaValue) -> Bool {
        guard case .object(let entries) = schema else { return true }
        for (key, rule) in entries {
            switch (key, rule, value) {
            case ("$ref", .string(let reference), _):
                let name = String(reference.dropFirst("#/definitions/".count))
                guard let target = member(member(root, "definitions"), name), admits(target, value, root: root) else { return false }
            case ("allOf", .array(let parts), _):
                if !parts.allSatisfy({ admits($0, value, root: root) }) { return false }
            case ("anyOf", .array(let parts), _):
                if !parts.contains(where: { admits($0, value, root: root) }) { return false }
            case ("oneOf", .array(let parts), _):
                if parts.count(where: { admits($0, value, root: root) }) != 1 { return false }
            case ("type", .string(let type), .number(let x)):
                if !(type == "number" || type == "integer" && x == x.rounded()) { return false }
            case ("type", .string(let type), .string):
                if type != "string" { return false }
            case ("minimum", .number(let bound), .number(let x)): if x < bound { return false }
            case ("maximum", .number(let bound), .number(let x)): if x > bound { return false }
            case ("exclusiveMinimum", .number(let bound), .number(let x)): if x <= bound { return false }
            case ("exclusiveMaximum", .number(let bound), .number(let x)): if x >= bound { return false }
            case ("minLength", .number(let bound), .string(let s)): if Double(s.count) < bound { return false }
            case ("pattern", .string(let pattern), .string(let s)):
                if s.range(of: pattern, options: .regularExpression) == nil { return false }
            case ("enum", .array(let options), .string(let s)):
                if !options.contains(where: { render($0) == render(.string(s)) }) { return false }
            case ("enum", .array, .number): return false
            default: continue
            }
        }
        return true
    }

    static func member(_ value: SchemaValue?, _ key: String) -> SchemaValue? {
        guard case .object(let entries)? = value else { return nil }
        return entries.first { $0.0 == key }?.1
    }

    /// A value as compact JSON text, keys in order.
    static func render(_ value: SchemaValue) -> String {
        switch value {
        case .string(let s): "\"\(s)\""
        case .number(let x): formatted(x)
        case .bool(let b): b ? "true" : "false"
        case .array(let items): "[" + items.map(render).joined(separator: ",") + "]"
        case .object(let entries): "{" + entries.map { "\"\($0.0)\":" + render($0.1) }.joined(separator: ",") + "}"
        }
    }

    /// The rendering of every value inside `value`, itself included.
    static func renderedParts(_ value: SchemaValue) -> Set<String> {
        var parts: Set<String> = [render(value)]
        switch value {
        case .array(let items): for item in items { parts.formUnion(renderedParts(item)) }
        case .object(let entries): for (_, item) in entries { parts.formUnion(renderedParts(item)) }
        default: break
        }
        return parts
    }
}

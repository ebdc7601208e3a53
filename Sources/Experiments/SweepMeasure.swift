import CampusModel
import QueueingNetwork
import ScenarioModel

/// A measure a sweep reports for each point, named in the path language:
/// `campus.service_center.service_level` (a campus measure as summary.json names it),
/// `stations[desk].mean_wait`, `classes[walk_in].mean_sojourn`, `system.throughput`, and the
/// inputs a point costs, which are exact: `inputs.server_hours_per_week`,
/// `inputs.counter_hours_per_week` (a campus's counters) and `inputs.room_area` (m² of bookable rooms).
public struct SweepMeasure: Sendable, Hashable, CustomStringConvertible {
    public enum Source: Sendable, Hashable {
        case campus(CampusMeasure)
        case station(StationMeasure, id: String)
        case `class`(ClassMeasure, id: String)
        case system(SystemMeasure)
        case input(Input)
    }

    /// What a point costs, read from its model rather than simulated.
    public enum Input: String, Sendable, Hashable, CaseIterable {
        case serverHoursPerWeek = "server_hours_per_week"
        case counterHoursPerWeek = "counter_hours_per_week"
        case roomArea = "room_area"
    }

    public var source: Source

    public init(_ source: Source) { self.source = source }

    public var description: String {
        switch source {
        case .campus(let m): "campus.\(m.rawValue)"
        case .station(let m, let id): FieldPath.root.key("stations").id(id).key(m.rawValue).description
        case .class(let m, let id): FieldPath.root.key("classes").id(id).key(m.rawValue).description
        case .system(let m): "system.\(m.rawValue)"
        case .input(let i): "inputs.\(i.rawValue)"
        }
    }

    /// Whether more is better: shares served, on time, covered and throughput; less of waits,
    /// rejections and what a point costs.
    public var higherIsBetter: Bool {
        let name: String = switch source {
        case .campus(let m): m.key
        case .station(let m, _): m.rawValue
        case .class(let m, _): m.rawValue
        case .system(let m): m.rawValue
        case .input: "cost"
        }
        return ["service_level", "one_visit_rate", "on_time_rate", "online_on_time_rate", "dorm_visit_coverage", "talk_coverage",
                "throughput", "seat_utilization", "seat_utilization_in_windows", "participants", "utilization", "counter_visits_per_week"].contains(name)
    }

    /// Whether the value is the same in every replication (an input).
    public var isExact: Bool {
        if case .input = source { return true }
        return false
    }

    /// Reads a measure's name; `nil` with the reason when it names none.
    public static func parse(_ text: String, model: NetworkModel, campus: CampusPlan?) -> Result<SweepMeasure, SweepError> {
        func fail(_ message: String) -> Result<SweepMeasure, SweepError> { .failure(SweepError(message)) }
        if text.hasPrefix("campus.") {
            let key = String(text.dropFirst("campus.".count))
            guard let m = CampusMeasure(rawValue: key) else {
                return fail("unknown campus measure '\(text)'" + Suggestion.hint(for: text, among: CampusMeasure.allCases.map { "campus.\($0.rawValue)" }))
            }
            guard campus != nil else { return fail("'\(text)' is a campus measure; this scenario has no campus section") }
            return .success(SweepMeasure(.campus(m)))
        }
        if text.hasPrefix("system.") {
            let key = String(text.dropFirst("system.".count))
            guard let m = SystemMeasure(rawValue: key) else {
                return fail("unknown system measure '\(text)'" + Suggestion.hint(for: text, among: SystemMeasure.allCases.map { "system.\($0.rawValue)" }))
            }
            return .success(SweepMeasure(.system(m)))
        }
        if text.hasPrefix("inputs.") {
            let key = String(text.dropFirst("inputs.".count))
            guard let i = Input(rawValue: key) else {
                return fail("unknown input '\(text)'" + Suggestion.hint(for: text, among: Input.allCases.map { "inputs.\($0.rawValue)" }))
            }
            if i != .serverHoursPerWeek, campus == nil { return fail("'\(text)' is a campus input; this scenario has no campus section") }
            return .success(SweepMeasure(.input(i)))
        }
        guard let path = try? FieldPath(parsing: text), path.segments.count == 3,
              case .key(let scope) = path.segments[0], case .key(let name) = path.segments[2] else {
            return fail("unknown measure '\(text)'; a measure is campus.SECTION.KEY, stations[ID].MEASURE, classes[ID].MEASURE, system.MEASURE or inputs.NAME")
        }
        let id: String
        switch path.segments[1] {
        case .id(let named): id = named
        case .index(let position): id = String(position)
        case .key: return fail("unknown measure '\(text)'; name the station or class in brackets: stations[desk].mean_wait")
        }
        switch scope {
        case "stations":
            let ids = model.stations.map(\.id)
            guard ids.contains(id) else { return fail("no station '\(id)' in the scenario" + Suggestion.hint(for: id, among: ids)) }
            guard let m = StationMeasure(rawValue: name) else {
                return fail("unknown station measure '\(name)'" + Suggestion.hint(for: name, among: StationMeasure.allCases.map(\.rawValue)))
            }
            return .success(SweepMeasure(.station(m, id: id)))
        case "classes":
            let ids = model.classes.map(\.id)
            guard ids.contains(id) else { return fail("no class '\(id)' in the scenario" + Suggestion.hint(for: id, among: ids)) }
            guard let m = ClassMeasure(rawValue: name) else {
                return fail("unknown class measure '\(name)'" + Suggestion.hint(for: name, among: ClassMeasure.allCases.map(\.rawValue)))
            }
            return .success(SweepMeasure(.class(m, id: id)))
        default:
            return fail("unknown measure '\(text)'" + Suggestion.hint(for: scope, among: ["campus", "stations", "classes", "system", "inputs"]))
        }
    }

    /// The measures a sweep reports when its design names none: a campus's headline measures, or
    /// each station's mean wait and utilization and the system's, and what the point costs.
    public static func defaults(model: NetworkModel, campus: CampusPlan?) -> [SweepMeasure] {
        if let campus {
            var measures = CampusMeasure.allCases.filter { m in
                switch m.section {
                case "service_center": campus.campus.serviceCenter != nil
                case "feedback": campus.campus.feedback != nil
                case "counselors": campus.campus.counselors != nil
                case "rooms": campus.campus.rooms != nil
                default: true
                }
            }.map { SweepMeasure(.campus($0)) }
            if campus.campus.serviceCenter != nil { measures.append(SweepMeasure(.input(.counterHoursPerWeek))) }
            if campus.campus.rooms != nil { measures.append(SweepMeasure(.input(.roomArea))) }
            return measures
        }
        var measures: [SweepMeasure] = []
        for station in model.stations {
            measures.append(SweepMeasure(.station(.meanWait, id: station.id)))
            measures.append(SweepMeasure(.station(.utilization, id: station.id)))
        }
        measures += SystemMeasure.allCases.map { SweepMeasure(.system($0)) }
        measures.append(SweepMeasure(.input(.serverHoursPerWeek)))
        return measures
    }

    /// The measure in one replication of a point's model; `nil` where it is undefined.
    public func value(_ result: ReplicationResult, campus: CampusReplication?, model: NetworkModel, plan: CampusPlan?) -> Double? {
        switch source {
        case .campus(let m):
            return campus?.value(m)
        case .station(let m, let id):
            guard let s = model.stations.firstIndex(where: { $0.id == id }) else { return nil }
            return result.value(m, station: s)
        case .class(let m, let id):
            guard let k = model.classes.firstIndex(where: { $0.id == id }) else { return nil }
            return result.value(m, classIndex: k)
        case .system(let m):
            return result.system[SystemMeasure.allCases.firstIndex(of: m)!]
        case .input(let input):
            return Self.input(input, model: model, plan: plan)
        }
    }

    /// What a point costs, from its model.
    public static func input(_ input: Input, model: NetworkModel, plan: CampusPlan?) -> Double? {
        let week = 7 * 24 * 3600 / model.timeUnit.seconds
        let hourLength = 3600 / model.timeUnit.seconds
        func hours(_ stations: [Int]) -> Double? {
            let total = stations.reduce(0.0) { $0 + model.stations[$1].servers.averageServers }
            return total.isFinite ? total * week / hourLength : nil
        }
        switch input {
        case .serverHoursPerWeek:
            return hours(model.stations.indices.filter { model.stations[$0].servers.averageServers.isFinite })
        case .counterHoursPerWeek:
            return plan.flatMap { hours($0.counterStations) }
        case .roomArea:
            return plan?.campus.rooms.map { rooms in rooms.roomTypes.reduce(0.0) { $0 + Double($1.count) * $1.area } }
        }
    }
}

/// A sweep that cannot be made or merged: a message for the user.
public struct SweepError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

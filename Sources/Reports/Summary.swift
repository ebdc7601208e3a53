import CampusModel
import Interchange
import Experiments
import QueueingNetwork
import ScenarioModel

/// `summary.json`: every measure's mean over replications with its 95% half-width.
public enum Summary {
    /// Facts about the run recorded beside the estimates.
    public struct RunInfo: Sendable {
        public var version: String
        public var warnings: [String]
        /// SHA-256 of the scenario file's bytes, as `sha256sum` prints it.
        public var scenarioSHA256: String?
        /// The fields `--set` changed, as PATH=VALUE.
        public var overrides: [String]

        public init(version: String, warnings: [String] = [], scenarioSHA256: String? = nil, overrides: [String] = []) {
            self.version = version
            self.warnings = warnings
            self.scenarioSHA256 = scenarioSHA256
            self.overrides = overrides
        }
    }

    /// The key of the events count in the `system` section.
    public static let eventsKey = "events"

    /// The summary document, as UTF-8 JSON text.
    public static func json(_ result: ExperimentResult, info: RunInfo) -> String {
        document(result, info: info).rendered(.results)
    }

    /// The summary document.
    public static func document(_ result: ExperimentResult, info: RunInfo) -> JSONValue {
        let model = result.model
        var top: [(key: String, value: JSONValue)] = [
            ("scenario", .string(model.name)),
            ("seed", .unsigned(result.seed)),
            // A batch-means run is one replication, its batches the observations (`batches.count`).
            ("replications", JSONValue(result.batches == nil ? result.replications.count : 1)),
            ("time_unit", .string(model.timeUnit.rawValue)),
            ("onestop_version", .string(info.version)),
        ]
        if let hash = info.scenarioSHA256 { top.append(("scenario_sha256", .string(hash))) }
        if !info.overrides.isEmpty { top.append(("set", .array(info.overrides.map { .string($0) }))) }
        top.append(("stations", .object(model.stations.enumerated().map { s, station in
            (station.id, .object(StationMeasure.allCases.map { ($0.rawValue, estimate(result.estimate($0, station: s))) }))
        })))
        top.append(("classes", .object(model.classes.enumerated().map { k, c in
            (c.id, .object(ClassMeasure.allCases.map { ($0.rawValue, estimate(result.estimate($0, classIndex: k))) }))
        })))
        top.append(("system", .object(SystemMeasure.allCases.map { ($0.rawValue, estimate(result.estimate($0))) }
            + [(eventsKey, JSONValue(result.events))])))
        if let choice = result.warmup { top.append(("warmup", warmupEntry(choice))) }
        if let batches = result.batches { top.append(("batches", batchesEntry(result, batches))) }
        if let campus = result.campus {
            top += campusEntries(result, campus)
        }
        top.append(("warnings", .array((info.warnings + result.earlyStops + result.statisticsWarnings).map(JSONValue.string))))
        return .object(top)
    }

    /// The `campus` section (every campus measure, by section), the `rules` list and `policies`.
    private static func campusEntries(_ result: ExperimentResult, _ campus: CampusPlan) -> [(key: String, value: JSONValue)] {
        var sections: [(key: String, value: JSONValue)] = []
        var section = ""
        var members: [(key: String, value: JSONValue)] = []
        func close() {
            guard !section.isEmpty else { return }
            sections.append((section, .object(members + breakdown(section, result, campus))))
        }
        for measure in CampusMeasure.allCases {
            if measure.section != section {
                close()
                section = measure.section
                members = []
            }
            members.append((measure.key, estimate(result.estimate(measure))))
        }
        close()
        sections.append(("grid", grid(campus.campus)))
        let rules: [JSONValue] = result.ruleResults.map(rule)
        let policies: [JSONValue] = campus.policyIds.enumerated().map { p, id in
            let firings = Estimate(result.campusReplications.map { p < $0.policyFirings.count ? Double($0.policyFirings[p]) : nil })
            return .object([("id", .string(id)), ("firings", estimate(firings))])
        }
        return [("campus", .object(sections)), ("rules", .array(rules)), ("policies", .array(policies))]
    }

    /// One rule's entry in `rules` (summary.json and optimize.json): its verdict, value, 95%
    /// half-width, target and direction, and for an undecided rule the replications that would decide it.
    ///
    /// A scoped rule adds `scope` (its `per` list and restrictions), `worst` (the worst item, whose
    /// value and interval the rule reports), the counts of its items by verdict, and `items`.
    public static func rule(_ rule: RuleResult) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(rule.id)), ("kind", .string(rule.kind.rawValue)), ("description", .string(rule.description)),
            ("status", .string(rule.verdict.rawValue)), ("value", JSONValue(rule.value)),
            ("ci95", JSONValue(rule.halfWidth)), ("target", JSONValue(rule.target)),
            ("passes_when", .string(rule.kind.atMost ? "at_most" : "at_least")),
            ("replications_to_decide", rule.judgement.replicationsToDecide.map { JSONValue($0) } ?? .null),
            ("undecided_because", rule.judgement.reason.map { .string($0.rawValue) } ?? .null),
            ("evidence", .string(rule.evidence)),
        ]
        guard !rule.scope.isWhole else { return .object(members) }
        let scope = rule.scope
        members.append(("scope", .object([
            ("per", .array(scope.per.map { .string($0.rawValue) })),
            ("counter_group", scope.counterGroup.map(JSONValue.string) ?? .null),
            ("category", scope.category.map(JSONValue.string) ?? .null),
            ("week_type", .array(scope.weekTypes.map(JSONValue.string))),
        ])))
        members.append(("worst", rule.worst.map(scopeItem) ?? .null))
        for verdict in Verdict.allCases {
            members.append(("items_\(verdict == .pass ? "passed" : verdict == .fail ? "failed" : "undecided")",
                            JSONValue(rule.items.filter { $0.verdict == verdict }.count)))
        }
        members.append(("items", .array(rule.items.map(scopeItem))))
        return .object(members)
    }

    /// One item of a scoped rule: its name, its verdict, value and 95% half-width.
    static func scopeItem(_ item: ScopeItemResult) -> JSONValue {
        .object([
            ("item", .string(item.label)), ("status", .string(item.verdict.rawValue)),
            ("value", JSONValue(item.value)), ("ci95", JSONValue(item.halfWidth)),
        ])
    }

    /// Per item under a section: talk coverage by college (`counselors.<college>.talk_coverage`), and
    /// bookings and occupancy by hour of the day by room type (`rooms.<type>.occupancy_by_hour`).
    private static func breakdown(_ section: String, _ result: ExperimentResult, _ plan: CampusPlan) -> [(key: String, value: JSONValue)] {
        let rows = result.campusReplications
        switch section {
        case CampusSection.serviceCenter.rawValue where plan.campus.serviceCenter != nil:
            return [(ServiceCenterBreakdown.bySlot.rawValue, .array(result.slotTails.map { slotTail($0, plan) }))]
        case CampusSection.counselors.rawValue where plan.campus.counselors != nil:
            return plan.campus.population.colleges.enumerated().map { c, college in
                (college.id, .object([(CampusMeasure.talkCoverage.key, estimate(Estimate(rows.map { c < $0.colleges.count ? $0.colleges[c] : nil })))]))
            }
        case CampusSection.rooms.rawValue:
            guard let rooms = plan.campus.rooms else { return [] }
            var entries: [(key: String, value: JSONValue)] = rooms.roomTypes.enumerated().map { t, type in
                let bookings = Estimate(rows.map { t < $0.roomBookings.count ? Double($0.roomBookings[t]) : nil })
                let byHour: [JSONValue] = (0..<24).map { h in
                    estimate(Estimate(rows.map { t < $0.roomHourly.count ? $0.roomHourly[t][h] : nil }))
                }
                return (type.id, .object([(RoomTypeMeasure.bookings.rawValue, estimate(bookings)), (RoomTypeMeasure.occupancyByHour.rawValue, .array(byHour))]))
            }
            // Per activity: its requests turned away over its requests (each replication's share).
            entries.append((RoomsBreakdown.activities.rawValue, .object(rooms.activities.indices.map { a in
                (rooms.activities[a].id, .object([(CampusMeasure.rejectionRate.key, estimate(result.activityRejection(a)))]))
            })))
            entries.append((RoomsBreakdown.seatUtilizationByHour.rawValue, .array((0..<24).map { estimate(result.seatUtilization(hour: $0)) })))
            return entries
        default:
            return []
        }
    }

    /// One slot of `campus.service_center.by_slot`: the counters' waits that began in an hour of the
    /// day in a week type, over replications.
    static func slotTail(_ t: SlotTailEstimate, _ plan: CampusPlan) -> JSONValue {
        .object([
            ("counter_group", .string(t.counter.map { plan.campus.serviceCenter!.counters[$0].id } ?? SlotTailColumns.every)),
            ("week_type", .string(t.weekType.map { plan.weekTypeNames[$0] } ?? SlotTailColumns.every)),
            (Tables.hourColumn, JSONValue(t.hour)),
            ("waits", estimate(t.waits)), ("mean_wait", estimate(t.meanWait)),
            ("p_wait_over_target", estimate(t.overTarget)), ("wait_p90", estimate(t.p90)),
        ])
    }

    /// `campus.grid`: the four-level grid as the scenario gives it (facts, not estimates).
    private static func grid(_ campus: Campus) -> JSONValue {
        let colleges = campus.population.colleges
        let dorms = campus.population.dormitories
        let students = campus.population.students
        let counselors = colleges.reduce(0) { $0 + $1.counselors }
        let classes = colleges.reduce(0) { $0 + $1.classes }
        let teachers = colleges.reduce(0) { $0 + $1.classTeachers }
        return .object([
            ("students", JSONValue(students)),
            ("colleges", JSONValue(colleges.count)),
            ("classes", JSONValue(classes)),
            ("class_teachers", JSONValue(teachers)),
            ("counselors", JSONValue(counselors)),
            ("dormitories", JSONValue(dorms.count)),
            ("beds", JSONValue(dorms.reduce(0) { $0 + $1.beds })),
            ("residential_counselors", JSONValue(dorms.reduce(0) { $0 + $1.residentialCounselors })),
            ("safety_officers", JSONValue(dorms.reduce(0) { $0 + $1.safetyOfficers })),
            ("floor_spaces", JSONValue(dorms.reduce(0) { $0 + $1.floorSpaces })),
            ("service_items", JSONValue(campus.serviceCenter?.categories.reduce(0) { $0 + $1.items } ?? 0)),
            ("students_per_class_teacher", JSONValue(teachers > 0 ? Double(students) / Double(teachers) : nil)),
            ("room_area_m2", JSONValue(campus.rooms?.roomTypes.reduce(0.0) { $0 + Double($1.count) * $1.area } ?? 0)),
        ])
    }

    /// `{"mean": …, "ci95": …}`.
    static func estimate(_ e: Estimate) -> JSONValue {
        .object([("mean", JSONValue(e.mean)), ("ci95", JSONValue(e.halfWidth))])
    }
}

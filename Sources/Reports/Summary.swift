import CampusModel
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

        public init(version: String, warnings: [String] = [], scenarioSHA256: String? = nil) {
            self.version = version
            self.warnings = warnings
            self.scenarioSHA256 = scenarioSHA256
        }
    }

    /// The summary document, as UTF-8 JSON text.
    public static func json(_ result: ExperimentResult, info: RunInfo) -> String {
        let model = result.model
        var j = JSONText()
        j.open()
        j.value("scenario", model.name)
        j.value("seed", result.seed)
        j.value("replications", result.replications.count)
        j.value("time_unit", model.timeUnit.rawValue)
        j.value("onestop_version", info.version)
        if let hash = info.scenarioSHA256 { j.value("scenario_sha256", hash) }
        j.open("stations")
        for (s, station) in model.stations.enumerated() {
            j.open(station.id)
            for measure in StationMeasure.allCases {
                write(&j, measure.rawValue, result.estimate(measure, station: s))
            }
            j.close()
        }
        j.close()
        j.open("classes")
        for (k, c) in model.classes.enumerated() {
            j.open(c.id)
            for measure in ClassMeasure.allCases {
                write(&j, measure.rawValue, result.estimate(measure, classIndex: k))
            }
            j.close()
        }
        j.close()
        j.open("system")
        for measure in SystemMeasure.allCases {
            write(&j, measure.rawValue, result.estimate(measure))
        }
        j.value("events", result.events)
        j.close()
        if let campus = result.campus {
            writeCampus(&j, result, campus)
        }
        j.open("warnings", array: true)
        for w in info.warnings + result.earlyStops { j.value(nil, w) }
        j.close(array: true)
        j.close()
        return j.text
    }

    /// The `campus` section (every campus measure, by section), the `rules` list and `policies`.
    private static func writeCampus(_ j: inout JSONText, _ result: ExperimentResult, _ campus: CampusPlan) {
        j.open("campus")
        var section = ""
        for measure in CampusMeasure.allCases {
            if measure.section != section {
                if !section.isEmpty { writeBreakdown(&j, section, result, campus); j.close() }
                section = measure.section
                j.open(section)
            }
            write(&j, measure.key, result.estimate(measure))
        }
        if !section.isEmpty { writeBreakdown(&j, section, result, campus); j.close() }
        writeGrid(&j, campus.campus)
        j.close()
        j.open("rules", array: true)
        for rule in result.ruleResults {
            j.raw(nil, "{\"id\": \(JSONText.string(rule.id)), \"kind\": \(JSONText.string(rule.kind.rawValue)), "
                + "\"description\": \(JSONText.string(rule.description)), \"status\": \(rule.passed ? "\"pass\"" : "\"fail\""), "
                + "\"value\": \(JSONText.number(rule.value)), \"ci95\": \(JSONText.number(rule.halfWidth)), "
                + "\"target\": \(JSONText.number(rule.target)), \"evidence\": \(JSONText.string(rule.evidence))}")
        }
        j.close(array: true)
        j.open("policies", array: true)
        for (p, id) in campus.policyIds.enumerated() {
            let firings = Estimate(result.campusReplications.map { p < $0.policyFirings.count ? Double($0.policyFirings[p]) : nil })
            j.raw(nil, "{\"id\": \(JSONText.string(id)), \"firings\": {\"mean\": \(JSONText.number(firings.mean)), \"ci95\": \(JSONText.number(firings.halfWidth))}}")
        }
        j.close(array: true)
    }

    /// Per item under a section: talk coverage by college (`counselors.<college>.talk_coverage`), and
    /// bookings and occupancy by hour of the day by room type (`rooms.<type>.occupancy_by_hour`).
    private static func writeBreakdown(_ j: inout JSONText, _ section: String, _ result: ExperimentResult, _ plan: CampusPlan) {
        let rows = result.campusReplications
        switch section {
        case "counselors" where plan.campus.counselors != nil:
            for (c, college) in plan.campus.population.colleges.enumerated() {
                j.open(college.id)
                write(&j, "talk_coverage", Estimate(rows.map { c < $0.colleges.count ? $0.colleges[c] : nil }))
                j.close()
            }
        case "rooms":
            guard let rooms = plan.campus.rooms else { return }
            for (t, type) in rooms.roomTypes.enumerated() {
                j.open(type.id)
                write(&j, "bookings", Estimate(rows.map { t < $0.roomBookings.count ? Double($0.roomBookings[t]) : nil }))
                j.open("occupancy_by_hour", array: true)
                for h in 0..<24 {
                    let e = Estimate(rows.map { t < $0.roomHourly.count ? $0.roomHourly[t][h] : nil })
                    j.raw(nil, estimateJSON(e))
                }
                j.close(array: true)
                j.close()
            }
        default:
            return
        }
    }

    /// `campus.grid`: the four-level grid as the scenario gives it (facts, not estimates).
    private static func writeGrid(_ j: inout JSONText, _ campus: Campus) {
        let colleges = campus.population.colleges
        let dorms = campus.population.dormitories
        let students = campus.population.students
        let counselors = colleges.reduce(0) { $0 + $1.counselors }
        let classes = colleges.reduce(0) { $0 + $1.classes }
        let teachers = colleges.reduce(0) { $0 + $1.classTeachers }
        j.open("grid")
        j.value("students", students)
        j.value("colleges", colleges.count)
        j.value("classes", classes)
        j.value("class_teachers", teachers)
        j.value("counselors", counselors)
        j.value("dormitories", dorms.count)
        j.value("beds", dorms.reduce(0) { $0 + $1.beds })
        j.value("residential_counselors", dorms.reduce(0) { $0 + $1.residentialCounselors })
        j.value("safety_officers", dorms.reduce(0) { $0 + $1.safetyOfficers })
        j.value("floor_spaces", dorms.reduce(0) { $0 + $1.floorSpaces })
        j.value("service_items", campus.serviceCenter?.categories.reduce(0) { $0 + $1.items } ?? 0)
        j.value("students_per_class_teacher", teachers > 0 ? Double(students) / Double(teachers) : nil)
        j.value("room_area_m2", campus.rooms?.roomTypes.reduce(0.0) { $0 + Double($1.count) * $1.area } ?? 0)
        j.close()
    }

    private static func write(_ j: inout JSONText, _ key: String, _ e: Estimate) {
        j.raw(key, estimateJSON(e))
    }

    /// `{"mean": …, "ci95": …}`.
    private static func estimateJSON(_ e: Estimate) -> String {
        "{\"mean\": \(JSONText.number(e.mean)), \"ci95\": \(JSONText.number(e.halfWidth))}"
    }
}

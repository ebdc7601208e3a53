import CampusModel
import Foundation
import ScenarioModel
import Testing
@testable import Calibration

/// A campus whose counters' weekly schedule the tests know: five all-purpose desks with three over
/// lunch and four on Wednesday afternoons, two on Saturday mornings; two finance desks on weekdays.
/// Loads are those of a working center (utilisation about 0.7–0.9), where an open desk is rarely idle
/// for long.
enum StaffingScenario {
    /// (weekday, from, to, all-purpose desks): the all-purpose schedule, Monday first.
    static let allPurpose: [(day: Int, from: String, to: String, servers: Int)] = (0..<5).flatMap { d in
        [(d, "8:30", "12:30", 5), (d, "12:30", "13:30", 3), (d, "13:30", "17:30", d == 2 ? 4 : 5)]
    } + [(5, "8:30", "12:00", 2)]

    static let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// The schedule as the scenario writes it (0 between the entries).
    static var scheduleYAML: String {
        var entries: [String] = [], at = "0"
        for e in allPurpose {
            let from = "\"\(days[e.day]) \(e.from)\"", to = "\"\(days[e.day]) \(e.to)\""
            if at != from { entries.append("{from: \(at), to: \(from), servers: 0}") }
            entries.append("{from: \(from), to: \(to), servers: \(e.servers)}")
            at = to
        }
        entries.append("{from: \(at), to: 1w, servers: 0}")
        return entries.map { "              - \($0)" }.joined(separator: "\n")
    }

    static var text: String { """
        name: staffing
        time_unit: minute
        run: {replications: 1, seed: 20240311}
        campus:
          term:
            weeks: 6
            weekdays: [1, 1, 1, 1, 1, 0.15, 0]
          population:
            colleges:
              - {id: all, students: 10000, classes: 300, counselors: 50, class_teachers: 300}
            dormitories: {prefix: "d", count: 10, floors: 4, rooms: 50, beds: 100}
          service_center:
            opening_hours: {mon-fri: "8:30-17:30", sat: "8:30-12:00", sun: closed}
            target_wait: 15 min
            return_delay: {dist: empirical, values: [1d, 2d]}
            categories:
              - id: records
                items: 10
                requests_per_student: 1.2
                hourly: [1.05, 1.05, 1.05, 1.05, 0.6, 1.05, 1.05, 1.05, 1.05]
                service: {dist: lognormal, mean: 5 min, sd: 3 min}
              - id: finance
                items: 5
                requests_per_student: 0.5
                hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1]
                service: {dist: lognormal, mean: 5 min, sd: 2 min}
            counters:
              - id: all_purpose
                servers:
                  period: 1w
                  schedule:
        \(scheduleYAML)
                patience: {dist: exponential, mean: 30 min}
              - id: finance_desk
                skills: [finance]
                servers: 2
                opening_hours: {mon-fri: "8:30-17:30"}
                patience: {dist: exponential, mean: 30 min}
        """ }

    static func scenario() throws -> Scenario {
        try ScenarioParser.parse(text, file: "staffing.yaml", defaultName: "staffing").scenario
    }

    static func log(seed: UInt64 = 3) throws -> String {
        try generatedLog(try scenario(), seed: seed, badRows: 0)
    }

    /// Reads and fits a log against the scenario as its template.
    static func fit(_ text: String) throws -> (fit: LogFit, template: ScenarioTemplate) {
        let template = ScenarioTemplate(scenario: try scenario(), text: Self.text, file: "staffing.yaml")
        return (try fitLog(text, template: template).fit, template)
    }

    /// The desks on shift per weekday and half hour, from `allPurpose` (or the finance desks' hours).
    static func expected(finance: Bool) -> [[Int]] {
        var grid = [[Int]](repeating: [Int](repeating: 0, count: 48), count: 7)
        let entries = finance ? (0..<5).map { ($0, "8:30", "17:30", 2) } : allPurpose
        for (day, from, to, n) in entries {
            let a = Int(ClockText.secondsOfDay(from)! / 1800), b = Int(ClockText.secondsOfDay(to)! / 1800)
            for s in a..<b { grid[day][s] = n }
        }
        return grid
    }
}

@Suite("As-is staffing and service per desk from a generated log", .serialized)
struct StaffingTests {
    @Test("The desks open per half hour give back the schedule the log was generated from")
    func schedule() throws {
        let (fit, template) = try StaffingScenario.fit(try StaffingScenario.log())
        let staffing = try #require(fit.staffing)
        #expect(fit.arrivals.peaks.isEmpty)
        for (id, finance) in [("all_purpose", false), ("finance_desk", true)] {
            let group = try #require(staffing.groups.first { $0.name == id })
            let grid = try #require(group.typical)
            #expect(grid.weekType == "regular" && grid.weeks == Array(1...6))
            let expected = StaffingScenario.expected(finance: finance)
            var wrong: [String] = []
            for d in 0..<7 { for s in 0..<48 where grid.median[d][s] != expected[d][s] {
                wrong.append("\(StaffingScenario.days[d]) slot \(s): \(grid.median[d][s]) for \(expected[d][s])")
            } }
            #expect(wrong.isEmpty, "\(id): \(wrong)")
            #expect(group.desks.count == (finance ? 2 : 5))
            // The weekday hours of the tickets: 8:30 to 17:30 on weekdays.
            #expect(group.hours[0] == AsIsStaffing.ObservedHours(opens: 8.5 * 3600, closes: 17.5 * 3600, daysOpen: 6, daysSpanned: 6))
            #expect(group.hours[6] == nil)
        }
        // Written into the scenario as a weekly schedule that reads back as the same servers.
        let (text, _) = template.fitted(fit, generated: "")
        let parsed = try ScenarioParser.parse(text, file: "fitted.yaml", defaultName: "fitted").scenario
        let counter = try #require(parsed.campus?.serviceCenter?.counters.first { $0.id == "all_purpose" })
        let original = try #require(try StaffingScenario.scenario().campus?.serviceCenter?.counters.first { $0.id == "all_purpose" })
        #expect(counter.servers == original.servers, "\(counter.servers)")
        #expect(text.contains("# fitted as-is from the log: desks open per 30 min, the median over 6 regular weeks"))
        // The template states opening hours: none are added.
        #expect(!text.contains("tickets per weekday, rounded out"))
    }

    @Test("Desks of one group serving alike are not flagged; a desk a quarter slower is, alone")
    func deskService() throws {
        let log = try StaffingScenario.log()
        let homogeneous = try StaffingScenario.fit(log).fit.deskService
        #expect(homogeneous.tests.count == 7, "five all-purpose desks for records, two finance desks")
        #expect(homogeneous.flagged.isEmpty, "\(homogeneous.flagged.map { "\($0.desk) p \($0.holmP)" })")
        // The same log with every service of all_purpose-2 stretched by a quarter (on the minute lattice).
        let slow = try StaffingScenario.fit(Self.stretch(log, desk: "all_purpose-2", by: 1.25))
        let flagged = slow.fit.deskService.flagged
        #expect(flagged.map(\.desk) == ["all_purpose-2"], "\(flagged.map { "\($0.desk) \($0.category) p \($0.holmP)" })")
        if let t = flagged.first {
            #expect(t.category == "records" && t.mean > 1.15 * t.restMean)
        }
        let (text, _) = slow.template.fitted(slow.fit, generated: "")
        #expect(text.contains("desks differ: all_purpose-2 mean"))
    }

    @Test("A template without opening hours gets each group's observed hours; the result parses")
    func openingHours() throws {
        // The recovery scenario states opens/closes only, its Saturday at weight 0.3 all day.
        let (fit, _, template) = try fitRecoveryLog(try RecoveryScenario.log(seed: 1))
        let (text, _) = template.fitted(fit, generated: "")
        // With opens/closes the daily schedules staff Sunday too and returns come back whenever their
        // whole-day delay ends, so the all-purpose counters serve returns on Sundays; the finance
        // category has no returns, and its desk no Sunday ticket.
        let days = "mon: \"8:30-17:30\", tue: \"8:30-17:30\", wed: \"8:30-17:30\", thu: \"8:30-17:30\", fri: \"8:30-17:30\", sat: \"8:30-17:30\""
        let comment = "  # fitted: the median first and last ticket"
        #expect(text.components(separatedBy: "opening_hours: {\(days), sun: \"8:30-17:30\"}\(comment)").count == 2, "all_purpose")
        #expect(text.components(separatedBy: "opening_hours: {\(days), sun: closed}\(comment)").count == 2, "finance_desk")
        let parsed = try ScenarioParser.parse(text, file: "fitted.yaml", defaultName: "fitted").scenario
        let counters = try #require(parsed.campus?.serviceCenter?.counters)
        #expect(counters.allSatisfy { $0.openingHours != nil })
    }

    /// The log with the service of one desk's served rows multiplied by `factor` (finish moved).
    static func stretch(_ log: String, desk: String, by factor: Double) -> String {
        let format = TimestampFormat.iso8601
        return log.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 12, f[11] == desk, let called = format.parse(f[2]), let finished = format.parse(f[4]) else { return String(line) }
            let minutes = Int(((finished.instant - called.instant) * factor / 60).rounded())
            let end = Int(called.instant) + minutes * 60
            let day = end / 86400, second = end % 86400
            f[4] = LogGenerator.Sink.format(day: day, second: second, seconds: false)
            return f.joined(separator: ",")
        }.joined(separator: "\n")
    }
}

import ScenarioModel
import Testing

/// `planner.staffing` entries with `weeks`: composed into one schedule over the term, with located errors.
@Suite struct PlannerStaffingTests {
    /// A four-week term in minutes with one counter group of 2 servers; `staffing` is the entries' YAML.
    private func campus(_ staffing: String) -> String {
        """
        time_unit: minute
        campus:
          term: {weeks: 4, peaks: [{name: rush, week: 1, weeks: 1, factor: 2}]}
          population:
            colleges: [{id: all, students: 2000}]
          service_center:
            opens: 8h
            closes: 17h
            target_wait: 15 min
            return_delay: {dist: uniform, min: 1d, max: 3d}
            categories:
              - {id: all, items: 10, requests_per_student: 1, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 5 min}}
            counters:
              - {id: windows, servers: 2}
        planner:
          staffing:
        \(staffing)
        """
    }

    private func servers(_ scenario: Scenario) -> ServerCount? {
        scenario.campus?.serviceCenter?.counters.first?.servers
    }

    @Test func weeksEntriesComposeIntoATermSchedule() throws {
        let week = 7 * 1440.0
        let text = campus("""
                - {station: windows, weeks: [1], servers: {period: 1d, schedule: [{from: 0, to: 8h, servers: 0}, {from: 8h, to: 1d, servers: 6}]}}
                - {station: windows, weeks: [3], servers: 4}
                - {station: windows, servers: 3}
            """)
        let scenario = try parseValid(text).scenario
        guard case .schedule(let schedule) = servers(scenario) else {
            Issue.record("expected a schedule, found \(String(describing: servers(scenario)))")
            return
        }
        #expect(schedule.period == 4 * week)
        // Week 1: seven days of 0 then 6; the last 6 runs into week 2's 3 (different), so entries stay apart.
        #expect(schedule.entries.first == ServerSchedule.Entry(from: 0, to: 480, servers: 0))
        #expect(schedule.entries[1] == ServerSchedule.Entry(from: 480, to: 1440, servers: 6))
        #expect(schedule.entries.filter { $0.to <= week }.count == 14)
        // Weeks 2 and 4 take the entry without weeks, week 3 its own.
        #expect(schedule.entries.contains(ServerSchedule.Entry(from: week, to: 2 * week, servers: 3)))
        #expect(schedule.entries.contains(ServerSchedule.Entry(from: 2 * week, to: 3 * week, servers: 4)))
        #expect(schedule.entries.last == ServerSchedule.Entry(from: 3 * week, to: 4 * week, servers: 3))
        // Entries cover the term without gaps.
        for (a, b) in zip(schedule.entries, schedule.entries.dropFirst()) { #expect(a.to == b.from) }
    }

    @Test func weeksWithoutARemainderEntryKeepTheStationsOwnServers() throws {
        let scenario = try parseValid(campus("    - {station: windows, weeks: [2, 1], servers: 5}")).scenario
        guard case .schedule(let schedule) = servers(scenario) else {
            Issue.record("expected a schedule")
            return
        }
        #expect(schedule.entries == [
            ServerSchedule.Entry(from: 0, to: 2 * 7 * 1440, servers: 5),
            ServerSchedule.Entry(from: 2 * 7 * 1440, to: 4 * 7 * 1440, servers: 2),
        ])
    }

    @Test func badWeeksAreLocatedErrors() {
        let outside = diagnostics(campus("    - {station: windows, weeks: [2, 5], servers: 5}"))
        #expect(outside == ["test.yaml:17:33: error: planner.staffing[0].weeks: week 5 is outside the term (weeks 1–4)"])

        let overlapping = diagnostics(campus("""
                - {station: windows, weeks: [1, 2], servers: 5}
                - {station: windows, weeks: [2], servers: 4}
            """))
        #expect(overlapping == ["test.yaml:18:33: error: planner.staffing[1].weeks: week 2 of 'windows' is already staffed by planner.staffing[0]"])

        let twoRemainders = diagnostics(campus("""
                - {station: windows, servers: 5}
                - {station: windows, servers: 4}
            """))
        #expect(twoRemainders.count == 1)
        #expect(twoRemainders.first?.contains("planner.staffing[1]: 'windows' already has an entry without weeks") == true)

        let repeated = diagnostics(campus("    - {station: windows, weeks: [1, 1], servers: 5}"))
        #expect(repeated == ["test.yaml:17:37: error: planner.staffing[0].weeks[1]: week 1 is listed twice"])

        let zero = diagnostics(campus("    - {station: windows, weeks: [0], servers: 5}"))
        #expect(zero.count == 1)
        #expect(zero.first?.hasPrefix("test.yaml:17:34: error: planner.staffing[0].weeks[0]:") == true)

        let noCampus = diagnostics(minimalScenario + "\nplanner:\n  staffing:\n    - {station: desk, weeks: [1], servers: 2}\n")
        #expect(noCampus.count == 1)
        #expect(noCampus.first?.contains("planner.staffing[0].weeks: weeks are weeks of a campus term") == true)
    }
}

import ScenarioModel
import Testing

/// `planner.shift_rules`: read in the scenario's unit, defaults filled in, contradictions refused where written.
@Suite struct ShiftRulesTests {
    private func scenario(_ rules: String) -> String {
        minimalScenario + "\nplanner:\n  shift_rules:\n" + rules.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
    }

    @Test func readsEveryKeyInTheScenariosUnit() throws {
        let text = scenario("""
            full_shift: {length: 9h, earliest_start: 8h, latest_start: 10h, start_every: 30 min}
            part_shift: {lengths: [4h, 5h], earliest_start: 9h, start_every: 1h}
            lunch: {length: 1h, window_from: 11h, window_to: 14h, for_shifts_over: 5.5h}
            max_starts_per_day: 2
            max_part_time_share: 0.3
            full_time: {hours_per_week: 40, days_per_week: 5, cost_per_hour: 30}
            part_time: {min_hours_per_week: 10, max_hours_per_week: 20, min_days_per_week: 2, max_days_per_week: 4, cost_per_hour: 22}
            max_headcount: 12
            """)
        let rules = try #require(try parseValid(text).scenario.planner?.shiftRules)
        #expect(rules.fullLength == 540 && rules.fullStarts.from == 480 && rules.fullStarts.to == 600 && rules.fullStarts.every == 30)
        #expect(rules.partLengths == [240, 300] && rules.partStarts.from == 540 && rules.partStarts.to == nil && rules.partStarts.every == 60)
        #expect(rules.breakLength == 60 && rules.breakFrom == 660 && rules.breakTo == 840 && rules.breakOver == 330)
        #expect(rules.maxStartsPerDay == 2 && rules.partTimeShare == 0.3 && rules.maxHeadcount == 12)
        #expect(rules.fullTime == .init(minHours: 40, maxHours: 40, minDays: 5, maxDays: 5, costPerHour: 30))
        #expect(rules.partTime == .init(minHours: 10, maxHours: 20, minDays: 2, maxDays: 4, costPerHour: 22))
    }

    @Test func defaultsAreAnOfficesWeek() throws {
        let rules = PlannerSettings.ShiftRules().resolved(hour: 60)
        #expect(rules.fullLength == 510 && rules.partLengths == [210, 240])
        #expect(rules.breakLength == 30 && rules.breakFrom == 690 && rules.breakTo == 810 && rules.breakOver == 360)
        #expect(rules.maxStartsPerDay == 3 && rules.partTimeShare == 0.5 && rules.maxHeadcount == nil)
        #expect(rules.fullTime.minHours == 40 && rules.fullTime.minDays == 5)
        #expect(rules.partTime.minHours == 7 && rules.partTime.maxHours == 30 && rules.partTime.minDays == 2 && rules.partTime.maxDays == 5)
        // No shift_rules at all: nothing read, the defaults apply in the planner.
        #expect(try parseValid(minimalScenario).scenario.planner?.shiftRules == nil)
    }

    @Test func fullTimeHoursMustBeTheFullShiftLessLunch() {
        let lines = diagnostics(scenario("full_shift: {length: 9h}\nfull_time: {hours_per_week: 40, days_per_week: 5}"))
        #expect(lines.contains { $0.contains("test.yaml:") && $0.contains("planner.shift_rules.full_time")
            && $0.contains("40 h in 5 days is 8 h a day, but a full shift of 9 h less its lunch pays 8.5 h") }, "\(lines)")
    }

    @Test func contradictoryRangesAreRefusedWhereWritten() {
        let starts = diagnostics(scenario("part_shift: {earliest_start: 10h, latest_start: 9h}"))
        #expect(starts.contains { $0.contains("planner.shift_rules.part_shift.latest_start") && $0.contains("must not be earlier than earliest_start (10:00), found 09:00") }, "\(starts)")
        let hours = diagnostics(scenario("part_time: {min_hours_per_week: 20, max_hours_per_week: 10}"))
        #expect(hours.contains { $0.contains("planner.shift_rules.part_time") && $0.contains("min_hours_per_week (20) is above max_hours_per_week (10)") }, "\(hours)")
        let days = diagnostics(scenario("part_time: {min_days_per_week: 5, max_days_per_week: 3}"))
        #expect(days.contains { $0.contains("min_days_per_week (5) is above max_days_per_week (3)") }, "\(days)")
        let lunch = diagnostics(scenario("lunch: {length: 1h, window_from: 12h, window_to: 12.5h}"))
        #expect(lunch.contains { $0.contains("planner.shift_rules.lunch") && $0.contains("the window 12:00-12:30 is shorter than the lunch (60)") }, "\(lunch)")
        let lengths = diagnostics(scenario("part_shift: {lengths: []}"))
        #expect(lengths.contains { $0.contains("planner.shift_rules.part_shift.lengths") }, "\(lengths)")
        let unknown = diagnostics(scenario("max_start_per_day: 2"))
        #expect(unknown.contains { $0.contains("planner.shift_rules.max_start_per_day: unknown key; did you mean 'max_starts_per_day'?") }, "\(unknown)")
    }
}

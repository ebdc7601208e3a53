import Interchange
import Planner
import ScenarioModel

/// The weekly roster of named people: roster.csv and its part of optimize.json.
extension PlanFiles {
    /// `roster.csv`: one row per person and day worked, per station and week type, times as `HH:MM`.
    public static func rosterCSV(_ o: OptimizeOutcome) -> String {
        var csv = CSVWriter(header: ["station", "week_type", "person", "contract", "day", "start", "end", "break_start", "break_end", "paid_hours"])
        let hour = 3600 / o.scenario.timeUnit.seconds
        let clock = { (slot: Int) in ShiftPatterns.clock(Double(slot) * o.grid.slot, hour: hour) }
        for station in o.proposal.shifts {
            for (k, type) in station.types.enumerated() {
                guard let roster = type.roster, let problem = type.rosterProblem else { continue }
                for person in roster.people {
                    for shift in person.shifts {
                        csv.text(station.id)
                        csv.text(o.weekTypes.names[k])
                        csv.text(person.name)
                        csv.text(person.kind == .full ? "full_time" : "part_time")
                        csv.text(PlannerSettings.dayNames[shift.day % 7])
                        csv.text(clock(shift.start))
                        csv.text(clock(shift.end))
                        csv.text(shift.breakStart.map(clock) ?? "")
                        csv.text(shift.breakStart.map { clock($0 + shift.breakLength) } ?? "")
                        csv.number(formatted: g(Double(shift.paidSlots) * problem.slotHours))
                        csv.endRow()
                    }
                }
            }
        }
        return csv.text
    }

    /// A week type's roster in optimize.json: headcount (people), staff-hours, cost, the solver's gap.
    static func rosterJSON(_ type: StaffingProposal.TypeShifts) -> JSONValue {
        guard let roster = type.roster, let problem = type.rosterProblem else { return .null }
        let hours = { (kind: RosterShift.Kind?) in Double(roster.paidSlots(kind)) * problem.slotHours }
        let starts = (0..<problem.days).map { d in Set(roster.people.flatMap { $0.shifts }.filter { $0.day == d }.map(\.start)).count }
        return .object([
            ("headcount", int(roster.headcount)),
            ("full_time", int(roster.headcount(.full))),
            ("part_time", int(roster.headcount(.part))),
            ("staff_hours_per_week", .number(hours(nil))),
            ("part_time_staff_hours_per_week", .number(hours(.part))),
            ("cost_per_week", .number(roster.cost)),
            ("most_starts_a_day", int(starts.max() ?? 0)),
            ("rules", .object([
                ("max_starts_per_day", int(problem.rules.maxStartsPerDay)),
                ("max_part_time_share", .number(problem.rules.partTimeShare)),
                ("max_headcount", problem.rules.maxHeadcount.map(int) ?? .null),
            ])),
            ("solver", .object([
                ("gap", .number(roster.gap)),
                ("gap_tolerance", .number(roster.gapTolerance)),
                ("lp_relaxation", .number(roster.relaxation)),
                ("hit_time_limit", .bool(roster.hitTimeLimit)),
                ("seconds", .number(roster.seconds)),
            ])),
            ("violations", .array(roster.violations(problem).map { .string($0) })),
        ])
    }
}

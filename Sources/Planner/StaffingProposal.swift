import CampusModel
import Experiments
import Foundation
import QueueingNetwork
import ScenarioModel

/// A staffing proposal for a scenario: per-slot requirements by the iterative staffing algorithm,
/// a least-cost shift plan per week type covering them, and the staffing those shifts give.
public struct StaffingProposal: Sendable {
    /// One week type's shift plan at one station.
    public struct TypeShifts: Sendable {
        public var patterns: [ShiftProgram.Pattern]
        public var solution: ShiftProgram.Solution
        /// The weekly roster of named people, when the plan was drawn under the shift rules
        /// (weekly periods without `planner.shifts`); its shifts are `patterns`.
        public var roster: Roster?
        public var rosterProblem: RosterProblem?
        /// Today's staffing is kept in this week type: it meets the targets at less cost than the
        /// plan drawn for it (which is then not used).
        public var keptToday: Bool = false
    }

    public struct StationShifts: Sendable {
        public var station: Int
        public var id: String
        /// By week type.
        public var types: [TypeShifts]
    }

    public var search: StaffingSearch.Result
    public var shifts: [StationShifts]
    /// Whether the shift patterns came from the scenario's `planner.shifts` (else the defaults).
    public var patternsFromScenario: Bool

    /// Staff scheduled per slot at planned station `i` in week type `k` (the shift plan's coverage).
    public func scheduled(_ i: Int, type k: Int) -> [Int] { shifts[i].types[k].solution.coverage }

    /// Plans staffing for `stations` of `model`: the search, then one shift program per station and week type.
    public static func plan(
        scenario: Scenario, model: NetworkModel, campus: CampusPlan?, stations: [Int], grid: SlotGrid, weekTypes: WeekTypes? = nil,
        targets: StaffingTargets, replications: Int, seed: UInt64, maxIterations: Int = 20, jobs: Int,
        progress: StaffingSearch.Progress? = nil, journal: SearchJournal? = nil
    ) throws(ShiftProgram.Failure) -> StaffingProposal {
        var searching = StaffingSearch(model: model, campus: campus, stations: stations, grid: grid, weekTypes: weekTypes, targets: targets,
                                       replications: replications, seed: seed)
        searching.maxIterations = maxIterations
        searching.journal = journal
        let search = searching.run(jobs: jobs, progress: progress)
        return try cover(search, scenario: scenario)
    }

    /// Covers a search's requirements with shifts, one program per station and week type: with
    /// `planner.shifts` a set-covering program over them; else, for weekly periods, a roster under
    /// `planner.shift_rules` (or their defaults); else the default 8- and 4-hour patterns.
    ///
    /// `openIntervals` gives per station id the times of the period it is open (in the scenario's
    /// unit); a station without them is open where the search found it not closed, on days that
    /// need staff.
    public static func cover(_ search: StaffingSearch.Result, scenario: Scenario, openIntervals: [String: [Range<Double>]] = [:],
                             policy: PlanningPolicy = PlanningPolicy()) throws(ShiftProgram.Failure) -> StaffingProposal {
        let grid = search.grid
        let hour = 3600 / scenario.timeUnit.seconds
        let day = 24 * hour
        let given = scenario.planner?.shifts ?? []
        let weekly = given.isEmpty && rosterApplies(grid: grid, day: day)
        var shifts: [StationShifts] = []
        for plan in search.stations {
            var types: [TypeShifts] = []
            for (k, typePlan) in plan.types.enumerated() {
                let uncoverable = { (slots: [Int], suggestion: String) in
                    ShiftProgram.Failure.uncoverable(UncoverableRequirement(
                        station: plan.id, weekType: search.weekTypes.names[k], slots: slots, grid: grid, day: day, hour: hour, suggestion: suggestion))
                }
                if weekly {
                    let open = openSlots(typePlan, grid: grid, day: day, intervals: openIntervals[plan.id])
                    // Outside given open hours the station is closed: nobody is rostered there (students
                    // who come then wait for the opening, as in the scenario).
                    let requirement = openIntervals[plan.id] == nil ? typePlan.requirement : typePlan.requirement.indices.map { open[$0] ? typePlan.requirement[$0] : 0 }
                    let problem = RosterProblem(requirement: requirement, open: open, slotsPerDay: Int((day / grid.slot).rounded()),
                                                slotHours: grid.slot / hour, rules: RosterRules(scenario.planner?.shiftRules, slot: grid.slot, hour: hour))
                    let roster: Roster
                    do throws(RosterProblem.Failure) {
                        roster = try problem.solve(timeLimit: policy.rosterTimeLimit, gapTolerance: policy.rosterGap)
                    } catch {
                        switch error {
                        case .uncovered(let slots): throw uncoverable(slots, problem.suggestion(for: slots, hour: hour))
                        case .infeasible(let why): throw .solver("\(plan.id), \(search.weekTypes.names[k]) weeks: \(why)")
                        case .solver(let why): throw .solver("\(plan.id), \(search.weekTypes.names[k]) weeks: \(why)")
                        }
                    }
                    let (patterns, solution) = rosterColumns(roster, problem: problem, grid: grid, hour: hour)
                    types.append(TypeShifts(patterns: patterns, solution: solution, roster: roster, rosterProblem: problem))
                    continue
                }
                let definitions = given.isEmpty ? ShiftPatterns.defaults(requirement: typePlan.requirement, grid: grid, day: day, hour: hour) : given
                let patterns = ShiftPatterns.columns(definitions, grid: grid, day: day, hour: hour)
                do throws(ShiftProgram.Failure) {
                    let solution = try ShiftProgram(requirement: typePlan.requirement, patterns: patterns).solve()
                    types.append(TypeShifts(patterns: patterns, solution: solution))
                } catch {
                    if case .uncovered(let slots) = error {
                        throw uncoverable(slots, ShiftPatterns.suggestion(for: slots, grid: grid, day: day, hour: hour))
                    }
                    throw error
                }
            }
            shifts.append(StationShifts(station: plan.station, id: plan.id, types: types))
        }
        return StaffingProposal(search: search, shifts: shifts, patternsFromScenario: !given.isEmpty)
    }

    /// Today's servers per slot of station `s` of `model` in week type `k`: the most on shift in the
    /// slot, averaged over the type's periods (rounded); `nil` for infinite servers.
    public static func todayServers(model: NetworkModel, station s: Int, grid: SlotGrid, weekTypes: WeekTypes, type k: Int) -> [Int]? {
        let plan = model.stations[s].servers
        if case .infinite = plan { return nil }
        let periods = weekTypes.periods(of: k)
        guard !periods.isEmpty else { return nil }
        return (0..<grid.count).map { t in
            let total = periods.reduce(0) { sum, p in
                let from = Double(p) * grid.period + grid.start(t)
                return sum + StaffingSearch.mostServers(plan, from: from, to: from + grid.slot)
            }
            return Int((Double(total) / Double(periods.count)).rounded())
        }
    }

    /// The proposal with today's staffing kept in every station's week type where today's staffing
    /// (`today`, simulated per slot) meets both targets and costs less than the plan (its
    /// staff-hours at the full-time hourly cost).
    public func keepingToday(_ today: SlotObservations, model: NetworkModel, scenario: Scenario, targets: StaffingTargets) -> StaffingProposal {
        var kept = self
        let grid = search.grid
        let hour = 3600 / scenario.timeUnit.seconds
        let rate = RosterRules(scenario.planner?.shiftRules, slot: grid.slot, hour: hour).fullTime.costPerHour
        for (i, station) in shifts.enumerated() {
            for k in station.types.indices {
                guard let servers = Self.todayServers(model: model, station: station.station, grid: grid, weekTypes: search.weekTypes, type: k)
                else { continue }
                let open = search.stations[i].types[k].closed.map { !$0 }
                let level = today.serviceLevel(i, type: k)
                let abandon = today.abandonment(i, type: k, counted: open)
                guard OptimizeOutcome.verdict(level, atLeast: targets.serviceLevel) == .pass,
                      OptimizeOutcome.verdict(abandon, atMost: targets.maxAbandon) == .pass else { continue }
                let cost = Double(servers.reduce(0, +)) * grid.slot / hour * rate
                guard cost < station.types[k].solution.cost - 1e-9 else { continue }
                let solution = ShiftProgram.Solution(staff: [], cost: cost, relaxation: cost, provenOptimal: true, coverage: servers, bindingSlots: [])
                kept.shifts[i].types[k] = TypeShifts(patterns: [], solution: solution, roster: nil, rosterProblem: nil, keptToday: true)
            }
        }
        return kept
    }

    /// Whether a plan on `grid` is drawn as a weekly roster: periods of whole weeks of whole-slot days.
    public static func rosterApplies(grid: SlotGrid, day: Double) -> Bool {
        let perDay = day / grid.slot
        return abs(grid.period - 7 * day) < 1e-9 && abs(perDay - perDay.rounded()) < 1e-9
    }

    /// The slots a roster may work: those inside `intervals` when given; else, on each day with a
    /// requirement, the slots the search did not find closed.
    static func openSlots(_ plan: StaffingSearch.TypePlan, grid: SlotGrid, day: Double, intervals: [Range<Double>]?) -> [Bool] {
        if let intervals {
            return (0..<grid.count).map { t in
                let middle = grid.start(t) + grid.slot / 2
                return intervals.contains { $0.contains(middle) }
            }
        }
        let perDay = Int((day / grid.slot).rounded())
        return (0..<grid.count).map { t in
            let d = t / perDay
            let needed = (d * perDay..<min(grid.count, (d + 1) * perDay)).contains { plan.requirement[$0] > 0 }
            return plan.requirement[t] > 0 || (needed && !plan.closed[t])
        }
    }

    /// A roster's distinct shifts as covering patterns (cost per week, person count as staff), for
    /// shifts.csv and the plan's coverage.
    static func rosterColumns(_ roster: Roster, problem: RosterProblem, grid: SlotGrid, hour: Double) -> ([ShiftProgram.Pattern], ShiftProgram.Solution) {
        var order: [RosterShift] = []
        var counts: [RosterShift: Int] = [:]
        var cost: [RosterShift: Double] = [:]
        for person in roster.people {
            let contract = person.kind == .full ? problem.rules.fullTime : problem.rules.partTime
            for shift in person.shifts {
                if counts[shift] == nil { order.append(shift) }
                counts[shift, default: 0] += 1
                cost[shift] = Double(shift.paidSlots) * problem.slotHours * contract.costPerHour
            }
        }
        order.sort { ($0.day, $0.kind == .full ? 0 : 1, $0.start, $0.length, $0.breakStart ?? 0) < ($1.day, $1.kind == .full ? 0 : 1, $1.start, $1.length, $1.breakStart ?? 0) }
        let perDay = problem.slotsPerDay
        let clock = { (slot: Int) in ShiftPatterns.clock(Double(slot) * grid.slot, hour: hour) }
        let patterns = order.map { shift in
            var name = "\(PlannerSettings.dayNames[shift.day % 7])-\(shift.kind.rawValue)-\(clock(shift.start))-\(clock(shift.end))"
            if let b = shift.breakStart { name += "-lunch-\(clock(b))" }
            return ShiftProgram.Pattern(name: name, slots: shift.slots(perDay: perDay), cost: cost[shift]!)
        }
        let binding = problem.requirement.indices.filter { problem.requirement[$0] > 0 && roster.coverage[$0] == problem.requirement[$0] }
        let solution = ShiftProgram.Solution(staff: order.map { counts[$0]! }, cost: roster.cost, relaxation: roster.relaxation,
                                             provenOptimal: roster.provenWithinTolerance && roster.gap == 0,
                                             coverage: roster.coverage, bindingSlots: binding)
        return (patterns, solution)
    }

    /// The `planner:` section that puts the proposal in a scenario, in YAML: per station one entry
    /// for the regular weeks and one with `weeks:` per other week type.
    public func plannerSection(scenario: Scenario) -> String {
        let grid = search.grid
        let weekTypes = search.weekTypes
        var lines = ["planner:", "  slot: \(number(grid.slot))"]
        if let shifts = scenario.planner?.shifts, !shifts.isEmpty {
            lines.append("  shifts:")
            for s in shifts {
                var fields = ["name: \(quoted(s.name))", "start: \(number(s.start))", "length: \(number(s.length))"]
                if let after = s.breakAfter { fields.append("break: {after: \(number(after)), length: \(number(s.breakLength))}") }
                fields.append("days: [\(s.days.map { PlannerSettings.dayNames[$0] }.joined(separator: ", "))]")
                if let cost = s.cost { fields.append("cost: \(number(cost))") }
                lines.append("    - {\(fields.joined(separator: ", "))}")
            }
        }
        lines.append("  staffing:                # proposed by onestop optimize: replaces these stations' servers")
        for (i, station) in shifts.enumerated() {
            for k in weekTypes.names.indices {
                let weeks = weekTypes.periods(of: k).map { $0 + 1 }
                if weekTypes.isDefault(k) {
                    lines.append("    - station: \(quoted(station.id))")
                } else {
                    guard !weeks.isEmpty else { continue }
                    lines.append("    - station: \(quoted(station.id))    # \(weekTypes.names[k])")
                    lines.append("      weeks: [\(weeks.map(String.init).joined(separator: ", "))]")
                }
                let staff = scheduled(i, type: k)
                var entries: [(from: Int, to: Int, servers: Int)] = []
                for (t, s) in staff.enumerated() {
                    if let last = entries.last, last.servers == s { entries[entries.count - 1].to = t + 1 } else { entries.append((t, t + 1, s)) }
                }
                if entries.count == 1 {
                    lines.append("      servers: \(max(1, entries[0].servers))")
                    continue
                }
                lines.append("      servers:")
                lines.append("        period: \(periodText(grid.period, unit: scenario.timeUnit))")
                lines.append("        schedule:")
                for (j, e) in entries.enumerated() {
                    let to = j == entries.count - 1 ? periodText(grid.period, unit: scenario.timeUnit) : timeText(grid.start(e.to), period: grid.period, unit: scenario.timeUnit)
                    lines.append("          - {from: \(timeText(grid.start(e.from), period: grid.period, unit: scenario.timeUnit)), to: \(to), servers: \(e.servers)}")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A period of a day or a week as a person writes it (`1d`, `1w`), else the number.
    private func periodText(_ period: Double, unit: TimeUnit) -> String {
        let seconds = period * unit.seconds
        if abs(seconds - ClockText.weekSeconds) < 1e-6 { return "1w" }
        if abs(seconds - ClockText.daySeconds) < 1e-6 { return "1d" }
        return number(period)
    }

    /// A time within a day's or a week's schedule as a clock time (`"8:30"`, `"Tue 8:30"`), the one
    /// convention of docs/scenario-format.md; within other periods, the number.
    private func timeText(_ time: Double, period: Double, unit: TimeUnit) -> String {
        let seconds = period * unit.seconds
        if abs(seconds - ClockText.weekSeconds) < 1e-6 { return "\"\(ClockText.timeInWeek(time, in: unit))\"" }
        if abs(seconds - ClockText.daySeconds) < 1e-6 { return "\"\(ClockText.timeOfDay(time, in: unit))\"" }
        return number(time)
    }

    private func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.10g", x)
    }

    /// A YAML double-quoted scalar: backslashes, quotes and control characters escaped, so that an
    /// id with a line break reads back as written (YAML folds a raw line break into a space).
    private func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Puts a `planner:` section into a scenario's text: replaces a top-level block `planner:` section
/// where there is one, else appends it. Everything else in the document stays as written.
public enum ScenarioText {
    public enum Failure: Error, CustomStringConvertible {
        case notBlockStyle
        public var description: String {
            "the scenario's top level is not a block mapping with `planner:` at the start of a line; cannot place the proposal in it"
        }
    }

    public static func replacingPlanner(in text: String, with section: String, header: String) throws(Failure) -> String {
        var lines = text.components(separatedBy: "\n")
        if text.hasPrefix("{") { throw .notBlockStyle }
        if let start = lines.firstIndex(where: { $0.hasPrefix("planner:") }) {
            var end = start + 1
            while end < lines.count {
                let line = lines[end]
                if let first = line.first, first != " ", first != "\t", first != "#" { break }
                end += 1
            }
            lines.replaceSubrange(start..<end, with: section.components(separatedBy: "\n").dropLast())
        } else {
            while lines.last == "" { lines.removeLast() }
            lines.append("")
            lines += section.components(separatedBy: "\n").dropLast()
        }
        return header + lines.joined(separator: "\n") + "\n"
    }
}

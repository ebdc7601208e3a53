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

    /// Covers a search's requirements with shifts, one set-covering program per station and week type.
    public static func cover(_ search: StaffingSearch.Result, scenario: Scenario) throws(ShiftProgram.Failure) -> StaffingProposal {
        let grid = search.grid
        let hour = 3600 / scenario.timeUnit.seconds
        let day = 24 * hour
        let given = scenario.planner?.shifts ?? []
        var shifts: [StationShifts] = []
        for plan in search.stations {
            var types: [TypeShifts] = []
            for typePlan in plan.types {
                let definitions = given.isEmpty ? ShiftPatterns.defaults(requirement: typePlan.requirement, grid: grid, day: day, hour: hour) : given
                let patterns = ShiftPatterns.columns(definitions, grid: grid, day: day, hour: hour)
                let solution = try ShiftProgram(requirement: typePlan.requirement, patterns: patterns).solve()
                types.append(TypeShifts(patterns: patterns, solution: solution))
            }
            shifts.append(StationShifts(station: plan.station, id: plan.id, types: types))
        }
        return StaffingProposal(search: search, shifts: shifts, patternsFromScenario: !given.isEmpty)
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

import ScenarioModel


/// A set-covering shift program: staff per shift pattern so that every slot's requirement is
/// covered, at least cost (Dantzig 1954).
///
/// minimise Σ c_j x_j subject to Σ_j a_tj x_j ≥ r_t for every slot t, x_j ∈ ℤ⁺.
public struct ShiftProgram: Sendable {
    /// One shift pattern: the slots it works and what one person on it costs.
    public struct Pattern: Sendable, Hashable {
        public var name: String
        /// Indices of the slots this pattern covers.
        public var slots: [Int]
        public var cost: Double

        public init(name: String, slots: [Int], cost: Double) {
            self.name = name
            self.slots = slots
            self.cost = cost
        }
    }

    /// The solver's answer.
    public struct Solution: Sendable {
        /// Staff per pattern, in pattern order.
        public var staff: [Int]
        public var cost: Double
        /// The LP relaxation's optimum: a lower bound on any integer plan's cost.
        public var relaxation: Double
        /// Whether branch and cut proved the plan optimal (it may stop at its time limit first).
        public var provenOptimal: Bool
        /// How far from optimal the plan can be, as a share of its cost: 0 when proven optimal,
        /// else measured against the LP relaxation's bound.
        public var gap: Double { provenOptimal ? 0 : relaxationGap }
        /// (cost − LP relaxation) / cost: the integrality gap of this plan.
        public var relaxationGap: Double { cost > 0 ? max(0, (cost - relaxation) / cost) : 0 }
        /// Staff on duty per slot.
        public var coverage: [Int]
        /// Slots whose requirement the plan meets exactly (the binding covering constraints).
        public var bindingSlots: [Int]
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Some slot needs staff that no pattern covers.
        case uncovered(slots: [Int])
        /// Some slot of a station and week type needs staff that no allowed shift works, in a planner's words.
        case uncoverable(UncoverableRequirement)
        case solver(String)

        public var description: String {
            switch self {
            case .uncovered(let slots): "no shift pattern covers slot\(slots.count == 1 ? "" : "s") \(slots.prefix(8).map(String.init).joined(separator: ", "))\(slots.count > 8 ? ", ..." : "") where staff are required"
            case .uncoverable(let requirement): requirement.description
            case .solver(let message): "the shift program failed: \(message)"
            }
        }
    }

    public var requirement: [Int]
    public var patterns: [Pattern]

    public init(requirement: [Int], patterns: [Pattern]) {
        self.requirement = requirement
        self.patterns = patterns
    }

    /// Solves the program with GLPK's branch and cut (presolved), to proven optimality unless
    /// `timeLimit` seconds run out first.
    public func solve(timeLimit: Double = 20) throws(Failure) -> Solution {
        var covered = [Bool](repeating: false, count: requirement.count)
        for p in patterns { for t in p.slots where t >= 0 && t < requirement.count { covered[t] = true } }
        let missing = requirement.indices.filter { requirement[$0] > 0 && !covered[$0] }
        if !missing.isEmpty { throw .uncovered(slots: missing) }
        let rows = requirement.indices.filter { requirement[$0] > 0 }
        if rows.isEmpty {
            return Solution(staff: patterns.map { _ in 0 }, cost: 0, relaxation: 0, provenOptimal: true,
                            coverage: requirement.map { _ in 0 }, bindingSlots: [])
        }
        let result = try GLPK.solveCovering(
            rows: rows.map { Double(requirement[$0]) },
            columns: patterns.map { p in (cost: p.cost, rows: p.slots.compactMap { rows.firstIndex(of: $0) }) },
            timeLimit: timeLimit)
        var coverage = [Int](repeating: 0, count: requirement.count)
        for (j, p) in patterns.enumerated() where result.values[j] > 0 {
            for t in p.slots where t >= 0 && t < coverage.count { coverage[t] += result.values[j] }
        }
        let binding = rows.filter { coverage[$0] == requirement[$0] }
        return Solution(staff: result.values, cost: result.objective, relaxation: result.relaxation,
                        provenOptimal: result.optimal,
                        coverage: coverage, bindingSlots: binding)
    }
}

/// Slots that need staff (or are open) where no allowed shift works, named by station, week type,
/// day and time ("Tue 17:00-17:30"), with a shift that would cover them.
public struct UncoverableRequirement: Sendable, Hashable, CustomStringConvertible {
    public var station: String
    public var weekType: String
    /// Day and time ranges, for example "Tue 17:00-17:30".
    public var ranges: [String]
    /// A shift that would cover the first range, in words.
    public var suggestion: String
    /// Whether this was found before any simulation (open hours no shift reaches).
    public var beforeSimulation: Bool

    public init(station: String, weekType: String, slots: [Int], grid: SlotGrid, day: Double, hour: Double, suggestion: String,
                beforeSimulation: Bool = false) {
        self.station = station
        self.weekType = weekType
        self.ranges = Self.ranges(slots, grid: grid, day: day, hour: hour)
        self.suggestion = suggestion
        self.beforeSimulation = beforeSimulation
    }

    /// Consecutive slots within a day as "Tue 17:00-18:00".
    public static func ranges(_ slots: [Int], grid: SlotGrid, day: Double, hour: Double) -> [String] {
        var out: [String] = []
        var runStart: Int?
        var previous = -2
        let sorted = Set(slots).sorted()
        func dayOf(_ t: Int) -> Int { Int((grid.start(t) / day + 1e-9).rounded(.down)) }
        func close(_ from: Int, _ to: Int) {
            let d = dayOf(from)
            let name = grid.period > day + 1e-9 ? PlannerSettings.dayNames[d % 7].prefix(1).uppercased() + PlannerSettings.dayNames[d % 7].dropFirst() + " " : ""
            out.append(name + ShiftPatterns.clock(grid.start(from) - Double(d) * day, hour: hour) + "-"
                       + ShiftPatterns.clock(grid.start(to) + grid.slot - Double(d) * day, hour: hour))
        }
        for t in sorted {
            if let start = runStart, t == previous + 1, dayOf(t) == dayOf(start) {
                previous = t
                continue
            }
            if let start = runStart { close(start, previous) }
            runStart = t
            previous = t
        }
        if let start = runStart { close(start, previous) }
        return out
    }

    public var description: String {
        let shown = ranges.prefix(6).joined(separator: ", ") + (ranges.count > 6 ? " and \(ranges.count - 6) more" : "")
        let what = beforeSimulation ? "is open" : "needs staff"
        return "\(station), \(weekType) weeks: no allowed shift works \(shown), where the station \(what); \(suggestion)"
    }
}

import ScenarioModel

/// The shift rules in planning slots: what the roster program may draw and what each contract
/// allows. Built from the scenario's `planner.shift_rules` (defaults filled in) and the slot grid.
public struct RosterRules: Sendable, Hashable {
    /// Allowed starts within a day, in slots: every `every` slots from `from` to `to`; a nil side
    /// is the day's opening, or the last start that still ends by its closing.
    public struct Starts: Sendable, Hashable {
        public var from: Int?
        public var to: Int?
        public var every: Int
        public init(from: Int? = nil, to: Int? = nil, every: Int = 1) {
            self.from = from
            self.to = to
            self.every = max(1, every)
        }
    }

    /// A contract in hours and days a week, with the cost of a paid hour.
    public typealias Contract = PlannerSettings.ShiftRules.Contract

    public var fullLength: Int
    public var fullStarts: Starts
    public var partLengths: [Int]
    public var partStarts: Starts
    public var breakLength: Int
    /// The lunch lies within [breakFrom, breakTo) (slots within the day).
    public var breakFrom: Int
    public var breakTo: Int
    /// Shifts longer than this many slots take a lunch.
    public var breakOver: Int
    public var maxStartsPerDay: Int
    public var partTimeShare: Double
    public var fullTime: Contract
    public var partTime: Contract
    public var maxHeadcount: Int?

    public init(fullLength: Int, fullStarts: Starts = Starts(), partLengths: [Int], partStarts: Starts = Starts(), breakLength: Int,
                breakFrom: Int, breakTo: Int, breakOver: Int, maxStartsPerDay: Int, partTimeShare: Double,
                fullTime: Contract, partTime: Contract, maxHeadcount: Int? = nil) {
        self.fullLength = fullLength
        self.fullStarts = fullStarts
        self.partLengths = partLengths
        self.partStarts = partStarts
        self.breakLength = breakLength
        self.breakFrom = breakFrom
        self.breakTo = breakTo
        self.breakOver = breakOver
        self.maxStartsPerDay = maxStartsPerDay
        self.partTimeShare = partTimeShare
        self.fullTime = fullTime
        self.partTime = partTime
        self.maxHeadcount = maxHeadcount
    }

    /// The scenario's rules (or the defaults) on slots of `slot` (both in the scenario's time unit,
    /// `hour` long an hour). Times off the slot grid are rounded to the nearest slot.
    public init(_ rules: PlannerSettings.ShiftRules?, slot: Double, hour: Double) {
        let r = (rules ?? PlannerSettings.ShiftRules()).resolved(hour: hour)
        func slots(_ t: Double) -> Int { Int((t / slot).rounded()) }
        func starts(_ s: PlannerSettings.ShiftRules.Starts) -> Starts {
            Starts(from: s.from.map(slots), to: s.to.map(slots), every: s.every.map(slots) ?? 1)
        }
        self.init(fullLength: slots(r.fullLength), fullStarts: starts(r.fullStarts), partLengths: r.partLengths.map(slots),
                  partStarts: starts(r.partStarts), breakLength: max(1, slots(r.breakLength)), breakFrom: slots(r.breakFrom),
                  breakTo: slots(r.breakTo), breakOver: slots(r.breakOver), maxStartsPerDay: r.maxStartsPerDay,
                  partTimeShare: r.partTimeShare, fullTime: r.fullTime, partTime: r.partTime, maxHeadcount: r.maxHeadcount)
    }

    /// Whether a shift of `length` slots takes a lunch.
    public func takesBreak(_ length: Int) -> Bool { length > breakOver }
}

/// One shift of one person: a day, a start and a length in slots, and the lunch inside it.
public struct RosterShift: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case full, part }
    public var day: Int
    public var kind: Kind
    /// Slot within the day.
    public var start: Int
    public var length: Int
    /// Slot within the day the lunch starts at; nil for none.
    public var breakStart: Int?
    public var breakLength: Int

    public init(day: Int, kind: Kind, start: Int, length: Int, breakStart: Int? = nil, breakLength: Int = 0) {
        self.day = day
        self.kind = kind
        self.start = start
        self.length = length
        self.breakStart = breakStart
        self.breakLength = breakStart == nil ? 0 : breakLength
    }

    public var end: Int { start + length }
    /// Slots paid (on site less the lunch).
    public var paidSlots: Int { length - breakLength }

    /// Whether the shift works slot `s` of its day (on site and not at lunch).
    public func works(_ s: Int) -> Bool {
        guard s >= start, s < end else { return false }
        if let b = breakStart, s >= b, s < b + breakLength { return false }
        return true
    }

    /// The slots of the period it works.
    public func slots(perDay: Int) -> [Int] { (start..<end).filter(works).map { day * perDay + $0 } }
}

/// A weekly roster for one station: named people, each with the shifts of their week.
public struct Roster: Sendable {
    public struct Person: Sendable, Hashable {
        /// `FT-01`, `PT-03`, ...
        public var name: String
        public var kind: RosterShift.Kind
        /// At most one a day, by day.
        public var shifts: [RosterShift]
    }

    public var people: [Person]
    /// Staff on duty per slot of the period.
    public var coverage: [Int]
    public var cost: Double
    /// The LP relaxation's optimum: no roster costs less.
    public var relaxation: Double
    /// The relative gap asked of branch and cut, and whether it stopped at its time limit first.
    public var gapTolerance: Double
    public var hitTimeLimit: Bool
    /// Whether branch and cut proved the roster optimal (within `gapTolerance`).
    public var provenWithinTolerance: Bool
    public var seconds: Double

    /// How far from optimal the roster can be, as a share of its cost: the tolerance when branch
    /// and cut proved it (or less, against the relaxation), else the gap to the relaxation.
    public var gap: Double {
        // Below a millionth is rounding in the simplex, not a gap.
        let raw = cost > 0 ? max(0, (cost - relaxation) / cost) : 0
        let toRelaxation = raw < 1e-6 ? 0 : raw
        return provenWithinTolerance ? min(gapTolerance, toRelaxation) : toRelaxation
    }

    public var headcount: Int { people.count }
    public func headcount(_ kind: RosterShift.Kind) -> Int { people.filter { $0.kind == kind }.count }

    /// Paid slots of all people (times the slot's hours: staff-hours).
    public func paidSlots(_ kind: RosterShift.Kind? = nil) -> Int {
        people.filter { kind == nil || $0.kind == kind }.reduce(0) { $0 + $1.shifts.reduce(0) { $0 + $1.paidSlots } }
    }

    /// Every rule the roster breaks on `problem`, in words; empty when it keeps them all.
    public func violations(_ problem: RosterProblem) -> [String] {
        var found: [String] = []
        let rules = problem.rules
        let perDay = problem.slotsPerDay
        let hours = problem.slotHours
        var coverage = [Int](repeating: 0, count: problem.requirement.count)
        var startsPerDay = [Set<Int>](repeating: [], count: problem.days)
        for person in people {
            let contract = person.kind == .full ? rules.fullTime : rules.partTime
            let days = person.shifts.map(\.day)
            if Set(days).count != days.count { found.append("\(person.name) works two shifts on one day") }
            let paid = Double(person.shifts.reduce(0) { $0 + $1.paidSlots }) * hours
            if paid < contract.minHours - 1e-9 || paid > contract.maxHours + 1e-9 {
                found.append("\(person.name) is paid \(paid) h, outside \(contract.minHours)-\(contract.maxHours) h")
            }
            if days.count < contract.minDays || days.count > contract.maxDays {
                found.append("\(person.name) works \(days.count) days, outside \(contract.minDays)-\(contract.maxDays)")
            }
            if person.kind == .full {
                let off = Set(0..<problem.days).subtracting(days)
                // The days off are consecutive (around the week's end): one run in the cycle.
                let runs = (0..<problem.days).filter { off.contains($0) && !off.contains(($0 + problem.days - 1) % problem.days) }.count
                if !off.isEmpty && off.count < problem.days && runs != 1 { found.append("\(person.name)'s days off are not consecutive") }
            }
            for shift in person.shifts {
                if shift.kind != person.kind { found.append("\(person.name) works a \(shift.kind.rawValue) shift") }
                let lengths = shift.kind == .full ? [rules.fullLength] : rules.partLengths
                if !lengths.contains(shift.length) { found.append("\(person.name) has a shift of \(shift.length) slots") }
                if rules.takesBreak(shift.length) {
                    if let b = shift.breakStart {
                        if b < rules.breakFrom || b + shift.breakLength > rules.breakTo || b <= shift.start || b + shift.breakLength >= shift.end
                            || shift.breakLength != rules.breakLength {
                            found.append("\(person.name)'s lunch on day \(shift.day) is outside its window or shift")
                        }
                    } else {
                        found.append("\(person.name) has no lunch on day \(shift.day)")
                    }
                } else if shift.breakStart != nil {
                    found.append("\(person.name) has a lunch in a short shift")
                }
                if let span = problem.openSpan(day: shift.day) {
                    if shift.start < span.lowerBound || shift.end > span.upperBound { found.append("\(person.name) works outside opening hours on day \(shift.day)") }
                } else {
                    found.append("\(person.name) works on closed day \(shift.day)")
                }
                startsPerDay[shift.day].insert(shift.start)
                for t in shift.slots(perDay: perDay) where t < coverage.count { coverage[t] += 1 }
            }
        }
        for (d, starts) in startsPerDay.enumerated() where starts.count > rules.maxStartsPerDay {
            found.append("day \(d) has \(starts.count) start times, more than \(rules.maxStartsPerDay)")
        }
        for t in problem.requirement.indices where coverage[t] < problem.requirement[t] {
            found.append("slot \(t) has \(coverage[t]) on duty for a requirement of \(problem.requirement[t])")
        }
        if coverage != self.coverage { found.append("the roster's coverage is not its people's") }
        if let most = rules.maxHeadcount, people.count > most { found.append("\(people.count) people, more than \(most)") }
        let total = paidSlots(), part = paidSlots(.part)
        if total > 0, Double(part) > rules.partTimeShare * Double(total) + 1e-9 {
            found.append("part-timers work \(part) of \(total) paid slots, above the share \(rules.partTimeShare)")
        }
        let cost = people.reduce(0.0) { sum, p in
            sum + Double(p.shifts.reduce(0) { $0 + $1.paidSlots }) * hours * (p.kind == .full ? rules.fullTime : rules.partTime).costPerHour
        }
        if abs(cost - self.cost) > 1e-6 * max(1, cost) { found.append("the roster costs \(cost), not the \(self.cost) stated") }
        return found
    }
}

/// The tour-scheduling program of one station and week type: integer counts of each (day, shift,
/// lunch) column covering the per-slot requirement, start-time indicators limited per day, and
/// full-time day-off patterns tied to each day's full shifts; then the counts are dealt to named people.
public struct RosterProblem: Sendable {
    public var requirement: [Int]
    /// Per slot: the station is open (a shift may work it). Requirement > 0 counts as open.
    public var open: [Bool]
    public var slotsPerDay: Int
    /// Hours per slot.
    public var slotHours: Double
    public var rules: RosterRules

    public init(requirement: [Int], open: [Bool]? = nil, slotsPerDay: Int, slotHours: Double, rules: RosterRules) {
        self.requirement = requirement
        self.open = (open ?? requirement.map { $0 > 0 }).enumerated().map { $1 || requirement[$0] > 0 }
        self.slotsPerDay = slotsPerDay
        self.slotHours = slotHours
        self.rules = rules
    }

    public var days: Int { max(1, requirement.count / slotsPerDay) }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Slots needing staff that no allowed shift works.
        case uncovered(slots: [Int])
        /// The rules together allow no roster covering the requirement (contracts, share, headcount).
        case infeasible(String)
        case solver(String)

        public var description: String {
            switch self {
            case .uncovered(let slots): "no allowed shift works slot\(slots.count == 1 ? "" : "s") \(slots.prefix(8).map(String.init).joined(separator: ", "))"
            case .infeasible(let why): "no roster keeps the shift rules: \(why)"
            case .solver(let message): "the roster program failed: \(message)"
            }
        }
    }

    /// The day's open slots as one span from its first open slot to the end of its last; nil when closed.
    public func openSpan(day d: Int) -> Range<Int>? {
        let base = d * slotsPerDay
        let slots = (0..<slotsPerDay).filter { base + $0 < open.count && open[base + $0] }
        guard let first = slots.first, let last = slots.last else { return nil }
        return first..<(last + 1)
    }

    /// Every shift the rules allow, day by day: starts within the day's opening span, the lunch at
    /// every allowed place.
    public func columns() -> [RosterShift] {
        var out: [RosterShift] = []
        for d in 0..<days {
            guard let span = openSpan(day: d) else { continue }
            for (kind, lengths, starts) in [(RosterShift.Kind.full, [rules.fullLength], rules.fullStarts), (.part, rules.partLengths, rules.partStarts)] {
                for length in Set(lengths).sorted() where length > 0 {
                    let first = max(span.lowerBound, starts.from ?? span.lowerBound)
                    let last = min(span.upperBound - length, starts.to ?? (span.upperBound - length))
                    guard first <= last else { continue }
                    var s = starts.from ?? span.lowerBound
                    while s < first { s += starts.every }
                    while s <= last {
                        if rules.takesBreak(length) {
                            let lo = max(rules.breakFrom, s + 1), hi = min(rules.breakTo, s + length - 1) - rules.breakLength
                            if lo <= hi {
                                for b in lo...hi {
                                    out.append(RosterShift(day: d, kind: kind, start: s, length: length, breakStart: b, breakLength: rules.breakLength))
                                }
                            }
                        } else {
                            out.append(RosterShift(day: d, kind: kind, start: s, length: length))
                        }
                        s += starts.every
                    }
                }
            }
        }
        return out
    }

    /// Slots needing staff that no allowed shift works.
    public func uncoveredSlots(_ columns: [RosterShift]? = nil) -> [Int] {
        var covered = [Bool](repeating: false, count: requirement.count)
        for c in columns ?? self.columns() { for t in c.slots(perDay: slotsPerDay) where t < covered.count { covered[t] = true } }
        return requirement.indices.filter { requirement[$0] > 0 && !covered[$0] }
    }

    /// Full-timers' weeks: pattern p works every day but the `days − minDays` days from p on (cyclic).
    func fullTimePatterns() -> [[Bool]] {
        let off = days - rules.fullTime.minDays
        guard off >= 0 else { return [] }
        return (0..<days).map { p in (0..<days).map { d in !(0..<off).contains(where: { (p + $0) % days == d }) } }
    }

    /// The least-cost roster, to a relative gap of `gapTolerance` within `timeLimit` seconds.
    public func solve(timeLimit: Double = 10, gapTolerance: Double = 0.01) throws(Failure) -> Roster {
        let columns = columns()
        let missing = uncoveredSlots(columns)
        if !missing.isEmpty { throw .uncovered(slots: missing) }
        var program = IntegerProgram()
        let cost = { (c: RosterShift) in Double(c.paidSlots) * slotHours * (c.kind == .full ? rules.fullTime : rules.partTime).costPerHour }
        let x = columns.map { program.add(.init(cost: cost($0))) }
        // Start-time indicators per (day, start), at most K a day.
        // No more shifts start together than twice the week's peak requirement plus one (or the
        // headcount limit, when lower): a bound that keeps the start indicators' relaxation tight.
        let peak = requirement.max() ?? 0
        let bigM = Double(min(rules.maxHeadcount ?? .max, 2 * peak + 1))
        var starts: [Int: [Int: [Int]]] = [:]
        for (j, c) in columns.enumerated() { starts[c.day, default: [:]][c.start, default: []].append(j) }
        for d in starts.keys.sorted() {
            var indicators: [Int] = []
            for s in starts[d]!.keys.sorted() {
                let y = program.add(.init(cost: 0, lower: 0, upper: 1))
                indicators.append(y)
                program.add(.init(terms: starts[d]![s]!.map { (x[$0], 1.0) } + [(y, -bigM)], lower: nil, upper: 0))
            }
            program.add(.init(terms: indicators.map { ($0, 1.0) }, lower: nil, upper: Double(rules.maxStartsPerDay)))
        }
        // Coverage.
        var covering = [[Int]](repeating: [], count: requirement.count)
        for (j, c) in columns.enumerated() { for t in c.slots(perDay: slotsPerDay) where t < covering.count { covering[t].append(j) } }
        for t in requirement.indices where requirement[t] > 0 {
            program.add(.init(terms: covering[t].map { (x[$0], 1.0) }, lower: Double(requirement[t]), upper: nil))
        }
        // Full-timers: each day's full shifts are the full-timers whose pattern works that day.
        let patterns = fullTimePatterns()
        // Between rosters of equal cost, full-timers take the weekend off: a thousandth of a cost
        // unit per Saturday or Sunday a pattern works (left out of the roster's stated cost).
        let weekendCost = 1e-3 * (rules.fullTime.costPerHour > 0 ? rules.fullTime.costPerHour : 1)
        let w = patterns.map { pattern in
            program.add(.init(cost: weekendCost * Double((0..<days).filter { $0 % 7 >= 5 && pattern[$0] }.count)))
        }
        for d in 0..<days {
            let full = columns.indices.filter { columns[$0].day == d && columns[$0].kind == .full }
            let working = patterns.indices.filter { patterns[$0][d] }
            program.add(.init(terms: full.map { (x[$0], 1.0) } + working.map { (w[$0], -1.0) }, lower: 0, upper: 0))
        }
        // Part-timers: P people, one shift a day each, hours and days within the contract in total.
        let p = program.add(.init(cost: 0))
        let part = columns.indices.filter { columns[$0].kind == .part }
        for d in 0..<days {
            let today = part.filter { columns[$0].day == d }
            if !today.isEmpty { program.add(.init(terms: today.map { (x[$0], 1.0) } + [(p, -1.0)], lower: nil, upper: 0)) }
        }
        let contract = rules.partTime
        program.add(.init(terms: part.map { (x[$0], 1.0) } + [(p, -Double(contract.minDays))], lower: 0, upper: nil))
        program.add(.init(terms: part.map { (x[$0], 1.0) } + [(p, -Double(contract.maxDays))], lower: nil, upper: 0))
        let paidHours = { (j: Int) in Double(columns[j].paidSlots) * slotHours }
        program.add(.init(terms: part.map { (x[$0], paidHours($0)) } + [(p, -contract.minHours)], lower: 0, upper: nil))
        program.add(.init(terms: part.map { (x[$0], paidHours($0)) } + [(p, -contract.maxHours)], lower: nil, upper: 0))
        // Part-time share of paid hours: (1 − σ)·part − σ·full ≤ 0.
        let share = rules.partTimeShare
        program.add(.init(terms: columns.indices.map { j in (x[j], paidHours(j) * (columns[j].kind == .part ? 1 - share : -share)) },
                          lower: nil, upper: 0))
        if let most = rules.maxHeadcount {
            program.add(.init(terms: w.map { ($0, 1.0) } + [(p, 1.0)], lower: nil, upper: Double(most)))
        }
        let outcome: IntegerProgram.Outcome
        do { outcome = try program.solve(timeLimit: timeLimit, mipGap: gapTolerance, cuts: true) } catch { throw .solver(error.message) }
        guard case .solved(let solution) = outcome else {
            throw .infeasible("the contracts, the part-time share of \(share) and the headcount\(rules.maxHeadcount.map { " limit of \($0)" } ?? "") cannot all be kept while covering the requirement")
        }
        let counts = x.map { solution.integer($0) }
        let people = try assign(columns: columns, counts: counts, patterns: patterns, patternCounts: w.map { solution.integer($0) },
                                partTimers: solution.integer(p), timeLimit: timeLimit)
        var coverage = [Int](repeating: 0, count: requirement.count)
        for person in people { for s in person.shifts { for t in s.slots(perDay: slotsPerDay) where t < coverage.count { coverage[t] += 1 } } }
        let total = people.reduce(0.0) { sum, person in sum + person.shifts.reduce(0.0) { $0 + cost($1) } }
        return Roster(people: people, coverage: coverage, cost: total, relaxation: solution.relaxation, gapTolerance: gapTolerance,
                      hitTimeLimit: solution.hitTimeLimit, provenWithinTolerance: solution.withinGapTolerance, seconds: solution.seconds)
    }

    /// Deals the program's counts to named people: full-timers by day-off pattern, each working day
    /// taking one of that day's full shifts; part-timers one shift a day, least hours first (an
    /// assignment program when that misses a contract).
    func assign(columns: [RosterShift], counts: [Int], patterns: [[Bool]], patternCounts: [Int], partTimers: Int,
                timeLimit: Double) throws(Failure) -> [Roster.Person] {
        var fullByDay = [[RosterShift]](repeating: [], count: days)
        var partByDay = [[RosterShift]](repeating: [], count: days)
        for (j, c) in columns.enumerated() where counts[j] > 0 {
            for _ in 0..<counts[j] { if c.kind == .full { fullByDay[c.day].append(c) } else { partByDay[c.day].append(c) } }
        }
        // Each full-timer in pattern order; each day's full shifts go to those working it, earliest start first.
        var fullPatterns: [Int] = []
        for (q, n) in patternCounts.enumerated() where n > 0 { fullPatterns += [Int](repeating: q, count: n) }
        var full: [[RosterShift]] = fullPatterns.map { _ in [] }
        for d in 0..<days {
            let shifts = fullByDay[d].sorted { ($0.start, $0.breakStart ?? 0) < ($1.start, $1.breakStart ?? 0) }
            let working = fullPatterns.indices.filter { patterns[fullPatterns[$0]][d] }
            for (shift, person) in zip(shifts, working) { full[person].append(shift) }
        }
        var part = try dealPartShifts(partByDay, people: partTimers, timeLimit: timeLimit)
        part = part.filter { !$0.isEmpty }
        func name(_ prefix: String, _ i: Int, _ n: Int) -> String {
            let digits = max(2, String(n).count)
            let number = String(i + 1)
            return prefix + "-" + String(repeating: "0", count: digits - number.count) + number
        }
        return full.enumerated().map { Roster.Person(name: name("FT", $0, full.count), kind: .full, shifts: $1) }
            + part.enumerated().map { Roster.Person(name: name("PT", $0, part.count), kind: .part, shifts: $1.sorted { $0.day < $1.day }) }
    }

    /// Part shifts to `people` part-timers, at most one a day each, within the contract's hours and days.
    func dealPartShifts(_ byDay: [[RosterShift]], people: Int, timeLimit: Double) throws(Failure) -> [[RosterShift]] {
        guard people > 0 else { return [] }
        let contract = rules.partTime
        var weeks = [[RosterShift]](repeating: [], count: people)
        var paid = [Int](repeating: 0, count: people)
        for d in byDay.indices.sorted(by: { byDay[$0].count > byDay[$1].count }) {
            let order = weeks.indices.sorted { (paid[$0], weeks[$0].count, $0) < (paid[$1], weeks[$1].count, $1) }
            for (shift, person) in zip(byDay[d].sorted { $0.paidSlots > $1.paidSlots }, order) {
                weeks[person].append(shift)
                paid[person] += shift.paidSlots
            }
        }
        let keeps = weeks.allSatisfy { week in
            let hours = Double(week.reduce(0) { $0 + $1.paidSlots }) * slotHours
            return hours >= contract.minHours - 1e-9 && hours <= contract.maxHours + 1e-9
                && week.count >= contract.minDays && week.count <= contract.maxDays
        }
        if keeps { return weeks }
        // The exact deal: z[p][i] = 1 when person p works shift i.
        let shifts = byDay.flatMap { $0 }
        var program = IntegerProgram()
        let z = (0..<people).map { _ in shifts.map { _ in program.add(.init(cost: 0, lower: 0, upper: 1)) } }
        for i in shifts.indices { program.add(.init(terms: (0..<people).map { (z[$0][i], 1.0) }, lower: 1, upper: 1)) }
        for q in 0..<people {
            for d in byDay.indices {
                let today = shifts.indices.filter { shifts[$0].day == d }
                if today.count > 1 { program.add(.init(terms: today.map { (z[q][$0], 1.0) }, lower: nil, upper: 1)) }
            }
            program.add(.init(terms: shifts.indices.map { (z[q][$0], Double(shifts[$0].paidSlots) * slotHours) },
                              lower: contract.minHours, upper: contract.maxHours))
            program.add(.init(terms: shifts.indices.map { (z[q][$0], 1.0) }, lower: Double(contract.minDays), upper: Double(contract.maxDays)))
        }
        let outcome: IntegerProgram.Outcome
        do { outcome = try program.solve(timeLimit: timeLimit) } catch { throw .solver(error.message) }
        guard case .solved(let s) = outcome else {
            throw .infeasible("the part shifts cannot be dealt to \(people) part-timers within \(contract.minHours)-\(contract.maxHours) h and \(contract.minDays)-\(contract.maxDays) days each")
        }
        return (0..<people).map { q in shifts.indices.filter { s.integer(z[q][$0]) == 1 }.map { shifts[$0] } }
    }
}

extension RosterProblem {
    /// A shift the rules could allow that would work the first of `slots`, in the words of
    /// `planner.shift_rules` (`hour` long an hour, in the scenario's unit).
    public func suggestion(for slots: [Int], hour: Double) -> String {
        guard let first = slots.min(), let length = rules.partLengths.min() else { return "" }
        let d = first / slotsPerDay
        let s = first % slotsPerDay
        let start = max(openSpan(day: d)?.lowerBound ?? 0, s + 1 - length)
        let clock = { (slot: Int) in ShiftPatterns.clock(Double(slot) * slotHours * hour, hour: hour) }
        return "a part shift \(clock(start))-\(clock(start + length)) would cover it (part_shift's earliest_start and latest_start must allow a start at \(clock(start)))"
    }

    /// Open slots (as a requirement of one) no allowed shift works: the check made before any simulation.
    public static func uncoverableOpenSlots(open: [Bool], slotsPerDay: Int, slotHours: Double, rules: RosterRules) -> (slots: [Int], problem: RosterProblem) {
        let problem = RosterProblem(requirement: open.map { $0 ? 1 : 0 }, open: open, slotsPerDay: slotsPerDay, slotHours: slotHours, rules: rules)
        return (problem.uncoveredSlots(), problem)
    }
}

import Testing
@testable import Planner

/// The roster program against brute force: on small weeks every roster of named people is
/// enumerated (each person's week checked against their contract by code of its own), and the
/// program's cost must be the least found; every roster it returns keeps every rule.
@Suite struct RosterProgramTests {
    /// Three days of five one-hour slots: full shifts of 4 slots with a 1-slot lunch inside slots
    /// 1-3, part shifts of 2 slots; a full-timer works 2 days (one day off), a part-timer 1-2 days.
    static func rules(starts: Int = 2, share: Double = 0.5, headcount: Int = 3, fullCost: Double = 1, partCost: Double = 1.25) -> RosterRules {
        RosterRules(fullLength: 4, partLengths: [2], breakLength: 1, breakFrom: 1, breakTo: 4, breakOver: 3, maxStartsPerDay: starts,
                    partTimeShare: share,
                    fullTime: .init(minHours: 6, maxHours: 6, minDays: 2, maxDays: 2, costPerHour: fullCost),
                    partTime: .init(minHours: 2, maxHours: 4, minDays: 1, maxDays: 2, costPerHour: partCost),
                    maxHeadcount: headcount)
    }

    /// Deterministic small requirements (a linear congruential sequence): 0-2 per slot, one day
    /// sometimes closed.
    static func requirements(_ count: Int) -> [[Int]] {
        var state: UInt64 = 12345
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        return (0..<count).map { c in
            let closedDay = c % 3 == 0 ? next(3) : -1
            return (0..<15).map { t in t / 5 == closedDay ? 0 : [0, 1, 1, 2][next(4)] }
        }
    }

    struct Week { var kind: RosterShift.Kind; var shifts: [RosterShift]; var cost: Double }

    /// Every week one person could work, each checked here against the contract.
    static func weeks(_ problem: RosterProblem) -> [Week] {
        let r = problem.rules
        let columns = problem.columns()
        var out: [Week] = []
        for kind in [RosterShift.Kind.full, .part] {
            let contract = kind == .full ? r.fullTime : r.partTime
            let byDay = (0..<problem.days).map { d in [nil] + columns.filter { $0.day == d && $0.kind == kind }.map { Optional($0) } }
            func walk(_ d: Int, _ chosen: [RosterShift]) {
                if d == problem.days {
                    let hours = Double(chosen.reduce(0) { $0 + $1.paidSlots }) * problem.slotHours
                    guard !chosen.isEmpty, chosen.count >= contract.minDays, chosen.count <= contract.maxDays,
                          hours >= contract.minHours, hours <= contract.maxHours else { return }
                    if kind == .full {
                        // The days off form one run around the week.
                        let off = (0..<problem.days).filter { d in !chosen.contains { $0.day == d } }
                        let runs = off.filter { !off.contains(($0 + problem.days - 1) % problem.days) }.count
                        guard off.isEmpty || runs == 1 else { return }
                    }
                    out.append(Week(kind: kind, shifts: chosen, cost: hours * contract.costPerHour))
                    return
                }
                for option in byDay[d] { walk(d + 1, option.map { chosen + [$0] } ?? chosen) }
            }
            walk(0, [])
        }
        return out
    }

    /// The least cost of any multiset of at most `headcount` weeks meeting coverage, start times and share; nil when none does.
    static func bruteForce(_ problem: RosterProblem) -> Double? {
        let r = problem.rules
        let weeks = weeks(problem)
        var best: Double?
        var chosen: [Int] = []
        func feasible() -> Bool {
            var coverage = [Int](repeating: 0, count: problem.requirement.count)
            var starts = [Set<Int>](repeating: [], count: problem.days)
            var part = 0, total = 0
            for w in chosen {
                for s in weeks[w].shifts {
                    for t in s.slots(perDay: problem.slotsPerDay) { coverage[t] += 1 }
                    starts[s.day].insert(s.start)
                    total += s.paidSlots
                    if weeks[w].kind == .part { part += s.paidSlots }
                }
            }
            guard zip(coverage, problem.requirement).allSatisfy({ $0 >= $1 }) else { return false }
            guard starts.allSatisfy({ $0.count <= r.maxStartsPerDay }) else { return false }
            return Double(part) <= r.partTimeShare * Double(total) + 1e-9
        }
        func search(from: Int, cost: Double) {
            if let b = best, cost >= b - 1e-9 { return }
            if feasible() { best = cost; return }
            guard chosen.count < (r.maxHeadcount ?? 3) else { return }
            for w in from..<weeks.count {
                chosen.append(w)
                search(from: w, cost: cost + weeks[w].cost)
                chosen.removeLast()
            }
        }
        search(from: 0, cost: 0)
        return best
    }

    @Test("the program's roster costs what the least roster found by enumeration costs, and keeps every rule",
          arguments: [(2, 0.5), (1, 0.5), (2, 0.25), (3, 1.0)])
    func matchesBruteForce(starts: Int, share: Double) throws {
        var solved = 0, infeasible = 0
        for requirement in Self.requirements(8) {
            let problem = RosterProblem(requirement: requirement, slotsPerDay: 5, slotHours: 1, rules: Self.rules(starts: starts, share: share))
            let best = Self.bruteForce(problem)
            do {
                let roster = try problem.solve(timeLimit: 20, gapTolerance: 0)
                #expect(roster.violations(problem).isEmpty, "\(requirement): \(roster.violations(problem))")
                let least = try #require(best, "the program found a roster (\(roster.cost)) enumeration did not: \(requirement)")
                #expect(abs(roster.cost - least) < 1e-6, "\(requirement): program \(roster.cost), enumeration \(least)")
                #expect(roster.gap < 1e-9 && !roster.hitTimeLimit)
                solved += 1
            } catch {
                #expect(best == nil, "\(requirement): the program found none (\(error)), enumeration found \(best ?? -1)")
                infeasible += 1
            }
        }
        // The cases exercise both answers across the arguments; at least one roster is found per argument.
        #expect(solved > 0)
    }

    @Test("the check catches each broken rule")
    func violationsAreFound() throws {
        let requirement = [0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]
        let problem = RosterProblem(requirement: requirement, slotsPerDay: 5, slotHours: 1, rules: Self.rules(starts: 2, share: 1))
        let roster = try problem.solve(timeLimit: 20, gapTolerance: 0)
        #expect(roster.violations(problem).isEmpty)
        var twoShifts = roster
        if let i = twoShifts.people.indices.first(where: { twoShifts.people[$0].kind == .full }) {
            var moved = twoShifts.people[i].shifts[0]
            moved.breakStart = 0
            twoShifts.people[i].shifts[0] = moved
            #expect(twoShifts.violations(problem).contains { $0.contains("lunch") })
        }
        var uncovered = roster
        uncovered.people.removeLast()
        #expect(!uncovered.violations(problem).isEmpty)
    }

    @Test("full-timers' days off are consecutive and closed days are never worked on a seven-day week")
    func week() throws {
        // Seven days of 18 half hours (8:00-17:00), Sunday closed, Saturday morning only.
        let perDay = 18
        var requirement = [Int](repeating: 0, count: 7 * perDay)
        for d in 0..<5 { for s in 1..<perDay { requirement[d * perDay + s] = s < 8 ? 3 : 4 } }
        for s in 1..<9 { requirement[5 * perDay + s] = 2 }
        let rules = RosterRules(fullLength: 17, partLengths: [8], breakLength: 1, breakFrom: 7, breakTo: 11, breakOver: 12,
                                maxStartsPerDay: 3, partTimeShare: 0.5,
                                fullTime: .init(minHours: 40, maxHours: 40, minDays: 5, maxDays: 5, costPerHour: 1),
                                partTime: .init(minHours: 8, maxHours: 30, minDays: 2, maxDays: 5, costPerHour: 1))
        let problem = RosterProblem(requirement: requirement, slotsPerDay: perDay, slotHours: 0.5, rules: rules)
        let roster = try problem.solve(timeLimit: 10, gapTolerance: 0.01)
        #expect(roster.violations(problem).isEmpty, "\(roster.violations(problem))")
        #expect(roster.headcount(.full) > 0)
        for person in roster.people {
            #expect(!person.shifts.contains { $0.day == 6 }, "\(person.name) works Sunday")
            if person.kind == .full { #expect(person.shifts.map(\.day) == [0, 1, 2, 3, 4], "\(person.name): \(person.shifts.map(\.day))") }
        }
        #expect(roster.gap <= 0.01 + 1e-9 || roster.hitTimeLimit)
    }
}

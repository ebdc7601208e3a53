/// The counselor assignment as an integer program: which college's counselors visit which
/// dormitory building each week and which are on call in which duty block, so that every building
/// gets its visits and every block its counselors on duty within each counselor's weekly budgets,
/// with the busiest counselor's workload (visits + talks + on-call hours) as low as it can be, and
/// buildings visited by the colleges whose students live there where that costs nothing.
///
/// The unit is the college: counselors of one college are interchangeable (same students, same
/// talk load), so the program counts them by profile — (v, o): v visits and o duty blocks a week —
/// instead of naming them, which keeps it small and free of the n! symmetric copies a program per
/// counselor would have. `CounselorAssignment.spread` then names the counselors.
///
/// Variables: x[c][b] visits by college c to building b; g[c][p] counselors of c with profile p;
/// z the busiest workload, on the ascending workloads w_0 < w_1 < … a profile can have,
/// z = w_0 + Σ_j (w_j − w_{j−1}) t_j with t_1 ≥ t_2 ≥ … ∈ {0,1}; s[b] visits and S duty
/// (counselor-blocks) left undone, zero unless the staff fall short.
///
/// - Σ_c x[c][b] + s[b] ≥ visitsRequired[b]
/// - Σ_p g[c][p] = counselors[c];  Σ_b x[c][b] ≤ Σ_p v_p g[c][p]
/// - g[c][p] ≤ counselors[c] · t_j where w_j is the profile's workload talk[c] + v_p · visitHours +
///   o_p · blockHours: a profile is used only when z reaches it
/// - duty: for s = 1 … blockBudget − 1 and for all blocks, the s largest block requirements sum to
///   at most Σ_{c,p} min(o_p, s) g[c][p] + S. Blocks are interchangeable apart from their
///   requirement, so this is exactly when counselors with those profiles can be dealt to the
///   blocks, each counselor in different blocks (Gale–Ryser); no variable per block is needed.
/// - a building's visits by one college come from different counselors: for s < visitBudget the
///   s largest x[c][b] sum to at most Σ_p min(v_p, s) g[c][p] (the same condition within the
///   college), linearised as s·λ + Σ_b μ_b with μ_b ≥ x[c][b] − λ, μ, λ ≥ 0; added only where a
///   building needs more than one visit.
/// - implied, but they tighten the relaxation: z ≥ every college's talks, and
///   counselors[c] · z ≥ Σ_p w_p g[c][p] (the busiest is at least the mean).
///
/// Lexicographic objective, three solves: least missing hours (only when the staff fall short),
/// then least z, then with z fixed the least Σ (2 − share[c][b]) x[c][b] (fewest visits, by the
/// colleges living in the building).
public struct CounselorProgram: Sendable {
    public var colleges: [String]
    /// Counselors per college.
    public var counselors: [Int]
    /// Hours of talks per counselor per week, by college.
    public var talkHours: [Double]
    public var buildings: [String]
    /// Visits per building per week.
    public var visitsRequired: [Int]
    /// share[c][b]: the share of building b's beds held by college c's students.
    public var share: [[Double]]
    public var visitHours: Double
    /// Most visits one counselor makes a week.
    public var visitBudget: Int
    public var blockHours: Double
    /// Counselors on duty required per duty block.
    public var dutyRequired: [Int]
    /// Most duty blocks one counselor takes a week.
    public var blockBudget: Int

    public init(
        colleges: [String], counselors: [Int], talkHours: [Double], buildings: [String], visitsRequired: [Int], share: [[Double]],
        visitHours: Double, visitBudget: Int, blockHours: Double, dutyRequired: [Int], blockBudget: Int
    ) {
        self.colleges = colleges
        self.counselors = counselors
        self.talkHours = talkHours
        self.buildings = buildings
        self.visitsRequired = visitsRequired
        self.share = share
        self.visitHours = visitHours
        self.visitBudget = visitBudget
        self.blockHours = blockHours
        self.dutyRequired = dutyRequired
        self.blockBudget = blockBudget
    }

    /// The fewest counselors (anywhere) with whom every building can get its visits: each
    /// counselor makes at most `visitBudget` visits and a building's visits come from different
    /// counselors. nil when no number is enough (no visit fits the budget).
    public var counselorsForVisits: Int? { Self.fewest(visitsRequired, budget: visitBudget) }

    /// The fewest counselors with whom every duty block is staffed, by the same count.
    public var counselorsForDuty: Int? { Self.fewest(dutyRequired, budget: blockBudget) }

    static func fewest(_ required: [Int], budget: Int) -> Int? {
        let total = required.reduce(0) { $0 + max(0, $1) }
        if total == 0 { return 0 }
        guard budget > 0 else { return nil }
        return max(required.max() ?? 0, (total + budget - 1) / budget)
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case solver(String)
        public var description: String {
            switch self { case .solver(let m): "the counselor program failed: \(m)" }
        }
    }

    /// Profiles (visits, duty blocks) a counselor can have within the budgets.
    var profiles: [(visits: Int, blocks: Int)] {
        var p: [(Int, Int)] = []
        for v in 0...max(0, visitBudget) { for o in 0...max(0, blockBudget) { p.append((v, o)) } }
        return p
    }

    /// The program with its variable indices.
    struct Built {
        var program = IntegerProgram()
        var x: [[Int?]] = []
        var g: [[Int]] = []
        var t: [Int] = []
        var z = 0
        /// Per building (building form), or one for all visits (pooled form).
        var visitSlack: [Int?] = []
        var dutySlack: Int?
        /// The workloads a counselor can have, ascending: z is one of them.
        var levels: [Double] = []
        var integerCount: Int { program.variables.filter(\.integer).count }
    }

    /// How the visits appear in the program.
    enum VisitForm {
        /// Buildings differ only in their requirement (as duty blocks do): enough for the least
        /// undone and the least z, and exact for both.
        case pooled
        /// x[c][b] per college and building, for the preference; `onePerCollege` bounds each by 1
        /// (no distinctness rows needed), else the distinctness rows within each college.
        case buildings(onePerCollege: Bool)
    }

    func build(_ form: VisitForm) -> Built {
        var b = Built()
        let profiles = self.profiles
        let cs = colleges.indices
        let load = { (c: Int, p: (visits: Int, blocks: Int)) in
            talkHours[c] + Double(p.visits) * visitHours + Double(p.blocks) * blockHours
        }
        let floor = cs.filter { counselors[$0] > 0 }.map { talkHours[$0] }.max() ?? 0
        b.z = b.program.add(.init(cost: 0, lower: max(0, floor), upper: nil, integer: false))
        b.g = cs.map { c in profiles.map { _ in b.program.add(.init(upper: Double(counselors[c]))) } }
        // The workloads a counselor can have, ascending; t[j] = 1 when z reaches levels[j + 1].
        var levels: [Double] = []
        for c in cs where counselors[c] > 0 {
            for p in profiles { levels.append(load(c, p)) }
        }
        levels.sort()
        levels = levels.reduce(into: [Double]()) { kept, w in if kept.last.map({ w - $0 > 1e-9 }) ?? true { kept.append(w) } }
        b.levels = levels
        b.t = levels.dropFirst().map { _ in b.program.add(.init(upper: 1)) }
        if let first = levels.first {
            // z = levels[0] + Σ_j (levels[j + 1] − levels[j]) t[j], with t non-increasing.
            b.program.add(.init(terms: [(b.z, 1)] + b.t.indices.map { (b.t[$0], -(levels[$0 + 1] - levels[$0])) }, lower: first, upper: first))
            for j in b.t.indices.dropFirst() { b.program.add(.init(terms: [(b.t[j - 1], 1), (b.t[j], -1)], lower: 0)) }
        }
        let dutyTotal = dutyRequired.reduce(0) { $0 + max(0, $1) }
        b.dutySlack = dutyTotal > 0 ? b.program.add(.init(upper: Double(dutyTotal))) : nil
        if let slack = b.dutySlack {
            addPooled(&b, required: dutyRequired, budget: blockBudget, capacity: profiles.map(\.blocks), slack: slack)
        }

        switch form {
        case .pooled:
            let total = visitsRequired.reduce(0) { $0 + max(0, $1) }
            if total > 0 {
                let slack = b.program.add(.init(upper: Double(total)))
                b.visitSlack = [slack]
                addPooled(&b, required: visitsRequired, budget: visitBudget, capacity: profiles.map(\.visits), slack: slack)
            }
            b.x = cs.map { _ in buildings.map { _ in nil } }
        case .buildings(let onePerCollege):
            b.x = cs.map { c in buildings.indices.map { k in
                counselors[c] > 0 && visitsRequired[k] > 0 && visitBudget > 0
                    ? b.program.add(.init(upper: Double(min(onePerCollege ? 1 : counselors[c], visitsRequired[k])))) : nil
            } }
            b.visitSlack = visitsRequired.map { r in r > 0 ? b.program.add(.init(upper: Double(r))) : nil }
            for k in buildings.indices {
                guard let s = b.visitSlack[k] else { continue }
                b.program.add(.init(terms: cs.compactMap { b.x[$0][k] }.map { ($0, 1) } + [(s, 1)], lower: Double(visitsRequired[k])))
            }
            for c in cs {
                b.program.add(.init(terms: b.x[c].compactMap { $0 }.map { ($0, 1) } + zip(b.g[c], profiles).map { ($0, -Double($1.visits)) }, upper: 0))
                if !onePerCollege { addDistinct(&b, vars: b.x[c], budget: visitBudget, capacity: profiles.map(\.visits), college: c) }
            }
        }
        for c in cs {
            let n = Double(counselors[c])
            b.program.add(.init(terms: b.g[c].map { ($0, 1) }, lower: n, upper: n))
            guard counselors[c] > 0 else { continue }
            b.program.add(.init(terms: [(b.z, n)] + zip(b.g[c], profiles).map { ($0, -load(c, $1)) }, lower: 0))
            // A profile above the lowest level is used only when z reaches its workload.
            for (p, profile) in profiles.enumerated() {
                guard let j = levels.firstIndex(where: { $0 >= load(c, profile) - 1e-9 }), j > 0 else { continue }
                b.program.add(.init(terms: [(b.g[c][p], 1), (b.t[j - 1], -n)], upper: 0))
            }
        }
        return b
    }

    /// Items that differ only in their requirement (duty blocks; buildings when pooled): the s
    /// largest requirements sum to at most Σ_{c,p} min(capacity_p, s) g[c][p] + slack, for
    /// s < budget and for all items — exactly when holders with those profiles can be dealt to
    /// the items, each to different ones (Gale–Ryser).
    private func addPooled(_ b: inout Built, required: [Int], budget: Int, capacity: [Int], slack: Int) {
        let largest = required.map { max(0, $0) }.sorted(by: >)
        var sizes = Array(1..<max(1, min(budget, largest.count)))
        sizes.append(largest.count)
        for size in sizes {
            var terms: [(variable: Int, coefficient: Double)] = [(slack, 1)]
            for c in colleges.indices {
                for (p, cap) in capacity.enumerated() where cap > 0 { terms.append((b.g[c][p], Double(min(cap, size)))) }
            }
            b.program.add(.init(terms: terms, lower: Double(largest.prefix(size).reduce(0, +))))
        }
    }

    /// For s = 1 … budget − 1: the s largest of `vars` sum to at most Σ_p min(cap_p, s) g[c][p].
    private func addDistinct(_ b: inout Built, vars: [Int?], budget: Int, capacity: [Int], college c: Int) {
        let present = vars.compactMap { $0 }
        guard present.contains(where: { (b.program.variables[$0].upper ?? 2) > 1 }) else { return }
        for s in 1..<max(1, budget) {
            let lambda = b.program.add(.init(integer: false))
            var terms: [(variable: Int, coefficient: Double)] = [(lambda, Double(s))]
            for x in present {
                let mu = b.program.add(.init(integer: false))
                b.program.add(.init(terms: [(mu, 1), (lambda, 1), (x, -1)], lower: 0))
                terms.append((mu, 1))
            }
            for (p, cap) in capacity.enumerated() { terms.append((b.g[c][p], -Double(min(cap, s)))) }
            b.program.add(.init(terms: terms, upper: 0))
        }
    }

    /// The least visits and duty (in counselor-blocks) that the staff given must leave undone.
    /// Without `solving`, staff the counts say are enough are answered by the counts.
    public func missing(timeLimit: Double = 10, solving: Bool = false) throws(Failure) -> (visits: Int, duty: Int) {
        if !isShort && !solving { return (0, 0) }
        var b = build(.pooled)
        setMissingObjective(&b)
        let s = try Self.run(b.program, timeLimit: timeLimit)
        return (b.visitSlack.compactMap { $0 }.reduce(0) { $0 + s.integer($1) }, b.dutySlack.map { s.integer($0) } ?? 0)
    }

    /// Whether the staff fall short of the visits or the duty (by the counts, which are exact).
    var isShort: Bool {
        let total = counselors.reduce(0, +)
        return (counselorsForVisits.map { $0 > total } ?? true) || (counselorsForDuty.map { $0 > total } ?? true)
    }

    private func setMissingObjective(_ b: inout Built) {
        for s in b.visitSlack.compactMap({ $0 }) { b.program.variables[s].cost = max(visitHours, 1e-3) }
        if let s = b.dutySlack { b.program.variables[s].cost = max(blockHours, 1e-3) }
    }

    static func attempt(_ program: IntegerProgram, timeLimit: Double) throws(Failure) -> IntegerProgram.Solution? {
        let outcome: IntegerProgram.Outcome
        do { outcome = try program.solve(timeLimit: timeLimit) } catch { throw .solver(error.message) }
        guard case .solved(let s) = outcome else { return nil }
        return s
    }

    static func run(_ program: IntegerProgram, timeLimit: Double) throws(Failure) -> IntegerProgram.Solution {
        guard let s = try attempt(program, timeLimit: timeLimit) else {
            throw .solver("no feasible point (the slack should always give one)")
        }
        return s
    }

    /// Solves the stages and names the counselors: the least undone and the least z with the
    /// buildings pooled, then the preference with buildings named — one visit per college and
    /// building first, the distinctness rows when that does not fit within z.
    public func solve(timeLimit: Double = 10) throws(Failure) -> CounselorAssignment {
        var stages: [CounselorAssignment.Stage] = []
        var pooled = build(.pooled)
        var missingVisits = 0, missingDuty = 0
        if isShort {
            setMissingObjective(&pooled)
            let s: IntegerProgram.Solution = try Self.run(pooled.program, timeLimit: timeLimit)
            stages.append(.init(name: "least missing hours", solution: s, program: pooled))
            missingVisits = pooled.visitSlack.compactMap { $0 }.reduce(0) { $0 + s.integer($1) }
            missingDuty = pooled.dutySlack.map { s.integer($0) } ?? 0
        }
        func fixSlack(_ b: inout Built) {
            for j in b.visitSlack.compactMap({ $0 }) { b.program.variables[j].cost = 0; b.program.variables[j].upper = Double(missingVisits) }
            if let j = b.dutySlack { b.program.variables[j].cost = 0; b.program.variables[j].upper = Double(missingDuty) }
        }
        fixSlack(&pooled)
        // The least z: bisection over the workload levels, each a GLPK feasibility program with z
        // held at the level (t fixed), which branch and bound settles at once; minimising z
        // directly leaves GLPK branching on the counts without closing the gap.
        var best: (level: Int, solution: IntegerProgram.Solution)?
        var lo = 0
        let top = pooled.levels.count - 1
        var seconds = 0.0, solves = 0, proven = true, unsettled: Double?
        func check(_ i: Int) throws(Failure) -> IntegerProgram.Solution? {
            var b = pooled
            for (j, t) in b.t.enumerated() {
                let on: Double = j + 1 <= i ? 1 : 0
                b.program.variables[t].lower = on
                b.program.variables[t].upper = on
            }
            let outcome: IntegerProgram.Outcome
            do { outcome = try b.program.solve(timeLimit: timeLimit) } catch {
                // A check that ran out of time without a point counts as infeasible, unproven: the
                // lowest such level bounds the optimum from below.
                proven = false
                unsettled = min(unsettled ?? b.levels[i], b.levels[i])
                solves += 1
                seconds += timeLimit
                return nil
            }
            solves += 1
            switch outcome {
            case .infeasible: return nil
            case .solved(let s):
                seconds += s.seconds
                return s
            }
        }
        if top >= 0, let s = try check(top) { best = (top, s) }
        while let current = best, lo < current.level {
            let mid = (lo + current.level) / 2
            if let s = try check(mid) { best = (mid, s) } else { lo = mid + 1 }
        }
        guard let minimax = best else { throw .solver("no feasible point at the highest workload") }
        let zStar = pooled.levels[minimax.level]
        stages.append(CounselorAssignment.Stage(
            name: "least busiest workload (bisection over \(pooled.levels.count) workload levels, \(solves) solves)",
            objective: zStar, relaxation: proven ? zStar : (unsettled ?? zStar), provenOptimal: proven,
            gap: proven ? 0 : max(0, (zStar - (unsettled ?? zStar)) / max(zStar, 1e-9)), seconds: seconds,
            variables: pooled.program.variables.count, integerVariables: pooled.integerCount, rows: pooled.program.rows.count))
        let bound = zStar + 1e-6 * max(1, abs(zStar))

        // One visit per college and building cannot fit a building needing more colleges than there are.
        let staffed = counselors.filter { $0 > 0 }.count
        for onePerCollege in (visitsRequired.max() ?? 0) <= staffed ? [false, true] : [false] {
            var b = build(.buildings(onePerCollege: onePerCollege))
            fixSlack(&b)
            if missingVisits > 0 {
                // Per building, the same total undone as pooled.
                b.program.add(.init(terms: b.visitSlack.compactMap { $0 }.map { ($0, 1) }, upper: Double(missingVisits)))
            }
            b.program.variables[b.z].upper = bound
            for c in colleges.indices {
                for (k, x) in b.x[c].enumerated() { if let x { b.program.variables[x].cost = 2 - share[c][k] } }
            }
            guard let final = try? Self.attempt(b.program, timeLimit: timeLimit) ?? nil else { continue }
            stages.append(.init(name: onePerCollege ? "fewest visits, by resident colleges (one per college and building)"
                                                   : "fewest visits, by resident colleges", solution: final, program: b))
            return CounselorAssignment(
                program: self, visits: b.x.map { row in row.map { $0.map { final.integer($0) } ?? 0 } },
                profileCounts: b.g.map { row in row.map { final.integer($0) } }, busiestBound: zStar, stages: stages)
        }
        // No preference solve finished: the pooled plan, visits dealt over every counselor.
        return CounselorAssignment(
            program: self, visits: nil, profileCounts: pooled.g.map { row in row.map { minimax.solution.integer($0) } },
            busiestBound: zStar, stages: stages)
    }
}

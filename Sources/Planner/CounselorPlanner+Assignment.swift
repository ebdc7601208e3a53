import CampusModel
import Foundation
import ScenarioModel
import Stochastics

extension CounselorPlanner {
    /// The building assignment and on-call roster for an allocation, what each of their rules needs,
    /// and the simulated coverage of the assignment.
    public struct AssignmentPlan: Sendable {
        public var assignment: CounselorAssignment
        /// Counselors on duty required in every hour of the week (the on-call station runs all week).
        public var dutyPerHour: Int
        /// Hour of the week (Monday 0:00 is 0) each of the program's duty blocks starts: the weekly
        /// average the program plans with.
        public var blockStarts: [Double]
        /// The term's on-call roster in whole blocks (evening, night, weekend day, ...), each
        /// counselor carrying the program's weekly duty hours on average over the term.
        public var onCall: OnCallRoster
        public var rules: [AssignmentRule]
        /// Coverage simulated by `CounselorWeeks` with the assignment in place of its rotation.
        public var verification: Verification?
    }

    /// A rule the assignment must keep: the counselors it needs in all and how many are missing.
    public struct AssignmentRule: Sendable {
        public var rule: String
        public var kind: CampusRuleKind
        /// nil when no number of counselors is enough (the weekly budget leaves no time for it).
        public var needed: Int?
        public var missing: Int?
        public var met: Bool
        public var note: String
    }

    public struct Verification: Sendable {
        public var replications: Int
        /// Mean share of buildings visited a week, residential counselors included (the rule's measure).
        public var dormVisitCoverage: Double?
        /// The same with no residential counselors: what the assigned visits alone achieve.
        public var visitsOnlyCoverage: Double?
        /// The least share of weeks any building was visited (visits alone).
        public var leastBuildingCoverage: Double?
    }

    /// Duty block length: the longest of 8, 6, 4, 3, 2 or 1 hours within the weekly on-call
    /// allowance (blocks tile the day), nil below an hour.
    public static func blockHours(allowance: Double) -> Double? {
        [8.0, 6, 4, 3, 2, 1].first { $0 <= allowance + 1e-9 }
    }

    /// Visits each building needs a week for the dorm-visit rule: the fewest k (by different
    /// counselors, each away with the scenario's absence chance) with 1 − absence^k ≥ target;
    /// one a week without the rule.
    public func visitsRequired() -> Int {
        guard let counselors = campus.counselors else { return 0 }
        guard let rule = campus.rules.first(where: { $0.kind == .dormVisitCoverage }) else { return 1 }
        if rule.target <= 0 { return 0 }
        var k = 1
        while 1 - pow(counselors.absence, Double(k)) < rule.target - 1e-12 && k < 20 { k += 1 }
        return k
    }

    /// Hours of talks per counselor per week, by college: the talks the talk-coverage target asks of
    /// a counselor's own students over the term, or the requested ones if more, within the budget.
    public func talkHours(perCollege: [Int]) -> [Double] {
        guard let counselors = campus.counselors else { return perCollege.map { _ in 0 } }
        let target = campus.rules.first { $0.kind == .talkCoverage }?.target ?? 0
        let budget = (counselors.weeklyHours["talks", default: 0] / counselors.talkHours + 1e-9).rounded(.down)
        let weeks = Double(max(1, campus.term.weeks))
        return zip(campus.population.colleges, perCollege).map { college, n in
            guard n > 0 else { return 0 }
            let own = Double(college.students) / Double(n)
            let talks = max(target * own / weeks, counselors.requestedTalksPerThousand * own / 1000)
            return min(talks, budget) * counselors.talkHours
        }
    }

    /// share[c][b]: the share of building b's beds taken by college c's students, assuming students
    /// fill the beds college after college and building after building in the population's order
    /// (the scenario does not say who lives where).
    public func bedShares() -> [[Double]] {
        let dorms = campus.population.dormitories
        var share = campus.population.colleges.map { _ in dorms.map { _ in 0.0 } }
        var b = 0, free = dorms.first?.beds ?? 0
        for (c, college) in campus.population.colleges.enumerated() {
            var left = college.students
            while left > 0 && b < dorms.count {
                let take = min(left, free)
                if take > 0 { share[c][b] += Double(take) / Double(dorms[b].beds) }
                left -= take
                free -= take
                if free == 0 {
                    b += 1
                    free = b < dorms.count ? dorms[b].beds : 0
                }
            }
        }
        return share
    }

    /// Counselors on duty needed every hour: the crisis-response rule's Erlang C count, and enough
    /// that the on-call station is stable for all urgencies together; without the rule, the
    /// scenario's `on_call.counselors`.
    public func dutyPerHour(crisisNeeded: Int?) -> Int {
        guard let onCall = campus.counselors?.onCall else { return 0 }
        guard let needed = crisisNeeded else { return onCall.counselors }
        let week = 7 * 24 * 3600 / timeUnit.seconds
        let load = onCall.urgencies.reduce(0.0) { $0 + $1.perWeek / week * ((try? Distribution($1.service).mean) ?? 0) }
        return max(needed, Int(load.rounded(.down)) + 1)
    }

    /// The integer program for counselors per college `perCollege` and `duty` counselors on duty
    /// every hour of the week.
    public func assignmentProgram(perCollege: [Int], duty: Int) -> CounselorProgram {
        let counselors = campus.counselors
        let hours = counselors?.weeklyHours ?? [:]
        let visitHours = counselors?.dormVisitHours ?? 1
        let allowance = hours["on_call", default: 0]
        let block = Self.blockHours(allowance: allowance) ?? 1
        let blocks = duty > 0 ? Int((168 / block).rounded()) : 0
        let k = visitsRequired()
        return CounselorProgram(
            colleges: campus.population.colleges.map(\.id), counselors: perCollege, talkHours: talkHours(perCollege: perCollege),
            buildings: campus.population.dormitories.map(\.id), visitsRequired: campus.population.dormitories.map { _ in k },
            share: bedShares(), visitHours: visitHours,
            visitBudget: visitHours > 0 ? Int((hours["dormitory", default: 0] / visitHours + 1e-9).rounded(.down)) : 0,
            blockHours: block, dutyRequired: Array(repeating: duty, count: blocks),
            blockBudget: Self.blockHours(allowance: allowance) == nil ? 0 : Int((allowance / block + 1e-9).rounded(.down)))
    }

    /// The fewest counselors, spread evenly over colleges, with whom the program leaves nothing
    /// undone in one part: from the counting bound (a lower bound, and enough by the max-flow
    /// argument in `CounselorProgram`) upwards, each checked by solving the program with that staff.
    func counselorsNeeded(duty: Int, visits: Bool) throws(CounselorProgram.Failure) -> Int? {
        let students = campus.population.colleges.map(\.students)
        let program = assignmentProgram(perCollege: Self.spread(1, students: students), duty: duty)
        guard var n = visits ? program.counselorsForVisits : program.counselorsForDuty else { return nil }
        for _ in 0..<64 {
            let p = assignmentProgram(perCollege: Self.spread(n, students: students), duty: duty)
            let m = try p.missing(solving: true)
            if (visits ? m.visits : m.duty) == 0 { return n }
            n += 1
        }
        return nil
    }

    /// Solves the assignment and roster for `perCollege`, and says what each of their rules needs.
    public func assign(perCollege: [Int], crisisNeeded: Int?) throws(CounselorProgram.Failure) -> AssignmentPlan {
        let duty = dutyPerHour(crisisNeeded: crisisNeeded)
        let program = assignmentProgram(perCollege: perCollege, duty: duty)
        let assignment = try program.solve()
        let total = perCollege.reduce(0, +)
        var rules: [AssignmentRule] = []
        let visitRule = campus.rules.first { $0.kind == .dormVisitCoverage }
        if program.visitsRequired.contains(where: { $0 > 0 }) {
            let needed = try counselorsNeeded(duty: duty, visits: true)
            let missing = needed.map { max(0, $0 - total) }
            rules.append(AssignmentRule(
                rule: visitRule?.id ?? "weekly_dorm_visits", kind: .dormVisitCoverage, needed: needed, missing: missing, met: missing == 0,
                note: "\(program.visitsRequired.first ?? 0) visit(s) a week to each of \(program.buildings.count) buildings, at most \(program.visitBudget) per counselor"))
        }
        if duty > 0 {
            let rule = campus.rules.first { $0.kind == .crisisResponse }
            let needed = try counselorsNeeded(duty: duty, visits: false)
            let missing = needed.map { max(0, $0 - total) }
            rules.append(AssignmentRule(
                rule: rule?.id ?? "on_call", kind: .crisisResponse, needed: needed, missing: missing, met: missing == 0,
                note: "\(duty) on duty every hour of the week in \(String(format: "%g", program.blockHours))-hour blocks, at most \(program.blockBudget) block(s) per counselor"
                    + (rule == nil ? " (the scenario's on_call.counselors)" : "")))
        }
        let starts = program.dutyRequired.indices.map { Double($0) * program.blockHours }
        let weeks = campus.term.weeks
        let targets = assignment.counselorBlocks.map { Double($0.count) * program.blockHours * Double(weeks) }
        let onCall = OnCallRoster.plan(dutyPerHour: duty, weeks: weeks, targetHours: targets)
        return AssignmentPlan(assignment: assignment, dutyPerHour: duty, blockStarts: starts, onCall: onCall, rules: rules,
                              verification: verify(assignment, perCollege: perCollege))
    }

    /// Simulates the term's counselor weeks with the assignment's visits in place of the rotation.
    func verify(_ assignment: CounselorAssignment, perCollege: [Int]) -> Verification? {
        guard let counselors = campus.counselors, !campus.population.dormitories.isEmpty, replications > 0 else { return nil }
        var population = campus.population
        for c in population.colleges.indices { population.colleges[c].counselors = perCollege[c] }
        var bare = population
        for b in bare.dormitories.indices { bare.dormitories[b].residentialCounselors = 0 }
        let withResidents = CounselorWeeks(population: population, counselors: counselors, weeks: campus.term.weeks, visits: assignment.counselorBuildings)
        let visitsOnly = CounselorWeeks(population: bare, counselors: counselors, weeks: campus.term.weeks, visits: assignment.counselorBuildings)
        var all = 0.0, alone = 0.0, count = 0
        var buildings = [Double](repeating: 0, count: population.dormitories.count)
        for r in 0..<replications {
            let a = withResidents.run(master: seed, replication: r)
            let o = visitsOnly.run(master: seed, replication: r)
            guard let x = a.dormVisitCoverage, let y = o.dormVisitCoverage else { continue }
            all += x
            alone += y
            count += 1
            for (b, share) in o.buildingCoverage.enumerated() { buildings[b] += share }
        }
        guard count > 0 else { return nil }
        return Verification(replications: count, dormVisitCoverage: all / Double(count), visitsOnlyCoverage: alone / Double(count),
                            leastBuildingCoverage: buildings.map { $0 / Double(count) }.min())
    }
}

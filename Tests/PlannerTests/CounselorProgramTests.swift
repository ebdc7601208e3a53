import CampusModel
import ScenarioModel
import Testing
@testable import Planner

/// A small deterministic generator for test cases.
private struct Cases {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}

/// Every subset of 0..<n with at most `most` members.
private func subsets(_ n: Int, most: Int) -> [[Int]] {
    (0..<(1 << n)).map { mask in (0..<n).filter { mask & (1 << $0) != 0 } }.filter { $0.count <= most }
}

/// The least busiest workload over every per-counselor choice of buildings and duty blocks that
/// covers the requirements, or nil when none does: the program's optimum by enumeration.
private func bruteForce(_ p: CounselorProgram) -> Double? {
    let talk = p.colleges.indices.flatMap { c in Array(repeating: p.talkHours[c], count: p.counselors[c]) }
    let options = subsets(p.buildings.count, most: p.visitBudget).flatMap { v in
        subsets(p.dutyRequired.count, most: p.blockBudget).map { (v, $0) }
    }
    var best: Double?
    var visits = p.buildings.map { _ in 0 }
    var duty = p.dutyRequired.map { _ in 0 }
    func search(_ i: Int, _ busiest: Double) {
        if let b = best, busiest >= b - 1e-12 { return }
        if i == talk.count {
            if zip(visits, p.visitsRequired).allSatisfy({ $0 >= $1 }) && zip(duty, p.dutyRequired).allSatisfy({ $0 >= $1 }) {
                best = busiest
            }
            return
        }
        for (v, o) in options {
            for b in v { visits[b] += 1 }
            for k in o { duty[k] += 1 }
            let load = talk[i] + Double(v.count) * p.visitHours + Double(o.count) * p.blockHours
            search(i + 1, max(busiest, load))
            for b in v { visits[b] -= 1 }
            for k in o { duty[k] -= 1 }
        }
    }
    search(0, 0)
    return best
}

/// The fewest counselors (of one college) with whom the requirements can be met, by enumeration.
private func fewestByEnumeration(_ required: [Int], budget: Int) -> Int? {
    for n in 0...8 {
        let options = subsets(required.count, most: budget)
        var covered = required.map { _ in 0 }
        func search(_ i: Int) -> Bool {
            if i == n { return zip(covered, required).allSatisfy { $0 >= $1 } }
            for o in options {
                for t in o { covered[t] += 1 }
                defer { for t in o { covered[t] -= 1 } }
                if search(i + 1) { return true }
            }
            return false
        }
        if search(0) { return n }
    }
    return nil
}

/// Checks a solved assignment against its program: requirements met, budgets kept, buildings and
/// blocks distinct per counselor, workloads within the program's optimum.
private func checkFeasible(_ a: CounselorAssignment, _ p: CounselorProgram, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(a.counselorCollege.count == p.counselors.reduce(0, +), sourceLocation: sourceLocation)
    for (b, v) in a.buildingVisits.enumerated() {
        #expect(v + a.missingVisits[b] >= p.visitsRequired[b], "building \(b)", sourceLocation: sourceLocation)
    }
    for (k, d) in a.blockDuty.enumerated() {
        #expect(d + a.missingDuty[k] >= p.dutyRequired[k], "block \(k)", sourceLocation: sourceLocation)
    }
    for i in a.counselorCollege.indices {
        #expect(a.counselorBuildings[i].count <= p.visitBudget, sourceLocation: sourceLocation)
        #expect(Set(a.counselorBuildings[i]).count == a.counselorBuildings[i].count, sourceLocation: sourceLocation)
        #expect(a.counselorBlocks[i].count <= p.blockBudget, sourceLocation: sourceLocation)
        #expect(Set(a.counselorBlocks[i]).count == a.counselorBlocks[i].count, sourceLocation: sourceLocation)
    }
    #expect((a.workload.max() ?? 0) <= a.busiestBound + 1e-6, sourceLocation: sourceLocation)
    // The dealt visits add up to the program's visits by college.
    for c in p.colleges.indices {
        var dealt = p.buildings.map { _ in 0 }
        for i in a.counselorCollege.indices where a.counselorCollege[i] == c { for b in a.counselorBuildings[i] { dealt[b] += 1 } }
        #expect(dealt == a.visits[c], "college \(c)", sourceLocation: sourceLocation)
    }
}

@Suite("Counselor assignment program")
struct CounselorProgramTests {
    fileprivate func smallProgram(_ g: inout Cases) -> CounselorProgram {
        let counselors = (0..<3).map { _ in g.next(2) + 1 }.map { min($0, 2) }
        let trimmed = counselors.reduce(0, +) > 4 ? [1, 2, 1] : counselors
        return CounselorProgram(
            colleges: ["a", "b", "c"], counselors: trimmed, talkHours: (0..<3).map { _ in Double(g.next(8)) * 0.5 },
            buildings: ["d1", "d2", "d3", "d4"], visitsRequired: (0..<4).map { _ in g.next(3) == 0 ? 2 : 1 },
            share: (0..<3).map { _ in (0..<4).map { _ in g.next(2) == 0 ? 0 : 0.5 } },
            visitHours: 1.5, visitBudget: 2, blockHours: 2, dutyRequired: (0..<3).map { _ in g.next(2) + (g.next(3) == 0 ? 1 : 0) },
            blockBudget: 1)
    }

    @Test("The program's least busiest workload equals enumeration over every counselor's choices")
    func optimumEqualsBruteForce() throws {
        var g = Cases(state: 7)
        var compared = 0
        for _ in 0..<14 {
            let p = smallProgram(&g)
            let total = p.counselors.reduce(0, +)
            guard let needVisits = p.counselorsForVisits, let needDuty = p.counselorsForDuty, needVisits <= total, needDuty <= total else { continue }
            let a = try p.solve()
            let best = try #require(bruteForce(p), "\(p)")
            #expect(abs(a.busiestBound - best) < 1e-6, "\(p.counselors) \(p.talkHours) \(p.visitsRequired) \(p.dutyRequired)")
            #expect(abs((a.workload.max() ?? 0) - best) < 1e-6)
            #expect(a.missingVisits.allSatisfy { $0 == 0 } && a.missingDuty.allSatisfy { $0 == 0 })
            checkFeasible(a, p)
            compared += 1
        }
        #expect(compared >= 6)
    }

    @Test("Several duty blocks per counselor: the optimum still equals enumeration")
    func dutyBlocksByEnumeration() throws {
        var g = Cases(state: 2024)
        var compared = 0
        for _ in 0..<10 {
            let p = CounselorProgram(
                colleges: ["a", "b", "c"], counselors: [1, 1, 1], talkHours: (0..<3).map { _ in Double(g.next(6)) },
                buildings: ["d1", "d2", "d3"], visitsRequired: (0..<3).map { _ in g.next(2) },
                share: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], visitHours: 1.5, visitBudget: 2,
                blockHours: 2, dutyRequired: (0..<4).map { _ in g.next(4) }, blockBudget: 2)
            guard let needDuty = p.counselorsForDuty, needDuty <= 3, let needVisits = p.counselorsForVisits, needVisits <= 3 else { continue }
            let a = try p.solve()
            let best = try #require(bruteForce(p), "\(p.dutyRequired)")
            #expect(abs(a.busiestBound - best) < 1e-6, "\(p.talkHours) \(p.visitsRequired) \(p.dutyRequired)")
            checkFeasible(a, p)
            #expect(a.blockDuty == p.dutyRequired)
            compared += 1
        }
        #expect(compared >= 4)
    }

    @Test("Two visits to a building from one college go to different counselors")
    func distinctCounselors() throws {
        // One college of three: building d1 needs three visits, d2 and d3 one each; budget 2 each.
        // 5 visits fit 3 × 2, but only if d1's three go to three different counselors.
        let p = CounselorProgram(
            colleges: ["a"], counselors: [3], talkHours: [0], buildings: ["d1", "d2", "d3"], visitsRequired: [3, 1, 1],
            share: [[1, 1, 1]], visitHours: 1, visitBudget: 2, blockHours: 1, dutyRequired: [], blockBudget: 0)
        let a = try p.solve()
        checkFeasible(a, p)
        #expect(a.buildingVisits == [3, 1, 1])
        #expect(abs(a.busiestBound - 2) < 1e-9)
        #expect(bruteForce(p) == 2)
    }

    @Test("Visits go to the colleges whose students live in the building when it costs no workload")
    func residentColleges() throws {
        let p = CounselorProgram(
            colleges: ["a", "b"], counselors: [2, 2], talkHours: [1, 1], buildings: ["d1", "d2", "d3", "d4"], visitsRequired: [1, 1, 1, 1],
            share: [[1, 1, 0, 0], [0, 0, 1, 1]], visitHours: 1, visitBudget: 2, blockHours: 1, dutyRequired: [], blockBudget: 0)
        let a = try p.solve()
        checkFeasible(a, p)
        #expect(a.visits == [[1, 1, 0, 0], [0, 0, 1, 1]])
        #expect(a.residentShare == 1)
    }

    @Test("The fewest counselors for visits and duty equal enumeration, and the staff short leave exactly that much undone")
    func shortfallByEnumeration() throws {
        for (required, budget) in [([1, 1, 1, 1, 1], 2), ([2, 1, 1], 1), ([3, 1, 2, 1], 2), ([1, 1, 1], 3), ([2, 2, 2], 2)] {
            let p = CounselorProgram(
                colleges: ["a"], counselors: [1], talkHours: [0], buildings: required.map { "d\($0)" }, visitsRequired: required,
                share: [required.map { _ in 0 }], visitHours: 1, visitBudget: budget, blockHours: 1, dutyRequired: required, blockBudget: budget)
            let expected = fewestByEnumeration(required, budget: budget)
            #expect(p.counselorsForVisits == expected, "\(required) budget \(budget)")
            #expect(p.counselorsForDuty == expected)
            guard let n = expected else { continue }
            for staff in max(1, n - 2)...n {
                var q = p
                q.counselors = [staff]
                let missing = try q.missing()
                #expect((missing.visits == 0) == (staff >= n), "\(required) budget \(budget) with \(staff)")
                #expect((missing.duty == 0) == (staff >= n))
            }
        }
    }

    @Test("The roster puts the required counselors on duty in every block, within each one's weekly limit")
    func rosterCoversEveryHour() throws {
        // Twelve 2-hour blocks, two on duty by day and one at night; 100 counselors in five colleges
        // with different talk loads; one block each at most.
        let duty = (0..<12).map { (4...10).contains($0) ? 2 : 1 }
        let p = CounselorProgram(
            colleges: ["a", "b", "c", "d", "e"], counselors: [30, 25, 20, 15, 10], talkHours: [8, 5.5, 5, 4, 3],
            buildings: (0..<20).map { "d\($0)" }, visitsRequired: Array(repeating: 1, count: 20),
            share: (0..<5).map { c in (0..<20).map { $0 / 4 == c ? 1 : 0 } }, visitHours: 1.5, visitBudget: 4,
            blockHours: 2, dutyRequired: duty, blockBudget: 1)
        let a = try p.solve()
        checkFeasible(a, p)
        #expect(a.blockDuty.enumerated().allSatisfy { $0.element >= duty[$0.offset] })
        #expect(a.counselorBlocks.allSatisfy { $0.count <= 1 })
        // The busiest counselor has the heaviest talks and nothing else: 8 hours, which no plan can
        // beat; the others take the visits and the duty below it.
        #expect(abs(a.busiestBound - 8) < 1e-9)
        let heaviestIdle = a.counselorCollege.indices.allSatisfy { a.counselorCollege[$0] != 0 || (a.counselorBuildings[$0].isEmpty && a.counselorBlocks[$0].isEmpty) }
        #expect(heaviestIdle)
        #expect(a.stages.allSatisfy { $0.provenOptimal })
    }

    func shortCampus() -> Campus {
        Campus(
            term: Term(weeks: 4),
            population: Population(
                colleges: [
                    .init(id: "a", students: 300, classes: 10, counselors: 1, classTeachers: 10),
                    .init(id: "b", students: 200, classes: 7, counselors: 1, classTeachers: 7),
                ],
                dormitories: (1...5).map { .init(id: "d\($0)", floors: 4, rooms: 50, beds: 100) }),
            counselors: Counselors(
                weeklyHours: ["dormitory": 2, "talks": 10, "on_call": 84], dormVisitHours: 1, talkHours: 1, absence: 0,
                onCall: OnCall(counselors: 1, urgencies: [.init(id: "crisis", priority: 0, perWeek: 1, service: .exponential(mean: 60))],
                               mentalHealthTeachers: 1, mentalHealthService: .exponential(mean: 60))),
            rules: [
                CampusRule(id: "visits", kind: .dormVisitCoverage, target: 0.9),
                CampusRule(id: "crisis", kind: .crisisResponse, target: 30),
            ])
    }

    @Test("Two counselors for five buildings at two visits each: the visit rule needs exactly one more")
    func understaffedCampus() throws {
        let planner = CounselorPlanner(campus: shortCampus(), timeUnit: .minute, replications: 2)
        let proposal = planner.plan()
        let plan = try #require(proposal.assignment, "\(proposal.assignmentError ?? "")")
        let visits = try #require(plan.rules.first { $0.rule == "visits" })
        // Enumeration: the fewest counselors who can visit five buildings two each is three.
        #expect(fewestByEnumeration([1, 1, 1, 1, 1], budget: 2) == 3)
        #expect(visits.needed == 3)
        #expect(visits.missing == 1)
        #expect(!visits.met)
        // One on duty every hour in 8-hour blocks (84 on-call hours allow ten a week): 21 blocks
        // need three counselors, one more than the two there are.
        #expect(plan.dutyPerHour == 1)
        #expect(plan.assignment.program.blockHours == 8 && plan.assignment.program.blockBudget == 10)
        let crisis = try #require(plan.rules.first { $0.rule == "crisis" })
        #expect(crisis.needed == 3 && crisis.missing == 1 && !crisis.met)
        // With the staff given, four buildings are visited and one is left: the least undone.
        #expect(plan.assignment.missingVisits.reduce(0, +) == 1)
        #expect(plan.assignment.buildingVisits.reduce(0, +) == 4)
        #expect(plan.assignment.missingDuty.reduce(0, +) == 1)
        // The simulated weeks with this assignment (no absence, no residents) visit four of five.
        let v = try #require(plan.verification)
        #expect(abs((v.visitsOnlyCoverage ?? 0) - 0.8) < 1e-12)
        #expect(v.leastBuildingCoverage == 0)
    }

    @Test("With enough counselors every building is visited every week in the simulated term")
    func verifiedCoverage() throws {
        var campus = shortCampus()
        campus.population.colleges[0].counselors = 2
        campus.population.colleges[1].counselors = 2
        let proposal = CounselorPlanner(campus: campus, timeUnit: .minute, replications: 2).plan()
        let plan = try #require(proposal.assignment)
        #expect(plan.rules.allSatisfy { $0.met })
        #expect(plan.assignment.buildingVisits == [1, 1, 1, 1, 1])
        let withinBudget = plan.assignment.counselorBuildings.allSatisfy { $0.count <= 2 }
        #expect(withinBudget)
        #expect(plan.assignment.blockDuty == Array(repeating: 1, count: 21))
        #expect(plan.verification?.visitsOnlyCoverage == 1)
        #expect(plan.verification?.leastBuildingCoverage == 1)
        // The bed shares: a's 300 students fill d1–d3, b's 200 fill d4–d5.
        #expect(CounselorPlanner(campus: campus, timeUnit: .minute).bedShares() == [[1, 1, 1, 0, 0], [0, 0, 0, 1, 1]])
        #expect(plan.assignment.residentShare == 1)
    }

    @Test("Ryser's dealing meets every demand that distinct holders can meet")
    func dealing() {
        var g = Cases(state: 99)
        for _ in 0..<200 {
            let caps = (0..<(1 + g.next(5))).map { _ in g.next(4) }
            let demand = (0..<(1 + g.next(5))).map { _ in g.next(caps.count + 1) }
            // Feasible exactly when every set of items fits (max flow): check all subsets.
            let feasible = subsets(demand.count, most: demand.count).allSatisfy { items in
                items.reduce(0) { $0 + demand[$1] } <= caps.reduce(0) { $0 + min($1, items.count) }
            }
            let held = CounselorAssignment.deal(demand, caps: caps)
            var got = demand.map { _ in 0 }
            for list in held { for t in list { got[t] += 1 } }
            for (i, list) in held.enumerated() {
                #expect(list.count <= caps[i] && Set(list).count == list.count)
            }
            #expect((got == demand) == feasible, "caps \(caps) demand \(demand)")
        }
    }
}

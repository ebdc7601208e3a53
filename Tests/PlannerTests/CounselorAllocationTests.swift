import Planner
import ScenarioModel
import Testing

@Suite("Counselor allocation")
struct CounselorAllocationTests {
    @Test("The spread minimises the highest students per counselor (brute force on small cases)")
    func spreadIsMinimax() {
        for (total, students) in [(7, [300, 120, 580]), (5, [100, 100, 100, 50]), (9, [1000, 10, 250])] {
            let spread = CounselorPlanner.spread(total, students: students)
            #expect(spread.reduce(0, +) == total)
            let worst = zip(students, spread).map { Double($0) / Double(max($1, 0)) }.max()!
            var best = Double.infinity
            func search(_ c: Int, _ left: Int, _ acc: [Int]) {
                if c == students.count - 1 {
                    let all = acc + [left]
                    best = min(best, zip(students, all).map { Double($0) / Double($1) }.max()!)
                    return
                }
                for k in 0...left { search(c + 1, left - k, acc + [k]) }
            }
            search(0, total, [])
            #expect(worst == best, "\(students) with \(total): \(spread)")
        }
    }

    func campus(counselors: [Int], newShare: Double = 0) -> Campus {
        Campus(
            term: Term(weeks: 6),
            population: Population(
                colleges: [
                    .init(id: "a", students: 4000, classes: 100, counselors: counselors[0], classTeachers: 100),
                    .init(id: "b", students: 2000, classes: 50, counselors: counselors[1], classTeachers: 50),
                ],
                dormitories: (1...10).map { .init(id: "d\($0)", floors: 6, rooms: 100, beds: 600 + $0) }),
            counselors: Counselors(
                weeklyHours: ["dormitory": 2, "talks": 10], dormVisitHours: 1, talkHours: 1, newShare: newShare,
                onCall: OnCall(counselors: 1, urgencies: [.init(id: "crisis", priority: 0, perWeek: 10, service: .exponential(mean: 60))],
                               mentalHealthTeachers: 1, mentalHealthService: .exponential(mean: 60))),
            rules: [
                CampusRule(id: "ratio", kind: .counselorRatio, target: 200),
                CampusRule(id: "talks", kind: .talkCoverage, target: 0.9),
                CampusRule(id: "crisis", kind: .crisisResponse, target: 5),
                CampusRule(id: "residence", kind: .residence, target: 1),
            ])
    }

    @Test("Too few counselors: the ratio binds and the shortfall is counted")
    func ratioShortfall() {
        let proposal = CounselorPlanner(campus: campus(counselors: [12, 8]), timeUnit: .minute, replications: 2).plan()
        let ratio = proposal.requirements.first { $0.rule == "ratio" }!
        #expect(ratio.needed == 30)      // 4000/200 + 2000/200
        #expect(!ratio.met)
        #expect(proposal.perCollege == [13, 7])   // 20 counselors spread evenly: 307.7 and 285.7
        // Talks: 10 a week for 6 weeks is 60 students per counselor; 90% of 6000 needs 90.
        let talks = proposal.requirements.first { $0.rule == "talks" }!
        #expect(talks.needed >= 90 && talks.needed <= 92, "\(talks.needed)")
        #expect(proposal.shortfall == talks.needed - 20)
    }

    @Test("Crisis response: counselors on call from Erlang C, checked against the quantile")
    func onCall() {
        let proposal = CounselorPlanner(campus: campus(counselors: [200, 100]), timeUnit: .minute, replications: 1).plan()
        let crisis = proposal.requirements.first { $0.rule == "crisis" }!
        let lambda = 10.0 / (7 * 1440)
        let needed = crisis.needed
        #expect(CounselorPlanner.erlangCWaitQuantile(servers: needed, arrivalRate: lambda, meanService: 60, p: 0.95) <= 5)
        #expect(needed == 1 || CounselorPlanner.erlangCWaitQuantile(servers: needed - 1, arrivalRate: lambda, meanService: 60, p: 0.95) > 5)
        #expect(proposal.requirements.first { $0.rule == "ratio" }!.met)
    }
}

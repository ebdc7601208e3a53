@testable import CampusModel
import ScenarioModel
import Stochastics
import Testing

/// The counselor weeks' steps, each on its own.
@Suite("Counselor weeks steps")
struct CounselorWeeksStepTests {
    func weeks(dormitories: Int, visits: [[Int]]? = nil) -> CounselorWeeks {
        CounselorWeeks(
            population: Population(
                colleges: [.init(id: "a", students: 10, classes: 1, counselors: 2, classTeachers: 1)],
                dormitories: (0..<dormitories).map { .init(id: "d\($0)", floors: 1, rooms: 1, beds: 4) }),
            counselors: Counselors(weeklyHours: ["dormitory": 1, "talks": 3], dormVisitHours: 1, talkHours: 1),
            weeks: 1, visits: visits)
    }

    @Test("The rotation deals buildings round the counselors, or counselors round the buildings")
    func rotation() {
        #expect(weeks(dormitories: 5).rotation(counselors: 2, buildings: 5) == [[0, 2, 4], [1, 3]])
        #expect(weeks(dormitories: 2).rotation(counselors: 3, buildings: 2) == [[0], [1], [0]])
        #expect(weeks(dormitories: 0).rotation(counselors: 2, buildings: 0) == [[], []])
        // An explicit assignment replaces it; buildings out of range are dropped.
        #expect(weeks(dormitories: 5, visits: [[4, 9, -1, 1]]).rotation(counselors: 2, buildings: 5) == [[4, 1], []])
    }

    @Test("The roster numbers counselors and students college after college")
    func roster() {
        let roster = CounselorWeeks.Roster(colleges: [
            .init(id: "a", students: 3, classes: 1, counselors: 1, classTeachers: 1),
            .init(id: "b", students: 5, classes: 1, counselors: 2, classTeachers: 1),
            .init(id: "c", students: 4, classes: 1, counselors: 0, classTeachers: 1),
        ])
        #expect(roster.count == 3)
        #expect(roster.counselorCollege == [0, 1, 1])
        #expect(roster.indexInCollege == [0, 0, 1])
        #expect(roster.firstStudent == [0, 3, 8])
        #expect(roster.studentTotal == 12)
        #expect((0..<12).map { roster.counselor(of: $0) } == [0, 0, 0, 1, 2, 1, 2, 1, nil, nil, nil, nil])
    }

    @Test("A counselor's week: the next building of its rotation, requested talks, then its own students")
    func counselorWeek() {
        let weeks = weeks(dormitories: 3)
        let roster = CounselorWeeks.Roster(colleges: weeks.population.colleges)
        let budget = CounselorWeeks.WeeklyBudget(visits: 1, talks: 3, hours: 8)
        var term = CounselorWeeks.TermState(counselors: 2, students: 10, buildings: 3)
        term.backlog[1] = [7]
        var visited = [false, false, false]
        weeks.counselorWeek(1, roster: roster, buildings: [1, 2], budget: budget, visited: &visited, term: &term)
        #expect(visited == [false, true, false])
        #expect(term.backlog == [[], []])
        // One talk went to the request (student 7); two scheduled ones to counselor 1's first students, 1 and 3.
        #expect(term.talked.indices.filter { term.talked[$0] } == [1, 3, 7])
        #expect(term.hoursWorked == 8)
        weeks.counselorWeek(1, roster: roster, buildings: [1, 2], budget: budget, visited: &visited, term: &term)
        #expect(visited == [false, true, true])
        #expect(term.talked.indices.filter { term.talked[$0] } == [1, 3, 5, 7, 9])
        // Every own student talked with: no more scheduled talks.
        weeks.counselorWeek(1, roster: roster, buildings: [1, 2], budget: budget, visited: &visited, term: &term)
        #expect(term.studentPointer == [0, 5])
        #expect(term.buildingPointer == [0, 3])
    }

    @Test("The budget counts whole visits and talks, and hours without on-call duty")
    func budget() {
        let budget = CounselorWeeks.WeeklyBudget(Counselors(
            weeklyHours: ["dormitory": 5, "talks": 4, "other": 10, "on_call": 6], dormVisitHours: 2, talkHours: 1.5))
        #expect(budget.visits == 2)
        #expect(budget.talks == 2)
        #expect(budget.hours == 19)
    }
}

@Suite("Counselor weeks: requested talks")
struct RequestedTalksTests {
    @Test("A request goes to the backlog of the student's counselor; one from a college without counselors is unmet")
    func requestsFindTheirCounselor() {
        let population = Population(
            colleges: [.init(id: "a", students: 10, classes: 1, counselors: 2, classTeachers: 1),
                       .init(id: "b", students: 10, classes: 1, counselors: 0, classTeachers: 1)],
            dormitories: [])
        let weeks = CounselorWeeks(
            population: population,
            counselors: Counselors(weeklyHours: ["talks": 3], dormVisitHours: 1, talkHours: 1, requestedTalksPerThousand: 1000),
            weeks: 1)
        let roster = CounselorWeeks.Roster(colleges: population.colleges)
        var term = CounselorWeeks.TermState(counselors: 2, students: 20, buildings: 0)
        weeks.requestTalks(roster: roster, stream: RandomStream(master: 5, replication: 0, name: "counselors/requests"), term: &term)
        // A mean of 20 requests: some from each college.
        #expect(term.unmet > 0)
        #expect(term.backlog.reduce(0) { $0 + $1.count } > 0)
        // Asking is not a talk: no one is talked with until a counselor gives the talk.
        #expect(!term.talked.contains(true))
        // Student j of college a belongs to counselor j mod 2.
        for i in 0..<2 {
            #expect(term.backlog[i].allSatisfy { $0 < 10 && $0 % 2 == i })
        }
    }
}

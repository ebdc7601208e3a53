@testable import CampusModel
import Experiments
import QueueingNetwork
import ScenarioModel
import Stochastics
import Testing

@Suite("Campus compilation")
struct CampusCompilerTests {
    @Test("A small campus compiles to the network it describes")
    func compilesToNetwork() throws {
        let (model, plan, _) = try CampusCompiler.compile(smallCampus())
        #expect(model.stations.map(\.id) == [
            "all_purpose", "finance_desk", "returning", "online_back_office",
            "feedback_transfer", "feedback_handling", "feedback_follow_up", "on_call", "mental_health_center",
        ])
        #expect(model.classes.map(\.id) == ["records", "records.online", "finance", "feedback.mailbox", "on_call.crisis", "on_call.talk"])
        let plan1 = try #require(plan)
        #expect(plan1.counterStations == [0, 1])
        #expect(model.stations[0].waitTarget == 15)
        #expect(model.stations[2].rework)
        // Pooled: finance goes to its specialised desk, records to the all-purpose windows.
        let targets = model.sources.map { (model.classes[$0.classIndex].id, $0.station) }
        #expect(targets.contains { $0 == ("records", 0) })
        #expect(targets.contains { $0 == ("finance", 1) })
        #expect(targets.contains { $0 == ("records.online", 3) })
        // Returns go back to the counter the category uses.
        let back = model.route(station: 2, classIndex: 2)
        #expect(back.destinations == [1])
        // On-call escalates crises to the mental health center half the time.
        let crisis = model.route(station: 7, classIndex: 4)
        #expect(crisis.destinations == [-1, 8])
        #expect(crisis.cumulative == [0.5, 1])
        if case .preemptive = model.stations[7].discipline {} else { Issue.record("on_call should be preemptive") }
    }

    @Test("Counter visits spread over the term match the requests per student")
    func demandVolume() throws {
        let (model, _, _) = try CampusCompiler.compile(smallCampus())
        // records: 1000 students × 2 requests × half at the counter = 1000 a term; finance 1000.
        for (id, expected) in [("records", 1000.0), ("finance", 1000.0)] {
            let source = try #require(model.sources.first { model.classes[$0.classIndex].id == id })
            let perTerm = source.process.meanRate * 4 * 7 * 1440
            #expect(abs(perTerm - expected) < 1e-6, "\(id): \(perTerm)")
        }
    }

    @Test("Shortest-queue routing sends a category to every eligible counter group")
    func shortestQueue() throws {
        let (model, _, _) = try CampusCompiler.compile(smallCampus(routing: .shortestQueue))
        #expect(model.dispatchGroups == [[0, 1]])
        let finance = try #require(model.sources.first { model.classes[$0.classIndex].id == "finance" })
        #expect(finance.station == NetworkModel.dispatchCode(group: 0))
        let records = try #require(model.sources.first { model.classes[$0.classIndex].id == "records" })
        #expect(records.station == 0)
    }
}

@Suite("Campus measures")
struct CampusMeasureTests {
    func run(_ scenario: Scenario, replications: Int = 10) throws -> ExperimentResult {
        let (model, plan, _) = try CampusCompiler.compile(scenario)
        return Experiment(model: model, campus: plan, replications: replications).run(jobs: 2)
    }

    @Test("One-visit rate, counter volume and online timeliness agree with the scenario's numbers")
    func serviceCenterMeasures() throws {
        let result = try run(smallCampus(returnProbability: 0.2))
        // A visit that returns once is not a one-visit case: P = 1 − 0.2.
        let oneVisit = result.estimate(.oneVisitRate)
        #expect(oneVisit.covers(0.8, margin: 0.01), "\(oneVisit)")
        // Online processing takes exactly a day against a limit of two: always on time.
        #expect(result.estimate(.onlineOnTimeRate).mean == 1)
        let late = try run(smallCampus(onlineLimit: 720))
        #expect(late.estimate(.onlineOnTimeRate).mean == 0)
        // Counter arrivals per week: first visits 2000/4 plus returns (0.2 of visits, repeating).
        let visits = result.estimate(.counterVisits)
        #expect(visits.covers(500 / 0.8, margin: 0.02 * 500 / 0.8), "\(visits)")
    }

    @Test("Counselor weeks: dormitory and talk coverage by hand on a tiny campus")
    func counselorWeeks() throws {
        // 2 counselors, 3 buildings: counselor 0 has buildings 0 and 2, counselor 1 has building 1.
        // One visit a week each: weeks see {0,1} then {2,1}, so coverage 2/3 and buildings 1/2, 1, 1/2.
        let population = Population(
            colleges: [.init(id: "a", students: 10, classes: 1, counselors: 2, classTeachers: 1)],
            dormitories: (1...3).map { .init(id: "d\($0)", floors: 1, rooms: 1, beds: 4) })
        let counselors = Counselors(weeklyHours: ["dormitory": 1, "talks": 2, "other": 5, "on_call": 3], dormVisitHours: 1, talkHours: 1)
        let outcome = CounselorWeeks(population: population, counselors: counselors, weeks: 2).run(master: 1, replication: 0)
        #expect(outcome.dormVisitCoverage == 2.0 / 3)
        #expect(outcome.buildingCoverage == [0.5, 1, 0.5])
        // Two talks a week each for two weeks: 8 of the 10 students.
        #expect(outcome.talkCoverage == 0.8)
        #expect(outcome.weeklyHours == 8)
        #expect(outcome.unmetRequests == 0)
    }

    @Test("A residential counselor keeps a building visited every week")
    func residentialCounselor() throws {
        let population = Population(
            colleges: [.init(id: "a", students: 10, classes: 1, counselors: 1, classTeachers: 1)],
            dormitories: [.init(id: "d1", floors: 1, rooms: 1, beds: 4, residentialCounselors: 1),
                          .init(id: "d2", floors: 1, rooms: 1, beds: 4), .init(id: "d3", floors: 1, rooms: 1, beds: 4)])
        let counselors = Counselors(weeklyHours: ["dormitory": 1], dormVisitHours: 1, talkHours: 1)
        let outcome = CounselorWeeks(population: population, counselors: counselors, weeks: 3).run(master: 1, replication: 0)
        // The resident covers d1 each week; the counselor's one visit rotates d1, d2, d3.
        #expect(outcome.buildingCoverage == [1, 1.0 / 3, 1.0 / 3])
    }

    @Test("Bookings: one room, one start per day — every request after the first on a day is rejected")
    func bookingsOnePerDay() throws {
        let day = 1440.0
        let rooms = ActivityRooms(
            roomTypes: [.init(id: "hall", complex: "c", count: 1, seats: 50, area: 100, opens: 8 * 60, closes: 22 * 60)],
            activities: [.init(id: "talk", perYear: 2000, group: .deterministic(value: 20), duration: .deterministic(value: 120),
                               windowFrom: 10 * 60, windowTo: 12 * 60, leadTime: .deterministic(value: 0))])
        let horizon = 28 * day
        let outcome = try RoomBookings(rooms: rooms, day: day, horizon: horizon, step: 30).run(master: 5, replication: 0)
        // Replay the request times from the same stream: one booking per distinct day.
        let stream = RandomStream(master: 5, replication: 0, name: "rooms/talk/arrivals")
        let process = try ArrivalProcess.poisson(rate: 2000 / (365 * day))
        var days = Set<Double>()
        var n = 0
        var t = process.next(after: 0, stream)
        while t < horizon {
            // The day of the booking: today's window, or tomorrow's once today's start has passed.
            var d = (t / day).rounded(.down)
            if d * day + 600 < t { d += 1 }
            days.insert(d)
            n += 1
            t = process.next(after: t, stream)
        }
        #expect(outcome.requests == n)
        #expect(outcome.requests - outcome.rejected == days.count)
        #expect(outcome.participants == Double(20 * days.count))
        #expect(outcome.moved == 0)
    }

    @Test("Bookings: the smallest room that fits is taken first, and a later slot is found in the window")
    func smallestFitAndNextSlot() throws {
        let day = 1440.0
        let rooms = ActivityRooms(
            roomTypes: [
                .init(id: "big", complex: "c", count: 1, seats: 100, area: 200, opens: 0, closes: day),
                .init(id: "small", complex: "c", count: 1, seats: 25, area: 50, opens: 0, closes: day),
            ],
            activities: [.init(id: "m", perYear: 20_000, group: .deterministic(value: 20), duration: .deterministic(value: 60),
                               windowFrom: 600, windowTo: 720, leadTime: .deterministic(value: 0))])
        let withSlots = try RoomBookings(rooms: rooms, day: day, horizon: 7 * day, step: 60).run(master: 2, replication: 0)
        let without = try RoomBookings(rooms: rooms, day: day, horizon: 7 * day, step: nil).run(master: 2, replication: 0)
        // Every accepted booking prefers the small room; the big one is used only when it is taken.
        #expect(without.typeBookings[1] >= without.typeBookings[0])
        // Starts lie in [10:00, 11:00]; moving by an hour can only help.
        #expect(withSlots.rejected <= without.rejected)
        #expect(withSlots.requests == without.requests)
    }
}

@Suite("Campus rules")
struct CampusRuleTests {
    @Test("Each rule passes on its side of the target and fails on the other", arguments: CampusRuleKind.allCases)
    func passAndFail(kind: CampusRuleKind) throws {
        var scenario = smallCampus()
        scenario.campus!.counselors!.newShare = 0.2
        // 1000 students over 5 counselors = 200; residence: 0 residential counselors for 1 required.
        for (target, expected) in rulePairs(kind) {
            scenario.campus!.rules = [CampusRule(id: "r", kind: kind, target: target)]
            let (_, plan, _) = try CampusCompiler.compile(scenario)
            let result = try #require(plan).checkRules { _ in (0.5, 0.01, 10) }
            #expect(result.count == 1)
            #expect(result[0].verdict == (expected ? .pass : .fail), "\(kind) target \(target): value \(String(describing: result[0].value))")
        }
    }

    @Test("A measured rule whose interval straddles its target is undecided, with the replications that would decide it",
          arguments: CampusRuleKind.allCases.filter { $0.measure != nil })
    func undecided(kind: CampusRuleKind) throws {
        var scenario = smallCampus()
        scenario.campus!.rules = [CampusRule(id: "r", kind: kind, target: 0.52)]
        let (_, plan, _) = try CampusCompiler.compile(scenario)
        let result = try #require(plan).checkRules { _ in (0.5, 0.05, 10) }
        #expect(result[0].verdict == .undecided)
        #expect(!result[0].passed)
        let n = try #require(result[0].judgement.replicationsToDecide)
        #expect(n == Verdict.replicationsToDecide(mean: 0.5, halfWidth: 0.05, count: 10, target: 0.52))
    }

    /// Targets on each side of the measured value (0.5 from the stub; 200 students per counselor; residence 0).
    func rulePairs(_ kind: CampusRuleKind) -> [(Double, Bool)] {
        switch kind {
        case .counselorRatio: [(200, true), (199, false)]
        case .residence: [(0, true), (0.5, false)]
        default: kind.atMost ? [(0.6, true), (0.4, false)] : [(0.4, true), (0.6, false)]
        }
    }
}

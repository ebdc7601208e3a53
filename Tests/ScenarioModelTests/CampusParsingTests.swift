import Foundation
import ScenarioModel
import Testing

/// Valid campus sections parse into exactly the values they describe.
@Suite struct CampusParsingTests {
    /// `Fixtures/campus-full.yaml`, which uses every key of the campus layer.
    @Test func everyCampusKeyParsesToItsValue() throws {
        let url = try #require(Bundle.module.url(forResource: "campus-full", withExtension: "yaml", subdirectory: "Fixtures"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let (scenario, warnings) = try ScenarioParser.parse(text, file: "campus-full.yaml", defaultName: "campus-full")
        func at(_ line: Int, _ column: Int) -> ScenarioModel.SourceLocation {
            ScenarioModel.SourceLocation(file: "campus-full.yaml", line: line, column: column)
        }
        #expect(warnings.isEmpty)
        #expect(scenario.stations.isEmpty)
        #expect(scenario.arrivals.isEmpty)
        // No run section: one run covers the 20-week term, in minutes.
        #expect(scenario.run == RunControl(duration: 20 * 7 * 1440))

        let expected = Campus(
            term: Term(weeks: 20, weekdays: [1, 1, 1, 1, 1, 0.3, 0], peaks: [
                Term.Peak(name: "term_start", week: 1, weeks: 2, factor: 2.5),
                Term.Peak(name: "graduation", week: 19, weeks: 2, factor: 1.5),
            ]),
            population: Population(
                colleges: [
                    Population.College(id: "mechanical", students: 3200, classes: 96, counselors: 16, classTeachers: 100, location: at(11, 9)),
                    Population.College(id: "arts", students: 1800, classes: 0, counselors: 0, classTeachers: 0, location: at(12, 9)),
                ],
                dormitories: [
                    Population.Dormitory(id: "yunyuan-1", floors: 6, rooms: 180, beds: 720, residentialCounselors: 1,
                                         safetyOfficers: 2, floorSpaces: 6, location: at(14, 9)),
                    Population.Dormitory(id: "yunyuan-2", floors: 5, rooms: 150, beds: 600, location: at(15, 9)),
                ]),
            serviceCenter: ServiceCenter(
                opens: 480, closes: 1050, targetWait: 15, routing: .shortestQueue,
                categories: [
                    ServiceCategory(
                        id: "academic_records", items: 160, requestsPerStudent: 1.2, hourly: [1, 2, 3, 3, 2, 2, 3, 2, 1, 0.5],
                        service: .lognormal(mean: 5, sd: 3), onlineShare: 0.55, onlineProcessing: .exponential(mean: 120),
                        onlineLimit: 4320, returnProbability: 0.08, location: at(23, 9)),
                    ServiceCategory(
                        id: "finance", items: 90, requestsPerStudent: 0.8, hourly: Array(repeating: 1, count: 10),
                        service: .exponential(mean: 6), location: at(32, 9)),
                ],
                counters: [
                    Counter(id: "all_purpose", skills: [], servers: .fixed(10), patience: .exponential(mean: 40), location: at(38, 9)),
                    Counter(id: "finance_desk", skills: ["finance"], servers: .schedule(ServerSchedule(period: 1440, entries: [
                        ServerSchedule.Entry(from: 0, to: 720, servers: 2),
                        ServerSchedule.Entry(from: 720, to: 1440, servers: 1),
                    ])), location: at(41, 9)),
                ],
                returnDelay: .uniform(min: 1440, max: 4320), location: at(17, 5)),
            feedback: FeedbackLoop(
                channels: [FeedbackLoop.Channel(id: "mailbox", perWeek: 40), FeedbackLoop.Channel(id: "hotline", perWeek: 60)],
                transferStaff: 2, transfer: .exponential(mean: 10), handling: .gamma(shape: 2, scale: 1440), limit: 4320,
                followUpShare: 0.3, followUp: .deterministic(value: 1440), location: at(49, 5)),
            counselors: Counselors(
                weeklyHours: ["classroom": 8, "dormitory": 6, "activities": 6, "talks": 8, "on_call": 2, "other": 10],
                dormVisitHours: 1, talkHours: 0.75, requestedTalksPerThousand: 3, absence: 0.03, newShare: 0.3,
                onCall: OnCall(
                    counselors: 2,
                    urgencies: [
                        OnCall.Urgency(id: "crisis", priority: 0, perWeek: 3, service: .exponential(mean: 60), escalate: 0.6),
                        OnCall.Urgency(id: "routine", priority: 1, perWeek: 20, service: .exponential(mean: 30)),
                    ],
                    mentalHealthTeachers: 4, mentalHealthService: .exponential(mean: 120)),
                location: at(57, 5)),
            rooms: ActivityRooms(
                roomTypes: [
                    ActivityRooms.RoomType(id: "seminar", complex: "yunyuan", count: 12, seats: 40, area: 80, opens: 480,
                                           closes: 1320, location: at(72, 9)),
                    ActivityRooms.RoomType(id: "hall", complex: "yunyuan", count: 1, seats: 300, area: 450.5, opens: 480,
                                           closes: 1320, location: at(73, 9)),
                ],
                activities: [
                    ActivityRooms.Activity(
                        id: "academic_counseling", perYear: 520, group: .uniform(min: 10, max: 30), duration: .deterministic(value: 90),
                        windowFrom: 840, windowTo: 1200, leadTime: .exponential(mean: 4320), roomTypes: ["seminar"], location: at(75, 9)),
                    ActivityRooms.Activity(
                        id: "lecture", perYear: 40, group: .empirical(values: [100, 200], weights: []),
                        duration: .deterministic(value: 120), windowFrom: 540, windowTo: 1140,
                        leadTime: .deterministic(value: 20160), location: at(82, 9)),
                ]),
            rules: [
                CampusRule(id: "moe_ratio", kind: .counselorRatio, target: 200,
                           description: "Ministry of Education: at least one counselor per 200 students", location: at(89, 7)),
                CampusRule(id: "crisis", kind: .crisisResponse, target: 30, location: at(90, 7)),
                CampusRule(id: "queue", kind: .serviceLevel, target: 0.8, location: at(91, 7)),
            ],
            policies: [
                Policy(id: "flex_windows", action: .flexServers(station: "all_purpose", above: 8, below: 2, servers: 2), location: at(93, 7)),
                Policy(id: "page_on_call", action: .escalate(station: "on_call", after: 10), location: at(94, 7)),
                Policy(id: "move_booking", action: .nextFreeSlot(step: 30), location: at(95, 7)),
            ],
            location: at(3, 3))
        let campus = try #require(scenario.campus)
        // Section by section first, so that a mismatch names its section.
        #expect(campus.term == expected.term)
        #expect(campus.population == expected.population)
        #expect(campus.serviceCenter == expected.serviceCenter)
        #expect(campus.feedback == expected.feedback)
        #expect(campus.counselors == expected.counselors)
        #expect(campus.rooms == expected.rooms)
        #expect(campus.rules == expected.rules)
        #expect(campus.policies == expected.policies)
        #expect(campus == expected)
    }

    /// The smallest campus: a population and nothing else.
    static let minimalCampus = """
        campus:
          population:
            colleges: [{id: all, students: 20000}]
        """

    @Test func omittedKeysTakeTheirDefaults() throws {
        let text = """
            time_unit: hour
            run: {replications: 5}
            campus:
              population:
                colleges: [{id: all, students: 20000}]
              service_center:
                opens: 8h
                closes: 17h
                target_wait: 15 min
                return_delay: {dist: uniform, min: 1d, max: 3d}
                categories:
                  - {id: all, items: 800, requests_per_student: 3, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 5 min}}
                counters:
                  - {id: windows, servers: 4}
              counselors:
                weekly_hours: {classroom: 8}
                dorm_visit_hours: 1
                talk_hours: 0.5
            """
        let scenario = try parseValid(text).scenario
        let campus = try #require(scenario.campus)
        // Without duration or customers, a run covers the default 18-week term, in hours.
        #expect(scenario.run == RunControl(duration: 18 * 7 * 24, replications: 5, location: at(2, 6)))
        #expect(campus.term == Term())
        #expect(campus.term.weekdays == [1, 1, 1, 1, 1, 0, 0])
        #expect(campus.population.dormitories.isEmpty)
        #expect(campus.population.colleges == [
            Population.College(id: "all", students: 20000, classes: 0, counselors: 0, classTeachers: 0, location: at(5, 16)),
        ])
        let center = try #require(campus.serviceCenter)
        #expect(center.opens == 8 && center.closes == 17 && center.targetWait == 0.25)
        #expect(center.routing == .pooled)
        #expect(center.categories == [
            ServiceCategory(id: "all", items: 800, requestsPerStudent: 3, hourly: Array(repeating: 1, count: 9),
                            service: .exponential(mean: 5.0 / 60), location: at(12, 9)),
        ])
        #expect(center.counters == [Counter(id: "windows", skills: [], servers: .fixed(4), location: at(14, 9))])
        #expect(campus.counselors == Counselors(weeklyHours: ["classroom": 8], dormVisitHours: 1, talkHours: 0.5, location: at(16, 5)))
        #expect(campus.feedback == nil && campus.rooms == nil)
        #expect(campus.rules.isEmpty && campus.policies.isEmpty)
    }

    @Test func counselorHoursArePlainHoursWhateverTheTimeUnit() throws {
        let text = """
            time_unit: second
            campus:
              population:
                colleges: [{id: all, students: 100}]
              counselors:
                weekly_hours: {dormitory: 6, talks: "90 min"}
                dorm_visit_hours: 1
                talk_hours: 45 min
            """
        let scenario = try parseValid(text).scenario
        let counselors = try #require(scenario.campus?.counselors)
        #expect(counselors.weeklyHours == ["dormitory": 6, "talks": 1.5])
        #expect(counselors.dormVisitHours == 1)
        #expect(counselors.talkHours == 0.75)
        #expect(scenario.run == RunControl(duration: 18 * 7 * 86_400))
    }

    @Test func dormitoryGeneratorExpandsIdsAndFields() throws {
        let text = """
            campus:
              population:
                colleges: [{id: all, students: 20000}]
                dormitories: {prefix: "yunyuan-", count: 12, floors: 6, rooms: 180, beds: 720, safety_officers: 2}
            """
        let dormitories = try #require(try parseValid(text).scenario.campus?.population.dormitories)
        #expect(dormitories.map(\.id) == (1...12).map { $0 < 10 ? "yunyuan-0\($0)" : "yunyuan-\($0)" })
        #expect(dormitories.allSatisfy {
            $0 == Population.Dormitory(id: $0.id, floors: 6, rooms: 180, beds: 720, residentialCounselors: 0, safetyOfficers: 2,
                                       floorSpaces: 0, location: at(4, 18))
        })

        let few = try parseValid(text.replacingFirst("count: 12", with: "count: 3")).scenario.campus?.population.dormitories
        #expect(few?.map(\.id) == ["yunyuan-1", "yunyuan-2", "yunyuan-3"])
        let many = try parseValid(text.replacingFirst("count: 12", with: "count: 100")).scenario.campus?.population.dormitories
        #expect(many?.count == 100)
        #expect(many?.first?.id == "yunyuan-001")
        #expect(many?.last?.id == "yunyuan-100")
    }

    @Test func dormitoryGeneratorIsChecked() {
        let text = """
            campus:
              population:
                colleges: [{id: all, students: 20000}]
                dormitories: {prefix: "d-", count: 0, floors: 6, rooms: 180, bed: 720}
            """
        #expect(diagnostics(text) == [
            "test.yaml:4:18: error: campus.population.dormitories.beds: required key is missing",
            "test.yaml:4:40: error: campus.population.dormitories.count: must be from 1 to 10000, found 0",
            "test.yaml:4:66: error: campus.population.dormitories.bed: unknown key; did you mean 'beds'?",
        ])
    }

    @Test func networkStationsMayRunAlongsideACampus() throws {
        let withNetwork = try parseValid(minimalScenario + "\n" + Self.minimalCampus).scenario
        #expect(withNetwork.stations.map(\.id) == ["desk"])
        #expect(withNetwork.run.duration == 100)
        #expect(withNetwork.campus?.population.students == 20000)

        let emptyLists = try parseValid("stations: []\narrivals: []\nrun: {customers: 50}\n" + Self.minimalCampus).scenario
        #expect(emptyLists.stations.isEmpty && emptyLists.arrivals.isEmpty)
        #expect(emptyLists.run.duration == nil && emptyLists.run.customers == 50)

        // The network's own checks still hold for the stations it has.
        #expect(diagnostics("stations: [{id: desk, servers: 1, service: {dist: exponential, mean: 1}}]\n" + Self.minimalCampus) == [
            "test.yaml:1:12: error: stations[0]: no arrival can reach station 'desk'",
        ])
        // Without a campus, a run still needs its length, and the network layer may not be empty.
        #expect(diagnostics(minimalScenario.replacingFirst("run: {duration: 100}", with: "run: {warmup: 10}")) == [
            "test.yaml:1:6: error: run: needs duration or customers",
        ])
        #expect(diagnostics("run: {duration: 10}\nstations: []\narrivals: []\n") == [
            "test.yaml:2:11: error: stations: the list of stations is empty",
            "test.yaml:3:11: error: arrivals: the list of arrivals is empty",
        ])
    }

    @Test func campusSectionsMustBeMaps() {
        #expect(diagnostics("campus: 3\n") == [
            "test.yaml:1:9: error: campus: expected a map of campus sections (population, service_center, ...), found the number 3",
        ])
        #expect(diagnostics("campus: {term: {weeks: 18}}\n") == [
            "test.yaml:1:9: error: campus.population: required key is missing",
        ])
    }
}

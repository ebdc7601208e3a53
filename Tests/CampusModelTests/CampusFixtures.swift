import ScenarioModel

/// A small campus written as values: two colleges, three buildings, a service center with an
/// all-purpose and a finance window, a feedback loop, on-call counselors and one room type.
func smallCampus(routing: TicketRouting = .pooled, returnProbability: Double = 0.1, onlineLimit: Double = 2 * 1440) -> Scenario {
    let center = ServiceCenter(
        opens: 8 * 60, closes: 12 * 60, targetWait: 15, routing: routing,
        categories: [
            ServiceCategory(id: "records", items: 10, requestsPerStudent: 2, hourly: [1, 1, 1, 1],
                            service: .exponential(mean: 4), onlineShare: 0.5, onlineProcessing: .deterministic(value: 1440),
                            onlineLimit: onlineLimit, returnProbability: returnProbability),
            ServiceCategory(id: "finance", items: 5, requestsPerStudent: 1, hourly: [1, 2, 2, 1],
                            service: .exponential(mean: 6), returnProbability: returnProbability),
        ],
        counters: [
            Counter(id: "all_purpose", skills: [], servers: .fixed(3)),
            Counter(id: "finance_desk", skills: ["finance"], servers: .fixed(2)),
        ],
        returnDelay: .deterministic(value: 1440))
    let campus = Campus(
        term: Term(weeks: 4, weekdays: [1, 1, 1, 1, 1, 0, 0]),
        population: Population(
            colleges: [
                .init(id: "a", students: 600, classes: 20, counselors: 3, classTeachers: 20),
                .init(id: "b", students: 400, classes: 14, counselors: 2, classTeachers: 14),
            ],
            dormitories: (1...3).map { .init(id: "d\($0)", floors: 5, rooms: 100, beds: 400) }),
        serviceCenter: center,
        feedback: FeedbackLoop(channels: [.init(id: "mailbox", perWeek: 20)], transferStaff: 1, transfer: .exponential(mean: 30),
                               handling: .exponential(mean: 1440), limit: 3 * 1440, followUpShare: 0.2, followUp: .deterministic(value: 60)),
        counselors: Counselors(
            weeklyHours: ["dormitory": 2, "talks": 4, "other": 10, "on_call": 2], dormVisitHours: 1, talkHours: 1,
            onCall: OnCall(counselors: 1, urgencies: [
                .init(id: "crisis", priority: 0, perWeek: 2, service: .exponential(mean: 60), escalate: 0.5),
                .init(id: "talk", priority: 1, perWeek: 10, service: .exponential(mean: 30)),
            ], mentalHealthTeachers: 1, mentalHealthService: .exponential(mean: 120))),
        rooms: ActivityRooms(
            roomTypes: [.init(id: "seminar", complex: "north", count: 2, seats: 30, area: 60, opens: 8 * 60, closes: 22 * 60)],
            activities: [.init(id: "meeting", perYear: 300, group: .deterministic(value: 20), duration: .deterministic(value: 90),
                               windowFrom: 18 * 60, windowTo: 21 * 60, leadTime: .deterministic(value: 1440))]),
        rules: [
            CampusRule(id: "ratio", kind: .counselorRatio, target: 200),
            CampusRule(id: "level", kind: .serviceLevel, target: 0.8),
        ])
    return Scenario(
        name: "small-campus", timeUnit: .minute, run: RunControl(duration: 4 * 7 * 1440, warmup: 0, replications: 10, seed: 3),
        classes: [], stations: [], arrivals: [], routing: [], campus: campus)
}

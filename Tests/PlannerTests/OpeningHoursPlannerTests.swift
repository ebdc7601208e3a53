import CampusModel
import ScenarioModel
import Testing
@testable import Planner

@Suite("Planner.optimize with opening hours")
struct OpeningHoursPlannerTests {
    static let campus = """
        name: hours-check
        time_unit: minute
        run: {replications: 3, seed: 11}
        campus:
          term: {weeks: 2, weekdays: [1, 1, 1, 1, 1, 0.3, 0]}
          population:
            colleges: [{id: a, students: 6000, classes: 10, counselors: 30, class_teachers: 10}]
          service_center:
            opening_hours: {mon-fri: "8:30-17:30", sat: "8:30-12:00", sun: closed}
            target_wait: 15 min
            return_delay: {dist: empirical, values: [1d, 2d]}
            categories:
              - {id: records, items: 10, requests_per_student: 1, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 5 min}, return_probability: 0.1}
            counters:
              - {id: desk, servers: {period: 1d, schedule: [{from: "0:00", to: "8:30", servers: 0}, {from: "8:30", to: "17:30", servers: 2}, {from: "17:30", to: "24:00", servers: 0}]}}
        """

    @Test("closed slots (Saturday afternoon, Sunday, nights) get a requirement of 0 and no shift; open ones are staffed")
    func closedSlotsNeedNoStaff() throws {
        let (scenario, _) = try ScenarioParser.parse(Self.campus, file: "hours.yaml", defaultName: "hours")
        let (model, plan, _) = try CampusCompiler.compile(scenario)
        var request = OptimizeRequest(scenario: scenario, model: model, campus: plan, text: Self.campus, file: "hours.yaml")
        request.jobs = 2
        request.policy.searchReplications = 4
        request.replications = 3
        let o = try Planner.optimize(request)
        #expect(o.grid.period == 7 * 1440 && o.grid.slot == 30)
        let campusPlan = try #require(plan)
        let station = o.planned[0]
        let open = try #require(campusPlan.openIntervals(station: station))
        func isOpen(_ t: Int) -> Bool {
            let start = o.grid.start(t)
            let weekday = Int(start / 1440), time = start - Double(weekday) * 1440
            return open.contains { $0.weekday == weekday && time >= $0.from && time + 30 <= $0.to }
        }
        var openSlots = 0
        for (k, type) in o.proposal.search.stations[0].types.enumerated() {
            let scheduled = o.proposal.scheduled(0, type: k)
            for t in 0..<o.grid.count {
                if isOpen(t) {
                    openSlots += 1
                    #expect(!type.closed[t], "slot \(t) is open")
                } else {
                    #expect(type.closed[t], "slot \(t) (\(ClockText.timeInWeek(o.grid.start(t), in: .minute))) is closed")
                    #expect(type.requirement[t] == 0, "slot \(t) (\(ClockText.timeInWeek(o.grid.start(t), in: .minute)))")
                    #expect(scheduled[t] == 0, "a shift covers \(ClockText.timeInWeek(o.grid.start(t), in: .minute))")
                }
            }
            // Weekdays (9 h) and the Saturday morning (3.5 h) are open: 5 × 18 + 7 slots, and they are staffed.
            #expect((0..<o.grid.count).filter { !type.closed[$0] }.count == 97)
            #expect((0..<o.grid.count).filter { !type.closed[$0] }.allSatisfy { type.requirement[$0] >= 1 })
        }
        #expect(openSlots > 0)
    }
}

@testable import CampusModel
import QueueingNetwork
import ScenarioModel
import Testing

/// The small campus with stated opening hours: the center opens Monday to Friday 8:00–12:00 and
/// Saturday 8:00–10:00 (Saturday has half a weekday's visits), is closed on Sunday and on the
/// Wednesday of week 2; the finance desk opens only Monday to Friday 9:00–11:00. A visit that
/// cannot finish comes back exactly a day later, or at the next opening when that is closed.
func hoursCampus(returnProbability: Double = 0.15) -> Scenario {
    var scenario = smallCampus(returnProbability: returnProbability)
    scenario.campus!.term.weekdays = [1, 1, 1, 1, 1, 0.5, 0]
    var center = scenario.campus!.serviceCenter!
    let morning = [OpeningHours.Interval(from: 480, to: 720)]
    center.openingHours = OpeningHours(days: [morning, morning, morning, morning, morning, [.init(from: 480, to: 600)], []])
    let desk = [OpeningHours.Interval(from: 540, to: 660)]
    center.counters[1].openingHours = OpeningHours(days: [desk, desk, desk, desk, desk, [], []])
    center.holidays = [Holiday(week: 2, weekday: 2)]
    // Tight enough that students wait and some give up.
    center.counters[0].servers = .fixed(2)
    center.counters[0].patience = .exponential(mean: 20)
    center.counters[1].servers = .fixed(1)
    scenario.campus!.serviceCenter = center
    return scenario
}

/// When the test's campus is open for a counter group, from the hours as written (not the compiler's).
func writtenlyOpen(_ center: ServiceCenter, counter c: Int, at t: Double) -> Bool {
    let day = 1440.0
    let d = Int((t / day).rounded(.down))
    let week = d / 7, weekday = d % 7
    if center.holidays.contains(where: { $0.week == week + 1 && $0.weekday == weekday }) { return false }
    let time = t - Double(d) * day
    let hours = center.counters[c].openingHours ?? center.openingHours!
    return hours.days[weekday].contains { time >= $0.from && time < $0.to }
}

/// The first time at or after `t` when the group is open, stepping a minute at a time (every opening is on a minute).
func writtenNextOpening(_ center: ServiceCenter, counter c: Int, after t: Double) -> Double {
    if writtenlyOpen(center, counter: c, at: t) { return t }
    var m = t.rounded(.up)
    while !writtenlyOpen(center, counter: c, at: m) { m += 1 }
    return m
}

@Suite("Opening hours")
struct OpeningHoursTests {
    @Test("no counter visit arrives while its group is closed, and a return due while closed comes at the next opening; the measure is the count")
    func arrivalsAndReturnsFollowTheHours() throws {
        let scenario = hoursCampus()
        let center = scenario.campus!.serviceCenter!
        let (model, planOrNil, _) = try CampusCompiler.compile(scenario)
        let plan = try #require(planOrNil)
        let returning = try #require(model.stations.firstIndex { $0.id == CampusCompiler.returningStation })
        #expect(plan.returningStation == returning)
        var deferredTotal = 0, returnsTotal = 0
        for replication in 0..<3 {
            var simulation = NetworkSimulation(model: model, replication: replication)
            let log = TraceLog()
            simulation.trace = log
            let result = simulation.run()
            var sentBack: [Int: (time: Double, counter: Int)] = [:]
            var lastCounter: [Int: Int] = [:]
            var arrivals = 0, returns = 0, deferred = 0
            for e in log.events where e.kind == .arrive {
                if let c = plan.counterStations.firstIndex(of: e.station) {
                    arrivals += 1
                    #expect(writtenlyOpen(center, counter: c, at: e.time), "a visit at \(ClockText.timeInWeek(e.time, in: .minute)) week \(Int(e.time / 10080) + 1) to \(center.counters[c].id)")
                    #expect(plan.isOpen(station: e.station, at: e.time))
                    if let back = sentBack.removeValue(forKey: e.entity) {
                        returns += 1
                        let due = back.time + 1440
                        let expected = writtenNextOpening(center, counter: c, after: due)
                        #expect(abs(e.time - expected) < 1e-6, "due \(due), came \(e.time), next opening \(expected)")
                        if expected > due + 1e-9 { deferred += 1 }
                    }
                    lastCounter[e.entity] = c
                } else if e.station == returning {
                    sentBack[e.entity] = (e.time, lastCounter[e.entity]!)
                }
            }
            // Returns still in their delay at the end of the term were deferred (or not) too: count them as the engine does, when sent.
            for (_, back) in sentBack {
                let due = back.time + 1440
                if writtenNextOpening(center, counter: back.counter, after: due) > due + 1e-9 { deferred += 1 }
            }
            #expect(arrivals > 1000)
            let measured = plan.measure(result, master: model.run.seed)
            let weeks = 4.0
            #expect(abs(measured.value(.deferredReturns)! - Double(deferred) / weeks) < 1e-9)
            deferredTotal += deferred
            returnsTotal += returns
        }
        // Something to count: Friday and Saturday returns, and those due on the holiday, are deferred.
        #expect(deferredTotal > 30 && returnsTotal > deferredTotal)
    }

    @Test("counters are staffed only while open: the compiled servers are 0 whenever the group is closed")
    func serversMaskedByTheHours() throws {
        let scenario = hoursCampus()
        let center = scenario.campus!.serviceCenter!
        let (model, planOrNil, _) = try CampusCompiler.compile(scenario)
        let plan = try #require(planOrNil)
        for (c, s) in plan.counterStations.enumerated() {
            guard case .schedule(let period, let changes) = model.stations[s].servers else { Issue.record("no schedule"); continue }
            // Holidays lay the schedule over the term.
            #expect(period == 4 * 10080)
            let own = c == 0 ? 2 : 1
            for minute in stride(from: 0.5, to: period, by: 15) {
                let n = changes.last { $0.offset <= minute }!.servers
                #expect(n == (writtenlyOpen(center, counter: c, at: minute) ? own : 0), "\(center.counters[c].id) at \(minute)")
            }
            // The open hours a planner reads, before any simulation.
            let intervals = try #require(plan.openIntervals(station: s))
            if c == 0 {
                #expect(intervals.map(\.weekday) == [0, 1, 2, 3, 4, 5])
                #expect(intervals.last.map { [$0.from, $0.to] } == [480, 600])
            } else {
                #expect(intervals.map(\.weekday) == [0, 1, 2, 3, 4] && intervals.allSatisfy { $0.from == 540 && $0.to == 660 })
            }
        }
        #expect(plan.closedDays.map { [$0.week, $0.weekday] } == [[2, 2]])
        // A schedule is masked too: a 1-day rota with staff all day is staffed only while open.
        var rota = hoursCampus()
        rota.campus!.serviceCenter!.holidays = []
        rota.campus!.serviceCenter!.counters[0].servers = .schedule(ServerSchedule(period: 1440, entries: [
            .init(from: 0, to: 600, servers: 3), .init(from: 600, to: 1440, servers: 1),
        ]))
        let (masked, _, _) = try CampusCompiler.compile(rota)
        guard case .schedule(let period, let changes) = masked.stations[plan.counterStations[0]].servers else { Issue.record("no schedule"); return }
        #expect(period == 10080)
        var mondayToSunday = [[[Double]]](repeating: [], count: 7)
        for change in changes {
            let d = Int(change.offset / 1440)
            mondayToSunday[d].append([change.offset - Double(d) * 1440, Double(change.servers)])
        }
        #expect(mondayToSunday[0] == [[0, 0], [480, 3], [600, 1], [720, 0]])
        // Friday's 0 from 12:00 runs on to Saturday 8:00.
        #expect(mondayToSunday[5] == [[480, 3], [600, 0]])
        #expect(mondayToSunday[6].isEmpty)   // Saturday's 0 from 10:00 runs on through Sunday
    }

    @Test("expected visits per open hour, in closed form: the term's total over the days' weights, each day's over its hours")
    func expectedVisitsPerOpenHour() throws {
        let scenario = hoursCampus()
        let center = scenario.campus!.serviceCenter!
        let term = scenario.campus!.term
        let clock = CampusCompiler.CampusClock(unitSeconds: 60, term: term)
        let times = CampusCompiler.counterOpenTimes(center, term: term, clock: clock)
        // records: 1,000 students × 2 requests × half at the counter; weights 1 Monday to Friday and
        // 0.5 on Saturday, less the holiday: 4 × 5.5 − 1 = 21 weekday-equivalents; hourly [1, 1, 1, 1].
        let records = try #require(CampusCompiler.categoryOpenTime(center.categories[0], center: center, counterTimes: times))
        let r = try #require(CampusCompiler.counterProfile(total: 1000, hourly: [1, 1, 1, 1], anchor: 480, open: records, term: term, clock: clock))
        // finance: 1,000 at the desk, open 9:00-11:00 on weekdays only: 4 × 5 − 1 = 19 days; hourly
        // [1, 2, 2, 1] from 8:00, so 9:00-10:00 and 10:00-11:00 have weight 2 each.
        let finance = try #require(CampusCompiler.categoryOpenTime(center.categories[1], center: center, counterTimes: times))
        let f = try #require(CampusCompiler.counterProfile(total: 1000, hourly: [1, 2, 2, 1], anchor: 480, open: finance, term: term, clock: clock))
        func perHour(_ p: (step: Double, rates: [Double]), week: Int, day: Int, hour: Int) -> Double {
            let perDay = Int(1440 / p.step)
            let first = (week * 7 + day) * perDay + Int(Double(hour) * 60 / p.step)
            return p.rates[first..<(first + Int(60 / p.step))].reduce(0) { $0 + $1 * p.step }
        }
        for week in 0..<4 {
            for day in 0..<7 {
                for hour in 0..<24 {
                    let holiday = week == 1 && day == 2
                    let open = !holiday && ((day < 5 && (8..<12).contains(hour)) || (day == 5 && (8..<10).contains(hour)))
                    let expected = open ? (day == 5 ? 0.5 * 1000 / 21 / 2 : 1000.0 / 21 / 4) : 0
                    #expect(abs(perHour(r, week: week, day: day, hour: hour) - expected) < 1e-9, "records week \(week) day \(day) hour \(hour)")
                    let deskOpen = !holiday && day < 5 && (9..<11).contains(hour)
                    #expect(abs(perHour(f, week: week, day: day, hour: hour) - (deskOpen ? 1000.0 / 19 / 2 : 0)) < 1e-9, "finance week \(week) day \(day) hour \(hour)")
                }
            }
        }
        // The term's total is kept: the closed days' demand is moved, not lost.
        #expect(abs(r.rates.reduce(0) { $0 + $1 * r.step } - 1000) < 1e-9)
    }

    @Test("a weekday with demand on which a category's counters are closed is warned about, and only that one")
    func closedDayWithDemandWarns() throws {
        let (_, _, warnings) = try CampusCompiler.compile(hoursCampus())
        let hours = warnings.filter { $0.message.contains("term.weekdays") }
        // The finance desk is closed on Saturday, which has demand 0.5; the all-purpose windows open then.
        #expect(hours.map(\.path) == ["campus.service_center.categories[1]"])
        #expect(hours.first?.message.contains("'finance' has demand on Sat") == true)
        var open = hoursCampus()
        open.campus!.term.weekdays = [1, 1, 1, 1, 1, 0, 0]
        #expect(try CampusCompiler.compile(open).warnings.allSatisfy { !$0.message.contains("term.weekdays") })
    }

    @Test("the plain opens/closes form keeps its meaning: servers as written, returns whenever due, no deferral measure")
    func plainFormUnchanged() throws {
        let scenario = smallCampus()
        let (model, planOrNil, _) = try CampusCompiler.compile(scenario)
        let plan = try #require(planOrNil)
        #expect(plan.returningStation == nil)
        guard case .fixed(3) = model.stations[plan.counterStations[0]].servers else { Issue.record("servers changed"); return }
        #expect(model.stations.allSatisfy { $0.releaseWindows.allSatisfy { $0 == nil } })
        var simulation = NetworkSimulation(model: model, replication: 0)
        let result = simulation.run()
        #expect(plan.measure(result, master: model.run.seed).value(.deferredReturns) == nil)
    }
}

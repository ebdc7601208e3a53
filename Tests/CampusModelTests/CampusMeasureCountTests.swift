@testable import CampusModel
import Experiments
import Foundation
import QueueingNetwork
import ScenarioModel
import Stochastics
import Testing

/// Every event of one replication, as the engine's trace gives it.
final class TraceLog: TraceSink {
    var events: [TraceEvent] = []
    func record(_ event: TraceEvent) { events.append(event) }
    func finish() {}
}

/// The small campus with a tight all-purpose window whose students give up, a closing time that cuts
/// the last opening hour in half (8:00 to 11:30, four hourly weights), and one on-call counselor
/// busy enough with crises that some wait.
func countingCampus() -> Scenario {
    var scenario = smallCampus(returnProbability: 0.15)
    var center = scenario.campus!.serviceCenter!
    center.closes = 11.5 * 60
    center.counters[0] = Counter(id: "all_purpose", skills: [], servers: .fixed(1), patience: .exponential(mean: 10))
    center.counters[1] = Counter(id: "finance_desk", skills: ["finance"], servers: .fixed(1), patience: .exponential(mean: 20))
    scenario.campus!.serviceCenter = center
    scenario.campus!.counselors!.onCall = OnCall(counselors: 1, urgencies: [
        .init(id: "crisis", priority: 0, perWeek: 100, service: .exponential(mean: 60), escalate: 0.5),
        .init(id: "talk", priority: 1, perWeek: 10, service: .exponential(mean: 30)),
    ], mentalHealthTeachers: 1, mentalHealthService: .exponential(mean: 120))
    scenario.campus!.rules.append(CampusRule(id: "crisis", kind: .crisisResponse, target: 30))
    return scenario
}

/// What the trace of one replication says of the campus, counted event by event.
struct TraceCounts {
    var arrivals: [Int: Int] = [:]        // counter visits by class
    var served: [Int: Int] = [:]
    var waitSum: [Int: Double] = [:]
    var within: [Int: Int] = [:]
    var abandoned: [Int: Int] = [:]
    var exits: [Int: Int] = [:]
    var oneVisitExits: [Int: Int] = [:]
    var firstArrivals: [(classIndex: Int, time: Double)] = []
    var crisisWaits: [Double] = []
    var onlineDone = 0, onlineOnTime = 0

    init(_ events: [TraceEvent], model: NetworkModel, plan: CampusPlan) {
        let counters = Set(plan.counterStations)
        let returning = model.stations.firstIndex { $0.id == CampusCompiler.returningStation }
        let online = plan.onlineStation
        let target = plan.campus.serviceCenter!.targetWait
        var entered: [Int: Double] = [:]
        var arrivedAt: [Int: Double] = [:]
        var returned = Set<Int>()
        var answered = Set<Int>()
        for e in events {
            if entered[e.entity] == nil {
                entered[e.entity] = e.time
                if plan.categoryClasses.contains(e.classIndex) { firstArrivals.append((e.classIndex, e.time)) }
            }
            switch e.kind {
            case .arrive:
                if counters.contains(e.station) {
                    arrivals[e.classIndex, default: 0] += 1
                    arrivedAt[e.entity] = e.time
                }
                if e.station == returning { returned.insert(e.entity) }
            case .start:
                if counters.contains(e.station), let t = arrivedAt.removeValue(forKey: e.entity) {
                    served[e.classIndex, default: 0] += 1
                    waitSum[e.classIndex, default: 0] += e.time - t
                    if e.time - t <= target { within[e.classIndex, default: 0] += 1 }
                }
                if e.classIndex == plan.crisisClass, !answered.contains(e.entity) {
                    answered.insert(e.entity)
                    crisisWaits.append(e.time - entered[e.entity]!)
                }
            case .abandon:
                if counters.contains(e.station) {
                    abandoned[e.classIndex, default: 0] += 1
                    arrivedAt[e.entity] = nil
                }
            case .exit:
                if counters.contains(e.station) {
                    exits[e.classIndex, default: 0] += 1
                    if !returned.contains(e.entity) { oneVisitExits[e.classIndex, default: 0] += 1 }
                }
            case .finish:
                if e.station == online {
                    let k = plan.onlineClasses.firstIndex { $0 == e.classIndex }!
                    onlineDone += 1
                    if e.time - entered[e.entity]! <= plan.campus.serviceCenter!.categories[k].onlineLimit! { onlineOnTime += 1 }
                }
            default:
                break
            }
        }
    }

    func total(_ d: [Int: Int]) -> Int { d.values.reduce(0, +) }
}

@Suite("Campus measures against a direct count")
struct CampusMeasureCountTests {
    /// One replication of the counting campus with its trace, and the campus measures read from it.
    func traced(_ scenario: Scenario = countingCampus(), replication: Int = 0)
        throws -> (model: NetworkModel, plan: CampusPlan, result: ReplicationResult, measured: CampusReplication, counts: TraceCounts)
    {
        let (model, plan, _) = try CampusCompiler.compile(scenario)
        let campus = try #require(plan)
        var simulation = NetworkSimulation(model: model, replication: replication)
        let log = TraceLog()
        simulation.trace = log
        let result = simulation.run()
        return (model, campus, result, campus.measure(result, master: model.run.seed), TraceCounts(log.events, model: model, plan: campus))
    }

    @Test("Waits, visits, service level and abandonment count the counters alone, and the categories add up to the campus")
    func serviceCenterCounts() throws {
        let (_, plan, _, measured, counts) = try traced()
        let weeks = 4.0
        // Something to count: students wait, give up and come back.
        #expect(counts.total(counts.abandoned) > 50)
        // A visit ends in service or giving up, unless the term ends first.
        #expect(counts.total(counts.arrivals) >= counts.total(counts.served) + counts.total(counts.abandoned))
        let served = counts.total(counts.served)
        let waitSum = counts.waitSum.values.reduce(0, +)
        #expect(abs(measured.value(.centerMeanWait)! - waitSum / Double(served)) < 1e-9)
        #expect(abs(measured.value(.counterVisits)! - Double(counts.total(counts.arrivals)) / weeks) < 1e-9)
        let level = Double(counts.total(counts.within)) / Double(served + counts.total(counts.abandoned))
        #expect(abs(measured.value(.serviceLevel)! - level) < 1e-12)
        let oneVisit = Double(counts.total(counts.oneVisitExits)) / Double(counts.total(counts.exits))
        #expect(abs(measured.value(.oneVisitRate)! - oneVisit) < 1e-12)
        #expect(abs(measured.value(.onlineOnTimeRate)! - Double(counts.onlineOnTime) / Double(counts.onlineDone)) < 1e-12)

        let columns = CampusReplication.categoryColumns
        var visitSum = 0.0
        for (c, k) in plan.categoryClasses.enumerated() {
            let row = measured.categories[c]
            let visits = row[columns.firstIndex(of: "counter_visits_per_week")!]!
            // Visits are arrivals at the counters, those who gave up included.
            #expect(abs(visits - Double(counts.arrivals[k]!) / weeks) < 1e-9)
            visitSum += visits
            let wait = row[columns.firstIndex(of: "mean_wait")!]!
            #expect(abs(wait - counts.waitSum[k]! / Double(counts.served[k]!)) < 1e-9)
            let abandon = row[columns.firstIndex(of: "p_abandon")!]!
            #expect(abs(abandon - Double(counts.abandoned[k]!) / Double(counts.arrivals[k]!)) < 1e-12)
            let categoryLevel = row[columns.firstIndex(of: "service_level")!]!
            #expect(abs(categoryLevel - Double(counts.within[k] ?? 0) / Double(counts.served[k]! + counts.abandoned[k]!)) < 1e-12)
        }
        #expect(abs(visitSum - measured.value(.counterVisits)!) < 1e-9)
    }

    @Test("The returning delay's zero waits stay out of the mean wait")
    func returningStaysOut() throws {
        let (model, _, result, measured, _) = try traced()
        let returning = try #require(model.stations.firstIndex { $0.id == CampusCompiler.returningStation })
        // The returning station did start services (with no wait), which a mean over every station would take in.
        #expect(result.stationCounts[returning].served > 20)
        let network = result.classCounts.indices.filter { model.classes[$0].id == "records" || model.classes[$0].id == "finance" }
        let overAll = network.reduce(0.0) { $0 + result.classCounts[$1].waitSum } / Double(network.reduce(0) { $0 + result.classCounts[$1].waits })
        #expect(measured.value(.centerMeanWait)! > overAll)
    }

    @Test("Students arrive only while the center is open, also in the last half hour's cut")
    func arrivalsInsideOpeningHours() throws {
        let (_, plan, _, _, counts) = try traced()
        let center = plan.campus.serviceCenter!
        #expect(counts.firstArrivals.count > 500)
        var lastHalfHour = 0, records = 0
        let recordsClass = plan.categoryClasses[0]
        for (k, t) in counts.firstArrivals {
            let day = Int((t / 1440).rounded(.down))
            let time = t - Double(day) * 1440
            #expect(time >= center.opens && time < center.closes, "an arrival at \(time) minutes into day \(day)")
            #expect(plan.campus.term.weekdays[day % 7] > 0, "an arrival on a closed weekday (day \(day))")
            if k == recordsClass {
                records += 1
                if time >= 11 * 60 { lastHalfHour += 1 }
            }
        }
        // Records' last weight (1 of 4 equal ones) holds for half an hour: 1/7 of its arrivals.
        let share = Double(lastHalfHour) / Double(records)
        #expect(abs(share - 1.0 / 7) < 0.03, "\(share)")
    }

    @Test("The counter profile lays the hourly weights over the open interval only, partial hours included")
    func counterProfileClosedForm() throws {
        let term = Term(weeks: 1, weekdays: [1, 1, 1, 1, 1, 0, 0])
        // Minutes; open 8:00 to 16:30, nine weights, the ninth for half an hour.
        let weights: [Double] = [1, 2, 1, 1, 1, 1, 1, 1, 4]
        let profile = try #require(CampusCompiler.counterProfile(total: 1000, hourly: weights, opens: 480, closes: 990, term: term, hour: 60))
        #expect(profile.step == 15)
        let perDay = 96
        #expect(profile.rates.count == 7 * perDay)
        let mass = profile.rates.reduce(0, +) * profile.step
        #expect(abs(mass - 1000) < 1e-9)
        // Nothing before 8:00, from 16:30 on, or on the weekend.
        for (q, rate) in profile.rates.enumerated() {
            let minute = Double(q % perDay) * 15
            if minute < 480 || minute >= 990 || q / perDay >= 5 { #expect(rate == 0, "step \(q) at \(minute)") }
            else { #expect(rate > 0, "step \(q) at \(minute)") }
        }
        // A weight is a rate: half an hour at weight 4 (16:00–16:30) holds as many visits as an hour at weight 2 (9:00–10:00).
        let day = Array(profile.rates[0..<perDay])
        let nine = day[36..<40].reduce(0, +), lastHalf = day[64..<66].reduce(0, +)
        #expect(abs(lastHalf - nine) < 1e-12)
        // Each weekday holds a fifth of the week's visits.
        #expect(abs(day.reduce(0, +) * 15 - 200) < 1e-9)

        // Opening at 8:10 needs a finer step: five minutes, and still nothing outside.
        let odd = try #require(CampusCompiler.counterProfile(total: 50, hourly: [1, 1], opens: 490, closes: 600, term: term, hour: 60))
        #expect(odd.step == 5)
        for (q, rate) in odd.rates.enumerated() where rate > 0 {
            let minute = Double(q % 288) * 5
            #expect(minute >= 490 && minute + 5 <= 600)
        }
        // In hours: a step of a quarter hour is 0.25.
        #expect(CampusCompiler.profileStep(opens: 8.5, closes: 17.5, hour: 1) == 0.25)
    }

    @Test("Crisis calls: the wait of each call as the trace shows it, an exact percentile, the share answered at once")
    func crisisMeasures() throws {
        let (_, plan, _, measured, counts) = try traced()
        let waits = counts.crisisWaits.sorted()
        #expect(waits.count > 200)
        #expect(abs(measured.value(.crisisCallsPerWeek)! - Double(waits.count) / 4) < 1e-9)
        let atOnce = Double(waits.filter { $0 == 0 }.count) / Double(waits.count)
        #expect(measured.value(.crisisAnsweredAtOnce) == atOnce)
        #expect(atOnce > 0.2 && atOnce < 0.7)
        #expect(abs(measured.value(.crisisMeanWait)! - waits.reduce(0, +) / Double(waits.count)) < 1e-9)
        let target = try #require(plan.crisisTarget)
        #expect(measured.value(.crisisWaitOverTarget) == Double(waits.filter { $0 > target }.count) / Double(waits.count))
        // The 95th percentile by order statistics: between the two waits around rank 0.95 (n − 1).
        let h = 0.95 * Double(waits.count - 1)
        let p95 = try #require(measured.value(.crisisResponseP95))
        #expect(p95 >= waits[Int(h)] && p95 <= waits[Int(h) + 1])
        #expect(abs(p95 - (waits[Int(h)] + (h - h.rounded(.down)) * (waits[Int(h) + 1] - waits[Int(h)]))) < 1e-9)
    }

    @Test("Crisis measures agree with M/M/1 (crises preempt everything else at the on-call station)")
    func crisisClosedForm() throws {
        let (model, plan, _) = try CampusCompiler.compile(countingCampus())
        let result = Experiment(model: model, campus: plan, replications: 20).run(jobs: 2)
        let lambda = 100.0 / 10080, mu = 1.0 / 60, rho = lambda / mu
        let atOnce = result.estimate(.crisisAnsweredAtOnce)
        #expect(atOnce.covers(1 - rho, margin: 0.02), "\(atOnce) against \(1 - rho)")
        let mean = result.estimate(.crisisMeanWait)
        #expect(mean.covers(rho / (mu - lambda), margin: 0.1 * rho / (mu - lambda)), "\(mean) against \(rho / (mu - lambda))")
        let over = result.estimate(.crisisWaitOverTarget)
        let exactOver = rho * exp(-(mu - lambda) * 30)
        #expect(over.covers(exactOver, margin: 0.03), "\(over) against \(exactOver)")
        let p95 = result.estimate(.crisisResponseP95)
        let exactP95 = log(rho / 0.05) / (mu - lambda)
        #expect(p95.covers(exactP95, margin: 0.12 * exactP95), "\(p95) against \(exactP95)")
        #expect((p95.halfWidth ?? 0) > 0)
    }

    @Test("The crisis percentile is exact, not a histogram bin edge")
    func exactQuantile() {
        #expect(CampusPlan.quantile(sorted: [], 0.95) == nil)
        #expect(CampusPlan.quantile(sorted: [7], 0.95) == 7)
        // 21 values 0…20: rank 0.95 · 20 = 19.
        #expect(CampusPlan.quantile(sorted: (0...20).map(Double.init), 0.95) == 19)
        // 20 values 0…19: rank 18.05, between 18 and 19.
        #expect(abs(CampusPlan.quantile(sorted: (0..<20).map(Double.init), 0.95)! - 18.05) < 1e-12)
        // Mostly zero: the percentile of 0, 0, …, 0, 3.3 with one value in twenty non-zero.
        #expect(abs(CampusPlan.quantile(sorted: [Double](repeating: 0, count: 19) + [3.3], 0.95)! - 0.05 * 3.3) < 1e-12)
    }
}

@Suite("Counselor measures against their definitions")
struct CounselorMeasureTests {
    let population = Population(
        colleges: [.init(id: "a", students: 100, classes: 4, counselors: 2, classTeachers: 4)],
        dormitories: [.init(id: "d1", floors: 1, rooms: 1, beds: 4, residentialCounselors: 1),
                      .init(id: "d2", floors: 1, rooms: 1, beds: 4, residentialCounselors: 1)])

    @Test("No talk hours, no talk: asking for one does not count as being talked with")
    func noTalkHours() {
        let counselors = Counselors(weeklyHours: ["talks": 0, "dormitory": 2], dormVisitHours: 1, talkHours: 1, requestedTalksPerThousand: 100)
        let outcome = CounselorWeeks(population: population, counselors: counselors, weeks: 10).run(master: 3, replication: 0)
        #expect(outcome.talkCoverage == 0)
        // Every request stays unmet: about 10 a week for 10 weeks.
        #expect(outcome.unmetRequests > 50)
    }

    @Test("A backlog of requests cannot lift coverage above the talks there was time for")
    func backlogWithinCapacity() {
        // Two counselors, one talk a week each, 10 weeks: at most 20 of 100 students, whatever is asked.
        let counselors = Counselors(weeklyHours: ["talks": 1], dormVisitHours: 1, talkHours: 1, requestedTalksPerThousand: 300)
        let outcome = CounselorWeeks(population: population, counselors: counselors, weeks: 10).run(master: 3, replication: 0)
        #expect(outcome.talkCoverage <= 0.2)
        #expect(outcome.talkCoverage > 0.1)
        // Requests come first: 30 a week asked, 2 given, the rest wait (a student may ask twice).
        #expect(outcome.unmetRequests > 200)
    }

    @Test("Without dormitory hours, residential counselors visit nothing and the coverage rule can fail")
    func residentsNeedHours() throws {
        let none = Counselors(weeklyHours: ["dormitory": 0, "talks": 2], dormVisitHours: 1.5, talkHours: 1)
        let outcome = CounselorWeeks(population: population, counselors: none, weeks: 4).run(master: 1, replication: 0)
        #expect(outcome.dormVisitCoverage == 0)
        // Less than one visit's time is no visit either; one visit's time lets the residents visit.
        let short = Counselors(weeklyHours: ["dormitory": 1], dormVisitHours: 1.5, talkHours: 1)
        #expect(CounselorWeeks(population: population, counselors: short, weeks: 4).run(master: 1, replication: 0).dormVisitCoverage == 0)
        let enough = Counselors(weeklyHours: ["dormitory": 1.5], dormVisitHours: 1.5, talkHours: 1)
        #expect(CounselorWeeks(population: population, counselors: enough, weeks: 4).run(master: 1, replication: 0).dormVisitCoverage == 1)

        var scenario = smallCampus()
        scenario.campus!.population.dormitories = scenario.campus!.population.dormitories.map {
            var d = $0
            d.residentialCounselors = 1
            return d
        }
        scenario.campus!.counselors!.weeklyHours["dormitory"] = 0
        scenario.campus!.rules = [CampusRule(id: "visits", kind: .dormVisitCoverage, target: 0.95)]
        let (model, plan, _) = try CampusCompiler.compile(scenario)
        let result = Experiment(model: model, campus: plan, replications: 2).run(jobs: 2)
        #expect(result.estimate(.dormVisitCoverage).mean == 0)
        #expect(result.ruleResults.first?.passed == false)
    }
}

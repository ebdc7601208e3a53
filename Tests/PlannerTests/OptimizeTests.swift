import CampusModel
import Experiments
import Foundation
import QueueingNetwork
import ScenarioModel
import Testing
@testable import Planner

/// A request for the scenario text, as the CLI makes one after reading the file.
private func request(_ text: String, file: String) throws -> OptimizeRequest {
    let (scenario, _) = try ScenarioParser.parse(text, file: file, defaultName: "scenario")
    let (model, campus, _) = try CampusCompiler.compile(scenario)
    var request = OptimizeRequest(scenario: scenario, model: model, campus: campus, text: text, file: file)
    request.jobs = 2
    return request
}

private func shippedScenario(_ name: String) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return try String(contentsOf: root.appendingPathComponent("scenarios/\(name)"), encoding: .utf8)
}

@Suite("Planner.optimize")
struct OptimizeTests {
    @Test("the desk: the shifts cover the requirement, the verification meets the targets, and the outcome's figures are the counts")
    func desk() throws {
        var r = try request(try shippedScenario("desk-schedule.yaml"), file: "scenarios/desk-schedule.yaml")
        r.stations = ["desk"]
        r.targetWait = 5
        r.replications = 6
        let o = try Planner.optimize(r)

        #expect(o.planned == [0])
        #expect(o.model.stations[0].waitTarget == 5)
        #expect(o.grid.slot == 30 && o.grid.period == 1440)
        #expect(o.seed == 7 && o.verificationSeed == 7 + 1_000_003)
        #expect(o.verified.replications.count == 6 && o.original.replications.count == 6)
        #expect(o.rooms == nil && o.counselors == nil)

        let plan = o.proposal.search.stations[0].types[0]
        let scheduled = o.proposal.scheduled(0, type: 0)
        #expect(scheduled.count == o.grid.count)
        for t in 0..<o.grid.count { #expect(scheduled[t] >= plan.requirement[t], "slot \(t)") }
        // Staff-hours are the slots' staff times half an hour, over the 31 days of the run.
        #expect(o.staffHours(scheduled) == Double(scheduled.reduce(0, +)) / 2)
        #expect(o.weeks(0) == 31)
        #expect(o.termHours { o.proposal.scheduled(0, type: $0) } == 31 * Double(scheduled.reduce(0, +)) / 2)
        #expect(abs(o.termCost(0) - 31 * o.proposal.shifts[0].types[0].solution.cost) < 1e-9)

        // The verification on fresh random numbers meets both targets.
        let level = o.verified.estimate(.serviceLevel, station: 0)
        let abandon = o.verified.estimate(.pAbandon, station: 0)
        #expect(OptimizeOutcome.verdict(level, atLeast: o.targets.serviceLevel) == .pass, "service level \(level.mean ?? .nan) ± \(level.halfWidth ?? .nan)")
        #expect(OptimizeOutcome.verdict(abandon, atMost: o.targets.maxAbandon) == .pass, "abandonment \(abandon.mean ?? .nan) ± \(abandon.halfWidth ?? .nan)")

        // The proposed text reads back, with the proposal's staffing in place of the desk's servers.
        let (proposed, _) = try ScenarioParser.parse(o.proposedText, file: "proposal.yaml", defaultName: "desk-schedule")
        let staffing = try #require(proposed.planner?.staffing)
        #expect(staffing.map(\.station) == ["desk"])
    }

    @Test("the worst slot is the lowest judged service level, and the slots below target are below it beyond doubt")
    func verdicts() throws {
        var r = try request(try shippedScenario("desk-schedule.yaml"), file: "desk.yaml")
        r.stations = ["desk"]
        r.targetWait = 5
        r.replications = 4
        r.policy.searchReplications = 6
        let o = try Planner.optimize(r)
        let cells = o.verifiedSlots.cells[0][0]
        let closed = o.proposal.search.stations[0].types[0].closed
        let judged = cells.serviceLevel.indices.filter {
            cells.serviceLevel[$0] != nil && !closed[$0] && cells.arrivals[$0] >= o.policy.slotArrivalsJudged
        }
        let worst = try #require(o.worstSlot(0, type: 0))
        #expect(worst.level == judged.map { cells.serviceLevel[$0]! }.min())
        #expect(worst.lower <= worst.level && worst.upper >= worst.level)
        #expect(worst.verdict == (worst.lower >= o.targets.serviceLevel ? .pass : worst.upper < o.targets.serviceLevel ? .fail : .undecided))
        let below = o.slotsBelowTarget(0, type: 0).below
        for t in below { #expect(OptimizeOutcome.wilson(cells.serviceLevel[t]!, cells.arrivals[t]).upper < o.targets.serviceLevel) }
        #expect(Set(below).isSubset(of: Set(judged)))
    }

    @Test("the policy's settings reach the search and the verification")
    func policy() throws {
        var r = try request(try shippedScenario("desk-schedule.yaml"), file: "desk.yaml")
        r.stations = ["desk"]
        r.replications = 3
        r.seed = 11
        r.policy.searchReplications = 3
        r.policy.maxIterations = 1
        r.policy.verificationSeedOffset = 5
        r.policy.serviceLevel = 0.5
        let o = try Planner.optimize(r)
        #expect(o.proposal.search.replications == 3)
        #expect(o.proposal.search.iterations == 1)
        #expect(o.verificationSeed == 16 && o.verified.seed == 16)
        #expect(o.targets.serviceLevel == 0.5)
    }

    @Test("requests that cannot be planned are refused before any simulation")
    func refusals() throws {
        var r = try request(try shippedScenario("single-desk.yaml"), file: "single-desk.yaml")
        #expect(throws: OptimizeFailure.self) { try r.setting() }
        do { _ = try r.setting() } catch { #expect("\(error)".hasPrefix("no station has a wait target")) }
        r.stations = ["counter"]
        do { _ = try r.setting() } catch { #expect("\(error)" == "--station counter: no such station (stations: desk)") }
        r.stations = ["desk"]
        r.slot = 7
        r.period = 24
        do { _ = try r.setting() } catch { #expect("\(error)" == "the period (24.0) must be a whole number of slots (7.0)") }
        r.slot = 1
        r.shouldStop = { true }
        do {
            _ = try Planner.optimize(r)
            Issue.record("a stopped request gave a plan")
        } catch {
            guard case .stopped = error else { Issue.record("\(error)"); return }
        }
    }

    static let counselorCampus = """
        name: counselor-check
        time_unit: minute
        run: {replications: 2, seed: 5}
        campus:
          term: {weeks: 2}
          population:
            colleges:
              - {id: a, students: 300, classes: 10, counselors: 1, class_teachers: 10}
              - {id: b, students: 200, classes: 7, counselors: 1, class_teachers: 7}
            dormitories: {prefix: "d", count: 5, floors: 4, rooms: 50, beds: 100}
          service_center:
            opens: 8.5h
            closes: 17.5h
            target_wait: 15 min
            return_delay: {dist: uniform, min: 1d, max: 3d}
            categories:
              - {id: records, items: 10, requests_per_student: 0.5, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 5 min}}
            counters:
              - {id: desk, servers: 1}
          counselors:
            weekly_hours: {dormitory: 2, talks: 10, on_call: 64}
            dorm_visit_hours: 1
            talk_hours: 1
            on_call:
              counselors: 1
              urgencies:
                - {id: crisis, priority: 0, per_week: 1, service: {dist: exponential, mean: 60 min}}
              mental_health_teachers: 1
              mental_health_service: {dist: exponential, mean: 60 min}
          rules:
            - {id: visits, kind: dorm_visit_coverage, target: 0.9}
            - {id: crisis, kind: crisis_response, target: 30 min}
        """

    @Test("a small campus: weekly slots, the counselors planned with their assignment, no rooms")
    func smallCampus() throws {
        var r = try request(Self.counselorCampus, file: "campus.yaml")
        r.policy.searchReplications = 4
        let o = try Planner.optimize(r)
        #expect(o.grid.period == 7 * 1440 && o.grid.slot == 30)
        #expect(o.weekTypes.ofPeriod.count == 2)
        #expect(o.rooms == nil)
        let counselors = try #require(o.counselors)
        let p = counselors.proposal
        #expect(p.perCollege.reduce(0, +) == p.total)
        #expect(p.total == 2)
        let plan = try #require(p.assignment)
        // Two counselors cannot give the five buildings their visits nor cover every duty block.
        #expect(plan.rules.contains { !$0.met })
        let a = plan.assignment
        let names = counselors.names(a)
        #expect(names == ["a-1", "b-1"])
        #expect(a.counselorBuildings.reduce(0) { $0 + $1.count } + a.missingVisits.reduce(0, +) == 5 * (a.program.visitsRequired.first ?? 0))
        // Every counselor's duty stays within the block budget.
        #expect(a.counselorBlocks.allSatisfy { $0.count <= a.program.blockBudget })
    }

    @Test("shift rules that cannot reach the opening hours are refused before any simulation, by station, week type, day and time")
    func earlyCoverError() throws {
        // The desk opens 8:30-17:30 every day.
        let hours = "{id: desk, servers: {period: 1d, schedule: [{from: 0, to: 8.5h, servers: 0}, {from: 8.5h, to: 17.5h, servers: 1}, {from: 17.5h, to: 1d, servers: 0}]}}"
        let daily = Self.counselorCampus.replacingOccurrences(of: "{id: desk, servers: 1}", with: hours)
        let text = daily
            + "\nplanner:\n  shift_rules:\n    full_shift: {latest_start: 8.5h}\n    part_shift: {latest_start: 12h}\n"
        let r = try request(text, file: "campus.yaml")
        let setting = try r.setting()
        do {
            try r.checkShiftsReachOpenHours(setting)
            Issue.record("the shift rules were accepted")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("desk, regular weeks: no allowed shift works Mon 17:00-17:30, Tue 17:00-17:30"), "\(message)")
            #expect(message.contains("where the station is open; a part shift 14:00-17:30 would cover it"), "\(message)")
        }
        // The plain shift patterns are checked the same way, against the slots students come in.
        let plain = daily + "\nplanner:\n  shifts:\n    - {name: morning, start: 8.5h, length: 4h}\n"
        let p = try request(plain, file: "campus.yaml")
        do {
            try p.checkShiftsReachOpenHours(try p.setting())
            Issue.record("the shift patterns were accepted")
        } catch {
            #expect("\(error)".hasPrefix("desk, regular weeks: no allowed shift works Mon 12:30-17:30"), "\(error)")
        }
    }

    @Test("campus baseline: a weekly roster of named people keeps the shift rules and costs no more than today where today meets the target")
    func campusBaselineRoster() throws {
        var r = try request(try shippedScenario("campus-baseline.yaml"), file: "scenarios/campus-baseline.yaml")
        r.replications = 10
        // Open Monday to Saturday 8:30-17:30, closed on Sunday (the station's own servers run every day).
        var open: [Range<Double>] = []
        for d in 0..<6 {
            let midnight = Double(d) * 1440
            open.append((midnight + 510)..<(midnight + 1050))
        }
        r.openIntervals = ["all_purpose": open, "finance": open, "international_desk": open]
        let o = try Planner.optimize(r)
        let slot = o.grid.slot
        for (i, station) in o.proposal.shifts.enumerated() {
            for (k, type) in station.types.enumerated() {
                let where_ = "\(station.id) \(o.weekTypes.names[k])"
                let today = o.todayServiceLevel(i, type: k)
                let todayAbandon = o.originalSlots.abandonment(i, type: k, counted: o.proposal.search.stations[i].types[k].closed.map { !$0 })
                let todayMeets = OptimizeOutcome.verdict(today, atLeast: o.targets.serviceLevel) == .pass
                    && OptimizeOutcome.verdict(todayAbandon, atMost: o.targets.maxAbandon) == .pass
                if type.keptToday {
                    // Kept only where today's staffing meets the target for less than the roster drawn.
                    #expect(todayMeets, "\(where_) kept today's staffing, which misses the target")
                    #expect(type.solution.coverage == o.todayServers(i, type: k) && type.solution.cost == o.todayCost(i, type: k))
                    continue
                }
                let roster = try #require(type.roster, "\(where_) has no roster")
                let problem = try #require(type.rosterProblem)
                #expect(roster.violations(problem).isEmpty, "\(where_): \(roster.violations(problem))")
                #expect(roster.coverage == o.proposal.scheduled(i, type: k))
                // The search's requirement in the open hours, none on Sunday.
                let requirement = o.proposal.search.stations[i].types[k].requirement
                #expect(problem.requirement == requirement.indices.map { $0 < 6 * 48 && problem.open[$0] ? requirement[$0] : 0 })
                #expect(zip(roster.coverage, problem.requirement).allSatisfy { $0 >= $1 }, "\(where_) leaves a slot short")
                #expect(roster.headcount(.full) > 0, "\(where_) has no full-timer")
                // Full shifts every weekday; nobody on the closed Sunday.
                let fullDays = Set(roster.people.filter { $0.kind == .full }.flatMap(\.shifts).map(\.day))
                #expect(Set(0..<5).isSubset(of: fullDays), "\(where_): full shifts on days \(fullDays.sorted())")
                #expect(!roster.people.flatMap(\.shifts).contains { $0.day == 6 }, "\(where_): someone works the closed Sunday")
                for person in roster.people where person.kind == .full {
                    // Two days off, in a row (around the week's end).
                    let off = Set(0..<7).subtracting(person.shifts.map(\.day))
                    #expect(off.count == 2 && off.contains { off.contains(($0 + 1) % 7) }, "\(where_) \(person.name) is off on \(off.sorted())")
                    for shift in person.shifts {
                        let lunch = try #require(shift.breakStart, "\(where_) \(person.name) has no lunch")
                        #expect(Double(lunch) * slot >= 11.5 * 60 && Double(lunch + shift.breakLength) * slot <= 13.5 * 60,
                                "\(where_) \(person.name)'s lunch at slot \(lunch)")
                    }
                }
                for d in 0..<7 {
                    let starts = Set(roster.people.flatMap(\.shifts).filter { $0.day == d }.map(\.start))
                    #expect(starts.count <= 3, "\(where_) day \(d) has \(starts.count) start times")
                }
                // Today's staffing, verified on the same random numbers: where it meets the target, the proposal costs no more.
                if todayMeets, let cost = o.todayCost(i, type: k) {
                    #expect(roster.cost <= cost + 1e-9, "\(where_): roster \(roster.cost) against today's \(cost)")
                }
            }
        }
    }
}


@testable import CampusModel
import QueueingNetwork
import ScenarioModel
import Testing

/// The compiler's steps, each on its own: what it adds to the network's parts, and what it hands on.
@Suite("Campus compilation steps")
struct CampusCompilerStepTests {
    /// Minutes, and a four-week term.
    let clock = CampusCompiler.CampusClock(unitSeconds: 60, term: Term(weeks: 4))
    let empty = CampusCompiler.NetworkParts(classes: [], stations: [], arrivals: [], routing: [])

    @Test("The clock counts hours, days, weeks and the term in the time unit")
    func clockScale() {
        #expect(clock.hour == 60)
        #expect(clock.day == 1440)
        #expect(clock.week == 10080)
        #expect(clock.termLength == 4 * 10080)
    }

    @Test("The feedback loop: a class and a weekly Poisson stream per channel, transfer, handling and follow-up")
    func feedbackLoop() {
        var parts = empty
        let feedback = FeedbackLoop(
            channels: [.init(id: "mailbox", perWeek: 70), .init(id: "hotline", perWeek: 14)], transferStaff: 2,
            transfer: .exponential(mean: 5), handling: .exponential(mean: 600), limit: 4320,
            followUpShare: 0.25, followUp: .deterministic(value: 30))
        let ids = CampusCompiler.addFeedbackLoop(feedback, clock: clock, to: &parts)
        #expect(ids == ["feedback.mailbox", "feedback.hotline"])
        #expect(parts.classes.map(\.id) == ids)
        #expect(parts.arrivals.map(\.process) == [.poisson(rate: 70.0 / 10080), .poisson(rate: 14.0 / 10080)])
        #expect(parts.arrivals.allSatisfy { $0.to == CampusCompiler.transferStation })
        #expect(parts.stations.map(\.id) == [CampusCompiler.transferStation, CampusCompiler.handlingStation, CampusCompiler.followUpStation])
        #expect(parts.stations[0].servers == .fixed(2))
        #expect(parts.routing.map(\.from) == [CampusCompiler.transferStation, CampusCompiler.handlingStation])
        #expect(parts.routing[1].branches == .all([
            Routing.Branch(to: nil, probability: 0.75), Routing.Branch(to: CampusCompiler.followUpStation, probability: 0.25),
        ]))

        // No follow-up share: no follow-up station and no route out of handling.
        var plain = empty
        var noFollowUp = feedback
        noFollowUp.followUpShare = 0
        _ = CampusCompiler.addFeedbackLoop(noFollowUp, clock: clock, to: &plain)
        #expect(plain.stations.map(\.id) == [CampusCompiler.transferStation, CampusCompiler.handlingStation])
        #expect(plain.routing.count == 1)
    }

    @Test("On call: the most urgent class is the crisis class, whatever order the urgencies are listed in")
    func onCall() {
        var parts = empty
        let onCall = OnCall(counselors: 2, urgencies: [
            .init(id: "talk", priority: 3, perWeek: 10, service: .exponential(mean: 30)),
            .init(id: "crisis", priority: 1, perWeek: 2, service: .exponential(mean: 60), escalate: 0.4),
        ], mentalHealthTeachers: 1, mentalHealthService: .exponential(mean: 120))
        let crisis = CampusCompiler.addOnCall(onCall, location: nil, clock: clock, to: &parts)
        #expect(crisis == "on_call.crisis")
        #expect(parts.classes.map(\.id) == ["on_call.talk", "on_call.crisis"])
        #expect(parts.classes.map(\.priority) == [3, 1])
        #expect(parts.stations.map(\.id) == [CampusCompiler.onCallStation, CampusCompiler.mentalHealthStation])
        #expect(parts.stations.map(\.discipline) == [.preemptive, .priority])
        #expect(parts.routing.count == 1)
        #expect(CampusCompiler.addOnCall(OnCall(counselors: 1, urgencies: [], mentalHealthTeachers: 1, mentalHealthService: .exponential(mean: 1)),
                                         location: nil, clock: clock, to: &parts) == nil)
    }

    @Test("The service center: classes per category, counters, streams to the pooled counter, returns")
    func serviceCenter() throws {
        let campus = try #require(smallCampus().campus)
        let center = try #require(campus.serviceCenter)
        var parts = empty
        let ids = CampusCompiler.addServiceCenter(center, campus: campus, clock: clock, to: &parts)
        #expect(ids.categories == ["records", "finance"])
        #expect(ids.online == ["records.online", nil])
        #expect(ids.eligible == ["records": ["all_purpose"], "finance": ["all_purpose", "finance_desk"]])
        #expect(parts.classes.map(\.id) == ["records", "records.online", "finance"])
        #expect(parts.stations.map(\.id) == ["all_purpose", "finance_desk", CampusCompiler.returningStation, CampusCompiler.onlineStation])
        #expect(parts.arrivals.map(\.to) == ["all_purpose", CampusCompiler.onlineStation, "finance_desk"])
        #expect(parts.routing.map(\.from) == ["all_purpose", "finance_desk", CampusCompiler.returningStation])
    }

    @Test("Policies: engine policies first, the next-free-slot one last; a station the campus lacks is an error")
    func policies() throws {
        var (model, _, _) = try CampusCompiler.compile(smallCampus())
        let stationIndex = Dictionary(uniqueKeysWithValues: model.stations.enumerated().map { ($1.id, $0) })
        let before = model.policies.count
        let here = SourceLocation(file: "campus.yaml", line: 1, column: 1)
        let (ids, step) = try CampusCompiler.applyPolicies([
            Policy(id: "later", action: .nextFreeSlot(step: 30)),
            Policy(id: "open", action: .flexServers(station: "all_purpose", above: 5, below: 1, servers: 2)),
        ], to: &model, stationIndex: stationIndex, fallback: here)
        #expect(ids == ["open", "later"])
        #expect(step == 30)
        #expect(model.policies.count == before + 1)
        if case .flexServers(let s, 5, 1, 2)? = model.policies.last?.kind {
            #expect(s == stationIndex["all_purpose"])
        } else {
            Issue.record("the flexible-server policy should come last: \(String(describing: model.policies.last?.kind))")
        }

        let error = #expect(throws: ScenarioErrors.self) {
            _ = try CampusCompiler.applyPolicies([
                Policy(id: "ok", action: .escalate(station: "on_call", after: 10)),
                Policy(id: "bad", action: .escalate(station: "nowhere", after: 10)),
                Policy(id: "unlimited", action: .flexServers(station: CampusCompiler.handlingStation, above: 1, below: 0, servers: 1)),
            ], to: &model, stationIndex: stationIndex, fallback: here)
        }
        #expect(error?.diagnostics.map(\.path) == ["campus.policies[1].station", "campus.policies[2].station"])
    }
}

import CampusModel
import Experiments
import Foundation
import Planner
import ScenarioModel
import Testing

@Suite("Room layouts that keep what exists")
struct RoomStatusTests {
    let day = 1440.0

    func type(_ id: String, _ complex: String, count: Int, seats: Int, area: Double, status: RoomStatus?, maximum: Int? = nil) -> ActivityRooms.RoomType {
        .init(id: id, complex: complex, count: count, seats: seats, area: area, opens: 8 * 60, closes: 22 * 60, status: status, maximum: maximum)
    }

    func meeting(_ id: String, perYear: Double, group: Double, complexes: [String] = []) -> ActivityRooms.Activity {
        .init(id: id, perYear: perYear, group: .deterministic(value: group), duration: .deterministic(value: 90),
              windowFrom: 14 * 60, windowTo: 21 * 60, leadTime: .uniform(min: 0, max: 7 * 1440), complexes: complexes)
    }

    @Test("Existing rooms never shrink and candidates stay within their maximum, over random small layouts")
    func existingNeverShrinks() throws {
        var generator = SystemRandomNumberGenerator()
        var seedSource = UInt64.random(in: 1...1_000_000, using: &generator)
        print("existingNeverShrinks seed \(seedSource)")
        for trial in 0..<6 {
            seedSource = seedSource &* 6364136223846793005 &+ 1442695040888963407
            var rng = SeededGenerator(state: seedSource)
            let statuses: [RoomStatus?] = [.existing, .candidate, nil]
            let types = (0..<3).map { t -> ActivityRooms.RoomType in
                let status = statuses[Int(rng.next() % 3)]
                let count = Int(rng.next() % 5)
                let maximum: Int? = status == nil ? nil : count + Int(rng.next() % 4)
                return type("t\(t)", t == 0 ? "a" : "b", count: count, seats: [30, 40, 120][t], area: [50, 70, 250][t], status: status, maximum: maximum)
            }
            let rooms = ActivityRooms(roomTypes: types, activities: [
                meeting("small", perYear: Double(500 + rng.next() % 2500), group: 25),
                meeting("large", perYear: Double(100 + rng.next() % 400), group: 100),
            ])
            let planner = RoomLayoutPlanner(rooms: rooms, day: day, horizon: 3 * 7 * day, step: nil, target: 0.05,
                                            areaBudget: 300, replications: 3, seed: UInt64(trial + 1))
            let proposal = try planner.plan(maximumSteps: 60)
            for (t, type) in types.enumerated() {
                if type.status == .existing { #expect(proposal.counts[t] >= type.count, "trial \(trial): \(type) → \(proposal.counts[t])") }
                if let most = type.plannedMaximum { #expect(proposal.counts[t] <= most, "trial \(trial): \(type) → \(proposal.counts[t])") }
                // The within-budget layout removes rooms, never existing ones.
                if type.status == .existing, let b = proposal.withinBudget { #expect(b.counts[t] >= type.count) }
            }
            for c in proposal.evaluated {
                for (t, type) in types.enumerated() where type.status == .existing { #expect(c.counts[t] >= type.count) }
            }
        }
    }

    @Test("Candidate-only sizing leaves existing counts as given and sizes the candidate")
    func candidateOnly() throws {
        let rooms = ActivityRooms(roomTypes: [
            type("old_seminar", "old", count: 2, seats: 40, area: 70, status: .existing),
            type("new_seminar", "new", count: 0, seats: 40, area: 70, status: .candidate, maximum: 20),
        ], activities: [meeting("meeting", perYear: 4000, group: 25, complexes: ["old", "new"])])
        let planner = RoomLayoutPlanner(rooms: rooms, day: day, horizon: 6 * 7 * day, step: nil, target: 0.05, replications: 5, seed: 5)
        let proposal = try planner.plan()
        #expect(proposal.counts[0] == 2)
        #expect(proposal.counts[1] > 0)
        #expect(proposal.evaluated.allSatisfy { $0.counts[0] == 2 })
        // The search's layout meets the target with confidence on its own random numbers.
        #expect(proposal.finalists[0].upperBound <= 0.05)
    }

    @Test("Per-activity rejection equals the count of the booking simulation's own requests")
    func perActivityMatchesDirectCount() throws {
        let rooms = ActivityRooms(roomTypes: [
            type("seminar", "a", count: 2, seats: 40, area: 70, status: .existing),
            type("hall", "b", count: 1, seats: 200, area: 300, status: .candidate, maximum: 3),
        ], activities: [meeting("meeting", perYear: 3000, group: 25), meeting("lecture", perYear: 600, group: 150, complexes: ["b"])])
        var bookings = RoomBookings(rooms: rooms, day: day, horizon: 4 * 7 * day, step: nil)
        bookings.recordRequests = true
        let planner = RoomLayoutPlanner(rooms: rooms, day: day, horizon: 4 * 7 * day, step: nil, target: 0.05, replications: 3, seed: 9)
        let counted = try planner.counted([2, 1], replications: 0..<3)
        for r in 0..<3 {
            let o = try bookings.run(master: 9, replication: r)
            #expect(o.log.count == o.requests)
            for a in 0..<2 {
                let requests = o.log.filter { $0.activity == a }.count
                let rejected = o.log.filter { $0.activity == a && $0.rejected }.count
                #expect(requests > 0 && rejected > 0, "the test needs rejections to count: \(requests), \(rejected)")
                #expect(o.activityRequests[a] == requests && o.activityRejected[a] == rejected)
                #expect(counted[r].activityRequests[a] == requests && counted[r].activityRejected[a] == rejected)
                #expect(counted[r].activityRejection(a) == Double(rejected) / Double(requests))
            }
            // Lectures' first choice is b; meetings book anywhere and have none.
            #expect(o.complexRequests == [0, o.activityRequests[1]] && o.complexRejected == [0, o.activityRejected[1]])
        }
    }

    @Test("A per-activity target no layout within the limits can meet is reported with its shortfall")
    func unmetTargetHasShortfall() throws {
        // Lectures need the hall; the hall is existing and may not grow, so lectures stay turned away.
        let rooms = ActivityRooms(roomTypes: [
            type("seminar", "a", count: 1, seats: 40, area: 70, status: .candidate, maximum: 10),
            type("hall", "a", count: 1, seats: 200, area: 300, status: .existing),
        ], activities: [meeting("meeting", perYear: 1500, group: 25), meeting("lecture", perYear: 900, group: 150)])
        var planner = RoomLayoutPlanner(rooms: rooms, day: day, horizon: 6 * 7 * day, step: nil, target: 0.5, replications: 5, seed: 2)
        planner.activityTargets = [.init(rule: "lectures", activity: 1, target: 0.01)]
        let proposal = try planner.plan()
        #expect(proposal.counts[1] == 1)
        let result = try #require(proposal.targetResults(proposal.verification).first)
        let lecture = proposal.verification.activities[1]
        #expect(result.verdict == .fail)
        #expect(result.shortfall > 0 && abs(result.shortfall - (lecture.mean! - 0.01)) < 1e-12)
        #expect(!proposal.feasible)
    }

    @Test("campus-new-complex keeps Yunyuan and Zixiang and sizes Qiming only, within its budget")
    func newComplexSizesQimingOnly() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/campus-new-complex.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let (scenario, _) = try ScenarioParser.parse(text, file: "campus-new-complex.yaml", defaultName: "campus-new-complex")
        let campus = try #require(scenario.campus)
        let rooms = try #require(campus.rooms)
        let planner = RoomLayoutPlanner(rooms: rooms, day: day, horizon: Double(campus.term.weeks) * 7 * day, step: 30, target: 0.05,
                                        replications: 4, seed: 20240128)
        let proposal = try planner.plan()
        var qimingArea = 0.0
        for (t, type) in rooms.roomTypes.enumerated() {
            if type.complex == "qiming" {
                #expect(type.status == .candidate)
                qimingArea += Double(proposal.counts[t]) * type.area
            } else {
                #expect(type.status == .existing && proposal.counts[t] == type.count, "\(type.id) \(proposal.counts[t])")
            }
        }
        #expect(qimingArea <= 2000)
        #expect(rooms.roomTypes.indices.contains { rooms.roomTypes[$0].complex == "qiming" && proposal.counts[$0] > 0 })
    }
}

struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

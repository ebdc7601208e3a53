import Experiments
import Foundation
import Planner
import ScenarioModel
import Testing

@Suite("Loss formulas")
struct LossFormulaTests {
    @Test("Erlang B sizing is the smallest count meeting the target")
    func erlangBSizing() {
        for (load, target) in [(3.0, 0.05), (12.5, 0.01), (0.4, 0.1), (80.0, 0.02)] {
            let c = LossFormulas.erlangBServers(load: load, target: target)
            #expect(LossFormulas.erlangB(servers: c, load: load) <= target)
            #expect(c == 0 || LossFormulas.erlangB(servers: c - 1, load: load) > target)
        }
    }

    @Test("Kaufman–Roberts equals the product form counted state by state")
    func kaufmanRoberts() {
        let (capacity, units, loads) = (7, [1, 3], [2.0, 0.8])
        let kr = LossFormulas.kaufmanRoberts(capacity: capacity, units: units, loads: loads)
        // π(n1, n2) ∝ a1^n1/n1! · a2^n2/n2! over n1 + 3·n2 ≤ C.
        var total = 0.0
        var blocked = [0.0, 0.0]
        for n2 in 0...(capacity / 3) {
            for n1 in 0...(capacity - 3 * n2) {
                let p = pow(loads[0], Double(n1)) / tgamma(Double(n1 + 1)) * pow(loads[1], Double(n2)) / tgamma(Double(n2 + 1))
                total += p
                let used = n1 + 3 * n2
                for k in 0..<2 where used + units[k] > capacity { blocked[k] += p }
            }
        }
        for k in 0..<2 { #expect(abs(kr[k] - blocked[k] / total) < 1e-12) }
        // With single-unit requests it is Erlang B.
        #expect(abs(LossFormulas.kaufmanRoberts(capacity: 5, units: [1], loads: [3])[0] - LossFormulas.erlangB(servers: 5, load: 3)) < 1e-12)
    }
}

@Suite("Ranking and selection")
struct RankingTests {
    @Test("KN picks the clearly best of several systems sharing random numbers")
    func picksBest() {
        var generator = SplitMix(state: 7)
        var noise: [Double] = []
        for _ in 0..<400 { noise.append(generator.normal()) }
        let means = [0.30, 0.10, 0.20, 0.35]
        let s = RankingAndSelection.kn(systems: 4, firstStage: 10, indifference: 0.02, maximum: 300) { i, r in
            means[i] + 0.05 * noise[r] + 0.01 * noise[(r * 7 + i * 13) % 400]
        }
        #expect(s.best == 1)
        #expect(s.observations.allSatisfy { $0 >= 10 })
    }

    struct SplitMix {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        mutating func normal() -> Double {
            let u = max(next(), 1e-300), v = next()
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
    }
}

@Suite("Room layout")
struct RoomLayoutTests {
    let day = 1440.0

    func seminars(count: Int, perYear: Double) -> ActivityRooms {
        ActivityRooms(
            roomTypes: [.init(id: "seminar", complex: "c", count: count, seats: 40, area: 70, opens: 8 * 60, closes: 22 * 60)],
            activities: [.init(id: "meeting", perYear: perYear, group: .deterministic(value: 25), duration: .deterministic(value: 90),
                               windowFrom: 14 * 60, windowTo: 21 * 60, leadTime: .uniform(min: 0, max: 7 * 1440))])
    }

    @Test("On one room type the simulated layout meets the target and agrees with Erlang B within a room")
    func singleTypeAgreesWithErlangB() throws {
        let planner = RoomLayoutPlanner(rooms: seminars(count: 1, perYear: 3000), day: day, horizon: 8 * 7 * day, step: nil, target: 0.05,
                                        replications: 6, seed: 11)
        let proposal = try planner.plan()
        // Offered load: 3000/365 bookings a day × 90 min over a 420-minute window.
        let load = 3000.0 / 365 * 90 / 420
        let erlang = LossFormulas.erlangBServers(load: load, target: 0.05)
        #expect(proposal.analytic == [erlang])
        #expect(abs(proposal.counts[0] - erlang) <= 1, "simulation \(proposal.counts[0]) vs Erlang B \(erlang)")
        #expect(proposal.feasible)
        #expect(proposal.rejection.mean! <= 0.05)
        // One room fewer does not meet the target with confidence (the layout is the least that does):
        // the upper end of its 95% interval on the search's random numbers is above it.
        let fewer = Estimate(try planner.rejections([proposal.counts[0] - 1], replications: 0..<6).map { Optional($0) })
        #expect(fewer.mean! + fewer.halfWidth! > 0.05)
        let chosen = Estimate(try planner.rejections(proposal.counts, replications: 0..<6).map { Optional($0) })
        #expect(chosen.mean! + chosen.halfWidth! <= 0.05)
    }

    @Test("Two room types: the least-area layout meets the target; under a budget the best rejection is reported")
    func twoTypesAndBudget() throws {
        var rooms = seminars(count: 2, perYear: 2500)
        rooms.roomTypes.append(.init(id: "hall", complex: "c", count: 1, seats: 200, area: 300, opens: 8 * 60, closes: 22 * 60))
        rooms.activities.append(.init(id: "lecture", perYear: 300, group: .deterministic(value: 150), duration: .deterministic(value: 120),
                                      windowFrom: 18 * 60, windowTo: 21 * 60, leadTime: .uniform(min: 0, max: 14 * 1440)))
        let planner = RoomLayoutPlanner(rooms: rooms, day: day, horizon: 8 * 7 * day, step: 30, target: 0.03, areaBudget: 500,
                                        replications: 5, seed: 3)
        let proposal = try planner.plan()
        #expect(proposal.feasible)
        #expect(proposal.counts[1] >= 1)   // lectures of 150 need the hall
        #expect(proposal.area == Double(proposal.counts[0]) * 70 + Double(proposal.counts[1]) * 300)
        for candidate in proposal.evaluated where candidate.upperBound <= 0.03 {
            #expect(candidate.area >= proposal.finalists[0].area)
        }
        let budget = try #require(proposal.withinBudget)
        #expect(budget.area <= 500)
        #expect(budget.rejection >= proposal.rejection.mean! - 1e-12)
    }

    @Test("Groups go to the smallest room types that seat them; groups no room seats are counted apart")
    func loadSplitByGroupSize() throws {
        var rooms = seminars(count: 2, perYear: 365)
        rooms.roomTypes.append(.init(id: "hall", complex: "c", count: 1, seats: 80, area: 150, opens: 8 * 60, closes: 22 * 60))
        rooms.activities = [.init(id: "talk", perYear: 365, group: .uniform(min: 20, max: 100), duration: .deterministic(value: 60),
                                  windowFrom: 14 * 60, windowTo: 21 * 60, leadTime: .uniform(min: 0, max: 1440))]
        let planner = RoomLayoutPlanner(rooms: rooms, day: day, horizon: 7 * day, step: nil, target: 0.3, replications: 2, seed: 1)
        let demand = try planner.demand()
        // One booking a day of 60 minutes over a 420-minute window; sizes are rounded to whole people.
        let load = 60.0 / 420
        #expect(abs(demand.loads[0] - load * (40.5 - 20) / 80) < 1e-12)
        #expect(abs(demand.loads[1] - load * (80.5 - 40.5) / 80) < 1e-12)
        #expect(abs(demand.unseatable - (100 - 80.5) / 80) < 1e-12)
    }

    @Test("The Kaufman–Roberts area bound is Erlang B's on one room type, and below every layout that meets the target")
    func areaBound() throws {
        let planner = RoomLayoutPlanner(rooms: seminars(count: 1, perYear: 3000), day: day, horizon: 8 * 7 * day, step: nil, target: 0.05,
                                        replications: 6, seed: 11)
        let load = 3000.0 / 365 * 90 / 420
        #expect(try planner.areaBound() == Double(LossFormulas.erlangBServers(load: load, target: 0.05)) * 70)

        var rooms = seminars(count: 2, perYear: 2500)
        rooms.roomTypes.append(.init(id: "hall", complex: "c", count: 1, seats: 200, area: 300, opens: 8 * 60, closes: 22 * 60))
        rooms.activities.append(.init(id: "lecture", perYear: 300, group: .deterministic(value: 150), duration: .deterministic(value: 120),
                                      windowFrom: 18 * 60, windowTo: 21 * 60, leadTime: .uniform(min: 0, max: 14 * 1440)))
        let two = RoomLayoutPlanner(rooms: rooms, day: day, horizon: 8 * 7 * day, step: nil, target: 0.05, replications: 5, seed: 3)
        let proposal = try two.plan()
        #expect(proposal.areaBound > 0)
        #expect(proposal.areaBound <= proposal.area)
        for candidate in proposal.evaluated where candidate.upperBound <= 0.05 { #expect(candidate.area >= proposal.areaBound) }
    }

    @Test("A search replayed from its journal simulates nothing and reaches the same layout")
    func journalReplay() throws {
        let file = JournalFile()
        let recorded = SearchJournal(record: { key, values in file.append(SearchJournal.line(key: key, values: values, inputs: "i")) })
        var planner = RoomLayoutPlanner(rooms: seminars(count: 1, perYear: 3000), day: day, horizon: 4 * 7 * day, step: nil, target: 0.05,
                                        replications: 4, seed: 5)
        planner.journal = recorded
        let first = try planner.plan()
        #expect(recorded.computed > 0 && recorded.replayed == 0)

        // The journal read back from its text, whose last line was cut short by an interruption.
        let entries = try SearchJournal.entries(from: Substring(file.text + "rooms 9 replications 0..<4\t0.1 0.2"), inputs: "i")
        #expect(entries.count == recorded.computed)
        let replay = SearchJournal(entries: entries)
        planner.journal = replay
        let second = try planner.plan()
        #expect(replay.computed == 0)
        #expect(second.counts == first.counts)
        #expect(second.rejection.mean == first.rejection.mean)
        #expect(second.evaluated == first.evaluated)
    }

    @Test("A journal entry edited, damaged or written for another search is refused by line; one of the wrong shape is simulated again")
    func journalDamage() throws {
        let file = JournalFile()
        let recorded = SearchJournal(record: { key, values in file.append(SearchJournal.line(key: key, values: values, inputs: "i")) })
        var planner = RoomLayoutPlanner(rooms: seminars(count: 1, perYear: 3000), day: day, horizon: 4 * 7 * day, step: nil, target: 0.05,
                                        replications: 4, seed: 5)
        planner.journal = recorded
        let first = try planner.plan()
        let lines = file.text.split(separator: "\n").map(String.init)
        try #require(lines.count >= 2)
        func damage(_ line: Int, _ change: (String) -> String) -> Substring {
            var edited = lines
            edited[line] = change(edited[line])
            return Substring(edited.joined(separator: "\n") + "\n")
        }
        func refused(_ text: Substring, inputs: String = "i") -> SearchJournal.Damage? {
            do { _ = try SearchJournal.entries(from: text, inputs: inputs); return nil } catch { return error }
        }
        // One value changed (a digit, NaN, 1e300), a value dropped, the digest dropped: each named by its line.
        let values = { (line: String) in line.split(separator: "\t")[1] }
        #expect(refused(damage(1) { line in
            let all = values(line).split(separator: " ")
            return line.replacingOccurrences(of: String(values(line)), with: ([String(Double(all[0])! + 1)] + all.dropFirst().map(String.init)).joined(separator: " "))
        })?.line == 2)
        #expect(refused(damage(1) { $0.replacingOccurrences(of: String(values($0)), with: "nan " + values($0).split(separator: " ").dropFirst().joined(separator: " ")) })?.line == 2)
        #expect(refused(damage(0) { $0.replacingOccurrences(of: String(values($0)), with: "1e300") })?.line == 1)
        #expect(refused(damage(0) { String($0[..<$0.lastIndex(of: "\t")!]) })?.reason.contains("separated by tabs") == true)
        #expect(refused(Substring(file.text), inputs: "another search")?.line == 1)
        #expect(refused(Substring(file.text)) == nil)

        // Entries whose digests match but whose shape is not this search's (too few values, a count
        // beyond any term's) are simulated again, and the layout is the one an uninterrupted search finds.
        let key = try #require(lines.first.map { String($0.split(separator: "\t")[0]) })
        var entries = try SearchJournal.entries(from: Substring(file.text), inputs: "i")
        entries[key] = [0.1]
        for other in entries.keys where other != key { entries[other] = entries[other]!.map { _ in 1e300 } }
        let replay = SearchJournal(entries: entries)
        planner.journal = replay
        let second = try planner.plan()
        #expect(replay.refused == entries.count && replay.computed == recorded.computed)
        #expect(second.counts == first.counts && second.rejection.mean == first.rejection.mean)
    }

    final class JournalFile: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var text = ""
        func append(_ line: String) {
            lock.lock()
            text += line
            lock.unlock()
        }
    }
}

import Testing
@testable import Planner

@Suite("On-call roster in whole blocks")
struct OnCallRosterTests {
    /// A small deterministic generator for test cases.
    private struct Cases {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("The default blocks cover every hour of the week exactly once")
    func blocksTileTheWeek() {
        var hours = [Int](repeating: 0, count: 168 * 2)
        for block in OnCallRoster.defaultBlocks {
            for day in block.days {
                var t = Double(day) * 24 + block.from
                while t < Double(day) * 24 + block.to - 1e-9 {
                    hours[Int((t * 2).rounded()) % (168 * 2)] += 1
                    t += 0.5
                }
            }
        }
        #expect(hours.allSatisfy { $0 == 1 })
    }

    @Test("Random terms with enough counselors: every promise kept, each within one block of their target")
    func randomTerms() {
        var cases = Cases(state: 17)
        let longest = OnCallRoster.defaultBlocks.map(\.hours).max()!
        for _ in 0..<60 {
            let weeks = 1 + cases.next(8)
            let duty = 1 + cases.next(3)
            let n = 8 * duty + cases.next(40)
            // Unequal targets summing to the term's duty: some counselors carry twice the others.
            let weights = (0..<n).map { _ in Double(1 + cases.next(2)) }
            let total = 168 * Double(duty * weeks)
            let targets = weights.map { $0 / weights.reduce(0, +) * total }
            let roster = OnCallRoster.plan(dutyPerHour: duty, weeks: weeks, targetHours: targets)
            #expect(roster.problems().isEmpty, "\(weeks) weeks, \(duty) on duty, \(n) counselors: \(roster.problems().prefix(3))")
            #expect(roster.missingHours == 0)
            for (h, t) in zip(roster.hours, targets) {
                #expect(h <= t + longest + 1e-9)
                #expect(h >= t - longest - 1e-9, "\(h) hours against a target of \(t)")
            }
        }
    }

    @Test("The baseline's shape: 84 counselors of 2 hours a week over 18 weeks, three days apart, nights shared evenly")
    func baselineShape() throws {
        let roster = OnCallRoster.plan(dutyPerHour: 1, weeks: 18, targetHours: Array(repeating: 36, count: 84))
        #expect(roster.problems().isEmpty)
        #expect(try #require(roster.shortestGap) >= OnCallRoster.preferredGap)
        let nights = roster.nights
        #expect(nights.max()! - nights.min()! <= 1)
        // No block is cut into pieces: every duty of a block kind has that kind's full length,
        // except the two that the term's start and end cut.
        let cut = roster.duties.filter { abs($0.hours - roster.blocks[$0.block].hours) > 1e-9 }
        #expect(cut.count == 2)
    }

    @Test("Too few counselors: the uncovered hours are counted and named, never covered twice by one person")
    func tooFew() {
        let roster = OnCallRoster.plan(dutyPerHour: 1, weeks: 2, targetHours: [128, 128])
        let covered = roster.hours.reduce(0, +)
        #expect(abs(roster.missingHours - (336 - covered)) < 1e-9)
        #expect(roster.missingHours > 0)
        let problems = roster.problems()
        #expect(!problems.isEmpty && problems.allSatisfy { $0.contains("0 on duty, 1 needed") })
    }

    @Test("The check finds a counselor on duty within the rest after a night, and a duty left empty")
    func checkFindsViolations() throws {
        var roster = OnCallRoster.plan(dutyPerHour: 1, weeks: 2, targetHours: Array(repeating: 336.0 / 12, count: 12))
        #expect(roster.problems().isEmpty)
        let night = try #require(roster.duties.firstIndex { roster.blocks[$0.block].isNight && $0.week == 1 })
        let next = try #require(roster.duties.firstIndex { $0.start >= roster.duties[night].end && $0.start < roster.duties[night].end + 24 })
        var broken = roster
        broken.duties[next].counselors = roster.duties[night].counselors
        #expect(broken.problems().contains { $0.contains("before they are free") })
        roster.duties[0].counselors = []
        #expect(roster.problems().contains { $0.contains("0 on duty, 1 needed") })
    }
}

import Stochastics
import Testing
@testable import CampusModel

@Suite("Verdicts from intervals")
struct VerdictTests {
    @Test("An interval wholly on the target's side passes, wholly off it fails, across it is undecided; the ends count as meeting it")
    func intervals() {
        // At least 0.8.
        #expect(Verdict.judge(lower: 0.8, upper: 0.9, target: 0.8, atMost: false) == .pass)
        #expect(Verdict.judge(lower: 0.7, upper: 0.79, target: 0.8, atMost: false) == .fail)
        #expect(Verdict.judge(lower: 0.79, upper: 0.81, target: 0.8, atMost: false) == .undecided)
        #expect(Verdict.judge(lower: 0.7, upper: 0.8, target: 0.8, atMost: false) == .undecided)
        // At most 0.05.
        #expect(Verdict.judge(lower: 0.01, upper: 0.05, target: 0.05, atMost: true) == .pass)
        #expect(Verdict.judge(lower: 0.051, upper: 0.06, target: 0.05, atMost: true) == .fail)
        #expect(Verdict.judge(lower: 0.04, upper: 0.06, target: 0.05, atMost: true) == .undecided)
        #expect(Verdict.judge(lower: 0.05, upper: 0.06, target: 0.05, atMost: true) == .undecided)
    }

    @Test("A mean whose interval straddles the target is undecided, never pass, whichever side the mean is on")
    func straddling() {
        for mean in [0.79, 0.81] {
            let j = Verdict.judge((mean, 0.05, 10), target: 0.8, atMost: false)
            #expect(j.verdict == .undecided && j.reason == .straddles)
            #expect(j.replicationsToDecide != nil)
        }
        #expect(Verdict.judge((0.9, 0.05, 10), target: 0.8, atMost: false) == Judgement(verdict: .pass))
        #expect(Verdict.judge((0.7, 0.05, 10), target: 0.8, atMost: false) == Judgement(verdict: .fail))
        // An exact value (width 0) on the target meets it.
        #expect(Verdict.judge((200, 0, 1), target: 200, atMost: true).verdict == .pass)
    }

    @Test("Without an interval or a value there is no verdict, and no estimate of the replications")
    func noInterval() {
        #expect(Verdict.judge((0.9, nil, 1), target: 0.8, atMost: false) == Judgement(verdict: .undecided, reason: .noInterval))
        #expect(Verdict.judge((nil, nil, 0), target: 0.8, atMost: false) == Judgement(verdict: .undecided, reason: .notMeasured))
        #expect(Verdict.judge((0.8, 0.1, 10), target: 0.8, atMost: false) == Judgement(verdict: .undecided, reason: .onTarget))
    }

    @Test("The replications to decide are the least n whose t half-width, at the same standard deviation, is below the distance to the target",
          arguments: [(0.81, 0.05, 10), (0.7952, 0.0101, 5), (0.5001, 0.3, 30), (0.83, 0.04, 2)])
    func replicationsToDecide(mean: Double, halfWidth: Double, count: Int) throws {
        let target = 0.8
        let n = try #require(Verdict.replicationsToDecide(mean: mean, halfWidth: halfWidth, count: count, target: target))
        let sd = halfWidth * Double(count).squareRoot() / StudentT.halfWidthFactor(degreesOfFreedom: count - 1)
        func h(_ n: Int) -> Double { StudentT.halfWidthFactor(degreesOfFreedom: n - 1) * sd / Double(n).squareRoot() }
        let distance = abs(mean - target)
        #expect(n > count)
        #expect(h(n) < distance)
        if n - 1 > count { #expect(h(n - 1) >= distance) }
        // At n replications with that mean and spread, the verdict is decided.
        let decided = Verdict.judge((mean, h(n), n), target: target, atMost: false)
        #expect(decided.verdict == (mean > target ? .pass : .fail))
    }

    @Test("A mean a hair from the target needs more replications than the estimate looks for: no number is given")
    func tooMany() {
        #expect(Verdict.replicationsToDecide(mean: 0.8 + 1e-9, halfWidth: 0.1, count: 10, target: 0.8) == nil)
        let j = Verdict.judge((0.8 + 1e-9, 0.1, 10), target: 0.8, atMost: false)
        #expect(j.verdict == .undecided && j.reason == .straddles && j.replicationsToDecide == nil)
    }
}

import ScenarioModel
import Stochastics
import Testing
@testable import CampusModel

@Suite("Scoped rules: each item judged by its own interval")
struct ScopedRuleTests {
    /// The mean and Student-t 95% half-width of the values given.
    static func estimate(_ values: [Double?]) -> (mean: Double?, halfWidth: Double?, count: Int) {
        let xs = values.compactMap { $0 }
        guard !xs.isEmpty else { return (nil, nil, 0) }
        let m = xs.reduce(0, +) / Double(xs.count)
        guard xs.count > 1 else { return (m, nil, 1) }
        let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
        return (m, StudentT.halfWidthFactor(degreesOfFreedom: xs.count - 1) * (v / Double(xs.count)).squareRoot(), xs.count)
    }

    /// The small campus with one service-level rule per hour, and replications whose items (hours)
    /// take the values given per replication.
    static func judge(_ byHour: [Int: [Double]]) throws -> RuleResult {
        var scenario = smallCampus()
        scenario.campus!.rules = [CampusRule(id: "hours", kind: .serviceLevel, target: 0.8, scope: RuleScope(per: [.hour]))]
        let (_, plan, _) = try CampusCompiler.compile(scenario)
        let plan_ = try #require(plan)
        let n = byHour.values.map(\.count).max() ?? 0
        let replications = (0..<n).map { r in
            CampusReplication(replication: r, values: [], categories: [], counters: [], buildings: [], colleges: [], roomBookings: [],
                              roomHourly: [], activityRequests: [], activityRejected: [], policyFirings: [],
                              ruleItems: [Dictionary(uniqueKeysWithValues: byHour.compactMap { h, xs in r < xs.count ? (ScopeItem(hour: h), xs[r]) : nil })])
        }
        return plan_.checkRules(estimate: { _ in (nil, nil, 0) }, scoped: (replications, Self.estimate))[0]
    }

    @Test("one failing item fails the rule and is its worst item; the rule reports that item's value and interval")
    func anyFailFails() throws {
        let rule = try Self.judge([8: [0.95, 0.97, 0.96, 0.94, 0.95], 9: [0.75, 0.9, 0.8, 0.85, 0.7], 10: [0.5, 0.55, 0.45, 0.52, 0.48]])
        #expect(rule.verdict == .fail)
        #expect(rule.items.map(\.verdict) == [.pass, .undecided, .fail])
        #expect(rule.worst?.item == ScopeItem(hour: 10) && rule.worst?.label == "10:00-11:00")
        #expect(rule.value == rule.worst?.value && rule.halfWidth == rule.worst?.halfWidth)
        #expect(abs(rule.value! - 0.5) < 1e-12)
    }

    @Test("no failing item but an undecided one: undecided, with the most replications any undecided item needs")
    func undecidedWithoutFail() throws {
        let rule = try Self.judge([8: [0.95, 0.97, 0.96, 0.94, 0.95], 9: [0.75, 0.9, 0.8, 0.85, 0.72], 11: [0.78, 0.92, 0.84, 0.86, 0.83]])
        #expect(rule.verdict == .undecided)
        let needs = rule.items.filter { $0.verdict == .undecided }.compactMap(\.judgement.replicationsToDecide)
        #expect(needs.count == 2)
        #expect(rule.judgement.replicationsToDecide == needs.max())
        // The worst undecided item is the one farthest below the target.
        #expect(rule.worst?.item == ScopeItem(hour: 9))
    }

    @Test("every item passing passes; no item measured is undecided, not measured")
    func allPassAndNothingMeasured() throws {
        let pass = try Self.judge([8: [0.95, 0.97, 0.96], 9: [0.9, 0.92, 0.91]])
        #expect(pass.verdict == .pass && pass.items.count == 2)
        #expect(pass.worst?.item == ScopeItem(hour: 9), "the lowest of the passing items")
        let none = try Self.judge([:])
        #expect(none.verdict == .undecided && none.judgement.reason == .notMeasured && none.items.isEmpty)
    }
}

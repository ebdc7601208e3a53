import CGSL
import Foundation
import SimCore

/// Whether single counters (desks) of a group serve a category at a different pace than the group's
/// other desks: per category, group and desk, a likelihood-ratio test of "the desk's service times
/// follow the same distribution as the other desks'" against "the desk has its own parameters", in
/// the family chosen for the category (a gamma in place of an Erlang, whose phase count is not a
/// smooth parameter). The statistic 2·(ℓ_desk + ℓ_others − ℓ_both) is χ² with as many degrees of
/// freedom as the family has parameters.
///
/// Holm's step-down over the desks of a category and group, with the reference re-estimated at each
/// step: the desk with the smallest p-value is flagged when m·p < 0.05 (m desks), then left out of
/// the others' reference and the remaining desks are tested again against the rest (the next
/// threshold (m − 1)·p, and so on) until one is not flagged. Without that, one slow desk would make
/// every other desk look fast against a reference that holds it. The family-wise level is 5% per
/// category and group, as Holm's.
public struct DeskService: Sendable {
    public struct Test: Sendable {
        public var category: String
        public var group: String
        public var desk: String
        public var family: Family
        /// Service times of the desk and of the group's other desks in this category.
        public var n: Int
        public var restN: Int
        /// Fitted means, in the scenario's time unit.
        public var mean: Double
        public var restMean: Double
        public var statistic: Double
        public var degreesOfFreedom: Int
        public var p: Double
        /// Holm-adjusted (step-down over the category's desks in the group).
        public var holmP: Double
        public var differs: Bool { holmP < DeskService.level }
    }

    /// The family-wise level.
    public static let level = 0.05
    /// Service times a desk needs in a category to be tested.
    public static let minimumCount = 30

    /// Every test, by group, category and desk.
    public var tests: [Test]

    public var flagged: [Test] { tests.filter(\.differs) }

    /// Tests each desk with at least `minimumCount` service times of a category, in a group with at
    /// least two such desks. `families` is the chosen family per category (index as in `data`).
    public init(_ data: LogData, families: [Family?], resolution: Double, unitSeconds: Double, jobs: Int = 2) {
        struct Unit { var category: Int; var group: Int; var desks: [Int] }
        var units: [Unit] = []
        for c in data.categories.indices {
            guard c < families.count, families[c] != nil else { continue }
            let byDesk = data.categories[c].serviceByDesk
            for g in data.counters.indices {
                let desks = byDesk.keys.filter { $0 < data.deskGroups.count && data.deskGroups[$0] == g && byDesk[$0]!.total >= Self.minimumCount }.sorted()
                if desks.count >= 2 { units.append(Unit(category: c, group: g, desks: desks)) }
            }
        }
        let list = units
        let outcomes = Outcomes(count: list.count)
        let work: @Sendable (Int) -> Void = { u in
            let unit = list[u]
            let cat = data.categories[unit.category]
            let family = families[unit.category] == .erlang ? Family.gamma : families[unit.category]!
            func sample(_ desks: [Int]) -> DurationSample {
                var d = DurationCounts()
                for k in desks { for (v, n) in cat.serviceByDesk[k]!.sorted { d.add(v, count: n) } }
                return DurationSample(exact: d, resolution: resolution, unitSeconds: unitSeconds)
            }
            func test(_ desk: Int, against reference: [Int]) -> Test? {
                let own = sample([desk]), rest = sample(reference)
                guard let fd = MaximumLikelihood.fit(family, own, intervals: false),
                      let fr = MaximumLikelihood.fit(family, rest, intervals: false),
                      let fa = MaximumLikelihood.fit(family, sample([desk] + reference), intervals: false) else { return nil }
                let statistic = max(0, 2 * (fd.logLikelihood + fr.logLikelihood - fa.logLikelihood))
                let df = family.parameterCount
                return Test(category: data.names[unit.category], group: data.counters[unit.group], desk: data.desks[desk], family: family,
                            n: own.exactCount, restN: rest.exactCount, mean: fd.model.mean, restMean: fr.model.mean,
                            statistic: statistic, degreesOfFreedom: df, p: gsl_cdf_chisq_Q(statistic, Double(df)), holmP: 1)
            }
            let m = unit.desks.count
            var remaining = unit.desks, done: [Test] = [], running = 0.0
            while !remaining.isEmpty {
                // Every remaining desk against the other remaining desks (the flagged ones left out).
                var round = remaining.compactMap { d -> (desk: Int, test: Test)? in
                    let reference = remaining.filter { $0 != d }
                    return reference.isEmpty ? nil : test(d, against: reference).map { (d, $0) }
                }.sorted { $0.test.p < $1.test.p }
                guard !round.isEmpty else { break }
                running = max(running, min(1, Double(m - done.count) * round[0].test.p))
                round[0].test.holmP = running
                if running < Self.level, remaining.count > 2 {
                    done.append(round[0].test)
                    remaining.removeAll { $0 == round[0].desk }
                    continue
                }
                // Not flagged (or the last pair, which tests the same difference both ways): the rest
                // take Holm's adjusted values from this round.
                for i in round.indices {
                    running = max(running, min(1, Double(m - done.count) * round[i].test.p))
                    round[i].test.holmP = running
                    done.append(round[i].test)
                }
                break
            }
            outcomes.set(u, done)
        }
        parallel(count: list.count, jobs: jobs) { work($0) }
        tests = list.indices.flatMap { outcomes.get($0) }
    }

    final class Outcomes: @unchecked Sendable {
        private var tests: [[Test]]
        private let lock = NSLock()
        init(count: Int) { tests = Array(repeating: [], count: count) }
        func set(_ i: Int, _ t: [Test]) { lock.lock(); tests[i] = t; lock.unlock() }
        func get(_ i: Int) -> [Test] { lock.lock(); defer { lock.unlock() }; return tests[i] }
    }
}

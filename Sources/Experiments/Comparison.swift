import CampusModel
import QueueingNetwork

/// Two experiments run with common random numbers, compared measure by measure on paired replications.
///
/// Replication `r` of both experiments draws from the same named streams (same master seed), so the
/// difference of a measure within each pair removes most of the noise the two runs share. The estimate
/// of the difference is the mean of the per-replication differences with its Student-t half-width;
/// a scenario compared with itself gives exactly 0 and 0.
public struct Comparison: Sendable {
    /// Where a measure belongs.
    public enum Scope: String, Sendable, CaseIterable {
        case station, `class`, system, campus
    }

    /// One measure in both experiments and their paired difference (alternative − baseline).
    public struct Row: Sendable {
        public var scope: Scope
        /// The station or class id; the empty string for the system.
        public var id: String
        public var measure: String
        public var baseline: Estimate
        public var alternative: Estimate
        public var difference: Estimate
        /// Which way the measure is better.
        public var direction: MeasureDirection
        /// The paired t-test's two-sided p-value that the difference is 0; `nil` when the difference
        /// is 0 in every replication, or undefined (not tested).
        public var pValue: Double?
        /// `pValue` adjusted over every tested measure of the comparison: Holm (family-wise error)
        /// and Benjamini–Hochberg (false discovery rate).
        public var pHolm: Double?
        public var pBH: Double?

        public init(scope: Scope, id: String, measure: String, baseline: Estimate, alternative: Estimate, difference: Estimate,
                    direction: MeasureDirection = .neutral) {
            self.scope = scope
            self.id = id
            self.measure = measure
            self.baseline = baseline
            self.alternative = alternative
            self.difference = difference
            self.direction = direction
            self.pValue = difference.pValueOfZero
        }

        /// A row from paired values per replication: the difference is taken within each pair.
        init(scope: Scope, id: String, measure: String, direction: MeasureDirection, baseline a: [Double?], alternative b: [Double?]) {
            let differences: [Double?] = zip(a, b).map { x, y in
                guard let x, let y else { return nil }
                return y - x
            }
            self.init(scope: scope, id: id, measure: measure, baseline: Estimate(a), alternative: Estimate(b), difference: Estimate(differences),
                      direction: direction)
        }

        /// True when the difference is significant at 5% after `control` over the comparison's measures.
        public func isSignificant(after control: Control) -> Bool {
            guard let p = control == .holm ? pHolm : pBH else { return false }
            return p <= Comparison.level
        }

        /// `better` or `worse` (by the measure's direction; `higher` or `lower` when it has none) when
        /// significant after `control`, else `nil`.
        public func change(after control: Control) -> String? {
            guard isSignificant(after: control), let d = difference.mean else { return nil }
            return direction.change(d)
        }

        /// True when the 95% interval of the difference excludes 0.
        public var isSignificant: Bool {
            guard let mean = difference.mean, let halfWidth = difference.halfWidth else { return false }
            return abs(mean) > halfWidth
        }
    }

    /// The multiple-comparison control a flag is read after.
    public enum Control: String, Sendable, CaseIterable {
        /// Holm's step-down: the chance of any false flag among all the measures is at most 5%.
        case holm
        /// Benjamini–Hochberg: the expected share of false flags among those flagged is at most 5%.
        case bh
    }

    /// The level adjusted p-values are compared with.
    public static let level = 0.05

    public var baseline: ExperimentResult
    public var alternative: ExperimentResult
    /// Stations, then classes, then the system, then the campus measures (when both have a campus);
    /// stations and classes matched by id, in the baseline's order.
    public var rows: [Row]
    /// Station and class ids found in only one of the two models.
    public var unmatched: [String]

    /// Compares `alternative` with `baseline`; replications are paired by index.
    public init(baseline: ExperimentResult, alternative: ExperimentResult) {
        self.baseline = baseline
        self.alternative = alternative
        var rows: [Row] = []
        var unmatched: [String] = []
        let pairs = Comparison.pairs(baseline.replications, alternative.replications)

        func row(_ scope: Scope, _ id: String, _ measure: String, _ direction: MeasureDirection, _ value: (ReplicationResult) -> Double?,
                 _ otherValue: (ReplicationResult) -> Double?) -> Row {
            Row(scope: scope, id: id, measure: measure, direction: direction, baseline: pairs.map { value($0.0) }, alternative: pairs.map { otherValue($0.1) })
        }

        let otherStations = alternative.model.stations.map(\.id)
        for (s, station) in baseline.model.stations.enumerated() {
            guard let t = otherStations.firstIndex(of: station.id) else {
                unmatched.append("station \(station.id)")
                continue
            }
            for (m, measure) in StationMeasure.allCases.enumerated() {
                rows.append(row(.station, station.id, measure.rawValue, measure.direction, { $0.stations[s][m] }, { $0.stations[t][m] }))
            }
        }
        unmatched += otherStations.filter { id in !baseline.model.stations.contains { $0.id == id } }.map { "station \($0)" }

        let otherClasses = alternative.model.classes.map(\.id)
        for (k, c) in baseline.model.classes.enumerated() {
            guard let l = otherClasses.firstIndex(of: c.id) else {
                unmatched.append("class \(c.id)")
                continue
            }
            for (m, measure) in ClassMeasure.allCases.enumerated() {
                rows.append(row(.class, c.id, measure.rawValue, measure.direction, { $0.classes[k][m] }, { $0.classes[l][m] }))
            }
        }
        unmatched += otherClasses.filter { id in !baseline.model.classes.contains { $0.id == id } }.map { "class \($0)" }

        for (m, measure) in SystemMeasure.allCases.enumerated() {
            rows.append(row(.system, "", measure.rawValue, measure.direction, { $0.system[m] }, { $0.system[m] }))
        }
        if baseline.campus != nil && alternative.campus != nil {
            var campusB: [Int: CampusReplication] = [:]
            for r in alternative.campusReplications { campusB[r.replication] = r }
            let campusPairs = baseline.campusReplications.compactMap { r in campusB[r.replication].map { (r, $0) } }
            for measure in CampusMeasure.allCases {
                rows.append(Row(scope: .campus, id: "", measure: measure.rawValue, direction: measure.direction,
                                baseline: campusPairs.map { $0.0.value(measure) }, alternative: campusPairs.map { $0.1.value(measure) }))
            }
        }
        Comparison.adjust(&rows)
        self.rows = rows
        self.unmatched = unmatched
    }

    /// Sets each tested row's Holm and Benjamini–Hochberg p-values, over every tested row.
    public static func adjust(_ rows: inout [Row]) {
        let tested = rows.indices.filter { rows[$0].pValue != nil }
        let p = tested.map { rows[$0].pValue! }
        for (i, (holm, bh)) in zip(tested, zip(MultipleComparisons.holm(p), MultipleComparisons.benjaminiHochberg(p))) {
            rows[i].pHolm = holm
            rows[i].pBH = bh
        }
    }

    /// Measures with a p-value (the family the adjustments run over).
    public var tested: Int { rows.filter { $0.pValue != nil }.count }

    /// Rows significant after `control`.
    public func flagged(after control: Control) -> [Row] { rows.filter { $0.isSignificant(after: control) } }

    /// Each rule of either scenario, matched by id in the baseline's order: its result in the
    /// baseline and in the alternative (`nil` where that scenario has no such rule).
    public var rules: [(id: String, baseline: RuleResult?, alternative: RuleResult?)] {
        let a = baseline.ruleResults, b = alternative.ruleResults
        var ids = a.map(\.id)
        for r in b where !ids.contains(r.id) { ids.append(r.id) }
        return ids.map { id in (id, a.first { $0.id == id }, b.first { $0.id == id }) }
    }

    /// Staff-hours per week on shift at the stations with servers, in each scenario, and the paired
    /// difference (`nil` estimates without the hourly profile).
    public var staffHours: (baseline: Estimate, alternative: Estimate, difference: Estimate) {
        let pairs = Comparison.pairs(baseline.replications, alternative.replications)
        let a = pairs.map { baseline.staffHoursPerWeek($0.0) }, b = pairs.map { alternative.staffHoursPerWeek($0.1) }
        let d: [Double?] = zip(a, b).map { x, y in x.flatMap { x in y.map { $0 - x } } }
        return (Estimate(a), Estimate(b), Estimate(d))
    }

    /// Replications present in both, paired by replication index, in index order.
    private static func pairs(_ a: [ReplicationResult], _ b: [ReplicationResult]) -> [(ReplicationResult, ReplicationResult)] {
        var byIndex: [Int: ReplicationResult] = [:]
        for r in b { byIndex[r.replication] = r }
        return a.compactMap { r in byIndex[r.replication].map { (r, $0) } }
    }
}

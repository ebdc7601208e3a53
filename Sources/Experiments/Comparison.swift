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

        public init(scope: Scope, id: String, measure: String, baseline: Estimate, alternative: Estimate, difference: Estimate) {
            self.scope = scope
            self.id = id
            self.measure = measure
            self.baseline = baseline
            self.alternative = alternative
            self.difference = difference
        }

        /// A row from paired values per replication: the difference is taken within each pair.
        init(scope: Scope, id: String, measure: String, baseline a: [Double?], alternative b: [Double?]) {
            let differences: [Double?] = zip(a, b).map { x, y in
                guard let x, let y else { return nil }
                return y - x
            }
            self.init(scope: scope, id: id, measure: measure, baseline: Estimate(a), alternative: Estimate(b), difference: Estimate(differences))
        }

        /// True when the 95% interval of the difference excludes 0.
        public var isSignificant: Bool {
            guard let mean = difference.mean, let halfWidth = difference.halfWidth else { return false }
            return abs(mean) > halfWidth
        }
    }

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

        func row(_ scope: Scope, _ id: String, _ measure: String, _ value: (ReplicationResult) -> Double?,
                 _ otherValue: (ReplicationResult) -> Double?) -> Row {
            Row(scope: scope, id: id, measure: measure, baseline: pairs.map { value($0.0) }, alternative: pairs.map { otherValue($0.1) })
        }

        let otherStations = alternative.model.stations.map(\.id)
        for (s, station) in baseline.model.stations.enumerated() {
            guard let t = otherStations.firstIndex(of: station.id) else {
                unmatched.append("station \(station.id)")
                continue
            }
            for (m, measure) in StationMeasure.allCases.enumerated() {
                rows.append(row(.station, station.id, measure.rawValue, { $0.stations[s][m] }, { $0.stations[t][m] }))
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
                rows.append(row(.class, c.id, measure.rawValue, { $0.classes[k][m] }, { $0.classes[l][m] }))
            }
        }
        unmatched += otherClasses.filter { id in !baseline.model.classes.contains { $0.id == id } }.map { "class \($0)" }

        for (m, measure) in SystemMeasure.allCases.enumerated() {
            rows.append(row(.system, "", measure.rawValue, { $0.system[m] }, { $0.system[m] }))
        }
        if baseline.campus != nil && alternative.campus != nil {
            var campusB: [Int: CampusReplication] = [:]
            for r in alternative.campusReplications { campusB[r.replication] = r }
            let campusPairs = baseline.campusReplications.compactMap { r in campusB[r.replication].map { (r, $0) } }
            for measure in CampusMeasure.allCases {
                rows.append(Row(scope: .campus, id: "", measure: measure.rawValue,
                                baseline: campusPairs.map { $0.0.value(measure) }, alternative: campusPairs.map { $0.1.value(measure) }))
            }
        }
        self.rows = rows
        self.unmatched = unmatched
    }

    /// Replications present in both, paired by replication index, in index order.
    private static func pairs(_ a: [ReplicationResult], _ b: [ReplicationResult]) -> [(ReplicationResult, ReplicationResult)] {
        var byIndex: [Int: ReplicationResult] = [:]
        for r in b { byIndex[r.replication] = r }
        return a.compactMap { r in byIndex[r.replication].map { (r, $0) } }
    }
}

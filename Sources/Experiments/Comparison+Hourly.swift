import QueueingNetwork

extension Comparison {
    /// One station's measure in one hour of the day, in both experiments, with the paired difference.
    public struct HourlyRow: Sendable {
        public var station: String
        public var hour: Int
        public var measure: String
        public var baseline: Estimate
        public var alternative: Estimate
        public var difference: Estimate

        /// True when the 95% interval of the difference excludes 0.
        public var isSignificant: Bool {
            guard let mean = difference.mean, let halfWidth = difference.halfWidth else { return false }
            return abs(mean) > halfWidth
        }
    }

    /// The measures compared hour by hour.
    public static let hourlyMeasures: [HourlyMeasure] = [.meanWait, .meanQueueLength, .utilization]

    /// The measures compared hour by hour besides `hourlyMeasures`: the service level (within the
    /// station's target wait, of the waits that ended in the hour) and the abandonment (the hour's
    /// abandonments over its arrivals).
    public static let hourlyShares = ["service_level", "p_abandon"]

    /// Mean wait, mean queue length, utilisation, service level and abandonment by station (matched
    /// by id) and hour of the day, paired replication by replication; hours in which neither
    /// experiment measured anything are left out.
    public func hourlyRows() -> [HourlyRow] {
        var byIndex: [Int: ReplicationResult] = [:]
        for r in alternative.replications { byIndex[r.replication] = r }
        let pairs = baseline.replications.compactMap { r in byIndex[r.replication].map { (r, $0) } }
        func infinite(_ model: NetworkModel, _ s: Int) -> Bool { if case .infinite = model.stations[s].servers { true } else { false } }
        var rows: [HourlyRow] = []
        for (s, station) in baseline.model.stations.enumerated() {
            guard let t = alternative.model.stations.firstIndex(where: { $0.id == station.id }) else { continue }
            let infiniteA = infinite(baseline.model, s), infiniteB = infinite(alternative.model, t)
            let targetA = baseline.model.stations[s].waitTarget != nil, targetB = alternative.model.stations[t].waitTarget != nil
            let shares: [(String, (HourlyProfile.Cell, Bool) -> Double?)] = [
                (Self.hourlyShares[0], { cell, target in cell.serviceLevel(hasTarget: target) }),
                (Self.hourlyShares[1], { cell, _ in cell.abandonment }),
            ]
            let measures: [(String, (HourlyProfile.Cell, Bool, Bool) -> Double?)] =
                Self.hourlyMeasures.map { m in (m.rawValue, { cell, infinite, _ in m.value(cell, infinite: infinite) }) }
                + shares.map { name, f in (name, { cell, _, target in f(cell, target) }) }
            for hour in 0..<HourlyProfile.hours {
                for (measure, value) in measures {
                    let a = pairs.map { p in p.0.profile.cells.isEmpty ? nil : value(p.0.profile.cells[s][hour], infiniteA, targetA) }
                    let b = pairs.map { p in p.1.profile.cells.isEmpty ? nil : value(p.1.profile.cells[t][hour], infiniteB, targetB) }
                    guard a.contains(where: { $0 != nil }) || b.contains(where: { $0 != nil }) else { continue }
                    let d: [Double?] = zip(a, b).map { x, y in
                        guard let x, let y else { return nil }
                        return y - x
                    }
                    rows.append(HourlyRow(station: station.id, hour: hour, measure: measure, baseline: Estimate(a),
                                          alternative: Estimate(b), difference: Estimate(d)))
                }
            }
        }
        return rows
    }
}

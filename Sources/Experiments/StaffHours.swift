import QueueingNetwork

extension ExperimentResult {
    /// Staff-hours per week in one replication: servers on shift integrated over the measured time at
    /// every station with finitely many servers (flexible servers a policy opened included), in
    /// hours, divided by the measured weeks; `nil` without the hourly profile or measured time.
    public func staffHoursPerWeek(_ r: ReplicationResult) -> Double? {
        guard r.profile.cells.count == model.stations.count, r.measuredTime > 0 else { return nil }
        let hour = 3600 / model.timeUnit.seconds
        var area = 0.0
        for (s, station) in model.stations.enumerated() {
            if case .infinite = station.servers { continue }
            area += r.profile.cells[s].reduce(0) { $0 + $1.areaPresent }
        }
        return area / hour / (r.measuredTime / (7 * 24 * hour))
    }
}

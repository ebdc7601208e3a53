/// A per-station measure, by the name the result files use.
public enum StationMeasure: String, CaseIterable, Sendable {
    case meanWait = "mean_wait"
    case pWait = "p_wait"
    case meanQueueLength = "mean_queue_length"
    case meanInSystem = "mean_in_system"
    case utilization
    case throughput
    case pBlocked = "p_blocked"
    case pAbandon = "p_abandon"
    case meanSojourn = "mean_sojourn"
    case waitP50 = "wait_p50"
    case waitP90 = "wait_p90"
    case waitP95 = "wait_p95"
}

/// A per-class measure: waits over all station visits, sojourn from entering the network to leaving it.
public enum ClassMeasure: String, CaseIterable, Sendable {
    case meanWait = "mean_wait"
    case meanSojourn = "mean_sojourn"
}

/// A measure of the whole network.
public enum SystemMeasure: String, CaseIterable, Sendable {
    case meanSojourn = "mean_sojourn"
    case throughput
}

/// One row of the time series: a station's state at a sample time.
public struct TimeSample: Sendable, Hashable {
    public var time: Double
    public var station: Int32
    public var inQueue: Int32
    public var inService: Int32
    /// Servers on shift; -1 for an infinite-server station.
    public var servers: Int32
}

/// What one replication measured. A measure is `nil` where it is undefined (no customer started
/// service, or an infinite-server station's utilization).
public struct ReplicationResult: Sendable {
    public var replication: Int
    /// `stations[s][m]` for station `s` and `StationMeasure.allCases[m]`.
    public var stations: [[Double?]]
    /// `classes[k][m]` for class `k` and `ClassMeasure.allCases[m]`.
    public var classes: [[Double?]]
    /// `system[m]` for `SystemMeasure.allCases[m]`.
    public var system: [Double?]
    public var samples: [TimeSample]
    /// Events executed, the warm-up included.
    public var events: Int
    /// External arrivals (customers) after the warm-up.
    public var arrivals: Int
    /// The clock when the replication ended.
    public var endTime: Double
    /// Why the replication stopped before its planned end, if it did (for example a population cap).
    public var stoppedEarly: String?
    /// Measures by station and hour of the day.
    public var profile = HourlyProfile()

    public func value(_ measure: StationMeasure, station: Int) -> Double? {
        stations[station][StationMeasure.allCases.firstIndex(of: measure)!]
    }
}

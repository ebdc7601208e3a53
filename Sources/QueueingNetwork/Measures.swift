/// A per-station measure, by the name the result files use.
public enum StationMeasure: String, CaseIterable, Sendable {
    case meanWait = "mean_wait"
    case pWait = "p_wait"
    case meanQueueLength = "mean_queue_length"
    case meanInSystem = "mean_in_system"
    case utilization
    case throughput
    case pBlocked = "p_blocked"
    /// Share of the customers who arrived after the warm-up that gave up waiting.
    case pAbandon = "p_abandon"
    case meanSojourn = "mean_sojourn"
    case waitP50 = "wait_p50"
    case waitP90 = "wait_p90"
    case waitP95 = "wait_p95"
    /// Share of customers served within the station's target wait (where it has one); those who
    /// gave up count as not served within it.
    case serviceLevel = "service_level"
    /// Share of completions here within their deadline from entering the network (where set).
    case onTimeRate = "on_time_rate"
}

/// A per-class measure: waits over all station visits, sojourn from entering the network to leaving it.
public enum ClassMeasure: String, CaseIterable, Sendable {
    case meanWait = "mean_wait"
    case meanSojourn = "mean_sojourn"
    /// Share of waits within target, at stations that have one.
    case serviceLevel = "service_level"
    /// Share of completions within their deadline, at stations that set one.
    case onTimeRate = "on_time_rate"
    /// Share of customers leaving the network who never reached a rework station.
    case oneVisitRate = "one_visit_rate"
    /// 95th percentile of the response time: the wait before the first service in the network.
    case responseP95 = "response_p95"
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

/// Raw counts behind a station's measures, for combining stations (for example all counters).
public struct StationCounts: Sendable, Hashable, Codable {
    public var arrivals = 0
    /// Customers who started service (each with a wait).
    public var served = 0
    public var waitSum = 0.0
    public var withinTarget = 0
    public var completions = 0
    public var deadlineTotal = 0
    public var deadlineMet = 0
    public var blocked = 0
    public var abandoned = 0
    /// Integral of busy servers over the measured time.
    public var busyTime = 0.0
    /// Services (delays) that would have ended outside the station's release windows and ended at
    /// the next opening instead, counted when they started in the measured time.
    public var deferred = 0
    public init() {}
}

/// Raw counts behind a class's measures.
public struct ClassCounts: Sendable, Hashable, Codable {
    public var waits = 0
    public var waitSum = 0.0
    /// Waits at stations with a target, and those within it.
    public var targeted = 0
    public var withinTarget = 0
    public var deadlineTotal = 0
    public var deadlineMet = 0
    public var exits = 0
    public var oneVisitExits = 0
    public init() {}
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
    public var stationCounts: [StationCounts] = []
    public var classCounts: [ClassCounts] = []
    /// `stationClassCounts[s][k]`: station `s`'s counts for class `k` alone, at stations that count by
    /// class (`countsByClass`); an empty list at the others. `busyTime` is not split by class (0).
    public var stationClassCounts: [[StationCounts]] = []
    /// `responseTimes[k]`: every response time measured for class `k` (the wait before its first
    /// service in the network), in the order the services started, for classes that keep them
    /// (`keepsResponseTimes`); an empty list for the others.
    public var responseTimes: [[Double]] = []
    /// Times each policy fired, by the model's policy order.
    public var policyFirings: [Int] = []
    /// The measured span: end time less the end of the warm-up.
    public var measuredTime: Double = 0
    /// Measures by station and hour of the day.
    public var profile = HourlyProfile()
    /// Per station, the waits of successive customers from time 0 (the warm-up included), when the
    /// replication recorded them (`NetworkSimulation.recordsWaitSeries`); `nil` otherwise.
    public var waitSeries: [WaitSeries]? = nil
    /// Every wait that ended at a station that keeps them (`keepsWaits`), in the order they ended;
    /// empty when no station keeps them.
    public var waitRecords: [WaitRecord] = []

    public func value(_ measure: StationMeasure, station: Int) -> Double? {
        stations[station][StationMeasure.allCases.firstIndex(of: measure)!]
    }

    public func value(_ measure: ClassMeasure, classIndex: Int) -> Double? {
        classes[classIndex][ClassMeasure.allCases.firstIndex(of: measure)!]
    }
}

// Shard files (`onestop run --shard`) carry replication results exactly; synthesized here, where
// the types are declared, so that a field added to them is carried too.
extension TimeSample: Codable {}
extension ReplicationResult: Codable {}

/// A replication's measures by station and hour of the day: time averages over each hour-of-day bin
/// (all days pooled) and the waits of customers who started service in that hour.
///
/// Hours are counted on the simulation clock with time 0 at midnight, one hour being 3600 s in the
/// scenario's time unit. Only time after the warm-up counts.
public struct HourlyProfile: Sendable, Hashable, Codable {
    public static let hours = 24

    /// One station's accumulated totals in one hour-of-day bin.
    public struct Cell: Sendable, Hashable, Codable {
        /// Measured time that fell in this bin (in the scenario's time unit).
        public var time = 0.0
        public var areaWaiting = 0.0
        public var areaBusy = 0.0
        public var areaPresent = 0.0
        /// Integral of the servers on shift (no overtime: a server finishing a service after its
        /// shift ended is busy and present, not on shift).
        public var areaOnShift = 0.0
        /// Customers who started service in this bin, and the sum of their waits.
        public var started = 0
        public var waitSum = 0.0
        public var arrivals = 0
        public var abandoned = 0
        public var completions = 0
        /// Customers who started service in this bin within the station's target wait.
        public var withinTarget = 0

        public init() {}

        /// Share of the waits that ended in the bin (by service or by giving up) that ended in
        /// service within the target; `nil` at a station without a target or with no wait ending.
        public func serviceLevel(hasTarget: Bool) -> Double? {
            hasTarget && started + abandoned > 0 ? Double(withinTarget) / Double(started + abandoned) : nil
        }

        /// Share of the bin's arrivals… counted as the bin's abandonments over its arrivals (a
        /// customer may give up in a later hour than the one they came in); `nil` with no arrival.
        public var abandonment: Double? { arrivals > 0 ? Double(abandoned) / Double(arrivals) : nil }

        /// Mean number waiting over the bin's time.
        public var meanQueueLength: Double? { time > 0 ? areaWaiting / time : nil }
        /// Mean number in service over the bin's time.
        public var meanInService: Double? { time > 0 ? areaBusy / time : nil }
        /// Mean servers on shift over the bin's time (`nil` for infinite servers).
        public func meanServers(infinite: Bool) -> Double? { time > 0 && !infinite ? areaPresent / time : nil }
        /// Busy over present servers; `nil` for infinite servers, and in an hour in which no server was
        /// on shift at all (the station closed: a service finishing after closing is not utilisation).
        public func utilization(infinite: Bool) -> Double? {
            !infinite && areaOnShift > 0 && areaPresent > 0 ? areaBusy / areaPresent : nil
        }
        /// Mean wait of the customers who started service in the bin.
        public var meanWait: Double? { started > 0 ? waitSum / Double(started) : nil }
    }

    /// `cells[station][hour]`.
    public var cells: [[Cell]]

    public init(stations: Int = 0) {
        cells = [[Cell]](repeating: [Cell](repeating: Cell(), count: HourlyProfile.hours), count: stations)
    }
}

/// One line of the optional event trace.
public struct TraceEvent: Sendable, Hashable {
    /// What happened to the customer.
    public enum Kind: String, Sendable, CaseIterable {
        /// Arrived at the station (from outside or by routing).
        case arrive
        /// Turned away: the station was full.
        case block
        /// Started (or resumed) service.
        case start
        /// Interrupted by a customer of higher priority (preemptive stations).
        case preempt
        /// Finished service.
        case finish
        /// Gave up waiting.
        case abandon
        /// Left the network after service at the station.
        case exit
    }

    public var replication: Int
    public var time: Double
    /// The customer's number in the replication, from 1 in the order they entered the network.
    public var entity: Int
    public var classIndex: Int
    public var station: Int
    public var kind: Kind
}

/// Receives the trace of one replication as it happens; the engine holds none of it.
public protocol TraceSink: AnyObject {
    func record(_ event: TraceEvent)
    /// Called once after the replication's last event.
    func finish()
}

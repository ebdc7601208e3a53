/// One wait that ended at a station that keeps its waits: when it began, how long it lasted and how
/// it ended.
public struct WaitRecord: Sendable, Hashable, Codable {
    /// When the customer joined the station (in the scenario's time unit, 0 = midnight of the first day).
    public var began: Double
    /// From joining to the start of service, or to giving up.
    public var wait: Double
    public var station: Int32
    public var classIndex: Int32
    /// True when the wait ended in service, false when the customer gave up.
    public var served: Bool

    public init(began: Double, wait: Double, station: Int32, classIndex: Int32, served: Bool) {
        self.began = began
        self.wait = wait
        self.station = station
        self.classIndex = classIndex
        self.served = served
    }
}

extension NetworkSimulation {
    /// Keeps the wait of customer `c` at station `s` that ends now (in service or by giving up).
    ///
    /// A wait is kept while measuring, as the station's own wait statistics are; the list grows
    /// with the run (one record per ended wait), which exact quantiles by slot need.
    mutating func keepWait(customer c: Int, station s: Int, at now: Double, served: Bool) {
        let began = customers[c].enteredStation
        waitRecords.append(WaitRecord(began: began, wait: now - began, station: Int32(s),
                                      classIndex: customers[c].classIndex, served: served))
    }
}

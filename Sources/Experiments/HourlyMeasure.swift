import QueueingNetwork

/// A measure of one station in one hour of the day, by the name `hourly.csv` and
/// `compare-hourly.csv` use.
public enum HourlyMeasure: String, CaseIterable, Sendable {
    /// Measured time that fell in the hour.
    case time
    case meanQueueLength = "mean_queue_length"
    case meanInService = "mean_in_service"
    case meanServers = "mean_servers"
    case utilization
    /// Over customers who started service in the hour.
    case meanWait = "mean_wait"
    case started
    case arrivals
    case abandoned
    case completions

    /// The measure of one cell; `nil` where it is undefined.
    public func value(_ cell: HourlyProfile.Cell, infinite: Bool) -> Double? {
        switch self {
        case .time: cell.time
        case .meanQueueLength: cell.meanQueueLength
        case .meanInService: cell.meanInService
        case .meanServers: cell.meanServers(infinite: infinite)
        case .utilization: cell.utilization(infinite: infinite)
        case .meanWait: cell.meanWait
        case .started: Double(cell.started)
        case .arrivals: Double(cell.arrivals)
        case .abandoned: Double(cell.abandoned)
        case .completions: Double(cell.completions)
        }
    }
}

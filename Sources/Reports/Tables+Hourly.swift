import Experiments
import QueueingNetwork

extension Tables {
    /// The columns of `hourly.csv`, after `replication,station,hour`.
    public static let hourlyMeasures = [
        "time", "mean_queue_length", "mean_in_service", "mean_servers", "utilization", "mean_wait",
        "started", "arrivals", "abandoned", "completions",
    ]

    /// `hourly.csv`: one row per replication, station and hour of the day (0–23) that measured time fell
    /// in; `time` is that measured time, the other columns are time averages over it, and `mean_wait` is
    /// over customers who started service in that hour. Empty where undefined.
    public static func hourlyCSV(_ result: ExperimentResult) -> String {
        var out = "replication,station,hour," + hourlyMeasures.joined(separator: ",") + "\n"
        let ids = result.model.stations.map { csvField($0.id) }
        let infinite = result.model.stations.map { if case .infinite = $0.servers { true } else { false } }
        for r in result.replications {
            for (s, cells) in r.profile.cells.enumerated() {
                for (hour, cell) in cells.enumerated() where cell.time > 0 {
                    let values: [Double?] = [
                        cell.time, cell.meanQueueLength, cell.meanInService, cell.meanServers(infinite: infinite[s]),
                        cell.utilization(infinite: infinite[s]), cell.meanWait, Double(cell.started),
                        Double(cell.arrivals), Double(cell.abandoned), Double(cell.completions),
                    ]
                    out += "\(r.replication),\(ids[s]),\(hour)"
                    for value in values { out += "," + csvNumber(value) }
                    out += "\n"
                }
            }
        }
        return out
    }
}

/// The event trace as CSV: `replication,time,entity,class,station,event`.
public struct TraceFormat: Sendable {
    public static let header = "replication,time,entity,class,station,event\n"
    private let classes: [String]
    private let stations: [String]

    public init(model: NetworkModel) {
        classes = model.classes.map { Tables.csvField($0.id) }
        stations = model.stations.map { Tables.csvField($0.id) }
    }

    /// One CSV line, newline included.
    public func line(_ e: TraceEvent) -> String {
        "\(e.replication),\(Tables.csvNumber(e.time)),\(e.entity),\(classes[e.classIndex]),\(stations[e.station]),\(e.kind.rawValue)\n"
    }
}

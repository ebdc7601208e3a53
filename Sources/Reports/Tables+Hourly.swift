import Experiments
import Interchange
import QueueingNetwork

extension Tables {
    /// The column of the hour of the day (0 is midnight to 1:00 on the simulation clock), in
    /// hourly.csv, compare-hourly.csv and campus_rooms.csv.
    public static let hourColumn = "hour_of_day"

    /// `hourly.csv`: one row per replication, station and hour of the day (0–23) that measured time fell
    /// in; `time` is that measured time, the other columns are time averages over it, and `mean_wait` is
    /// over customers who started service in that hour. Empty where undefined.
    public static func hourlyCSV(_ result: ExperimentResult) -> String {
        var csv = CSVWriter(header: ["replication", "station", hourColumn] + HourlyMeasure.allCases.map(\.rawValue))
        let ids = result.model.stations.map(\.id)
        let infinite = result.model.stations.map { if case .infinite = $0.servers { true } else { false } }
        for r in result.replications {
            for (s, cells) in r.profile.cells.enumerated() {
                for (hour, cell) in cells.enumerated() where cell.time > 0 {
                    csv.integer(r.replication)
                    csv.text(ids[s])
                    csv.integer(hour)
                    for measure in HourlyMeasure.allCases { csv.number(measure.value(cell, infinite: infinite[s])) }
                    csv.endRow()
                }
            }
        }
        return csv.text
    }
}

/// The event trace as CSV: `replication,time,entity,class,station,event`.
public struct TraceFormat: Sendable {
    /// The header row, newline included.
    public static let header = CSVWriter(header: ["replication", "time", "entity", "class", "station", "event"]).text
    private let classes: [String]
    private let stations: [String]

    public init(model: NetworkModel) {
        classes = model.classes.map(\.id)
        stations = model.stations.map(\.id)
    }

    /// Appends one event's row to `csv`.
    public func write(_ e: TraceEvent, to csv: inout CSVWriter) {
        csv.integer(e.replication)
        csv.number(e.time)
        csv.integer(e.entity)
        csv.text(classes[e.classIndex])
        csv.text(stations[e.station])
        csv.text(e.kind.rawValue)
        csv.endRow()
    }
}

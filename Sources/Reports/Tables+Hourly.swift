import CampusModel
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
    ///
    /// At a campus's counters two columns follow, over the waits that began in the hour (all weeks
    /// pooled) and ended: `p_wait_over_target` and `wait_p90_min` (by week type: campus_slots.csv).
    public static func hourlyCSV(_ result: ExperimentResult) -> String {
        let plan = result.campus?.campus.serviceCenter != nil ? result.campus : nil
        let tails = plan == nil ? [] : [SlotTailColumns.pOverTarget, SlotTailColumns.p90Minutes]
        var csv = CSVWriter(header: ["replication", "station", hourColumn] + HourlyMeasure.allCases.map(\.rawValue) + tails)
        let ids = result.model.stations.map(\.id)
        let infinite = result.model.stations.map { if case .infinite = $0.servers { true } else { false } }
        let minutes = result.model.timeUnit.seconds / 60
        let counterOf = Dictionary(uniqueKeysWithValues: (plan?.counterStations ?? []).enumerated().map { ($1, $0) })
        let campusRows = Dictionary(result.campusReplications.map { ($0.replication, $0) }, uniquingKeysWith: { a, _ in a })
        for r in result.replications {
            // The replication's tails over all weeks, by counter and hour.
            var byCounterHour: [Int: SlotTail] = [:]
            for t in campusRows[r.replication]?.slotTails ?? [] where t.weekType == nil {
                if let c = t.counter { byCounterHour[c * 24 + t.hour] = t }
            }
            for (s, cells) in r.profile.cells.enumerated() {
                for (hour, cell) in cells.enumerated() where cell.time > 0 {
                    csv.integer(r.replication)
                    csv.text(ids[s])
                    csv.integer(hour)
                    for measure in HourlyMeasure.allCases { csv.number(measure.value(cell, infinite: infinite[s])) }
                    if !tails.isEmpty {
                        let t = counterOf[s].flatMap { byCounterHour[$0 * 24 + hour] }
                        csv.number(t?.overTarget)
                        csv.number(t.map { $0.p90 * minutes })
                    }
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

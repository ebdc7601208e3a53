import Experiments
import Foundation
import Interchange
import QueueingNetwork

/// The CSV files of a run: one row per replication and station, and the optional time series.
public enum Tables {
    /// `replications.csv`: `replication,station,` then every station measure; empty where undefined.
    public static func replicationsCSV(_ result: ExperimentResult) -> String {
        var csv = CSVWriter(header: ["replication", "station"] + StationMeasure.allCases.map(\.rawValue))
        for r in result.replications {
            for (s, station) in result.model.stations.enumerated() {
                csv.integer(r.replication)
                csv.text(station.id)
                for value in r.stations[s] { csv.number(value) }
                csv.endRow()
            }
        }
        return csv.text
    }

    /// `timeseries.csv`: `replication,time,station,in_queue,in_service,servers` (servers empty for infinite).
    public static func timeseriesCSV(_ result: ExperimentResult) -> String {
        var csv = CSVWriter(header: ["replication", "time", "station", "in_queue", "in_service", "servers"])
        let ids = result.model.stations.map(\.id)
        for r in result.replications {
            for sample in r.samples {
                csv.integer(r.replication)
                csv.number(sample.time)
                csv.text(ids[Int(sample.station)])
                csv.integer(Int(sample.inQueue))
                csv.integer(Int(sample.inService))
                if sample.servers < 0 { csv.empty() } else { csv.integer(Int(sample.servers)) }
                csv.endRow()
            }
        }
        return csv.text
    }

    public static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

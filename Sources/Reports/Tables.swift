import Experiments
import Foundation
import Interchange
import QueueingNetwork

/// The CSV files of a run: one row per replication and station, and the optional time series.
public enum Tables {
    /// `replications.csv`: `replication,station,` then every station measure; empty where undefined.
    public static func replicationsCSV(_ result: ExperimentResult) -> String {
        var out = "replication,station," + StationMeasure.allCases.map(\.rawValue).joined(separator: ",") + "\n"
        for r in result.replications {
            for (s, station) in result.model.stations.enumerated() {
                out += "\(r.replication),\(csvField(station.id))"
                for value in r.stations[s] { out += "," + csvNumber(value) }
                out += "\n"
            }
        }
        return out
    }

    /// `timeseries.csv`: `replication,time,station,in_queue,in_service,servers` (servers empty for infinite).
    public static func timeseriesCSV(_ result: ExperimentResult) -> String {
        var out = "replication,time,station,in_queue,in_service,servers\n"
        let ids = result.model.stations.map { csvField($0.id) }
        for r in result.replications {
            for sample in r.samples {
                let servers = sample.servers < 0 ? "" : String(sample.servers)
                out += "\(r.replication),\(csvNumber(sample.time)),\(ids[Int(sample.station)]),\(sample.inQueue),\(sample.inService),\(servers)\n"
            }
        }
        return out
    }

    static func csvNumber(_ x: Double?) -> String {
        x.flatMap(NumberText.shortest) ?? ""
    }

    public static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Experiments

/// Every result file of a run, by name, as `onestop run` and the studio write them.
public enum RunFiles {
    /// The summary, the replication table, the hourly profile, the time series when sampled, and
    /// the campus breakdowns, each with its column dictionary.
    public static func files(_ result: ExperimentResult, info: Summary.RunInfo) -> [(String, String)] {
        var files: [(String, String)] = [
            ("summary.json", Summary.json(result, info: info)),
            ("replications.csv", Tables.replicationsCSV(result)),
            ("hourly.csv", Tables.hourlyCSV(result)),
        ]
        if result.model.run.sampleEvery != nil { files.append(("timeseries.csv", Tables.timeseriesCSV(result))) }
        return DataDictionary.adding(to: files + CampusTables.files(result), timeUnit: result.model.timeUnit.rawValue)
    }
}

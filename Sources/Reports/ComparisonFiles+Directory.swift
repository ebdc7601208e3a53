import Experiments

extension ComparisonFiles {
    /// Every file of a comparison directory, as `onestop compare` and the studio write it:
    /// compare.json, compare.csv, compare-hourly.csv, columns.json and (with `report`) report.html.
    /// The first scenario is the baseline each other one is compared with.
    public static func directoryFiles(_ entries: [Entry], _ results: [ExperimentResult], seed: UInt64, replications: Int,
                                      version: String, warnings: [String], report: Bool) throws -> (json: String, comparisons: [Comparison], files: [(String, String)]) {
        let comparisons = results.dropFirst().map { Comparison(baseline: results[0], alternative: $0) }
        let unit = results[0].model.timeUnit.rawValue
        let json = json(entries, comparisons, seed: seed, replications: replications, timeUnit: unit, version: version, warnings: warnings)
        let hourly = hourlyCSV(entries, comparisons)
        var files: [(String, String)] = [("compare.json", json), ("compare.csv", csv(entries, comparisons)), ("compare-hourly.csv", hourly)]
        files = DataDictionary.adding(to: files, timeUnit: unit)
        if report { files.append(("report.html", try HTMLReport.comparison(json, hourlyCSV: hourly))) }
        return (json, Array(comparisons), files)
    }
}

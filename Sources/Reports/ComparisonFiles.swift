import Experiments
import Interchange
import QueueingNetwork

/// `compare.json` and `compare.csv`: every measure of every scenario beside the baseline's, with the
/// paired difference and its 95% half-width.
public enum ComparisonFiles {
    /// One scenario of the comparison, as the command line named it.
    public struct Entry: Sendable {
        public var name: String
        public var file: String

        public init(name: String, file: String) {
            self.name = name
            self.file = file
        }
    }

    /// The columns both CSV files end with: baseline, scenario and difference (mean and half-width
    /// each), and whether the difference is significant.
    private static let estimateColumns = [
        "baseline_mean", "baseline_ci95", "mean", "ci95", "difference", "difference_ci95", "significant",
    ]

    private static let csvColumns = ["scenario", "baseline", "scope", "id", "measure"] + estimateColumns
    private static let hourlyCSVColumns = ["scenario", "baseline", "station", Tables.hourColumn, "measure"] + estimateColumns

    public static let csvHeader = CSVWriter(header: csvColumns).text
    public static let hourlyCSVHeader = CSVWriter(header: hourlyCSVColumns).text

    /// The comparison document: the scenarios, then one block per alternative against the baseline (the first).
    public static func json(_ entries: [Entry], _ comparisons: [Comparison], seed: UInt64, replications: Int,
                            timeUnit: String, version: String, warnings: [String] = []) -> String {
        document(entries, comparisons, seed: seed, replications: replications, timeUnit: timeUnit,
                 version: version, warnings: warnings).rendered(.results)
    }

    /// The comparison document as a value.
    public static func document(_ entries: [Entry], _ comparisons: [Comparison], seed: UInt64, replications: Int,
                                timeUnit: String, version: String, warnings: [String] = []) -> JSONValue {
        let blocks: [JSONValue] = comparisons.enumerated().map { i, comparison in
            .object([
                ("scenario", .string(entries[i + 1].name)),
                ("baseline", .string(entries[0].name)),
                ("unmatched", .array(comparison.unmatched.map(JSONValue.string))),
                ("measures", .array(comparison.rows.map { row in
                    .object([
                        ("scope", .string(row.scope.rawValue)), ("id", .string(row.id)), ("measure", .string(row.measure)),
                        ("baseline", Summary.estimate(row.baseline)), ("value", Summary.estimate(row.alternative)),
                        ("difference", Summary.estimate(row.difference)), ("significant", .bool(row.isSignificant)),
                    ])
                })),
            ])
        }
        return .object([
            ("kind", .string("comparison")),
            ("seed", .unsigned(seed)),
            ("replications", JSONValue(replications)),
            ("time_unit", .string(timeUnit)),
            ("onestop_version", .string(version)),
            ("scenarios", .array(entries.map { .object([("name", .string($0.name)), ("file", .string($0.file))]) })),
            ("baseline", .string(entries.first?.name ?? "")),
            ("comparisons", .array(blocks)),
            ("warnings", .array(warnings.map(JSONValue.string))),
        ])
    }

    /// One row per alternative and measure.
    public static func csv(_ entries: [Entry], _ comparisons: [Comparison]) -> String {
        var csv = CSVWriter(header: csvColumns)
        for (i, comparison) in comparisons.enumerated() {
            for row in comparison.rows {
                csv.text(entries[i + 1].name)
                csv.text(entries[0].name)
                csv.text(row.scope.rawValue)
                csv.text(row.id)
                csv.text(row.measure)
                estimateCells(&csv, row.baseline, row.alternative, row.difference, significant: row.isSignificant)
            }
        }
        return csv.text
    }

    /// The cells both CSV files end with, and the end of the row.
    private static func estimateCells(_ csv: inout CSVWriter, _ baseline: Estimate, _ alternative: Estimate, _ difference: Estimate, significant: Bool) {
        for e in [baseline, alternative, difference] {
            csv.number(e.mean)
            csv.number(e.halfWidth)
        }
        csv.boolean(significant)
        csv.endRow()
    }

    /// `compare-hourly.csv`: mean wait, mean queue length and utilisation by station and hour of the day.
    public static func hourlyCSV(_ entries: [Entry], _ comparisons: [Comparison]) -> String {
        var csv = CSVWriter(header: hourlyCSVColumns)
        for (i, comparison) in comparisons.enumerated() {
            for row in comparison.hourlyRows() {
                csv.text(entries[i + 1].name)
                csv.text(entries[0].name)
                csv.text(row.station)
                csv.integer(row.hour)
                csv.text(row.measure)
                estimateCells(&csv, row.baseline, row.alternative, row.difference, significant: row.isSignificant)
            }
        }
        return csv.text
    }
}

import Experiments
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

    public static let csvHeader = "scenario,baseline,scope,id,measure,baseline_mean,baseline_ci95,mean,ci95,difference,difference_ci95,significant\n"

    /// The comparison document: the scenarios, then one block per alternative against the baseline (the first).
    public static func json(_ entries: [Entry], _ comparisons: [Comparison], seed: UInt64, replications: Int,
                            timeUnit: String, version: String, warnings: [String] = []) -> String {
        var j = JSONText()
        j.open()
        j.value("kind", "comparison")
        j.value("seed", seed)
        j.value("replications", replications)
        j.value("time_unit", timeUnit)
        j.value("onestop_version", version)
        j.open("scenarios", array: true)
        for entry in entries {
            j.raw(nil, "{\"name\": \(JSONText.string(entry.name)), \"file\": \(JSONText.string(entry.file))}")
        }
        j.close(array: true)
        j.value("baseline", entries.first?.name ?? "")
        j.open("comparisons", array: true)
        for (i, comparison) in comparisons.enumerated() {
            j.open()
            j.value("scenario", entries[i + 1].name)
            j.value("baseline", entries[0].name)
            j.open("unmatched", array: true)
            for u in comparison.unmatched { j.value(nil, u) }
            j.close(array: true)
            j.open("measures", array: true)
            for row in comparison.rows {
                j.raw(nil, "{\"scope\": \(JSONText.string(row.scope.rawValue)), \"id\": \(JSONText.string(row.id)), "
                    + "\"measure\": \(JSONText.string(row.measure)), \"baseline\": \(estimate(row.baseline)), "
                    + "\"value\": \(estimate(row.alternative)), \"difference\": \(estimate(row.difference)), "
                    + "\"significant\": \(row.isSignificant)}")
            }
            j.close(array: true)
            j.close()
        }
        j.close(array: true)
        j.open("warnings", array: true)
        for w in warnings { j.value(nil, w) }
        j.close(array: true)
        j.close()
        return j.text
    }

    /// One row per alternative and measure.
    public static func csv(_ entries: [Entry], _ comparisons: [Comparison]) -> String {
        var out = csvHeader
        for (i, comparison) in comparisons.enumerated() {
            for row in comparison.rows {
                let fields = [
                    Tables.csvField(entries[i + 1].name), Tables.csvField(entries[0].name), row.scope.rawValue,
                    Tables.csvField(row.id), row.measure,
                ] + estimateCells(row.baseline, row.alternative, row.difference, significant: row.isSignificant)
                out += fields.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// The cells both CSV files end with: baseline, scenario and difference (mean and half-width each),
    /// and whether the difference is significant.
    private static func estimateCells(_ baseline: Estimate, _ alternative: Estimate, _ difference: Estimate, significant: Bool) -> [String] {
        [
            Tables.csvNumber(baseline.mean), Tables.csvNumber(baseline.halfWidth),
            Tables.csvNumber(alternative.mean), Tables.csvNumber(alternative.halfWidth),
            Tables.csvNumber(difference.mean), Tables.csvNumber(difference.halfWidth),
            significant ? "true" : "false",
        ]
    }

    public static let hourlyCSVHeader = "scenario,baseline,station,hour,measure,baseline_mean,baseline_ci95,mean,ci95,difference,difference_ci95,significant\n"

    /// `compare-hourly.csv`: mean wait, mean queue length and utilisation by station and hour of the day.
    public static func hourlyCSV(_ entries: [Entry], _ comparisons: [Comparison]) -> String {
        var out = hourlyCSVHeader
        for (i, comparison) in comparisons.enumerated() {
            for row in comparison.hourlyRows() {
                let fields = [
                    Tables.csvField(entries[i + 1].name), Tables.csvField(entries[0].name), Tables.csvField(row.station),
                    String(row.hour), row.measure,
                ] + estimateCells(row.baseline, row.alternative, row.difference, significant: row.isSignificant)
                out += fields.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func estimate(_ e: Estimate) -> String {
        "{\"mean\": \(JSONText.number(e.mean)), \"ci95\": \(JSONText.number(e.halfWidth))}"
    }
}

import CampusModel
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

    /// compare.csv's last columns: the measure's direction, the paired t-test's p-value, the same
    /// adjusted over every tested measure (Holm, Benjamini–Hochberg), and the change after Holm.
    private static let testColumns = ["direction", "p_value", "p_holm", "p_bh", "change_holm"]

    private static let csvColumns = ["scenario", "baseline", "scope", "id", "measure"] + estimateColumns + testColumns
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
                ("decision", decision(comparison)),
                ("measures", .array(comparison.rows.map { row in
                    .object([
                        ("scope", .string(row.scope.rawValue)), ("id", .string(row.id)), ("measure", .string(row.measure)),
                        ("baseline", Summary.estimate(row.baseline)), ("value", Summary.estimate(row.alternative)),
                        ("difference", Summary.estimate(row.difference)), ("significant", .bool(row.isSignificant)),
                        ("direction", .string(row.direction.rawValue)),
                        ("p_value", JSONValue(row.pValue)), ("p_holm", JSONValue(row.pHolm)), ("p_bh", JSONValue(row.pBH)),
                        ("change_holm", row.change(after: .holm).map(JSONValue.string) ?? .null),
                        ("change_bh", row.change(after: .bh).map(JSONValue.string) ?? .null),
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

    /// What decides between the two: each rule's verdict in both, staff-hours per week in both with
    /// the paired difference, and the counts of measures tested and flagged after each control.
    static func decision(_ c: Comparison) -> JSONValue {
        func verdict(_ r: RuleResult?) -> JSONValue {
            guard let r else { return .null }
            var members: [(key: String, value: JSONValue)] = [
                ("status", .string(r.verdict.rawValue)), ("value", JSONValue(r.value)), ("ci95", JSONValue(r.halfWidth)),
                ("replications_to_decide", r.judgement.replicationsToDecide.map { JSONValue($0) } ?? .null)]
            // A scoped rule's value is its worst item's.
            if let worst = r.worst { members.append(("worst", .string(worst.label))) }
            return .object(members)
        }
        let rules: [JSONValue] = c.rules.map { rule in
            let any = rule.baseline ?? rule.alternative!
            return .object([("id", .string(rule.id)), ("kind", .string(any.kind.rawValue)), ("target", .number(any.target)),
                            ("passes_when", .string(any.kind.atMost ? "at_most" : "at_least")),
                            ("baseline", verdict(rule.baseline)), ("scenario", verdict(rule.alternative))])
        }
        let hours = c.staffHours
        return .object([
            ("rules", .array(rules)),
            ("staff_hours_per_week", .object([("baseline", Summary.estimate(hours.baseline)), ("value", Summary.estimate(hours.alternative)),
                                              ("difference", Summary.estimate(hours.difference))])),
            ("measures_tested", JSONValue(c.tested)),
            ("measures_compared", JSONValue(c.rows.count)),
            ("flagged_holm", JSONValue(c.flagged(after: .holm).count)),
            ("flagged_bh", JSONValue(c.flagged(after: .bh).count)),
            ("better_holm", JSONValue(c.flagged(after: .holm).filter { $0.change(after: .holm) == "better" }.count)),
            ("worse_holm", JSONValue(c.flagged(after: .holm).filter { $0.change(after: .holm) == "worse" }.count)),
            ("level", .number(Comparison.level)),
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
                csv.text(row.direction.rawValue)
                csv.number(row.pValue)
                csv.number(row.pHolm)
                csv.number(row.pBH)
                csv.text(row.change(after: .holm) ?? "")
                csv.endRow()
            }
        }
        return csv.text
    }

    /// The estimate cells both CSV files have, without ending the row.
    private static func estimateCells(_ csv: inout CSVWriter, _ baseline: Estimate, _ alternative: Estimate, _ difference: Estimate, significant: Bool) {
        for e in [baseline, alternative, difference] {
            csv.number(e.mean)
            csv.number(e.halfWidth)
        }
        csv.boolean(significant)
    }

    /// `compare-hourly.csv`: mean wait, mean queue length, utilisation, service level and abandonment
    /// by station and hour of the day.
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
                csv.endRow()
            }
        }
        return csv.text
    }
}

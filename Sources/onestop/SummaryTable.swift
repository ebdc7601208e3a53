import CampusModel
import Experiments
import Foundation
import QueueingNetwork

/// A short, readable table of the main station measures for the terminal.
enum SummaryTable {
    static func text(_ result: ExperimentResult, directory: String) -> String {
        let model = result.model
        let measures: [StationMeasure] = [.meanWait, .pWait, .meanQueueLength, .utilization, .throughput, .pAbandon, .pBlocked]
        let idWidth = max(7, model.stations.map(\.id.count).max() ?? 7)
        let observations = result.batches.map { "1 replication in \($0.count) batches of \(String(format: "%g", $0.length))" }
            ?? "\(result.replications.count) replications"
        var lines = ["\(model.name): \(observations), seed \(result.seed), times in \(model.timeUnit.rawValue)s (mean ± 95% half-width)"]
        lines += statisticsLines(result)
        var header = "station".padding(toLength: idWidth, withPad: " ", startingAt: 0)
        for m in measures { header += "  " + m.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0) }
        lines.append(header)
        for (s, station) in model.stations.enumerated() {
            var row = station.id.padding(toLength: idWidth, withPad: " ", startingAt: 0)
            for m in measures {
                let e = result.estimate(m, station: s)
                let cell: String
                if let mean = e.mean {
                    cell = String(format: "%.4g", mean) + (e.halfWidth.map { " ± " + String(format: "%.2g", $0) } ?? "")
                } else {
                    cell = "—"
                }
                row += "  " + cell.padding(toLength: 19, withPad: " ", startingAt: 0)
            }
            lines.append(row)
        }
        if result.campus != nil {
            lines.append("campus (mean ± 95% half-width):")
            for measure in CampusMeasure.allCases {
                let e = result.estimate(measure)
                guard let mean = e.mean else { continue }
                lines.append("  " + measure.rawValue.padding(toLength: 40, withPad: " ", startingAt: 0)
                    + String(format: "%.4g", mean) + (e.halfWidth.map { " ± " + String(format: "%.2g", $0) } ?? ""))
            }
        }
        lines.append("results written to \(directory)/")
        return lines.joined(separator: "\n")
    }

    /// The warm-up chosen by MSER-5 and, for batch means, each station's lag-1 autocorrelation of its
    /// mean wait's batch means.
    static func statisticsLines(_ result: ExperimentResult) -> [String] {
        var lines: [String] = []
        if let choice = result.warmup {
            let per = choice.stations.map { c in
                "\(c.station) " + (c.time.map { String(format: "%.4g", $0) + " (\(c.truncation! * WaitSeries.batchSize) waits)" } ?? "—")
            }
            lines.append("warm-up (MSER-5 on \(choice.replications) pooled replications): \(String(format: "%.4g", choice.time)), the largest of "
                + per.joined(separator: ", "))
        }
        if let batches = result.batches {
            let per = result.model.stations.indices.map { s in
                "\(result.model.stations[s].id) " + (result.lag1Autocorrelation(.meanWait, station: s).map { String(format: "%.2f", $0) } ?? "—")
            }
            lines.append("batch means: lag-1 autocorrelation of mean_wait over \(batches.count) batches (above \(BatchMeans.correlationLimit), too short to be independent): "
                + per.joined(separator: ", "))
        }
        return lines
    }

    /// The rule results, one line each, or `nil` without rules.
    static func rules(_ result: ExperimentResult) -> String? {
        let rules = result.ruleResults
        guard !rules.isEmpty else { return nil }
        let counts = Verdict.allCases.map { v in "\(rules.filter { $0.verdict == v }.count) \(v.rawValue)" }
        var lines = ["rules (judged by the 95% interval: pass when all of it meets the target, fail when all of it misses): " + counts.joined(separator: ", ")]
        for rule in rules {
            let value = rule.value.map { String(format: "%.4g", $0) + ((rule.halfWidth ?? 0) > 0 ? " ± " + String(format: "%.2g", rule.halfWidth!) : "") } ?? "—"
            let mark = rule.verdict == .pass ? "PASS     " : rule.verdict == .fail ? "FAIL     " : "UNDECIDED"
            lines.append("  \(mark)  \(rule.id): \(value) \(rule.relation) \(String(format: "%g", rule.target))  (\(rule.description))")
            if let worst = rule.worst {
                let value = worst.value.map { String(format: "%.4g", $0) + (worst.halfWidth.map { " ± " + String(format: "%.2g", $0) } ?? "") } ?? "—"
                let counts = Verdict.allCases.map { v in "\(rule.items.filter { $0.verdict == v }.count) \(v.rawValue)" }
                lines.append("             worst: \(worst.label), \(value) (\(rule.items.count) item\(rule.items.count == 1 ? "" : "s"): \(counts.joined(separator: ", ")))")
            }
            if let note = rule.judgement.note { lines.append("             \(note)") }
        }
        return lines.joined(separator: "\n")
    }
}

import ArgumentParser
import CampusModel
import Experiments
import Foundation
import QueueingNetwork

/// `run --precision`: replications added in batches until the named measures are precise enough or
/// every rule is decided.
struct PrecisionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Add replications in batches until the 95% half-width of each --precision-on measure is at most X (absolute, in the measure's unit) or X% of its mean (relative, with %: 5%); without --precision-on, until every rule is decided (or every rule's half-width is within X).",
        valueName: "X"))
    var precision: String?

    @Option(name: .customLong("precision-on"), help: ArgumentHelp(
        "A measure --precision applies to, named as in summary.json: stations.<id>.<measure>, classes.<id>.<measure>, system.<measure>, campus.<section>.<key> (repeatable; default: every rule).",
        valueName: "MEASURE"))
    var measures: [String] = []

    @Option(name: .customLong("max-replications"), help: "With --precision: stop at this many replications whatever the intervals (default \(PrecisionOptions.defaultMaximum), and at least the first batch).")
    var maxReplications: Int?

    @Option(help: "With --precision: replications added in each batch (default: the first batch's count, --replications or run.replications).")
    var batch: Int?

    static let defaultMaximum = 1000

    func validate() throws {
        guard let precision else {
            if !measures.isEmpty { throw ValidationError("--precision-on needs --precision") }
            if maxReplications != nil { throw ValidationError("--max-replications needs --precision") }
            if batch != nil { throw ValidationError("--batch needs --precision") }
            return
        }
        guard Self.tolerance(precision) != nil else {
            throw ValidationError("--precision must be a positive number (an absolute half-width) or a positive percentage (relative to the mean: 5%), not '\(precision)'")
        }
        if let maxReplications, maxReplications < 2 { throw ValidationError("--max-replications must be at least 2") }
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
    }

    /// `0.02` → absolute 0.02; `5%` → relative 0.05.
    static func tolerance(_ text: String) -> PrecisionGoal.Tolerance? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%") {
            guard let x = Double(trimmed.dropLast().trimmingCharacters(in: .whitespaces)), x.isFinite, x > 0 else { return nil }
            return .relative(x / 100)
        }
        guard let x = Double(trimmed), x.isFinite, x > 0 else { return nil }
        return .absolute(x)
    }

    /// The most replications: `--max-replications`, or the default, and never fewer than the first batch.
    func maximum(start: Int) -> Int { max(start, maxReplications ?? Self.defaultMaximum) }

    /// The goal, or `nil` without `--precision`; a measure that names nothing, or rules the
    /// scenario does not have, are errors (exit 2).
    func goal(model: NetworkModel, campus: CampusPlan?) throws -> PrecisionGoal? {
        guard let precision, let tolerance = Self.tolerance(precision) else { return nil }
        var paths: [MeasurePath] = []
        for text in measures {
            do {
                paths.append(try MeasurePath(parsing: text, model: model, campus: campus != nil))
            } catch {
                Terminal.error("error: --precision-on \(error)")
                throw ExitCode(2)
            }
        }
        if paths.isEmpty && (campus?.campus.rules.isEmpty ?? true) {
            Terminal.error("error: --precision: the scenario has no rules to decide; name the measures with --precision-on (for example --precision-on stations.\(model.stations.first?.id ?? "desk").mean_wait)")
            throw ExitCode(2)
        }
        return PrecisionGoal(tolerance: tolerance, measures: paths)
    }

    /// How many replications it took and why it stopped, in one line.
    static func stopLine(_ run: SequentialRun, goal: PrecisionGoal, maximum: Int) -> String {
        let n = run.result.replications.count
        let batches = run.batches.count == 1 ? "the first batch" : "\(run.batches.count) batches: " + run.batches.map(String.init).joined(separator: ", ")
        let why: String
        switch run.stop {
        case .precise:
            why = "every measure named is within \(goal.tolerance) (" + goal.measures.map(\.description).joined(separator: ", ") + ")"
        case .decided:
            why = "every rule is decided (pass or fail by its whole 95% interval)"
        case .closeToTarget(let undecided):
            why = "every rule's half-width is within \(goal.tolerance); still undecided, that close to their targets: " + undecided.joined(separator: ", ")
        case .limit:
            why = "--max-replications \(maximum) reached; short of the goal: " + goal.shortfall(run.result).joined(separator: "; ")
        }
        return "precision: \(n) replications (\(batches)); stopped because \(why). Files are those of --replications \(n)."
    }
}

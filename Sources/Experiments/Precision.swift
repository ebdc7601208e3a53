import CampusModel
import Foundation
import QueueingNetwork

/// A measure named by its place in summary.json: `stations.<id>.<measure>`, `classes.<id>.<measure>`,
/// `system.<measure>` or `campus.<section>.<key>`.
public enum MeasurePath: Sendable, Hashable, CustomStringConvertible {
    case station(String, StationMeasure)
    case `class`(String, ClassMeasure)
    case system(SystemMeasure)
    case campus(CampusMeasure)

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    public var description: String {
        switch self {
        case .station(let id, let m): "stations.\(id).\(m.rawValue)"
        case .class(let id, let m): "classes.\(id).\(m.rawValue)"
        case .system(let m): "system.\(m.rawValue)"
        case .campus(let m): "campus.\(m.rawValue)"
        }
    }

    /// Reads a path against a model (ids may hold dots: the measure is the last part, the scope the first).
    public init(parsing text: String, model: NetworkModel, campus: Bool) throws(ParseError) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        func fail(_ why: String) -> ParseError {
            ParseError(description: "'\(text)': \(why); name a measure as in summary.json: stations.<id>.<measure>, classes.<id>.<measure>, system.<measure> or campus.<section>.<key>")
        }
        guard parts.count >= 2, let last = parts.last else { throw fail("no measure") }
        let id = parts.dropFirst().dropLast().joined(separator: ".")
        switch parts[0] {
        case "stations":
            guard model.stations.contains(where: { $0.id == id }) else {
                throw fail("no station '\(id)' (stations: \(model.stations.map(\.id).joined(separator: ", ")))")
            }
            guard let m = StationMeasure(rawValue: last) else { throw fail("no station measure '\(last)' (\(StationMeasure.allCases.map(\.rawValue).joined(separator: ", ")))") }
            self = .station(id, m)
        case "classes":
            guard model.classes.contains(where: { $0.id == id }) else {
                throw fail("no class '\(id)' (classes: \(model.classes.map(\.id).joined(separator: ", ")))")
            }
            guard let m = ClassMeasure(rawValue: last) else { throw fail("no class measure '\(last)' (\(ClassMeasure.allCases.map(\.rawValue).joined(separator: ", ")))") }
            self = .class(id, m)
        case "system":
            guard parts.count == 2, let m = SystemMeasure(rawValue: last) else {
                throw fail("no system measure '\(parts.dropFirst().joined(separator: "."))' (\(SystemMeasure.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            self = .system(m)
        case "campus":
            let key = parts.dropFirst().joined(separator: ".")
            guard campus else { throw fail("the scenario has no campus section") }
            guard let m = CampusMeasure(rawValue: key) else { throw fail("no campus measure '\(key)' (\(CampusMeasure.allCases.map(\.rawValue).joined(separator: ", ")))") }
            self = .campus(m)
        default:
            throw fail("unknown scope '\(parts[0])'")
        }
    }

    /// The measure's estimate over the replications of `result`.
    public func estimate(in result: ExperimentResult) -> Estimate {
        switch self {
        case .station(let id, let m): result.estimate(m, station: id)
        case .class(let id, let m): result.estimate(m, classIndex: result.model.classes.firstIndex { $0.id == id }!)
        case .system(let m): result.estimate(m)
        case .campus(let m): result.estimate(m)
        }
    }
}

/// When `run --precision` stops adding replications.
public struct PrecisionGoal: Sendable, Hashable {
    /// The half-width asked for: absolute, in the measure's unit, or relative to the mean's size.
    public enum Tolerance: Sendable, Hashable, CustomStringConvertible {
        case absolute(Double)
        case relative(Double)

        /// True when an estimate's 95% half-width is within the tolerance (an estimate without one is not).
        public func met(by e: Estimate) -> Bool {
            guard let mean = e.mean, let h = e.halfWidth, h.isFinite else { return false }
            switch self {
            case .absolute(let x): return h <= x
            case .relative(let r): return h <= r * abs(mean)
            }
        }

        public var description: String {
            switch self {
            case .absolute(let x): "± \(shortNumber(x))"
            case .relative(let r): "± \(shortNumber(r * 100))% of the mean"
            }
        }
    }

    public var tolerance: Tolerance
    /// The measures that must reach the tolerance; empty: every rule (decided, or its value within the tolerance).
    public var measures: [MeasurePath]

    public init(tolerance: Tolerance, measures: [MeasurePath] = []) {
        self.tolerance = tolerance
        self.measures = measures
    }

    /// Why a sequential run stopped.
    public enum Stop: Sendable, Hashable {
        /// Every named measure's half-width is within the tolerance.
        case precise
        /// Every rule has a verdict of pass or fail.
        case decided
        /// Some rules are undecided but every rule's half-width is within the tolerance: their
        /// values are that close to their targets.
        case closeToTarget(undecided: [String])
        /// `--max-replications` was reached first.
        case limit
    }

    /// Whether `result` meets the goal, and how; `nil` when more replications are needed.
    public func stop(_ result: ExperimentResult) -> Stop? {
        if !measures.isEmpty {
            return measures.allSatisfy { tolerance.met(by: $0.estimate(in: result)) } ? .precise : nil
        }
        let rules = result.ruleResults
        if rules.allSatisfy({ $0.verdict != .undecided }) { return .decided }
        let close = rules.allSatisfy { r in
            r.value != nil && (r.halfWidth.map { tolerance.met(by: Estimate(mean: r.value, halfWidth: $0, count: 2)) } ?? false)
        }
        return close ? .closeToTarget(undecided: rules.filter { $0.verdict == .undecided }.map(\.id)) : nil
    }

    /// What is still short of the goal, in a few words (for the stop line when the limit is reached).
    public func shortfall(_ result: ExperimentResult) -> [String] {
        if !measures.isEmpty {
            return measures.filter { !tolerance.met(by: $0.estimate(in: result)) }.map { m in
                let e = m.estimate(in: result)
                return "\(m) ± \(e.halfWidth.map { shortNumber($0) } ?? "—")"
            }
        }
        return result.ruleResults.filter { $0.verdict == .undecided }.map { r in
            r.id + (r.judgement.replicationsToDecide.map { " (about \($0) replications would decide it)" } ?? "")
        }
    }
}

/// A run that added replications in batches until its goal was met.
public struct SequentialRun: Sendable {
    public var result: ExperimentResult
    /// The replications after each batch, the last being the total.
    public var batches: [Int]
    public var stop: PrecisionGoal.Stop
}

extension Experiment {
    /// Runs `replications` replications, then `batch` more at a time, until `goal` is met or
    /// `maximum` replications have run.
    ///
    /// Replication r draws from the same streams whatever the batches are, and results are kept in
    /// replication order, so the result is the one a run of the final count gives outright.
    public func runSequentially(goal: PrecisionGoal, batch: Int, maximum: Int, jobs: Int = 1,
                                progress: (@Sendable (_ done: Int, _ target: Int, _ events: Int) -> Void)? = nil) -> SequentialRun {
        precondition(batch >= 1 && maximum >= 1)
        // With `warmup: auto`, the warm-up is chosen once, from the first replications, and kept.
        if model.run.warmupAuto && warmupChoice == nil {
            return choosingWarmup(jobs: jobs).runSequentially(goal: goal, batch: batch, maximum: maximum, jobs: jobs, progress: progress)
        }
        var done: [ReplicationResult] = []
        var campusDone: [CampusReplication] = []
        var batches: [Int] = []
        var next = Swift.min(replications, maximum)
        var events = 0
        while true {
            let indices = Array(done.count..<next)
            let before = events, start = done.count, target = next
            var batchProgress: Progress?
            if let progress {
                batchProgress = { @Sendable d, _, e in progress(start + d, target, before + e) }
            }
            let part = run(jobs: jobs, indices: indices, progress: batchProgress)
            done += part.replications
            campusDone += part.campusReplications
            events += part.events
            batches.append(done.count)
            var result = ExperimentResult(model: model, seed: seed, results: done, campus: campus, campusResults: campusDone)
            result.warmup = warmupChoice
            if let stop = goal.stop(result) { return SequentialRun(result: result, batches: batches, stop: stop) }
            if done.count >= maximum { return SequentialRun(result: result, batches: batches, stop: .limit) }
            next = Swift.min(maximum, done.count + batch)
        }
    }
}

/// A number in at most four significant digits (`%g`), for the stop line.
func shortNumber(_ x: Double) -> String { String(format: "%.4g", x) }

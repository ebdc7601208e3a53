import CampusModel
import Foundation
import SimCore
import QueueingNetwork
import ScenarioModel

/// A designed experiment made ready to run: the base scenario, the design's points each applied to
/// it and validated as a scenario file would be, the measures, and the replications and seed that
/// every point shares.
///
/// Common random numbers: replication r of every point is `NetworkSimulation(model:, replication:
/// r, seed:)` with the one master seed, exactly as `onestop run` seeds it, so every point's
/// replication r draws the same named streams and a point's results are those of `onestop run`
/// of that point at the same seed.
public struct Sweep: Sendable {
    public struct Point: Sendable {
        public var point: SweepPoint
        /// Whether the point is a valid scenario (and is run).
        public var isValid: Bool
        /// The point's campus plan (its rules are checked on its results); `nil` without a campus.
        /// The network model is not kept (a campus term's rate profiles make it about a megabyte):
        /// `run` compiles it again while the point's runs last.
        public var campus: CampusPlan?
        /// The point's errors (an invalid point) or warnings.
        public var diagnostics: [Diagnostic]
        /// Events one replication is expected to take.
        public var expectedEvents: Double
    }

    /// A column of the results: a factor (by position) or a measure (by position).
    public enum Column: Sendable, Hashable {
        case factor(Int)
        case measure(Int)
    }

    public struct ParetoPair: Sendable, Hashable {
        public var x: Column
        public var y: Column
        public var xHigherIsBetter: Bool
        public var yHigherIsBetter: Bool
    }

    public var design: SweepDesign
    /// The base scenario's name.
    public var scenarioName: String
    public var points: [Point]
    public var measures: [SweepMeasure]
    public var replications: Int
    public var seed: UInt64
    /// The base scenario's campus rules, whose verdict every point gets.
    public var ruleIds: [String]
    /// Each factor's value in the base scenario (`nil`: left to its default).
    public var baseValues: [FieldValue?]
    public var pareto: [ParetoPair]
    /// The base scenario's text, file and default name, which every point is applied to.
    public var scenarioText: String
    public var scenarioFile: String
    public var defaultName: String
    /// The base scenario's time unit.
    public var timeUnit: TimeUnit

    /// Most point × measure rows `sweep.csv` may hold.
    public static let maximumRows = 1_000_000
    /// Most (point, replication) tasks a sweep may run.
    public static let maximumTasks = 10_000_000

    /// Checks the design against the base scenario and applies every point to it. Errors of the
    /// base, the design's paths, measures and Pareto pairs, and a design past the limits, are
    /// thrown at once; an invalid point is kept, with its errors, and not run.
    public static func prepare(scenarioText: String, scenarioFile: String, defaultName: String, design: SweepDesign,
                               replications: Int? = nil, seed: UInt64? = nil, jobs: Int = 1) throws(ScenarioErrors) -> Sweep {
        let (baseScenario, _) = try ScenarioParser.parse(scenarioText, file: scenarioFile, defaultName: defaultName)
        let (baseModel, basePlan, _) = try CampusCompiler.compile(baseScenario)
        var problems: [Diagnostic] = []

        // Every factor names a field of the base scenario.
        var baseValues: [FieldValue?] = []
        for factor in design.factors {
            do {
                baseValues.append(try ScenarioParser.value(at: factor.path, in: scenarioText, file: scenarioFile).value)
            } catch {
                baseValues.append(nil)
                problems += error.diagnostics.map { d in
                    var moved = d
                    moved.location = factor.location
                    return moved
                }
            }
        }
        // Measures.
        var measures: [SweepMeasure] = []
        if let named = design.measures {
            for name in named {
                switch SweepMeasure.parse(name.name, model: baseModel, campus: basePlan) {
                case .success(let m):
                    if measures.contains(m) {
                        problems.append(Diagnostic(.error, at: name.location, path: "measures", "\(m) is listed twice"))
                    } else {
                        measures.append(m)
                    }
                case .failure(let e): problems.append(Diagnostic(.error, at: name.location, path: "measures", e.message))
                }
            }
        } else {
            measures = SweepMeasure.defaults(model: baseModel, campus: basePlan)
        }
        // Pareto pairs name factors or measures.
        var pareto: [ParetoPair] = []
        let factorNames = design.factors.map(\.name)
        let measureNames = measures.map(\.description)
        for pair in design.pareto {
            func column(_ named: SweepDesign.Named, _ key: String) -> Column? {
                if let f = factorNames.firstIndex(of: named.name) { return .factor(f) }
                if let m = measureNames.firstIndex(of: named.name) { return .measure(m) }
                problems.append(Diagnostic(.error, at: named.location, path: "pareto.\(key)",
                    "'\(named.name)' is neither a factor nor a measure of the sweep" + Suggestion.hint(for: named.name, among: factorNames + measureNames)))
                return nil
            }
            if let x = column(pair.x, "x"), let y = column(pair.y, "y") {
                func higher(_ c: Column) -> Bool { if case .measure(let m) = c { measures[m].higherIsBetter } else { false } }
                pareto.append(ParetoPair(x: x, y: y, xHigherIsBetter: pair.xHigherIsBetter ?? higher(x), yHigherIsBetter: pair.yHigherIsBetter ?? higher(y)))
            }
        }
        if design.pareto.isEmpty, measures.count >= 2 {
            pareto.append(ParetoPair(x: .measure(0), y: .measure(1), xHigherIsBetter: measures[0].higherIsBetter,
                                     yHigherIsBetter: measures[1].higherIsBetter))
        }
        let replications = replications ?? design.replications ?? baseModel.run.replications
        let seed = seed ?? design.seed ?? baseModel.run.seed

        // The design's size, before any point is made.
        let count = DesignPoints.count(design)
        let designLocation = design.factors.first?.location ?? SourceLocation(file: scenarioFile, line: 1, column: 1)
        if count > Double(SweepDesign.maximumPoints) {
            problems.append(Diagnostic(.error, at: designLocation, path: "design",
                "the design has \(NumberCount.text(count)) points; at most \(SweepDesign.maximumPoints) are supported: use fewer levels, or a Latin hypercube"))
        }
        if count * Double(replications) > Double(maximumTasks) {
            problems.append(Diagnostic(.error, at: designLocation, path: "replications",
                "\(NumberCount.text(count)) points × \(replications) replications are \(NumberCount.text(count * Double(replications))) runs; at most \(maximumTasks) are supported"))
        }
        if count * Double(measures.count) > Double(maximumRows) {
            problems.append(Diagnostic(.error, at: designLocation, path: "measures",
                "\(NumberCount.text(count)) points × \(measures.count) measures would make \(NumberCount.text(count * Double(measures.count))) rows of sweep.csv; at most \(maximumRows) are supported: name fewer measures"))
        }
        guard problems.isEmpty else { throw ScenarioErrors(problems) }

        let made = DesignPoints.make(design)
        let points = compile(made, design: design, text: scenarioText, file: scenarioFile, defaultName: defaultName, jobs: jobs)
        let sweep = Sweep(design: design, scenarioName: baseModel.name, points: points, measures: measures, replications: replications,
                          seed: seed, ruleIds: basePlan?.campus.rules.map(\.id) ?? [], baseValues: baseValues, pareto: pareto,
                          scenarioText: scenarioText, scenarioFile: scenarioFile, defaultName: defaultName, timeUnit: baseModel.timeUnit)
        let size = sweep.sizeDiagnostics(at: designLocation)
        guard size.isEmpty else { throw ScenarioErrors(size) }
        return sweep
    }

    /// Each point applied to the base text and compiled, on `jobs` threads, in point order.
    static func compile(_ made: [SweepPoint], design: SweepDesign, text: String, file: String, defaultName: String, jobs: Int) -> [Point] {
        let slots = Slots<Point>(count: made.count)
        parallel(count: made.count, jobs: jobs) { i in
            let point = made[i]
            do {
                let (scenario, parseWarnings) = try ScenarioParser.parse(text, file: file, defaultName: defaultName, overrides: point.overrides(design))
                let (model, plan, compileWarnings) = try CampusCompiler.compile(scenario)
                let expected = model.expectedEventsPerReplication()
                slots.set(i, Point(point: point, isValid: true, campus: plan, diagnostics: parseWarnings + compileWarnings, expectedEvents: expected))
            } catch let error as ScenarioErrors {
                slots.set(i, Point(point: point, isValid: false, campus: nil, diagnostics: error.diagnostics.filter { $0.severity == .error }, expectedEvents: 0))
            } catch {
                preconditionFailure("parse and compile throw only ScenarioErrors")
            }
        }
        return slots.values()
    }

    /// Errors for a sweep past the run limits: its expected events over every valid point and replication.
    public func sizeDiagnostics(at location: SourceLocation) -> [Diagnostic] {
        let events = points.reduce(0.0) { $0 + $1.expectedEvents } * Double(replications)
        guard !(events <= NetworkModel.maximumEvents) else { return [] }
        return [Diagnostic(.error, at: location, path: "design",
            "the sweep would take about \(NumberCount.text(events)) events (\(points.count(where: \.isValid)) points × \(replications) replications); "
            + "at most \(NumberCount.text(NetworkModel.maximumEvents)) are supported: use fewer points or replications, or shorter runs")]
    }

    /// Events the whole sweep is expected to take.
    public var expectedEvents: Double { points.reduce(0.0) { $0 + $1.expectedEvents } * Double(replications) }

    /// Every (point, replication) task as one number: point × replications + replication.
    public var taskCount: Int { points.count * replications }

    /// The tasks of valid points, in order.
    public var validTasks: [Int] {
        points.indices.filter { points[$0].isValid }.flatMap { p in (0..<replications).map { p * replications + $0 } }
    }

    /// Progress after each task: tasks done, of how many, and events run so far.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int, _ events: Int) -> Void

    /// Runs `tasks` (numbers from `validTasks`) over `jobs` worker threads; `finished` hears of each
    /// task as it ends (for a journal), `shouldStop` is asked before each. Results come back in task order.
    public func run(tasks: [Int], jobs: Int, progress: Progress? = nil, finished: (@Sendable (SweepTask) -> Void)? = nil,
                    shouldStop: (@Sendable () -> Bool)? = nil) -> [SweepTask] {
        let slots = Slots<SweepTask>(count: tasks.count)
        let counter = Counter()
        let sweep = self
        let models = ModelCache(sweep: self, tasks: tasks)
        parallel(count: tasks.count, jobs: jobs, shouldStop: shouldStop) { i in
            let p = tasks[i] / sweep.replications
            let task = sweep.runTask(tasks[i], model: models.model(p))
            models.finished(p)
            slots.set(i, task)
            finished?(task)
            let (done, events) = counter.add(task.events)
            progress?(done, tasks.count, events)
        }
        return slots.values()
    }

    /// The network model of a valid point, compiled from the base text with the point's overrides
    /// exactly as `prepare` compiled it.
    public func model(point p: Int) -> NetworkModel {
        precondition(points[p].isValid, "point \(p) is not valid")
        do {
            let (scenario, _) = try ScenarioParser.parse(scenarioText, file: scenarioFile, defaultName: defaultName,
                                                         overrides: points[p].point.overrides(design))
            return try CampusCompiler.compile(scenario).model
        } catch {
            preconditionFailure("point \(p) compiled once and not again: \(error)")
        }
    }

    /// One replication of one point, measured.
    public func runTask(_ number: Int, model: NetworkModel? = nil) -> SweepTask {
        let p = number / replications, r = number % replications
        let point = points[p]
        let model = model ?? self.model(point: p)
        var simulation = NetworkSimulation(model: model, replication: r, seed: seed)
        let result = simulation.run()
        let campus = point.campus?.measure(result, master: seed)
        let values = measures.map { $0.value(result, campus: campus, model: model, plan: point.campus) }
        return SweepTask(point: p, replication: r, events: result.events, values: values, campus: campus?.values ?? [], stoppedEarly: result.stoppedEarly)
    }
}

/// What one replication of one point measured: the sweep's measures, and the campus measures that
/// the rules read.
public struct SweepTask: Sendable, Hashable, Codable {
    public var point: Int
    public var replication: Int
    public var events: Int
    /// By the sweep's measures.
    public var values: [Double?]
    /// By `CampusMeasure.allCases`; empty without a campus.
    public var campus: [Double?]
    public var stoppedEarly: String?

    public init(point: Int, replication: Int, events: Int, values: [Double?], campus: [Double?], stoppedEarly: String?) {
        self.point = point
        self.replication = replication
        self.events = events
        self.values = values
        self.campus = campus
        self.stoppedEarly = stoppedEarly
    }
}

/// The points' models while their runs last: compiled by the first run of a point that needs one
/// (the others wait for it), dropped when the point's last run in this call ends.
private final class ModelCache: @unchecked Sendable {
    private final class Entry: @unchecked Sendable {
        let lock = NSLock()
        var model: NetworkModel?
    }

    private let sweep: Sweep
    private let lock = NSLock()
    private var entries: [Int: Entry] = [:]
    private var remaining: [Int: Int] = [:]

    init(sweep: Sweep, tasks: [Int]) {
        self.sweep = sweep
        for t in tasks { remaining[t / sweep.replications, default: 0] += 1 }
    }

    func model(_ p: Int) -> NetworkModel {
        lock.lock()
        let entry = entries[p] ?? Entry()
        entries[p] = entry
        lock.unlock()
        entry.lock.lock()
        defer { entry.lock.unlock() }
        if let model = entry.model { return model }
        let model = sweep.model(point: p)
        entry.model = model
        return model
    }

    func finished(_ p: Int) {
        lock.lock()
        defer { lock.unlock() }
        remaining[p, default: 1] -= 1
        if remaining[p] == 0 { entries[p] = nil }
    }
}

/// Every task of a sweep, by point, and the estimates made from them.
public struct SweepResult: Sendable {
    public var sweep: Sweep
    /// By point, in replication order; empty for an invalid point.
    public var tasks: [[SweepTask]]

    /// Groups `tasks` (each once, every valid point's replications all there) by point.
    public init(sweep: Sweep, tasks: [SweepTask]) {
        self.sweep = sweep
        var byPoint = [[SweepTask]](repeating: [], count: sweep.points.count)
        for task in tasks { byPoint[task.point].append(task) }
        self.tasks = byPoint.map { $0.sorted { $0.replication < $1.replication } }
    }

    public func estimate(point: Int, measure: Int) -> Estimate {
        Estimate(tasks[point].map { $0.values[measure] })
    }

    /// The base scenario's rules checked on one point.
    public func rules(point: Int) -> [RuleResult] {
        guard let plan = sweep.points[point].campus else { return [] }
        let tasks = self.tasks[point]
        return plan.checkRules { measure in
            let m = CampusMeasure.allCases.firstIndex(of: measure)!
            let e = Estimate(tasks.map { $0.campus.indices.contains(m) ? $0.campus[m] : nil })
            return (e.mean, e.halfWidth, e.count)
        }
    }

    public var events: Int { tasks.reduce(0) { $0 + $1.reduce(0) { $0 + $1.events } } }

    public var earlyStops: [String] {
        tasks.flatMap { $0 }.compactMap { t in t.stoppedEarly.map { "point \(t.point), replication \(t.replication): \($0)" } }
    }
}

/// A count as people read it: the whole number below ten million, else `3.2e13`.
enum NumberCount {
    static func text(_ x: Double) -> String {
        guard x.isFinite else { return "infinitely many" }
        if x < 1e7 { return String(Int(x.rounded())) }
        let exponent = Int(log10(x).rounded(.down))
        let mantissa = (x / pow(10, Double(exponent)) * 10).rounded() / 10
        return "\(mantissa == mantissa.rounded() ? String(Int(mantissa)) : String(mantissa))e\(exponent)"
    }
}

/// Results from worker threads, each in its own slot.
final class Slots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: Value) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    /// The values set, in slot order (slots left empty by a stop are left out).
    func values() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private var events = 0

    func add(_ n: Int) -> (Int, Int) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        events += n
        return (done, events)
    }
}


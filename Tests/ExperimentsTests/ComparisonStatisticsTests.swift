import Experiments
import QueueingNetwork
import ScenarioModel
import Testing

@Suite("Comparison statistics")
struct ComparisonStatisticsTests {
    @Test("Holm and Benjamini–Hochberg adjust as R's p.adjust does, in the order given")
    func adjustments() {
        let p = [0.01, 0.04, 0.03, 0.005]
        // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") and "BH".
        let holm = MultipleComparisons.holm(p), bh = MultipleComparisons.benjaminiHochberg(p)
        for (x, y) in zip(holm, [0.03, 0.06, 0.06, 0.02]) { #expect(abs(x - y) < 1e-12, "\(holm)") }
        for (x, y) in zip(bh, [0.02, 0.04, 0.04, 0.02]) { #expect(abs(x - y) < 1e-12, "\(bh)") }
        #expect(MultipleComparisons.holm([0.5, 0.9]) == [1, 1])
        #expect(MultipleComparisons.holm([]).isEmpty && MultipleComparisons.benjaminiHochberg([]).isEmpty)
    }

    @Test("A difference whose 95% interval just reaches 0 has a p-value of 0.05; no spread gives 0 or no test")
    func pValues() throws {
        for n in [2, 5, 10, 30] {
            let p = try #require(Estimate(mean: 0.3, halfWidth: 0.3, count: n).pValueOfZero)
            #expect(abs(p - 0.05) < 1e-9, "n = \(n): \(p)")
        }
        #expect(try #require(Estimate(mean: 0.3, halfWidth: 0.6, count: 10).pValueOfZero) > 0.05)
        #expect(Estimate(mean: 0.3, halfWidth: 0, count: 10).pValueOfZero == 0)
        #expect(Estimate(mean: 0, halfWidth: 0, count: 10).pValueOfZero == nil)
        #expect(Estimate(mean: 0.3, halfWidth: nil, count: 1).pValueOfZero == nil)
    }

    @Test("A comparison's rows carry their direction and both adjusted p-values over the tested rows")
    func comparisonRows() throws {
        func run(_ servers: Int) throws -> ExperimentResult {
            let scenario = Scenario(
                name: "desk", run: RunControl(duration: 3000, warmup: 50, replications: 10, seed: 3),
                classes: [CustomerClass(id: "default")],
                stations: [Station(id: "desk", servers: .fixed(servers), service: .all(.exponential(mean: 0.6)))],
                arrivals: [ArrivalStream(to: "desk", classId: "default", process: .poisson(rate: 1))])
            return Experiment(model: try NetworkModel.compile(scenario).0).run(jobs: 1)
        }
        let c = Comparison(baseline: try run(1), alternative: try run(2))
        let tested = c.rows.filter { $0.pValue != nil }
        #expect(c.tested == tested.count && tested.count > 3)
        let holm = MultipleComparisons.holm(tested.map { $0.pValue! }), bh = MultipleComparisons.benjaminiHochberg(tested.map { $0.pValue! })
        #expect(tested.map { $0.pHolm! } == holm && tested.map { $0.pBH! } == bh)
        #expect(c.rows.filter { $0.pValue == nil }.allSatisfy { $0.pHolm == nil && $0.pBH == nil })
        let wait = try #require(c.rows.first { $0.scope == .station && $0.measure == "mean_wait" })
        #expect(wait.direction == .lowerIsBetter && wait.change(after: .holm) == "better", "\(wait.difference) p \(String(describing: wait.pValue)) holm \(String(describing: wait.pHolm))")
        let utilization = try #require(c.rows.first { $0.scope == .station && $0.measure == "utilization" })
        #expect(utilization.direction == .neutral && utilization.change(after: .holm) == "lower")
        // Holm flags no more than Benjamini–Hochberg.
        #expect(c.flagged(after: .holm).count <= c.flagged(after: .bh).count)
    }

    @Test("Replications added in batches until a measure is precise give the replications of a run of that count outright")
    func sequential() throws {
        let scenario = Scenario(
            name: "desk", run: RunControl(duration: 300, warmup: 20, replications: 3, seed: 11),
            classes: [CustomerClass(id: "default")],
            stations: [Station(id: "desk", servers: .fixed(1), service: .all(.exponential(mean: 0.7)))],
            arrivals: [ArrivalStream(to: "desk", classId: "default", process: .poisson(rate: 1))])
        let model = try NetworkModel.compile(scenario).0
        let path = try MeasurePath(parsing: "stations.desk.mean_wait", model: model, campus: false)
        let goal = PrecisionGoal(tolerance: .relative(0.08), measures: [path])
        let run = Experiment(model: model).runSequentially(goal: goal, batch: 2, maximum: 400, jobs: 2)
        #expect(run.stop == .precise)
        let n = run.result.replications.count
        #expect(n > 3 && run.batches.last == n && run.batches.first == 3)
        #expect(zip(run.batches, run.batches.dropFirst()).allSatisfy { $1 - $0 == 2 })
        // Precise now, and not one batch earlier.
        #expect(goal.tolerance.met(by: path.estimate(in: run.result)))
        let fixed = Experiment(model: model, replications: n).run(jobs: 1)
        #expect(fixed.replications.map(\.stations) == run.result.replications.map(\.stations))
        #expect(fixed.replications.map(\.events) == run.result.replications.map(\.events))
        let earlier = Experiment(model: model, replications: n - 2).run(jobs: 1)
        #expect(!goal.tolerance.met(by: path.estimate(in: earlier)))
    }

    @Test("A measure path names a station, class, system or campus measure, or says what it could name")
    func paths() throws {
        let scenario = Scenario(
            name: "desk", run: RunControl(duration: 10, warmup: 0, replications: 2, seed: 1),
            classes: [CustomerClass(id: "walk.in")],
            stations: [Station(id: "front.desk", servers: .fixed(1), service: .all(.exponential(mean: 0.7)))],
            arrivals: [ArrivalStream(to: "front.desk", classId: "walk.in", process: .poisson(rate: 1))])
        let model = try NetworkModel.compile(scenario).0
        #expect(try MeasurePath(parsing: "stations.front.desk.p_wait", model: model, campus: false) == .station("front.desk", .pWait))
        #expect(try MeasurePath(parsing: "classes.walk.in.mean_sojourn", model: model, campus: false) == .class("walk.in", .meanSojourn))
        #expect(try MeasurePath(parsing: "system.throughput", model: model, campus: false) == .system(.throughput))
        #expect(throws: MeasurePath.ParseError.self) { try MeasurePath(parsing: "stations.desk.mean_wait", model: model, campus: false) }
        #expect(throws: MeasurePath.ParseError.self) { try MeasurePath(parsing: "stations.front.desk.wait", model: model, campus: false) }
        #expect(throws: MeasurePath.ParseError.self) { try MeasurePath(parsing: "campus.service_center.mean_wait", model: model, campus: false) }
        #expect(throws: MeasurePath.ParseError.self) { try MeasurePath(parsing: "mean_wait", model: model, campus: false) }
    }
}

import Experiments
import QueueingNetwork
import ScenarioModel
import Testing

@Suite("Estimates and experiments")
struct EstimateTests {
    @Test("Mean and Student-t half-width")
    func halfWidth() {
        let e = Estimate([1, 2, 3, 4, 5])
        #expect(e.mean == 3)
        #expect(abs(e.halfWidth! - 2.776445105 * (2.5 / 5).squareRoot()) < 1e-8)
        #expect(e.count == 5)
    }

    @Test("Undefined values are left out; one value has no interval; none has no mean")
    func undefinedValues() {
        #expect(Estimate([nil, 2, nil]) == Estimate(mean: 2, halfWidth: nil, count: 1))
        #expect(Estimate([nil, nil]) == Estimate(mean: nil, halfWidth: nil, count: 0))
        #expect(Estimate([4, 4, 4]).halfWidth == 0)
    }

    @Test("The 95% interval covers the true mean about 95% of the time")
    func coverage() throws {
        // 400 experiments of 10 replications of an M/M/1 at ρ = 0.5 (mean wait 1): count covers.
        let scenario = Scenario(
            name: "coverage", run: RunControl(duration: 2000, warmup: 50, replications: 10, seed: 1),
            stations: [Station(id: "desk", servers: .fixed(1), service: .all(.exponential(mean: 1)))],
            arrivals: [ArrivalStream(to: "desk", classId: "default", process: .poisson(rate: 0.5))])
        let (model, _) = try NetworkModel.compile(scenario)
        var covered = 0
        let experiments = 400
        for i in 0..<experiments {
            let result = Experiment(model: model, seed: UInt64(1000 + i)).run(jobs: 2)
            if result.estimate(.meanWait, station: 0).covers(1.0) { covered += 1 }
        }
        // Binomial(400, 0.95) has sd 4.4: 0.95·400 = 380, and a 4-sd band is [362, 398]; finite runs
        // bias the wait slightly low, so only the lower side is held tightly.
        #expect(covered >= 362, "covered \(covered) of \(experiments)")
    }

    @Test("Replications chosen by index give the same results as in a full run")
    func indicesMatchFullRun() throws {
        let scenario = Scenario(
            name: "shards", run: RunControl(duration: 500, warmup: 0, replications: 6, seed: 9),
            stations: [Station(id: "desk", servers: .fixed(2), service: .all(.exponential(mean: 1)))],
            arrivals: [ArrivalStream(to: "desk", classId: "default", process: .poisson(rate: 1.5))])
        let (model, _) = try NetworkModel.compile(scenario)
        let full = Experiment(model: model).run(jobs: 2)
        let part = Experiment(model: model).run(jobs: 1, indices: [1, 4])
        #expect(part.replications.map(\.replication) == [1, 4])
        #expect(part.replications.map(\.stations) == [full.replications[1].stations, full.replications[4].stations])
    }
}

import Experiments
import QueueingNetwork
import ScenarioModel
import Stochastics

/// Builds, compiles and runs a scenario written as values.
func simulate(
    _ stations: [Station], arrivals: [ArrivalStream], routing: [Routing] = [],
    classes: [CustomerClass] = [CustomerClass(id: "default")],
    duration: Double, warmup: Double, replications: Int = 20, seed: UInt64 = 1, sampleEvery: Double? = nil,
    jobs: Int = 2
) throws -> ExperimentResult {
    let scenario = Scenario(
        name: "test", run: RunControl(duration: duration, warmup: warmup, replications: replications, seed: seed, sampleEvery: sampleEvery),
        classes: classes, stations: stations, arrivals: arrivals, routing: routing)
    let (model, _) = try NetworkModel.compile(scenario)
    return Experiment(model: model).run(jobs: jobs)
}

func exponential(_ mean: Double) -> ClassSpecific<DistributionSpec> { .all(.exponential(mean: mean)) }

func poisson(_ rate: Double, to station: String = "desk", classId: String = "default") -> ArrivalStream {
    ArrivalStream(to: station, classId: classId, process: .poisson(rate: rate))
}

/// The statistical check of DESIGN.md: the exact value lies in the 95% interval, widened by a stated
/// margin (relative to the exact value) for the bias of finite runs.
func expectCovers(_ e: Estimate, _ exact: Double, margin: Double = 0.01, _ what: String) -> (Bool, String) {
    let ok = e.covers(exact, margin: margin * abs(exact))
    return (ok, "\(what): exact \(exact), estimate \(e.mean ?? .nan) ± \(e.halfWidth ?? .nan) (margin \(margin * 100)%)")
}

import Experiments
import QueueingNetwork
import ScenarioModel
import Stochastics
import Testing

/// The simulation against exact queueing results. Each test uses a fixed seed and enough
/// replications that the 95% interval is narrow; the exact value must lie inside it, widened by 1%.
@Suite("Exact queueing results")
struct ExactResultsTests {
    @Test("M/M/c (Erlang C): P(wait), mean wait and mean queue length", arguments: [
        (1, 0.5), (1, 0.95), (2, 0.8), (5, 0.5), (10, 0.9), (20, 0.95), (50, 0.5), (50, 0.95),
    ])
    func erlangC(servers c: Int, load rho: Double) throws {
        let mu = 1.0
        let lambda = rho * Double(c) * mu
        let exact = QueueingFormulas.erlangC(servers: c, arrivalRate: lambda, serviceRate: mu)
        // Heavy load relaxes slowly: run long enough that each replication sees many busy periods.
        let horizon = rho >= 0.95 ? 4_000_000 / lambda : 400_000 / lambda
        let result = try simulate(
            [Station(id: "desk", servers: .fixed(c), service: exponential(1 / mu))], arrivals: [poisson(lambda)],
            duration: horizon, warmup: horizon / 100, replications: 10, seed: UInt64(c * 100 + Int(rho * 100)))
        for (measure, value) in [(StationMeasure.pWait, exact.pWait), (.meanWait, exact.meanWait), (.meanQueueLength, exact.meanQueue)] {
            let (ok, message) = expectCovers(result.estimate(measure, station: 0), value, "c=\(c) ρ=\(rho) \(measure.rawValue)")
            #expect(ok, "\(message)")
        }
        let (ok, message) = expectCovers(result.estimate(.utilization, station: 0), rho, "utilization")
        #expect(ok, "\(message)")
    }

    @Test("M/M/c/K: blocking and mean number in system")
    func finiteCapacity() throws {
        let (c, k, lambda, mu) = (3, 6, 3.3, 1.0)
        let exact = QueueingFormulas.mmck(servers: c, capacity: k, arrivalRate: lambda, serviceRate: mu)
        let result = try simulate(
            [Station(id: "desk", servers: .fixed(c), service: exponential(1 / mu), capacity: k)], arrivals: [poisson(lambda)],
            duration: 100_000, warmup: 100)
        var (ok, message) = expectCovers(result.estimate(.pBlocked, station: 0), exact.blocking, "p_blocked")
        #expect(ok, "\(message)")
        (ok, message) = expectCovers(result.estimate(.meanInSystem, station: 0), exact.meanInSystem, "mean_in_system")
        #expect(ok, "\(message)")
    }

    @Test("Erlang B: loss with no waiting room, lognormal holding times (insensitivity)")
    func erlangB() throws {
        let (c, a) = (8, 6.0)
        let exact = QueueingFormulas.erlangB(servers: c, load: a)
        let result = try simulate(
            [Station(id: "desk", servers: .fixed(c), service: .all(.lognormal(mean: 2, sd: 3)), capacity: c)],
            arrivals: [poisson(a / 2)], duration: 200_000, warmup: 200)
        let (ok, message) = expectCovers(result.estimate(.pBlocked, station: 0), exact, "p_blocked")
        #expect(ok, "\(message)")
        #expect(result.estimate(.meanWait, station: 0).mean == 0)
    }

    @Test("Erlang A (M/M/c+M): abandonment and mean queue length")
    func erlangA() throws {
        let (c, lambda, mu, theta) = (10, 11.0, 1.0, 0.5)
        let exact = QueueingFormulas.erlangA(servers: c, arrivalRate: lambda, serviceRate: mu, abandonRate: theta)
        let result = try simulate(
            [Station(id: "desk", servers: .fixed(c), service: exponential(1 / mu), patience: .exponential(mean: 1 / theta))],
            arrivals: [poisson(lambda)], duration: 50_000, warmup: 100)
        var (ok, message) = expectCovers(result.estimate(.pAbandon, station: 0), exact.pAbandon, "p_abandon")
        #expect(ok, "\(message)")
        (ok, message) = expectCovers(result.estimate(.meanQueueLength, station: 0), exact.meanQueue, "mean_queue_length")
        #expect(ok, "\(message)")
    }

    @Test("M/G/1 (Pollaczek–Khinchine): deterministic and lognormal service", arguments: ["deterministic", "lognormal"])
    func pollaczekKhinchine(service: String) throws {
        let lambda = 0.8
        let spec: DistributionSpec = service == "deterministic" ? .deterministic(value: 1) : .lognormal(mean: 1, sd: 1.5)
        let d = try Distribution(spec)
        let exact = QueueingFormulas.pollaczekKhinchine(arrivalRate: lambda, meanService: d.mean, secondMoment: d.variance + d.mean * d.mean)
        let result = try simulate(
            [Station(id: "desk", servers: .fixed(1), service: .all(spec))], arrivals: [poisson(lambda)],
            duration: 500_000, warmup: 1000)
        let (ok, message) = expectCovers(result.estimate(.meanWait, station: 0), exact, "\(service) mean_wait")
        #expect(ok, "\(message)")
    }

    @Test("Open Jackson network with feedback: per-station waits and the network sojourn")
    func jackson() throws {
        // reception (2 servers) → counters (4) → exit 0.7 | back office (1) 0.2 | reception 0.1;
        // back office → exit 0.8 | counters 0.2.
        let gamma = 1.0
        let (mu1, mu2, mu3) = (0.8, 0.4, 0.9)
        // Traffic equations: λ1 = γ + 0.1 λ2, λ2 = λ1 + 0.2 λ3, λ3 = 0.2 λ2.
        let lambda2 = gamma / (1 - 0.1 - 0.04)
        let lambda1 = gamma + 0.1 * lambda2
        let lambda3 = 0.2 * lambda2
        let nodes = [(2, lambda1, mu1), (4, lambda2, mu2), (1, lambda3, mu3)]
        let exact = nodes.map { QueueingFormulas.erlangC(servers: $0.0, arrivalRate: $0.1, serviceRate: $0.2) }
        let inSystem = zip(nodes, exact).reduce(0.0) { $0 + $1.1.meanQueue + $1.0.1 / $1.0.2 }
        let sojourn = inSystem / gamma  // Little's law on the whole network
        let result = try simulate(
            [
                Station(id: "reception", servers: .fixed(2), service: exponential(1 / mu1)),
                Station(id: "counters", servers: .fixed(4), service: exponential(1 / mu2)),
                Station(id: "back", servers: .fixed(1), service: exponential(1 / mu3)),
            ],
            arrivals: [poisson(gamma, to: "reception")],
            routing: [
                Routing(from: "reception", branches: .all([.init(to: "counters", probability: 1)])),
                Routing(from: "counters", branches: .all([
                    .init(to: nil, probability: 0.7), .init(to: "back", probability: 0.2), .init(to: "reception", probability: 0.1),
                ])),
                Routing(from: "back", branches: .all([.init(to: nil, probability: 0.8), .init(to: "counters", probability: 0.2)])),
            ],
            duration: 200_000, warmup: 1000)
        for s in 0..<3 {
            let (ok, message) = expectCovers(result.estimate(.meanWait, station: s), exact[s].meanWait, "station \(s) mean_wait")
            #expect(ok, "\(message)")
        }
        let (ok, message) = expectCovers(result.estimate(.meanSojourn), sojourn, "system mean_sojourn")
        #expect(ok, "\(message)")
    }

    @Test("Two-class non-preemptive priority M/M/1 (Cobham)")
    func cobham() throws {
        let (l1, l2, s1, s2) = (0.3, 0.45, 1.0, 0.8)
        let exact = QueueingFormulas.cobham(arrivalRates: [l1, l2], meanServices: [s1, s2], secondMoments: [2 * s1 * s1, 2 * s2 * s2])
        let classes = [CustomerClass(id: "urgent", priority: 0), CustomerClass(id: "routine", priority: 1)]
        let result = try simulate(
            [Station(id: "desk", servers: .fixed(1),
                     service: .perClass([("urgent", .exponential(mean: s1)), ("routine", .exponential(mean: s2))]),
                     discipline: .priority)],
            arrivals: [poisson(l1, classId: "urgent"), poisson(l2, classId: "routine")], classes: classes,
            duration: 300_000, warmup: 1000)
        for k in 0..<2 {
            let (ok, message) = expectCovers(result.estimate(.meanWait, classIndex: k), exact[k], "class \(k) mean_wait")
            #expect(ok, "\(message)")
        }
    }

    @Test("Preemptive-resume priority M/M/1: the urgent class sees an M/M/1 of its own")
    func preemptiveResume() throws {
        let (l1, l2, mu) = (0.4, 0.4, 1.0)
        let classes = [CustomerClass(id: "urgent", priority: 0), CustomerClass(id: "routine", priority: 1)]
        let result = try simulate(
            [Station(id: "desk", servers: .fixed(1), service: exponential(1 / mu), discipline: .preemptive)],
            arrivals: [poisson(l1, classId: "urgent"), poisson(l2, classId: "routine")], classes: classes,
            duration: 300_000, warmup: 1000)
        // Urgent: M/M/1 with λ1. Routine (exponential, equal rates): mean sojourn 1/(μ(1−ρ1)(1−ρ)).
        let urgent = 1 / (mu - l1)
        let routine = (1 / mu) / ((1 - l1 / mu) * (1 - (l1 + l2) / mu))
        var (ok, message) = expectCovers(result.estimate(.meanSojourn, classIndex: 0), urgent, "urgent mean_sojourn")
        #expect(ok, "\(message)")
        (ok, message) = expectCovers(result.estimate(.meanSojourn, classIndex: 1), routine, "routine mean_sojourn")
        #expect(ok, "\(message)")
    }

    @Test("M_t/M/∞ with sinusoidal arrivals: mean number in system over the cycle")
    func infiniteServerSinusoid() throws {
        let (base, amplitude, period, mu) = (20.0, 12.0, 24.0, 0.5)
        let phases = 8
        let result = try simulate(
            [Station(id: "desk", servers: .infinite, service: exponential(1 / mu))],
            arrivals: [ArrivalStream(to: "desk", classId: "default", process: .rateFunction(base: base, amplitude: amplitude, period: period))],
            duration: 200 * period, warmup: 5 * period, replications: 20, sampleEvery: period / Double(phases))
        for phase in 0..<phases {
            let t = Double(phase) * period / Double(phases)
            let exact = QueueingFormulas.infiniteServerMean(at: t, base: base, amplitude: amplitude, period: period, serviceRate: mu)
            let perReplication: [Double?] = result.replications.map { r in
                let xs = r.samples.filter { abs(($0.time - 5 * period - t).truncatingRemainder(dividingBy: period)) < 1e-9 }
                return Double(xs.reduce(0) { $0 + Int($1.inService) }) / Double(xs.count)
            }
            let (ok, message) = expectCovers(Estimate(perReplication), exact, "phase \(phase)")
            #expect(ok, "\(message)")
        }
        #expect(result.estimate(.utilization, station: 0).mean == nil)
    }
}

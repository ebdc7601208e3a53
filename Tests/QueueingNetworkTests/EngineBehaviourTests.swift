import Experiments
import QueueingNetwork
import ScenarioModel
import Testing

@Suite("Engine behaviour")
struct EngineBehaviourTests {
    func deterministicArrivals(every gap: Double, to station: String = "desk") -> ArrivalStream {
        ArrivalStream(to: station, classId: "default", process: .renewal(interarrival: .deterministic(value: gap)))
    }

    @Test("A server going off shift finishes its customer; waiting customers wait for the next shift")
    func shiftEndFinishesService() throws {
        // One server on [0,10), none on [10,20). Arrivals at 4, 8, 12, 16; service takes 3.
        let schedule = ServerSchedule(period: 20, entries: [.init(from: 0, to: 10, servers: 1), .init(from: 10, to: 20, servers: 0)])
        let result = try simulate(
            [Station(id: "desk", servers: .schedule(schedule), service: .all(.deterministic(value: 3)))],
            arrivals: [deterministicArrivals(every: 4)], duration: 20, warmup: 0, replications: 1, sampleEvery: 5, jobs: 1)
        let r = result.replications[0]
        #expect(r.value(.meanSojourn, station: 0) == 3)         // 4→7 and 8→11, the second past the shift's end
        #expect(r.value(.meanWait, station: 0) == 0)
        #expect(r.value(.throughput, station: 0) == 2.0 / 20)
        #expect(r.value(.meanQueueLength, station: 0) == (8.0 + 4.0) / 20)   // 12 waits 8, 16 waits 4
        #expect(r.value(.utilization, station: 0) == 6.0 / 11)   // busy 6 of 11 server-units on shift or finishing
        #expect(r.samples.map(\.servers) == [1, 1, 0, 0])        // samples at 0, 5, 10, 15: the run ends before 20
        #expect(r.samples.map(\.inQueue) == [0, 0, 0, 1])
    }

    @Test("A schedule that never opens serves nobody and reports no utilization")
    func neverOpens() throws {
        let schedule = ServerSchedule(period: 10, entries: [.init(from: 0, to: 10, servers: 0)])
        let result = try simulate(
            [Station(id: "desk", servers: .schedule(schedule), service: exponential(1))],
            arrivals: [deterministicArrivals(every: 1)], duration: 50, warmup: 0, replications: 2, jobs: 1)
        #expect(result.estimate(.throughput, station: 0).mean == 0)
        #expect(result.estimate(.utilization, station: 0).mean == nil)
        #expect(result.estimate(.meanWait, station: 0).mean == nil)
        #expect(result.estimate(.meanQueueLength, station: 0).mean! > 20)
    }

    @Test("Stop by count: each replication takes exactly that many arrivals after the warm-up")
    func stopByCount() throws {
        let scenario = Scenario(
            name: "count", run: RunControl(duration: nil, customers: 5000, warmup: 100, replications: 3, seed: 5),
            stations: [Station(id: "desk", servers: .fixed(2), service: exponential(1))], arrivals: [poisson(1.5)])
        let (model, _) = try NetworkModel.compile(scenario)
        let result = Experiment(model: model).run(jobs: 2)
        #expect(result.replications.map(\.arrivals) == [5000, 5000, 5000])
        #expect(result.replications.allSatisfy { $0.endTime > 100 })
    }

    @Test("Warm-up: statistics start at its end")
    func warmupResets() throws {
        let result = try simulate(
            [Station(id: "desk", servers: .fixed(1), service: .all(.deterministic(value: 0.5)))],
            arrivals: [deterministicArrivals(every: 1)], duration: 100, warmup: 1000, replications: 1, jobs: 1)
        let r = result.replications[0]
        #expect(r.arrivals == 100)
        #expect(r.value(.throughput, station: 0) == 1)
        #expect(r.value(.utilization, station: 0) == 0.5)
    }

    @Test("Batches: each arrival event brings a group")
    func batches() throws {
        let arrival = ArrivalStream(to: "desk", classId: "default", process: .renewal(interarrival: .deterministic(value: 1)),
                                    batch: .empirical(values: [3], weights: []))
        let result = try simulate(
            [Station(id: "desk", servers: .infinite, service: .all(.deterministic(value: 0.25)))],
            arrivals: [arrival], duration: 100, warmup: 0.5, replications: 1, jobs: 1)
        #expect(result.replications[0].arrivals == 300)
        #expect(result.replications[0].value(.meanInSystem, station: 0) == 0.75)
    }

    @Test("Customers routed into a full station are blocked there")
    func blockingAfterRouting() throws {
        let result = try simulate(
            [
                Station(id: "desk", servers: .fixed(5), service: exponential(0.1)),
                Station(id: "review", servers: .fixed(1), service: exponential(2), capacity: 1),
            ],
            arrivals: [poisson(1, to: "desk")],
            routing: [Routing(from: "desk", branches: .all([.init(to: "review", probability: 1)]))],
            duration: 20_000, warmup: 100, replications: 4)
        // review is an M/M/1/1 loss station: blocking = a/(1+a) with a = 2.
        let (ok, message) = expectCovers(result.estimate(.pBlocked, station: 1), 2.0 / 3, "review p_blocked")
        #expect(ok, "\(message)")
    }

    @Test("Results are identical whatever the number of worker threads")
    func jobsDoNotChangeResults() throws {
        let stations = [Station(id: "desk", servers: .fixed(3), service: .all(.lognormal(mean: 1, sd: 1)), patience: .exponential(mean: 2))]
        let one = try simulate(stations, arrivals: [poisson(2.8)], duration: 2000, warmup: 10, replications: 6, jobs: 1)
        let two = try simulate(stations, arrivals: [poisson(2.8)], duration: 2000, warmup: 10, replications: 6, jobs: 2)
        #expect(one.replications.map(\.stations) == two.replications.map(\.stations))
        #expect(one.replications.map(\.events) == two.replications.map(\.events))
    }

    @Test("Adding a station leaves the numbers other stations draw unchanged")
    func commonRandomNumbers() throws {
        let desk = Station(id: "desk", servers: .fixed(2), service: exponential(1))
        let extra = Station(id: "kiosk", servers: .fixed(1), service: exponential(1))
        let alone = try simulate([desk], arrivals: [poisson(1.5)], duration: 1000, warmup: 0, replications: 2)
        let withExtra = try simulate([desk, extra], arrivals: [poisson(1.5), poisson(0.5, to: "kiosk")], duration: 1000, warmup: 0, replications: 2)
        #expect(alone.replications.map { $0.stations[0] } == withExtra.replications.map { $0.stations[0] })
    }
}

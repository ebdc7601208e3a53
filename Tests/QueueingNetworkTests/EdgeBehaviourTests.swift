import Experiments
import QueueingNetwork
import Reports
import ScenarioModel
import Testing

/// Edge cases with defined answers.
@Suite("Edge behaviour")
struct EdgeBehaviourTests {
    func every(_ gap: Double, classId: String = "default") -> ArrivalStream {
        ArrivalStream(to: "desk", classId: classId, process: .renewal(interarrival: .deterministic(value: gap)))
    }

    @Test("A warm-up ten times the run: only the run after it is measured, the time series starts at its end")
    func warmupLongerThanRun() throws {
        let result = try simulate(
            [Station(id: "desk", servers: .fixed(1), service: .all(.deterministic(value: 0.25)))],
            arrivals: [every(1)], duration: 10, warmup: 100, replications: 1, sampleEvery: 5, jobs: 1)
        let r = result.replications[0]
        #expect(r.arrivals == 10)                              // at 100, 101, ..., 109
        #expect(r.value(.throughput, station: 0) == 1)
        #expect(r.value(.utilization, station: 0) == 0.25)
        #expect(r.samples.map(\.time) == [100, 105])
        #expect(r.endTime == 110)
    }

    @Test("Customers who arrive while every server is off shift wait for the next shift")
    func allServersOffShift() throws {
        // Closed on [0, 45), one server on [45, 100); arrivals at 10, 20, ..., 90; service 1.
        let schedule = ServerSchedule(period: 100, entries: [.init(from: 0, to: 45, servers: 0), .init(from: 45, to: 100, servers: 1)])
        let result = try simulate(
            [Station(id: "desk", servers: .schedule(schedule), service: .all(.deterministic(value: 1)))],
            arrivals: [every(10)], duration: 100, warmup: 0, replications: 1, jobs: 1)
        let r = result.replications[0]
        // Waits: 35, 26, 17, 8 for the four who came while closed (served from 45, 46, 47, 48), 0 for the other five.
        func near(_ x: Double?, _ exact: Double) -> Bool { x.map { abs($0 - exact) < 1e-12 } ?? false }
        #expect(near(r.value(.meanWait, station: 0), (35.0 + 26 + 17 + 8) / 9))
        #expect(near(r.value(.pWait, station: 0), 4.0 / 9))
        #expect(near(r.value(.throughput, station: 0), 9.0 / 100))
        #expect(near(r.value(.utilization, station: 0), 9.0 / 55))   // busy 9 of the 55 server-units on shift
    }

    @Test("A class with no arrivals has no measures, written as null")
    func emptyClass() throws {
        let classes = [CustomerClass(id: "walk_in"), CustomerClass(id: "never", priority: 1)]
        let result = try simulate(
            [Station(id: "desk", servers: .fixed(1), service: exponential(0.5))],
            arrivals: [poisson(1, classId: "walk_in")], classes: classes, duration: 1000, warmup: 0, replications: 3, jobs: 1)
        #expect(result.estimate(.meanWait, classIndex: 1).mean == nil)
        #expect(result.estimate(.meanWait, classIndex: 0).mean != nil)
        let json = Summary.json(result, info: Summary.RunInfo(version: "test"))
        #expect(json.contains("\"never\": {\n      \"mean_wait\": {\"mean\": null, \"ci95\": null},\n      \"mean_sojourn\": {\"mean\": null, \"ci95\": null}"), "\(json)")
    }
}

import CampusModel
import Foundation
import QueueingNetwork
import ScenarioModel
import Stochastics
import Testing
@testable import Calibration

@Suite("Replaying a log's own arrivals", .serialized)
struct ReplayTests {
    /// Counts each customer's first arrival at the counters per hour (from time 0) and the waits.
    final class FirstArrivals: TraceSink {
        let counters: Set<Int>
        let hour: Double
        var seen: Set<Int> = []
        var perHour: [Int: Int] = [:]
        var starts = 0
        /// The sum of the service start times: what the scenario's draws move.
        var startTimes = 0.0

        init(counters: Set<Int>, hour: Double) {
            self.counters = counters
            self.hour = hour
        }

        func record(_ e: TraceEvent) {
            guard counters.contains(e.station) else { return }
            if e.kind == .arrive, seen.insert(e.entity).inserted { perHour[Int((e.time / hour).rounded(.down)), default: 0] += 1 }
            if e.kind == .start { starts += 1; startTimes += e.time }
        }

        func finish() {}
    }

    @Test("The replayed run's first counter arrivals per hour are exactly the log's, in every replication")
    func countsPerHour() throws {
        let text = try StaffingScenario.log()
        let scenario = try StaffingScenario.scenario()
        let (compiled, _, _) = try CampusCompiler.compile(scenario)
        var mapping = LogMapping.generic
        mapping.categories = scenario.campus!.serviceCenter!.categories.map(\.id)
        let reader = TicketLogReader(file: "log.csv", mapping: mapping)
        var data = LogData()
        data.keepsFirstVisits = true
        try reader.read(data: Data(text.utf8)) { data.add($0) }
        data.takeNames(from: reader)
        let startDay = data.firstDay - TimestampFormat.weekday(ofDay: data.firstDay)
        let arrivals = try Replay.arrivals(data, startDay: startDay, resolution: reader.resolution, unitSeconds: 60)
        #expect(arrivals.values.reduce(0) { $0 + $1.count } == data.firstVisits.count)
        let model = try Replay.model(compiled, scenario: scenario, arrivals: arrivals)
        // The log's first visits per hour from its Monday.
        var logged: [Int: Int] = [:]
        for v in data.firstVisits { logged[Int(((v.clock - Double(startDay) * 86400) / 3600).rounded(.down)), default: 0] += 1 }
        #expect(logged.count > 200)
        let ids = Set(scenario.campus!.serviceCenter!.counters.map(\.id))
        let counters = Set(model.stations.indices.filter { ids.contains(model.stations[$0].id) })
        var runs: [FirstArrivals] = []
        for r in 0..<2 {
            let sink = FirstArrivals(counters: counters, hour: 60)
            var simulation = NetworkSimulation(model: model, replication: r, seed: 11)
            simulation.trace = sink
            _ = simulation.run()
            let differing = Set(logged.keys).union(sink.perHour.keys).filter { logged[$0, default: 0] != sink.perHour[$0, default: 0] }
            #expect(differing.isEmpty, "replication \(r): hours \(differing.sorted().prefix(10)) differ")
            runs.append(sink)
        }
        // The replications share the arrivals and differ in what the scenario draws (services, patience, returns).
        #expect(runs[0].startTimes != runs[1].startTimes)
        // The scenario's own arrivals do not give the log's counts.
        let own = FirstArrivals(counters: counters, hour: 60)
        var simulation = NetworkSimulation(model: compiled, replication: 0, seed: 11)
        simulation.trace = own
        _ = simulation.run()
        #expect(own.perHour != logged)
    }

    @Test("A trace must be finite, at least 0 and strictly increasing; an empty one never fires")
    func traceProcess() throws {
        #expect(throws: DistributionError.self) { try ArrivalProcess.trace(times: [1, 2, 2]) }
        #expect(throws: DistributionError.self) { try ArrivalProcess.trace(times: [-1, 2]) }
        #expect(throws: DistributionError.self) { try ArrivalProcess.trace(times: [1, .nan]) }
        let stream = RandomStream(master: 1, replication: 0, name: "t")
        let p = try ArrivalProcess.trace(times: [0.5, 1.5, 4])
        #expect(p.next(after: 0, stream) == 0.5 && p.next(after: 0.5, stream) == 1.5 && p.next(after: 3, stream) == 4)
        #expect(p.next(after: 4, stream) == .infinity)
        #expect(try ArrivalProcess.trace(times: []).next(after: 0, stream) == .infinity)
    }
}

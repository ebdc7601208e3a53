import Experiments
import QueueingNetwork
import ScenarioModel
import Testing

@Suite("Hourly profile and trace")
struct HourlyProfileTests {
    func every(_ gap: Double) -> ArrivalStream {
        ArrivalStream(to: "desk", classId: "default", process: .renewal(interarrival: .deterministic(value: gap)))
    }

    @Test("Measured time falls into hour-of-day bins, the warm-up's partial hour included")
    func binsPartitionTime() throws {
        // Minutes; measured from 90 (a warm-up ending mid-hour) to 1490: 01:30 to 00:50 the next day.
        let result = try simulate([Station(id: "desk", servers: .fixed(1), service: exponential(1))],
                                  arrivals: [poisson(0.5)], duration: 1400, warmup: 90, replications: 1, jobs: 1)
        let times = result.replications[0].profile.cells[0].map(\.time)
        #expect(times[0] == 50)
        #expect(times[1] == 30)
        #expect(times[2...].allSatisfy { $0 == 60 })
        #expect(times.reduce(0, +) == 1400)
    }

    @Test("Known hourly values: half-busy desk, two servers before noon and one after")
    func knownHourlyValues() throws {
        // A student every 10 minutes, 5 minutes of service: busy half of every hour, never a queue.
        let schedule = ServerSchedule(period: 1440, entries: [.init(from: 0, to: 720, servers: 2), .init(from: 720, to: 1440, servers: 1)])
        let result = try simulate([Station(id: "desk", servers: .schedule(schedule), service: .all(.deterministic(value: 5)))],
                                  arrivals: [every(10)], duration: 1440, warmup: 1440, replications: 1, jobs: 1)
        let cells = result.replications[0].profile.cells[0]
        for (hour, cell) in cells.enumerated() {
            #expect(cell.time == 60)
            #expect(cell.meanInService == 0.5, "hour \(hour)")
            #expect(cell.utilization(infinite: false) == (hour < 12 ? 0.25 : 0.5), "hour \(hour)")
            #expect(cell.meanServers(infinite: false) == (hour < 12 ? 2 : 1), "hour \(hour)")
            #expect(cell.meanQueueLength == 0 && cell.meanWait == 0 && cell.started == 6 && cell.arrivals == 6, "hour \(hour)")
        }
    }

    @Test("What happens at an hour's first instant belongs to that hour: the 8:00 opening's services count at 8")
    func boundaryBelongsToTheNewHour() throws {
        // Closed until 8:00 (480); a student every hour from 1:00. The seven who waited overnight and the
        // one arriving at 8:00 start service at 8:00 exactly.
        let schedule = ServerSchedule(period: 1440, entries: [.init(from: 0, to: 480, servers: 0), .init(from: 480, to: 1440, servers: 10)])
        let result = try simulate([Station(id: "desk", servers: .schedule(schedule), service: .all(.deterministic(value: 1)))],
                                  arrivals: [every(60)], duration: 1440, warmup: 0, replications: 1, jobs: 1)
        let cells = result.replications[0].profile.cells[0]
        #expect(cells[0].arrivals == 0 && cells[1...7].allSatisfy { $0.arrivals == 1 && $0.started == 0 })
        #expect(cells[6].meanQueueLength == 6 && cells[7].meanQueueLength == 7)   // each arrival waits from its first instant
        #expect(cells[8].started == 8 && abs(cells[8].meanWait! - 60.0 * (1 + 2 + 3 + 4 + 5 + 6 + 7) / 8) < 1e-9)
        // Wait sums come from the running tally's mean × count, exact to rounding.
        #expect(cells[9...].allSatisfy { $0.started == 1 && abs($0.meanWait!) < 1e-9 }, "\(cells[9...].map { ($0.started, $0.meanWait ?? -1) })")
    }

    @Test("The bins add up to the whole run's measures, replication by replication")
    func binsAddUp() throws {
        // A day with a midday peak, shifts and abandonment, over five days after a warm-up mid-hour.
        let schedule = ServerSchedule(period: 1440, entries: [
            .init(from: 0, to: 480, servers: 0), .init(from: 480, to: 600, servers: 2),
            .init(from: 600, to: 900, servers: 4), .init(from: 900, to: 1440, servers: 1),
        ])
        let rates = (0..<24).map { h in h < 8 ? 0.05 : h < 15 ? 0.6 : 0.2 }
        let result = try simulate(
            [Station(id: "desk", servers: .schedule(schedule), service: exponential(5), patience: .exponential(mean: 30))],
            arrivals: [ArrivalStream(to: "desk", classId: "default", process: .rateProfile(period: 1440, step: 60, rates: rates))],
            duration: 5 * 1440, warmup: 1000, replications: 4, jobs: 2)
        for r in result.replications {
            let cells = r.profile.cells[0]
            let time = cells.map(\.time).reduce(0, +)
            let queue = cells.map(\.areaWaiting).reduce(0, +) / time
            let busy = cells.map(\.areaBusy).reduce(0, +), present = cells.map(\.areaPresent).reduce(0, +)
            let started = cells.map(\.started).reduce(0, +)
            let wait = cells.map(\.waitSum).reduce(0, +) / Double(started)
            #expect(abs(time - 5 * 1440) < 1e-9)
            #expect(abs(queue - r.value(.meanQueueLength, station: 0)!) <= 1e-9 * queue)
            #expect(abs(busy / present - r.value(.utilization, station: 0)!) <= 1e-9)
            #expect(abs(wait - r.value(.meanWait, station: 0)!) <= 1e-9 * wait)
            #expect(abs(Double(cells.map(\.completions).reduce(0, +)) / time - r.value(.throughput, station: 0)!) <= 1e-12)
            let abandoned = Double(cells.map(\.abandoned).reduce(0, +)) / Double(cells.map(\.arrivals).reduce(0, +))
            #expect(abs(abandoned - r.value(.pAbandon, station: 0)!) <= 1e-12)
            // Closed hours (before 8:00): no one served, servers none, a queue that builds overnight.
            #expect(cells[3].started == 0 && cells[3].meanServers(infinite: false) == 0 && cells[3].utilization(infinite: false) == nil)
        }
    }

    @Test("A trace sink sees every event and changes no result")
    func traceChangesNothing() throws {
        final class Collector: TraceSink, @unchecked Sendable {
            var events: [TraceEvent] = []
            var finished = 0
            func record(_ event: TraceEvent) { events.append(event) }
            func finish() { finished += 1 }
        }
        let scenario = Scenario(
            name: "traced", run: RunControl(duration: 500, warmup: 50, replications: 1, seed: 9),
            stations: [Station(id: "desk", servers: .fixed(2), service: exponential(1.8), capacity: 4, patience: .exponential(mean: 2))],
            arrivals: [poisson(1.2)])
        let (model, _) = try NetworkModel.compile(scenario)
        var plain = NetworkSimulation(model: model, replication: 0)
        let without = plain.run()
        let collector = Collector()
        var traced = NetworkSimulation(model: model, replication: 0)
        traced.trace = collector
        let with = traced.run()
        #expect(with.stations == without.stations && with.events == without.events)
        let kinds = Dictionary(grouping: collector.events, by: \.kind).mapValues(\.count)
        #expect(Set(kinds.keys) == [.arrive, .start, .finish, .exit, .block, .abandon])
        // Every arrival is blocked, abandons, or starts; every start finishes unless the run ends first.
        let arrivals = kinds[.arrive]!, starts = kinds[.start]!
        #expect(arrivals == starts + kinds[.block]! + kinds[.abandon]! + collector.events.filter { e in
            e.kind == .arrive && !collector.events.contains { $0.entity == e.entity && $0.kind != .arrive }
        }.count)
        #expect(kinds[.finish]! == kinds[.exit]!)
        #expect(collector.events.map(\.time) == collector.events.map(\.time).sorted())
        #expect(collector.events.map(\.entity).max() == collector.events.filter { $0.kind == .arrive }.count)
    }
}

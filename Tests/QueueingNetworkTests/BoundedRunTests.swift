import Experiments
@testable import QueueingNetwork
import ScenarioModel
import Testing

/// Runs that would grow without bound stay bounded, and say so; limits refuse absurd runs.
@Suite("Bounded runs and size limits")
struct BoundedRunTests {
    func model(_ stations: [Station], arrivals: [ArrivalStream], duration: Double?, customers: Int? = nil,
               warmup: Double = 0, replications: Int = 1, sampleEvery: Double? = nil,
               classes: [CustomerClass] = [CustomerClass(id: "default")]) throws -> NetworkModel {
        let scenario = Scenario(
            name: "test", run: RunControl(duration: duration, customers: customers, warmup: warmup, replications: replications,
                                          seed: 11, sampleEvery: sampleEvery),
            classes: classes, stations: stations, arrivals: arrivals)
        return try NetworkModel.compile(scenario).model
    }

    /// Patience far longer than service: nearly every customer leaves a stale abandonment event behind.
    func patientCustomers(duration: Double) throws -> NetworkModel {
        try model([Station(id: "desk", servers: .fixed(2), service: exponential(0.5), patience: .exponential(mean: 1e6))],
                  arrivals: [poisson(3)], duration: duration)
    }

    @Test("Stale events are dropped from the calendar, which stays near the customers present")
    func calendarStaysBounded() throws {
        let model = try patientCustomers(duration: 100_000)
        var compacted = NetworkSimulation(model: model, replication: 0)
        let result = compacted.run()
        var unbounded = NetworkSimulation(model: model, replication: 0)
        unbounded.staleEventSlack = .max / 4
        let reference = unbounded.run()
        // Without compaction, the abandonment event of every customer who waited is still pending.
        #expect(unbounded.calendar.count > 100_000)
        #expect(compacted.calendar.count <= 2 * (compacted.population + 5) + compacted.staleEventSlack + 10)
        // Dropping events that can no longer happen changes no result.
        #expect(result.stations == reference.stations)
        #expect(result.classes == reference.classes && result.system == reference.system)
        #expect(result.arrivals == reference.arrivals)
    }

    @Test("Compacting at every chance gives the same results as never")
    func compactionIsInvisible() throws {
        let classes = [CustomerClass(id: "urgent", priority: 0), CustomerClass(id: "routine", priority: 1)]
        // Patience far longer than waits: served customers leave abandonment events behind, and
        // preempted ones their departures.
        let stations = [Station(id: "desk", servers: .fixed(2), service: exponential(1), patience: .lognormal(mean: 50, sd: 20),
                                discipline: .preemptive)]
        let arrivals = [poisson(0.8, classId: "urgent"), poisson(1.6, classId: "routine")]
        let model = try model(stations, arrivals: arrivals, duration: 20_000, sampleEvery: 100, classes: classes)
        var eager = NetworkSimulation(model: model, replication: 3)
        eager.staleEventSlack = 0
        var never = NetworkSimulation(model: model, replication: 3)
        never.staleEventSlack = .max / 4
        let a = eager.run(), b = never.run()
        #expect(a.stations == b.stations && a.classes == b.classes && a.system == b.system && a.samples == b.samples)
        #expect(a.events < b.events)   // the stale events it dropped were never run
    }

    @Test("A station that never opens, with impatient customers, keeps its queue small")
    func staleQueueEntriesAreDropped() throws {
        let closed = ServerSchedule(period: 10, entries: [.init(from: 0, to: 10, servers: 0)])
        let model = try model([Station(id: "desk", servers: .schedule(closed), service: exponential(1), patience: .exponential(mean: 1))],
                              arrivals: [poisson(20)], duration: 50_000)
        var simulation = NetworkSimulation(model: model, replication: 0)
        let result = simulation.run()
        #expect(result.value(.pAbandon, station: 0)! > 0.99)
        #expect(result.arrivals > 900_000)
        // About 20 wait at a time; the queue once held a million entries before stale ones were dropped.
        #expect(simulation.queues[0].count <= 2 * simulation.stations[0].waiting + 65)
        #expect(simulation.calendar.count < 10_000)
    }

    @Test("An unstable station stops at the population cap and says so")
    func populationCap() throws {
        let model = try model([Station(id: "desk", servers: .fixed(1), service: exponential(1))], arrivals: [poisson(2)], duration: 1e8)
        let result = Experiment(model: model).run()
        let stop = try #require(result.replications[0].stoppedEarly)
        #expect(stop.hasPrefix("more than \(NetworkSimulation.populationCap) customers in the network at time "))
        #expect(result.replications[0].endTime < 1e7)
        #expect(result.earlyStops == ["replication 0: " + stop])
    }

    @Test("An event limit stops a replication early and says so")
    func eventLimit() throws {
        var simulation = NetworkSimulation(model: try patientCustomers(duration: 1000), replication: 0)
        simulation.eventLimit = 500
        let result = simulation.run()
        #expect(result.events == 501)
        #expect(result.stoppedEarly?.hasPrefix("more than 500 events at time ") == true)
    }

    @Test("The expected event count matches what a run does")
    func expectedEvents() throws {
        let feedback = try model(
            [Station(id: "a", servers: .fixed(3), service: exponential(1)),
             Station(id: "b", servers: .infinite, service: exponential(2))],
            arrivals: [poisson(1.5, to: "a")], duration: 50_000)
        var withRoutes = feedback
        withRoutes.routes[0] = NetworkModel.RouteTable(cumulative: [0.5, 1], destinations: [1, -1])
        let expected = withRoutes.expectedEventsPerReplication()
        // Arrivals 1.5, visits to a 1.5 and to b 0.75 (a departure each): 3.75 events per unit of
        // time, and the hourly profile's mark once an hour.
        let marks = withRoutes.timeUnit.seconds / 3600
        #expect(abs(expected - ((3.75 + marks) * 50_000 + 3)) < 1e-6 * expected)
        var simulation = NetworkSimulation(model: withRoutes, replication: 0)
        let events = Double(simulation.run().events)
        #expect(abs(events - expected) < 0.03 * expected, "ran \(events), expected \(expected)")
    }

    @Test("Absurd sizes are refused with a located error naming the setting", arguments: [
        ("rate 1e300", 1e300, 1000.0 as Double?, nil as Int?, 10, "run.duration: the run would take about 2e304 events"),
        ("rate 1e308 for ever", 1e308, 1e300, nil, 10, "run.duration: the run would take infinitely many events"),
        ("a billion years", 1.0, 5.26e14, nil, 10, "run.duration: the run would take about 1.1e16 events (10 replications × 1.1e15)"),
        ("10^12 customers", 1.0, nil, 1_000_000_000_000, 1, "run.customers: the run would take about 2e12 events"),
        ("a million replications", 1.0, 1e6, nil, 1_000_000, "run.duration: the run would take about 2e12 events"),
    ])
    func absurdSizes(what: String, rate: Double, duration: Double?, customers: Int?, replications: Int, message: String) {
        let location = SourceLocation(file: "big.yaml", line: 3, column: 5)
        let scenario = Scenario(
            name: "big", run: RunControl(duration: duration, customers: customers, replications: replications, location: location),
            stations: [Station(id: "desk", servers: .infinite, service: exponential(1))], arrivals: [poisson(rate)])
        do {
            _ = try NetworkModel.compile(scenario)
            Issue.record("\(what): compiled")
        } catch {
            let lines = error.diagnostics.map(\.description)
            #expect(lines.first?.hasPrefix("big.yaml:3:5: error: " + message) == true, "\(what): \(lines)")
        }
    }

    @Test("Result files past their limits are refused: rows of replications.csv and of the time series")
    func outputLimits() throws {
        let desk = Station(id: "desk", servers: .fixed(1), service: exponential(1))
        let fine = try model([desk], arrivals: [poisson(0.5)], duration: 100, replications: 10, sampleEvery: 1)
        #expect(fine.sizeDiagnostics(replications: 10).isEmpty)
        let rows = fine.sizeDiagnostics(replications: 1_000_001).map(\.path)
        #expect(rows.contains("run.replications"))
        let samples = try model([desk], arrivals: [poisson(0.5)], duration: 1e6, sampleEvery: 1)
        #expect(samples.sizeDiagnostics(replications: 4).isEmpty)
        #expect(samples.sizeDiagnostics(replications: 6).map(\.path) == ["run.sample_every"])
        // hourly.csv: replications × stations × 24 rows, each replication's cells held until written.
        let stations = (0..<1999).map { Station(id: "s\($0)", servers: .fixed(1), service: exponential(1)) }
        let wide = try model(stations, arrivals: [poisson(0.5, to: "s0")], duration: 10)
        #expect(wide.sizeDiagnostics(replications: 100).isEmpty)
        #expect(wide.sizeDiagnostics(replications: 500).map(\.path) == ["run.replications"])
        #expect(wide.sizeDiagnostics(replications: 500).first?.message.contains("rows of hourly.csv") == true)
    }

    @Test("The hourly profile's marks are counted: a day-unit run of 1e11 days is refused")
    func hourlyMarksCounted() {
        let scenario = Scenario(
            name: "long", timeUnit: .day, run: RunControl(duration: 1e11, replications: 1),
            stations: [Station(id: "desk", servers: .infinite, service: exponential(1e-6))], arrivals: [poisson(1e-9)])
        do {
            _ = try NetworkModel.compile(scenario)
            Issue.record("compiled: 2.4e12 hour marks uncounted")
        } catch {
            #expect(error.diagnostics.first?.message.contains("events") == true, "\(error.diagnostics)")
        }
    }
}

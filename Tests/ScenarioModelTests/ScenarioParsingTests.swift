import Foundation
import ScenarioModel
import Testing

/// Valid scenarios parse into exactly the values they describe.
@Suite struct ScenarioParsingTests {
    @Test func minimalScenarioGetsTheDefaults() throws {
        let (scenario, warnings) = try parseValid(minimalScenario)
        #expect(warnings.isEmpty)
        #expect(scenario.name == "test")
        #expect(scenario.description == nil)
        #expect(scenario.timeUnit == .minute)
        #expect(scenario.run == RunControl(duration: 100, location: at(1, 6)))
        #expect(scenario.classes == [CustomerClass(id: "default")])
        #expect(scenario.stations == [
            Station(id: "desk", servers: .fixed(1), service: .all(.exponential(mean: 1)), location: at(3, 5)),
        ])
        #expect(scenario.arrivals == [
            ArrivalStream(to: "desk", classId: "default", process: .poisson(rate: 0.5), location: at(5, 5)),
        ])
        #expect(scenario.routing.isEmpty)
    }

    @Test func everyNetworkFeatureParsesToItsValue() throws {
        let text = """
            name: one-stop
            description: Front desk and review
            run:
              duration: "2d"
              warmup: 60
              replications: 20
              seed: 12345
              sample_every: "30 min"
            classes:
              - id: urgent
                priority: 0
              - id: routine
                priority: 1
            stations:
              - id: desk
                servers:
                  period: 1440
                  schedule:
                    - {from: 480, to: 1080, servers: 8}
                    - {from: 0,   to: 480,  servers: 2}
                    - {from: 1080, to: 1440, servers: 3}
                service:
                  urgent: {dist: exponential, mean: 1.0}
                  routine: {dist: lognormal, mean: 2, sd: 1}
                capacity: 20
                patience: {dist: exponential, mean: 5}
                discipline: priority
              - id: review
                servers: infinite
                service: {dist: deterministic, value: "90s"}
            arrivals:
              - to: desk
                class: routine
                rate: 9.0
              - to: desk
                class: urgent
                interarrival: {dist: lognormal, mean: 2, sd: 1}
              - to: desk
                class: routine
                rate_profile:
                  period: 1440
                  step: 360
                  rates: [0.1, 0.5, 0.7, 0.2]
              - to: desk
                class: urgent
                rate_function: {base: 5, amplitude: 2, period: "1d"}
              - to: review
                class: routine
                rate: 1.0
                batch: {dist: empirical, values: [1, 2, 3], weights: [3, 2, 1]}
            routing:
              desk:
                urgent:
                  - {to: review, p: 0.3}
                  - {to: exit, p: 0.7}
                routine: [{to: exit, p: 1}]
              review:
                - {to: desk, p: 0.1}
                - {to: exit, p: 0.9}
            """
        let (scenario, warnings) = try parseValid(text)
        #expect(warnings.isEmpty)
        let expected = Scenario(
            name: "one-stop",
            description: "Front desk and review",
            timeUnit: .minute,
            run: RunControl(duration: 2880, warmup: 60, replications: 20, seed: 12345, sampleEvery: 30, location: at(4, 3)),
            classes: [
                CustomerClass(id: "urgent", priority: 0, location: at(10, 5)),
                CustomerClass(id: "routine", priority: 1, location: at(12, 5)),
            ],
            stations: [
                Station(
                    id: "desk",
                    servers: .schedule(ServerSchedule(period: 1440, entries: [
                        .init(from: 0, to: 480, servers: 2),
                        .init(from: 480, to: 1080, servers: 8),
                        .init(from: 1080, to: 1440, servers: 3),
                    ])),
                    service: .perClass([("urgent", .exponential(mean: 1)), ("routine", .lognormal(mean: 2, sd: 1))]),
                    capacity: 20, patience: .exponential(mean: 5), discipline: .priority, location: at(15, 5)),
                Station(id: "review", servers: .infinite, service: .all(.deterministic(value: 1.5)), location: at(28, 5)),
            ],
            arrivals: [
                ArrivalStream(to: "desk", classId: "routine", process: .poisson(rate: 9), location: at(32, 5)),
                ArrivalStream(to: "desk", classId: "urgent", process: .renewal(interarrival: .lognormal(mean: 2, sd: 1)),
                              location: at(35, 5)),
                ArrivalStream(to: "desk", classId: "routine",
                              process: .rateProfile(period: 1440, step: 360, rates: [0.1, 0.5, 0.7, 0.2]), location: at(38, 5)),
                ArrivalStream(to: "desk", classId: "urgent", process: .rateFunction(base: 5, amplitude: 2, period: 1440),
                              location: at(44, 5)),
                ArrivalStream(to: "review", classId: "routine", process: .poisson(rate: 1),
                              batch: .empirical(values: [1, 2, 3], weights: [3, 2, 1]), location: at(47, 5)),
            ],
            routing: [
                Routing(from: "desk", branches: .perClass([
                    ("urgent", [.init(to: "review", probability: 0.3), .init(to: nil, probability: 0.7)]),
                    ("routine", [.init(to: nil, probability: 1)]),
                ]), location: at(52, 3)),
                Routing(from: "review", branches: .all([.init(to: "desk", probability: 0.1), .init(to: nil, probability: 0.9)]),
                        location: at(57, 3)),
            ])
        #expect(scenario == expected)
        #expect(scenario.stations.first?.service.value(for: "routine") == .lognormal(mean: 2, sd: 1))
    }

    @Test func timeUnitAppliesWhereverItIsWritten() throws {
        let text = """
            run: {duration: "2h", warmup: "90s"}
            stations:
              - {id: desk, servers: 1, service: {dist: exponential, mean: "30s"}}
            arrivals:
              - {to: desk, rate: 0.5}
            time_unit: hour
            """
        let scenario = try parseValid(text).scenario
        #expect(scenario.timeUnit == .hour)
        #expect(scenario.run.duration == 2)
        #expect(scenario.run.warmup == 0.025)
        #expect(scenario.stations.first?.service == .all(.exponential(mean: 30.0 / 3600)))
    }

    @Test(arguments: [
        ("90s", TimeUnit.minute, 1.5), ("5 min", .minute, 5), ("2h", .minute, 120), ("3d", .hour, 72),
        ("1w", .day, 7), ("1.5 hours", .minute, 90), ("30 sec", .second, 30), ("2 days", .minute, 2880),
        ("45 minutes", .hour, 0.75), ("1 wk", .hour, 168), ("600 s", .hour, 1.0 / 6),
    ])
    func durationStringsConvertToTheTimeUnit(_ text: String, _ unit: TimeUnit, _ value: Double) throws {
        let scenario = try parseValid("time_unit: \(unit.rawValue)\n" + minimalScenario.replacingFirst("duration: 100", with: "duration: \"\(text)\"")).scenario
        #expect(scenario.run.duration == value)
    }

    @Test func runCanStopByCustomerCount() throws {
        let text = minimalScenario.replacingFirst("run: {duration: 100}", with: "run: {customers: 1e6, seed: 18446744073709551615, replications: 3}")
        let run = try parseValid(text).scenario.run
        #expect(run.duration == nil)
        #expect(run.customers == 1_000_000)
        #expect(run.seed == .max)
        #expect(run.replications == 3)
    }

    @Test func singleDeclaredClassIsTheArrivalsDefault() throws {
        let text = minimalScenario + "\nclasses: [{id: student, priority: 2}]"
        let scenario = try parseValid(text).scenario
        #expect(scenario.classes == [CustomerClass(id: "student", priority: 2, location: at(6, 11))])
        #expect(scenario.arrivals.first?.classId == "student")
    }

    @Test func jsonIsAcceptedAsYAML() throws {
        let text = """
            {"name": "json", "time_unit": "second",
             "run": {"duration": 3600, "replications": 2},
             "stations": [{"id": "desk", "servers": 2, "service": {"dist": "gamma", "shape": 2, "scale": 0.5}}],
             "arrivals": [{"to": "desk", "rate": 1.5}],
             "routing": {"desk": [{"to": "exit", "p": 1}]}}
            """
        let scenario = try parseValid(text).scenario
        #expect(scenario.name == "json")
        #expect(scenario.timeUnit == .second)
        #expect(scenario.stations.first?.service == .all(.gamma(shape: 2, scale: 0.5)))
        #expect(scenario.routing.first?.branches == .all([.init(to: nil, probability: 1)]))
    }

    @Test func anchorsAliasesAndMergeKeysAreExpanded() throws {
        let text = """
            run: {duration: 100}
            stations:
              - &counter {id: a, servers: 2, service: &quick {dist: exponential, mean: 1}}
              - {<<: *counter, id: b, patience: *quick}
            arrivals:
              - {to: a, rate: 1}
            routing:
              a: [{to: b, p: 1}]
            """
        let scenario = try parseValid(text).scenario
        #expect(scenario.stations.map(\.id) == ["a", "b"])
        #expect(scenario.stations.last?.servers == .fixed(2))
        #expect(scenario.stations.last?.patience == .exponential(mean: 1))
    }

    @Test func warningsComeWithAValidScenario() throws {
        let text = """
            run: {duration: 100}
            stations:
              - {id: desk, servers: 4, capacity: 2, service: {dist: exponential, mean: 1}}
              - id: closed
                servers: {period: 10, schedule: [{from: 0, to: 10, servers: 0}]}
                service: {dist: exponential, mean: 1}
            arrivals:
              - {to: desk, rate: 0.5}
              - {to: closed, rate: 0.5}
            """
        let (scenario, warnings) = try parseValid(text)
        #expect(scenario.stations.count == 2)
        #expect(warnings.map(\.description) == [
            "test.yaml:3:38: warning: stations[0].capacity: capacity 2 is below the 4 servers, so at most 2 can ever be busy",
            "test.yaml:5:14: warning: stations[1].servers: never has a server on shift",
        ])
    }

    @Test func routingKeepsFileOrderAndIgnoresZeroBranchesForReachability() throws {
        let text = minimalScenario.replacingFirst("stations:\n", with: """
            stations:
              - {id: b, servers: 1, service: {dist: exponential, mean: 1}}

            """) + """

            routing:
              desk: [{to: b, p: 0.5}, {to: exit, p: 0.5}]
              b: [{to: exit, p: 1}, {to: desk, p: 0}]
            """
        let routing = try parseValid(text).scenario.routing
        #expect(routing.map(\.from) == ["desk", "b"])
        #expect(routing.last?.branches == .all([.init(to: nil, probability: 1), .init(to: "desk", probability: 0)]))
    }
}

/// A location in `test.yaml`.
func at(_ line: Int, _ column: Int) -> ScenarioModel.SourceLocation {
    ScenarioModel.SourceLocation(file: "test.yaml", line: line, column: column)
}

extension String {
    /// The text with the first occurrence of `target` replaced.
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

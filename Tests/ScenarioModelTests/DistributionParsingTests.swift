import ScenarioModel
import Testing

/// Each distribution of the spec's table parses into its value, times converted to the time unit.
@Suite struct DistributionParsingTests {
    @Test(arguments: [
        ("{dist: exponential, mean: 2}", DistributionSpec.exponential(mean: 2)),
        ("{dist: exponential, rate: 4}", .exponential(mean: 0.25)),
        ("{dist: deterministic, value: 0}", .deterministic(value: 0)),
        ("{dist: uniform, min: 1, max: 3}", .uniform(min: 1, max: 3)),
        ("{dist: uniform, min: 2, max: 2}", .uniform(min: 2, max: 2)),
        ("{dist: triangular, min: 1, mode: 1, max: 4}", .triangular(min: 1, mode: 1, max: 4)),
        ("{dist: erlang, k: 3, mean: 6}", .erlang(k: 3, mean: 6)),
        ("{dist: gamma, shape: 0.5, scale: 2}", .gamma(shape: 0.5, scale: 2)),
        ("{dist: lognormal, mean: 2, sd: 0.5}", .lognormal(mean: 2, sd: 0.5)),
        ("{dist: weibull, shape: 1.5, scale: 3}", .weibull(shape: 1.5, scale: 3)),
        ("{dist: normal, mean: 5, sd: 0}", .normal(mean: 5, sd: 0)),
        ("{dist: empirical, values: [1, 2.5]}", .empirical(values: [1, 2.5], weights: [])),
        ("{dist: empirical, values: [1, 2], weights: [0, 3]}", .empirical(values: [1, 2], weights: [0, 3])),
    ])
    func distributionParses(_ yaml: String, _ expected: DistributionSpec) throws {
        #expect(try service(yaml) == expected)
    }

    @Test func timeParametersTakeDurationsButShapesDoNot() throws {
        #expect(try service("{dist: erlang, k: 2, mean: \"2h\"}") == .erlang(k: 2, mean: 120))
        #expect(try service("{dist: weibull, shape: 2, scale: \"30s\"}") == .weibull(shape: 2, scale: 0.5))
        #expect(try service("{dist: triangular, min: \"1 min\", mode: \"90 s\", max: \"2min\"}")
            == .triangular(min: 1, mode: 1.5, max: 2))
        #expect(try service("{dist: normal, mean: \"1h\", sd: \"6 min\"}", timeUnit: "hour") == .normal(mean: 1, sd: 0.1))
        #expect(try service("{dist: empirical, values: [\"30s\", 2]}") == .empirical(values: [0.5, 2], weights: []))
        #expect(diagnostics(minimalScenario.replacingFirst("mean: 1}", with: "mean: 1}, patience: {dist: gamma, shape: \"2h\", scale: 1}")) == [
            "test.yaml:3:98: error: stations[0].patience.shape: expected a number, found the string \"2h\"",
        ])
    }

    @Test func batchSizesArePlainPositiveIntegers() throws {
        let text = minimalScenario.replacingFirst("rate: 0.5}", with: """
            rate: 0.5, batch: {dist: empirical, values: [1, 2, 4], weights: [1, 1, 2]}}
              - {to: desk, rate: 0.1, batch: {dist: uniform, min: 1, max: 5}}
            """)
        let arrivals = try parseValid(text).scenario.arrivals
        #expect(arrivals.map(\.batch) == [.empirical(values: [1, 2, 4], weights: [1, 1, 2]), .uniform(min: 1, max: 5)])
        let withUnits = minimalScenario.replacingFirst("rate: 0.5}", with: "rate: 0.5, batch: {dist: deterministic, value: \"2 min\"}}")
        #expect(diagnostics(withUnits) == [
            "test.yaml:5:63: error: arrivals[0].batch.value: expected a number, found the string \"2 min\"",
        ])
    }

    @Test func perClassServiceIsToldApartByTheDistKey() throws {
        let text = """
            classes: [{id: mean}, {id: b}]
            run: {duration: 100}
            stations:
              - {id: desk, servers: 1, service: {mean: {dist: exponential, mean: 1}, b: {dist: deterministic, value: 2}}}
            arrivals:
              - {to: desk, class: mean, rate: 0.5}
              - {to: desk, class: b, rate: 0.5}
            """
        let station = try #require(try parseValid(text).scenario.stations.first)
        #expect(station.service == .perClass([("mean", .exponential(mean: 1)), ("b", .deterministic(value: 2))]))
        #expect(diagnostics(minimalScenario.replacingFirst("{dist: exponential, mean: 1}", with: "{mean: 1}")) == [
            "test.yaml:3:37: error: stations[0].service.dist: required key is missing",
        ])
    }
}

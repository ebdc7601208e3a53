import ScenarioModel
import Testing

/// A small valid scenario; tests add or replace sections.
let minimalScenario = """
    run: {duration: 100}
    stations:
      - {id: desk, servers: 1, service: {dist: exponential, mean: 1}}
    arrivals:
      - {to: desk, rate: 0.5}
    """

/// Parses `text` as `test.yaml`, which must be valid.
func parseValid(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (scenario: Scenario, warnings: [Diagnostic]) {
    do {
        return try ScenarioParser.parse(text, file: "test.yaml", defaultName: "test")
    } catch {
        Issue.record("unexpected diagnostics:\n\(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The printed diagnostics for `text`, which must be invalid.
func diagnostics(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [String] {
    do {
        let parsed = try ScenarioParser.parse(text, file: "test.yaml", defaultName: "test")
        Issue.record("expected errors, but parsed \(parsed.scenario.name)", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics.map(\.description)
    }
}

/// A station's service distribution, read from a one-station scenario with `service` as given.
func service(_ yaml: String, timeUnit: String = "minute") throws -> DistributionSpec? {
    let text = """
        time_unit: \(timeUnit)
        run: {duration: 100}
        stations:
          - id: desk
            servers: 1
            service: \(yaml)
        arrivals:
          - {to: desk, rate: 0.5}
        """
    let scenario = try parseValid(text).scenario
    return scenario.stations.first?.service.value(for: "default")
}

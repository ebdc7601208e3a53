import ScenarioModel
import Testing

/// `run.warmup: auto`, `run.batches` and a station's `initial_in_system`.
@Suite("Steady-state run settings")
struct SteadyStateRunParsingTests {
    func scenario(run: String, station extra: String = "") -> String {
        """
        run: \(run)
        stations:
          - {id: desk, servers: 2, service: {dist: exponential, mean: 1}\(extra)}
        arrivals:
          - {to: desk, rate: 1.5}
        """
    }

    @Test func warmupAutoBatchesAndInitialCustomersParse() throws {
        let (parsed, warnings) = try parseValid(scenario(run: "{duration: 1000, warmup: auto, batches: 20}", station: ", initial_in_system: 40"))
        #expect(warnings.isEmpty)
        #expect(parsed.run.warmupAuto)
        #expect(parsed.run.warmup == 0)
        #expect(parsed.run.batches == 20)
        // Batch means run one long replication: the default replications is 1 then.
        #expect(parsed.run.replications == 1)
        #expect(parsed.stations.first?.initialInSystem == 40)
    }

    @Test func aTimedWarmupAndNoInitialCustomersAreStillTheDefault() throws {
        let parsed = try parseValid(scenario(run: "{duration: 1000, warmup: \"5 min\"}")).scenario
        #expect(!parsed.run.warmupAuto)
        #expect(parsed.run.warmup == 5)
        #expect(parsed.run.batches == nil)
        #expect(parsed.run.replications == 10)
        #expect(parsed.stations.first?.initialInSystem == 0)
    }

    @Test func batchesRefuseSeveralReplicationsAndACustomerCount() {
        #expect(diagnostics(scenario(run: "{duration: 1000, batches: 10, replications: 5}")) == [
            "test.yaml:1:50: error: run.replications: batch means run one long replication: give replications: 1 (or leave it out) with batches",
        ])
        #expect(diagnostics(scenario(run: "{customers: 1000, batches: 10}")) == [
            "test.yaml:1:33: error: run.batches: batches cut the run's duration into 10 equal spans: give run.duration, not customers",
        ])
        #expect(diagnostics(scenario(run: "{duration: 1000, batches: 1}")).first?.hasPrefix("test.yaml:1:32: error: run.batches: must be from 2 to 100000, found 1") == true)
    }

    @Test func aWarmupThatIsNeitherATimeNorAutoIsNamed() {
        let lines = diagnostics(scenario(run: "{duration: 1000, warmup: automatic}"))
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("test.yaml:1:31: error: run.warmup: cannot read \"automatic\" as a duration") == true)
    }

    @Test func initialCustomersMustFitTheCapacity() {
        #expect(diagnostics(scenario(run: "{duration: 100}", station: ", capacity: 5, initial_in_system: 6")) == [
            "test.yaml:3:99: error: stations[0].initial_in_system: 6 customers do not fit: the station holds at most 5 (capacity)",
        ])
    }

    @Test func aCampusTermHasNoSteadyState() {
        let text = """
            run: {warmup: auto, batches: 4}
            campus:
              population:
                colleges: [{id: all, students: 20000}]
            """
        let lines = diagnostics(text)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("test.yaml:1:15: error: run.warmup: auto chooses a steady-state warm-up, and a campus term has none") == true)
        #expect(lines.last?.hasPrefix("test.yaml:1:30: error: run.batches: batch means need a steady state") == true)
    }
}

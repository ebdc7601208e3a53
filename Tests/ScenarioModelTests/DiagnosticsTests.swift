import Foundation
import ScenarioModel
import Testing

/// Problems with a whole file, and errors gathered in one pass.
@Suite struct DiagnosticsTests {
    @Test func emptyAndCommentOnlyFilesAreErrors() {
        #expect(diagnostics("") == ["test.yaml:1:1: error: the file is empty"])
        #expect(diagnostics("# nothing here\n\n") == ["test.yaml:1:1: error: the file is empty"])
    }

    @Test func topLevelMustBeAMap() {
        #expect(diagnostics("- run\n- stations\n") == [
            "test.yaml:1:1: error: expected a map of scenario sections (name, run, stations, ...), found a list",
        ])
    }

    @Test func yamlSyntaxErrorsAreReportedWhereYamsFindsThem() {
        let lines = diagnostics("run: {duration: 100\nstations: []\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("test.yaml:2:") == true)
        #expect(lines.first?.contains("error: invalid YAML:") == true)
        #expect(diagnostics("run: 1\nrun: 2\n") == ["test.yaml:1:1: error: duplicate key 'run' in a map"])
        let twoDocuments = diagnostics(minimalScenario + "\n---\n" + minimalScenario)
        #expect(twoDocuments.first?.hasPrefix("test.yaml:6:1: error: invalid YAML: but found another document") == true)
    }

    @Test func aliasBombsAreRefused() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        #expect(diagnostics(text) == [
            "test.yaml:6:45: error: the document holds more than 1000000 values once its aliases are expanded",
        ])
    }

    @Test func everyErrorIsFoundInOnePassAndSortedByPosition() {
        let text = """
            arrivals:
              - {to: desk, rate: -1}
            stations:
              - {id: desk, servers: 0, service: {dist: exponential, mean: 1}}
            run: {duration: 100, replications: 0}
            """
        #expect(diagnostics(text) == [
            "test.yaml:2:22: error: arrivals[0].rate: must be greater than 0, found -1",
            "test.yaml:4:25: error: stations[0].servers: must be at least 1, found 0",
            "test.yaml:5:36: error: run.replications: must be from 1 to 1000000, found 0",
        ])
    }

    @Test func requiredSectionsAreNamed() {
        #expect(diagnostics("name: x\n") == [
            "test.yaml:1:1: error: stations: required key is missing",
            "test.yaml:1:1: error: arrivals: required key is missing",
            "test.yaml:1:1: error: run: required key is missing",
        ])
    }

    @Test func arrivalProcessesAreCheckedWhole() {
        let text = """
            run: {duration: 100}
            stations:
              - {id: desk, servers: infinite, capacity: 3, service: {dist: exponential, mean: 1}}
            arrivals:
              - {to: desk, rate: 1, interarrival: {dist: exponential, mean: 1}}
              - {to: desk}
              - {to: desk, rate_profile: {period: 1440, step: 70, rates: [1]}}
              - {to: desk, rate_profile: {period: 60, step: 20, rates: [1, 2]}}
              - {to: desk, rate_profile: {period: 60, step: 30, rates: [0, 0]}}
              - {to: desk, rate_function: {base: 2, amplitude: -3, period: 24}}
              - {to: exit, rate: 1}
            """
        #expect(diagnostics(text) == [
            "test.yaml:3:35: error: stations[0].capacity: a station with infinite servers never has a queue, so capacity has no meaning",
            "test.yaml:5:25: error: arrivals[0].interarrival: give only one of rate, interarrival, rate_profile or rate_function (found rate too)",
            "test.yaml:6:5: error: arrivals[1]: needs one of rate, interarrival, rate_profile or rate_function",
            "test.yaml:7:45: error: arrivals[2].rate_profile.step: the period (1440) is not a whole number of steps of 70",
            "test.yaml:8:60: error: arrivals[3].rate_profile.rates: expected 3 rates (period / step), found 2",
            "test.yaml:9:60: error: arrivals[4].rate_profile.rates: at least one rate must be greater than 0",
            "test.yaml:10:52: error: arrivals[5].rate_function.amplitude: must be at most base (2) in size, or the rate would go below 0; found -3",
            "test.yaml:11:10: error: arrivals[6].to: 'exit' is not a station: it means leaving the network",
        ])
    }

    @Test func nearMissesGetSuggestionsAndFarOnesTheChoices() {
        let text = minimalScenario.replacingFirst("servers: 1,", with: "servers: 1, discipline: prio, Capacity: 3, queue: 2,")
        #expect(diagnostics(text) == [
            "test.yaml:3:40: error: stations[0].discipline: unknown discipline 'prio'; did you mean 'priority'?",
            "test.yaml:3:46: error: stations[0].Capacity: unknown key; did you mean 'capacity'?",
            "test.yaml:3:59: error: stations[0].queue: unknown key; expected one of: id, servers, service, capacity, patience, discipline, initial_in_system",
        ])
    }

    @Test func baseSixtyNumbersAreRefusedNotMisread() {
        let text = minimalScenario.replacingFirst("mean: 1}", with: "mean: 8:30}, capacity: 99999999999999999999:00")
        #expect(diagnostics(text) == [
            "test.yaml:3:63: error: stations[0].service.mean: expected a duration (a number, or a string such as \"5 min\"), found the clock time 8:30",
            "test.yaml:3:80: error: stations[0].capacity: expected an integer, found the clock time 99999999999999999999:00",
        ])
    }

    @Test func namesMayNotBePaths() {
        #expect(diagnostics("name: ../elsewhere\n" + minimalScenario) == [
            "test.yaml:1:7: error: name: contains a path separator ('/' or '\\'): it names the output directory",
        ])
        #expect(diagnostics("name: 'a\\b'\n" + minimalScenario) == [
            "test.yaml:1:7: error: name: contains a path separator ('/' or '\\'): it names the output directory",
        ])
        #expect(diagnostics("name: ..\n" + minimalScenario) == [
            "test.yaml:1:7: error: name: is \"..\", which names a directory, not a file: it names the output directory",
        ])
    }
}

import Foundation
import ScenarioModel
import Testing

/// Documents written to hurt: alias bombs, deep nesting, invalid UTF-8, oversized files and lists.
@Suite struct HostileInputTests {
    /// A "billion laughs" document: `depth` levels of anchors, each a list of `width` aliases of the
    /// level below, then `use` (which may name the top anchor `*x{depth}`).
    func bomb(width: Int = 10, depth: Int = 9, use: String) -> String {
        var text = "x0: &x0 [\(Array(repeating: "lol", count: width).joined(separator: ", "))]\n"
        for level in 1...depth {
            text += "x\(level): &x\(level) [\(Array(repeating: "*x\(level - 1)", count: width).joined(separator: ", "))]\n"
        }
        return text + use + "\n"
    }

    /// Parses `text`, returning its diagnostics and the seconds it took.
    func timed(_ text: String) -> (lines: [String], seconds: Double) {
        let clock = ContinuousClock()
        var lines: [String] = []
        let elapsed = clock.measure { lines = diagnostics(text) }
        return (lines, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test("An alias bomb used as a mapping key is refused at once, where it passes the limit")
    func aliasBombAsKey() {
        // Composing this document hashes a key of 10^9 values: before the pre-scan it never finished.
        let (lines, seconds) = timed(bomb(use: "bomb: {*x9 : 1}"))
        #expect(lines == ["test.yaml:6:45: error: the document holds more than 1000000 values once its aliases are expanded"])
        #expect(seconds < 2, "took \(seconds) s")
    }

    @Test("Alias bombs through merge keys and as top-level keys are refused in time", arguments: [
        "bomb: {<<: [*x9, *x9]}", "? *x9\n: 1", "run: *x9",
    ])
    func aliasBombElsewhere(use: String) {
        let (lines, seconds) = timed(bomb(use: use))
        #expect(lines.count == 1 && lines[0].hasSuffix("error: the document holds more than 1000000 values once its aliases are expanded"), "\(lines)")
        #expect(seconds < 2, "took \(seconds) s")
    }

    @Test("A bomb just under the limit is composed, and then reported for what it is")
    func smallAliasesStillWork() {
        // 10 + 10^2 + ... : a few thousand values with aliases expanded, under the limit.
        let lines = diagnostics(bomb(width: 10, depth: 3, use: "") + minimalScenario)
        #expect(lines.first == "test.yaml:1:1: error: x0: unknown key; expected one of: name, description, time_unit, run, classes, stations, arrivals, routing, campus, planner")
        // Anchors and merge keys as planners use them still parse.
        let text = """
            run: {duration: 100}
            stations:
              - {id: a, servers: 1, service: &fast {dist: exponential, mean: 0.5}}
              - {id: b, servers: 1, service: *fast}
            arrivals:
              - &stream {to: a, rate: 0.5}
              - {<<: *stream, to: b}
            """
        #expect(((try? parseValid(text))?.scenario.arrivals.count) == 2)
    }

    @Test("Nesting past 64 levels (the top-level map is the first) is refused, written out or made by aliases")
    func deepNesting() {
        let written = "run: " + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "\n"
        #expect(diagnostics(written) == ["test.yaml:1:69: error: maps and lists are nested more than 64 deep (aliases expanded)"])
        var chain = "x0: &x0 [lol]\n"
        for level in 1..<100 { chain += "x\(level): &x\(level) [*x\(level - 1)]\n" }
        let lines = diagnostics(chain)
        // x62 holds 64 levels; inside the top-level map and its list, it passes the limit.
        #expect(lines == ["test.yaml:63:12: error: maps and lists are nested more than 64 deep (aliases expanded)"], "\(lines)")
        let (deep, seconds) = timed("run: " + String(repeating: "[", count: 100_000))
        #expect(deep.count == 1 && deep[0].hasPrefix("test.yaml:1:"), "\(deep)")
        #expect(seconds < 2)
        // 60 levels is allowed (and then wrong for other reasons).
        let fine = diagnostics("run: " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "\n")
        #expect(fine.contains("test.yaml:1:6: error: run: expected a map, found a list"), "\(fine)")
    }

    @Test("Bytes that are not UTF-8 are located at the first bad one")
    func invalidUTF8() {
        var bytes = Array("run: {duration: 1}\nname: déjà".utf8)
        bytes += [0xFF, 0xFE]
        #expect(throwsDiagnostics(Data(bytes)) == ["test.yaml:2:11: error: the file is not UTF-8 text: invalid byte sequence here"])
        #expect(throwsDiagnostics(Data([0xC0, 0x80])) == ["test.yaml:1:1: error: the file is not UTF-8 text: invalid byte sequence here"])
    }

    @Test("A syntax error at the end of a file without a final newline is located on its last line")
    func errorAtEndOfFile() {
        #expect(diagnostics("run: {duration: 1}\nstations: [") == [
            "test.yaml:2:12: error: invalid YAML: did not find expected node content (while parsing a flow node at line 3, column 1)",
        ])
    }

    @Test("Too many stations, classes or arrival streams are refused before they are read")
    func listLimits() {
        let stations = (0...ScenarioParser.maximumStations).map { "  - {id: s\($0), servers: 1, service: {dist: exponential, mean: 1}}" }
        let text = "run: {duration: 1}\nstations:\n" + stations.joined(separator: "\n") + "\narrivals: [{to: s0, rate: 1}]\n"
        let (lines, seconds) = timed(text)
        #expect(lines == ["test.yaml:3:3: error: stations: holds 2001 stations; at most 2000 are supported"])
        #expect(seconds < 5)
        let classes = (0...ScenarioParser.maximumClasses).map { "{id: c\($0)}" }.joined(separator: ", ")
        #expect(diagnostics(minimalScenario + "\nclasses: [\(classes)]").contains {
            $0.hasSuffix("error: classes: holds 1001 classes; at most 1000 are supported")
        })
        // 1000 stations × 201 classes: every list within its limit, the product past it.
        let many = (0..<1000).map { "  - {id: s\($0), servers: 1, service: {dist: exponential, mean: 1}}" }.joined(separator: "\n")
        let someClasses = (0..<201).map { "{id: c\($0)}" }.joined(separator: ", ")
        let product = diagnostics("run: {duration: 1}\nclasses: [\(someClasses)]\nstations:\n\(many)\narrivals: [{to: s0, class: c0, rate: 1}]\n")
        #expect(product.first == "test.yaml:1:1: error: 1000 stations × 201 classes make 201000 routing tables; at most 200000 are supported")
    }

    @Test("Edge cases of run control have defined answers")
    func runEdges() throws {
        // Zero-length runs are refused; a warm-up longer than the run is allowed.
        #expect(diagnostics(minimalScenario.replacingOccurrences(of: "{duration: 100}", with: "{duration: 0}")) == [
            "test.yaml:1:17: error: run.duration: must be greater than 0, found 0",
        ])
        #expect(diagnostics(minimalScenario.replacingOccurrences(of: "{duration: 100}", with: "{duration: \"0 min\"}")).first?
            .hasSuffix("run.duration: must be greater than 0, found 0") == true)
        #expect(diagnostics(minimalScenario.replacingOccurrences(of: "{duration: 100}", with: "{customers: 0}")) == [
            "test.yaml:1:18: error: run.customers: must be at least 1, found 0",
        ])
        let long = try parseValid(minimalScenario.replacingOccurrences(of: "{duration: 100}", with: "{duration: 10, warmup: 1000}"))
        #expect(long.scenario.run.warmup == 1000 && long.scenario.run.duration == 10)
        // An empty list of classes, and a loop whose only exit has probability 0, are refused.
        #expect(diagnostics(minimalScenario + "\nclasses: []").contains("test.yaml:6:10: error: classes: the list of classes is empty"))
        let loop = """
            run: {duration: 100}
            stations:
              - {id: a, servers: 1, service: {dist: exponential, mean: 1}}
              - {id: b, servers: 1, service: {dist: exponential, mean: 1}}
            arrivals: [{to: a, rate: 0.1}]
            routing:
              a: [{to: b, p: 1}, {to: exit, p: 0}]
              b: [{to: a, p: 1}]
            """
        #expect(diagnostics(loop) == ["test.yaml:7:3: error: routing.a: customers can never leave stations 'a', 'b': no route from them leads to exit"])
    }

    @Test("Ids and names holding control or bidirectional formatting characters are refused where they are written",
          arguments: ["\\u0007", "\\x1B", "\\u007F", "\\u0085", "\\u202E", "\\u2066"])
    func hiddenCharacters(escape: String) {
        let code = escape.dropFirst(2).uppercased()
        let hex = String(repeating: "0", count: max(0, 4 - code.count)) + code
        #expect(diagnostics("name: \"a\(escape)b\"\n" + minimalScenario) == [
            "test.yaml:1:7: error: name: must not contain control or bidirectional formatting characters, found U+\(hex) at character 2",
        ])
        let station = minimalScenario.replacingOccurrences(of: "{id: desk,", with: "{id: \"desk\(escape)\",")
        #expect(diagnostics(station).contains {
            $0.hasPrefix("test.yaml:3:10: error: stations[0].id: must not contain control or bidirectional formatting characters, found U+\(hex) at character 5")
        })
        let campus = "campus: {population: {colleges: [{id: \"c\(escape)\", students: 100}]}}\n"
        #expect(diagnostics(campus).contains {
            $0.hasSuffix("error: campus.population.colleges[0].id: must not contain control or bidirectional formatting characters, found U+\(hex) at character 2")
        })
        // Elsewhere in free text they are allowed.
        #expect((try? parseValid("description: \"a\(escape)b\"\n" + minimalScenario)) != nil)
    }

    @Test("A schedule entry that ends before it starts says that to must come after from")
    func scheduleEndsBeforeStart() {
        let text = minimalScenario.replacingOccurrences(
            of: "servers: 1,", with: "servers: {period: 100, schedule: [{from: 50, to: 0, servers: 1}, {from: 0, to: 50, servers: 1}]},")
        let lines = diagnostics(text)
        #expect(lines.contains { $0.hasSuffix("error: stations[0].servers.schedule[0].to: must be greater than from (50), found 0") }, "\(lines)")
        #expect(!lines.contains { $0.contains("must be greater than 0") }, "\(lines)")
    }

    @Test("A name too long for an output directory is refused at validation, not after the run")
    func longName() throws {
        #expect(diagnostics("name: " + String(repeating: "n", count: 300) + "\n" + minimalScenario) == [
            "test.yaml:1:7: error: name: is 300 bytes long; at most 120 are allowed: it names the output directory",
        ])
        _ = try parseValid("name: " + String(repeating: "n", count: 120) + "\n" + minimalScenario)
    }

    @Test("Campus counts too large to simulate are refused where they are written, within the network layer's server limit")
    func campusCounts() {
        let text = """
            campus:
              population:
                colleges: [{id: c, students: 1e10, counselors: 3e9}]
                dormitories: [{id: d, floors: 2, rooms: 10, beds: 20, residential_counselors: 1e12}]
              rooms:
                room_types: [{id: r, complex: x, count: 2e9, seats: 10, area: 20, opens: 480, closes: 1320}]
                activities:
                  - {id: a, per_year: 1e11, group: {dist: deterministic, value: 5}, duration: {dist: deterministic, value: 60}, window: {from: 480, to: 1320}, lead_time: {dist: deterministic, value: 60}}
            """
        #expect(diagnostics(text) == [
            "test.yaml:3:34: error: campus.population.colleges[0].students: must be at most 10000000, found 10000000000",
            "test.yaml:3:52: error: campus.population.colleges[0].counselors: must be at most 1000000, found 3000000000",
            "test.yaml:4:83: error: campus.population.dormitories[0].residential_counselors: must be at most 1000000, found 1000000000000",
            "test.yaml:6:45: error: campus.rooms.room_types[0].count: must be at most 1000000, found 2000000000",
            "test.yaml:8:27: error: campus.rooms.activities[0].per_year: must be at most 10000000, found 100000000000",
        ])
    }

    @Test("Distribution parameters whose draws would not be finite times are refused where they are written", arguments: [
        ("{dist: lognormal, mean: 1e-300, sd: 1}", "sd: must be at most 1000 times the mean (1e-300), found 1"),
        ("{dist: lognormal, mean: 1, sd: 1e300}", "sd: must be at most 1000000000, found 1e+300"),
        ("{dist: triangular, min: 0, mode: 1, max: 1e300}", "max: must be at most 1000000000, found 1e+300"),
        ("{dist: empirical, values: [1, 1e300]}", "values[1]: must be at most 1000000000, found 1e+300"),
    ])
    func unboundedDistributions(distribution: String, message: String) throws {
        for key in ["service", "patience"] {
            let text = minimalScenario.replacingOccurrences(of: "service: {dist: exponential, mean: 1}",
                                                            with: key == "service" ? "service: \(distribution)" : "service: {dist: exponential, mean: 1}, patience: \(distribution)")
            let lines = diagnostics(text)
            #expect(lines.count == 1 && lines[0].hasSuffix("error: stations[0].\(key).\(message)"), "\(lines)")
        }
        // At the limits they are read.
        _ = try parseValid(minimalScenario.replacingOccurrences(of: "{dist: exponential, mean: 1}", with: "{dist: lognormal, mean: 0.001, sd: 1}"))
        _ = try parseValid(minimalScenario.replacingOccurrences(of: "{dist: exponential, mean: 1}", with: "{dist: triangular, min: 0, mode: 1, max: 1e9}"))
    }

    func throwsDiagnostics(_ data: Data) -> [String] {
        do {
            _ = try ScenarioParser.parse(data: data, file: "test.yaml")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }
}

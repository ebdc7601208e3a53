import Foundation
import ScenarioModel
import Testing

/// The path language: parsing and printing paths, and applying (path, value) overrides to a scenario.
@Suite struct FieldPathTests {
    static let campusBaseline: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/campus-baseline.yaml")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    @Test func pathsParseAndPrintBackTheSame() throws {
        for text in [
            "campus.service_center.counters[all_purpose].servers",
            "campus.rooms.room_types[zixiang_seminar].count",
            "stations[desk].service.mean",
            "campus.term.weekdays[5]",
            "stations[\"front desk\"].servers",
            "classes[\"1\"].priority",
            "stations[\"a\\\"b\"].servers",
            "run.seed",
        ] {
            let path = try FieldPath(parsing: text)
            #expect(path.description == text)
            #expect(try FieldPath(parsing: path.description) == path)
        }
        let path = try FieldPath(parsing: "campus.term.weekdays[5]")
        #expect(path.segments == [.key("campus"), .key("term"), .key("weekdays"), .index(5)])
        #expect(try FieldPath(parsing: "stations[desk].service").segments == [.key("stations"), .id("desk"), .key("service")])
        // Brackets that hold more than digits name an id; quotes make digits an id.
        #expect(try FieldPath(parsing: "classes[\"7\"]").segments == [.key("classes"), .id("7")])
        #expect(try FieldPath(parsing: "stations[front desk]").segments == [.key("stations"), .id("front desk")])
        #expect(FieldPath.root.key("stations").id("x.y").description == "stations[\"x.y\"]")
    }

    @Test func malformedPathsSayWhere() {
        func error(_ text: String) -> String {
            do {
                _ = try FieldPath(parsing: text)
                return "parsed"
            } catch {
                return error.description
            }
        }
        #expect(error("") == "column 1: the path is empty")
        #expect(error("stations[desk") == "column 9: '[' is not closed with ']'")
        #expect(error("stations..x") == "column 10: expected a key (letters, digits and _), found '.'")
        #expect(error("stations[]") == "column 10: empty brackets: write an id or a position")
        #expect(error("stations[\"desk].x") == "column 18: the quoted id is not closed with \"")
        #expect(error("run/seed") == "column 4: expected '.' or '[' after run, found '/'")
        #expect(error("run.") == "column 5: expected a key after the end")
    }

    @Test func overridesChangeTheScenarioAsAFileWould() throws {
        let text = Self.campusBaseline
        try #require(!text.isEmpty)
        let overrides = [
            try FieldOverride(assignment: "campus.service_center.counters[all_purpose].servers=9"),
            try FieldOverride(assignment: "campus.service_center.routing=shortest_queue"),
            try FieldOverride(assignment: "campus.rooms.room_types[zixiang_seminar].count=20"),
            try FieldOverride(assignment: "campus.service_center.counters[finance].patience={dist: exponential, mean: 30 min}"),
        ]
        let (scenario, _) = try ScenarioParser.parse(text, file: "base.yaml", defaultName: "base", overrides: overrides)
        let center = try #require(scenario.campus?.serviceCenter)
        #expect(center.counters.first { $0.id == "all_purpose" }?.servers == .fixed(9))
        #expect(center.routing == .shortestQueue)
        #expect(scenario.campus?.rooms?.roomTypes.first { $0.id == "zixiang_seminar" }?.count == 20)
        #expect(center.counters.first { $0.id == "finance" }?.patience == .exponential(mean: 30))
        // Nothing else moved.
        let (base, _) = try ScenarioParser.parse(text, file: "base.yaml", defaultName: "base")
        #expect(scenario.campus?.population == base.campus?.population)
        #expect(scenario.campus?.rules == base.campus?.rules)

        // The changed text reads back to the same values, and writing it again changes nothing.
        let changed = try ScenarioParser.text(text, file: "base.yaml", applying: overrides)
        let (again, _) = try ScenarioParser.parse(changed, file: "base.yaml", defaultName: "base")
        let againCenter = try #require(again.campus?.serviceCenter)
        #expect(againCenter.counters.map(\.servers) == center.counters.map(\.servers))
        #expect(againCenter.routing == .shortestQueue)
        #expect(again.campus?.rooms?.roomTypes.map(\.count) == scenario.campus?.rooms?.roomTypes.map(\.count))
        #expect(again.campus?.rules.map(\.target) == scenario.campus?.rules.map(\.target))
        #expect(again.run.seed == scenario.run.seed)
        #expect(try ScenarioParser.text(changed, file: "base.yaml", applying: []) == changed)
    }

    @Test func positionsAndIdsNameTheSameElement() throws {
        let byId = try FieldOverride(assignment: "stations[desk].servers=3")
        let byPosition = try FieldOverride(assignment: "stations[0].servers=3")
        let a = try ScenarioParser.parse(minimalScenario, file: "t.yaml", defaultName: "t", overrides: [byId]).scenario
        let b = try ScenarioParser.parse(minimalScenario, file: "t.yaml", defaultName: "t", overrides: [byPosition]).scenario
        #expect(a.stations[0].servers == .fixed(3))
        #expect(a == b)
        let found = try ScenarioParser.value(at: byPosition.path, in: minimalScenario, file: "t.yaml")
        #expect(found.canonical.description == "stations[desk].servers")
        #expect(found.value == .plain("1"))
    }

    @Test func namedElementsAndListsWithoutIdsAreReached() throws {
        let overrides = [
            try FieldOverride(assignment: "campus.term.peaks[graduation].factor=2"),
            try FieldOverride(assignment: "campus.service_center.counters[all_purpose].servers.schedule[1].servers=9"),
            try FieldOverride(assignment: "campus.term.weekdays[5]=0.5"),
        ]
        let scenario = try ScenarioParser.parse(Self.campusBaseline, file: "base.yaml", defaultName: "base", overrides: overrides).scenario
        #expect(scenario.campus?.term.peaks.first { $0.name == "graduation" }?.factor == 2)
        #expect(scenario.campus?.term.weekdays[5] == 0.5)
        guard case .schedule(let schedule)? = scenario.campus?.serviceCenter?.counters.first?.servers else {
            Issue.record("the schedule is gone")
            return
        }
        #expect(schedule.entries.map(\.servers) == [0, 9, 4, 7, 0])
        let found = try ScenarioParser.value(at: FieldPath(parsing: "campus.term.peaks[1].weeks"), in: Self.campusBaseline, file: "base.yaml")
        #expect(found.canonical.description == "campus.term.peaks[graduation].weeks")
        #expect(found.value == .plain("2"))
    }

    @Test func aKeyTheSectionMayHoldIsAdded() throws {
        let text = minimalScenario
        let overrides = [
            try FieldOverride(assignment: "stations[desk].patience={dist: exponential, mean: 4}"),
            try FieldOverride(assignment: "run.warmup=10"),
        ]
        let scenario = try ScenarioParser.parse(text, file: "t.yaml", defaultName: "t", overrides: overrides).scenario
        #expect(scenario.stations[0].patience == .exponential(mean: 4))
        #expect(scenario.run.warmup == 10)
        // A key left out reads as no value: its default applies.
        let found = try ScenarioParser.value(at: FieldPath(parsing: "stations[desk].capacity"), in: text, file: "t.yaml")
        #expect(found.value == nil)
    }

    @Test func aPathThatNamesNothingIsALocatedErrorWithASuggestion() {
        let at = SourceLocation(file: "design.yaml", line: 4, column: 11)
        func errors(_ assignment: String, in text: String = FieldPathTests.campusBaseline) -> [String] {
            do {
                let override = try FieldOverride(assignment: assignment, location: at)
                _ = try ScenarioParser.parse(text, file: "base.yaml", defaultName: "base", overrides: [override])
                return []
            } catch let error as ScenarioErrors {
                return error.diagnostics.map(\.description)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(errors("campus.service_center.counters[all_purpose].srevers=8") == [
            "design.yaml:4:11: error: campus.service_center.counters[all_purpose].srevers: names nothing in the scenario: "
                + "campus.service_center.counters[all_purpose] has no key 'srevers'; did you mean 'servers'?",
        ])
        #expect(errors("campus.service_center.counters[all_purpse].servers=8") == [
            "design.yaml:4:11: error: campus.service_center.counters[all_purpse].servers: names nothing in the scenario: "
                + "campus.service_center.counters has no element with id 'all_purpse'; did you mean 'all_purpose'?",
        ])
        #expect(errors("campus.rooms.room_types[9].count=1") == [
            "design.yaml:4:11: error: campus.rooms.room_types[9].count: names nothing in the scenario: "
                + "campus.rooms.room_types has 6 elements, at positions 0 to 5; 9 is past them",
        ])
        #expect(errors("campus.service_center.routing.kind=x") == [
            "design.yaml:4:11: error: campus.service_center.routing.kind: names nothing in the scenario: "
                + "campus.service_center.routing is the string \"pooled\", which has no key 'kind'",
        ])
        #expect(errors("campsu.term.weeks=3") == [
            "design.yaml:4:11: error: campsu.term.weeks: names nothing in the scenario: the scenario has no key 'campsu'; did you mean 'campus'?",
        ])
        // Without a location, the error points at the map that lacks the key.
        let unlocated = (try? FieldOverride(assignment: "stations[desk].sevrice.mean=2")).map { override in
            do {
                _ = try ScenarioParser.parse(minimalScenario, file: "t.yaml", defaultName: "t", overrides: [override])
                return ""
            } catch let error as ScenarioErrors {
                return error.diagnostics.map(\.description).joined()
            } catch {
                return "\(error)"
            }
        }
        #expect(unlocated == "t.yaml:3:5: error: stations[desk].sevrice.mean: names nothing in the scenario: stations[desk] has no key 'sevrice'; did you mean 'service'?")
    }

    @Test func anInvalidValueIsReportedAtTheOverrideByItsPath() {
        let at = SourceLocation(file: "design.yaml", line: 7, column: 5)
        func errors(_ assignment: String) -> [String] {
            do {
                let override = try FieldOverride(assignment: assignment, location: at)
                _ = try ScenarioParser.parse(FieldPathTests.campusBaseline, file: "base.yaml", defaultName: "base", overrides: [override])
                return []
            } catch let error as ScenarioErrors {
                return error.diagnostics.map(\.description)
            } catch {
                return ["\(error)"]
            }
        }
        #expect(errors("campus.service_center.routing=pooledd") == [
            "design.yaml:7:5: error: campus.service_center.routing: unknown ticket routing 'pooledd'; did you mean 'pooled'? (set to pooledd)",
        ])
        let negative = errors("campus.rooms.room_types[zixiang_seminar].count=-1")
        #expect(negative.count == 1)
        #expect(negative.first?.hasPrefix("design.yaml:7:5: error: campus.rooms.room_types[zixiang_seminar].count: ") == true)
        #expect(negative.first?.hasSuffix("(set to -1)") == true, "\(negative)")
    }

    @Test func valuesPrintInFlowStyleAndReadBack() throws {
        for text in ["8", "shortest_queue", "5 min", "\"8\"", "[1, 1, 0.3]", "{dist: exponential, mean: 45 min}", "\"a, b\""] {
            let value = try FieldValue(yaml: text)
            #expect(try FieldValue(yaml: value.description) == value, "\(text)")
        }
        #expect(try FieldValue(yaml: "\"8\"") == .scalar("8", quoted: true))
        #expect(try FieldValue(yaml: "{dist: exponential, mean: 45 min}").description == "{dist: exponential, mean: 45 min}")
        #expect(FieldValue.number(0.1).description == "0.1")
        #expect(FieldValue.plain("a: b").description == "\"a: b\"")
    }
}

/// Design files: read with the scenario reader's checks, every error at once and located.
@Suite struct DesignParserTests {
    static func errors(_ text: String) -> [String] {
        do {
            _ = try DesignParser.parse(text, file: "design.yaml")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func aDesignIsRead() throws {
        let design = try DesignParser.parse("""
            factors:
              - {path: "campus.service_center.counters[all_purpose].servers", range: {from: 4, to: 10, integer: true, steps: 4}}
              - {name: routing, path: campus.service_center.routing, levels: [pooled, shortest_queue]}
            design: full_factorial
            measures: [campus.service_center.service_level]
            replications: 5
            seed: 9
            pareto:
              - {x: servers, y: campus.service_center.service_level, y_better: higher}
            """, file: "design.yaml")
        #expect(design.factors.map(\.name) == ["servers", "routing"])
        #expect(design.factors[0].range?.levels(4).map(\.description) == ["4", "6", "8", "10"])
        #expect(design.kind == .fullFactorial)
        #expect(design.replications == 5 && design.seed == 9)
        #expect(design.pareto.first?.yHigherIsBetter == true && design.pareto.first?.xHigherIsBetter == nil)
    }

    @Test func everyErrorIsLocated() {
        #expect(Self.errors("""
            factors:
              - {path: "stations[desk", levels: [1]}
              - {name: b, path: stations.x, levels: [1, 1], range: {from: 2, to: 1}}
              - {name: b, path: y}
            design: latin_hypercube
            measurs: [x]
            """) == [
            "design.yaml:2:12: error: factors[0].path: not a path: '[' is not closed with ']'",
            "design.yaml:3:45: error: factors[1].levels[1]: the level 1 is listed twice",
            "design.yaml:3:49: error: factors[1].range: give either levels or a range, not both",
            "design.yaml:3:70: error: factors[1].range.to: must be greater than from (2), found 1",
            "design.yaml:4:5: error: factors[2]: a factor needs levels or a range",
            "design.yaml:4:12: error: factors[2].name: duplicate factor name 'b', first used at line 3",
            "design.yaml:5:9: error: design: a Latin hypercube needs its number of points: write design: {kind: latin_hypercube, points: N}",
            "design.yaml:6:1: error: measurs: unknown key; did you mean 'measures'?",
        ])
        #expect(Self.errors("""
            factors:
              - {path: a.b, range: {from: 1, to: 2}}
            design: {kind: ful_factorial}
            """) == ["design.yaml:3:16: error: design.kind: unknown design 'ful_factorial'; did you mean 'full_factorial'?"])
        #expect(Self.errors("""
            factors:
              - {path: a.b, range: {from: 1, to: 2}}
            design: full_factorial
            """) == ["design.yaml:2:24: error: factors[0].range: a full factorial design takes each factor's levels: give the range its steps"])
    }
}

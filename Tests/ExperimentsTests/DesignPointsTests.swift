import Experiments
import Foundation
import ScenarioModel
import Testing

/// The points of each kind of design.
@Suite struct DesignPointsTests {
    static func design(_ text: String) throws -> SweepDesign { try DesignParser.parse(text, file: "design.yaml") }

    @Test func aFullFactorialHasEveryCombinationFirstFactorSlowest() throws {
        let design = try Self.design("""
            factors:
              - {name: a, path: "stations[desk].servers", levels: [1, 2, 3]}
              - {name: b, path: "stations[desk].service.mean", range: {from: 0.5, to: 1, steps: 2}}
            design: full_factorial
            """)
        let points = DesignPoints.make(design)
        #expect(DesignPoints.count(design) == 6)
        #expect(points.map { $0.levels.map { $0!.value.description } } == [
            ["1", "0.5"], ["1", "1"], ["2", "0.5"], ["2", "1"], ["3", "0.5"], ["3", "1"],
        ])
    }

    @Test func oneAtATimeStartsFromTheBase() throws {
        let design = try Self.design("""
            factors:
              - {name: a, path: "stations[desk].servers", levels: [1, 3]}
              - {name: b, path: "stations[desk].service.mean", range: {from: 0.5, to: 2, scale: log}}
            design: one_at_a_time
            """)
        let points = DesignPoints.make(design)
        #expect(points.map { $0.levels.map { $0?.value.description ?? "base" } } == [
            ["base", "base"], ["1", "base"], ["3", "base"], ["base", "0.5"], ["base", "2"],
        ])
    }

    @Test func aLatinHypercubeUsesEveryStratumOnceAndRepeatsItself() throws {
        let text = """
            factors:
              - {name: a, path: "stations[desk].servers", range: {from: 0, to: 1}}
              - {name: b, path: "stations[desk].service.mean", range: {from: 1, to: 100, scale: log}}
              - {name: c, path: "stations[desk].discipline", levels: [fifo, priority]}
            design: {kind: latin_hypercube, points: 20, seed: 9}
            """
        let points = DesignPoints.make(try Self.design(text))
        #expect(points.count == 20)
        let a = points.map { Double($0.levels[0]!.value.text!)! }
        #expect(Set(a.map { Int($0 * 20) }).sorted() == Array(0..<20))
        let b = points.map { Double($0.levels[1]!.value.text!)! }
        #expect(Set(b.map { Int((log10($0) / 2) * 20) }).sorted() == Array(0..<20))
        #expect(points.filter { $0.levels[2]!.value.text == "fifo" }.count == 10)
        // The same design gives the same points; another seed, others.
        #expect(DesignPoints.make(try Self.design(text)) == points)
        #expect(DesignPoints.make(try Self.design(text.replacingOccurrences(of: "seed: 9", with: "seed: 10"))) != points)
    }
}

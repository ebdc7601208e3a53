import Foundation
import Testing
import ScenarioModel

/// Broken scenarios in `Fixtures/` and the exact diagnostics each must produce, line for line.
@Suite struct GoldenDiagnosticsTests {
    static let fixtures = [
        "unknown-key", "bad-types", "routing-sum", "schedule-gap", "unreachable", "class-service",
        "no-exit-loop", "bad-dist", "undefined-refs",
        // Campus sections: unknown keys, references that name nothing, sections a rule or policy
        // needs, network stations taking generated ids; values out of range, duplicates, lengths.
        "campus-errors", "campus-values",
    ]

    @Test(arguments: fixtures)
    func diagnosticsMatchExpected(_ fixture: String) throws {
        let scenarioURL = try #require(Bundle.module.url(forResource: fixture, withExtension: "yaml", subdirectory: "Fixtures"))
        let expectedURL = try #require(Bundle.module.url(forResource: fixture, withExtension: "expected", subdirectory: "Fixtures"))
        let text = try String(contentsOf: scenarioURL, encoding: .utf8)
        let expected = try String(contentsOf: expectedURL, encoding: .utf8).split(separator: "\n").map(String.init)

        let error = #expect(throws: ScenarioErrors.self) {
            try ScenarioParser.parse(text, file: "\(fixture).yaml", defaultName: fixture)
        }
        let actual = error?.diagnostics.map(\.description) ?? []
        for (got, want) in zip(actual, expected) {
            #expect(got == want)
        }
        #expect(actual.count == expected.count, "all diagnostics:\n\(actual.joined(separator: "\n"))")
    }
}

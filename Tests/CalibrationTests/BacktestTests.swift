import CampusModel
import Foundation
import ScenarioModel
import Testing
@testable import Calibration

@Suite("Backtest", .serialized)
struct BacktestTests {
    static func backtest(_ text: String, log: String) throws -> (rows: [Backtest.Row], summaries: [Backtest.Summary]) {
        let scenario = try ScenarioParser.parse(text, file: "s.yaml", defaultName: "s").scenario
        let (model, _, _) = try CampusCompiler.compile(scenario)
        var mapping = LogMapping.generic
        mapping.categories = scenario.campus!.serviceCenter!.categories.map(\.id)
        let reference = scenario.campus!.serviceCenter!
        // The observed cells, from the log written to a file.
        let path = NSTemporaryDirectory() + "backtest-\(UUID().uuidString).csv"
        try log.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fileReader = TicketLogReader(file: path, mapping: mapping)
        let (cells, start) = try Backtest.observed(reader: fileReader, target: reference.targetWait, unitSeconds: 60)
        #expect(start == TimestampFormat.daysFromCivil(year: 2024, month: 2, day: 26))
        let simulated = Backtest.simulate(model: model, scenario: scenario, replications: 40, seed: 99, jobs: 2)
        return Backtest.compare(observed: cells, simulated: simulated)
    }

    @Test("The scenario a log came from covers about 95% of its hours; one counter fewer is flagged")
    func coverage() throws {
        let log = try RecoveryScenario.log(seed: 5)
        let same = try Self.backtest(RecoveryScenario.text, log: log)
        for s in same.summaries {
            print("same scenario: \(s.measure.rawValue) \(s.hours) hours, coverage \(s.coverage), bias \(s.bias)")
            #expect(s.hours > 100)
            #expect(s.coverage >= 0.88 && s.coverage <= 0.99, "\(s.measure): coverage \(s.coverage)")
        }
        let fewer = try Self.backtest(RecoveryScenario.text.replacingOccurrences(of: "{from: 8.5h, to: 17.5h, servers: 5}", with: "{from: 8.5h, to: 17.5h, servers: 4}"), log: log)
        for s in fewer.summaries { print("one counter fewer: \(s.measure.rawValue) coverage \(s.coverage), bias \(s.bias)") }
        let wait = try #require(fewer.summaries.first { $0.measure == .meanWait })
        let waitSame = try #require(same.summaries.first { $0.measure == .meanWait })
        #expect(wait.coverage < waitSame.coverage - 0.1, "mean wait: coverage \(wait.coverage) with a counter fewer against \(waitSame.coverage)")
        #expect(wait.bias < 0, "the log's waits are shorter than those of a center with one counter fewer")
        // The hours it flags are the busy ones: the peak weeks hold most of them.
        let flagged = BacktestFiles.furthest(fewer.rows, .meanWait, count: 20)
        #expect(flagged.count == 20)
        #expect(flagged.filter { $0.hour / 24 < 14 }.count >= 10, "the peak weeks (1–2) hold most of the hours furthest off")
        let arrivals = try #require(fewer.summaries.first { $0.measure == .arrivals })
        #expect(arrivals.coverage >= 0.85, "arrivals do not depend on the counters")
    }
}

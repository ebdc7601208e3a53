import Foundation
import ScenarioFuzzing
import Testing

/// A few hundred fuzz cases in process and a few dozen through the binary; `make fuzz` runs 10,000.
@Suite("Fuzzing the scenario files")
struct FuzzTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seed: UInt64 = 20_251_129

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["ONESTOP_BIN"] { return path }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("onestop")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside.path }
        return root.appendingPathComponent(".build/release/onestop").path
    }

    static func mutator() throws -> ScenarioMutator {
        let seeds = try FuzzSeed.files(in: root.appendingPathComponent("scenarios").path)
        #expect(!seeds.isEmpty)
        return ScenarioMutator(seeds: seeds, seed: seed)
    }

    @Test("Cases are reproducible from the seed and their number")
    func deterministic() throws {
        let mutator = try Self.mutator()
        for index in [0, 1, 17, 299] {
            let a = mutator.makeCase(index), b = mutator.makeCase(index)
            #expect(a.bytes == b.bytes && a.mutations == b.mutations)
        }
        let other = ScenarioMutator(seeds: mutator.seeds, seed: Self.seed + 1)
        #expect((0..<20).contains { mutator.makeCase($0).bytes != other.makeCase($0).bytes })
    }

    @Test("400 mutated scenarios in process: no crash, no hang, every refusal located")
    func inProcess() throws {
        let mutator = try Self.mutator()
        var valid = 0, invalid = 0
        for index in 0..<400 {
            let fuzzCase = mutator.makeCase(index)
            CrashNote.set("crashed in fuzz case \(index), seed \(Self.seed): \(fuzzCase.mutations)")
            let outcome = FuzzHarness.check(fuzzCase.bytes, file: "case-\(index).yaml", timeout: 20)
            #expect(outcome.problems.isEmpty,
                    "case \(index) (seed \(Self.seed), \(fuzzCase.seedFile): \(fuzzCase.mutations)): \(outcome.problems)")
            switch outcome.verdict {
            case .valid: valid += 1
            case .invalid: invalid += 1
            case .hung: Issue.record("case \(index) hung"); return
            }
        }
        // Both kinds occur, or the mutations are too gentle or too rough to test anything.
        #expect(valid >= 20 && invalid >= 200, "valid \(valid), invalid \(invalid)")
    }

    @Test("40 mutated scenarios through the binary: exit 0 or 2 in time, located errors")
    func throughTheBinary() throws {
        let mutator = try Self.mutator()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onestop-fuzz-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let check = BinaryCheck(binary: Self.binary, workDirectory: directory, timeout: 30)
        for index in 0..<40 {
            let problems = try check.check(mutator.makeCase(index).bytes, index: index)
            #expect(problems.isEmpty, "case \(index) (seed \(Self.seed)): \(problems)")
        }
    }
}

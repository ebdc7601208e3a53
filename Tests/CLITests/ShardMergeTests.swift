import Foundation
import Testing

/// `run --shard I/N` and `merge`, end to end through the binary.
@Suite("Shards and merge")
struct ShardMergeTests {
    typealias CLI = CLITests

    /// Every file in a directory, by name.
    static func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try CLI.contents(dir, name)
        }
        return out
    }

    static func run(_ arguments: [String]) throws -> CLI.Outcome {
        let outcome = try CLI.onestop(arguments)
        #expect(outcome.status == 0, "onestop \(arguments.joined(separator: " ")): \(outcome.stderr)")
        return outcome
    }

    /// Every scenario in scenarios/ (so that new kinds of scenario are merged too), and cases with
    /// more shards: a network; a day with a time series; more shards than replications.
    static let cases: [(String, Int, Int)] = {
        let dir = CLI.root.appendingPathComponent("scenarios").path
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { (String($0.dropLast(5)), 2, 2) }
        return all + [("feedback-network", 5, 3), ("desk-schedule", 3, 2), ("single-desk", 2, 4)]
    }()

    @Test("Merged shards give the files of one process, byte for byte", arguments: cases)
    func mergeEqualsOneProcess(scenario: String, replications: Int, shards: Int) throws {
        let whole = CLI.temporaryDirectory(), parts = CLI.temporaryDirectory(), merged = CLI.temporaryDirectory()
        defer { for d in [whole, parts, merged] { try? FileManager.default.removeItem(at: d) } }
        let common = ["scenarios/\(scenario).yaml", "--replications", "\(replications)", "--seed", "31", "--quiet"]
        _ = try Self.run(["run"] + common + ["--out", whole.path, "--jobs", "1"])
        // Shards in reverse order, with two workers each: neither may change a byte.
        for i in (0..<shards).reversed() {
            _ = try Self.run(["run"] + common + ["--out", parts.path, "--jobs", "2", "--shard", "\(i)/\(shards)"])
        }
        let partNames = try FileManager.default.contentsOfDirectory(atPath: parts.path).sorted()
        #expect(partNames == [".onestop"] + (0..<shards).map { "partial-\($0)-of-\(shards).json" })
        _ = try Self.run(["merge", parts.path, "--out", merged.path, "--quiet"])
        let expected = try Self.files(whole), got = try Self.files(merged)
        #expect(got.keys.sorted() == expected.keys.sorted())
        for (name, data) in expected {
            #expect(got[name] == data, "\(name) differs after merging")
        }
    }

    @Test("Shards named one by one, in any order, merge the same")
    func filesInAnyOrder() throws {
        let parts = CLI.temporaryDirectory(), a = CLI.temporaryDirectory(), b = CLI.temporaryDirectory()
        defer { for d in [parts, a, b] { try? FileManager.default.removeItem(at: d) } }
        for i in 0..<3 {
            _ = try Self.run(["run", "scenarios/priority-desk.yaml", "--replications", "4", "--shard", "\(i)/3", "--out", parts.path, "--quiet"])
        }
        let file = { (i: Int) in parts.appendingPathComponent("partial-\(i)-of-3.json").path }
        _ = try Self.run(["merge", file(2), file(0), file(1), "--out", a.path, "--quiet"])
        _ = try Self.run(["merge", parts.path, "--out", b.path, "--quiet"])
        #expect(try Self.files(a) == Self.files(b))
    }

    @Test("Missing, duplicate and foreign shards are refused with status 2, and nothing is written")
    func refusals() throws {
        let parts = CLI.temporaryDirectory(), other = CLI.temporaryDirectory(), out = CLI.temporaryDirectory()
        defer { for d in [parts, other, out] { try? FileManager.default.removeItem(at: d) } }
        for i in 0..<3 {
            _ = try Self.run(["run", "scenarios/single-desk.yaml", "--replications", "6", "--seed", "5", "--shard", "\(i)/3", "--out", parts.path, "--quiet"])
        }
        _ = try Self.run(["run", "scenarios/single-desk.yaml", "--replications", "6", "--seed", "6", "--shard", "2/3", "--out", other.path, "--quiet"])
        let file = { (i: Int) in parts.appendingPathComponent("partial-\(i)-of-3.json").path }

        let missing = try CLI.onestop(["merge", file(0), file(1), "--out", out.path])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("2 of 6 replications missing: 2, 5"), "\(missing.stderr)")

        let duplicate = try CLI.onestop(["merge", parts.path, file(1), "--out", out.path])
        #expect(duplicate.status == 2)
        #expect(duplicate.stderr.contains("\(file(1)): error: holds replication 1"), "\(duplicate.stderr)")

        let foreign = try CLI.onestop(["merge", file(0), file(1), other.path, "--out", out.path])
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("its seed is 6, but \(file(0)) has 5"), "\(foreign.stderr)")

        // A shard whose scenario was edited between runs.
        let edited = other.appendingPathComponent("partial-2-of-3.json")
        let text = try String(contentsOf: URL(fileURLWithPath: file(2)), encoding: .utf8)
            .replacingOccurrences(of: "rate: 4.962", with: "rate: 4.9")
        try text.write(to: edited, atomically: true, encoding: .utf8)
        let changed = try CLI.onestop(["merge", file(0), file(1), edited.path, "--out", out.path])
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("its content does not match its digest"), "\(changed.stderr)")

        // A shard with one measured value edited (every byte is sealed, not only the scenario).
        let original = try String(contentsOf: URL(fileURLWithPath: file(2)), encoding: .utf8)
        let number = try #require(original.range(of: #""arrivals": [0-9]+"#, options: .regularExpression))
        try original.replacingCharacters(in: number, with: "\"arrivals\": 999999")
            .write(to: edited, atomically: true, encoding: .utf8)
        let renumbered = try CLI.onestop(["merge", file(0), file(1), edited.path, "--out", out.path])
        #expect(renumbered.status == 2)
        #expect(renumbered.stderr.contains("\(edited.path): error: its content does not match its digest"), "\(renumbered.stderr)")

        let garbage = other.appendingPathComponent("partial-9-of-9.json")
        try "{\"format\": \"something else\"}".write(to: garbage, atomically: true, encoding: .utf8)
        let unreadable = try CLI.onestop(["merge", garbage.path, "--out", out.path])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("not a shard file of this version"), "\(unreadable.stderr)")

        let empty = try CLI.onestop(["merge", out.path])
        #expect(empty.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("A shard that is not I/N with 0 ≤ I < N is a usage error", arguments: ["3/3", "1", "-1/2", "a/b", "1/0"])
    func badShard(spec: String) throws {
        let outcome = try CLI.onestop(["run", "scenarios/single-desk.yaml", "--shard=\(spec)", "--quiet"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("--shard must be I/N"), "\(outcome.stderr)")
    }
}

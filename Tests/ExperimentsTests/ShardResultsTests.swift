import Foundation
@testable import QueueingNetwork
import Testing
@testable import Experiments
import ScenarioModel

@Suite("Shard results")
struct ShardResultsTests {
    static func result(_ replication: Int, _ values: [Double?]) -> ReplicationResult {
        ReplicationResult(
            replication: replication, stations: [values], classes: [[values.first ?? nil, nil]], system: [values.last ?? nil, 1],
            samples: [TimeSample(time: 0.1, station: 0, inQueue: 3, inService: 2, servers: -1)],
            events: 12_345_678_901, arrivals: 42, endTime: 1e300, stoppedEarly: replication == 1 ? "a \"quoted\"\nreason" : nil)
    }

    static func identity(seed: UInt64 = 9, replications: Int = 3) -> ShardResults.Identity {
        .init(onestopVersion: "0.1.0", scenario: "s", scenarioPath: "dir/s.yaml", scenarioText: "name: s\n",
              seed: seed, replications: replications, warnings: ["dir/s.yaml:1:1: warning: w"])
    }

    @Test("Every double reads back to the same bits, and the file to the same text")
    func exactRoundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        let tricky: [Double?] = [0.1, 1.0 / 3.0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                 .leastNormalMagnitude, nil, 1e21, .infinity, -.infinity, .nan]
        let random: [Double?] = (0..<2000).map { _ in Double(bitPattern: rng.next() & 0x7fef_ffff_ffff_ffff) }
        let values = tricky + random
        let shard = ShardResults(identity: Self.identity(), shard: Shard(index: 1, count: 2),
                                 scenarioText: "name: s\n", results: [Self.result(1, values)])
        let text = shard.encoded()
        let back = try ShardResults.decode(Data(text.utf8), file: "f")
        #expect(back.encoded() == text)
        let got = back.results[0].stations[0]
        #expect(got.count == values.count)
        for (a, b) in zip(values, got) {
            if let a, a.isNaN { #expect(b?.isNaN == true) } else { #expect(a?.bitPattern == b?.bitPattern) }
        }
        #expect(back.results[0].stoppedEarly == "a \"quoted\"\nreason")
        #expect(back.results[0].events == 12_345_678_901)
        #expect(back.results[0].samples == [TimeSample(time: 0.1, station: 0, inQueue: 3, inService: 2, servers: -1)])
    }

    @Test("A damaged shard is refused with the place of the damage; the fingerprint is the text's SHA-256")
    func damagedShards() throws {
        let shard = ShardResults(identity: Self.identity(), shard: Shard(index: 1, count: 2),
                                 scenarioText: "name: s\n", results: [Self.result(1, [1, 2])])
        #expect(shard.identity.scenarioHash == SHA256.hex(of: Array("name: s\n".utf8)))
        let text = shard.encoded()
        // Every byte is sealed: a value retyped, a number changed, a line deleted.
        let retyped = text.replacingOccurrences(of: "\"arrivals\": 42", with: "\"arrivals\": \"many\"")
        let renumbered = text.replacingOccurrences(of: "\"arrivals\": 42", with: "\"arrivals\": 43")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: try #require(lines.firstIndex { $0.contains("\"arrivals\": 42") }))
        for damaged in [retyped, renumbered, lines.joined(separator: "\n")] {
            #expect(damaged != text)
            #expect {
                try ShardResults.decode(Data(damaged.utf8), file: "f")
            } throws: { error in
                "\(error)" == "f: error: its content does not match its digest (the file was edited or damaged); run the shard again"
            }
        }
        // A value retyped under a correct seal (made by hand) is refused by the decoder, located.
        let resealed = Self.resealed(retyped)
        #expect {
            try ShardResults.decode(Data(resealed.utf8), file: "f")
        } throws: { error in
            "\(error)" == "f: error: a damaged shard file: results[0].arrivals: expected an integer"
        }
        let unsealed = text.replacingOccurrences(of: "\"contentSHA256\"", with: "\"digest\"")
        #expect {
            try ShardResults.decode(Data(unsealed.utf8), file: "f")
        } throws: { error in
            "\(error)".contains("content digest (contentSHA256) is missing")
        }
        #expect {
            try ShardResults.decode(Data(text.utf8.dropLast(20)), file: "f")
        } throws: { error in
            "\(error)".hasPrefix("f: error: not a shard file (not JSON, or truncated): line ")
        }
        let edited = Self.resealed(text.replacingOccurrences(of: "name: s", with: "name: t"))
        #expect {
            try ShardResults.decode(Data(edited.utf8), file: "f")
        } throws: { error in
            "\(error)".contains("does not match its hash")
        }
    }

    /// `text` sealed again, as someone editing a shard with care would.
    static func resealed(_ text: String) -> String {
        let key = text.range(of: "\"contentSHA256\": \"")!
        let range = key.upperBound..<text.index(key.upperBound, offsetBy: 64)
        let zeros = text.replacingCharacters(in: range, with: String(repeating: "0", count: 64))
        return zeros.replacingCharacters(in: range, with: SHA256.hex(of: Data(zeros.utf8)))
    }

    @Test("Merging orders replications and refuses gaps, repeats and other runs")
    func merging() throws {
        let text = "name: s\n"
        let a = ShardResults(identity: Self.identity(), shard: Shard(index: 0, count: 2), scenarioText: text,
                             results: [Self.result(2, [2]), Self.result(0, [0])])
        let b = ShardResults(identity: Self.identity(), shard: Shard(index: 1, count: 2), scenarioText: text,
                             results: [Self.result(1, [1])])
        let merged = try ShardResults.merge([("b", b), ("a", a)])
        #expect(merged.results.map(\.replication) == [0, 1, 2])
        #expect(merged.results.map { $0.stations[0][0] } == [0, 1, 2])

        #expect(throws: ShardError.self) { try ShardResults.merge([("a", a)]) }
        #expect(throws: ShardError.self) { try ShardResults.merge([("a", a), ("b", b), ("b again", b)]) }
        let otherSeed = ShardResults(identity: Self.identity(seed: 10), shard: Shard(index: 1, count: 2), scenarioText: text,
                                     results: [Self.result(1, [1])])
        #expect(throws: ShardError.self) { try ShardResults.merge([("a", a), ("c", otherSeed)]) }
        #expect(throws: ShardError.self) { try ShardResults.merge([]) }
    }

    @Test("Shard specs and the replications they take")
    func shardSpecs() {
        #expect(Shard("1/4")?.replications(of: 10) == [1, 5, 9])
        #expect(Shard("3/4")?.replications(of: 3) == [])
        #expect(Shard("0/1")?.replications(of: 3) == [0, 1, 2])
        for bad in ["4/4", "-1/4", "1", "1/0", "x/2", "1/2/3", ""] { #expect(Shard(bad) == nil, "\(bad)") }
    }
}

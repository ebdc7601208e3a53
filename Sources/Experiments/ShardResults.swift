import Foundation
import Interchange
import QueueingNetwork
import ScenarioModel

/// Which replications one process runs: `index`, `index + count`, `index + 2·count`, …
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    /// Parses `I/N` with 0 ≤ I < N; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else { return nil }
        index = i
        count = n
    }

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 0 && index < count, "a shard index lies in 0..<count")
        self.index = index
        self.count = count
    }

    /// The replications of this shard out of `total`, in order.
    public func replications(of total: Int) -> [Int] { Array(stride(from: index, to: total, by: count)) }

    public var description: String { "\(index)/\(count)" }

    /// The file name a shard's results are written to.
    public var fileName: String { "partial-\(index)-of-\(count).json" }
}

/// The mergeable results of one shard: its replications, exactly, and what they are of.
///
/// Doubles are written in Swift's shortest form that reads back to the same bits (−0 and values
/// that are not finite as strings), so merged results are the replications themselves, and everything computed from them (in replication
/// order) is what one process running all replications computes.
public struct ShardResults: Codable, Sendable {
    /// What the results are of: shards merge only when all of this agrees.
    public struct Identity: Codable, Sendable, Hashable {
        public var onestopVersion: String
        public var scenario: String
        /// The scenario file as named on the command line (its stem is the default scenario name).
        public var scenarioPath: String
        /// SHA-256 of the scenario text, as `sha256sum` prints it.
        public var scenarioHash: String
        public var seed: UInt64
        /// Replications of the whole run (not of this shard).
        public var replications: Int
        /// Parse and compile warnings as printed; summary.json repeats them.
        public var warnings: [String]

        public init(onestopVersion: String, scenario: String, scenarioPath: String, scenarioText: String,
                    seed: UInt64, replications: Int, warnings: [String]) {
            self.onestopVersion = onestopVersion
            self.scenario = scenario
            self.scenarioPath = scenarioPath
            scenarioHash = ShardResults.fingerprint(scenarioText)
            self.seed = seed
            self.replications = replications
            self.warnings = warnings
        }
    }

    public static let format = "onestop-shard/4"

    public var format: String
    /// SHA-256 of the file's bytes with this value written as 64 zeros: every byte of the file is
    /// covered, so an edited number, a line deleted or a file cut short is refused on reading.
    public var contentSHA256: String
    public var identity: Identity
    public var shard: Int
    public var shards: Int
    /// The scenario itself, so that `merge` needs nothing but shard files.
    public var scenarioText: String
    /// This shard's replications, in replication order.
    public var results: [ReplicationResult]

    public init(identity: Identity, shard: Shard, scenarioText: String, results: [ReplicationResult]) {
        format = ShardResults.format
        contentSHA256 = ShardResults.unsealed
        self.identity = identity
        self.shard = shard.index
        shards = shard.count
        self.scenarioText = scenarioText
        self.results = results.sorted { $0.replication < $1.replication }
    }

    static let unsealed = String(repeating: "0", count: 64)
    static let sealKey = "\"contentSHA256\": \""

    /// The file's text: JSON, its keys in the order the types declare them, sealed with the SHA-256
    /// of its bytes (`contentSHA256`, the second key, written as zeros while hashing).
    public func encoded() -> String {
        var unsealedShard = self
        unsealedShard.contentSHA256 = Self.unsealed
        // Encoding plain values cannot fail; a failure is a program bug.
        let text = try! JSONValue.encoding(unsealedShard).rendered(.results)
        guard let range = Self.sealRange(in: text) else { preconditionFailure("a shard's text holds its seal") }
        return text.replacingCharacters(in: range, with: SHA256.hex(of: Data(text.utf8)))
    }

    /// Where the seal's 64 characters are in `text`: after the first `"contentSHA256": "`.
    private static func sealRange(in text: String) -> Range<String.Index>? {
        guard let key = text.range(of: sealKey),
              let end = text.index(key.upperBound, offsetBy: 64, limitedBy: text.endIndex) else { return nil }
        return key.upperBound..<end
    }

    /// Reads a shard file's bytes; `file` names it in errors.
    public static func decode(_ data: Data, file: String) throws(ShardError) -> ShardResults {
        let text = String(decoding: data, as: UTF8.self)
        let document: JSONValue
        do {
            document = try JSONValue.parse(text)
        } catch {
            throw ShardError(file: file, "not a shard file (not JSON, or truncated): \(error)")
        }
        guard case .object = document else { throw ShardError(file: file, "not a shard file (not a JSON object)") }
        let found = document["format"]?.text
        guard found == format else {
            throw ShardError(file: file, "not a shard file of this version (format \(found.map { "\"\($0)\"" } ?? "missing"), expected \"\(format)\")")
        }
        guard let seal = document["contentSHA256"]?.text, let range = sealRange(in: text), String(text[range]) == seal else {
            throw ShardError(file: file, "a damaged shard file: its content digest (contentSHA256) is missing")
        }
        guard SHA256.hex(of: Data(text.replacingCharacters(in: range, with: unsealed).utf8)) == seal else {
            throw ShardError(file: file, "its content does not match its digest (the file was edited or damaged); run the shard again")
        }
        let shard: ShardResults
        do {
            shard = try document.decoded(as: ShardResults.self)
        } catch {
            throw ShardError(file: file, "a damaged shard file: \(error)")
        }
        guard shard.shards >= 1, shard.shard >= 0, shard.shard < shard.shards else {
            throw ShardError(file: file, "shard \(shard.shard)/\(shard.shards) is not a valid shard")
        }
        guard fingerprint(shard.scenarioText) == shard.identity.scenarioHash else {
            throw ShardError(file: file, "the scenario text does not match its hash (the file was edited or damaged)")
        }
        return shard
    }

    /// The scenario text's SHA-256, as `sha256sum` prints it.
    public static func fingerprint(_ text: String) -> String {
        SHA256.hex(of: Data(text.utf8))
    }

    /// Combines shards into all replications of one run, in replication order.
    ///
    /// Refuses shards of different runs (scenario, seed, replications, version or warnings
    /// differ), a replication found twice, and replications that no shard holds.
    public static func merge(_ shards: [(file: String, shard: ShardResults)]) throws(ShardError) -> (identity: Identity, scenarioText: String, results: [ReplicationResult]) {
        guard let (firstFile, first) = shards.first else { throw ShardError(file: nil, "no shard files to merge") }
        let identity = first.identity
        var byReplication: [Int: String] = [:]
        var results: [ReplicationResult] = []
        for (file, shard) in shards {
            let other = shard.identity
            func differ(_ what: String, _ a: String, _ b: String) -> ShardError {
                ShardError(file: file, "belongs to another run: its \(what) is \(b), but \(firstFile) has \(a)")
            }
            if other.scenarioHash != identity.scenarioHash || shard.scenarioText != first.scenarioText {
                throw differ("scenario", "\"\(identity.scenario)\" (hash \(identity.scenarioHash))", "\"\(other.scenario)\" (hash \(other.scenarioHash))")
            }
            if other.seed != identity.seed { throw differ("seed", "\(identity.seed)", "\(other.seed)") }
            if other.replications != identity.replications {
                throw differ("replication count", "\(identity.replications)", "\(other.replications)")
            }
            if other.onestopVersion != identity.onestopVersion {
                throw differ("onestop version", identity.onestopVersion, other.onestopVersion)
            }
            if other.scenario != identity.scenario || other.scenarioPath != identity.scenarioPath || other.warnings != identity.warnings {
                throw differ("scenario path or warnings", "\(identity.scenarioPath) with \(identity.warnings.count) warnings",
                             "\(other.scenarioPath) with \(other.warnings.count) warnings")
            }
            for r in shard.results {
                guard r.replication >= 0 && r.replication < identity.replications else {
                    throw ShardError(file: file, "holds replication \(r.replication), outside 0..<\(identity.replications)")
                }
                if let earlier = byReplication[r.replication] {
                    throw ShardError(file: file, "holds replication \(r.replication), which \(earlier) holds too (the same shard given twice?)")
                }
                byReplication[r.replication] = file
                results.append(r)
            }
        }
        let missing = (0..<identity.replications).filter { byReplication[$0] == nil }
        guard missing.isEmpty else {
            let shown = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
            let counts = Set(shards.map(\.shard.shards))
            let hint = counts.count == 1 ? " (shards of \(counts.first!) given: \(shards.map { String($0.shard.shard) }.sorted().joined(separator: ", ")))" : ""
            throw ShardError(file: nil, "\(missing.count) of \(identity.replications) replications missing: \(shown)\(hint)")
        }
        results.sort { $0.replication < $1.replication }
        return (identity, first.scenarioText, results)
    }
}

/// A shard file that cannot be read or merged, with the file it is about.
public struct ShardError: Error, Sendable, CustomStringConvertible {
    public var file: String?
    public var message: String

    public init(file: String?, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { (file.map { "\($0): " } ?? "") + "error: " + message }
}

internal import Yams

extension ScenarioReader {
    static let maximumReplications = 1_000_000
    static let maximumBatches = 100_000
    static let runSection = Section(
        "Run control: how long each replication runs (duration or customers; with a campus, the term by default), warm-up, replications, seed.", [
            Field("duration", .duration(.positive), "Simulated time per replication, after the warm-up."),
            Field("customers", .integer(minimum: 1), "Stop each replication after this many arrivals (after the warm-up), instead of a duration."),
            Field("warmup", .custom(.object([
                ("description", "Statistics are reset at the end of the warm-up (default 0); auto chooses it from the data by MSER-5 (network models)."),
                ("anyOf", .array([ScenarioFormat.ref("duration"), ScenarioFormat.enumeration(["auto"], "Chosen by MSER-5 on the pooled replications.")])),
            ]))),
            Field("batches", .integer(minimum: 2, maximum: maximumBatches),
                  "Batch means: one long replication whose measured span is cut into this many batches (replications 1)."),
            Field("replications", .integer(minimum: 1, maximum: maximumReplications), "Independent replications (default 10)."),
            Field("seed", .seed, "Master seed: same seed, same results (default 1)."),
            Field("sample_every", .duration(.positive), "Write timeseries.csv with one row per station per sample time."),
        ])

    /// The `run:` section: `duration` or `customers` (exactly one), and the optional settings.
    ///
    /// With a `defaultDuration` (a campus scenario's term), neither is needed.
    mutating func run(_ node: Node, at path: FieldPath, defaultDuration: Double? = nil) -> RunControl? {
        let errorsBefore = errorCount
        let section = Self.runSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        var duration = value(fields, section["duration"])
        let customers = integer(fields, section["customers"])
        let warmupNode = fields["warmup"]
        let warmupAuto = warmupNode.map(Self.isAuto) ?? false
        let warmup = warmupAuto ? nil : warmupNode.flatMap { self.duration($0, at: path.key("warmup"), .nonNegative) }
        let batches = integer(fields, section["batches"])
        let replications = integer(fields, section["replications"])
        let seed = valueNode(fields, section["seed"]).flatMap { self.seed($0, at: path.key("seed")) }
        let sampleEvery = value(fields, section["sample_every"])

        switch (fields.has("duration"), fields.has("customers")) {
        case (false, false):
            if let defaultDuration { duration = defaultDuration } else { error(at: node, path, "needs duration or customers") }
        case (true, true):
            error(at: fields.keyNode("customers"), path.key("customers"), "give either duration or customers, not both")
        default:
            break
        }
        let campus = defaultDuration != nil
        if warmupAuto, campus, let warmupNode {
            error(at: warmupNode, path.key("warmup"),
                  "auto chooses a steady-state warm-up, and a campus term has none (its days open and close); give a time, or 0")
        }
        if let batches, let batchesNode = fields["batches"] {
            if campus {
                error(at: batchesNode, path.key("batches"),
                      "batch means need a steady state, and a campus term has none; use independent replications (leave batches out)")
            }
            if fields.has("customers") {
                error(at: batchesNode, path.key("batches"), "batches cut the run's duration into \(batches) equal spans: give run.duration, not customers")
            }
            if let replications, replications != 1, let replicationsNode = fields["replications"] {
                error(at: replicationsNode, path.key("replications"),
                      "batch means run one long replication: give replications: 1 (or leave it out) with batches")
            }
        }
        guard errorCount == errorsBefore else { return nil }
        return RunControl(
            duration: duration, customers: customers, warmup: warmup ?? 0, warmupAuto: warmupAuto, batches: batches,
            replications: replications ?? (batches == nil ? 10 : 1), seed: seed ?? 1, sampleEvery: sampleEvery,
            location: location(of: node))
    }

    /// Whether a `warmup` value is the word `auto`.
    static func isAuto(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, node.tagName == .str else { return false }
        return scalar.string == "auto"
    }

    /// A master seed: a whole number from 0 to 2⁶⁴ − 1.
    mutating func seed(_ node: Node, at path: FieldPath) -> UInt64? {
        if case .scalar(let scalar) = node, node.tagName == .int, !scalar.string.contains(":"),
           let seed = UInt.construct(from: scalar)
        {
            return UInt64(seed)
        }
        if let value = numericValue(node), value.isFinite, value == value.rounded() {
            if value < 0 {
                error(at: node, path, "must be at least 0, found \(formatted(value))")
                return nil
            }
            if value < 18_446_744_073_709_551_616 { return UInt64(value) }
            error(at: node, path, "must be less than 2^64, found \(formatted(value))")
            return nil
        }
        error(at: node, path, "expected a non-negative integer, found \(describe(node))")
        return nil
    }
}

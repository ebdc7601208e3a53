internal import Yams

extension ScenarioReader {
    static let runKeys = ["duration", "customers", "warmup", "replications", "seed", "sample_every"]
    static let maximumReplications = 1_000_000

    /// The `run:` section: `duration` or `customers` (exactly one), and the optional settings.
    ///
    /// With a `defaultDuration` (a campus scenario's term), neither is needed.
    mutating func run(_ node: Node, at path: FieldPath, defaultDuration: Double? = nil) -> RunControl? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.runKeys) else { return nil }
        var duration = fields["duration"].flatMap { self.duration($0, at: path.key("duration"), .positive) }
        let customers = fields["customers"].flatMap { integer($0, at: path.key("customers"), minimum: 1) }
        let warmup = fields["warmup"].flatMap { self.duration($0, at: path.key("warmup"), .nonNegative) }
        let replications = fields["replications"].flatMap {
            integer($0, at: path.key("replications"), minimum: 1, maximum: Self.maximumReplications)
        }
        let seed = fields["seed"].flatMap { self.seed($0, at: path.key("seed")) }
        let sampleEvery = fields["sample_every"].flatMap { self.duration($0, at: path.key("sample_every"), .positive) }

        switch (fields.has("duration"), fields.has("customers")) {
        case (false, false):
            if let defaultDuration { duration = defaultDuration } else { error(at: node, path, "needs duration or customers") }
        case (true, true):
            error(at: fields.keyNode("customers"), path.key("customers"), "give either duration or customers, not both")
        default:
            break
        }
        guard errorCount == errorsBefore else { return nil }
        return RunControl(
            duration: duration, customers: customers, warmup: warmup ?? 0, replications: replications ?? 10,
            seed: seed ?? 1, sampleEvery: sampleEvery, location: location(of: node))
    }

    /// A master seed: a whole number from 0 to 2⁶⁴ − 1.
    private mutating func seed(_ node: Node, at path: FieldPath) -> UInt64? {
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

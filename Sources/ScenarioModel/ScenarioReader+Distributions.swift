internal import Yams

/// What a distribution describes, which decides the units and support of its parameters.
enum DistributionRole {
    /// Service, patience and interarrival times: time-valued parameters may be durations like `"5 min"`.
    case time
    /// Batch sizes: parameters are plain numbers. An empirical distribution must list positive integers;
    /// any other distribution is allowed, and the engine rounds each draw to the nearest integer, at least 1.
    case count
}

/// The distributions a scenario may name, with the keys each takes.
enum DistributionKind: String, CaseIterable {
    case exponential, deterministic, uniform, triangular, erlang, gamma, lognormal, weibull, normal, empirical

    var parameters: [String] {
        switch self {
        case .exponential: ["mean", "rate"]
        case .deterministic: ["value"]
        case .uniform: ["min", "max"]
        case .triangular: ["min", "mode", "max"]
        case .erlang: ["k", "mean"]
        case .gamma, .weibull: ["shape", "scale"]
        case .lognormal, .normal: ["mean", "sd"]
        case .empirical: ["values", "weights"]
        }
    }

    /// Every parameter name of every distribution.
    static let allParameters = Set(allCases.flatMap(\.parameters))

    /// Every parameter, whichever distribution takes it: a time (a plain number for batch sizes) or a
    /// plain number, with its bound.
    static let parameterFields = Section([
        Field("mean", .duration(.positive)),
        Field("rate", .number(.positive), "Events per time unit."),
        Field("value", .duration(.nonNegative)),
        Field("min", .duration(.nonNegative)),
        Field("max", .duration(.nonNegative)),
        Field("mode", .duration(.nonNegative)),
        Field("k", .integer(minimum: 1), "Number of phases."),
        Field("shape", .number(.positive)),
        Field("scale", .duration(.positive)),
        Field("sd", .duration(.nonNegative)),
        Field("values", .custom(ScenarioFormat.list(ScenarioFormat.ref("duration"), "The values (positive integers for batch sizes)."))),
        Field("weights", .custom(ScenarioFormat.list(ScenarioFormat.number(minimum: 0), "One weight per value (default equal)."))),
    ])
}

extension ScenarioReader {
    /// A distribution written `{dist: NAME, ...}`, its parameters checked; `nil` after reporting.
    mutating func distribution(_ node: Node, at path: FieldPath, role: DistributionRole) -> DistributionSpec? {
        guard case .mapping = node else {
            error(at: node, path, "expected a distribution such as {dist: exponential, mean: 1}, found \(describe(node))")
            return nil
        }
        guard let all = entries(of: node, at: path) else { return nil }
        guard let nameNode = required(all, "dist"), let name = text(nameNode, at: path.key("dist")) else { return nil }
        guard let kind = DistributionKind(rawValue: name) else {
            let names = DistributionKind.allCases.map(\.rawValue)
            error(at: nameNode, path.key("dist"), Suggestion.unknown("distribution", name, among: names))
            return nil
        }
        guard let fields = fields(of: node, at: path, keys: ["dist"] + kind.parameters) else { return nil }
        return DistributionReading(fields: fields, role: role).read(kind, with: &self)
    }
}

/// Reads the parameters of one distribution, reporting through the scenario reader.
private struct DistributionReading {
    let fields: Fields
    let role: DistributionRole

    /// Largest time (or batch size) a parameter may give: the draws and the sums the samplers
    /// form from it stay finite, and the event calendar's times far from their precision's end.
    static let maximumValue = 1e9
    /// Largest ratio of a lognormal's sd to its mean: past it the log's variance overflows, and the
    /// draws are infinite or 0.
    static let maximumLognormalSpread = 1_000.0

    /// A required parameter within its bound: a duration when it is a time and the distribution
    /// describes times, else a plain number; a time (or batch size) at most `maximumValue`.
    func parameter(_ key: String, _ reader: inout ScenarioReader) -> Double? {
        guard let node = reader.required(fields, key) else { return nil }
        let path = fields.path.key(key)
        switch DistributionKind.parameterFields[key].type {
        case .duration(let bound):
            let value = role == .time ? reader.duration(node, at: path, bound) : reader.number(node, at: path, bound)
            return value.flatMap { atMostMaximum($0, node, path, &reader) }
        case .number(let bound): return reader.number(node, at: path, bound)
        default: preconditionFailure("\(key) is not a numeric parameter")
        }
    }

    /// `value`, or `nil` after reporting it past `maximumValue`.
    private func atMostMaximum(_ value: Double, _ node: Node, _ path: FieldPath, _ reader: inout ScenarioReader) -> Double? {
        guard value > Self.maximumValue else { return value }
        reader.error(at: node, path, "must be at most \(formatted(Self.maximumValue)), found \(formatted(value))")
        return nil
    }

    func read(_ kind: DistributionKind, with reader: inout ScenarioReader) -> DistributionSpec? {
        switch kind {
        case .exponential:
            return exponential(&reader)
        case .deterministic:
            return parameter("value", &reader).map { .deterministic(value: $0) }
        case .uniform:
            let low = parameter("min", &reader)
            let high = parameter("max", &reader)
            guard let low, let high else { return nil }
            guard high >= low else {
                return reject("max", "must be at least min (\(formatted(low))), found \(formatted(high))", &reader)
            }
            return .uniform(min: low, max: high)
        case .triangular:
            let low = parameter("min", &reader)
            let mode = parameter("mode", &reader)
            let high = parameter("max", &reader)
            guard let low, let mode, let high else { return nil }
            guard high > low else {
                return reject("max", "must be greater than min (\(formatted(low))), found \(formatted(high))", &reader)
            }
            guard low <= mode, mode <= high else {
                return reject("mode", "must lie between min (\(formatted(low))) and max (\(formatted(high))), found \(formatted(mode))", &reader)
            }
            return .triangular(min: low, mode: mode, max: high)
        case .erlang:
            let k = reader.integer(fields, DistributionKind.parameterFields["k"].with(required: true))
            let mean = parameter("mean", &reader)
            guard let k, let mean else { return nil }
            return .erlang(k: k, mean: mean)
        case .gamma, .weibull:
            let shape = parameter("shape", &reader)
            let scale = parameter("scale", &reader)
            guard let shape, let scale else { return nil }
            return kind == .gamma ? .gamma(shape: shape, scale: scale) : .weibull(shape: shape, scale: scale)
        case .lognormal, .normal:
            let mean = parameter("mean", &reader)
            let sd = parameter("sd", &reader)
            guard let mean, let sd else { return nil }
            if kind == .lognormal, sd > Self.maximumLognormalSpread * mean {
                return reject("sd", "must be at most \(formatted(Self.maximumLognormalSpread)) times the mean (\(formatted(mean))), found \(formatted(sd))", &reader)
            }
            return kind == .lognormal ? .lognormal(mean: mean, sd: sd) : .normal(mean: mean, sd: sd)
        case .empirical:
            return empirical(&reader)
        }
    }

    /// `mean`, or `rate` (per time unit, a plain number): exactly one of them.
    private func exponential(_ reader: inout ScenarioReader) -> DistributionSpec? {
        switch (fields["mean"], fields["rate"]) {
        case (nil, nil):
            reader.error(at: fields.node, fields.path.key("mean"), "required key is missing (or give 'rate')")
            return nil
        case (.some, .some):
            return reject("rate", "give either mean or rate, not both", &reader, atKey: true)
        case (.some, nil):
            return parameter("mean", &reader).map { .exponential(mean: $0) }
        case (nil, .some):
            return parameter("rate", &reader).map { .exponential(mean: 1 / $0) }
        }
    }

    /// `values` (times, or positive integers for batch sizes) and optional `weights` of the same length.
    private func empirical(_ reader: inout ScenarioReader) -> DistributionSpec? {
        let valuesPath = fields.path.key("values")
        guard let valuesNode = reader.required(fields, "values"),
              let nodes = reader.list(valuesNode, at: valuesPath, of: "values")
        else { return nil }
        let values: [Double?] = nodes.enumerated().map { index, node in
            let path = valuesPath.index(index)
            let value = switch role {
            case .time: reader.duration(node, at: path, .nonNegative)
            case .count: reader.integer(node, at: path, minimum: 1).map(Double.init)
            }
            return value.flatMap { atMostMaximum($0, node, path, &reader) }
        }
        var weights: [Double?] = []
        if let weightsNode = fields["weights"] {
            let weightsPath = fields.path.key("weights")
            guard let weightNodes = reader.list(weightsNode, at: weightsPath, of: "weights") else { return nil }
            weights = weightNodes.enumerated().map { index, node in
                reader.number(node, at: weightsPath.index(index), .nonNegative)
            }
            if weightNodes.count != nodes.count {
                reader.error(at: weightsNode, weightsPath,
                             "expected \(nodes.count) weights, one per value, found \(weightNodes.count)")
                return nil
            }
        }
        let readValues = values.compactMap { $0 }, readWeights = weights.compactMap { $0 }
        guard readValues.count == values.count, readWeights.count == weights.count else { return nil }
        if !readWeights.isEmpty, readWeights.reduce(0, +) <= 0 {
            return reject("weights", "must not all be 0", &reader)
        }
        return .empirical(values: readValues, weights: readWeights)
    }

    /// Reports a problem with a parameter that was read, at its value (or its key), and returns `nil`.
    private func reject(_ key: String, _ message: String, _ reader: inout ScenarioReader, atKey: Bool = false)
        -> DistributionSpec?
    {
        let node = atKey ? fields.keyNode(key) : fields[key] ?? fields.node
        reader.error(at: node, fields.path.key(key), message)
        return nil
    }
}

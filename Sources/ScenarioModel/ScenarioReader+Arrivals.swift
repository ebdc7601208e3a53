internal import Yams

extension ScenarioReader {
    static let processKeys = ["rate", "interarrival", "rate_profile", "rate_function"]
    static let arrivalKeys = ["to", "class"] + processKeys + ["batch"]
    /// Most steps a rate profile may have, so that a typo in `step` cannot ask for billions of rates.
    static let maximumProfileSteps = 1_000_000

    /// The `arrivals:` list.
    mutating func arrivals(_ node: Node, at path: FieldPath) -> [ArrivalStream] {
        guard let nodes = list(node, at: path, of: "arrivals", maximum: Self.maximumArrivalStreams) else {
            referencesIntact = false
            return []
        }
        return nodes.enumerated().compactMap { index, node in arrival(node, at: path.index(index)) }
    }

    private mutating func arrival(_ node: Node, at path: FieldPath) -> ArrivalStream? {
        guard let fields = fields(of: node, at: path, keys: Self.arrivalKeys) else {
            referencesIntact = false
            return nil
        }
        let target = required(fields, "to").flatMap { stationReference($0, at: path.key("to")) }
        let classId = arrivalClass(fields, at: path)
        if let target, let classId { arrivalRefs.append((target, classId)) } else { referencesIntact = false }
        let process = process(fields, at: path)
        let batch = fields["batch"].flatMap { distribution($0, at: path.key("batch"), role: .count) }
        guard let target, let classId, let process, batch != nil || !fields.has("batch") else { return nil }
        return ArrivalStream(to: target, classId: classId, process: process, batch: batch, location: location(of: node))
    }

    /// A station id that must exist (`exit` is no station).
    mutating func stationReference(_ node: Node, at path: FieldPath) -> String? {
        guard let id = text(node, at: path) else { return nil }
        if id == "exit" {
            error(at: node, path, "'exit' is not a station: it means leaving the network")
            return nil
        }
        guard stationIdSet.contains(id) else {
            if stationsRead { error(at: node, path, unknownStation(id)) }
            return nil
        }
        return id
    }

    /// A class id that must exist.
    mutating func classReference(_ node: Node, at path: FieldPath) -> String? {
        guard let id = text(node, at: path) else { return nil }
        guard classIds.contains(id) else {
            if classesRead { error(at: node, path, unknown("class", id, among: classIds)) }
            return nil
        }
        return id
    }

    /// The arrival's class: required when there are several classes, else the only one.
    private mutating func arrivalClass(_ fields: Fields, at path: FieldPath) -> String? {
        if let node = fields["class"] { return classReference(node, at: path.key("class")) }
        if classIds.count == 1 { return classIds.first }
        if classIds.count > 1 {
            error(at: fields.node, path.key("class"), "required key is missing: the scenario has several classes")
        }
        return nil
    }

    /// Exactly one of `rate`, `interarrival`, `rate_profile` and `rate_function`.
    private mutating func process(_ fields: Fields, at path: FieldPath) -> ArrivalProcessSpec? {
        let given = Self.processKeys.filter(fields.has)
        guard let key = given.first, let node = fields[key] else {
            error(at: fields.node, path, "needs one of rate, interarrival, rate_profile or rate_function")
            return nil
        }
        for extra in given.dropFirst() {
            error(at: fields.keyNode(extra), path.key(extra),
                  "give only one of rate, interarrival, rate_profile or rate_function (found \(key) too)")
        }
        let keyPath = path.key(key)
        let process: ArrivalProcessSpec? = switch key {
        case "rate": number(node, at: keyPath, .positive).map { .poisson(rate: $0) }
        case "interarrival": distribution(node, at: keyPath, role: .time).map { .renewal(interarrival: $0) }
        case "rate_profile": rateProfile(node, at: keyPath)
        default: rateFunction(node, at: keyPath)
        }
        return given.count == 1 ? process : nil
    }

    /// `{period, step, rates}`: one rate per step, the period a whole number of steps.
    private mutating func rateProfile(_ node: Node, at path: FieldPath) -> ArrivalProcessSpec? {
        guard let fields = fields(of: node, at: path, keys: ["period", "step", "rates"]) else { return nil }
        let period = required(fields, "period").flatMap { duration($0, at: path.key("period"), .positive) }
        let step = required(fields, "step").flatMap { duration($0, at: path.key("step"), .positive) }
        let ratesPath = path.key("rates")
        let rateNodes = required(fields, "rates").flatMap { list($0, at: ratesPath, of: "rates") }
        let rates = rateNodes?.enumerated().map { index, node in number(node, at: ratesPath.index(index), .nonNegative) }
        guard let period, let step, let rates, let ratesNode = fields["rates"] else { return nil }

        let steps = period / step
        let whole = steps.rounded()
        guard whole >= 1, abs(steps - whole) <= 1e-9 * steps else {
            error(at: fields.keyNode("step"), path.key("step"),
                  "the period (\(formatted(period))) is not a whole number of steps of \(formatted(step))")
            return nil
        }
        guard whole <= Double(Self.maximumProfileSteps) else {
            error(at: fields.keyNode("step"), path.key("step"),
                  "the period holds \(formatted(whole)) steps; at most \(Self.maximumProfileSteps) are supported")
            return nil
        }
        guard rates.count == Int(whole) else {
            error(at: ratesNode, ratesPath, "expected \(Int(whole)) rates (period / step), found \(rates.count)")
            return nil
        }
        let read = rates.compactMap { $0 }
        guard read.count == rates.count else { return nil }
        guard read.contains(where: { $0 > 0 }) else {
            error(at: ratesNode, ratesPath, "at least one rate must be greater than 0")
            return nil
        }
        return .rateProfile(period: period, step: step, rates: read)
    }

    /// `{base, amplitude, period}` for rate(t) = base + amplitude·sin(2πt/period), never negative.
    private mutating func rateFunction(_ node: Node, at path: FieldPath) -> ArrivalProcessSpec? {
        guard let fields = fields(of: node, at: path, keys: ["base", "amplitude", "period"]) else { return nil }
        let base = required(fields, "base").flatMap { number($0, at: path.key("base"), .positive) }
        let amplitude = required(fields, "amplitude").flatMap { number($0, at: path.key("amplitude")) }
        let period = required(fields, "period").flatMap { duration($0, at: path.key("period"), .positive) }
        guard let base, let amplitude, let period, let amplitudeNode = fields["amplitude"] else { return nil }
        guard abs(amplitude) <= base else {
            error(at: amplitudeNode, path.key("amplitude"),
                  "must be at most base (\(formatted(base))) in size, or the rate would go below 0; found \(formatted(amplitude))")
            return nil
        }
        return .rateFunction(base: base, amplitude: amplitude, period: period)
    }
}

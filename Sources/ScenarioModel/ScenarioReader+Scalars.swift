import Interchange
internal import Yams

/// The values a number may take.
enum Bound {
    case any
    case positive
    case nonNegative

    func admits(_ value: Double) -> Bool {
        switch self {
        case .any: true
        case .positive: value > 0
        case .nonNegative: value >= 0
        }
    }

    var requirement: String {
        switch self {
        case .any: ""
        case .positive: "must be greater than 0"
        case .nonNegative: "must be at least 0"
        }
    }
}

/// A number as diagnostics print it: `480` rather than `480.0`.
func formatted(_ value: Double) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

extension ScenarioReader {
    /// What a node holds, in words, for "expected X, found Y".
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a map"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch node.tagName {
            case .null: return scalar.string.isEmpty ? "nothing" : "null"
            case .bool: return "the boolean \(scalar.string)"
            case .int, .float:
                return scalar.string.contains(":") ? "the clock time \(scalar.string)" : "the number \(scalar.string)"
            default:
                let text = scalar.string.count > 30 ? scalar.string.prefix(27) + "..." : scalar.string
                return "the string \"\(text)\""
            }
        }
    }

    /// A scalar's text, whatever YAML would make of it (an id `yes` stays `"yes"`); `nil` after
    /// reporting for a map, a list, null or an empty string.
    mutating func text(_ node: Node, at path: FieldPath) -> String? {
        guard case .scalar(let scalar) = node, node.tagName != .null else {
            error(at: node, path, "expected a string, found \(describe(node))")
            return nil
        }
        guard !scalar.string.isEmpty else {
            error(at: node, path, "must not be empty")
            return nil
        }
        return scalar.string
    }

    /// An id or a name: a string without control characters (C0, DEL, C1) or bidirectional
    /// formatting characters, which would garble or disguise it in a terminal and in the reports.
    mutating func name(_ node: Node, at path: FieldPath) -> String? {
        guard let name = text(node, at: path) else { return nil }
        if let (offset, scalar) = name.unicodeScalars.enumerated().first(where: { FileName.isControl($0.element) }) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            error(at: node, path, "must not contain control or bidirectional formatting characters, found U+"
                  + String(repeating: "0", count: max(0, 4 - code.count)) + code + " at character \(offset + 1)")
            return nil
        }
        return name
    }

    /// A finite number within `bound`; booleans, null, strings, `.inf` and `.nan` are reported.
    mutating func number(_ node: Node, at path: FieldPath, _ bound: Bound = .any) -> Double? {
        guard let value = numericValue(node) else {
            error(at: node, path, "expected a number, found \(describe(node))")
            return nil
        }
        return checked(value, node, path, bound)
    }

    /// A time: a plain number in the scenario's unit, or a string with its own unit such as `"5 min"`.
    mutating func duration(_ node: Node, at path: FieldPath, _ bound: Bound = .any) -> Double? {
        if let value = numericValue(node) { return checked(value, node, path, bound) }
        guard case .scalar(let scalar) = node, node.tagName == .str else {
            error(at: node, path, "expected a duration (a number, or a string such as \"5 min\"), found \(describe(node))")
            return nil
        }
        guard let value = DurationText.value(of: scalar.string, in: timeUnit) else {
            error(at: node, path, "cannot read \"\(scalar.string)\" as a duration; write a number and a unit: s, min, h, d or w")
            return nil
        }
        return checked(value, node, path, bound)
    }

    /// A whole number from `minimum` to `maximum`; a number like `2.0` or `1e6` counts as whole.
    mutating func integer(_ node: Node, at path: FieldPath, minimum: Int = .min, maximum: Int = .max) -> Int? {
        guard case .scalar(let scalar) = node, let value = numericValue(node) else {
            error(at: node, path, "expected an integer, found \(describe(node))")
            return nil
        }
        let exact = node.tagName == .int ? Int.construct(from: scalar) : nil
        guard let integer = exact ?? wholeNumber(value) else {
            let problem = value == value.rounded() ? "is too large" : "expected an integer, found \(scalar.string)"
            error(at: node, path, problem)
            return nil
        }
        guard integer >= minimum, integer <= maximum else {
            let requirement = maximum == .max ? "must be at least \(minimum)" : "must be from \(minimum) to \(maximum)"
            error(at: node, path, "\(requirement), found \(integer)")
            return nil
        }
        return integer
    }

    /// One of a fixed set of names, with a "did you mean" for a near miss.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ node: Node, at path: FieldPath, _ what: String, of type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        guard let name = text(node, at: path) else { return nil }
        if let choice = Choice(rawValue: name) { return choice }
        error(at: node, path, Suggestion.unknown(what, name, among: Choice.allCases.map(\.rawValue)))
        return nil
    }

    /// The number a plain scalar resolves to, or `nil` for anything else (including quoted digits).
    ///
    /// YAML 1.1 reads `8:30` as the base-60 number 510; that is refused, both because it is ambiguous
    /// for times and because Yams' conversion traps on overflow.
    func numericValue(_ node: Node) -> Double? {
        guard case .scalar(let scalar) = node, !scalar.string.contains(":") else { return nil }
        switch node.tagName {
        case .int: return Int.construct(from: scalar).map(Double.init) ?? Double.construct(from: scalar)
        case .float: return Double.construct(from: scalar)
        default: return nil
        }
    }

    private func wholeNumber(_ value: Double) -> Int? {
        guard value == value.rounded(), abs(value) <= 9_007_199_254_740_992 else { return nil }
        return Int(value)
    }

    private mutating func checked(_ value: Double, _ node: Node, _ path: FieldPath, _ bound: Bound) -> Double? {
        guard value.isFinite else {
            error(at: node, path, "expected a finite number, found \(describe(node))")
            return nil
        }
        guard bound.admits(value) else {
            error(at: node, path, "\(bound.requirement), found \(formatted(value))")
            return nil
        }
        return value
    }
}

extension Node {
    /// The node's resolved YAML tag (`tag:yaml.org,2002:int`, ...): plain scalars by their form,
    /// quoted scalars as strings.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}

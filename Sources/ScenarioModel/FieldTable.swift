internal import Yams

/// What one key of a section holds; it decides both the reader's check and the schema's property.
enum FieldType: Sendable {
    /// A time: a number in the scenario's unit, or a string with its own unit (at least 0, or above 0).
    case duration(Bound)
    /// Hours as a plain number whatever the scenario's unit, or a string with its own unit.
    case hours(Bound)
    /// A whole number from `minimum` to `maximum`.
    case integer(minimum: Int? = nil, maximum: Int? = nil)
    /// A whole number from `minimum`, at most a size limit: past it, a replication would exhaust
    /// memory or not end.
    case count(minimum: Int, limit: Int)
    /// A finite number within the bound.
    case number(Bound)
    /// A finite number above 0 and at most `maximum`.
    case positiveNumber(maximum: Double)
    /// A number from 0 to 1, or below 1 when `belowOne`.
    case share(belowOne: Bool)
    /// A non-empty string.
    case text
    /// An id or a name: a non-empty string without control or bidirectional formatting characters.
    case name
    /// One of a fixed set of names.
    case choice([String])
    /// A distribution of times or of counts.
    case distribution(DistributionRole)
    /// A master seed: a whole number from 0 to 2⁶⁴ − 1.
    case seed
    /// A time within the day (from 0 to a whole day).
    case timeOfDay
    /// Read by the section's own code; the schema describes it.
    case custom(SchemaValue)
}

/// One key of a section: its name, what it holds, whether it must be there, and what it means.
struct Field: Sendable {
    var name: String
    var type: FieldType
    var isRequired: Bool
    var doc: String?

    init(_ name: String, _ type: FieldType, required: Bool = false, _ doc: String? = nil) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.doc = doc
    }

    /// A list element's required id, unique among the list's.
    static func id(_ what: String) -> Field {
        Field("id", .name, required: true, "The \(what)'s id, unique among them.")
    }

    /// The same integer field with its maximum lowered to `maximum` when there is one.
    func narrowed(maximum: Int?) -> Field {
        guard let maximum, case .integer(let low, _) = type else { return self }
        var field = self
        field.type = .integer(minimum: low, maximum: maximum)
        return field
    }

    /// The same field, required or not.
    func with(required: Bool) -> Field {
        var field = self
        field.isRequired = required
        return field
    }

    /// The field's JSON Schema property.
    var schema: SchemaValue {
        typealias F = ScenarioFormat
        switch type {
        case .duration(let bound), .hours(let bound):
            return F.ref(bound == .positive ? "positiveDuration" : "duration", doc)
        case .timeOfDay:
            return F.ref("timeOfDay", doc)
        case .integer(let minimum, let maximum):
            return F.integer(minimum: minimum, maximum: maximum, doc)
        case .count(let minimum, let limit):
            return F.integer(minimum: minimum, maximum: limit, doc)
        case .seed:
            return F.integer(minimum: 0, doc)
        case .number(.positive):
            return F.number(exclusiveMinimum: 0, doc)
        case .number(.nonNegative):
            return F.number(minimum: 0, doc)
        case .number(.any):
            return F.number(doc)
        case .positiveNumber(let maximum):
            return F.number(exclusiveMinimum: 0, maximum: maximum, doc)
        case .share(let belowOne):
            return F.share(belowOne: belowOne, doc!)
        case .text, .name:
            return F.string(doc!, minLength: 1)
        case .choice(let values):
            return F.enumeration(values, doc!)
        case .distribution:
            return F.ref("distribution", doc)
        case .custom(let schema):
            return schema
        }
    }
}

/// The keys of one map in the scenario format, in the order the schema lists them.
///
/// The reader checks a map's keys against `keys` and reads each field by its type through the
/// `ScenarioReader` methods below; the schema renders the same table, so a new key is one new row.
struct Section: Sendable {
    var doc: String?
    var fields: [Field]

    init(_ doc: String?, _ fields: [Field]) {
        self.doc = doc
        self.fields = fields
    }

    /// A section without a description of its own (a list's elements).
    init(_ fields: [Field]) { self.init(nil, fields) }

    var keys: [String] { fields.map(\.name) }

    /// The field named `name`; a name the table lacks is a program bug.
    subscript(name: String) -> Field {
        guard let field = fields.first(where: { $0.name == name }) else { preconditionFailure("no field '\(name)' in \(keys)") }
        return field
    }

    /// The map's schema: its doc, its properties, the required keys, then `extra`, and no other keys.
    func schema(extra: [(String, SchemaValue)] = []) -> SchemaValue {
        var entries: [(String, SchemaValue)] = []
        if let doc { entries.append(("description", .string(doc))) }
        entries += [("type", "object"), ("properties", .object(fields.map { ($0.name, $0.schema) }))]
        let required = fields.filter(\.isRequired).map(\.name)
        if !required.isEmpty { entries.append(("required", .array(required.map { .string($0) }))) }
        entries += extra
        entries.append(("additionalProperties", false))
        return .object(entries)
    }
}

extension ScenarioReader {
    /// The entries of the map at `node`, each key checked against the section's.
    mutating func fields(of node: Node, at path: FieldPath, _ section: Section, expecting expected: String = "a map") -> Fields? {
        fields(of: node, at: path, keys: section.keys, expecting: expected)
    }

    /// The field's node: reported missing when it is required and absent.
    mutating func valueNode(_ fields: Fields, _ field: Field) -> Node? {
        field.isRequired ? required(fields, field.name) : fields[field.name]
    }

    /// A numeric field (a time, hours, a time of day, a number or a share) read and checked by its type.
    mutating func value(_ fields: Fields, _ field: Field) -> Double? {
        guard let node = valueNode(fields, field) else { return nil }
        let path = fields.path.key(field.name)
        switch field.type {
        case .duration(let bound): return duration(node, at: path, bound)
        case .hours(let bound): return hours(node, at: path, bound)
        case .timeOfDay: return timeOfDay(node, at: path)
        case .number(let bound): return number(node, at: path, bound)
        case .positiveNumber(let maximum):
            guard let value = number(node, at: path, .positive) else { return nil }
            guard value <= maximum else {
                error(at: node, path, "must be at most \(formatted(maximum)), found \(formatted(value))")
                return nil
            }
            return value
        case .share(let belowOne): return share(node, at: path, belowOne: belowOne)
        default: preconditionFailure("\(field.name) is not a number")
        }
    }

    /// A whole-number field within its bounds.
    mutating func integer(_ fields: Fields, _ field: Field) -> Int? {
        let path = fields.path.key(field.name)
        switch field.type {
        case .integer(let minimum, let maximum):
            return valueNode(fields, field).flatMap { integer($0, at: path, minimum: minimum ?? .min, maximum: maximum ?? .max) }
        case .count(let minimum, let limit):
            guard let node = valueNode(fields, field), let value = integer(node, at: path, minimum: minimum) else { return nil }
            guard value <= limit else {
                error(at: node, path, "must be at most \(limit), found \(value)")
                return nil
            }
            return value
        default:
            preconditionFailure("\(field.name) is not an integer")
        }
    }

    /// A string field; an id or a name is checked for hidden characters.
    mutating func text(_ fields: Fields, _ field: Field) -> String? {
        let path = fields.path.key(field.name)
        switch field.type {
        case .text: return valueNode(fields, field).flatMap { text($0, at: path) }
        case .name: return valueNode(fields, field).flatMap { name($0, at: path) }
        default: preconditionFailure("\(field.name) is not a string")
        }
    }

    /// A distribution field, of times or counts as the table says.
    mutating func distribution(_ fields: Fields, _ field: Field) -> DistributionSpec? {
        guard case .distribution(let role) = field.type else { preconditionFailure("\(field.name) is not a distribution") }
        return valueNode(fields, field).flatMap { distribution($0, at: fields.path.key(field.name), role: role) }
    }

    /// A field naming one of `type`'s cases, with a "did you mean" for a near miss.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(
        _ fields: Fields, _ field: Field, _ what: String, of type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        guard case .choice(let values) = field.type, values == Choice.allCases.map(\.rawValue) else {
            preconditionFailure("\(field.name) does not name \(Choice.self)")
        }
        return valueNode(fields, field).flatMap { choice($0, at: fields.path.key(field.name), what, of: type) }
    }
}

extension JSONValue {
    /// `value` as a document, through its `Encodable` conformance.
    ///
    /// Doubles are kept exactly: a finite one as a number in the shortest form that reads back to the
    /// same bits, −0 and values that are not finite as the strings `"-0"`, `"nan"`, `"inf"` and `"-inf"`.
    /// A `nil` optional is left out of an object and written `null` in a list.
    public static func encoding<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = EncodedNode()
        try value.encode(to: ValueEncoder(node: root, codingPath: []))
        return root.value
    }

    /// A value of type `T` read from the document through its `Decodable` conformance; the inverse of
    /// `encoding(_:)`. A failure names the path of the value it is about (`results[3].stations[0][2]`).
    public func decoded<T: Decodable>(as type: T.Type = T.self) throws -> T {
        try T(from: ValueDecoder(value: self, codingPath: []))
    }

    /// A value that could not be read as the type asked for, with where it is in the document.
    public struct DecodingFailure: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { (path.isEmpty ? "" : path + ": ") + message }
    }
}

// MARK: Paths

private func pathText(_ codingPath: [any CodingKey]) -> String {
    var out = ""
    for key in codingPath {
        if let index = key as? IndexKey { out += "[\(index.intValue ?? 0)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
    }
    return out
}

private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}

private func failure(_ codingPath: [any CodingKey], _ message: String) -> JSONValue.DecodingFailure {
    JSONValue.DecodingFailure(path: pathText(codingPath), message: message)
}

// MARK: Numbers

private enum ExactNumber {
    static func json(_ x: Double) -> JSONValue {
        if x.isNaN { return .string("nan") }
        if x == .infinity { return .string("inf") }
        if x == -.infinity { return .string("-inf") }
        if x == 0 && x.sign == .minus { return .string("-0") }
        return .number(x)
    }

    static func double(_ v: JSONValue) -> Double? {
        switch v {
        case .number(let x): x
        case .unsigned(let x): Double(x)
        case .string("nan"): .nan
        case .string("inf"): .infinity
        case .string("-inf"): -.infinity
        case .string("-0"): -0.0
        default: nil
        }
    }

    static func json<I: FixedWidthInteger>(_ x: I) -> JSONValue {
        if x >= 0, UInt64(x) >= 1 << 53 { return .unsigned(UInt64(x)) }
        if x < 0, Int64(x) <= -(1 << 53) { return .string(String(x)) }
        return .number(Double(x))
    }

    static func integer<I: FixedWidthInteger>(_ v: JSONValue, _ type: I.Type) -> I? {
        switch v {
        case .unsigned(let x): I(exactly: x)
        case .number(let x): I(exactly: x)
        case .string(let s): I(s)
        default: nil
        }
    }
}

// MARK: Encoding

/// A node of the document being built; containers fill it in as the value encodes itself.
private final class EncodedNode {
    enum Kind { case scalar, object, array }

    var kind = Kind.scalar
    var scalar = JSONValue.null
    var members: [(key: String, node: EncodedNode)] = []
    var items: [EncodedNode] = []

    var value: JSONValue {
        switch kind {
        case .scalar: scalar
        case .object: .object(members.map { ($0.key, $0.node.value) })
        case .array: .array(items.map(\.value))
        }
    }

    func set(_ value: JSONValue) {
        kind = .scalar
        scalar = value
    }

    func child(forKey key: String) -> EncodedNode {
        makeObject()
        if let existing = members.first(where: { $0.key == key }) { return existing.node }
        let node = EncodedNode()
        members.append((key, node))
        return node
    }

    func appendChild() -> EncodedNode {
        makeArray()
        let node = EncodedNode()
        items.append(node)
        return node
    }

    func makeObject() { kind = .object }
    func makeArray() { kind = .array }
}

private struct ValueEncoder: Encoder {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleEncoder(node: node, codingPath: codingPath)
    }
}

/// Writes one value into a node: scalars directly, anything else through its own `encode(to:)`.
private func encode<T: Encodable>(_ value: T, into node: EncodedNode, _ codingPath: [any CodingKey]) throws {
    switch value {
    case let x as Double: node.set(ExactNumber.json(x))
    case let x as Float: node.set(ExactNumber.json(Double(x)))
    case let x as Int: node.set(ExactNumber.json(x))
    case let x as Int32: node.set(ExactNumber.json(x))
    case let x as Int64: node.set(ExactNumber.json(x))
    case let x as UInt64: node.set(ExactNumber.json(x))
    case let x as UInt32: node.set(ExactNumber.json(x))
    case let x as String: node.set(.string(x))
    case let x as Bool: node.set(.bool(x))
    default: try value.encode(to: ValueEncoder(node: node, codingPath: codingPath))
    }
}

private struct KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.child(forKey: key.stringValue).set(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try Interchange.encode(value, into: node.child(forKey: key.stringValue), codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(KeyedEncoder<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue)
        child.makeArray()
        return UnkeyedEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(node: node.child(forKey: "super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedEncoder: UnkeyedEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var count: Int { node.items.count }

    mutating func encodeNil() throws { node.appendChild().set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = IndexKey(count)
        try Interchange.encode(value, into: node.appendChild(), codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = IndexKey(count)
        let child = node.appendChild()
        child.makeObject()
        return KeyedEncodingContainer(KeyedEncoder<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = IndexKey(count)
        let child = node.appendChild()
        child.makeArray()
        return UnkeyedEncoder(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let key = IndexKey(count)
        return ValueEncoder(node: node.appendChild(), codingPath: codingPath + [key])
    }
}

private struct SingleEncoder: SingleValueEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws { try Interchange.encode(value, into: node, codingPath) }
}

// MARK: Decoding

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let entries) = value else { throw failure(codingPath, "expected an object") }
        return KeyedDecodingContainer(KeyedDecoder<Key>(entries: entries, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw failure(codingPath, "expected a list") }
        return UnkeyedDecoder(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleDecoder(value: value, codingPath: codingPath)
    }
}

/// Reads one value of type `T`: scalars directly, anything else through its own `init(from:)`.
private func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, _ codingPath: [any CodingKey]) throws -> T {
    func scalar<S>(_ s: S?, _ what: String) throws -> T {
        guard let s else { throw failure(codingPath, "expected \(what)") }
        return s as! T
    }
    switch type {
    case is Double.Type: return try scalar(ExactNumber.double(value), "a number")
    case is Float.Type: return try scalar(ExactNumber.double(value).map(Float.init), "a number")
    case is Int.Type: return try scalar(ExactNumber.integer(value, Int.self), "an integer")
    case is Int32.Type: return try scalar(ExactNumber.integer(value, Int32.self), "an integer")
    case is Int64.Type: return try scalar(ExactNumber.integer(value, Int64.self), "an integer")
    case is UInt64.Type: return try scalar(ExactNumber.integer(value, UInt64.self), "a whole number")
    case is UInt32.Type: return try scalar(ExactNumber.integer(value, UInt32.self), "a whole number")
    case is String.Type:
        if case .string(let s) = value { return s as! T }
        throw failure(codingPath, "expected a string")
    case is Bool.Type: return try scalar(value.boolean, "true or false")
    default: return try T(from: ValueDecoder(value: value, codingPath: codingPath))
    }
}

private struct KeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let entries: [(key: String, value: JSONValue)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.key) } }

    private func lookUp(_ key: String) -> JSONValue? { entries.first { $0.key == key }?.value }

    func contains(_ key: Key) -> Bool { lookUp(key.stringValue) != nil }

    private func entry(_ key: Key) throws -> JSONValue {
        guard let v = lookUp(key.stringValue) else { throw failure(codingPath + [key], "missing") }
        return v
    }

    func decodeNil(forKey key: Key) throws -> Bool { try entry(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try Interchange.decode(type, from: entry(key), codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: entry(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: entry(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: lookUp("super") ?? .null, codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: try entry(key), codingPath: codingPath + [key])
    }
}

private struct UnkeyedDecoder: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (JSONValue, [any CodingKey]) {
        let path = codingPath + [IndexKey(currentIndex)]
        guard !isAtEnd else { throw failure(path, "missing (the list is too short)") }
        defer { currentIndex += 1 }
        return (items[currentIndex], path)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw failure(codingPath + [IndexKey(currentIndex)], "missing (the list is too short)") }
        if items[currentIndex] == .null { currentIndex += 1; return true }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, path) = try next()
        return try Interchange.decode(type, from: v, path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, path) = try next()
        return try ValueDecoder(value: v, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, path) = try next()
        return try ValueDecoder(value: v, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (v, path) = try next()
        return ValueDecoder(value: v, codingPath: path)
    }
}

private struct SingleDecoder: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try Interchange.decode(type, from: value, codingPath) }
}

/// A JSON document whose objects keep their key order (Foundation's parser does not, and a report
/// must list stations in the order the scenario gave them): every JSON file the project writes is
/// rendered from one, and every one it reads is parsed into one.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    /// An integer above 2^53 that a `Double` cannot hold exactly (a seed, a digest's part).
    case unsigned(UInt64)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// A number, or `null` for `nil`.
    public init(_ x: Double?) {
        self = x.map(JSONValue.number) ?? .null
    }

    /// An integer, exactly.
    public init(_ n: Int) {
        self = n >= 1 << 53 ? .unsigned(UInt64(n)) : .number(Double(n))
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.unsigned(let x), .unsigned(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let x): hasher.combine(x)
        case .number(let x): hasher.combine(x)
        case .unsigned(let x): hasher.combine(x)
        case .string(let x): hasher.combine(x)
        case .array(let x): hasher.combine(x)
        case .object(let x): for (k, v) in x { hasher.combine(k); hasher.combine(v) }
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let entries) = self { return entries.first { $0.key == key }?.value }
        return nil
    }

    public var entries: [(key: String, value: JSONValue)] {
        if case .object(let entries) = self { return entries }
        return []
    }

    public var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    public var double: Double? {
        switch self {
        case .number(let x): x
        case .unsigned(let x): Double(x)
        default: nil
        }
    }

    /// A whole non-negative number exactly, whichever case holds it.
    public var uint64: UInt64? {
        switch self {
        case .unsigned(let x): x
        case .number(let x) where x >= 0 && x < 0x1p64 && x == x.rounded(): UInt64(x)
        default: nil
        }
    }

    public var boolean: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var text: String? {
        switch self {
        case .string(let s): s
        case .number(let x): NumberText.shortest(x) ?? "null"
        case .unsigned(let x): String(x)
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    /// `{"mean": x, "ci95": h}` read as a pair; `nil` for anything else.
    public var estimate: (mean: Double?, ci95: Double?)? {
        guard case .object(let entries) = self, entries.contains(where: { $0.key == "mean" }),
              entries.allSatisfy({ $0.key == "mean" || $0.key == "ci95" || $0.key == "n" })
        else { return nil }
        return (self["mean"]?.double, self["ci95"]?.double)
    }

    /// Parses a whole JSON text.
    public static func parse(_ text: String) throws -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == parser.bytes.count else { throw parser.failure("unexpected text after the document") }
        return value
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    private struct Parser {
        let bytes: [UInt8]
        var at = 0

        func failure(_ message: String) -> ParseError {
            var line = 1
            for b in bytes[0..<min(at, bytes.count)] where b == UInt8(ascii: "\n") { line += 1 }
            return ParseError(description: "line \(line): \(message)")
        }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
        }

        mutating func expect(_ literal: String) throws {
            let l = Array(literal.utf8)
            guard at + l.count <= bytes.count, Array(bytes[at..<at + l.count]) == l else {
                throw failure("expected \(literal)")
            }
            at += l.count
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < 512 else { throw failure("nested too deeply") }
            guard at < bytes.count else { throw failure("unexpected end of text") }
            switch bytes[at] {
            case UInt8(ascii: "{"):
                at += 1
                var entries: [(key: String, value: JSONValue)] = []
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(entries) }
                while true {
                    skipSpace()
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    entries.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard at < bytes.count else { throw failure("unexpected end of text in an object") }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    try expect("}")
                    return .object(entries)
                }
            case UInt8(ascii: "["):
                at += 1
                var items: [JSONValue] = []
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard at < bytes.count else { throw failure("unexpected end of text in a list") }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    try expect("]")
                    return .array(items)
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default:
                let start = at
                while at < bytes.count, "+-0123456789.eE".utf8.contains(bytes[at]) { at += 1 }
                let literal = String(decoding: bytes[start..<at], as: UTF8.self)
                guard at > start, let x = Double(literal) else { throw failure("expected a value") }
                if x >= 0x1p53, let exact = UInt64(literal) { return .unsigned(exact) }
                return .number(x)
            }
        }

        mutating func string() throws -> String {
            try expect("\"")
            var scalars = String.UnicodeScalarView()
            var chunkStart = at
            var out = ""
            while true {
                guard at < bytes.count else { throw failure("unterminated string") }
                let b = bytes[at]
                if b == UInt8(ascii: "\"") {
                    out += String(decoding: bytes[chunkStart..<at], as: UTF8.self)
                    at += 1
                    return out
                }
                if b == UInt8(ascii: "\\") {
                    out += String(decoding: bytes[chunkStart..<at], as: UTF8.self)
                    at += 1
                    guard at < bytes.count else { throw failure("unterminated string") }
                    let e = bytes[at]
                    at += 1
                    switch e {
                    case UInt8(ascii: "n"): out += "\n"
                    case UInt8(ascii: "t"): out += "\t"
                    case UInt8(ascii: "r"): out += "\r"
                    case UInt8(ascii: "b"): out += "\u{8}"
                    case UInt8(ascii: "f"): out += "\u{C}"
                    case UInt8(ascii: "u"):
                        guard at + 4 <= bytes.count, var code = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else {
                            throw failure("bad \\u escape")
                        }
                        at += 4
                        if (0xD800..<0xDC00).contains(code), at + 6 <= bytes.count, bytes[at] == UInt8(ascii: "\\"),
                           let low = UInt32(String(decoding: bytes[at + 2..<at + 6], as: UTF8.self), radix: 16) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            at += 6
                        }
                        scalars.removeAll()
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                        out += String(scalars)
                    default: out += String(UnicodeScalar(e))
                    }
                    chunkStart = at
                    continue
                }
                at += 1
            }
        }
    }
}

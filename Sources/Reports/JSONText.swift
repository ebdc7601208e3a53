import Interchange
import ScenarioModel

/// Writes JSON text by hand so that key order and number formatting are fixed: the same results
/// give the same bytes on every machine and with any `--jobs`.
struct JSONText {
    private(set) var text = ""
    private var indent = 0
    private var needsComma = [false]

    static func number(_ x: Double?) -> String { x.flatMap(NumberText.shortest) ?? "null" }

    static func string(_ s: String) -> String { jsonQuoted(s) }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
        text += "\n" + String(repeating: "  ", count: indent)
    }

    /// Writes `"key": ` (inside an object) before a value.
    private mutating func key(_ key: String?) {
        separator()
        if let key { text += JSONText.string(key) + ": " }
    }

    mutating func open(_ key: String? = nil, array: Bool = false) {
        if indent == 0 && text.isEmpty && key == nil {
            text += array ? "[" : "{"
        } else {
            self.key(key)
            text += array ? "[" : "{"
        }
        indent += 1
        needsComma.append(false)
    }

    mutating func close(array: Bool = false) {
        indent -= 1
        let hadItems = needsComma.removeLast()
        if hadItems { text += "\n" + String(repeating: "  ", count: indent) }
        text += array ? "]" : "}"
        if indent == 0 { text += "\n" }
    }

    /// Writes a raw JSON value (already encoded).
    mutating func raw(_ key: String?, _ value: String) {
        self.key(key)
        text += value
    }

    mutating func value(_ key: String?, _ s: String) { raw(key, JSONText.string(s)) }
    mutating func value(_ key: String?, _ x: Double?) { raw(key, JSONText.number(x)) }
    mutating func value(_ key: String?, _ n: Int) { raw(key, String(n)) }
    mutating func value(_ key: String?, _ n: UInt64) { raw(key, String(n)) }
}

import Interchange
import ScenarioModel

/// Every field of the scenario format, from its JSON Schema (which the field tables generate):
/// the path, what it holds and its doc, grouped by section.
enum FieldReference {
    static let html: String = {
        guard let schema = try? JSONValue.parse(ScenarioFormat.jsonSchema) else { return "<p>The format's reference is not available.</p>" }
        let definitions = schema["$defs"] ?? schema["definitions"]
        var rows: [(String, String, String)] = []
        func resolve(_ value: JSONValue) -> JSONValue {
            if let ref = value["$ref"]?.text, let name = ref.split(separator: "/").last, let target = definitions?[String(name)] { return target }
            return value
        }
        func kind(_ value: JSONValue) -> String {
            if let ref = value["$ref"]?.text { return String(ref.split(separator: "/").last ?? "") }
            if let type = value["type"]?.text { return type }
            if let choices = value["enum"]?.items { return choices.compactMap(\.text).joined(separator: " | ") }
            if value["oneOf"] != nil || value["anyOf"] != nil { return "one of several forms" }
            return ""
        }
        func walk(_ value: JSONValue, _ path: String, depth: Int) {
            guard depth < 12 else { return }
            let node = resolve(value)
            if let properties = node["properties"] {
                for (key, child) in properties.entries {
                    let childPath = path.isEmpty ? key : path + "." + key
                    rows.append((childPath, kind(child), child["description"]?.text ?? resolve(child)["description"]?.text ?? ""))
                    walk(child, childPath, depth: depth + 1)
                }
            }
            if let items = node["items"] { walk(items, path + "[id]", depth: depth + 1) }
        }
        walk(schema, "", depth: 0)
        var out = "<p>Every field a scenario file may hold, with what it holds and means (from the format's field tables; times take a unit such as <code>15 min</code> or <code>8.5h</code>).</p><input type=\"search\" id=\"field-filter\" placeholder=\"filter fields\"><table class=\"reference\"><tr><th>field path</th><th>holds</th><th>meaning</th></tr>"
        for (path, type, doc) in rows {
            out += "<tr><td><code>\(HTML.escape(path))</code></td><td>\(HTML.escape(type))</td><td>\(HTML.escape(doc))</td></tr>"
        }
        return out + "</table>"
    }()
}

import Interchange

/// The text of a variant file: its base, name, description and the changed fields, one a line.
enum VariantText {
    static func render(base: String, name: String, description: String?, changes: [(path: String, value: String)]) -> String {
        var text = "# A variant of \(base): only the fields below differ from it (see docs/scenario-format.md, \"Variants\").\n"
        text += "extends: \(jsonQuoted(base))\n"
        text += "name: \(jsonQuoted(name))\n"
        if let description = description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty {
            text += "description: \(jsonQuoted(String(description.prefix(500))))\n"
        }
        text += "set:\n"
        for change in changes { text += "  \(jsonQuoted(change.path)): \(change.value)\n" }
        return text
    }
}

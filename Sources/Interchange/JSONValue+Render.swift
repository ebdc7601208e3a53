extension JSONValue {
    /// Where a rendered document breaks lines. Members sit two spaces deeper than their container,
    /// each on its own line, except in the containers the layout keeps on one line.
    public struct Layout: Sendable {
        /// Objects and lists whose members are all numbers, strings, booleans or nulls stay on one line.
        public var inlineScalarContainers: Bool
        /// Lists of strings only stay on one line.
        public var inlineStringLists: Bool
        /// Containers under these keys are broken even when they hold only scalars (a long record
        /// read field by field, such as the campus grid).
        public var brokenKeys: Set<String> = []
        /// Each item of a list under these keys stays whole on one line (short records of a list).
        public var oneLineItemKeys: Set<String> = []

        /// Result files: `{"mean": 1, "ci95": 0.1}` and other records of scalars on one line, the
        /// campus grid and the lists of warnings and unmatched ids broken, each policy's
        /// `{"id": …, "firings": {…}}` and each compared measure on one line.
        public static let results = Layout(inlineScalarContainers: true, inlineStringLists: true,
                                           brokenKeys: ["grid", "warnings", "unmatched"], oneLineItemKeys: ["policies", "measures"])
        /// Jupyter notebooks: a cell's source lines each on a line of their own, as Jupyter writes
        /// them, and the notebook's own metadata broken; other records of scalars on one line.
        public static let notebook = Layout(inlineScalarContainers: true, inlineStringLists: false,
                                            brokenKeys: ["source", "onestop"])
        /// The JSON Schema: every object broken, lists of strings on one line.
        public static let schema = Layout(inlineScalarContainers: false, inlineStringLists: true)
    }

    /// The document as JSON text in `layout`, ended by a newline.
    /// - Complexity: O(n) in the size of the text.
    public func rendered(_ layout: Layout = .results) -> String {
        var out = ""
        render(into: &out, layout, key: nil, indent: 0, oneLine: false)
        return out + "\n"
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private func staysOnOneLine(_ layout: Layout, key: String?) -> Bool {
        if let key, layout.brokenKeys.contains(key) { return false }
        switch self {
        case .array(let items):
            return (layout.inlineScalarContainers && items.allSatisfy(\.isScalar))
                || (layout.inlineStringLists && items.allSatisfy { if case .string = $0 { true } else { false } })
        case .object(let entries):
            return layout.inlineScalarContainers && entries.allSatisfy(\.value.isScalar)
        default:
            return true
        }
    }

    private func render(into out: inout String, _ layout: Layout, key: String?, indent: Int, oneLine inherited: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += NumberText.shortest(x) ?? "null"
        case .unsigned(let x): out += String(x)
        case .string(let s): out += jsonQuoted(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            let oneLine = inherited || staysOnOneLine(layout, key: key)
            let itemsOnOneLine = oneLine || key.map(layout.oneLineItemKeys.contains) == true
            out += "["
            for (i, item) in items.enumerated() {
                Self.separate(&out, i, oneLine, indent)
                item.render(into: &out, layout, key: nil, indent: indent + 1, oneLine: itemsOnOneLine)
            }
            if !oneLine { Self.newline(&out, indent) }
            out += "]"
        case .object(let entries):
            if entries.isEmpty { out += "{}"; return }
            let oneLine = inherited || staysOnOneLine(layout, key: key)
            out += "{"
            for (i, entry) in entries.enumerated() {
                Self.separate(&out, i, oneLine, indent)
                out += jsonQuoted(entry.key) + ": "
                entry.value.render(into: &out, layout, key: entry.key, indent: indent + 1, oneLine: oneLine)
            }
            if !oneLine { Self.newline(&out, indent) }
            out += "}"
        }
    }

    private static func separate(_ out: inout String, _ index: Int, _ oneLine: Bool, _ indent: Int) {
        if index > 0 { out += oneLine ? ", " : "," }
        if !oneLine { newline(&out, indent + 1) }
    }

    private static func newline(_ out: inout String, _ indent: Int) {
        out += "\n"
        for _ in 0..<indent { out += "  " }
    }
}

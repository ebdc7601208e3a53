internal import Yams

/// A scenario's text read once into its tree, for looking up many fields (a form showing a
/// scenario's values) without reading the text again for each.
public struct ScenarioDocument: @unchecked Sendable {
    private let root: Node
    private let file: String

    /// Reads `text` under the same limits on size and depth as the parser.
    public init(_ text: String, file: String) throws(ScenarioErrors) {
        root = try ScenarioParser.compose(text, file: file)
        self.file = file
    }

    /// The value at `path`: `nil` when the scenario leaves the key out (its default applies) or
    /// the path names nothing.
    public func value(at path: FieldPath) -> FieldValue? {
        let found = ScenarioOverrides.value(at: path, in: root, file: file)
        return found.error == nil ? found.value : nil
    }
}

/// The path of a field in a scenario, like `stations[1].service.mean`, for naming it in diagnostics.
struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The path as written in diagnostics; empty for the whole file.
    var description: String

    static let root = FieldPath(description: "")

    /// The path of a key in the map at this path.
    func key(_ name: String) -> FieldPath {
        FieldPath(description: description.isEmpty ? name : "\(description).\(name)")
    }

    /// The path of an element of the list at this path.
    func index(_ position: Int) -> FieldPath {
        FieldPath(description: "\(description)[\(position)]")
    }
}

/// Where a value was written in a scenario file.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// A problem found in a scenario, located in its file and named by the field's path.
public struct Diagnostic: Sendable, Hashable, Error, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    public var location: SourceLocation
    /// The field's path, for example `stations[1].service.mean`; empty for the whole file.
    public var path: String
    public var message: String

    public init(_ severity: Severity, at location: SourceLocation, path: String, _ message: String) {
        self.severity = severity
        self.location = location
        self.path = path
        self.message = message
    }

    /// `FILE:LINE:COLUMN: error: PATH: MESSAGE`, the form compilers use and editors understand.
    public var description: String {
        let subject = path.isEmpty ? "" : "\(path): "
        return "\(location): \(severity.rawValue): \(subject)\(message)"
    }
}

/// Every error found in a scenario, thrown at once so that a user fixes them in one pass.
public struct ScenarioErrors: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

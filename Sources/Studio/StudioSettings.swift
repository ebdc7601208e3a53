import Foundation

/// How `onestop serve` runs: the root it serves, where it listens, and its secrets.
public struct StudioSettings: Sendable {
    /// The directory whose `scenarios/` and `outputs/` the studio reads and writes (absolute, links resolved).
    public var root: URL
    /// The address listened on; `127.0.0.1` unless `--host` names another.
    public var host: String
    public var port: Int
    /// Required on every request (`?token=` once, then a cookie) when `host` is not the loopback address.
    public var accessToken: String?
    /// Carried by every form and every script request that changes something.
    public var csrfToken: String
    /// Largest request body accepted, in bytes (a scenario text is far smaller).
    public var maximumBodyBytes: Int
    /// Runs and optimizations at the same time; the rest wait in the queue.
    public var concurrentJobs: Int
    /// Most jobs waiting at once; a job past it is refused.
    public var maximumQueuedJobs: Int
    /// The version recorded in the result files.
    public var version: String

    public init(root: URL, host: String = "127.0.0.1", port: Int = 8080, accessToken: String? = nil,
                csrfToken: String = StudioSettings.randomToken(), maximumBodyBytes: Int = 1 << 20,
                concurrentJobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount),
                maximumQueuedJobs: Int = 32, version: String) {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.host = host
        self.port = port
        self.accessToken = accessToken
        self.csrfToken = csrfToken
        self.maximumBodyBytes = maximumBodyBytes
        self.concurrentJobs = max(1, concurrentJobs)
        self.maximumQueuedJobs = maximumQueuedJobs
        self.version = version
    }

    /// Whether `host` is a loopback address, where no access token is needed.
    public static func isLoopback(_ host: String) -> Bool {
        host == "127.0.0.1" || host == "localhost" || host == "::1"
    }

    /// 32 random bytes in hex (the system's generator).
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }

    /// The address a browser opens, with the token when one is needed.
    public var url: String {
        let shown = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        let hostPart = shown.contains(":") ? "[\(shown)]" : shown
        return "http://\(hostPart):\(port)/" + (accessToken.map { "?token=\($0)" } ?? "")
    }
}

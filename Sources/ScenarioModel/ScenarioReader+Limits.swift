internal import Yams

/// How large a scenario may be. Past these, memory per replication (a wait histogram of 64 KiB and
/// three random streams of 5 KiB per station, a route table per station and class) or the time to
/// validate grows beyond what a planner's machine should be asked for; `docs/reliability.md`
/// gives the reasons and the other limits.
extension ScenarioReader {
    static let maximumStations = 2_000
    static let maximumClasses = 1_000
    static let maximumArrivalStreams = 10_000
    /// Servers at one station (more is `infinite` in all but name; the time series counts in 32 bits).
    static let maximumServers = 1_000_000
    /// Longest scenario name, in UTF-8 bytes: it names the output directory, and `compare` names its
    /// own `compare-A-vs-B`, which must fit in a file name's 255 bytes.
    static let maximumNameBytes = 120
    /// Students in one college: more than any university has. The campus layer's demand grows with
    /// them, and past this a replication would not end in reasonable time.
    static let maximumStudents = 10_000_000
    /// Bookings per year of one activity, for the same reason.
    static let maximumBookingsPerYear = 10_000_000.0
    /// Route tables are kept per station and class.
    static let maximumStationClassPairs = 200_000

    /// Most "did you mean" suggestions among stations or classes in one file: each compares the name
    /// with every known one, so a file of 100,000 misspelt references to 2,000 stations would take
    /// hours. Past it, the error says only that the name is unknown.
    static let maximumSuggestions = 200

    /// The message for an unknown station or class name, with a suggestion while there is budget.
    mutating func unknown(_ what: String, _ name: String, among candidates: [String]) -> String {
        suggestionsMade += 1
        guard suggestionsMade <= Self.maximumSuggestions else { return "unknown \(what) '\(name)'" }
        return Suggestion.unknown(what, name, among: candidates)
    }

    /// The message for an unknown station name; the list of stations is made only for a suggestion.
    mutating func unknownStation(_ name: String, orExit: Bool = false) -> String {
        guard suggestionsMade < Self.maximumSuggestions else {
            suggestionsMade += 1
            return "unknown station '\(name)'"
        }
        return unknown("station", name, among: stationRefs.map(\.id) + (orExit ? ["exit"] : []))
    }

    /// `count`, or `nil` after reporting a number of servers past the limit.
    mutating func atMostMaximumServers(_ count: Int, _ node: Node, _ path: FieldPath) -> Int? {
        guard count > Self.maximumServers else { return count }
        error(at: node, path, "more than \(Self.maximumServers) servers (found \(count)); write \"infinite\" for a station where nobody waits")
        return nil
    }

    /// Reports a scenario with more station–class pairs than the engine keeps route tables for.
    mutating func checkSize(stationCount: Int, classCount: Int, at root: Node) {
        guard stationCount * classCount > Self.maximumStationClassPairs else { return }
        error(at: root, .root, "\(stationCount) stations × \(classCount) classes make \(stationCount * classCount) "
              + "routing tables; at most \(Self.maximumStationClassPairs) are supported")
    }
}

extension ScenarioParser {
    /// Most stations a scenario may have.
    public static var maximumStations: Int { ScenarioReader.maximumStations }
    /// Most customer classes a scenario may have.
    public static var maximumClasses: Int { ScenarioReader.maximumClasses }
    /// Most arrival streams a scenario may have.
    public static var maximumArrivalStreams: Int { ScenarioReader.maximumArrivalStreams }
    /// Most servers at one station, on any shift.
    public static var maximumServers: Int { ScenarioReader.maximumServers }
    /// Most stations × classes.
    public static var maximumStationClassPairs: Int { ScenarioReader.maximumStationClassPairs }
}

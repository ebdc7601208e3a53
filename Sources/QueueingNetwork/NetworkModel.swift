import ScenarioModel
import Stochastics

/// A scenario compiled for the engine: names resolved to indices, distributions built, checked.
public struct NetworkModel: Sendable {
    /// One customer class.
    public struct ClassModel: Sendable {
        public var id: String
        public var priority: Int
    }

    /// How a station's server count changes over time.
    public enum ServerPlan: Sendable {
        case fixed(Int)
        case infinite
        /// Counts that hold from each `offset` within a repeating `period`, the first at offset 0.
        case schedule(period: Double, changes: [(offset: Double, servers: Int)])

        /// The time-average number of servers.
        public var averageServers: Double {
            switch self {
            case .fixed(let n): return Double(n)
            case .infinite: return .infinity
            case .schedule(let period, let changes):
                var total = 0.0
                for (i, change) in changes.enumerated() {
                    let end = i + 1 < changes.count ? changes[i + 1].offset : period
                    total += Double(change.servers) * (end - change.offset)
                }
                return total / period
            }
        }
    }

    /// One station, ready to run.
    public struct StationModel: Sendable {
        public var id: String
        public var servers: ServerPlan
        /// Service time per class index; `nil` for classes that never visit.
        public var service: [Distribution?]
        public var capacity: Int?
        public var patience: Distribution?
        public var discipline: Discipline
    }

    /// One external arrival stream.
    public struct SourceModel: Sendable {
        public var station: Int
        public var classIndex: Int
        public var process: ArrivalProcess
        public var batch: Distribution?
        /// The name its random streams are derived from: stable when other sources are added.
        public var streamName: String
    }

    /// Where customers of one class go after service at one station: cumulative probabilities.
    public struct RouteTable: Sendable {
        /// Upper edges of the cumulative probabilities, the last one 1.
        public var cumulative: [Double]
        /// Destination station index per branch, or -1 for leaving the network.
        public var destinations: [Int]

        static let exit = RouteTable(cumulative: [1], destinations: [-1])
    }

    public var name: String
    public var timeUnit: TimeUnit
    public var run: RunControl
    public var classes: [ClassModel]
    public var stations: [StationModel]
    public var sources: [SourceModel]
    /// Route tables indexed by `station * classes.count + class`.
    public var routes: [RouteTable]

    /// The route table for a class leaving a station.
    public func route(station: Int, classIndex: Int) -> RouteTable {
        routes[station * classes.count + classIndex]
    }
}

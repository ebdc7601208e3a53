import ScenarioModel
import Stochastics

/// A scenario compiled for the engine: names resolved to indices, distributions built, checked.
public struct NetworkModel: Sendable {
    /// One customer class.
    public struct ClassModel: Sendable {
        public var id: String
        public var priority: Int
        /// Keep every response time of this class (the wait before its first service in the
        /// network), in the order they happened, for exact quantiles (`ReplicationResult.responseTimes`).
        public var keepsResponseTimes: Bool = false
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
        /// A wait within this counts as served within the target (`service_level`).
        public var waitTarget: Double? = nil
        /// Per class index: the time from entering the network by which service here should be
        /// complete (`on_time_rate`); empty or `nil` for none.
        public var deadlines: [Double?] = []
        /// Reaching this station means the first visit did not finish the business (`one_visit_rate`).
        public var rework: Bool = false
        /// Count this station's visits per class too (`ReplicationResult.stationClassCounts`).
        public var countsByClass: Bool = false
        /// Keep every wait that ended here (in service or by giving up) with when it began
        /// (`ReplicationResult.waitRecords`), for measures by slot and exact quantiles.
        public var keepsWaits: Bool = false
        /// Per class index: when a service here (a delay) may end; one that would end outside these
        /// windows ends at the next opening instead (`StationCounts.deferred` counts them). Empty or
        /// `nil` for no windows.
        public var releaseWindows: [ReleaseWindows?] = []
        /// Customers at the station at time 0, of class `initialClass` (the first class it serves).
        public var initialInSystem: Int = 0
        public var initialClass: Int = 0
    }

    /// Times a delay may end, repeating every `period`: `[opens[i], closes[i])`, in order and apart.
    public struct ReleaseWindows: Sendable, Hashable {
        public var period: Double
        public var opens: [Double]
        public var closes: [Double]

        public init(period: Double, opens: [Double], closes: [Double]) {
            precondition(!opens.isEmpty && opens.count == closes.count, "release windows need at least one opening")
            self.period = period
            self.opens = opens
            self.closes = closes
        }

        /// `time` itself when it falls in a window, else the next opening after it.
        public func nextOpening(atOrAfter time: Double) -> Double {
            let cycle = (time / period).rounded(.down) * period
            let offset = time - cycle
            for i in opens.indices where closes[i] > offset {
                return opens[i] <= offset ? time : cycle + opens[i]
            }
            return cycle + period + opens[0]
        }
    }

    /// A condition → action rule evaluated as the simulation runs.
    public struct PolicyModel: Sendable {
        public enum Kind: Sendable {
            /// Open `servers` more servers at `station` when its queue reaches `above`; close them at `below`.
            case flexServers(station: Int, above: Int, below: Int, servers: Int)
            /// Move a customer who has waited `after` at `station` to the front of its most urgent queue.
            case escalate(station: Int, after: Double)
        }

        public var id: String
        public var kind: Kind

        public init(id: String, kind: Kind) {
            self.id = id
            self.kind = kind
        }
    }

    /// One external arrival stream.
    public struct SourceModel: Sendable {
        /// A station index, or `-2 - g` for dispatch group `g`.
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
        /// Destination per branch: a station index, -1 for leaving the network, or `-2 - g` for the
        /// station of dispatch group `g` with the shortest queue per server.
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
    /// Groups of stations that arrivals or routes join by shortest queue per server (`-2 - g`).
    public var dispatchGroups: [[Int]] = []
    public var policies: [PolicyModel] = []

    /// The code that routes to dispatch group `g`.
    public static func dispatchCode(group g: Int) -> Int { -2 - g }

    /// The route table for a class leaving a station.
    public func route(station: Int, classIndex: Int) -> RouteTable {
        routes[station * classes.count + classIndex]
    }
}

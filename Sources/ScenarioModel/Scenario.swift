/// A scenario file, parsed and validated: the network layer of the scenario format.
///
/// Every time and rate is already in the scenario's `timeUnit` (durations written with their own
/// unit, like `"5 min"`, are converted when parsed).
public struct Scenario: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var timeUnit: TimeUnit
    public var run: RunControl
    /// The customer classes; a scenario without `classes:` has one class, `default`.
    public var classes: [CustomerClass]
    public var stations: [Station]
    public var arrivals: [ArrivalStream]
    /// Routing after service, in file order; a station without an entry sends customers out.
    public var routing: [Routing]
    /// The campus layer, when the scenario has one.
    public var campus: Campus?
    /// The planner's settings (`planner:`), when the scenario has them; their staffing is already applied.
    public var planner: PlannerSettings? = nil

    public init(
        name: String, description: String? = nil, timeUnit: TimeUnit = .minute, run: RunControl = RunControl(),
        classes: [CustomerClass] = [CustomerClass(id: "default")], stations: [Station], arrivals: [ArrivalStream],
        routing: [Routing] = [], campus: Campus? = nil
    ) {
        self.name = name
        self.description = description
        self.timeUnit = timeUnit
        self.run = run
        self.classes = classes
        self.stations = stations
        self.arrivals = arrivals
        self.routing = routing
        self.campus = campus
    }
}

/// The unit that plain numbers for times and rates are in.
public enum TimeUnit: String, Sendable, Hashable, CaseIterable {
    case second, minute, hour, day

    /// Length of one unit in seconds.
    public var seconds: Double {
        switch self {
        case .second: 1
        case .minute: 60
        case .hour: 3600
        case .day: 86400
        }
    }
}

/// How long each replication runs, how many there are, and the master seed.
public struct RunControl: Sendable, Hashable {
    /// Simulated time per replication after the warm-up; `nil` when the run stops by `customers`.
    public var duration: Double?
    /// Arrivals per replication after the warm-up, when the run stops by count.
    public var customers: Int?
    /// Simulated time before the measures start; 0 while `warmupAuto` waits for its choice.
    public var warmup: Double
    /// `warmup: auto`: the warm-up is chosen from the data by MSER-5 before the measured run.
    public var warmupAuto: Bool
    /// `batches: N`: one long replication whose measured span is cut into N batches of equal
    /// length, each batch one observation of every measure; `nil` for independent replications.
    public var batches: Int?
    public var replications: Int
    public var seed: UInt64
    /// Sampling interval for `timeseries.csv`; `nil` for none.
    public var sampleEvery: Double?
    public var location: SourceLocation?

    public init(
        duration: Double? = 1000, customers: Int? = nil, warmup: Double = 0, warmupAuto: Bool = false,
        batches: Int? = nil, replications: Int = 10, seed: UInt64 = 1, sampleEvery: Double? = nil,
        location: SourceLocation? = nil
    ) {
        self.duration = duration
        self.customers = customers
        self.warmup = warmup
        self.warmupAuto = warmupAuto
        self.batches = batches
        self.replications = replications
        self.seed = seed
        self.sampleEvery = sampleEvery
        self.location = location
    }
}

/// A class of customers; a lower `priority` number is served first.
public struct CustomerClass: Sendable, Hashable {
    public var id: String
    public var priority: Int
    public var location: SourceLocation?

    public init(id: String, priority: Int = 0, location: SourceLocation? = nil) {
        self.id = id
        self.priority = priority
        self.location = location
    }
}

/// A service station: servers, a queue, and the rules for who is served next.
public struct Station: Sendable, Hashable {
    public var id: String
    public var servers: ServerCount
    public var service: ClassSpecific<DistributionSpec>
    /// Most customers at the station, waiting plus in service; `nil` for unlimited.
    public var capacity: Int?
    /// A waiting customer abandons after this long; `nil` for customers who never give up.
    public var patience: DistributionSpec?
    public var discipline: Discipline
    /// Customers at the station at time 0 (`initial_in_system`), of the first class it serves:
    /// the first ones in service, the rest waiting.
    public var initialInSystem: Int
    public var location: SourceLocation?

    public init(
        id: String, servers: ServerCount, service: ClassSpecific<DistributionSpec>, capacity: Int? = nil,
        patience: DistributionSpec? = nil, discipline: Discipline = .fifo, initialInSystem: Int = 0,
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.servers = servers
        self.service = service
        self.capacity = capacity
        self.patience = patience
        self.discipline = discipline
        self.initialInSystem = initialInSystem
        self.location = location
    }
}

/// A value given once for every class, or per class by class id.
public enum ClassSpecific<Value: Sendable & Hashable>: Sendable, Hashable {
    case all(Value)
    /// Per class, in file order.
    case perClass([(classId: String, value: Value)])

    /// The value for one class, or `nil` when a per-class map leaves it out.
    public func value(for classId: String) -> Value? {
        switch self {
        case .all(let value): value
        case .perClass(let entries): entries.first { $0.classId == classId }?.value
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.all(let a), .all(let b)): a == b
        case (.perClass(let a), .perClass(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.classId == $1.classId && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .all(let value): hasher.combine(value)
        case .perClass(let entries):
            for entry in entries {
                hasher.combine(entry.classId)
                hasher.combine(entry.value)
            }
        }
    }
}

/// How many servers a station has.
public enum ServerCount: Sendable, Hashable {
    case fixed(Int)
    case infinite
    case schedule(ServerSchedule)
}

/// A staffing schedule that repeats every `period`; entries cover `[0, period)` without gaps or overlaps.
public struct ServerSchedule: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var from: Double
        public var to: Double
        public var servers: Int

        public init(from: Double, to: Double, servers: Int) {
            self.from = from
            self.to = to
            self.servers = servers
        }
    }

    public var period: Double
    /// Sorted by `from`.
    public var entries: [Entry]

    public init(period: Double, entries: [Entry]) {
        self.period = period
        self.entries = entries
    }
}

/// The order in which waiting customers are served.
public enum Discipline: String, Sendable, Hashable, CaseIterable {
    case fifo
    /// Non-preemptive, by class priority, first come first served within a class.
    case priority
    /// Preemptive-resume, by class priority.
    case preemptive
}

/// A probability distribution as the scenario writes it, parameters in the scenario's time unit.
public enum DistributionSpec: Sendable, Hashable {
    case exponential(mean: Double)
    case deterministic(value: Double)
    case uniform(min: Double, max: Double)
    case triangular(min: Double, mode: Double, max: Double)
    case erlang(k: Int, mean: Double)
    case gamma(shape: Double, scale: Double)
    case lognormal(mean: Double, sd: Double)
    case weibull(shape: Double, scale: Double)
    /// Normal, truncated at 0.
    case normal(mean: Double, sd: Double)
    /// Discrete values with optional weights (equal weights when empty).
    case empirical(values: [Double], weights: [Double])
}

/// One external arrival stream.
public struct ArrivalStream: Sendable, Hashable {
    /// The station arrivals go to.
    public var to: String
    public var classId: String
    public var process: ArrivalProcessSpec
    /// Group size per arrival event; `nil` for single arrivals.
    public var batch: DistributionSpec?
    public var location: SourceLocation?

    public init(
        to: String, classId: String, process: ArrivalProcessSpec, batch: DistributionSpec? = nil,
        location: SourceLocation? = nil
    ) {
        self.to = to
        self.classId = classId
        self.process = process
        self.batch = batch
        self.location = location
    }
}

/// When arrivals happen.
public enum ArrivalProcessSpec: Sendable, Hashable {
    /// Poisson at a constant rate per time unit.
    case poisson(rate: Double)
    /// Independent interarrival times.
    case renewal(interarrival: DistributionSpec)
    /// Non-homogeneous Poisson, piecewise constant over steps of `step`, repeating every `period`.
    case rateProfile(period: Double, step: Double, rates: [Double])
    /// Non-homogeneous Poisson with rate(t) = base + amplitude·sin(2πt/period).
    case rateFunction(base: Double, amplitude: Double, period: Double)
}

/// Where customers go after service at one station.
public struct Routing: Sendable, Hashable {
    public struct Branch: Sendable, Hashable {
        /// A station id, or `nil` for leaving the network (`exit`).
        public var to: String?
        public var probability: Double

        public init(to: String?, probability: Double) {
            self.to = to
            self.probability = probability
        }
    }

    public var from: String
    public var branches: ClassSpecific<[Branch]>
    public var location: SourceLocation?

    public init(from: String, branches: ClassSpecific<[Branch]>, location: SourceLocation? = nil) {
        self.from = from
        self.branches = branches
        self.location = location
    }
}

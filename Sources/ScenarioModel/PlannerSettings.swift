/// The scenario's `planner:` section: how `onestop optimize` cuts time into slots, the shift
/// patterns it may staff with, and the staffing it proposed (which a run then uses).
public struct PlannerSettings: Sendable, Hashable {
    /// A shift pattern: one person works from `start` for `length` on each of `days`, minus a break.
    public struct Shift: Sendable, Hashable {
        public var name: String
        /// Start within the day, in the scenario's time unit.
        public var start: Double
        public var length: Double
        /// The break starts this long after the shift does; `nil` for no break.
        public var breakAfter: Double?
        public var breakLength: Double
        /// Days of the week it is worked, 0 for Monday.
        public var days: [Int]
        /// Cost of one person on the pattern for one week; `nil` for paid hours (length less break, per day).
        public var cost: Double?
        public var location: SourceLocation?

        public init(name: String, start: Double, length: Double, breakAfter: Double? = nil, breakLength: Double = 0,
                    days: [Int], cost: Double? = nil, location: SourceLocation? = nil) {
            self.name = name
            self.start = start
            self.length = length
            self.breakAfter = breakAfter
            self.breakLength = breakLength
            self.days = days
            self.cost = cost
            self.location = location
        }
    }

    /// Servers that replace a station's or counter group's own `servers` (what `optimize` proposes).
    ///
    /// With `weeks`, the entry holds in those weeks of the campus term only; an entry without it
    /// covers the station's remaining weeks (weeks no entry covers keep the station's own servers).
    public struct Staffing: Sendable, Hashable {
        public var station: String
        /// Weeks of the term, 1-based, sorted; `nil` for the remaining weeks.
        public var weeks: [Int]?
        public var servers: ServerCount
        public var location: SourceLocation?
        /// Where `weeks` is written, for its diagnostics.
        public var weeksLocation: SourceLocation?

        public init(station: String, weeks: [Int]? = nil, servers: ServerCount, location: SourceLocation? = nil,
                    weeksLocation: SourceLocation? = nil) {
            self.station = station
            self.weeks = weeks
            self.servers = servers
            self.location = location
            self.weeksLocation = weeksLocation
        }
    }

    /// The planning slot's length; `nil` for the planner's default.
    public var slot: Double?
    public var shifts: [Shift]
    public var staffing: [Staffing]

    public init(slot: Double? = nil, shifts: [Shift] = [], staffing: [Staffing] = []) {
        self.slot = slot
        self.shifts = shifts
        self.staffing = staffing
    }

    /// Day names in the order `days` counts them.
    public static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
}

extension PlannerSettings {
    /// A duration written as in a scenario (`"30 min"`, `"7d"`), in `unit`; `nil` when unreadable.
    public static func duration(_ text: String, in unit: TimeUnit) -> Double? {
        DurationText.value(of: text, in: unit)
    }
}

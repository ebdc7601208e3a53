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
    /// The roster's shift rules; `nil` when the section names none (the planner's defaults hold).
    public var shiftRules: ShiftRules?
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

extension PlannerSettings {
    /// Shift rules for the weekly roster (`planner.shift_rules`): which shifts may be drawn, where
    /// the lunch break goes, how many start times a day, the contracts and the headcount. Every field
    /// left out takes the planner's default (docs/planner.md); times are in the scenario's time unit.
    public struct ShiftRules: Sendable, Hashable {
        /// Allowed starts within the day: every `every` from `from` to `to` (inclusive); `nil` sides
        /// run from the day's opening and to the last start that still ends by its closing.
        public struct Starts: Sendable, Hashable {
            public var from: Double?
            public var to: Double?
            public var every: Double?
            public init(from: Double? = nil, to: Double? = nil, every: Double? = nil) {
                self.from = from
                self.to = to
                self.every = every
            }
        }

        /// A weekly contract: paid hours and days worked a week (a range; full time has one value
        /// each) and what an hour costs.
        public struct Contract: Sendable, Hashable {
            public var minHours: Double
            public var maxHours: Double
            public var minDays: Int
            public var maxDays: Int
            public var costPerHour: Double
            public init(minHours: Double, maxHours: Double, minDays: Int, maxDays: Int, costPerHour: Double) {
                self.minHours = minHours
                self.maxHours = maxHours
                self.minDays = minDays
                self.maxDays = maxDays
                self.costPerHour = costPerHour
            }
        }

        /// Full shifts' starts and their length on site (lunch included).
        public var fullStarts = Starts()
        public var fullLength: Double?
        /// Part shifts' starts and lengths on site.
        public var partStarts = Starts()
        public var partLengths: [Double]?
        /// The lunch break: its length, the window it must lie in, and the shifts longer than
        /// `breakOver` that take one.
        public var breakLength: Double?
        public var breakFrom: Double?
        public var breakTo: Double?
        public var breakOver: Double?
        /// Most distinct start times a day per station.
        public var maxStartsPerDay: Int?
        /// Most share of staff-hours worked by part-timers.
        public var partTimeShare: Double?
        /// Full-time: hours a week, days a week (the other days off in a row); hourly cost.
        public var fullTime: Contract?
        public var partTime: Contract?
        /// Most people on the roster of one station.
        public var maxHeadcount: Int?
        public var location: SourceLocation?

        public init() {}
    }
}

extension PlannerSettings.ShiftRules {
    /// The rules with every default filled in, in the scenario's time unit (`hour` long an hour);
    /// contract hours stay in hours. The defaults are those docs/planner.md states.
    public struct Resolved: Sendable, Hashable {
        public var fullStarts: Starts
        public var fullLength: Double
        public var partStarts: Starts
        public var partLengths: [Double]
        public var breakLength: Double
        public var breakFrom: Double
        public var breakTo: Double
        public var breakOver: Double
        public var maxStartsPerDay: Int
        public var partTimeShare: Double
        public var fullTime: Contract
        public var partTime: Contract
        public var maxHeadcount: Int?
    }

    /// Full time 40 h in 5 days, part time 7-30 h in 2-5 days (two part shifts always make the
    /// least), one cost unit a paid hour each.
    public static func defaultContracts(hour: Double) -> (fullTime: Contract, partTime: Contract) {
        (Contract(minHours: 40, maxHours: 40, minDays: 5, maxDays: 5, costPerHour: 1),
         Contract(minHours: 7, maxHours: 30, minDays: 2, maxDays: 5, costPerHour: 1))
    }

    public func resolved(hour: Double) -> Resolved {
        let contracts = Self.defaultContracts(hour: hour)
        return Resolved(
            fullStarts: fullStarts, fullLength: fullLength ?? 8.5 * hour, partStarts: partStarts, partLengths: partLengths ?? [3.5 * hour, 4 * hour],
            breakLength: breakLength ?? 0.5 * hour, breakFrom: breakFrom ?? 11.5 * hour, breakTo: breakTo ?? 13.5 * hour,
            breakOver: breakOver ?? 6 * hour, maxStartsPerDay: maxStartsPerDay ?? 3, partTimeShare: partTimeShare ?? 0.5,
            fullTime: fullTime ?? contracts.fullTime, partTime: partTime ?? contracts.partTime, maxHeadcount: maxHeadcount)
    }
}

/// Durations counted by their value in whole seconds: a log's durations are differences of times
/// written to the second or the minute, so a category's service times take a few thousand distinct
/// values at most, whatever the number of rows. Memory does not grow with the rows, and a
/// likelihood costs one term per distinct value.
public struct DurationCounts: Sendable {
    public private(set) var counts: [Int: Int] = [:]
    public private(set) var total = 0

    public init() {}

    public init(_ values: [Double]) {
        for v in values { add(v) }
    }

    public mutating func add(_ seconds: Double, count: Int = 1) {
        counts[Int(seconds.rounded()), default: 0] += count
        total += count
    }

    /// (value in seconds, count) by increasing value.
    public var sorted: [(value: Double, count: Int)] {
        counts.sorted { $0.key < $1.key }.map { (Double($0.key), $0.value) }
    }

    public var mean: Double {
        guard total > 0 else { return .nan }
        return counts.reduce(0.0) { $0 + Double($1.key) * Double($1.value) } / Double(total)
    }
}

/// What the fits need from a log, gathered row by row: per category the service times, the waits of
/// those who gave up and of those served, the arrivals per day and hour, returns, online requests
/// and no-shows. Bounded by the calendar, the categories and the students, not by the rows.
public struct LogData: Sendable {
    public struct Category: Sendable {
        public var service = DurationCounts()
        /// Waits of the students who gave up: their patience.
        public var abandonedWaits = DurationCounts()
        /// Waits of the students served: their patience exceeded these (right-censored).
        public var servedWaits = DurationCounts()
        /// First visits at the counters (not returns) per day number and quarter hour of the day (0–95).
        public var arrivals: [DaySlot: Int] = [:]
        /// Visits at the counters that were returns (the same student and category within the window).
        public var returns = 0
        /// Served visits (the ones a return can follow).
        public var served = 0
        public var abandoned = 0
        public var noShows = 0
        public var online = 0
        /// Days from a visit to the student's return, by whole days.
        public var returnDelays: [Int: Int] = [:]
        /// Counter visits with a student key (returns can only be told among these).
        public var keyed = 0
        /// Counter visits per counter group (index into `counters`).
        public var byCounter: [Int: Int] = [:]
        /// Service times per desk (index into `desks`), when the log tells desks apart.
        public var serviceByDesk: [Int: DurationCounts] = [:]

        public var counterVisits: Int { served + abandoned }
    }

    public struct DaySlot: Sendable, Hashable, Comparable {
        public var day: Int
        public var slot: Int
        public init(day: Int, slot: Int) { self.day = day; self.slot = slot }
        public static func < (a: DaySlot, b: DaySlot) -> Bool { (a.day, a.slot) < (b.day, b.slot) }
    }

    public var categories: [Category] = []
    public var names: [String] = []
    public var counters: [String] = []
    /// Single counters (desks) and the group of each (index into `counters`): the reader's.
    public var desks: [String] = []
    public var deskGroups: [Int] = []
    /// Per desk and day, the minutes of the day it was serving someone (called to finished).
    public var deskBusy: [DeskDay: MinuteSet] = [:]
    /// Per counter group and day, the first and last ticket taken (seconds of the day).
    public var groupDays: [DeskDay: ClockSpan] = [:]
    /// When set, every first counter visit (not a return) is kept: its category and wall-clock time
    /// (day × 86400 + second of the day), for a replay of the log's demand. Grows with the rows.
    public var keepsFirstVisits = false
    public private(set) var firstVisits: [(category: Int, clock: Double)] = []

    /// A desk (or a counter group) on one day.
    public struct DeskDay: Sendable, Hashable {
        public var desk: Int
        public var day: Int
        public init(desk: Int, day: Int) { self.desk = desk; self.day = day }
    }

    /// The earliest and latest time of day seen, in seconds.
    public struct ClockSpan: Sendable, Hashable {
        public var first: Double
        public var last: Double
    }

    /// The reader's names: categories, counter groups and desks.
    public mutating func takeNames(from reader: TicketLogReader) {
        names = reader.categories
        counters = reader.counters
        desks = reader.desks
        deskGroups = reader.deskGroups
    }
    public var firstDay = Int.max
    public var lastDay = Int.min
    /// Seconds: a student's visit of the same category within this of the last one is a return.
    public var returnWindow: Double
    private var lastVisit: [StudentCategory: Double] = [:]

    struct StudentCategory: Hashable {
        var student: UInt64
        var category: Int
    }

    public init(returnWindow: Double = 7 * 86400) {
        self.returnWindow = returnWindow
    }

    /// Adds one row. The category's record is changed in place (a copy of it would copy its tables).
    public mutating func add(_ t: Ticket) {
        while categories.count <= t.category { categories.append(Category()) }
        firstDay = min(firstDay, t.taken.day)
        lastDay = max(lastDay, t.taken.day)
        let c = t.category
        if t.channel == .online { categories[c].online += 1; return }
        switch t.outcome {
        case .noShow:
            categories[c].noShows += 1
            return
        case .served:
            categories[c].served += 1
            if let s = t.service { categories[c].service.add(s) }
            if let w = t.wait { categories[c].servedWaits.add(w) }
        case .abandoned:
            categories[c].abandoned += 1
            if let w = t.wait { categories[c].abandonedWaits.add(w) }
        }
        if let counter = t.counter {
            categories[c].byCounter[counter, default: 0] += 1
            let key = DeskDay(desk: counter, day: t.taken.day)
            if let span = groupDays[key] {
                groupDays[key] = ClockSpan(first: min(span.first, t.taken.secondOfDay), last: max(span.last, t.taken.secondOfDay))
            } else {
                groupDays[key] = ClockSpan(first: t.taken.secondOfDay, last: t.taken.secondOfDay)
            }
        }
        if let desk = t.desk, t.outcome == .served, let called = t.called, let finished = t.finished {
            if let s = t.service { categories[c].serviceByDesk[desk, default: DurationCounts()].add(s) }
            // The minutes the desk was busy, on the day it called (a service past midnight ends there).
            let from = Int(called.secondOfDay / 60)
            let to = finished.day == called.day ? Int((finished.secondOfDay / 60).rounded(.up)) : MinuteSet.minutes
            deskBusy[DeskDay(desk: desk, day: called.day), default: MinuteSet()].insert(from: from, to: max(to, from + 1))
        }
        var isReturn = false
        if let student = t.student {
            categories[c].keyed += 1
            let key = StudentCategory(student: student, category: c)
            if let last = lastVisit[key], t.taken.instant - last <= returnWindow, t.taken.instant >= last {
                isReturn = true
                categories[c].returns += 1
                categories[c].returnDelays[Int(((t.taken.instant - last) / 86400).rounded()), default: 0] += 1
                lastVisit[key] = nil
            }
            // Only a visit that ended in service can be followed by a return (the model's routing);
            // a student who gave up and came back is a new arrival.
            if t.outcome == .served { lastVisit[key] = t.taken.instant }
        }
        if !isReturn {
            if keepsFirstVisits { firstVisits.append((c, Double(t.taken.day) * 86400 + t.taken.secondOfDay)) }
            categories[c].arrivals[DaySlot(day: t.taken.day, slot: min(95, Int(t.taken.secondOfDay / 900))), default: 0] += 1
        }
    }
}

/// A set of the minutes of one day (0 = 0:00 … 1439 = 23:59), as bits.
public struct MinuteSet: Sendable, Hashable {
    public static let minutes = 1440
    private var words = [UInt64](repeating: 0, count: (MinuteSet.minutes + 63) / 64)

    public init() {}

    /// Adds the minutes `from` ..< `to` (clamped to the day).
    public mutating func insert(from: Int, to: Int) {
        let a = max(0, from), b = min(Self.minutes, to)
        guard a < b else { return }
        for m in a..<b { words[m >> 6] |= 1 << UInt64(m & 63) }
    }

    public func contains(_ minute: Int) -> Bool {
        guard minute >= 0, minute < Self.minutes else { return false }
        return words[minute >> 6] & (1 << UInt64(minute & 63)) != 0
    }

    /// The runs of consecutive minutes in the set, in order: (first minute, one past the last).
    public var runs: [(from: Int, to: Int)] {
        var out: [(from: Int, to: Int)] = []
        var start: Int?
        for m in 0...Self.minutes {
            let inSet = m < Self.minutes && contains(m)
            if inSet, start == nil { start = m }
            if !inSet, let s = start { out.append((s, m)); start = nil }
        }
        return out
    }
}

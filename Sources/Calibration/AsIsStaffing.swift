import Foundation

/// The staffing a log shows: per counter group, how many of its desks were open in each slot of
/// the week, typical over the log's weeks.
///
/// A desk is open from its first call of a day to its last finish, except where it sat idle for
/// longer than `closedAfterMinutes` between two tickets (a break, or off shift): an open desk's
/// idle spells are short while students wait (about the mean service × (1 − ρ)/ρ at utilisation ρ),
/// so a long one means the desk was closed. The group's first and last ticket of the day count as
/// the ends of the idle spells before a desk's first call and after its last finish. A desk counts in a slot when it was open for at least
/// half of it. Per week type (the regular weeks, and each peak found by `ArrivalFit`), weekday and
/// slot, the typical count is the median over the weeks the log spans (the upper of the two middle
/// values for an even number of weeks: a log cannot show an open desk that nobody came to, so the
/// counts err low), with the least and the most seen.
public struct AsIsStaffing: Sendable {
    public struct Options: Sendable {
        /// Slot length in minutes (divides a day).
        public var slotMinutes = 30
        /// An idle spell longer than this, between two tickets of a desk, closes the desk.
        public var closedAfterMinutes = 45.0

        public init() {}
    }

    /// Desks open per weekday and slot over one kind of week.
    public struct Grid: Sendable {
        /// `regular`, or the peak's name.
        public var weekType: String
        /// The term weeks (1-based) it was read from.
        public var weeks: [Int]
        /// `[weekday][slot]`, Monday first: the median over the weeks, the least and the most.
        public var median: [[Int]]
        public var low: [[Int]]
        public var high: [[Int]]
    }

    /// The hours a group's tickets were taken on one weekday: the median first and last ticket over
    /// the days of that weekday with tickets, rounded out to the slot (seconds from midnight).
    public struct ObservedHours: Sendable, Hashable {
        public var opens: Double
        public var closes: Double
        /// Days of this weekday with a ticket, and days of this weekday the log spans.
        public var daysOpen: Int
        public var daysSpanned: Int
    }

    public struct Group: Sendable {
        public var name: String
        public var desks: [String]
        /// The regular weeks first (when the log has any), then each peak.
        public var grids: [Grid]
        /// Whether any peak's typical count differs from the regular weeks' in some slot.
        public var peaksDiffer: Bool
        /// Per weekday (Monday first): the observed hours, nil for a weekday closed on most weeks.
        public var hours: [ObservedHours?]
        /// Desk-days read, and the idle spells longer than the threshold that closed a desk.
        public var deskDays: Int
        public var closures: Int

        /// The grid the scenario's schedule is written from: the regular weeks' (else the first).
        public var typical: Grid? { grids.first }
    }

    public var options: Options
    public var slotsPerDay: Int { 1440 / options.slotMinutes }
    /// Counter groups with at least one desk in the log, in the log's order.
    public var groups: [Group]

    /// The staffing of every group whose desks the log names; nil when it names none.
    public init?(_ data: LogData, arrivals: ArrivalFit, options: Options = Options()) {
        guard !data.desks.isEmpty, !data.deskBusy.isEmpty, data.firstDay <= data.lastDay else { return nil }
        self.options = options
        let slot = options.slotMinutes, slots = 1440 / options.slotMinutes
        let start = arrivals.startDay, days = arrivals.weeks * 7
        let closedAfter = Int(options.closedAfterMinutes.rounded(.down))
        // Desks open per group, day (from the term's Monday) and slot.
        var open = [[Int]](repeating: [Int](repeating: 0, count: slots), count: data.counters.count * days)
        var deskDays = [Int](repeating: 0, count: data.counters.count), closures = deskDays
        for (key, busy) in data.deskBusy {
            let day = key.day - start
            guard key.desk < data.deskGroups.count, day >= 0, day < days else { continue }
            let g = data.deskGroups[key.desk]
            deskDays[g] += 1
            // Working spans: runs of busy minutes joined across idle spells of at most `closedAfter`.
            var spans: [(from: Int, to: Int)] = []
            for run in busy.runs {
                if let last = spans.last, run.from - last.to <= closedAfter { spans[spans.count - 1].to = run.to } else {
                    if !spans.isEmpty { closures[g] += 1 }
                    spans.append(run)
                }
            }
            // The day's first and last ticket of the group bound the idle spells at the ends of the
            // day, as a ticket would: a desk first calling within the threshold of the first ticket
            // was open from then, and one last finishing within it of the last ticket until then.
            if let day = data.groupDays[LogData.DeskDay(desk: g, day: key.day)], !spans.isEmpty {
                let first = Int(day.first / 60), last = Int(day.last / 60) + 1
                if spans[0].from > first, spans[0].from - first <= closedAfter { spans[0].from = first }
                if spans[spans.count - 1].to < last, last - spans[spans.count - 1].to <= closedAfter { spans[spans.count - 1].to = last }
            }
            var minutes = [Int](repeating: 0, count: slots)
            for span in spans {
                for s in (span.from / slot)...((span.to - 1) / slot) {
                    minutes[s] += min(span.to, (s + 1) * slot) - max(span.from, s * slot)
                }
            }
            for s in 0..<slots where 2 * minutes[s] >= slot { open[g * days + day][s] += 1 }
        }
        // Week types: the regular weeks and each peak.
        var types: [(name: String, weeks: [Int])] = []
        let peakWeeks = Set(arrivals.peaks.flatMap { Array($0.week..<($0.week + $0.weeks)) })
        let regular = (1...arrivals.weeks).filter { !peakWeeks.contains($0) }
        if !regular.isEmpty { types.append(("regular", regular)) }
        for p in arrivals.peaks { types.append((p.name, Array(p.week..<min(arrivals.weeks + 1, p.week + p.weeks)))) }
        let firstDay = data.firstDay - start, lastDay = data.lastDay - start
        groups = data.counters.indices.compactMap { g -> Group? in
            let desks = data.desks.indices.filter { data.deskGroups[$0] == g }.map { data.desks[$0] }
            guard !desks.isEmpty else { return nil }
            let grids = types.compactMap { type -> Grid? in
                var median = [[Int]](repeating: [Int](repeating: 0, count: slots), count: 7), low = median, high = median
                var any = false
                for weekday in 0..<7 {
                    let dayNumbers = type.weeks.map { ($0 - 1) * 7 + weekday }.filter { $0 >= firstDay && $0 <= lastDay }
                    guard !dayNumbers.isEmpty else { continue }
                    any = true
                    for s in 0..<slots {
                        let values = dayNumbers.map { open[g * days + $0][s] }.sorted()
                        median[weekday][s] = values[values.count / 2]
                        low[weekday][s] = values.first!
                        high[weekday][s] = values.last!
                    }
                }
                return any ? Grid(weekType: type.name, weeks: type.weeks, median: median, low: low, high: high) : nil
            }
            let peaksDiffer = grids.count > 1 && grids[0].weekType == "regular" && grids.dropFirst().contains { $0.median != grids[0].median }
            // Observed hours per weekday.
            var hours: [ObservedHours?] = Array(repeating: nil, count: 7)
            for weekday in 0..<7 {
                let spanned = (0..<arrivals.weeks).map { $0 * 7 + weekday }.filter { $0 >= firstDay && $0 <= lastDay }
                let seen = spanned.compactMap { data.groupDays[LogData.DeskDay(desk: g, day: start + $0)] }
                guard !spanned.isEmpty, 2 * seen.count > spanned.count else { continue }
                let firsts = seen.map(\.first).sorted(), lasts = seen.map(\.last).sorted()
                let step = Double(slot * 60)
                let opens = (firsts[firsts.count / 2] / step).rounded(.down) * step
                let closes = min(86400, max(opens + step, (lasts[lasts.count / 2] / step).rounded(.up) * step))
                hours[weekday] = ObservedHours(opens: opens, closes: closes, daysOpen: seen.count, daysSpanned: spanned.count)
            }
            return Group(name: data.counters[g], desks: desks, grids: grids, peaksDiffer: peaksDiffer, hours: hours,
                         deskDays: deskDays[g], closures: closures[g])
        }
        guard !groups.isEmpty else { return nil }
    }

    /// A grid as the changes of a week-long schedule: (seconds from Monday 0:00, desks), the first at 0.
    public func changes(_ grid: Grid) -> [(second: Double, servers: Int)] {
        var out: [(second: Double, servers: Int)] = []
        for weekday in 0..<7 {
            for s in 0..<slotsPerDay {
                let n = grid.median[weekday][s]
                if out.last?.servers != n { out.append((Double((weekday * 1440 + s * options.slotMinutes) * 60), n)) }
            }
        }
        return out
    }
}

import QueueingNetwork
import ScenarioModel

/// Opening hours compiled: when each counter group is open over the term, its servers masked by
/// them, the categories' arrivals laid over them, and returns held until the next opening.
extension CampusCompiler {
    /// One counter group's (or category's) open time as intervals `[from, to)` over a repeating period.
    struct OpenTime {
        /// A week when the center has no holidays, else the whole term.
        var period: Double
        /// In order, apart (touching ones merged), within `[0, period)`.
        var intervals: [(from: Double, to: Double)]

        /// The open time of `hours` over the period: every week alike, or the term's weeks with the
        /// holidays taken out.
        init(_ hours: OpeningHours, center: ServiceCenter, term: Term, clock: CampusClock) {
            let weeks = center.holidays.isEmpty ? 1 : term.weeks
            period = Double(weeks) * clock.week
            var intervals: [(from: Double, to: Double)] = []
            for w in 0..<weeks {
                for d in 0..<7 where !center.isHoliday(week: w, weekday: d) || center.holidays.isEmpty {
                    let base = Double(w) * clock.week + Double(d) * clock.day
                    for interval in hours.days[d] { intervals.append((base + interval.from, base + interval.to)) }
                }
            }
            self.intervals = Self.merged(intervals)
        }

        init(period: Double, intervals: [(from: Double, to: Double)]) {
            self.period = period
            self.intervals = Self.merged(intervals)
        }

        /// Open when any of `times` is (all over the same period).
        static func union(_ times: [OpenTime]) -> OpenTime? {
            guard let first = times.first else { return nil }
            return OpenTime(period: first.period, intervals: times.flatMap(\.intervals))
        }

        static func merged(_ intervals: [(from: Double, to: Double)]) -> [(from: Double, to: Double)] {
            var out: [(from: Double, to: Double)] = []
            for interval in intervals.sorted(by: { $0.from < $1.from }) {
                if let last = out.last, interval.from <= last.to + 1e-9 {
                    out[out.count - 1].to = max(last.to, interval.to)
                } else {
                    out.append(interval)
                }
            }
            return out
        }

        /// True when open at `t` (taken within the period).
        func isOpen(at t: Double) -> Bool {
            let offset = t - (t / period).rounded(.down) * period
            var low = 0, high = intervals.count
            while low < high {
                let mid = (low + high) / 2
                if intervals[mid].to <= offset { low = mid + 1 } else { high = mid }
            }
            return low < intervals.count && intervals[low].from <= offset
        }

        /// The engine's release windows: a delay may end only while open.
        var releaseWindows: NetworkModel.ReleaseWindows? {
            guard !intervals.isEmpty else { return nil }
            return NetworkModel.ReleaseWindows(period: period, opens: intervals.map(\.from), closes: intervals.map(\.to))
        }
    }

    /// Per counter group, in counter order: when it is open.
    static func counterOpenTimes(_ center: ServiceCenter, term: Term, clock: CampusClock) -> [OpenTime] {
        center.counters.map { OpenTime(center.weeklyHours(of: $0, weekdays: term.weekdays), center: center, term: term, clock: clock) }
    }

    /// A category's open time: its counter group's (pooled), or any eligible group's (shortest queue).
    static func categoryOpenTime(_ category: ServiceCategory, center: ServiceCenter, counterTimes: [OpenTime]) -> OpenTime? {
        let eligible = center.counters.indices.filter { center.counters[$0].skills.isEmpty || center.counters[$0].skills.contains(category.id) }
        if center.routing == .shortestQueue { return OpenTime.union(eligible.map { counterTimes[$0] }) }
        let target = eligible.first { center.counters[$0].skills.contains(category.id) } ?? eligible.first
        return target.map { counterTimes[$0] }
    }

    /// `servers` with 0 wherever the group is closed, as a schedule over the open time's period (a
    /// week, or the term when there are holidays or the schedule's period does not divide a week).
    static func masked(_ servers: ServerCount, by hours: OpeningHours, center: ServiceCenter, term: Term, clock: CampusClock) -> ServerCount {
        var open = OpenTime(hours, center: center, term: term, clock: clock)
        if case .schedule(let schedule) = servers {
            let cycles = clock.week / schedule.period
            if abs(cycles - cycles.rounded()) > 1e-9 * max(1, cycles) || open.period != clock.week {
                // Lay the open time over the whole term.
                var intervals: [(from: Double, to: Double)] = []
                let repeats = Int((clock.termLength / open.period).rounded())
                for r in 0..<repeats {
                    let base = Double(r) * open.period
                    intervals += open.intervals.map { ($0.from + base, $0.to + base) }
                }
                open = OpenTime(period: clock.termLength, intervals: intervals)
            }
        }
        let period = open.period
        let tolerance = 1e-9 * period
        var cuts = [0, period]
        for interval in open.intervals { cuts += [interval.from, interval.to] }
        if case .schedule(let schedule) = servers {
            var cycle = 0.0
            while cycle < period - tolerance {
                for entry in schedule.entries { cuts += [cycle + entry.from, cycle + entry.to] }
                cycle += schedule.period
            }
        }
        cuts = cuts.filter { $0 >= 0 && $0 <= period }.sorted()
        var points: [Double] = []
        for t in cuts where points.last.map({ t - $0 > tolerance }) ?? true { points.append(t) }
        if let last = points.last, abs(last - period) <= tolerance { points[points.count - 1] = period } else { points.append(period) }

        func own(at t: Double) -> Int {
            switch servers {
            case .fixed(let n): return n
            case .infinite: return 0
            case .schedule(let schedule):
                let offset = t - (t / schedule.period).rounded(.down) * schedule.period
                return schedule.entries.last { $0.from <= offset }?.servers ?? 0
            }
        }
        var entries: [ServerSchedule.Entry] = []
        for (a, b) in zip(points, points.dropFirst()) where b > a {
            let mid = (a + b) / 2
            let n = open.isOpen(at: mid) ? own(at: mid) : 0
            if let last = entries.last, last.servers == n { entries[entries.count - 1].to = b } else { entries.append(.init(from: a, to: b, servers: n)) }
        }
        if entries.count == 1 { return .fixed(entries[0].servers) }
        return .schedule(ServerSchedule(period: period, entries: entries))
    }

    /// Counter visit rates over the term with stated opening hours: per day, the category's hourly
    /// weights (`hourly[h]` from `anchor + h` hours) on the steps wholly within the day's open hours;
    /// each day's total in proportion to its weekday weight and its week's peak factor; nothing on a
    /// holiday or a closed day, whose demand is spread over the open days (the term's total is kept).
    static func counterProfile(
        total: Double, hourly: [Double], anchor: Double, open: OpenTime, term: Term, clock: CampusClock
    ) -> (step: Double, rates: [Double])? {
        var times = [anchor]
        for interval in open.intervals {
            times.append(interval.from - (interval.from / clock.day).rounded(.down) * clock.day)
            times.append(interval.to - (interval.to / clock.day).rounded(.down) * clock.day)
        }
        let step = profileStep(times: times, hour: clock.hour)
        let perDay = Int((clock.day / step).rounded())
        var rates: [Double] = []
        rates.reserveCapacity(term.weeks * 7 * perDay)
        var mass = 0.0
        var day = [Double](repeating: 0, count: perDay)
        for w in 0..<term.weeks {
            for d in 0..<7 {
                let base = Double(w * 7 + d) * clock.day
                var sum = 0.0
                for q in 0..<perDay {
                    day[q] = 0
                    let start = base + Double(q) * step
                    // Wholly within an opening: its start and the instant before its end are open.
                    guard open.isOpen(at: start + step * 1e-6), open.isOpen(at: start + step * (1 - 1e-6)),
                          isOneOpening(open, start + step * 1e-6, start + step * (1 - 1e-6))
                    else { continue }
                    let h = Int(((Double(q) * step - anchor) / clock.hour + 1e-9).rounded(.down))
                    if h >= 0 && h < hourly.count { day[q] = hourly[h] }
                    sum += day[q]
                }
                let f = sum > 0 ? term.factor(week: w) * term.weekdays[d] / sum : 0
                for q in 0..<perDay {
                    rates.append(f * day[q])
                    mass += f * day[q] * step
                }
            }
        }
        guard mass > 0 else { return nil }
        return (step, rates.map { $0 * total / mass })
    }

    /// True when `a` and `b` lie in the same opening (no closing between them).
    private static func isOneOpening(_ open: OpenTime, _ a: Double, _ b: Double) -> Bool {
        let cycle = (a / open.period).rounded(.down) * open.period
        let offsetA = a - cycle, offsetB = b - cycle
        return open.intervals.contains { $0.from <= offsetA && offsetB < $0.to }
    }

    /// The profile step for the times of day `times`: a quarter hour divided down to the largest
    /// number of whole seconds on which every time falls, at least 60 s.
    static func profileStep(times: [Double], hour: Double) -> Double {
        let secondsPerUnit = 3600 / hour
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
        var stepSeconds = 900
        for t in times {
            let s = t * secondsPerUnit
            let whole = s.rounded()
            guard abs(s - whole) <= 1e-6 * max(1, abs(s)) else { stepSeconds = 60; break }
            stepSeconds = gcd(stepSeconds, Int(whole))
        }
        return Double(max(60, stepSeconds)) / secondsPerUnit
    }
}

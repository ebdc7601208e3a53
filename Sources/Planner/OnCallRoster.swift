/// The on-call duty of a whole term, in blocks a counselor would accept: a weekday day, evening or
/// night, a weekend day or night, each taken whole by named counselors, with a rest after a night and
/// every counselor's duty spread over the term (docs/planner.md, "On-call duty").
///
/// The counselor program decides how many duty hours a week each counselor carries on average (its
/// profiles, within `weekly_hours.on_call`); this roster turns that average into whole blocks over
/// the term's weeks. Hours are counted from Monday 0:00 of the term's first week.
public struct OnCallRoster: Sendable {
    /// A kind of duty block: on `days` (0 = Monday), from `from` to `to` hours after midnight; `to`
    /// beyond 24 ends the next morning.
    public struct Block: Sendable, Hashable {
        public var name: String
        public var days: [Int]
        public var from: Double
        public var to: Double
        public var hours: Double { to - from }
        /// A block reaching past midnight: the counselor rests after it.
        public var isNight: Bool { to > 24 }

        public init(name: String, days: [Int], from: Double, to: Double) {
            self.name = name
            self.days = days
            self.from = from
            self.to = to
        }
    }

    /// One block on one day of the term, and who is on duty.
    public struct Duty: Sendable, Hashable {
        public var block: Int
        /// Week of the term, from 1; 0 for the Sunday night running into the term's first Monday.
        public var week: Int
        public var day: Int
        /// Start and end in hours from the term's first Monday 0:00, cut to the term.
        public var start: Double
        public var end: Double
        public var counselors: [Int]
        public var hours: Double { end - start }
    }

    /// The blocks a service center's on-call roster usually has: weekdays 8:00–17:30 (the working
    /// day), 17:30–22:00 (the evening) and 22:00–8:00 (the night); weekends 8:00–20:00 and 20:00–8:00.
    /// Together they cover every hour of the week once.
    public static let defaultBlocks: [Block] = [
        Block(name: "weekday_day", days: [0, 1, 2, 3, 4], from: 8, to: 17.5),
        Block(name: "weekday_evening", days: [0, 1, 2, 3, 4], from: 17.5, to: 22),
        Block(name: "weekday_night", days: [0, 1, 2, 3, 4], from: 22, to: 32),
        Block(name: "weekend_day", days: [5, 6], from: 8, to: 20),
        Block(name: "weekend_night", days: [5, 6], from: 20, to: 32),
    ]

    /// Hours without duty after a night block ends: the next day is free of duty.
    public static let defaultRestAfterNight = 24.0

    /// Hours between two duties of one counselor the roster keeps when anyone else can take the
    /// block: three days.
    public static let preferredGap = 72.0

    public var blocks: [Block]
    public var duties: [Duty]
    public var weeks: Int
    public var dutyPerHour: Int
    public var restAfterNight: Double
    /// Each counselor's share of the term's duty, in hours: the program's weekly duty × weeks.
    public var targetHours: [Double]

    /// Plans the term: each duty, in time order, goes to the counselors furthest behind their target
    /// (duty done over target hours; for a night, nights done first), among those free of duty,
    /// rested after a night and at most one block beyond their target; where enough are, among
    /// those still short of their target and three days after their last duty. Then `evenOut` moves
    /// duties from those over their target to those under it.
    public static func plan(dutyPerHour: Int, weeks: Int, targetHours: [Double], blocks: [Block] = defaultBlocks,
                            restAfterNight: Double = defaultRestAfterNight) -> OnCallRoster {
        var duties = occurrences(blocks: blocks, weeks: weeks)
        let n = targetHours.count
        var done = [Double](repeating: 0, count: n)
        var nights = [Double](repeating: 0, count: n)
        var freeFrom = [Double](repeating: -.infinity, count: n)
        var lastEnd = [Double](repeating: -.infinity, count: n)
        let people = (0..<n).filter { targetHours[$0] > 0 }
        let longest = blocks.map(\.hours).max() ?? 0
        for d in duties.indices where dutyPerHour > 0 {
            let duty = duties[d]
            let night = blocks[duty.block].isNight
            let free = people.filter { freeFrom[$0] <= duty.start + 1e-9 && done[$0] + duty.hours <= targetHours[$0] + longest + 1e-9 }
            let spaced = free.filter { duty.start - lastEnd[$0] >= preferredGap - 1e-9 && done[$0] < targetHours[$0] - 1e-9 }
            let pool = spaced.count >= dutyPerHour ? spaced : free
            let ranked = pool.sorted { a, b in
                let ka = (night ? nights[a] / targetHours[a] : 0, done[a] / targetHours[a], lastEnd[a], a)
                let kb = (night ? nights[b] / targetHours[b] : 0, done[b] / targetHours[b], lastEnd[b], b)
                return ka < kb
            }
            for i in ranked.prefix(dutyPerHour) {
                duties[d].counselors.append(i)
                done[i] += duty.hours
                if night { nights[i] += duty.hours }
                lastEnd[i] = duty.end
                freeFrom[i] = duty.end + (night ? restAfterNight : 0)
            }
        }
        var roster = OnCallRoster(blocks: blocks, duties: duties, weeks: weeks, dutyPerHour: dutyPerHour, restAfterNight: restAfterNight,
                                  targetHours: targetHours)
        roster.evenOut()
        return roster
    }

    /// Moves duties from counselors over their target to those furthest under it, while the move
    /// narrows the pair's difference and the taker is free and rested for it (three days from their
    /// other duties where a move allows it): the time-ordered pass
    /// leaves the last weeks to whoever is free, and this evens out what it left.
    mutating func evenOut() {
        var hours = self.hours
        var held = targetHours.map { _ in [Int]() }
        for (d, duty) in duties.enumerated() { for i in duty.counselors { held[i].append(d) } }
        var stuck = Set<Int>()
        for _ in 0..<(duties.count * max(1, dutyPerHour)) {
            let under = targetHours.indices.filter { targetHours[$0] > 0 && !stuck.contains($0) }
                .min { hours[$0] - targetHours[$0] < hours[$1] - targetHours[$1] }
            guard let u = under else { return }
            let shortfall = hours[u] - targetHours[u]
            var candidates: [(duty: Int, holder: Int, excess: Double)] = []
            for d in duties.indices where !duties[d].counselors.contains(u) {
                for o in duties[d].counselors {
                    let excess: Double = hours[o] - targetHours[o]
                    if excess > shortfall + duties[d].hours + 1e-9 { candidates.append((d, o, excess)) }
                }
            }
            candidates.sort { $0.excess > $1.excess }
            let spaced = candidates.first { c in held[u].allSatisfy { !clash($0, c.duty, gap: Self.preferredGap) } }
            guard let (d, o, _) = spaced ?? candidates.first(where: { c in held[u].allSatisfy { !clash($0, c.duty, gap: 0) } }) else {
                stuck.insert(u)
                continue
            }
            duties[d].counselors[duties[d].counselors.firstIndex(of: o)!] = u
            held[o].removeAll { $0 == d }
            held[u].append(d)
            hours[o] -= duties[d].hours
            hours[u] += duties[d].hours
            stuck.removeAll()
        }
    }

    /// Whether one counselor could not hold duties `a` and `b`: they overlap, one starts within the
    /// rest after the other's night, or within `gap` hours of the other's end.
    func clash(_ a: Int, _ b: Int, gap: Double) -> Bool {
        let x = duties[a], y = duties[b]
        let xFree = x.end + max(gap, blocks[x.block].isNight ? restAfterNight : 0)
        let yFree = y.end + max(gap, blocks[y.block].isNight ? restAfterNight : 0)
        return !(xFree <= y.start + 1e-9 || yFree <= x.start + 1e-9)
    }

    /// Every block of every day that reaches into the term, in time order, cut to the term.
    static func occurrences(blocks: [Block], weeks: Int) -> [Duty] {
        let end = Double(weeks) * 168
        var all: [Duty] = []
        for week in 0...max(0, weeks) {
            for (k, block) in blocks.enumerated() {
                for day in block.days {
                    let start = Double(week - 1) * 168 + Double(day) * 24 + block.from
                    let stop = start + block.hours
                    guard stop > 0, start < end else { continue }
                    all.append(Duty(block: k, week: week, day: day, start: max(0, start), end: min(end, stop), counselors: []))
                }
            }
        }
        return all.sorted { ($0.start, $0.block) < ($1.start, $1.block) }
    }

    /// Duty hours in the term, per counselor.
    public var hours: [Double] {
        var h = targetHours.map { _ in 0.0 }
        for duty in duties { for i in duty.counselors { h[i] += duty.hours } }
        return h
    }

    /// Night blocks in the term, per counselor.
    public var nights: [Int] {
        var count = targetHours.map { _ in 0 }
        for duty in duties where blocks[duty.block].isNight { for i in duty.counselors { count[i] += 1 } }
        return count
    }

    /// The least hours between the end of one duty and the start of the next of any counselor
    /// (nil when nobody has two).
    public var shortestGap: Double? {
        var last: [Int: Double] = [:]
        var gap: Double?
        for duty in duties {
            for i in duty.counselors {
                if let end = last[i] { gap = min(gap ?? .infinity, duty.start - end) }
                last[i] = duty.end
            }
        }
        return gap
    }

    /// Counselor-hours the roster leaves uncovered against `dutyPerHour` in every hour of the term.
    public var missingHours: Double {
        duties.reduce(0) { $0 + Double(max(0, dutyPerHour - $1.counselors.count)) * $1.hours }
    }

    /// What breaks the roster's promises, in words; empty when it keeps them all: the blocks tile
    /// every hour of the term once; `dutyPerHour` counselors on every duty, all different; no
    /// counselor on two duties at once or on duty within the rest after a night; nobody more than one
    /// block beyond their target hours.
    public func problems() -> [String] {
        var found: [String] = []
        let end = Double(weeks) * 168
        var covered = 0.0, previous = 0.0
        for duty in duties {
            if abs(duty.start - previous) > 1e-6 { found.append("duty at hour \(duty.start) does not start where the last ended (\(previous))") }
            previous = duty.end
            covered += duty.hours
            if duty.counselors.count != dutyPerHour {
                found.append("\(blocks[duty.block].name) of week \(duty.week) day \(duty.day): \(duty.counselors.count) on duty, \(dutyPerHour) needed")
            }
            if Set(duty.counselors).count != duty.counselors.count { found.append("a counselor twice on one duty at hour \(duty.start)") }
        }
        if dutyPerHour > 0 && abs(covered - end) > 1e-6 { found.append("the duties cover \(covered) hours of a \(end)-hour term") }
        var freeFrom: [Int: Double] = [:]
        for duty in duties {
            for i in duty.counselors {
                if let free = freeFrom[i], free > duty.start + 1e-9 {
                    found.append("counselor \(i) on duty at hour \(duty.start) before they are free (hour \(free))")
                }
                freeFrom[i] = duty.end + (blocks[duty.block].isNight ? restAfterNight : 0)
            }
        }
        let longest = blocks.map(\.hours).max() ?? 0
        for (i, h) in hours.enumerated() where h > targetHours[i] + longest + 1e-9 {
            found.append("counselor \(i) has \(h) hours of duty, more than one block beyond their \(targetHours[i])")
        }
        return found
    }
}

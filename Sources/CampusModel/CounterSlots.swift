import QueueingNetwork
import ScenarioModel

/// Where a counter visit's wait falls: its counter group, category, week type, weekday and hour of
/// the day, all read from when the wait began (the student joined the counter's queue).
public struct CounterSlot: Sendable, Hashable {
    /// Index into `campus.service_center.counters`.
    public var counter: Int
    /// Index into `campus.service_center.categories`.
    public var category: Int
    /// Index into `CampusPlan.weekTypeNames`.
    public var weekType: Int
    /// 0 = Monday.
    public var weekday: Int
    /// 0 = midnight to 1:00.
    public var hour: Int
}

/// One item of a scoped rule: the values of the rule's `per` breakdowns (`nil` where it does not
/// break down by that dimension), as indices into the campus's lists.
public struct ScopeItem: Sendable, Hashable, Comparable {
    public var counter: Int?
    public var category: Int?
    public var activity: Int?
    public var weekday: Int?
    public var hour: Int?
    public var weekType: Int?

    public init(counter: Int? = nil, category: Int? = nil, activity: Int? = nil, weekday: Int? = nil, hour: Int? = nil, weekType: Int? = nil) {
        self.counter = counter
        self.category = category
        self.activity = activity
        self.weekday = weekday
        self.hour = hour
        self.weekType = weekType
    }

    private var order: [Int] { [weekType, counter, category, activity, weekday, hour].map { $0 ?? -1 } }
    public static func < (a: ScopeItem, b: ScopeItem) -> Bool { a.order.lexicographicallyPrecedes(b.order) }
}

/// Tail measures of the counters' waits in one hour of the day in one week type (or all weeks),
/// over one replication: for one counter group, or for all counters together.
public struct SlotTail: Sendable, Hashable {
    /// Index into `campus.service_center.counters`, or `nil` for every counter together.
    public var counter: Int?
    /// Index into `CampusPlan.weekTypeNames`, or `nil` for every week together.
    public var weekType: Int?
    public var hour: Int
    /// Waits that began in the slot and ended (in service or by giving up).
    public var waits: Int
    /// Mean wait of those served (in the time unit); `nil` when none was.
    public var meanWait: Double?
    /// Share of the waits longer than the service level's target (a student who gave up counts by
    /// the time they waited).
    public var overTarget: Double
    /// The 90th percentile of the waits (type 7, exact, in the time unit).
    public var p90: Double
}

extension CampusPlan {
    /// The week types of the term, as the planner's verification groups weeks (`WeekTypes.term`):
    /// `regular` for weeks in no peak (left out when every week is in one), then each peak's name in
    /// the term's order (a week in two peaks belongs to the first).
    public var weekTypeNames: [String] { weekTypes.names }

    /// The week type of week `w` (0-based); weeks past the term are regular (or the first type).
    public func weekType(ofWeek w: Int) -> Int { weekTypes.typeOfWeek(w) }

    private var weekTypes: WeekTypes { WeekTypes.term(campus.term, periods: campus.term.weeks) }

    /// The slot of each kept counter wait, in the order of `network.waitRecords` (`nil` for a wait
    /// at a station that is not a counter, or of a class that is not a category).
    func counterSlots(_ network: ReplicationResult) -> [CounterSlot?] {
        var counterOf = [Int](repeating: -1, count: (counterStations.max() ?? -1) + 1)
        for (c, s) in counterStations.enumerated() { counterOf[s] = c }
        var categoryOf = [Int](repeating: -1, count: (categoryClasses.max() ?? -1) + 1)
        for (k, cls) in categoryClasses.enumerated().reversed() { categoryOf[cls] = k }
        let types = weekTypes
        let week = 7 * day
        return network.waitRecords.map { r in
            let s = Int(r.station), cls = Int(r.classIndex)
            guard s < counterOf.count, counterOf[s] >= 0, cls < categoryOf.count, categoryOf[cls] >= 0 else { return nil }
            let c = counterOf[s], k = categoryOf[cls]
            let w = Int((r.began / week).rounded(.down))
            let inWeek = r.began - Double(w) * week
            let weekday = min(6, max(0, Int((inWeek / day).rounded(.down))))
            let h = min(23, max(0, Int(((inWeek - Double(weekday) * day) / hour).rounded(.down))))
            let type = types.typeOfWeek(w)
            return CounterSlot(counter: c, category: k, weekType: type, weekday: weekday, hour: h)
        }
    }

    /// Tail measures by week type (and over all weeks) and hour of the day: for all counters
    /// together, then per counter group.
    func slotTails(_ network: ReplicationResult, slots: [CounterSlot?]) -> [SlotTail] {
        guard let target = campus.serviceCenter?.targetWait else { return [] }
        // Flat bins, indexed by (counter + 1, week type + 1, hour): 0 stands for "all" in the first two.
        let types = weekTypeNames.count + 1, counters = counterStations.count + 1
        func bin(_ c: Int, _ w: Int, _ h: Int) -> Int { (c * types + w) * 24 + h }
        var waits = [[Double]](repeating: [], count: counters * types * 24)
        var servedCount = [Int](repeating: 0, count: waits.count)
        var servedSum = [Double](repeating: 0, count: waits.count)
        for (r, slot) in zip(network.waitRecords, slots) {
            guard let slot else { continue }
            for b in [bin(0, slot.weekType + 1, slot.hour), bin(0, 0, slot.hour),
                      bin(slot.counter + 1, slot.weekType + 1, slot.hour), bin(slot.counter + 1, 0, slot.hour)] {
                waits[b].append(r.wait)
                if r.served { servedCount[b] += 1; servedSum[b] += r.wait }
            }
        }
        var tails: [SlotTail] = []
        for c in 0..<counters {
            for w in 0..<types {
                for h in 0..<24 where !waits[bin(c, w, h)].isEmpty {
                    let b = bin(c, w, h)
                    let sorted = waits[b].sorted()
                    var over = 0
                    for x in sorted where x > target { over += 1 }
                    tails.append(SlotTail(counter: c == 0 ? nil : c - 1, weekType: w == 0 ? nil : w - 1, hour: h, waits: sorted.count,
                                          meanWait: servedCount[b] > 0 ? servedSum[b] / Double(servedCount[b]) : nil,
                                          overTarget: Double(over) / Double(sorted.count),
                                          p90: CampusPlan.quantile(sorted: sorted, 0.9)!))
                }
            }
        }
        return tails
    }

    /// Each scoped `service_level` rule's items in one replication: the share of the waits that
    /// began in the item and ended (in service or by giving up) that were served within the target.
    /// One dictionary per rule, in rule order; empty for a rule that is not a scoped service level.
    func serviceLevelItems(_ network: ReplicationResult, slots: [CounterSlot?]) -> [[ScopeItem: Double]] {
        guard let center = campus.serviceCenter else { return campus.rules.map { _ in [:] } }
        let target = center.targetWait
        return campus.rules.map { rule in
            guard rule.kind == .serviceLevel, !rule.scope.isWhole else { return [:] }
            let scope = rule.scope
            let counter = scope.counterGroup.flatMap { id in center.counters.firstIndex { $0.id == id } }
            let category = scope.category.flatMap { id in center.categories.firstIndex { $0.id == id } }
            let types = Set(scope.weekTypes.compactMap { weekTypeNames.firstIndex(of: $0) })
            var counts: [ScopeItem: (within: Int, ended: Int)] = [:]
            for (r, slot) in zip(network.waitRecords, slots) {
                guard let slot else { continue }
                if let counter, slot.counter != counter { continue }
                if let category, slot.category != category { continue }
                if !scope.weekTypes.isEmpty, !types.contains(slot.weekType) { continue }
                let item = ScopeItem(
                    counter: scope.per.contains(.counterGroup) ? slot.counter : nil,
                    category: scope.per.contains(.category) ? slot.category : nil,
                    weekday: scope.per.contains(.weekday) ? slot.weekday : nil,
                    hour: scope.per.contains(.hour) ? slot.hour : nil,
                    weekType: scope.per.contains(.weekType) ? slot.weekType : nil)
                var n = counts[item] ?? (0, 0)
                n.ended += 1
                if r.served && r.wait <= target { n.within += 1 }
                counts[item] = n
            }
            return counts.mapValues { Double($0.within) / Double($0.ended) }
        }
    }

    /// An item's name in a planner's words: "all_purpose Tue 10:00-11:00 in term_start weeks".
    public func label(_ item: ScopeItem) -> String {
        var parts: [String] = []
        if let c = item.counter, let center = campus.serviceCenter { parts.append(center.counters[c].id) }
        if let k = item.category, let center = campus.serviceCenter { parts.append(center.categories[k].id) }
        if let a = item.activity, let rooms = campus.rooms { parts.append(rooms.activities[a].id) }
        if let d = item.weekday { parts.append(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d]) }
        if let h = item.hour { parts.append(String(format: "%02d:00-%02d:00", h, h + 1)) }
        if let w = item.weekType {
            let name = weekTypeNames[w]
            parts.append(parts.isEmpty ? "\(name) weeks" : "in \(name) weeks")
        }
        return parts.joined(separator: " ")
    }
}

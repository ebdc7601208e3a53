import QueueingNetwork
import ScenarioModel

/// A campus measure, named by its section and key in `summary.json` (`campus.<section>.<key>`).
public enum CampusMeasure: String, CaseIterable, Sendable {
    case oneVisitRate = "service_center.one_visit_rate"
    case centerMeanWait = "service_center.mean_wait"
    case serviceLevel = "service_center.service_level"
    case onlineOnTimeRate = "service_center.online_on_time_rate"
    case counterVisits = "service_center.counter_visits_per_week"
    case deferredReturns = "service_center.deferred_returns_per_week"
    case feedbackOnTimeRate = "feedback.on_time_rate"
    case dormVisitCoverage = "counselors.dorm_visit_coverage"
    case talkCoverage = "counselors.talk_coverage"
    case crisisResponseP95 = "counselors.crisis_response_p95"
    case crisisCallsPerWeek = "counselors.crisis_calls_per_week"
    case crisisAnsweredAtOnce = "counselors.crisis_answered_at_once"
    case crisisMeanWait = "counselors.crisis_mean_wait"
    case crisisWaitOverTarget = "counselors.crisis_wait_over_target"
    case weeklyHours = "counselors.weekly_hours"
    case studentsPerCounselor = "counselors.students_per_counselor"
    case unmetTalkRequests = "counselors.unmet_talk_requests"
    case rejectionRate = "rooms.rejection_rate"
    case seatUtilization = "rooms.seat_utilization"
    case seatUtilizationInWindows = "rooms.seat_utilization_in_windows"
    case participants = "rooms.participants"
    case movedBookings = "rooms.moved_bookings"

    public var section: String { String(rawValue.split(separator: ".")[0]) }
    public var key: String { String(rawValue.split(separator: ".")[1]) }
}

/// What one replication measured of the campus: the headline measures and their breakdowns.
public struct CampusReplication: Sendable {
    public var replication: Int
    /// By `CampusMeasure.allCases`; `nil` where the campus has no such part or nothing happened.
    public var values: [Double?]
    /// Per category, by `categoryColumns`: counter visits per week, mean wait, service level, one-visit
    /// rate, online on-time rate, share of counter visits that gave up.
    public var categories: [[Double?]]
    /// Per counter group: mean wait, service level, utilization, abandonment.
    public var counters: [[Double?]]
    /// Per dormitory building: share of weeks visited.
    public var buildings: [Double]
    /// Per college: share of students talked with.
    public var colleges: [Double]
    /// Per room type: bookings, and booked room time per hour of the day (share of the room time open).
    public var roomBookings: [Int]
    public var roomHourly: [[Double]]
    /// Per activity: requests and rejections.
    public var activityRequests: [Int]
    public var activityRejected: [Int]
    /// Per hour of the day: seat time booked over seat time open in that hour (`nil` where no room is open).
    public var seatHourly: [Double?] = []
    /// Times each policy fired, by `CampusPlan.policyIds`.
    public var policyFirings: [Int]
    /// The counters' waits by week type and hour of the day (all counters, then each group).
    public var slotTails: [SlotTail] = []
    /// Per rule (in rule order): a scoped service level's value in each of its items; empty for
    /// the other rules.
    public var ruleItems: [[ScopeItem: Double]] = []

    /// Activity `a`'s booking requests turned away over its requests; `nil` when it asked for none.
    public func activityRejection(_ a: Int) -> Double? {
        guard a < activityRequests.count, a < activityRejected.count, activityRequests[a] > 0 else { return nil }
        return Double(activityRejected[a]) / Double(activityRequests[a])
    }

    public func value(_ measure: CampusMeasure) -> Double? {
        values[CampusMeasure.allCases.firstIndex(of: measure)!]
    }

    public static let categoryColumns = ["counter_visits_per_week", "mean_wait", "service_level", "one_visit_rate", "online_on_time_rate", "p_abandon"]
    public static let counterColumns = ["mean_wait", "service_level", "utilization", "p_abandon"]
}

extension CampusPlan {
    /// Runs the processes beside the network for one replication and reads the campus measures.
    public func measure(_ network: ReplicationResult, master: UInt64) -> CampusReplication {
        let weeks = Double(campus.term.weeks)
        let weekLength = 7 * day
        let measuredWeeks = network.measuredTime > 0 ? network.measuredTime / weekLength : weeks
        var values = [Double?](repeating: nil, count: CampusMeasure.allCases.count)
        func set(_ m: CampusMeasure, _ v: Double?) { values[CampusMeasure.allCases.firstIndex(of: m)!] = v }
        func ratio(_ n: Int, _ d: Int) -> Double? { d > 0 ? Double(n) / Double(d) : nil }

        // Service center: visits are arrivals at the counters (first visits and returns, those who
        // gave up included), counted by category at the counters alone, so that no internal station
        // (the `returning` delay, the online back office) enters a student-facing measure and the
        // categories add up to the campus figures.
        var categories: [[Double?]] = []
        var counters: [[Double?]] = []
        if campus.serviceCenter != nil {
            let counts = categoryClasses.map { counterCounts(network, classIndex: $0) }
            var all = StationCounts()
            for n in counts {
                all.arrivals += n.arrivals
                all.served += n.served
                all.waitSum += n.waitSum
                all.withinTarget += n.withinTarget
                all.abandoned += n.abandoned
            }
            set(.centerMeanWait, all.served > 0 ? all.waitSum / Double(all.served) : nil)
            set(.serviceLevel, ratio(all.withinTarget, all.served + all.abandoned))
            let classes = categoryClasses.map { network.classCounts[$0] }
            set(.oneVisitRate, ratio(classes.reduce(0) { $0 + $1.oneVisitExits }, classes.reduce(0) { $0 + $1.exits }))
            let online = onlineClasses.compactMap { $0 }.map { network.classCounts[$0] }
            set(.onlineOnTimeRate, ratio(online.reduce(0) { $0 + $1.deadlineMet }, online.reduce(0) { $0 + $1.deadlineTotal }))
            set(.counterVisits, Double(all.arrivals) / measuredWeeks)
            if let r = returningStation, r < network.stationCounts.count {
                set(.deferredReturns, Double(network.stationCounts[r].deferred) / measuredWeeks)
            }
            for (c, k) in categoryClasses.enumerated() {
                let n = counts[c], exits = network.classCounts[k]
                let onlineRate = onlineClasses[c].flatMap { ratio(network.classCounts[$0].deadlineMet, network.classCounts[$0].deadlineTotal) }
                categories.append([
                    Double(n.arrivals) / measuredWeeks, n.served > 0 ? n.waitSum / Double(n.served) : nil,
                    ratio(n.withinTarget, n.served + n.abandoned), ratio(exits.oneVisitExits, exits.exits), onlineRate,
                    ratio(n.abandoned, n.arrivals),
                ])
            }
            for s in counterStations {
                counters.append([
                    network.value(.meanWait, station: s), network.value(.serviceLevel, station: s),
                    network.value(.utilization, station: s), network.value(.pAbandon, station: s),
                ])
            }
        }
        if let s = feedbackHandlingStation {
            set(.feedbackOnTimeRate, ratio(network.stationCounts[s].deadlineMet, network.stationCounts[s].deadlineTotal))
        }
        set(.studentsPerCounselor, studentsPerCounselor.isFinite ? studentsPerCounselor : nil)

        // Counselors, week by week.
        var buildings: [Double] = []
        var colleges: [Double] = []
        if let counselors = campus.counselors {
            let outcome = CounselorWeeks(population: campus.population, counselors: counselors, weeks: campus.term.weeks)
                .run(master: master, replication: network.replication)
            set(.dormVisitCoverage, outcome.dormVisitCoverage)
            set(.talkCoverage, outcome.talkCoverage)
            set(.unmetTalkRequests, Double(outcome.unmetRequests))
            let total = campus.population.colleges.reduce(0) { $0 + $1.counselors }
            var hours = outcome.weeklyHours
            if let s = onCallStation, total > 0, let h = hours {
                // On-call duty as it was actually used, spread over every counselor.
                hours = h + network.stationCounts[s].busyTime / hour / measuredWeeks / Double(total)
            }
            set(.weeklyHours, hours)
            buildings = outcome.buildingCoverage
            colleges = outcome.collegeTalkCoverage
        }
        if let k = crisisClass {
            // Every crisis call answered in the measured time, by the wait before a counselor took it.
            let waits = (k < network.responseTimes.count ? network.responseTimes[k] : []).sorted()
            set(.crisisCallsPerWeek, Double(waits.count) / measuredWeeks)
            if !waits.isEmpty {
                let n = Double(waits.count)
                set(.crisisResponseP95, CampusPlan.quantile(sorted: waits, 0.95))
                set(.crisisAnsweredAtOnce, Double(waits.filter { $0 <= 0 }.count) / n)
                set(.crisisMeanWait, waits.reduce(0, +) / n)
                if let target = crisisTarget { set(.crisisWaitOverTarget, Double(waits.filter { $0 > target }.count) / n) }
            }
        }

        // Rooms.
        var roomBookings: [Int] = []
        var roomHourly: [[Double]] = []
        var activityRequests: [Int] = []
        var activityRejected: [Int] = []
        var seatHourly: [Double?] = []
        var firings = network.policyFirings
        if let rooms = campus.rooms {
            let bookings = RoomBookings(rooms: rooms, day: day, horizon: termLength, step: nextFreeSlotStep)
            if let outcome = try? bookings.run(master: master, replication: network.replication) {
                set(.rejectionRate, ratio(outcome.rejected, outcome.requests))
                set(.seatUtilization, outcome.seatTimeOpen > 0 ? outcome.seatTimeBooked / outcome.seatTimeOpen : nil)
                set(.seatUtilizationInWindows, outcome.seatTimeInWindows > 0 ? outcome.seatTimeBooked / outcome.seatTimeInWindows : nil)
                seatHourly = zip(outcome.seatTimeBookedByHour, outcome.seatTimeOpenByHour).map { $1 > 0 ? $0 / $1 : nil }
                set(.participants, outcome.participants * (365 * day) / termLength)
                set(.movedBookings, Double(outcome.moved))
                roomBookings = outcome.typeBookings
                let days = termLength / day
                roomHourly = zip(rooms.roomTypes, outcome.typeHourly).map { type, hourly in
                    hourly.map { type.count > 0 ? $0 / (Double(type.count) * (hour) * days) : 0 }
                }
                activityRequests = outcome.activityRequests
                activityRejected = outcome.activityRejected
                if nextFreeSlotStep != nil { firings.append(outcome.moved) }
            }
        }
        var measured = CampusReplication(
            replication: network.replication, values: values, categories: categories, counters: counters,
            buildings: buildings, colleges: colleges, roomBookings: roomBookings, roomHourly: roomHourly,
            activityRequests: activityRequests, activityRejected: activityRejected, seatHourly: seatHourly, policyFirings: firings)
        if campus.serviceCenter != nil {
            let slots = counterSlots(network)
            measured.slotTails = slotTails(network, slots: slots)
            measured.ruleItems = serviceLevelItems(network, slots: slots)
        }
        return measured
    }

    /// One class's counts summed over the counters (and nothing else).
    func counterCounts(_ network: ReplicationResult, classIndex k: Int) -> StationCounts {
        var sum = StationCounts()
        for s in counterStations where s < network.stationClassCounts.count && k < network.stationClassCounts[s].count {
            let n = network.stationClassCounts[s][k]
            sum.arrivals += n.arrivals
            sum.served += n.served
            sum.waitSum += n.waitSum
            sum.withinTarget += n.withinTarget
            sum.abandoned += n.abandoned
            sum.completions += n.completions
            sum.blocked += n.blocked
        }
        return sum
    }

    /// The `p` quantile of sorted values, exactly: linear interpolation between order statistics
    /// (Hyndman and Fan's type 7, as R's `quantile` and NumPy's default compute it).
    public static func quantile(sorted x: [Double], _ p: Double) -> Double? {
        guard !x.isEmpty else { return nil }
        let h = Double(x.count - 1) * min(1, max(0, p))
        let lower = Int(h.rounded(.down))
        guard lower + 1 < x.count else { return x[x.count - 1] }
        return x[lower] + (h - Double(lower)) * (x[lower + 1] - x[lower])
    }
}

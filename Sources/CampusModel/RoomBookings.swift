import Foundation
import QueueingNetwork
import ScenarioModel
import Stochastics

/// Activity bookings over the term: each activity asks ahead of time for a room on some day and a
/// start within its window; the booking rule gives it the smallest free room that fits (fewest
/// seats, then file order) among the complexes it uses (in its preference order: the first
/// complex's rooms, then the next's; or in the one complex its booking drew by the activity's
/// shares), tries later starts `step` apart when the next-free-slot policy is on, and otherwise
/// rejects it.
public struct RoomBookings: Sendable {
    public struct Outcome: Sendable {
        public var requests = 0
        public var rejected = 0
        public var participants = 0.0
        /// Seat time booked (participants × duration) and seat time open.
        public var seatTimeBooked = 0.0
        public var seatTimeOpen = 0.0
        /// Bookings moved to a later start by the next-free-slot policy.
        public var moved = 0
        /// Per room type: bookings, and booked room time per hour of the day.
        public var typeBookings: [Int] = []
        public var typeHourly: [[Double]] = []
        /// Per activity: requests and rejections.
        public var activityRequests: [Int] = []
        public var activityRejected: [Int] = []
        /// Per complex (`ActivityRooms.complexIds`): requests whose first choice it is (the first of
        /// the activity's preference order, or the complex its shares drew) and their rejections.
        /// Requests of activities that book in any complex have no first choice and are not counted.
        public var complexRequests: [Int] = []
        public var complexRejected: [Int] = []
        /// Seat time open in the hours the activities allowed in each room may use (the union of
        /// their windows within the opening hours), over the term.
        public var seatTimeInWindows = 0.0
        /// Per hour of the day: seat time booked and seat time open, over the term.
        public var seatTimeBookedByHour: [Double] = []
        public var seatTimeOpenByHour: [Double] = []
        /// Every request in the order it was made, when `recordRequests` is set: its activity and
        /// whether it was rejected.
        public var log: [(activity: Int, rejected: Bool)] = []
    }

    struct Room {
        var type: Int
        var seats: Int
        var opens: Double
        var closes: Double
        /// Booked intervals, unordered; pruned of those that ended.
        var booked: [(Double, Double)] = []
    }

    public let rooms: ActivityRooms
    public let day: Double
    public let horizon: Double
    public let step: Double?
    /// Keep every request's activity and fate in `Outcome.log`.
    public var recordRequests = false

    /// Bookings of `rooms` over `horizon` (days of length `day`), moved `step` apart when set.
    public init(rooms: ActivityRooms, day: Double, horizon: Double, step: Double?) {
        self.rooms = rooms
        self.day = day
        self.horizon = horizon
        self.step = step
    }

    /// Whether activity `a` may book a room of type `t`: one of its room types, in one of its complexes.
    public func allows(activity a: Int, type t: Int) -> Bool {
        let activity = rooms.activities[a], type = rooms.roomTypes[t]
        guard activity.roomTypes.isEmpty || activity.roomTypes.contains(type.id) else { return false }
        if !activity.complexShares.isEmpty { return activity.complexShares.contains { $0.complex == type.complex } }
        return activity.complexes.isEmpty || activity.complexes.contains(type.complex)
    }

    /// Per room type, the hours of the day some activity allowed in it may use: the union of
    /// their windows within the type's opening hours, in time units.
    public func windowHours() -> [Double] {
        rooms.roomTypes.indices.map { t in
            let type = rooms.roomTypes[t]
            let spans = rooms.activities.indices.filter { allows(activity: $0, type: t) }
                .map { (max(rooms.activities[$0].windowFrom, type.opens), min(rooms.activities[$0].windowTo, type.closes)) }
                .filter { $0.0 < $0.1 }
                .sorted { $0.0 < $1.0 }
            var total = 0.0
            var current: (Double, Double)?
            for span in spans {
                if let c = current, span.0 <= c.1 {
                    current = (c.0, max(c.1, span.1))
                } else {
                    if let c = current { total += c.1 - c.0 }
                    current = span
                }
            }
            if let c = current { total += c.1 - c.0 }
            return total
        }
    }

    public func run(master: UInt64, replication: Int) throws(DistributionError) -> Outcome {
        var out = Outcome()
        out.typeBookings = [Int](repeating: 0, count: rooms.roomTypes.count)
        out.typeHourly = [[Double]](repeating: [Double](repeating: 0, count: 24), count: rooms.roomTypes.count)
        out.activityRequests = [Int](repeating: 0, count: rooms.activities.count)
        out.activityRejected = [Int](repeating: 0, count: rooms.activities.count)
        let complexIds = rooms.complexIds
        out.complexRequests = [Int](repeating: 0, count: complexIds.count)
        out.complexRejected = [Int](repeating: 0, count: complexIds.count)
        let hour = day / 24
        out.seatTimeBookedByHour = [Double](repeating: 0, count: 24)
        out.seatTimeOpenByHour = [Double](repeating: 0, count: 24)
        let days = horizon / day
        let windows = windowHours()
        var all: [Room] = []
        for (t, type) in rooms.roomTypes.enumerated() {
            for _ in 0..<type.count { all.append(Room(type: t, seats: type.seats, opens: type.opens, closes: type.closes)) }
            let seats = Double(type.count * type.seats)
            out.seatTimeOpen += seats * (type.closes - type.opens) * days
            out.seatTimeInWindows += seats * windows[t] * days
            for h in 0..<24 {
                let overlap = min(type.closes, Double(h + 1) * hour) - max(type.opens, Double(h) * hour)
                if overlap > 0 { out.seatTimeOpenByHour[h] += seats * overlap * days }
            }
        }
        let order = all.indices.sorted { (all[$0].seats, $0) < (all[$1].seats, $1) }
        // Per activity, the rooms a booking tries in turn: per option (the one list of a preference
        // order or of any complex; one list per complex of its shares).
        var tries: [[[Int]]] = []
        var firstChoice: [[Int?]] = []
        var shareLimits: [[Double]] = []
        for (a, activity) in rooms.activities.enumerated() {
            let fits = order.filter { allows(activity: a, type: all[$0].type) }
            if !activity.complexShares.isEmpty {
                tries.append(activity.complexShares.map { share in fits.filter { rooms.roomTypes[all[$0].type].complex == share.complex } })
                firstChoice.append(activity.complexShares.map { complexIds.firstIndex(of: $0.complex) })
                var cumulative = 0.0
                shareLimits.append(activity.complexShares.map { cumulative += $0.share; return cumulative })
            } else if !activity.complexes.isEmpty {
                tries.append([activity.complexes.flatMap { c in fits.filter { rooms.roomTypes[all[$0].type].complex == c } }])
                firstChoice.append([complexIds.firstIndex(of: activity.complexes[0])])
                shareLimits.append([])
            } else {
                tries.append([fits])
                firstChoice.append([nil])
                shareLimits.append([])
            }
        }

        // Every request of the term, in the order they are made.
        struct Request { var time: Double; var activity: Int; var day: Double; var group: Int; var duration: Double; var start: Double; var option: Int }
        var requests: [Request] = []
        for (a, activity) in rooms.activities.enumerated() {
            let name = "rooms/\(activity.id)"
            let arrivals = RandomStream(master: master, replication: replication, name: "\(name)/arrivals")
            let sizes = RandomStream(master: master, replication: replication, name: "\(name)/group")
            let lengths = RandomStream(master: master, replication: replication, name: "\(name)/duration")
            let leads = RandomStream(master: master, replication: replication, name: "\(name)/lead")
            let starts = RandomStream(master: master, replication: replication, name: "\(name)/start")
            let complexDraws = RandomStream(master: master, replication: replication, name: "\(name)/complex")
            let group = try Distribution(activity.group)
            let duration = try Distribution(activity.duration)
            let lead = try Distribution(activity.leadTime)
            let process = try ArrivalProcess.poisson(rate: activity.perYear / (365 * day))
            var t = process.next(after: 0, arrivals)
            while t < horizon {
                let d = max(duration.sample(lengths), day / 1440)
                var bookingDay = ((t + lead.sample(leads)) / day).rounded(.down) * day
                let latest = max(activity.windowFrom, activity.windowTo - d)
                let start = activity.windowFrom + starts.uniform() * (latest - activity.windowFrom)
                // A start already past when the request is made moves to the next day.
                if bookingDay + start < t { bookingDay += day }
                let size = max(1, Int(group.sample(sizes).rounded()))
                var option = 0
                if !shareLimits[a].isEmpty {
                    let u = complexDraws.uniform() * shareLimits[a].last!
                    option = shareLimits[a].firstIndex { u < $0 } ?? shareLimits[a].count - 1
                }
                requests.append(Request(time: t, activity: a, day: bookingDay, group: size, duration: d, start: start, option: option))
                t = process.next(after: t, arrivals)
            }
        }
        requests.sort { ($0.time, $0.activity) < ($1.time, $1.activity) }

        if recordRequests { out.log.reserveCapacity(requests.count) }
        for request in requests {
            out.requests += 1
            out.activityRequests[request.activity] += 1
            let home = firstChoice[request.activity][request.option]
            if let home { out.complexRequests[home] += 1 }
            let activity = rooms.activities[request.activity]
            var start = request.start
            var booked: Int?
            var moves = 0
            while booked == nil {
                for r in tries[request.activity][request.option] where all[r].seats >= request.group {
                    let s = start, e = start + request.duration
                    guard s >= all[r].opens, e <= all[r].closes else { continue }
                    let from = request.day + s, to = request.day + e
                    all[r].booked.removeAll { $0.1 <= request.time }
                    if all[r].booked.allSatisfy({ $0.1 <= from || $0.0 >= to }) {
                        all[r].booked.append((from, to))
                        booked = r
                        break
                    }
                }
                guard booked == nil, let step, start + step + request.duration <= activity.windowTo + 1e-9 else { break }
                start += step
                moves += 1
            }
            if recordRequests { out.log.append((request.activity, booked == nil)) }
            guard let r = booked else {
                out.rejected += 1
                out.activityRejected[request.activity] += 1
                if let home { out.complexRejected[home] += 1 }
                continue
            }
            if moves > 0 { out.moved += 1 }
            out.participants += Double(request.group)
            out.seatTimeBooked += Double(request.group) * request.duration
            out.typeBookings[all[r].type] += 1
            // Booked room time and seat time by hour of the day.
            var s = start
            let e = start + request.duration
            while s < e {
                let h = min(23, Int(s / hour))
                let next = min(e, Double(h + 1) * hour)
                out.typeHourly[all[r].type][h] += next - s
                out.seatTimeBookedByHour[h] += Double(request.group) * (next - s)
                s = next
            }
        }
        return out
    }
}

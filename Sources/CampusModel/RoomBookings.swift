import Foundation
import QueueingNetwork
import ScenarioModel
import Stochastics

/// Activity bookings over the term: each activity asks ahead of time for a room on some day and a
/// start within its window; the booking rule gives it the smallest free room that fits (fewest
/// seats, then file order), tries later starts `step` apart when the next-free-slot policy is on,
/// and otherwise rejects it.
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

    /// Bookings of `rooms` over `horizon` (days of length `day`), moved `step` apart when set.
    public init(rooms: ActivityRooms, day: Double, horizon: Double, step: Double?) {
        self.rooms = rooms
        self.day = day
        self.horizon = horizon
        self.step = step
    }

    public func run(master: UInt64, replication: Int) throws(DistributionError) -> Outcome {
        var out = Outcome()
        out.typeBookings = [Int](repeating: 0, count: rooms.roomTypes.count)
        out.typeHourly = [[Double]](repeating: [Double](repeating: 0, count: 24), count: rooms.roomTypes.count)
        out.activityRequests = [Int](repeating: 0, count: rooms.activities.count)
        out.activityRejected = [Int](repeating: 0, count: rooms.activities.count)
        var all: [Room] = []
        for (t, type) in rooms.roomTypes.enumerated() {
            for _ in 0..<type.count { all.append(Room(type: t, seats: type.seats, opens: type.opens, closes: type.closes)) }
            out.seatTimeOpen += Double(type.count * type.seats) * (type.closes - type.opens) * (horizon / day)
        }
        let order = all.indices.sorted { (all[$0].seats, $0) < (all[$1].seats, $1) }

        // Every request of the term, in the order they are made.
        struct Request { var time: Double; var activity: Int; var day: Double; var group: Int; var duration: Double; var start: Double }
        var requests: [Request] = []
        for (a, activity) in rooms.activities.enumerated() {
            let name = "rooms/\(activity.id)"
            let arrivals = RandomStream(master: master, replication: replication, name: "\(name)/arrivals")
            let sizes = RandomStream(master: master, replication: replication, name: "\(name)/group")
            let lengths = RandomStream(master: master, replication: replication, name: "\(name)/duration")
            let leads = RandomStream(master: master, replication: replication, name: "\(name)/lead")
            let starts = RandomStream(master: master, replication: replication, name: "\(name)/start")
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
                requests.append(Request(time: t, activity: a, day: bookingDay, group: size, duration: d, start: start))
                t = process.next(after: t, arrivals)
            }
        }
        requests.sort { ($0.time, $0.activity) < ($1.time, $1.activity) }

        let allowed: [[Bool]] = rooms.activities.map { activity in
            rooms.roomTypes.map { activity.roomTypes.isEmpty || activity.roomTypes.contains($0.id) }
        }
        for request in requests {
            out.requests += 1
            out.activityRequests[request.activity] += 1
            let activity = rooms.activities[request.activity]
            var start = request.start
            var booked: Int?
            var tries = 0
            while booked == nil {
                for r in order where allowed[request.activity][all[r].type] && all[r].seats >= request.group {
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
                tries += 1
            }
            guard let r = booked else {
                out.rejected += 1
                out.activityRejected[request.activity] += 1
                continue
            }
            if tries > 0 { out.moved += 1 }
            out.participants += Double(request.group)
            out.seatTimeBooked += Double(request.group) * request.duration
            out.typeBookings[all[r].type] += 1
            // Booked room time by hour of the day.
            let hour = day / 24
            var s = start
            let e = start + request.duration
            while s < e {
                let h = min(23, Int(s / hour))
                let next = min(e, Double(h + 1) * hour)
                out.typeHourly[all[r].type][h] += next - s
                s = next
            }
        }
        return out
    }
}

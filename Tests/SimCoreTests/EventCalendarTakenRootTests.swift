import Testing
@testable import SimCore

/// `next()` leaves a plain event at the root until the next `schedule` or `next` (see `rootTaken`);
/// nothing outside the calendar may tell.
@Suite("Event calendar: the taken root")
struct EventCalendarTakenRootTests {
    /// A reference calendar: every pending (time, sequence, event), taken in (time, sequence) order.
    struct Reference {
        var pending: [(time: Double, sequence: Int, event: Int)] = []
        var sequence = 0

        mutating func schedule(_ event: Int, at time: Double) {
            pending.append((time, sequence, event))
            sequence += 1
        }

        mutating func next() -> (time: Double, event: Int)? {
            guard let i = pending.indices.min(by: { (pending[$0].time, pending[$0].sequence) < (pending[$1].time, pending[$1].sequence) })
            else { return nil }
            let e = pending.remove(at: i)
            return (e.time, e.event)
        }

        var nextTime: Double? { pending.map { ($0.time, $0.sequence) }.min { $0 < $1 }?.0 }
    }

    @Test("Any mix of schedule, next, count, nextTime, removals and copies matches the reference")
    func matchesReference() {
        var calendar = EventCalendar<Int>(reservingCapacity: 2)
        var reference = Reference()
        var random = SplitMix(state: 12345)
        var now = 0.0
        for step in 0..<20_000 {
            let op = random.next() % 10
            if op < 4 {
                // Coarse times, so that ties are common.
                let t = now + Double(random.next() % 8)
                calendar.schedule(step, at: t)
                reference.schedule(step, at: t)
            } else if op < 8 {
                let got = calendar.next()
                let want = reference.next()
                #expect(got?.time == want?.time && got?.event == want?.event)
                if let want { now = want.time; #expect(calendar.now == now) }
            } else if op == 8 {
                // A copy drains in the reference's order and leaves the original as it was.
                var copy = calendar
                var referenceCopy = reference
                while let want = referenceCopy.next() {
                    let got = copy.next()
                    #expect(got?.time == want.time && got?.event == want.event)
                }
                #expect(copy.next() == nil)
                #expect(copy.isEmpty)
            } else {
                let drop = random.next() % 3
                calendar.removeAll { $0 % 3 == Int(drop) }
                reference.pending.removeAll { $0.event % 3 == Int(drop) }
            }
            #expect(calendar.count == reference.pending.count)
            #expect(calendar.isEmpty == reference.pending.isEmpty)
            #expect(calendar.nextTime == reference.nextTime)
        }
    }
}

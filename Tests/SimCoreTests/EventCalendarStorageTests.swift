import Testing
@testable import SimCore

@Suite("Event calendar storage")
struct EventCalendarStorageTests {
    @Test("A copied calendar is independent of the original (copy on write)")
    func copyOnWrite() {
        var a = EventCalendar<Int>(reservingCapacity: 2)
        for i in 0..<5 { a.schedule(i, at: Double(5 - i)) }
        var b = a
        b.schedule(99, at: 0.5)
        #expect(a.count == 5)
        #expect(b.count == 6)
        var c = a
        _ = c.next()
        #expect(a.count == 5)
        var fromA: [Int] = []
        while let (_, e) = a.next() { fromA.append(e) }
        var fromB: [Int] = []
        while let (_, e) = b.next() { fromB.append(e) }
        #expect(fromA == [4, 3, 2, 1, 0])
        #expect(fromB == [99, 4, 3, 2, 1, 0])
        #expect(c.count == 4)
    }

    @Test("Events holding references are released when taken, dropped or the calendar goes")
    func referencesAreReleased() {
        final class Token {}
        weak var taken: Token?
        weak var dropped: Token?
        weak var left: Token?
        weak var last: Token?
        do {
            var calendar = EventCalendar<Token>(reservingCapacity: 1)
            do {
                let t1 = Token(), t2 = Token(), t3 = Token()
                taken = t1; dropped = t2; left = t3
                calendar.schedule(t1, at: 1)
                calendar.schedule(t2, at: 2)
                calendar.schedule(t3, at: 3)
            }
            _ = calendar.next()
            #expect(taken == nil)
            #expect(dropped != nil && left != nil)
            var copy = calendar
            copy.removeAll()
            #expect(dropped != nil, "the original still holds its events")
            calendar.removeAll()
            #expect(dropped == nil && left == nil)
            #expect(calendar.isEmpty && calendar.now == 0)
            let t4 = Token()
            last = t4
            calendar.schedule(t4, at: 4)
            #expect(calendar.nextTime == 4)
        }
        #expect(last == nil)
    }
}

import SimCore
import Testing

@Suite struct EventCalendarRemovalTests {
    @Test("Removing events keeps the others in time order, ties in insertion order")
    func removalKeepsOrder() {
        var calendar = EventCalendar<Int>()
        var generator = SplitMix(state: 42)
        var expected: [(time: Double, event: Int)] = []
        for event in 0..<5_000 {
            let time = Double(generator.next() % 200)   // many ties
            calendar.schedule(event, at: time)
            if event % 3 != 0 { expected.append((time, event)) }
        }
        calendar.removeAll { $0 % 3 == 0 }
        #expect(calendar.count == expected.count)
        expected.sort { ($0.time, $0.event) < ($1.time, $1.event) }
        var taken: [(time: Double, event: Int)] = []
        while let next = calendar.next() { taken.append(next) }
        #expect(taken.map(\.event) == expected.map(\.event))
        #expect(taken.map(\.time) == expected.map(\.time))
    }

    @Test("Removing from a calendar being run: events scheduled after keep their turn")
    func removalMidRun() {
        var calendar = EventCalendar<Int>()
        for event in 0..<10 { calendar.schedule(event, at: Double(event)) }
        _ = calendar.next()
        calendar.removeAll { $0.isMultiple(of: 2) }
        calendar.schedule(100, at: 3)   // a tie with event 3, scheduled later: after it
        var order: [Int] = []
        while let (_, event) = calendar.next() { order.append(event) }
        #expect(order == [1, 3, 100, 5, 7, 9])
    }
}

/// A small deterministic generator for the calendar tests' random operation mixes.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

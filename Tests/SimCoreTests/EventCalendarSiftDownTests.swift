import Testing
@testable import SimCore

/// The calendar's one sift-down, on a heap block of its own: what `schedule` onto a taken root,
/// `next` and `removeAll(where:)` each rely on.
@Suite("Event calendar: sift-down")
struct EventCalendarSiftDownTests {
    typealias Entry = EventCalendar<Int>.Entry

    /// Whether every entry of the `n` at `h` is preceded by none of its children.
    static func isHeap(_ h: UnsafeMutablePointer<Entry>, count n: Int) -> Bool {
        (1..<Swift.max(n, 1)).allSatisfy { !h[$0].precedes(h[($0 - 1) / 2]) }
    }

    @Test("An entry put into the root's hole goes down past every earlier child, and the heap holds")
    func intoTheRoot() {
        // A heap of seven entries at times 1…7 (sequence = time), its root taken.
        let h = UnsafeMutablePointer<Entry>.allocate(capacity: 7)
        defer { h.deinitialize(count: 7); h.deallocate() }
        for (i, t) in [1, 2, 5, 3, 4, 6, 7].enumerated() {
            (h + i).initialize(to: Entry(time: Double(t), sequence: UInt64(t), event: t))
        }
        _ = h.move()
        EventCalendar<Int>.siftDown(Entry(time: 4.5, sequence: 9, event: 45), into: 0, count: 7, h)
        // 2 rises to the root, then 3 (the earlier of 3 and 4) to slot 1, and 4.5 takes slot 3,
        // a leaf: the path is 0 → 1 → 3.
        #expect((0..<7).map { h[$0].event } == [2, 3, 5, 45, 4, 6, 7])
        #expect(Self.isHeap(h, count: 7))
    }

    @Test("Ties go by sequence: an entry at the same time as a child but added later goes below it")
    func tiesBySequence() {
        let h = UnsafeMutablePointer<Entry>.allocate(capacity: 3)
        defer { h.deinitialize(count: 3); h.deallocate() }
        (h + 1).initialize(to: Entry(time: 1, sequence: 4, event: 1))
        (h + 2).initialize(to: Entry(time: 1, sequence: 2, event: 2))
        EventCalendar<Int>.siftDown(Entry(time: 1, sequence: 3, event: 3), into: 0, count: 3, h)
        #expect((0..<3).map { h[$0].event } == [2, 1, 3])
    }

    @Test("Sifting down every inner slot from the last builds a heap (Floyd), whatever the order")
    func floydConstruction() {
        var random = SplitMix(state: 17)
        for n in [2, 3, 10, 64, 257] {
            let h = UnsafeMutablePointer<Entry>.allocate(capacity: n)
            for i in 0..<n {
                // Few distinct times, so that many entries tie and the sequence decides.
                (h + i).initialize(to: Entry(time: Double(random.next() % 8), sequence: UInt64(i), event: i))
            }
            for start in stride(from: n / 2 - 1, through: 0, by: -1) {
                EventCalendar<Int>.siftDown((h + start).move(), into: start, count: n, h)
            }
            #expect(Self.isHeap(h, count: n), "\(n) entries")
            #expect(Set((0..<n).map { h[$0].event }) == Set(0..<n))
            h.deinitialize(count: n)
            h.deallocate()
        }
    }
}

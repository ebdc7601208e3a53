/// The future event list: a binary min-heap keyed by time, ties broken by insertion order.
///
/// Events are small values stored inline; the heap's storage is reused, so a steady-state
/// simulation allocates nothing per event. The clock `now` is the time of the last event taken.
public struct EventCalendar<Event> {
    @usableFromInline struct Entry {
        @usableFromInline var time: Double
        @usableFromInline var sequence: UInt64
        @usableFromInline var event: Event

        @inlinable init(time: Double, sequence: UInt64, event: Event) {
            self.time = time
            self.sequence = sequence
            self.event = event
        }

        @inlinable func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var _now: Double = 0

    /// The simulation clock: the time of the event taken last.
    @inlinable public var now: Double { _now }

    @inlinable public init(reservingCapacity capacity: Int = 64) {
        heap.reserveCapacity(capacity)
    }

    /// Number of pending events.
    @inlinable public var count: Int { heap.count }

    @inlinable public var isEmpty: Bool { heap.isEmpty }

    /// Time of the next event, if any.
    @inlinable public var nextTime: Double? { heap.first?.time }

    /// Adds an event at `time`; events at the same time come out in the order they were added.
    ///
    /// - Complexity: O(log n).
    @inlinable public mutating func schedule(_ event: Event, at time: Double) {
        precondition(time >= now, "an event cannot be scheduled in the past")
        let entry = Entry(time: time, sequence: nextSequence, event: event)
        nextSequence &+= 1
        heap.append(entry)
        heap.withUnsafeMutableBufferPointer { h in
            var hole = h.count - 1
            while hole > 0 {
                let parent = (hole - 1) >> 1
                if !entry.precedes(h[parent]) { break }
                h[hole] = h[parent]
                hole = parent
            }
            h[hole] = entry
        }
    }

    /// Removes the earliest event and advances the clock to its time.
    ///
    /// - Complexity: O(log n).
    @inlinable public mutating func next() -> (time: Double, event: Event)? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap.withUnsafeMutableBufferPointer { h in
                let n = h.count
                var hole = 0
                while true {
                    var child = 2 * hole + 1
                    if child >= n { break }
                    if child + 1 < n && h[child + 1].precedes(h[child]) { child += 1 }
                    if !h[child].precedes(last) { break }
                    h[hole] = h[child]
                    hole = child
                }
                h[hole] = last
            }
        }
        _now = first.time
        return (first.time, first.event)
    }

    /// Drops every pending event and sets the clock back to zero; keeps the storage.
    @inlinable public mutating func removeAll() {
        heap.removeAll(keepingCapacity: true)
        nextSequence = 0
        _now = 0
    }
}

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

    /// The heap's block: the entry count as header, then the entries.
    @usableFromInline final class Storage: ManagedBuffer<Int, Entry> {
        deinit {
            _ = withUnsafeMutablePointers { count, entries in entries.deinitialize(count: count.pointee) }
        }
    }

    // The heap lives in one ManagedBuffer, copied on write, so that each operation checks for a
    // shared block once (an Array's append and withUnsafeMutableBufferPointer checked twice each),
    // and the sift loops run on a pointer without a closure.
    @usableFromInline var storage: Storage
    @usableFromInline var capacity: Int
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var _now: Double = 0

    /// The simulation clock: the time of the event taken last.
    @inlinable public var now: Double { _now }

    @inlinable public init(reservingCapacity capacity: Int = 64) {
        self.capacity = Swift.max(1, capacity)
        storage = Storage.create(minimumCapacity: self.capacity) { _ in 0 } as! Storage
    }

    /// Number of pending events.
    @inlinable public var count: Int { storage.withUnsafeMutablePointerToHeader { $0.pointee } }

    @inlinable public var isEmpty: Bool { count == 0 }

    /// Time of the next event, if any.
    @inlinable public var nextTime: Double? {
        storage.withUnsafeMutablePointers { count, h in count.pointee > 0 ? h[0].time : nil }
    }

    /// Gives this calendar a block of its own with room for `minimumCapacity` entries.
    @inlinable mutating func reallocate(minimumCapacity: Int) {
        let larger = Storage.create(minimumCapacity: minimumCapacity) { _ in 0 } as! Storage
        let unique = isKnownUniquelyReferenced(&storage)
        storage.withUnsafeMutablePointers { count, h in
            larger.withUnsafeMutablePointers { newCount, newH in
                if unique {
                    newH.moveInitialize(from: h, count: count.pointee)
                    newCount.pointee = count.pointee
                    count.pointee = 0
                } else {
                    newH.initialize(from: h, count: count.pointee)
                    newCount.pointee = count.pointee
                }
            }
        }
        storage = larger
        capacity = minimumCapacity
    }

    /// Adds an event at `time`; events at the same time come out in the order they were added.
    ///
    /// - Complexity: O(log n).
    @inlinable public mutating func schedule(_ event: Event, at time: Double) {
        precondition(time >= now, "an event cannot be scheduled in the past")
        let entry = Entry(time: time, sequence: nextSequence, event: event)
        nextSequence &+= 1
        let n = count
        if n == capacity || !isKnownUniquelyReferenced(&storage) {
            reallocate(minimumCapacity: n == capacity ? capacity * 2 : capacity)
        }
        storage.withUnsafeMutablePointers { count, h in
            var hole = n
            while hole > 0 {
                let parent = (hole - 1) >> 1
                if !entry.precedes(h[parent]) { break }
                (h + hole).initialize(to: (h + parent).move())
                hole = parent
            }
            (h + hole).initialize(to: entry)
            count.pointee = n + 1
        }
    }

    /// Removes the earliest event and advances the clock to its time.
    ///
    /// - Complexity: O(log n).
    @inlinable public mutating func next() -> (time: Double, event: Event)? {
        let n0 = count
        guard n0 > 0 else { return nil }
        if !isKnownUniquelyReferenced(&storage) { reallocate(minimumCapacity: capacity) }
        let first = storage.withUnsafeMutablePointers { count, h -> Entry in
            let first = h.move()
            let n = n0 - 1
            count.pointee = n
            if n > 0 {
                let last = (h + n).move()
                var hole = 0
                while true {
                    var child = 2 * hole + 1
                    if child >= n { break }
                    if child + 1 < n && h[child + 1].precedes(h[child]) { child += 1 }
                    if !h[child].precedes(last) { break }
                    (h + hole).initialize(to: (h + child).move())
                    hole = child
                }
                (h + hole).initialize(to: last)
            }
            return first
        }
        _now = first.time
        return (first.time, first.event)
    }

    /// Drops every pending event and sets the clock back to zero; keeps the storage.
    @inlinable public mutating func removeAll() {
        if isKnownUniquelyReferenced(&storage) {
            storage.withUnsafeMutablePointers { count, h in
                h.deinitialize(count: count.pointee)
                count.pointee = 0
            }
        } else {
            storage = Storage.create(minimumCapacity: capacity) { _ in 0 } as! Storage
        }
        nextSequence = 0
        _now = 0
    }
}

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
    /// The entry at the root was taken by `next()` but is still in the block: the next `schedule`
    /// writes its event there and sifts it down, one pass instead of a removal and an insertion
    /// (an event loop mostly schedules an event for each one it takes). Only for events that hold
    /// no references, so that a taken event is released when taken.
    @usableFromInline var rootTaken = false

    /// The simulation clock: the time of the event taken last.
    @inlinable public var now: Double { _now }

    @inlinable public init(reservingCapacity capacity: Int = 64) {
        self.capacity = Swift.max(1, capacity)
        storage = Storage.create(minimumCapacity: self.capacity) { _ in 0 } as! Storage
    }

    /// Number of pending events.
    @inlinable public var count: Int { storage.withUnsafeMutablePointerToHeader { $0.pointee } - (rootTaken ? 1 : 0) }

    @inlinable public var isEmpty: Bool { count == 0 }

    /// Time of the next event, if any.
    @inlinable public var nextTime: Double? {
        storage.withUnsafeMutablePointers { count, h in
            let n = count.pointee
            guard rootTaken else { return n > 0 ? h[0].time : nil }
            // The earlier of the root's children is the earliest pending event.
            if n < 2 { return nil }
            return n > 2 && h[2].precedes(h[1]) ? h[2].time : h[1].time
        }
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
        if rootTaken {
            rootTaken = false
            if !isKnownUniquelyReferenced(&storage) { reallocate(minimumCapacity: capacity) }
            storage.withUnsafeMutablePointers { count, h in
                // The taken root holds no references (see `rootTaken`): it is overwritten.
                Self.siftDown(entry, into: 0, count: count.pointee, h)
            }
            return
        }
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
        if rootTaken { removeTakenRoot() }
        if _isPOD(Event.self) {
            // Left in place until the next `schedule` or `next` (see `rootTaken`).
            guard let first = storage.withUnsafeMutablePointers({ count, h in count.pointee > 0 ? h[0] : nil }) else {
                return nil
            }
            rootTaken = true
            _now = first.time
            return (first.time, first.event)
        }
        let n0 = count
        guard n0 > 0 else { return nil }
        if !isKnownUniquelyReferenced(&storage) { reallocate(minimumCapacity: capacity) }
        let first = storage.withUnsafeMutablePointers { count, h -> Entry in
            let first = h.move()
            Self.fill(count: n0 - 1, count, h)
            return first
        }
        _now = first.time
        return (first.time, first.event)
    }

    /// Removes the root taken by `next()` from the block.
    @inlinable mutating func removeTakenRoot() {
        rootTaken = false
        if !isKnownUniquelyReferenced(&storage) { reallocate(minimumCapacity: capacity) }
        storage.withUnsafeMutablePointers { count, h in
            let n = count.pointee - 1
            h.deinitialize(count: 1)
            Self.fill(count: n, count, h)
        }
    }

    /// Fills the empty root of a heap that is to hold `n` entries with its last entry, sifted down.
    @inlinable static func fill(count n: Int, _ count: UnsafeMutablePointer<Int>, _ h: UnsafeMutablePointer<Entry>) {
        count.pointee = n
        guard n > 0 else { return }
        siftDown((h + n).move(), into: 0, count: n, h)
    }

    /// Puts `entry` into the empty slot `hole` of the heap of `n` entries at `h`, moving the
    /// earlier of each pair of children up into the hole until `entry` precedes both.
    ///
    /// The slots below `hole` must form heaps; `hole` itself is uninitialised and ends initialised.
    ///
    /// - Complexity: O(log n).
    @inlinable @inline(__always)
    static func siftDown(_ entry: Entry, into hole: Int, count n: Int, _ h: UnsafeMutablePointer<Entry>) {
        var hole = hole
        while true {
            var child = 2 * hole + 1
            if child >= n { break }
            if child + 1 < n && h[child + 1].precedes(h[child]) { child += 1 }
            if !h[child].precedes(entry) { break }
            (h + hole).initialize(to: (h + child).move())
            hole = child
        }
        (h + hole).initialize(to: entry)
    }

    /// Drops every pending event and sets the clock back to zero; keeps the storage.
    @inlinable public mutating func removeAll() {
        rootTaken = false
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

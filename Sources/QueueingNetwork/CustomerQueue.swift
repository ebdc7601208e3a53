/// A double-ended ring buffer of waiting customers; grows by doubling, never shrinks.
///
/// Entries pack a customer index with the token it had when it joined, so that an entry whose
/// customer has since left (abandoned, or was freed) is recognised as stale and skipped.
struct CustomerQueue {
    private var buffer: [UInt64]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int = 16) { buffer = [UInt64](repeating: 0, count: capacity) }

    static func entry(customer: Int32, token: UInt32) -> UInt64 {
        UInt64(UInt32(bitPattern: customer)) << 32 | UInt64(token)
    }

    static func customer(of entry: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: entry >> 32)) }
    static func token(of entry: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: entry) }

    mutating func pushBack(_ entry: UInt64) {
        if count == buffer.count { grow() }
        var tail = head + count
        if tail >= buffer.count { tail -= buffer.count }
        buffer[tail] = entry
        count += 1
    }

    mutating func pushFront(_ entry: UInt64) {
        if count == buffer.count { grow() }
        head = head == 0 ? buffer.count - 1 : head - 1
        buffer[head] = entry
        count += 1
    }

    mutating func popFront() -> UInt64? {
        guard count > 0 else { return nil }
        let entry = buffer[head]
        head += 1
        if head == buffer.count { head = 0 }
        count -= 1
        return entry
    }

    /// Removes the entries that `isStale` picks, keeping the others in order.
    ///
    /// - Complexity: O(n).
    mutating func removeAll(where isStale: (UInt64) -> Bool) {
        var kept = 0
        for i in 0..<count {
            var j = head + i
            if j >= buffer.count { j -= buffer.count }
            let entry = buffer[j]
            guard !isStale(entry) else { continue }
            var k = head + kept
            if k >= buffer.count { k -= buffer.count }
            buffer[k] = entry
            kept += 1
        }
        count = kept
    }

    mutating func removeAll() {
        head = 0
        count = 0
    }

    private mutating func grow() {
        var larger = [UInt64](repeating: 0, count: Swift.max(16, buffer.count * 2))
        for i in 0..<count {
            var j = head + i
            if j >= buffer.count { j -= buffer.count }
            larger[i] = buffer[j]
        }
        buffer = larger
        head = 0
    }
}

extension EventCalendar {
    /// Removes the pending events that `shouldRemove` picks; the others keep their order, ties included.
    ///
    /// For dropping events that can no longer happen (a cancelled departure, say) when they pile up.
    ///
    /// - Complexity: O(n).
    public mutating func removeAll(where shouldRemove: (Event) -> Bool) {
        if rootTaken { removeTakenRoot() }
        if !isKnownUniquelyReferenced(&storage) { reallocate(minimumCapacity: capacity) }
        storage.withUnsafeMutablePointers { count, h in
            // Keep the survivors at the front, in place.
            var kept = 0
            for i in 0..<count.pointee {
                if shouldRemove(h[i].event) {
                    (h + i).deinitialize(count: 1)
                } else {
                    if kept != i { (h + kept).moveInitialize(from: h + i, count: 1) }
                    kept += 1
                }
            }
            count.pointee = kept
            // Floyd's heap construction; the order of events is the order of (time, sequence), which
            // removal does not change.
            let n = kept
            guard n > 1 else { return }
            for start in stride(from: n / 2 - 1, through: 0, by: -1) {
                Self.siftDown((h + start).move(), into: start, count: n, h)
            }
        }
    }
}

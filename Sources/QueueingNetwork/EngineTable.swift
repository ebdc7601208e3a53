/// A growable array for the engine's hot state whose elements are read and written in place,
/// without `Array`'s copy-on-write check.
///
/// `Array` asks whether its storage is uniquely referenced before every write; in the event loop
/// those calls were 7% of all instructions (callgrind, M/M/10). A table is a reference to one heap
/// block without copy-on-write, so a copy would share its elements: the table is noncopyable
/// (`~Copyable`), and the compiler refuses any copy of it or of a value that holds one; it is
/// moved or borrowed instead, at no cost.
/// Indices are checked, as `Array` checks them.
struct EngineTable<Element>: ~Copyable {
    /// The block: the element count as header, then the elements.
    final class Storage: ManagedBuffer<Int, Element> {
        deinit {
            _ = withUnsafeMutablePointers { count, elements in elements.deinitialize(count: count.pointee) }
        }
    }

    private var storage: Storage
    /// Elements the storage has room for (kept here: `ManagedBuffer.capacity` asks the allocator).
    private var capacity: Int

    /// An empty table with room for `minimumCapacity` elements.
    init(minimumCapacity: Int = 16) {
        capacity = Swift.max(1, minimumCapacity)
        storage = Storage.create(minimumCapacity: capacity) { _ in 0 } as! Storage
    }

    /// A table holding the elements of `elements`, in order.
    init<S: Sequence>(_ elements: S) where S.Element == Element {
        self.init()
        for e in elements { append(e) }
    }

    /// A table of `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        self.init(minimumCapacity: count)
        storage.withUnsafeMutablePointers { n, elements in
            elements.initialize(repeating: value, count: count)
            n.pointee = count
        }
    }

    // The header is read through a pointer: `ManagedBuffer.header` is a class property, and each
    // access to it would cost a dynamic exclusivity check.
    var count: Int { storage.withUnsafeMutablePointerToHeader { $0.pointee } }
    var isEmpty: Bool { count == 0 }
    var indices: Range<Int> { 0..<count }

    @inline(__always) private func address(_ i: Int) -> UnsafeMutablePointer<Element> {
        storage.withUnsafeMutablePointers { count, elements in
            precondition(UInt(bitPattern: i) < UInt(bitPattern: count.pointee), "engine table index out of range")
            return elements + i
        }
    }

    /// The element at `i`, read and written in place.
    subscript(i: Int) -> Element {
        @inline(__always) unsafeAddress { UnsafePointer(address(i)) }
        @inline(__always) nonmutating unsafeMutableAddress { address(i) }
    }

    /// Calls `body` with the elements as a buffer, for a closure that reads the table while
    /// another part of the engine is being changed.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutablePointers { count, elements in
            try body(UnsafeBufferPointer(start: elements, count: count.pointee))
        }
    }

    /// Adds `element` at the end.
    ///
    /// - Complexity: amortised O(1); the storage doubles when full.
    @inline(__always) mutating func append(_ element: Element) {
        let n = count
        if n == capacity { grow() }
        storage.withUnsafeMutablePointers { count, elements in
            (elements + n).initialize(to: element)
            count.pointee = n + 1
        }
    }

    /// Removes and returns the last element, if any.
    @inline(__always) func popLast() -> Element? {
        storage.withUnsafeMutablePointers { count, elements in
            let n = count.pointee
            guard n > 0 else { return nil }
            count.pointee = n - 1
            return (elements + (n - 1)).move()
        }
    }

    private mutating func grow() {
        capacity *= 2
        let larger = Storage.create(minimumCapacity: capacity) { _ in 0 } as! Storage
        storage.withUnsafeMutablePointers { count, elements in
            larger.withUnsafeMutablePointers { newCount, newElements in
                newElements.moveInitialize(from: elements, count: count.pointee)
                newCount.pointee = count.pointee
            }
            count.pointee = 0
        }
        storage = larger
    }
}

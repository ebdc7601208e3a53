@testable import QueueingNetwork
import SimCore
import Testing

/// Whether `T` is copyable, decided when the call is compiled: the first overload needs `T:
/// Copyable` and is preferred where it applies, the second takes any type.
private func isCopyable<T>(_: T.Type) -> Bool { true }
private func isCopyable<T: ~Copyable>(_: T.Type) -> Bool { false }

/// The engine's state shares its tables' storage without copy-on-write, so it must not be copyable:
/// a copy of a replication would share its customers but not its calendar.
@Suite("Noncopyable engine state")
struct NoncopyableEngineTests {
    @Test("The probe tells a copyable type from a noncopyable one")
    func probe() {
        #expect(isCopyable(EventCalendar<Int>.self))
        #expect(isCopyable(CustomerQueue.self))
    }

    @Test("Engine tables, histogram tables and the simulation cannot be copied")
    func engineStateIsNoncopyable() {
        #expect(!isCopyable(EngineTable<Int>.self))
        #expect(!isCopyable(HistogramTable.self))
        #expect(!isCopyable(NetworkSimulation.self))
    }
}

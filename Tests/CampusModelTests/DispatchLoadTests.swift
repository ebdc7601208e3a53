import CampusModel
import QueueingNetwork
import ScenarioModel
import Testing

/// Offered loads and expected events of a campus whose tickets go to the shortest queue: customers
/// sent to a dispatch group are shared among its counters (they used to index past the stations).
@Suite struct DispatchLoadTests {
    @Test func shortestQueueRoutingSharesTheCountersLoad() throws {
        let (pooled, _, _) = try CampusCompiler.compile(smallCampus(routing: .pooled))
        let (shortest, plan, _) = try CampusCompiler.compile(smallCampus(routing: .shortestQueue))
        #expect(!shortest.dispatchGroups.isEmpty)
        let counters = try #require(plan?.counterStations)
        let a = pooled.offeredLoads(), b = shortest.offeredLoads()
        let total = { (loads: [(arrivalRate: Double, total: Double)]) in counters.reduce(0.0) { $0 + loads[$1].arrivalRate } }
        #expect(total(b) > 0)
        #expect(abs(total(a) - total(b)) <= 1e-9 * total(a))
        #expect(shortest.expectedEventsPerReplication().isFinite)
        #expect(abs(shortest.expectedEventsPerReplication() - pooled.expectedEventsPerReplication()) <= 1e-6 * pooled.expectedEventsPerReplication())
    }
}

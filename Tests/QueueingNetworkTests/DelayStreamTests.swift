import Experiments
import QueueingNetwork
import ScenarioModel
import Testing

/// Common random numbers through a shared delay: two desks, each with its own class, send a share of
/// their customers through one infinite-server delay and back to their desk.
@Suite("Delay stations draw per class")
struct DelayStreamTests {
    func run(serversAtA: Int) throws -> ExperimentResult {
        let classes = [CustomerClass(id: "ka"), CustomerClass(id: "kb")]
        return try simulate(
            [
                Station(id: "a", servers: .fixed(serversAtA), service: exponential(0.8)),
                Station(id: "b", servers: .fixed(1), service: exponential(0.8)),
                Station(id: "returning", servers: .infinite, service: exponential(30)),
            ],
            arrivals: [poisson(1, to: "a", classId: "ka"), poisson(1, to: "b", classId: "kb")],
            routing: [
                Routing(from: "a", branches: .all([.init(to: nil, probability: 0.7), .init(to: "returning", probability: 0.3)])),
                Routing(from: "b", branches: .all([.init(to: nil, probability: 0.7), .init(to: "returning", probability: 0.3)])),
                Routing(from: "returning", branches: .perClass([("ka", [.init(to: "a", probability: 1)]), ("kb", [.init(to: "b", probability: 1)])])),
            ],
            classes: classes, duration: 2000, warmup: 0, replications: 4)
    }

    @Test("Staffing one desk leaves the other desk's every measure unchanged: its customers' delays are their own draws")
    func unchangedDesk() throws {
        let one = try run(serversAtA: 1), two = try run(serversAtA: 2)
        let b = one.model.stations.firstIndex { $0.id == "b" }!
        let a = one.model.stations.firstIndex { $0.id == "a" }!
        for (x, y) in zip(one.replications, two.replications) {
            #expect(x.stations[b] == y.stations[b], "replication \(x.replication)")
            #expect(x.classes[1] == y.classes[1], "class kb, replication \(x.replication)")
            // The change is real where it was made.
            #expect(x.stations[a] != y.stations[a])
        }
    }
}

import Experiments
import QueueingNetwork
import ScenarioModel
import Testing

/// Every share the engine reports is a share of one population, so it lies in [0, 1] whatever the
/// load: checked on random overloaded networks with warm-up, patience, capacity and feedback.
@Suite("Probabilities stay in [0, 1]")
struct ProbabilityBoundsTests {
    static let probabilities: [StationMeasure] = [.pWait, .utilization, .pBlocked, .pAbandon, .serviceLevel, .onTimeRate]
    static let classProbabilities: [ClassMeasure] = [.serviceLevel, .onTimeRate, .oneVisitRate]

    /// A small deterministic generator, so that each case is reproducible by its index.
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(next() >> 11) / Double(1 << 53) }
    }

    @Test("Random overloaded networks: every probability of every station, class and replication in [0, 1]", arguments: 0..<24)
    func overloaded(_ index: Int) throws {
        var g = SplitMix(state: UInt64(index) &* 7919 &+ 17)
        let count = 1 + Int(g.next() % 3)
        var stations: [Station] = []
        var firstServers = 1
        for s in 0..<count {
            let servers = 1 + Int(g.next() % 3)
            if s == 0 { firstServers = servers }
            stations.append(Station(
                id: "s\(s)", servers: .fixed(servers), service: exponential(g.uniform(0.5, 2)),
                capacity: g.next() % 3 == 0 ? servers + Int(g.next() % 5) : nil,
                patience: g.next() % 4 == 0 ? nil : .exponential(mean: g.uniform(0.2, 30))))
        }
        let routing: [Routing] = count > 1
            ? [Routing(from: "s0", branches: .all([.init(to: "s1", probability: 0.6), .init(to: nil, probability: 0.4)]))] : []
        // Arrivals at 1.5 to 6 times the first station's capacity through the warm-up, then a lull:
        // the queue the warm-up left gives up after it, against few arrivals counted after it.
        let rate = g.uniform(1.5, 6) * Double(firstServers)
        let warmup = g.uniform(20, 100)
        let rush = ArrivalStream(to: "s0", classId: "default",
                                 process: .rateProfile(period: 2 * warmup, step: warmup, rates: [rate, g.uniform(0.05, 0.5)]))
        let result = try simulate(stations, arrivals: [rush], routing: routing,
                                  duration: g.uniform(2, warmup), warmup: warmup, replications: 3, seed: UInt64(index + 1))
        for r in result.replications {
            for (s, row) in r.stations.enumerated() {
                for measure in Self.probabilities {
                    let i = StationMeasure.allCases.firstIndex(of: measure)!
                    if let p = row[i] { #expect((0...1).contains(p), "case \(index), station \(s), \(measure.rawValue) = \(p)") }
                }
            }
            for row in r.classes {
                for measure in Self.classProbabilities {
                    let i = ClassMeasure.allCases.firstIndex(of: measure)!
                    if let p = row[i] { #expect((0...1).contains(p), "case \(index), class \(measure.rawValue) = \(p)") }
                }
            }
        }
    }
}

import Foundation
import Testing
@testable import Planner

/// Erlang C from its textbook definition (the M/M/c stationary law), independent of the recursion.
private func erlangCDirect(servers c: Int, load a: Double) -> Double {
    var sum = 0.0
    var term = 1.0
    for k in 0..<c {
        if k > 0 { term *= a / Double(k) }
        sum += term
    }
    let top = term * a / Double(c) * Double(c) / (Double(c) - a)
    return top / (sum + top)
}

@Suite struct ErlangTests {
    @Test(arguments: [(0.5, 1), (2.4, 3), (8.0, 9), (9.5, 12), (40.0, 45)])
    func erlangCMatchesTheStationaryLaw(load: Double, servers: Int) {
        let recursion = ErlangFormulas.delayProbability(servers: servers, load: load)
        #expect(abs(recursion - erlangCDirect(servers: servers, load: load)) < 1e-10)
    }

    @Test(arguments: [0.3, 1.7, 4.962 / 7.729 * 3, 12.0, 55.5])
    func staffingIsTheSmallestServerCountMeetingTheTarget(load: Double) {
        let mu = 1.0 / 6.0
        for (target, level) in [(15.0, 0.8), (5.0, 0.9), (0.0, 0.5)] {
            let c = ErlangFormulas.staffing(load: load, serviceRate: mu, within: target, level: level)
            // Brute force: scan c from 1 with the direct formula.
            var brute = 1
            while true {
                let ok = Double(brute) > load && 1 - erlangCDirect(servers: brute, load: load) * exp(-(Double(brute) - load) * mu * target) >= level
                if ok { break }
                brute += 1
            }
            #expect(c == brute, "load \(load), target \(target), level \(level)")
        }
    }

    @Test func salemStateSingleCounterReferencePoint() {
        // λ = 4.962/h, μ = 7.729/h: M/M/1 mean wait ρ/(μ − λ) = 13.92 min.
        let lambda = 4.962, mu = 7.729
        let c = ErlangFormulas.delayProbability(servers: 1, load: lambda / mu)
        let meanWait = c / (mu - lambda) * 60
        #expect(abs(meanWait - 13.92) < 0.01)
    }

    @Test func erlangAWithoutAbandonmentIsErlangCAndAbandonmentLowersDelay() {
        let a = ErlangFormulas.AbandonmentQueue(servers: 5, arrivalRate: 4, serviceRate: 1, abandonmentRate: 0)
        #expect(abs(a.pWait - ErlangFormulas.delayProbability(servers: 5, load: 4)) < 1e-6)
        #expect(a.pAbandon == 0)
        let b = ErlangFormulas.AbandonmentQueue(servers: 5, arrivalRate: 4, serviceRate: 1, abandonmentRate: 0.5)
        #expect(b.pWait < a.pWait)
        #expect(b.pAbandon > 0)
        // Overloaded, abandonment keeps the queue stable: throughput ≤ 5, so P(abandon) ≥ 1 − 5/7.
        let c = ErlangFormulas.AbandonmentQueue(servers: 5, arrivalRate: 7, serviceRate: 1, abandonmentRate: 1)
        #expect(c.pAbandon >= 1 - 5.0 / 7 - 1e-9)
        let n = ErlangFormulas.staffing(arrivalRate: 7, serviceRate: 1, abandonmentRate: 1, maxAbandon: 0.05)
        #expect(ErlangFormulas.AbandonmentQueue(servers: n, arrivalRate: 7, serviceRate: 1, abandonmentRate: 1).pAbandon <= 0.05)
        #expect(ErlangFormulas.AbandonmentQueue(servers: n - 1, arrivalRate: 7, serviceRate: 1, abandonmentRate: 1).pAbandon > 0.05)
    }
}

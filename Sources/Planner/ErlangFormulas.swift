import Foundation

/// Stationary queueing formulas the planner starts from: Erlang B, C and A.
public enum ErlangFormulas {
    /// Erlang B blocking of `servers` servers at offered load `load`, by the stable recursion.
    ///
    /// - Complexity: O(servers).
    public static func blocking(servers: Int, load: Double) -> Double {
        var b = 1.0
        if servers <= 0 { return 1 }
        for k in 1...servers { b = load * b / (Double(k) + load * b) }
        return b
    }

    /// Erlang C: the probability that an arrival waits in M/M/c; 1 when the load reaches `servers`.
    public static func delayProbability(servers: Int, load: Double) -> Double {
        guard load > 0 else { return 0 }
        guard Double(servers) > load else { return 1 }
        let b = blocking(servers: servers, load: load)
        let rho = load / Double(servers)
        return b / (1 - rho * (1 - b))
    }

    /// M/M/c: P(W ≤ t) = 1 − C·e^{−(cμ − λ)t}, with `load` = λ/μ and `serviceRate` = μ.
    public static func serviceLevel(servers: Int, load: Double, serviceRate: Double, within t: Double) -> Double {
        guard load > 0 else { return 1 }
        guard Double(servers) > load else { return 0 }
        let c = delayProbability(servers: servers, load: load)
        return 1 - c * exp(-(Double(servers) - load) * serviceRate * t)
    }

    /// The smallest c with P(W ≤ t) ≥ `level` in M/M/c (Erlang C); 0 when there is no load.
    public static func staffing(load: Double, serviceRate: Double, within t: Double, level: Double) -> Int {
        guard load > 0 else { return 0 }
        var c = max(1, Int(load.rounded(.down)))
        while serviceLevel(servers: c, load: load, serviceRate: serviceRate, within: t) < level { c += 1 }
        return c
    }

    /// The smallest c with an Erlang C delay probability at most `alpha`.
    public static func staffing(load: Double, delayProbability alpha: Double) -> Int {
        guard load > 0 else { return 0 }
        var c = max(1, Int(load.rounded(.down)))
        while delayProbability(servers: c, load: load) > alpha { c += 1 }
        return c
    }

    /// Erlang A (M/M/c+M): the stationary law of the number in system, by the birth–death chain
    /// with death rate min(k, c)μ + (k − c)⁺θ, truncated where the tail is negligible.
    public struct AbandonmentQueue: Sendable {
        public var pWait: Double
        public var pAbandon: Double

        public init(servers c: Int, arrivalRate lambda: Double, serviceRate mu: Double, abandonmentRate theta: Double) {
            guard lambda > 0 else { pWait = 0; pAbandon = 0; return }
            // Unnormalised probabilities in log space against overflow.
            var logp: [Double] = [0]
            var k = 0
            var peak = 0.0
            while true {
                let death = Double(min(k + 1, c)) * mu + Double(max(k + 1 - c, 0)) * theta
                let next = logp[k] + log(lambda) - log(death)
                logp.append(next)
                peak = max(peak, next)
                k += 1
                if k > c && (next < peak - 40 || k > c + 100_000) { break }
            }
            let top = logp.max()!
            let p = logp.map { exp($0 - top) }
            let total = p.reduce(0, +)
            var waiting = 0.0
            var queue = 0.0
            for (n, pn) in p.enumerated() where n >= c {
                waiting += pn
                queue += Double(n - c) * pn
            }
            pWait = waiting / total
            pAbandon = theta * (queue / total) / lambda
        }
    }

    /// The smallest c with an Erlang A abandonment probability at most `maxAbandon`.
    public static func staffing(arrivalRate: Double, serviceRate: Double, abandonmentRate: Double, maxAbandon: Double) -> Int {
        guard arrivalRate > 0 else { return 0 }
        var c = 1
        while AbandonmentQueue(servers: c, arrivalRate: arrivalRate, serviceRate: serviceRate, abandonmentRate: abandonmentRate).pAbandon > maxAbandon {
            c += 1
        }
        return c
    }
}

import Foundation

/// Exact results of queueing theory, computed here so that the simulation is checked against them.
enum QueueingFormulas {
    /// Erlang B blocking probability with `c` servers and offered load `a`, by the stable recursion.
    static func erlangB(servers c: Int, load a: Double) -> Double {
        var b = 1.0
        for k in stride(from: 1, through: c, by: 1) { b = a * b / (Double(k) + a * b) }
        return b
    }

    /// M/M/c: probability of waiting, mean wait and mean queue length (Erlang C).
    static func erlangC(servers c: Int, arrivalRate lambda: Double, serviceRate mu: Double)
        -> (pWait: Double, meanWait: Double, meanQueue: Double)
    {
        let a = lambda / mu
        let rho = a / Double(c)
        let b = erlangB(servers: c, load: a)
        let pWait = b / (1 - rho * (1 - b))
        let meanWait = pWait / (Double(c) * mu - lambda)
        return (pWait, meanWait, lambda * meanWait)
    }

    /// Stationary probabilities of a birth–death chain with birth rate `birth(k)` and death rate
    /// `death(k)` on 0…n.
    static func birthDeath(states n: Int, birth: (Int) -> Double, death: (Int) -> Double) -> [Double] {
        var p = [Double](repeating: 0, count: n + 1)
        p[0] = 1
        for k in 1...n { p[k] = p[k - 1] * birth(k - 1) / death(k) }
        let total = p.reduce(0, +)
        return p.map { $0 / total }
    }

    /// M/M/c/K: blocking probability and mean number in system.
    static func mmck(servers c: Int, capacity k: Int, arrivalRate lambda: Double, serviceRate mu: Double)
        -> (blocking: Double, meanInSystem: Double)
    {
        let p = birthDeath(states: k, birth: { _ in lambda }, death: { Double(min($0, c)) * mu })
        let mean = p.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
        return (p[k], mean)
    }

    /// Erlang A (M/M/c+M): probability of abandoning and mean queue length, from the chain.
    static func erlangA(servers c: Int, arrivalRate lambda: Double, serviceRate mu: Double, abandonRate theta: Double)
        -> (pAbandon: Double, meanQueue: Double)
    {
        let n = c + 2000
        let p = birthDeath(states: n, birth: { _ in lambda }, death: { Double(min($0, c)) * mu + Double(max($0 - c, 0)) * theta })
        let lq = p.enumerated().reduce(0) { $0 + Double(max($1.offset - c, 0)) * $1.element }
        return (theta * lq / lambda, lq)
    }

    /// M/G/1 mean wait (Pollaczek–Khinchine) from the service time's mean and second moment.
    static func pollaczekKhinchine(arrivalRate lambda: Double, meanService: Double, secondMoment: Double) -> Double {
        lambda * secondMoment / (2 * (1 - lambda * meanService))
    }

    /// Mean waits per class in a non-preemptive priority M/G/1 (Cobham), classes in priority order.
    static func cobham(arrivalRates: [Double], meanServices: [Double], secondMoments: [Double]) -> [Double] {
        let w0 = zip(arrivalRates, secondMoments).reduce(0) { $0 + $1.0 * $1.1 / 2 }
        var sigma = 0.0
        var waits: [Double] = []
        for (lambda, s) in zip(arrivalRates, meanServices) {
            let before = sigma
            sigma += lambda * s
            waits.append(w0 / ((1 - before) * (1 - sigma)))
        }
        return waits
    }

    /// Mean number in an M_t/M/∞ system at time t, with rate base + amplitude·sin(2πt/period), after
    /// the start-up transient has died out.
    static func infiniteServerMean(at t: Double, base: Double, amplitude: Double, period: Double, serviceRate mu: Double) -> Double {
        let omega = 2 * Double.pi / period
        return base / mu + amplitude / (mu * mu + omega * omega) * (mu * sin(omega * t) - omega * cos(omega * t))
    }
}

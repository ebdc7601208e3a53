import Foundation

/// Kim and Nelson's fully sequential procedure (KN) for selecting the system with the smallest mean
/// when systems are simulated with common random numbers.
public enum RankingAndSelection {
    public struct Selection: Sendable {
        /// Index of the system selected.
        public var best: Int
        /// Observations taken per system, when it was eliminated or the procedure stopped.
        public var observations: [Int]
        /// The statement the selection comes with.
        public var confidence: Double
        public var indifference: Double
    }

    /// Selects the system with the smallest mean: `sample(i, r)` is observation `r` of system `i`
    /// (the same `r` across systems shares random numbers). With probability at least `1 − alpha`
    /// the selected mean is within `indifference` of the best.
    public static func kn(
        systems k: Int, firstStage n0: Int = 10, alpha: Double = 0.05, indifference delta: Double,
        maximum: Int = 200, sample: (Int, Int) -> Double
    ) -> Selection {
        precondition(k >= 1 && n0 >= 2)
        guard k > 1 else { return Selection(best: 0, observations: [n0], confidence: 1, indifference: delta) }
        var data = (0..<k).map { i in (0..<n0).map { sample(i, $0) } }
        let eta = 0.5 * (pow(2 * alpha / Double(k - 1), -2 / Double(n0 - 1)) - 1)
        let h2 = 2 * eta * Double(n0 - 1)
        // Variances of pairwise differences from the first stage.
        var s2 = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<k {
            for l in 0..<k where l != i {
                let d = (0..<n0).map { data[i][$0] - data[l][$0] }
                let m = d.reduce(0, +) / Double(n0)
                s2[i][l] = d.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n0 - 1)
            }
        }
        var alive = Set(0..<k)
        var observations = [Int](repeating: n0, count: k)
        var r = n0
        while alive.count > 1 && r < maximum {
            var eliminated: Set<Int> = []
            for i in alive {
                for l in alive where l != i {
                    let wil = max(0, delta / (2 * Double(r)) * (h2 * s2[i][l] / (delta * delta) - Double(r)))
                    let meanI = data[i].prefix(r).reduce(0, +) / Double(r)
                    let meanL = data[l].prefix(r).reduce(0, +) / Double(r)
                    // Smaller is better: i is out when it trails l by more than the margin.
                    if meanI > meanL + wil { eliminated.insert(i); break }
                }
            }
            alive.subtract(eliminated)
            for i in eliminated { observations[i] = r }
            guard alive.count > 1 else { break }
            for i in alive { data[i].append(sample(i, r)) }
            r += 1
        }
        for i in alive { observations[i] = r }
        let best = alive.min { a, b in
            let ma = data[a].prefix(r).reduce(0, +) / Double(r), mb = data[b].prefix(r).reduce(0, +) / Double(r)
            return (ma, a) < (mb, b)
        }!
        return Selection(best: best, observations: observations, confidence: 1 - alpha, indifference: delta)
    }
}

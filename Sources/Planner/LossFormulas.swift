/// Loss-system formulas the planner starts from.
public enum LossFormulas {
    /// Erlang B: the probability that a request finds all `servers` busy, with offered load `load`,
    /// by the recursion B(k) = a·B(k−1) / (k + a·B(k−1)), stable for thousands of servers.
    public static func erlangB(servers: Int, load: Double) -> Double {
        ErlangFormulas.blocking(servers: servers, load: load)
    }

    /// The fewest servers whose Erlang B blocking is at most `target` (at most `limit`).
    public static func erlangBServers(load: Double, target: Double, limit: Int = 100_000) -> Int {
        guard load > 0 else { return 0 }
        var b = 1.0
        var k = 0
        while b > target && k < limit {
            k += 1
            b = load * b / (Double(k) + load * b)
        }
        return k
    }

    /// Kaufman–Roberts: blocking per request type in a pool of `capacity` units shared by types that
    /// take `units[k]` units each, with offered loads `loads[k]`.
    ///
    /// j·q(j) = Σ_k a_k·b_k·q(j − b_k); the blocking of type k is Σ_{j > C − b_k} q(j).
    public static func kaufmanRoberts(capacity: Int, units: [Int], loads: [Double]) -> [Double] {
        var q = [Double](repeating: 0, count: capacity + 1)
        q[0] = 1
        if capacity > 0 {
            for j in 1...capacity {
                var sum = 0.0
                for (b, a) in zip(units, loads) where b <= j { sum += a * Double(b) * q[j - b] }
                q[j] = sum / Double(j)
            }
        }
        let total = q.reduce(0, +)
        let p = q.map { $0 / total }
        return units.map { b in
            b > capacity ? 1 : p[(capacity - b + 1)...].reduce(0, +)
        }
    }
}

import Stochastics

/// Adjusted p-values for a family of tests, in the order given.
public enum MultipleComparisons {
    /// Holm's step-down adjustment: controls the chance of any false flag (family-wise error) at the
    /// level the adjusted values are compared with. p̃₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1) p₍ⱼ₎).
    public static func holm(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (rank, i) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * p[i]))
            adjusted[i] = running
        }
        return adjusted
    }

    /// The Benjamini–Hochberg step-up adjustment: controls the expected share of false flags among
    /// the flagged (false discovery rate). p̃₍ᵢ₎ = min over j ≥ i of min(1, m p₍ⱼ₎ / j).
    public static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = p.count
        let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m - 1, through: 0, by: -1) {
            let i = order[rank]
            running = min(running, min(1, Double(m) * p[i] / Double(rank + 1)))
            adjusted[i] = running
        }
        return adjusted
    }
}

extension Estimate {
    /// The two-sided p-value of a paired t-test that the mean difference is 0, from this estimate of
    /// the difference (mean, 95% half-width, pairs): `nil` with fewer than two pairs or when the
    /// difference is 0 in every pair (nothing to test); 0 when it is the same nonzero value in every pair.
    public var pValueOfZero: Double? {
        guard let mean, let halfWidth, count >= 2 else { return nil }
        if halfWidth == 0 { return mean == 0 ? nil : 0 }
        let standardError = halfWidth / StudentT.halfWidthFactor(degreesOfFreedom: count - 1)
        return StudentT.twoSidedPValue(mean / standardError, degreesOfFreedom: count - 1)
    }
}

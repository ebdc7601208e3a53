/// The MSER statistic (White 1997) of a series, for choosing where its initial transient ends.
///
/// For a series z₁ … zₘ and a truncation point d (the first d values dropped), MSER(d) is the
/// squared standard error of the mean of what is left, up to a constant:
/// MSER(d) = Σᵢ₌d₊₁…ₘ (zᵢ − z̄₍d₎)² / (m − d)², with z̄₍d₎ the mean of z_{d+1} … zₘ. The truncation
/// point is the d that minimises it over the first half of the series (d ≤ m / 2): later points leave
/// too little to judge by. MSER-5 applies it to the means of successive batches of 5 observations.
public enum MSER {
    /// MSER(d) for d = 0 … ⌊m / 2⌋; empty for fewer than 4 values (too few to leave two after any cut).
    public static func curve(_ z: [Double]) -> [Double] {
        let m = z.count
        guard m >= 4 else { return [] }
        // Sums of the values less their overall mean, from each d to the end: centring keeps the
        // difference of the two sums from cancelling away the variation of a series with a large mean.
        let centre = z.reduce(0, +) / Double(m)
        var sum = 0.0
        var squares = 0.0
        var suffix = [(sum: Double, squares: Double)](repeating: (0, 0), count: m + 1)
        for i in stride(from: m - 1, through: 0, by: -1) {
            let x = z[i] - centre
            sum += x
            squares += x * x
            suffix[i] = (sum, squares)
        }
        return (0...(m / 2)).map { d in
            let n = Double(m - d)
            let deviations = Swift.max(0, suffix[d].squares - suffix[d].sum * suffix[d].sum / n)
            return deviations / (n * n)
        }
    }

    /// The truncation point: the first d at which `curve` is least; `nil` for an empty curve.
    public static func truncation(_ curve: [Double]) -> Int? {
        guard var best = curve.indices.first else { return nil }
        for d in curve.indices where curve[d] < curve[best] { best = d }
        return best
    }
}

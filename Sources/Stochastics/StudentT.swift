import CGSL

/// Student's t distribution, for confidence intervals.
public enum StudentT {
    /// The quantile of order `p` with `degreesOfFreedom` degrees of freedom.
    public static func quantile(_ p: Double, degreesOfFreedom: Int) -> Double {
        _ = GSL.ready
        return gsl_cdf_tdist_Pinv(p, Double(degreesOfFreedom))
    }

    /// The half-width factor of a two-sided interval at `confidence` (0.95 → t₀.₉₇₅).
    public static func halfWidthFactor(confidence: Double = 0.95, degreesOfFreedom: Int) -> Double {
        quantile(1 - (1 - confidence) / 2, degreesOfFreedom: degreesOfFreedom)
    }
}

extension StudentT {
    /// The two-sided p-value of a t statistic: P(|T| ≥ |t|) with `degreesOfFreedom` degrees of freedom.
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom: Int) -> Double {
        _ = GSL.ready
        return min(1, 2 * gsl_cdf_tdist_Q(abs(t), Double(degreesOfFreedom)))
    }
}

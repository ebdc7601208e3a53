import CGSL
import Foundation

/// A parameter a distribution cannot take, named so that the caller can locate it.
public struct DistributionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameter's name, as the scenario writes it.
    public var parameter: String
    public var message: String

    public var description: String { "\(parameter): \(message)" }
}

/// A probability distribution on the real line (non-negative for every time-valued use), sampled
/// through GSL, with its exact mean, variance and CDF.
public struct Distribution: Sendable, Hashable {
    @usableFromInline enum Kind: Sendable, Hashable {
        case exponential(mean: Double)
        case deterministic(Double)
        case uniform(Double, Double)
        case triangular(Double, Double, Double)
        case gamma(shape: Double, scale: Double)
        case lognormal(zeta: Double, sigma: Double)
        case weibull(shape: Double, scale: Double)
        case truncatedNormal(mu: Double, sigma: Double)
        case empirical(DiscreteTable)
    }

    @usableFromInline let kind: Kind
    /// The distribution's name and parameters as written, for messages and reports.
    public let label: String
    /// What drawing needs, trivially copyable (see `Sampler`).
    public let sampler: Sampler

    init(_ kind: Kind, _ label: String) {
        self.kind = kind
        self.label = label
        sampler = kind.sampler
    }

    // Equality and hashing by what the distribution is; the sampler is derived from it.
    public static func == (lhs: Distribution, rhs: Distribution) -> Bool { lhs.kind == rhs.kind && lhs.label == rhs.label }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(label)
    }

    // MARK: Construction, with parameter checks

    public static func exponential(mean: Double) throws(DistributionError) -> Distribution {
        try positive(mean, "mean")
        return Distribution(.exponential(mean: mean), "exponential(mean: \(mean))")
    }

    public static func deterministic(_ value: Double) throws(DistributionError) -> Distribution {
        try nonNegative(value, "value")
        return Distribution(.deterministic(value), "deterministic(\(value))")
    }

    public static func uniform(min: Double, max: Double) throws(DistributionError) -> Distribution {
        try nonNegative(min, "min")
        try finite(max, "max")
        guard max > min else { throw DistributionError(parameter: "max", message: "must be greater than min (\(min))") }
        return Distribution(.uniform(min, max), "uniform(min: \(min), max: \(max))")
    }

    public static func triangular(min: Double, mode: Double, max: Double) throws(DistributionError) -> Distribution {
        try nonNegative(min, "min")
        try finite(mode, "mode")
        try finite(max, "max")
        guard max > min else { throw DistributionError(parameter: "max", message: "must be greater than min (\(min))") }
        guard mode >= min, mode <= max else {
            throw DistributionError(parameter: "mode", message: "must lie between min (\(min)) and max (\(max))")
        }
        return Distribution(.triangular(min, mode, max), "triangular(min: \(min), mode: \(mode), max: \(max))")
    }

    /// The sum of `k` exponential phases with total mean `mean`.
    public static func erlang(k: Int, mean: Double) throws(DistributionError) -> Distribution {
        guard k >= 1 else { throw DistributionError(parameter: "k", message: "must be a whole number of at least 1") }
        try positive(mean, "mean")
        return Distribution(.gamma(shape: Double(k), scale: mean / Double(k)), "erlang(k: \(k), mean: \(mean))")
    }

    public static func gamma(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try positive(shape, "shape")
        try positive(scale, "scale")
        return Distribution(.gamma(shape: shape, scale: scale), "gamma(shape: \(shape), scale: \(scale))")
    }

    /// A lognormal variable with the given mean and standard deviation (of the variable, not its log).
    public static func lognormal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try positive(mean, "mean")
        try nonNegative(sd, "sd")
        let sigma2 = log1p((sd * sd) / (mean * mean))
        return Distribution(
            .lognormal(zeta: log(mean) - sigma2 / 2, sigma: sigma2.squareRoot()),
            "lognormal(mean: \(mean), sd: \(sd))")
    }

    public static func weibull(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try positive(shape, "shape")
        try positive(scale, "scale")
        return Distribution(.weibull(shape: shape, scale: scale), "weibull(shape: \(shape), scale: \(scale))")
    }

    /// A normal variable with parameters `mean` and `sd`, truncated to the positive half-line.
    public static func normal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
        try finite(mean, "mean")
        try nonNegative(sd, "sd")
        if sd == 0 {
            guard mean >= 0 else { throw DistributionError(parameter: "mean", message: "must be at least 0 when sd is 0") }
            return Distribution(.deterministic(mean), "normal(mean: \(mean), sd: 0)")
        }
        guard gsl_cdf_ugaussian_Q(-mean / sd) > 1e-12 else {
            throw DistributionError(parameter: "mean", message: "leaves almost no probability above 0 (truncated at 0)")
        }
        return Distribution(.truncatedNormal(mu: mean, sigma: sd), "normal(mean: \(mean), sd: \(sd))")
    }

    /// A discrete distribution on `values`, with `weights` (equal when empty).
    public static func empirical(values: [Double], weights: [Double] = []) throws(DistributionError) -> Distribution {
        guard !values.isEmpty else { throw DistributionError(parameter: "values", message: "must not be empty") }
        for v in values { try finite(v, "values") }
        let w = weights.isEmpty ? [Double](repeating: 1, count: values.count) : weights
        guard w.count == values.count else {
            throw DistributionError(parameter: "weights", message: "must have one weight per value (\(values.count))")
        }
        for x in w { try nonNegative(x, "weights") }
        guard w.reduce(0, +) > 0 else { throw DistributionError(parameter: "weights", message: "must not all be 0") }
        let table: DiscreteTable
        do { table = try DiscreteTable(values: values, weights: w) } catch {
            throw DistributionError(parameter: "weights", message: error.description)
        }
        return Distribution(.empirical(table), "empirical(\(values.count) values)")
    }

    // MARK: Sampling

    /// One draw from `stream`.
    @inlinable @inline(__always) public func sample(_ stream: RandomStream) -> Double { sampler.sample(stream) }

    // MARK: Moments and CDF

    /// The exact mean.
    public var mean: Double {
        switch kind {
        case .exponential(let mean): return mean
        case .deterministic(let v): return v
        case .uniform(let a, let b): return (a + b) / 2
        case .triangular(let a, let c, let b): return (a + b + c) / 3
        case .gamma(let k, let theta): return k * theta
        case .lognormal(let zeta, let sigma): return exp(zeta + sigma * sigma / 2)
        case .weibull(let k, let lambda): return lambda * gsl_sf_gamma(1 + 1 / k)
        case .truncatedNormal(let mu, let sigma):
            let alpha = -mu / sigma
            return mu + sigma * gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha)
        case .empirical(let table): return table.mean
        }
    }

    /// The exact variance.
    public var variance: Double {
        switch kind {
        case .exponential(let mean): return mean * mean
        case .deterministic: return 0
        case .uniform(let a, let b): return (b - a) * (b - a) / 12
        case .triangular(let a, let c, let b): return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .gamma(let k, let theta): return k * theta * theta
        case .lognormal(let zeta, let sigma):
            let s2 = sigma * sigma
            return expm1(s2) * exp(2 * zeta + s2)
        case .weibull(let k, let lambda):
            let g1 = gsl_sf_gamma(1 + 1 / k)
            return lambda * lambda * (gsl_sf_gamma(1 + 2 / k) - g1 * g1)
        case .truncatedNormal(let mu, let sigma):
            let alpha = -mu / sigma
            let h = gsl_ran_ugaussian_pdf(alpha) / gsl_cdf_ugaussian_Q(alpha)
            return sigma * sigma * (1 + alpha * h - h * h)
        case .empirical(let table): return table.variance
        }
    }

    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double {
        switch kind {
        case .exponential(let mean): return gsl_cdf_exponential_P(x, mean)
        case .deterministic(let v): return x >= v ? 1 : 0
        case .uniform(let a, let b): return gsl_cdf_flat_P(x, a, b)
        case .triangular(let a, let c, let b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            return x <= c ? (x - a) * (x - a) / ((b - a) * (c - a)) : 1 - (b - x) * (b - x) / ((b - a) * (b - c))
        case .gamma(let k, let theta): return gsl_cdf_gamma_P(x, k, theta)
        case .lognormal(let zeta, let sigma): return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, zeta, sigma)
        case .weibull(let k, let lambda): return x <= 0 ? 0 : gsl_cdf_weibull_P(x, lambda, k)
        case .truncatedNormal(let mu, let sigma):
            if x <= 0 { return 0 }
            let alpha = -mu / sigma
            let below = gsl_cdf_ugaussian_P(alpha)
            return (gsl_cdf_ugaussian_P((x - mu) / sigma) - below) / gsl_cdf_ugaussian_Q(alpha)
        case .empirical(let table): return table.cdf(x)
        }
    }

    /// True when every draw is the same number of whole units apart (for a discrete KS comparison).
    public var isDiscrete: Bool {
        switch kind {
        case .deterministic, .empirical: true
        default: false
        }
    }

    // MARK: Checks

    private static func finite(_ x: Double, _ name: String) throws(DistributionError) {
        guard x.isFinite else { throw DistributionError(parameter: name, message: "must be a finite number") }
    }

    private static func positive(_ x: Double, _ name: String) throws(DistributionError) {
        try finite(x, name)
        guard x > 0 else { throw DistributionError(parameter: name, message: "must be greater than 0") }
    }

    private static func nonNegative(_ x: Double, _ name: String) throws(DistributionError) {
        try finite(x, name)
        guard x >= 0 else { throw DistributionError(parameter: name, message: "must be at least 0") }
    }
}

/// GSL's alias table for a discrete distribution; immutable once built, so shared across threads.
public final class DiscreteTable: @unchecked Sendable, Hashable {
    let table: UnsafeMutablePointer<gsl_ran_discrete_t>
    let values: [Double]
    let probabilities: [Double]

    init(values: [Double], weights: [Double]) throws(GSLError) {
        _ = GSL.ready
        guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc(values.count, $0.baseAddress) }) else {
            throw GSLError(code: Int32(GSL_EINVAL), context: "gsl_ran_discrete_preproc")
        }
        self.table = table
        self.values = values
        let total = weights.reduce(0, +)
        probabilities = weights.map { $0 / total }
    }

    deinit { gsl_ran_discrete_free(table) }

    @usableFromInline func sample(_ stream: RandomStream) -> Double {
        values[gsl_ran_discrete(stream.rng, table)]
    }

    var mean: Double { zip(values, probabilities).reduce(0) { $0 + $1.0 * $1.1 } }

    var variance: Double {
        let m = mean
        return zip(values, probabilities).reduce(0) { $0 + $1.1 * ($1.0 - m) * ($1.0 - m) }
    }

    func cdf(_ x: Double) -> Double {
        zip(values, probabilities).reduce(0) { $0 + ($1.0 <= x ? $1.1 : 0) }
    }

    public static func == (lhs: DiscreteTable, rhs: DiscreteTable) -> Bool {
        lhs.values == rhs.values && lhs.probabilities == rhs.probabilities
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(values)
        hasher.combine(probabilities)
    }
}

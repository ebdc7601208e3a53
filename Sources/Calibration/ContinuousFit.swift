import CGSL
import Foundation
import Stochastics

/// Durations as the fits see them, in the scenario's time unit: exact observations (a service time,
/// the wait of a student who gave up) and right-censored ones (the wait of a student served), each a
/// value recorded on a lattice of step `h` with its count.
public struct DurationSample: Sendable {
    public var exact: [(x: Double, n: Int)]
    public var censored: [(x: Double, n: Int)]
    /// The lattice step (the log's resolution), in the same unit.
    public var h: Double

    public init(exact: [(x: Double, n: Int)], censored: [(x: Double, n: Int)] = [], h: Double) {
        self.exact = exact
        self.censored = censored
        self.h = h
    }

    /// From counts in seconds, converted to a unit of `unitSeconds` seconds.
    public init(exact: DurationCounts, censored: DurationCounts = DurationCounts(), resolution: Double, unitSeconds: Double) {
        self.exact = exact.sorted.map { ($0.value / unitSeconds, $0.count) }
        self.censored = censored.sorted.map { ($0.value / unitSeconds, $0.count) }
        h = resolution / unitSeconds
    }

    public var exactCount: Int { exact.reduce(0) { $0 + $1.n } }
    public var censoredCount: Int { censored.reduce(0) { $0 + $1.n } }

    var exactMean: Double { exact.reduce(0.0) { $0 + $1.x * Double($1.n) } / Double(max(1, exactCount)) }
    var exactVariance: Double {
        let m = exactMean
        return exact.reduce(0.0) { $0 + ($1.x - m) * ($1.x - m) * Double($1.n) } / Double(max(1, exactCount - 1))
    }
}

/// A parameter as the scenario writes it, with its 95% confidence interval (Wald on the log scale,
/// from the observed information).
public struct ParameterEstimate: Sendable, Hashable {
    public var name: String
    public var estimate: Double
    public var low: Double
    public var high: Double

    public func contains(_ x: Double) -> Bool { low <= x && x <= high }
}

/// One family's maximum-likelihood fit, its information criteria and goodness of fit.
public struct FamilyFit: Sendable {
    public var model: Model
    public var logLikelihood: Double
    public var aic: Double { 2 * Double(model.family.parameterCount) - 2 * logLikelihood }
    public var parameters: [ParameterEstimate]
    /// The mean's 95% interval.
    public var mean: ParameterEstimate
    public var gof: GoodnessOfFit?
}

/// Kolmogorov–Smirnov and Anderson–Darling statistics with parametric-bootstrap p-values.
public struct GoodnessOfFit: Sendable, Hashable {
    public var ks: Double
    public var ad: Double
    public var ksP: Double
    public var adP: Double
    /// Values the statistics were computed on (a random subsample when the data are larger).
    public var n: Int
    public var bootstrap: Int
}

public enum MaximumLikelihood {
    /// The log-likelihood of `model` for `sample`: exact values through the lattice probability
    /// (the density when h is 0), censored ones through the survival function at the recorded value.
    public static func logLikelihood(_ model: Model, _ s: DurationSample) -> Double {
        var ll = 0.0
        for (x, n) in s.exact {
            let p = model.latticeProbability(x, h: s.h)
            ll += Double(n) * log(max(p, 1e-300))
        }
        for (x, n) in s.censored where x > 0 {
            ll += Double(n) * log(max(model.survival(x), 1e-300))
        }
        return ll
    }

    static func model(_ family: Family, _ t: [Double], k: Double = 1) -> Model {
        switch family {
        case .exponential: Model(family, [exp(t[0])])
        case .erlang: Model(family, [k, exp(t[0])])
        case .gamma, .weibull: Model(family, [exp(t[0]), exp(t[1])])
        case .lognormal: Model(family, [t[0], exp(t[1])])
        }
    }

    /// A starting point from the moments (censored data: from the exponential's closed form).
    static func start(_ family: Family, _ s: DurationSample) -> [Double] {
        var m = max(s.exactMean, s.h / 2, 1e-6)
        var v = max(s.exactVariance, m * m * 1e-4)
        if s.censoredCount > 0 {
            let total = s.exact.reduce(0.0) { $0 + $1.x * Double($1.n) } + s.censored.reduce(0.0) { $0 + $1.x * Double($1.n) }
            m = max(total / Double(max(1, s.exactCount)), 1e-6)
            v = m * m
        }
        switch family {
        case .exponential: return [log(m)]
        case .erlang: return [log(m)]
        case .gamma: return [log(m * m / v), log(v / m)]
        case .lognormal:
            let s2 = log1p(v / (m * m))
            return [log(m) - s2 / 2, log(s2.squareRoot())]
        case .weibull:
            let k = min(20, max(0.2, pow((v.squareRoot() / m), -1.086)))
            return [log(k), log(m / exp(gsl_sf_lngamma(1 + 1 / k)))]
        }
    }

    /// The maximum-likelihood fit of `family` to `sample`, from `from` when given (a bootstrap refit
    /// starts at the fitted values). Nil when the sample holds no exact value.
    public static func fit(_ family: Family, _ s: DurationSample, from: Model? = nil, intervals: Bool = true) -> FamilyFit? {
        guard s.exactCount > 0 else { return nil }
        if family == .erlang { return fitErlang(s, from: from, intervals: intervals) }
        let t0: [Double]
        if let from {
            switch family {
            case .exponential: t0 = [log(from.p[0])]
            case .lognormal: t0 = [from.p[0], log(from.p[1])]
            default: t0 = [log(from.p[0]), log(from.p[1])]
            }
        } else {
            t0 = start(family, s)
        }
        let f: ([Double]) -> Double = { -logLikelihood(model(family, $0), s) }
        let (t, value) = Minimizer.minimize(t0, step: t0.map { _ in from == nil ? 0.3 : 0.05 }, tolerance: intervals ? 1e-8 : 1e-5, f)
        let m = model(family, t)
        return FamilyFit(model: m, logLikelihood: -value, parameters: intervals ? estimates(family, t, f) : [],
                         mean: intervals ? interval("mean", t, f) { model(family, $0).mean } : ParameterEstimate(name: "mean", estimate: m.mean, low: .nan, high: .nan))
    }

    /// Erlang: the gamma with a whole shape; the phase count by likelihood among those near the gamma's shape.
    static func fitErlang(_ s: DurationSample, from: Model?, intervals: Bool) -> FamilyFit? {
        let shape: Double
        if let from { shape = from.p[0] } else if let g = fit(.gamma, s, intervals: false) { shape = g.model.p[0] } else { return nil }
        var best: (k: Double, t: [Double], value: Double)?
        let center = max(1, Int(shape.rounded()))
        for k in max(1, center - 1)...min(200, center + 1) {
            let kd = Double(k)
            let m = max(s.exactMean, s.h / 2, 1e-6)
            let t0 = from.map { [log($0.p[0] * $0.p[1] / kd)] } ?? [log(m / kd)]
            let (t, value) = Minimizer.minimize(t0, step: [0.1], tolerance: intervals ? 1e-9 : 1e-5) { -logLikelihood(model(.erlang, $0, k: kd), s) }
            if best == nil || value < best!.value { best = (kd, t, value) }
        }
        guard let best else { return nil }
        let k = best.k
        let f: ([Double]) -> Double = { -logLikelihood(model(.erlang, $0, k: k), s) }
        let mean = intervals ? interval("mean", best.t, f) { model(.erlang, $0, k: k).mean }
            : ParameterEstimate(name: "mean", estimate: model(.erlang, best.t, k: k).mean, low: .nan, high: .nan)
        return FamilyFit(model: model(.erlang, best.t, k: k), logLikelihood: -best.value,
                         parameters: [ParameterEstimate(name: "k", estimate: k, low: k, high: k), mean], mean: mean)
    }

    static func estimates(_ family: Family, _ t: [Double], _ f: @escaping ([Double]) -> Double) -> [ParameterEstimate] {
        let names = model(family, t).scenarioParameters.map(\.name)
        return names.enumerated().map { i, name in
            interval(name, t, f) { model(family, $0).scenarioParameters[i].value }
        }
    }

    /// The 95% interval of a positive function g of the parameters: the delta method on log g, with
    /// the covariance from the inverse observed information.
    static func interval(_ name: String, _ t: [Double], _ f: ([Double]) -> Double, _ g: ([Double]) -> Double) -> ParameterEstimate {
        let value = g(t)
        let h = Minimizer.hessian(t, f)
        guard let cov = Minimizer.inverse(h) else { return ParameterEstimate(name: name, estimate: value, low: .nan, high: .nan) }
        let e = 1e-5
        var grad = [Double](repeating: 0, count: t.count)
        for i in t.indices {
            var a = t, b = t
            a[i] += e; b[i] -= e
            grad[i] = (log(g(a)) - log(g(b))) / (2 * e)
        }
        var variance = 0.0
        for i in t.indices { for j in t.indices { variance += grad[i] * cov[i][j] * grad[j] } }
        let half = 1.959963984540054 * max(0, variance).squareRoot()
        return ParameterEstimate(name: name, estimate: value, low: value * exp(-half), high: value * exp(half))
    }
}

import CGSL
import Foundation
import Stochastics

/// A parametric family of positive durations, in the parameters the fits search over (each
/// unconstrained: logarithms of positive parameters) and in those the scenario writes.
public enum Family: String, Sendable, Hashable, CaseIterable {
    case exponential, erlang, gamma, lognormal, weibull

    /// The families a service time is fitted with, and those a patience is.
    public static let service: [Family] = [.exponential, .erlang, .gamma, .lognormal, .weibull]
    public static let patience: [Family] = [.exponential, .weibull, .lognormal]

    /// Free parameters (Erlang's phase count is chosen by the likelihood and counted as one).
    public var parameterCount: Int { self == .exponential ? 1 : 2 }
}

/// One member of a family: the distribution the fits evaluate.
public struct Model: Sendable, Hashable {
    public var family: Family
    /// exponential: [mean]; erlang and gamma: [shape, scale]; lognormal: [mu, sigma] of the log;
    /// weibull: [shape, scale].
    public var p: [Double]

    public init(_ family: Family, _ p: [Double]) {
        self.family = family
        self.p = p
    }

    public var mean: Double {
        switch family {
        case .exponential: p[0]
        case .erlang, .gamma: p[0] * p[1]
        case .lognormal: exp(p[0] + p[1] * p[1] / 2)
        case .weibull: p[1] * exp(gsl_sf_lngamma(1 + 1 / p[0]))
        }
    }

    public var sd: Double {
        switch family {
        case .exponential: p[0]
        case .erlang, .gamma: p[0].squareRoot() * p[1]
        case .lognormal: mean * (exp(p[1] * p[1]) - 1).squareRoot()
        case .weibull: p[1] * max(0, exp(gsl_sf_lngamma(1 + 2 / p[0])) - exp(2 * gsl_sf_lngamma(1 + 1 / p[0]))).squareRoot()
        }
    }

    public func pdf(_ x: Double) -> Double {
        guard x > 0 else { return 0 }
        switch family {
        case .exponential: return exp(-x / p[0]) / p[0]
        case .erlang, .gamma: return gsl_ran_gamma_pdf(x, p[0], p[1])
        case .lognormal: return gsl_ran_lognormal_pdf(x, p[0], p[1])
        case .weibull: return gsl_ran_weibull_pdf(x, p[1], p[0])
        }
    }

    public func cdf(_ x: Double) -> Double {
        guard x > 0 else { return 0 }
        switch family {
        case .exponential: return -expm1(-x / p[0])
        case .erlang, .gamma: return gsl_cdf_gamma_P(x, p[0], p[1])
        case .lognormal: return gsl_cdf_lognormal_P(x, p[0], p[1])
        case .weibull: return gsl_cdf_weibull_P(x, p[1], p[0])
        }
    }

    public func survival(_ x: Double) -> Double {
        guard x > 0 else { return 1 }
        switch family {
        case .exponential: return exp(-x / p[0])
        case .erlang, .gamma: return gsl_cdf_gamma_Q(x, p[0], p[1])
        case .lognormal: return gsl_cdf_lognormal_Q(x, p[0], p[1])
        case .weibull: return gsl_cdf_weibull_Q(x, p[1], p[0])
        }
    }

    /// ∫₀ˣ t f(t) dt, the partial expectation.
    func partialExpectation(_ x: Double) -> Double {
        guard x > 0 else { return 0 }
        switch family {
        case .exponential: return p[0] * gsl_sf_gamma_inc_P(2, x / p[0])
        case .erlang, .gamma: return p[0] * p[1] * gsl_sf_gamma_inc_P(p[0] + 1, x / p[1])
        case .lognormal: return mean * gsl_cdf_ugaussian_P((log(x) - p[0] - p[1] * p[1]) / p[1])
        case .weibull:
            let a = 1 + 1 / p[0]
            return p[1] * exp(gsl_sf_lngamma(a)) * gsl_sf_gamma_inc_P(a, pow(x / p[1], p[0]))
        }
    }

    /// G(x) = ∫₀ˣ F(t) dt = x F(x) − ∫₀ˣ t f(t) dt (0 for x ≤ 0).
    func integratedCDF(_ x: Double) -> Double {
        guard x > 0 else { return 0 }
        return x * cdf(x) - partialExpectation(x)
    }

    /// The chance that a duration recorded on a lattice of step `h` (each end of it rounded down to
    /// the lattice, the start at a uniformly random phase) reads `d`: the density convolved with a
    /// triangle of half-width h, (G(d+h) − 2G(d) + G(d−h)) / h. Near 0 by that formula; away from
    /// it by 5-point Gauss–Legendre on each half of the triangle (no cancellation).
    public func latticeProbability(_ d: Double, h: Double) -> Double {
        if h <= 0 { return pdf(d) }
        if d < 2 * h {
            return max(0, (integratedCDF(d + h) - 2 * integratedCDF(d) + integratedCDF(d - h)) / h)
        }
        var sum = 0.0
        for (u, w) in Self.legendre {
            // u in (0, 1): the triangle's weight at distance u·h is (1 − u).
            let t = (1 - u)
            sum += w * t * (pdf(d + u * h) + pdf(d - u * h))
        }
        return sum * h
    }

    /// P(D ≤ d) for a duration recorded on the lattice of step h: (G(d+h) − G(d)) / h.
    public func latticeCDF(_ d: Double, h: Double) -> Double {
        if h <= 0 { return cdf(d) }
        return min(1, max(0, (integratedCDF(d + h) - integratedCDF(max(d, 0))) / h))
    }

    /// 5-point Gauss–Legendre nodes and weights on (0, 1).
    static let legendre: [(Double, Double)] = {
        let x = [0.0, 0.5384693101056831, -0.5384693101056831, 0.9061798459386640, -0.9061798459386640]
        let w = [0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891, 0.2369268850561891]
        return zip(x, w).map { ((1 + $0) / 2, $1 / 2) }
    }()

    /// The same distribution as the simulation samples it.
    public var distribution: Distribution? {
        switch family {
        case .exponential: try? .exponential(mean: p[0])
        case .erlang, .gamma: try? .gamma(shape: p[0], scale: p[1])
        case .lognormal: try? .lognormal(mean: mean, sd: sd)
        case .weibull: try? .weibull(shape: p[0], scale: p[1])
        }
    }

    /// Parameters as the scenario writes them, by name.
    public var scenarioParameters: [(name: String, value: Double)] {
        switch family {
        case .exponential: [("mean", p[0])]
        case .erlang: [("k", p[0]), ("mean", mean)]
        case .gamma: [("shape", p[0]), ("scale", p[1])]
        case .lognormal: [("mean", mean), ("sd", sd)]
        case .weibull: [("shape", p[0]), ("scale", p[1])]
        }
    }
}

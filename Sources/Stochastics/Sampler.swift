import CGSL

/// What drawing from a `Distribution` needs, and nothing else: a trivially copyable value.
///
/// A `Distribution` holds its label (a string) and, when empirical, a table object; copying one
/// out of an array to draw from it costs reference counting. A sampler holds plain numbers and an
/// unowned reference to the table, so the engine's hot loop copies it for free. It must not outlive
/// the distribution it came from (the engine keeps its model, and so the distributions, alive).
public struct Sampler: @unchecked Sendable {
    @usableFromInline enum Kind: UInt8 {
        case exponential, deterministic, uniform, triangular, gamma, lognormal, weibull, truncatedNormal, empirical
    }

    @usableFromInline let kind: Kind
    @usableFromInline let a: Double
    @usableFromInline let b: Double
    @usableFromInline let c: Double
    /// Unretained: the distribution owns the table. (An `unowned(unsafe)` optional here made
    /// `Optional<Sampler>` miscompile in debug builds: a sequence of nil samplers iterated as empty.)
    @usableFromInline let table: Unmanaged<DiscreteTable>?

    @usableFromInline init(_ kind: Kind, _ a: Double = 0, _ b: Double = 0, _ c: Double = 0, table: DiscreteTable? = nil) {
        self.kind = kind
        self.a = a
        self.b = b
        self.c = c
        self.table = table.map { Unmanaged.passUnretained($0) }
    }

    /// One draw from `stream`, by the same GSL calls as `Distribution.sample`.
    @inlinable @inline(__always) public func sample(_ stream: RandomStream) -> Double {
        switch kind {
        case .exponential: return gsl_ran_exponential(stream.rng, a)
        case .deterministic: return a
        case .uniform: return gsl_ran_flat(stream.rng, a, b)
        case .triangular:
            // min a, mode c, max b
            let u = stream._uniform()
            let f = (c - a) / (b - a)
            return u < f ? a + ((b - a) * (c - a) * u).squareRoot() : b - ((b - a) * (b - c) * (1 - u)).squareRoot()
        case .gamma: return gsl_ran_gamma(stream.rng, a, b)
        case .lognormal: return gsl_ran_lognormal(stream.rng, a, b)
        case .weibull: return gsl_ran_weibull(stream.rng, b, a)
        case .truncatedNormal: return a + gsl_ran_gaussian_tail(stream.rng, -a, b)
        case .empirical: return table.unsafelyUnwrapped.takeUnretainedValue().sample(stream)
        }
    }
}

extension Distribution.Kind {
    /// The sampler for this kind; parameters in the order `Sampler.sample` reads them.
    var sampler: Sampler {
        switch self {
        case .exponential(let mean): Sampler(.exponential, mean)
        case .deterministic(let v): Sampler(.deterministic, v)
        case .uniform(let lo, let hi): Sampler(.uniform, lo, hi)
        case .triangular(let lo, let mode, let hi): Sampler(.triangular, lo, hi, mode)
        case .gamma(let shape, let scale): Sampler(.gamma, shape, scale)
        case .lognormal(let zeta, let sigma): Sampler(.lognormal, zeta, sigma)
        case .weibull(let shape, let scale): Sampler(.weibull, shape, scale)
        case .truncatedNormal(let mu, let sigma): Sampler(.truncatedNormal, mu, sigma)
        case .empirical(let table): Sampler(.empirical, table: table)
        }
    }
}

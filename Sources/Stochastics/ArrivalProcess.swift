import Foundation

/// When external arrivals happen: Poisson, renewal, or non-homogeneous Poisson.
public struct ArrivalProcess: Sendable, Hashable {
    @usableFromInline enum Kind: Sendable, Hashable {
        case poisson(mean: Double)
        case renewal(Distribution)
        /// Piecewise-constant rates over `step`, repeating every `step * rates.count`.
        case piecewise(step: Double, rates: [Double], cumulative: [Double])
        case sinusoid(base: Double, amplitude: Double, period: Double)
    }

    @usableFromInline let kind: Kind
    /// The mean interarrival time when Poisson, else 0: `next`'s fast path reads this one trivial
    /// field, so that the engine's hot loop need not copy (and retain) the whole value.
    @usableFromInline let poissonMean: Double

    @usableFromInline init(kind: Kind) {
        self.kind = kind
        if case .poisson(let mean) = kind { poissonMean = mean } else { poissonMean = 0 }
    }

    /// Poisson arrivals at `rate` per time unit.
    public static func poisson(rate: Double) throws(DistributionError) -> ArrivalProcess {
        guard rate.isFinite, rate > 0 else { throw DistributionError(parameter: "rate", message: "must be greater than 0") }
        return ArrivalProcess(kind: .poisson(mean: 1 / rate))
    }

    /// Independent, identically distributed interarrival times.
    public static func renewal(_ interarrival: Distribution) throws(DistributionError) -> ArrivalProcess {
        guard interarrival.mean > 0 else {
            throw DistributionError(parameter: "interarrival", message: "must have a mean greater than 0")
        }
        return ArrivalProcess(kind: .renewal(interarrival))
    }

    /// Non-homogeneous Poisson with rate `rates[i]` on `[i·step, (i+1)·step)`, repeating.
    ///
    /// Sampled by inverting the cumulative rate (exact, no rejected draws, zero-rate steps allowed).
    public static func piecewise(step: Double, rates: [Double]) throws(DistributionError) -> ArrivalProcess {
        guard step.isFinite, step > 0 else { throw DistributionError(parameter: "step", message: "must be greater than 0") }
        guard !rates.isEmpty else { throw DistributionError(parameter: "rates", message: "must not be empty") }
        guard rates.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw DistributionError(parameter: "rates", message: "must all be finite and at least 0")
        }
        var cumulative = [0.0]
        for r in rates { cumulative.append(cumulative[cumulative.count - 1] + r * step) }
        guard cumulative[rates.count] > 0 else {
            throw DistributionError(parameter: "rates", message: "must not all be 0")
        }
        return ArrivalProcess(kind: .piecewise(step: step, rates: rates, cumulative: cumulative))
    }

    /// Non-homogeneous Poisson with rate(t) = base + amplitude·sin(2πt/period), sampled by thinning.
    public static func sinusoid(base: Double, amplitude: Double, period: Double) throws(DistributionError) -> ArrivalProcess {
        guard base.isFinite, base > 0 else { throw DistributionError(parameter: "base", message: "must be greater than 0") }
        guard amplitude.isFinite, abs(amplitude) <= base else {
            throw DistributionError(parameter: "amplitude", message: "must be at most base (\(base)) in size, or the rate turns negative")
        }
        guard period.isFinite, period > 0 else { throw DistributionError(parameter: "period", message: "must be greater than 0") }
        return ArrivalProcess(kind: .sinusoid(base: base, amplitude: amplitude, period: period))
    }

    /// The arrival rate at time `t`.
    public func rate(at t: Double) -> Double {
        switch kind {
        case .poisson(let mean): return 1 / mean
        case .renewal(let d): return 1 / d.mean
        case .piecewise(let step, let rates, _):
            let period = step * Double(rates.count)
            let phase = t - (t / period).rounded(.down) * period
            return rates[min(rates.count - 1, Int(phase / step))]
        case .sinusoid(let base, let amplitude, let period): return base + amplitude * sin(2 * Double.pi * t / period)
        }
    }

    /// The long-run average arrival rate.
    public var meanRate: Double {
        switch kind {
        case .poisson(let mean): 1 / mean
        case .renewal(let d): 1 / d.mean
        case .piecewise(let step, let rates, let cumulative): cumulative[rates.count] / (step * Double(rates.count))
        case .sinusoid(let base, _, _): base
        }
    }

    /// The first arrival time after `t`.
    @inlinable @inline(__always) public func next(after t: Double, _ stream: RandomStream) -> Double {
        if poissonMean > 0 { return t + stream.exponential(mean: poissonMean) }
        return nextAny(after: t, stream)
    }

    @usableFromInline func nextAny(after t: Double, _ stream: RandomStream) -> Double {
        switch kind {
        case .poisson(let mean): return t + stream.exponential(mean: mean)
        case .renewal(let d): return t + d.sample(stream)
        case .piecewise(let step, let rates, let cumulative):
            return Self.invertPiecewise(after: t, target: -log(stream._uniformPositive()), step: step, rates: rates, cumulative: cumulative)
        case .sinusoid(let base, let amplitude, let period):
            let top = base + abs(amplitude)
            var s = t
            while true {
                s -= log(stream._uniformPositive()) / top
                let r = base + amplitude * sin(2 * Double.pi * s / period)
                if stream._uniform() * top <= r { return s }
            }
        }
    }

    /// The time at which the cumulative rate from `t` reaches `target`.
    @usableFromInline static func invertPiecewise(
        after t: Double, target: Double, step: Double, rates: [Double], cumulative: [Double]
    ) -> Double {
        let n = rates.count
        let period = step * Double(n)
        let perPeriod = cumulative[n]
        let cycles = (t / period).rounded(.down)
        var base = cycles * period
        var i = min(n - 1, Int((t - base) / step))
        // The cumulative rate from the period's start up to t.
        var need = target + cumulative[i] + rates[i] * (t - base - Double(i) * step)
        if need >= perPeriod {
            let skip = (need / perPeriod).rounded(.down)
            need -= skip * perPeriod
            base += skip * period
            i = 0
        }
        // The step where the cumulative rate passes `need`.
        while cumulative[i + 1] <= need {
            i += 1
            if i == n { i = 0; base += period; need -= perPeriod }
        }
        return base + Double(i) * step + (need - cumulative[i]) / rates[i]
    }
}

import Foundation

/// When external arrivals happen: Poisson, renewal, or non-homogeneous Poisson.
public struct ArrivalProcess: Sendable, Hashable {
    @usableFromInline enum Kind: Sendable, Hashable {
        case poisson(mean: Double)
        case renewal(Distribution)
        /// Piecewise-constant rates over `step`, repeating every `step * rates.count`.
        case piecewise(step: Double, rates: [Double], cumulative: [Double])
        case sinusoid(base: Double, amplitude: Double, period: Double)
        /// Given times, strictly increasing: a recorded demand replayed.
        case trace(times: [Double])
    }

    @usableFromInline let kind: Kind
    /// What drawing needs, trivially copyable (see `ArrivalGenerator`).
    public let generator: ArrivalGenerator
    /// Owns the piecewise rates the generator refers to.
    let table: PiecewiseTable?
    /// Owns the replayed times the generator refers to.
    let trace: TraceTable?

    init(kind: Kind) {
        self.kind = kind
        trace = nil
        switch kind {
        case .poisson(let mean):
            table = nil
            generator = ArrivalGenerator(.poisson, mean)
        case .renewal(let d):
            table = nil
            generator = ArrivalGenerator(.renewal, interarrival: d.sampler)
        case .piecewise(let step, let rates, let cumulative):
            let t = PiecewiseTable(step: step, rates: rates, cumulative: cumulative)
            table = t
            generator = ArrivalGenerator(.piecewise, table: t)
        case .sinusoid(let base, let amplitude, let period):
            table = nil
            generator = ArrivalGenerator(.sinusoid, base, amplitude, period)
        case .trace:
            preconditionFailure("a trace is built by ArrivalProcess.trace(times:)")
        }
    }

    private init(times: [Double]) {
        kind = .trace(times: times)
        table = nil
        let t = TraceTable(times: times)
        trace = t
        generator = ArrivalGenerator(.trace, trace: t)
    }

    /// Arrivals at exactly the given times (a log's demand replayed): each time once, in order, and
    /// none after the last. The times must be finite, at least 0 and strictly increasing; an empty
    /// list is a source that never fires. No random number is drawn.
    public static func trace(times: [Double]) throws(DistributionError) -> ArrivalProcess {
        guard times.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw DistributionError(parameter: "times", message: "must all be finite and at least 0")
        }
        for i in times.indices.dropFirst() where !(times[i] > times[i - 1]) {
            throw DistributionError(parameter: "times", message: "must be strictly increasing (position \(i) is not after the one before)")
        }
        return ArrivalProcess(times: times)
    }

    // Equality and hashing by what the process is; the generator is derived from it.
    public static func == (lhs: ArrivalProcess, rhs: ArrivalProcess) -> Bool { lhs.kind == rhs.kind }

    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

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

    /// The shortest period of a `rate_function`.
    public static let minimumPeriod = 1e-6

    /// Non-homogeneous Poisson with rate(t) = base + amplitude·sin(2πt/period), sampled by thinning.
    public static func sinusoid(base: Double, amplitude: Double, period: Double) throws(DistributionError) -> ArrivalProcess {
        guard base.isFinite, base > 0 else { throw DistributionError(parameter: "base", message: "must be greater than 0") }
        guard amplitude.isFinite, abs(amplitude) <= base else {
            throw DistributionError(parameter: "amplitude", message: "must be at most base (\(base)) in size, or the rate turns negative")
        }
        guard period.isFinite, period > 0 else { throw DistributionError(parameter: "period", message: "must be greater than 0") }
        // Below this the phase 2πt/period overflows or loses every digit, the rate reads NaN and
        // thinning never accepts a point.
        guard period >= minimumPeriod else {
            throw DistributionError(parameter: "period", message: "must be at least \(minimumPeriod) time units")
        }
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
        case .trace: return meanRate
        }
    }

    /// The long-run average arrival rate.
    public var meanRate: Double {
        switch kind {
        case .poisson(let mean): 1 / mean
        case .renewal(let d): 1 / d.mean
        case .piecewise(let step, let rates, let cumulative): cumulative[rates.count] / (step * Double(rates.count))
        case .sinusoid(let base, _, _): base
        case .trace(let times): times.count < 2 ? 0 : Double(times.count) / times.last!
        }
    }

    /// The first arrival time after `t`.
    @inlinable @inline(__always) public func next(after t: Double, _ stream: RandomStream) -> Double {
        generator.next(after: t, stream)
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

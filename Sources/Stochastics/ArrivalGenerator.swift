import Foundation

/// What drawing arrival times needs, and nothing else: a trivially copyable value (see `Sampler`).
///
/// An `ArrivalProcess` holds arrays (piecewise rates) and distributions; copying one out of an
/// array for every arrival cost reference counting and value-witness calls (15% of the day
/// benchmark's instructions). A generator holds plain numbers, a `Sampler` and an unowned reference
/// to the rate table; it must not outlive its process (the engine keeps its model alive).
public struct ArrivalGenerator: @unchecked Sendable {
    @usableFromInline enum Kind: UInt8 { case poisson, renewal, piecewise, sinusoid, trace }

    @usableFromInline let kind: Kind
    @usableFromInline let a: Double
    @usableFromInline let b: Double
    @usableFromInline let c: Double
    @usableFromInline let interarrival: Sampler?
    /// Unretained, like `Sampler.table` (an `unowned(unsafe)` optional miscompiles in debug builds).
    @usableFromInline let table: Unmanaged<PiecewiseTable>?
    /// Unretained, as `table`: the replayed times of a trace.
    @usableFromInline let trace: Unmanaged<TraceTable>?

    @usableFromInline init(_ kind: Kind, _ a: Double = 0, _ b: Double = 0, _ c: Double = 0,
                           interarrival: Sampler? = nil, table: PiecewiseTable? = nil, trace: TraceTable? = nil) {
        self.kind = kind
        self.a = a
        self.b = b
        self.c = c
        self.interarrival = interarrival
        self.table = table.map { Unmanaged.passUnretained($0) }
        self.trace = trace.map { Unmanaged.passUnretained($0) }
    }

    /// The first arrival time after `t`, by the same draws as `ArrivalProcess.next`.
    @inlinable @inline(__always) public func next(after t: Double, _ stream: RandomStream) -> Double {
        switch kind {
        case .poisson: return t + stream.exponential(mean: a)
        case .renewal: return t + interarrival.unsafelyUnwrapped.sample(stream)
        case .piecewise: return table.unsafelyUnwrapped.takeUnretainedValue().next(after: t, stream)
        case .sinusoid: return ArrivalGenerator.thin(after: t, base: a, amplitude: b, period: c, stream)
        case .trace: return trace.unsafelyUnwrapped.takeUnretainedValue().next(after: t)
        }
    }

    /// Non-homogeneous Poisson with rate base + amplitude·sin(2πt/period), by thinning.
    @usableFromInline static func thin(after t: Double, base: Double, amplitude: Double, period: Double, _ stream: RandomStream) -> Double {
        let top = base + abs(amplitude)
        var s = t
        while true {
            s -= log(stream._uniformPositive()) / top
            let r = base + amplitude * sin(2 * Double.pi * s / period)
            if stream._uniform() * top <= r { return s }
        }
    }
}

/// Piecewise-constant rates, immutable once built, shared by a process and its generator.
public final class PiecewiseTable: @unchecked Sendable {
    let step: Double
    let rates: [Double]
    let cumulative: [Double]

    init(step: Double, rates: [Double], cumulative: [Double]) {
        self.step = step
        self.rates = rates
        self.cumulative = cumulative
    }

    @usableFromInline func next(after t: Double, _ stream: RandomStream) -> Double {
        ArrivalProcess.invertPiecewise(after: t, target: -log(stream._uniformPositive()), step: step, rates: rates, cumulative: cumulative)
    }
}

/// Replayed arrival times, strictly increasing, immutable once built.
public final class TraceTable: @unchecked Sendable {
    let times: [Double]

    init(times: [Double]) { self.times = times }

    /// The first time after `t` (infinity after the last): a binary search.
    @usableFromInline func next(after t: Double) -> Double {
        var low = 0, high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] > t { high = mid } else { low = mid + 1 }
        }
        return low < times.count ? times[low] : .infinity
    }
}

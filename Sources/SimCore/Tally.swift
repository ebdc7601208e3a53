/// Count, mean and variance of observations, streaming (Welford) and mergeable (Chan et al.).
public struct Tally: Sendable, Hashable {
    @usableFromInline var _count: Int = 0
    @usableFromInline var _mean: Double = 0
    @usableFromInline var m2: Double = 0

    /// Number of observations.
    public var count: Int { _count }
    /// Mean of the observations; 0 with none.
    public var mean: Double { _mean }

    public init() {}

    /// Records one observation.
    @inlinable public mutating func record(_ x: Double) {
        _count += 1
        let delta = x - _mean
        _mean += delta / Double(_count)
        m2 += delta * (x - _mean)
    }

    /// The sample variance (n − 1 in the denominator); 0 with fewer than two observations.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }

    /// The mean, or `nil` with no observations.
    public var meanIfAny: Double? { count > 0 ? mean : nil }

    /// Adds another tally's observations, as if recorded here.
    public mutating func merge(_ other: Tally) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let n = Double(count + other.count)
        let delta = other.mean - mean
        _mean += delta * Double(other.count) / n
        m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / n
        _count += other.count
    }
}

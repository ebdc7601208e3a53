/// Counts of non-negative values in log-linear bins, for streaming percentiles.
///
/// Each power of two between 2⁻³² and 2³² is split into 128 equal bins, so a percentile is known to
/// within 0.8% of its value; zero is counted exactly. Memory is fixed; merging adds counts, exactly.
public struct Histogram: Sendable, Hashable {
    @usableFromInline static let subBits = 7
    @usableFromInline static let minExponent = -32
    @usableFromInline static let maxExponent = 31
    /// Number of bins (zero is counted apart).
    public static let binCount = (maxExponent - minExponent + 1) << subBits

    @usableFromInline var bins: [UInt64]
    @usableFromInline var zeros: UInt64 = 0
    @usableFromInline var _count: UInt64 = 0

    public init() { bins = [UInt64](repeating: 0, count: Histogram.binCount) }

    /// The histogram of counts kept elsewhere: `zeros` values at zero (or below), `bins[i]` in bin
    /// `i` of `bin(of:)`.
    public init(zeros: UInt64, bins: [UInt64]) {
        precondition(bins.count == Histogram.binCount, "a histogram has \(Histogram.binCount) bins")
        self.bins = bins
        self.zeros = zeros
        _count = bins.reduce(zeros, &+)
    }

    /// Number of values recorded.
    public var count: Int { Int(_count) }

    /// Records one non-negative value (negative values count as zero).
    @inlinable public mutating func record(_ x: Double) {
        _count &+= 1
        guard x > 0 else { zeros &+= 1; return }
        bins[Histogram.bin(of: x)] &+= 1
    }

    /// The bin that a positive value `x` falls in.
    @inlinable @inline(__always) public static func bin(of x: Double) -> Int {
        let e = Int(x.exponent)
        if e < minExponent { return 0 }
        if e > maxExponent { return binCount - 1 }
        let sub = Int(x.significandBitPattern >> UInt64(Double.significandBitCount - subBits))
        return ((e - minExponent) << subBits) | sub
    }

    /// The lower and upper edge of bin `i`.
    static func edges(of i: Int) -> (Double, Double) {
        let e = (i >> subBits) + minExponent
        let sub = Double(i & ((1 << subBits) - 1))
        let scale = Double(sign: .plus, exponent: e, significand: 1)
        let width = scale / Double(1 << subBits)
        return (scale + sub * width, scale + (sub + 1) * width)
    }

    /// The value below which a share `p` of the recorded values lie (nearest rank; a bin's midpoint).
    public func quantile(_ p: Double) -> Double? {
        guard _count > 0 else { return nil }
        let rank = max(1, UInt64((p * Double(_count)).rounded(.up)))
        var seen = zeros
        if seen >= rank { return 0 }
        for i in 0..<bins.count where bins[i] > 0 {
            seen += bins[i]
            if seen >= rank {
                let (lo, hi) = Histogram.edges(of: i)
                return (lo + hi) / 2
            }
        }
        return Histogram.edges(of: bins.count - 1).1
    }

    /// Adds another histogram's counts, as if recorded here.
    public mutating func merge(_ other: Histogram) {
        for i in 0..<bins.count { bins[i] &+= other.bins[i] }
        zeros &+= other.zeros
        _count &+= other._count
    }

    /// Forgets every value, keeping the storage.
    public mutating func removeAll() {
        for i in 0..<bins.count { bins[i] = 0 }
        zeros = 0
        _count = 0
    }
}

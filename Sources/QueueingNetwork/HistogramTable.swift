import SimCore

/// A fixed number of histograms (`Histogram`'s bins) in one engine table, recorded in place.
///
/// A `Histogram` keeps its bins in an `Array`, and recording into one held in an `EngineTable`
/// checked that array's uniqueness and called out of line on every wait recorded. Here a record
/// is an index computation and an increment; `histogram(_:)` gives the same `Histogram` as
/// recording each value into one would. Noncopyable, as the `EngineTable` it holds.
struct HistogramTable: ~Copyable {
    /// Per histogram: the count of values at zero (or below), then the bins.
    private static let stride = Histogram.binCount + 1
    private var counts: EngineTable<UInt64>

    /// `count` empty histograms.
    init(count: Int) { counts = EngineTable(repeating: 0, count: count * HistogramTable.stride) }

    /// Records `x` in histogram `h` (values at or below zero, and NaN, count as zero, as in `Histogram`).
    @inline(__always) func record(_ x: Double, in h: Int) {
        let slot = x > 0 ? 1 + Histogram.bin(of: x) : 0
        counts[h * HistogramTable.stride + slot] &+= 1
    }

    /// Forgets every value recorded in histogram `h`.
    func removeAll(in h: Int) {
        let base = h * HistogramTable.stride
        for i in base..<(base + HistogramTable.stride) { counts[i] = 0 }
    }

    /// Histogram `h` as a `Histogram`.
    func histogram(_ h: Int) -> Histogram {
        let base = h * HistogramTable.stride
        return Histogram(zeros: counts[base], bins: (1..<HistogramTable.stride).map { counts[base + $0] })
    }
}

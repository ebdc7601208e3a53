@testable import QueueingNetwork
import SimCore
import Testing

/// The engine's histogram table gives exactly the histograms that recording into `Histogram` gives.
@Suite("Histogram table")
struct HistogramTableTests {
    /// Waits of every kind the engine meets: zero, negative and NaN (counted as zero), values below
    /// and above the bins' range, and a spread in between.
    static let values: [Double] = [0, 0, -1, .nan, 1e-12, 3e-10, 0.001, 0.5, 1, 1, 2.75, 17, 1e6, 1e12, 5e13]
        + (1...500).map { Double($0) * 0.37 }

    @Test("Each histogram equals a Histogram fed the same values; the others stay empty")
    func sameAsHistogram() {
        let table = HistogramTable(count: 3)
        var reference = Histogram()
        for x in Self.values {
            table.record(x, in: 1)
            reference.record(x)
        }
        table.record(4, in: 2)
        #expect(table.histogram(1) == reference)
        #expect(table.histogram(1).count == Self.values.count)
        for p in [0.1, 0.5, 0.9, 0.95, 1.0] {
            #expect(table.histogram(1).quantile(p) == reference.quantile(p))
        }
        #expect(table.histogram(0) == Histogram())
        #expect(table.histogram(2).count == 1)
    }

    @Test("removeAll empties one histogram and leaves the others")
    func removeAll() {
        let table = HistogramTable(count: 2)
        for x in Self.values {
            table.record(x, in: 0)
            table.record(x, in: 1)
        }
        table.removeAll(in: 0)
        #expect(table.histogram(0) == Histogram())
        #expect(table.histogram(1).count == Self.values.count)
        table.record(2, in: 0)
        var one = Histogram()
        one.record(2)
        #expect(table.histogram(0) == one)
    }
}

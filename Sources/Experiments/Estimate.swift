import Foundation
import Stochastics

/// A measure's mean over replications with the half-width of its 95% confidence interval (Student t).
public struct Estimate: Sendable, Hashable {
    /// The mean, or `nil` when no replication defined the measure.
    public var mean: Double?
    /// The half-width, or `nil` with fewer than two values.
    public var halfWidth: Double?
    /// Replications that defined the measure.
    public var count: Int

    public init(mean: Double?, halfWidth: Double?, count: Int) {
        self.mean = mean
        self.halfWidth = halfWidth
        self.count = count
    }

    /// The estimate from one value per replication; `nil` values (undefined there) are left out.
    public init(_ values: [Double?], confidence: Double = 0.95) {
        let xs = values.compactMap { $0 }
        count = xs.count
        guard !xs.isEmpty else { mean = nil; halfWidth = nil; return }
        let m = xs.reduce(0, +) / Double(xs.count)
        mean = m
        guard xs.count > 1 else { halfWidth = nil; return }
        let variance = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
        halfWidth = StudentT.halfWidthFactor(confidence: confidence, degreesOfFreedom: xs.count - 1)
            * (variance / Double(xs.count)).squareRoot()
    }

    /// True when `value` lies in the interval widened by `margin` on each side.
    public func covers(_ value: Double, margin: Double = 0) -> Bool {
        guard let mean else { return false }
        return abs(value - mean) <= (halfWidth ?? 0) + margin
    }
}

/// The time average of a piecewise-constant quantity (a queue length, busy servers).
public struct TimeWeighted: Sendable, Hashable {
    /// The current value.
    public var value: Double
    /// The integral up to `lastChange`.
    public var area: Double = 0
    public var start: Double
    public var lastChange: Double

    /// Starts observing at time `start` with the quantity at `value`.
    public init(value: Double = 0, start: Double = 0) {
        self.value = value
        self.start = start
        self.lastChange = start
    }

    /// Sets the quantity to `newValue` from time `t` on.
    @inlinable public mutating func update(_ newValue: Double, at t: Double) {
        area += value * (t - lastChange)
        lastChange = t
        value = newValue
    }

    /// The time average over [start, t].
    public func mean(at t: Double) -> Double {
        let total = area + value * (t - lastChange)
        let span = t - start
        return span > 0 ? total / span : value
    }

    /// Forgets the past: observation starts again at `t` with the current value.
    public mutating func reset(at t: Double) {
        area = 0
        start = t
        lastChange = t
    }

    /// The integral over [start, t].
    public func integral(at t: Double) -> Double { area + value * (t - lastChange) }
}

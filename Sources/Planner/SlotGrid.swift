/// The planning slots: a period (for example a week) cut into equal slots (for example half hours),
/// repeating from time 0 of a run. Times are in the scenario's time unit.
public struct SlotGrid: Sendable, Hashable {
    public var slot: Double
    public var period: Double

    public init(slot: Double, period: Double) {
        precondition(slot > 0 && period >= slot, "a slot must be positive and fit in the period")
        self.slot = slot
        self.period = period
    }

    /// Slots in one period (a period that is not a whole number of slots is cut at its last slot).
    public var count: Int { max(1, Int((period / slot + 1e-9).rounded(.down))) }

    /// The slot within the period that time `t` falls in.
    public func slot(at t: Double) -> Int {
        let phase = t - (t / period).rounded(.down) * period
        return min(count - 1, Int(phase / slot + 1e-9))
    }

    /// The slot counted from time 0, across periods.
    public func absoluteSlot(at t: Double) -> Int {
        let period = (t / self.period + 1e-12).rounded(.down)
        return Int(period) * count + slot(at: t)
    }

    /// The start of slot `i` within the period.
    public func start(_ i: Int) -> Double { Double(i) * slot }
}

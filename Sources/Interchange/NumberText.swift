/// The one way numbers are written in every file the project writes: integers below 10^15 without a
/// fraction, everything else in the shortest form that reads back to the same `Double`.
public enum NumberText {
    /// `x` as JSON or CSV number text; `nil` for a value that is not finite.
    public static func shortest(_ x: Double) -> String? {
        guard x.isFinite else { return nil }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return String(x)
    }
}

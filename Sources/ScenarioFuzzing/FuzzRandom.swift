/// The fuzzer's random numbers: SplitMix64, seeded per case, so that a case is reproduced from its
/// seed and number alone, whatever ran before it.
public struct FuzzRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The generator for case `index` of a run seeded with `seed`.
    public init(seed: UInt64, case index: Int) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `0..<n` (n > 0).
    public mutating func below(_ n: Int) -> Int { Int.random(in: 0..<n, using: &self) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// The seed of one named random stream: a stable 64-bit mix of (master seed, replication, name).
///
/// Swift's `Hasher` is seeded per process, so it cannot name streams; this uses FNV-1a over the
/// name's UTF-8 bytes and SplitMix64 finalisers, which give the same number on every machine and run.
public struct StreamSeed: Sendable, Hashable {
    public let value: UInt64

    public init(master: UInt64, replication: Int, name: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01b3
        }
        var state = SplitMix64(seed: master)
        var x = state.next() ^ SplitMix64.mix(UInt64(bitPattern: Int64(replication)) &+ 0x632b_e59b_d9b4_e019)
        x = SplitMix64.mix(x ^ SplitMix64.mix(h))
        value = x
    }
}

/// Steele, Lea and Flood's SplitMix64: expands one 64-bit seed into a well-mixed sequence.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        return SplitMix64.mix(state)
    }

    static func mix(_ input: UInt64) -> UInt64 {
        var z = input
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

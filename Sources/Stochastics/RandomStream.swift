import CGSL

/// One independent stream of random numbers, owning a GSL Mersenne Twister generator.
///
/// A stream is named by (master seed, replication, name): adding a stream with another name never
/// changes this one's numbers, which is what common random numbers need. Not thread-safe: one stream
/// belongs to one replication on one thread.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    public let seed: StreamSeed

    /// A stream for `name` in replication `replication` of a run with master seed `master`.
    public convenience init(master: UInt64, replication: Int, name: String) {
        self.init(seed: StreamSeed(master: master, replication: replication, name: name))
    }

    public init(seed: StreamSeed) {
        _ = GSL.ready
        guard let rng = gsl_rng_alloc(onestop_rng_mt19937()) else {
            fatalError("GSL could not allocate a random number generator (out of memory)")
        }
        self.rng = rng
        self.seed = seed
        var mixer = SplitMix64(seed: seed.value)
        var words = [UInt32](repeating: 0, count: 624)
        for i in 0..<624 { words[i] = UInt32(truncatingIfNeeded: mixer.next() >> 16) }
        let filled = words.withUnsafeBufferPointer { onestop_mt19937_fill(rng, $0.baseAddress) }
        if filled == 0 { gsl_rng_set(rng, UInt(seed.value & 0xffff_ffff)) }
    }

    deinit { gsl_rng_free(rng) }

    /// A uniform draw on [0, 1).
    @inlinable public func uniform() -> Double { _uniform() }

    /// A uniform draw on (0, 1).
    @inlinable public func uniformPositive() -> Double { _uniformPositive() }

    // Inlinable, so that a caller draws without a call and without retaining the stream.
    @inlinable func _uniform() -> Double { onestop_rng_uniform(rng) }
    @inlinable func _uniformPositive() -> Double { onestop_rng_uniform_pos(rng) }

    /// An exponential draw with the given mean.
    @inlinable public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }
}

extension RandomStream {
    /// A Poisson draw with the given mean.
    public func poisson(mean: Double) -> Int { Int(gsl_ran_poisson(rng, mean)) }
}

import Foundation
import Stochastics

/// Goodness of fit on lattice data, with p-values that hold for estimated parameters: each is the
/// share of parametric-bootstrap samples (drawn from the fitted model, recorded on the same lattice
/// and refitted) whose statistic is at least the observed one.
public enum GoodnessOfFitTest {
    /// Values the statistics use at most: a random subsample of larger data (the p-value then asks
    /// whether the model is good for a sample of this size, and the bootstrap stays affordable).
    public static let maximumValues = 1_000
    /// Lattice cells the statistics sum over at most (a finer lattice is coarsened).
    static let maximumCells = 2_000

    /// Kolmogorov–Smirnov and Anderson–Darling (Choulakian–Lockhart–Stephens' discrete form) of
    /// exact lattice data against `model`.
    public static func statistics(_ model: Model, _ s: DurationSample) -> (ks: Double, ad: Double) {
        let n = Double(s.exactCount)
        guard n > 0 else { return (.nan, .nan) }
        let h = s.h
        let maxX = s.exact.last?.x ?? 0
        let cells = Int((maxX / max(h, 1e-12)).rounded()) + 1
        let step = cells > maximumCells ? h * Double((cells + maximumCells - 1) / maximumCells) : h
        let count = Int((maxX / step).rounded(.down)) + 1
        var ks = 0.0, ad = 0.0
        var i = 0, cumulative = 0
        var previousF = 0.0
        for j in 0..<count {
            let d = Double(j) * step
            // Values recorded at or below d (the lattice values within half a step of the cell's top).
            while i < s.exact.count, s.exact[i].x <= d + h / 2 { cumulative += s.exact[i].n; i += 1 }
            let fn = Double(cumulative) / n
            let f = model.latticeCDF(d, h: h)
            ks = max(ks, abs(fn - f))
            let p = f - previousF
            if f > 1e-12, f < 1 - 1e-12, p > 0 { ad += (fn - f) * (fn - f) * p / (f * (1 - f)) }
            previousF = f
        }
        ks = max(ks, abs(1 - previousF))
        return (ks, n * ad)
    }

    /// Draws `m` values of `model` recorded on the lattice `h` (each end rounded down, the start at a
    /// uniform phase).
    static func latticeSample(_ model: Model, m: Int, h: Double, stream: RandomStream) -> DurationSample {
        guard let d = model.distribution else { return DurationSample(exact: [], h: h) }
        var counts: [Int: Int] = [:]
        for _ in 0..<m {
            let x = d.sample(stream)
            let phase = stream.uniform() * h
            let k = h > 0 ? Int(((phase + x) / h).rounded(.down)) : Int((x * 1e6).rounded())
            counts[k, default: 0] += 1
        }
        let scale = h > 0 ? h : 1e-6
        return DurationSample(exact: counts.sorted { $0.key < $1.key }.map { (Double($0.key) * scale, $0.value) }, h: h)
    }

    /// A random subsample of at most `maximumValues` values (all of them when fewer).
    static func subsample(_ s: DurationSample, stream: RandomStream) -> DurationSample {
        let n = s.exactCount
        guard n > maximumValues else { return s }
        // Selection sampling (Knuth's algorithm S) over the counted values: exactly m of n, in order.
        var needed = maximumValues, left = n
        var out: [(x: Double, n: Int)] = []
        for (x, c) in s.exact {
            var taken = 0
            for _ in 0..<c {
                if Double(needed) > stream.uniform() * Double(left) { taken += 1; needed -= 1 }
                left -= 1
            }
            if taken > 0 { out.append((x, taken)) }
        }
        return DurationSample(exact: out, h: s.h)
    }

    /// The statistics of `family` on (a subsample of) `s`, fitted there, with `bootstrap` refits.
    public static func test(_ family: Family, _ s: DurationSample, bootstrap: Int, seed: UInt64, name: String) -> GoodnessOfFit? {
        let stream = RandomStream(master: seed, replication: 0, name: "gof/\(name)/\(family.rawValue)")
        let sub = subsample(s, stream: stream)
        guard let fit = MaximumLikelihood.fit(family, sub, intervals: false) else { return nil }
        let observed = statistics(fit.model, sub)
        let m = sub.exactCount
        var ksAbove = 0, adAbove = 0, done = 0
        for b in 0..<bootstrap {
            let r = RandomStream(master: seed, replication: b + 1, name: "gof/\(name)/\(family.rawValue)")
            let sample = latticeSample(fit.model, m: m, h: s.h, stream: r)
            guard let refit = MaximumLikelihood.fit(family, sample, from: fit.model, intervals: false) else { continue }
            let stat = statistics(refit.model, sample)
            if stat.ks >= observed.ks { ksAbove += 1 }
            if stat.ad >= observed.ad { adAbove += 1 }
            done += 1
        }
        return GoodnessOfFit(ks: observed.ks, ad: observed.ad, ksP: Double(ksAbove + 1) / Double(done + 1),
                             adP: Double(adAbove + 1) / Double(done + 1), n: m, bootstrap: done)
    }
}

import Foundation
import Stochastics

/// The Kaplan–Meier estimate of a survival curve from exact and right-censored lattice values,
/// with Greenwood's variance.
public struct KaplanMeier: Sendable {
    public struct Step: Sendable, Hashable {
        public var time: Double
        public var atRisk: Int
        public var events: Int
        public var survival: Double
        /// The 95% interval of the survival (Greenwood, on the log–log scale).
        public var low: Double
        public var high: Double
    }

    public var steps: [Step]

    /// At tied times the events come before the censorings (a student served after waiting w had a
    /// patience beyond w).
    public init(_ s: DurationSample) {
        var events: [Double: Int] = [:], censored: [Double: Int] = [:]
        for (x, n) in s.exact { events[x, default: 0] += n }
        for (x, n) in s.censored { censored[x, default: 0] += n }
        var atRisk = s.exactCount + s.censoredCount
        var survival = 1.0, greenwood = 0.0
        steps = []
        for t in Set(events.keys).union(censored.keys).sorted() {
            let d = events[t] ?? 0
            if d > 0, atRisk > 0 {
                survival *= 1 - Double(d) / Double(atRisk)
                if atRisk > d { greenwood += Double(d) / (Double(atRisk) * Double(atRisk - d)) }
                var low = survival, high = survival
                if survival > 0, survival < 1 {
                    let l = log(-log(survival))
                    let se = greenwood.squareRoot() / abs(log(survival))
                    low = exp(-exp(l + 1.96 * se))
                    high = exp(-exp(l - 1.96 * se))
                }
                steps.append(Step(time: t, atRisk: atRisk, events: d, survival: survival, low: low, high: high))
            }
            atRisk -= d + (censored[t] ?? 0)
        }
    }

    /// S(t): the product over event times up to t.
    public func survival(at t: Double) -> Double {
        var s = 1.0
        for step in steps {
            if step.time > t { break }
            s = step.survival
        }
        return s
    }

    /// The mean restricted to the last event time (the area under the curve up to it): the mean itself
    /// only when the curve reaches 0.
    public var restrictedMean: (value: Double, horizon: Double) {
        var area = 0.0, previous = 0.0, s = 1.0
        for step in steps {
            area += s * (step.time - previous)
            previous = step.time
            s = step.survival
        }
        return (area, previous)
    }
}

/// Patience from waits: the censored fits and their goodness of fit.
public enum PatienceFit {
    /// Sup-distance between the Kaplan–Meier curve and the fitted survival at the event times, and an
    /// Anderson–Darling-type weighted squared distance (the same weight as for exact data).
    public static func statistics(_ model: Model, _ s: DurationSample) -> (ks: Double, ad: Double) {
        let km = KaplanMeier(s)
        var ks = 0.0, ad = 0.0, previousF = 0.0, previousKM = 0.0
        for step in km.steps {
            let f = 1 - model.survival(step.time)
            let fn = 1 - step.survival
            ks = max(ks, abs(fn - f), abs(previousKM - f))
            let p = f - previousF
            if f > 1e-12, f < 1 - 1e-12, p > 0 { ad += (fn - f) * (fn - f) * p / (f * (1 - f)) }
            previousF = f
            previousKM = fn
        }
        return (ks, Double(s.exactCount + s.censoredCount) * ad)
    }

    /// A censored sample like `s`, drawn from `model`: each student's patience from the model, their
    /// censoring time (the wait until they would have been called) from the reverse Kaplan–Meier
    /// estimate of `s`'s censoring times; the smaller of the two recorded on the lattice.
    static func sample(_ model: Model, like s: DurationSample, censoring: [(x: Double, p: Double)], stream: RandomStream) -> DurationSample {
        guard let d = model.distribution else { return DurationSample(exact: [], h: s.h) }
        let m = s.exactCount + s.censoredCount
        var exact: [Int: Int] = [:], censored: [Int: Int] = [:]
        let h = max(s.h, 1e-9)
        for _ in 0..<m {
            let x = d.sample(stream)
            var u = stream.uniform(), c = Double.infinity
            for (t, p) in censoring { if u < p { c = t; break }; u -= p }
            // A censoring time is itself recorded on the lattice; spread it over its cell.
            if c.isFinite { c += (stream.uniform() - 0.5) * s.h }
            let phase = stream.uniform() * h
            let y = min(x, max(0, c))
            let k = Int(((phase + y) / h).rounded(.down))
            if x <= c { exact[k, default: 0] += 1 } else { censored[k, default: 0] += 1 }
        }
        func list(_ c: [Int: Int]) -> [(x: Double, n: Int)] { c.sorted { $0.key < $1.key }.map { (Double($0.key) * h, $0.value) } }
        return DurationSample(exact: list(exact), censored: list(censored), h: s.h)
    }

    /// The censoring distribution: Kaplan–Meier with the roles of events and censorings swapped; the
    /// mass beyond its last step is "never censored".
    static func censoringDistribution(_ s: DurationSample) -> [(x: Double, p: Double)] {
        let reversed = KaplanMeier(DurationSample(exact: s.censored, censored: s.exact, h: s.h))
        var out: [(x: Double, p: Double)] = []
        var previous = 1.0
        for step in reversed.steps {
            out.append((step.time, previous - step.survival))
            previous = step.survival
        }
        return out
    }

    /// The censored statistics of `family` on (a subsample of) `s`, with bootstrap refits.
    public static func test(_ family: Family, _ s: DurationSample, bootstrap: Int, seed: UInt64, name: String) -> GoodnessOfFit? {
        let stream = RandomStream(master: seed, replication: 0, name: "patience-gof/\(name)/\(family.rawValue)")
        let sub = subsample(s, stream: stream)
        guard let fit = MaximumLikelihood.fit(family, sub, intervals: false) else { return nil }
        let observed = statistics(fit.model, sub)
        let censoring = censoringDistribution(sub)
        var ksAbove = 0, adAbove = 0, done = 0
        for b in 0..<bootstrap {
            let r = RandomStream(master: seed, replication: b + 1, name: "patience-gof/\(name)/\(family.rawValue)")
            let sample = sample(fit.model, like: sub, censoring: censoring, stream: r)
            guard let refit = MaximumLikelihood.fit(family, sample, from: fit.model, intervals: false) else { continue }
            let stat = statistics(refit.model, sample)
            if stat.ks >= observed.ks { ksAbove += 1 }
            if stat.ad >= observed.ad { adAbove += 1 }
            done += 1
        }
        return GoodnessOfFit(ks: observed.ks, ad: observed.ad, ksP: Double(ksAbove + 1) / Double(done + 1),
                             adP: Double(adAbove + 1) / Double(done + 1), n: sub.exactCount + sub.censoredCount, bootstrap: done)
    }

    /// At most `GoodnessOfFitTest.maximumValues` exact and censored values together, chosen at random.
    static func subsample(_ s: DurationSample, stream: RandomStream) -> DurationSample {
        let n = s.exactCount + s.censoredCount
        guard n > GoodnessOfFitTest.maximumValues else { return s }
        var needed = GoodnessOfFitTest.maximumValues, left = n
        func pick(_ list: [(x: Double, n: Int)]) -> [(x: Double, n: Int)] {
            var out: [(x: Double, n: Int)] = []
            for (x, c) in list {
                var taken = 0
                for _ in 0..<c {
                    if Double(needed) > stream.uniform() * Double(left) { taken += 1; needed -= 1 }
                    left -= 1
                }
                if taken > 0 { out.append((x, taken)) }
            }
            return out
        }
        let exact = pick(s.exact)
        return DurationSample(exact: exact, censored: pick(s.censored), h: s.h)
    }
}

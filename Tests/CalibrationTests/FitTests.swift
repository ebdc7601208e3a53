import Foundation
import Stochastics
import Testing
@testable import Calibration

@Suite("Maximum-likelihood fits")
struct FitTests {
    static let truths: [Model] = [
        Model(.exponential, [6]),
        Model(.erlang, [3, 2.5]),
        Model(.gamma, [2.2, 3]),
        Model(.lognormal, [log(5) - 0.5 * log1p(0.36), log1p(0.36).squareRoot()]),   // mean 5, sd 3
        Model(.weibull, [1.6, 8]),
    ]

    @Test("Each family's parameters are recovered from minute-rounded data, inside their 95% intervals", arguments: truths)
    func recovery(truth: Model) throws {
        let stream = RandomStream(master: 3, replication: 0, name: "recovery/\(truth.family)")
        let sample = GoodnessOfFitTest.latticeSample(truth, m: 20_000, h: 1, stream: stream)
        let fit = try #require(MaximumLikelihood.fit(truth.family, sample))
        for (p, t) in zip(fit.parameters, truth.scenarioParameters) {
            #expect(p.contains(t.value), "\(truth.family) \(p.name): \(t.value) not in [\(p.low), \(p.high)]")
            #expect(p.high - p.low < 0.15 * t.value, "\(truth.family) \(p.name): interval too wide")
        }
        #expect(fit.mean.contains(truth.mean))
        // The true family ranks first, or within 2 of the best AIC (Erlang and gamma nest).
        let aics = Family.service.compactMap { MaximumLikelihood.fit($0, sample, intervals: false)?.aic }
        #expect(fit.aic <= aics.min()! + 2.5, "\(truth.family): AIC \(fit.aic) vs best \(aics.min()!)")
    }

    @Test("Ignoring the rounding biases the fit; the lattice likelihood does not")
    func rounding() throws {
        let truth = Model(.lognormal, [log(2) - 0.5 * log1p(0.25), log1p(0.25).squareRoot()])   // mean 2, sd 1 (minutes)
        let stream = RandomStream(master: 4, replication: 0, name: "rounding")
        let sample = GoodnessOfFitTest.latticeSample(truth, m: 20_000, h: 1, stream: stream)
        let fit = try #require(MaximumLikelihood.fit(.lognormal, sample))
        #expect(fit.parameters[1].contains(1), "sd \(fit.parameters[1])")
        // The same values read as exact (density at the rounded values, zeros moved to half a step).
        let naive = DurationSample(exact: sample.exact.map { (max($0.x, 0.5), $0.n) }, h: 0)
        let biased = try #require(MaximumLikelihood.fit(.lognormal, naive))
        #expect(!biased.parameters[1].contains(1), "the naive fit's sd \(biased.parameters[1]) should miss 1")
    }
}

@Suite("Goodness of fit")
struct GoodnessOfFitCoverageTests {
    /// Under the true model, bootstrap p-values are uniform: over 60 samples, the share below 0.1
    /// and the mean must be what a uniform gives (binomial and normal bounds at 4 standard errors).
    @Test("KS and AD p-values are roughly uniform under the true model", arguments: [Family.lognormal, .gamma])
    func uniform(family: Family) throws {
        let truth = family == .lognormal ? Model(.lognormal, [1.5, 0.5]) : Model(.gamma, [2.5, 2])
        let reps = 60
        var ks: [Double] = [], ad: [Double] = []
        for r in 0..<reps {
            let stream = RandomStream(master: 21, replication: r, name: "coverage/\(family)")
            let sample = GoodnessOfFitTest.latticeSample(truth, m: 200, h: 1, stream: stream)
            let g = try #require(GoodnessOfFitTest.test(family, sample, bootstrap: 39, seed: UInt64(100 + r), name: "coverage"))
            ks.append(g.ksP)
            ad.append(g.adP)
        }
        for (name, ps) in [("KS", ks), ("AD", ad)] {
            let mean = ps.reduce(0, +) / Double(reps)
            #expect(abs(mean - 0.5) < 4 * (1.0 / 12 / Double(reps)).squareRoot(), "\(name): mean p \(mean)")
            let low = Double(ps.filter { $0 <= 0.1 }.count)
            #expect(abs(low - 0.1 * Double(reps)) < 4 * (0.09 * Double(reps)).squareRoot(), "\(name): \(low) of \(reps) at or below 0.1")
        }
        // And a wrong model is rejected: an exponential for the same data.
        let stream = RandomStream(master: 22, replication: 0, name: "coverage/wrong/\(family)")
        let sample = GoodnessOfFitTest.latticeSample(truth, m: 1000, h: 1, stream: stream)
        let wrong = try #require(GoodnessOfFitTest.test(.exponential, sample, bootstrap: 39, seed: 5, name: "wrong"))
        #expect(wrong.adP <= 0.05 && wrong.ksP <= 0.05, "exponential for \(family) data: p \(wrong.ksP), \(wrong.adP)")
    }
}

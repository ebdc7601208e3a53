import Foundation
import Testing
@testable import Stochastics

@Suite("Arrival processes")
struct ArrivalProcessTests {
    /// Counts of arrivals per bin of width `bin` over `cycles` repetitions of `period`.
    func countsPerBin(_ p: ArrivalProcess, period: Double, bins: Int, cycles: Int, name: String) -> [Int] {
        let stream = RandomStream(master: 21, replication: 0, name: name)
        var counts = [Int](repeating: 0, count: bins)
        let end = period * Double(cycles)
        var t = p.next(after: 0, stream)
        while t < end {
            let phase = t.truncatingRemainder(dividingBy: period)
            counts[min(bins - 1, Int(phase / period * Double(bins)))] += 1
            t = p.next(after: t, stream)
        }
        return counts
    }

    @Test("Poisson: arrivals over a long horizon match the rate")
    func poissonCount() throws {
        let counts = countsPerBin(try .poisson(rate: 3), period: 1000, bins: 1, cycles: 100, name: "poisson")
        let expected = 3.0 * 100_000
        #expect(abs(Double(counts[0]) - expected) <= 5 * expected.squareRoot())
    }

    @Test("Piecewise-constant rates: counts per step follow the profile, zero-rate steps get none")
    func piecewiseCounts() throws {
        let rates = [0.5, 0, 2, 1, 0, 4]
        let p = try ArrivalProcess.piecewise(step: 10, rates: rates)
        let cycles = 2000
        let counts = countsPerBin(p, period: 60, bins: 6, cycles: cycles, name: "piecewise")
        for (i, r) in rates.enumerated() {
            let expected = r * 10 * Double(cycles)
            if r == 0 {
                #expect(counts[i] == 0)
            } else {
                #expect(abs(Double(counts[i]) - expected) <= 5 * expected.squareRoot(), "step \(i)")
            }
        }
        #expect(abs(p.meanRate - rates.reduce(0, +) / 6) < 1e-12)
    }

    @Test("Sinusoidal rate: counts per bin follow the integral of the rate")
    func sinusoidCounts() throws {
        let (base, amplitude, period) = (5.0, 4.0, 24.0)
        let p = try ArrivalProcess.sinusoid(base: base, amplitude: amplitude, period: period)
        let bins = 8, cycles = 3000
        let counts = countsPerBin(p, period: period, bins: bins, cycles: cycles, name: "sin")
        let w = period / Double(bins)
        for i in 0..<bins {
            let a = Double(i) * w, b = a + w
            let integral = base * w + amplitude * period / (2 * Double.pi) * (cos(2 * Double.pi * a / period) - cos(2 * Double.pi * b / period))
            let expected = integral * Double(cycles)
            #expect(abs(Double(counts[i]) - expected) <= 5 * expected.squareRoot(), "bin \(i)")
        }
    }

    @Test("Renewal: mean interarrival equals the distribution's mean")
    func renewalMean() throws {
        let p = try ArrivalProcess.renewal(try .uniform(min: 1, max: 3))
        let counts = countsPerBin(p, period: 100_000, bins: 1, cycles: 1, name: "renewal")
        // Uniform(1,3) has mean 2 and sd 0.577: the count over T is about T/2 with sd √(T σ²/μ³).
        let expected = 50_000.0
        #expect(abs(Double(counts[0]) - expected) <= 5 * (100_000 * (1.0 / 3) / 8).squareRoot())
    }

    @Test("Rates that are negative, all zero or unbounded are refused")
    func refusals() {
        #expect(throws: DistributionError.self) { try ArrivalProcess.poisson(rate: 0) }
        #expect(throws: DistributionError.self) { try ArrivalProcess.piecewise(step: 1, rates: [0, 0]) }
        #expect(throws: DistributionError.self) { try ArrivalProcess.piecewise(step: 1, rates: [1, -1]) }
        #expect(throws: DistributionError.self) { try ArrivalProcess.sinusoid(base: 1, amplitude: 2, period: 5) }
        // A period so short that the phase overflows: thinning would never accept a point.
        #expect(throws: DistributionError.self) { try ArrivalProcess.sinusoid(base: 1, amplitude: 0.5, period: 5e-324) }
        #expect(throws: DistributionError.self) { try ArrivalProcess.sinusoid(base: 1, amplitude: 0.5, period: 1e-9) }
        #expect(throws: Never.self) { try ArrivalProcess.sinusoid(base: 1, amplitude: 0.5, period: ArrivalProcess.minimumPeriod) }
    }
}

@Suite("Student t and GSL errors")
struct StudentTTests {
    @Test("Quantiles match tables")
    func quantiles() {
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 10) - 2.228138852) < 1e-8)
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 1) - 12.70620474) < 1e-7)
        #expect(abs(StudentT.halfWidthFactor(degreesOfFreedom: 29) - 2.045229642) < 1e-8)
    }

    @Test("A domain error comes back as NaN, not an abort")
    func domainErrorDoesNotAbort() {
        prepareGSL()
        #expect(StudentT.quantile(1.5, degreesOfFreedom: 3).isNaN)
    }

    @Test("GSL status codes read as errors with GSL's reason")
    func statusCodes() {
        #expect(throws: GSLError.self) { try GSL.check(1, "test") }
        #expect((try? GSL.check(0, "test")) != nil)
        #expect(GSLError(code: 1, context: "x").description.contains("input domain error"))
    }
}

import Testing
@testable import Stochastics

@Suite("Distributions")
struct DistributionTests {
    static let cases: [(String, Distribution)] = [
        ("exponential", try! .exponential(mean: 2.5)),
        ("deterministic", try! .deterministic(3)),
        ("uniform", try! .uniform(min: 1, max: 4)),
        ("triangular", try! .triangular(min: 1, mode: 2, max: 6)),
        ("erlang", try! .erlang(k: 3, mean: 6)),
        ("gamma", try! .gamma(shape: 0.7, scale: 2)),
        ("lognormal", try! .lognormal(mean: 2, sd: 1.5)),
        ("weibull", try! .weibull(shape: 1.7, scale: 3)),
        ("normal", try! .normal(mean: 1, sd: 1)),
        ("empirical", try! .empirical(values: [1, 2, 5], weights: [0.2, 0.5, 0.3])),
    ]

    @Test("Sample mean and variance match the exact ones", arguments: cases)
    func moments(name: String, distribution: Distribution) {
        let stream = RandomStream(master: 11, replication: 0, name: "moments/\(name)")
        let n = 200_000
        var xs = [Double](repeating: 0, count: n)
        for i in 0..<n { xs[i] = distribution.sample(stream) }
        let mean = xs.reduce(0, +) / Double(n)
        let m2 = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let m4 = xs.reduce(0) { $0 + pow4($1 - mean) } / Double(n)
        // z-tests at 5 standard errors: exact SE for the mean, the sample's own for the variance.
        let seMean = (distribution.variance / Double(n)).squareRoot()
        #expect(abs(mean - distribution.mean) <= 5 * seMean + 1e-12, "\(name): mean \(mean) vs \(distribution.mean)")
        let seVar = ((m4 - m2 * m2) / Double(n)).squareRoot()
        #expect(abs(m2 - distribution.variance) <= 5 * seVar + 1e-12, "\(name): variance \(m2) vs \(distribution.variance)")
    }

    @Test("Kolmogorov–Smirnov against the exact CDF", arguments: cases.filter { !$0.1.isDiscrete })
    func kolmogorovSmirnov(name: String, distribution: Distribution) {
        let stream = RandomStream(master: 12, replication: 0, name: "ks/\(name)")
        let n = 20_000
        let xs = (0..<n).map { _ in distribution.sample(stream) }.sorted()
        var d = 0.0
        for (i, x) in xs.enumerated() {
            let f = distribution.cdf(x)
            d = max(d, abs(f - Double(i) / Double(n)), abs(Double(i + 1) / Double(n) - f))
        }
        // The asymptotic critical value at α = 0.001 is 1.949/√n.
        #expect(d < 1.949 / Double(n).squareRoot(), "\(name): D = \(d)")
    }

    @Test("An empirical distribution draws each value with its weight")
    func empiricalFrequencies() throws {
        let d = try Distribution.empirical(values: [1, 2, 5], weights: [2, 5, 3])
        let stream = RandomStream(master: 13, replication: 0, name: "freq")
        let n = 100_000
        var counts: [Double: Int] = [:]
        for _ in 0..<n { counts[d.sample(stream), default: 0] += 1 }
        for (value, p) in [(1.0, 0.2), (2.0, 0.5), (5.0, 0.3)] {
            let se = (p * (1 - p) / Double(n)).squareRoot()
            #expect(abs(Double(counts[value, default: 0]) / Double(n) - p) <= 5 * se)
        }
        #expect(counts.count == 3)
    }

    @Test("Bad parameters are refused, naming the parameter")
    func parameterChecks() {
        #expect(throws: DistributionError(parameter: "mean", message: "must be greater than 0")) { try Distribution.exponential(mean: 0) }
        #expect(throws: DistributionError(parameter: "mean", message: "must be a finite number")) { try Distribution.exponential(mean: .nan) }
        #expect(throws: DistributionError.self) { try Distribution.uniform(min: 3, max: 2) }
        #expect(throws: DistributionError.self) { try Distribution.triangular(min: 1, mode: 7, max: 6) }
        #expect(throws: DistributionError.self) { try Distribution.erlang(k: 0, mean: 1) }
        #expect(throws: DistributionError.self) { try Distribution.gamma(shape: -1, scale: 1) }
        #expect(throws: DistributionError.self) { try Distribution.lognormal(mean: 1, sd: -1) }
        #expect(throws: DistributionError.self) { try Distribution.weibull(shape: 1, scale: 0) }
        #expect(throws: DistributionError.self) { try Distribution.normal(mean: -100, sd: 1) }
        #expect(throws: DistributionError.self) { try Distribution.empirical(values: []) }
        #expect(throws: DistributionError.self) { try Distribution.empirical(values: [1, 2], weights: [1]) }
        #expect(throws: DistributionError.self) { try Distribution.empirical(values: [1, 2], weights: [0, 0]) }
        #expect(throws: DistributionError.self) { try Distribution.empirical(values: [1, 2], weights: [-1, 2]) }
    }

    @Test("A truncated normal never draws below 0")
    func truncatedNormalIsNonNegative() throws {
        let d = try Distribution.normal(mean: 0.5, sd: 2)
        let stream = RandomStream(master: 14, replication: 0, name: "tn")
        for _ in 0..<20_000 { #expect(d.sample(stream) >= 0) }
    }
}

private func pow4(_ x: Double) -> Double { let y = x * x; return y * y }

import Stochastics
import Testing

/// GSL's least squares: exact on data without noise, and the textbook standard errors with noise.
@Suite struct LeastSquaresTests {
    @Test func aNoiselessLineIsFoundExactly() throws {
        let xs = (0..<10).map(Double.init)
        let fit = try LeastSquares.fit(xs.map { [1, $0, $0 * $0] }, xs.map { 2 + 3 * $0 - 0.5 * $0 * $0 })
        #expect(abs(fit.coefficients[0] - 2) < 1e-9)
        #expect(abs(fit.coefficients[1] - 3) < 1e-9)
        #expect(abs(fit.coefficients[2] + 0.5) < 1e-9)
        #expect(abs(fit.rSquared - 1) < 1e-12)
        #expect(fit.degreesOfFreedom == 7)
    }

    @Test func standardErrorsAreTheClassicalOnes() throws {
        // y = 1 + x with residuals +1, -1, +1, -1: slope 1, s² = χ²/(n - 2) = 4/2, se(slope) = s/√Sxx.
        let xs: [Double] = [0, 1, 2, 3]
        let ys: [Double] = [2, 1, 4, 3]
        let fit = try LeastSquares.fit(xs.map { [1, $0] }, ys)
        let sxx = 5.0
        #expect(abs(fit.coefficients[1] - 0.6) < 1e-12)
        let residuals = zip(xs, ys).map { x, y in y - (fit.coefficients[0] + fit.coefficients[1] * x) }
        let s2 = residuals.reduce(0) { $0 + $1 * $1 } / 2
        #expect(abs(fit.standardErrors[1] - (s2 / sxx).squareRoot()) < 1e-12)
        #expect(abs(fit.chiSquared - residuals.reduce(0) { $0 + $1 * $1 }) < 1e-12)
    }

    @Test func tooFewRowsAreRefused() {
        #expect(throws: GSLError.self) { try LeastSquares.fit([[1, 0], [1, 1]], [1, 2]) }
    }
}

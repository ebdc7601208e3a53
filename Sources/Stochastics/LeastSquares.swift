import CGSL

/// Ordinary least squares through GSL's `gsl_multifit_linear`: y ≈ X·c, with the coefficients'
/// covariance and the fit's R².
public struct LeastSquares: Sendable {
    /// One per column of X.
    public var coefficients: [Double]
    /// The coefficients' standard errors: √ of the covariance's diagonal (χ²/(n − p) times (XᵀX)⁻¹).
    public var standardErrors: [Double]
    /// Residual sum of squares.
    public var chiSquared: Double
    /// 1 − χ² / Σ(y − ȳ)²: the share of y's variance the fit explains (with an intercept column).
    public var rSquared: Double
    /// n − p.
    public var degreesOfFreedom: Int

    /// Fits `rows` (n rows of p values each, n > p) to `y`.
    public static func fit(_ rows: [[Double]], _ y: [Double]) throws(GSLError) -> LeastSquares {
        _ = GSL.ready
        let n = rows.count
        let p = rows.first?.count ?? 0
        guard n == y.count, p > 0, n > p, rows.allSatisfy({ $0.count == p }) else {
            throw GSLError(code: Int32(GSL_EBADLEN), context: "least squares of \(n) rows of \(p) values against \(y.count) responses")
        }
        let x = gsl_matrix_alloc(n, p)!
        let yv = gsl_vector_alloc(n)!
        let c = gsl_vector_alloc(p)!
        let cov = gsl_matrix_alloc(p, p)!
        let work = gsl_multifit_linear_alloc(n, p)!
        defer {
            gsl_matrix_free(x); gsl_vector_free(yv); gsl_vector_free(c); gsl_matrix_free(cov); gsl_multifit_linear_free(work)
        }
        for i in 0..<n {
            for j in 0..<p { gsl_matrix_set(x, i, j, rows[i][j]) }
            gsl_vector_set(yv, i, y[i])
        }
        var chisq = 0.0
        try GSL.check(gsl_multifit_linear(x, yv, c, cov, &chisq, work), "gsl_multifit_linear")
        let dof = n - p
        // GSL's covariance is (XᵀX)⁻¹ scaled by the residual variance χ²/(n − p).
        let coefficients = (0..<p).map { gsl_vector_get(c, $0) }
        let errors = (0..<p).map { gsl_matrix_get(cov, $0, $0).squareRoot() }
        let mean = y.reduce(0, +) / Double(n)
        let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return LeastSquares(coefficients: coefficients, standardErrors: errors, chiSquared: chisq,
                            rSquared: total > 0 ? 1 - chisq / total : 1, degreesOfFreedom: dof)
    }
}

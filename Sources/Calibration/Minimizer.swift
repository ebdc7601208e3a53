import CGSL
import Foundation

/// GSL's Nelder–Mead simplex (nmsimplex2) over a Swift closure: the minimiser the likelihood fits use.
enum Minimizer {
    final class Box {
        let f: ([Double]) -> Double
        init(_ f: @escaping ([Double]) -> Double) { self.f = f }
    }

    /// Minimises `f` from `start` with initial steps `step`; the point and the value found.
    static func minimize(_ start: [Double], step: [Double], tolerance: Double = 1e-8, maxIterations: Int = 2000,
                         _ f: @escaping ([Double]) -> Double) -> (x: [Double], value: Double) {
        let n = start.count
        let box = Box(f)
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        var function = gsl_multimin_function()
        function.n = n
        function.params = unmanaged.toOpaque()
        function.f = { v, params in
            let box = Unmanaged<Minimizer.Box>.fromOpaque(params!).takeUnretainedValue()
            let n = Int(v!.pointee.size)
            var x = [Double](repeating: 0, count: n)
            for i in 0..<n { x[i] = gsl_vector_get(v, i) }
            let y = box.f(x)
            return y.isFinite ? y : Double.greatestFiniteMagnitude
        }
        let x0 = gsl_vector_alloc(n)!, s0 = gsl_vector_alloc(n)!
        defer { gsl_vector_free(x0); gsl_vector_free(s0) }
        for i in 0..<n {
            gsl_vector_set(x0, i, start[i])
            gsl_vector_set(s0, i, step[i])
        }
        let m = gsl_multimin_fminimizer_alloc(onestop_nmsimplex2(), n)!
        defer { gsl_multimin_fminimizer_free(m) }
        gsl_multimin_fminimizer_set(m, &function, x0, s0)
        for _ in 0..<maxIterations {
            if gsl_multimin_fminimizer_iterate(m) != GSL_SUCCESS { break }
            let size = gsl_multimin_fminimizer_size(m)
            if gsl_multimin_test_size(size, tolerance) == GSL_SUCCESS { break }
        }
        var x = [Double](repeating: 0, count: n)
        for i in 0..<n { x[i] = gsl_vector_get(m.pointee.x, i) }
        return (x, m.pointee.fval)
    }

    /// The Hessian of `f` at `x` by central differences with step `e`.
    static func hessian(_ x: [Double], e: Double = 1e-4, _ f: ([Double]) -> Double) -> [[Double]] {
        let n = x.count
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        let f0 = f(x)
        for i in 0..<n {
            for j in i..<n {
                if i == j {
                    var a = x, b = x
                    a[i] += e; b[i] -= e
                    h[i][i] = (f(a) - 2 * f0 + f(b)) / (e * e)
                } else {
                    var pp = x, pm = x, mp = x, mm = x
                    pp[i] += e; pp[j] += e
                    pm[i] += e; pm[j] -= e
                    mp[i] -= e; mp[j] += e
                    mm[i] -= e; mm[j] -= e
                    h[i][j] = (f(pp) - f(pm) - f(mp) + f(mm)) / (4 * e * e)
                    h[j][i] = h[i][j]
                }
            }
        }
        return h
    }

    /// The inverse of a 1×1 or 2×2 symmetric matrix; nil when it is not positive definite.
    static func inverse(_ a: [[Double]]) -> [[Double]]? {
        if a.count == 1 { return a[0][0] > 0 ? [[1 / a[0][0]]] : nil }
        let det = a[0][0] * a[1][1] - a[0][1] * a[1][0]
        guard det > 0, a[0][0] > 0 else { return nil }
        return [[a[1][1] / det, -a[0][1] / det], [-a[1][0] / det, a[0][0] / det]]
    }
}

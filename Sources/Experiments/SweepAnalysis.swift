import ScenarioModel
import Stochastics

/// What the report draws from a sweep's results: factor values as numbers, the linear metamodel
/// of a Latin hypercube, the tornado of a one-at-a-time design and Pareto fronts.
extension SweepResult {
    /// The factor's value at a point as a number: the level's number, or the base's own value; a
    /// factor of two non-numeric levels (say pooled and shortest_queue) counts 0 and 1 by level order.
    public func number(point p: Int, factor f: Int) -> Double? {
        let factor = sweep.design.factors[f]
        let value = sweep.points[p].point.levels[f]?.value ?? sweep.baseValues[f]
        guard let value else { return nil }
        if let x = Self.leadingNumber(value) { return x }
        let levels = factor.levels?.map(\.value) ?? []
        if levels.count == 2, let i = levels.firstIndex(of: value) { return Double(i) }
        return nil
    }

    /// The number a value starts with: `8`, `12.5 min` → 12.5.
    static func leadingNumber(_ value: FieldValue) -> Double? {
        guard case .scalar(let text, _) = value else { return nil }
        if let x = Double(text) { return x }
        let head = text.split(separator: " ", maxSplits: 1).first.map(String.init) ?? text
        return Double(head)
    }

    /// A point's value in a column: the factor's number or the measure's mean.
    public func value(point p: Int, column: Sweep.Column) -> Double? {
        switch column {
        case .factor(let f): number(point: p, factor: f)
        case .measure(let m): estimate(point: p, measure: m).mean
        }
    }

    public func columnName(_ column: Sweep.Column) -> String {
        switch column {
        case .factor(let f): sweep.design.factors[f].name
        case .measure(let m): sweep.measures[m].description
        }
    }

    // MARK: The linear metamodel

    /// A standardised regression coefficient: the change of the measure, in its standard deviations,
    /// per standard deviation of the factor, with its 95% interval.
    public struct Coefficient: Sendable, Hashable {
        public var factor: Int
        public var value: Double
        public var halfWidth: Double

        public var coversZero: Bool { abs(value) <= halfWidth }
    }

    /// A measure's linear metamodel over the points: y = b0 + Σ b_f x_f fitted by least squares
    /// (GSL's `gsl_multifit_linear`) on standardised factors and measure, with R².
    public struct Metamodel: Sendable, Hashable {
        public var measure: Int
        /// By |value|, largest first; factors that do not vary are left out.
        public var coefficients: [Coefficient]
        public var rSquared: Double
        public var points: Int
    }

    /// The metamodel of `measure` over every valid point where it and each varying factor have a
    /// number; `nil` with fewer points than factors + 2 or no variation in the measure.
    public func metamodel(measure m: Int) -> Metamodel? {
        let factors = sweep.design.factors.indices
        var rows: [[Double]] = []
        var ys: [Double] = []
        for p in sweep.points.indices where sweep.points[p].isValid {
            guard let y = estimate(point: p, measure: m).mean else { continue }
            let xs = factors.map { number(point: p, factor: $0) }
            guard xs.allSatisfy({ $0 != nil }) else { continue }
            rows.append(xs.map { $0! })
            ys.append(y)
        }
        guard let first = rows.first else { return nil }
        let varying = factors.filter { f in rows.contains { $0[f] != first[f] } }
        guard !varying.isEmpty, rows.count >= varying.count + 2 else { return nil }
        func standardised(_ xs: [Double]) -> [Double]? {
            let mean = xs.reduce(0, +) / Double(xs.count)
            let sd = (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)).squareRoot()
            guard sd > 0, sd.isFinite else { return nil }
            return xs.map { ($0 - mean) / sd }
        }
        guard let y = standardised(ys) else { return nil }
        let columns = varying.map { f in standardised(rows.map { $0[f] })! }
        let design = rows.indices.map { i in [1.0] + columns.map { $0[i] } }
        guard let fit = try? LeastSquares.fit(design, y) else { return nil }
        let t = StudentT.halfWidthFactor(confidence: 0.95, degreesOfFreedom: fit.degreesOfFreedom)
        let coefficients = varying.enumerated().map { j, f in
            Coefficient(factor: f, value: fit.coefficients[j + 1], halfWidth: t * fit.standardErrors[j + 1])
        }.sorted { abs($0.value) > abs($1.value) }
        return Metamodel(measure: m, coefficients: coefficients, rSquared: fit.rSquared, points: rows.count)
    }

    // MARK: One at a time

    /// A factor's bar of a tornado chart: the measure at the factor's lowest and highest level (the
    /// others at the base), against the base point.
    public struct TornadoBar: Sendable, Hashable {
        public var factor: Int
        public var low: (level: String, value: Double)?
        public var high: (level: String, value: Double)?

        public var swing: Double { abs((high?.value ?? 0) - (low?.value ?? 0)) }

        public static func == (a: TornadoBar, b: TornadoBar) -> Bool {
            a.factor == b.factor && a.low?.level == b.low?.level && a.low?.value == b.low?.value
                && a.high?.level == b.high?.level && a.high?.value == b.high?.value
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(factor) }
    }

    /// The base point's mean (point 0 of a one-at-a-time design) and each factor's bar, widest first.
    public func tornado(measure m: Int) -> (base: Double, bars: [TornadoBar])? {
        guard sweep.design.kind == .oneAtATime, let base = estimate(point: 0, measure: m).mean else { return nil }
        var bars: [TornadoBar] = []
        for f in sweep.design.factors.indices {
            let ps = sweep.points.indices.filter { p in sweep.points[p].isValid && sweep.points[p].point.levels[f] != nil }
            let measured = ps.compactMap { p -> (level: String, x: Double, value: Double)? in
                guard let v = estimate(point: p, measure: m).mean, let level = sweep.points[p].point.levels[f] else { return nil }
                return (level.value.description, number(point: p, factor: f) ?? Double(ps.firstIndex(of: p)!), v)
            }
            guard let lo = measured.min(by: { $0.x < $1.x }), let hi = measured.max(by: { $0.x < $1.x }) else { continue }
            bars.append(TornadoBar(factor: f, low: (lo.level, lo.value), high: (hi.level, hi.value)))
        }
        return (base, bars.sorted { $0.swing > $1.swing })
    }

    // MARK: Pareto fronts

    /// Every valid point with both values, and whether another point is at least as good in both and
    /// better in one (dominated).
    public func pareto(_ pair: Sweep.ParetoPair) -> [(point: Int, x: Double, y: Double, dominated: Bool)] {
        let values = sweep.points.indices.compactMap { p -> (Int, Double, Double)? in
            guard sweep.points[p].isValid, let x = value(point: p, column: pair.x), let y = value(point: p, column: pair.y) else { return nil }
            return (p, x, y)
        }
        func better(_ a: Double, _ b: Double, _ higher: Bool) -> Bool { higher ? a > b : a < b }
        func atLeast(_ a: Double, _ b: Double, _ higher: Bool) -> Bool { higher ? a >= b : a <= b }
        return values.map { p, x, y in
            let dominated = values.contains { q, qx, qy in
                q != p && atLeast(qx, x, pair.xHigherIsBetter) && atLeast(qy, y, pair.yHigherIsBetter)
                    && (better(qx, x, pair.xHigherIsBetter) || better(qy, y, pair.yHigherIsBetter))
            }
            return (p, x, y, dominated)
        }
    }
}

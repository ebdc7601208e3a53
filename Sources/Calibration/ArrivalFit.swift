import CGSL
import Foundation

/// An estimate with its 95% interval (any scale).
public struct Interval: Sendable, Hashable {
    public var estimate: Double
    public var low: Double
    public var high: Double

    public init(_ estimate: Double, _ low: Double, _ high: Double) {
        self.estimate = estimate
        self.low = low
        self.high = high
    }

    public func contains(_ x: Double) -> Bool { low <= x && x <= high }

    /// A ratio-type estimate with `var(log)` given: exp(log x ± 1.96 sd).
    static func logNormal(_ x: Double, varianceOfLog v: Double) -> Interval {
        let half = 1.959963984540054 * max(0, v).squareRoot()
        return Interval(x, x * exp(-half), x * exp(half))
    }

    /// Wilson's interval of a proportion k/n.
    static func wilson(_ k: Int, _ n: Int) -> Interval {
        guard n > 0 else { return Interval(.nan, .nan, .nan) }
        let z = 1.959963984540054, p = Double(k) / Double(n), nn = Double(n)
        let center = (p + z * z / (2 * nn)) / (1 + z * z / nn)
        let half = z * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot() / (1 + z * z / nn)
        return Interval(p, max(0, center - half), min(1, center + half))
    }
}

/// Arrivals fitted to the campus format's structure: a count per category × term week × weekday ×
/// opening hour is Poisson with mean N_c · f_w · a_d · b_{c,h} (normalised), where the week factors
/// f_w are 1 outside the peaks, the weekday weights a_d are shared by the categories and the hourly
/// weights b_{c,h} are each category's. The maximum-likelihood estimates of such a log-linear model
/// are ratios of the margins; the intervals are widened by the overdispersion φ (Pearson's χ²
/// over its degrees of freedom) when it exceeds 1.
public struct ArrivalFit: Sendable {
    public struct Peak: Sendable, Hashable {
        public var name: String
        /// First week, 1-based.
        public var week: Int
        public var weeks: Int
        public var factor: Interval
    }

    public struct CategoryArrivals: Sendable {
        /// Fresh counter visits within the opening hours (returns and visits outside the hours not counted).
        public var visits: Int
        public var outsideHours: Int
        public var online: Int
        public var requestsPerStudent: Interval
        public var onlineShare: Interval
        public var hourly: [Interval]
        /// Pearson's χ², its degrees of freedom, φ = χ²/df and the p-value of the Poisson model.
        public var chiSquare: Double
        public var degreesOfFreedom: Int
        public var dispersion: Double { chiSquare / Double(max(1, degreesOfFreedom)) }
        public var p: Double
    }

    /// Day number of the Monday the term starts on.
    public var startDay: Int
    public var weeks: Int
    public var weekdays: [Interval]
    public var peaks: [Peak]
    /// Counter visits (fresh) per week, all categories, for the report.
    public var weekTotals: [Int]
    public var categories: [CategoryArrivals]
    /// The overdispersion used in the intervals (at least 1).
    public var dispersion: Double

    /// Fits the log's arrivals; `opens` in seconds from midnight, `hours` opening hours, `students`
    /// the population the requests per student are counted over.
    public init(_ data: LogData, opens: Double, hours: Int, students: Double) {
        let first = data.firstDay == Int.max ? 0 : data.firstDay
        startDay = first - TimestampFormat.weekday(ofDay: first)
        weeks = max(1, (max(data.lastDay, first) - startDay) / 7 + 1)
        let W = weeks, H = max(1, hours), C = data.categories.count
        // n[c][w*7+d][h]
        var n = [[[Int]]](repeating: [[Int]](repeating: [Int](repeating: 0, count: H), count: W * 7), count: C)
        var outside = [Int](repeating: 0, count: C)
        for (c, cat) in data.categories.enumerated() {
            for (key, count) in cat.arrivals {
                let day = key.day - startDay
                let h = Int(((Double(key.slot) * 900 + 450 - opens) / 3600).rounded(.down))
                guard day >= 0, day < W * 7, h >= 0, h < H else { outside[c] += count; continue }
                n[c][day][h] += count
            }
        }
        var weekTotals = [Int](repeating: 0, count: W), dayTotals = [Int](repeating: 0, count: 7)
        for c in 0..<C { for day in 0..<(W * 7) { let s = n[c][day].reduce(0, +); weekTotals[day / 7] += s; dayTotals[day % 7] += s } }
        self.weekTotals = weekTotals
        let totalVisits = max(1, weekTotals.reduce(0, +))

        // The dispersion with a free factor per week, then the peaks against the other weeks.
        func pearson(_ f: [Double], _ a: [Double]) -> (x2: [Double], df: [Int]) {
            var x2 = [Double](repeating: 0, count: C), df = [Int](repeating: 0, count: C)
            for c in 0..<C {
                let hourTotals = (0..<H).map { h in (0..<(W * 7)).reduce(0) { $0 + n[c][$1][h] } }
                let N = Double(hourTotals.reduce(0, +))
                guard N > 0 else { continue }
                var mass = 0.0
                for day in 0..<(W * 7) { mass += f[day / 7] * a[day % 7] }
                var cells = 0
                for day in 0..<(W * 7) {
                    let dayShare = f[day / 7] * a[day % 7] / mass
                    guard dayShare > 0 else { continue }
                    for h in 0..<H where hourTotals[h] > 0 {
                        let mu = N * dayShare * Double(hourTotals[h]) / N
                        let d = Double(n[c][day][h]) - mu
                        x2[c] += d * d / mu
                        cells += 1
                    }
                }
                df[c] = max(1, cells - H - 7 - W / max(1, C))
            }
            return (x2, df)
        }
        func weekdayWeights(_ f: [Double]) -> [Double] {
            (0..<7).map { d in
                let exposure = (0..<W).reduce(0.0) { $0 + f[$1] }
                return exposure > 0 ? Double(dayTotals[d]) / exposure : 0
            }
        }
        let meanWeek = Double(totalVisits) / Double(W)
        let freeF = weekTotals.map { max(Double($0), 0.5) / meanWeek }
        let (x2Free, dfFree) = pearson(freeF, weekdayWeights(freeF))
        let phi = max(1, x2Free.reduce(0, +) / Double(max(1, dfFree.reduce(0, +))))
        dispersion = phi

        var isPeak = [Bool](repeating: false, count: W)
        for _ in 0..<5 {
            let base = (0..<W).filter { !isPeak[$0] }.map { Double(weekTotals[$0]) }
            guard !base.isEmpty else { break }
            let level = base.reduce(0, +) / Double(base.count)
            let next = (0..<W).map { w in
                let x = Double(weekTotals[w])
                return x / level >= 1.15 && (x - level) / (phi * level).squareRoot() > 4
            }
            if next == isPeak { break }
            isPeak = next
        }
        let baseWeeks = (0..<W).filter { !isPeak[$0] }
        let baseCount = baseWeeks.reduce(0) { $0 + weekTotals[$1] }
        let level = Double(max(1, baseCount)) / Double(max(1, baseWeeks.count))
        var peaks: [Peak] = []
        var w = 0
        while w < W {
            guard isPeak[w] else { w += 1; continue }
            var end = w
            while end + 1 < W, isPeak[end + 1] { end += 1 }
            let count = (w...end).reduce(0) { $0 + weekTotals[$1] }
            let factor = Double(count) / Double(end - w + 1) / level
            let name = end == w ? "week_\(w + 1)" : "weeks_\(w + 1)_\(end + 1)"
            peaks.append(Peak(name: name, week: w + 1, weeks: end - w + 1,
                              factor: .logNormal(factor, varianceOfLog: phi * (1 / Double(max(1, count)) + 1 / Double(max(1, baseCount))))))
            w = end + 1
        }
        self.peaks = peaks
        var f = [Double](repeating: 1, count: W)
        for p in peaks { for k in (p.week - 1)..<(p.week - 1 + p.weeks) { f[k] = p.factor.estimate } }

        // Weekday weights: the mean over Monday–Friday is 1.
        let a = weekdayWeights(f)
        let weekdayMean = a[0..<5].reduce(0, +) / 5
        let norm = weekdayMean > 0 ? weekdayMean : max(a.max() ?? 1, 1e-12)
        let exposure = (0..<W).reduce(0.0) { $0 + f[$1] }
        weekdays = (0..<7).map { d in
            let x = a[d] / norm
            guard dayTotals[d] > 0 else {
                // No visit on that day: 0, with the "rule of three" upper bound.
                return Interval(0, 0, 3 * phi / max(exposure, 1e-12) / norm)
            }
            return .logNormal(x, varianceOfLog: phi * (1 / Double(dayTotals[d]) + 1 / Double(max(1, dayTotals[0..<5].reduce(0, +)))))
        }
        let (x2, df) = pearson(f, a)
        categories = (0..<C).map { c in
            let hourTotals = (0..<H).map { h in (0..<(W * 7)).reduce(0) { $0 + n[c][$1][h] } }
            let N = hourTotals.reduce(0, +)
            let online = data.categories[c].online
            let fresh = N + outside[c]
            let total = Double(fresh + online)
            let half = 1.959963984540054 * (phi * Double(fresh) + Double(online)).squareRoot()
            let hourly = hourTotals.map { k -> Interval in
                guard N > 0 else { return Interval(.nan, .nan, .nan) }
                let x = Double(H) * Double(k) / Double(N)
                guard k > 0 else { return Interval(0, 0, Double(H) * 3 * phi / Double(N)) }
                return .logNormal(x, varianceOfLog: phi * max(0, 1 / Double(k) - 1 / Double(N)))
            }
            return CategoryArrivals(
                visits: N, outsideHours: outside[c], online: online,
                requestsPerStudent: Interval(total / students, max(0, total - half) / students, (total + half) / students),
                onlineShare: .wilson(online, fresh + online), hourly: hourly,
                chiSquare: x2[c], degreesOfFreedom: df[c], p: gsl_cdf_chisq_Q(x2[c], Double(max(1, df[c]))))
        }
    }
}

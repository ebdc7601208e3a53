import Foundation

/// Charts as inline SVG text: no script, no font or file from outside, so a report opens anywhere and prints.
///
/// Every drawn datum carries the class `mark`; the report's self-check counts them (an empty chart is
/// an error in the browser console).
enum SVGChart {
    /// Colours for series, distinguishable in print and for most colour-blind readers (Okabe–Ito).
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    static func color(_ i: Int) -> String { palette[i % palette.count] }

    /// A linear map from a data interval onto a pixel interval.
    struct Scale {
        var domain: (Double, Double)
        var range: (Double, Double)

        func callAsFunction(_ x: Double) -> Double {
            let span = domain.1 - domain.0
            guard span != 0 else { return (range.0 + range.1) / 2 }
            return range.0 + (x - domain.0) / span * (range.1 - range.0)
        }
    }

    /// Round tick values covering `low...high`, about `count` of them.
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low, low.isFinite, high.isFinite else { return [low] }
        let rough = (high - low) / Double(count)
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        var out: [Double] = []
        var t = (low / step).rounded(.down) * step
        while t <= high + step * 1e-9 {
            if t >= low - step * 1e-9 { out.append(abs(t) < step * 1e-9 ? 0 : t) }
            t += step
        }
        return out
    }

    /// An upper bound for an axis from 0 that holds `maximum`, on a round number.
    static func niceMaximum(_ maximum: Double) -> Double {
        guard maximum > 0, maximum.isFinite else { return 1 }
        let t = ticks(0, maximum)
        guard let last = t.last else { return maximum }
        if last >= maximum * (1 - 1e-12) { return last }
        return last + (t.count > 1 ? t[1] - t[0] : last)
    }

    static func number(_ x: Double) -> String {
        if x == 0 { return "0" }
        let a = abs(x)
        // A whole number (a count: "colleges 12", "students 36000") is written whole.
        if x == x.rounded(), a < 1e15 { return String(format: "%.0f", x) }
        if a >= 1e5 || a < 1e-3 { return String(format: "%.2e", x) }
        if a >= 100 { return String(format: "%.0f", x) }
        if a >= 10 { return String(format: "%.1f", x) }
        if a >= 1 { return String(format: "%.2f", x) }
        return String(format: "%.3f", x)
    }

    static func px(_ x: Double) -> String { String(format: "%.1f", x) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func open(_ id: String, _ title: String, width: Double, height: Double) -> String {
        "<svg class=\"chart\" id=\"\(escape(id))\" viewBox=\"0 0 \(px(width)) \(px(height))\" role=\"img\" aria-label=\"\(escape(title))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(escape(title))</title>"
    }

    // MARK: Line chart with bands

    /// One line with its confidence band.
    struct Series {
        var name: String
        /// x, mean, half-width (0 when unknown).
        var points: [(x: Double, y: Double, halfWidth: Double)]
        /// The line's colour, which the chart's legend shows too (see `legend`).
        var color: String = SVGChart.palette[0]
        /// Dashed, for a series whose colour an earlier one already took (more series than colours).
        var dashed = false

        /// Series named `names` in order, each its own colour from the palette (dashed once the
        /// palette has gone round).
        static func colored(_ items: [(name: String, points: [(x: Double, y: Double, halfWidth: Double)])]) -> [Series] {
            items.enumerated().map { i, item in
                Series(name: item.name, points: item.points, color: SVGChart.color(i), dashed: i >= SVGChart.palette.count)
            }
        }
    }

    /// A chart's legend entries: each series' name with the very colour and dash its line is drawn in.
    static func legend(_ series: [Series]) -> [(name: String, color: String, dashed: Bool)] {
        series.map { ($0.name, $0.color, $0.dashed) }
    }

    /// Lines over hours of the day (0–24), each with a shaded 95% band; gaps where a series has no value.
    /// With `signed`, values may be negative (differences): the axis takes them in and bands are not
    /// cut at 0.
    static func hourly(id: String, title: String, yLabel: String, series: [Series], signed: Bool = false) -> String {
        let width = 860.0, height = 300.0
        let left = 64.0, right = 16.0, top = 14.0, bottom = 44.0
        let x = Scale(domain: (0, 24), range: (left, width - right))
        let top95 = series.flatMap { $0.points.map { $0.y + $0.halfWidth } }.max() ?? 1
        let low95 = signed ? min(0, series.flatMap { $0.points.map { $0.y - $0.halfWidth } }.min() ?? 0) : 0
        let yMax = top95 > 0 ? niceMaximum(top95) : (low95 < 0 ? 0 : 1)
        let yMin = low95 < 0 ? -niceMaximum(-low95) : 0
        let y = Scale(domain: (yMin, yMax), range: (height - bottom, top))
        let floor = signed ? -Double.infinity : 0
        var svg = open(id, title, width: width, height: height)
        if signed, yMin < 0 {
            svg += "<line x1=\"\(px(left))\" x2=\"\(px(width - right))\" y1=\"\(px(y(0)))\" y2=\"\(px(y(0)))\" stroke=\"#555\"/>"
        }
        svg += axes(x: x, y: y, xTicks: stride(from: 0.0, through: 24, by: 3).map { $0 }, yTicks: ticks(yMin, yMax),
                    xFormat: { String(format: "%02.0f:00", $0) }, xLabel: "hour of the day", yLabel: yLabel,
                    width: width, height: height, left: left, bottom: bottom, top: top, right: right)
        for s in series {
            // Each hour's value is drawn at the middle of the hour.
            for run in contiguousRuns(s.points) {
                let upper = run.map { "\(px(x($0.x + 0.5))),\(px(y($0.y + $0.halfWidth)))" }
                let lower = run.reversed().map { "\(px(x($0.x + 0.5))),\(px(y(max(floor, $0.y - $0.halfWidth))))" }
                svg += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(s.color)\" fill-opacity=\"0.18\" stroke=\"none\"/>"
                let line = run.map { "\(px(x($0.x + 0.5))),\(px(y($0.y)))" }.joined(separator: " ")
                let dash = s.dashed ? " stroke-dasharray=\"6 3\"" : ""
                svg += "<polyline class=\"mark series\" data-series=\"\(escape(s.name))\" points=\"\(line)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash)><title>\(escape(s.name))</title></polyline>"
                for p in run {
                    svg += "<circle class=\"mark\" cx=\"\(px(x(p.x + 0.5)))\" cy=\"\(px(y(p.y)))\" r=\"2.5\" fill=\"\(s.color)\"><title>\(escape(s.name)) \(String(format: "%02.0f", p.x)):00 — \(number(p.y)) ± \(number(p.halfWidth))</title></circle>"
                }
            }
        }
        return svg + "</svg>"
    }

    /// Runs of consecutive hours.
    private static func contiguousRuns(_ points: [(x: Double, y: Double, halfWidth: Double)]) -> [[(x: Double, y: Double, halfWidth: Double)]] {
        var runs: [[(x: Double, y: Double, halfWidth: Double)]] = []
        for p in points.sorted(by: { $0.x < $1.x }) {
            if let last = runs.last?.last, p.x - last.x <= 1 { runs[runs.count - 1].append(p) } else { runs.append([p]) }
        }
        return runs
    }

    static func axes(x: Scale, y: Scale, xTicks: [Double], yTicks: [Double], xFormat: (Double) -> String,
                             xLabel: String, yLabel: String, width: Double, height: Double, left: Double,
                             bottom: Double, top: Double, right: Double) -> String {
        var svg = "<g class=\"axis\" font-size=\"11\" fill=\"#333\">"
        for t in yTicks {
            svg += "<line x1=\"\(px(left))\" x2=\"\(px(width - right))\" y1=\"\(px(y(t)))\" y2=\"\(px(y(t)))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(px(left - 6))\" y=\"\(px(y(t) + 4))\" text-anchor=\"end\">\(number(t))</text>"
        }
        for t in xTicks {
            svg += "<line x1=\"\(px(x(t)))\" x2=\"\(px(x(t)))\" y1=\"\(px(height - bottom))\" y2=\"\(px(height - bottom + 4))\" stroke=\"#333\"/>"
            svg += "<text x=\"\(px(x(t)))\" y=\"\(px(height - bottom + 17))\" text-anchor=\"middle\">\(escape(xFormat(t)))</text>"
        }
        svg += "<line x1=\"\(px(left))\" x2=\"\(px(width - right))\" y1=\"\(px(height - bottom))\" y2=\"\(px(height - bottom))\" stroke=\"#333\"/>"
        svg += "<text x=\"\(px((left + width - right) / 2))\" y=\"\(px(height - 6))\" text-anchor=\"middle\">\(escape(xLabel))</text>"
        svg += "<text transform=\"translate(14 \(px((top + height - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>"
        return svg + "</g>"
    }

    // MARK: Heat map

    /// Rows × 24 hours, each cell shaded by its value within `domain` and labelled with it.
    static func heatMap(id: String, title: String, rows: [(label: String, values: [Double?])], domain: (Double, Double),
                        format: (Double) -> String) -> String {
        let labelWidth = 150.0, cell = 29.0, rowHeight = 26.0, top = 20.0, legend = 36.0
        let width = labelWidth + cell * 24 + 12
        let height = top + rowHeight * Double(rows.count) + 22 + legend
        var svg = open(id, title, width: width, height: height)
        svg += "<g font-size=\"10\" fill=\"#333\">"
        for h in stride(from: 0, to: 24, by: 2) {
            svg += "<text x=\"\(px(labelWidth + cell * (Double(h) + 0.5)))\" y=\"\(px(top - 6))\" text-anchor=\"middle\">\(String(format: "%02d", h))h</text>"
        }
        for (r, row) in rows.enumerated() {
            let yTop = top + rowHeight * Double(r)
            svg += "<text x=\"\(px(labelWidth - 8))\" y=\"\(px(yTop + rowHeight / 2 + 4))\" text-anchor=\"end\" font-size=\"12\">\(escape(truncate(row.label, 22)))</text>"
            for h in 0..<24 {
                let xLeft = labelWidth + cell * Double(h)
                let value = h < row.values.count ? row.values[h] : nil
                guard let value else {
                    svg += "<rect x=\"\(px(xLeft))\" y=\"\(px(yTop))\" width=\"\(px(cell - 1))\" height=\"\(px(rowHeight - 1))\" fill=\"#f2f2f2\"><title>\(escape(row.label)) \(String(format: "%02d", h)):00 — no data</title></rect>"
                    continue
                }
                let t = domain.1 > domain.0 ? min(1, max(0, (value - domain.0) / (domain.1 - domain.0))) : 0
                svg += "<rect class=\"mark\" x=\"\(px(xLeft))\" y=\"\(px(yTop))\" width=\"\(px(cell - 1))\" height=\"\(px(rowHeight - 1))\" fill=\"\(sequential(t))\"><title>\(escape(row.label)) \(String(format: "%02d", h)):00 — \(escape(format(value)))</title></rect>"
                svg += "<text x=\"\(px(xLeft + (cell - 1) / 2))\" y=\"\(px(yTop + rowHeight / 2 + 3.5))\" text-anchor=\"middle\" font-size=\"9\" fill=\"\(t > 0.55 ? "#fff" : "#222")\">\(escape(format(value)))</text>"
            }
        }
        // Legend: the colour ramp with its ends.
        let ly = top + rowHeight * Double(rows.count) + 16
        for i in 0..<20 {
            svg += "<rect x=\"\(px(labelWidth + Double(i) * 12))\" y=\"\(px(ly))\" width=\"12\" height=\"10\" fill=\"\(sequential(Double(i) / 19))\"/>"
        }
        svg += "<text x=\"\(px(labelWidth - 8))\" y=\"\(px(ly + 9))\" text-anchor=\"end\">\(escape(format(domain.0)))</text>"
        svg += "<text x=\"\(px(labelWidth + 246))\" y=\"\(px(ly + 9))\">\(escape(format(domain.1)))</text>"
        svg += "<text x=\"\(px(labelWidth + 300))\" y=\"\(px(ly + 9))\">grey: no data (closed, or no one there)</text>"
        return svg + "</g></svg>"
    }

    /// A light-to-dark blue ramp, `t` in 0...1.
    static func sequential(_ t: Double) -> String {
        let from = (247.0, 251.0, 255.0), to = (8.0, 48.0, 107.0)
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(from.0, to.0), mix(from.1, to.1), mix(from.2, to.2))
    }

    static func truncate(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }

    // MARK: Bars with whiskers

    /// Horizontal bars from 0 with 95% whiskers, one per item.
    static func bars(id: String, title: String, unit: String, items: [(label: String, mean: Double, halfWidth: Double?)]) -> String {
        let labelWidth = 190.0, width = 860.0, rowHeight = 24.0, top = 8.0, bottom = 36.0
        let height = top + rowHeight * Double(items.count) + bottom
        let low = min(0, items.map { $0.mean - ($0.halfWidth ?? 0) }.min() ?? 0)
        let high = max(0, items.map { $0.mean + ($0.halfWidth ?? 0) }.max() ?? 1)
        let t = ticks(low, high == low ? low + 1 : high)
        let x = Scale(domain: (min(low, t.first ?? low), max(high, t.last ?? high)), range: (labelWidth, width - 70))
        var svg = open(id, title, width: width, height: height)
        svg += "<g font-size=\"11\" fill=\"#333\">"
        for tick in t {
            svg += "<line x1=\"\(px(x(tick)))\" x2=\"\(px(x(tick)))\" y1=\"\(px(top))\" y2=\"\(px(height - bottom))\" stroke=\"#e3e3e3\"/>"
            svg += "<text x=\"\(px(x(tick)))\" y=\"\(px(height - bottom + 15))\" text-anchor=\"middle\">\(number(tick))</text>"
        }
        svg += "<text x=\"\(px((labelWidth + width - 70) / 2))\" y=\"\(px(height - 4))\" text-anchor=\"middle\">\(escape(unit))</text>"
        for (i, item) in items.enumerated() {
            let yMid = top + rowHeight * (Double(i) + 0.5)
            let x0 = x(0), x1 = x(item.mean)
            svg += "<text x=\"\(px(labelWidth - 8))\" y=\"\(px(yMid + 4))\" text-anchor=\"end\" font-size=\"12\">\(escape(truncate(item.label, 28)))</text>"
            svg += "<rect class=\"mark\" x=\"\(px(min(x0, x1)))\" y=\"\(px(yMid - 8))\" width=\"\(px(max(abs(x1 - x0), 1)))\" height=\"16\" fill=\"\(color(0))\" fill-opacity=\"0.8\"><title>\(escape(item.label)): \(number(item.mean))\(item.halfWidth.map { " ± " + number($0) } ?? "")</title></rect>"
            if let h = item.halfWidth, h > 0 {
                let a = x(item.mean - h), b = x(item.mean + h)
                svg += "<path d=\"M\(px(a)) \(px(yMid - 5))v10M\(px(a)) \(px(yMid))H\(px(b))M\(px(b)) \(px(yMid - 5))v10\" stroke=\"#222\" stroke-width=\"1.3\" fill=\"none\"/>"
            }
            svg += "<text x=\"\(px(max(x1, x(item.mean + (item.halfWidth ?? 0))) + 6))\" y=\"\(px(yMid + 4))\">\(number(item.mean))</text>"
        }
        return svg + "</g></svg>"
    }

    // MARK: Differences

    /// Paired differences as points with 95% intervals around a zero line; significant ones filled.
    static func differences(id: String, title: String, unit: String,
                            items: [(label: String, mean: Double, halfWidth: Double, significant: Bool)]) -> String {
        let labelWidth = 250.0, width = 860.0, rowHeight = 22.0, top = 8.0, bottom = 36.0
        let height = top + rowHeight * Double(items.count) + bottom
        let reach = niceMaximum(max(items.map { abs($0.mean) + $0.halfWidth }.max() ?? 1, 1e-12))
        let t = ticks(-reach, reach, count: 6)
        let x = Scale(domain: (min(-reach, t.first ?? -reach), max(reach, t.last ?? reach)), range: (labelWidth, width - 20))
        var svg = open(id, title, width: width, height: height)
        svg += "<g font-size=\"11\" fill=\"#333\">"
        for tick in t {
            svg += "<line x1=\"\(px(x(tick)))\" x2=\"\(px(x(tick)))\" y1=\"\(px(top))\" y2=\"\(px(height - bottom))\" stroke=\"\(tick == 0 ? "#555" : "#e3e3e3")\"/>"
            svg += "<text x=\"\(px(x(tick)))\" y=\"\(px(height - bottom + 15))\" text-anchor=\"middle\">\(number(tick))</text>"
        }
        svg += "<text x=\"\(px((labelWidth + width - 20) / 2))\" y=\"\(px(height - 4))\" text-anchor=\"middle\">\(escape(unit))</text>"
        for (i, item) in items.enumerated() {
            let yMid = top + rowHeight * (Double(i) + 0.5)
            let colour = item.significant ? (item.mean < 0 ? color(0) : color(5)) : "#777"
            svg += "<text x=\"\(px(labelWidth - 8))\" y=\"\(px(yMid + 4))\" text-anchor=\"end\" font-size=\"12\">\(escape(truncate(item.label, 38)))</text>"
            let a = x(item.mean - item.halfWidth), b = x(item.mean + item.halfWidth)
            svg += "<line class=\"mark\" x1=\"\(px(a))\" x2=\"\(px(max(b, a + 0.01)))\" y1=\"\(px(yMid))\" y2=\"\(px(yMid))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
            svg += "<circle class=\"mark\" cx=\"\(px(x(item.mean)))\" cy=\"\(px(yMid))\" r=\"4.5\" fill=\"\(item.significant ? colour : "#fff")\" stroke=\"\(colour)\" stroke-width=\"1.5\"><title>\(escape(item.label)): \(number(item.mean)) ± \(number(item.halfWidth))\(item.significant ? " (significant)" : "")</title></circle>"
        }
        return svg + "</g></svg>"
    }
}

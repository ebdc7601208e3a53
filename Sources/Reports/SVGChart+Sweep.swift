import Foundation

/// The sweep report's charts: response curves over a factor, a tornado, a Pareto scatter.
extension SVGChart {
    /// Lines of a measure against a factor, each point with its 95% interval as a band.
    static func curves(id: String, title: String, xLabel: String, yLabel: String, series: [Series]) -> String {
        let width = 860.0, height = 320.0
        let left = 70.0, right = 16.0, top = 14.0, bottom = 44.0
        let xs = series.flatMap { $0.points.map(\.x) }
        let xLow = xs.min() ?? 0, xHigh = xs.max() ?? 1
        let x = Scale(domain: (xLow, xHigh == xLow ? xLow + 1 : xHigh), range: (left + 10, width - right - 10))
        let lows = series.flatMap { $0.points.map { $0.y - $0.halfWidth } }, highs = series.flatMap { $0.points.map { $0.y + $0.halfWidth } }
        var yLow = lows.min() ?? 0, yHigh = highs.max() ?? 1
        if yLow == yHigh { yLow -= 0.5; yHigh += 0.5 }
        let yTicks = ticks(yLow, yHigh)
        let y = Scale(domain: (min(yLow, yTicks.first ?? yLow), max(yHigh, yTicks.last ?? yHigh)), range: (height - bottom, top))
        var svg = open(id, title, width: width, height: height)
        let xTicks = Set(xs).count <= 12 ? Array(Set(xs)).sorted() : ticks(xLow, xHigh)
        svg += axes(x: x, y: y, xTicks: xTicks, yTicks: yTicks, xFormat: { $0 == $0.rounded() && abs($0) < 1e6 ? String(Int($0)) : number($0) },
                    xLabel: xLabel, yLabel: yLabel, width: width, height: height, left: left, bottom: bottom, top: top, right: right)
        for (i, s) in series.enumerated() {
            let run = s.points.sorted { $0.x < $1.x }
            let upper = run.map { "\(px(x($0.x))),\(px(y($0.y + $0.halfWidth)))" }
            let lower = run.reversed().map { "\(px(x($0.x))),\(px(y($0.y - $0.halfWidth)))" }
            svg += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color(i))\" fill-opacity=\"0.18\" stroke=\"none\"/>"
            svg += "<polyline class=\"mark\" points=\"\(run.map { "\(px(x($0.x))),\(px(y($0.y)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(color(i))\" stroke-width=\"2\"><title>\(escape(s.name))</title></polyline>"
            for p in run {
                svg += "<circle class=\"mark\" cx=\"\(px(x(p.x)))\" cy=\"\(px(y(p.y)))\" r=\"3\" fill=\"\(color(i))\"><title>\(escape(s.name)) at \(number(p.x)): \(number(p.y)) ± \(number(p.halfWidth))</title></circle>"
            }
        }
        return svg + "</svg>"
    }

    /// A tornado: per factor, a bar from the measure at its low level to the measure at its high level
    /// around the base's value, widest on top.
    static func tornado(id: String, title: String, unit: String, base: Double,
                        bars: [(label: String, low: Double, lowLevel: String, high: Double, highLevel: String)]) -> String {
        let labelWidth = 190.0, width = 860.0, rowHeight = 26.0, top = 8.0, bottom = 36.0
        let height = top + rowHeight * Double(bars.count) + bottom
        let values = bars.flatMap { [$0.low, $0.high] } + [base]
        var low = values.min() ?? 0, high = values.max() ?? 1
        if low == high { low -= 1; high += 1 }
        let t = ticks(low, high)
        let x = Scale(domain: (min(low, t.first ?? low), max(high, t.last ?? high)), range: (labelWidth + 60, width - 80))
        var svg = open(id, title, width: width, height: height)
        svg += "<g font-size=\"11\" fill=\"#333\">"
        for tick in t {
            svg += "<line x1=\"\(px(x(tick)))\" x2=\"\(px(x(tick)))\" y1=\"\(px(top))\" y2=\"\(px(height - bottom))\" stroke=\"#e3e3e3\"/>"
            svg += "<text x=\"\(px(x(tick)))\" y=\"\(px(height - bottom + 15))\" text-anchor=\"middle\">\(number(tick))</text>"
        }
        svg += "<line x1=\"\(px(x(base)))\" x2=\"\(px(x(base)))\" y1=\"\(px(top))\" y2=\"\(px(height - bottom))\" stroke=\"#222\" stroke-dasharray=\"4 3\"/>"
        svg += "<text x=\"\(px((labelWidth + width - 80) / 2))\" y=\"\(px(height - 4))\" text-anchor=\"middle\">\(escape(unit)) (dashed: the base, \(number(base)))</text>"
        for (i, bar) in bars.enumerated() {
            let yMid = top + rowHeight * (Double(i) + 0.5)
            svg += "<text x=\"\(px(labelWidth - 8))\" y=\"\(px(yMid + 4))\" text-anchor=\"end\" font-size=\"12\">\(escape(truncate(bar.label, 28)))</text>"
            for (value, level, colour, isLow) in [(bar.low, bar.lowLevel, color(0), true), (bar.high, bar.highLevel, color(1), false)] {
                let a = x(min(base, value)), b = x(max(base, value))
                svg += "<rect class=\"mark\" x=\"\(px(a))\" y=\"\(px(yMid - 9))\" width=\"\(px(max(b - a, 1)))\" height=\"18\" fill=\"\(colour)\" fill-opacity=\"0.85\"><title>\(escape(bar.label)) = \(escape(level)): \(number(value))</title></rect>"
                // A level no different from the base labels its side: the low one left, the high one right.
                let left = value < base || (value == base && isLow)
                svg += "<text x=\"\(px(left ? a - 4 : b + 4))\" y=\"\(px(yMid + 4))\" text-anchor=\"\(left ? "end" : "start")\">\(escape(truncate(level, 14)))</text>"
            }
        }
        return svg + "</g></svg>"
    }

    /// Points of two columns; those on the Pareto front filled and joined, dominated ones hollow and grey.
    static func pareto(id: String, title: String, xLabel: String, yLabel: String,
                       points: [(label: String, x: Double, y: Double, dominated: Bool)]) -> String {
        let width = 860.0, height = 360.0
        let left = 70.0, right = 16.0, top = 14.0, bottom = 44.0
        var xLow = points.map(\.x).min() ?? 0, xHigh = points.map(\.x).max() ?? 1
        var yLow = points.map(\.y).min() ?? 0, yHigh = points.map(\.y).max() ?? 1
        if xLow == xHigh { xLow -= 0.5; xHigh += 0.5 }
        if yLow == yHigh { yLow -= 0.5; yHigh += 0.5 }
        let xTicks = ticks(xLow, xHigh), yTicks = ticks(yLow, yHigh)
        let x = Scale(domain: (min(xLow, xTicks.first ?? xLow), max(xHigh, xTicks.last ?? xHigh)), range: (left + 8, width - right - 8))
        let y = Scale(domain: (min(yLow, yTicks.first ?? yLow), max(yHigh, yTicks.last ?? yHigh)), range: (height - bottom - 6, top + 6))
        var svg = open(id, title, width: width, height: height)
        svg += axes(x: x, y: y, xTicks: xTicks, yTicks: yTicks, xFormat: number, xLabel: xLabel, yLabel: yLabel,
                    width: width, height: height, left: left, bottom: bottom, top: top, right: right)
        let front = points.filter { !$0.dominated }.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        if front.count > 1 {
            svg += "<polyline points=\"\(front.map { "\(px(x($0.x))),\(px(y($0.y)))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(color(5))\" stroke-width=\"1.5\"/>"
        }
        for p in points where p.dominated {
            svg += "<circle class=\"mark dominated\" cx=\"\(px(x(p.x)))\" cy=\"\(px(y(p.y)))\" r=\"3.5\" fill=\"#fff\" stroke=\"#999\"><title>\(escape(p.label)) (dominated): \(number(p.x)), \(number(p.y))</title></circle>"
        }
        for p in front {
            svg += "<circle class=\"mark front\" cx=\"\(px(x(p.x)))\" cy=\"\(px(y(p.y)))\" r=\"4.5\" fill=\"\(color(5))\"><title>\(escape(p.label)) (on the front): \(number(p.x)), \(number(p.y))</title></circle>"
        }
        return svg + "</svg>"
    }
}

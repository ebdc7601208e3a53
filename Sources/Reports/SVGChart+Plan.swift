import Foundation

/// Charts of a plan: staffing as steps over the planning period, and candidates as points.
extension SVGChart {
    /// One step line: a value held over each slot `[start, end)`.
    struct Steps {
        var name: String
        var slots: [(start: Double, end: Double, value: Double)]
        var dashed = false
    }

    /// Step lines over the planning period (x in hours from its start), ticks at each day.
    static func steps(id: String, title: String, yLabel: String, period: Double, series: [Steps]) -> String {
        let width = 860.0, height = 300.0
        let left = 64.0, right = 16.0, top = 14.0, bottom = 44.0
        let x = Scale(domain: (0, period), range: (left, width - right))
        let yMax = niceMaximum(series.flatMap { $0.slots.map(\.value) }.max() ?? 1)
        let y = Scale(domain: (0, yMax), range: (height - bottom, top))
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let xTicks = period > 24 ? stride(from: 0.0, to: period, by: 24).map { $0 } : stride(from: 0.0, through: period, by: 3).map { $0 }
        let xFormat: (Double) -> String = { t in
            period > 24 ? (period <= 168 ? days[Int(t / 24) % 7] : "day \(Int(t / 24) + 1)") : String(format: "%02.0f:00", t)
        }
        var svg = open(id, title, width: width, height: height)
        svg += axes(x: x, y: y, xTicks: xTicks, yTicks: ticks(0, yMax), xFormat: xFormat,
                    xLabel: period > 24 ? "day of the planning period" : "hour of the day", yLabel: yLabel,
                    width: width, height: height, left: left, bottom: bottom, top: top, right: right)
        for (i, s) in series.enumerated() {
            var points: [String] = []
            for slot in s.slots.sorted(by: { $0.start < $1.start }) {
                points.append("\(px(x(slot.start))),\(px(y(slot.value)))")
                points.append("\(px(x(slot.end))),\(px(y(slot.value)))")
            }
            let dash = s.dashed ? " stroke-dasharray=\"5 3\"" : ""
            svg += "<polyline class=\"mark\" points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"\(color(i))\" stroke-width=\"\(s.dashed ? 1.5 : 2)\"\(dash)><title>\(escape(s.name))</title></polyline>"
        }
        return svg + "</svg>"
    }

    /// One set of points; each point's label shows on hover.
    struct Points {
        var name: String
        var points: [(x: Double, y: Double, label: String)]
    }

    /// Points on two linear axes (candidates: cost against service, say), with optional horizontal
    /// and vertical guide lines (a target, a bound) labelled in their title.
    static func scatter(id: String, title: String, xLabel: String, yLabel: String, series: [Points],
                        horizontal: [(value: Double, label: String)] = [], vertical: [(value: Double, label: String)] = []) -> String {
        let width = 860.0, height = 320.0
        let left = 64.0, right = 16.0, top = 14.0, bottom = 44.0
        let xs = series.flatMap { $0.points.map(\.x) } + vertical.map(\.value)
        let ys = series.flatMap { $0.points.map(\.y) } + horizontal.map(\.value)
        let xLow = min(0, xs.min() ?? 0), yLow = min(0, ys.min() ?? 0)
        let xMax = niceMaximum(xs.max() ?? 1), yMax = niceMaximum(ys.max() ?? 1)
        let x = Scale(domain: (xLow, xMax), range: (left, width - right))
        let y = Scale(domain: (yLow, yMax), range: (height - bottom, top))
        var svg = open(id, title, width: width, height: height)
        svg += axes(x: x, y: y, xTicks: ticks(xLow, xMax), yTicks: ticks(yLow, yMax), xFormat: number, xLabel: xLabel, yLabel: yLabel,
                    width: width, height: height, left: left, bottom: bottom, top: top, right: right)
        for guide in horizontal {
            svg += "<line x1=\"\(px(left))\" x2=\"\(px(width - right))\" y1=\"\(px(y(guide.value)))\" y2=\"\(px(y(guide.value)))\" stroke=\"#9b1c1c\" stroke-dasharray=\"6 4\"><title>\(escape(guide.label))</title></line>"
            svg += "<text x=\"\(px(width - right - 4))\" y=\"\(px(y(guide.value) - 5))\" text-anchor=\"end\" font-size=\"11\" fill=\"#9b1c1c\">\(escape(guide.label))</text>"
        }
        for guide in vertical {
            svg += "<line x1=\"\(px(x(guide.value)))\" x2=\"\(px(x(guide.value)))\" y1=\"\(px(top))\" y2=\"\(px(height - bottom))\" stroke=\"#555\" stroke-dasharray=\"2 3\"><title>\(escape(guide.label))</title></line>"
            svg += "<text x=\"\(px(x(guide.value) + 4))\" y=\"\(px(top + 11))\" font-size=\"11\" fill=\"#555\">\(escape(guide.label))</text>"
        }
        for (i, s) in series.enumerated() {
            for p in s.points {
                svg += "<circle class=\"mark\" cx=\"\(px(x(p.x)))\" cy=\"\(px(y(p.y)))\" r=\"4\" fill=\"\(color(i))\" fill-opacity=\"0.8\"><title>\(escape(s.name)): \(escape(p.label))</title></circle>"
            }
        }
        return svg + "</svg>"
    }
}

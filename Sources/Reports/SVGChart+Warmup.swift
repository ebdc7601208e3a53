import Foundation

extension SVGChart {
    /// One station's MSER curve: MSER(d) against the simulated time the truncation at d drops, with
    /// the chosen point marked by a dashed line.
    static func mserCurve(id: String, title: String, unit: String, times: [Double], mser: [Double], chosen: Int?) -> String {
        let width = 860.0, height = 260.0
        let left = 72.0, right = 16.0, top = 14.0, bottom = 44.0
        let xMax = niceMaximum(times.max() ?? 1)
        let yMax = niceMaximum(mser.max() ?? 1)
        let x = Scale(domain: (0, xMax), range: (left, width - right))
        let y = Scale(domain: (0, yMax), range: (height - bottom, top))
        var svg = open(id, title, width: width, height: height)
        svg += axes(x: x, y: y, xTicks: ticks(0, xMax), yTicks: ticks(0, yMax), xFormat: number,
                    xLabel: "warm-up: simulated time dropped (\(unit)s)", yLabel: "MSER",
                    width: width, height: height, left: left, bottom: bottom, top: top, right: right)
        let line = zip(times, mser).map { "\(px(x($0))),\(px(y($1)))" }.joined(separator: " ")
        svg += "<polyline class=\"mark series\" data-series=\"MSER\" points=\"\(line)\" fill=\"none\" stroke=\"\(color(0))\" stroke-width=\"2\"><title>\(escape(title))</title></polyline>"
        if let d = chosen, d < times.count, d < mser.count {
            let cx = px(x(times[d]))
            svg += "<line x1=\"\(cx)\" x2=\"\(cx)\" y1=\"\(px(top))\" y2=\"\(px(height - bottom))\" stroke=\"\(color(5))\" stroke-dasharray=\"6 3\"/>"
            svg += "<circle class=\"mark\" cx=\"\(cx)\" cy=\"\(px(y(mser[d])))\" r=\"4\" fill=\"\(color(5))\"><title>chosen: \(number(times[d])) \(escape(unit))s (\(d) batches of 5 dropped), MSER \(number(mser[d]))</title></circle>"
        }
        return svg + "</svg>"
    }
}

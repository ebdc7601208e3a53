import Foundation

/// fit-report.html: one self-contained page (inline SVG, no script, no network) with what the fit
/// found and how well it fits.
public enum FitReport {
    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
    static func n(_ x: Double) -> String { ScenarioTemplate.number(x) }
    static func px(_ x: Double) -> String { String(format: "%.1f", x) }

    /// A chart frame with axes from (x0, x1) × (y0, y1); `body` draws with the mapping functions.
    static func chart(_ title: String, xLabel: String, yLabel: String, x: (Double, Double), y: (Double, Double),
                      width: Double = 420, height: Double = 240, xTicks: Bool = true, _ body: (_ X: (Double) -> Double, _ Y: (Double) -> Double) -> String) -> String {
        let left = 52.0, right = 12.0, top = 26.0, bottom = 36.0
        let X = { (v: Double) in left + (v - x.0) / max(x.1 - x.0, 1e-12) * (width - left - right) }
        let Y = { (v: Double) in height - bottom - (v - y.0) / max(y.1 - y.0, 1e-12) * (height - top - bottom) }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(esc(title))\">"
        s += "<text x=\"\(px(left))\" y=\"16\" class=\"t\">\(esc(title))</text>"
        s += "<line x1=\"\(px(left))\" y1=\"\(px(Y(y.0)))\" x2=\"\(px(width - right))\" y2=\"\(px(Y(y.0)))\" class=\"ax\"/>"
        s += "<line x1=\"\(px(left))\" y1=\"\(px(Y(y.0)))\" x2=\"\(px(left))\" y2=\"\(px(top))\" class=\"ax\"/>"
        for i in 0...4 {
            let vx = x.0 + Double(i) / 4 * (x.1 - x.0), vy = y.0 + Double(i) / 4 * (y.1 - y.0)
            if xTicks { s += "<text x=\"\(px(X(vx)))\" y=\"\(px(height - bottom + 14))\" class=\"k\" text-anchor=\"middle\">\(n(vx))</text>" }
            s += "<text x=\"\(px(left - 4))\" y=\"\(px(Y(vy) + 4))\" class=\"k\" text-anchor=\"end\">\(n(vy))</text>"
        }
        s += "<text x=\"\(px((left + width - right) / 2))\" y=\"\(px(height - 4))\" class=\"k\" text-anchor=\"middle\">\(esc(xLabel))</text>"
        s += "<text x=\"12\" y=\"\(px(top - 4))\" class=\"k\">\(esc(yLabel))</text>"
        return s + body(X, Y) + "</svg>"
    }

    static func polyline(_ points: [(Double, Double)], _ X: (Double) -> Double, _ Y: (Double) -> Double, cls: String) -> String {
        guard !points.isEmpty else { return "" }
        return "<polyline class=\"\(cls)\" points=\"" + points.map { "\(px(X($0.0))),\(px(Y($0.1)))" }.joined(separator: " ") + "\"/>"
    }

    static func serviceCharts(_ c: LogFit.CategoryFit, unit: String) -> String {
        let s = c.serviceSample
        guard let best = c.services.first, s.exactCount > 0 else { return "<p>No service times.</p>" }
        let total = Double(s.exactCount)
        // Histogram on the lattice, up to the 99th percentile, in at most 40 bins.
        var cumulative = 0, p99 = s.exact.last!.x
        for (x, k) in s.exact { cumulative += k; if Double(cumulative) >= 0.99 * total { p99 = x; break } }
        let top = max(p99, s.h)
        let bins = 40, width = max(s.h, (top / Double(bins) / s.h).rounded(.up) * s.h)
        var counts = [Double](repeating: 0, count: Int(top / width) + 1)
        for (x, k) in s.exact where x <= top { counts[min(counts.count - 1, Int(x / width))] += Double(k) }
        let density = counts.map { $0 / total / width }
        let curve = stride(from: 0.0, through: Double(counts.count) * width, by: Double(counts.count) * width / 120).map { x in
            (x, best.model.latticeProbability((x / s.h).rounded() * s.h, h: s.h) / s.h)
        }
        let yMax = max(density.max() ?? 1, curve.map(\.1).max() ?? 1) * 1.1
        let hist = chart("\(c.name): service time, \(best.model.family.rawValue) fit", xLabel: unit, yLabel: "density", x: (0, Double(counts.count) * width), y: (0, yMax)) { X, Y in
            var out = ""
            for (i, d) in density.enumerated() {
                out += "<rect class=\"bar\" x=\"\(px(X(Double(i) * width)))\" y=\"\(px(Y(d)))\" width=\"\(px(max(1, X(width) - X(0) - 1)))\" height=\"\(px(Y(0) - Y(d)))\"/>"
            }
            return out + polyline(curve, X, Y, cls: "fit")
        }
        // Q–Q: the fitted lattice quantile against the observed one at 40 probabilities.
        var qq: [(Double, Double)] = []
        let probabilities = (1...39).map { Double($0) / 40 }
        var k = 0, acc = 0
        for p in probabilities {
            while k < s.exact.count, Double(acc + s.exact[k].n) < p * total { acc += s.exact[k].n; k += 1 }
            let observed = s.exact[min(k, s.exact.count - 1)].x
            var lo = 0.0, hi = max(top * 4, s.h * 4)
            for _ in 0..<50 { let mid = (lo + hi) / 2; if best.model.cdf(mid) < p { lo = mid } else { hi = mid } }
            qq.append((hi, observed))
        }
        let m = max(qq.map(\.0).max() ?? 1, qq.map(\.1).max() ?? 1) * 1.05
        let q = chart("\(c.name): Q–Q plot", xLabel: "fitted quantile (\(unit))", yLabel: "observed", x: (0, m), y: (0, m), width: 260) { X, Y in
            polyline([(0, 0), (m, m)], X, Y, cls: "ref") + qq.map { "<circle class=\"pt\" cx=\"\(px(X($0.0)))\" cy=\"\(px(Y($0.1)))\" r=\"2.5\"/>" }.joined()
        }
        return hist + q
    }

    static func intervalBars(_ title: String, labels: [String], _ values: [Interval], yLabel: String) -> String {
        let yMax = max(1e-9, values.map { $0.high.isFinite ? $0.high : $0.estimate }.max() ?? 1) * 1.1
        return chart(title, xLabel: "", yLabel: yLabel, x: (0, Double(values.count)), y: (0, yMax), xTicks: false) { X, Y in
            var out = ""
            for (i, v) in values.enumerated() {
                let x = Double(i) + 0.5
                out += "<rect class=\"bar\" x=\"\(px(X(x - 0.35)))\" y=\"\(px(Y(v.estimate)))\" width=\"\(px(X(0.7) - X(0)))\" height=\"\(px(Y(0) - Y(v.estimate)))\"/>"
                if v.low.isFinite, v.high.isFinite {
                    out += "<line class=\"ci\" x1=\"\(px(X(x)))\" y1=\"\(px(Y(v.low)))\" x2=\"\(px(X(x)))\" y2=\"\(px(Y(v.high)))\"/>"
                }
                if i < labels.count {  out += "<text class=\"k\" x=\"\(px(X(x)))\" y=\"\(px(Y(0) + 14))\" text-anchor=\"middle\">\(esc(labels[i]))</text>" }
            }
            return out
        }
    }

    static func patienceChart(_ g: LogFit.PatienceGroup, unit: String) -> String {
        let km = g.kaplanMeier
        guard let best = g.fits.first, let last = km.steps.last else { return "<p>Nobody gave up at \(esc(g.name)): no patience to fit.</p>" }
        let xMax = max(last.time, best.mean.estimate) * 1.05
        var stepPoints: [(Double, Double)] = [(0, 1)], low: [(Double, Double)] = [(0, 1)], high: [(Double, Double)] = [(0, 1)]
        var s = 1.0, l = 1.0, h = 1.0
        for step in km.steps {
            stepPoints += [(step.time, s), (step.time, step.survival)]
            low += [(step.time, l), (step.time, step.low)]
            high += [(step.time, h), (step.time, step.high)]
            (s, l, h) = (step.survival, step.low, step.high)
        }
        let fitted: [(Double, Double)] = stride(from: 0.0, through: xMax, by: xMax / 120).map { ($0, best.model.survival($0)) }
        let yMin = max(0, min(fitted.map(\.1).min() ?? 0, l) - 0.05)
        return chart("\(g.name): patience survival — Kaplan–Meier (95% band) and the \(best.model.family.rawValue) fit",
                     xLabel: "wait (\(unit))", yLabel: "P(patience > t)", x: (0, xMax), y: (yMin, 1), width: 560) { X, Y in
            polyline(low, X, Y, cls: "band") + polyline(high, X, Y, cls: "band") + polyline(stepPoints, X, Y, cls: "km") + polyline(fitted, X, Y, cls: "fit")
        }
    }

    /// The as-is staffing (a week grid per group: desks open per slot, median and range over the
    /// weeks) and the per-desk service tests.
    static func staffingSection(_ fit: LogFit) -> String {
        var body = "<h2>As-is staffing</h2>"
        guard let st = fit.staffing else {
            return body + "<p>The log does not tell single counters apart (no desk column, no <code>counters:</code> table): no staffing is read.</p>"
        }
        body += "<p>Desks open per \(st.options.slotMinutes)-minute slot: a desk is open from its first call to its last finish of a day, idle spells over \(n(st.options.closedAfterMinutes)) min closed; it counts in a slot open for half of it or more. Each cell is the median over the weeks, with the least and most seen when they differ.</p>"
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        for g in st.groups {
            body += "<h3>\(esc(g.name)): \(g.desks.count) desks, \(g.deskDays) desk-days\(g.peaksDiffer ? ", the peak weeks differ" : "")</h3>"
            for grid in g.grids {
                // Only the slots in which some desk was ever open.
                let used = (0..<st.slotsPerDay).filter { s in (0..<7).contains { grid.high[$0][s] > 0 } }
                guard !used.isEmpty else { continue }
                body += "<p>\(esc(grid.weekType)) weeks (\(grid.weeks.map(String.init).joined(separator: ", ")))</p><table class=\"wk\"><tr><th>slot</th>" + days.map { "<th>\($0)</th>" }.joined() + "</tr>"
                for s in used {
                    body += "<tr><td>\(ClockTextBridge.day(Double(s * st.options.slotMinutes * 60)))</td>"
                    for d in 0..<7 {
                        let m = grid.median[d][s], lo = grid.low[d][s], hi = grid.high[d][s]
                        body += "<td class=\"n\(m == 0 ? " z" : "")\">\(m)\(lo != hi ? " <span class=\"k\">(\(lo)–\(hi))</span>" : "")</td>"
                    }
                    body += "</tr>"
                }
                body += "</table>"
            }
            let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            body += "<p>Tickets taken (median first and last, rounded out to the slot): " + g.hours.enumerated().map { d, h in
                "\(names[d]) " + (h.map { "\(ClockTextBridge.day($0.opens))–\(ClockTextBridge.day($0.closes)) (\($0.daysOpen) of \($0.daysSpanned) days)" } ?? "closed")
            }.joined(separator: "; ") + ".</p>"
        }
        body += "<h2>Service per desk</h2>"
        let tests = fit.deskService.tests
        guard !tests.isEmpty else { return body + "<p>No group has two desks with \(DeskService.minimumCount) service times of a category: nothing to compare.</p>" }
        body += "<p>Each desk against the group's other desks in each category: a likelihood-ratio test in the category's family, Holm-corrected over the group's tests at \(n(DeskService.level)). \(fit.deskService.flagged.count) of \(tests.count) differ. The scenario format has one service time per category and counter group; a desk that differs is named in the comment of the category's service.</p>"
        body += "<table><tr><th>category</th><th>counter</th><th>desk</th><th>n</th><th>mean</th><th>others' mean</th><th>LR (df)</th><th>p</th><th>Holm p</th></tr>"
        for t in tests.sorted(by: { ($0.holmP, $0.category, $0.desk) < ($1.holmP, $1.category, $1.desk) }) {
            body += "<tr\(t.differs ? " class=\"flag\"" : "")><td>\(esc(t.category))</td><td>\(esc(t.group))</td><td>\(esc(t.desk))</td><td class=\"n\">\(t.n)</td><td class=\"n\">\(n(t.mean))</td><td class=\"n\">\(n(t.restMean))</td><td class=\"n\">\(n(t.statistic)) (\(t.degreesOfFreedom))</td><td class=\"n\">\(n(t.p))</td><td class=\"n\">\(n(t.holmP))</td></tr>"
        }
        return body + "</table>"
    }

    public static func html(_ fit: LogFit, reading: FitFiles.ReadingSummary, unitName: String) -> String {
        var body = "<h1>Fit of \(esc(reading.file))</h1>"
        body += "<p>\(reading.rows) rows, \(reading.rows - reading.badRows.total) used, \(reading.badRows.total) dropped; times recorded to \(n(reading.resolution)) s. Term from \(TimestampFormat.dateText(fit.arrivals.startDay)), \(fit.arrivals.weeks) weeks. Estimates with 95% confidence intervals; p-values of KS and AD from \(fit.options.bootstrap) parametric-bootstrap samples.</p>"
        body += "<h2>Rows dropped</h2>"
        if reading.badRows.total == 0 { body += "<p>None.</p>" } else {
            body += "<table><tr><th>reason</th><th>rows</th><th>first rows</th></tr>"
            for p in reading.badRows.counts.keys.sorted() {
                body += "<tr><td>\(esc(p.rawValue)): \(esc(p.summary))</td><td>\(reading.badRows.counts[p]!)</td><td><code>\(reading.badRows.first[p, default: []].map { esc($0.description) }.joined(separator: "<br>"))</code></td></tr>"
            }
            body += "</table>"
        }
        let a = fit.arrivals
        body += "<h2>Arrivals</h2><p>Peaks: \(a.peaks.isEmpty ? "none" : a.peaks.map { "\(esc($0.name)) (weeks \($0.week)–\($0.week + $0.weeks - 1), factor \(n($0.factor.estimate)), 95% CI \(n($0.factor.low))–\(n($0.factor.high)))" }.joined(separator: "; ")). Overdispersion used in the intervals: \(n(a.dispersion)).</p>"
        body += intervalBars("counter visits per week (first visits, all categories)", labels: (1...max(1, a.weeks)).map { "\($0)" }, a.weekTotals.map { Interval(Double($0), .nan, .nan) }, yLabel: "visits")
        body += intervalBars("weekday weights (Monday–Friday mean 1)", labels: ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"], a.weekdays, yLabel: "weight")
        body += "<table><tr><th>category</th><th>visits</th><th>requests / student</th><th>online share</th><th>return probability</th><th>no-shows</th><th>Poisson?</th></tr>"
        for c in fit.categories {
            let r = c.arrivals.requestsPerStudent, o = c.arrivals.onlineShare
            body += "<tr><td>\(esc(c.name))</td><td>\(c.arrivals.visits)</td><td>\(n(r.estimate)) (\(n(r.low))–\(n(r.high)))</td><td>\(n(o.estimate)) (\(n(o.low))–\(n(o.high)))</td><td>\(c.returnProbability.map { "\(n($0.estimate)) (\(n($0.low))–\(n($0.high)))" } ?? "no student key")</td><td>\(c.noShows)</td><td>\(esc(ScenarioTemplate.dispersionNote(c.arrivals)))</td></tr>"
        }
        body += "</table>"
        for c in fit.categories {
            body += intervalBars("\(c.name): hourly weights from opening (95% CI)", labels: c.arrivals.hourly.indices.map { "\($0 + 1)" }, c.arrivals.hourly, yLabel: "weight")
        }
        body += "<h2>Service times</h2>"
        for c in fit.categories {
            body += "<h3>\(esc(c.name)) (n = \(c.serviceCount))</h3><div class=\"row\">\(serviceCharts(c, unit: unitName))</div>"
            body += "<table><tr><th>family</th><th>parameters (95% CI)</th><th>AIC</th><th>KS (p)</th><th>AD (p)</th></tr>"
            for f in c.services {
                let ps = f.parameters.map { "\($0.name) \(n($0.estimate)) (\(n($0.low))–\(n($0.high)))" }.joined(separator: ", ")
                let g = f.gof
                body += "<tr><td>\(f.model.family.rawValue)</td><td>\(ps)</td><td>\(n(f.aic))</td><td>\(g.map { "\(n($0.ks)) (\(n($0.ksP)))" } ?? "–")</td><td>\(g.map { "\(n($0.ad)) (\(n($0.adP)))" } ?? "–")</td></tr>"
            }
            body += "</table>"
        }
        body += "<h2>Patience</h2><p>The waits of those who gave up are their patience; those served show only that their patience exceeded their wait (right-censored). Kaplan–Meier and censored maximum likelihood use both.</p>"
        for g in fit.patience {
            body += "<h3>\(esc(g.name)): \(g.abandoned) gave up, \(g.censored) served</h3>" + patienceChart(g, unit: unitName)
            body += "<table><tr><th>family</th><th>parameters (95% CI)</th><th>mean (95% CI)</th><th>AIC</th><th>KS (p)</th><th>AD (p)</th></tr>"
            for f in g.fits {
                let ps = f.parameters.map { "\($0.name) \(n($0.estimate)) (\(n($0.low))–\(n($0.high)))" }.joined(separator: ", ")
                let gof = f.gof
                body += "<tr><td>\(f.model.family.rawValue)</td><td>\(ps)</td><td>\(n(f.mean.estimate)) (\(n(f.mean.low))–\(n(f.mean.high)))</td><td>\(n(f.aic))</td><td>\(gof.map { "\(n($0.ks)) (\(n($0.ksP)))" } ?? "–")</td><td>\(gof.map { "\(n($0.ad)) (\(n($0.adP)))" } ?? "–")</td></tr>"
            }
            body += "</table>"
        }
        body += staffingSection(fit)
        let style = """
            body{font:14px system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}table{border-collapse:collapse;margin:8px 0 16px}
            td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}code{font-size:12px}svg{margin:4px 8px 4px 0}
            .t{font-size:13px;font-weight:600}.k{font-size:11px;fill:#555}.ax{stroke:#888}.bar{fill:#9ecae1}.fit{fill:none;stroke:#d62728;stroke-width:2}
            .ref{fill:none;stroke:#999;stroke-dasharray:4 3}.pt{fill:#1f77b4}.ci{stroke:#333;stroke-width:1.5}.km{fill:none;stroke:#1f77b4;stroke-width:2}
            .band{fill:none;stroke:#1f77b4;stroke-opacity:.4;stroke-dasharray:3 3}.row{display:flex;flex-wrap:wrap}
            td.n{text-align:right}.wk td{padding:1px 5px;font-size:12px}.z{color:#bbb}.flag{color:#b00;font-weight:600}
            """
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>onestop fit: \(esc(reading.file))</title><style>\(style)</style></head><body>\(body)</body></html>\n"
    }
}

import Foundation
import Interchange

/// backtest.json, backtest-hourly.csv and backtest-report.html.
public enum BacktestFiles {
    static func hourText(_ h: Int, startDay: Int) -> String {
        let day = startDay + h / 24
        let hour = h % 24
        return "\(TimestampFormat.dateText(day)) \(hour < 10 ? "0" : "")\(hour):00"
    }

    /// The hours furthest off, per measure: the `count` largest distances among those outside.
    public static func furthest(_ rows: [Backtest.Row], _ m: Backtest.Measure, count: Int = 10) -> [Backtest.Row] {
        Array(rows.filter { $0.measure == m && !$0.inside }.sorted { $0.distance > $1.distance }.prefix(count))
    }

    public static func json(rows: [Backtest.Row], summaries: [Backtest.Summary], startDay: Int, replications: Int, scenario: String, log: String, version: String, replay: Bool = false) -> String {
        let doc: JSONValue = .object([
            ("onestop_version", .string(version)),
            ("scenario", .string(scenario)), ("log", .string(log)),
            ("arrivals", .string(replay ? "replayed from the log" : "the scenario's")),
            ("term_start", .string(TimestampFormat.dateText(startDay))),
            ("replications", JSONValue(replications)),
            ("measures", .array(summaries.map { s in
                .object([
                    ("measure", .string(s.measure.rawValue)), ("hours", JSONValue(s.hours)),
                    ("coverage", JSONValue(s.coverage)), ("bias", JSONValue(s.bias)),
                    ("furthest_off", .array(furthest(rows, s.measure).map { r in
                        .object([("hour", .string(hourText(r.hour, startDay: startDay))), ("observed", JSONValue(r.observed)),
                                 ("simulated_mean", JSONValue(r.mean)), ("pi95", .array([JSONValue(r.low), JSONValue(r.high)]))])
                    })),
                ])
            })),
        ])
        return doc.rendered()
    }

    public static func csv(rows: [Backtest.Row], startDay: Int) -> String {
        var out = "hour,measure,observed,simulated_mean,pi95_low,pi95_high,inside\n"
        for r in rows.sorted(by: { ($0.hour, $0.measure.rawValue) < ($1.hour, $1.measure.rawValue) }) {
            out += "\(hourText(r.hour, startDay: startDay)),\(r.measure.rawValue),\(NumberText.shortest(r.observed) ?? ""),\(NumberText.shortest(r.mean) ?? ""),\(NumberText.shortest(r.low) ?? ""),\(NumberText.shortest(r.high) ?? ""),\(r.inside)\n"
        }
        return out
    }

    public static func html(rows: [Backtest.Row], summaries: [Backtest.Summary], startDay: Int, replications: Int, scenario: String, log: String, unit: String, replay: Bool = false) -> String {
        let n = FitReport.n, esc = FitReport.esc
        var body = "<h1>Backtest of \(esc(scenario)) against \(esc(log))</h1>"
        body += "<p>\(replications) replications over the log's period from \(TimestampFormat.dateText(startDay)); each hour's observed value against the simulated 95% prediction interval (the replications' 2.5% and 97.5% quantiles), by the hour the tickets were taken.\(replay ? " Arrivals replayed from the log: each category's first counter visits at the times the log took them; the replications differ only in service, patience and returns." : "")</p>"
        body += "<table><tr><th>measure</th><th>hours</th><th>coverage</th><th>bias (observed − simulated)</th></tr>"
        for s in summaries { body += "<tr><td>\(esc(s.measure.title))</td><td>\(s.hours)</td><td>\(n(s.coverage * 100))%</td><td>\(n(s.bias))</td></tr>" }
        body += "</table>"
        for s in summaries {
            let r = rows.filter { $0.measure == s.measure }.sorted { $0.hour < $1.hour }
            guard !r.isEmpty else { continue }
            let xs = r.indices.map(Double.init)
            let yMax = max(r.map(\.high).max() ?? 1, r.map(\.observed).max() ?? 1) * 1.05
            body += "<h2>\(esc(s.measure.title))</h2>"
            body += FitReport.chart("\(s.measure.title): observed (dots) and the simulated 95% band, hour after open hour", xLabel: "open hours in order", yLabel: s.measure == .meanWait ? unit : "", x: (0, Double(max(1, r.count - 1))), y: (0, yMax), width: 1060, height: 260) { X, Y in
                var out = FitReport.polyline(zip(xs, r).map { ($0, $1.low) }, X, Y, cls: "band")
                out += FitReport.polyline(zip(xs, r).map { ($0, $1.high) }, X, Y, cls: "band")
                out += FitReport.polyline(zip(xs, r).map { ($0, $1.mean) }, X, Y, cls: "fit")
                for (x, row) in zip(xs, r) { out += "<circle class=\"\(row.inside ? "pt" : "off")\" cx=\"\(FitReport.px(X(x)))\" cy=\"\(FitReport.px(Y(row.observed)))\" r=\"1.8\"/>" }
                return out
            }
            let off = furthest(rows, s.measure)
            if !off.isEmpty {
                body += "<table><tr><th>hour furthest off</th><th>observed</th><th>simulated mean</th><th>95% prediction interval</th></tr>"
                for o in off { body += "<tr><td>\(hourText(o.hour, startDay: startDay))</td><td>\(n(o.observed))</td><td>\(n(o.mean))</td><td>\(n(o.low))–\(n(o.high))</td></tr>" }
                body += "</table>"
            }
        }
        let style = """
            body{font:14px system-ui,sans-serif;margin:24px;max-width:1100px;color:#222}table{border-collapse:collapse;margin:8px 0 16px}
            td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}.t{font-size:13px;font-weight:600}.k{font-size:11px;fill:#555}.ax{stroke:#888}
            .fit{fill:none;stroke:#d62728;stroke-width:1}.band{fill:none;stroke:#1f77b4;stroke-opacity:.5}.pt{fill:#2ca02c}.off{fill:#d62728}
            """
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>onestop backtest</title><style>\(style)</style></head><body>\(body)</body></html>\n"
    }
}

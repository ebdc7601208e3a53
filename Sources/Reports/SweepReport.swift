import Experiments
import Interchange
import ScenarioModel

/// `report.html` of a sweep: the points, response curves, the tornado of a one-at-a-time design,
/// the standardised regression coefficients of a Latin hypercube, and Pareto fronts; one page,
/// charts as inline SVG, in the run report's style.
public enum SweepReport {
    /// Charts drawn per kind at most (a sweep may report many measures; the tables list them all).
    public static let maximumCharts = 12
    /// Lines in one response-curve chart at most.
    public static let maximumSeries = 8

    public static func html(_ result: SweepResult, info: SweepFiles.Info) -> String {
        typealias Page = HTMLReport.Page
        let sweep = result.sweep
        let design = sweep.design
        var page = Page(title: "Sweep of \(sweep.scenarioName) — OneStop report")
        let valid = sweep.points.count(where: \.isValid)
        let meta = "\(design.kind.rawValue.replacingOccurrences(of: "_", with: " ")) · \(sweep.points.count) points (\(valid) valid) · "
            + "\(sweep.replications) replications each, seed \(sweep.seed) (common random numbers: every point's replication r draws the same streams) · "
            + "times in \(info.timeUnit)s · onestop \(info.version)"
        page.header("Sweep of \(sweep.scenarioName)", meta: meta,
                    note: "Each value is the mean over a point's replications ± the half-width of its 95% interval. Design: \(info.designFile).")

        page.section("factors", "Factors")
        page.table(header: ["factor", "path", "base", "levels"], rows: design.factors.enumerated().map { f, factor in
            let levels: String
            if let range = factor.range {
                levels = "\(NumberText.shortest(range.from) ?? "") to \(NumberText.shortest(range.to) ?? ""), \(range.scale.rawValue)" + (range.integer ? ", whole numbers" : "")
                    + (range.steps.map { ", \($0) steps" } ?? "") + (range.unit.map { " (\($0))" } ?? "")
            } else {
                levels = (factor.levels ?? []).map(\.value.description).joined(separator: ", ")
            }
            return [factor.name, factor.path.description, sweep.baseValues[f]?.description ?? "(default)", levels]
        })
        let invalid = sweep.points.indices.filter { !sweep.points[$0].isValid }
        if !invalid.isEmpty {
            page.heading("Points not run (\(invalid.count)): not valid scenarios")
            page.table(header: ["point"] + design.factors.map(\.name) + ["error"], rows: invalid.prefix(50).map { p in
                ["\(p)"] + design.factors.indices.map { SweepFiles.factorValue(result, point: p, factor: $0)?.description ?? "" }
                    + [sweep.points[p].diagnostics.first?.description ?? ""]
            })
        }
        page.end()

        let charted = Array(sweep.measures.indices.prefix(maximumCharts))
        // Response curves: a measure against the first factor that varies, one line per value of the others.
        if design.kind == .fullFactorial || design.kind == .list, let xFactor = design.factors.indices.first(where: { f in
            Set(sweep.points.indices.compactMap { result.number(point: $0, factor: f) }).count > 1
        }) {
            page.section("response", "Response curves")
            page.paragraph("Each measure against \(design.factors[xFactor].name), one line per combination of the other factors, with 95% bands.")
            for m in charted {
                var groups: [String: [(x: Double, y: Double, halfWidth: Double)]] = [:]
                var order: [String] = []
                for p in sweep.points.indices where sweep.points[p].isValid {
                    guard let x = result.number(point: p, factor: xFactor), let mean = result.estimate(point: p, measure: m).mean else { continue }
                    let key = design.factors.indices.filter { $0 != xFactor }.map {
                        "\(design.factors[$0].name)=\(SweepFiles.factorValue(result, point: p, factor: $0)?.description ?? "default")"
                    }.joined(separator: ", ")
                    if groups[key] == nil { order.append(key) }
                    groups[key, default: []].append((x, mean, result.estimate(point: p, measure: m).halfWidth ?? 0))
                }
                guard !order.isEmpty else { continue }
                let shown = order.prefix(maximumSeries)
                let series = shown.map { SVGChart.Series(name: $0.isEmpty ? sweep.measures[m].description : $0, points: groups[$0]!) }
                let name = sweep.measures[m].description
                page.chart(SVGChart.curves(id: "chart-response-\(m)", title: "\(name) against \(design.factors[xFactor].name)",
                                           xLabel: design.factors[xFactor].name, yLabel: name, series: series),
                           caption: "\(name) against \(design.factors[xFactor].name)" + (order.count > shown.count ? " (the first \(shown.count) of \(order.count) lines)" : "") + ".",
                           legend: order.count > 1 ? shown.enumerated().map { ($0.element, SVGChart.color($0.offset), false) } : [])
            }
            page.end()
        }

        if design.kind == .oneAtATime {
            page.section("tornado", "One at a time: tornado charts")
            page.paragraph("Each factor at its lowest and highest level, the others as the base scenario has them; bars from the base's value, widest on top.")
            for m in charted {
                guard let t = result.tornado(measure: m), !t.bars.isEmpty else { continue }
                let name = sweep.measures[m].description
                page.chart(SVGChart.tornado(id: "chart-tornado-\(m)", title: "Tornado: \(name)", unit: name, base: t.base,
                                            bars: t.bars.map { bar in
                                                (design.factors[bar.factor].name, bar.low?.value ?? t.base, bar.low?.level ?? "",
                                                 bar.high?.value ?? t.base, bar.high?.level ?? "")
                                            }),
                           caption: "\(name): low level (blue) and high level (orange) of each factor.",
                           legend: [("low level", SVGChart.color(0), false), ("high level", SVGChart.color(1), false)])
            }
            page.end()
        }

        if design.kind == .latinHypercube {
            page.section("metamodel", "Which inputs matter: standardised regression coefficients")
            page.paragraph("A linear metamodel per measure, fitted over the points by least squares (GSL's gsl_multifit_linear) on standardised factors and measure: a coefficient is the change of the measure, in standard deviations, per standard deviation of the factor. R² is the share of the measure's variation across points that the metamodel explains; a low R² means the effects are not linear. Filled marks: the 95% interval excludes 0.")
            var rows: [[Any]] = []
            for m in sweep.measures.indices {
                guard let model = result.metamodel(measure: m) else { continue }
                let name = sweep.measures[m].description
                rows.append([name, SVGChart.number(model.rSquared)] + [model.coefficients.map { design.factors[$0.factor].name }.joined(separator: " > ")])
                guard charted.contains(m) else { continue }
                page.chart(SVGChart.differences(id: "chart-src-\(m)", title: "Standardised coefficients: \(name)", unit: "standardised coefficient (R² = \(SVGChart.number(model.rSquared)))",
                                                items: model.coefficients.map { (design.factors[$0.factor].name, $0.value, $0.halfWidth, !$0.coversZero) }),
                           caption: "\(name): standardised regression coefficients with 95% intervals, largest first; R² \(SVGChart.number(model.rSquared)) over \(model.points) points.")
            }
            page.heading("Ranking by measure")
            page.table(header: ["measure", "R²", "factors by |coefficient|"], rows: rows)
            page.end()
        }

        if !sweep.pareto.isEmpty {
            page.section("pareto", "Trade-offs: Pareto fronts")
            for (i, pair) in sweep.pareto.enumerated() {
                let points = result.pareto(pair)
                guard !points.isEmpty else { continue }
                let xName = result.columnName(pair.x), yName = result.columnName(pair.y)
                func sense(_ higher: Bool) -> String { higher ? "higher is better" : "lower is better" }
                page.chart(SVGChart.pareto(id: "chart-pareto-\(i)", title: "\(yName) against \(xName)",
                                           xLabel: "\(xName) (\(sense(pair.xHigherIsBetter)))", yLabel: "\(yName) (\(sense(pair.yHigherIsBetter)))",
                                           points: points.map { ("point \($0.point)", $0.x, $0.y, $0.dominated) }),
                           caption: "\(points.count(where: { !$0.dominated })) of \(points.count) points are on the front (filled); a hollow point is dominated: another is at least as good in both and better in one.")
            }
            page.end()
        }

        page.section("points", "Every point")
        let shown = Array(sweep.points.indices.filter { sweep.points[$0].isValid }.prefix(200))
        page.table(header: ["point"] + design.factors.map(\.name) + sweep.measures.prefix(6).map(\.description) + (sweep.ruleIds.isEmpty ? [] : ["rules passed"]),
                   rows: shown.map { p -> [Any] in
                       let rules = result.rules(point: p)
                       return ["\(p)"] + design.factors.indices.map { SweepFiles.factorValue(result, point: p, factor: $0)?.description ?? "" }
                           + sweep.measures.indices.prefix(6).map { m -> Any in
                               let e = result.estimate(point: p, measure: m)
                               return HTMLReport.estimateText(e.mean, e.halfWidth)
                           }
                           + (sweep.ruleIds.isEmpty ? [] : ["\(rules.count(where: \.passed)) of \(rules.count)"])
                   })
        if shown.count < valid { page.paragraph("The first \(shown.count) of \(valid) valid points; sweep.csv holds them all.") }
        page.end()
        return page.finish()
    }
}

import Experiments
import Interchange
import ScenarioModel

/// `sweep.csv` and `sweep.json`: every point of a sweep with its factors' values, each measure's
/// mean and 95% half-width, each rule's verdict, and (in the JSON) the metamodels, the tornado and
/// the Pareto fronts the report draws.
public enum SweepFiles {
    /// What the files record about the run besides the results.
    public struct Info: Sendable {
        public var version: String
        public var scenarioFile: String
        public var scenarioSHA256: String
        public var designFile: String
        public var designSHA256: String
        public var timeUnit: String

        public init(version: String, scenarioFile: String, scenarioSHA256: String, designFile: String, designSHA256: String, timeUnit: String) {
            self.version = version
            self.scenarioFile = scenarioFile
            self.scenarioSHA256 = scenarioSHA256
            self.designFile = designFile
            self.designSHA256 = designSHA256
            self.timeUnit = timeUnit
        }
    }

    /// Columns before the factors', and the names a factor may not take.
    public static let leadingColumns = ["point", "status"]
    public static let trailingColumns = ["measure", "mean", "ci95", "replications"]

    /// A factor's value at a point as the files write it: the level, or the base scenario's value
    /// (empty where the base leaves the field to its default).
    public static func factorValue(_ result: SweepResult, point p: Int, factor f: Int) -> FieldValue? {
        result.sweep.points[p].point.levels[f]?.value ?? result.sweep.baseValues[f]
    }

    /// One row per point × measure (an invalid point's rows have no values), tidy.
    public static func csv(_ result: SweepResult) -> String {
        let sweep = result.sweep
        let header = leadingColumns + sweep.design.factors.map(\.name) + trailingColumns + sweep.ruleIds.map { "rule:\($0)" }
        var csv = CSVWriter(header: header)
        csv.reserveCapacity(sweep.points.count * sweep.measures.count * 80)
        for (p, point) in sweep.points.enumerated() {
            let rules = result.rules(point: p)
            for (m, measure) in sweep.measures.enumerated() {
                csv.integer(p)
                csv.text(point.isValid ? "ok" : "invalid")
                for f in sweep.design.factors.indices {
                    switch factorValue(result, point: p, factor: f) {
                    case .some(let value) where value.number != nil: csv.number(value.number)
                    case .some(let value): csv.text(value.text ?? value.description)
                    case .none: csv.empty()
                    }
                }
                csv.text(measure.description)
                if point.isValid {
                    let e = result.estimate(point: p, measure: m)
                    csv.number(e.mean)
                    csv.number(e.halfWidth)
                    csv.integer(e.count)
                } else {
                    csv.empty(); csv.empty(); csv.integer(0)
                }
                for id in sweep.ruleIds {
                    if let rule = rules.first(where: { $0.id == id }) { csv.text(rule.passed ? "pass" : "fail") } else { csv.empty() }
                }
                csv.endRow()
            }
        }
        return csv.text
    }

    public static func json(_ result: SweepResult, info: Info) -> String {
        document(result, info: info).rendered(.results)
    }

    public static func document(_ result: SweepResult, info: Info) -> JSONValue {
        let sweep = result.sweep
        let design = sweep.design
        func value(_ v: FieldValue?) -> JSONValue {
            guard let v else { return .null }
            if let x = v.number { return .number(x) }
            if let t = v.text { return .string(t) }
            return .string(v.description)
        }
        let factors: [JSONValue] = design.factors.enumerated().map { f, factor in
            var entries: [(key: String, value: JSONValue)] = [("name", .string(factor.name)), ("path", .string(factor.path.description)),
                                                              ("base", value(sweep.baseValues[f]))]
            if let levels = factor.levels { entries.append(("levels", .array(levels.map { value($0.value) }))) }
            if let r = factor.range {
                var range: [(key: String, value: JSONValue)] = [("from", .number(r.from)), ("to", .number(r.to)), ("scale", .string(r.scale.rawValue)),
                                                                ("integer", .bool(r.integer))]
                if let steps = r.steps { range.append(("steps", JSONValue(steps))) }
                if let unit = r.unit { range.append(("unit", .string(unit))) }
                entries.append(("range", .object(range)))
            }
            return .object(entries)
        }
        var warnings: [String] = []
        var seen: Set<String> = []
        let points: [JSONValue] = sweep.points.enumerated().map { p, point in
            var entries: [(key: String, value: JSONValue)] = [
                ("point", JSONValue(p)),
                ("levels", .object(design.factors.enumerated().map { f, factor in (factor.name, value(factorValue(result, point: p, factor: f))) })),
                ("valid", .bool(point.isValid)),
            ]
            if point.isValid {
                for w in point.diagnostics.map(\.description) where seen.insert(w).inserted { warnings.append(w) }
                entries.append(("measures", .object(sweep.measures.enumerated().map { m, measure in
                    (measure.description, Summary.estimate(result.estimate(point: p, measure: m)))
                })))
                let rules = result.rules(point: p)
                if !rules.isEmpty {
                    entries.append(("rules", .object(rules.map { r in
                        (r.id, .object([("passed", .bool(r.passed)), ("value", JSONValue(r.value)), ("ci95", JSONValue(r.halfWidth))]))
                    })))
                }
                entries.append(("events", JSONValue(result.tasks[p].reduce(0) { $0 + $1.events })))
            } else {
                entries.append(("errors", .array(point.diagnostics.map { .string($0.description) })))
            }
            return .object(entries)
        }
        var top: [(key: String, value: JSONValue)] = [
            ("kind", .string("sweep")),
            ("scenario", .string(sweep.scenarioName)),
            ("scenario_file", .string(info.scenarioFile)),
            ("scenario_sha256", .string(info.scenarioSHA256)),
            ("design_file", .string(info.designFile)),
            ("design_sha256", .string(info.designSHA256)),
            ("design", .string(design.kind.rawValue)),
            ("seed", .unsigned(sweep.seed)),
            ("replications", JSONValue(sweep.replications)),
            ("time_unit", .string(info.timeUnit)),
            ("onestop_version", .string(info.version)),
            ("factors", .array(factors)),
            ("measures", .array(sweep.measures.map { .object([("name", .string($0.description)), ("higher_is_better", .bool($0.higherIsBetter))]) })),
            ("rules", .array(sweep.ruleIds.map(JSONValue.string))),
            ("points", .array(points)),
        ]
        if design.kind == .latinHypercube {
            top.append(("metamodels", .array(sweep.measures.indices.compactMap { m in
                result.metamodel(measure: m).map { model in
                    .object([
                        ("measure", .string(sweep.measures[m].description)), ("r_squared", .number(model.rSquared)), ("points", JSONValue(model.points)),
                        ("coefficients", .array(model.coefficients.map { c in
                            .object([("factor", .string(design.factors[c.factor].name)), ("standardised", .number(c.value)),
                                     ("ci95", .number(c.halfWidth)), ("covers_zero", .bool(c.coversZero))])
                        })),
                    ])
                }
            })))
        }
        if design.kind == .oneAtATime {
            top.append(("tornado", .array(sweep.measures.indices.compactMap { m in
                result.tornado(measure: m).map { t in
                    .object([
                        ("measure", .string(sweep.measures[m].description)), ("base", .number(t.base)),
                        ("factors", .array(t.bars.map { bar in
                            .object([("factor", .string(design.factors[bar.factor].name)),
                                     ("low_level", .string(bar.low?.level ?? "")), ("low", JSONValue(bar.low?.value)),
                                     ("high_level", .string(bar.high?.level ?? "")), ("high", JSONValue(bar.high?.value))])
                        })),
                    ])
                }
            })))
        }
        top.append(("pareto", .array(sweep.pareto.map { pair in
            let points = result.pareto(pair)
            return .object([
                ("x", .string(result.columnName(pair.x))), ("y", .string(result.columnName(pair.y))),
                ("x_better", .string(pair.xHigherIsBetter ? "higher" : "lower")), ("y_better", .string(pair.yHigherIsBetter ? "higher" : "lower")),
                ("front", .array(points.filter { !$0.dominated }.map { JSONValue($0.point) })),
            ])
        })))
        top.append(("invalid_points", JSONValue(sweep.points.count(where: { !$0.isValid }))))
        top.append(("events", JSONValue(result.events)))
        top.append(("warnings", .array(warnings.map(JSONValue.string))))
        return .object(top)
    }
}

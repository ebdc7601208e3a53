import Foundation
internal import Yams

/// Reads a sweep's design file (YAML) into a `SweepDesign`, with the scenario reader's checks and
/// located diagnostics: the same field tables, "did you mean" for a near miss, every error at once.
///
/// Paths are checked as paths here; whether they name a field of the scenario is checked when the
/// points are applied to it (`ScenarioParser.parse(_:file:defaultName:overrides:)`).
public enum DesignParser {
    public static func parse(_ text: String, file: String) throws(ScenarioErrors) -> SweepDesign {
        let root = try ScenarioParser.compose(text, file: file)
        var reader = ScenarioReader(file: file)
        let design = reader.design(root)
        let diagnostics = reader.diagnostics.enumerated().sorted { a, b in
            (a.element.location.line, a.element.location.column, a.offset) < (b.element.location.line, b.element.location.column, b.offset)
        }.map(\.element)
        guard let design, !diagnostics.contains(where: { $0.severity == .error }) else { throw ScenarioErrors(diagnostics) }
        return design
    }
}

extension ScenarioReader {
    static let rangeSection = Section("A numeric range of a factor.", [
        Field("from", .number(.any), required: true, "The low end."),
        Field("to", .number(.any), required: true, "The high end, greater than from."),
        Field("scale", .choice(SweepDesign.Scale.allCases.map(\.rawValue)), "linear (default) or log (from above 0)."),
        Field("integer", .custom(.object([("description", "Whole numbers only (counts of servers or rooms)."), ("type", "boolean")]))),
        Field("steps", .integer(minimum: 2, maximum: 10_000), "Levels of a full factorial or one-at-a-time design, evenly spaced on the scale."),
        Field("unit", .text, "Written after each value: min makes 12.5 min (for a time in another unit than the scenario's)."),
    ])
    static let factorSection = Section("A factor: a field of the scenario and the values it takes.", [
        Field("name", .name, "The factor's column in sweep.csv (default: the path's last key)."),
        Field("path", .text, required: true, "The field, as a path: campus.service_center.counters[all_purpose].servers."),
        Field("levels", .custom(ScenarioFormat.list(.object([]), "The values the field takes, each as the scenario would write it."))),
        Field("range", .custom(ScenarioFormat.ref("range"))),
    ])
    static let designKindSection = Section("How the points are chosen.", [
        Field("kind", .choice(SweepDesign.Kind.allCases.map(\.rawValue)), required: true, "full_factorial, latin_hypercube, one_at_a_time or list."),
        Field("points", .custom(.object([])), "latin_hypercube: how many points; list: the points, each a map from factor names to values."),
        Field("seed", .seed, "latin_hypercube: the seed of the design's own draws (default 1)."),
    ])
    static let paretoSection = Section("Two columns whose Pareto front the report draws.", [
        Field("x", .name, required: true, "A factor or a measure."),
        Field("y", .name, required: true, "A factor or a measure."),
        Field("x_better", .choice(["lower", "higher"]), "Which way x is better (default: the measure's sense; lower for a factor)."),
        Field("y_better", .choice(["lower", "higher"]), "Which way y is better."),
    ])
    static let designSection = Section("A sweep's design: factors, how the points are chosen, what is measured.", [
        Field("factors", .custom(ScenarioFormat.list(factorSection.schema(), "The factors.")), required: true),
        Field("design", .custom(.object([])), required: true, "A kind (full_factorial, ...) or a map {kind, points, seed}."),
        Field("measures", .custom(ScenarioFormat.list(ScenarioFormat.string("A measure.", minLength: 1), "Measures to report."))),
        Field("replications", .integer(minimum: 1, maximum: maximumReplications), "Replications of every point (default: the scenario's)."),
        Field("seed", .seed, "Master seed of every point's runs (default: the scenario's); every point's replication r draws the same streams."),
        Field("pareto", .custom(ScenarioFormat.list(paretoSection.schema(), "Pairs of columns whose Pareto front the report draws."))),
    ])

    mutating func design(_ root: Node) -> SweepDesign? {
        let section = Self.designSection
        guard let fields = fields(of: root, at: .root, section, expecting: "a map of design sections (factors, design, ...)") else { return nil }
        let errorsBefore = errorCount
        var factors: [SweepDesign.Factor] = []
        if let node = valueNode(fields, section["factors"]),
           let nodes = list(node, at: .root.key("factors"), of: "factors", maximum: SweepDesign.maximumFactors) {
            var names = IdRegistry()
            for (i, element) in nodes.enumerated() {
                if let factor = factor(element, at: FieldPath.root.key("factors").index(i), names: &names) { factors.append(factor) }
            }
        }
        var kind: SweepDesign.Kind?
        var points: Int?
        var designSeed: UInt64 = 1
        var listPoints: [SweepDesign.ListPoint] = []
        if let node = valueNode(fields, section["design"]) {
            let path = FieldPath.root.key("design")
            if case .scalar = node {
                kind = choice(node, at: path, "design", of: SweepDesign.Kind.self)
            } else if let kindFields = self.fields(of: node, at: path, Self.designKindSection, expecting: "a design kind or a map {kind, ...}") {
                kind = choice(kindFields, Self.designKindSection["kind"], "design", of: SweepDesign.Kind.self)
                if let seedNode = kindFields["seed"], let seed = seed(seedNode, at: path.key("seed")) { designSeed = seed }
                let pointsNode = kindFields["points"]
                switch kind {
                case .latinHypercube:
                    if let pointsNode { points = integer(pointsNode, at: path.key("points"), minimum: 2, maximum: SweepDesign.maximumPoints) } else {
                        error(at: node, path.key("points"), "required key is missing: a Latin hypercube needs its number of points")
                    }
                case .list:
                    if let pointsNode, let nodes = list(pointsNode, at: path.key("points"), of: "points", maximum: SweepDesign.maximumPoints) {
                        for (i, element) in nodes.enumerated() {
                            if let point = listPoint(element, at: path.key("points").index(i), factors: factors) { listPoints.append(point) }
                        }
                    } else if pointsNode == nil {
                        error(at: node, path.key("points"), "required key is missing: a list design lists its points")
                    }
                case .fullFactorial, .oneAtATime:
                    if let pointsNode { error(at: pointsNode, path.key("points"), "only latin_hypercube and list designs take points") }
                case nil:
                    break
                }
                if let seedNode = kindFields["seed"], kind != .latinHypercube {
                    error(at: seedNode, path.key("seed"), "only a latin_hypercube design draws, and takes a seed")
                }
            }
            if kind == .latinHypercube, case .scalar = node {
                error(at: node, path, "a Latin hypercube needs its number of points: write design: {kind: latin_hypercube, points: N}")
            }
            if kind == .list, case .scalar = node {
                error(at: node, path, "a list design lists its points: write design: {kind: list, points: [...]}")
            }
        }
        if kind == .fullFactorial || kind == .oneAtATime {
            for (i, factor) in factors.enumerated() where factor.levels == nil && factor.range?.steps == nil && kind == .fullFactorial {
                report(.error, at: factor.range?.location ?? factor.location, FieldPath.root.key("factors").index(i).key("range"),
                       "a full factorial design takes each factor's levels: give the range its steps")
            }
        }
        var measures: [SweepDesign.Named]?
        if let node = valueNode(fields, section["measures"]), let nodes = list(node, at: .root.key("measures"), of: "measures") {
            measures = nodes.enumerated().compactMap { i, element in
                name(element, at: FieldPath.root.key("measures").index(i)).map { SweepDesign.Named($0, at: location(of: element)) }
            }
        }
        let replications = integer(fields, section["replications"])
        let runSeed = fields["seed"].flatMap { seed($0, at: .root.key("seed")) }
        var pareto: [SweepDesign.ParetoPair] = []
        if let node = valueNode(fields, section["pareto"]), let nodes = list(node, at: .root.key("pareto"), of: "Pareto pairs") {
            for (i, element) in nodes.enumerated() {
                let path = FieldPath.root.key("pareto").index(i)
                let table = Self.paretoSection
                guard let pair = self.fields(of: element, at: path, table) else { continue }
                let x = text(pair, table["x"]), y = text(pair, table["y"])
                let xBetter = pair["x_better"].flatMap { betterChoice($0, at: path.key("x_better")) }
                let yBetter = pair["y_better"].flatMap { betterChoice($0, at: path.key("y_better")) }
                if let x, let y {
                    pareto.append(SweepDesign.ParetoPair(
                        x: SweepDesign.Named(x, at: location(of: pair["x"]!)), y: SweepDesign.Named(y, at: location(of: pair["y"]!)),
                        xHigherIsBetter: xBetter, yHigherIsBetter: yBetter))
                }
            }
        }
        guard errorCount == errorsBefore, let kind else { return nil }
        return SweepDesign(factors: factors, kind: kind, points: points, designSeed: designSeed, listPoints: listPoints,
                           measures: measures, replications: replications, seed: runSeed, pareto: pareto)
    }

    private mutating func betterChoice(_ node: Node, at path: FieldPath) -> Bool? {
        guard let word = text(node, at: path) else { return nil }
        switch word {
        case "higher": return true
        case "lower": return false
        default:
            error(at: node, path, Suggestion.unknown("direction", word, among: ["lower", "higher"]))
            return nil
        }
    }

    private mutating func factor(_ node: Node, at path: FieldPath, names: inout IdRegistry) -> SweepDesign.Factor? {
        let section = Self.factorSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        let errorsBefore = errorCount
        var fieldPath: FieldPath?
        if let pathNode = valueNode(fields, section["path"]), let text = text(pathNode, at: path.key("path")) {
            do {
                fieldPath = try FieldPath(parsing: text)
            } catch {
                var at = location(of: pathNode)
                if case .scalar(let scalar) = pathNode, scalar.style == .plain { at.column += error.column - 1 }
                report(.error, at: at, path.key("path"), "not a path: \(error.message)")
            }
        }
        var name = fields["name"].flatMap { self.name($0, at: path.key("name")) }
        if name == nil, !fields.has("name"), let fieldPath {
            name = fieldPath.lastKey ?? fieldPath.description
        }
        if let name {
            if let line = names.line(of: name) {
                let hint = fields.has("name") ? "" : " (the name comes from the path's last key: give the factor a name)"
                error(at: fields["name"] ?? fields.node, path.key("name"), "duplicate factor name '\(name)', first used at line \(line)\(hint)")
            } else {
                names.insert(name, line: location(of: node).line)
            }
        }
        var levels: [SweepDesign.Level]?
        if let levelsNode = fields["levels"], let nodes = list(levelsNode, at: path.key("levels"), of: "levels", maximum: SweepDesign.maximumPoints) {
            var read: [SweepDesign.Level] = []
            for (i, element) in nodes.enumerated() {
                do {
                    read.append(SweepDesign.Level(try FieldValue(node: element), at: location(of: element)))
                } catch {
                    self.error(at: element, path.key("levels").index(i), error.message)
                }
            }
            var seen: Set<FieldValue> = []
            for (i, level) in read.enumerated() where !seen.insert(level.value).inserted {
                report(.error, at: level.location, path.key("levels").index(i), "the level \(level.value) is listed twice")
            }
            levels = read
        }
        let range = fields["range"].flatMap { self.range($0, at: path.key("range")) }
        switch (fields.has("levels"), fields.has("range")) {
        case (false, false): error(at: node, path, "a factor needs levels or a range")
        case (true, true): error(at: fields.keyNode("range"), path.key("range"), "give either levels or a range, not both")
        default: break
        }
        guard errorCount == errorsBefore, let name, let fieldPath else { return nil }
        return SweepDesign.Factor(name: name, path: fieldPath, levels: levels, range: range, location: location(of: node))
    }

    private mutating func range(_ node: Node, at path: FieldPath) -> SweepDesign.Range? {
        let section = Self.rangeSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        let errorsBefore = errorCount
        let from = value(fields, section["from"])
        let to = value(fields, section["to"])
        let scale = choice(fields, section["scale"], "scale", of: SweepDesign.Scale.self) ?? .linear
        var integer = false
        if let node = fields["integer"] {
            if case .scalar = node, node.tagName == .bool, let flag = Bool.construct(from: node.scalar!) {
                integer = flag
            } else {
                error(at: node, path.key("integer"), "expected true or false, found \(describe(node))")
            }
        }
        let steps = fields["steps"].flatMap { self.integer($0, at: path.key("steps"), minimum: 2, maximum: 10_000) }
        let unit = self.text(fields, section["unit"])
        if let from, let to, from >= to {
            error(at: fields["to"]!, path.key("to"), "must be greater than from (\(formatted(from))), found \(formatted(to))")
        }
        if scale == .log, let from, from <= 0 {
            error(at: fields["from"]!, path.key("from"), "a log scale needs from greater than 0, found \(formatted(from))")
        }
        guard errorCount == errorsBefore, let from, let to else { return nil }
        return SweepDesign.Range(from: from, to: to, scale: scale, integer: integer, steps: steps, unit: unit, location: location(of: node))
    }

    private mutating func listPoint(_ node: Node, at path: FieldPath, factors: [SweepDesign.Factor]) -> SweepDesign.ListPoint? {
        let names = factors.map(\.name)
        guard let fields = fields(of: node, at: path, keys: names, expecting: "a map from factor names to values") else { return nil }
        var levels: [Int: SweepDesign.Level] = [:]
        for entry in fields.entries {
            guard let f = names.firstIndex(of: entry.key) else { continue }
            do {
                levels[f] = SweepDesign.Level(try FieldValue(node: entry.value), at: location(of: entry.value))
            } catch {
                self.error(at: entry.value, path.key(entry.key), error.message)
            }
        }
        return SweepDesign.ListPoint(levels: levels, location: location(of: node))
    }
}

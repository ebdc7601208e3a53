import ScenarioModel
import Stochastics

/// One point of a design: a level for each factor, or none where the base scenario's own value holds.
public struct SweepPoint: Sendable, Hashable {
    public var index: Int
    /// By factor.
    public var levels: [SweepDesign.Level?]

    public init(index: Int, levels: [SweepDesign.Level?]) {
        self.index = index
        self.levels = levels
    }

    /// The point's changes to the base scenario, each located where the design wrote its value.
    public func overrides(_ design: SweepDesign) -> [FieldOverride] {
        zip(design.factors, levels).compactMap { factor, level in
            level.map { FieldOverride(factor.path, $0.value, location: $0.location) }
        }
    }
}

/// The points of a design, from its factors: the design's kind decides which.
public enum DesignPoints {
    /// The levels a factor takes in a full factorial or one-at-a-time design: its own, or its range
    /// cut into steps (the two ends without steps).
    public static func levels(of factor: SweepDesign.Factor) -> [SweepDesign.Level] {
        if let levels = factor.levels { return levels }
        guard let range = factor.range else { return [] }
        return range.levels(range.steps ?? 2).map { SweepDesign.Level($0, at: range.location) }
    }

    /// How many points the design has, without making them (a factorial's product may be huge).
    public static func count(_ design: SweepDesign) -> Double {
        switch design.kind {
        case .fullFactorial: design.factors.reduce(1.0) { $0 * Double(levels(of: $1).count) }
        case .latinHypercube: Double(design.points ?? 0)
        case .oneAtATime: 1 + design.factors.reduce(0.0) { $0 + Double(levels(of: $1).count) }
        case .list: Double(design.listPoints.count)
        }
    }

    /// Every point, in the design's order. Call after `count` is within bounds.
    public static func make(_ design: SweepDesign) -> [SweepPoint] {
        let factors = design.factors
        switch design.kind {
        case .fullFactorial:
            var points: [[SweepDesign.Level?]] = [[]]
            for factor in factors {
                let levels = levels(of: factor)
                points = points.flatMap { prefix in levels.map { prefix + [$0] } }
            }
            return points.enumerated().map { SweepPoint(index: $0.offset, levels: $0.element) }
        case .oneAtATime:
            var points = [SweepPoint(index: 0, levels: Array(repeating: nil, count: factors.count))]
            for (f, factor) in factors.enumerated() {
                for level in levels(of: factor) {
                    var values = [SweepDesign.Level?](repeating: nil, count: factors.count)
                    values[f] = level
                    points.append(SweepPoint(index: points.count, levels: values))
                }
            }
            return points
        case .list:
            return design.listPoints.enumerated().map { i, point in
                SweepPoint(index: i, levels: factors.indices.map { point.levels[$0] })
            }
        case .latinHypercube:
            return latinHypercube(design)
        }
    }

    /// A Latin hypercube of `design.points` points: each factor's range (or list of levels) cut into
    /// n equal strata, one point in each, a stratum's point drawn uniformly within it, the strata of
    /// the factors paired by independent random permutations. Drawn from the GSL stream named
    /// `latin_hypercube` of the design's own seed, factor by factor, so the same design gives the same points.
    static func latinHypercube(_ design: SweepDesign) -> [SweepPoint] {
        let n = design.points ?? 0
        let stream = RandomStream(master: design.designSeed, replication: 0, name: "latin_hypercube")
        var columns: [[SweepDesign.Level]] = []
        for factor in design.factors {
            var strata = Array(0..<n)
            // Fisher–Yates, from the end.
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = min(i, Int(stream.uniform() * Double(i + 1)))
                strata.swapAt(i, j)
            }
            let column = strata.map { stratum -> SweepDesign.Level in
                let u = (Double(stratum) + stream.uniform()) / Double(n)
                if let range = factor.range { return SweepDesign.Level(range.value(at: u), at: range.location) }
                let levels = factor.levels ?? []
                return levels[min(levels.count - 1, Int(u * Double(levels.count)))]
            }
            columns.append(column)
        }
        return (0..<n).map { i in SweepPoint(index: i, levels: columns.map { $0[i] }) }
    }
}

import Foundation
import Interchange

/// A designed experiment over a scenario (`onestop sweep SCENARIO DESIGN`): the factors, each a
/// field path and its levels or a range, and how points are chosen from them. Read from a design
/// file by `DesignParser`; the points themselves are made by `Experiments.DesignPoints`.
public struct SweepDesign: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Every combination of the factors' levels, the first factor varying slowest.
        case fullFactorial = "full_factorial"
        /// `points` points, each factor's range cut into `points` strata and each stratum used once.
        case latinHypercube = "latin_hypercube"
        /// The base scenario, then each factor at each of its levels with the others as the base has them.
        case oneAtATime = "one_at_a_time"
        /// The points listed in the design.
        case list
    }

    public enum Scale: String, Sendable, Hashable, CaseIterable {
        case linear, log
    }

    /// A value as the design wrote it, and where.
    public struct Level: Sendable, Hashable {
        public var value: FieldValue
        public var location: SourceLocation

        public init(_ value: FieldValue, at location: SourceLocation) {
            self.value = value
            self.location = location
        }
    }

    /// A numeric range: evenly spaced on its scale, whole numbers when `integer`, written with `unit`.
    public struct Range: Sendable, Hashable {
        public var from: Double
        public var to: Double
        public var scale: Scale
        public var integer: Bool
        /// Levels of a full factorial or one-at-a-time design: the range cut into `steps` − 1 equal
        /// parts on its scale (2 for one-at-a-time without it: the two ends).
        public var steps: Int?
        /// Written after each value (`min` makes `12.5 min`), for durations in another unit.
        public var unit: String?
        public var location: SourceLocation

        public init(from: Double, to: Double, scale: Scale = .linear, integer: Bool = false, steps: Int? = nil, unit: String? = nil,
                    location: SourceLocation) {
            self.from = from
            self.to = to
            self.scale = scale
            self.integer = integer
            self.steps = steps
            self.unit = unit
            self.location = location
        }

        /// The number at `u` of the way along the range (0 ≤ u ≤ 1), on its scale.
        public func number(at u: Double) -> Double {
            let x = switch scale {
            case .linear: from + u * (to - from)
            case .log: exp(log(from) + u * (log(to) - log(from)))
            }
            return integer ? x.rounded() : x
        }

        /// The value at `u` of the way along the range, as the scenario gets it.
        public func value(at u: Double) -> FieldValue { value(of: number(at: u)) }

        public func value(of x: Double) -> FieldValue {
            let number = integer ? String(Int(x)) : (NumberText.shortest(x) ?? "\(x)")
            return .scalar(unit.map { "\(number) \($0)" } ?? number, quoted: false)
        }

        /// The `count` evenly spaced values from `from` to `to`, repeated whole numbers dropped.
        public func levels(_ count: Int) -> [FieldValue] {
            var seen: Set<Double> = []
            var values: [FieldValue] = []
            for i in 0..<count {
                let x = number(at: count == 1 ? 0 : Double(i) / Double(count - 1))
                if seen.insert(x).inserted { values.append(value(of: x)) }
            }
            return values
        }
    }

    public struct Factor: Sendable, Hashable {
        /// The column name in sweep.csv: the design's `name`, or the path's last key.
        public var name: String
        public var path: FieldPath
        public var levels: [Level]?
        public var range: Range?
        public var location: SourceLocation

        public init(name: String, path: FieldPath, levels: [Level]? = nil, range: Range? = nil, location: SourceLocation) {
            self.name = name
            self.path = path
            self.levels = levels
            self.range = range
            self.location = location
        }
    }

    /// A name the design gives (a measure, a factor in a Pareto pair), and where.
    public struct Named: Sendable, Hashable {
        public var name: String
        public var location: SourceLocation

        public init(_ name: String, at location: SourceLocation) {
            self.name = name
            self.location = location
        }
    }

    /// A point of a `list` design: a level for some factors (the rest as the base has them).
    public struct ListPoint: Sendable, Hashable {
        /// By factor position.
        public var levels: [Int: Level]
        public var location: SourceLocation
    }

    /// Two columns whose Pareto front the report draws; which way each is better (`nil`: the
    /// measure's own sense, lower for a factor).
    public struct ParetoPair: Sendable, Hashable {
        public var x: Named
        public var y: Named
        public var xHigherIsBetter: Bool?
        public var yHigherIsBetter: Bool?
    }

    public var factors: [Factor]
    public var kind: Kind
    /// Points of a Latin hypercube.
    public var points: Int?
    /// The Latin hypercube's own seed (not the runs').
    public var designSeed: UInt64
    public var listPoints: [ListPoint]
    /// The measures to report, as `summary.json` names them (`nil`: the scenario's headline measures).
    public var measures: [Named]?
    /// Replications of every point (`nil`: the scenario's run.replications).
    public var replications: Int?
    /// The master seed of every point's runs (`nil`: the scenario's run.seed).
    public var seed: UInt64?
    public var pareto: [ParetoPair]

    /// Most factors a design may have.
    public static let maximumFactors = 64
    /// Most points a Latin hypercube or a list may hold (a factorial's product is checked against the
    /// run limits where the points are made).
    public static let maximumPoints = 1_000_000
}

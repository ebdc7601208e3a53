import Experiments
import Interchange
import QueueingNetwork

/// summary.json's `warmup` (the MSER-5 choice and its evidence) and `batches` (batch means and the
/// lag-1 autocorrelation of every measure's batch means).
extension Summary {
    /// Most points of a station's MSER curve written to summary.json: a long series is thinned to
    /// evenly spaced truncation points, the chosen one always among them.
    public static let curvePoints = 200

    /// The `warmup` entry: method, chosen time, and per station the series length, its truncation
    /// point and the (thinned) MSER curve.
    static func warmupEntry(_ choice: WarmupChoice) -> JSONValue {
        .object([
            ("method", .string("mser-5")),
            ("chosen", JSONValue(choice.time)),
            ("batch_size", JSONValue(WaitSeries.batchSize)),
            ("replications_pooled", JSONValue(choice.replications)),
            ("series", .string("per station, the waits of successive customers in the order their services start, from time 0, in means of 5; averaged over the replications")),
            ("stations", .object(choice.stations.map { c in
                let points = thinned(c)
                return (c.station, .object([
                    ("batches", JSONValue(c.batches)),
                    ("truncated_batches", c.truncation.map { JSONValue($0) } ?? .null),
                    ("time", JSONValue(c.time)),
                    ("at_limit", .bool(c.atLimit)),
                    ("curve", .object([
                        ("truncated_batches", .array(points.map { JSONValue($0) })),
                        ("time", .array(points.map { JSONValue(c.times[$0]) })),
                        ("mser", .array(points.map { JSONValue(c.mser[$0]) })),
                    ])),
                ]))
            })),
        ])
    }

    /// The truncation points written for a curve: all of them up to `curvePoints`, else evenly
    /// spaced ones with the chosen point and the last.
    static func thinned(_ c: WarmupChoice.StationCurve) -> [Int] {
        let n = c.mser.count
        guard n > curvePoints else { return Array(0..<n) }
        let step = Double(n - 1) / Double(curvePoints - 1)
        var points = Set((0..<curvePoints).map { Int((Double($0) * step).rounded()) })
        points.insert(n - 1)
        if let d = c.truncation { points.insert(d) }
        return points.sorted()
    }

    /// The `batches` entry: how many, how long, the correlation limit, and every measure's lag-1
    /// autocorrelation over the batch means.
    static func batchesEntry(_ result: ExperimentResult, _ batches: BatchMeans) -> JSONValue {
        let model = result.model
        return .object([
            ("count", JSONValue(batches.count)),
            ("length", JSONValue(batches.length)),
            ("correlation_limit", JSONValue(BatchMeans.correlationLimit)),
            ("lag1_autocorrelation", .object([
                ("stations", .object(model.stations.enumerated().map { s, station in
                    (station.id, .object(StationMeasure.allCases.map { ($0.rawValue, JSONValue(result.lag1Autocorrelation($0, station: s))) }))
                })),
                ("classes", .object(model.classes.enumerated().map { k, c in
                    (c.id, .object(ClassMeasure.allCases.map { ($0.rawValue, JSONValue(result.lag1Autocorrelation($0, classIndex: k))) }))
                })),
                ("system", .object(SystemMeasure.allCases.map { ($0.rawValue, JSONValue(result.lag1Autocorrelation($0))) })),
            ])),
        ])
    }
}

import QueueingNetwork

/// How one long replication was cut into batches (`run.batches`): each batch's measures are one
/// observation, and every estimate's mean and 95% interval come from the batch means (Student t with
/// N − 1 degrees of freedom), as they come from replications otherwise.
public struct BatchMeans: Sendable, Hashable {
    /// Batches, N.
    public var count: Int
    /// Simulated time per batch (the scenario's unit): the duration over N.
    public var length: Double

    /// The lag-1 autocorrelation of a measure's batch means above which the batches are called too
    /// short. The t interval treats the batch means as independent; for means that are correlated
    /// like an AR(1) series with lag-1 correlation ρ, the variance of their mean is larger by about
    /// (1 + ρ) / (1 − ρ): at ρ = 0.2 that is 1.5, an interval about a fifth too narrow.
    public static let correlationLimit = 0.2

    /// The station measures whose batch means the warning watches: the mean wait, and the mean queue
    /// (a time average, defined even in a batch where no service started).
    public static let watchedMeasures: [StationMeasure] = [.meanWait, .meanQueueLength]

    public init(count: Int, length: Double) {
        self.count = count
        self.length = length
    }

    /// The lag-1 autocorrelation of a series, Σ (xᵢ − x̄)(xᵢ₊₁ − x̄) / Σ (xᵢ − x̄)²; `nil` when a value
    /// is missing, there are fewer than 3, or they do not vary.
    public static func lag1Autocorrelation(_ values: [Double?]) -> Double? {
        let xs = values.compactMap { $0 }
        guard xs.count == values.count, xs.count >= 3 else { return nil }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let squares = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard squares > 0 else { return nil }
        var products = 0.0
        for i in 0..<(xs.count - 1) { products += (xs[i] - mean) * (xs[i + 1] - mean) }
        return products / squares
    }
}

extension ExperimentResult {
    /// A station measure's lag-1 autocorrelation over the batches, in batch order.
    public func lag1Autocorrelation(_ measure: StationMeasure, station: Int) -> Double? {
        let m = StationMeasure.allCases.firstIndex(of: measure)!
        return BatchMeans.lag1Autocorrelation(replications.map { $0.stations[station][m] })
    }

    /// A class measure's lag-1 autocorrelation over the batches.
    public func lag1Autocorrelation(_ measure: ClassMeasure, classIndex: Int) -> Double? {
        let m = ClassMeasure.allCases.firstIndex(of: measure)!
        return BatchMeans.lag1Autocorrelation(replications.map { $0.classes[classIndex][m] })
    }

    /// A system measure's lag-1 autocorrelation over the batches.
    public func lag1Autocorrelation(_ measure: SystemMeasure) -> Double? {
        let m = SystemMeasure.allCases.firstIndex(of: measure)!
        return BatchMeans.lag1Autocorrelation(replications.map { $0.system[m] })
    }

    /// Warnings for a batch-means run: each station where a watched measure's batch means are
    /// correlated above `BatchMeans.correlationLimit` (the larger named).
    public var batchWarnings: [String] {
        guard let batches else { return [] }
        return model.stations.indices.compactMap { s in
            let worst = BatchMeans.watchedMeasures.compactMap { m in lag1Autocorrelation(m, station: s).map { (m, $0) } }
                .max { $0.1 < $1.1 }
            guard let (measure, r) = worst, r > BatchMeans.correlationLimit else { return nil }
            return "batch means: station \(model.stations[s].id)'s \(measure.rawValue) has lag-1 autocorrelation \(String(format: "%.2f", r)) over \(batches.count) batches (above \(BatchMeans.correlationLimit)): the batches are too short for independent means; use fewer, longer batches or a longer run"
        }
    }
}

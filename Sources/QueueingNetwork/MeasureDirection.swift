/// Which way a measure is better, declared with the measure: a comparison marks a significant
/// difference better or worse by it.
public enum MeasureDirection: String, Sendable, Hashable, CaseIterable {
    /// Lower is better (a wait, a queue, a share turned away).
    case lowerIsBetter = "lower_is_better"
    /// Higher is better (a service level, an on-time rate).
    case higherIsBetter = "higher_is_better"
    /// Neither: the measure describes the load or the use of capacity (throughput, utilisation).
    case neutral

    /// `better`, `worse`, or for a neutral measure `higher` or `lower`, of a difference (new − old).
    public func change(_ difference: Double) -> String {
        switch self {
        case .lowerIsBetter: difference < 0 ? "better" : "worse"
        case .higherIsBetter: difference > 0 ? "better" : "worse"
        case .neutral: difference > 0 ? "higher" : "lower"
        }
    }
}

extension StationMeasure {
    public var direction: MeasureDirection {
        switch self {
        case .meanWait, .pWait, .meanQueueLength, .meanInSystem, .pBlocked, .pAbandon, .meanSojourn, .waitP50, .waitP90, .waitP95: .lowerIsBetter
        case .serviceLevel, .onTimeRate: .higherIsBetter
        case .utilization, .throughput: .neutral
        }
    }
}

extension ClassMeasure {
    public var direction: MeasureDirection {
        switch self {
        case .meanWait, .meanSojourn, .responseP95: .lowerIsBetter
        case .serviceLevel, .onTimeRate, .oneVisitRate: .higherIsBetter
        }
    }
}

extension SystemMeasure {
    public var direction: MeasureDirection {
        switch self {
        case .meanSojourn: .lowerIsBetter
        case .throughput: .neutral
        }
    }
}

import Stochastics

/// A target judged with the uncertainty of its estimate: `pass` when the whole 95% interval meets
/// the target, `fail` when the whole interval misses it, `undecided` when the interval straddles it
/// (or when there is no interval: one replication, or nothing measured).
///
/// Every place that judges a rule or a target (the run's rules, the planner's verified targets, the
/// room layout's rejection) goes through `Verdict.judge`, so the terminal, summary.json, the report
/// and the planner read the same three words.
public enum Verdict: String, Sendable, Hashable, CaseIterable {
    case pass, fail, undecided

    /// The verdict of an interval `[lower, upper]` against `target`: at most the target passes when
    /// `atMost`, at least the target otherwise. The ends count as meeting the target.
    public static func judge(lower: Double, upper: Double, target: Double, atMost: Bool) -> Verdict {
        if atMost {
            if upper <= target { return .pass }
            if lower > target { return .fail }
        } else {
            if lower >= target { return .pass }
            if upper < target { return .fail }
        }
        return .undecided
    }

    /// The verdict of a mean over replications with the half-width of its 95% interval (Student t).
    public static func judge(_ estimate: (mean: Double?, halfWidth: Double?, count: Int), target: Double, atMost: Bool) -> Judgement {
        guard let mean = estimate.mean, mean.isFinite else { return Judgement(verdict: .undecided, replicationsToDecide: nil, reason: .notMeasured) }
        guard let h = estimate.halfWidth, h.isFinite else { return Judgement(verdict: .undecided, replicationsToDecide: nil, reason: .noInterval) }
        let verdict = judge(lower: mean - h, upper: mean + h, target: target, atMost: atMost)
        guard verdict == .undecided else { return Judgement(verdict: verdict, replicationsToDecide: nil, reason: nil) }
        let needed = replicationsToDecide(mean: mean, halfWidth: h, count: estimate.count, target: target)
        return Judgement(verdict: .undecided, replicationsToDecide: needed, reason: mean == target ? .onTarget : .straddles)
    }

    /// The most replications `replicationsToDecide` looks for.
    public static let maximumReplicationsEstimated = 10_000_000

    /// The replications after which the interval of a mean `mean` ± `halfWidth` over `count`
    /// replications would exclude `target`, if the mean and the standard deviation stayed as they
    /// are: the least n with t(n−1) · s / √n below |mean − target|, where s = halfWidth · √count / t(count−1).
    /// `nil` when the mean is on the target (no number of replications decides it), when there is no
    /// spread to extrapolate from, or beyond `maximumReplicationsEstimated`.
    public static func replicationsToDecide(mean: Double, halfWidth: Double, count: Int, target: Double) -> Int? {
        let distance = abs(mean - target)
        guard count >= 2, halfWidth > 0, distance > 0 else { return nil }
        let sd = halfWidth * Double(count).squareRoot() / StudentT.halfWidthFactor(degreesOfFreedom: count - 1)
        func decides(_ n: Int) -> Bool { StudentT.halfWidthFactor(degreesOfFreedom: n - 1) * sd / Double(n).squareRoot() < distance }
        // The normal quantile is below every t quantile: its n is a lower bound.
        let z = 1.959963984540054
        let lowerBound = (z * sd / distance) * (z * sd / distance)
        guard lowerBound < Double(maximumReplicationsEstimated) else { return nil }
        var low = max(count + 1, Int(lowerBound.rounded(.up)))
        if decides(low) { return low }
        // Grow until decided, then bisect: the half-width falls as n grows.
        var high = low
        while !decides(high) {
            low = high
            high *= 2
            if high > maximumReplicationsEstimated { return nil }
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            if decides(middle) { high = middle } else { low = middle }
        }
        return high
    }
}

/// A verdict with, for an undecided one, the replications an estimate says would decide it.
public struct Judgement: Sendable, Hashable {
    /// Why a verdict is undecided.
    public enum Reason: String, Sendable, Hashable {
        /// The interval straddles the target.
        case straddles
        /// The mean is exactly on the target: no number of replications decides it.
        case onTarget = "on_target"
        /// One replication: no interval.
        case noInterval = "no_interval"
        /// No replication defined the measure.
        case notMeasured = "not_measured"
    }

    public var verdict: Verdict
    /// For an undecided verdict, the replications after which the interval would exclude the
    /// target if the mean and standard deviation stayed as they are; `nil` when decided or when no
    /// estimate can be made.
    public var replicationsToDecide: Int?
    /// Why the verdict is undecided; `nil` when decided.
    public var reason: Reason?

    public init(verdict: Verdict, replicationsToDecide: Int? = nil, reason: Reason? = nil) {
        self.verdict = verdict
        self.replicationsToDecide = replicationsToDecide
        self.reason = reason
    }

    /// What an undecided verdict needs, in a few words, or `nil` when decided.
    public var note: String? {
        switch reason {
        case nil: nil
        case .straddles?: replicationsToDecide.map { "the 95% interval straddles the target; about \($0) replications would decide it" }
            ?? "the 95% interval straddles the target"
        case .onTarget?: "the mean is on the target: more replications cannot decide it"
        case .noInterval?: "one replication gives no interval: run at least two"
        case .notMeasured?: "nothing measured it"
        }
    }
}

import Foundation
import QueueingNetwork
import SimCore

/// The warm-up `run.warmup: auto` chose by MSER-5, with the evidence: per station, the MSER curve
/// of its pooled wait series and the truncation point it gives.
///
/// The replications are run twice with the same random numbers. The pilot pass runs each from time
/// 0 without a warm-up and records, per station, the waits of successive customers (in the order
/// their services start) as means of batches of 5 (`WaitSeries`). Per station the replications'
/// series are averaged index by index over the length of the shortest, MSER is computed for every
/// truncation point d in the first half of that pooled series, and the least gives d; its time is
/// the clock time batch d ended, averaged over the replications. The warm-up is the largest of the
/// stations' times. The measured pass then runs the same replications with that warm-up: they follow
/// the same sample paths, so it is the pilot's replications truncated at the warm-up, with the run's
/// `duration` measured after it.
public struct WarmupChoice: Sendable, Hashable {
    /// One station's pooled series and its MSER curve.
    public struct StationCurve: Sendable, Hashable {
        public var station: String
        /// Complete batches of 5 waits in the pooled series (the shortest replication's count).
        public var batches: Int
        /// MSER(d) for d = 0 … ⌊batches / 2⌋ batches dropped; empty when the series is too short.
        public var mser: [Double]
        /// The clock time batch d ended, averaged over the replications (0 for d = 0), for each d of `mser`.
        public var times: [Double]
        /// The chosen truncation point, in batches of 5 waits; `nil` when the series is too short.
        public var truncation: Int?
        /// The warm-up this station asks for (simulated time); `nil` when the series is too short.
        public var time: Double? { truncation.map { times[$0] } }
        /// True when the least MSER lies at the end of the half searched: the transient may last
        /// longer than half the run, and a longer run would tell.
        public var atLimit: Bool { truncation != nil && truncation == mser.count - 1 && mser.count > 1 }
    }

    /// Fewest batches of 5 a station's pooled series needs for a choice (50 waits).
    public static let minimumBatches = 10

    /// The chosen warm-up in simulated time (the scenario's unit): the largest of the stations'.
    public var time: Double
    /// Per station, in the model's order.
    public var stations: [StationCurve]
    /// The replications pooled.
    public var replications: Int

    /// The choice from the replications' wait series, pooled.
    init(pooled: PooledSeries, stations ids: [String]) {
        replications = pooled.replications
        stations = ids.enumerated().map { s, id in
            let length = s < pooled.length.count ? pooled.length[s] : 0
            guard pooled.replications > 0, length >= Self.minimumBatches else {
                return StationCurve(station: id, batches: length, mser: [], times: [], truncation: nil)
            }
            let n = Double(pooled.replications)
            let series = (0..<length).map { pooled.sums[s][$0] / n }
            let mser = MSER.curve(series)
            let times = mser.indices.map { d in d == 0 ? 0 : pooled.endSums[s][d - 1] / n }
            return StationCurve(station: id, batches: length, mser: mser, times: times, truncation: MSER.truncation(mser))
        }
        time = stations.compactMap(\.time).max() ?? 0
    }

    /// The choice from each replication's wait series (`series[r][s]` for replication r, station s).
    public init(series: [[WaitSeries]], stations ids: [String]) {
        var pooled = PooledSeries(stations: ids.count)
        for replication in series { pooled.add(replication) }
        self.init(pooled: pooled, stations: ids)
    }

    /// Warnings for the run: stations whose series was too short to judge, and stations whose curve
    /// was still falling at half the run.
    public var warnings: [String] {
        stations.compactMap { c in
            if c.truncation == nil {
                return "warmup auto: station \(c.station) had \(c.batches * WaitSeries.batchSize) waits in its shortest replication, fewer than \(Self.minimumBatches * WaitSeries.batchSize): no warm-up chosen from it"
            }
            if c.atLimit {
                return "warmup auto: station \(c.station)'s MSER curve is least at half the run (\(c.time ?? 0)): the transient may last longer; lengthen the run"
            }
            return nil
        }
    }
}

extension Experiment {
    /// This experiment with its warm-up chosen by MSER-5 (`WarmupChoice`) when the scenario says
    /// `warmup: auto`, from a pilot pass over all its replications; itself otherwise or once chosen.
    ///
    /// The pilot draws from the replications' own streams at the experiment's seed, so the choice is
    /// the same at a seed whatever `jobs` is, and the same for every shard of the run.
    public func choosingWarmup(jobs: Int = 1) -> Experiment {
        guard model.run.warmupAuto, warmupChoice == nil else { return self }
        var pilotModel = model
        pilotModel.run.warmup = 0
        pilotModel.run.batches = nil
        let pilot = pilotModel
        let box = SeriesBox(stations: model.stations.count)
        let seed = self.seed
        parallel(count: replications, jobs: Swift.max(1, Swift.min(jobs, replications))) { r in
            var simulation = NetworkSimulation(model: pilot, replication: r, seed: seed)
            simulation.recordsWaitSeries = true
            let result = simulation.run()
            box.add(result.waitSeries ?? [], replication: r)
        }
        let choice = WarmupChoice(pooled: box.result(), stations: model.stations.map(\.id))
        var chosen = self
        chosen.model.run.warmup = choice.time
        chosen.warmupChoice = choice
        return chosen
    }
}

/// The replications' wait series summed index by index, per station, over the length of the
/// shortest: what pooling needs, in memory that does not grow with the replications.
struct PooledSeries: Sendable {
    var sums: [[Double]]
    var endSums: [[Double]]
    /// Per station, the shortest series added so far.
    var length: [Int]
    var replications = 0

    init(stations: Int) {
        sums = [[Double]](repeating: [], count: stations)
        endSums = sums
        length = [Int](repeating: 0, count: stations)
    }

    mutating func add(_ series: [WaitSeries]) {
        for s in length.indices {
            let means = s < series.count ? series[s].means : []
            let ends = s < series.count ? series[s].ends : []
            if replications == 0 {
                sums[s] = means
                endSums[s] = ends
                length[s] = means.count
                continue
            }
            let n = Swift.min(length[s], means.count)
            sums[s].removeLast(sums[s].count - n)
            endSums[s].removeLast(endSums[s].count - n)
            for i in 0..<n {
                sums[s][i] += means[i]
                endSums[s][i] += ends[i]
            }
            length[s] = n
        }
        replications += 1
    }
}

/// Wait series pooled as worker threads finish their replications, added in replication order
/// (a replication finished early waits for those before it), so that the sums, and the choice, are
/// the same bits whatever the number of threads.
private final class SeriesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var pooled: PooledSeries
    private var waiting: [Int: [WaitSeries]] = [:]
    private var next = 0

    init(stations: Int) { pooled = PooledSeries(stations: stations) }

    func add(_ series: [WaitSeries], replication r: Int) {
        lock.lock()
        defer { lock.unlock() }
        waiting[r] = series
        while let ready = waiting.removeValue(forKey: next) {
            pooled.add(ready)
            next += 1
        }
    }

    func result() -> PooledSeries {
        lock.lock()
        defer { lock.unlock() }
        return pooled
    }
}

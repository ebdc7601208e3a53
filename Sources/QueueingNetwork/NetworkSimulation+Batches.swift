/// The initial customers, the wait series a warm-up is chosen from, and the cutting of one long
/// replication into batches.
///
/// None of them draws a random number of its own: the initial customers draw their service and
/// patience from their station's streams like any arrival, and the series and the batches only read
/// the engine's state, so a run that records a series or is cut into batches follows the same path as
/// one that is not.
extension NetworkSimulation {
    /// Places each station's `initialInSystem` customers at time 0: the first ones start service, the
    /// rest wait, as if they had all arrived then.
    mutating func placeInitialCustomers() {
        for s in stations.indices where model.stations[s].initialInSystem > 0 {
            for _ in 0..<model.stations[s].initialInSystem {
                guard population < NetworkSimulation.populationCap else {
                    stoppedEarly = "more than \(NetworkSimulation.populationCap) customers in the network at time 0"
                    stopped = true
                    return
                }
                let c = allocateCustomer(classIndex: model.stations[s].initialClass, at: 0)
                arrive(customer: c, station: s, at: 0)
            }
        }
    }

    /// With `run.batches: N` and a duration, the end of the first of N batches of equal length after
    /// the warm-up.
    mutating func scheduleFirstBatchEnd() {
        guard let n = model.run.batches, n > 1, let duration = model.run.duration, duration > 0 else { return }
        batchLength = duration / Double(n)
        calendar.schedule(.batchEnd, at: warmup + batchLength)
    }

    /// Closes the batch ending at `now`: its measures are kept as one observation, the statistics
    /// start afresh (as at the end of the warm-up), and the next batch's end is scheduled.
    mutating func closeBatch(at now: Double) {
        events &-= 1   // bookkeeping, not a model event
        batchResults.append(batchResult(at: now))
        resetStatistics(at: now)
        batchEventsStart = events
        batchArrivalsStart = arrivalsMeasured
        batchSamplesStart = samples.count
        let n = model.run.batches ?? 0
        if batchResults.count < n - 1 {
            calendar.schedule(.batchEnd, at: warmup + Double(batchResults.count + 1) * batchLength)
        }
    }

    /// The replication's result; in a run cut into batches, the last batch's, which closes the list.
    mutating func finalResult(at end: Double) -> ReplicationResult {
        guard batchLength > 0 else { return result(at: end) }
        let last = batchResult(at: end)
        batchResults.append(last)
        return last
    }

    /// The measures since the last batch end (or the warm-up), numbered by batch; the events and
    /// arrivals counted and the samples taken are this batch's own.
    private mutating func batchResult(at end: Double) -> ReplicationResult {
        var batch = result(at: end)
        batch.replication = batchResults.count
        batch.events = events - batchEventsStart
        batch.arrivals = arrivalsMeasured - batchArrivalsStart
        batch.samples = Array(samples[batchSamplesStart...])
        return batch
    }
}

/// One station's waits in the order services started, averaged in batches of `batchSize` (the
/// series MSER-5 reads), with the clock time each batch ended.
public struct WaitSeries: Sendable, Hashable, Codable {
    /// Waits per batch: MSER-5 (White, Cobb and Spratt 2000) reads means of 5 successive observations.
    public static let batchSize = 5
    /// Most batches kept over all stations of a replication (16 bytes each): a station keeps its
    /// share, at least 1,000, and waits past it are not recorded. MSER reads the first half of the
    /// series, so a run whose transient outlasts this says so (`WarmupChoice.StationCurve.atLimit`).
    public static let maximumBatchesPerReplication = 4_000_000
    /// Each complete batch's mean wait, in order.
    public var means: [Double] = []
    /// When each complete batch's last service started (the simulation clock).
    public var ends: [Double] = []
    private var sum = 0.0
    private var count = 0
    private var capacity = Int.max

    public init() {}

    /// An empty series of a model with `stations` stations, keeping at most its share of batches.
    init(stations: Int) {
        capacity = Swift.max(1_000, Self.maximumBatchesPerReplication / Swift.max(1, stations))
    }

    /// Adds one wait, observed when its service started at `now`.
    @inline(__always) mutating func record(_ wait: Double, at now: Double) {
        guard means.count < capacity else { return }
        sum += wait
        count += 1
        if count == Self.batchSize {
            means.append(sum / Double(Self.batchSize))
            ends.append(now)
            sum = 0
            count = 0
        }
    }
}

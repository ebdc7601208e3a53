import Experiments
import QueueingNetwork
import ScenarioModel
import Testing

/// MSER-5 warm-up (`run.warmup: auto`) and batch means (`run.batches`) against exact M/M/c results.
@Suite("Warm-up from the data and batch means")
struct WarmupAndBatchMeansTests {
    // MARK: The statistics themselves

    @Test("MSER cuts a series where its initial transient ends")
    func mserFindsTheTransient() {
        // 20 values far off, then ±1 alternating: dropping exactly the 20 leaves the least spread
        // for the most values (MSER(20) = 1 / 200; any later cut leaves fewer values as spread).
        let series = [Double](repeating: 10, count: 20) + (0..<200).map { $0 % 2 == 0 ? 1.0 : -1.0 }
        let curve = MSER.curve(series)
        #expect(curve.count == series.count / 2 + 1)
        #expect(MSER.truncation(curve) == 20)
        #expect(abs(curve[20] - 1.0 / 200) < 1e-12)
        #expect(MSER.curve([1, 2, 3]).isEmpty)
    }

    @Test("Lag-1 autocorrelation of an alternating and of a trending series")
    func lagOneAutocorrelation() throws {
        // x = ±1 alternating, n even: mean 0, Σx² = n, Σ xᵢxᵢ₊₁ = −(n − 1).
        let alternating: [Double?] = (0..<10).map { $0 % 2 == 0 ? 1 : -1 }
        #expect(abs(try #require(BatchMeans.lag1Autocorrelation(alternating)) + 0.9) < 1e-12)
        let trend: [Double?] = (0..<50).map { Double($0) }
        #expect(try #require(BatchMeans.lag1Autocorrelation(trend)) > 0.9)
        #expect(BatchMeans.lag1Autocorrelation([1, nil, 2, 3]) == nil)
        #expect(BatchMeans.lag1Autocorrelation([2, 2, 2]) == nil)
    }

    // MARK: M/M/c started empty and started full

    static let (servers, arrivalRate, serviceRate) = (2, 1.6, 1.0)
    static let startedFull = 200

    /// M/M/2 at ρ = 0.8, its station holding `initial` customers at time 0.
    func mmc(warmup: Double, auto: Bool, initial: Int, duration: Double = 40_000, replications: Int = 10, seed: UInt64 = 2024) throws -> Experiment {
        let scenario = Scenario(
            name: "mmc", run: RunControl(duration: duration, warmup: warmup, warmupAuto: auto, replications: replications, seed: seed),
            stations: [Station(id: "desk", servers: .fixed(Self.servers), service: exponential(1 / Self.serviceRate), initialInSystem: initial)],
            arrivals: [poisson(Self.arrivalRate)])
        return Experiment(model: try NetworkModel.compile(scenario).model)
    }

    var exactWait: Double {
        QueueingFormulas.erlangC(servers: Self.servers, arrivalRate: Self.arrivalRate, serviceRate: Self.serviceRate).meanWait
    }

    @Test("Started full, no warm-up: the initial customers bias the mean wait past its interval")
    func startedFullWithoutWarmupIsBiased() throws {
        let result = try mmc(warmup: 0, auto: false, initial: Self.startedFull).run(jobs: 2)
        let e = result.estimate(.meanWait, station: 0)
        let (covered, message) = expectCovers(e, exactWait, "started full, warm-up 0")
        #expect(!covered, "\(message)")
        #expect(try #require(e.mean) > exactWait, "\(message)")
    }

    @Test("warmup auto: started empty or full, the mean wait's interval covers Erlang C", arguments: [0, startedFull])
    func autoWarmupRemovesTheBias(initial: Int) throws {
        let result = try mmc(warmup: 0, auto: true, initial: initial).run(jobs: 2)
        let choice = try #require(result.warmup)
        #expect(result.model.run.warmup == choice.time)
        let desk = try #require(choice.stations.first)
        #expect(desk.truncation != nil && !desk.atLimit)
        #expect(desk.mser.count == desk.batches / 2 + 1)
        if initial > 0 {
            // The 200 extra customers drain at about cμ − λ = 0.4 per unit: a fluid drain of 500.
            // The choice must cut at least half of it, and far less than half the run.
            let drain = Double(initial) / (Double(Self.servers) * Self.serviceRate - Self.arrivalRate)
            #expect(choice.time > drain / 2 && choice.time < 40_000 / 4, "chosen \(choice.time), fluid drain \(drain)")
        }
        let (ok, message) = expectCovers(result.estimate(.meanWait, station: 0), exactWait, "initial \(initial), warmup auto (chosen \(choice.time))")
        #expect(ok, "\(message)")
    }

    @Test("warmup auto chooses the same warm-up at a seed whatever the worker threads")
    func autoWarmupIsReproducible() throws {
        let experiment = try mmc(warmup: 0, auto: true, initial: Self.startedFull, duration: 5_000, replications: 4)
        let one = experiment.choosingWarmup(jobs: 1).warmupChoice
        let two = experiment.choosingWarmup(jobs: 2).warmupChoice
        #expect(one != nil && one == two)
    }

    // MARK: Batch means on M/M/1

    /// M/M/1 at ρ = 0.8 as one replication cut into `batches` batches.
    func mm1Batches(_ batches: Int, duration: Double, seed: UInt64 = 77) throws -> ExperimentResult {
        let scenario = Scenario(
            name: "mm1", run: RunControl(duration: duration, warmup: 1_000, batches: batches, replications: 1, seed: seed),
            stations: [Station(id: "desk", servers: .fixed(1), service: exponential(1))], arrivals: [poisson(0.8)])
        return Experiment(model: try NetworkModel.compile(scenario).model).run()
    }

    @Test("Batch means: long batches give an interval covering ρ/(μ − λ) and small autocorrelation")
    func longBatchesCoverTheExactWait() throws {
        // Batches of 20 000 units, some 200 times the M/M/1's relaxation time 1 / (μ(1 − √ρ)²) ≈ 90.
        let result = try mm1Batches(100, duration: 2_000_000)
        #expect(result.replications.count == 100)
        #expect(result.batches == BatchMeans(count: 100, length: 20_000))
        let exact = 0.8 / (1 - 0.8)
        let (ok, message) = expectCovers(result.estimate(.meanWait, station: 0), exact, "batch means, 100 batches")
        #expect(ok, "\(message)")
        let r = try #require(result.lag1Autocorrelation(.meanWait, station: 0))
        #expect(abs(r) < BatchMeans.correlationLimit, "lag-1 autocorrelation \(r)")
        #expect(result.batchWarnings.isEmpty)
    }

    @Test("Batch means: tiny batches are correlated, and the run says so")
    func tinyBatchesAreCorrelated() throws {
        // Batches of 10 units, a tenth of the relaxation time: successive means share their queue.
        let result = try mm1Batches(10_000, duration: 100_000)
        let r = try #require(result.lag1Autocorrelation(.meanQueueLength, station: 0))
        #expect(r > 0.5, "lag-1 autocorrelation \(r)")
        #expect(result.batchWarnings.count == 1)
    }

    @Test("The batches partition the measured span: their services add up to the whole run's")
    func batchesPartitionTheRun() throws {
        let batched = try mm1Batches(8, duration: 8_000, seed: 5)
        let scenario = Scenario(
            name: "mm1", run: RunControl(duration: 8_000, warmup: 1_000, replications: 1, seed: 5),
            stations: [Station(id: "desk", servers: .fixed(1), service: exponential(1))], arrivals: [poisson(0.8)])
        let whole = Experiment(model: try NetworkModel.compile(scenario).model).run().replications[0]
        #expect(batched.replications.map(\.replication) == Array(0..<8))
        #expect(batched.replications.reduce(0) { $0 + $1.stationCounts[0].served } == whole.stationCounts[0].served)
        #expect(batched.replications.reduce(0) { $0 + $1.arrivals } == whole.arrivals)
        #expect(batched.replications.reduce(0) { $0 + $1.events } == whole.events)
        #expect(abs(batched.replications.reduce(0) { $0 + $1.measuredTime } - whole.measuredTime) < 1e-6)
    }
}

import ScenarioModel

/// How much work and output a run may ask for; past these a run is refused before it starts.
///
/// The engine bounds its own memory (the population cap, compaction of stale events), but not its
/// time: a rate of 1e300, a horizon of a billion years or a billion replications would run for
/// ever. The expected number of events, from the long-run rates, tells these apart from a long study
/// before any is simulated.
extension NetworkModel {
    /// Most events a whole run (every replication) is expected to take: at some 10–30 million events
    /// a second per core, about a working day on two cores.
    public static let maximumEvents = 1e12
    /// Most rows `replications.csv` may hold: replications × stations.
    public static let maximumReplicationRows = 1_000_000
    /// Most rows `timeseries.csv` may hold: replications × stations × samples.
    public static let maximumTimeSeriesRows = 5_000_000
    /// Most rows `hourly.csv` may hold: replications × stations × 24 hours of the day. Each replication
    /// keeps its stations' 24 hourly cells until the files are written (about 150 bytes a row in memory
    /// and as much again in the file), so this also bounds the results a run holds.
    public static let maximumHourlyRows = 5_000_000

    /// The events one replication is expected to run, from long-run rates: arrivals, a departure per
    /// station visit (and an abandonment where patience is set), shift changes, samples, and the
    /// hourly profile's mark at every simulated hour. Infinite when a rate or a time is. `loads` are
    /// the `offeredLoads()`, when already at hand.
    public func expectedEventsPerReplication(loads: [(arrivalRate: Double, total: Double)]? = nil) -> Double {
        let loads = loads ?? offeredLoads()
        var perTime = 0.0
        var customersPerTime = 0.0
        for source in sources {
            perTime += source.process.meanRate
            customersPerTime += source.process.meanRate * (source.batch.map { Swift.max(1, $0.mean) } ?? 1)
        }
        for (s, station) in stations.enumerated() {
            perTime += loads[s].arrivalRate * (station.patience == nil ? 1 : 2)
            if case .schedule(let period, let changes) = station.servers, changes.count > 1 {
                perTime += Double(changes.count) / period
            }
        }
        if let every = run.sampleEvery { perTime += 1 / every }
        perTime += timeUnit.seconds / 3600   // the hourly profile's marks
        let measured = run.duration ?? Double(run.customers ?? 0) / customersPerTime
        // With `warmup: auto` a pilot pass over the measured span comes first, and the warm-up it
        // chooses is at most half that span.
        let span = run.warmupAuto ? 2.5 * measured : run.warmup + measured
        let events = span * perTime + 3
        return events.isNaN ? .infinity : events
    }

    /// The rows `timeseries.csv` would hold per replication: one per station per sample time.
    public func timeSeriesRowsPerReplication() -> Double {
        guard let every = run.sampleEvery else { return 0 }
        let measured: Double
        if let duration = run.duration {
            measured = duration
        } else {
            let rate = sources.reduce(0.0) { $0 + $1.process.meanRate * ($1.batch.map { Swift.max(1, $0.mean) } ?? 1) }
            measured = Double(run.customers ?? 0) / rate
        }
        let rows = ((measured / every).rounded(.down) + 1) * Double(stations.count)
        return rows.isNaN ? .infinity : rows
    }

    /// Errors for a run of `replications` replications that would pass a limit, located at the
    /// scenario's `run:` section. `loads` are the `offeredLoads()`, when already at hand.
    public func sizeDiagnostics(replications: Int, loads: [(arrivalRate: Double, total: Double)]? = nil) -> [Diagnostic] {
        let location = run.location ?? SourceLocation(file: name, line: 1, column: 1)
        var problems: [Diagnostic] = []
        let perReplication = expectedEventsPerReplication(loads: loads)
        let events = perReplication * Double(replications)
        if !(events <= Self.maximumEvents) {
            let setting = run.duration != nil ? "run.duration" : "run.customers"
            problems.append(Diagnostic(.error, at: location, path: setting,
                "the run would take \(events.isFinite ? "about " : "")\(Self.rounded(events)) events (\(replications) replications × "
                + "\(Self.rounded(perReplication))); at most \(Self.rounded(Self.maximumEvents)) are supported: "
                + "shorten the run, lower the rates or run fewer replications"))
        }
        let rows = replications.multipliedReportingOverflow(by: stations.count)
        if rows.overflow || rows.partialValue > Self.maximumReplicationRows {
            problems.append(Diagnostic(.error, at: location, path: "run.replications",
                "\(replications) replications of \(stations.count) stations would make "
                + "\(Self.rounded(Double(replications) * Double(stations.count))) rows of replications.csv; "
                + "at most \(Self.maximumReplicationRows) are supported"))
        }
        let hourly = Double(replications) * Double(stations.count) * Double(HourlyProfile.hours)
        if !(hourly <= Double(Self.maximumHourlyRows)) {
            problems.append(Diagnostic(.error, at: location, path: "run.replications",
                "\(replications) replications of \(stations.count) stations would make \(Self.rounded(hourly)) rows of hourly.csv "
                + "(one per replication, station and hour of the day); at most \(Self.rounded(Double(Self.maximumHourlyRows))) are supported: "
                + "run fewer replications"))
        }
        if let batches = run.batches {
            // One long replication, but a row set per batch in replications.csv and hourly.csv.
            let batchRows = Double(batches) * Double(stations.count)
            if !(batchRows <= Double(Self.maximumReplicationRows)) || !(batchRows * Double(HourlyProfile.hours) <= Double(Self.maximumHourlyRows)) {
                problems.append(Diagnostic(.error, at: location, path: "run.batches",
                    "\(batches) batches of \(stations.count) stations would make \(Self.rounded(batchRows * Double(HourlyProfile.hours))) rows of hourly.csv "
                    + "(one per batch, station and hour of the day); at most \(Self.rounded(Double(Self.maximumHourlyRows))) are supported: use fewer batches"))
            }
        }
        let samples = timeSeriesRowsPerReplication() * Double(replications)
        if !(samples <= Double(Self.maximumTimeSeriesRows)) {
            problems.append(Diagnostic(.error, at: location, path: "run.sample_every",
                "the time series would hold about \(Self.rounded(samples)) rows; at most "
                + "\(Self.maximumTimeSeriesRows) are supported: sample less often"))
        }
        return problems
    }

    /// A count as people read it: `3.2e13`, or the whole number below a million.
    private static func rounded(_ x: Double) -> String {
        guard x.isFinite else { return "infinitely many" }
        if x < 1e6 { return String(Int(x.rounded())) }
        var mantissa = x, exponent = 0
        while mantissa >= 10 { mantissa /= 10; exponent += 1 }
        mantissa = (mantissa * 10).rounded() / 10
        if mantissa >= 10 { mantissa /= 10; exponent += 1 }
        return "\(mantissa == mantissa.rounded() ? String(Int(mantissa)) : String(mantissa))e\(exponent)"
    }
}

import ScenarioModel
import SimCore
import Stochastics

/// One replication of a network model: the engine's hot state and its event loop.
///
/// Customers are records in one table, addressed by index and reused through a free list; events are
/// small enum values in the calendar's heap. Nothing is allocated per event once queues have grown.
/// A struct with mutating methods, so that the hot loop needs no dynamic exclusivity checks (a
/// class's stored properties each cost a runtime access check). Noncopyable (`~Copyable`): its
/// tables are shared references without copy-on-write, so a copy would share the customers but not
/// the calendar; the compiler refuses a copy, and a replication is moved or borrowed instead.
public struct NetworkSimulation: ~Copyable {
    /// Most customers in the network at once; a replication that passes it stops early and says so.
    public static let populationCap = 2_000_000

    /// Most events this replication may run; past it, it stops early and says so. Unlimited by default:
    /// the fuzzer and tests set it to bound a run's time.
    public var eventLimit = Int.max
    /// Stale entries tolerated in the calendar beyond the live ones before it is compacted (see
    /// `NetworkSimulation+Compaction.swift`).
    var staleEventSlack = 4096

    enum Event {
        case arrival(source: Int32)
        case departure(customer: Int32, token: UInt32)
        case abandonment(customer: Int32, token: UInt32)
        case escalation(customer: Int32, token: UInt32)
        case shiftChange(station: Int32, change: Int32)
        case sample
        case warmupEnd
        case batchEnd
        case horizon
        case hourMark
    }

    enum CustomerState: UInt8 {
        case free, waiting, inService
    }

    struct StationState {
        var servers: Int
        /// Servers the schedule (or fixed count) provides, before flexible ones.
        var scheduled: Int
        var flexPolicy = -1
        var flexAbove = 0
        var flexBelow = 0
        var flexExtra = 0
        var flexOpen = false
        var escalatePolicy = -1
        var escalateAfter = 0.0
        var waitTarget = Double.infinity
        var hasTarget = false
        var rework = false
        /// Where this station's per-class counts start in `stationClassCounts`, or -1 for none.
        var byClassBase = -1
        var busy = 0
        var waiting = 0
        let capacity: Int
        let infinite: Bool
        let preemptive: Bool
        let prioritised: Bool
        let queueBase: Int
        let levels: Int
        var lastTime = 0.0
        var areaWaiting = 0.0
        var areaBusy = 0.0
        var areaPresent = 0.0
        /// Integral of the servers on shift (flexible ones included), for the hourly profile.
        var areaOnShift = 0.0
        var arrivals = 0
        var blocked = 0
        var abandoned = 0
        var completions = 0
        var waited = 0
        var waits = Tally()
        var sojourns = Tally()
        var counts = StationCounts()

        @inline(__always) mutating func advance(to t: Double) {
            let dt = t - lastTime
            areaWaiting += Double(waiting) * dt
            areaBusy += Double(busy) * dt
            areaPresent += Double(Swift.max(servers, busy)) * dt
            areaOnShift += Double(servers) * dt
            lastTime = t
        }

        mutating func resetStatistics(at t: Double) {
            lastTime = t
            areaWaiting = 0
            areaBusy = 0
            areaPresent = 0
            areaOnShift = 0
            arrivals = 0
            blocked = 0
            abandoned = 0
            completions = 0
            waited = 0
            waits = Tally()
            sojourns = Tally()
            counts = StationCounts()
        }
    }

    let model: NetworkModel
    let replication: Int
    let classCount: Int
    var calendar = EventCalendar<Event>(reservingCapacity: 1024)

    /// One customer's state: class, where it is, and the times its measures need.
    struct Customer {
        var enteredNetwork: Double
        var enteredStation: Double
        var serviceStarted: Double
        /// Service still owed (preemptive-resume); negative before the visit's first service.
        var remaining: Double
        var patienceDeadline: Double
        var classIndex: Int32
        var station: Int32
        /// Changes on every transition, so that stale events and queue entries are recognised.
        var token: UInt32
        var state: CustomerState
        var reworked: Bool
        var responded: Bool
    }

    // Customers, by index, one record each: an event handler reaches a customer's fields through
    // one table (a table per field cost a load of its reference and an index check per field).
    var customers = EngineTable<Customer>()
    var freeList = EngineTable<Int32>()
    var population = 0

    var stations = EngineTable<StationState>()
    var queues = EngineTable<CustomerQueue>()
    /// Customers in service per station, kept only at preemptive stations.
    var inService = EngineTable<[Int32]>()
    /// Queue level per class at prioritised stations (0 is served first).
    let levelOfClass: [Int]
    let service: EngineTable<Sampler?>
    let patience: EngineTable<Sampler?>
    let routeCumulative: EngineTable<[Double]>
    let routeDestination: EngineTable<[Int]>
    let serviceStreams: EngineTable<RandomStream>
    /// At a station with infinitely many servers classes never meet, so in a model of several
    /// classes each class draws its service times there from a stream of its own
    /// (`service/<station>/<class>`, by `station * classes + class`; `nil` elsewhere): a change
    /// upstream that reorders the arrivals at the delay cannot hand one class's draws to another.
    let classServiceStreams: EngineTable<RandomStream?>
    let patienceStreams: EngineTable<RandomStream?>
    let routingStreams: EngineTable<RandomStream>
    let arrivalStreams: EngineTable<RandomStream>
    let batchStreams: EngineTable<RandomStream?>
    let sourceStation: [Int]
    let sourceClass: [Int]
    let sourceProcess: EngineTable<ArrivalGenerator>
    let sourceBatch: EngineTable<Sampler?>
    let shiftChanges: [[(offset: Double, servers: Int)]]
    let shiftPeriods: [Double]
    /// Per station × class: the windows a delay may end in (`StationModel.releaseWindows`); empty
    /// when no station has any.
    let releaseWindows: [NetworkModel.ReleaseWindows?]

    // Statistics outside stations.
    var classWaits: EngineTable<Tally>
    var classSojourns: EngineTable<Tally>
    var classCounts: EngineTable<ClassCounts>
    /// Per-class counts at stations that keep them (`StationState.byClassBase + class`).
    var stationClassCounts: EngineTable<StationCounts>
    /// Per class: whether its response times are kept, and those kept.
    let keepsResponseTimes: [Bool]
    var responseTimes: [[Double]]
    /// Per station: whether its ended waits are kept, and those kept (NetworkSimulation+WaitRecords.swift).
    let keepsWaits: [Bool]
    var waitRecords: [WaitRecord] = []
    /// Waits of customers' first service, per class.
    var responseHistograms: HistogramTable
    var policyFirings: [Int]
    /// Per station × class: the deadline from network entry, or infinity for none.
    let deadlines: EngineTable<Double>
    let hasRework: Bool
    var systemSojourns = Tally()
    var exits = 0
    /// Waits per station.
    var waitHistograms: HistogramTable
    var samples: [TimeSample] = []

    // Run control.
    let warmup: Double
    let horizon: Double
    let customerLimit: Int
    var measuring: Bool
    var measureStart = 0.0
    var arrivalsMeasured = 0
    var events = 0
    var stopped = false
    var stoppedEarly: String?

    // Warm-up series and batch means (NetworkSimulation+Batches.swift).
    /// Record every station's waits in order (`ReplicationResult.waitSeries`), the warm-up included,
    /// for choosing a warm-up by MSER-5. Off by default: it costs memory in proportion to the customers.
    public var recordsWaitSeries = false
    var waitSeries: [WaitSeries] = []
    /// The batches closed so far when the run is cut into batches (`RunControl.batches`), the last
    /// one included once the run has ended.
    public internal(set) var batchResults: [ReplicationResult] = []
    var batchLength = 0.0
    var batchEventsStart = 0
    var batchArrivalsStart = 0
    var batchSamplesStart = 0

    // The hourly profile and the optional trace (NetworkSimulation+Profile.swift).
    let hourLength: Double
    var profile: HourlyProfile
    var profileHour = 0
    var profileStart = 0.0
    var profileMark: [HourlyProfile.Cell]
    /// Receives every customer event when set; when `nil` it costs one branch per event.
    public var trace: (any TraceSink)?
    var customerSerial: [Int] = []
    var nextSerial = 0

    /// Prepares replication `replication` of `model`, its streams derived from the model's master seed.
    public init(model: NetworkModel, replication: Int, seed: UInt64? = nil) {
        self.model = model
        self.replication = replication
        classCount = model.classes.count
        let master = seed ?? model.run.seed
        func stream(_ name: String) -> RandomStream { RandomStream(master: master, replication: replication, name: name) }

        let priorities = Array(Set(model.classes.map(\.priority))).sorted()
        levelOfClass = model.classes.map { c in priorities.firstIndex(of: c.priority)! }

        var queueBase = 0
        var byClassCount = 0
        for station in model.stations {
            let prioritised = station.discipline != .fifo
            let levels = prioritised ? priorities.count : 1
            let servers: Int
            let infinite: Bool
            switch station.servers {
            case .fixed(let n): servers = n; infinite = false
            case .infinite: servers = Int.max / 4; infinite = true
            case .schedule(_, let changes): servers = changes.first?.servers ?? 0; infinite = false
            }
            var state = StationState(
                servers: servers, scheduled: servers, waitTarget: station.waitTarget ?? .infinity,
                hasTarget: station.waitTarget != nil, rework: station.rework, capacity: station.capacity ?? Int.max, infinite: infinite,
                preemptive: station.discipline == .preemptive, prioritised: prioritised,
                queueBase: queueBase, levels: levels)
            if station.countsByClass {
                state.byClassBase = byClassCount
                byClassCount += model.classes.count
            }
            stations.append(state)
            queueBase += levels
            inService.append([])
        }
        queues = EngineTable(repeating: CustomerQueue(), count: queueBase)
        service = EngineTable(model.stations.flatMap(\.service).map { $0?.sampler })
        let windowed = model.stations.contains { station in station.releaseWindows.contains { $0 != nil } }
        releaseWindows = windowed ? model.stations.flatMap { station in
            model.classes.indices.map { k in k < station.releaseWindows.count ? station.releaseWindows[k] : nil }
        } : []
        patience = EngineTable(model.stations.map { $0.patience?.sampler })
        var cumulative: [[Double]] = []
        var destination: [[Int]] = []
        for table in model.routes {
            cumulative.append(table.cumulative)
            destination.append(table.destinations)
        }
        routeCumulative = EngineTable(cumulative)
        routeDestination = EngineTable(destination)
        serviceStreams = EngineTable(model.stations.map { stream("service/\($0.id)") })
        let perClass = model.classes.count > 1
        classServiceStreams = EngineTable(model.stations.flatMap { station in
            model.classes.enumerated().map { k, c -> RandomStream? in
                guard perClass, case .infinite = station.servers, station.service[k] != nil else { return nil }
                return stream("service/\(station.id)/\(c.id)")
            }
        })
        patienceStreams = EngineTable(model.stations.map { $0.patience == nil ? nil : stream("patience/\($0.id)") })
        routingStreams = EngineTable(model.stations.map { stream("routing/\($0.id)") })
        arrivalStreams = EngineTable(model.sources.map { stream("arrivals/\($0.streamName)") })
        batchStreams = EngineTable(model.sources.map { $0.batch == nil ? nil : stream("batch/\($0.streamName)") })
        sourceStation = model.sources.map(\.station)
        sourceClass = model.sources.map(\.classIndex)
        sourceProcess = EngineTable(model.sources.map(\.process.generator))
        sourceBatch = EngineTable(model.sources.map { $0.batch?.sampler })
        shiftChanges = model.stations.map {
            if case .schedule(_, let changes) = $0.servers { return changes } else { return [] }
        }
        shiftPeriods = model.stations.map {
            if case .schedule(let period, _) = $0.servers { return period } else { return 0 }
        }
        classWaits = EngineTable(repeating: Tally(), count: model.classes.count)
        classCounts = EngineTable(repeating: ClassCounts(), count: model.classes.count)
        stationClassCounts = EngineTable(repeating: StationCounts(), count: byClassCount)
        keepsResponseTimes = model.classes.map(\.keepsResponseTimes)
        responseTimes = model.classes.map { _ in [] }
        keepsWaits = model.stations.map(\.keepsWaits)
        responseHistograms = HistogramTable(count: model.classes.count)
        policyFirings = [Int](repeating: 0, count: model.policies.count)
        deadlines = EngineTable(model.stations.flatMap { station in
            (0..<model.classes.count).map { k in k < station.deadlines.count ? station.deadlines[k] ?? .infinity : .infinity }
        })
        hasRework = model.stations.contains { $0.rework }
        classSojourns = EngineTable(repeating: Tally(), count: model.classes.count)
        waitHistograms = HistogramTable(count: model.stations.count)

        warmup = model.run.warmup
        if let duration = model.run.duration {
            horizon = warmup + duration
            customerLimit = Int.max
        } else {
            horizon = .infinity
            customerLimit = model.run.customers ?? Int.max
        }
        measuring = warmup <= 0
        hourLength = 3600 / model.timeUnit.seconds
        profile = HourlyProfile(stations: model.stations.count)
        profileMark = [HourlyProfile.Cell](repeating: HourlyProfile.Cell(), count: model.stations.count)
        // Last: the station table is written through `self`, which a noncopyable value allows only
        // once every stored property is set.
        for (i, policy) in model.policies.enumerated() {
            switch policy.kind {
            case .flexServers(let s, let above, let below, let servers):
                stations[s].flexPolicy = i
                stations[s].flexAbove = above
                stations[s].flexBelow = below
                stations[s].flexExtra = servers
            case .escalate(let s, let after):
                stations[s].escalatePolicy = i
                stations[s].escalateAfter = after
            }
        }
    }

    /// Runs the replication to its end and returns what it measured.
    ///
    /// A run by time covers [0, warm-up + duration): events at the end time itself are not run.
    public mutating func run() -> ReplicationResult {
        for (i, source) in model.sources.enumerated() {
            let first = source.process.next(after: 0, arrivalStreams[i])
            if first < horizon { calendar.schedule(.arrival(source: Int32(i)), at: first) }
        }
        for s in stations.indices where shiftChanges[s].count > 1 {
            calendar.schedule(.shiftChange(station: Int32(s), change: 1), at: shiftChanges[s][1].offset)
        }
        if warmup > 0 { calendar.schedule(.warmupEnd, at: warmup) }
        scheduleFirstBatchEnd()
        if recordsWaitSeries { waitSeries = [WaitSeries](repeating: WaitSeries(stations: stations.count), count: stations.count) }
        if let every = model.run.sampleEvery, every > 0, warmup < horizon {
            calendar.schedule(.sample, at: warmup)
        }
        if horizon.isFinite { calendar.schedule(.horizon, at: horizon) }
        if hourLength < horizon { calendar.schedule(.hourMark, at: Self.markTime(hourLength)) }
        placeInitialCustomers()

        while !stopped, let (time, event) = calendar.next() {
            events &+= 1
            if events > eventLimit {
                stoppedEarly = "more than \(eventLimit) events at time \(time)"
                break
            }
            switch event {
            case .arrival(let source): externalArrival(source: Int(source), at: time)
            case .departure(let c, let token): if customers[Int(c)].token == token { departure(customer: Int(c), at: time) }
            case .abandonment(let c, let token): if customers[Int(c)].token == token { abandonment(customer: Int(c), at: time) }
            case .escalation(let c, let token): if customers[Int(c)].token == token { escalation(customer: Int(c), at: time) }
            case .shiftChange(let s, let change): shiftChange(station: Int(s), change: Int(change), at: time)
            case .sample: sample(at: time)
            case .warmupEnd: resetStatistics(at: time)
            case .batchEnd: closeBatch(at: time)
            case .horizon: stopped = true
            case .hourMark: hourMark(at: time)
            }
        }
        return finalResult(at: calendar.now)
    }

    // MARK: Events

    private mutating func externalArrival(source i: Int, at now: Double) {
        var size = 1
        if let batch = sourceBatch[i], let stream = batchStreams[i] {
            // Rounded, at least 1, and no more than the population cap (a guard against absurd draws).
            let drawn = batch.sample(stream).rounded()
            size = drawn >= Double(NetworkSimulation.populationCap) ? NetworkSimulation.populationCap : Swift.max(1, Int(drawn))
        }
        for _ in 0..<size {
            guard population < NetworkSimulation.populationCap else {
                stoppedEarly = "more than \(NetworkSimulation.populationCap) customers in the network at time \(now)"
                stopped = true
                return
            }
            let c = allocateCustomer(classIndex: sourceClass[i], at: now)
            arrive(customer: c, station: destination(sourceStation[i]), at: now)
            if measuring {
                arrivalsMeasured += 1
                if arrivalsMeasured >= customerLimit { stopped = true; return }
            }
        }
        let next = sourceProcess[i].next(after: now, arrivalStreams[i])
        if next < horizon { calendar.schedule(.arrival(source: Int32(i)), at: next) }
    }

    /// A station index for a route or arrival target, choosing within a dispatch group by the
    /// shortest queue per server (ties to the first listed).
    ///
    /// `mutating` though it changes nothing: while the engine was copyable, a non-mutating method
    /// called from a mutating one received a copy of the whole engine (a kilobyte, `memcpy`'d on
    /// every arrival and departure: a tenth of the network model's instructions).
    @inline(__always) private mutating func destination(_ target: Int) -> Int {
        target >= -1 ? target : dispatch(group: -2 - target)
    }

    /// The station of dispatch group `g` with the shortest queue per server.
    private mutating func dispatch(group g: Int) -> Int {
        var best = -1
        var bestLoad = Double.infinity
        for s in model.dispatchGroups[g] {
            let st = stations[s]
            let load = Double(st.waiting + st.busy + 1) / Double(Swift.max(st.servers, 1))
            if load < bestLoad { best = s; bestLoad = load }
        }
        return best
    }

    mutating func arrive(customer c: Int, station s: Int, at now: Double) {
        stations[s].advance(to: now)
        if stations[s].rework { customers[c].reworked = true }
        let byClass = stations[s].byClassBase >= 0 ? stations[s].byClassBase + Int(customers[c].classIndex) : -1
        if measuring {
            stations[s].arrivals += 1
            stations[s].counts.arrivals += 1
            if byClass >= 0 { stationClassCounts[byClass].arrivals += 1 }
        }
        traced(.arrive, c, s, now)
        if stations[s].waiting + stations[s].busy >= stations[s].capacity {
            if measuring {
                stations[s].blocked += 1
                stations[s].counts.blocked += 1
                if byClass >= 0 { stationClassCounts[byClass].blocked += 1 }
            }
            traced(.block, c, s, now)
            freeCustomer(c)
            return
        }
        customers[c].station = Int32(s)
        customers[c].enteredStation = now
        customers[c].remaining = -1
        if stations[s].busy < stations[s].servers {
            startService(customer: c, station: s, at: now)
            return
        }
        if stations[s].preemptive, stations[s].busy == stations[s].servers, stations[s].servers > 0,
           preemptIfWorse(than: c, station: s, at: now) {
            startService(customer: c, station: s, at: now)
            return
        }
        enqueue(customer: c, station: s, front: false)
        if let dist = patience[s], let stream = patienceStreams[s] {
            customers[c].patienceDeadline = now + dist.sample(stream)
            calendar.schedule(.abandonment(customer: Int32(c), token: customers[c].token), at: customers[c].patienceDeadline)
            dropStaleEntriesIfMany(station: s)
        } else {
            customers[c].patienceDeadline = .infinity
        }
        if stations[s].escalatePolicy >= 0 {
            calendar.schedule(.escalation(customer: Int32(c), token: customers[c].token), at: now + stations[s].escalateAfter)
        }
        applyFlex(station: s, at: now)
    }

    private mutating func departure(customer c: Int, at now: Double) {
        let s = Int(customers[c].station)
        stations[s].advance(to: now)
        stations[s].busy -= 1
        if stations[s].preemptive { removeFromService(c, station: s) }
        let k = Int(customers[c].classIndex)
        if measuring {
            let byClass = stations[s].byClassBase >= 0 ? stations[s].byClassBase + k : -1
            stations[s].completions += 1
            stations[s].counts.completions += 1
            if byClass >= 0 { stationClassCounts[byClass].completions += 1 }
            stations[s].sojourns.record(now - customers[c].enteredStation)
            let deadline = deadlines[s * classCount + k]
            if deadline < .infinity {
                let met = now - customers[c].enteredNetwork <= deadline
                stations[s].counts.deadlineTotal += 1
                classCounts[k].deadlineTotal += 1
                if byClass >= 0 { stationClassCounts[byClass].deadlineTotal += 1 }
                if met {
                    stations[s].counts.deadlineMet += 1
                    classCounts[k].deadlineMet += 1
                    if byClass >= 0 { stationClassCounts[byClass].deadlineMet += 1 }
                }
            }
        }
        customers[c].token &+= 1
        traced(.finish, c, s, now)
        startWaitingCustomers(station: s, at: now)
        applyFlex(station: s, at: now)

        let table = s * classCount + k
        // Read in place (a `let` copy of the inner array would be retained and released).
        let branches = routeCumulative[table].count
        var branch = 0
        if branches > 1 {
            let u = routingStreams[s].uniform()
            while branch < branches - 1 && u >= routeCumulative[table][branch] { branch += 1 }
        }
        let next = destination(routeDestination[table][branch])
        if next < 0 {
            if measuring {
                let sojourn = now - customers[c].enteredNetwork
                classSojourns[k].record(sojourn)
                systemSojourns.record(sojourn)
                exits += 1
                classCounts[k].exits += 1
                if !customers[c].reworked { classCounts[k].oneVisitExits += 1 }
            }
            traced(.exit, c, s, now)
            freeCustomer(c)
        } else {
            arrive(customer: c, station: next, at: now)
        }
    }

    private mutating func abandonment(customer c: Int, at now: Double) {
        guard customers[c].state == .waiting else { return }
        let s = Int(customers[c].station)
        stations[s].advance(to: now)
        stations[s].waiting -= 1
        if measuring {
            // p_abandon is a share of the arrivals counted after the warm-up: one who arrived in the
            // warm-up and gave up after it is not one of them.
            if customers[c].enteredStation >= measureStart { stations[s].abandoned += 1 }
            stations[s].counts.abandoned += 1
            if stations[s].byClassBase >= 0 { stationClassCounts[stations[s].byClassBase + Int(customers[c].classIndex)].abandoned += 1 }
            // A student who gave up was not served within the target.
            if stations[s].hasTarget { classCounts[Int(customers[c].classIndex)].targeted += 1 }
            if keepsWaits[s] { keepWait(customer: c, station: s, at: now, served: false) }
        }
        traced(.abandon, c, s, now)
        freeCustomer(c)
        applyFlex(station: s, at: now)
    }

    /// Moves a customer who has waited too long to the front of the most urgent queue; the
    /// customer's patience still runs from the original arrival.
    private mutating func escalation(customer c: Int, at now: Double) {
        guard customers[c].state == .waiting else { return }
        let s = Int(customers[c].station)
        customers[c].token &+= 1
        queues[stations[s].queueBase].pushFront(CustomerQueue.entry(customer: Int32(c), token: customers[c].token))
        policyFirings[stations[s].escalatePolicy] += 1
        if customers[c].patienceDeadline < .infinity {
            calendar.schedule(.abandonment(customer: Int32(c), token: customers[c].token), at: Swift.max(now, customers[c].patienceDeadline))
        }
    }

    /// Opens a station's flexible servers when its queue reaches the policy's threshold, and closes
    /// them when it falls to the lower one.
    @inline(__always) private mutating func applyFlex(station s: Int, at now: Double) {
        if stations[s].flexPolicy >= 0 { applyFlexPolicy(station: s, at: now) }
    }

    private mutating func applyFlexPolicy(station s: Int, at now: Double) {
        // Flexible servers join only while the station is staffed (not at night or when closed).
        if !stations[s].flexOpen && stations[s].scheduled > 0 && stations[s].waiting >= stations[s].flexAbove {
            stations[s].advance(to: now)
            stations[s].flexOpen = true
            stations[s].servers = stations[s].scheduled + stations[s].flexExtra
            policyFirings[stations[s].flexPolicy] += 1
            startWaitingCustomers(station: s, at: now)
        } else if stations[s].flexOpen && stations[s].waiting <= stations[s].flexBelow {
            stations[s].advance(to: now)
            stations[s].flexOpen = false
            stations[s].servers = stations[s].scheduled
        }
    }

    private mutating func shiftChange(station s: Int, change: Int, at now: Double) {
        let changes = shiftChanges[s]
        stations[s].advance(to: now)
        stations[s].scheduled = changes[change].servers
        if stations[s].scheduled == 0 { stations[s].flexOpen = false }
        stations[s].servers = changes[change].servers + (stations[s].flexOpen ? stations[s].flexExtra : 0)
        startWaitingCustomers(station: s, at: now)
        let nextChange = change + 1 < changes.count ? change + 1 : 0
        let cycleStart = now - changes[change].offset
        let at = nextChange == 0 ? cycleStart + shiftPeriods[s] : cycleStart + changes[nextChange].offset
        calendar.schedule(.shiftChange(station: Int32(s), change: Int32(nextChange)), at: at)
    }

    private mutating func sample(at now: Double) {
        for s in stations.indices {
            let station = stations[s]
            samples.append(TimeSample(
                time: now, station: Int32(s), inQueue: Int32(station.waiting), inService: Int32(station.busy),
                servers: station.infinite ? -1 : Int32(clamping: station.servers)))
        }
        if let every = model.run.sampleEvery {
            let next = warmup + Double(samples.count / stations.count) * every
            if next < horizon { calendar.schedule(.sample, at: next) }
        }
    }

    mutating func resetStatistics(at now: Double) {
        measuring = true
        measureStart = now
        for s in stations.indices {
            stations[s].resetStatistics(at: now)
            waitHistograms.removeAll(in: s)
        }
        for k in classWaits.indices {
            classWaits[k] = Tally()
            classSojourns[k] = Tally()
            classCounts[k] = ClassCounts()
            responseHistograms.removeAll(in: k)
            if keepsResponseTimes[k] { responseTimes[k].removeAll() }
        }
        waitRecords.removeAll()
        for i in stationClassCounts.indices { stationClassCounts[i] = StationCounts() }
        systemSojourns = Tally()
        exits = 0
        resetProfile(at: now)
    }

    // MARK: Servers and queues

    private mutating func startService(customer c: Int, station s: Int, at now: Double) {
        let k = Int(customers[c].classIndex)
        var duration = customers[c].remaining
        if duration < 0 {
            let wait = now - customers[c].enteredStation
            if recordsWaitSeries { waitSeries[s].record(wait, at: now) }
            if measuring {
                stations[s].waits.record(wait)
                if wait > 0 { stations[s].waited += 1 }
                waitHistograms.record(wait, in: s)
                classWaits[k].record(wait)
                stations[s].counts.served += 1
                stations[s].counts.waitSum += wait
                classCounts[k].waits += 1
                classCounts[k].waitSum += wait
                let byClass = stations[s].byClassBase >= 0 ? stations[s].byClassBase + k : -1
                if byClass >= 0 {
                    stationClassCounts[byClass].served += 1
                    stationClassCounts[byClass].waitSum += wait
                }
                if stations[s].hasTarget {
                    classCounts[k].targeted += 1
                    if wait <= stations[s].waitTarget {
                        stations[s].counts.withinTarget += 1
                        classCounts[k].withinTarget += 1
                        if byClass >= 0 { stationClassCounts[byClass].withinTarget += 1 }
                    }
                }
                if keepsWaits[s] { keepWait(customer: c, station: s, at: now, served: true) }
                if !customers[c].responded {
                    responseHistograms.record(wait, in: k)
                    if keepsResponseTimes[k] { responseTimes[k].append(wait) }
                }
            }
            customers[c].responded = true
            duration = service[s * classCount + k]!.sample(classServiceStreams[s * classCount + k] ?? serviceStreams[s])
            if !releaseWindows.isEmpty, let windows = releaseWindows[s * classCount + k] {
                // A delay due outside its windows (a return on a closed day) ends at the next opening.
                let due = now + duration
                let opening = windows.nextOpening(atOrAfter: due)
                if opening > due {
                    if measuring { stations[s].counts.deferred += 1 }
                    duration = opening - now
                }
            }
        }
        customers[c].remaining = duration
        customers[c].serviceStarted = now
        customers[c].state = .inService
        customers[c].token &+= 1
        stations[s].busy += 1
        if stations[s].preemptive { inService[s].append(Int32(c)) }
        traced(.start, c, s, now)
        calendar.schedule(.departure(customer: Int32(c), token: customers[c].token), at: now + duration)
    }

    private mutating func startWaitingCustomers(station s: Int, at now: Double) {
        while stations[s].waiting > 0 && stations[s].busy < stations[s].servers {
            guard let c = dequeue(station: s) else { break }
            startService(customer: c, station: s, at: now)
        }
    }

    private mutating func enqueue(customer c: Int, station s: Int, front: Bool) {
        let level = stations[s].prioritised ? levelOfClass[Int(customers[c].classIndex)] : 0
        customers[c].state = .waiting
        customers[c].token &+= 1
        let entry = CustomerQueue.entry(customer: Int32(c), token: customers[c].token)
        let q = stations[s].queueBase + level
        if front { queues[q].pushFront(entry) } else { queues[q].pushBack(entry) }
        stations[s].waiting += 1
    }

    /// The next waiting customer by level, then order; stale entries are dropped on the way.
    private mutating func dequeue(station s: Int) -> Int? {
        let base = stations[s].queueBase
        for level in 0..<stations[s].levels {
            while let entry = queues[base + level].popFront() {
                let c = Int(CustomerQueue.customer(of: entry))
                if customers[c].token == CustomerQueue.token(of: entry) && customers[c].state == .waiting {
                    stations[s].waiting -= 1
                    return c
                }
            }
        }
        return nil
    }

    /// Preempts the lowest-priority customer in service (the latest started among equals) when the
    /// arriving customer `c` has a higher priority; the preempted one waits first in its class.
    private mutating func preemptIfWorse(than c: Int, station s: Int, at now: Double) -> Bool {
        let arriving = levelOfClass[Int(customers[c].classIndex)]
        var victim = -1
        var victimLevel = arriving
        var victimStart = -Double.infinity
        for candidate in inService[s] {
            let v = Int(candidate)
            let level = levelOfClass[Int(customers[v].classIndex)]
            if level > victimLevel || (level == victimLevel && victim >= 0 && customers[v].serviceStarted > victimStart) {
                victim = v
                victimLevel = level
                victimStart = customers[v].serviceStarted
            }
        }
        guard victim >= 0 else { return false }
        customers[victim].remaining = Swift.max(0, customers[victim].remaining - (now - customers[victim].serviceStarted))
        stations[s].busy -= 1
        removeFromService(victim, station: s)
        traced(.preempt, victim, s, now)
        enqueue(customer: victim, station: s, front: true)
        dropStaleEntriesIfMany(station: s)
        return true
    }

    private mutating func removeFromService(_ c: Int, station s: Int) {
        guard let i = inService[s].firstIndex(of: Int32(c)) else { return }
        let last = inService[s].count - 1
        inService[s].swapAt(i, last)
        inService[s].removeLast()
    }

    // MARK: Customers

    mutating func allocateCustomer(classIndex: Int, at now: Double) -> Int {
        population += 1
        let c: Int
        if let reused = freeList.popLast() {
            c = Int(reused)
            customers[c].classIndex = Int32(classIndex)
            customers[c].enteredNetwork = now
            customers[c].reworked = false
            customers[c].responded = false
        } else {
            c = customers.count
            customers.append(Customer(
                enteredNetwork: now, enteredStation: now, serviceStarted: now, remaining: -1, patienceDeadline: .infinity,
                classIndex: Int32(classIndex), station: -1, token: 0, state: .free, reworked: false, responded: false))
        }
        if trace != nil { assignSerial(c) }
        return c
    }

    private mutating func freeCustomer(_ c: Int) {
        population -= 1
        customers[c].state = .free
        customers[c].token &+= 1
        freeList.append(Int32(c))
    }

    // MARK: Results

    private func fraction(_ n: Int, of d: Int) -> Double? { d > 0 ? Double(n) / Double(d) : nil }

    mutating func result(at end: Double) -> ReplicationResult {
        if measuring { flushProfile(at: end) }
        let span = end - measureStart
        var stationRows: [[Double?]] = []
        for s in stations.indices {
            stations[s].advance(to: end)
            let st = stations[s]
            func perTime(_ x: Double) -> Double? { span > 0 ? x / span : nil }
            func share(_ n: Int, of d: Int) -> Double? { d > 0 ? Double(n) / Double(d) : nil }
            let utilization: Double? = st.infinite || st.areaPresent <= 0 ? nil : st.areaBusy / st.areaPresent
            let waits = waitHistograms.histogram(s)
            let row: [Double?] = StationMeasure.allCases.map { measure in
                switch measure {
                case .meanWait: st.waits.meanIfAny
                case .pWait: share(st.waited, of: st.waits.count)
                case .meanQueueLength: perTime(st.areaWaiting)
                case .meanInSystem: perTime(st.areaWaiting + st.areaBusy)
                case .utilization: utilization
                case .throughput: perTime(Double(st.completions))
                case .pBlocked: share(st.blocked, of: st.arrivals)
                case .pAbandon: share(st.abandoned, of: st.arrivals)
                case .meanSojourn: st.sojourns.meanIfAny
                case .waitP50: waits.quantile(0.50)
                case .waitP90: waits.quantile(0.90)
                case .waitP95: waits.quantile(0.95)
                case .serviceLevel: st.hasTarget ? share(st.counts.withinTarget, of: st.counts.served + st.counts.abandoned) : nil
                case .onTimeRate: share(st.counts.deadlineMet, of: st.counts.deadlineTotal)
                }
            }
            stationRows.append(row)
        }
        let classRows: [[Double?]] = (0..<classCount).map { k in
            let responses = responseHistograms.histogram(k)
            return ClassMeasure.allCases.map { measure in
                switch measure {
                case .meanWait: classWaits[k].meanIfAny
                case .meanSojourn: classSojourns[k].meanIfAny
                case .serviceLevel: fraction(classCounts[k].withinTarget, of: classCounts[k].targeted)
                case .onTimeRate: fraction(classCounts[k].deadlineMet, of: classCounts[k].deadlineTotal)
                case .oneVisitRate: hasRework ? fraction(classCounts[k].oneVisitExits, of: classCounts[k].exits) : nil
                case .responseP95: responses.quantile(0.95)
                }
            }
        }
        let system: [Double?] = SystemMeasure.allCases.map { measure in
            switch measure {
            case .meanSojourn: systemSojourns.meanIfAny
            case .throughput: span > 0 ? Double(exits) / span : nil
            }
        }
        var counts = stations.indices.map { stations[$0].counts }
        for s in counts.indices { counts[s].busyTime = stations[s].areaBusy }
        let byClass: [[StationCounts]] = stations.indices.map { s in
            let base = stations[s].byClassBase
            return base < 0 ? [] : (0..<classCount).map { stationClassCounts[base + $0] }
        }
        var result = ReplicationResult(
            replication: replication, stations: stationRows, classes: classRows, system: system,
            samples: samples, events: events, arrivals: arrivalsMeasured, endTime: end, stoppedEarly: stoppedEarly,
            stationCounts: counts, classCounts: classCounts.indices.map { classCounts[$0] }, policyFirings: policyFirings, measuredTime: span)
        result.profile = profile
        result.stationClassCounts = byClass
        result.responseTimes = responseTimes
        if recordsWaitSeries { result.waitSeries = waitSeries }
        result.waitRecords = waitRecords
        return result
    }
}

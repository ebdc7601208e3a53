import ScenarioModel
import SimCore
import Stochastics

/// One replication of a network model: the engine's hot state and its event loop.
///
/// Customers live in parallel arrays addressed by index and reused through a free list; events are
/// small enum values in the calendar's heap. Nothing is allocated per event once queues have grown.
/// A struct with mutating methods, so that the hot loop needs no dynamic exclusivity checks (a
/// class's stored properties each cost a runtime access check).
public struct NetworkSimulation {
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
        case shiftChange(station: Int32, change: Int32)
        case sample
        case warmupEnd
        case horizon
    }

    enum CustomerState: UInt8 {
        case free, waiting, inService
    }

    struct StationState {
        var servers: Int
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
        var arrivals = 0
        var blocked = 0
        var abandoned = 0
        var completions = 0
        var waited = 0
        var waits = Tally()
        var sojourns = Tally()

        @inline(__always) mutating func advance(to t: Double) {
            let dt = t - lastTime
            areaWaiting += Double(waiting) * dt
            areaBusy += Double(busy) * dt
            areaPresent += Double(Swift.max(servers, busy)) * dt
            lastTime = t
        }

        mutating func resetStatistics(at t: Double) {
            lastTime = t
            areaWaiting = 0
            areaBusy = 0
            areaPresent = 0
            arrivals = 0
            blocked = 0
            abandoned = 0
            completions = 0
            waited = 0
            waits = Tally()
            sojourns = Tally()
        }
    }

    let model: NetworkModel
    let replication: Int
    let classCount: Int
    var calendar = EventCalendar<Event>(reservingCapacity: 1024)

    // Customers, by index.
    var customerClass: [Int32] = []
    var customerStation: [Int32] = []
    var customerState: [CustomerState] = []
    var customerToken: [UInt32] = []
    var enteredNetwork: [Double] = []
    var enteredStation: [Double] = []
    var serviceStarted: [Double] = []
    /// Service still owed (preemptive-resume); negative before the visit's first service.
    var remaining: [Double] = []
    var freeList: [Int32] = []
    var population = 0

    var stations: [StationState] = []
    var queues: [CustomerQueue] = []
    /// Customers in service per station, kept only at preemptive stations.
    var inService: [[Int32]] = []
    /// Queue level per class at prioritised stations (0 is served first).
    let levelOfClass: [Int]
    let service: [Distribution?]
    let patience: [Distribution?]
    let routeCumulative: [[Double]]
    let routeDestination: [[Int]]
    let serviceStreams: [RandomStream]
    let patienceStreams: [RandomStream?]
    let routingStreams: [RandomStream]
    let arrivalStreams: [RandomStream]
    let batchStreams: [RandomStream?]
    let sourceStation: [Int]
    let sourceClass: [Int]
    let sourceProcess: [ArrivalProcess]
    let sourceBatch: [Distribution?]
    let shiftChanges: [[(offset: Double, servers: Int)]]
    let shiftPeriods: [Double]

    // Statistics outside stations.
    var classWaits: [Tally]
    var classSojourns: [Tally]
    var systemSojourns = Tally()
    var exits = 0
    var waitHistograms: [Histogram]
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
            stations.append(StationState(
                servers: servers, capacity: station.capacity ?? Int.max, infinite: infinite,
                preemptive: station.discipline == .preemptive, prioritised: prioritised,
                queueBase: queueBase, levels: levels))
            queueBase += levels
            inService.append([])
        }
        queues = [CustomerQueue](repeating: CustomerQueue(), count: queueBase)
        service = model.stations.flatMap(\.service)
        patience = model.stations.map(\.patience)
        var cumulative: [[Double]] = []
        var destination: [[Int]] = []
        for table in model.routes {
            cumulative.append(table.cumulative)
            destination.append(table.destinations)
        }
        routeCumulative = cumulative
        routeDestination = destination
        serviceStreams = model.stations.map { stream("service/\($0.id)") }
        patienceStreams = model.stations.map { $0.patience == nil ? nil : stream("patience/\($0.id)") }
        routingStreams = model.stations.map { stream("routing/\($0.id)") }
        arrivalStreams = model.sources.map { stream("arrivals/\($0.streamName)") }
        batchStreams = model.sources.map { $0.batch == nil ? nil : stream("batch/\($0.streamName)") }
        sourceStation = model.sources.map(\.station)
        sourceClass = model.sources.map(\.classIndex)
        sourceProcess = model.sources.map(\.process)
        sourceBatch = model.sources.map(\.batch)
        shiftChanges = model.stations.map {
            if case .schedule(_, let changes) = $0.servers { return changes } else { return [] }
        }
        shiftPeriods = model.stations.map {
            if case .schedule(let period, _) = $0.servers { return period } else { return 0 }
        }
        classWaits = [Tally](repeating: Tally(), count: model.classes.count)
        classSojourns = [Tally](repeating: Tally(), count: model.classes.count)
        waitHistograms = [Histogram](repeating: Histogram(), count: model.stations.count)

        warmup = model.run.warmup
        if let duration = model.run.duration {
            horizon = warmup + duration
            customerLimit = Int.max
        } else {
            horizon = .infinity
            customerLimit = model.run.customers ?? Int.max
        }
        measuring = warmup <= 0
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
        if let every = model.run.sampleEvery, every > 0, warmup < horizon {
            calendar.schedule(.sample, at: warmup)
        }
        if horizon.isFinite { calendar.schedule(.horizon, at: horizon) }

        while !stopped, let (time, event) = calendar.next() {
            events &+= 1
            if events > eventLimit {
                stoppedEarly = "more than \(eventLimit) events at time \(time)"
                break
            }
            switch event {
            case .arrival(let source): externalArrival(source: Int(source), at: time)
            case .departure(let c, let token): if customerToken[Int(c)] == token { departure(customer: Int(c), at: time) }
            case .abandonment(let c, let token): if customerToken[Int(c)] == token { abandonment(customer: Int(c), at: time) }
            case .shiftChange(let s, let change): shiftChange(station: Int(s), change: Int(change), at: time)
            case .sample: sample(at: time)
            case .warmupEnd: resetStatistics(at: time)
            case .horizon: stopped = true
            }
        }
        return result(at: calendar.now)
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
            arrive(customer: c, station: sourceStation[i], at: now)
            if measuring {
                arrivalsMeasured += 1
                if arrivalsMeasured >= customerLimit { stopped = true; return }
            }
        }
        let next = sourceProcess[i].next(after: now, arrivalStreams[i])
        if next < horizon { calendar.schedule(.arrival(source: Int32(i)), at: next) }
    }

    private mutating func arrive(customer c: Int, station s: Int, at now: Double) {
        stations[s].advance(to: now)
        if measuring { stations[s].arrivals += 1 }
        if stations[s].waiting + stations[s].busy >= stations[s].capacity {
            if measuring { stations[s].blocked += 1 }
            freeCustomer(c)
            return
        }
        customerStation[c] = Int32(s)
        enteredStation[c] = now
        remaining[c] = -1
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
            calendar.schedule(.abandonment(customer: Int32(c), token: customerToken[c]), at: now + dist.sample(stream))
            dropStaleEntriesIfMany(station: s)
        }
    }

    private mutating func departure(customer c: Int, at now: Double) {
        let s = Int(customerStation[c])
        stations[s].advance(to: now)
        stations[s].busy -= 1
        if stations[s].preemptive { removeFromService(c, station: s) }
        if measuring {
            stations[s].completions += 1
            stations[s].sojourns.record(now - enteredStation[c])
        }
        customerToken[c] &+= 1
        startWaitingCustomers(station: s, at: now)

        let k = Int(customerClass[c])
        let table = s * classCount + k
        let cumulative = routeCumulative[table]
        var branch = 0
        if cumulative.count > 1 {
            let u = routingStreams[s].uniform()
            while branch < cumulative.count - 1 && u >= cumulative[branch] { branch += 1 }
        }
        let next = routeDestination[table][branch]
        if next < 0 {
            if measuring {
                let sojourn = now - enteredNetwork[c]
                classSojourns[k].record(sojourn)
                systemSojourns.record(sojourn)
                exits += 1
            }
            freeCustomer(c)
        } else {
            arrive(customer: c, station: next, at: now)
        }
    }

    private mutating func abandonment(customer c: Int, at now: Double) {
        guard customerState[c] == .waiting else { return }
        let s = Int(customerStation[c])
        stations[s].advance(to: now)
        stations[s].waiting -= 1
        if measuring { stations[s].abandoned += 1 }
        freeCustomer(c)
    }

    private mutating func shiftChange(station s: Int, change: Int, at now: Double) {
        let changes = shiftChanges[s]
        stations[s].advance(to: now)
        stations[s].servers = changes[change].servers
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

    private mutating func resetStatistics(at now: Double) {
        measuring = true
        measureStart = now
        for s in stations.indices {
            stations[s].resetStatistics(at: now)
            waitHistograms[s].removeAll()
        }
        for k in classWaits.indices {
            classWaits[k] = Tally()
            classSojourns[k] = Tally()
        }
        systemSojourns = Tally()
        exits = 0
    }

    // MARK: Servers and queues

    private mutating func startService(customer c: Int, station s: Int, at now: Double) {
        let k = Int(customerClass[c])
        var duration = remaining[c]
        if duration < 0 {
            let wait = now - enteredStation[c]
            if measuring {
                stations[s].waits.record(wait)
                if wait > 0 { stations[s].waited += 1 }
                waitHistograms[s].record(wait)
                classWaits[k].record(wait)
            }
            duration = service[s * classCount + k]!.sample(serviceStreams[s])
        }
        remaining[c] = duration
        serviceStarted[c] = now
        customerState[c] = .inService
        customerToken[c] &+= 1
        stations[s].busy += 1
        if stations[s].preemptive { inService[s].append(Int32(c)) }
        calendar.schedule(.departure(customer: Int32(c), token: customerToken[c]), at: now + duration)
    }

    private mutating func startWaitingCustomers(station s: Int, at now: Double) {
        while stations[s].waiting > 0 && stations[s].busy < stations[s].servers {
            guard let c = dequeue(station: s) else { break }
            startService(customer: c, station: s, at: now)
        }
    }

    private mutating func enqueue(customer c: Int, station s: Int, front: Bool) {
        let level = stations[s].prioritised ? levelOfClass[Int(customerClass[c])] : 0
        customerState[c] = .waiting
        customerToken[c] &+= 1
        let entry = CustomerQueue.entry(customer: Int32(c), token: customerToken[c])
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
                if customerToken[c] == CustomerQueue.token(of: entry) && customerState[c] == .waiting {
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
        let arriving = levelOfClass[Int(customerClass[c])]
        var victim = -1
        var victimLevel = arriving
        var victimStart = -Double.infinity
        for candidate in inService[s] {
            let v = Int(candidate)
            let level = levelOfClass[Int(customerClass[v])]
            if level > victimLevel || (level == victimLevel && victim >= 0 && serviceStarted[v] > victimStart) {
                victim = v
                victimLevel = level
                victimStart = serviceStarted[v]
            }
        }
        guard victim >= 0 else { return false }
        remaining[victim] = Swift.max(0, remaining[victim] - (now - serviceStarted[victim]))
        stations[s].busy -= 1
        removeFromService(victim, station: s)
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

    private mutating func allocateCustomer(classIndex: Int, at now: Double) -> Int {
        population += 1
        let c: Int
        if let reused = freeList.popLast() {
            c = Int(reused)
            customerClass[c] = Int32(classIndex)
            enteredNetwork[c] = now
        } else {
            c = customerClass.count
            customerClass.append(Int32(classIndex))
            customerStation.append(-1)
            customerState.append(.free)
            customerToken.append(0)
            enteredNetwork.append(now)
            enteredStation.append(now)
            serviceStarted.append(now)
            remaining.append(-1)
        }
        return c
    }

    private mutating func freeCustomer(_ c: Int) {
        population -= 1
        customerState[c] = .free
        customerToken[c] &+= 1
        freeList.append(Int32(c))
    }

    // MARK: Results

    private mutating func result(at end: Double) -> ReplicationResult {
        let span = end - measureStart
        var stationRows: [[Double?]] = []
        for s in stations.indices {
            stations[s].advance(to: end)
            let st = stations[s]
            func perTime(_ x: Double) -> Double? { span > 0 ? x / span : nil }
            func share(_ n: Int, of d: Int) -> Double? { d > 0 ? Double(n) / Double(d) : nil }
            let utilization: Double? = st.infinite || st.areaPresent <= 0 ? nil : st.areaBusy / st.areaPresent
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
                case .waitP50: waitHistograms[s].quantile(0.50)
                case .waitP90: waitHistograms[s].quantile(0.90)
                case .waitP95: waitHistograms[s].quantile(0.95)
                }
            }
            stationRows.append(row)
        }
        let classRows: [[Double?]] = (0..<classCount).map { k in
            ClassMeasure.allCases.map { measure in
                switch measure {
                case .meanWait: classWaits[k].meanIfAny
                case .meanSojourn: classSojourns[k].meanIfAny
                }
            }
        }
        let system: [Double?] = SystemMeasure.allCases.map { measure in
            switch measure {
            case .meanSojourn: systemSojourns.meanIfAny
            case .throughput: span > 0 ? Double(exits) / span : nil
            }
        }
        return ReplicationResult(
            replication: replication, stations: stationRows, classes: classRows, system: system,
            samples: samples, events: events, arrivals: arrivalsMeasured, endTime: end, stoppedEarly: stoppedEarly)
    }
}

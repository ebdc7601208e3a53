import ScenarioModel
import Stochastics

extension NetworkModel {
    /// Compiles a validated scenario; returns the model with warnings (for example offered loads at or
    /// above capacity), or throws every error found.
    public static func compile(_ scenario: Scenario) throws(ScenarioErrors) -> (model: NetworkModel, warnings: [Diagnostic]) {
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        let fallback = SourceLocation(file: scenario.name, line: 1, column: 1)
        let classIndex = Dictionary(scenario.classes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let stationIndex = Dictionary(scenario.stations.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        func build(_ spec: DistributionSpec, at location: SourceLocation?, path: String) -> Distribution? {
            do { return try Distribution(spec) } catch {
                errors.append(Diagnostic(.error, at: location ?? fallback, path: "\(path).\(error.parameter)", error.message))
                return nil
            }
        }

        let classes = scenario.classes.map { ClassModel(id: $0.id, priority: $0.priority) }
        var stations: [StationModel] = []
        for (s, station) in scenario.stations.enumerated() {
            let path = "stations[\(s)]"
            let servers: ServerPlan
            switch station.servers {
            case .fixed(let n): servers = .fixed(n)
            case .infinite: servers = .infinite
            case .schedule(let schedule):
                let entries = schedule.entries.sorted { $0.from < $1.from }
                servers = .schedule(period: schedule.period, changes: entries.map { ($0.from, $0.servers) })
            }
            let service = scenario.classes.map { c -> Distribution? in
                guard let spec = station.service.value(for: c.id) else { return nil }
                return build(spec, at: station.location, path: "\(path).service")
            }
            let patience = station.patience.flatMap { build($0, at: station.location, path: "\(path).patience") }
            var model = StationModel(
                id: station.id, servers: servers, service: service, capacity: station.capacity,
                patience: patience, discipline: station.discipline)
            if station.initialInSystem > 0, let first = service.firstIndex(where: { $0 != nil }) {
                model.initialInSystem = station.initialInSystem
                model.initialClass = first
            }
            stations.append(model)
        }

        var sources: [SourceModel] = []
        var seenNames: [String: Int] = [:]
        for (a, arrival) in scenario.arrivals.enumerated() {
            let path = "arrivals[\(a)]"
            guard let s = stationIndex[arrival.to], let k = classIndex[arrival.classId] else {
                errors.append(Diagnostic(.error, at: arrival.location ?? fallback, path: path, "refers to an unknown station or class"))
                continue
            }
            let process: ArrivalProcess?
            do {
                switch arrival.process {
                case .poisson(let rate): process = try .poisson(rate: rate)
                case .renewal(let spec):
                    process = try build(spec, at: arrival.location, path: "\(path).interarrival").map { d throws(DistributionError) in try .renewal(d) }
                case .rateProfile(_, let step, let rates): process = try .piecewise(step: step, rates: rates)
                case .rateFunction(let base, let amplitude, let period):
                    process = try .sinusoid(base: base, amplitude: amplitude, period: period)
                }
            } catch {
                errors.append(Diagnostic(.error, at: arrival.location ?? fallback, path: "\(path).\(error.parameter)", error.message))
                continue
            }
            let batch = arrival.batch.flatMap { build($0, at: arrival.location, path: "\(path).batch") }
            let base = "\(arrival.to)/\(arrival.classId)"
            let ordinal = seenNames[base, default: 0]
            seenNames[base] = ordinal + 1
            if let process {
                sources.append(SourceModel(station: s, classIndex: k, process: process, batch: batch, streamName: "\(base)/\(ordinal)"))
            }
        }

        var routes = [RouteTable](repeating: .exit, count: stations.count * classes.count)
        for route in scenario.routing {
            guard let from = stationIndex[route.from] else { continue }
            for (k, c) in scenario.classes.enumerated() {
                guard let branches = route.branches.value(for: c.id) else { continue }
                var cumulative: [Double] = []
                var destinations: [Int] = []
                var total = 0.0
                for branch in branches where branch.probability > 0 {
                    total += branch.probability
                    cumulative.append(total)
                    destinations.append(branch.to.flatMap { stationIndex[$0] } ?? -1)
                }
                guard !cumulative.isEmpty else { continue }
                cumulative[cumulative.count - 1] = 1
                routes[from * classes.count + k] = RouteTable(cumulative: cumulative, destinations: destinations)
            }
        }

        if !errors.isEmpty { throw ScenarioErrors(errors) }
        let model = NetworkModel(
            name: scenario.name, timeUnit: scenario.timeUnit, run: scenario.run, classes: classes,
            stations: stations, sources: sources, routes: routes)
        let loads = model.offeredLoads()
        let sizeErrors = model.sizeDiagnostics(replications: scenario.run.replications, loads: loads)
        if !sizeErrors.isEmpty { throw ScenarioErrors(sizeErrors) }
        for (s, load) in loads.enumerated() {
            let station = scenario.stations[s]
            let capacity = model.stations[s].servers.averageServers
            guard capacity.isFinite else { continue }
            guard load.total > 0 else { continue }
            if capacity <= 0 {
                warnings.append(Diagnostic(
                    .warning, at: station.location ?? fallback, path: "stations[\(s)].servers",
                    "never has a server on shift, but students arrive (offered load \(formatLoad(load.total)))"))
                continue
            }
            let rho = load.total / capacity
            guard rho >= 1 else { continue }
            let bounded = station.capacity != nil || station.patience != nil
            let consequence = bounded
                ? "students will be turned away or give up in numbers"
                : "the queue grows without bound over the run"
            warnings.append(Diagnostic(
                .warning, at: station.location ?? fallback, path: "stations[\(s)]",
                "offered load \(formatLoad(load.total)) is at or above its \(formatLoad(capacity)) servers (load \(formatLoad(rho))): \(consequence)"))
        }
        return (model, warnings)
    }

    /// The offered load (arrival rate × mean service time, summed over classes) at each station,
    /// from the traffic equations. Customers sent to a dispatch group (shortest queue) are counted
    /// shared among its stations by their average servers, as the shortest queue tends to share them.
    public func offeredLoads() -> [(arrivalRate: Double, total: Double)] {
        let n = stations.count
        var result = [(arrivalRate: Double, total: Double)](repeating: (0, 0), count: n)
        /// Adds `rate` at destination `d`: a station, or a dispatch group's code.
        func add(_ rate: Double, to d: Int, _ into: inout [Double]) {
            if d >= 0 { into[d] += rate; return }
            let g = -2 - d
            guard d <= -2, dispatchGroups.indices.contains(g), !dispatchGroups[g].isEmpty else { return }
            let members = dispatchGroups[g]
            let weights = members.map { s -> Double in
                let average = stations[s].servers.averageServers
                return average.isFinite && average > 0 ? average : 1
            }
            let total = weights.reduce(0, +)
            for (s, w) in zip(members, weights) { into[s] += rate * w / total }
        }
        for k in classes.indices {
            var external = [Double](repeating: 0, count: n)
            for source in sources where source.classIndex == k {
                add(source.process.meanRate * (source.batch.map { Swift.max(1, $0.mean) } ?? 1), to: source.station, &external)
            }
            // Traffic equations λ = external + λP, by fixed-point iteration (routing always reaches exit).
            var lambda = external
            for _ in 0..<10_000 {
                var next = external
                for s in 0..<n where lambda[s] > 0 {
                    let table = route(station: s, classIndex: k)
                    var previous = 0.0
                    for (b, edge) in table.cumulative.enumerated() {
                        let d = table.destinations[b]
                        if d != -1 { add(lambda[s] * (edge - previous), to: d, &next) }
                        previous = edge
                    }
                }
                let change = zip(next, lambda).map { abs($0 - $1) }.max() ?? 0
                lambda = next
                if change <= 1e-12 * Swift.max(1, lambda.max() ?? 1) { break }
            }
            for s in 0..<n {
                result[s].arrivalRate += lambda[s]
                if let service = stations[s].service[k] { result[s].total += lambda[s] * service.mean }
            }
        }
        return result
    }
}

private func formatLoad(_ x: Double) -> String {
    guard x.isFinite, abs(x) < 1e15 else { return String(x) }
    let rounded = (x * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}

extension Distribution {
    /// Builds the distribution a scenario names.
    public init(_ spec: DistributionSpec) throws(DistributionError) {
        switch spec {
        case .exponential(let mean): self = try .exponential(mean: mean)
        case .deterministic(let value): self = try .deterministic(value)
        case .uniform(let min, let max): self = try .uniform(min: min, max: max)
        case .triangular(let min, let mode, let max): self = try .triangular(min: min, mode: mode, max: max)
        case .erlang(let k, let mean): self = try .erlang(k: k, mean: mean)
        case .gamma(let shape, let scale): self = try .gamma(shape: shape, scale: scale)
        case .lognormal(let mean, let sd): self = try .lognormal(mean: mean, sd: sd)
        case .weibull(let shape, let scale): self = try .weibull(shape: shape, scale: scale)
        case .normal(let mean, let sd): self = try .normal(mean: mean, sd: sd)
        case .empirical(let values, let weights): self = try .empirical(values: values, weights: weights)
        }
    }
}

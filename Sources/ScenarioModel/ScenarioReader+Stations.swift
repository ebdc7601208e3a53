internal import Yams

extension ScenarioReader {
    static let stationSection = Section("A service station.", [
        Field("id", .name, required: true, "The station id ('exit' is reserved)."),
        Field("servers", .custom(ScenarioFormat.ref("servers")), required: true),
        Field("service", .custom(.object([
            ("description", "The service time: one distribution, or a map from class id to distribution."),
            ("anyOf", .array([ScenarioFormat.ref("distribution"), .object([
                ("type", "object"),
                ("not", .object([("required", .array(["dist"]))])),
                ("additionalProperties", ScenarioFormat.ref("distribution")),
                ("minProperties", 1),
            ])])),
        ])), required: true),
        Field("capacity", .integer(minimum: 1), "Most customers at the station, waiting plus in service; an arrival that finds it full is lost."),
        Field("patience", .distribution(.time), "A waiting customer abandons after this long."),
        Field("discipline", .choice(Discipline.allCases.map(\.rawValue)),
              "fifo (default), priority (non-preemptive) or preemptive (preemptive-resume), by class priority."),
        Field("initial_in_system", .integer(minimum: 0, maximum: maximumInitialInSystem),
              "Customers at the station at time 0, of the first class it serves: the first in service, the rest waiting (default 0: empty)."),
    ])
    static let maximumInitialInSystem = 1_000_000

    /// The `stations:` list; every station's id is recorded in `stationRefs` even when its other fields fail.
    mutating func stations(_ node: Node, at path: FieldPath) -> [Station] {
        guard let nodes = list(node, at: path, of: "stations", maximum: Self.maximumStations) else {
            stationsRead = false
            return []
        }
        return nodes.enumerated().compactMap { index, node in station(node, at: path.index(index)) }
    }

    private mutating func station(_ node: Node, at path: FieldPath) -> Station? {
        let errorsBefore = errorCount
        let section = Self.stationSection
        guard let fields = fields(of: node, at: path, section) else {
            referencesIntact = false
            return nil
        }
        let id = stationId(fields, at: path)
        let servers = valueNode(fields, section["servers"]).flatMap { self.servers($0, at: path.key("servers")) }
        let service = valueNode(fields, section["service"]).flatMap { self.service($0, at: path.key("service"), station: id) }
        let capacity = integer(fields, section["capacity"])
        let patience = distribution(fields, section["patience"])
        let discipline = choice(fields, section["discipline"], "discipline", of: Discipline.self)
        let initial = integer(fields, section["initial_in_system"])

        if servers == .infinite {
            for key in ["capacity", "patience"] where fields.has(key) {
                error(at: fields.keyNode(key), path.key(key),
                      "a station with infinite servers never has a queue, so \(key) has no meaning")
            }
        }
        if let initial, let capacity, initial > capacity, let initialNode = fields["initial_in_system"] {
            error(at: initialNode, path.key("initial_in_system"),
                  "\(initial) customers do not fit: the station holds at most \(capacity) (capacity)")
        }
        if let capacity, let most = servers?.most, most > capacity, let capacityNode = fields["capacity"] {
            warning(at: capacityNode, path.key("capacity"),
                    "capacity \(capacity) is below the \(most) servers, so at most \(capacity) can ever be busy")
        }
        guard errorCount == errorsBefore, let id, let servers, let service else { return nil }
        return Station(id: id, servers: servers, service: service, capacity: capacity, patience: patience,
                       discipline: discipline ?? .fifo, initialInSystem: initial ?? 0, location: location(of: node))
    }

    /// The station's id, recorded in `stationRefs` when it is valid and new.
    private mutating func stationId(_ fields: Fields, at path: FieldPath) -> String? {
        let idPath = path.key("id")
        guard let node = valueNode(fields, Self.stationSection["id"]), let id = name(node, at: idPath) else {
            referencesIntact = false
            return nil
        }
        if id == "exit" {
            error(at: node, idPath, "'exit' is reserved: it names leaving the network in routing")
            referencesIntact = false
            return nil
        }
        if let first = stationRefs.first(where: { $0.id == id }) {
            error(at: node, idPath, "duplicate station id '\(id)', first used at line \(first.location.line)")
            return nil
        }
        stationRefs.append((id, location(of: fields.node), path))
        stationIdSet.insert(id)
        return id
    }

    /// One distribution for every class, or a map from class id to distribution.
    ///
    /// A map is per class when it has no `dist` key and none of its keys is a distribution parameter
    /// that is not also a class id, so that `{mean: 2}` is reported as a distribution missing `dist`.
    private mutating func service(_ node: Node, at path: FieldPath, station: String?) -> ClassSpecific<DistributionSpec>? {
        if let station { serviceLocations[station] = (location(of: node), path) }
        guard case .mapping = node, let all = entries(of: node, at: path) else {
            return distribution(node, at: path, role: .time).map { .all($0) }
        }
        let isDistribution = all.has("dist")
            || all.entries.contains { DistributionKind.allParameters.contains($0.key) && !classIds.contains($0.key) }
        if isDistribution || all.entries.isEmpty {
            return distribution(node, at: path, role: .time).map { .all($0) }
        }
        var perClass: [(classId: String, value: DistributionSpec)] = []
        var complete = true
        for entry in all.entries {
            let entryPath = path.key(entry.key)
            let spec = distribution(entry.value, at: entryPath, role: .time)
            guard classIds.contains(entry.key) else {
                error(at: entry.keyNode, entryPath, unknown("class", entry.key, among: classIds))
                complete = false
                continue
            }
            if let spec { perClass.append((entry.key, spec)) } else { complete = false }
        }
        return complete ? .perClass(perClass) : nil
    }
}

extension ServerCount {
    /// The most servers ever on shift, or `nil` for infinitely many.
    var most: Int? {
        switch self {
        case .fixed(let count): count
        case .infinite: nil
        case .schedule(let schedule): schedule.entries.map(\.servers).max()
        }
    }
}

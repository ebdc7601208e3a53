import Interchange
internal import Yams

extension ScenarioReader {
    static let topLevelKeys = [
        "name", "description", "time_unit", "run", "classes", "stations", "arrivals", "routing", "campus", "planner",
    ]

    /// The whole scenario from its top-level map; `nil` when any error was reported.
    mutating func scenario(_ root: Node, defaultName: String) -> Scenario? {
        guard let fields = fields(of: root, at: .root, keys: Self.topLevelKeys,
                                  expecting: "a map of scenario sections (name, run, stations, ...)")
        else { return nil }
        if let node = fields["time_unit"], let unit = choice(node, at: .root.key("time_unit"), "time unit", of: TimeUnit.self) {
            timeUnit = unit
        }
        // With a campus, the network layer is optional: the campus compiles to its own stations.
        let campus = fields["campus"].map { self.campus($0, at: .root.key("campus")) }
        let name = fields["name"].map { scenarioName($0) } ?? defaultName
        let description = fields["description"].flatMap { text($0, at: .root.key("description")) }
        let classes = fields["classes"].map { self.classes($0, at: .root.key("classes")) }
            ?? [CustomerClass(id: "default")]
        if !fields.has("classes") { classIds = ["default"] }
        let stationsNode = campus == nil ? required(fields, "stations") : fields["stations"]
        if stationsNode == nil, campus == nil { stationsRead = false }
        let stations = stationsNode.map { node in
            campus != nil && isEmptyList(node) ? [] : self.stations(node, at: .root.key("stations"))
        } ?? []
        if let campus { checkGeneratedStationIds(stationsNode, counterIds: campus.counterIds) }
        let arrivalsNode = campus == nil ? required(fields, "arrivals") : fields["arrivals"]
        if arrivalsNode == nil, campus == nil { referencesIntact = false }
        let arrivals = arrivalsNode.map { node in
            campus != nil && isEmptyList(node) ? [] : self.arrivals(node, at: .root.key("arrivals"))
        } ?? []
        let routing = fields["routing"].map { self.routing($0, at: .root.key("routing")) } ?? []
        // With a campus and no run length, a run covers the term.
        let termLength = campus.map { Double($0.weeks) * 7 * dayLength }
        let runNode = campus == nil ? required(fields, "run") : fields["run"]
        let run: RunControl? = if let runNode {
            self.run(runNode, at: .root.key("run"), defaultDuration: termLength)
        } else {
            termLength.map { RunControl(duration: $0) }
        }

        checkSize(stationCount: stationRefs.count, classCount: classIds.count, at: fields.node)
        checkReachability(stations: stations, routing: routing)
        var campusValue = campus?.campus
        var plannedStations = stations
        let planner = fields["planner"].flatMap { self.planner($0, at: .root.key("planner")) }
        if let planner { applyStaffing(planner, stations: &plannedStations, campus: &campusValue) }
        guard errorCount == 0, let name, let run, campus == nil || campusValue != nil else { return nil }
        var scenario = Scenario(name: name, description: description, timeUnit: timeUnit, run: run, classes: classes,
                                stations: plannedStations, arrivals: arrivals, routing: routing, campus: campusValue)
        scenario.planner = planner
        return scenario
    }

    /// Whether `node` is an empty list: alongside a campus, the network layer's lists may be.
    private func isEmptyList(_ node: Node) -> Bool {
        if case .sequence(let sequence) = node { sequence.isEmpty } else { false }
    }

    /// The scenario's name, which names its output directory, so it may not be a path.
    private mutating func scenarioName(_ node: Node) -> String? {
        guard let name = self.name(node, at: .root.key("name")) else { return nil }
        guard name.utf8.count <= Self.maximumNameBytes else {
            error(at: node, .root.key("name"),
                  "is \(name.utf8.count) bytes long; at most \(Self.maximumNameBytes) are allowed: it names the output directory")
            return nil
        }
        // The same check as every other name that becomes a path (a results folder's scenario name).
        if let problem = FileName.problem(name) {
            error(at: node, .root.key("name"), "\(problem): it names the output directory")
            return nil
        }
        return name
    }

    /// The `classes:` list; every valid class id is recorded in `classIds`.
    private mutating func classes(_ node: Node, at path: FieldPath) -> [CustomerClass] {
        guard let nodes = list(node, at: path, of: "classes", maximum: Self.maximumClasses) else {
            referencesIntact = false
            classesRead = false
            return []
        }
        var classes: [CustomerClass] = []
        var firstLines: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            let classPath = path.index(index)
            guard let fields = fields(of: node, at: classPath, keys: ["id", "priority"]) else {
                referencesIntact = false
                continue
            }
            var id = required(fields, "id").flatMap { name($0, at: classPath.key("id")) }
            if let known = id, let line = firstLines[known] {
                error(at: fields["id"] ?? node, classPath.key("id"), "duplicate class id '\(known)', first used at line \(line)")
                id = nil
            } else if let known = id {
                firstLines[known] = location(of: node).line
                classIds.append(known)
            } else {
                referencesIntact = false
            }
            let priority = fields["priority"].map { integer($0, at: classPath.key("priority")) } ?? 0
            if let id, let priority {
                classes.append(CustomerClass(id: id, priority: priority, location: location(of: node)))
            }
        }
        return classes
    }
}

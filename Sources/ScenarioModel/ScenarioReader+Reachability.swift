/// Where customers of one class can go: the routing as a graph, following branches with p > 0.
struct ClassRoutes {
    /// Next stations by station; a station is absent when its customers leave after service.
    private var next: [String: [String]] = [:]
    /// Stations with a branch to `exit`, or without routing for this class.
    private var leaving: Set<String> = []

    init(classId: String, stations: [String], routing: [Routing]) {
        let routes = Dictionary(routing.map { ($0.from, $0) }, uniquingKeysWith: { first, _ in first })
        for station in stations {
            guard let branches = routes[station]?.branches.value(for: classId) else {
                leaving.insert(station)
                continue
            }
            let taken = branches.filter { $0.probability > 0 }
            if taken.contains(where: { $0.to == nil }) { leaving.insert(station) }
            next[station] = taken.compactMap(\.to)
        }
    }

    func successors(of station: String) -> [String] { next[station] ?? [] }

    /// Every station reachable from `starts`, the starts included.
    func reachable(from starts: [String]) -> Set<String> {
        var seen = Set(starts)
        var pending = starts
        while let station = pending.popLast() {
            for successor in successors(of: station) where seen.insert(successor).inserted {
                pending.append(successor)
            }
        }
        return seen
    }

    /// The stations among `stations` from which some route leads to `exit`.
    func leadingOut(of stations: [String]) -> Set<String> {
        var out = leaving
        var changed = true
        while changed {
            changed = false
            for station in stations where !out.contains(station) && successors(of: station).contains(where: out.contains) {
                out.insert(station)
                changed = true
            }
        }
        return out
    }
}

extension ScenarioReader {
    /// Graph checks, per class: per-class service covers every class that reaches the station; then,
    /// when every reference was read, every station is reached by some arrival and none traps customers.
    mutating func checkReachability(stations: [Station], routing: [Routing]) {
        let ids = stationRefs.map(\.id)
        var reached: [String: Set<String>] = [:]
        var routes: [String: ClassRoutes] = [:]
        for classId in classIds {
            let classRoutes = ClassRoutes(classId: classId, stations: ids, routing: routing)
            routes[classId] = classRoutes
            reached[classId] = classRoutes.reachable(from: arrivalRefs.filter { $0.classId == classId }.map(\.to))
        }

        for station in stations {
            guard case .perClass = station.service, let place = serviceLocations[station.id] else { continue }
            for classId in classIds where reached[classId]?.contains(station.id) == true && station.service.value(for: classId) == nil {
                report(.error, at: place.location, place.path,
                       "no service distribution for class '\(classId)', which reaches this station")
            }
        }

        guard referencesIntact else { return }
        let reachedByAny = reached.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for station in stationRefs where !reachedByAny.contains(station.id) {
            report(.error, at: station.location, station.path, "no arrival can reach station '\(station.id)'")
        }

        var trappedClasses: [String: [String]] = [:]
        for classId in classIds {
            guard let classRoutes = routes[classId], let classReached = reached[classId] else { continue }
            let out = classRoutes.leadingOut(of: ids)
            for station in ids where classReached.contains(station) && !out.contains(station) {
                trappedClasses[station, default: []].append(classId)
            }
        }
        reportTraps(trappedClasses, routes: routes, routing: routing)
    }

    /// One error per group of connected stations that customers can reach but never leave.
    private mutating func reportTraps(_ trappedClasses: [String: [String]], routes: [String: ClassRoutes], routing: [Routing]) {
        var grouped: Set<String> = []
        for start in stationRefs.map(\.id) where trappedClasses[start] != nil && !grouped.contains(start) {
            // The trapped stations connected to `start`, whichever way the branches point.
            var group: Set<String> = [start]
            var pending = [start]
            while let station = pending.popLast() {
                let linked = trappedClasses.keys.filter { other in
                    routes.values.contains { $0.successors(of: station).contains(other) || $0.successors(of: other).contains(station) }
                }
                for other in linked where group.insert(other).inserted { pending.append(other) }
            }
            grouped.formUnion(group)
            let members = stationRefs.map(\.id).filter(group.contains)
            let classes = classIds.filter { id in members.contains { trappedClasses[$0]?.contains(id) == true } }
            let who = classIds.count > 1
                ? "customers of class\(classes.count > 1 ? "es" : "") \(quoted(classes))"
                : "customers"
            let what = members.count > 1 ? "stations \(quoted(members)): no route from them" : "station \(quoted(members)): no route from it"
            let entry = routing.first { $0.from == start }
            report(.error, at: entry?.location ?? SourceLocation(file: file, line: 1, column: 1),
                   FieldPath.root.key("routing").key(start), "\(who) can never leave \(what) leads to exit")
        }
    }

    private func quoted(_ names: [String]) -> String { names.map { "'\($0)'" }.joined(separator: ", ") }
}

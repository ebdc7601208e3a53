internal import Yams

extension ScenarioReader {
    /// The `planner:` section: `slot`, `shifts` and `staffing`.
    mutating func planner(_ node: Node, at path: FieldPath) -> PlannerSettings? {
        guard let fields = fields(of: node, at: path, keys: ["slot", "shifts", "staffing"]) else { return nil }
        var settings = PlannerSettings()
        settings.slot = fields["slot"].flatMap { duration($0, at: path.key("slot"), .positive) }
        if let shiftsNode = fields["shifts"], let nodes = list(shiftsNode, at: path.key("shifts"), of: "shift patterns") {
            var names: Set<String> = []
            for (index, node) in nodes.enumerated() {
                let shiftPath = path.key("shifts").index(index)
                guard let shift = shift(node, at: shiftPath) else { continue }
                if !names.insert(shift.name).inserted {
                    error(at: node, shiftPath.key("name"), "duplicate shift name '\(shift.name)'")
                    continue
                }
                settings.shifts.append(shift)
            }
        }
        if let staffingNode = fields["staffing"], let nodes = list(staffingNode, at: path.key("staffing"), of: "staffing entries") {
            for (index, node) in nodes.enumerated() {
                let entryPath = path.key("staffing").index(index)
                guard let entry = self.fields(of: node, at: entryPath, keys: ["station", "servers"]) else { continue }
                let station = required(entry, "station").flatMap { text($0, at: entryPath.key("station")) }
                let servers = required(entry, "servers").flatMap { self.servers($0, at: entryPath.key("servers")) }
                if let station, let servers {
                    settings.staffing.append(.init(station: station, servers: servers, location: location(of: node)))
                }
            }
        }
        return settings
    }

    private mutating func shift(_ node: Node, at path: FieldPath) -> PlannerSettings.Shift? {
        guard let fields = fields(of: node, at: path, keys: ["name", "start", "length", "break", "days", "cost"]) else { return nil }
        let name = required(fields, "name").flatMap { text($0, at: path.key("name")) }
        let start = required(fields, "start").flatMap { duration($0, at: path.key("start"), .nonNegative) }
        let length = required(fields, "length").flatMap { duration($0, at: path.key("length"), .positive) }
        var breakAfter: Double? = nil
        var breakLength = 0.0
        var breakRead = true
        if let breakNode = fields["break"] {
            breakRead = false
            if let b = self.fields(of: breakNode, at: path.key("break"), keys: ["after", "length"]) {
                let after = required(b, "after").flatMap { duration($0, at: path.key("break").key("after"), .positive) }
                let span = required(b, "length").flatMap { duration($0, at: path.key("break").key("length"), .positive) }
                if let after, let span, let length {
                    if after + span >= length {
                        error(at: breakNode, path.key("break"), "must end before the shift does (after \(formatted(after)) + length \(formatted(span)) ≥ \(formatted(length)))")
                    } else {
                        breakAfter = after
                        breakLength = span
                        breakRead = true
                    }
                }
            }
        }
        var days: [Int]? = nil
        if let daysNode = fields["days"], let nodes = list(daysNode, at: path.key("days"), of: "days") {
            var read: [Int] = []
            for (index, dayNode) in nodes.enumerated() {
                guard let dayName = text(dayNode, at: path.key("days").index(index)) else { continue }
                if let day = PlannerSettings.dayNames.firstIndex(of: dayName.lowercased()) {
                    if !read.contains(day) { read.append(day) }
                } else {
                    let hint = Suggestion.closest(to: dayName, among: PlannerSettings.dayNames).map { "; did you mean '\($0)'?" } ?? ""
                    error(at: dayNode, path.key("days").index(index), "unknown day '\(dayName)': expected one of \(PlannerSettings.dayNames.joined(separator: ", "))\(hint)")
                }
            }
            if read.count == nodes.count && !read.isEmpty { days = read.sorted() }
            if nodes.isEmpty { error(at: daysNode, path.key("days"), "must name at least one day") }
        } else if fields["days"] == nil {
            days = [0, 1, 2, 3, 4]
        }
        let cost = fields["cost"].flatMap { number($0, at: path.key("cost"), .positive) }
        if fields["cost"] != nil && cost == nil { return nil }
        if let start, let length, start + length > dayLength {
            error(at: node, path.key("length"), "the shift must end within its day (start \(formatted(start)) + length \(formatted(length)) > \(formatted(dayLength)))")
            return nil
        }
        guard let name, let start, let length, let days, breakRead else { return nil }
        return PlannerSettings.Shift(name: name, start: start, length: length, breakAfter: breakAfter, breakLength: breakLength,
                                     days: days, cost: cost, location: location(of: node))
    }

    /// Puts the `planner.staffing` servers in place of the stations' or counter groups' own.
    mutating func applyStaffing(_ settings: PlannerSettings, stations: inout [Station], campus: inout Campus?) {
        for entry in settings.staffing {
            if let s = stations.firstIndex(where: { $0.id == entry.station }) {
                stations[s].servers = entry.servers
            } else if let c = campus?.serviceCenter?.counters.firstIndex(where: { $0.id == entry.station }) {
                campus!.serviceCenter!.counters[c].servers = entry.servers
            } else {
                let known = stations.map(\.id) + (campus?.serviceCenter?.counters.map(\.id) ?? [])
                let hint = Suggestion.closest(to: entry.station, among: known).map { "; did you mean '\($0)'?" } ?? ""
                report(.error, at: entry.location ?? SourceLocation(file: file, line: 1, column: 1), .root.key("planner").key("staffing"),
                       "unknown station or counter '\(entry.station)'\(hint)")
            }
        }
    }
}

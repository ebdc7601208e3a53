internal import Yams

extension ScenarioReader {
    static let breakSection = Section("A break: after this long, for this long, ending before the shift does.", [
        Field("after", .duration(.positive), required: true),
        Field("length", .duration(.positive), required: true),
    ])
    static let shiftSection = Section([
        Field("name", .name, required: true, "The shift pattern's name, unique among them."),
        Field("start", .duration(.nonNegative), required: true, "Start within the day."),
        Field("length", .duration(.positive), required: true, "Length; the shift must end within its day."),
        Field("break", .custom(breakSection.schema())),
        Field("days", .custom(ScenarioFormat.list(
            ScenarioFormat.caseInsensitiveName(PlannerSettings.dayNames, "A day: mon, tue, wed, thu, fri, sat or sun."),
            "Days worked (default Monday to Friday)."))),
        Field("cost", .number(.positive), "Cost (default: paid hours, length less break, times the days)."),
    ])
    static let staffingSection = Section([
        Field("station", .text, required: true, "A network station or a campus counter group."),
        Field("weeks", .custom(ScenarioFormat.list(ScenarioFormat.integer(minimum: 1, maximum: 104),
            "Weeks of the campus term (1-based) this entry holds in; without it, the station's remaining weeks. A station's entries may not share a week."))),
        Field("servers", .custom(ScenarioFormat.ref("servers")), required: true),
    ])
    static let plannerSection = Section(
        "Planner settings (onestop optimize): the planning slot, allowed shift patterns, and staffing that replaces stations' or counter groups' servers.", [
            Field("slot", .duration(.positive), "The planning slot (default 30 min)."),
            Field("shifts", .custom(ScenarioFormat.list(shiftSection.schema(),
                "Allowed shift patterns for a plain set-covering plan (without them optimize draws a weekly roster under shift_rules)."))),
            Field("shift_rules", .custom(shiftRulesSection.schema())),
            Field("staffing", .custom(ScenarioFormat.list(staffingSection.schema(),
                "Servers replacing a station's or counter group's own (written by onestop optimize); entries with weeks give peak weeks their own staffing."))),
        ])

    /// The `planner:` section: `slot`, `shifts` and `staffing`.
    mutating func planner(_ node: Node, at path: FieldPath) -> PlannerSettings? {
        guard let fields = fields(of: node, at: path, Self.plannerSection) else { return nil }
        var settings = PlannerSettings()
        settings.slot = value(fields, Self.plannerSection["slot"])
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
        if let rulesNode = fields["shift_rules"] {
            settings.shiftRules = shiftRules(rulesNode, at: path.key("shift_rules"))
        }
        if let staffingNode = fields["staffing"], let nodes = list(staffingNode, at: path.key("staffing"), of: "staffing entries") {
            for (index, node) in nodes.enumerated() {
                let entryPath = path.key("staffing").index(index)
                let section = Self.staffingSection
                guard let entry = self.fields(of: node, at: entryPath, section) else { continue }
                let station = text(entry, section["station"])
                let servers = valueNode(entry, section["servers"]).flatMap { self.servers($0, at: entryPath.key("servers")) }
                var weeks: [Int]? = nil
                var weeksRead = true
                if let weeksNode = entry["weeks"] {
                    weeksRead = false
                    if let items = list(weeksNode, at: entryPath.key("weeks"), of: "weeks") {
                        var read: [Int] = []
                        for (w, item) in items.enumerated() {
                            guard let week = integer(item, at: entryPath.key("weeks").index(w), minimum: 1, maximum: 104) else { continue }
                            if read.contains(week) {
                                error(at: item, entryPath.key("weeks").index(w), "week \(week) is listed twice")
                            } else {
                                read.append(week)
                            }
                        }
                        if items.isEmpty { error(at: weeksNode, entryPath.key("weeks"), "must name at least one week") }
                        if read.count == items.count && !read.isEmpty {
                            weeks = read.sorted()
                            weeksRead = true
                        }
                    }
                }
                if let station, let servers, weeksRead {
                    settings.staffing.append(.init(station: station, weeks: weeks, servers: servers, location: location(of: node),
                                                   weeksLocation: entry["weeks"].map { location(of: $0) }))
                }
            }
        }
        return settings
    }

    private mutating func shift(_ node: Node, at path: FieldPath) -> PlannerSettings.Shift? {
        let section = Self.shiftSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        let name = text(fields, section["name"])
        let start = value(fields, section["start"])
        let length = value(fields, section["length"])
        var breakAfter: Double? = nil
        var breakLength = 0.0
        var breakRead = true
        if let breakNode = fields["break"] {
            breakRead = false
            if let b = self.fields(of: breakNode, at: path.key("break"), Self.breakSection) {
                let after = value(b, Self.breakSection["after"])
                let span = value(b, Self.breakSection["length"])
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
        let cost = value(fields, section["cost"])
        if fields["cost"] != nil && cost == nil { return nil }
        if let start, let length, start + length > dayLength {
            error(at: node, path.key("length"), "the shift must end within its day (start \(formatted(start)) + length \(formatted(length)) > \(formatted(dayLength)))")
            return nil
        }
        guard let name, let start, let length, let days, breakRead else { return nil }
        return PlannerSettings.Shift(name: name, start: start, length: length, breakAfter: breakAfter, breakLength: breakLength,
                                     days: days, cost: cost, location: location(of: node))
    }

    /// Puts the `planner.staffing` servers in place of the stations' or counter groups' own. Entries
    /// with `weeks` (a campus term's weeks) are laid out with the station's remaining weeks into one
    /// schedule over the term.
    mutating func applyStaffing(_ settings: PlannerSettings, stations: inout [Station], campus: inout Campus?) {
        let staffingPath = FieldPath.root.key("planner").key("staffing")
        var byStation: [String: [(index: Int, entry: PlannerSettings.Staffing)]] = [:]
        var order: [String] = []
        for (index, entry) in settings.staffing.enumerated() {
            let known = stations.contains { $0.id == entry.station } || campus?.serviceCenter?.counters.contains { $0.id == entry.station } == true
            guard known else {
                let ids = stations.map(\.id) + (campus?.serviceCenter?.counters.map(\.id) ?? [])
                let hint = Suggestion.closest(to: entry.station, among: ids).map { "; did you mean '\($0)'?" } ?? ""
                report(.error, at: entry.location ?? SourceLocation(file: file, line: 1, column: 1), staffingPath,
                       "unknown station or counter '\(entry.station)'\(hint)")
                continue
            }
            if byStation[entry.station] == nil { order.append(entry.station) }
            byStation[entry.station, default: []].append((index, entry))
        }
        for id in order {
            let entries = byStation[id]!
            let own: ServerCount
            if let s = stations.firstIndex(where: { $0.id == id }) { own = stations[s].servers } else {
                own = campus!.serviceCenter!.counters.first { $0.id == id }!.servers
            }
            guard let servers = composedServers(id, entries, own: own, term: campus?.term.weeks, path: staffingPath) else { continue }
            if let s = stations.firstIndex(where: { $0.id == id }) {
                stations[s].servers = servers
            } else if let c = campus?.serviceCenter?.counters.firstIndex(where: { $0.id == id }) {
                campus!.serviceCenter!.counters[c].servers = servers
            }
        }
    }

    /// One station's staffing entries as its servers: the entry without `weeks` (else its own
    /// servers) in the weeks no entry names, each `weeks` entry in its weeks.
    private mutating func composedServers(
        _ id: String, _ entries: [(index: Int, entry: PlannerSettings.Staffing)], own: ServerCount, term: Int?, path: FieldPath
    ) -> ServerCount? {
        var remaining: ServerCount? = nil
        var byWeek: [Int: (index: Int, servers: ServerCount)] = [:]
        var valid = true
        for (index, entry) in entries {
            let at = entry.weeksLocation ?? entry.location ?? SourceLocation(file: file, line: 1, column: 1)
            guard let weeks = entry.weeks else {
                if remaining != nil {
                    report(.error, at: entry.location ?? at, path.index(index),
                           "'\(id)' already has an entry without weeks; give this one the weeks it holds in")
                    valid = false
                }
                remaining = entry.servers
                continue
            }
            guard let term else {
                report(.error, at: at, path.index(index).key("weeks"), "weeks are weeks of a campus term; this scenario has no campus section")
                valid = false
                continue
            }
            if case .infinite = entry.servers {
                report(.error, at: entry.location ?? at, path.index(index).key("servers"), "an entry with weeks needs a number of servers or a schedule, not infinite")
                valid = false
                continue
            }
            for week in weeks {
                if week > term {
                    report(.error, at: at, path.index(index).key("weeks"), "week \(week) is outside the term (weeks 1–\(term))")
                    valid = false
                } else if let earlier = byWeek[week] {
                    report(.error, at: at, path.index(index).key("weeks"),
                           "week \(week) of '\(id)' is already staffed by planner.staffing[\(earlier.index)]")
                    valid = false
                } else {
                    byWeek[week] = (index, entry.servers)
                }
            }
        }
        guard valid else { return nil }
        let base = remaining ?? own
        guard let term, !byWeek.isEmpty else { return base }
        if case .infinite = base {
            let index = byWeek.values.map(\.index).min()!
            report(.error, at: entries.first { $0.index == index }?.entry.location ?? SourceLocation(file: file, line: 1, column: 1),
                   path.index(index), "'\(id)' has infinite servers in its other weeks; entries with weeks need finite servers in every week")
            return nil
        }
        let week = 7 * dayLength
        var schedule: [ServerSchedule.Entry] = []
        for w in 1...term {
            let from = Double(w - 1) * week
            for piece in Self.pieces(byWeek[w]?.servers ?? base, from: from, to: from + week) {
                if let last = schedule.last, last.servers == piece.servers, last.to == piece.from {
                    schedule[schedule.count - 1].to = piece.to
                } else {
                    schedule.append(piece)
                }
            }
        }
        if schedule.count == 1 { return .fixed(schedule[0].servers) }
        return .schedule(ServerSchedule(period: Double(term) * week, entries: schedule))
    }

    /// A (finite) staffing over [from, to): its entries, laid out from time 0 and cut to the span.
    private static func pieces(_ servers: ServerCount, from: Double, to: Double) -> [ServerSchedule.Entry] {
        switch servers {
        case .fixed(let n): return [ServerSchedule.Entry(from: from, to: to, servers: n)]
        case .infinite: return []
        case .schedule(let s):
            var out: [ServerSchedule.Entry] = []
            var cycle = (from / s.period).rounded(.down) * s.period
            while cycle < to {
                for e in s.entries {
                    let a = max(from, cycle + e.from), b = min(to, cycle + e.to)
                    if b > a { out.append(ServerSchedule.Entry(from: a, to: b, servers: e.servers)) }
                }
                cycle += s.period
            }
            return out
        }
    }
}

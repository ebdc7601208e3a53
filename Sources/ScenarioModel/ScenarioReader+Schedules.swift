internal import Yams

extension ScenarioReader {
    /// A station's `servers`: a positive integer, `"infinite"`, or a repeating schedule.
    mutating func servers(_ node: Node, at path: FieldPath) -> ServerCount? {
        switch node {
        case .mapping:
            return schedule(node, at: path).map { .schedule($0) }
        case .scalar(let scalar) where node.tagName == .str:
            if scalar.string == "infinite" { return .infinite }
            let hint = Suggestion.closest(to: scalar.string, among: ["infinite"]).map { _ in "; did you mean 'infinite'?" } ?? ""
            error(at: node, path, "expected a number of servers, \"infinite\" or a schedule, found \(describe(node))\(hint)")
            return nil
        case .scalar where numericValue(node) != nil:
            return integer(node, at: path, minimum: 1).flatMap { atMostMaximumServers($0, node, path) }.map { .fixed($0) }
        default:
            error(at: node, path, "expected a number of servers, \"infinite\" or a schedule, found \(describe(node))")
            return nil
        }
    }

    /// `{period, schedule: [{from, to, servers}]}`, whose entries must cover `[0, period)` exactly once.
    private mutating func schedule(_ node: Node, at path: FieldPath) -> ServerSchedule? {
        guard let fields = fields(of: node, at: path, keys: ["period", "schedule"]) else { return nil }
        let period = required(fields, "period").flatMap { duration($0, at: path.key("period"), .positive) }
        let listPath = path.key("schedule")
        guard let listNode = required(fields, "schedule"),
              let nodes = list(listNode, at: listPath, of: "schedule entries")
        else { return nil }
        let entries = nodes.enumerated().map { index, node in scheduleEntry(node, at: listPath.index(index)) }
        guard let period else { return nil }
        let read = entries.compactMap { $0 }
        guard read.count == entries.count else { return nil }

        var complete = true
        for (index, entry) in read.enumerated() where entry.value.to > period {
            error(at: entry.toNode, listPath.index(index).key("to"),
                  "must be at most the period (\(formatted(period))), found \(formatted(entry.value.to))")
            complete = false
        }
        // Entries in time order, each with its index in the file for naming it.
        let ordered = read.enumerated().sorted { $0.element.value.from < $1.element.value.from }
        let tolerance = 1e-9 * period
        var covered = 0.0
        // The entry reaching furthest so far, with its index in the file.
        var furthest: (index: Int, entry: (value: ServerSchedule.Entry, node: Node, toNode: Node))?
        for (index, entry) in ordered {
            let from = entry.value.from
            if from > covered + tolerance {
                error(at: entry.node, listPath.index(index),
                      "gap between \(formatted(covered)) and \(formatted(from))\(clockReading(covered, from, period: period)): no entry covers it")
                complete = false
            } else if from < covered - tolerance, let previous = furthest?.entry.value {
                error(at: entry.node, listPath.index(index),
                      "overlaps the entry from \(formatted(previous.from)) to \(formatted(previous.to))")
                complete = false
            }
            if entry.value.to > covered {
                covered = entry.value.to
                furthest = (index, entry)
            }
        }
        if covered < period - tolerance, let last = furthest {
            error(at: last.entry.node, listPath.index(last.index),
                  "gap between \(formatted(covered)) and \(formatted(period)) (the period)\(clockReading(covered, period, period: period)): no entry covers it")
            complete = false
        }
        guard complete else { return nil }
        if read.allSatisfy({ $0.value.servers == 0 }) {
            warning(at: node, path, "never has a server on shift")
        }
        return ServerSchedule(period: period, entries: ordered.map(\.element.value))
    }

    /// `" (13:30-24:00)"` for a gap in a daily schedule, `" (Tue 13:30-Wed 8:30)"` in a weekly one:
    /// the clock reading of a stretch given in the time unit; empty for other periods.
    private func clockReading(_ from: Double, _ to: Double, period: Double) -> String {
        let seconds = period * timeUnit.seconds
        if abs(seconds - ClockText.daySeconds) < 1e-6 {
            let end = abs(to - period) < 1e-9 ? "24:00" : ClockText.timeOfDay(to, in: timeUnit)
            return " (\(ClockText.timeOfDay(from, in: timeUnit))-\(end))"
        }
        if abs(seconds - 7 * ClockText.daySeconds) < 1e-6 {
            let end = abs(to - period) < 1e-9 ? "Sun 24:00" : ClockText.timeInWeek(to, in: timeUnit)
            return " (\(ClockText.timeInWeek(from, in: timeUnit))-\(end))"
        }
        return ""
    }

    private mutating func scheduleEntry(_ node: Node, at path: FieldPath)
        -> (value: ServerSchedule.Entry, node: Node, toNode: Node)?
    {
        guard let fields = fields(of: node, at: path, keys: ["from", "to", "servers"]) else { return nil }
        // A duration from the period's start, or a clock time ("8:30", "Tue 8:30" from Monday 0:00).
        let from = required(fields, "from").flatMap { clockOrDuration($0, at: path.key("from"), .nonNegative, inWeek: true) }
        // Only at least 0 here: that `to` is after `from` is the check that says what is wrong.
        let to = required(fields, "to").flatMap { clockOrDuration($0, at: path.key("to"), .nonNegative, inWeek: true) }
        let servers = required(fields, "servers").flatMap { node in
            integer(node, at: path.key("servers"), minimum: 0).flatMap { atMostMaximumServers($0, node, path.key("servers")) }
        }
        guard let from, let to, let servers, let toNode = fields["to"] else { return nil }
        guard to > from else {
            error(at: toNode, path.key("to"), "must be greater than from (\(formatted(from))), found \(formatted(to))")
            return nil
        }
        return (ServerSchedule.Entry(from: from, to: to, servers: servers), node, toNode)
    }
}

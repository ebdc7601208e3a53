internal import Yams

extension ScenarioReader {
    static let holidaySection = Section([
        Field("week", .integer(minimum: 1, maximum: maximumTermWeeks), required: true, "The term week, 1-based."),
        Field("day", .custom(ScenarioFormat.ref("weekday")), required: true, "The weekday: mon, tue, ... sun."),
    ])

    /// `opening_hours`: weekdays or weekday ranges (`mon-fri`) mapped to `closed`, `"8:30-17:30"`,
    /// `"8:30-12:00, 13:30-17:30"` or a list of such ranges. Days not named are closed.
    mutating func openingHours(_ node: Node, at path: FieldPath) -> OpeningHours? {
        guard let fields = entries(of: node, at: path, expecting: "a map of weekdays to opening hours, such as {mon-fri: \"8:30-17:30\", sun: closed}")
        else { return nil }
        let errorsBefore = errorCount
        var days = [[OpeningHours.Interval]?](repeating: nil, count: 7)
        var givenBy = [String?](repeating: nil, count: 7)
        for entry in fields.entries {
            let keyPath = path.key(entry.key)
            guard let covered = weekdays(entry.key, at: entry.keyNode, keyPath) else { continue }
            var fresh: [Int] = []
            for d in covered {
                if let earlier = givenBy[d] {
                    error(at: entry.keyNode, keyPath,
                          "\(ClockText.weekdayNames[d]) is already given by '\(earlier)'; name each day once")
                } else {
                    givenBy[d] = entry.key
                    fresh.append(d)
                }
            }
            guard let intervals = dayHours(entry.value, at: keyPath) else { continue }
            for d in fresh { days[d] = intervals }
        }
        guard errorCount == errorsBefore else { return nil }
        let hours = OpeningHours(days: days.map { $0 ?? [] })
        guard hours.span != nil else {
            error(at: node, path, "is closed every day; give the hours of at least one day")
            return nil
        }
        return hours
    }

    /// The weekdays a key names: `mon`, `monday`, or a range `mon-fri` (which may wrap: `sat-mon`).
    private mutating func weekdays(_ key: String, at node: Node, _ path: FieldPath) -> [Int]? {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        guard parts.count <= 2 else {
            error(at: node, path, "cannot read '\(key)' as a weekday or a range of weekdays such as mon-fri")
            return nil
        }
        var read: [Int] = []
        for part in parts {
            guard let d = ClockText.weekday(named: part) else {
                let hint = Suggestion.closest(to: part.lowercased(), among: ClockText.weekdaySpellings).map { "; did you mean '\($0)'?" } ?? ""
                error(at: node, path, "unknown weekday '\(part)'\(hint) (write mon, tue, wed, thu, fri, sat, sun, or a range such as mon-fri)")
                return nil
            }
            read.append(d)
        }
        guard read.count == 2 else { return read }
        var covered = [read[0]]
        var d = read[0]
        while d != read[1] {
            d = (d + 1) % 7
            covered.append(d)
        }
        return covered
    }

    /// One day's hours: `closed`, a string of comma-separated ranges, or a list of range strings, in
    /// time order without overlaps.
    private mutating func dayHours(_ node: Node, at path: FieldPath) -> [OpeningHours.Interval]? {
        var texts: [(text: String, node: Node, path: FieldPath)] = []
        switch node {
        case .scalar(let scalar) where node.tagName == .str:
            if scalar.string.trimmingWhitespace().lowercased() == "closed" { return [] }
            texts = scalar.string.split(separator: ",").map { (String($0), node, path) }
        case .sequence(let sequence):
            for (index, element) in sequence.enumerated() {
                guard case .scalar(let scalar) = element, element.tagName == .str else {
                    error(at: element, path.index(index), "expected a range of hours such as \"8:30-12:00\", found \(describe(element))")
                    return nil
                }
                texts.append((scalar.string, element, path.index(index)))
            }
        default:
            error(at: node, path, "expected closed or hours such as \"8:30-17:30\", found \(describe(node))")
            return nil
        }
        var intervals: [OpeningHours.Interval] = []
        var valid = true
        for item in texts {
            if let interval = range(item.text, at: item.node, item.path) { intervals.append(interval) } else { valid = false }
        }
        guard valid else { return nil }
        guard !intervals.isEmpty else {
            error(at: node, path, "expected closed or hours such as \"8:30-17:30\", found an empty list")
            return nil
        }
        let ordered = intervals.sorted { $0.from < $1.from }
        for (a, b) in zip(ordered, ordered.dropFirst()) where b.from < a.to {
            error(at: node, path, "the hours \(hoursText(a)) and \(hoursText(b)) overlap; give each time of the day once")
            return nil
        }
        // Ranges that touch are one opening.
        var merged: [OpeningHours.Interval] = []
        for interval in ordered {
            if let last = merged.last, last.to == interval.from { merged[merged.count - 1].to = interval.to } else { merged.append(interval) }
        }
        return merged
    }

    /// `"8:30-17:30"` (or `"8.5h-17.5h"`): opening before closing, within the day.
    private mutating func range(_ text: String, at node: Node, _ path: FieldPath) -> OpeningHours.Interval? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        guard parts.count == 2, let from = clockTime(parts[0]), let to = clockTime(parts[1]) else {
            error(at: node, path, "cannot read \"\(text.trimmingWhitespace())\" as opening hours; write the opening and closing times such as \"8:30-17:30\", or closed")
            return nil
        }
        guard from <= dayLength * (1 + 1e-12), to <= dayLength * (1 + 1e-12) else {
            error(at: node, path, "\"\(text.trimmingWhitespace())\" is not within one day (0:00 to 24:00)")
            return nil
        }
        guard to > from else {
            error(at: node, path, "\"\(text.trimmingWhitespace())\" closes (\(parts[1])) before it opens (\(parts[0])); the closing time comes second")
            return nil
        }
        return OpeningHours.Interval(from: from, to: min(to, dayLength))
    }

    /// A time of day as `"8:30"` or a duration with its unit (`"8.5h"`), in the scenario's time unit.
    private func clockTime(_ text: String) -> Double? {
        ClockText.secondsOfDay(text).map { $0 / timeUnit.seconds } ?? DurationText.value(of: text, in: timeUnit).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// `"8:30-17:30"` for messages.
    private func hoursText(_ interval: OpeningHours.Interval) -> String {
        "\(ClockText.timeOfDay(interval.from, in: timeUnit))-\(ClockText.timeOfDay(interval.to, in: timeUnit))"
    }

    /// `holidays`: `{week, day}` entries, or dates (`2027-04-05`) when the term states its first day;
    /// each within the term.
    mutating func holidays(_ node: Node, at path: FieldPath, term: Term?) -> [Holiday]? {
        guard let nodes = possiblyEmptyList(node, at: path, of: "holidays") else { return nil }
        let errorsBefore = errorCount
        var holidays: [Holiday] = []
        for (index, element) in nodes.enumerated() {
            let elementPath = path.index(index)
            switch element {
            case .mapping:
                guard let fields = fields(of: element, at: elementPath, Self.holidaySection) else { continue }
                let week = integer(fields, Self.holidaySection["week"])
                var weekday: Int?
                if let dayNode = required(fields, "day") {
                    weekday = self.weekday(dayNode, at: elementPath.key("day"))
                }
                guard let week, let weekday else { continue }
                if let term, week > term.weeks, let weekNode = fields["week"] {
                    error(at: weekNode, elementPath.key("week"), "week \(week) is outside the term (weeks 1–\(term.weeks))")
                    continue
                }
                holidays.append(Holiday(week: week, weekday: weekday, location: location(of: element)))
            case .scalar(let scalar):
                guard let date = CalendarDate(scalar.string) else {
                    error(at: element, elementPath, "expected a date such as 2027-04-05 or {week: 5, day: mon}, found \(describe(element))")
                    continue
                }
                guard let term else { continue }
                guard let starts = term.starts else {
                    error(at: element, elementPath, "a holiday given as a date needs campus.term.starts (the term's first day); or write {week: 5, day: mon}")
                    continue
                }
                let offset = date.dayNumber - starts.dayNumber
                guard offset >= 0, offset < term.weeks * 7 else {
                    error(at: element, elementPath,
                          "\(date) is outside the term (\(starts) to \(starts.adding(days: term.weeks * 7 - 1)))")
                    continue
                }
                holidays.append(Holiday(week: offset / 7 + 1, weekday: offset % 7, location: location(of: element)))
            default:
                error(at: element, elementPath, "expected a date such as 2027-04-05 or {week: 5, day: mon}, found \(describe(element))")
            }
        }
        guard errorCount == errorsBefore else { return nil }
        return holidays
    }

    /// A weekday name: mon … sun, or the full name.
    mutating func weekday(_ node: Node, at path: FieldPath) -> Int? {
        guard let name = text(node, at: path) else { return nil }
        if let d = ClockText.weekday(named: name) { return d }
        let hint = Suggestion.closest(to: name.lowercased(), among: ClockText.weekdaySpellings).map { "; did you mean '\($0)'?" } ?? ""
        error(at: node, path, "unknown weekday '\(name)'\(hint) (write mon, tue, wed, thu, fri, sat or sun)")
        return nil
    }

    /// `campus.term.starts`: a date, a Monday (the term's weeks run Monday to Sunday).
    mutating func termStart(_ node: Node, at path: FieldPath) -> CalendarDate? {
        guard case .scalar(let scalar) = node, let date = CalendarDate(scalar.string) else {
            error(at: node, path, "expected a date such as 2027-02-22, found \(describe(node))")
            return nil
        }
        guard date.weekday == 0 else {
            let name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][date.weekday]
            error(at: node, path, "\(date) is a \(name); the term's weeks run Monday to Sunday, so it starts on a Monday")
            return nil
        }
        return date
    }

    /// A time of day: a duration (`8.5h`, a plain number) or a clock time (`"8:30"`), in the time unit.
    mutating func clockOrDuration(_ node: Node, at path: FieldPath, _ bound: Bound, inWeek: Bool) -> Double? {
        // YAML reads an unquoted 8:30 as a base-60 number: its text is the clock time meant.
        if case .scalar(let scalar) = node, node.tagName == .str || scalar.string.contains(":") {
            let text = scalar.string
            if let seconds = ClockText.secondsOfDay(text) ?? (inWeek ? ClockText.secondsOfWeek(text) : nil) {
                return seconds / timeUnit.seconds
            }
            if text.contains(":"), DurationText.value(of: text, in: timeUnit) == nil {
                let example = inWeek ? "\"8:30\" or \"Tue 8:30\"" : "\"8:30\""
                error(at: node, path, "cannot read \"\(text)\" as a time; write a clock time such as \(example), or a duration such as \"8.5h\"")
                return nil
            }
        }
        return duration(node, at: path, bound)
    }
}

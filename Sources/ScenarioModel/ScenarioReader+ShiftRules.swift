internal import Yams

extension ScenarioReader {
    static let fullShiftSection = Section("Full shifts: their length on site (lunch included) and the allowed starts.", [
        Field("length", .duration(.positive), "Length on site, lunch included (default 8.5 h)."),
        Field("earliest_start", .timeOfDay, "Earliest start within the day (default: the opening)."),
        Field("latest_start", .timeOfDay, "Latest start within the day (default: the last that ends by the closing)."),
        Field("start_every", .duration(.positive), "Starts are this far apart (default: the planning slot)."),
    ])
    static let partShiftSection = Section("Part shifts: their lengths on site and the allowed starts.", [
        Field("lengths", .custom(ScenarioFormat.list(ScenarioFormat.ref("positiveDuration"), "Allowed lengths (default [4 h])."))),
        Field("earliest_start", .timeOfDay, "Earliest start within the day (default: the opening)."),
        Field("latest_start", .timeOfDay, "Latest start within the day (default: the last that ends by the closing)."),
        Field("start_every", .duration(.positive), "Starts are this far apart (default: the planning slot)."),
    ])
    static let lunchSection = Section("The lunch break: placed by the planner anywhere inside its window.", [
        Field("length", .duration(.positive), "Length of the break (default 30 min)."),
        Field("window_from", .timeOfDay, "The break starts no earlier (default 11:30)."),
        Field("window_to", .timeOfDay, "The break ends no later (default 13:30)."),
        Field("for_shifts_over", .duration(.nonNegative), "Shifts longer than this take a break (default 6 h)."),
    ])
    static let fullTimeSection = Section("The full-time contract: the same hours every week, the days off in a row.", [
        Field("hours_per_week", .hours(.positive), "Paid hours a week (default 40)."),
        Field("days_per_week", .integer(minimum: 1, maximum: 6), "Days worked a week; the other days off are consecutive (default 5)."),
        Field("cost_per_hour", .number(.nonNegative), "Cost of a paid hour (default 1: cost in paid hours)."),
    ])
    static let partTimeSection = Section("The part-time contract: a range of hours and of days a week, one shift a day at most.", [
        Field("min_hours_per_week", .hours(.nonNegative), "Fewest paid hours a week (default 8)."),
        Field("max_hours_per_week", .hours(.positive), "Most paid hours a week (default 30)."),
        Field("min_days_per_week", .integer(minimum: 0, maximum: 7), "Fewest days a week (default 2)."),
        Field("max_days_per_week", .integer(minimum: 1, maximum: 7), "Most days a week (default 5)."),
        Field("cost_per_hour", .number(.nonNegative), "Cost of a paid hour (default 1)."),
    ])
    static let shiftRulesSection = Section(
        "Rules for the weekly roster optimize draws (defaults in docs/planner.md): shifts, lunch, start times, contracts, headcount.", [
            Field("full_shift", .custom(fullShiftSection.schema())),
            Field("part_shift", .custom(partShiftSection.schema())),
            Field("lunch", .custom(lunchSection.schema())),
            Field("max_starts_per_day", .integer(minimum: 1, maximum: 48), "Most distinct start times a day at a station (default 3)."),
            Field("max_part_time_share", .share(belowOne: false), "Most share of staff-hours worked part-time (default 0.5)."),
            Field("full_time", .custom(fullTimeSection.schema())),
            Field("part_time", .custom(partTimeSection.schema())),
            Field("max_headcount", .integer(minimum: 1, maximum: 10_000), "Most people on one station's roster (default: no limit)."),
        ])

    /// `planner.shift_rules`: every key optional; the contradictions a roster could never meet are errors here.
    mutating func shiftRules(_ node: Node, at path: FieldPath) -> PlannerSettings.ShiftRules? {
        let section = Self.shiftRulesSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        var rules = PlannerSettings.ShiftRules()
        rules.location = location(of: node)
        var valid = true
        if let n = fields["full_shift"] {
            let s = Self.fullShiftSection
            if let f = self.fields(of: n, at: path.key("full_shift"), s) {
                rules.fullLength = value(f, s["length"])
                if f["length"] != nil && rules.fullLength == nil { valid = false }
                if let starts = starts(f, s, at: path.key("full_shift")) { rules.fullStarts = starts } else { valid = false }
            } else { valid = false }
        }
        if let n = fields["part_shift"] {
            let s = Self.partShiftSection
            if let f = self.fields(of: n, at: path.key("part_shift"), s) {
                if let lengthsNode = f["lengths"], let items = list(lengthsNode, at: path.key("part_shift").key("lengths"), of: "lengths") {
                    let read = items.enumerated().compactMap { duration($1, at: path.key("part_shift").key("lengths").index($0), .positive) }
                    if items.isEmpty { error(at: lengthsNode, path.key("part_shift").key("lengths"), "must name at least one length") }
                    if read.count == items.count && !read.isEmpty { rules.partLengths = read } else { valid = false }
                } else if f["lengths"] != nil { valid = false }
                if let starts = starts(f, s, at: path.key("part_shift")) { rules.partStarts = starts } else { valid = false }
            } else { valid = false }
        }
        if let n = fields["lunch"] {
            let s = Self.lunchSection
            if let f = self.fields(of: n, at: path.key("lunch"), s) {
                rules.breakLength = value(f, s["length"])
                rules.breakFrom = value(f, s["window_from"])
                rules.breakTo = value(f, s["window_to"])
                rules.breakOver = value(f, s["for_shifts_over"])
                for key in s.keys where f[key] != nil {
                    let read: Double? = switch key {
                    case "length": rules.breakLength
                    case "window_from": rules.breakFrom
                    case "window_to": rules.breakTo
                    default: rules.breakOver
                    }
                    if read == nil { valid = false }
                }
                let from = rules.breakFrom ?? 11.5 * hourLength, to = rules.breakTo ?? 13.5 * hourLength
                let length = rules.breakLength ?? 0.5 * hourLength
                if valid, to - from < length - 1e-9 {
                    error(at: n, path.key("lunch"), "the window \(clockText(from))-\(clockText(to)) is shorter than the lunch (\(formatted(length)))")
                    valid = false
                }
            } else { valid = false }
        }
        if fields["max_starts_per_day"] != nil {
            rules.maxStartsPerDay = integer(fields, section["max_starts_per_day"])
            if rules.maxStartsPerDay == nil { valid = false }
        }
        if fields["max_part_time_share"] != nil {
            rules.partTimeShare = value(fields, section["max_part_time_share"])
            if rules.partTimeShare == nil { valid = false }
        }
        if fields["max_headcount"] != nil {
            rules.maxHeadcount = integer(fields, section["max_headcount"])
            if rules.maxHeadcount == nil { valid = false }
        }
        let defaults = PlannerSettings.ShiftRules.defaultContracts(hour: hourLength)
        if let n = fields["full_time"] {
            let s = Self.fullTimeSection
            if let f = self.fields(of: n, at: path.key("full_time"), s) {
                var c = defaults.fullTime
                if f["hours_per_week"] != nil { if let h = value(f, s["hours_per_week"]) { c.minHours = h; c.maxHours = h } else { valid = false } }
                if f["days_per_week"] != nil { if let d = integer(f, s["days_per_week"]) { c.minDays = d; c.maxDays = d } else { valid = false } }
                if f["cost_per_hour"] != nil { if let x = value(f, s["cost_per_hour"]) { c.costPerHour = x } else { valid = false } }
                rules.fullTime = c
            } else { valid = false }
        }
        if let n = fields["part_time"] {
            let s = Self.partTimeSection
            if let f = self.fields(of: n, at: path.key("part_time"), s) {
                var c = defaults.partTime
                if f["min_hours_per_week"] != nil { if let h = value(f, s["min_hours_per_week"]) { c.minHours = h } else { valid = false } }
                if f["max_hours_per_week"] != nil { if let h = value(f, s["max_hours_per_week"]) { c.maxHours = h } else { valid = false } }
                if f["min_days_per_week"] != nil { if let d = integer(f, s["min_days_per_week"]) { c.minDays = d } else { valid = false } }
                if f["max_days_per_week"] != nil { if let d = integer(f, s["max_days_per_week"]) { c.maxDays = d } else { valid = false } }
                if f["cost_per_hour"] != nil { if let x = value(f, s["cost_per_hour"]) { c.costPerHour = x } else { valid = false } }
                if valid, c.minHours > c.maxHours {
                    error(at: n, path.key("part_time"), "min_hours_per_week (\(formatted(c.minHours))) is above max_hours_per_week (\(formatted(c.maxHours)))")
                    valid = false
                }
                if valid, c.minDays > c.maxDays {
                    error(at: n, path.key("part_time"), "min_days_per_week (\(c.minDays)) is above max_days_per_week (\(c.maxDays))")
                    valid = false
                }
                rules.partTime = c
            } else { valid = false }
        }
        // A full-timer works the same paid hours each day: the full shift less its lunch.
        if valid {
            let resolved = rules.resolved(hour: hourLength)
            let paid = resolved.fullLength - (resolved.fullLength > resolved.breakOver ? resolved.breakLength : 0)
            let daily = resolved.fullTime.minHours * hourLength / Double(resolved.fullTime.minDays)
            if abs(paid - daily) > 1e-6 * hourLength {
                error(at: fields["full_time"] ?? fields["full_shift"] ?? node, path.key(fields["full_time"] != nil ? "full_time" : "full_shift"),
                      "a full-timer's \(formatted(resolved.fullTime.minHours)) h in \(resolved.fullTime.minDays) days is \(formatted(daily / hourLength)) h a day, but a full shift of \(formatted(resolved.fullLength / hourLength)) h less its lunch pays \(formatted(paid / hourLength)) h")
                valid = false
            }
            if resolved.partLengths.contains(where: { $0 > resolved.breakOver }) {
                let long = resolved.partLengths.first { $0 > resolved.breakOver }!
                if resolved.breakTo - resolved.breakFrom < resolved.breakLength || long <= resolved.breakLength {
                    error(at: fields["part_shift"] ?? node, path.key("part_shift"), "a part shift of \(formatted(long / hourLength)) h is longer than lunch.for_shifts_over but cannot hold its lunch")
                    valid = false
                }
            }
        }
        return valid ? rules : nil
    }

    /// A shift kind's allowed starts; earliest after latest is an error at `latest_start`.
    private mutating func starts(_ fields: Fields, _ section: Section, at path: FieldPath) -> PlannerSettings.ShiftRules.Starts? {
        var starts = PlannerSettings.ShiftRules.Starts()
        var valid = true
        if fields["earliest_start"] != nil { starts.from = value(fields, section["earliest_start"]); valid = valid && starts.from != nil }
        if fields["latest_start"] != nil { starts.to = value(fields, section["latest_start"]); valid = valid && starts.to != nil }
        if fields["start_every"] != nil { starts.every = value(fields, section["start_every"]); valid = valid && starts.every != nil }
        if valid, let from = starts.from, let to = starts.to, to < from, let node = fields["latest_start"] {
            error(at: node, path.key("latest_start"), "must not be earlier than earliest_start (\(clockText(from))), found \(clockText(to))")
            valid = false
        }
        return valid ? starts : nil
    }

    /// "08:30" for a time of day in the scenario's unit.
    private func clockText(_ t: Double) -> String {
        let minutes = Int((t / hourLength * 60).rounded())
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

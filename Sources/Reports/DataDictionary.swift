import Interchange

/// `columns.json`, written beside a directory's CSV files: every column of every CSV file there, with
/// its unit, the time unit where the unit involves time, its basis (per week, per term, per year, per
/// replication, …) and what it holds.
///
/// The columns are read from the files' own header rows, so the dictionary lists exactly what was
/// written; each is described from the table below (a column it does not know is listed with a
/// `null` description, which the tests refuse).
public enum DataDictionary {
    public static let fileName = "columns.json"

    /// A column's unit: a fixed word, or one built on the scenario's time unit.
    enum Unit {
        /// No unit: an id, a label or an index.
        case none
        case fixed(String)
        /// A time in the scenario's time unit.
        case time
        /// A count per time unit.
        case perTime(String)

        func text(_ timeUnit: String) -> String? {
            switch self {
            case .none: nil
            case .fixed(let u): u
            case .time: timeUnit
            case .perTime(let what): "\(what) per \(timeUnit)"
            }
        }

        var usesTime: Bool {
            switch self {
            case .time, .perTime: true
            default: false
            }
        }
    }

    struct Column {
        var unit: Unit
        var basis: String?
        var description: String

        init(_ unit: Unit, _ basis: String? = nil, _ description: String) {
            self.unit = unit
            self.basis = basis
            self.description = description
        }
    }

    struct FileEntry {
        var rows: String
        var columns: [String: Column]
        /// For columns named after the scenario's items (one per room type, say).
        var other: Column? = nil
    }

    static let share = Unit.fixed("share (0 to 1)")
    static let boolean = Unit.fixed("boolean (true or false)")
    static let run = "per replication (its measured time)"
    static let term = "per term (the replication's measured time)"
    static let hourOfDay = "per hour of the day (all days of the replication pooled)"

    static let replicationColumn = Column(.none, nil, "replication index, from 0; replication r of every scenario draws the same random numbers (with run.batches: the batch index, from 0, of the one long replication)")
    static let hourColumn = Column(.fixed("hour of the day (0 to 23)"), nil, "the hour of the day on the simulation clock: 0 is midnight to 1:00")

    /// The station measures of replications.csv (and summary.json).
    static let stationColumns: [String: Column] = [
        "replication": replicationColumn,
        "station": Column(.none, nil, "station id"),
        "mean_wait": Column(.time, run, "mean wait before service, over the customers who started service"),
        "p_wait": Column(share, run, "share of the customers who started service that waited at all"),
        "mean_queue_length": Column(.fixed("customers"), run, "time-average number waiting"),
        "mean_in_system": Column(.fixed("customers"), run, "time-average number waiting or in service"),
        "utilization": Column(share, run, "busy server time over present server time (empty for infinite servers)"),
        "throughput": Column(.perTime("completions"), run, "services completed per time unit"),
        "p_blocked": Column(share, run, "share of arrivals turned away because the station was full"),
        "p_abandon": Column(share, run, "share of the arrivals after the warm-up that gave up waiting"),
        "mean_sojourn": Column(.time, run, "mean time from arriving at the station to leaving it after service"),
        "wait_p50": Column(.time, run, "median wait (from a histogram of waits)"),
        "wait_p90": Column(.time, run, "90th percentile of the wait (from a histogram of waits)"),
        "wait_p95": Column(.time, run, "95th percentile of the wait (from a histogram of waits)"),
        "service_level": Column(share, run, "share of visits served within the station's target wait, those who gave up counting as not (empty without a target)"),
        "on_time_rate": Column(share, run, "share of completions here within their deadline from entering the network (empty without one)"),
    ]

    /// The columns both comparison files end with.
    static let comparisonColumns: [String: Column] = [
        "scenario": Column(.none, nil, "the scenario compared with the baseline"),
        "baseline": Column(.none, nil, "the baseline scenario (the first named)"),
        "measure": Column(.none, nil, "the measure compared; the estimates below are in its unit (see replications.csv, hourly.csv or summary.json)"),
        "baseline_mean": Column(.fixed("the measure's unit"), "per replication, mean over replications", "the baseline's mean"),
        "baseline_ci95": Column(.fixed("the measure's unit"), nil, "half-width of the baseline's 95% confidence interval (Student t)"),
        "mean": Column(.fixed("the measure's unit"), "per replication, mean over replications", "the scenario's mean"),
        "ci95": Column(.fixed("the measure's unit"), nil, "half-width of the scenario's 95% confidence interval"),
        "difference": Column(.fixed("the measure's unit"), "per replication, mean over replications", "mean of (scenario − baseline) paired by replication"),
        "difference_ci95": Column(.fixed("the measure's unit"), nil, "half-width of the paired difference's 95% interval"),
        "significant": Column(boolean, nil, "true when the difference's 95% interval excludes 0"),
    ]

    static let entries: [String: FileEntry] = [
        "replications.csv": FileEntry(rows: "one per replication and station", columns: stationColumns),
        "timeseries.csv": FileEntry(rows: "one per replication, sample time and station (every run.sample_every)", columns: [
            "replication": replicationColumn,
            "time": Column(.time, nil, "the sample's time on the simulation clock (0 is midnight of the first day)"),
            "station": Column(.none, nil, "station id"),
            "in_queue": Column(.fixed("customers"), nil, "customers waiting at that moment"),
            "in_service": Column(.fixed("customers"), nil, "customers in service at that moment"),
            "servers": Column(.fixed("servers"), nil, "servers on shift at that moment (empty for infinite servers)"),
        ]),
        "hourly.csv": FileEntry(rows: "one per replication, station and hour of the day into which measured time fell", columns: [
            "replication": replicationColumn,
            "station": Column(.none, nil, "station id"),
            Tables.hourColumn: hourColumn,
            "time": Column(.time, hourOfDay, "measured time that fell in this hour of the day"),
            "mean_queue_length": Column(.fixed("customers"), hourOfDay, "time-average number waiting"),
            "mean_in_service": Column(.fixed("customers"), hourOfDay, "time-average number in service"),
            "mean_servers": Column(.fixed("servers"), hourOfDay, "time-average servers present (on shift, or finishing a service); empty for infinite servers"),
            "utilization": Column(share, hourOfDay, "busy over present server time; empty for infinite servers and in an hour with no server on shift"),
            "mean_wait": Column(.time, hourOfDay, "mean wait of the customers who started service in this hour"),
            "started": Column(.fixed("customers"), hourOfDay, "customers who started service in this hour"),
            "arrivals": Column(.fixed("customers"), hourOfDay, "arrivals in this hour"),
            "abandoned": Column(.fixed("customers"), hourOfDay, "customers who gave up in this hour (among those who arrived after the warm-up)"),
            "completions": Column(.fixed("customers"), hourOfDay, "services completed in this hour"),
            SlotTailColumns.pOverTarget: Column(share, hourOfDay, "campus counters only: share of the waits that began in this hour and ended (in service or by giving up) that lasted longer than the service level's target_wait"),
            SlotTailColumns.p90Minutes: Column(.fixed("minutes"), hourOfDay, "campus counters only: 90th percentile of those waits (exact, linear between order statistics)"),
        ]),
        "campus_slots.csv": FileEntry(rows: "one per replication, counter group (or all), week type (or all) and hour of the day in which some counter wait began and ended", columns: [
            "replication": replicationColumn,
            "counter_group": Column(.none, nil, "counter group id, or all for every counter together"),
            "week_type": Column(.none, nil, "week type (regular, or a peak's name), or all for every week together"),
            Tables.hourColumn: Column(.fixed("hour of the day (0 to 23)"), nil, "the hour of the day in which the wait began (the student joined the queue)"),
            "waits": Column(.fixed("waits"), "per replication, over the slot's days", "waits that began in the slot and ended, in service or by giving up"),
            SlotTailColumns.meanWaitMinutes: Column(.fixed("minutes"), "per replication, over the slot's days", "mean wait of those served (empty when none was)"),
            SlotTailColumns.pOverTarget: Column(share, "per replication, over the slot's days", "share of the waits longer than the service level's target_wait (one who gave up counts by the time they waited)"),
            SlotTailColumns.p90Minutes: Column(.fixed("minutes"), "per replication, over the slot's days", "90th percentile of the waits (exact, linear between order statistics)"),
        ]),
        "campus_categories.csv": FileEntry(rows: "one per replication and service category", columns: [
            "replication": replicationColumn,
            "category": Column(.none, nil, "service category id"),
            "items": Column(.fixed("service items"), nil, "service items in the category (from the scenario)"),
            "counter_visits_per_week": Column(.fixed("visits"), "per week", "arrivals at the counters (first visits and returns, those who gave up included); the categories add up to campus.service_center.counter_visits_per_week"),
            "mean_wait": Column(.time, term, "mean wait at the counters before service, over the category's counter visits that were served"),
            "service_level": Column(share, term, "share of the category's counter visits served within target_wait, those who gave up counting as not served"),
            "one_visit_rate": Column(share, term, "of the category's students whose business finished at a counter, the share who never had to come back"),
            "online_on_time_rate": Column(share, term, "share of the category's online requests handled within online_limit of filing (empty without online requests)"),
            "p_abandon": Column(share, term, "share of the category's counter visits that gave up waiting"),
        ]),
        "campus_counters.csv": FileEntry(rows: "one per replication and counter group", columns: [
            "replication": replicationColumn,
            "counter": Column(.none, nil, "counter group id"),
            "mean_wait": Column(.time, term, "mean wait before service at this counter group"),
            "service_level": Column(share, term, "share of this group's visits served within target_wait, those who gave up counting as not served"),
            "utilization": Column(share, term, "busy over present server time"),
            "p_abandon": Column(share, term, "share of this group's arrivals that gave up waiting"),
        ]),
        "campus_buildings.csv": FileEntry(rows: "one per replication and dormitory building", columns: [
            "replication": replicationColumn,
            "building": Column(.none, nil, "dormitory building id"),
            "weekly_visit_share": Column(share, "per term (share of its weeks)", "share of the term's weeks in which a counselor visited the building"),
        ]),
        "campus_colleges.csv": FileEntry(rows: "one per replication and college", columns: [
            "replication": replicationColumn,
            "college": Column(.none, nil, "college id"),
            "students": Column(.fixed("students"), nil, "students of the college (from the scenario)"),
            "counselors": Column(.fixed("counselors"), nil, "counselors of the college (from the scenario)"),
            "talk_coverage": Column(share, "per term", "share of the college's students given a heart-to-heart talk by a counselor in the term"),
        ]),
        "campus_rooms.csv": FileEntry(rows: "one per replication, room type and hour of the day", columns: [
            "replication": replicationColumn,
            "room_type": Column(.none, nil, "room type id"),
            "complex": Column(.none, nil, "the building complex of the room type"),
            Tables.hourColumn: hourColumn,
            "occupancy": Column(share, "per hour of the day, over the term's days", "booked room time in this hour over the room time of this type in it"),
        ]),
        "campus_activities.csv": FileEntry(rows: "one per replication and activity", columns: [
            "replication": replicationColumn,
            "activity": Column(.none, nil, "activity id"),
            "requests": Column(.fixed("bookings"), "per term (the simulated term)", "booking requests made"),
            "rejected": Column(.fixed("bookings"), "per term (the simulated term)", "booking requests turned away (no room fitted in the window)"),
            "rejection_rate": Column(share, "per term (the simulated term)", "rejected over requests (empty when the activity asked for none)"),
        ]),
        "compare.csv": FileEntry(rows: "one per compared scenario and measure", columns: comparisonColumns.merging([
            "scope": Column(.none, nil, "station, class, system or campus"),
            "id": Column(.none, nil, "the station or class id (empty for the system and the campus)"),
            "direction": Column(.none, nil, "which way the measure is better: lower_is_better, higher_is_better or neutral"),
            "p_value": Column(.fixed("probability (0 to 1)"), nil, "the paired t-test's p-value of the difference"),
            "p_holm": Column(.fixed("probability (0 to 1)"), nil, "the p-value adjusted over every tested measure (Holm)"),
            "p_bh": Column(.fixed("probability (0 to 1)"), nil, "the p-value adjusted over every tested measure (Benjamini–Hochberg)"),
            "change_holm": Column(.none, nil, "better or worse by the measure's direction (higher or lower for a neutral one) when p_holm is at most 0.05; empty otherwise"),
        ]) { a, _ in a }),
        "compare-hourly.csv": FileEntry(rows: "one per compared scenario, station, hour of the day and measure", columns: comparisonColumns.merging([
            "station": Column(.none, nil, "station id"),
            Tables.hourColumn: hourColumn,
        ]) { a, _ in a }),
        "plan.csv": FileEntry(rows: "one per planned station, week type and slot", columns: [
            "station": Column(.none, nil, "station id"),
            "slot": Column(.none, nil, "slot index within the planning period, from 0"),
            "day": Column(.none, nil, "the slot's day (text)"),
            "time": Column(.fixed("time of day (HH:MM)"), nil, "the slot's start within its day"),
            "demand_per_hour": Column(.fixed("arrivals per hour"), "per slot", "arrival rate in the slot"),
            "offered_load": Column(.fixed("erlangs"), "per slot", "arrival rate × mean service time"),
            "erlang_c_no_lag": Column(.fixed("servers"), "per slot", "plain Erlang C count on the slot's own demand"),
            "alpha": Column(share, "per slot", "the delay probability target the slot was staffed for"),
            "requirement": Column(.fixed("servers"), "per slot", "servers the target requires (iterative staffing algorithm)"),
            "scheduled": Column(.fixed("servers"), "per slot", "servers the shift plan puts on"),
            "delay_probability_at_requirement": Column(share, "per slot", "simulated delay probability at the requirement"),
            "week_type": Column(.none, nil, "week type (regular, or a peak's name)"),
            "closed": Column(boolean, nil, "true when the station is closed in the slot"),
            "added_for_abandonment": Column(.fixed("servers"), "per slot", "servers added to the requirement for abandonment"),
            "verified_service_level": Column(share, "per slot", "service level in the slot when the proposal is simulated with fresh random numbers"),
            "verified_p_abandon": Column(share, "per slot", "share abandoning in the slot in that verification"),
        ]),
        "shifts.csv": FileEntry(rows: "one per station, week type and shift pattern worked", columns: [
            "station": Column(.none, nil, "station id"),
            "pattern": Column(.none, nil, "shift pattern name"),
            "staff": Column(.fixed("staff"), "per planning period", "staff working this pattern"),
            "cost_each": Column(.fixed("cost units"), "per planning period", "cost of one staff member on this pattern"),
            "slots_worked": Column(.fixed("slots"), "per planning period", "slots the pattern covers"),
            "week_type": Column(.none, nil, "week type"),
        ]),
        "roster.csv": FileEntry(rows: "one per station, week type, person and day worked", columns: [
            "station": Column(.none, nil, "station id"),
            "week_type": Column(.none, nil, "week type"),
            "person": Column(.none, nil, "a named staff slot: FT-01 for a full-timer, PT-01 for a part-timer"),
            "contract": Column(.none, nil, "full_time or part_time"),
            "day": Column(.none, nil, "day of the week (mon to sun)"),
            "start": Column(.none, nil, "start of the shift, HH:MM"),
            "end": Column(.none, nil, "end of the shift, HH:MM"),
            "break_start": Column(.none, nil, "start of the lunch, HH:MM; empty for a shift without one"),
            "break_end": Column(.none, nil, "end of the lunch, HH:MM"),
            "paid_hours": Column(.fixed("hours"), "per shift", "hours paid: the shift less its lunch"),
        ]),
        "pareto.csv": FileEntry(rows: "one per candidate, station and week type (term rows add the week types up)", columns: [
            "candidate": Column(.none, nil, "scenario, erlang_c_no_lag, requirement or proposal"),
            "station": Column(.none, nil, "station id"),
            "staff_hours_per_period": Column(.fixed("staff-hours"), "per planning period", "staff-hours the candidate puts on"),
            "cost": Column(.fixed("cost units"), "per planning period", "the candidate's shift cost (proposals only)"),
            "service_level": Column(share, "per planning period", "simulated share served within the target wait"),
            "service_level_ci95": Column(share, nil, "half-width of its 95% interval"),
            "p_abandon": Column(share, "per planning period", "simulated share abandoning"),
            "verified": Column(boolean, nil, "true when the row's service was simulated"),
            "week_type": Column(.none, nil, "week type, or term"),
            "periods": Column(.fixed("planning periods"), nil, "planning periods of this week type in the term"),
        ]),
        "layout.csv": FileEntry(rows: "one per room type (scope room_type); then per layout (proposed, within_budget) one for all bookings, one per complex and one per activity", columns: [
            "room_type": Column(.none, nil, "room type id (room_type rows)"),
            "complex": Column(.none, nil, "the building complex (room_type and complex rows)"),
            "seats": Column(.fixed("seats"), nil, "seats per room"),
            "area_per_room": Column(.fixed("m²"), nil, "floor area of one room"),
            "current_count": Column(.fixed("rooms"), nil, "rooms of this type in the scenario"),
            "erlang_b_count": Column(.fixed("rooms"), nil, "rooms Erlang B asks for at the rejection target"),
            "proposed_count": Column(.fixed("rooms"), nil, "rooms in the proposed layout"),
            "proposed_area": Column(.fixed("m²"), nil, "floor area of the proposed rooms"),
            "status": Column(.none, nil, "existing, candidate, or sized (no status: sized freely from 0)"),
            "minimum_count": Column(.fixed("rooms"), nil, "the fewest rooms the planner may propose (an existing type's count)"),
            "maximum_count": Column(.fixed("rooms"), nil, "the most rooms the planner may propose (empty: only the area budgets limit it)"),
            "within_budget_count": Column(.fixed("rooms"), nil, "rooms in the best layout within --area-budget (empty without one)"),
            "scope": Column(.none, nil, "room_type, all (every booking), complex, or activity"),
            "activity": Column(.none, nil, "activity id (activity rows)"),
            "layout": Column(.none, nil, "proposed, or within_budget (the best layout within --area-budget)"),
            "rooms": Column(.fixed("rooms"), nil, "rooms of the layout in the scope (for an activity: of the types it may book)"),
            "area": Column(.fixed("m²"), nil, "their floor area"),
            "area_budget": Column(.fixed("m²"), nil, "--area-budget (all rows) or the complex's area_budget (complex rows); empty without one"),
            "rejection": Column(share, "per term", "share of the scope's booking requests turned away, on fresh random numbers (a complex: requests whose first choice it is)"),
            "rejection_ci95": Column(share, nil, "half-width of its 95% interval over replications"),
            "target": Column(share, nil, "the activity's room_rejection rule, else the overall one"),
            "verdict": Column(.none, nil, "pass, fail or undecided: the 95% interval against the target (Verdict.judge)"),
            "shortfall": Column(share, nil, "how far the mean rejection is above the target (all rows and activities with their own rule)"),
        ]),
        "layout_pareto.csv": FileEntry(rows: "one per layout simulated", columns: [
            "area": Column(.fixed("m²"), nil, "floor area of the layout"),
            "rejection": Column(share, "per term", "simulated share of bookings turned away"),
        ], other: Column(.fixed("rooms"), nil, "rooms of the room type named by the column in this layout")),
        "counselors.csv": FileEntry(rows: "one per college", columns: [
            "college": Column(.none, nil, "college id"),
            "students": Column(.fixed("students"), nil, "students of the college"),
            "current_counselors": Column(.fixed("counselors"), nil, "counselors in the scenario"),
            "proposed_counselors": Column(.fixed("counselors"), nil, "counselors proposed"),
            "students_per_counselor": Column(.fixed("students per counselor"), nil, "students over proposed counselors"),
        ]),
        "counselor_assignments.csv": FileEntry(rows: "one per counselor and building they visit", columns: [
            "counselor": Column(.none, nil, "counselor name"),
            "college": Column(.none, nil, "the counselor's college"),
            "building": Column(.none, nil, "dormitory building id"),
            "visits_per_week": Column(.fixed("visits"), "per week", "visits to the building"),
            "college_share_of_beds": Column(share, nil, "the college's share of the building's beds"),
        ]),
        "oncall.csv": FileEntry(rows: "one per on-call duty block and day of the term", columns: [
            "week": Column(.none, nil, "week of the term, from 1 (0: the Sunday night running into the first Monday)"),
            "day": Column(.none, nil, "day of the week the block starts (mon to sun)"),
            "block": Column(.none, nil, "the kind of block: weekday_day, weekday_evening, weekday_night, weekend_day, weekend_night"),
            "start": Column(.none, nil, "weekday and time of day the duty starts, e.g. Tue 22:00"),
            "end": Column(.none, nil, "weekday and time of day the duty ends (a night ends the next morning)"),
            "hours": Column(.fixed("hours"), "per duty", "length of the duty, cut to the term"),
            "requirement": Column(.fixed("counselors"), "per duty", "counselors on call the crisis requirement asks for, every hour"),
            "on_duty": Column(.fixed("counselors"), "per duty", "counselors assigned"),
            "counselors": Column(.none, nil, "the counselors on duty, separated by ';'"),
        ]),
    ]

    /// `columns.json` for the CSV files among `files` (name, contents), in their order.
    public static func json(for files: [(String, String)], timeUnit: String) -> String {
        document(for: files, timeUnit: timeUnit).rendered(.results)
    }

    private static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    public static func document(for files: [(String, String)], timeUnit: String) -> JSONValue {
        let csvs: [JSONValue] = files.filter { $0.0.hasSuffix(".csv") }.map { name, text in
            let entry = entries[name]
            let firstLine = text.prefix { $0 != "\n" }
            let header = CSVTable(String(firstLine) + "\n").header
            let columns: [JSONValue] = header.map { column in
                let c = entry?.columns[column] ?? entry?.other
                return .object([
                    ("name", .string(column)),
                    ("unit", optional(c?.unit.text(timeUnit))),
                    ("time_unit", optional(c.flatMap { $0.unit.usesTime ? timeUnit : nil })),
                    ("basis", optional(c?.basis)),
                    ("description", optional(c?.description)),
                ])
            }
            return .object([("file", .string(name)), ("rows", optional(entry?.rows)), ("columns", .array(columns))])
        }
        return .object([
            ("time_unit", .string(timeUnit)),
            ("booleans", .string("true or false, in every file")),
            ("empty_cell", .string("no value: the measure is undefined there (nothing to average, or not applicable)")),
            ("files", .array(csvs)),
        ])
    }

    /// `files` with `columns.json` added when any of them is a CSV file.
    public static func adding(to files: [(String, String)], timeUnit: String) -> [(String, String)] {
        guard files.contains(where: { $0.0.hasSuffix(".csv") }) else { return files }
        return files + [(fileName, json(for: files, timeUnit: timeUnit))]
    }
}

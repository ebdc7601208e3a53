import CampusModel
import Experiments
import Foundation
import Interchange
import Planner
import ScenarioModel

/// The files of `onestop optimize`, rendered from what the planner planned: proposal.yaml, plan.csv,
/// shifts.csv, roster.csv (a weekly roster), pareto.csv, optimize.json and, for a campus, layout.csv, layout_pareto.csv,
/// counselors.csv, counselor_assignments.csv and oncall.csv; with the report, report.html.
///
/// CSV columns added after a file's first version come last; scripts read them by name.
public enum PlanFiles {
    /// Every file, by name, in the order they are listed above.
    /// - Parameters:
    ///   - version: the OneStop version named in the proposal's header.
    ///   - report: whether to add report.html.
    public static func files(_ outcome: OptimizeOutcome, version: String, report: Bool = false) throws -> [(name: String, contents: String)] {
        var files: [(name: String, contents: String)] = [
            ("proposal.yaml", proposalYAML(outcome, version: version)),
            ("plan.csv", planCSV(outcome)),
            ("shifts.csv", shiftsCSV(outcome)),
            ("pareto.csv", paretoCSV(outcome)),
            ("optimize.json", optimizeJSON(outcome)),
        ]
        if outcome.proposal.shifts.contains(where: { $0.types.contains { $0.roster != nil } }) {
            files.insert(("roster.csv", rosterCSV(outcome)), at: 3)
        }
        if let rooms = outcome.rooms {
            files += [("layout.csv", layoutCSV(rooms)), ("layout_pareto.csv", layoutParetoCSV(rooms))]
        }
        if let counselors = outcome.counselors {
            files.append(("counselors.csv", counselorsCSV(counselors)))
            if let plan = counselors.proposal.assignment {
                files += [("counselor_assignments.csv", counselorAssignmentsCSV(counselors, plan)), ("oncall.csv", onCallCSV(counselors, plan))]
            }
        }
        let dictionary = DataDictionary.json(for: files.map { ($0.name, $0.contents) }, timeUnit: outcome.scenario.timeUnit.rawValue)
        files.append((DataDictionary.fileName, dictionary))
        if report {
            let tables = Dictionary(files.filter { HTMLReport.optimizeTables.contains($0.name) }.map { ($0.name, $0.contents) },
                                    uniquingKeysWith: { a, _ in a })
            let json = files.first { $0.name == "optimize.json" }!.contents
            files.append(("report.html", try HTMLReport.optimize(.init(optimize: json, tables: tables))))
        }
        return files
    }

    /// `%.Ng` of a finite number; empty for `nil` and values that are not finite.
    static func g(_ x: Double?, _ digits: Int = 6) -> String {
        guard let x, x.isFinite else { return "" }
        return String(format: "%.\(digits)g", x)
    }

    // MARK: proposal.yaml

    /// The scenario with the proposal's `planner:` section, under a header saying what changed and
    /// how to reproduce the verification.
    public static func proposalYAML(_ o: OptimizeOutcome, version: String) -> String {
        let weekTypes = o.weekTypes
        let typeNote = weekTypes.names.indices.map { k in
            let weeks = weekTypes.periods(of: k).map { String($0 + 1) }
            return "\(oneLine(weekTypes.names[k])) (week\(weeks.count == 1 ? "" : "s") \(weeks.joined(separator: ", ")))"
        }.joined(separator: "; ")
        let typeLine = weekTypes.count > 1 ? "# One plan per week type: \(typeNote).\n" : ""
        var changed = ["#   - staffing of \(o.proposal.shifts.map { oneLine($0.id) }.joined(separator: ", ")): the planner: section's staffing replaces their servers,",
                       "#     a least-cost shift plan covering the per-slot requirement (plan.csv, shifts.csv)"]
        for c in o.changes {
            changed.append("#   - \(oneLine(c.what)) (\(oneLine(c.path.description))): \(oneLine(c.from)) → \(oneLine(c.to))")
        }
        let header = """
            # Proposed by `onestop optimize` (OneStop \(version)) from \(oneLine((o.file as NSString).lastPathComponent)): the whole
            # proposal in one runnable scenario. What changed:
            \(changed.joined(separator: "\n"))
            \(typeLine)# Verified as a whole with seed \(o.verificationSeed): \(verificationCommand(o))

            """
        return header + o.proposedText
    }

    /// The command that reproduces the verification: `onestop run` of proposal.yaml at its seed and
    /// replications.
    public static func verificationCommand(_ o: OptimizeOutcome) -> String {
        "onestop run proposal.yaml --seed \(o.verificationSeed) --replications \(o.verified.replications.count)"
    }

    /// Text for a comment line: its line breaks written as `\\n` and `\\r`.
    static func oneLine(_ s: String) -> String {
        s.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }

    // MARK: Staffing tables

    /// `plan.csv`: per station, week type and slot, the demand, the requirement, the shifts' staff and
    /// the verified service.
    public static func planCSV(_ o: OptimizeOutcome) -> String {
        var csv = CSVWriter(header: [
            "station", "slot", "day", "time", "demand_per_hour", "offered_load", "erlang_c_no_lag", "alpha", "requirement", "scheduled",
            "delay_probability_at_requirement", "week_type", "closed", "added_for_abandonment", "verified_service_level", "verified_p_abandon",
        ])
        for (i, plan) in o.proposal.search.stations.enumerated() {
            for (k, typePlan) in plan.types.enumerated() {
                let scheduled = o.proposal.scheduled(i, type: k)
                let cells = o.verifiedSlots.cells[i][k]
                let level = cells.serviceLevel, abandon = cells.abandonShare
                for t in 0..<o.grid.count {
                    let label = o.slotLabel(t)
                    csv.text(plan.id)
                    csv.integer(t)
                    csv.text(label.day)
                    csv.text(label.time)
                    csv.number(formatted: g(typePlan.demand[t] * o.hour))
                    csv.number(formatted: g(typePlan.offeredLoad[t]))
                    csv.integer(typePlan.erlangC[t])
                    csv.number(formatted: g(typePlan.alpha[t], 4))
                    csv.integer(typePlan.requirement[t])
                    csv.integer(scheduled[t])
                    csv.number(formatted: g(typePlan.achievedDelay[t], 4))
                    csv.text(o.weekTypes.names[k])
                    csv.boolean(typePlan.closed[t])
                    csv.integer(typePlan.addedForAbandonment[t])
                    csv.number(formatted: g(level[t], 4))
                    csv.number(formatted: g(abandon[t], 4))
                    csv.endRow()
                }
            }
        }
        return csv.text
    }

    /// `shifts.csv`: the shift patterns worked, with their staff, per station and week type.
    public static func shiftsCSV(_ o: OptimizeOutcome) -> String {
        var csv = CSVWriter(header: ["station", "pattern", "staff", "cost_each", "slots_worked", "week_type"])
        for station in o.proposal.shifts {
            for (k, type) in station.types.enumerated() {
                for (j, pattern) in type.patterns.enumerated() where type.solution.staff[j] > 0 {
                    csv.text(station.id)
                    csv.text(pattern.name)
                    csv.integer(type.solution.staff[j])
                    csv.number(formatted: g(pattern.cost))
                    csv.integer(pattern.slots.count)
                    csv.text(o.weekTypes.names[k])
                    csv.endRow()
                }
            }
        }
        return csv.text
    }

    /// `pareto.csv`: rows per candidate and week type (a `term` row adds the week types up,
    /// staff-hours per period being the mean over the run).
    public static func paretoCSV(_ o: OptimizeOutcome) -> String {
        var csv = CSVWriter(header: ["candidate", "station", "staff_hours_per_period", "cost", "service_level", "service_level_ci95",
                                     "p_abandon", "verified", "week_type", "periods"])
        func row(_ candidate: String, _ id: String, hours: Double?, cost: Double? = nil, level: Estimate? = nil, abandon: Estimate? = nil,
                 verified: Bool, type: String, periods: Int) {
            csv.text(candidate)
            csv.text(id)
            csv.number(formatted: g(hours))
            csv.number(formatted: g(cost))
            csv.number(formatted: g(level?.mean, 4))
            csv.number(formatted: g(level?.halfWidth, 3))
            csv.number(formatted: g(abandon?.mean, 4))
            csv.boolean(verified)
            csv.text(type)
            csv.integer(periods)
            csv.endRow()
        }
        let periods = o.weekTypes.ofPeriod.count
        for (i, s) in o.planned.enumerated() {
            let id = o.model.stations[s].id
            row("scenario", id, hours: o.originalHours(s), level: o.original.estimate(.serviceLevel, station: s),
                abandon: o.original.estimate(.pAbandon, station: s), verified: true, type: "term", periods: periods)
            let plan = o.proposal.search.stations[i]
            for (k, typePlan) in plan.types.enumerated() {
                let name = o.weekTypes.names[k], n = o.weeks(k)
                row("erlang_c_no_lag", id, hours: o.staffHours(typePlan.erlangC), verified: false, type: name, periods: n)
                row("requirement", id, hours: o.staffHours(typePlan.requirement), verified: false, type: name, periods: n)
                row("proposal", id, hours: o.staffHours(o.proposal.scheduled(i, type: k)), cost: o.proposal.shifts[i].types[k].solution.cost,
                    level: o.verifiedSlots.serviceLevel(i, type: k), abandon: o.verifiedSlots.abandonment(i, type: k),
                    verified: true, type: name, periods: n)
            }
            let term = Double(periods)
            row("erlang_c_no_lag", id, hours: o.termHours { plan.types[$0].erlangC } / term, verified: false, type: "term", periods: periods)
            row("requirement", id, hours: o.termHours { plan.types[$0].requirement } / term, verified: false, type: "term", periods: periods)
            row("proposal", id, hours: o.termHours { o.proposal.scheduled(i, type: $0) } / term, cost: o.termCost(i),
                level: o.verified.estimate(.serviceLevel, station: s), abandon: o.verified.estimate(.pAbandon, station: s),
                verified: true, type: "term", periods: periods)
        }
        return csv.text
    }

    // MARK: Campus tables

    /// `layout.csv`: per room type, the rooms there are, Erlang B's count, what the planner may
    /// propose and the proposal (`scope` room_type); then per complex, per activity and for all
    /// bookings (`scope` complex, activity, all) the rooms, area and verified rejection with its 95%
    /// half-width and verdict, of the proposal (`layout` proposed) and, with an area budget, of the
    /// best layout within it (`layout` within_budget).
    public static func layoutCSV(_ r: OptimizeOutcome.Rooms) -> String {
        var csv = CSVWriter(header: ["room_type", "complex", "seats", "area_per_room", "current_count", "erlang_b_count", "proposed_count", "proposed_area",
                                     "status", "minimum_count", "maximum_count", "within_budget_count", "scope", "activity", "layout", "rooms", "area",
                                     "area_budget", "rejection", "rejection_ci95", "target", "verdict", "shortfall"])
        let p = r.proposal
        let types = r.rooms.roomTypes
        for (t, type) in types.enumerated() {
            csv.text(type.id)
            csv.text(type.complex)
            csv.integer(type.seats)
            csv.number(formatted: "\(type.area)")
            csv.integer(type.count)
            csv.integer(p.analytic[t])
            csv.integer(p.counts[t])
            csv.number(formatted: "\(Double(p.counts[t]) * type.area)")
            csv.text(type.status?.rawValue ?? "sized")
            csv.integer(p.minimum[t])
            if let m = p.maximum[t] { csv.integer(m) } else { csv.empty() }
            if let b = p.withinBudget, r.areaBudget != nil { csv.integer(b.counts[t]) } else { csv.empty() }
            csv.text("room_type")
            for _ in 0..<10 { csv.empty() }
            csv.endRow()
        }
        var layouts: [(name: String, v: RoomLayoutPlanner.Verification)] = [("proposed", p.verification)]
        if let v = p.withinBudgetVerification { layouts.append(("within_budget", v)) }
        let complexIds = r.rooms.complexIds
        let builder = RoomBookings(rooms: r.rooms, day: 1, horizon: 1, step: nil)
        for (name, v) in layouts {
            func row(complex: String?, activity: String?, scope: String, of included: [Int], budget: Double?, rejection: Estimate,
                     target: Double, shortfall: Bool) {
                let rooms = included.reduce(0) { $0 + v.counts[$1] }
                let area = included.reduce(0.0) { $0 + Double(v.counts[$1]) * types[$1].area }
                csv.empty()
                if let complex { csv.text(complex) } else { csv.empty() }
                for _ in 0..<10 { csv.empty() }
                csv.text(scope)
                if let activity { csv.text(activity) } else { csv.empty() }
                csv.text(name)
                csv.integer(rooms)
                csv.number(formatted: "\(area)")
                csv.number(budget)
                csv.number(rejection.mean)
                csv.number(rejection.halfWidth)
                csv.number(target)
                csv.text(Verdict.judge((rejection.mean, rejection.halfWidth, rejection.count), target: target, atMost: true).verdict.rawValue)
                if shortfall { csv.number(max(0, (rejection.mean ?? 0) - target)) } else { csv.empty() }
                csv.endRow()
            }
            row(complex: nil, activity: nil, scope: "all", of: Array(types.indices), budget: r.areaBudget, rejection: v.rejection,
                target: r.target, shortfall: true)
            for (c, id) in complexIds.enumerated() {
                row(complex: id, activity: nil, scope: "complex", of: types.indices.filter { types[$0].complex == id },
                    budget: r.rooms.areaBudget(ofComplex: id), rejection: v.complexes[c], target: r.target, shortfall: false)
            }
            for (a, activity) in r.rooms.activities.enumerated() {
                let goal = p.activityTargets.first { $0.activity == a }
                row(complex: nil, activity: activity.id, scope: "activity", of: types.indices.filter { builder.allows(activity: a, type: $0) },
                    budget: nil, rejection: v.activities[a], target: goal?.target ?? r.target, shortfall: goal != nil)
            }
        }
        return csv.text
    }

    /// `layout_pareto.csv`: every layout simulated, by area then rejection.
    public static func layoutParetoCSV(_ r: OptimizeOutcome.Rooms) -> String {
        var csv = CSVWriter(header: ["area", "rejection"] + r.rooms.roomTypes.map(\.id))
        for c in r.proposal.evaluated.sorted(by: { ($0.area, $0.rejection) < ($1.area, $1.rejection) }) {
            csv.number(formatted: "\(c.area)")
            csv.number(formatted: "\(c.rejection)")
            for n in c.counts { csv.integer(n) }
            csv.endRow()
        }
        return csv.text
    }

    /// `counselors.csv`: per college, its students and counselors now and proposed.
    public static func counselorsCSV(_ c: OptimizeOutcome.Counselors) -> String {
        var csv = CSVWriter(header: ["college", "students", "current_counselors", "proposed_counselors", "students_per_counselor"])
        let p = c.proposal
        for (i, college) in c.campus.population.colleges.enumerated() {
            csv.text(college.id)
            csv.integer(college.students)
            csv.integer(college.counselors)
            csv.integer(p.perCollege[i])
            csv.number(formatted: "\(Double(college.students) / Double(max(p.perCollege[i], 1)))")
            csv.endRow()
        }
        return csv.text
    }

    /// `counselor_assignments.csv`: who visits which building, with the college's share of its beds.
    public static func counselorAssignmentsCSV(_ c: OptimizeOutcome.Counselors, _ plan: CounselorPlanner.AssignmentPlan) -> String {
        var csv = CSVWriter(header: ["counselor", "college", "building", "visits_per_week", "college_share_of_beds"])
        let a = plan.assignment
        let names = c.names(a)
        for (i, buildings) in a.counselorBuildings.enumerated() {
            let college = a.counselorCollege[i]
            for b in buildings {
                csv.text(names[i])
                csv.text(c.campus.population.colleges[college].id)
                csv.text(c.campus.population.dormitories[b].id)
                csv.integer(1)
                csv.number(formatted: "\(a.program.share[college][b])")
                csv.endRow()
            }
        }
        return csv.text
    }

    /// `oncall.csv`: the term's on-call roster, one row per duty block and day, with who is on duty.
    public static func onCallCSV(_ c: OptimizeOutcome.Counselors, _ plan: CounselorPlanner.AssignmentPlan) -> String {
        var csv = CSVWriter(header: ["week", "day", "block", "start", "end", "hours", "requirement", "on_duty", "counselors"])
        let names = c.names(plan.assignment)
        let roster = plan.onCall
        for duty in roster.duties {
            csv.integer(duty.week)
            csv.text(weekdayNames[duty.day])
            csv.text(roster.blocks[duty.block].name)
            csv.text(clock(duty.start))
            csv.text(clock(duty.end))
            csv.number(formatted: String(format: "%g", duty.hours))
            csv.integer(roster.dutyPerHour)
            csv.integer(duty.counselors.count)
            csv.text(duty.counselors.map { names[$0] }.joined(separator: ";"))
            csv.endRow()
        }
        return csv.text
    }

    static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// An hour of the term (0 = Monday 0:00 of week 1) as a person writes it: "Tue 17:30".
    static func clock(_ hours: Double) -> String {
        let minutes = Int((hours * 60).rounded())
        let inWeek = ((minutes % 10_080) + 10_080) % 10_080
        let day = inWeek / 1440, minute = inWeek % 1440
        return "\(weekdayNames[day].capitalized) \(minute / 60):\(minute % 60 < 10 ? "0" : "")\(minute % 60)"
    }
}

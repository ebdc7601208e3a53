import CampusModel
import Experiments
import Interchange
import Planner

/// `optimize.json`: the targets, the search, the staffing per station and week type with its
/// verification, the rules, and the campus parts (`rooms`, `counselors`).
extension PlanFiles {
    public static func optimizeJSON(_ o: OptimizeOutcome) -> String {
        var root: [(key: String, value: JSONValue)] = [
            ("scenario", .string(o.file)),
            ("targets", .object([("service_level", .number(o.targets.serviceLevel)), ("max_abandon", .number(o.targets.maxAbandon))])),
            ("slots", .object([("slot", .number(o.grid.slot)), ("period", .number(o.grid.period)), ("count", int(o.grid.count)),
                               ("time_unit", .string(o.model.timeUnit.rawValue))])),
            ("week_types", .array(o.weekTypes.names.indices.map { k in
                .object([("name", .string(o.weekTypes.names[k])), ("weeks", weeks(o, k))])
            })),
            ("search", search(o)),
            ("shift_patterns", .string(o.proposal.patternsFromScenario ? "scenario" : "default")),
            ("verification", .object([("seed", .unsigned(o.verificationSeed)), ("replications", int(o.verified.replications.count)),
                                      ("command", .string(verificationCommand(o)))])),
            ("stations", .array(o.planned.indices.map { station(o, $0) })),
            ("rules", .array(o.verified.ruleResults.map(Summary.rule))),
            ("changes", .array(o.changes.map { c in
                .object([("path", .string(c.path.description)), ("what", .string(c.what)), ("from", .string(c.from)), ("to", .string(c.to))])
            })),
            ("rules_kept", .array(PlanFiles.rulesKept(o).map { r in
                .object([("rule", .string(r.rule)), ("today", .string(r.today?.rawValue ?? "")), ("proposal", .string(r.proposal.rawValue)),
                         ("kept", .bool(r.kept))])
            })),
            ("seconds", .number((o.seconds * 10).rounded() / 10)),
        ]
        if let rooms = o.rooms { root.append(("rooms", roomsJSON(rooms, o.policy))) }
        if let counselors = o.counselors { root.append(("counselors", counselorsJSON(counselors))) }
        return JSONValue.object(root).rendered(.results)
    }

    static func int(_ n: Int) -> JSONValue { .number(Double(n)) }

    static func number(_ x: Double?) -> JSONValue { x.map(JSONValue.number) ?? .null }

    static func bool(_ b: Bool) -> JSONValue { .bool(b) }

    /// A week type's weeks, 1-based.
    private static func weeks(_ o: OptimizeOutcome, _ k: Int) -> JSONValue { .array(o.weekTypes.periods(of: k).map { int($0 + 1) }) }

    private static func estimate(_ e: Estimate) -> [(key: String, value: JSONValue)] {
        [("mean", number(e.mean)), ("ci95", number(e.halfWidth)), ("replications", int(e.count))]
    }

    private static func slotName(_ o: OptimizeOutcome, _ t: Int) -> JSONValue {
        let l = o.slotLabel(t)
        return .string("\(l.day) \(l.time)")
    }

    private static func search(_ o: OptimizeOutcome) -> JSONValue {
        let search = o.proposal.search
        let stopped = (search.converged ? "the staffing stopped changing" : "iteration limit")
            + (search.slotsInCycles > 0 ? "; \(search.slotsInCycles) slots came back to an earlier staffing (a cycle) and keep the fewest servers of their cycle that met the delay target α when simulated" : "")
        return .object([
            ("method", .string("iterative staffing algorithm (Feldman, Mandelbaum, Massey & Whitt 2008), L(t) pooled over the weeks of each week type")),
            ("iterations", int(search.iterations)), ("converged", .bool(search.converged)), ("slots_in_cycles", int(search.slotsInCycles)),
            ("stopped", .string(stopped)), ("last_change", int(search.lastChange)), ("replications", int(search.replications)),
            ("abandonment_rounds", int(search.abandonmentRounds)), ("seed", .unsigned(search.seed)),
        ])
    }

    private static func station(_ o: OptimizeOutcome, _ i: Int) -> JSONValue {
        let s = o.planned[i]
        let plan = o.proposal.search.stations[i]
        let targets = o.targets
        let sl = o.verified.estimate(.serviceLevel, station: s)
        let ab = o.verified.estimate(.pAbandon, station: s)
        // Per week over the term (exactly the one plan's figures with a single week type).
        let totalWeeks = Double(o.weekTypes.ofPeriod.count)
        let solutions = plan.types.indices.map { o.proposal.shifts[i].types[$0].solution }
        let relaxation = plan.types.indices.reduce(0.0) { $0 + solutions[$1].relaxation * Double(o.weeks($1)) } / totalWeeks
        let termCost = o.termCost(i)
        let perWeekCost = termCost / totalWeeks
        return .object([
            ("id", .string(plan.id)),
            ("wait_target", .number(plan.waitTarget)),
            ("requirement_staff_hours", .number(o.termHours { plan.types[$0].requirement } / totalWeeks)),
            ("scheduled_staff_hours", .number(o.termHours { o.proposal.scheduled(i, type: $0) } / totalWeeks)),
            ("shift_cost", .number(perWeekCost)),
            ("solver", .object([
                ("status", .string(solutions.allSatisfy(\.provenOptimal) ? "optimal" : "feasible")),
                ("gap", .number(solutions.map(\.gap).max() ?? 0)),
                ("lp_relaxation", .number(relaxation)),
                ("relaxation_gap", .number(perWeekCost > 0 ? max(0, (perWeekCost - relaxation) / perWeekCost) : 0)),
                ("patterns", int(solutions.isEmpty ? 0 : o.proposal.shifts[i].types.map(\.patterns.count).reduce(0, +))),
                ("staff", int(solutions.map { $0.staff.reduce(0, +) }.max() ?? 0)),
            ])),
            ("week_types", .array(plan.types.indices.map { weekType(o, i, $0) })),
            ("term", .object([
                ("weeks", int(o.weekTypes.ofPeriod.count)),
                ("requirement_staff_hours", .number(o.termHours { plan.types[$0].requirement })),
                ("scheduled_staff_hours", .number(o.termHours { o.proposal.scheduled(i, type: $0) })),
                ("erlang_c_no_lag_staff_hours", .number(o.termHours { plan.types[$0].erlangC })),
                ("shift_cost", .number(termCost)),
            ])),
            ("verified", .object([
                ("service_level", .object(estimate(sl) + [("target", .number(targets.serviceLevel)),
                                                          ("verdict", .string(OptimizeOutcome.verdict(sl, atLeast: targets.serviceLevel).rawValue))])),
                ("p_abandon", .object(estimate(ab) + [("target", .number(targets.maxAbandon)),
                                                      ("verdict", .string(OptimizeOutcome.verdict(ab, atMost: targets.maxAbandon).rawValue))])),
                ("p_abandon_open_hours", .object(estimate(o.openHoursAbandonment(i)))),
                ("arrivals_while_closed_note", .string("students who come while the station is closed (returns at any hour) wait for the opening or give up; staffing cannot serve them")),
                ("mean_wait", .object(estimate(o.verified.estimate(.meanWait, station: s)))),
                ("utilization", .object(estimate(o.verified.estimate(.utilization, station: s)))),
            ])),
        ])
    }

    /// Today's staffing in week type `k`, verified on the same random numbers as the proposal, and
    /// the difference; where it meets the target and the proposal costs more, the slots that bind.
    private static func today(_ o: OptimizeOutcome, _ i: Int, _ k: Int) -> JSONValue {
        guard let servers = o.todayServers(i, type: k), let cost = o.todayCost(i, type: k) else { return .null }
        let level = o.todayServiceLevel(i, type: k)
        let verdict = OptimizeOutcome.verdict(level, atLeast: o.targets.serviceLevel)
        let hours = o.staffHours(servers)
        let proposedHours = o.staffHours(o.proposal.scheduled(i, type: k))
        let proposedCost = o.proposal.shifts[i].types[k].solution.cost
        let worst: JSONValue = o.todayWorstSlot(i, type: k).map { w in
            let l = o.slotLabel(w.slot)
            return .object([("day", .string(l.day)), ("time", .string(l.time)), ("service_level", .number(w.level)),
                            ("arrivals", int(w.arrivals)), ("ci95_lower", .number(w.lower)), ("ci95_upper", .number(w.upper)),
                            ("verdict", .string(w.verdict.rawValue))])
        } ?? .null
        var entries: [(String, JSONValue)] = [
            ("service_level", .object(estimate(level) + [("target", .number(o.targets.serviceLevel)), ("verdict", .string(verdict.rawValue))])),
            ("worst_slot", worst),
            ("staff_hours_per_week", .number(hours)),
            ("headcount", .null),
            ("cost_per_week", .number(cost)),
            ("cost_basis", .string("today's staff-hours at the full-time hourly cost")),
            ("proposal_minus_today_staff_hours", .number(proposedHours - hours)),
            ("proposal_minus_today_cost", .number(proposedCost - cost)),
        ]
        if verdict == .pass && proposedCost > cost + 1e-9 {
            let open = o.proposal.search.stations[i].types[k].closed.map { !$0 }
            let abandon = o.originalSlots.abandonment(i, type: k, counted: open)
            let abandonMissed = OptimizeOutcome.verdict(abandon, atMost: o.targets.maxAbandon) != .pass
            let binds = abandonMissed
                ? "abandonment while open ≤ \(o.targets.maxAbandon): today's staffing gives \(g(abandon.mean, 3)) ± \(g(abandon.halfWidth, 2))"
                : "service level \(o.targets.serviceLevel) in every slot (the requirement) under the shift rules"
            entries.append(("higher_cost_binds", .object([
                ("target", .string(binds)),
                ("slots_requirement_above_today", .array(o.requirementAboveToday(i, type: k).map { .string($0) })),
            ])))
        }
        return .object(entries)
    }

    private static func weekType(_ o: OptimizeOutcome, _ i: Int, _ k: Int) -> JSONValue {
        let typePlan = o.proposal.search.stations[i].types[k]
        let shifts = o.proposal.shifts[i].types[k]
        let targets = o.targets
        let open = typePlan.closed.map { !$0 }
        let tsl = o.verifiedSlots.serviceLevel(i, type: k)
        let tab = o.verifiedSlots.abandonment(i, type: k, counted: open)
        let tabAll = o.verifiedSlots.abandonment(i, type: k)
        let belowTarget = o.slotsBelowTarget(i, type: k)
        // Delay probability in the staffed slots: the final simulation's P(L ≥ requirement) against α.
        let staffed = typePlan.requirement.indices.filter { typePlan.requirement[$0] > 0 }
        let excess = staffed.map { typePlan.achievedDelay[$0] - typePlan.alpha[$0] }
        let abandonBinds = typePlan.addedForAbandonment.contains { $0 > 0 }
        let worst: JSONValue = o.worstSlot(i, type: k).map { w in
            let l = o.slotLabel(w.slot)
            return .object([("slot", int(w.slot)), ("day", .string(l.day)), ("time", .string(l.time)), ("service_level", .number(w.level)),
                            ("arrivals", int(w.arrivals)), ("ci95_lower", .number(w.lower)), ("ci95_upper", .number(w.upper)),
                            ("verdict", .string(w.verdict.rawValue))])
        } ?? .null
        return .object([
            ("week_type", .string(o.weekTypes.names[k])),
            ("weeks", weeks(o, k)),
            ("requirement_staff_hours_per_week", .number(o.staffHours(typePlan.requirement))),
            ("scheduled_staff_hours_per_week", .number(o.staffHours(o.proposal.scheduled(i, type: k)))),
            ("shift_cost_per_week", .number(shifts.solution.cost)),
            ("solver", .object([
                ("status", .string(shifts.solution.provenOptimal ? "optimal" : "feasible")),
                ("gap", .number(shifts.solution.gap)),
                ("lp_relaxation", .number(shifts.solution.relaxation)),
                ("relaxation_gap", .number(shifts.solution.relaxationGap)),
                ("patterns", int(shifts.patterns.count)),
                ("staff", int(shifts.solution.staff.reduce(0, +))),
            ])),
            ("kept_today", .bool(shifts.keptToday)),
            ("roster", rosterJSON(shifts)),
            ("today", today(o, i, k)),
            ("verified", .object([
                ("service_level", .object(estimate(tsl) + [("target", .number(targets.serviceLevel)),
                                                           ("verdict", .string(OptimizeOutcome.verdict(tsl, atLeast: targets.serviceLevel).rawValue))])),
                ("p_abandon", .object(estimate(tab) + [("target", .number(targets.maxAbandon)),
                                                       ("verdict", .string(OptimizeOutcome.verdict(tab, atMost: targets.maxAbandon).rawValue)),
                                                       ("counts", .string("students arriving while the station is open"))])),
                ("p_abandon_with_closed_hours", .object(estimate(tabAll))),
                ("worst_slot", worst),
                ("slots_below_target", .array(belowTarget.below.map { slotName(o, $0) })),
                ("slots_judged_min_arrivals", int(o.policy.slotArrivalsJudged)),
                ("open_slots_too_few_arrivals", int(belowTarget.unjudged)),
            ])),
            ("search", .object([
                ("slots_staffed", int(staffed.count)),
                ("closed_slots", int(typePlan.closed.filter { $0 }.count)),
                ("arrivals_while_closed", .number(typePlan.arrivalsWhileClosed)),
                ("max_delay_probability_over_alpha", .number(excess.max() ?? 0)),
                ("mean_delay_probability", .number(staffed.isEmpty ? 0 : staffed.reduce(0.0) { $0 + typePlan.achievedDelay[$1] } / Double(staffed.count))),
                ("mean_alpha", .number(staffed.isEmpty ? 0 : staffed.reduce(0.0) { $0 + typePlan.alpha[$1] } / Double(staffed.count))),
                ("p_abandon_open_hours", .number(typePlan.totalAbandonShare)),
                ("p_abandon_with_closed_hours", .number(typePlan.totalAbandonShareWithClosed)),
                ("servers_added_for_abandonment", int(typePlan.addedForAbandonment.reduce(0, +))),
            ])),
            ("binding", .object([
                ("constraint", .string(abandonBinds ? "abandonment" : "service_level")),
                ("covering_slots_met_exactly", .array(shifts.solution.bindingSlots.map { slotName(o, $0) })),
                ("slots_at_delay_target", int(staffed.filter { typePlan.achievedDelay[$0] > typePlan.alpha[$0] - 0.02 }.count)),
            ])),
        ])
    }

    // MARK: Campus

    private static func roomsJSON(_ r: OptimizeOutcome.Rooms, _ policy: PlanningPolicy) -> JSONValue {
        let p = r.proposal
        let ids = r.rooms.roomTypes.map(\.id)
        func counts(_ counts: [Int]) -> JSONValue { .object(zip(ids, counts).map { ($0, int($1)) }) }
        var entries: [(key: String, value: JSONValue)] = [
            ("target_rejection", .number(r.target)), ("proposed_area", .number(p.area)), ("current_area", .number(r.currentArea)),
            ("rejection", .object([("mean", number(p.rejection.mean)), ("ci95", number(p.rejection.halfWidth))])),
            ("feasible", .bool(p.feasible)), ("verdict", .string(p.verdict.rawValue)), ("layouts_simulated", int(p.evaluated.count)), ("finalists", int(p.finalists.count)),
            ("area_lower_bound", .number(p.areaBound)), ("unseatable_share", .number(p.unseatable)),
            ("verification", .string("rejection estimated on fresh random numbers (seed + \(policy.verificationSeedOffset))")),
            ("counts", counts(p.counts)),
        ]
        if let s = p.selection {
            entries.append(("selection", .object([("method", .string("KN (Kim & Nelson), common random numbers")), ("confidence", .number(s.confidence)),
                                                  ("indifference", .number(s.indifference)), ("observations", .array(s.observations.map(int)))])))
        }
        func verdict(_ e: Estimate, _ target: Double) -> JSONValue {
            .string(Verdict.judge((e.mean, e.halfWidth, e.count), target: target, atMost: true).verdict.rawValue)
        }
        func scoped(_ v: RoomLayoutPlanner.Verification) -> [(key: String, value: JSONValue)] {
            let activities: [(key: String, value: JSONValue)] = r.rooms.activities.enumerated().map { a, activity in
                let goal = p.activityTargets.first { $0.activity == a }
                let target = goal?.target ?? r.target
                let e = v.activities[a]
                var fields: [(key: String, value: JSONValue)] = [
                    ("rejection", .object([("mean", number(e.mean)), ("ci95", number(e.halfWidth))])), ("target", .number(target)),
                    ("rule", goal.map { .string($0.rule) } ?? .null), ("verdict", verdict(e, target)),
                ]
                if goal != nil { fields.append(("shortfall", .number(max(0, (e.mean ?? 0) - target)))) }
                return (activity.id, .object(fields))
            }
            let complexes: [(key: String, value: JSONValue)] = r.rooms.complexIds.enumerated().map { c, id in
                let included = r.rooms.roomTypes.indices.filter { r.rooms.roomTypes[$0].complex == id }
                let e = v.complexes[c]
                return (id, .object([
                    ("rooms", int(included.reduce(0) { $0 + v.counts[$1] })),
                    ("area", .number(included.reduce(0.0) { $0 + Double(v.counts[$1]) * r.rooms.roomTypes[$1].area })),
                    ("area_budget", number(r.rooms.areaBudget(ofComplex: id))),
                    ("rejection", .object([("mean", number(e.mean)), ("ci95", number(e.halfWidth))])), ("verdict", verdict(e, r.target)),
                ]))
            }
            return [("activities", .object(activities)), ("complexes", .object(complexes))]
        }
        entries += scoped(p.verification)
        if let b = p.withinBudget, let v = p.withinBudgetVerification, let budget = r.areaBudget {
            entries.append(("within_budget", .object([
                ("area_budget", .number(budget)), ("area", .number(b.area)), ("fits", .bool(b.area <= budget + 1e-9)),
                ("rejection", .number(b.rejection)),
                ("verified_rejection", .object([("mean", number(v.rejection.mean)), ("ci95", number(v.rejection.halfWidth))])),
                ("verdict", verdict(v.rejection, r.target)), ("counts", counts(b.counts)),
            ] + scoped(v))))
        }
        return .object(entries)
    }

    private static func counselorsJSON(_ c: OptimizeOutcome.Counselors) -> JSONValue {
        let p = c.proposal
        var entries: [(key: String, value: JSONValue)] = [
            ("total", int(p.total)), ("shortfall", int(p.shortfall)), ("on_call", p.onCall.map(int) ?? .null),
            ("highest_students_per_counselor", .number(p.highestLoad)), ("lowest_students_per_counselor", .number(p.lowestLoad)),
            ("dorm_visit_coverage", number(p.dormVisitCoverage)), ("talk_coverage", number(p.talkCoverage)),
            ("requirements", .array(p.requirements.map {
                .object([("rule", .string($0.rule)), ("kind", .string($0.kind.rawValue)), ("needed", int($0.needed)), ("met", .bool($0.met)),
                         ("note", .string($0.note))])
            })),
        ]
        guard let plan = p.assignment else { return .object(entries) }
        let a = plan.assignment
        let proven = a.stages.allSatisfy(\.provenOptimal)
        let status = proven ? "optimal" : "feasible (time limit)"
        let gap = a.stages.map(\.gap).max() ?? 0
        let load = a.workload
        var assignment: [(key: String, value: JSONValue)] = [
            ("unit", .string("college: counselors counted by profile (visits, duty blocks), then named within the college")),
            ("status", .string(status)), ("gap", .number(gap)),
            ("stages", .array(a.stages.map {
                .object([("stage", .string($0.name)), ("objective", .number($0.objective)), ("relaxation", .number($0.relaxation)),
                         ("status", .string($0.provenOptimal ? "optimal" : "feasible")), ("gap", .number($0.gap)), ("seconds", .number($0.seconds)),
                         ("variables", int($0.variables)), ("integer_variables", int($0.integerVariables)), ("rows", int($0.rows))])
            })),
            ("rules", .array(plan.rules.map {
                .object([("rule", .string($0.rule)), ("kind", .string($0.kind.rawValue)), ("needed", $0.needed.map(int) ?? .null),
                         ("missing", $0.missing.map(int) ?? .null), ("met", .bool($0.met)), ("note", .string($0.note))])
            })),
            ("visits_required_per_building", int(a.program.visitsRequired.first ?? 0)), ("visit_hours", .number(a.program.visitHours)),
            ("visit_budget_per_counselor", int(a.program.visitBudget)),
            ("busiest_workload_hours", .number(load.max() ?? 0)), ("busiest_workload_bound", .number(a.busiestBound)),
            ("lowest_workload_hours", .number(load.min() ?? 0)),
            ("mean_workload_hours", .number(load.isEmpty ? 0 : load.reduce(0, +) / Double(load.count))),
            ("workload", .string("hours a week of dorm visits, talks and on-call duty per counselor")),
            ("visits_per_week", int(a.buildingVisits.reduce(0, +))), ("missing_visits", int(a.missingVisits.reduce(0, +))),
            ("resident_college_share", number(a.residentShare)),
            ("residence_assumption", .string("students fill the beds college after college, building after building, in the scenario's order")),
        ]
        if let v = plan.verification {
            assignment.append(("verification", .object([
                ("replications", int(v.replications)), ("dorm_visit_coverage", number(v.dormVisitCoverage)),
                ("visits_only_coverage", number(v.visitsOnlyCoverage)), ("least_building_coverage", number(v.leastBuildingCoverage)),
            ])))
        }
        entries.append(("assignment", .object(assignment)))
        let dutyCounselors = a.counselorBlocks.filter { !$0.isEmpty }.count
        entries.append(("on_call_roster", .object([
            ("status", .string(status)), ("gap", .number(gap)), ("solved_with", .string("the assignment's program (shared workload objective)")),
            ("duty_per_hour", int(plan.dutyPerHour)), ("hours_per_week", int(plan.dutyPerHour > 0 ? 168 : 0)),
            ("block_hours", .number(a.program.blockHours)), ("blocks", int(a.program.dutyRequired.count)),
            ("weekly_limit_hours", .number(c.campus.counselors?.weeklyHours["on_call"] ?? 0)),
            ("block_budget_per_counselor", int(a.program.blockBudget)),
            ("counselors_on_duty", int(dutyCounselors)),
            ("most_duty_hours", .number(Double(a.counselorBlocks.map(\.count).max() ?? 0) * a.program.blockHours)),
            ("missing_duty", int(a.missingDuty.reduce(0, +))),
            ("term", onCallTerm(plan.onCall)),
        ])))
        return .object(entries)
    }
    /// The term roster in whole blocks: its blocks, how the duty falls on counselors, and whether it
    /// keeps its promises (`problems` empty).
    static func onCallTerm(_ roster: OnCallRoster) -> JSONValue {
        let carrying = roster.targetHours.indices.filter { roster.targetHours[$0] > 0 }
        let hours = roster.hours, nights = roster.nights
        let over = carrying.map { hours[$0] - roster.targetHours[$0] }
        return .object([
            ("weeks", .number(Double(roster.weeks))), ("duties", .number(Double(roster.duties.count))),
            ("blocks", .array(roster.blocks.map { b in
                .object([("name", .string(b.name)), ("days", .array(b.days.map { .string(PlanFiles.weekdayNames[$0]) })),
                         ("from", .string(PlanFiles.clock(b.from))), ("to", .string(PlanFiles.clock(b.to))), ("hours", .number(b.hours))])
            })),
            ("rest_after_night_hours", .number(roster.restAfterNight)),
            ("counselors_on_duty", .number(Double(carrying.filter { hours[$0] > 0 }.count))),
            ("most_duty_hours", .number(carrying.map { hours[$0] }.max() ?? 0)),
            ("least_duty_hours", .number(carrying.map { hours[$0] }.min() ?? 0)),
            ("most_over_target_hours", .number(over.max() ?? 0)), ("most_under_target_hours", .number(-(over.min() ?? 0))),
            ("most_nights", .number(Double(carrying.map { nights[$0] }.max() ?? 0))),
            ("shortest_gap_hours", roster.shortestGap.map(JSONValue.number) ?? .null),
            ("missing_counselor_hours", .number(roster.missingHours)),
            ("problems", .array(roster.problems().map(JSONValue.string))),
        ])
    }
}

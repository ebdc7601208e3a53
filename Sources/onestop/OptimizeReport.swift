import Experiments
import Foundation
import Planner
import QueueingNetwork

/// The files and terminal summary of `onestop optimize`.
struct OptimizeReport {
    var proposal: StaffingProposal
    var model: NetworkModel
    var planned: [Int]
    var targets: StaffingTargets
    var grid: SlotGrid
    var hour: Double
    var day: Double
    var verified: ExperimentResult
    /// The verification per week type and slot at the planned stations.
    var verifiedSlots: SlotObservations
    var original: ExperimentResult
    var seed: UInt64
    var verifySeed: UInt64
    var seconds: Double
    var scenarioPath: String
    /// The campus parts (`rooms`, `counselors`), merged into optimize.json.
    var campus: [String: Any] = [:]

    private func f(_ x: Double?, _ digits: Int = 6) -> String {
        guard let x, x.isFinite else { return "" }
        return String(format: "%.\(digits)g", x)
    }

    private func slotLabel(_ t: Int) -> (day: String, time: String) {
        let start = grid.start(t)
        let d = Int((start / day).rounded(.down))
        let dayName = grid.period > day ? ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d % 7] : "day"
        return (dayName, ShiftPatterns.clock(start - Double(d) * day, hour: hour))
    }

    private var weekTypes: WeekTypes { proposal.search.weekTypes }

    /// Columns after `delay_probability_at_requirement` were added later; scripts read them by name.
    func planCSV() -> String {
        var lines = ["station,slot,day,time,demand_per_hour,offered_load,erlang_c_no_lag,alpha,requirement,scheduled,delay_probability_at_requirement,week_type,closed,added_for_abandonment,verified_service_level,verified_p_abandon"]
        for (i, plan) in proposal.search.stations.enumerated() {
            for (k, typePlan) in plan.types.enumerated() {
                let scheduled = proposal.scheduled(i, type: k)
                let cells = verifiedSlots.cells[i][k]
                let level = cells.serviceLevel, abandon = cells.abandonShare
                for t in 0..<grid.count {
                    let label = slotLabel(t)
                    lines.append([plan.id, String(t), label.day, label.time, f(typePlan.demand[t] * hour), f(typePlan.offeredLoad[t]),
                                  String(typePlan.erlangC[t]), f(typePlan.alpha[t], 4), String(typePlan.requirement[t]), String(scheduled[t]),
                                  f(typePlan.achievedDelay[t], 4), weekTypes.names[k], typePlan.closed[t] ? "yes" : "no",
                                  String(typePlan.addedForAbandonment[t]), f(level[t], 4), f(abandon[t], 4)].joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func shiftsCSV() -> String {
        var lines = ["station,pattern,staff,cost_each,slots_worked,week_type"]
        for station in proposal.shifts {
            for (k, type) in station.types.enumerated() {
                for (j, pattern) in type.patterns.enumerated() where type.solution.staff[j] > 0 {
                    lines.append("\(station.id),\(pattern.name),\(type.solution.staff[j]),\(f(pattern.cost)),\(pattern.slots.count),\(weekTypes.names[k])")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Staff-hours per period of a per-slot staffing.
    private func staffHours(_ servers: [Int]) -> Double { Double(servers.reduce(0, +)) * grid.slot / hour }

    /// Periods (weeks) of week type `k` in the run.
    private func weeks(_ k: Int) -> Int { weekTypes.periods(of: k).count }

    private func originalHours(_ s: Int) -> Double? {
        switch model.stations[s].servers {
        case .fixed(let n): return Double(n) * grid.period / hour
        case .infinite: return nil
        case .schedule: return model.stations[s].servers.averageServers * grid.period / hour
        }
    }

    /// Staff-hours over the run (every period) of a per-type staffing.
    private func termHours(_ perType: (Int) -> [Int]) -> Double {
        weekTypes.names.indices.reduce(0.0) { $0 + staffHours(perType($1)) * Double(weeks($1)) }
    }

    /// Rows per candidate and week type (`week_type` and `periods` were added as the last columns;
    /// a `term` row adds the week types up, staff-hours per period being the mean over the run).
    func paretoCSV() -> String {
        var lines = ["candidate,station,staff_hours_per_period,cost,service_level,service_level_ci95,p_abandon,verified,week_type,periods"]
        let periods = weekTypes.ofPeriod.count
        for (i, s) in planned.enumerated() {
            let id = model.stations[s].id
            let o = original.estimate(.serviceLevel, station: s)
            let oa = original.estimate(.pAbandon, station: s)
            lines.append("scenario,\(id),\(f(originalHours(s))),,\(f(o.mean, 4)),\(f(o.halfWidth, 3)),\(f(oa.mean, 4)),yes,term,\(periods)")
            let plan = proposal.search.stations[i]
            for (k, typePlan) in plan.types.enumerated() {
                let name = weekTypes.names[k], n = weeks(k)
                lines.append("erlang_c_no_lag,\(id),\(f(staffHours(typePlan.erlangC))),,,,,no,\(name),\(n)")
                lines.append("requirement,\(id),\(f(staffHours(typePlan.requirement))),,,,,no,\(name),\(n)")
                let v = verifiedSlots.serviceLevel(i, type: k)
                let va = verifiedSlots.abandonment(i, type: k)
                lines.append("proposal,\(id),\(f(staffHours(proposal.scheduled(i, type: k)))),\(f(proposal.shifts[i].types[k].solution.cost)),\(f(v.mean, 4)),\(f(v.halfWidth, 3)),\(f(va.mean, 4)),yes,\(name),\(n)")
            }
            let v = verified.estimate(.serviceLevel, station: s)
            let va = verified.estimate(.pAbandon, station: s)
            let cost = plan.types.indices.reduce(0.0) { $0 + proposal.shifts[i].types[$1].solution.cost * Double(weeks($1)) }
            lines.append("erlang_c_no_lag,\(id),\(f(termHours { plan.types[$0].erlangC } / Double(periods))),,,,,no,term,\(periods)")
            lines.append("requirement,\(id),\(f(termHours { plan.types[$0].requirement } / Double(periods))),,,,,no,term,\(periods)")
            lines.append("proposal,\(id),\(f(termHours { proposal.scheduled(i, type: $0) } / Double(periods))),\(f(cost)),\(f(v.mean, 4)),\(f(v.halfWidth, 3)),\(f(va.mean, 4)),yes,term,\(periods)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func estimate(_ e: Estimate) -> [String: Any] {
        ["mean": e.mean.map { $0 as Any } ?? NSNull(), "ci95": e.halfWidth.map { $0 as Any } ?? NSNull(), "replications": e.count]
    }

    /// Whether a target holds: the mean on the right side (the CI is reported beside it).
    private func holds(_ e: Estimate, atLeast target: Double) -> Bool { (e.mean ?? -1) >= target }
    private func holds(_ e: Estimate, atMost target: Double) -> Bool { (e.mean ?? 2) <= target }

    /// Fewest arrivals (pooled over the type's weeks and the replications) for a slot to be judged:
    /// a share from fewer has a 95% interval wider than ±0.15.
    static let slotArrivalsJudged = 30

    /// The slot of type `k` at station `i` with the lowest verified service level, among open slots
    /// with at least `slotArrivalsJudged` arrivals; with the upper end of its 95% interval (Wilson).
    private func worstSlot(_ i: Int, type k: Int) -> (slot: Int, level: Double, arrivals: Int, upper: Double)? {
        let cells = verifiedSlots.cells[i][k]
        let closed = proposal.search.stations[i].types[k].closed
        let levels = cells.serviceLevel
        let judged = levels.indices.filter { levels[$0] != nil && !closed[$0] && cells.arrivals[$0] >= Self.slotArrivalsJudged }
        guard let t = judged.min(by: { levels[$0]! < levels[$1]! }) else { return nil }
        return (t, levels[t]!, cells.arrivals[t], Self.wilsonUpper(levels[t]!, cells.arrivals[t]))
    }

    /// Upper end of the 95% Wilson interval of a share p of n.
    static func wilsonUpper(_ p: Double, _ n: Int) -> Double {
        let z = 1.96, m = Double(n)
        let centre = p + z * z / (2 * m), spread = z * (p * (1 - p) / m + z * z / (4 * m * m)).squareRoot()
        return min(1, (centre + spread) / (1 + z * z / m))
    }

    /// Open slots whose service level is below the target beyond doubt (the upper end of the 95%
    /// interval below it), and open slots with too few arrivals to judge.
    private func slotsBelowTarget(_ i: Int, type k: Int) -> (below: [Int], unjudged: Int) {
        let cells = verifiedSlots.cells[i][k]
        let closed = proposal.search.stations[i].types[k].closed
        let levels = cells.serviceLevel
        var below: [Int] = [], unjudged = 0
        for t in levels.indices where !closed[t] {
            guard let level = levels[t] else { continue }
            if cells.arrivals[t] < Self.slotArrivalsJudged { unjudged += 1; continue }
            if Self.wilsonUpper(level, cells.arrivals[t]) < targets.serviceLevel { below.append(t) }
        }
        return (below, unjudged)
    }

    func json() -> String {
        var stations: [[String: Any]] = []
        for (i, s) in planned.enumerated() {
            let plan = proposal.search.stations[i]
            let sl = verified.estimate(.serviceLevel, station: s)
            let ab = verified.estimate(.pAbandon, station: s)
            var types: [[String: Any]] = []
            var termCost = 0.0
            for (k, typePlan) in plan.types.enumerated() {
                let shifts = proposal.shifts[i].types[k]
                termCost += shifts.solution.cost * Double(weeks(k))
                let binding = shifts.solution.bindingSlots.map { t -> String in let l = slotLabel(t); return "\(l.day) \(l.time)" }
                let open = typePlan.closed.map { !$0 }
                let tsl = verifiedSlots.serviceLevel(i, type: k)
                let tab = verifiedSlots.abandonment(i, type: k, counted: open)
                let tabAll = verifiedSlots.abandonment(i, type: k)
                let worst = worstSlot(i, type: k)
                let belowTarget = slotsBelowTarget(i, type: k)
                // Delay probability in the staffed slots: the final simulation's P(L ≥ requirement) against α.
                let staffed = typePlan.requirement.indices.filter { typePlan.requirement[$0] > 0 }
                let excess = staffed.map { typePlan.achievedDelay[$0] - typePlan.alpha[$0] }
                let abandonBinds = typePlan.addedForAbandonment.contains { $0 > 0 }
                types.append([
                    "week_type": weekTypes.names[k],
                    "weeks": weekTypes.periods(of: k).map { $0 + 1 },
                    "requirement_staff_hours_per_week": staffHours(typePlan.requirement),
                    "scheduled_staff_hours_per_week": staffHours(proposal.scheduled(i, type: k)),
                    "shift_cost_per_week": shifts.solution.cost,
                    "solver": [
                        "status": shifts.solution.provenOptimal ? "optimal" : "feasible",
                        "gap": shifts.solution.gap,
                        "lp_relaxation": shifts.solution.relaxation,
                        "relaxation_gap": shifts.solution.relaxationGap,
                        "patterns": shifts.patterns.count,
                        "staff": shifts.solution.staff.reduce(0, +),
                    ] as [String: Any],
                    "verified": [
                        "service_level": estimate(tsl).merging(["target": targets.serviceLevel, "holds": holds(tsl, atLeast: targets.serviceLevel)]) { a, _ in a },
                        "p_abandon": estimate(tab).merging(["target": targets.maxAbandon, "holds": holds(tab, atMost: targets.maxAbandon),
                                                            "counts": "students arriving while the station is open"]) { a, _ in a },
                        "p_abandon_with_closed_hours": estimate(tabAll),
                        "worst_slot": worst.map { w -> [String: Any] in
                            let l = slotLabel(w.slot)
                            return ["slot": w.slot, "day": l.day, "time": l.time, "service_level": w.level, "arrivals": w.arrivals,
                                    "ci95_upper": w.upper, "holds": w.level >= targets.serviceLevel,
                                    "holds_within_ci": w.upper >= targets.serviceLevel]
                        } ?? NSNull(),
                        "slots_below_target": belowTarget.below.map { t -> String in let l = slotLabel(t); return "\(l.day) \(l.time)" },
                        "slots_judged_min_arrivals": Self.slotArrivalsJudged,
                        "open_slots_too_few_arrivals": belowTarget.unjudged,
                    ] as [String: Any],
                    "search": [
                        "slots_staffed": staffed.count,
                        "closed_slots": typePlan.closed.filter { $0 }.count,
                        "arrivals_while_closed": typePlan.arrivalsWhileClosed,
                        "max_delay_probability_over_alpha": excess.max() ?? 0,
                        "mean_delay_probability": staffed.isEmpty ? 0 : staffed.reduce(0.0) { $0 + typePlan.achievedDelay[$1] } / Double(staffed.count),
                        "mean_alpha": staffed.isEmpty ? 0 : staffed.reduce(0.0) { $0 + typePlan.alpha[$1] } / Double(staffed.count),
                        "p_abandon_open_hours": typePlan.totalAbandonShare,
                        "p_abandon_with_closed_hours": typePlan.totalAbandonShareWithClosed,
                        "servers_added_for_abandonment": typePlan.addedForAbandonment.reduce(0, +),
                    ] as [String: Any],
                    "binding": [
                        "constraint": abandonBinds ? "abandonment" : "service_level",
                        "covering_slots_met_exactly": binding,
                        "slots_at_delay_target": staffed.filter { typePlan.achievedDelay[$0] > typePlan.alpha[$0] - 0.02 }.count,
                    ] as [String: Any],
                ])
            }
            let openAbandon = verifiedSlots.abandonment(i, counted: plan.types.map { $0.closed.map { !$0 } })
            // Per week over the term (exactly the one plan's figures with a single week type).
            let totalWeeks = Double(weekTypes.ofPeriod.count)
            let solutions = plan.types.indices.map { proposal.shifts[i].types[$0].solution }
            let relaxation = plan.types.indices.reduce(0.0) { $0 + solutions[$1].relaxation * Double(weeks($1)) } / totalWeeks
            let perWeekCost = termCost / totalWeeks
            stations.append([
                "id": plan.id,
                "wait_target": plan.waitTarget,
                "requirement_staff_hours": termHours { plan.types[$0].requirement } / totalWeeks,
                "scheduled_staff_hours": termHours { proposal.scheduled(i, type: $0) } / totalWeeks,
                "shift_cost": perWeekCost,
                "solver": [
                    "status": solutions.allSatisfy(\.provenOptimal) ? "optimal" : "feasible",
                    "gap": solutions.map(\.gap).max() ?? 0,
                    "lp_relaxation": relaxation,
                    "relaxation_gap": perWeekCost > 0 ? max(0, (perWeekCost - relaxation) / perWeekCost) : 0,
                    "patterns": solutions.isEmpty ? 0 : proposal.shifts[i].types.map(\.patterns.count).reduce(0, +),
                    "staff": solutions.map { $0.staff.reduce(0, +) }.max() ?? 0,
                ] as [String: Any],
                "week_types": types,
                "term": [
                    "weeks": weekTypes.ofPeriod.count,
                    "requirement_staff_hours": termHours { plan.types[$0].requirement },
                    "scheduled_staff_hours": termHours { proposal.scheduled(i, type: $0) },
                    "erlang_c_no_lag_staff_hours": termHours { plan.types[$0].erlangC },
                    "shift_cost": termCost,
                ] as [String: Any],
                "verified": [
                    "service_level": estimate(sl).merging(["target": targets.serviceLevel, "holds": holds(sl, atLeast: targets.serviceLevel)]) { a, _ in a },
                    "p_abandon": estimate(ab).merging(["target": targets.maxAbandon, "holds": holds(ab, atMost: targets.maxAbandon)]) { a, _ in a },
                    "p_abandon_open_hours": estimate(openAbandon),
                    "arrivals_while_closed_note": "students who come while the station is closed (returns at any hour) wait for the opening or give up; staffing cannot serve them",
                    "mean_wait": estimate(verified.estimate(.meanWait, station: s)),
                    "utilization": estimate(verified.estimate(.utilization, station: s)),
                ] as [String: Any],
            ])
        }
        let rules: [[String: Any]] = verified.ruleResults.map { r in
            ["id": r.id, "status": r.passed ? "pass" : "fail", "value": r.value.map { $0 as Any } ?? NSNull(),
             "ci95": r.halfWidth.map { $0 as Any } ?? NSNull(), "target": r.target]
        }
        let root: [String: Any] = [
            "scenario": scenarioPath,
            "targets": ["service_level": targets.serviceLevel, "max_abandon": targets.maxAbandon],
            "slots": ["slot": grid.slot, "period": grid.period, "count": grid.count, "time_unit": model.timeUnit.rawValue],
            "week_types": weekTypes.names.indices.map { k in ["name": weekTypes.names[k], "weeks": weekTypes.periods(of: k).map { $0 + 1 }] as [String: Any] },
            "search": ["method": "iterative staffing algorithm (Feldman, Mandelbaum, Massey & Whitt 2008), L(t) pooled over the weeks of each week type",
                       "iterations": proposal.search.iterations, "converged": proposal.search.converged,
                       "slots_in_cycles": proposal.search.slotsInCycles,
                       "stopped": (proposal.search.converged ? "the staffing stopped changing" : "iteration limit")
                           + (proposal.search.slotsInCycles > 0 ? "; \(proposal.search.slotsInCycles) slots came back to an earlier staffing (a cycle) and keep the fewest servers of their cycle that met the delay target α when simulated" : ""),
                       "last_change": proposal.search.lastChange, "replications": proposal.search.replications,
                       "abandonment_rounds": proposal.search.abandonmentRounds,
                       "seed": proposal.search.seed] as [String: Any],
            "shift_patterns": proposal.patternsFromScenario ? "scenario" : "default",
            "verification": ["seed": verifySeed, "replications": verified.replications.count,
                             "command": "onestop run proposal.yaml --seed \(verifySeed)"] as [String: Any],
            "stations": stations,
            "rules": rules,
            "seconds": (seconds * 10).rounded() / 10,
        ].merging(campus) { a, _ in a }
        let data = (try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    func summary(directory: String) -> String {
        let search = proposal.search
        let how = (search.converged ? ", converged" : ", not converged") + (search.slotsInCycles > 0 ? "; \(search.slotsInCycles) slots settled in cycles" : "")
        var lines = ["\(model.name): staffing by ISA (\(search.iterations) iterations\(how)), verified with seed \(verifySeed)"]
        for (i, s) in planned.enumerated() {
            let sl = verified.estimate(.serviceLevel, station: s)
            let ab = verified.estimate(.pAbandon, station: s)
            let plan = search.stations[i]
            let cost = plan.types.indices.reduce(0.0) { $0 + proposal.shifts[i].types[$1].solution.cost * Double(weeks($1)) }
            let gap = plan.types.indices.map { proposal.shifts[i].types[$0].solution.gap }.max() ?? 0
            let closedHours = plan.types.contains { $0.closed.contains(true) }
            let openAbandon = verifiedSlots.abandonment(i, counted: plan.types.map { $0.closed.map { !$0 } })
            let openNote = closedHours ? "; while open \(f(openAbandon.mean, 3)) ± \(f(openAbandon.halfWidth, 2))" : ""
            lines.append("  \(model.stations[s].id): \(f(termHours { proposal.scheduled(i, type: $0) }, 6)) staff-hours over the term, shift cost \(f(cost, 6)) (largest gap \(f(gap * 100, 3))%)")
            lines.append("    service level \(f(sl.mean, 4)) ± \(f(sl.halfWidth, 2)) (target ≥ \(targets.serviceLevel): \(holds(sl, atLeast: targets.serviceLevel) ? "holds" : "MISSED")), abandon \(f(ab.mean, 3)) ± \(f(ab.halfWidth, 2)) (≤ \(targets.maxAbandon): \(holds(ab, atMost: targets.maxAbandon) ? "holds" : "MISSED")\(openNote))")
            for k in plan.types.indices {
                let tsl = verifiedSlots.serviceLevel(i, type: k)
                let tab = verifiedSlots.abandonment(i, type: k, counted: plan.types[k].closed.map { !$0 })
                var line = "    \(weekTypes.names[k]) (\(weeks(k)) wk): \(f(staffHours(proposal.scheduled(i, type: k)), 5)) staff-h/wk, service level \(f(tsl.mean, 4)) ± \(f(tsl.halfWidth, 2)), abandon (open hours) \(f(tab.mean, 3))"
                if let w = worstSlot(i, type: k) {
                    let l = slotLabel(w.slot)
                    line += ", worst slot \(l.day) \(l.time) \(f(w.level, 3))\(w.level >= targets.serviceLevel ? "" : w.upper >= targets.serviceLevel ? " (below target, within its CI)" : " (BELOW TARGET)")"
                }
                lines.append(line)
            }
        }
        lines.append("results written to \(directory)/")
        return lines.joined(separator: "\n")
    }
}

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

    func planCSV() -> String {
        var lines = ["station,slot,day,time,demand_per_hour,offered_load,erlang_c_no_lag,alpha,requirement,scheduled,delay_probability_at_requirement"]
        for (i, plan) in proposal.search.stations.enumerated() {
            let scheduled = proposal.scheduled(i)
            for t in 0..<grid.count {
                let label = slotLabel(t)
                lines.append([plan.id, String(t), label.day, label.time, f(plan.demand[t] * hour), f(plan.offeredLoad[t]),
                              String(plan.erlangC[t]), f(plan.alpha[t], 4), String(plan.requirement[t]), String(scheduled[t]),
                              f(plan.achievedDelay[t], 4)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func shiftsCSV() -> String {
        var lines = ["station,pattern,staff,cost_each,slots_worked"]
        for station in proposal.shifts {
            for (j, pattern) in station.patterns.enumerated() where station.solution.staff[j] > 0 {
                lines.append("\(station.id),\(pattern.name),\(station.solution.staff[j]),\(f(pattern.cost)),\(pattern.slots.count)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Staff-hours per period of a per-slot staffing.
    private func staffHours(_ servers: [Int]) -> Double { Double(servers.reduce(0, +)) * grid.slot / hour }

    private func originalHours(_ s: Int) -> Double? {
        switch model.stations[s].servers {
        case .fixed(let n): return Double(n) * grid.period / hour
        case .infinite: return nil
        case .schedule: return model.stations[s].servers.averageServers * grid.period / hour
        }
    }

    func paretoCSV() -> String {
        var lines = ["candidate,station,staff_hours_per_period,cost,service_level,service_level_ci95,p_abandon,verified"]
        for (i, s) in planned.enumerated() {
            let id = model.stations[s].id
            let o = original.estimate(.serviceLevel, station: s)
            let oa = original.estimate(.pAbandon, station: s)
            lines.append("scenario,\(id),\(f(originalHours(s))),,\(f(o.mean, 4)),\(f(o.halfWidth, 3)),\(f(oa.mean, 4)),yes")
            let plan = proposal.search.stations[i]
            lines.append("erlang_c_no_lag,\(id),\(f(staffHours(plan.erlangC))),,,,,no")
            lines.append("requirement,\(id),\(f(staffHours(plan.requirement))),,,,,no")
            let v = verified.estimate(.serviceLevel, station: s)
            let va = verified.estimate(.pAbandon, station: s)
            lines.append("proposal,\(id),\(f(staffHours(proposal.scheduled(i)))),\(f(proposal.shifts[i].solution.cost)),\(f(v.mean, 4)),\(f(v.halfWidth, 3)),\(f(va.mean, 4)),yes")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func estimate(_ e: Estimate) -> [String: Any] {
        ["mean": e.mean.map { $0 as Any } ?? NSNull(), "ci95": e.halfWidth.map { $0 as Any } ?? NSNull(), "replications": e.count]
    }

    /// Whether a target holds: the mean on the right side (the CI is reported beside it).
    private func holds(_ e: Estimate, atLeast target: Double) -> Bool { (e.mean ?? -1) >= target }
    private func holds(_ e: Estimate, atMost target: Double) -> Bool { (e.mean ?? 2) <= target }

    func json() -> String {
        var stations: [[String: Any]] = []
        for (i, s) in planned.enumerated() {
            let plan = proposal.search.stations[i]
            let shifts = proposal.shifts[i]
            let sl = verified.estimate(.serviceLevel, station: s)
            let ab = verified.estimate(.pAbandon, station: s)
            let binding = shifts.solution.bindingSlots.map { t -> String in let l = slotLabel(t); return "\(l.day) \(l.time)" }
            stations.append([
                "id": plan.id,
                "wait_target": plan.waitTarget,
                "requirement_staff_hours": staffHours(plan.requirement),
                "scheduled_staff_hours": staffHours(proposal.scheduled(i)),
                "shift_cost": shifts.solution.cost,
                "solver": [
                    "status": shifts.solution.provenOptimal ? "optimal" : "feasible",
                    "gap": shifts.solution.gap,
                    "lp_relaxation": shifts.solution.relaxation,
                    "relaxation_gap": shifts.solution.relaxationGap,
                    "patterns": shifts.patterns.count,
                    "staff": shifts.solution.staff.reduce(0, +),
                ] as [String: Any],
                "verified": [
                    "service_level": estimate(sl).merging(["target": targets.serviceLevel, "holds": holds(sl, atLeast: targets.serviceLevel)]) { a, _ in a },
                    "p_abandon": estimate(ab).merging(["target": targets.maxAbandon, "holds": holds(ab, atMost: targets.maxAbandon)]) { a, _ in a },
                    "mean_wait": estimate(verified.estimate(.meanWait, station: s)),
                    "utilization": estimate(verified.estimate(.utilization, station: s)),
                ] as [String: Any],
                "binding": [
                    "covering_slots_met_exactly": binding,
                    "slots_at_delay_target": plan.requirement.indices.filter { plan.requirement[$0] > 0 && plan.achievedDelay[$0] > plan.alpha[$0] - 0.02 }.count,
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
            "search": ["method": "iterative staffing algorithm (Feldman, Mandelbaum, Massey & Whitt 2008)",
                       "iterations": proposal.search.iterations, "converged": proposal.search.converged,
                       "last_change": proposal.search.lastChange, "replications": proposal.search.replications,
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
        var lines = ["\(model.name): staffing by ISA (\(proposal.search.iterations) iterations\(proposal.search.converged ? ", converged" : ", not converged")), verified with seed \(verifySeed)"]
        for (i, s) in planned.enumerated() {
            let sl = verified.estimate(.serviceLevel, station: s)
            let ab = verified.estimate(.pAbandon, station: s)
            let sol = proposal.shifts[i].solution
            lines.append("  \(model.stations[s].id): \(sol.staff.reduce(0, +)) staff on shifts, cost \(f(sol.cost, 5)) (gap \(f(sol.gap * 100, 3))%, LP bound \(f(sol.relaxation, 5)))")
            lines.append("    service level \(f(sl.mean, 4)) ± \(f(sl.halfWidth, 2)) (target ≥ \(targets.serviceLevel): \(holds(sl, atLeast: targets.serviceLevel) ? "holds" : "MISSED")), abandon \(f(ab.mean, 3)) ± \(f(ab.halfWidth, 2)) (≤ \(targets.maxAbandon): \(holds(ab, atMost: targets.maxAbandon) ? "holds" : "MISSED"))")
        }
        lines.append("results written to \(directory)/")
        return lines.joined(separator: "\n")
    }
}

import CampusModel
import Foundation
import Planner

/// What `onestop optimize` prints when it has written the files.
extension PlanFiles {
    /// The staffing per station and week type with its verification, where the files went, then a
    /// line each for the rooms and the counselors.
    public static func summary(_ o: OptimizeOutcome, directory: String) -> String {
        (staffingSummary(o, directory: directory) + campusSummary(o)).joined(separator: "\n")
    }

    private static func staffingSummary(_ o: OptimizeOutcome, directory: String) -> [String] {
        let search = o.proposal.search
        let targets = o.targets
        let how = (search.converged ? ", converged" : ", not converged") + (search.slotsInCycles > 0 ? "; \(search.slotsInCycles) slots settled in cycles" : "")
        var lines = ["\(o.model.name): staffing by ISA (\(search.iterations) iterations\(how)), verified with seed \(o.verificationSeed)"]
        for (i, s) in o.planned.enumerated() {
            let sl = o.verified.estimate(.serviceLevel, station: s)
            let ab = o.verified.estimate(.pAbandon, station: s)
            let plan = search.stations[i]
            let gap = plan.types.indices.map { o.proposal.shifts[i].types[$0].solution.gap }.max() ?? 0
            let closedHours = plan.types.contains { $0.closed.contains(true) }
            let openAbandon = o.openHoursAbandonment(i)
            let openNote = closedHours ? "; while open \(g(openAbandon.mean, 3)) ± \(g(openAbandon.halfWidth, 2))" : ""
            let slHolds = word(OptimizeOutcome.verdict(sl, atLeast: targets.serviceLevel))
            let abHolds = word(OptimizeOutcome.verdict(ab, atMost: targets.maxAbandon))
            lines.append("  \(o.model.stations[s].id): \(g(o.termHours { o.proposal.scheduled(i, type: $0) }, 6)) staff-hours over the term, shift cost \(g(o.termCost(i), 6)) (largest gap \(g(gap * 100, 3))%)")
            lines.append("    service level \(g(sl.mean, 4)) ± \(g(sl.halfWidth, 2)) (target ≥ \(targets.serviceLevel): \(slHolds)), abandon \(g(ab.mean, 3)) ± \(g(ab.halfWidth, 2)) (≤ \(targets.maxAbandon): \(abHolds)\(openNote))")
            for k in plan.types.indices {
                let tsl = o.verifiedSlots.serviceLevel(i, type: k)
                let tab = o.verifiedSlots.abandonment(i, type: k, counted: plan.types[k].closed.map { !$0 })
                var line = "    \(o.weekTypes.names[k]) (\(o.weeks(k)) wk): \(g(o.staffHours(o.proposal.scheduled(i, type: k)), 5)) staff-h/wk, service level \(g(tsl.mean, 4)) ± \(g(tsl.halfWidth, 2)), abandon (open hours) \(g(tab.mean, 3))"
                if let w = o.worstSlot(i, type: k) {
                    let l = o.slotLabel(w.slot)
                    line += ", worst slot \(l.day) \(l.time) \(g(w.level, 3)) [\(g(w.lower, 3)), \(g(w.upper, 3))]: \(word(w.verdict))"
                }
                lines.append(line)
            }
        }
        lines.append("results written to \(directory)/")
        return lines
    }

    /// A verdict as the summary prints it: a failure in capitals.
    private static func word(_ v: Verdict) -> String { v == .fail ? "FAIL" : v.rawValue }

    private static func campusSummary(_ o: OptimizeOutcome) -> [String] {
        var lines: [String] = []
        if let r = o.rooms {
            let p = r.proposal
            lines.append(String(format: "rooms: %.0f m² (now %.0f m², at least %.0f m² by Kaufman–Roberts), rejection %.4f ± %.2g against %.4g%@",
                                p.area, r.currentArea, p.areaBound, p.rejection.mean ?? .nan, p.rejection.halfWidth ?? .nan, r.target,
                                p.verdict == .pass ? "" : p.verdict == .fail ? " — not met (FAIL)" : " — undecided (the 95% interval straddles it)"))
            let fixed = r.rooms.roomTypes.indices.filter { p.minimum[$0] == (p.maximum[$0] ?? -1) }.count
            if fixed > 0 {
                let sized = r.rooms.roomTypes.indices.filter { p.minimum[$0] != (p.maximum[$0] ?? -1) }.map { "\(r.rooms.roomTypes[$0].id) \(p.counts[$0])" }
                lines.append("rooms: \(fixed) room types kept as they are; sized: " + (sized.isEmpty ? "none" : sized.joined(separator: ", ")))
            }
            for result in p.targetResults(p.verification) {
                let id = r.rooms.activities[result.target.activity].id
                lines.append(String(format: "rooms: %@ rejection %.4f ± %.2g against %.4g (rule %@): %@", id, result.rejection.mean ?? .nan,
                                    result.rejection.halfWidth ?? .nan, result.target.target, result.target.rule,
                                    result.verdict == .pass ? "met" : result.verdict == .fail
                                        ? String(format: "not met within the limits and budgets, short by %.4f (FAIL)", result.shortfall)
                                        : "undecided (the 95% interval straddles it)"))
            }
            if let budget = r.areaBudget, let b = p.withinBudget, let v = p.withinBudgetVerification {
                let verdict = Verdict.judge((v.rejection.mean, v.rejection.halfWidth, v.rejection.count), target: r.target, atMost: true).verdict
                let reach = b.area <= budget + 1e-9 ? "" : String(format: " — the rooms that must stay already take %.0f m²", b.area)
                lines.append(String(format: "rooms within --area-budget %.0f m²: %.0f m², rejection %.4f ± %.2g against %.4g: %@%@", budget, b.area,
                                    v.rejection.mean ?? .nan, v.rejection.halfWidth ?? .nan, r.target, word(verdict), reach))
                for result in p.targetResults(v) where result.verdict != .pass {
                    lines.append(String(format: "  within the budget %@ rejection %.4f ± %.2g against %.4g: %@", r.rooms.activities[result.target.activity].id,
                                        result.rejection.mean ?? .nan, result.rejection.halfWidth ?? .nan, result.target.target, word(result.verdict)))
                }
            }
        }
        guard let c = o.counselors else { return lines }
        let p = c.proposal
        for r in p.requirements where !r.met {
            lines.append("counselors: rule \(r.rule) needs \(r.needed) (\(r.note)); the campus has \(r.kind == .crisisResponse ? "fewer on call" : "\(p.total)")")
        }
        if p.requirements.allSatisfy(\.met) { lines.append("counselors: the \(p.total) counselors meet every counselor rule") }
        if let plan = p.assignment {
            let a = plan.assignment
            let status = a.stages.allSatisfy(\.provenOptimal) ? "optimal" : "feasible (time limit)"
            let load = a.workload
            let dutyCounselors = a.counselorBlocks.filter { !$0.isEmpty }.count
            let undone = a.missingVisits.reduce(0, +) + a.missingDuty.reduce(0, +) > 0
                ? " (\(a.missingVisits.reduce(0, +)) visit(s) and \(a.missingDuty.reduce(0, +)) duty block(s) left undone)" : ""
            let share = (a.residentShare.map { String(format: ", %.0f%% by the colleges living there", $0 * 100) } ?? "") + undone
            let duty = plan.dutyPerHour > 0
                ? String(format: "%d on call every hour in %g-hour blocks (%d counselors)", plan.dutyPerHour, a.program.blockHours, dutyCounselors)
                : "no on-call duty"
            lines.append(String(
                format: "counselors: assignment (GLPK, %@, %.2f s): %d buildings × %d visit(s) a week%@; %@; busiest counselor %.2f h a week of visits, talks and duty",
                status, a.stages.reduce(0) { $0 + $1.seconds }, a.program.buildings.count, a.program.visitsRequired.first ?? 0, share,
                duty, load.max() ?? 0))
            for r in plan.rules where !r.met {
                let need = r.needed.map { "needs \($0) counselors, \(r.missing ?? 0) more than the \(p.total) given" } ?? "cannot be met by more counselors (the weekly budget leaves no time for it)"
                lines.append("counselors: rule \(r.rule) (\(r.note)) \(need)")
            }
        } else if let e = p.assignmentError {
            lines.append("counselors: no assignment: \(e)")
        }
        return lines
    }
}

import CampusModel
import Foundation
import Planner
import ScenarioModel

/// What `onestop optimize` prints when it has written the files.
extension PlanFiles {
    /// The staffing per station and week type with its verification, where the files went, then a
    /// line each for the rooms and the counselors.
    public static func summary(_ o: OptimizeOutcome, directory: String) -> String {
        (staffingSummary(o, directory: directory) + campusSummary(o) + proposalSummary(o)).joined(separator: "\n")
    }

    /// Each rule of the whole proposal against today, on the same random numbers.
    public struct RuleKept: Sendable {
        public var rule: String
        public var today: Verdict?
        public var proposal: Verdict
        /// The proposal passes the rule.
        public var kept: Bool { proposal == .pass }
    }

    /// The rules as the verification of the whole proposal judged them, with today's verdicts.
    public static func rulesKept(_ o: OptimizeOutcome) -> [RuleKept] {
        let today = Dictionary(o.original.ruleResults.map { ($0.id, $0.verdict) }, uniquingKeysWith: { a, _ in a })
        return o.verified.ruleResults.map { RuleKept(rule: $0.id, today: today[$0.id], proposal: $0.verdict) }
    }

    /// The lines on the whole proposal: what it changes besides the staffing, and every rule kept or not.
    private static func proposalSummary(_ o: OptimizeOutcome) -> [String] {
        var lines: [String] = []
        let changes = o.changes.filter { $0.path != FieldPath.root.key("name") }
        if !changes.isEmpty {
            lines.append("proposal: besides the staffing, " + changes.map { "\($0.what) \($0.from) → \($0.to)" }.joined(separator: "; "))
        }
        let rules = rulesKept(o)
        if !rules.isEmpty {
            let kept = rules.filter(\.kept).count
            lines.append("proposal: keeps \(kept) of \(rules.count) rules (verified as a whole: \(verificationCommand(o)))")
            for r in rules where !r.kept || r.today != .pass {
                lines.append("  \(r.rule): today \(r.today.map(word) ?? "not judged"), proposal \(word(r.proposal))")
            }
        }
        return lines
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
                if let cost = o.todayCost(i, type: k), let servers = o.todayServers(i, type: k) {
                    let level = o.todayServiceLevel(i, type: k)
                    let verdict = OptimizeOutcome.verdict(level, atLeast: targets.serviceLevel)
                    let proposed = o.proposal.shifts[i].types[k].solution.cost
                    var today = "      today: \(g(o.staffHours(servers), 5)) staff-h/wk, cost \(g(cost, 6))/wk, service level \(g(level.mean, 4)) ± \(g(level.halfWidth, 2)): \(word(verdict))"
                    if let w = o.todayWorstSlot(i, type: k) {
                        let l = o.slotLabel(w.slot)
                        today += ", worst slot \(l.day) \(l.time) \(g(w.level, 3))"
                    }
                    today += "; proposal \(proposed - cost >= 0 ? "+" : "")\(g(proposed - cost, 5)) cost"
                    if verdict == .pass && proposed > cost + 1e-9 {
                        let binds = o.requirementAboveToday(i, type: k)
                        let abandon = o.originalSlots.abandonment(i, type: k, counted: plan.types[k].closed.map { !$0 })
                        let why = OptimizeOutcome.verdict(abandon, atMost: targets.maxAbandon) == .pass
                            ? "today meets the service level"
                            : "today meets the service level but not abandonment ≤ \(targets.maxAbandon) (\(g(abandon.mean, 3)))"
                        today += " (\(why); the requirement is above today's staffing at \(binds.prefix(3).joined(separator: ", "))\(binds.count > 3 ? ", ..." : ""))"
                    }
                    lines.append(today)
                }
                if o.proposal.shifts[i].types[k].keptToday {
                    lines.append("      today's staffing kept: it meets the targets for less than the roster drawn")
                }
                if let roster = o.proposal.shifts[i].types[k].roster {
                    let limit = roster.hitTimeLimit ? ", stopped at the time limit" : ""
                    lines.append("      roster: \(roster.headcount) people (\(roster.headcount(.full)) full-time, \(roster.headcount(.part)) part-time), cost \(g(roster.cost, 6))/wk, gap \(g(roster.gap * 100, 3))%\(limit)")
                }
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
            let undone = a.missingVisits.reduce(0, +) + a.missingDuty.reduce(0, +) > 0
                ? " (\(a.missingVisits.reduce(0, +)) visit(s) and \(a.missingDuty.reduce(0, +)) duty block(s) left undone)" : ""
            let share = (a.residentShare.map { String(format: ", %.0f%% by the colleges living there", $0 * 100) } ?? "") + undone
            let roster = plan.onCall
            let termHours = roster.hours.filter { $0 > 0 }
            let duty = plan.dutyPerHour > 0
                ? String(format: "%d on call every hour in whole blocks (day, evening, night; weekend day and night): %d counselors carry %.0f–%.0f h each over the term, at most %d night(s), %g h rest after a night%@",
                         plan.dutyPerHour, termHours.count, termHours.min() ?? 0, termHours.max() ?? 0, roster.nights.max() ?? 0,
                         roster.restAfterNight, roster.problems().isEmpty ? "" : " — \(roster.problems().count) problem(s), see optimize.json")
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

import CampusModel
import Experiments
import Foundation
import Planner
import Reports
import ScenarioModel

/// The campus parts of `onestop optimize`: the room layout and the counselor allocation.
enum OptimizeCampus {
    struct Outcome {
        var files: [(String, String)] = []
        var json: [String: Any] = [:]
        var summary: [String] = []
    }

    static func plan(_ scenario: Scenario, seed: UInt64, areaBudget: Double?, replications: Int, journal: SearchJournal? = nil) throws -> Outcome {
        var out = Outcome()
        guard let campus = scenario.campus else { return out }
        let day = 24 * 3600 / scenario.timeUnit.seconds
        let term = Double(campus.term.weeks) * 7 * day

        if let rooms = campus.rooms {
            let target = campus.rules.first { $0.kind == .roomRejection }?.target ?? 0.05
            let step = campus.policies.compactMap { if case .nextFreeSlot(let s) = $0.action { s } else { nil } }.first
            var planner = RoomLayoutPlanner(rooms: rooms, day: day, horizon: term, step: step, target: target, areaBudget: areaBudget,
                                            replications: replications, seed: seed)
            planner.journal = journal
            let p = try planner.plan()
            var csv = "room_type,complex,seats,area_per_room,current_count,erlang_b_count,proposed_count,proposed_area\n"
            for (t, type) in rooms.roomTypes.enumerated() {
                csv += "\(Tables.csvField(type.id)),\(Tables.csvField(type.complex)),\(type.seats),\(type.area),\(type.count),\(p.analytic[t]),\(p.counts[t]),\(Double(p.counts[t]) * type.area)\n"
            }
            var frontier = "area,rejection," + rooms.roomTypes.map { Tables.csvField($0.id) }.joined(separator: ",") + "\n"
            for c in p.evaluated.sorted(by: { ($0.area, $0.rejection) < ($1.area, $1.rejection) }) {
                frontier += "\(c.area),\(c.rejection)," + c.counts.map(String.init).joined(separator: ",") + "\n"
            }
            out.files += [("layout.csv", csv), ("layout_pareto.csv", frontier)]
            let currentArea = rooms.roomTypes.reduce(0.0) { $0 + Double($1.count) * $1.area }
            var rj: [String: Any] = [
                "target_rejection": target, "proposed_area": p.area, "current_area": currentArea,
                "rejection": ["mean": json(p.rejection.mean), "ci95": json(p.rejection.halfWidth)],
                "feasible": p.feasible, "layouts_simulated": p.evaluated.count, "finalists": p.finalists.count,
                "area_lower_bound": p.areaBound, "unseatable_share": p.unseatable,
                "verification": "rejection estimated on fresh random numbers (seed + 1000003)",
                "counts": Dictionary(uniqueKeysWithValues: zip(rooms.roomTypes.map(\.id), p.counts)),
            ]
            if let s = p.selection {
                rj["selection"] = ["method": "KN (Kim & Nelson), common random numbers", "confidence": s.confidence,
                                   "indifference": s.indifference, "observations": s.observations]
            }
            if let b = p.withinBudget {
                rj["within_budget"] = ["area": b.area, "rejection": b.rejection,
                                       "counts": Dictionary(uniqueKeysWithValues: zip(rooms.roomTypes.map(\.id), b.counts))]
            }
            out.json["rooms"] = rj
            out.summary.append(String(format: "rooms: %.0f m² (now %.0f m², at least %.0f m² by Kaufman–Roberts), rejection %.4f ± %.2g against %.4g%@",
                                      p.area, currentArea, p.areaBound, p.rejection.mean ?? .nan, p.rejection.halfWidth ?? .nan, target,
                                      p.feasible ? "" : " — not met"))
        }

        if campus.counselors != nil {
            var counselorPlanner = CounselorPlanner(campus: campus, timeUnit: scenario.timeUnit, replications: min(replications, 5), seed: seed)
            counselorPlanner.journal = journal
            let p = counselorPlanner.plan()
            var csv = "college,students,current_counselors,proposed_counselors,students_per_counselor\n"
            for (c, college) in campus.population.colleges.enumerated() {
                let load = Double(college.students) / Double(max(p.perCollege[c], 1))
                csv += "\(Tables.csvField(college.id)),\(college.students),\(college.counselors),\(p.perCollege[c]),\(load)\n"
            }
            out.files.append(("counselors.csv", csv))
            out.json["counselors"] = [
                "total": p.total, "shortfall": p.shortfall, "on_call": p.onCall.map { $0 as Any } ?? NSNull(),
                "highest_students_per_counselor": p.highestLoad, "lowest_students_per_counselor": p.lowestLoad,
                "dorm_visit_coverage": json(p.dormVisitCoverage), "talk_coverage": json(p.talkCoverage),
                "requirements": p.requirements.map { ["rule": $0.rule, "kind": $0.kind.rawValue, "needed": $0.needed, "met": $0.met, "note": $0.note] },
            ] as [String: Any]
            for r in p.requirements where !r.met {
                out.summary.append("counselors: rule \(r.rule) needs \(r.needed) (\(r.note)); the campus has \(r.kind == .crisisResponse ? "fewer on call" : "\(p.total)")")
            }
            if p.requirements.allSatisfy(\.met) { out.summary.append("counselors: the \(p.total) counselors meet every counselor rule") }
            if let plan = p.assignment {
                let a = plan.assignment
                let names = a.counselorCollege.indices.map { i -> String in
                    let c = a.counselorCollege[i]
                    return "\(campus.population.colleges[c].id)-\(i - (a.counselorCollege.firstIndex(of: c) ?? 0) + 1)"
                }
                var visits = "counselor,college,building,visits_per_week,college_share_of_beds\n"
                for (i, buildings) in a.counselorBuildings.enumerated() {
                    let c = a.counselorCollege[i]
                    for b in buildings {
                        visits += "\(Tables.csvField(names[i])),\(Tables.csvField(campus.population.colleges[c].id)),\(Tables.csvField(campus.population.dormitories[b].id)),1,\(a.program.share[c][b])\n"
                    }
                }
                let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                var onDuty = a.program.dutyRequired.map { _ in [String]() }
                for (i, blocks) in a.counselorBlocks.enumerated() { for k in blocks { onDuty[k].append(names[i]) } }
                var oncall = "day,from_hour,to_hour,requirement,on_duty,counselors\n"
                for (k, start) in plan.blockStarts.enumerated() {
                    let hour = start.truncatingRemainder(dividingBy: 24)
                    oncall += "\(days[min(6, Int(start / 24))]),\(String(format: "%g", hour)),\(String(format: "%g", hour + a.program.blockHours)),\(a.program.dutyRequired[k]),\(onDuty[k].count),\(Tables.csvField(onDuty[k].joined(separator: ";")))\n"
                }
                out.files += [("counselor_assignments.csv", visits), ("oncall.csv", oncall)]
                let proven = a.stages.allSatisfy(\.provenOptimal)
                let status = proven ? "optimal" : "feasible (time limit)"
                let gap = a.stages.map(\.gap).max() ?? 0
                let load = a.workload
                let stages: [[String: Any]] = a.stages.map {
                    ["stage": $0.name, "objective": $0.objective, "relaxation": $0.relaxation, "status": $0.provenOptimal ? "optimal" : "feasible",
                     "gap": $0.gap, "seconds": $0.seconds, "variables": $0.variables, "integer_variables": $0.integerVariables, "rows": $0.rows]
                }
                let rules: [[String: Any]] = plan.rules.map {
                    ["rule": $0.rule, "kind": $0.kind.rawValue, "needed": $0.needed.map { $0 as Any } ?? NSNull(),
                     "missing": $0.missing.map { $0 as Any } ?? NSNull(), "met": $0.met, "note": $0.note]
                }
                var assignment: [String: Any] = [
                    "unit": "college: counselors counted by profile (visits, duty blocks), then named within the college",
                    "status": status, "gap": gap, "stages": stages, "rules": rules,
                    "visits_required_per_building": a.program.visitsRequired.first ?? 0, "visit_hours": a.program.visitHours,
                    "visit_budget_per_counselor": a.program.visitBudget,
                    "busiest_workload_hours": load.max() ?? 0, "busiest_workload_bound": a.busiestBound,
                    "lowest_workload_hours": load.min() ?? 0, "mean_workload_hours": load.isEmpty ? 0 : load.reduce(0, +) / Double(load.count),
                    "workload": "hours a week of dorm visits, talks and on-call duty per counselor",
                    "visits_per_week": a.buildingVisits.reduce(0, +), "missing_visits": a.missingVisits.reduce(0, +),
                    "resident_college_share": json(a.residentShare),
                    "residence_assumption": "students fill the beds college after college, building after building, in the scenario's order",
                ]
                if let v = plan.verification {
                    assignment["verification"] = [
                        "replications": v.replications, "dorm_visit_coverage": json(v.dormVisitCoverage),
                        "visits_only_coverage": json(v.visitsOnlyCoverage), "least_building_coverage": json(v.leastBuildingCoverage),
                    ] as [String: Any]
                }
                var counselorsJSON = out.json["counselors"] as? [String: Any] ?? [:]
                counselorsJSON["assignment"] = assignment
                let dutyCounselors = a.counselorBlocks.filter { !$0.isEmpty }.count
                counselorsJSON["on_call_roster"] = [
                    "status": status, "gap": gap, "solved_with": "the assignment's program (shared workload objective)",
                    "duty_per_hour": plan.dutyPerHour, "hours_per_week": plan.dutyPerHour > 0 ? 168 : 0,
                    "block_hours": a.program.blockHours, "blocks": a.program.dutyRequired.count,
                    "weekly_limit_hours": campus.counselors?.weeklyHours["on_call"] ?? 0, "block_budget_per_counselor": a.program.blockBudget,
                    "counselors_on_duty": dutyCounselors,
                    "most_duty_hours": Double(a.counselorBlocks.map(\.count).max() ?? 0) * a.program.blockHours,
                    "missing_duty": a.missingDuty.reduce(0, +),
                ] as [String: Any]
                out.json["counselors"] = counselorsJSON
                let undone = a.missingVisits.reduce(0, +) + a.missingDuty.reduce(0, +) > 0
                    ? " (\(a.missingVisits.reduce(0, +)) visit(s) and \(a.missingDuty.reduce(0, +)) duty block(s) left undone)" : ""
                let share = (a.residentShare.map { String(format: ", %.0f%% by the colleges living there", $0 * 100) } ?? "") + undone
                let duty = plan.dutyPerHour > 0
                    ? String(format: "%d on call every hour in %g-hour blocks (%d counselors)", plan.dutyPerHour, a.program.blockHours, dutyCounselors)
                    : "no on-call duty"
                out.summary.append(String(
                    format: "counselors: assignment (GLPK, %@, %.2f s): %d buildings × %d visit(s) a week%@; %@; busiest counselor %.2f h a week of visits, talks and duty",
                    status, a.stages.reduce(0) { $0 + $1.seconds }, a.program.buildings.count, a.program.visitsRequired.first ?? 0, share,
                    duty, load.max() ?? 0))
                for r in plan.rules where !r.met {
                    let need = r.needed.map { "needs \($0) counselors, \(r.missing ?? 0) more than the \(p.total) given" } ?? "cannot be met by more counselors (the weekly budget leaves no time for it)"
                    out.summary.append("counselors: rule \(r.rule) (\(r.note)) \(need)")
                }
            } else if let e = p.assignmentError {
                out.summary.append("counselors: no assignment: \(e)")
            }
        }
        return out
    }

    private static func json(_ x: Double?) -> Any { x.map { $0 as Any } ?? NSNull() }
}

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
            let p = CounselorPlanner(campus: campus, timeUnit: scenario.timeUnit, replications: min(replications, 5), seed: seed).plan()
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
        }
        return out
    }

    private static func json(_ x: Double?) -> Any { x.map { $0 as Any } ?? NSNull() }
}

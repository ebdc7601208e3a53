import Foundation
import Testing

/// `onestop optimize` on a campus with too few counselors: the building assignment, the on-call
/// roster and the rules they cannot meet.
@Suite("onestop optimize: counselor assignment")
struct CounselorAssignmentCLITests {
    static let scenario = """
        name: counselor-check
        time_unit: minute
        run: {replications: 2, seed: 5}
        campus:
          term: {weeks: 2}
          population:
            colleges:
              - {id: a, students: 300, classes: 10, counselors: 1, class_teachers: 10}
              - {id: b, students: 200, classes: 7, counselors: 1, class_teachers: 7}
            dormitories: {prefix: "d", count: 5, floors: 4, rooms: 50, beds: 100}
          service_center:
            opens: 8.5h
            closes: 17.5h
            target_wait: 15 min
            return_delay: {dist: uniform, min: 1d, max: 3d}
            categories:
              - {id: records, items: 10, requests_per_student: 0.5, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 5 min}}
            counters:
              - {id: desk, servers: 1}
          counselors:
            weekly_hours: {dormitory: 2, talks: 10, on_call: 64}
            dorm_visit_hours: 1
            talk_hours: 1
            on_call:
              counselors: 1
              urgencies:
                - {id: crisis, priority: 0, per_week: 1, service: {dist: exponential, mean: 60 min}}
              mental_health_teachers: 1
              mental_health_service: {dist: exponential, mean: 60 min}
          rules:
            - {id: visits, kind: dorm_visit_coverage, target: 0.9}
            - {id: crisis, kind: crisis_response, target: 30 min}
        """

    @Test("Two counselors: four of five buildings visited, 16 of 21 duty blocks staffed, each rule one counselor short")
    func understaffed() throws {
        let (dir, file) = try CLITests.scenarioFile(Self.scenario, named: "campus.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("plan")
        let outcome = try CLITests.onestop(["optimize", file.path, "--out", out.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("counselors: rule visits (1 visit(s) a week to each of 5 buildings, at most 2 per counselor) needs 3 counselors, 1 more than the 2 given"))
        #expect(outcome.stdout.contains("counselors: rule crisis (1 on duty every hour of the week in 8-hour blocks, at most 8 block(s) per counselor) needs 3 counselors, 1 more than the 2 given"))
        #expect(outcome.stdout.contains("(1 visit(s) and 5 duty block(s) left undone)"))

        // Each counselor visits two buildings of their own college (a fills d1–d3, b d4–d5).
        let visits = String(decoding: try CLITests.contents(out, "counselor_assignments.csv"), as: UTF8.self).split(separator: "\n")
        #expect(visits.first == "counselor,college,building,visits_per_week,college_share_of_beds")
        let rows = visits.dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == 4)
        #expect(Dictionary(grouping: rows, by: { $0[0] }).mapValues(\.count) == ["a-1": 2, "b-1": 2])
        #expect(rows.allSatisfy { $0[4] == "1.0" })

        // The program: 21 blocks of 8 hours a week, each counselor at most 8 (64 on-call hours a
        // week), so 16 are staffed. The term roster: 2 weeks of whole blocks (19 a week and the
        // Sunday night before the term), each counselor carrying 128 hours and at most one block more.
        let oncall = String(decoding: try CLITests.contents(out, "oncall.csv"), as: UTF8.self).split(separator: "\n")
        #expect(oncall.first == "week,day,block,start,end,hours,requirement,on_duty,counselors")
        let duties = oncall.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(duties.count == 39)
        #expect(duties.first?[0] == "0" && duties.first?[2] == "weekend_night" && duties.first?[3] == "Mon 0:00" && duties.first?[4] == "Mon 8:00")
        #expect(duties.last?[2] == "weekend_night" && duties.last?[3] == "Sun 20:00" && duties.last?[4] == "Mon 0:00")
        #expect(duties.allSatisfy { $0[6] == "1" })
        #expect(duties.reduce(0.0) { $0 + Double($1[5])! } == 336)
        var carried: [String: Double] = [:]
        for d in duties where d[7] == "1" { carried[d[8], default: 0] += Double(d[5])! }
        #expect(Set(carried.keys) == ["a-1", "b-1"])
        #expect(carried.values.allSatisfy { $0 >= 128 && $0 <= 128 + 12 })
        let carriedHours: Double = carried.values.reduce(0, +)
        let emptyHours: Double = duties.filter { $0[7] == "0" }.reduce(0.0) { $0 + Double($1[5])! }
        #expect(emptyHours == 336 - carriedHours)

        let report = try JSONSerialization.jsonObject(with: CLITests.contents(out, "optimize.json")) as! [String: Any]
        let counselors = report["counselors"] as! [String: Any]
        #expect(counselors["total"] as? Int == 2)   // the keys written before are still there
        let assignment = counselors["assignment"] as! [String: Any]
        #expect(assignment["status"] as? String == "optimal")
        #expect(assignment["gap"] as? Double == 0)
        #expect(assignment["missing_visits"] as? Int == 1)
        let rules = assignment["rules"] as! [[String: Any]]
        #expect(rules.map { $0["rule"] as! String } == ["visits", "crisis"])
        #expect(rules.map { $0["missing"] as! Int } == [1, 1])
        let roster = counselors["on_call_roster"] as! [String: Any]
        #expect(roster["missing_duty"] as? Int == 5)
        #expect(roster["block_hours"] as? Double == 8)
        #expect(roster["most_duty_hours"] as? Double == 64)
        let term = roster["term"] as! [String: Any]
        #expect((term["missing_counselor_hours"] as! Double) == 336 - carriedHours)
        #expect((term["problems"] as! [String]).contains { $0.contains("0 on duty, 1 needed") })
    }
}

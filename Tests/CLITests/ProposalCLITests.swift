import Foundation
import Testing

/// `onestop optimize` writes the whole proposal as one scenario, and its verification is `onestop run`
/// of that scenario at the stated seed and replications.
@Suite("onestop optimize: the whole proposal")
struct ProposalCLITests {
    static let scenario = """
        # A campus whose on-call staff and rooms are more than the rules need.
        name: proposal-check
        time_unit: minute
        run: {replications: 3, seed: 11}
        campus:
          term: {weeks: 2}
          population:
            colleges:
              - {id: a, students: 300, classes: 10, counselors: 3, class_teachers: 10}
              - {id: b, students: 200, classes: 7, counselors: 3, class_teachers: 7}
            dormitories: {prefix: "d", count: 3, floors: 4, rooms: 50, beds: 100}
          service_center:
            opens: 8.5h
            closes: 17.5h
            target_wait: 15 min
            return_delay: {dist: uniform, min: 1d, max: 3d}
            categories:
              - {id: records, items: 10, requests_per_student: 0.5, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 5 min}}
            counters:
              - {id: desk, servers: 2}   # today's staffing
          counselors:
            weekly_hours: {dormitory: 2, talks: 10, on_call: 64}
            dorm_visit_hours: 1
            talk_hours: 1
            on_call:
              counselors: 3          # more than the crisis rule needs
              urgencies:
                - {id: crisis, priority: 0, per_week: 1, service: {dist: exponential, mean: 60 min}}
              mental_health_teachers: 1
              mental_health_service: {dist: exponential, mean: 60 min}
          rooms:
            room_types:
              - {id: seminar, complex: north, count: 12, seats: 40, area: 80, opens: 8h, closes: 22h}
            activities:
              - id: talks
                per_year: 200
                group: {dist: uniform, min: 10, max: 30}
                duration: {dist: deterministic, value: 90 min}
                window: {from: 14h, to: 20h}
                lead_time: {dist: exponential, mean: 3d}
          rules:
            - {id: visits, kind: dorm_visit_coverage, target: 0.9}
            - {id: crisis, kind: crisis_response, target: 30 min}
            - {id: rooms, kind: room_rejection, target: 0.05}
        """

    @Test("proposal.yaml holds every change under a header listing them, has its own name, and its run is the verification")
    func wholeProposal() throws {
        let (dir, file) = try CLITests.scenarioFile(Self.scenario, named: "campus.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("plan")
        let outcome = try CLITests.onestop(["optimize", file.path, "--out", out.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let report = try JSONSerialization.jsonObject(with: CLITests.contents(out, "optimize.json")) as! [String: Any]
        let changes = report["changes"] as! [[String: String]]
        let proposal = String(decoding: try CLITests.contents(out, "proposal.yaml"), as: UTF8.self)

        // The on-call change is applied in place, the name too; the comments stay.
        #expect(changes.contains { $0["path"] == "campus.counselors.on_call.counselors" && $0["from"] == "3" && $0["to"] == "1" }, "\(changes)")
        #expect(proposal.contains("      counselors: 1          # more than the crisis rule needs"))
        #expect(proposal.contains("name: \"proposal-check-proposal\""))
        #expect(proposal.contains("# A campus whose on-call staff and rooms are more than the rules need."))
        for change in changes {
            #expect(proposal.contains("(\(change["path"]!)): \(change["from"]!) → \(change["to"]!)"), "header lists \(change)")
        }
        for change in changes where change["path"]!.hasSuffix("].count") {
            #expect(proposal.contains("count: \(change["to"]!), seats: 40"), "\(change)")
        }

        // One command reproduces the verification: every rule's value, and the station's measures.
        let verification = report["verification"] as! [String: Any]
        let command = verification["command"] as! String
        let words = command.split(separator: " ").map(String.init)
        #expect(Array(words.prefix(3)) == ["onestop", "run", "proposal.yaml"])
        let runDir = dir.appendingPathComponent("run")
        let run = try CLITests.onestop(["run", out.appendingPathComponent("proposal.yaml").path] + words.dropFirst(3) + ["--out", runDir.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: CLITests.contents(runDir, "summary.json")) as! [String: Any]
        #expect(summary["scenario"] as? String == "proposal-check-proposal")
        let ran = Dictionary(uniqueKeysWithValues: (summary["rules"] as! [[String: Any]]).map { ($0["id"] as! String, $0) })
        let verified = report["rules"] as! [[String: Any]]
        #expect(verified.map { $0["id"] as! String }.sorted() == ["crisis", "rooms", "visits"])
        for rule in verified {
            let id = rule["id"] as! String
            let value = try #require(ran[id]?["value"] as? Double, "\(id)")
            #expect(abs(value - (rule["value"] as! Double)) < 1e-12, "\(id): \(value) vs \(rule["value"]!)")
            #expect(ran[id]?["status"] as? String == rule["status"] as? String)
        }
        // Every rule says whether the proposal keeps it, beside today's verdict.
        let kept = report["rules_kept"] as! [[String: Any]]
        #expect(kept.map { $0["rule"] as! String }.sorted() == ["crisis", "rooms", "visits"])
        #expect(kept.allSatisfy { ($0["kept"] as! Bool) == ($0["proposal"] as? String == "pass") })
    }
}

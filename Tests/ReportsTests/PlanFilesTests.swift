import CampusModel
import Foundation
import Interchange
import Planner
import ScenarioModel
import Testing
@testable import Reports

/// A small plan, made by the planner itself, whose ids hold commas and quotes (line breaks cannot be in an id: the scenario reader refuses control characters).
private func outcome(_ text: String, stations: [String] = [], targetWait: Double = 0) throws -> OptimizeOutcome {
    let (scenario, _) = try ScenarioParser.parse(text, file: "awkward.yaml", defaultName: "awkward")
    let (model, campus, _) = try CampusCompiler.compile(scenario)
    var request = OptimizeRequest(scenario: scenario, model: model, campus: campus, text: text, file: "scenarios/awkward.yaml")
    request.stations = stations
    request.targetWait = targetWait
    request.jobs = 2
    request.policy.searchReplications = 4
    request.policy.maxIterations = 4
    return try Planner.optimize(request)
}

/// Rows of a CSV text as Python's csv module reads them; `nil` without Python.
private func pythonRows(_ csv: String) throws -> [[String]]? {
    let python = ProcessInfo.processInfo.environment["ONESTOP_PYTHON"] ?? "/usr/bin/python3"
    guard FileManager.default.isExecutableFile(atPath: python) else {
        #expect(ProcessInfo.processInfo.environment["ONESTOP_REQUIRE_TOOLS"] == nil, "no Python at \(python)")
        return nil
    }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("planfiles-\(getpid())-\(UUID().uuidString).csv")
    try csv.write(to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", "import csv, json, sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))))", file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
}

@Suite("optimize files")
struct PlanFilesTests {
    static let stationId = "desk, \"north\" wing"

    static let network = """
        name: awkward-desk
        time_unit: hour
        run: {duration: 48, warmup: 24, replications: 3, seed: 4}
        stations:
          - id: "desk, \\"north\\" wing"
            servers: 2
            service: {dist: exponential, rate: 6}
        arrivals:
          - to: "desk, \\"north\\" wing"
            rate: 8

        """

    @Test("a station id with a comma and quotes reads back whole from every staffing table")
    func awkwardStationId() throws {
        let o = try outcome(Self.network, stations: [Self.stationId], targetWait: 0.1)
        #expect(o.model.stations[o.planned[0]].id == Self.stationId)
        let files = try PlanFiles.files(o, version: "test", report: true)
        #expect(files.map(\.name) == ["proposal.yaml", "plan.csv", "shifts.csv", "pareto.csv", "optimize.json", "columns.json", "report.html"])
        let byName = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.contents) })

        // The proposal reads back, its header comment on its lines and the id whole in its staffing.
        let (proposal, _) = try ScenarioParser.parse(byName["proposal.yaml"]!, file: "proposal.yaml", defaultName: "proposal")
        #expect(proposal.planner?.staffing.map(\.station) == [Self.stationId])
        #expect(byName["proposal.yaml"]!.contains("#   - staffing of desk, \"north\" wing: the planner: section's staffing replaces their servers,\n"))

        guard let plan = try pythonRows(byName["plan.csv"]!) else { return }
        #expect(plan.count == 1 + o.grid.count)
        #expect(plan.dropFirst().allSatisfy { $0.count == plan[0].count && $0[0] == Self.stationId })
        let requirement = try #require(plan[0].firstIndex(of: "requirement"))
        let scheduled = try #require(plan[0].firstIndex(of: "scheduled"))
        #expect(plan.dropFirst().map { Int($0[scheduled])! } == o.proposal.scheduled(0, type: 0))
        #expect(plan.dropFirst().allSatisfy { Int($0[scheduled])! >= Int($0[requirement])! })

        let shifts = try #require(try pythonRows(byName["shifts.csv"]!))
        #expect(shifts.count > 1)
        #expect(shifts.dropFirst().allSatisfy { $0.count == 6 && $0[0] == Self.stationId })
        let staff = shifts.dropFirst().reduce(0) { $0 + Int($1[2])! }
        #expect(staff == o.proposal.shifts[0].types[0].solution.staff.reduce(0, +))

        let pareto = try #require(try pythonRows(byName["pareto.csv"]!))
        #expect(pareto.dropFirst().map { $0[0] } == ["scenario", "erlang_c_no_lag", "requirement", "proposal", "erlang_c_no_lag", "requirement", "proposal"])
        #expect(pareto.dropFirst().allSatisfy { $0.count == 10 && $0[1] == Self.stationId })
    }

    @Test("optimize.json parses, and holds the outcome's values in its natural order")
    func optimizeJSONReadsBack() throws {
        let o = try outcome(Self.network, stations: [Self.stationId], targetWait: 0.1)
        let json = try JSONValue.parse(PlanFiles.optimizeJSON(o))
        #expect(json.entries.map(\.key) == ["scenario", "targets", "slots", "week_types", "search", "shift_patterns", "verification",
                                            "stations", "rules", "changes", "rules_kept", "seconds"])
        #expect(json["scenario"]?.text == "scenarios/awkward.yaml")
        #expect(json["verification"]?["seed"]?.uint64 == 4 + 1_000_003)
        #expect(json["search"]?["replications"]?.double == 4)
        let station = try #require(json["stations"]?.items.first)
        #expect(station["id"]?.text == Self.stationId)
        let level = try #require(station["verified"]?["service_level"])
        let estimate = o.verified.estimate(.serviceLevel, station: o.planned[0])
        #expect(level["mean"]?.double == estimate.mean)
        #expect(level["replications"]?.double == 3)
        #expect(level["verdict"]?.text == OptimizeOutcome.verdict(estimate, atLeast: o.targets.serviceLevel).rawValue)
        #expect(station["term"]?["shift_cost"]?.double == o.termCost(0))
    }

    static let campus = """
        name: awkward-campus
        time_unit: minute
        run: {replications: 2, seed: 5}
        campus:
          term: {weeks: 2}
          population:
            colleges:
              - {id: "arts, \\"fine\\" and applied", students: 300, classes: 10, counselors: 1, class_teachers: 10}
              - {id: "=sum(b)", students: 200, classes: 7, counselors: 1, class_teachers: 7}
            dormitories: {prefix: "d,", count: 3, floors: 4, rooms: 50, beds: 100}
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
          rooms:
            room_types:
              - {id: "seminar, \\"small\\"", complex: "north side", count: 3, seats: 40, area: 80, opens: 8h, closes: 22h}
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

        """

    @Test("the campus tables read back whole with awkward college, building and room ids")
    func awkwardCampusIds() throws {
        let o = try outcome(Self.campus)
        let files = try PlanFiles.files(o, version: "test")
        #expect(files.map(\.name) == ["proposal.yaml", "plan.csv", "shifts.csv", "roster.csv", "pareto.csv", "optimize.json", "layout.csv",
                                      "layout_pareto.csv", "counselors.csv", "counselor_assignments.csv", "oncall.csv", "columns.json"])
        let byName = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.contents) })
        let colleges = ["arts, \"fine\" and applied", "=sum(b)"]

        guard let layout = try pythonRows(byName["layout.csv"]!) else { return }
        // The header, the room type, then the proposal for all bookings, the complex and the activity.
        #expect(layout.count == 5)
        let scope = try #require(layout[0].firstIndex(of: "scope"))
        #expect(layout.dropFirst().map { $0[scope] } == ["room_type", "all", "complex", "activity"])
        #expect(layout[3][1] == "north side")
        #expect(layout[1][0] == "seminar, \"small\"" && layout[1][1] == "north side")
        #expect(Int(layout[1][6]) == o.rooms?.proposal.counts[0])
        let frontier = try #require(try pythonRows(byName["layout_pareto.csv"]!))
        #expect(frontier[0] == ["area", "rejection", "seminar, \"small\""])
        #expect(frontier.count == 1 + (o.rooms?.proposal.evaluated.count ?? 0))

        let counselors = try #require(try pythonRows(byName["counselors.csv"]!))
        // A cell a spreadsheet would take for a formula is written with a leading quote.
        #expect(counselors.dropFirst().map { $0[0] } == [colleges[0], "'" + colleges[1]])
        #expect(counselors.dropFirst().map { Int($0[3])! } == o.counselors?.proposal.perCollege)

        let assignments = try #require(try pythonRows(byName["counselor_assignments.csv"]!))
        #expect(assignments.dropFirst().allSatisfy { $0.count == 5 && $0[2].hasPrefix("d,") })
        #expect(assignments.dropFirst().contains { $0[1] == colleges[0] && $0[0].hasPrefix(colleges[0] + "-") })
        let visits = o.counselors?.proposal.assignment?.assignment.counselorBuildings.reduce(0) { $0 + $1.count }
        #expect(assignments.count - 1 == visits)

        let onCall = try #require(try pythonRows(byName["oncall.csv"]!))
        let duties = try #require(o.counselors?.proposal.assignment?.onCall.duties.count)
        #expect(onCall.count == 1 + duties)
        for row in onCall.dropFirst() {
            #expect(row.count == 9)
            let names = row[8].isEmpty ? [] : row[8].split(separator: ";", omittingEmptySubsequences: false)
            #expect(names.count == Int(row[7]))
        }

        let json = try JSONValue.parse(byName["optimize.json"]!)
        #expect(json["rooms"]?["counts"]?.entries.map(\.key) == ["seminar, \"small\""])
        #expect(json["counselors"]?["total"]?.double == Double(o.counselors?.proposal.total ?? -1))
    }
}

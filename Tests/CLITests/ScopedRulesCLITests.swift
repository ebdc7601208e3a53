import Foundation
import Testing

/// Rules with a scope and the counters' tail measures by slot, through the binary: a scoped rule
/// names the hour that misses its target, the tails agree with a direct count of `--trace`, and the
/// reader refuses scopes it cannot judge.
@Suite("Scoped rules and waits by slot (CLI)")
struct ScopedRulesCLITests {
    typealias CLI = CLITests

    /// Two weeks (the first a term-start peak at 1.5 times the demand), the center open 8:00 to
    /// 16:00 with records' demand six times as high from 10:00 to 11:00 as in any other hour, and
    /// the same three windows all day: that hour is understaffed, the hours before it are not.
    static let scenario = """
        name: understaffed-hour
        time_unit: minute
        run: {replications: 6, seed: 5}
        campus:
          term: {weeks: 2, weekdays: [1, 1, 1, 1, 1, 0, 0], peaks: [{name: term_start, week: 1, weeks: 1, factor: 1.5}]}
          population:
            colleges:
              - {id: a, students: 1000, classes: 40, counselors: 5, class_teachers: 40}
          service_center:
            opens: 8h
            closes: 16h
            target_wait: 10 min
            return_delay: {dist: empirical, values: [1d, 2d]}
            categories:
              - {id: records, items: 10, requests_per_student: 1.2, hourly: [1, 1, 6, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 6 min}}
              - {id: money, items: 5, requests_per_student: 0.4, hourly: [1, 1, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 8 min}}
            counters:
              - {id: all_purpose, servers: 3, patience: {dist: exponential, mean: 30 min}}
              - {id: finance, skills: [money], servers: 2, patience: {dist: exponential, mean: 30 min}}
          rules:
            - {id: every_hour, kind: service_level, target: 0.8, per: hour}
            - {id: by_week, kind: service_level, target: 0.8, per: [hour, week_type], counter_group: all_purpose}
            - {id: whole, kind: service_level, target: 0.8}
        """

    static func rules(_ summary: [String: Any]) -> [String: [String: Any]] {
        Dictionary(uniqueKeysWithValues: (summary["rules"] as! [[String: Any]]).map { ($0["id"] as! String, $0) })
    }

    @Test("a rule per hour fails and names the understaffed hour as its worst item; every item is judged by its own interval")
    func understaffedHourFails() throws {
        let (dir, file) = try CLI.scenarioFile(Self.scenario, named: "understaffed-hour.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let outcome = try CLI.onestop(["run", file.path, "--out", out.path, "--report"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("FAIL       every_hour"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("worst: 10:00-11:00, "), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("worst: 10:00-11:00 in term_start weeks, "), "\(outcome.stdout)")

        let rules = Self.rules(try CLI.json(out, "summary.json"))
        let everyHour = try #require(rules["every_hour"])
        #expect(everyHour["status"] as? String == "fail")
        let worst = try #require(everyHour["worst"] as? [String: Any])
        #expect(worst["item"] as? String == "10:00-11:00" && worst["status"] as? String == "fail", "\(worst)")
        // The rule reports its worst item's value and interval.
        #expect(everyHour["value"] as? Double == worst["value"] as? Double)
        #expect(everyHour["ci95"] as? Double == worst["ci95"] as? Double)
        let items = try #require(everyHour["items"] as? [[String: Any]])
        #expect(items.count == 8, "one item per opening hour")
        for item in items {
            // Each item's verdict follows its own interval.
            let value = item["value"] as! Double, h = item["ci95"] as? Double ?? 0
            let expected = value - h >= 0.8 ? "pass" : value + h < 0.8 ? "fail" : "undecided"
            #expect(item["status"] as? String == expected, "\(item)")
        }
        let status = Dictionary(uniqueKeysWithValues: items.map { ($0["item"] as! String, $0["status"] as! String) })
        #expect(status["08:00-09:00"] == "pass" && status["09:00-10:00"] == "pass", "\(status)")
        #expect(everyHour["items_failed"] as? Int == items.filter { $0["status"] as? String == "fail" }.count)

        // Restricted to all_purpose and broken down by week type: the peak's 10:00 is the worst.
        let byWeek = try #require(rules["by_week"])
        #expect(byWeek["status"] as? String == "fail")
        #expect((byWeek["worst"] as? [String: Any])?["item"] as? String == "10:00-11:00 in term_start weeks", "\(byWeek)")
        let scope = try #require(byWeek["scope"] as? [String: Any])
        #expect(scope["per"] as? [String] == ["hour", "week_type"] && scope["counter_group"] as? String == "all_purpose")
        // A rule without a scope keeps its shape: no scope, worst or items.
        let whole = try #require(rules["whole"])
        #expect(whole["scope"] == nil && whole["worst"] == nil && whole["items"] == nil)

        let report = String(decoding: try CLI.contents(out, "report.html"), as: UTF8.self)
        #expect(report.contains("worst: 10:00-11:00, fail"))
        #expect(report.contains("id=\"chart-slot-waits-0\""), "the waits-by-hour chart is drawn")
    }

    /// The trace's rows: (replication, time, entity, class, station, event).
    static func traceRows(_ file: URL) throws -> [(replication: Int, time: Double, entity: Int, station: String, event: String)] {
        let text = try String(contentsOf: file, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let c = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (Int(c[0])!, Double(c[1])!, Int(c[2])!, c[4], c[5])
        }
    }

    /// Type 7: linear between order statistics.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lower = Int(h.rounded(.down))
        return lower + 1 < sorted.count ? sorted[lower] + (h - Double(lower)) * (sorted[lower + 1] - sorted[lower]) : sorted[lower]
    }

    @Test("P(wait > target) and the 90th percentile by week type and hour equal a direct count of the trace, in campus_slots.csv, hourly.csv and summary.json")
    func tailsAgreeWithTrace() throws {
        let (dir, file) = try CLI.scenarioFile(Self.scenario.replacingOccurrences(of: "replications: 6", with: "replications: 2"),
                                               named: "understaffed-hour.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), trace = dir.appendingPathComponent("trace.csv")
        let outcome = try CLI.onestop(["run", file.path, "--out", out.path, "--trace", trace.path, "--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")

        // Waits at the counters from the trace: joining the queue to the start of service or giving up.
        struct Slot: Hashable { var replication: Int; var counter: String; var week: String; var hour: Int }
        let counters: Set<String> = ["all_purpose", "finance"]
        var joined: [Int: [Int: Double]] = [:]
        var waits: [Slot: [Double]] = [:]
        let minutesPerWeek = 7.0 * 24 * 60
        for row in try Self.traceRows(trace) where counters.contains(row.station) {
            switch row.event {
            case "arrive":
                joined[row.replication, default: [:]][row.entity] = row.time
            case "start", "abandon":
                guard let began = joined[row.replication]?[row.entity] else { continue }
                joined[row.replication]![row.entity] = nil
                let week = Int((began / minutesPerWeek).rounded(.down)) == 0 ? "term_start" : "regular"
                let hour = Int((began.truncatingRemainder(dividingBy: 24 * 60) / 60).rounded(.down))
                for counter in [row.station, "all"] {
                    for w in [week, "all"] { waits[Slot(replication: row.replication, counter: counter, week: w, hour: hour), default: []].append(began.distance(to: row.time)) }
                }
            default:
                break
            }
        }
        #expect(waits.count > 40, "\(waits.count) slots")

        let table = String(decoding: try CLI.contents(out, "campus_slots.csv"), as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(table[0] == ["replication", "counter_group", "week_type", "hour_of_day", "waits", "mean_wait_min", "p_wait_over_target", "wait_p90_min"])
        var seen = Set<Slot>()
        for c in table.dropFirst() {
            let slot = Slot(replication: Int(c[0])!, counter: c[1], week: c[2], hour: Int(c[3])!)
            seen.insert(slot)
            let counted = try #require(waits[slot], "\(slot) is not in the trace").sorted()
            #expect(Int(c[4]) == counted.count, "\(slot)")
            let over = Double(counted.filter { $0 > 10 }.count) / Double(counted.count)
            #expect(abs(Double(c[6])! - over) < 1e-12, "\(slot): \(c[6]) vs \(over)")
            #expect(abs(Double(c[7])! - Self.quantile(counted, 0.9)) < 1e-9, "\(slot): \(c[7]) vs \(Self.quantile(counted, 0.9))")
        }
        #expect(seen == Set(waits.keys), "every slot of the trace has a row")

        // hourly.csv: the counters' tails over all weeks, beside the hour's other measures.
        let hourly = String(decoding: try CLI.contents(out, "hourly.csv"), as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = hourly[0]
        let p = try #require(header.firstIndex(of: "p_wait_over_target")), q = try #require(header.firstIndex(of: "wait_p90_min"))
        var checked = 0
        for c in hourly.dropFirst() where counters.contains(c[1]) {
            guard let counted = waits[Slot(replication: Int(c[0])!, counter: c[1], week: "all", hour: Int(c[2])!)]?.sorted() else {
                #expect(c[p].isEmpty && c[q].isEmpty, "\(c)")
                continue
            }
            #expect(abs(Double(c[q])! - Self.quantile(counted, 0.9)) < 1e-9, "\(c)")
            #expect(abs(Double(c[p])! - Double(counted.filter { $0 > 10 }.count) / Double(counted.count)) < 1e-12, "\(c)")
            checked += 1
        }
        #expect(checked >= 16)

        // summary.json: the mean over the two replications of each slot's P90.
        let summary = try CLI.json(out, "summary.json")
        let center = try #require((summary["campus"] as? [String: Any])?["service_center"] as? [String: Any])
        let slots = try #require(center["by_slot"] as? [[String: Any]])
        let peakTen = try #require(slots.first { $0["counter_group"] as? String == "all" && $0["week_type"] as? String == "term_start" && $0["hour_of_day"] as? Int == 10 })
        let p90s = (0..<2).map { Self.quantile(waits[Slot(replication: $0, counter: "all", week: "term_start", hour: 10)]!.sorted(), 0.9) }
        #expect(abs(((peakTen["wait_p90"] as? [String: Any])?["mean"] as! Double) - (p90s[0] + p90s[1]) / 2) < 1e-9)

        let columns = String(decoding: try CLI.contents(out, "columns.json"), as: UTF8.self)
        #expect(columns.contains("\"file\": \"campus_slots.csv\""))
    }

    @Test("the reader refuses what a scope cannot mean: unknown ids with a did-you-mean, a breakdown the kind has not, a scope on a rule judged as a whole")
    func readerErrors() throws {
        let rules = """
              - {id: r1, kind: service_level, target: 0.8, counter_group: finanse}
              - {id: r2, kind: service_level, target: 0.8, category: recrods}
              - {id: r3, kind: service_level, target: 0.8, week_type: term_strat}
              - {id: r4, kind: service_level, target: 0.8, per: [hour, hour]}
              - {id: r5, kind: service_level, target: 0.8, per: hours}
              - {id: r6, kind: counselor_ratio, target: 200, per: hour}
              - {id: r7, kind: service_level, target: 0.8, per: activity}
              - {id: r8, kind: counselor_ratio, target: 200, counter_group: finance}
        """
        let text = Self.scenario.components(separatedBy: "  rules:\n")[0] + "  rules:\n" + rules
        let (dir, file) = try CLI.scenarioFile(text, named: "bad-scopes.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let outcome = try CLI.onestop(["validate", file.path])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func line(_ id: String) -> Int { lines.firstIndex { $0.contains("{id: \(id),") }! + 1 }
        let expected = [
            ("r1", "counter_group: unknown counter group 'finanse'; did you mean 'finance'?"),
            ("r2", "category: unknown category 'recrods'; did you mean 'records'?"),
            ("r3", "week_type: unknown week type 'term_strat'; did you mean 'term_start'?"),
            ("r4", "per[1]: hour is named twice"),
            ("r5", "per: unknown breakdown 'hours'; did you mean 'hour'?"),
            ("r6", "per: a counselor_ratio rule is judged over the whole campus; it cannot be judged per hour"),
            ("r7", "per: a service_level rule is judged per hour, weekday, week_type, counter_group, category; not per activity"),
            ("r8", "counter_group: only a service_level rule is restricted to a counter group; a counselor_ratio rule has none"),
        ]
        for (id, message) in expected {
            let found = outcome.stderr.split(separator: "\n").contains { $0.hasPrefix("\(file.path):\(line(id)):") && $0.contains(message) }
            #expect(found, "\(id): \(message)\n\(outcome.stderr)")
        }
    }
}

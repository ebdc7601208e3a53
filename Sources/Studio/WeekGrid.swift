import ScenarioModel

/// A counter group's staff as a grid of weekdays by half hours, which the page's script turns back
/// into the counter's `servers` schedule (`period: 1d` when every day is the same, else `7d`).
enum WeekGrid {
    static let days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let slotsPerDay = 48

    /// The staff in each half hour of the week (7 × 48), or nil when the schedule changes between
    /// half hours (such a schedule is edited in the YAML).
    static func cells(_ servers: ServerCount, timeUnit: TimeUnit) -> [[Int]]? {
        let slot = 1800 / timeUnit.seconds
        switch servers {
        case .fixed(let n):
            return Array(repeating: Array(repeating: n, count: slotsPerDay), count: 7)
        case .infinite:
            return nil
        case .schedule(let schedule):
            for entry in schedule.entries {
                for t in [entry.from, entry.to] where abs((t / slot).rounded() - t / slot) > 1e-9 { return nil }
            }
            return (0..<7).map { day in
                (0..<slotsPerDay).map { k in
                    let t = (Double(day * slotsPerDay + k) * slot).truncatingRemainder(dividingBy: schedule.period)
                    return schedule.entries.first { $0.from <= t + 1e-9 && t + 1e-9 < $0.to }?.servers ?? 0
                }
            }
        }
    }

    /// True when the half hour `k` of day `d` lies inside the opening hours (always, without them).
    static func isOpen(_ open: OpeningHours?, day d: Int, slot k: Int, timeUnit: TimeUnit) -> Bool {
        guard let open else { return true }
        let middle = (Double(k) + 0.5) * 1800 / timeUnit.seconds
        return open.days[d].contains { $0.from <= middle && middle < $0.to }
    }

    static func html(counter: Counter, timeUnit: TimeUnit, open: OpeningHours? = nil) -> String {
        let path = "campus.service_center.counters[\(counter.id)].servers"
        let title = "<h4>\(HTML.escape(counter.id))" + (counter.skills.isEmpty ? " <small>(every category)</small>" : " <small>(\(HTML.escape(counter.skills.joined(separator: ", "))))</small>") + "</h4>"
        guard let cells = cells(counter.servers, timeUnit: timeUnit) else {
            return title + "<p class=\"note\">This counter's staff changes between half hours (or is unlimited); change it in the YAML tab.</p>"
        }
        var out = title + "<div class=\"grid-scroll\"><table class=\"week-grid\" data-path=\"\(HTML.escape(path))\" data-counter=\"\(HTML.escape(counter.id))\"><thead><tr><th></th>"
        for k in 0..<slotsPerDay { out += k % 2 == 0 ? "<th colspan=\"2\">\(k / 2)h</th>" : "" }
        out += "</tr></thead><tbody><tr class=\"every-day\"><th>every day</th>"
        for k in 0..<slotsPerDay { out += "<td><input class=\"all\" data-slot=\"\(k)\" aria-label=\"every day \(label(k))\" inputmode=\"numeric\"></td>" }
        out += "</tr>"
        for (d, row) in cells.enumerated() {
            out += "<tr><th>\(days[d])</th>"
            for (k, n) in row.enumerated() {
                let closed = !isOpen(open, day: d, slot: k, timeUnit: timeUnit)
                out += "<td\(closed ? " class=\"closed\" title=\"closed\"" : "")><input class=\"cell\" data-day=\"\(d)\" data-slot=\"\(k)\" value=\"\(n)\" data-original=\"\(n)\" aria-label=\"\(days[d]) \(label(k))\" inputmode=\"numeric\"></td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    static func label(_ k: Int) -> String { "\(k / 2):\(k % 2 == 0 ? "00" : "30")" }
}

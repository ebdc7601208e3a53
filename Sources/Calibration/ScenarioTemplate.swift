import Foundation
import ScenarioModel
internal import Yams

/// A `--into` scenario: where the fits' settings come from (opening hours, students, which counter
/// group each category waits at) and the text the fitted values are written into.
public struct ScenarioTemplate: Sendable {
    public var scenario: Scenario
    public var text: String
    public var file: String

    public init(scenario: Scenario, text: String, file: String) {
        self.scenario = scenario
        self.text = text
        self.file = file
    }

    public var center: ServiceCenter? { scenario.campus?.serviceCenter }

    /// The categories the log may name: the template's.
    public var categoryIds: [String] { center?.categories.map(\.id) ?? [] }

    /// The counter group each category waits at, as the compiler routes it (pooled): a group whose
    /// skills name it, else the first all-purpose group.
    public var counterOfCategory: [String: String] {
        guard let center else { return [:] }
        var out: [String: String] = [:]
        for category in center.categories {
            let eligible = center.counters.filter { $0.skills.isEmpty || $0.skills.contains(category.id) }
            if let target = eligible.first(where: { $0.skills.contains(category.id) }) ?? eligible.first { out[category.id] = target.id }
        }
        return out
    }

    /// The fits' settings from the template (categories indexed as in `names`).
    public func options(categories names: [String], base: LogFit.Options = LogFit.Options()) -> LogFit.Options {
        var o = base
        o.unitSeconds = scenario.timeUnit.seconds
        guard let center, let campus = scenario.campus else { return o }
        o.opens = center.opens * o.unitSeconds
        o.hours = max(1, Int(((center.closes - center.opens) * o.unitSeconds / 3600).rounded(.up)))
        o.students = Double(campus.population.students)
        let routes = counterOfCategory
        o.patienceGroups = center.counters.compactMap { counter in
            let served = names.indices.filter { routes[names[$0]] == counter.id }
            return served.isEmpty ? nil : (counter.id, served)
        }
        return o
    }
}

// MARK: Writing fitted values into the template

extension ScenarioTemplate {
    /// One replaced (or added) value: the key, its new text (flow style) and the comment saying where it came from.
    struct Edit {
        var line: Int          // 1-based line of the key
        var endLine: Int       // last line of the old value (inclusive)
        var indent: String
        var prefix: String     // "- " when the key opens a list item
        var key: String
        var value: String
        var comment: String
        var insert: Bool       // add after `line` instead of replacing
    }

    /// The template's text with every fitted value replaced, each with a comment; the values that
    /// could not be placed (a key written in flow style inside a one-line map) are returned as notes.
    public func fitted(_ fit: LogFit, generated: String) -> (text: String, notes: [String]) {
        var lines = text.components(separatedBy: "\n")
        var notes: [String] = []
        guard let root = try? Yams.compose(yaml: text), let campus = root["campus"] else {
            return (text, ["the template has no campus section: nothing was replaced"])
        }
        var edits: [Edit] = []
        func indentation(_ s: String) -> Int { s.prefix { $0 == " " }.count }
        /// The edit replacing the value of `key` in `map`, or adding it after `anchor`'s line.
        func edit(_ map: Node, _ key: String, value: String, comment: String, path: String) {
            let keyNode = map.mapping?.keys.first { $0.string == key }
            if let keyNode, let mark = keyNode.mark {
                let l = mark.line - 1
                let line = lines[l]
                let col = mark.column - 1
                let before = String(line.prefix(col))
                let trimmed = before.trimmingCharacters(in: .whitespaces)
                guard trimmed.isEmpty || trimmed == "-" else {
                    notes.append("\(path): written in a one-line map in the template; set it by hand to \(value)  # \(comment)")
                    return
                }
                var end = l
                while end + 1 < lines.count {
                    let next = lines[end + 1]
                    let content = next.trimmingCharacters(in: .whitespaces)
                    if content.isEmpty || (indentation(next) > col) { end += 1 } else { break }
                }
                // Trailing blank and comment lines belong to what follows.
                while end > l, lines[end].trimmingCharacters(in: .whitespaces).isEmpty || lines[end].trimmingCharacters(in: .whitespaces).hasPrefix("#") { end -= 1 }
                edits.append(Edit(line: l, endLine: end, indent: String(repeating: " ", count: indentation(line)),
                                  prefix: trimmed == "-" ? "- " : "", key: key, value: value, comment: comment, insert: false))
            } else if let anchor = map.mapping?.keys.first, let mark = anchor.mark {
                edits.append(Edit(line: mark.line - 1, endLine: mark.line - 1, indent: String(repeating: " ", count: mark.column - 1),
                                  prefix: "", key: key, value: value, comment: comment, insert: true))
            }
        }
        let unit = fit.options.unitSeconds
        let a = fit.arrivals
        if let term = campus["term"] {
            edit(term, "weeks", value: "\(a.weeks)", comment: "fitted: the log spans \(a.weeks) weeks from \(TimestampFormat.dateText(a.startDay))", path: "campus.term.weeks")
            let weekdays = "[" + a.weekdays.map { Self.number($0.estimate) }.joined(separator: ", ") + "]"
            let cis = a.weekdays.map { "\(Self.number($0.low))–\(Self.number($0.high))" }.joined(separator: ", ")
            edit(term, "weekdays", value: weekdays, comment: "fitted: 95% CI \(cis); Poisson overdispersion \(Self.number(a.dispersion))", path: "campus.term.weekdays")
            let peaks = "[" + a.peaks.map { "{name: \($0.name), week: \($0.week), weeks: \($0.weeks), factor: \(Self.number($0.factor.estimate))}" }.joined(separator: ", ") + "]"
            let peakNote = a.peaks.isEmpty ? "fitted: no week stands out from the others" : "fitted from the weekly counts: " + a.peaks.map { "\($0.name) factor 95% CI \(Self.number($0.factor.low))–\(Self.number($0.factor.high))" }.joined(separator: "; ")
            edit(term, "peaks", value: peaks, comment: peakNote, path: "campus.term.peaks")
        } else {
            notes.append("campus.term: not in the template; the fitted weeks, weekdays and peaks are in fit.json")
        }
        guard let center = campus["service_center"] else { return (text, notes + ["campus.service_center: not in the template"]) }
        if !fit.returnDelays.isEmpty {
            let total = fit.returnDelays.reduce(0) { $0 + $1.count }
            let values = fit.returnDelays.map { "\($0.days == 0 ? "0" : "\($0.days)d")" }.joined(separator: ", ")
            let weights = fit.returnDelays.map { Self.number(Double($0.count) / Double(total)) }.joined(separator: ", ")
            edit(center, "return_delay", value: "{dist: empirical, values: [\(values)], weights: [\(weights)]}",
                 comment: "fitted: \(total) returns (same student and category), days from the visit", path: "campus.service_center.return_delay")
        }
        let logHasOnline = fit.categories.contains { $0.arrivals.online > 0 }
        if !logHasOnline { notes.append("the log holds no online request: every online_share is left as the template has it") }
        if let categories = center["categories"]?.sequence {
            for node in categories {
                guard let id = node["id"]?.string, let c = fit.categories.firstIndex(where: { $0.name == id }) else {
                    if let id = node["id"]?.string { notes.append("campus.service_center.categories[\(id)]: not in the log; left as it was") }
                    continue
                }
                let cf = fit.categories[c]
                let path = "campus.service_center.categories[\(id)]"
                var r = cf.arrivals.requestsPerStudent
                var counted = "\(cf.arrivals.visits + cf.arrivals.outsideHours + cf.arrivals.online) requests"
                if !logHasOnline, let share = self.center?.categories.first(where: { $0.id == id })?.onlineShare, share > 0, share < 1 {
                    // Counter visits only: the requests are those over (1 − the template's online share).
                    r = Interval(r.estimate / (1 - share), r.low / (1 - share), r.high / (1 - share))
                    counted = "\(cf.arrivals.visits + cf.arrivals.outsideHours) counter visits over 1 − the template's online_share \(Self.number(share))"
                }
                edit(node, "requests_per_student", value: Self.number(r.estimate),
                     comment: "fitted: n = \(counted), 95% CI \(Self.number(r.low))–\(Self.number(r.high)); \(Self.dispersionNote(cf.arrivals))", path: "\(path).requests_per_student")
                let hourly = "[" + cf.arrivals.hourly.map { Self.number($0.estimate) }.joined(separator: ", ") + "]"
                edit(node, "hourly", value: hourly, comment: "fitted: 95% CI " + cf.arrivals.hourly.map { "\(Self.number($0.low))–\(Self.number($0.high))" }.joined(separator: ", "), path: "\(path).hourly")
                if let best = cf.services.first {
                    edit(node, "service", value: Self.spec(best.model, unit: unit),
                         comment: "fitted: n = \(cf.serviceCount), \(Self.describe(best)); best AIC of \(cf.services.map(\.model.family.rawValue).joined(separator: ", "))"
                            + Self.deskNote(fit.deskService.flagged.filter { $0.category == id }), path: "\(path).service")
                }
                let share = cf.arrivals.onlineShare
                if logHasOnline, share.estimate.isFinite {
                    edit(node, "online_share", value: Self.number(share.estimate),
                         comment: "fitted: \(cf.arrivals.online) online of \(cf.arrivals.online + cf.arrivals.visits + cf.arrivals.outsideHours), 95% CI \(Self.number(share.low))–\(Self.number(share.high))", path: "\(path).online_share")
                }
                if let p = cf.returnProbability {
                    edit(node, "return_probability", value: Self.number(p.estimate),
                         comment: "fitted: \(cf.returns) returns after \(cf.served) served visits, 95% CI \(Self.number(p.low))–\(Self.number(p.high))", path: "\(path).return_probability")
                }
            }
        }
        if let counters = center["counters"]?.sequence {
            for node in counters {
                guard let id = node["id"]?.string else { continue }
                let path = "campus.service_center.counters[\(id)]"
                if let group = fit.patience.first(where: { $0.name == id }), let best = group.fits.first {
                    edit(node, "patience", value: Self.spec(best.model, unit: unit),
                         comment: "fitted: \(group.abandoned) gave up, \(group.censored) served (censored), \(Self.describe(best))", path: "\(path).patience")
                }
                guard let staffing = fit.staffing, let group = staffing.groups.first(where: { $0.name == id }), let grid = group.typical else {
                    if fit.staffing != nil { notes.append("\(path).servers: no desk of this group in the log; left as it was") }
                    continue
                }
                edit(node, "servers", value: Self.schedule(staffing.changes(grid)), comment: Self.staffingNote(staffing, group), path: "\(path).servers")
                // Opening hours: only where the template states none for the group (nor for the center).
                if self.center?.openingHours == nil, let model = self.center?.counters.first(where: { $0.id == id }), model.openingHours == nil,
                   let hours = Self.openingHours(group.hours, within: (self.center!.opens * unit, self.center!.closes * unit)) {
                    edit(node, "opening_hours", value: hours.text, comment: hours.comment, path: "\(path).opening_hours")
                }
            }
        }
        for e in edits.sorted(by: { ($0.line, $0.insert ? 1 : 0) > ($1.line, $1.insert ? 1 : 0) }) {
            let new = "\(e.indent)\(e.prefix)\(e.key): \(e.value)  # \(e.comment)"
            if e.insert {
                lines.insert("\(e.indent)\(e.key): \(e.value)  # \(e.comment)", at: e.line + 1)
            } else {
                lines.replaceSubrange(e.line...e.endLine, with: [new])
            }
        }
        return ([generated] .joined() + lines.joined(separator: "\n"), notes)
    }

    /// A week-long schedule of servers, as the scenario writes it: changes at clock times in the week.
    static func schedule(_ changes: [(second: Double, servers: Int)]) -> String {
        let entries = changes.indices.map { i -> String in
            let from = i == 0 ? "0" : "\"\(ClockText.timeInWeek(changes[i].second, in: .second))\""
            let to = i + 1 < changes.count ? "\"\(ClockText.timeInWeek(changes[i + 1].second, in: .second))\"" : "1w"
            return "{from: \(from), to: \(to), servers: \(changes[i].servers)}"
        }
        return "{period: 1w, schedule: [\(entries.joined(separator: ", "))]}"
    }

    static func staffingNote(_ staffing: AsIsStaffing, _ group: AsIsStaffing.Group) -> String {
        guard let grid = group.typical else { return "" }
        var s = "fitted as-is from the log: desks open per \(staffing.options.slotMinutes) min, the median over \(grid.weeks.count) \(grid.weekType) weeks"
            + " (a desk is open from its first call to its last finish of a day, idle spells over \(number(staffing.options.closedAfterMinutes)) min closed; \(group.desks.count) desks seen)"
        if group.peaksDiffer {
            s += "; the peak weeks differ (\(group.grids.dropFirst().map(\.weekType).joined(separator: ", ")): see fit.json), the format has one weekly schedule"
        }
        return s
    }

    /// The observed opening hours as `opening_hours` (within the center's span, in seconds), nil when no weekday was open.
    static func openingHours(_ hours: [AsIsStaffing.ObservedHours?], within span: (Double, Double)) -> (text: String, comment: String)? {
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        var parts: [String] = [], any = false
        for (d, h) in hours.enumerated() {
            if let h {
                let opens = max(h.opens, span.0), closes = min(h.closes, span.1)
                if closes > opens {
                    parts.append("\(names[d]): \"\(ClockText.timeOfDay(opens, in: .second))-\(ClockText.timeOfDay(closes, in: .second))\"")
                    any = true
                    continue
                }
            }
            parts.append("\(names[d]): closed")
        }
        guard any else { return nil }
        return ("{\(parts.joined(separator: ", "))}", "fitted: the median first and last ticket per weekday, rounded out to the half hour; a weekday with tickets on fewer than half its weeks is closed (the template stated no opening hours)")
    }

    static func deskNote(_ flagged: [DeskService.Test]) -> String {
        guard !flagged.isEmpty else { return "" }
        let list = flagged.map { "\($0.desk) mean \(number($0.mean)) against \(number($0.restMean)) at the group's other desks (Holm p = \(number($0.holmP)))" }
        return "; desks differ: \(list.joined(separator: "; ")). The format has one service time per category and counter group: this is the fit over all desks (fit.json lists every desk)"
    }

    /// A fitted model as the scenario writes it, in its time unit.
    static func spec(_ m: Model, unit: Double) -> String {
        let ps = m.scenarioParameters.map { "\($0.name): \(Self.number($0.value))" }.joined(separator: ", ")
        return "{dist: \(m.family.rawValue), \(ps)}"
    }

    static func describe(_ f: FamilyFit) -> String {
        var s = f.parameters.filter { !($0.name == "k" && f.model.family == .erlang) }
            .map { "\($0.name) 95% CI \(number($0.low))–\(number($0.high))" }.joined(separator: ", ")
        if let g = f.gof { s += "; KS \(number(g.ks)) (p = \(number(g.ksP))), AD \(number(g.ad)) (p = \(number(g.adP))), \(g.bootstrap) bootstrap samples of \(g.n)" }
        return s
    }

    static func dispersionNote(_ a: ArrivalFit.CategoryArrivals) -> String {
        a.p < 0.01 ? "counts vary \(number(a.dispersion)) times as much as Poisson (χ² p = \(number(a.p)))" : "Poisson fits (dispersion \(number(a.dispersion)), p = \(number(a.p)))"
    }

    /// Four significant digits, no exponent for everyday magnitudes.
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "nan" }
        if x == 0 { return "0" }
        let digits = max(0, 3 - Int(floor(log10(abs(x)))))
        var s = String(format: "%.\(min(digits, 8))f", x)
        if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
        return s
    }
}

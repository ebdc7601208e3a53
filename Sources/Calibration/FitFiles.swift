import Foundation
import ScenarioModel
import Interchange

/// The files of `onestop fit`: fit.json (every estimate, interval, statistic and candidate) and the
/// summary lines printed on the terminal.
public enum FitFiles {
    /// What the reading found: rows, the bad ones by reason (the first ten of each with their location).
    public struct ReadingSummary: Sendable {
        public var file: String
        public var rows: Int
        public var badRows: BadRows
        public var resolution: Double
        public var outOfOrder: Int
        public var unknownToTemplate: [String]

        public init(file: String, rows: Int, badRows: BadRows, resolution: Double, outOfOrder: Int, unknownToTemplate: [String] = []) {
            self.file = file
            self.rows = rows
            self.badRows = badRows
            self.resolution = resolution
            self.outOfOrder = outOfOrder
            self.unknownToTemplate = unknownToTemplate
        }
    }

    static func interval(_ i: Interval) -> JSONValue {
        .object([("estimate", JSONValue(i.estimate)), ("ci95", .array([JSONValue(i.low), JSONValue(i.high)]))])
    }

    static func estimate(_ p: ParameterEstimate) -> JSONValue {
        .object([("estimate", JSONValue(p.estimate)), ("ci95", .array([JSONValue(p.low), JSONValue(p.high)]))])
    }

    static func candidate(_ f: FamilyFit) -> JSONValue {
        var entries: [(key: String, value: JSONValue)] = [
            ("family", .string(f.model.family.rawValue)),
            ("parameters", .object(f.parameters.map { ($0.name, estimate($0)) })),
            ("mean", estimate(f.mean)),
            ("log_likelihood", JSONValue(f.logLikelihood)),
            ("aic", JSONValue(f.aic)),
        ]
        if let g = f.gof {
            entries.append(("gof", .object([
                ("ks", JSONValue(g.ks)), ("ks_p", JSONValue(g.ksP)), ("ad", JSONValue(g.ad)), ("ad_p", JSONValue(g.adP)),
                ("n", JSONValue(g.n)), ("bootstrap", JSONValue(g.bootstrap)),
            ])))
        }
        return .object(entries)
    }

    /// The as-is staffing: per group, per week type, per weekday the desks open per slot.
    static func staffing(_ st: AsIsStaffing) -> JSONValue {
        let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        return .object([
            ("slot_minutes", JSONValue(st.options.slotMinutes)),
            ("closed_after_minutes", JSONValue(st.options.closedAfterMinutes)),
            ("groups", .array(st.groups.map { g in
                .object([
                    ("counter", .string(g.name)),
                    ("desks", .array(g.desks.map { .string($0) })),
                    ("desk_days", JSONValue(g.deskDays)), ("closures", JSONValue(g.closures)),
                    ("peaks_differ", .bool(g.peaksDiffer)),
                    ("schedule", .array(g.typical.map { st.changes($0).map { .array([.string(ClockTextBridge.week($0.second)), JSONValue($0.servers)]) } } ?? [])),
                    ("week_types", .array(g.grids.map { grid in
                        .object([
                            ("week_type", .string(grid.weekType)), ("weeks", .array(grid.weeks.map { JSONValue($0) })),
                            ("median", FitFiles.grid(grid.median, names: weekdayNames)), ("least", FitFiles.grid(grid.low, names: weekdayNames)),
                            ("most", FitFiles.grid(grid.high, names: weekdayNames)),
                        ])
                    })),
                    ("observed_hours", .object(zip(weekdayNames, g.hours).map { name, h in
                        (name, h.map { .object([("opens", .string(ClockTextBridge.day($0.opens))), ("closes", .string(ClockTextBridge.day($0.closes))),
                                                ("days_open", JSONValue($0.daysOpen)), ("days_spanned", JSONValue($0.daysSpanned))]) } ?? .null)
                    })),
                ])
            })),
        ])
    }

    static func grid(_ rows: [[Int]], names: [String]) -> JSONValue {
        .object(zip(names, rows).map { ($0, .array($1.map { JSONValue($0) })) })
    }

    static func deskService(_ d: DeskService) -> JSONValue {
        .object([
            ("level", JSONValue(DeskService.level)), ("minimum_count", JSONValue(DeskService.minimumCount)),
            ("tests", .array(d.tests.map { t in
                .object([
                    ("category", .string(t.category)), ("counter", .string(t.group)), ("desk", .string(t.desk)), ("family", .string(t.family.rawValue)),
                    ("n", JSONValue(t.n)), ("others_n", JSONValue(t.restN)), ("mean", JSONValue(t.mean)), ("others_mean", JSONValue(t.restMean)),
                    ("likelihood_ratio", JSONValue(t.statistic)), ("df", JSONValue(t.degreesOfFreedom)), ("p", JSONValue(t.p)),
                    ("holm_p", JSONValue(t.holmP)), ("differs", .bool(t.differs)),
                ])
            })),
        ])
    }

    /// fit.json.
    public static func json(_ fit: LogFit, reading: ReadingSummary, version: String, template: String?) -> String {
        let a = fit.arrivals
        let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        let bad: JSONValue = .object(reading.badRows.counts.keys.sorted().map { problem in
            (problem.rawValue, .object([
                ("count", JSONValue(reading.badRows.counts[problem]!)),
                ("reason", .string(problem.summary)),
                ("first", .array(reading.badRows.first[problem, default: []].map { .string($0.description) })),
            ]))
        })
        let doc: JSONValue = .object([
            ("onestop_version", .string(version)),
            ("log", .object([
                ("file", .string(reading.file)), ("rows", JSONValue(reading.rows)),
                ("rows_used", JSONValue(reading.rows - reading.badRows.total)), ("rows_dropped", JSONValue(reading.badRows.total)),
                ("resolution_seconds", JSONValue(reading.resolution)), ("out_of_order_rows", JSONValue(reading.outOfOrder)),
                ("dropped", bad),
                ("categories_not_in_template", .array(reading.unknownToTemplate.map { .string($0) })),
            ])),
            ("template", template.map { .string($0) } ?? .null),
            ("time_unit_seconds", JSONValue(fit.options.unitSeconds)),
            ("arrivals", .object([
                ("term_start", .string(TimestampFormat.dateText(a.startDay))),
                ("weeks", JSONValue(a.weeks)),
                ("dispersion", JSONValue(a.dispersion)),
                ("weekdays", .object(zip(weekdayNames, a.weekdays).map { ($0, interval($1)) })),
                ("peaks", .array(a.peaks.map { .object([("name", .string($0.name)), ("week", JSONValue($0.week)), ("weeks", JSONValue($0.weeks)), ("factor", interval($0.factor))]) })),
                ("week_totals", .array(a.weekTotals.map { JSONValue($0) })),
            ])),
            ("categories", .array(fit.categories.map { c in
                var entries: [(key: String, value: JSONValue)] = [
                    ("id", .string(c.name)),
                    ("counter_visits", JSONValue(c.arrivals.visits)), ("outside_hours", JSONValue(c.arrivals.outsideHours)),
                    ("online", JSONValue(c.arrivals.online)), ("served", JSONValue(c.served)), ("abandoned", JSONValue(c.abandoned)),
                    ("no_shows", JSONValue(c.noShows)), ("returns", JSONValue(c.returns)),
                    ("requests_per_student", interval(c.arrivals.requestsPerStudent)),
                    ("online_share", interval(c.arrivals.onlineShare)),
                    ("hourly", .array(c.arrivals.hourly.map(interval))),
                    ("overdispersion", .object([
                        ("chi_square", JSONValue(c.arrivals.chiSquare)), ("df", JSONValue(c.arrivals.degreesOfFreedom)),
                        ("dispersion", JSONValue(c.arrivals.dispersion)), ("p", JSONValue(c.arrivals.p)),
                    ])),
                ]
                if let p = c.returnProbability { entries.append(("return_probability", interval(p))) }
                entries.append(("service", .object([
                    ("n", JSONValue(c.serviceCount)),
                    ("chosen", c.services.first.map { .string($0.model.family.rawValue) } ?? .null),
                    ("candidates", .array(c.services.map(candidate))),
                ])))
                return .object(entries)
            })),
            ("patience", .array(fit.patience.map { g in
                let km = g.kaplanMeier
                return .object([
                    ("counter", .string(g.name)),
                    ("categories", .array(g.categories.map { .string($0) })),
                    ("gave_up", JSONValue(g.abandoned)), ("served_censored", JSONValue(g.censored)),
                    ("chosen", g.fits.first.map { .string($0.model.family.rawValue) } ?? .null),
                    ("candidates", .array(g.fits.map(candidate))),
                    ("kaplan_meier_restricted_mean", .object([("value", JSONValue(km.restrictedMean.value)), ("horizon", JSONValue(km.restrictedMean.horizon))])),
                    ("kaplan_meier", .array(km.steps.map { .array([JSONValue($0.time), JSONValue($0.survival), JSONValue($0.low), JSONValue($0.high), JSONValue($0.atRisk), JSONValue($0.events)]) })),
                ])
            })),
            ("return_delays_days", .object(fit.returnDelays.map { ("\($0.days)", JSONValue($0.count)) })),
            ("staffing", fit.staffing.map(staffing) ?? .null),
            ("desk_service", deskService(fit.deskService)),
        ])
        return doc.rendered()
    }

    /// The lines printed after a fit.
    public static func summary(_ fit: LogFit, reading: ReadingSummary) -> [String] {
        var lines = ["\(reading.file): \(reading.rows) rows, \(reading.rows - reading.badRows.total) used, \(reading.badRows.total) dropped; resolution \(ScenarioTemplate.number(reading.resolution)) s"]
        let a = fit.arrivals
        lines.append("term from \(TimestampFormat.dateText(a.startDay)), \(a.weeks) weeks; peaks: \(a.peaks.isEmpty ? "none" : a.peaks.map { "\($0.name) ×\(ScenarioTemplate.number($0.factor.estimate))" }.joined(separator: ", "))")
        for c in fit.categories {
            let best = c.services.first.map { "\($0.model.family.rawValue) mean \(ScenarioTemplate.number($0.mean.estimate))" } ?? "no service times"
            lines.append("  \(c.name): \(c.arrivals.visits) visits, \(ScenarioTemplate.number(c.arrivals.requestsPerStudent.estimate)) requests/student, service \(best)\(c.arrivals.p < 0.01 ? ", overdispersed ×\(ScenarioTemplate.number(c.arrivals.dispersion))" : "")")
        }
        for g in fit.patience {
            let best = g.fits.first.map { "\($0.model.family.rawValue) mean \(ScenarioTemplate.number($0.mean.estimate))" } ?? "none (nobody gave up)"
            lines.append("  patience at \(g.name): \(best) (\(g.abandoned) gave up, \(g.censored) censored)")
        }
        return lines
    }
}

/// Clock texts for the files (seconds from midnight or from Monday 0:00).
enum ClockTextBridge {
    static func day(_ seconds: Double) -> String { ClockText.timeOfDay(seconds, in: .second) }
    static func week(_ seconds: Double) -> String { ClockText.timeInWeek(seconds, in: .second) }
}

import ScenarioModel
import Testing

/// Opening hours, holidays and clock times: every form reads to its value, every mistake is
/// refused at its line and field.
@Suite struct OpeningHoursParsingTests {
    /// A campus whose service center lines are `center` (indented under `service_center:`), on line 7 on.
    static func campus(_ center: String, term: String = "{weeks: 4}", counter: String = "{id: desk, servers: 2}") -> String {
        """
        time_unit: minute
        campus:
          term: \(term)
          population: {colleges: [{id: c, students: 100}]}
          service_center:
            target_wait: 10
            return_delay: {dist: exponential, mean: 5}
        \(center.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            categories: [{id: a, items: 1, requests_per_student: 1, hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1], service: {dist: exponential, mean: 5}}]
            counters: [\(counter)]

        """
    }

    static func center(_ text: String, term: String = "{weeks: 4}", counter: String = "{id: desk, servers: 2}") throws -> ServiceCenter {
        try #require(try parseValid(campus(text, term: term, counter: counter)).scenario.campus?.serviceCenter)
    }

    /// The one diagnostic of `text`: at `line`, naming `path`, saying `message`.
    static func refused(_ text: String, line: Int, path: String, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let found = diagnostics(text)
        #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
        guard let d = found.first else { return }
        #expect(d.hasPrefix("test.yaml:\(line):"), "\(d)", sourceLocation: sourceLocation)
        #expect(d.contains("error: \(path): "), "\(d)", sourceLocation: sourceLocation)
        #expect(d.contains(message), "\(d)", sourceLocation: sourceLocation)
    }

    typealias I = OpeningHours.Interval

    @Test func clockTextReadsAndWritesOneConvention() {
        #expect(ClockText.secondsOfDay("8:30") == 30_600)
        #expect(ClockText.secondsOfDay(" 17:05 ") == 61_500)
        #expect(ClockText.secondsOfDay("8:30:15") == 30_615)
        #expect(ClockText.secondsOfDay("24:00") == 86_400)
        for bad in ["24:01", "8:3", "8:60", "8", "8.5h", "-1:00", "123:00", "8:30pm", ""] { #expect(ClockText.secondsOfDay(bad) == nil, "\(bad)") }
        #expect(ClockText.secondsOfWeek("Tue 8:30") == 117_000.0)
        #expect(ClockText.secondsOfWeek("sunday 0:00") == 518_400.0)
        #expect(ClockText.secondsOfWeek("Tues 8:30") == nil)
        #expect(ClockText.value(of: "8:30", in: .minute) == 510)
        #expect(ClockText.value(of: "Tue 8:30", in: .hour) == 32.5)
        #expect(ClockText.timeOfDay(510, in: .minute) == "8:30")
        #expect(ClockText.timeOfDay(17.5, in: .hour) == "17:30")
        #expect(ClockText.timeOfDay(30_615, in: .second) == "8:30:15")
        #expect(ClockText.timeInWeek(1440 + 510, in: .minute) == "Tue 8:30")
        #expect(ClockText.timeInWeek(7 * 1440 + 6 * 1440 + 1439, in: .minute) == "Sun 23:59")
        // What the formatter writes, the parser reads back.
        for minute in stride(from: 0.0, to: 7 * 1440, by: 97) {
            #expect(ClockText.value(of: ClockText.timeInWeek(minute, in: .minute), in: .minute) == minute)
        }
    }

    @Test func everyFormOfOpeningHours() throws {
        let c = try Self.center(#"opening_hours: {mon-fri: "8:30-17:30", sat: "8:30-12:00", sun: closed}"#)
        let weekday = [I(from: 510, to: 1050)]
        #expect(c.openingHours == OpeningHours(days: [weekday, weekday, weekday, weekday, weekday, [I(from: 510, to: 720)], []]))
        #expect(c.opens == 510 && c.closes == 1050)
        #expect(c.statesOpeningHours)

        // Full names, any case, a range that wraps, a lunch break as a list or in one string, hours as durations; days not named are closed.
        let d = try Self.center(#"opening_hours: {Monday: ["8.5h-12h", "13:30-17:30"], TUE: "8:30-12:00, 13:30-17:30", sat-sun: "9:00-11:00"}"#)
        let split = [I(from: 510, to: 720), I(from: 810, to: 1050)]
        #expect(d.openingHours == OpeningHours(days: [split, split, [], [], [], [I(from: 540, to: 660)], [I(from: 540, to: 660)]]))
        // Touching ranges are one opening.
        let e = try Self.center(#"opening_hours: {wed: "8:30-12:00, 12:00-17:30"}"#)
        #expect(e.openingHours?.days[2] == weekday)

        // The first form keeps its meaning: arrival hours only, every day the weekday weight allows.
        let plain = try Self.center("opens: \"8:30\"\ncloses: 17.5h")
        #expect(plain.opens == 510 && plain.closes == 1050 && plain.openingHours == nil && !plain.statesOpeningHours)
        #expect(plain.weeklyHours(weekdays: [1, 1, 1, 1, 1, 0.3, 0]).days.map(\.count) == [1, 1, 1, 1, 1, 1, 0])
    }

    @Test func holidaysAsWeeksAndDates() throws {
        let c = try Self.center(#"""
            opening_hours: {mon-fri: "8:30-17:30"}
            holidays: [{week: 2, day: mon}, {week: 4, day: Friday}, 2027-03-03, "2027-03-20"]
            """#, term: "{weeks: 4, starts: 2027-02-22}")
        #expect(c.holidays.map { [$0.week, $0.weekday] } == [[2, 0], [4, 4], [2, 2], [4, 5]])
        #expect(c.isHoliday(week: 1, weekday: 0) && !c.isHoliday(week: 0, weekday: 0))
        // Holidays alone state opening hours: opens to closes on the weighted days, less the holidays.
        let h = try Self.center("opens: 510\ncloses: 1050\nholidays: [{week: 1, day: tue}]")
        #expect(h.statesOpeningHours && h.holidays.count == 1)
    }

    @Test func counterGroupHours() throws {
        let c = try Self.center(#"opening_hours: {mon-sat: "8:30-17:30"}"#,
                                counter: #"{id: desk, servers: 2, opening_hours: {mon-fri: "9:00-16:00", sat: closed}}"#)
        let group = try #require(c.counters.first?.openingHours)
        #expect(group.days[0] == [I(from: 540, to: 960)] && group.days[5].isEmpty)
        #expect(c.weeklyHours(of: c.counters[0], weekdays: [1, 1, 1, 1, 1, 1, 0]) == group)
    }

    @Test func clockTimesInSchedules() throws {
        let week = try Self.center("opens: 510\ncloses: 1050", counter: """
            {id: desk, servers: {period: 1w, schedule: [{from: 0, to: "Mon 8:30", servers: 0}, {from: "Mon 8:30", to: "Mon 12:00", servers: 3}, {from: "mon 12:00", to: 1w, servers: 0}]}}
            """)
        guard case .schedule(let s) = week.counters[0].servers else { Issue.record("not a schedule"); return }
        #expect(s.entries.map(\.from) == [0, 510, 720] && s.entries.map(\.to) == [510, 720, 7 * 1440])
        // Unquoted, YAML reads 8:30 as the base-60 number 510: taken back as the clock time written.
        let day = try Self.center("opens: 8:30\ncloses: 17:30", counter: """
            {id: desk, servers: {period: 1d, schedule: [{from: 0, to: 8:30, servers: 0}, {from: 8:30, to: "24:00", servers: 3}]}}
            """)
        #expect(day.opens == 510 && day.closes == 1050)
    }

    @Test func mistakesAreLocated() {
        Self.refused(Self.campus(#"opening_hours: {mon-fri: "8:30-17:30", sun: "17:30-8:30"}"#), line: 8,
                     path: "campus.service_center.opening_hours.sun", #"closes (8:30) before it opens (17:30)"#)
        Self.refused(Self.campus(#"opening_hours: {mon: "8:30-12:00, 11:00-17:30"}"#), line: 8,
                     path: "campus.service_center.opening_hours.mon", "the hours 8:30-12:00 and 11:00-17:30 overlap")
        Self.refused(Self.campus(#"opening_hours: {mon-fri: "8:30-17:30", thurs: closed}"#), line: 8,
                     path: "campus.service_center.opening_hours.thurs", "unknown weekday 'thurs'; did you mean 'thu'?")
        Self.refused(Self.campus(#"opening_hours: {mon-fri: "8:30-17:30", wed: closed}"#), line: 8,
                     path: "campus.service_center.opening_hours.wed", "Wed is already given by 'mon-fri'")
        Self.refused(Self.campus(#"opening_hours: {mon: "8:30-25:00"}"#), line: 8,
                     path: "campus.service_center.opening_hours.mon", #"cannot read "8:30-25:00" as opening hours"#)
        Self.refused(Self.campus(#"opening_hours: {mon-sun: closed}"#), line: 8,
                     path: "campus.service_center.opening_hours", "is closed every day")
        Self.refused(Self.campus("opens: 510\nopening_hours: {mon: \"8:30-17:30\"}"), line: 8,
                     path: "campus.service_center.opens", "give either opens and closes, or opening_hours, not both")
        let hours = #"opening_hours: {mon-fri: "8:30-17:30"}"#
        Self.refused(Self.campus(hours + "\nholidays: [{week: 5, day: mon}]"), line: 9,
                     path: "campus.service_center.holidays[0].week", "week 5 is outside the term (weeks 1–4)")
        Self.refused(Self.campus(hours + "\nholidays: [{week: 2, day: mun}]"), line: 9,
                     path: "campus.service_center.holidays[0].day", "unknown weekday 'mun'; did you mean 'mon'?")
        Self.refused(Self.campus(hours + "\nholidays: [2027-04-05]"), line: 9,
                     path: "campus.service_center.holidays[0]", "needs campus.term.starts")
        Self.refused(Self.campus(hours + "\nholidays: [2027-04-05]", term: "{weeks: 4, starts: 2027-02-22}"), line: 9,
                     path: "campus.service_center.holidays[0]", "2027-04-05 is outside the term (2027-02-22 to 2027-03-21)")
        Self.refused(Self.campus(hours, term: "{weeks: 4, starts: 2027-02-24}"), line: 3,
                     path: "campus.term.starts", "2027-02-24 is a Wednesday")
        Self.refused(Self.campus(hours, counter: #"{id: desk, servers: 2, opening_hours: {mon: "8:00-12:00"}}"#), line: 10,
                     path: "campus.service_center.counters[0].opening_hours", "is open outside the service center's hours (8:30-17:30)")
        Self.refused(Self.campus("opens: 510\ncloses: 1050", counter: #"{id: desk, servers: {period: 1d, schedule: [{from: 0, to: "8:3O", servers: 1}, {from: 510, to: 1d, servers: 0}]}}"#),
                     line: 11, path: "campus.service_center.counters[0].servers.schedule[0].to", #"cannot read "8:3O" as a time"#)
    }
}

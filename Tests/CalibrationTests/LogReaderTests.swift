import Foundation
import ScenarioModel
import Testing
@testable import Calibration

/// Reads `text` as a log named `file` through `mapping`.
func readLog(_ text: String, mapping: LogMapping = .generic, file: String = "log.csv") throws(LogError) -> (tickets: [Ticket], reader: TicketLogReader) {
    let reader = TicketLogReader(file: file, mapping: mapping)
    var tickets: [Ticket] = []
    try reader.read(data: Data(text.utf8)) { tickets.append($0) }
    return (tickets, reader)
}

@Suite("Ticket log reading")
struct LogReaderTests {
    static let header = "ticket,taken,called,served,finished,item,category,counter,channel,outcome,student"

    @Test("ISO 8601 with and without zone, and strftime-style patterns")
    func timestamps() throws {
        let iso = TimestampFormat.iso8601
        let a = try #require(iso.parse("2024-02-26T08:31:05"))
        #expect(TimestampFormat.dateText(a.day) == "2024-02-26")
        #expect(a.secondOfDay == 8 * 3600 + 31 * 60 + 5)
        #expect(a.hasSeconds)
        let b = try #require(iso.parse("2024-02-26 08:31"))
        #expect(!b.hasSeconds && b.secondOfDay == 8 * 3600 + 31 * 60)
        let z = try #require(iso.parse("2024-02-26T08:31:00+08:00"))
        #expect(z.secondOfDay == 8 * 3600 + 31 * 60, "the wall clock stays as written")
        #expect(z.instant == b.instant - 8 * 3600)
        #expect(try #require(iso.parse("2024-02-26T00:31:00Z")).instant == z.instant)
        #expect(try #require(iso.parse("2024-02-26T08:31:00.250")).secondOfDay == 8 * 3600 + 31 * 60 + 0.25)
        for bad in ["2024-02-30T08:00", "2024-13-01 08:00", "26.02.2024 08:00", "2024-02-26", "2024-02-26T25:00", "2024-02-26T08:00 junk"] {
            #expect(iso.parse(bad) == nil, "\(bad)")
        }
        let p = try TimestampFormat.named("%d.%m.%Y %H:%M").get()
        let c = try #require(p.parse("26.02.2024 08:31"))
        #expect(c.day == b.day && c.secondOfDay == b.secondOfDay)
        let twelve = try TimestampFormat.named("%m/%d/%y %I:%M:%S %p").get()
        #expect(try #require(twelve.parse("02/26/24 01:05:09 PM")).secondOfDay == 13 * 3600 + 5 * 60 + 9)
        #expect(try #require(twelve.parse("02/26/24 12:05:09 am")).secondOfDay == 5 * 60 + 9)
        let month = try TimestampFormat.named("%d %b %Y %H:%M").get()
        #expect(try #require(month.parse("26 Feb 2024 08:31")).day == b.day)
        #expect(p.parse("2024-02-26 08:31") == nil)
        if case .failure(let e) = TimestampFormat.named("%d.%m %H:%M") { #expect(e.description.contains("year")) } else { Issue.record("accepted a pattern without a year") }
        #expect(TimestampFormat.weekday(ofDay: b.day) == 0, "2024-02-26 was a Monday")
        for day in [-1000, 0, 19779, 50000] {
            let (y, m, d) = TimestampFormat.civil(fromDays: day)
            #expect(TimestampFormat.daysFromCivil(year: y, month: m, day: d) == day)
        }
    }

    @Test("The generic layout: waits, services, outcomes, channels and hashed students")
    func generic() throws {
        let text = """
            \(Self.header)
            1,2024-02-26T08:30:00,2024-02-26T08:40:00,2024-02-26T08:41:00,2024-02-26T08:47:00,,cards_ids,W1,counter,served,S123
            2,2024-02-26T08:31:00,,,2024-02-26T08:51:00,,cards_ids,,counter,abandoned,S124
            3,2024-02-26T08:32:00,2024-02-26T09:00:00,,,,academic_records,W2,counter,no_show,
            4,2024-02-26T21:00:00,,,,,academic_records,,online,,S123
            """
        let (tickets, reader) = try readLog(text)
        #expect(reader.badRows.total == 0, "\(reader.badRows.lines)")
        #expect(tickets.count == 4)
        #expect(reader.categories == ["cards_ids", "academic_records"])
        #expect(tickets[0].outcome == .served && tickets[0].wait == 600 && tickets[0].service == 360)
        #expect(tickets[0].line == 2 && tickets[3].line == 5)
        #expect(tickets[1].outcome == .abandoned && tickets[1].wait == 1200 && tickets[1].service == nil)
        #expect(tickets[2].outcome == .noShow && tickets[2].wait == nil)
        #expect(tickets[3].channel == .online)
        #expect(tickets[0].student == tickets[3].student && tickets[0].student != tickets[1].student)
        #expect(tickets[0].student == TicketLogReader.hash("S123"))
        #expect(reader.counters == ["W1", "W2"])
        #expect(reader.resolution == 60, "no time has seconds: written to the minute")
    }

    static let foreignMapping = """
        # a foreign export: semicolons, German dates, its own words
        delimiter: ";"
        timestamp: "%d.%m.%Y %H:%M:%S"
        columns: {ticket: Nr, taken: Gezogen, called: Aufruf, finished: Ende, item: Anliegen, counter: Platz, outcome: Status, student: Matrikel}
        outcomes: {served: [Erledigt], abandoned: [Abgebrochen], no_show: [Nicht erschienen]}
        items: {Zeugnis: academic_records, Ausweis: cards_ids, Studienbescheinigung: academic_records}
        categories: [academic_records, cards_ids]
        counters: {Platz 1: all_purpose, Platz 2: all_purpose, Kasse: finance}
        """

    @Test("A foreign layout through a mapping file")
    func foreign() throws {
        let mapping = try LogMapping.parse(Self.foreignMapping, file: "map.yaml")
        let text = """
            Nr;Gezogen;Aufruf;Ende;Anliegen;Platz;Status;Matrikel
            A1;26.02.2024 08:30:10;26.02.2024 08:35:00;26.02.2024 08:40:00;Zeugnis;Platz 1;Erledigt;4711
            A2;26.02.2024 08:31:00;;26.02.2024 08:50:00;Ausweis;;Abgebrochen;4712
            A3;26.02.2024 08:32:00;26.02.2024 09:10:00;;Studienbescheinigung;Platz 2;Nicht erschienen;
            A4;26.02.2024 08:33:00;26.02.2024 08:40:00;26.02.2024 08:45:00;Bafög;Kasse;Erledigt;4713
            """
        let (tickets, reader) = try readLog(text, mapping: mapping)
        #expect(tickets.map(\.outcome) == [.served, .abandoned, .noShow])
        #expect(tickets[0].wait == 290 && tickets[0].service == 300)
        #expect(reader.categories == ["academic_records", "cards_ids"])
        #expect(tickets.map(\.category) == [0, 1, 0])
        #expect(reader.counters == ["all_purpose"], "desks grouped by the mapping's counters table")
        #expect(reader.resolution == 1)
        let unknown = try #require(reader.badRows.first[.unknownCategory]?.first)
        #expect(unknown.description == "log.csv:5:5: error: Anliegen: 'Bafög' is not a service item in the mapping's items table")
    }

    @Test("Every kind of bad row gets its located message, is counted and left out")
    func badRows() throws {
        let text = """
            \(Self.header)
            1,2024-02-26T08:30:00,2024-02-26T08:40:00,,2024-02-26T08:47:00,,cards_ids,W1,counter,served,
            2,2024-02-26 8:30,2024-02-26T08:40:00,,2024-02-26T08:47:00,,cards_ids,W1,counter,served,
            3,2024-02-26T08:30:00,2024-02-26T08:20:00,,2024-02-26T08:47:00,,cards_ids,W1,counter,served,
            4,2024-02-26T08:30:00,2024-02-26T08:40:00,,2024-02-26T08:39:00,,cards_ids,W1,counter,served,
            5,2024-02-26T08:30:00,2024-02-26T08:40:00,,2024-02-26T08:47:00,,card_ids,W1,counter,served,
            6,2024-02-26T08:30:00,2024-02-26T08:40:00,,,,cards_ids,W1,counter,served,
            7,2024-02-26T08:30:00,,,2024-02-26T08:20:00,,cards_ids,,counter,abandoned,
            8,2024-02-26T08:30:00,2024-02-26T08:40:00,2024-02-26T08:39:00,2024-02-26T08:47:00,,cards_ids,W1,counter,served,
            9,2024-02-26T08:30:00,2024-02-26T08:40:00,,2024-02-26T08:47:00,,cards_ids,W1,counter,maybe,
            10,2024-02-26T08:30:00,2024-02-26T08:40:00,,2024-02-26T08:47:00,,cards_ids,W1,fax,served,
            11,2024-02-26T08:30:00,2024-02-26T08:40:00
            12,,2024-02-26T08:40:00,,2024-02-26T08:47:00,,cards_ids,W1,counter,served,
            """
        var mapping = LogMapping.generic
        mapping.categories = ["cards_ids", "academic_records"]
        let (tickets, reader) = try readLog(text, mapping: mapping)
        #expect(tickets.count == 1)
        let expected: [RowProblem: String] = [
            .unparseableTime: "log.csv:3:2: error: taken: '2024-02-26 8:30' is not a time in ISO 8601",
            .calledBeforeTaken: "log.csv:4:3: error: called: called at 2024-02-26 08:20:00, before the ticket was taken at 2024-02-26 08:30:00",
            .negativeService: "log.csv:5:5: error: finished: finished at 2024-02-26 08:39:00, before the service started at 2024-02-26 08:40:00 (a negative service time)",
            .unknownCategory: "log.csv:6:7: error: category: 'card_ids' is not a known category; did you mean 'cards_ids'?",
            .missingTime: "log.csv:7:5: error: finished: is empty; a served ticket needs the time its service finished",
            .leftBeforeTaken: "log.csv:8:5: error: finished: gave up at 2024-02-26 08:20:00, before the ticket was taken at 2024-02-26 08:30:00",
            .serviceBeforeCall: "log.csv:9:4: error: served: service started at 2024-02-26 08:39:00, before the call at 2024-02-26 08:40:00",
            .unknownOutcome: "log.csv:10:10: error: outcome: 'maybe' is not an outcome the mapping knows (served, abandoned, no_show and their values)",
            .unknownChannel: "log.csv:11:9: error: channel: 'fax' is not a channel the mapping knows (counter, online)",
            .wrongFieldCount: "log.csv:12:3: error: the row has 3 fields, the header 11",
        ]
        for (problem, line) in expected {
            #expect(reader.badRows.first[problem]?.map(\.description) == [line] || (problem == .missingTime && reader.badRows.first[problem]?.first?.description == line),
                    "\(problem): \(reader.badRows.first[problem]?.map(\.description) ?? [])")
        }
        #expect(reader.badRows.counts[.missingTime] == 2, "row 13's empty taken time too")
        #expect(reader.badRows.total == 11)
        #expect(reader.rows == 12)
    }

    @Test("The first ten of each reason are listed, the rest counted")
    func firstTen() throws {
        var text = Self.header
        for i in 0..<25 { text += "\n\(i),2024-02-26T08:30,2024-02-26T08:20,,2024-02-26T08:47,,x,W1,counter,served," }
        let (_, reader) = try readLog(text)
        #expect(reader.badRows.counts[.calledBeforeTaken] == 25)
        #expect(reader.badRows.first[.calledBeforeTaken]?.count == 10)
        #expect(reader.badRows.lines.count == 11)
        #expect(reader.badRows.lines.last == "… and 15 more rows with called_before_taken (25 in all)")
    }

    @Test("Quoted fields with line breaks keep the line numbers right")
    func quotedLines() throws {
        let text = "\(Self.header)\n1,2024-02-26T08:30,2024-02-26T08:40,,2024-02-26T08:47,\"two\nlines\",x,W1,counter,served,\n2,2024-02-26T08:30,2024-02-26T08:20,,2024-02-26T08:47,,x,W1,counter,served,\n"
        let (tickets, reader) = try readLog(text)
        #expect(tickets.count == 1 && tickets[0].line == 2)
        #expect(reader.badRows.first[.calledBeforeTaken]?.first?.line == 4)
    }

    @Test("A log missing a mapped column is refused with the columns it has")
    func missingColumn() throws {
        let mapping = try LogMapping.parse(Self.foreignMapping, file: "map.yaml")
        #expect(throws: LogError.self) { try readLog("Nr;Gezogn;Aufruf;Ende;Anliegen;Platz;Status;Matrikel\n", mapping: mapping) }
        do { _ = try readLog("Nr;Gezogn;Aufruf;Ende;Anliegen;Platz;Status;Matrikel\n", mapping: mapping) } catch {
            #expect(error.description.contains("log.csv:1:1: error: the log has no column 'Gezogen' (columns.taken) (did you mean 'Gezogn'?)"), "\(error)")
        }
        #expect(throws: LogError.self) { try readLog("") }
    }

    @Test("A mapping file's mistakes are located")
    func mappingErrors() {
        let text = """
            delimiter: ";;"
            timestamp: "%d.%m %H:%M"
            columns: {taken: A, calld: B, item: C, counter: A}
            outcomes: {done: [X]}
            extra: 1
            """
        do {
            _ = try LogMapping.parse(text, file: "map.yaml")
            Issue.record("accepted a broken mapping")
        } catch {
            let lines = error.diagnostics.map(\.description)
            #expect(lines.contains("map.yaml:1:12: error: delimiter: must be one character (\"\\t\" or tab for a tab), not ';;'"), "\(lines)")
            #expect(lines.contains { $0.hasPrefix("map.yaml:2:12: error: timestamp: the pattern has no year") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("map.yaml:3:21: error: columns.calld: is not a field") && $0.hasSuffix("did you mean 'called'?") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("map.yaml:4:12: error: outcomes.done: is not an outcome") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("map.yaml:5:1: error: extra: is not a mapping key") }, "\(lines)")
            #expect(lines.contains { $0.contains("columns.counter: names the column 'A', as columns.taken does") }, "\(lines)")
        }
    }
}

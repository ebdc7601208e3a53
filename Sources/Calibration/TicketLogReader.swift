import Crypto
import Foundation
import ScenarioModel

/// One valid row of a ticket log, as the fits use it. Durations are in seconds.
public struct Ticket: Sendable {
    /// The row's first line in the file.
    public var line: Int
    /// Index into the reader's `categories`.
    public var category: Int
    public var channel: TicketChannel
    public var outcome: TicketOutcome
    /// When the ticket was taken (the arrival).
    public var taken: TimestampFormat.Time
    /// Served: from taken to called (a lower bound of the patience); abandoned: from taken to leaving
    /// (the patience itself); no-show and online: nil.
    public var wait: Double?
    /// Served only: from the service start (or the call) to the finish.
    public var service: Double?
    /// Index into the reader's `counters` (the counter group the desk belongs to), when the log names one.
    public var counter: Int?
    /// Index into the reader's `desks` (the single counter that called the ticket), when the log
    /// tells desks apart: a `desk` column, or a `counter` column mapped to groups by `counters:`.
    public var desk: Int?
    /// Served: when the desk called the ticket (or started its service, without a call time) and
    /// when it finished; nil otherwise. The as-is staffing reads a desk's working spans from these.
    public var called: TimestampFormat.Time?
    public var finished: TimestampFormat.Time?
    /// The first 8 bytes of the SHA-256 of the student key, when the log has one; the key itself is
    /// never kept.
    public var student: UInt64?
}

/// Why a row was left out.
public enum RowProblem: String, Sendable, Hashable, CaseIterable, Comparable {
    case wrongFieldCount = "wrong_field_count"
    case missingTime = "missing_time"
    case unparseableTime = "unparseable_time"
    case calledBeforeTaken = "called_before_taken"
    case serviceBeforeCall = "service_before_call"
    case negativeService = "negative_service"
    case leftBeforeTaken = "left_before_taken"
    case unknownCategory = "unknown_category"
    case unknownOutcome = "unknown_outcome"
    case unknownChannel = "unknown_channel"
    case tooManyValues = "too_many_values"

    public static func < (a: RowProblem, b: RowProblem) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// The reason in words, for the report's table.
    public var summary: String {
        switch self {
        case .wrongFieldCount: "a row with more or fewer fields than the header"
        case .missingTime: "a time the outcome needs is empty"
        case .unparseableTime: "a time that does not match the mapping's format"
        case .calledBeforeTaken: "called before the ticket was taken"
        case .serviceBeforeCall: "service started before the call"
        case .negativeService: "finished before the service started"
        case .leftBeforeTaken: "gave up before the ticket was taken"
        case .unknownCategory: "an item or category the mapping does not know"
        case .unknownOutcome: "an outcome the mapping does not know"
        case .unknownChannel: "a channel the mapping does not know"
        case .tooManyValues: "more distinct categories or counters than the reader keeps"
        }
    }
}

/// A located problem of one row: `LOG.csv:LINE:COLUMN: error: FIELD: MESSAGE`.
public struct RowDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// The field's position in the row, 1 for the first.
    public var column: Int
    public var field: String
    public var problem: RowProblem
    public var message: String

    public var description: String { "\(file):\(line):\(column): error: \(field.isEmpty ? "" : "\(field): ")\(message)" }
}

/// The rows left out, counted by reason, the first ten of each kept with their location.
public struct BadRows: Sendable {
    public static let listed = 10
    public private(set) var counts: [RowProblem: Int] = [:]
    public private(set) var first: [RowProblem: [RowDiagnostic]] = [:]

    public init() {}

    public var total: Int { counts.values.reduce(0, +) }

    mutating func add(_ d: RowDiagnostic) {
        counts[d.problem, default: 0] += 1
        if first[d.problem, default: []].count < Self.listed { first[d.problem, default: []].append(d) }
    }

    /// Every listed diagnostic, reason by reason, then a count line per reason with more than are listed.
    public var lines: [String] {
        var out: [String] = []
        for problem in counts.keys.sorted() {
            out += first[problem, default: []].map(\.description)
            let n = counts[problem]!
            if n > Self.listed { out.append("… and \(n - Self.listed) more rows with \(problem.rawValue) (\(n) in all)") }
        }
        return out
    }
}

/// A problem with the whole log (no such file, a missing column): the log cannot be read.
public struct LogError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reads a ticket log in CSV through a mapping, row by row (memory does not grow with the rows):
/// each valid row is handed to the caller as a `Ticket`, each bad one is counted and located.
///
/// The CSV itself is read by `CSVRowReader` (RFC 4180 quoting, streamed in blocks).
public final class TicketLogReader {
    public let file: String
    public let mapping: LogMapping
    /// Categories in order of first appearance (or the mapping's list, in its order).
    public private(set) var categories: [String]
    /// Counter groups in order of first appearance.
    public private(set) var counters: [String] = []
    /// Single counters (desks) in order of first appearance, and the group (index into `counters`) of each.
    public private(set) var desks: [String] = []
    public private(set) var deskGroups: [Int] = []
    public private(set) var badRows = BadRows()
    /// Rows read (valid and bad, blank lines not counted).
    public private(set) var rows = 0
    /// Whether any time had seconds (else the log is written to the minute).
    public private(set) var sawSeconds = false
    /// Rows whose taken time is earlier than the row before's (returns assume chronological order).
    public private(set) var outOfOrder = 0

    public static let maximumCategories = 1_000
    public static let maximumCounters = 10_000

    private var categoryIndex: [String: Int] = [:]
    private var counterIndex: [String: Int] = [:]
    /// Desk name and group → index into `desks`.
    private var deskIndex: [DeskKey: Int] = [:]
    private struct DeskKey: Hashable { var name: String; var group: Int }
    private var lastTaken = -Double.infinity

    public init(file: String, mapping: LogMapping) {
        self.file = file
        self.mapping = mapping
        categories = mapping.categories ?? []
        for (i, c) in categories.enumerated() { categoryIndex[c] = i }
    }

    /// The resolution the fits assume, in seconds: the mapping's, else a minute when no time had seconds.
    public var resolution: Double { mapping.resolution ?? (sawSeconds ? 1 : 60) }

    /// Reads the file at `file`, calling `body` with every valid row in file order.
    public func read(_ body: (Ticket) -> Void) throws(LogError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw LogError(isDirectory.boolValue ? "\(file): is a directory, not a ticket log" : "\(file): no such file")
        }
        guard let csv = CSVRowReader(path: file, delimiter: delimiterByte) else {
            throw LogError("\(file): cannot open the log: \(String(cString: strerror(errno)))")
        }
        try read(csv, body)
    }

    /// Reads a log held in memory (a test's text).
    public func read(data: Data, _ body: (Ticket) -> Void) throws(LogError) {
        try read(CSVRowReader(data: data, delimiter: delimiterByte), body)
    }

    private var delimiterByte: UInt8 { UInt8(truncatingIfNeeded: mapping.delimiter.value) }

    func read(_ csv: CSVRowReader, _ body: (Ticket) -> Void) throws(LogError) {
        guard mapping.delimiter.isASCII else { throw LogError("\(file): the delimiter must be an ASCII character") }
        guard csv.next() else {
            if csv.readError != 0 { throw LogError("\(file): cannot read the log: \(String(cString: strerror(csv.readError)))") }
            throw LogError("\(file):1:1: error: the log is empty (no header row)")
        }
        let header = csv.strings
        var index: [LogMapping.Field: Int] = [:]
        var missing: [String] = []
        for field in LogMapping.Field.allCases {
            guard let name = mapping.columns[field] else { continue }
            if let i = header.firstIndex(of: name) { index[field] = i } else if !mapping.columnsOptional || field == .taken {
                let hint = Suggestion.closest(to: name, among: header).map { " (did you mean '\($0)'?)" } ?? ""
                missing.append("the log has no column '\(name)' (columns.\(field.rawValue))\(hint)")
            }
        }
        if !missing.isEmpty {
            throw LogError(missing.map { "\(file):1:1: error: \($0)" }.joined(separator: "\n") + "\n\(file): its columns are: \(header.joined(separator: ", "))")
        }
        guard index[.taken] != nil, index[.item] != nil || index[.category] != nil else {
            throw LogError("\(file):1:1: error: the log has neither the item nor the category column the mapping names")
        }
        columnIndex = LogMapping.Field.allCases.map { index[$0] }
        let fields = header.count
        while csv.next() {
            if csv.count == 1, csv.isEmpty(0) { continue }
            rows += 1
            if let ticket = ticket(csv, line: csv.line, index: index, fields: fields) { body(ticket) }
        }
        if csv.readError != 0 { throw LogError("\(file):\(csv.line):1: error: cannot read the log: \(String(cString: strerror(csv.readError)))") }
    }

    /// Column of each field (by `Field.allCases` order), nil when the log has none.
    private var columnIndex: [Int?] = []
    /// Outcome and channel values as written → what they mean (the mapping's tables compare trimmed,
    /// lowercased text; the cache spares that per row).
    private var outcomeCache: [String: TicketOutcome] = [:]
    private var channelCache: [String: TicketChannel] = [:]

    private func problem(_ p: RowProblem, line: Int, field: LogMapping.Field?, index: [LogMapping.Field: Int], _ message: String) {
        let column = field.flatMap { index[$0] }.map { $0 + 1 } ?? 1
        badRows.add(RowDiagnostic(file: file, line: line, column: column, field: field.flatMap { mapping.columns[$0] } ?? "", problem: p, message: message))
    }

    private func ticket(_ row: CSVRowReader, line: Int, index: [LogMapping.Field: Int], fields: Int) -> Ticket? {
        guard row.count == fields else {
            badRows.add(RowDiagnostic(file: file, line: line, column: min(row.count, fields) + (row.count > fields ? 1 : 0), field: "", problem: .wrongFieldCount,
                                      message: "the row has \(row.count) fields, the header \(fields)"))
            return nil
        }
        let columns = columnIndex
        @inline(__always) func column(_ f: LogMapping.Field) -> Int? { columns[f.ordinal] }
        func value(_ f: LogMapping.Field) -> String? {
            guard let i = column(f), !row.isEmpty(i) else { return nil }
            return row.string(i)
        }
        func time(_ f: LogMapping.Field, required: Bool) -> TimestampFormat.Time?? {
            guard let i = column(f), !row.isEmpty(i) else {
                if required { problem(.missingTime, line: line, field: f, index: index, "is empty; a \(f.rawValue) time is needed here") ; return nil }
                return .some(nil)
            }
            guard let t = row.withBytes(i, { mapping.timestamp.parse(bytes: $0) }) else {
                problem(.unparseableTime, line: line, field: f, index: index, "'\(row.string(i))' is not a time in \(mapping.timestamp.description)")
                return nil
            }
            if t.hasSeconds { sawSeconds = true }
            return .some(t)
        }
        // What the visit was for.
        let item = value(.item), categoryText = value(.category)
        guard let category = mapping.category(item: item, category: categoryText) else {
            let field: LogMapping.Field = !mapping.items.isEmpty ? .item : .category
            let shown = (field == .item ? item : categoryText) ?? ""
            problem(.unknownCategory, line: line, field: field, index: index,
                    shown.isEmpty ? "is empty" : "'\(shown)' is not a \(field == .item ? "service item in the mapping's items table" : "known category")\(knownHint(shown))")
            return nil
        }
        guard let c = intern(category, line: line, index: index) else { return nil }
        // Channel and outcome.
        var channel = TicketChannel.counter
        if let text = value(.channel) {
            guard let ch = channelCache[text] ?? mapping.channels[LogMapping.normalized(text)] else {
                problem(.unknownChannel, line: line, field: .channel, index: index, "'\(text)' is not a channel the mapping knows (\(Set(mapping.channels.values).map(\.rawValue).sorted().joined(separator: ", ")))")
                return nil
            }
            channel = ch
            if channelCache.count < 64 { channelCache[text] = ch }
        }
        guard let takenOrNil = time(.taken, required: true), let taken = takenOrNil else { return nil }
        if taken.instant < lastTaken { outOfOrder += 1 }
        lastTaken = max(lastTaken, taken.instant)
        var ticket = Ticket(line: line, category: c, channel: channel, outcome: .served, taken: taken, wait: nil, service: nil, counter: nil,
                            desk: nil, called: nil, finished: nil, student: nil)
        if let key = value(.student) { ticket.student = Self.hash(key) }
        if channel == .online { return ticket }
        guard let calledOrNil = time(.called, required: false), let servedOrNil = time(.served, required: false),
              let finishedOrNil = time(.finished, required: false) else { return nil }
        let (called, served, finished) = (calledOrNil, servedOrNil, finishedOrNil)
        if let text = value(.outcome) {
            guard let o = outcomeCache[text] ?? mapping.outcomes[LogMapping.normalized(text)] else {
                problem(.unknownOutcome, line: line, field: .outcome, index: index, "'\(text)' is not an outcome the mapping knows (served, abandoned, no_show and their values)")
                return nil
            }
            ticket.outcome = o
            if outcomeCache.count < 64 { outcomeCache[text] = o }
        } else if index[.outcome] != nil || (called == nil && served == nil) {
            ticket.outcome = finished != nil ? .abandoned : .noShow
        } else {
            ticket.outcome = finished == nil ? .noShow : .served
        }
        // The group from the counter column (through `counters:`), else from the desk column's
        // table entry; the desk from the desk column, else the counter column when the table maps it.
        let counterText = value(.counter), deskText = value(.desk)
        let groupText = counterText.map { mapping.counters[$0] ?? $0 } ?? deskText.flatMap { mapping.counters[$0] }
        let deskName = deskText ?? counterText.flatMap { mapping.counters[$0] != nil ? $0 : nil }
        if let group = groupText {
            if let i = counterIndex[group] { ticket.counter = i } else {
                guard counters.count < Self.maximumCounters else {
                    problem(.tooManyValues, line: line, field: .counter, index: index, "more than \(Self.maximumCounters) distinct counters")
                    return nil
                }
                counterIndex[group] = counters.count
                ticket.counter = counters.count
                counters.append(group)
            }
            if let deskName, let g = ticket.counter {
                let key = DeskKey(name: deskName, group: g)
                if let d = deskIndex[key] { ticket.desk = d } else {
                    guard desks.count < Self.maximumCounters else {
                        problem(.tooManyValues, line: line, field: deskText != nil ? .desk : .counter, index: index, "more than \(Self.maximumCounters) distinct desks")
                        return nil
                    }
                    deskIndex[key] = desks.count
                    ticket.desk = desks.count
                    desks.append(deskName)
                    deskGroups.append(g)
                }
            }
        }
        switch ticket.outcome {
        case .served:
            guard let called = called ?? served else {
                problem(.missingTime, line: line, field: .called, index: index, "is empty; a served ticket needs the time it was called")
                return nil
            }
            guard let finished else {
                problem(.missingTime, line: line, field: .finished, index: index, "is empty; a served ticket needs the time its service finished")
                return nil
            }
            let start = served ?? called
            guard called.instant >= taken.instant else {
                problem(.calledBeforeTaken, line: line, field: index[.called] != nil ? .called : .served, index: index,
                        "called at \(Self.clock(called)), before the ticket was taken at \(Self.clock(taken))")
                return nil
            }
            guard start.instant >= called.instant else {
                problem(.serviceBeforeCall, line: line, field: .served, index: index, "service started at \(Self.clock(start)), before the call at \(Self.clock(called))")
                return nil
            }
            guard finished.instant >= start.instant else {
                problem(.negativeService, line: line, field: .finished, index: index,
                        "finished at \(Self.clock(finished)), before the service started at \(Self.clock(start)) (a negative service time)")
                return nil
            }
            ticket.wait = called.instant - taken.instant
            ticket.service = finished.instant - start.instant
            ticket.called = called
            ticket.finished = finished
        case .abandoned:
            guard let left = finished ?? called else {
                problem(.missingTime, line: line, field: .finished, index: index, "is empty; a ticket given up needs the time the student left")
                return nil
            }
            guard left.instant >= taken.instant else {
                problem(.leftBeforeTaken, line: line, field: finished != nil ? .finished : .called, index: index,
                        "gave up at \(Self.clock(left)), before the ticket was taken at \(Self.clock(taken))")
                return nil
            }
            ticket.wait = left.instant - taken.instant
        case .noShow:
            if let called, called.instant < taken.instant {
                problem(.calledBeforeTaken, line: line, field: .called, index: index, "called at \(Self.clock(called)), before the ticket was taken at \(Self.clock(taken))")
                return nil
            }
        }
        return ticket
    }

    private func knownHint(_ value: String) -> String {
        let known = mapping.items.isEmpty ? categories : Array(mapping.items.keys)
        return Suggestion.closest(to: value, among: known).map { "; did you mean '\($0)'?" } ?? ""
    }

    private func intern(_ category: String, line: Int, index: [LogMapping.Field: Int]) -> Int? {
        if let i = categoryIndex[category] { return i }
        guard categories.count < Self.maximumCategories else {
            problem(.tooManyValues, line: line, field: index[.category] != nil ? .category : .item, index: index, "more than \(Self.maximumCategories) distinct categories")
            return nil
        }
        categoryIndex[category] = categories.count
        categories.append(category)
        return categories.count - 1
    }

    /// The first 8 bytes of the key's SHA-256 (swift-crypto): enough to tell 10^6 students apart
    /// (a collision among them has a chance of about 3·10^-8), and no way back to the key.
    static func hash(_ key: String) -> UInt64 {
        var copy = key
        let digest = copy.withUTF8 { Crypto.SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        return digest.withUnsafeBytes { raw in
            var x: UInt64 = 0
            for i in 0..<8 { x = x << 8 | UInt64(raw[i]) }
            return x
        }
    }

    static func clock(_ t: TimestampFormat.Time) -> String {
        let s = Int(t.secondOfDay)
        func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
        return "\(TimestampFormat.dateText(t.day)) \(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
    }
}

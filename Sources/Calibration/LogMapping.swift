import Foundation
import ScenarioModel
internal import Yams

/// What happened to a ticket.
public enum TicketOutcome: String, Sendable, Hashable, CaseIterable {
    /// Called and served: the wait until the call is a lower bound of the student's patience.
    case served
    /// Gave up (the ticket was cancelled, or the student left): the wait is the patience.
    case abandoned
    /// Called and not there: counted and reported, left out of the fits (the student left at an
    /// unknown time before the call).
    case noShow = "no_show"
}

/// Where a request came in.
public enum TicketChannel: String, Sendable, Hashable, CaseIterable {
    case counter
    case online
}

/// How a ticket log's columns and values are read: which column holds what, how times are
/// written, and which values mean which outcome, channel and category.
public struct LogMapping: Sendable, Hashable {
    /// The fields a ticket log may hold.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case ticket, taken, called, served, finished, item, category, counter, channel, outcome, student
        /// The single counter (desk, window) that called the ticket, when the `counter` column names
        /// the group; with a `counters:` table the `counter` column's value is the desk itself.
        case desk

        /// Position in `allCases`.
        var ordinal: Int {
            switch self {
            case .ticket: 0
            case .taken: 1
            case .called: 2
            case .served: 3
            case .finished: 4
            case .item: 5
            case .category: 6
            case .counter: 7
            case .channel: 8
            case .outcome: 9
            case .student: 10
            case .desk: 11
            }
        }
    }

    /// Column name in the log per field (absent: the log has no such column).
    public var columns: [Field: String]
    public var delimiter: UnicodeScalar
    public var timestamp: TimestampFormat
    /// The log's time resolution in seconds; nil: detected (a minute when no time has seconds).
    public var resolution: Double?
    /// Value in the outcome column (lowercased, trimmed) → outcome.
    public var outcomes: [String: TicketOutcome]
    /// Value in the channel column (lowercased, trimmed) → channel.
    public var channels: [String: TicketChannel]
    /// Service item → category (read from the `item` column); empty: the category column is read.
    public var items: [String: String]
    /// The categories a row may name; nil: any (each new value is a category of its own).
    public var categories: [String]?
    /// Counter (desk) name → counter group of the scenario; empty: every desk is its own group.
    public var counters: [String: String]
    /// Whether a named column may be missing from the log (the built-in layouts name every field;
    /// a mapping file's columns must all be there).
    public var columnsOptional = false

    public init(columns: [Field: String], delimiter: UnicodeScalar = ",", timestamp: TimestampFormat = .iso8601, resolution: Double? = nil,
                outcomes: [String: TicketOutcome] = LogMapping.defaultOutcomes, channels: [String: TicketChannel] = LogMapping.defaultChannels,
                items: [String: String] = [:], categories: [String]? = nil, counters: [String: String] = [:]) {
        self.columns = columns
        self.delimiter = delimiter
        self.timestamp = timestamp
        self.resolution = resolution
        self.outcomes = outcomes
        self.channels = channels
        self.items = items
        self.categories = categories
        self.counters = counters
    }

    public static let defaultOutcomes: [String: TicketOutcome] = [
        "served": .served, "done": .served, "completed": .served, "finished": .served,
        "abandoned": .abandoned, "gave_up": .abandoned, "gave up": .abandoned, "cancelled": .abandoned, "canceled": .abandoned, "left": .abandoned,
        "no_show": .noShow, "no-show": .noShow, "noshow": .noShow, "no show": .noShow, "missed": .noShow,
    ]
    public static let defaultChannels: [String: TicketChannel] = [
        "counter": .counter, "walk-in": .counter, "walk_in": .counter, "onsite": .counter, "on-site": .counter, "kiosk": .counter,
        "online": .online, "web": .online, "app": .online, "remote": .online,
    ]

    /// The generic layout: one column per field, named as the field (the layout `onestop` writes).
    public static let generic: LogMapping = {
        var m = LogMapping(columns: Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0, $0.rawValue) }))
        m.columnsOptional = true
        return m
    }()

    /// The fields queue-ticket systems document in their exports: created, called, service start,
    /// finished, service, counter, status (served / no-show / cancelled), customer.
    public static let ticketExport: LogMapping = {
        var m = LogMapping(columns: [
            .ticket: "ticket_number", .taken: "created", .called: "called", .served: "service_start", .finished: "finished",
            .item: "service", .category: "category", .counter: "counter", .channel: "channel", .outcome: "status", .student: "customer_id",
        ])
        m.columnsOptional = true
        return m
    }()

    /// The built-in mappings by name.
    public static let builtIn: [(name: String, mapping: LogMapping)] = [("generic", generic), ("ticket-export", ticketExport)]

    /// The category of a row's item or category value; nil when the mapping's tables do not know it.
    public func category(item: String?, category: String?) -> String? {
        if !items.isEmpty {
            if let item, let c = items[item] { return c }
            if let category, let categories, categories.contains(category) { return category }
            return nil
        }
        guard let category, !category.isEmpty else { return nil }
        if let categories { return categories.contains(category) ? category : nil }
        return category
    }
}

// MARK: Reading a mapping file

extension LogMapping {
    /// Reads a mapping file's text (YAML); every problem as a located diagnostic, all at once.
    ///
    /// ```yaml
    /// delimiter: ";"
    /// timestamp: "%d.%m.%Y %H:%M"      # or iso8601
    /// resolution: 1 min                # optional: auto (default), or a duration
    /// columns: {taken: Created, called: Called, finished: Done, item: Service, counter: Desk, outcome: Status}
    /// outcomes: {served: [Done], abandoned: [Cancelled], no_show: [NoShow]}
    /// channels: {counter: [Desk], online: [Web]}
    /// items: {Transcript: academic_records, Card: cards_ids}
    /// categories: [academic_records, cards_ids]
    /// counters: {W1: all_purpose, W2: all_purpose, F1: finance}
    /// ```
    public static func parse(_ text: String, file: String) throws(ScenarioErrors) -> LogMapping {
        var diagnostics: [Diagnostic] = []
        func at(_ node: Node?) -> SourceLocation {
            SourceLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
        }
        func fail(_ node: Node?, _ path: String, _ message: String) {
            diagnostics.append(Diagnostic(.error, at: at(node), path: path, message))
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            var line = 1, column = 1
            if let e = error as? YamlError {
                switch e {
                case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                    (line, column) = (mark.line, mark.column)
                default: break
                }
            }
            throw ScenarioErrors([Diagnostic(.error, at: SourceLocation(file: file, line: line, column: column), path: "", "invalid YAML: \(error)")])
        }
        guard let root, case .mapping(let top) = root else {
            throw ScenarioErrors([Diagnostic(.error, at: at(root), path: "", "a mapping file is a map with at least `columns:`")])
        }
        var mapping = LogMapping(columns: [:])
        var sawColumns = false
        func scalar(_ node: Node, _ path: String) -> String? {
            guard case .scalar(let s) = node else { fail(node, path, "must be a single value, not a list or map"); return nil }
            return s.string
        }
        func strings(_ node: Node, _ path: String) -> [String] {
            switch node {
            case .scalar(let s): return [s.string]
            case .sequence(let seq): return seq.enumerated().compactMap { i, n in scalar(n, "\(path)[\(i)]") }
            default: fail(node, path, "must be a value or a list of values"); return []
            }
        }
        let known = ["delimiter", "timestamp", "resolution", "columns", "outcomes", "channels", "items", "categories", "counters"]
        for (keyNode, value) in top {
            let key = keyNode.string ?? ""
            switch key {
            case "delimiter":
                guard let d = scalar(value, key) else { continue }
                let text = d == "\\t" || d == "tab" ? "\t" : d
                guard text.unicodeScalars.count == 1, let c = text.unicodeScalars.first, c != "\"", c != "\n", c != "\r" else {
                    fail(value, key, "must be one character (\"\\t\" or tab for a tab), not '\(d)'"); continue
                }
                mapping.delimiter = c
            case "timestamp":
                guard let t = scalar(value, key) else { continue }
                switch TimestampFormat.named(t) {
                case .success(let f): mapping.timestamp = f
                case .failure(let m): fail(value, key, m.description)
                }
            case "resolution":
                guard let t = scalar(value, key) else { continue }
                if t == "auto" { mapping.resolution = nil; continue }
                guard let seconds = Self.seconds(t), seconds >= 0, seconds <= 3600 else {
                    fail(value, key, "must be auto or a duration of at most 1 h (\"1 min\", \"1 s\", \"0\"), not '\(t)'"); continue
                }
                mapping.resolution = seconds
            case "columns":
                sawColumns = true
                guard case .mapping(let m) = value else { fail(value, key, "must be a map from field to column name"); continue }
                for (k, v) in m {
                    let name = k.string ?? ""
                    guard let field = Field(rawValue: name) else {
                        let hint = Suggestion.closest(to: name, among: Field.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                        fail(k, "columns.\(name)", "is not a field (one of \(Field.allCases.map(\.rawValue).joined(separator: ", ")))\(hint)")
                        continue
                    }
                    if let column = scalar(v, "columns.\(name)") { mapping.columns[field] = column }
                }
            case "outcomes", "channels":
                guard case .mapping(let m) = value else { fail(value, key, "must be a map from \(key == "outcomes" ? "outcome" : "channel") to the log's values"); continue }
                if key == "outcomes" { mapping.outcomes = [:] } else { mapping.channels = [:] }
                for (k, v) in m {
                    let name = k.string ?? ""
                    if key == "outcomes" {
                        guard let outcome = TicketOutcome(rawValue: name) else {
                            fail(k, "outcomes.\(name)", "is not an outcome (served, abandoned, no_show)"); continue
                        }
                        for s in strings(v, "outcomes.\(name)") { mapping.outcomes[Self.normalized(s)] = outcome }
                    } else {
                        guard let channel = TicketChannel(rawValue: name) else {
                            fail(k, "channels.\(name)", "is not a channel (counter, online)"); continue
                        }
                        for s in strings(v, "channels.\(name)") { mapping.channels[Self.normalized(s)] = channel }
                    }
                }
            case "items", "counters":
                guard case .mapping(let m) = value else { fail(value, key, "must be a map from the log's \(key == "items" ? "service item" : "counter") to a scenario \(key == "items" ? "category" : "counter group")"); continue }
                for (k, v) in m {
                    guard let name = k.string, let target = scalar(v, "\(key).\(k.string ?? "")") else { continue }
                    if key == "items" { mapping.items[name] = target } else { mapping.counters[name] = target }
                }
            case "categories":
                guard case .sequence = value else { fail(value, key, "must be a list of category ids"); continue }
                mapping.categories = strings(value, key)
            default:
                let hint = Suggestion.closest(to: key, among: known).map { "; did you mean '\($0)'?" } ?? ""
                fail(keyNode, key, "is not a mapping key (one of \(known.joined(separator: ", ")))\(hint)")
            }
        }
        if !sawColumns { fail(root, "columns", "is missing: name at least the column of `taken`") }
        else if mapping.columns[.taken] == nil { fail(root, "columns.taken", "is missing: the column of the time the ticket was taken") }
        if sawColumns, mapping.columns[.item] == nil, mapping.columns[.category] == nil {
            fail(root, "columns", "names neither `item` nor `category`: name the column that says what the visit was for")
        }
        if !mapping.items.isEmpty, mapping.columns[.item] == nil {
            fail(root, "items", "needs columns.item (the column the table's items are read from)")
        }
        if let categories = mapping.categories {
            for (item, category) in mapping.items.sorted(by: { $0.key < $1.key }) where !categories.contains(category) {
                fail(root, "items.\(item)", "names the category '\(category)', which `categories` does not list")
            }
        }
        var names: [String: Field] = [:]
        for field in Field.allCases {
            guard let column = mapping.columns[field] else { continue }
            if let other = names[column] { fail(root, "columns.\(field.rawValue)", "names the column '\(column)', as columns.\(other.rawValue) does") }
            names[column] = field
        }
        if !diagnostics.isEmpty { throw ScenarioErrors(diagnostics) }
        return mapping
    }

    /// A value as the mapping's tables compare it: trimmed and lowercased.
    static func normalized(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces).lowercased() }

    /// Seconds of a duration such as `1 min`, `30 s`, `1h`, or a plain number of seconds.
    static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("min", 60), ("ms", 0.001), ("s", 1), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            return Double(number).map { $0 * factor }
        }
        return Double(t)
    }
}

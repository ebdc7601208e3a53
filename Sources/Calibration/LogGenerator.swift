import CampusModel
import Foundation
import QueueingNetwork
import ScenarioModel
import Stochastics

/// Writes a ticket log in the generic layout from a scenario: the simulation's own events (one
/// replication) in a ticket system's columns, with the noise a real export has — times rounded
/// down to the minute, a few bad rows, no-shows.
///
/// Every counter visit is a row: taken at its arrival, called at its service start, finished at its
/// departure (served), or finished when the student gave up (abandoned). A return visit keeps the
/// student's key. An online request is a row with the channel `online` and only its time taken.
/// The noise comes on top of the simulation and takes nothing from it: a no-show is an extra ticket
/// (taken, called 5–30 minutes later, nobody there), and a bad row is an extra, broken copy of a
/// row (an unparseable time, a call before the ticket, a finish before the call, an unknown
/// category), so the valid rows are exactly the simulated visits.
public struct LogGenerator: Sendable {
    public struct Options: Sendable {
        /// Day number (days since 1970-01-01) of the simulation's time 0; default Monday 2024-02-26.
        public var startDay = TimestampFormat.daysFromCivil(year: 2024, month: 2, day: 26)
        public var seed: UInt64?
        /// Write times to the minute (rounded down), as most exports do; else to the second.
        public var minutes = true
        /// Chance that a counter visit is followed by a no-show ticket.
        public var noShowShare = 0.02
        /// Chance that a row is followed by a broken copy of itself.
        public var badRowShare = 0.001
        /// Write online requests too.
        public var online = true
        /// Write the student key.
        public var studentKeys = true

        public init() {}
    }

    public var model: NetworkModel
    public var options: Options
    /// The service center's counter groups and categories (the stations and classes a ticket system sees).
    public var counters: Set<String>
    public var categories: Set<String>

    /// A generator for the service center of `scenario` (compiled into `model`).
    public init(model: NetworkModel, scenario: Scenario, options: Options = Options()) {
        self.model = model
        self.options = options
        let center = scenario.campus?.serviceCenter
        counters = Set(center?.counters.map(\.id) ?? [])
        categories = Set(center?.categories.map(\.id) ?? [])
    }

    public static let header = "ticket,taken,called,served,finished,item,category,counter,channel,outcome,student,desk"
    /// The start of every log it writes, also of those written before the desk column was added.
    public static let signature = "ticket,taken,called,served,finished,item,category,counter,channel,outcome,student"

    /// Runs replication 0 and hands the log's text to `write` in chunks (the header first).
    /// Returns the number of rows written.
    @discardableResult
    public func generate(_ write: @escaping (String) -> Void) -> Int {
        prepareGSL()
        let seed = options.seed ?? model.run.seed
        let sink = Sink(model: model, options: options, counters: counters, categories: categories, seed: seed, write: write)
        write(Self.header + "\n")
        var simulation = NetworkSimulation(model: model, replication: 0, seed: seed)
        simulation.trace = sink
        _ = simulation.run()
        sink.finish()
        return sink.rows
    }

    final class Sink: TraceSink {
        struct Open {
            var ticket: Int
            var classIndex: Int
            var station: Int
            var taken: Double
            var called: Double?
            /// The desk (1-based within the station) that called it.
            var desk: Int?
        }

        let model: NetworkModel
        let options: Options
        let write: (String) -> Void
        let counterStations: Set<Int>
        let onlineStation: Int?
        /// Category of each class: the class id, less `.online`; nil for classes that are not the center's.
        let category: [String?]
        let secondsPerUnit: Double
        let noise: RandomStream
        /// Which free desk calls the next ticket: a stream of its own, so the noise stays as it was.
        let deskChoice: RandomStream
        /// Per station, the desks busy now (1-based).
        var busyDesks: [Int: Set<Int>] = [:]
        var open: [Int: Open] = [:]
        /// Rows waiting for the tickets taken before them to close, by ticket number.
        var pending: [Int: String] = [:]
        var nextTicket = 1
        var nextToWrite = 1
        var buffer = ""
        var rows = 0

        init(model: NetworkModel, options: Options, counters: Set<String>, categories: Set<String>, seed: UInt64, write: @escaping (String) -> Void) {
            self.model = model
            self.options = options
            self.write = write
            counterStations = Set(model.stations.indices.filter { counters.contains(model.stations[$0].id) })
            onlineStation = model.stations.firstIndex { $0.id == CampusCompiler.onlineStation }
            category = model.classes.map { c in
                let id = c.id.hasSuffix(".online") ? String(c.id.dropLast(7)) : c.id
                return categories.contains(id) ? id : nil
            }
            secondsPerUnit = model.timeUnit.seconds
            noise = RandomStream(master: seed, replication: 0, name: "log-generator/noise")
            deskChoice = RandomStream(master: seed, replication: 0, name: "log-generator/desks")
        }

        func record(_ e: TraceEvent) {
            guard category[e.classIndex] != nil else { return }
            if e.station == onlineStation, e.kind == .arrive {
                guard options.online else { return }
                let ticket = nextTicket
                nextTicket += 1
                emit(ticket, row(ticket, taken: e.time, category: category[e.classIndex] ?? "", counter: "", channel: "online", outcome: "", student: e.entity))
                return
            }
            guard counterStations.contains(e.station) else { return }
            switch e.kind {
            case .arrive:
                open[e.entity] = Open(ticket: nextTicket, classIndex: e.classIndex, station: e.station, taken: e.time)
                nextTicket += 1
                if noise.uniform() < options.noShowShare {
                    let ticket = nextTicket
                    nextTicket += 1
                    let called = e.time + (5 + 25 * noise.uniform()) * 60 / secondsPerUnit
                    emit(ticket, row(ticket, taken: e.time, called: called, category: category[e.classIndex] ?? "",
                                     counter: model.stations[e.station].id, outcome: "no_show", student: nil))
                }
            case .start:
                if open[e.entity] != nil, open[e.entity]!.called == nil {
                    open[e.entity]!.called = e.time
                    open[e.entity]!.desk = takeDesk(station: e.station, time: e.time)
                }
            case .finish:
                guard let o = open.removeValue(forKey: e.entity) else { return }
                if let desk = o.desk { busyDesks[o.station]?.remove(desk) }
                emit(o.ticket, row(o.ticket, taken: o.taken, called: o.called ?? o.taken, finished: e.time, category: category[o.classIndex] ?? "",
                                   counter: model.stations[o.station].id, outcome: "served", student: e.entity,
                                   desk: o.desk.map { "\(model.stations[o.station].id)-\($0)" } ?? ""))
            case .abandon:
                guard let o = open.removeValue(forKey: e.entity) else { return }
                emit(o.ticket, row(o.ticket, taken: o.taken, finished: e.time, category: category[o.classIndex] ?? "",
                                   counter: "", outcome: "abandoned", student: e.entity))
            default:
                break
            }
        }

        /// The desk that calls a ticket at `time`: one chosen at random among the free desks of those on
        /// shift (1 … the station's servers then), as whichever clerk is free calls the next number;
        /// above them (servers opened by a policy) the lowest free one. After servers go off shift,
        /// the desks above the new count finish their ticket and call no more.
        func takeDesk(station: Int, time: Double) -> Int {
            let busy = busyDesks[station, default: []]
            let onShift = Self.servers(model.stations[station].servers, at: time)
            let free = (1...max(1, onShift)).filter { !busy.contains($0) }
            let desk: Int
            if free.isEmpty {
                var d = max(1, onShift) + 1
                while busy.contains(d) { d += 1 }
                desk = d
            } else {
                desk = free[min(free.count - 1, Int(deskChoice.uniform() * Double(free.count)))]
            }
            busyDesks[station, default: []].insert(desk)
            return desk
        }

        /// The servers a plan has on shift at `time` (0 for an infinite station: its desks are numbered in order).
        static func servers(_ plan: NetworkModel.ServerPlan, at time: Double) -> Int {
            switch plan {
            case .fixed(let n): return n
            case .infinite: return 0
            case .schedule(let period, let changes):
                let t = time - (time / period).rounded(.down) * period
                return changes.last { $0.offset <= t + 1e-9 }?.servers ?? changes.first?.servers ?? 0
            }
        }

        func finish() {
            // Tickets still open at the end of the run were never closed: the export leaves them out.
            let remaining = pending.keys.sorted()
            for ticket in remaining { append(pending[ticket]!) }
            pending.removeAll()
            flush()
        }

        /// Writes rows in ticket order: a row waits until every ticket taken before it has closed
        /// (or is still open at the end).
        func emit(_ ticket: Int, _ text: String) {
            pending[ticket] = text
            let oldestOpen = open.values.lazy.map(\.ticket).min() ?? Int.max
            while nextToWrite < nextTicket, nextToWrite < oldestOpen || pending[nextToWrite] != nil {
                if let line = pending.removeValue(forKey: nextToWrite) { append(line) }
                else if nextToWrite >= oldestOpen { break }
                nextToWrite += 1
            }
        }

        func append(_ line: String) {
            buffer += line
            rows += 1
            if noise.uniform() < options.badRowShare {
                buffer += broken(line)
                rows += 1
            }
            if buffer.utf8.count > 1 << 16 { flush() }
        }

        func flush() {
            if !buffer.isEmpty { write(buffer) }
            buffer = ""
        }

        /// A broken copy of `line`: one of four mistakes, chosen at random.
        func broken(_ line: String) -> String {
            var fields = line.dropLast().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            switch Int(noise.uniform() * 4) {
            case 0: fields[1] = "26/02/2024 8:30"
            case 1 where !fields[2].isEmpty: fields[2] = Self.shift(fields[1], minutes: -10)
            case 2 where !fields[2].isEmpty && !fields[4].isEmpty: fields[4] = Self.shift(fields[2], minutes: -3)
            default: fields[6] = "misc_" + fields[6]
            }
            fields[0] += "x"
            return fields.joined(separator: ",") + "\n"
        }

        /// A generic-layout time moved by whole minutes (for broken rows).
        static func shift(_ text: String, minutes: Int) -> String {
            guard let t = TimestampFormat.iso8601.parse(text) else { return text }
            let instant = Int(t.instant) + minutes * 60
            return Self.format(day: Int((Double(instant) / 86400).rounded(.down)), second: instant - Int((Double(instant) / 86400).rounded(.down)) * 86400, seconds: t.hasSeconds)
        }

        func time(_ t: Double) -> String {
            let total = t * secondsPerUnit
            let whole = options.minutes ? (total / 60).rounded(.down) * 60 : total.rounded(.down)
            let day = Int((whole / 86400).rounded(.down))
            let second = Int(whole - Double(day) * 86400)
            return Self.format(day: options.startDay + day, second: second, seconds: !options.minutes)
        }

        static func format(day: Int, second: Int, seconds: Bool) -> String {
            func two(_ x: Int) -> String { x < 10 ? "0\(x)" : String(x) }
            let clock = "\(two(second / 3600)):\(two(second / 60 % 60))"
            return "\(TimestampFormat.dateText(day))T\(clock)\(seconds ? ":\(two(second % 60))" : "")"
        }

        func row(_ ticket: Int, taken: Double, called: Double? = nil, finished: Double? = nil, category: String, counter: String,
                 channel: String = "counter", outcome: String, student: Int?, desk: String = "") -> String {
            let key = options.studentKeys ? student.map { "S" + String($0, radix: 36) } ?? "" : ""
            return "\(ticket),\(time(taken)),\(called.map(time) ?? ""),,\(finished.map(time) ?? ""),,\(category),\(counter),\(channel),\(outcome),\(key),\(desk)\n"
        }
    }
}

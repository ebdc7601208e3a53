import Experiments
import Foundation
import Interchange
import QueueingNetwork
import Reports
import ScenarioModel
import Stochastics

/// What OneStop did with one case, and which of its promises it broke.
public struct FuzzOutcome: Sendable {
    public enum Verdict: Sendable, Equatable {
        /// Valid: it compiled, and its first replication ran (bounded) and was reported.
        case valid(events: Int)
        /// Refused, with the first error as printed.
        case invalid(firstError: String)
        /// Still running when the time allowed ran out.
        case hung
    }

    public var verdict: Verdict
    public var seconds: Double
    /// Broken promises, in words; empty when all is well.
    public var problems: [String]
}

/// Runs a case through the parser, validation, compilation, a bounded first replication and the
/// reports, in this process, and checks what OneStop promises about bad input: no crash, no hang,
/// and every refusal an error located in the file (`FILE:LINE:COLUMN: error: ...`).
public enum FuzzHarness {
    /// Most events the first replication of a valid case runs.
    public static let eventLimit = 20_000

    /// Checks `bytes` as the scenario file `file` on a worker thread, giving up when the worker has
    /// used `timeout` seconds of processor time, or ten times that on the clock (processor time, so
    /// that a busy machine does not pass for a hang). A worker given up on is left behind: a hang
    /// is a failure to report, not to recover from.
    public static func check(_ bytes: [UInt8], file: String, timeout: Double) -> FuzzOutcome {
        let box = OutcomeBox()
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.setThread(pthread_self())
            started.signal()
            let outcome = checkNow(bytes, file: file)
            box.set(outcome, seconds: threadSeconds(pthread_self()))
            done.signal()
            release.wait()   // stay alive until the watchdog has read this thread's clock for the last time
        }
        thread.stackSize = 64 << 20
        thread.start()
        started.wait()
        defer { release.signal() }
        let wallStart = DispatchTime.now()
        while done.wait(timeout: .now() + 0.005) == .timedOut {
            let cpu = box.thread.map(threadSeconds) ?? 0
            let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart.uptimeNanoseconds) / 1e9
            if cpu > timeout || wall > 10 * timeout {
                return FuzzOutcome(verdict: .hung, seconds: cpu,
                                   problems: ["still running after \(timeout) s of processor time (\(Int(wall)) s on the clock)"])
            }
        }
        return box.get() ?? FuzzOutcome(verdict: .hung, seconds: 0, problems: ["no outcome"])
    }

    /// Processor time used by `thread`, in seconds.
    static func threadSeconds(_ thread: pthread_t) -> Double {
        var clock = clockid_t()
        guard pthread_getcpuclockid(thread, &clock) == 0 else { return 0 }
        var time = timespec()
        guard clock_gettime(clock, &time) == 0 else { return 0 }
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The same check on the calling thread, without a time limit.
    public static func checkNow(_ bytes: [UInt8], file: String) -> FuzzOutcome {
        prepareGSL()
        let lineCount = bytes.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        do {
            let (scenario, warnings) = try ScenarioParser.parse(data: Data(bytes), file: file)
            var problems = warnings.compactMap { locationProblem($0, file: file, lines: lineCount) }
            if let problem = FileName.problem(scenario.name) {
                problems.append("accepted a scenario name that cannot name a file (\(problem)): \(FileName.printable(scenario.name).prefix(80))")
            }
            let (model, compileWarnings) = try NetworkModel.compile(scenario)
            problems += compileWarnings.compactMap { locationProblem($0, file: file, lines: lineCount) }
            var simulation = NetworkSimulation(model: model, replication: 0)
            simulation.eventLimit = eventLimit
            let replication = simulation.run()
            let result = ExperimentResult(model: model, seed: model.run.seed, results: [replication])
            let summary = Summary.json(result, info: Summary.RunInfo(version: "fuzz", warnings: warnings.map(\.description)))
            if (try? JSONSerialization.jsonObject(with: Data(summary.utf8))) == nil {
                problems.append("summary.json is not valid JSON")
            }
            _ = Tables.replicationsCSV(result)
            if model.run.sampleEvery != nil { _ = Tables.timeseriesCSV(result) }
            return FuzzOutcome(verdict: .valid(events: replication.events), seconds: 0, problems: problems)
        } catch let errors {
            var problems = errors.diagnostics.compactMap { locationProblem($0, file: file, lines: lineCount) }
            let firstError = errors.diagnostics.first { $0.severity == .error }
            if firstError == nil { problems.append("refused without an error") }
            return FuzzOutcome(verdict: .invalid(firstError: firstError?.description ?? ""), seconds: 0, problems: problems)
        }
    }

    /// Why a diagnostic is not located in the file, or `nil` when it is.
    static func locationProblem(_ diagnostic: Diagnostic, file: String, lines: Int) -> String? {
        let location = diagnostic.location
        guard location.file == file else { return "names file '\(location.file)': \(diagnostic)" }
        guard (1...lines).contains(location.line), location.column >= 1 else {
            return "located outside the file's \(lines) lines: \(diagnostic)"
        }
        guard diagnostic.description.hasPrefix("\(file):\(location.line):\(location.column): \(diagnostic.severity.rawValue): "),
              !diagnostic.message.isEmpty
        else { return "not in the FILE:LINE:COLUMN: form: \(diagnostic)" }
        return nil
    }
}

private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: FuzzOutcome?
    private var _thread: pthread_t?

    var thread: pthread_t? { lock.withLock { _thread } }
    func setThread(_ value: pthread_t) { lock.withLock { _thread = value } }

    func set(_ value: FuzzOutcome, seconds: Double) {
        var value = value
        value.seconds = seconds
        lock.withLock { outcome = value }
    }

    func get() -> FuzzOutcome? { lock.withLock { outcome } }
}

import ArgumentParser
import CampusModel
import Experiments
import Foundation
import OutputFiles
import Planner
import QueueingNetwork
import Reports
import ScenarioModel

struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Propose staffing, shift plans, room layouts and counselor allocations that meet the targets, and verify them.",
        discussion: """
            Staffs every station with a service-level target (campus counters get one from service_center.target_wait), or the stations named with --station. Per slot (and, for a campus term, per week type: regular weeks and each peak), the iterative staffing algorithm (Feldman, Mandelbaum, Massey & Whitt 2008) finds the fewest servers meeting the target, then servers are added where more students than --max-abandon give up; for weekly periods a tour-scheduling integer program (GLPK) draws a least-cost weekly roster of named full- and part-timers under planner.shift_rules (shift lengths and starts, a lunch window, at most 3 start times a day, contracts, headcount; office defaults), else a set-covering program covers it with planner.shifts (or 8- and 4-hour defaults). Today's staffing is simulated beside the proposal per week type and kept where it meets the targets for less; shift rules that cannot reach the opening hours are refused before any simulation, by station, week type, day and time. The proposal is run with fresh random numbers (seed + \(PlanningPolicy().verificationSeedOffset)) and every target is reported with its 95% interval, per week type and for the worst slot.

            For a campus it also plans the activity rooms (Erlang B start, Kaufman–Roberts area bound, simulated bookings with common random numbers, a Kim–Nelson choice among the finalists; --area-budget) and the counselors (an even spread over colleges, buildings and on-call blocks assigned by an integer program, and what each rule needs).

            Writes into the output directory (default outputs/<scenario name>-optimize) proposal.yaml (the scenario with the staffing in its planner: section), plan.csv, shifts.csv, roster.csv (the weekly roster, when one is drawn), pareto.csv, optimize.json and, for a campus, layout.csv, layout_pareto.csv, counselors.csv, counselor_assignments.csv and oncall.csv; with --report also report.html. A search interrupted (Ctrl-C) resumes with --resume and reaches the same answer.

            Examples:
              onestop optimize scenarios/desk-schedule.yaml --station desk \\
                  --target-wait "5 min" --out outputs/desk-plan
              onestop optimize scenarios/desk-schedule.yaml --station desk \\
                  --target-wait "5 min" --out outputs/desk-plan --resume
                (after an interruption it replays what the search had measured and reaches
                the same answer; with nothing to resume it searches from the start)
              onestop optimize scenarios/campus-baseline.yaml --out outputs/plan --report
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @OptionGroup var options: CommonOptions

    @Option(name: .customLong("station"), help: "A station or counter group to staff (repeatable; default: those with a wait target).")
    var stations: [String] = []

    @Option(help: "Share served within the target wait, per slot (default: the campus service_level rule, else 0.8).")
    var serviceLevel: Double?

    @Option(help: "Target wait for stations named with --station that have none, e.g. \"5 min\" (default 0: the share not delayed at all).")
    var targetWait: String?

    @Option(help: "Most share of arrivals who may give up.")
    var maxAbandon: Double = PlanningPolicy().maxAbandon

    @Option(help: "Slot length in the scenario's time unit, or with a unit such as \"30 min\" (default: planner.slot, else 30 min).")
    var slot: String?

    @Option(help: "Planning period: the staffing repeats every period (default: 7d, or 1d when the scenario's run lasts at most a day's multiple without weekly structure).")
    var period: String?

    @Option(help: "Replications per staffing iteration (common random numbers across iterations).")
    var searchReplications: Int = PlanningPolicy().searchReplications

    @Option(help: "Most simulations of the iterative staffing algorithm (it stops earlier when no slot changes).")
    var maxIterations: Int = PlanningPolicy().maxIterations

    @Option(help: "Floor-area budget for the activity rooms, m² (a campus with rooms: the best rejection within it is reported too).")
    var areaBudget: Double?

    @Flag(name: .customLong("report"), help: "Also write report.html (the plan's report; onestop report DIR writes it later too).")
    var writeReport = false

    @Flag(help: "Continue a search that was interrupted, replaying what it had measured (same scenario and options; the answer is the same).")
    var resume = false

    @Flag(help: ArgumentHelp("Keep the search's journal (.optimize-journal) after writing the results.", visibility: .hidden))
    var keepJournal = false

    func validate() throws {
        if let serviceLevel, !(serviceLevel > 0 && serviceLevel < 1) { throw ValidationError("--service-level must be between 0 and 1 (exclusive)") }
        if !(maxAbandon > 0 && maxAbandon < 1) { throw ValidationError("--max-abandon must be between 0 and 1 (exclusive)") }
        if maxIterations < 1 { throw ValidationError("--max-iterations must be at least 1") }
        if searchReplications < 2 { throw ValidationError("--search-replications must be at least 2") }
        if let replications = options.replications, replications < 2 { throw ValidationError("--replications must be at least 2") }
    }

    func run() throws {
        OneStop.prepare()
        let loaded = try ScenarioInput.loadWithSource(scenario)
        var request = try request(loaded)
        do {
            _ = try request.setting()   // the request's own errors come before the directory is claimed
        } catch {
            throw failure(error)
        }

        // The search reads a rule's target as a whole; a scoped rule is judged item by item only when verified.
        let rules = loaded.campus?.campus.rules ?? []
        let levelRule = rules.first { $0.kind == .serviceLevel }
        for rule in rules where !rule.scope.isWhole {
            let planned = switch rule.kind {
            case .serviceLevel where rule.id == levelRule?.id:
                "the staffing search aims every slot of every counter at its target, as for a rule over the whole campus"
            case .serviceLevel:
                "the staffing search aims at the first service_level rule's target ('\(levelRule?.id ?? "")')"
            default:
                "the room layout takes its target as one over all bookings"
            }
            Terminal.error("warning: rule '\(rule.id)' is scoped (\(Self.scopeText(rule.scope))); optimize does not plan for the scope: \(planned). The verification judges it item by item (optimize.json's rules name the worst item).")
        }

        // The output directory, claimed before any work; the search's journal lives there.
        let directory = options.out ?? "outputs/\(loaded.model.name)-optimize"
        let journal = try openJournal(directory, text: loaded.text)
        if resume && !options.quiet {
            Terminal.error(journal.resumed > 0
                ? "resuming: \(journal.resumed) measurement\(journal.resumed == 1 ? "" : "s") of the interrupted search replayed"
                : "nothing to resume in \(directory); searching from the start")
        }
        request.journal = journal.journal
        request.progress = !options.quiet && Terminal.standardErrorIsTerminal ? Self.drawProgress : nil
        request.shouldStop = { Interruption.requested }

        let outcome: OptimizeOutcome
        do {
            outcome = try Planner.optimize(request)
        } catch {
            throw failure(error)
        }
        if journal.journal.refused > 0 {
            let n = journal.journal.refused
            Terminal.error("warning: \(n) entr\(n == 1 ? "y" : "ies") of \(journal.path) did not have the shape this search records and \(n == 1 ? "was" : "were") simulated again")
        }
        let files: [(name: String, contents: String)]
        do {
            files = try PlanFiles.files(outcome, version: OneStop.version, report: writeReport)
        } catch {
            Terminal.error("internal error in the plan's report: \(error)")
            throw ExitCode.failure
        }
        do {
            try OutputDirectory(path: directory).write(files)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if !keepJournal { journal.remove() }
        if !options.quiet { print(PlanFiles.summary(outcome, directory: directory)) }
    }

    /// A rule's scope in a few words: "per hour, week_type; counter group finance".
    static func scopeText(_ scope: RuleScope) -> String {
        var parts: [String] = []
        if !scope.per.isEmpty { parts.append("per " + scope.per.map(\.rawValue).joined(separator: ", ")) }
        if let c = scope.counterGroup { parts.append("counter group \(c)") }
        if let k = scope.category { parts.append("category \(k)") }
        if !scope.weekTypes.isEmpty { parts.append(scope.weekTypes.joined(separator: ", ") + " weeks") }
        return parts.joined(separator: "; ")
    }

    /// The planner's request: the scenario read once, and the options in its time unit.
    private func request(_ loaded: ScenarioInput.Loaded) throws -> OptimizeRequest {
        let unit = loaded.scenario.timeUnit
        func duration(_ text: String, _ option: String, zero: Bool = false) throws -> Double {
            if let v = Double(text), v > 0 || (zero && v == 0) { return v }
            guard let v = PlannerSettings.duration(text, in: unit), v > 0 || (zero && v == 0) else {
                Terminal.error("error: \(option) \(text): expected a positive duration such as \"30 min\" or \"7d\"")
                throw ExitCode(2)
            }
            return v
        }
        var request = OptimizeRequest(scenario: loaded.scenario, model: loaded.model, campus: loaded.campus, text: loaded.text, file: scenario)
        request.stations = stations
        request.targetWait = try targetWait.map { try duration($0, "--target-wait", zero: true) } ?? 0
        request.slot = try slot.map { try duration($0, "--slot") }
        request.period = try period.map { try duration($0, "--period") }
        request.serviceLevel = serviceLevel
        request.replications = options.replications
        request.seed = options.seed
        request.areaBudget = areaBudget
        request.jobs = options.jobs
        request.policy.maxAbandon = maxAbandon
        request.policy.searchReplications = searchReplications
        request.policy.maxIterations = maxIterations
        return request
    }

    /// The journal in `directory`, claiming the directory unless it holds an earlier search's journal.
    private func openJournal(_ directory: String, text: String) throws -> OptimizeJournal {
        do {
            // A directory holding an optimize journal is one an earlier search of onestop's was
            // writing into (interrupted, or ended by an error before its results).
            let journalPath = (directory as NSString).appendingPathComponent(OptimizeJournal.fileName)
            if !FileManager.default.fileExists(atPath: journalPath) {
                try OutputDirectory(path: directory).claim(force: options.force)
            }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            return try OptimizeJournal(directory: directory, inputs: searchInputs(text), resume: resume)
        } catch let mismatch as OptimizeJournal.Mismatch {
            Terminal.error("error: \(mismatch)")
            throw ExitCode(2)
        } catch let refusal as OutputDirectory.Refusal {
            Terminal.error("error: \(refusal)")
            throw ExitCode(2)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Prints why the planner gave no plan; the exit code to end with.
    private func failure(_ error: OptimizeFailure) -> ExitCode {
        switch error {
        case .periodNotWholeSlots:
            Terminal.error("error: \(error)")
            return ExitCode(2)
        case .invalidProposal, .stopped:
            Terminal.error("\(error)")
            return ExitCode.failure
        case .noWaitTarget, .unknownStation, .shifts, .placement, .edit, .rooms:
            Terminal.error("\(scenario): error: \(error)")
            return ExitCode(2)
        }
    }

    /// The progress line on standard error, redrawn in place.
    private static let drawProgress: @Sendable (OptimizeRequest.Progress) -> Void = { event in
        let line = switch event {
        case .staffing(let iteration, let done, let total): "staffing iteration \(iteration): \(done)/\(total) replications"
        case .verification(let done, let total): "verifying the whole proposal: \(done)/\(total) replications"
        case .campus: "planning rooms and counselors"
        case .idle: ""
        }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }

    /// What names this search's inputs for `--resume`: the scenario's bytes and every option that
    /// changes the answer (not `--jobs`: replications are the same on any number of workers).
    private func searchInputs(_ text: String) -> String {
        OptimizeJournal.inputs(scenario: text, options: [
            ("station", stations.joined(separator: ",")), ("service-level", serviceLevel.map { "\($0)" } ?? ""),
            ("target-wait", targetWait ?? ""), ("max-abandon", "\(maxAbandon)"), ("slot", slot ?? ""), ("period", period ?? ""),
            ("search-replications", "\(searchReplications)"), ("max-iterations", "\(maxIterations)"), ("replications", options.replications.map { "\($0)" } ?? ""),
            ("seed", options.seed.map { "\($0)" } ?? ""), ("area-budget", areaBudget.map { "\($0)" } ?? ""),
        ])
    }
}

import ArgumentParser
import CampusModel
import Experiments
import Foundation
import Planner
import QueueingNetwork
import Reports
import ScenarioModel

struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Propose staffing, shift plans, room layouts and counselor allocations that meet the targets, and verify them.",
        discussion: """
            Staffs every station with a service-level target (campus counters get one from service_center.target_wait), or the stations named with --station. Per slot (and, for a campus term, per week type: regular weeks and each peak), the iterative staffing algorithm (Feldman, Mandelbaum, Massey & Whitt 2008) finds the fewest servers meeting the target, then servers are added where more students than --max-abandon give up; a set-covering integer program (GLPK) covers the requirement with the scenario's shift patterns (planner.shifts, or 8- and 4-hour defaults) at least cost. The proposal is run with fresh random numbers (seed + 1000003) and every target is reported with its 95% interval, per week type and for the worst slot.

            For a campus it also plans the activity rooms (Erlang B start, Kaufman–Roberts area bound, simulated bookings with common random numbers, a Kim–Nelson choice among the finalists; --area-budget) and the counselors (an even spread over colleges, buildings and on-call blocks assigned by an integer program, and what each rule needs).

            Writes proposal.yaml (the scenario with the staffing in its planner: section), plan.csv, shifts.csv, pareto.csv, optimize.json and, for a campus, layout.csv, layout_pareto.csv, counselors.csv, counselor_assignments.csv and oncall.csv; with --report also report.html. A search interrupted (Ctrl-C) resumes with --resume and reaches the same answer.

            Examples:
              onestop optimize scenarios/desk-schedule.yaml --out outputs/desk-plan
              onestop optimize scenarios/campus-baseline.yaml --out outputs/plan --report
              onestop optimize scenarios/campus-baseline.yaml --out outputs/plan --resume
            """
    )

    @Argument(help: "The scenario file (YAML or JSON).")
    var scenario: String

    @Option(help: "Output directory (default: outputs/<scenario name>-optimize).")
    var out: String?

    @Option(name: .customLong("station"), help: "A station or counter group to staff (repeatable; default: those with a wait target).")
    var stations: [String] = []

    @Option(help: "Share served within the target wait, per slot (default: the campus service_level rule, else 0.8).")
    var serviceLevel: Double?

    @Option(help: "Target wait for stations named with --station that have none, e.g. \"5 min\" (default 0: the share not delayed at all).")
    var targetWait: String?

    @Option(help: "Most share of arrivals who may give up.")
    var maxAbandon: Double = 0.05

    @Option(help: "Slot length in the scenario's time unit, or with a unit such as \"30 min\" (default: planner.slot, else 30 min).")
    var slot: String?

    @Option(help: "Planning period: the staffing repeats every period (default: 7d, or 1d when the scenario's run lasts at most a day's multiple without weekly structure).")
    var period: String?

    @Option(help: "Replications per staffing iteration (common random numbers across iterations).")
    var searchReplications: Int = 20

    @Option(help: "Most simulations of the iterative staffing algorithm (it stops earlier when no slot changes).")
    var maxIterations: Int = 20

    @Option(help: "Replications of the verification run (default: run.replications).")
    var replications: Int?

    @Option(help: "Master seed (overrides run.seed); the verification uses seed + 1000003.")
    var seed: UInt64?

    @Option(help: "Worker threads running replications in parallel.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Floor-area budget for the activity rooms, m² (a campus with rooms: the best rejection within it is reported too).")
    var areaBudget: Double?

    @Flag(name: .customLong("report"), help: "Also write report.html (the plan's report; onestop report DIR writes it later too).")
    var writeReport = false

    @Flag(help: "Continue a search that was interrupted, replaying what it had measured (same scenario and options; the answer is the same).")
    var resume = false

    @Flag(help: "Write into --out even when it is a non-empty directory that onestop did not write.")
    var force = false

    @Flag(help: ArgumentHelp("Keep the search's journal (.optimize-journal) after writing the results.", visibility: .hidden))
    var keepJournal = false

    @Flag(help: "Print nothing but errors and warnings.")
    var quiet = false

    func validate() throws {
        if let serviceLevel, !(serviceLevel > 0 && serviceLevel < 1) { throw ValidationError("--service-level must be between 0 and 1 (exclusive)") }
        if !(maxAbandon > 0 && maxAbandon < 1) { throw ValidationError("--max-abandon must be between 0 and 1 (exclusive)") }
        if maxIterations < 1 { throw ValidationError("--max-iterations must be at least 1") }
        if searchReplications < 2 { throw ValidationError("--search-replications must be at least 2") }
        if let replications, replications < 2 { throw ValidationError("--replications must be at least 2") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    static let verificationOffset: UInt64 = 1_000_003

    func run() throws {
        OneStop.prepare()
        let (parsed, loaded, campus, _) = try ScenarioInput.load(scenario)
        let text: String
        do { text = try String(contentsOfFile: scenario, encoding: .utf8) } catch {
            Terminal.error("error: cannot read \(scenario): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        let unit = parsed.timeUnit
        let hour = 3600 / unit.seconds
        let day = 24 * hour

        var model = loaded
        // Stations to plan.
        var planned: [Int] = []
        if stations.isEmpty {
            planned = model.stations.indices.filter { model.stations[$0].waitTarget != nil }
            if planned.isEmpty {
                Terminal.error("\(scenario): error: no station has a wait target; name the stations to staff with --station")
                throw ExitCode(2)
            }
        } else {
            for id in stations {
                guard let s = model.stations.firstIndex(where: { $0.id == id }) else {
                    let known = model.stations.map(\.id).joined(separator: ", ")
                    Terminal.error("\(scenario): error: --station \(id): no such station (stations: \(known))")
                    throw ExitCode(2)
                }
                planned.append(s)
            }
        }
        func duration(_ text: String, _ option: String, zero: Bool = false) throws -> Double {
            if let v = Double(text), v > 0 || (zero && v == 0) { return v }
            guard let v = PlannerSettings.duration(text, in: unit), v > 0 || (zero && v == 0) else {
                Terminal.error("error: \(option) \(text): expected a positive duration such as \"30 min\" or \"7d\"")
                throw ExitCode(2)
            }
            return v
        }
        let wait = try targetWait.map { try duration($0, "--target-wait", zero: true) } ?? 0
        for s in planned where model.stations[s].waitTarget == nil { model.stations[s].waitTarget = wait }

        let slotLength = try slot.map { try duration($0, "--slot") } ?? parsed.planner?.slot ?? 0.5 * hour
        let periodLength = try period.map { try duration($0, "--period") } ?? (campus != nil ? 7 * day : defaultPeriod(model, day: day))
        guard slotLength <= periodLength, (periodLength / slotLength - (periodLength / slotLength).rounded()).magnitude < 1e-6 else {
            Terminal.error("error: the period (\(periodLength)) must be a whole number of slots (\(slotLength))")
            throw ExitCode(2)
        }
        let grid = SlotGrid(slot: slotLength, period: periodLength)
        // A campus term's weeks are staffed by week type (regular weeks, and each named peak).
        let periods = Int((((model.run.duration ?? grid.period) + model.run.warmup) / grid.period - 1e-9).rounded(.up))
        let weekTypes: WeekTypes = if let term = parsed.campus?.term, abs(grid.period - 7 * day) < 1e-9 {
            WeekTypes.term(term, periods: periods)
        } else {
            WeekTypes.single(periods: periods)
        }
        let ruleLevel = parsed.campus?.rules.first { $0.kind == .serviceLevel }?.target
        let targets = StaffingTargets(serviceLevel: serviceLevel ?? ruleLevel ?? 0.8, maxAbandon: maxAbandon)
        let seed = self.seed ?? model.run.seed

        // The output directory, claimed before any work; the search's journal lives there.
        let directory = out ?? "outputs/\(model.name)-optimize"
        let journal: OptimizeJournal
        do {
            // A directory holding an optimize journal is one an earlier search of onestop's was
            // writing into (interrupted, or ended by an error before its results).
            let journalPath = (directory as NSString).appendingPathComponent(OptimizeJournal.fileName)
            if !FileManager.default.fileExists(atPath: journalPath) {
                try OutputDirectory(path: directory).claim(force: force)
            }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            journal = try OptimizeJournal(directory: directory, inputs: searchInputs(text), resume: resume)
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
        if resume && !quiet {
            Terminal.error(journal.resumed > 0
                ? "resuming: \(journal.resumed) measurement\(journal.resumed == 1 ? "" : "s") of the interrupted search replayed"
                : "nothing to resume in \(directory); searching from the start")
        }

        let started = Date()
        let progressEnabled = !quiet && Terminal.standardErrorIsTerminal
        let progress: StaffingSearch.Progress = { iteration, done, total in
            guard progressEnabled else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[Kstaffing iteration \(iteration): \(done)/\(total) replications".utf8))
        }
        let proposal: StaffingProposal
        do {
            proposal = try StaffingProposal.plan(
                scenario: parsed, model: model, campus: campus, stations: planned, grid: grid, weekTypes: weekTypes, targets: targets,
                replications: searchReplications, seed: seed, maxIterations: maxIterations, jobs: jobs, progress: progress,
                journal: journal.journal)
        } catch {
            if progressEnabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            Terminal.error("\(scenario): error: \(error)")
            throw ExitCode(2)
        }

        // The proposal as a scenario, and its verification with fresh random numbers.
        let typeNote = weekTypes.names.indices.map { k in
            let weeks = weekTypes.periods(of: k).map { String($0 + 1) }
            return "\(weekTypes.names[k]) (week\(weeks.count == 1 ? "" : "s") \(weeks.joined(separator: ", ")))"
        }.joined(separator: "; ")
        let typeLine = weekTypes.count > 1 ? "# One plan per week type: \(typeNote).\n" : ""
        let header = """
            # Proposed by `onestop optimize` (OneStop \(OneStop.version)) from \((scenario as NSString).lastPathComponent).
            # What changed: the planner: section's staffing replaces the servers of \(proposal.shifts.map(\.id).joined(separator: ", ")),
            # from a least-cost shift plan covering the per-slot requirement (see plan.csv, shifts.csv, optimize.json).
            \(typeLine)# Verified with seed \(seed &+ Self.verificationOffset): onestop run proposal.yaml --seed \(seed &+ Self.verificationOffset)

            """
        let proposalText: String
        do {
            proposalText = try ScenarioText.replacingPlanner(in: text, with: proposal.plannerSection(scenario: parsed), header: header)
        } catch {
            Terminal.error("\(scenario): error: \(error)")
            throw ExitCode(2)
        }
        let verifySeed = seed &+ Self.verificationOffset
        let verified: ExperimentResult
        let verifiedSlots: SlotObservations
        do {
            let (proposed, _) = try ScenarioParser.parse(proposalText, file: "proposal.yaml", defaultName: parsed.name)
            var (proposedModel, proposedCampus, _) = try CampusCompiler.compile(proposed)
            // Targets given on the command line are not in the file: the verification measures them too.
            for s in planned { proposedModel.stations[s].waitTarget = model.stations[s].waitTarget }
            (verified, verifiedSlots) = SlotObservations.observe(
                model: proposedModel, campus: proposedCampus, stations: planned, grid: grid, weekTypes: weekTypes,
                replications: replications, seed: verifySeed, jobs: jobs, progress: { done, total, _ in progress(0, done, total) })
        } catch let errors {
            for d in errors.diagnostics { Terminal.error("internal error in the proposal: \(d.description)") }
            throw ExitCode.failure
        }
        // The scenario as it stands, on the same random numbers, for the cost/service comparison.
        let original = Experiment(model: model, campus: campus, replications: replications, seed: verifySeed)
            .run(jobs: jobs, progress: { done, total, _ in progress(0, done, total) })
        if progressEnabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }

        // The campus parts: room layout and counselor allocation.
        if progressEnabled && parsed.campus != nil { FileHandle.standardError.write(Data("\r\u{1B}[Kplanning rooms and counselors".utf8)) }
        let campusPlan: OptimizeCampus.Outcome
        do {
            campusPlan = try OptimizeCampus.plan(parsed, seed: seed, areaBudget: areaBudget, replications: min(replications ?? model.run.replications, 10),
                                                 journal: journal.journal)
        } catch {
            Terminal.error("\(scenario): error: \(error)")
            throw ExitCode(2)
        }

        if progressEnabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        var report = OptimizeReport(
            proposal: proposal, model: model, planned: planned, targets: targets, grid: grid, hour: hour, day: day,
            verified: verified, verifiedSlots: verifiedSlots, original: original, seed: seed, verifySeed: verifySeed,
            seconds: Date().timeIntervalSince(started), scenarioPath: scenario)
        report.campus = campusPlan.json
        var files = [
            ("proposal.yaml", proposalText),
            ("plan.csv", report.planCSV()),
            ("shifts.csv", report.shiftsCSV()),
            ("pareto.csv", report.paretoCSV()),
            ("optimize.json", report.json()),
        ] + campusPlan.files
        if writeReport {
            let tables = Dictionary(files.filter { HTMLReport.optimizeTables.contains($0.0) }, uniquingKeysWith: { a, _ in a })
            do {
                files.append(("report.html", try HTMLReport.optimize(.init(optimize: files.first { $0.0 == "optimize.json" }!.1, tables: tables))))
            } catch {
                Terminal.error("internal error in the plan's report: \(error)")
                throw ExitCode.failure
            }
        }
        do {
            try OutputDirectory(path: directory).write(files)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode.failure
        }
        if !keepJournal { journal.remove() }
        if !quiet {
            print(report.summary(directory: directory))
            for line in campusPlan.summary { print(line) }
        }
    }

    /// What names this search's inputs for `--resume`: the scenario's bytes and every option that
    /// changes the answer (not `--jobs`: replications are the same on any number of workers).
    private func searchInputs(_ text: String) -> String {
        OptimizeJournal.inputs(scenario: text, options: [
            ("station", stations.joined(separator: ",")), ("service-level", serviceLevel.map { "\($0)" } ?? ""),
            ("target-wait", targetWait ?? ""), ("max-abandon", "\(maxAbandon)"), ("slot", slot ?? ""), ("period", period ?? ""),
            ("search-replications", "\(searchReplications)"), ("max-iterations", "\(maxIterations)"), ("replications", replications.map { "\($0)" } ?? ""),
            ("seed", seed.map { "\($0)" } ?? ""), ("area-budget", areaBudget.map { "\($0)" } ?? ""),
        ])
    }

    /// One day when every arrival process repeats daily, else one week.
    private func defaultPeriod(_ model: NetworkModel, day: Double) -> Double {
        let horizon = (model.run.duration ?? day) + model.run.warmup
        return horizon <= day ? max(horizon, 1) : day
    }
}

import CampusModel
import Experiments
import Foundation
import QueueingNetwork
import ScenarioModel
import Stochastics

/// Plans what `onestop optimize` proposes: per-slot staffing of the stations with a service-level
/// target covered by least-cost shifts, verified by simulation with fresh random numbers; for a
/// campus also the room layout and the counselor allocation (see docs/planner.md).
///
/// The steps, in order: `OptimizeRequest.setting()` (stations, slots, week types, targets),
/// `searchStaffing`, `planRooms`, `planCounselors`, `proposedText` (every change in one scenario)
/// and `verify` (that whole scenario simulated). Between them the request's `shouldStop` is asked.
public func optimize(_ request: OptimizeRequest) throws(OptimizeFailure) -> OptimizeOutcome {
    let started = Date()
    let setting = try request.setting()
    try request.checkShiftsReachOpenHours(setting)
    try request.checkStop()
    let drawn = try request.searchStaffing(setting)
    try request.checkStop()
    // Today's staffing first, on the verification's random numbers: where it meets the targets for
    // less, it is kept.
    let (original, originalSlots) = request.observeToday(setting)
    let proposal = drawn.keepingToday(originalSlots, model: setting.model, scenario: request.scenario, targets: setting.targets)
    try request.checkStop()
    if request.scenario.campus != nil { request.progress?(.campus) }
    let rooms = try request.planRooms(seed: setting.seed)
    try request.checkStop()
    let counselors = request.planCounselors(seed: setting.seed)
    request.progress?(.idle)
    try request.checkStop()
    let (text, changes) = try request.proposedText(proposal, rooms: rooms, counselors: counselors)
    let verification = try request.verify(text, setting)
    request.progress?(.idle)
    return OptimizeOutcome(
        file: request.file, scenario: request.scenario, model: setting.model, planned: setting.planned, targets: setting.targets,
        grid: setting.grid, policy: request.policy, seed: setting.seed, verificationSeed: setting.verificationSeed,
        proposal: proposal, proposedText: text, changes: changes, verified: verification.proposal, verifiedSlots: verification.slots,
        original: original, originalSlots: originalSlots, rooms: rooms, counselors: counselors, seconds: Date().timeIntervalSince(started))
}

extension OptimizeRequest {
    /// What the request settles before any simulation: the stations to plan, the slots and week
    /// types, the targets and the seeds.
    public struct Setting: Sendable {
        /// The model with the request's wait target on planned stations that had none.
        public var model: NetworkModel
        public var planned: [Int]
        public var grid: SlotGrid
        public var weekTypes: WeekTypes
        public var targets: StaffingTargets
        public var seed: UInt64
        public var verificationSeed: UInt64
    }

    /// The request's setting, or why it cannot be planned (a station unknown, none with a target, a
    /// period that is not a whole number of slots). Cheap: a front end may call it to check the
    /// request before it prepares anything else.
    public func setting() throws(OptimizeFailure) -> Setting {
        var model = self.model
        let hour = 3600 / scenario.timeUnit.seconds
        let day = 24 * hour
        let planned = try plannedStations()
        for s in planned where model.stations[s].waitTarget == nil { model.stations[s].waitTarget = targetWait }

        let slotLength = slot ?? scenario.planner?.slot ?? policy.slotHours * hour
        let periodLength = period ?? (campus != nil ? 7 * day : defaultPeriod(day: day))
        guard slotLength <= periodLength, (periodLength / slotLength - (periodLength / slotLength).rounded()).magnitude < 1e-6 else {
            throw .periodNotWholeSlots(period: periodLength, slot: slotLength)
        }
        let grid = SlotGrid(slot: slotLength, period: periodLength)
        // A campus term's weeks are staffed by week type (regular weeks, and each named peak).
        let periods = Int((((model.run.duration ?? grid.period) + model.run.warmup) / grid.period - 1e-9).rounded(.up))
        let weekTypes: WeekTypes = if let term = scenario.campus?.term, abs(grid.period - 7 * day) < 1e-9 {
            WeekTypes.term(term, periods: periods)
        } else {
            WeekTypes.single(periods: periods)
        }
        let ruleLevel = scenario.campus?.rules.first { $0.kind == .serviceLevel }?.target
        let targets = StaffingTargets(serviceLevel: serviceLevel ?? ruleLevel ?? policy.serviceLevel, maxAbandon: policy.maxAbandon)
        let seed = self.seed ?? model.run.seed
        return Setting(model: model, planned: planned, grid: grid, weekTypes: weekTypes, targets: targets, seed: seed,
                       verificationSeed: seed &+ policy.verificationSeedOffset)
    }

    /// The named stations, or every station with a wait target.
    private func plannedStations() throws(OptimizeFailure) -> [Int] {
        if stations.isEmpty {
            let planned = model.stations.indices.filter { model.stations[$0].waitTarget != nil }
            if planned.isEmpty { throw .noWaitTarget }
            return planned
        }
        var planned: [Int] = []
        for id in stations {
            guard let s = model.stations.firstIndex(where: { $0.id == id }) else {
                throw .unknownStation(id, known: model.stations.map(\.id))
            }
            planned.append(s)
        }
        return planned
    }

    /// One day when every arrival process repeats daily, else one week.
    private func defaultPeriod(day: Double) -> Double {
        let horizon = (model.run.duration ?? day) + model.run.warmup
        return horizon <= day ? max(horizon, 1) : day
    }

    func checkStop() throws(OptimizeFailure) {
        if shouldStop() { throw .stopped }
    }

    /// Before any simulation: every slot a planned station is open in (per week type) must be
    /// worked by some allowed shift, else the plan could never cover it. Named by station, week
    /// type, day and time.
    public func checkShiftsReachOpenHours(_ setting: Setting) throws(OptimizeFailure) {
        let hour = 3600 / scenario.timeUnit.seconds
        let day = 24 * hour
        let grid = setting.grid
        let given = scenario.planner?.shifts ?? []
        let weekly = given.isEmpty && StaffingProposal.rosterApplies(grid: grid, day: day)
        guard weekly || !given.isEmpty else { return }
        let search = StaffingSearch(model: setting.model, campus: campus, stations: setting.planned, grid: grid,
                                    weekTypes: setting.weekTypes, targets: setting.targets, replications: 1, seed: setting.seed)
        for s in setting.planned {
            for k in setting.weekTypes.names.indices where !setting.weekTypes.periods(of: k).isEmpty {
                let demand = search.demandPerSlot(station: s, type: k)
                let closed = search.closedSlots(station: s, type: k, demand: demand)
                let open = closed.map { !$0 }
                let missing: [Int]
                let suggestion: String
                if weekly {
                    let rules = RosterRules(scenario.planner?.shiftRules, slot: grid.slot, hour: hour)
                    let (slots, problem) = RosterProblem.uncoverableOpenSlots(
                        open: open, slotsPerDay: Int((day / grid.slot).rounded()), slotHours: grid.slot / hour, rules: rules)
                    missing = slots
                    suggestion = problem.suggestion(for: slots, hour: hour)
                } else {
                    let columns = ShiftPatterns.columns(given, grid: grid, day: day, hour: hour)
                    var covered = [Bool](repeating: false, count: grid.count)
                    for c in columns { for t in c.slots where t < covered.count { covered[t] = true } }
                    // Only slots with arrivals: an open slot nobody is sent to may stay unstaffed.
                    missing = open.indices.filter { open[$0] && demand[$0] > 0 && !covered[$0] }
                    suggestion = ShiftPatterns.suggestion(for: missing, grid: grid, day: day, hour: hour)
                }
                if !missing.isEmpty {
                    throw .shifts(.uncoverable(UncoverableRequirement(
                        station: setting.model.stations[s].id, weekType: setting.weekTypes.names[k], slots: missing, grid: grid,
                        day: day, hour: hour, suggestion: suggestion, beforeSimulation: true)))
                }
            }
        }
    }

    /// The iterative staffing algorithm per slot and week type, then the least-cost shifts covering it.
    func searchStaffing(_ setting: Setting) throws(OptimizeFailure) -> StaffingProposal {
        var search = StaffingSearch(model: setting.model, campus: campus, stations: setting.planned, grid: setting.grid,
                                    weekTypes: setting.weekTypes, targets: setting.targets,
                                    replications: policy.searchReplications, seed: setting.seed)
        search.maxIterations = policy.maxIterations
        search.maxAbandonmentRounds = policy.abandonmentRounds
        search.journal = journal
        let progress = self.progress
        var staffingProgress: StaffingSearch.Progress?
        if let progress {
            staffingProgress = { iteration, done, total in progress(.staffing(iteration: iteration, done: done, total: total)) }
        }
        let result = search.run(jobs: jobs, progress: staffingProgress)
        do throws(ShiftProgram.Failure) {
            return try StaffingProposal.cover(result, scenario: scenario, openIntervals: openHours(setting), policy: policy)
        } catch {
            progress?(.idle)
            throw .shifts(error)
        }
    }

    /// The request's open intervals, or, for a campus that states opening hours and is planned by
    /// the week, each counter group's opening hours (`CampusPlan.openIntervals`) laid on the week:
    /// shifts then lie inside them. (The plain `opens`/`closes` form staffs counters as written.)
    func openHours(_ setting: Setting) -> [String: [Range<Double>]] {
        guard openIntervals.isEmpty, let campus, scenario.campus?.serviceCenter?.statesOpeningHours == true,
              abs(setting.grid.period - 7 * 24 * 3600 / scenario.timeUnit.seconds) < 1e-9 else {
            return openIntervals
        }
        let day = 24 * 3600 / scenario.timeUnit.seconds
        var hours: [String: [Range<Double>]] = [:]
        for s in setting.planned {
            guard let intervals = campus.openIntervals(station: s) else { continue }
            hours[setting.model.stations[s].id] = intervals.map { Double($0.weekday) * day + $0.from ..< Double($0.weekday) * day + $0.to }
        }
        return hours
    }

    /// The whole proposal as one runnable scenario (no header): the scenario's text with the
    /// staffing in its `planner:` section and, where they change, the room counts, the counselors
    /// per college and the counselors on call written in place; named `<name>-proposal`, so that
    /// its default output directory is not the original's. Every change is listed.
    func proposedText(_ proposal: StaffingProposal, rooms: OptimizeOutcome.Rooms?, counselors: OptimizeOutcome.Counselors?)
        throws(OptimizeFailure) -> (text: String, changes: [ProposalChange]) {
        var changes: [ProposalChange] = []
        let name = FieldPath.root.key("name")
        changes.append(ProposalChange(path: name, from: scenario.name, to: scenario.name + "-proposal", what: "the scenario's name"))
        if let rooms {
            let types = FieldPath.root.key("campus").key("rooms").key("room_types")
            for (k, type) in rooms.rooms.roomTypes.enumerated() where rooms.proposal.counts[k] != type.count {
                changes.append(ProposalChange(path: types.id(type.id).key("count"), from: "\(type.count)", to: "\(rooms.proposal.counts[k])",
                                              what: "rooms of type \(type.id)"))
            }
        }
        if let c = counselors {
            let colleges = FieldPath.root.key("campus").key("population").key("colleges")
            for (i, college) in c.campus.population.colleges.enumerated() where c.proposal.perCollege[i] != college.counselors {
                changes.append(ProposalChange(path: colleges.id(college.id).key("counselors"), from: "\(college.counselors)",
                                              to: "\(c.proposal.perCollege[i])", what: "counselors of \(college.id)"))
            }
            if let onCall = c.campus.counselors?.onCall, let duty = c.proposal.assignment?.dutyPerHour, duty > 0, duty != onCall.counselors {
                changes.append(ProposalChange(path: FieldPath.root.key("campus").key("counselors").key("on_call").key("counselors"),
                                              from: "\(onCall.counselors)", to: "\(duty)", what: "counselors on call at once"))
            }
        }
        var edited = text
        let (inPlace, added) = changes.reduce(into: ([ProposalChange](), [ProposalChange]())) { parts, change in
            if change.path == name && !Self.writesName(text) { parts.1.append(change) } else { parts.0.append(change) }
        }
        do throws(ScenarioTextEdit.Failure) {
            edited = try ScenarioTextEdit.replacing(inPlace.map { ($0.path, $0.path == name ? ProposalChange.quoted($0.to) : $0.to) }, in: text)
        } catch {
            throw .edit(error)
        }
        if !added.isEmpty { edited = "name: \(ProposalChange.quoted(scenario.name + "-proposal"))\n" + edited }
        do throws(ScenarioText.Failure) {
            let placed = try ScenarioText.replacingPlanner(in: edited, with: proposal.plannerSection(scenario: scenario), header: "")
            return (placed, changes)
        } catch {
            throw .placement(error)
        }
    }

    /// Whether the text writes the scenario's `name:` at its top level.
    private static func writesName(_ text: String) -> Bool {
        text.split(separator: "\n").contains { $0.hasPrefix("name:") }
    }

    /// The whole proposal, read back from its text, run on fresh random numbers.
    func verify(_ proposedText: String, _ setting: Setting) throws(OptimizeFailure)
        -> (proposal: ExperimentResult, slots: SlotObservations) {
        let progress = self.progress
        let report: Experiment.Progress = { done, total, _ in progress?(.verification(done: done, total: total)) }
        var proposedModel: NetworkModel
        let proposedCampus: CampusPlan?
        do throws(ScenarioErrors) {
            let (proposed, _) = try ScenarioParser.parse(proposedText, file: "proposal.yaml", defaultName: scenario.name)
            (proposedModel, proposedCampus, _) = try CampusCompiler.compile(proposed)
        } catch {
            throw .invalidProposal(error.diagnostics)
        }
        // Targets given in the request are not in the text: the verification measures them too.
        for s in setting.planned { proposedModel.stations[s].waitTarget = setting.model.stations[s].waitTarget }
        let (verified, slots) = SlotObservations.observe(
            model: proposedModel, campus: proposedCampus, stations: setting.planned, grid: setting.grid, weekTypes: setting.weekTypes,
            replications: replications, seed: setting.verificationSeed, jobs: jobs, progress: report)
        return (verified, slots)
    }

    /// The scenario as it stands, followed by slot at the planned stations as the proposal is, on
    /// the verification's random numbers: today's staffing verified the same way.
    func observeToday(_ setting: Setting) -> (ExperimentResult, SlotObservations) {
        let progress = self.progress
        let report: Experiment.Progress = { done, total, _ in progress?(.verification(done: done, total: total)) }
        return SlotObservations.observe(
            model: setting.model, campus: campus, stations: setting.planned, grid: setting.grid, weekTypes: setting.weekTypes,
            replications: replications, seed: setting.verificationSeed, jobs: jobs, progress: report)
    }

    /// Replications of the campus parts' simulations: the verification's, at most the room policy's.
    private var campusReplications: Int { min(replications ?? model.run.replications, policy.roomReplications) }

    /// The activity rooms: the least area whose rejection meets the target (docs/planner.md).
    func planRooms(seed: UInt64) throws(OptimizeFailure) -> OptimizeOutcome.Rooms? {
        guard let campus = scenario.campus, let rooms = campus.rooms else { return nil }
        let day = 24 * 3600 / scenario.timeUnit.seconds
        let term = Double(campus.term.weeks) * 7 * day
        let target = campus.rules.first { $0.kind == .roomRejection && $0.activity == nil }?.target ?? policy.roomRejection
        let activityTargets: [RoomLayoutPlanner.ActivityTarget] = campus.rules.compactMap { rule in
            guard rule.kind == .roomRejection, let id = rule.activity, let a = rooms.activities.firstIndex(where: { $0.id == id }) else { return nil }
            return .init(rule: rule.id, activity: a, target: rule.target)
        }
        let step = campus.policies.compactMap { if case .nextFreeSlot(let s) = $0.action { s } else { nil } }.first
        var planner = RoomLayoutPlanner(rooms: rooms, day: day, horizon: term, step: step, target: target, areaBudget: areaBudget,
                                        replications: campusReplications, seed: seed)
        planner.journal = journal
        planner.verificationSeedOffset = policy.verificationSeedOffset
        planner.activityTargets = activityTargets
        planner.jobs = jobs
        do throws(DistributionError) {
            let proposal = try planner.plan()
            let currentArea = rooms.roomTypes.reduce(0.0) { $0 + Double($1.count) * $1.area }
            return OptimizeOutcome.Rooms(rooms: rooms, target: target, proposal: proposal, currentArea: currentArea, areaBudget: areaBudget)
        } catch {
            throw .rooms(error)
        }
    }

    /// The counselors: spread over colleges, buildings and on-call blocks assigned, each rule's need.
    func planCounselors(seed: UInt64) -> OptimizeOutcome.Counselors? {
        guard let campus = scenario.campus, campus.counselors != nil else { return nil }
        var planner = CounselorPlanner(campus: campus, timeUnit: scenario.timeUnit,
                                       replications: min(campusReplications, policy.counselorReplications), seed: seed)
        planner.journal = journal
        return OptimizeOutcome.Counselors(campus: campus, proposal: planner.plan())
    }
}

import CampusModel
import QueueingNetwork
import ScenarioModel
import Stochastics

/// What `optimize` is asked to plan: a scenario read once (its values and its text), the choices the
/// options make, the policy, and the hooks through which a front end follows and records the search.
public struct OptimizeRequest: Sendable {
    /// What the planner reports while it works, for a progress line.
    public enum Progress: Sendable {
        /// Replications `done` of `total` in staffing iteration `iteration`.
        case staffing(iteration: Int, done: Int, total: Int)
        /// Replications of the verification runs (the proposal, then the scenario as it stands).
        case verification(done: Int, total: Int)
        /// The campus parts (rooms and counselors) have started.
        case campus
        /// A step has ended; nothing is running.
        case idle
    }

    public var scenario: Scenario
    public var model: NetworkModel
    public var campus: CampusPlan?
    /// The scenario's text as read: the proposal is this text with its `planner:` section replaced.
    public var text: String
    /// The scenario's path as given, recorded in the results.
    public var file: String

    /// Stations or counter groups to staff; empty: every station with a wait target.
    public var stations: [String] = []
    /// Target wait, in the scenario's time unit, for named stations that have none.
    public var targetWait: Double = 0
    /// Share served within the target wait; `nil`: the campus `service_level` rule, else the policy's.
    public var serviceLevel: Double?
    /// Slot length in the scenario's time unit; `nil`: `planner.slot`, else the policy's.
    public var slot: Double?
    /// Planning period in the scenario's time unit; `nil`: a week for a campus, else a day.
    public var period: Double?
    /// Replications of the verification; `nil`: the scenario's `run.replications`.
    public var replications: Int?
    /// Master seed; `nil`: the scenario's `run.seed`.
    public var seed: UInt64?
    /// Floor-area budget for the activity rooms, m².
    public var areaBudget: Double?
    /// Worker threads running replications (never changes the answer).
    public var jobs: Int = 1
    public var policy = PlanningPolicy()
    /// Per planned station id, the times of the planning period it is open (scenario's unit); a
    /// station not named is open where its own servers are, on days that need staff.
    public var openIntervals: [String: [Range<Double>]] = [:]

    /// Where every simulation is recorded and, on a resumed search, replayed from.
    public var journal: SearchJournal?
    public var progress: (@Sendable (Progress) -> Void)?
    /// Asked between steps: once it returns true the planner stops with `OptimizeFailure.stopped`.
    public var shouldStop: @Sendable () -> Bool = { false }

    public init(scenario: Scenario, model: NetworkModel, campus: CampusPlan?, text: String, file: String) {
        self.scenario = scenario
        self.model = model
        self.campus = campus
        self.text = text
        self.file = file
    }
}

/// Why `optimize` gave no plan.
public enum OptimizeFailure: Error, Sendable, CustomStringConvertible {
    /// No station has a wait target and none was named.
    case noWaitTarget
    /// A named station is not in the scenario.
    case unknownStation(String, known: [String])
    /// The period is not a whole number of slots (both in the scenario's time unit).
    case periodNotWholeSlots(period: Double, slot: Double)
    /// No shift plan covers the requirement.
    case shifts(ShiftProgram.Failure)
    /// The proposal cannot be placed in the scenario's text.
    case placement(ScenarioText.Failure)
    /// A proposed value cannot be written where the scenario writes it.
    case edit(ScenarioTextEdit.Failure)
    /// The proposal does not read back as a scenario: a planner bug.
    case invalidProposal([Diagnostic])
    /// A room layout could not be simulated.
    case rooms(DistributionError)
    /// `shouldStop` asked the planner to stop.
    case stopped

    public var description: String {
        switch self {
        case .noWaitTarget: "no station has a wait target; name the stations to staff with --station"
        case .unknownStation(let id, let known): "--station \(id): no such station (stations: \(known.joined(separator: ", ")))"
        case .periodNotWholeSlots(let period, let slot): "the period (\(period)) must be a whole number of slots (\(slot))"
        case .shifts(let failure): "\(failure)"
        case .placement(let failure): "\(failure)"
        case .edit(let failure): "\(failure)"
        case .invalidProposal(let diagnostics): diagnostics.map { "internal error in the proposal: \($0.description)" }.joined(separator: "\n")
        case .rooms(let error): "\(error)"
        case .stopped: "stopped before the plan was finished"
        }
    }
}

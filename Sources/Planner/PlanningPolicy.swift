/// The settings of `optimize` that are the planner's choices rather than the scenario's: targets
/// used when the scenario and the options give none, how hard the searches try, and how the proposal
/// is verified. The defaults are those the planner documents (docs/planner.md); the roster's shift
/// rules default as `PlannerSettings.ShiftRules.resolved` states (an 8.5-hour full shift with a
/// 30-minute lunch between 11:30 and 13:30, 3.5- or 4-hour part shifts, at most 3 start times a day, at most
/// half the hours part-time, full time 40 h in 5 days with 2 days off in a row, part time 7-30 h in
/// 2-5 days, one cost unit a paid hour, no headcount limit).
public struct PlanningPolicy: Sendable, Hashable {
    /// Added to the master seed for every verification (staffing, rooms): the proposal is judged on
    /// random numbers the search never saw. A prime well away from 0, so that seeds a user tries in a
    /// row (7, 8, 9, …) never verify on one another's search streams.
    public var verificationSeedOffset: UInt64 = 1_000_003

    /// The share served within the target wait when neither an option nor the campus's
    /// `service_level` rule gives one: the classic 80/20 service level of call centers.
    public var serviceLevel: Double = 0.8

    /// The most share of arrivals who may give up (`--max-abandon`): 5%, the share at which a
    /// service center is usually judged overloaded.
    public var maxAbandon: Double = 0.05

    /// The most share of activity bookings rejected when the campus has no `room_rejection` rule:
    /// the same 5% the rule's own default states.
    public var roomRejection: Double = 0.05

    /// Replications per staffing iteration (`--search-replications`): 20 keep the per-slot occupancy
    /// estimates stable enough that the search settles within a few iterations.
    public var searchReplications: Int = 20

    /// Most simulations of the iterative staffing algorithm (`--max-iterations`); it stops earlier
    /// when no slot changes, which on the shipped scenarios takes 3 to 6.
    public var maxIterations: Int = 20

    /// Most rounds of adding servers where too many students give up; each round jumps by Erlang A,
    /// so a few suffice.
    public var abandonmentRounds: Int = 6

    /// The planning slot, in hours, when neither `--slot` nor `planner.slot` gives one: half an hour,
    /// the granularity shifts are usually drawn in.
    public var slotHours: Double = 0.5

    /// Most replications per simulated room layout (fewer when the verification runs fewer): bookings
    /// over a whole term are many, so 10 replications already give narrow intervals.
    public var roomReplications: Int = 10

    /// Most replications per simulated counselor term: the coverage of visits and talks varies little
    /// between terms.
    public var counselorReplications: Int = 5

    /// Fewest arrivals (pooled over a week type's weeks and the replications) for a slot's verified
    /// service level to be judged: a share of fewer has a 95% interval wider than ±0.15.
    public var slotArrivalsJudged: Int = 30

    /// The relative optimality gap a roster program stops at: 1% of its cost, well below what one
    /// shift more or less changes on a station's week.
    public var rosterGap: Double = 0.01

    /// Seconds each roster program may take (branch and cut stops at the best roster found, and the
    /// gap achieved is reported).
    public var rosterTimeLimit: Double = 5

    public init() {}
}

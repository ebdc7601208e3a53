import Experiments
import Foundation
import QueueingNetwork
import ScenarioModel
import Testing
@testable import Planner

/// The sinusoidal case of Feldman, Mandelbaum, Massey & Whitt (2008): λ(t) = 100 + 20 sin(t),
/// exponential service with mean 1, no abandonment; one warm-up period, then two measured.
private func sinusoidModel(seed: UInt64) throws -> NetworkModel {
    let period = 2 * Double.pi
    let scenario = Scenario(
        name: "sinusoid", run: RunControl(duration: 2 * period, warmup: period, replications: 120, seed: seed),
        stations: [Station(id: "desk", servers: .infinite, service: .all(.exponential(mean: 1)))],
        arrivals: [ArrivalStream(to: "desk", classId: "default", process: .rateFunction(base: 100, amplitude: 20, period: period))])
    var (model, _) = try NetworkModel.compile(scenario)
    model.stations[0].waitTarget = 0
    return model
}

@Suite struct StaffingSearchTests {
    @Test func isaHoldsTheDelayProbabilityInEverySlotWherePlainErlangCDoesNot() throws {
        let alpha = 0.2
        let model = try sinusoidModel(seed: 11)
        let grid = SlotGrid(slot: 2 * Double.pi / 24, period: 2 * Double.pi)
        var search = StaffingSearch(model: model, stations: [0], grid: grid, targets: StaffingTargets(serviceLevel: 1 - alpha),
                                    replications: 120, seed: 11)
        search.fixedDelayProbability = alpha
        let result = search.run(jobs: 2)
        #expect(result.converged)
        let plan = result.stations[0].types[0]

        // Fresh random numbers: the staffing is judged on students it was not fitted to.
        func achieved(_ servers: [Int]) -> [Double] {
            var check = search
            check.seed = 12_345
            return check.observe([[servers]], jobs: 2).cells[0][0].delay(servers: servers)
        }
        let isa = achieved(plan.requirement)
        // Integer staffing can only step the delay probability by about one server's worth (≈ 0.04
        // at this load); the time average over 120 × 2 slots has a standard error below 0.01.
        for (t, p) in isa.enumerated() {
            #expect(p <= alpha + 0.04, "slot \(t): ISA delay probability \(p)")
            #expect(p >= alpha - 0.09, "slot \(t): ISA delay probability \(p)")
        }
        // Per-slot Erlang C on the slot's own arrival rate, without the lag, misses the target
        // where demand rises and falls.
        let sipp = achieved(plan.erlangC)
        let worst = sipp.max() ?? 0
        #expect(worst > alpha + 0.1, "plain Erlang C's worst slot: \(worst)")
        // The offered load lags the arrival rate: its peak comes after the arrival peak (t = π/2).
        let peak = plan.offeredLoad.indices.max { plan.offeredLoad[$0] < plan.offeredLoad[$1] }!
        #expect(grid.start(peak) > Double.pi / 2)
    }

    @Test func stationaryStaffingMatchesErlangC() throws {
        // λ = 1.5/min, exponential service of 4 min: load 6; P(W > 0) ≤ 0.2.
        let scenario = Scenario(
            name: "stationary", run: RunControl(duration: 2640, warmup: 0, replications: 40, seed: 5),
            stations: [Station(id: "desk", servers: .infinite, service: .all(.exponential(mean: 4)))],
            arrivals: [ArrivalStream(to: "desk", classId: "default", process: .poisson(rate: 1.5))])
        var (model, _) = try NetworkModel.compile(scenario)
        model.stations[0].waitTarget = 0
        let grid = SlotGrid(slot: 240, period: 2640)
        let search = StaffingSearch(model: model, stations: [0], grid: grid, targets: StaffingTargets(serviceLevel: 0.8),
                                    replications: 40, seed: 5)
        let result = search.run(jobs: 2)
        let exact = ErlangFormulas.staffing(load: 6, delayProbability: 0.2)
        let plan = result.stations[0].types[0]
        // The formula path gives Erlang C's answer in every slot; the simulated path agrees within
        // one server (P(L ≥ c) is estimated, and C(c, 6) sits near α for c = 9). Slot 0 starts
        // empty and is left out.
        for t in 1..<grid.count {
            #expect(plan.erlangC[t] == exact)
            #expect(abs(plan.requirement[t] - exact) <= 1, "slot \(t): \(plan.requirement[t]) vs Erlang C \(exact)")
        }
    }

    @Test func stationarySlotsGetExactlyErlangCsSmallestC() throws {
        // λ = 1.5/min, exponential service of 4 min: load 6; Erlang C's smallest c for P(W > 0) ≤ 0.2
        // is 9. The delay target is put halfway between C(8, 6) ≈ 0.33 and C(9, 6) ≈ 0.19, so that
        // the simulated P(L ≥ s) must pick c itself (each slot's estimate is within ±0.02).
        let load = 6.0
        let c = ErlangFormulas.staffing(load: load, delayProbability: 0.2)
        #expect(c == 9)
        let alpha = (ErlangFormulas.delayProbability(servers: c, load: load) + ErlangFormulas.delayProbability(servers: c - 1, load: load)) / 2
        let scenario = Scenario(
            name: "stationary", run: RunControl(duration: 2640, warmup: 240, replications: 40, seed: 8),
            stations: [Station(id: "desk", servers: .infinite, service: .all(.exponential(mean: 4)))],
            arrivals: [ArrivalStream(to: "desk", classId: "default", process: .poisson(rate: 1.5))])
        var (model, _) = try NetworkModel.compile(scenario)
        model.stations[0].waitTarget = 0
        let grid = SlotGrid(slot: 240, period: 2640)
        var search = StaffingSearch(model: model, stations: [0], grid: grid, targets: StaffingTargets(serviceLevel: 1 - alpha),
                                    replications: 40, seed: 8)
        search.fixedDelayProbability = alpha
        let result = search.run(jobs: 2)
        #expect(result.converged)
        #expect(result.stations[0].types[0].requirement == [Int](repeating: c, count: grid.count), "\(result.iterations) \(result.slotsInCycles) \(alpha) \(result.stations[0].types[0].achievedDelay)")
    }

    @Test func abandonmentAboveTheTargetAddsServersUntilItHolds() throws {
        // Load 4 (λ = 1/min, 4 min a visit), very impatient students (2 min on average) and a loose
        // service level (half within an hour): the wait target asks for few servers, and too many
        // give up; servers are added where they do until at most 5% give up.
        let scenario = Scenario(
            name: "impatient", run: RunControl(duration: 8 * 60, warmup: 60, replications: 30, seed: 21),
            stations: [Station(id: "desk", servers: .infinite, service: .all(.exponential(mean: 4)), patience: .exponential(mean: 2))],
            arrivals: [ArrivalStream(to: "desk", classId: "default", process: .poisson(rate: 1))])
        var (model, _) = try NetworkModel.compile(scenario)
        model.stations[0].waitTarget = 60
        let grid = SlotGrid(slot: 60, period: 9 * 60)
        let search = StaffingSearch(model: model, stations: [0], grid: grid, targets: StaffingTargets(serviceLevel: 0.5, maxAbandon: 0.05),
                                    replications: 30, seed: 21)
        let result = search.run(jobs: 2)
        let plan = result.stations[0].types[0]
        #expect(result.abandonmentRounds > 0)
        #expect(plan.addedForAbandonment.reduce(0, +) > 0)
        #expect(plan.totalAbandonShare <= 0.05)
        // A slot that needed servers for abandonment has at least Erlang A's count (M/M/c+M at its
        // arrival rate, 4-minute service, 2-minute patience): the rounds jump there at once.
        let erlangA = ErlangFormulas.staffing(arrivalRate: 1, serviceRate: 0.25, abandonmentRate: 0.5, maxAbandon: 0.05)
        #expect(erlangA > 4)
        for t in plan.addedForAbandonment.indices where plan.addedForAbandonment[t] > 0 {
            #expect(plan.requirement[t] >= erlangA, "slot \(t): \(plan.requirement[t]) servers, Erlang A \(erlangA)")
        }

        // On fresh random numbers the share who give up is at most 5% within its 95% interval.
        var check = search
        check.seed = 99
        let observed = check.observe([[plan.requirement]], jobs: 2)
        let estimate = observed.abandonment(0, type: 0)
        let mean = try #require(estimate.mean), halfWidth = try #require(estimate.halfWidth)
        #expect(mean - halfWidth <= 0.05, "\(mean) ± \(halfWidth) gave up")
    }

    /// Four periods of 8 one-hour slots; the first period is a peak with 2.5 times the arrivals.
    /// λ = 1/min regular (load 4 at 4 min a visit), 2.5/min in the peak (load 10); patience 20 min.
    private func peakModel() throws -> NetworkModel {
        let scenario = Scenario(
            name: "peak", run: RunControl(duration: 4 * 480, warmup: 0, replications: 40, seed: 3),
            stations: [Station(id: "desk", servers: .infinite, service: .all(.exponential(mean: 4)), patience: .exponential(mean: 20))],
            arrivals: [ArrivalStream(to: "desk", classId: "default",
                                     process: .rateProfile(period: 4 * 480, step: 480, rates: [2.5, 1, 1, 1]))])
        var (model, _) = try NetworkModel.compile(scenario)
        model.stations[0].waitTarget = 0
        return model
    }

    @Test func weekTypesGroupATermByItsPeaks() {
        let term = Term(weeks: 18, peaks: [Term.Peak(name: "term_start", week: 1, weeks: 2, factor: 2.5),
                                          Term.Peak(name: "graduation", week: 16, weeks: 2, factor: 1.6)])
        let types = WeekTypes.term(term, periods: 18)
        #expect(types.names == ["regular", "term_start", "graduation"])
        #expect(types.periods(of: 1) == [0, 1])
        #expect(types.periods(of: 2) == [15, 16])
        #expect(types.periods(of: 0) == Array(2...14) + [17])
        // Every week in a peak: no regular type.
        let all = WeekTypes.term(Term(weeks: 2, peaks: [Term.Peak(name: "rush", week: 1, weeks: 2, factor: 2)]), periods: 2)
        #expect(all.names == ["rush"])
        #expect(all.ofPeriod == [0, 0])
    }

    @Test func aPeakWeekTypeGetsItsOwnStaffingThatHoldsTheTarget() throws {
        let model = try peakModel()
        let grid = SlotGrid(slot: 60, period: 480)
        let weekTypes = WeekTypes(names: ["regular", "peak"], ofPeriod: [1, 0, 0, 0])
        let search = StaffingSearch(model: model, stations: [0], grid: grid, weekTypes: weekTypes,
                                    targets: StaffingTargets(serviceLevel: 0.8, maxAbandon: 0.05), replications: 40, seed: 3)
        let result = search.run(jobs: 2)
        let regular = result.stations[0].types[0].requirement
        let peak = result.stations[0].types[1].requirement
        // Loads 4 and 10 at P(W > 0) ≤ 0.2: Erlang C asks for 7 and 14 servers.
        #expect(ErlangFormulas.staffing(load: 4, delayProbability: 0.2) == 7)
        #expect(ErlangFormulas.staffing(load: 10, delayProbability: 0.2) == 14)
        for t in 1..<grid.count {
            #expect(peak[t] > regular[t], "slot \(t): peak \(peak[t]) vs regular \(regular[t])")
        }
        #expect(peak.reduce(0, +) > regular.reduce(0, +) + 4 * grid.count)

        // The peak staffing, run on fresh random numbers: in every peak slot after the first (which
        // starts empty), the share not delayed holds 0.8 within its 95% binomial interval and a
        // margin of one server's step (≈ 0.04 at this load).
        var check = search
        check.seed = 777
        let staffing: StaffingSearch.Staffing = [result.stations[0].types.map { $0.requirement }]
        let observed = check.observe(staffing, jobs: 2)
        let cells = observed.cells[0][1]
        for t in 1..<grid.count {
            let n = Double(cells.arrivals[t])
            let p = Double(cells.within[t]) / n
            let halfWidth: Double = 1.96 * (p * (1 - p) / n).squareRoot()
            #expect(p + halfWidth + 0.04 >= 0.8, "peak slot \(t): \(p) ± \(halfWidth) of \(cells.arrivals[t]) not delayed")
        }
        // The abandonment target holds in each type (a server or more where it did not).
        #expect(result.stations[0].types.allSatisfy { $0.totalAbandonShare <= 0.05 })
    }
}

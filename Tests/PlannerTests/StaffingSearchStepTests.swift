import QueueingNetwork
import ScenarioModel
import Testing
@testable import Planner

/// The staffing search's steps, each on its own.
@Suite struct StaffingSearchStepTests {
    /// λ = 1.5/min, 4 minutes a visit (load 6), patience 2 minutes on average; four 2-hour slots.
    private func search(replications: Int = 4) throws -> StaffingSearch {
        let scenario = Scenario(
            name: "desk", run: RunControl(duration: 480, warmup: 0, replications: replications, seed: 3),
            stations: [Station(id: "desk", servers: .infinite, service: .all(.exponential(mean: 4)), patience: .exponential(mean: 2))],
            arrivals: [ArrivalStream(to: "desk", classId: "default", process: .poisson(rate: 1.5))])
        var (model, _) = try NetworkModel.compile(scenario)
        model.stations[0].waitTarget = 0
        var search = StaffingSearch(model: model, stations: [0], grid: SlotGrid(slot: 120, period: 480),
                                    targets: StaffingTargets(serviceLevel: 0.8, maxAbandon: 0.05), replications: replications, seed: 3)
        search.fixedDelayProbability = 0.2
        return search
    }

    @Test func slotInputsComeFromTheModelAndTheFirstSimulation() throws {
        let search = try search()
        let first = search.observe(nil, jobs: 1)
        let inputs = search.slotInputs(first: first)
        #expect(inputs.demands == [[[1.5, 1.5, 1.5, 1.5]]])
        #expect(inputs.alphas == [[[0.2, 0.2, 0.2, 0.2]]])
        #expect(inputs.closed == [[[false, false, false, false]]])
        #expect(inputs.unobserved == [[[false, false, false, false]]])
        #expect(inputs.meanServices == [4])
        #expect(inputs.patienceMeans == [2])
        #expect(inputs.staffing(from: first) == [[first.cells[0][0].quantileStaffing(alpha: [0.2, 0.2, 0.2, 0.2])]])
    }

    @Test func aClosedSlotTakesNoServersAndAnUnobservedOneTakesErlangC() throws {
        let search = try search()
        let first = search.observe(nil, jobs: 1)
        var inputs = search.slotInputs(first: first)
        inputs.closed[0][0][1] = true
        inputs.unobserved[0][0][2] = true
        let quantile = first.cells[0][0].quantileStaffing(alpha: [0.2, 0.2, 0.2, 0.2])
        let erlangC = ErlangFormulas.staffing(load: 6, delayProbability: 0.2)
        #expect(erlangC == 9)
        #expect(inputs.staffing(from: first) == [[[quantile[0], 0, erlangC, quantile[3]]]])
    }

    @Test func aSlotThatComesBackSettlesOnTheFewestServersThatMetAlpha() {
        var cycles = StaffingSearch.StaffingCycles(start: [[[5, 3]]])
        // 5 asked for 6 (it failed α); slot 1 asked for what it had.
        #expect(cycles.advance(candidate: [[[6, 3]]]) == 1)
        #expect(cycles.current == [[[6, 3]]])
        // 6 asked for 5 (it met α): back to a value seen before, with nothing between 5 and 6.
        #expect(cycles.advance(candidate: [[[5, 3]]]) == 0)
        #expect(cycles.current == [[[6, 3]]])
        #expect(cycles.slotsInCycles == 1)
        #expect(cycles.frozen == [[[true, false]]])
        // A frozen slot stays whatever the next simulation asks for.
        #expect(cycles.advance(candidate: [[[2, 3]]]) == 0)
        #expect(cycles.current == [[[6, 3]]])
    }

    @Test func aCycleWithUntriedValuesBetweenIsBisected() {
        var cycles = StaffingSearch.StaffingCycles(start: [[[4]]])
        #expect(cycles.advance(candidate: [[[8]]]) == 4)   // 4 failed
        #expect(cycles.advance(candidate: [[[4]]]) == 2)   // 8 met; 4 seen before: 6 is tried
        #expect(cycles.current == [[[6]]])
        #expect(cycles.slotsInCycles == 0)
        #expect(cycles.advance(candidate: [[[7]]]) == 1)   // 6 failed, 7 is new
        #expect(cycles.advance(candidate: [[[8]]]) == 1)   // 7 failed; 8 the fewest that met
        #expect(cycles.current == [[[8]]])
        #expect(cycles.slotsInCycles == 1)
        #expect(cycles.history == [[[[4, 8, 6, 7, 8]]]])
    }

    @Test func abandonmentAddsErlangAsServersOnlyWhereOpenSlotsLoseTooMany() throws {
        let search = try search()
        let inputs = StaffingSearch.SlotInputs(
            demands: [[[1.5, 1.5, 1.5, 1.5]]], alphas: [[[0.2, 0.2, 0.2, 0.2]]], closed: [[[false, false, false, true]]],
            unobserved: [[[false, false, false, false]]], meanServices: [4], patienceMeans: [2])
        var cells = SlotObservations.Cells(slots: 4)
        cells.arrivals = [100, 100, 100, 10]
        cells.abandoned = [20, 3, 6, 10]   // open slots: 29 of 300 gave up, above 5%; slot 3 is closed
        var staffing: StaffingSearch.Staffing = [[[4, 4, 4, 0]]]
        var added: [[[Int]]] = [[[0, 0, 0, 0]]]
        #expect(search.addServersForAbandonment([[cells]], inputs: inputs, staffing: &staffing, added: &added))
        let erlangA = ErlangFormulas.staffing(arrivalRate: 1.5, serviceRate: 0.25, abandonmentRate: 0.5, maxAbandon: 0.05)
        #expect(erlangA > 5)
        #expect(staffing == [[[erlangA, 4, erlangA, 0]]])
        #expect(added == [[[erlangA - 4, 0, erlangA - 4, 0]]])

        // At or below the target over the open slots: nothing changes.
        cells.abandoned = [5, 3, 6, 10]
        var unchanged: StaffingSearch.Staffing = [[[4, 4, 4, 0]]]
        #expect(!search.addServersForAbandonment([[cells]], inputs: inputs, staffing: &unchanged, added: &added))
        #expect(unchanged == [[[4, 4, 4, 0]]])
    }
}

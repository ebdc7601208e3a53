import Testing
@testable import Planner

/// The cheapest covering by enumerating every staff vector up to a bound.
private func bruteForce(_ program: ShiftProgram) -> Double {
    let bound = (program.requirement.max() ?? 0)
    var best = Double.infinity
    var x = [Int](repeating: 0, count: program.patterns.count)
    func visit(_ j: Int) {
        if j == x.count {
            var coverage = [Int](repeating: 0, count: program.requirement.count)
            for (k, p) in program.patterns.enumerated() { for t in p.slots { coverage[t] += x[k] } }
            guard zip(coverage, program.requirement).allSatisfy({ $0 >= $1 }) else { return }
            best = min(best, zip(x, program.patterns).reduce(0) { $0 + Double($1.0) * $1.1.cost })
            return
        }
        for v in 0...bound { x[j] = v; visit(j + 1) }
    }
    visit(0)
    return best
}

@Suite struct ShiftProgramTests {
    @Test func optimumEqualsBruteForceOnSmallCases() throws {
        var generator = SplitMix(seed: 42)
        for _ in 0..<25 {
            let slots = 6 + Int(generator.next() % 3)
            let requirement = (0..<slots).map { _ in Int(generator.next() % 5) }
            let count = 3 + Int(generator.next() % 2)
            var patterns: [ShiftProgram.Pattern] = []
            for j in 0..<count {
                let start = Int(generator.next() % UInt64(slots))
                let length = 2 + Int(generator.next() % 4)
                let covered = (start..<min(slots, start + length)).filter { _ in generator.next() % 5 != 0 }
                patterns.append(.init(name: "p\(j)", slots: covered, cost: Double(1 + generator.next() % 6)))
            }
            // Make every slot coverable: one long expensive pattern.
            patterns.append(.init(name: "all", slots: Array(0..<slots), cost: Double(8 + generator.next() % 5)))
            let program = ShiftProgram(requirement: requirement, patterns: patterns)
            let solution = try program.solve()
            #expect(abs(solution.cost - bruteForce(program)) < 1e-9, "requirement \(requirement)")
            #expect(zip(solution.coverage, requirement).allSatisfy { $0 >= $1 })
            #expect(solution.relaxation <= solution.cost + 1e-9)
            #expect(solution.provenOptimal && solution.gap == 0)
        }
    }

    @Test func integralityGapIsReportedAgainstTheRelaxation() throws {
        // Three slots, each pattern covers two of them cyclically, requirement 1 each: the LP takes
        // ½ of every pattern (cost 1.5), the integer optimum needs two patterns (cost 2).
        let program = ShiftProgram(requirement: [1, 1, 1], patterns: [
            .init(name: "a", slots: [0, 1], cost: 1), .init(name: "b", slots: [1, 2], cost: 1), .init(name: "c", slots: [2, 0], cost: 1),
        ])
        let solution = try program.solve()
        #expect(solution.cost == 2)
        #expect(abs(solution.relaxation - 1.5) < 1e-9)
        #expect(abs(solution.relaxationGap - 0.25) < 1e-9)
    }

    @Test func uncoveredSlotIsAnError() {
        let program = ShiftProgram(requirement: [0, 2, 1], patterns: [.init(name: "a", slots: [0, 1], cost: 1)])
        #expect(throws: ShiftProgram.Failure.self) { try program.solve() }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import CGLPK

/// A set-covering shift program: staff per shift pattern so that every slot's requirement is
/// covered, at least cost (Dantzig 1954).
///
/// minimise Σ c_j x_j subject to Σ_j a_tj x_j ≥ r_t for every slot t, x_j ∈ ℤ⁺.
public struct ShiftProgram: Sendable {
    /// One shift pattern: the slots it works and what one person on it costs.
    public struct Pattern: Sendable, Hashable {
        public var name: String
        /// Indices of the slots this pattern covers.
        public var slots: [Int]
        public var cost: Double

        public init(name: String, slots: [Int], cost: Double) {
            self.name = name
            self.slots = slots
            self.cost = cost
        }
    }

    /// The solver's answer.
    public struct Solution: Sendable {
        /// Staff per pattern, in pattern order.
        public var staff: [Int]
        public var cost: Double
        /// The LP relaxation's optimum: a lower bound on any integer plan's cost.
        public var relaxation: Double
        /// Whether branch and cut proved the plan optimal (it may stop at its time limit first).
        public var provenOptimal: Bool
        /// How far from optimal the plan can be, as a share of its cost: 0 when proven optimal,
        /// else measured against the LP relaxation's bound.
        public var gap: Double { provenOptimal ? 0 : relaxationGap }
        /// (cost − LP relaxation) / cost: the integrality gap of this plan.
        public var relaxationGap: Double { cost > 0 ? max(0, (cost - relaxation) / cost) : 0 }
        /// Staff on duty per slot.
        public var coverage: [Int]
        /// Slots whose requirement the plan meets exactly (the binding covering constraints).
        public var bindingSlots: [Int]
    }

    public enum Failure: Error, Sendable, CustomStringConvertible {
        /// Some slot needs staff that no pattern covers.
        case uncovered(slots: [Int])
        case solver(String)

        public var description: String {
            switch self {
            case .uncovered(let slots): "no shift pattern covers slot\(slots.count == 1 ? "" : "s") \(slots.prefix(8).map(String.init).joined(separator: ", "))\(slots.count > 8 ? ", ..." : "") where staff are required"
            case .solver(let message): "the shift program failed: \(message)"
            }
        }
    }

    public var requirement: [Int]
    public var patterns: [Pattern]

    public init(requirement: [Int], patterns: [Pattern]) {
        self.requirement = requirement
        self.patterns = patterns
    }

    /// Solves the program with GLPK's branch and cut (presolved), to proven optimality unless
    /// `timeLimit` seconds run out first.
    public func solve(timeLimit: Double = 20) throws(Failure) -> Solution {
        var covered = [Bool](repeating: false, count: requirement.count)
        for p in patterns { for t in p.slots where t >= 0 && t < requirement.count { covered[t] = true } }
        let missing = requirement.indices.filter { requirement[$0] > 0 && !covered[$0] }
        if !missing.isEmpty { throw .uncovered(slots: missing) }
        let rows = requirement.indices.filter { requirement[$0] > 0 }
        if rows.isEmpty {
            return Solution(staff: patterns.map { _ in 0 }, cost: 0, relaxation: 0, provenOptimal: true,
                            coverage: requirement.map { _ in 0 }, bindingSlots: [])
        }
        let result = try GLPK.solveCovering(
            rows: rows.map { Double(requirement[$0]) },
            columns: patterns.map { p in (cost: p.cost, rows: p.slots.compactMap { rows.firstIndex(of: $0) }) },
            timeLimit: timeLimit)
        var coverage = [Int](repeating: 0, count: requirement.count)
        for (j, p) in patterns.enumerated() where result.values[j] > 0 {
            for t in p.slots where t >= 0 && t < coverage.count { coverage[t] += result.values[j] }
        }
        let binding = rows.filter { coverage[$0] == requirement[$0] }
        return Solution(staff: result.values, cost: result.objective, relaxation: result.relaxation,
                        provenOptimal: result.optimal,
                        coverage: coverage, bindingSlots: binding)
    }
}

/// The one funnel for GLPK calls: problems are built, solved and freed here, and GLPK's terminal
/// output is switched off.
enum GLPK {
    struct Result {
        var values: [Int]
        var objective: Double
        var relaxation: Double
        var optimal: Bool
    }

    static func solveCovering(rows: [Double], columns: [(cost: Double, rows: [Int])], timeLimit: Double) throws(ShiftProgram.Failure) -> Result {
        glp_term_out(GLP_OFF)
        guard let lp = glp_create_prob() else { throw .solver("cannot create a problem") }
        defer { glp_delete_prob(lp) }
        glp_set_obj_dir(lp, GLP_MIN)
        glp_add_rows(lp, Int32(rows.count))
        for (i, r) in rows.enumerated() { glp_set_row_bnds(lp, Int32(i + 1), GLP_LO, r, 0) }
        glp_add_cols(lp, Int32(columns.count))
        // GLPK's sparse arrays are 1-based: element 0 is ignored.
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        for (j, column) in columns.enumerated() {
            let col = Int32(j + 1)
            glp_set_col_bnds(lp, col, GLP_LO, 0, 0)
            glp_set_col_kind(lp, col, GLP_IV)
            glp_set_obj_coef(lp, col, column.cost)
            for i in Set(column.rows).sorted() {
                ia.append(Int32(i + 1))
                ja.append(col)
                ar.append(1)
            }
        }
        glp_load_matrix(lp, Int32(ia.count - 1), &ia, &ja, &ar)

        // The LP relaxation first: its optimum bounds the integer optimum from below.
        var simplex = glp_smcp()
        glp_init_smcp(&simplex)
        simplex.msg_lev = GLP_MSG_OFF
        let lpStatus = glp_simplex(lp, &simplex)
        guard lpStatus == 0, glp_get_status(lp) == GLP_OPT else {
            throw .solver("the LP relaxation did not solve (status \(lpStatus), \(glp_get_status(lp)))")
        }
        let relaxation = glp_get_obj_val(lp)

        var mip = glp_iocp()
        glp_init_iocp(&mip)
        mip.msg_lev = GLP_MSG_OFF
        mip.presolve = GLP_ON
        mip.tm_lim = Int32(max(1, min(Double(Int32.max) / 1000, timeLimit * 1000)))
        let status = glp_intopt(lp, &mip)
        let mipStatus = glp_mip_status(lp)
        guard status == 0 || status == GLP_ETMLIM, mipStatus == GLP_OPT || mipStatus == GLP_FEAS else {
            throw .solver("branch and cut stopped (status \(status), solution status \(mipStatus))")
        }
        let values = (0..<columns.count).map { j in Int(glp_mip_col_val(lp, Int32(j + 1)).rounded()) }
        let objective = glp_mip_obj_val(lp)
        return Result(values: values, objective: objective, relaxation: relaxation, optimal: mipStatus == GLP_OPT)
    }
}

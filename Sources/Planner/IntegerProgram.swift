import CGLPK

/// A small mixed-integer program in the planner's terms, solved by GLPK: minimise c·x subject to
/// row bounds on sparse linear rows and bounds on each variable.
struct IntegerProgram: Sendable {
    struct Variable: Sendable {
        var cost: Double = 0
        var lower: Double = 0
        /// No upper bound when nil.
        var upper: Double?
        var integer: Bool = true
    }

    /// lower ≤ Σ coefficient · x[variable] ≤ upper; a nil side is unbounded.
    struct Row: Sendable {
        var terms: [(variable: Int, coefficient: Double)]
        var lower: Double?
        var upper: Double?
    }

    struct Solution: Sendable {
        var values: [Double]
        var objective: Double
        /// The LP relaxation's optimum: a lower bound on the integer optimum.
        var relaxation: Double
        /// Whether branch and cut proved the solution optimal (it may stop at its time limit first).
        var optimal: Bool
        /// Seconds GLPK spent, the relaxation and branch and cut together.
        var seconds: Double
        /// Branch and cut stopped at its time limit (the solution is the best found by then).
        var hitTimeLimit: Bool = false
        /// Branch and cut stopped once the relative gap to its best bound was within the requested
        /// tolerance: the solution is within that share of the optimum.
        var withinGapTolerance: Bool = false

        /// How far from optimal the solution can be, as a share of its objective: 0 when proven
        /// optimal, else measured against the LP relaxation.
        var gap: Double {
            if optimal { return 0 }
            let scale = max(abs(objective), 1e-9)
            return max(0, (objective - relaxation) / scale)
        }

        func integer(_ j: Int) -> Int { Int(values[j].rounded()) }
    }

    enum Outcome: Sendable {
        case solved(Solution)
        /// No point satisfies the rows and bounds (found by the relaxation or by branch and cut).
        case infeasible
    }

    var variables: [Variable] = []
    var rows: [Row] = []

    /// Adds a variable and returns its index.
    mutating func add(_ variable: Variable) -> Int {
        variables.append(variable)
        return variables.count - 1
    }

    mutating func add(_ row: Row) { rows.append(row) }

    /// Solves the relaxation, then branch and cut (presolved) until optimal or `timeLimit` seconds.
    func solve(timeLimit: Double = 20, mipGap: Double = 0, cuts: Bool = false) throws(GLPK.Failure) -> Outcome {
        try GLPK.solve(self, timeLimit: timeLimit, mipGap: mipGap, cuts: cuts)
    }
}

/// The one funnel for GLPK calls: problems are built, solved and freed here, and GLPK's terminal
/// output is switched off.
enum GLPK {
    struct Failure: Error, Sendable, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func solve(_ program: IntegerProgram, timeLimit: Double, mipGap: Double = 0, cuts: Bool = false) throws(Failure) -> IntegerProgram.Outcome {
        glp_term_out(GLP_OFF)
        guard let lp = glp_create_prob() else { throw Failure(message: "cannot create a problem") }
        defer { glp_delete_prob(lp) }
        let clock = ContinuousClock()
        let started = clock.now
        glp_set_obj_dir(lp, GLP_MIN)
        if !program.rows.isEmpty { glp_add_rows(lp, Int32(program.rows.count)) }
        for (i, row) in program.rows.enumerated() {
            let (kind, lo, up) = bounds(row.lower, row.upper)
            glp_set_row_bnds(lp, Int32(i + 1), kind, lo, up)
        }
        if !program.variables.isEmpty { glp_add_cols(lp, Int32(program.variables.count)) }
        for (j, v) in program.variables.enumerated() {
            let col = Int32(j + 1)
            let (kind, lo, up) = bounds(v.lower, v.upper)
            glp_set_col_bnds(lp, col, kind, lo, up)
            glp_set_col_kind(lp, col, v.integer ? GLP_IV : GLP_CV)
            glp_set_obj_coef(lp, col, v.cost)
        }
        // GLPK's sparse arrays are 1-based: element 0 is ignored. Repeated terms are summed; the
        // elements go column by column, rows ascending within a column.
        var columns: [[(row: Int, coefficient: Double)]] = program.variables.map { _ in [] }
        for (i, row) in program.rows.enumerated() {
            var merged: [Int: Double] = [:]
            for t in row.terms { merged[t.variable, default: 0] += t.coefficient }
            for (j, a) in merged where a != 0 { columns[j].append((i, a)) }
        }
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        for (j, column) in columns.enumerated() {
            for element in column.sorted(by: { $0.row < $1.row }) {
                ia.append(Int32(element.row + 1))
                ja.append(Int32(j + 1))
                ar.append(element.coefficient)
            }
        }
        glp_load_matrix(lp, Int32(ia.count - 1), &ia, &ja, &ar)

        // The LP relaxation first: its optimum bounds the integer optimum from below.
        var simplex = glp_smcp()
        glp_init_smcp(&simplex)
        simplex.msg_lev = GLP_MSG_OFF
        let lpStatus = glp_simplex(lp, &simplex)
        let lpSolution = glp_get_status(lp)
        if lpStatus == 0 && (lpSolution == GLP_NOFEAS || glp_get_prim_stat(lp) == GLP_NOFEAS) { return .infeasible }
        guard lpStatus == 0, lpSolution == GLP_OPT else {
            throw Failure(message: "the LP relaxation did not solve (status \(lpStatus), \(lpSolution))")
        }
        let relaxation = glp_get_obj_val(lp)

        var mip = glp_iocp()
        glp_init_iocp(&mip)
        mip.msg_lev = GLP_MSG_OFF
        mip.presolve = GLP_ON
        mip.tm_lim = Int32(max(1, min(Double(Int32.max) / 1000, timeLimit * 1000)))
        mip.mip_gap = max(0, mipGap)
        if cuts {
            // Mixed-integer rounding, Gomory and cover cuts, and the feasibility pump: a covering
            // program's relaxation is weak without them.
            mip.mir_cuts = GLP_ON
            mip.gmi_cuts = GLP_ON
            mip.cov_cuts = GLP_ON
            mip.fp_heur = GLP_ON
        }
        let status = glp_intopt(lp, &mip)
        let mipStatus = glp_mip_status(lp)
        if status == GLP_ENOPFS || mipStatus == GLP_NOFEAS { return .infeasible }
        guard status == 0 || status == GLP_ETMLIM || status == GLP_EMIPGAP, mipStatus == GLP_OPT || mipStatus == GLP_FEAS else {
            throw Failure(message: "branch and cut stopped (status \(status), solution status \(mipStatus))")
        }
        let values = program.variables.indices.map { j in glp_mip_col_val(lp, Int32(j + 1)) }
        let elapsed = started.duration(to: clock.now).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        return .solved(IntegerProgram.Solution(
            values: values, objective: glp_mip_obj_val(lp), relaxation: relaxation, optimal: mipStatus == GLP_OPT,
            seconds: seconds, hitTimeLimit: status == GLP_ETMLIM, withinGapTolerance: status == GLP_EMIPGAP || (status == 0 && mipStatus == GLP_OPT)))
    }

    private static func bounds(_ lower: Double?, _ upper: Double?) -> (Int32, Double, Double) {
        switch (lower, upper) {
        case (nil, nil): (GLP_FR, 0, 0)
        case (let l?, nil): (GLP_LO, l, 0)
        case (nil, let u?): (GLP_UP, 0, u)
        case (let l?, let u?): l == u ? (GLP_FX, l, u) : (GLP_DB, l, u)
        }
    }
}

extension GLPK {
    struct CoveringResult {
        var values: [Int]
        var objective: Double
        var relaxation: Double
        var optimal: Bool
    }

    /// A covering program, minimise Σ cost_j x_j subject to Σ_{j covers i} x_j ≥ rows_i, x ∈ ℤ⁺: the
    /// shift plan's.
    static func solveCovering(rows: [Double], columns: [(cost: Double, rows: [Int])], timeLimit: Double) throws(ShiftProgram.Failure) -> CoveringResult {
        var program = IntegerProgram()
        for column in columns { _ = program.add(.init(cost: column.cost)) }
        var terms: [[(variable: Int, coefficient: Double)]] = rows.map { _ in [] }
        for (j, column) in columns.enumerated() {
            for i in Set(column.rows).sorted() { terms[i].append((j, 1)) }
        }
        for (i, r) in rows.enumerated() { program.add(.init(terms: terms[i], lower: r, upper: nil)) }
        let outcome: IntegerProgram.Outcome
        do { outcome = try solve(program, timeLimit: timeLimit) } catch { throw .solver(error.message) }
        guard case .solved(let s) = outcome else { throw .solver("the LP relaxation did not solve (infeasible)") }
        return CoveringResult(values: s.values.map { Int($0.rounded()) }, objective: s.objective, relaxation: s.relaxation, optimal: s.optimal)
    }
}

/// A solved `CounselorProgram`: visits by college, and each counselor's buildings and duty blocks,
/// dealt to fit the profiles the program chose (visits within the college, duty over everyone).
public struct CounselorAssignment: Sendable {
    /// One GLPK solve of the lexicographic program.
    public struct Stage: Sendable {
        public var name: String
        public var objective: Double
        public var relaxation: Double
        public var provenOptimal: Bool
        public var gap: Double
        public var seconds: Double
        public var variables: Int
        public var integerVariables: Int
        public var rows: Int

        init(name: String, objective: Double, relaxation: Double, provenOptimal: Bool, gap: Double, seconds: Double,
             variables: Int, integerVariables: Int, rows: Int) {
            self.name = name
            self.objective = objective
            self.relaxation = relaxation
            self.provenOptimal = provenOptimal
            self.gap = gap
            self.seconds = seconds
            self.variables = variables
            self.integerVariables = integerVariables
            self.rows = rows
        }

        init(name: String, solution: IntegerProgram.Solution, program: CounselorProgram.Built) {
            self.name = name
            objective = solution.objective
            relaxation = solution.relaxation
            provenOptimal = solution.optimal
            gap = solution.gap
            seconds = solution.seconds
            variables = program.program.variables.count
            integerVariables = program.integerCount
            rows = program.program.rows.count
        }
    }

    public let program: CounselorProgram
    /// visits[c][b]: visits a week by college c's counselors to building b.
    public var visits: [[Int]] {
        var v = program.colleges.map { _ in program.buildings.map { _ in 0 } }
        for (i, list) in counselorBuildings.enumerated() { for b in list { v[counselorCollege[i]][b] += 1 } }
        return v
    }
    /// profileCounts[c][p]: counselors of college c with the program's profile p.
    let profileCounts: [[Int]]
    /// The program's optimum: no counselor's weekly visits, talks and duty take more hours.
    public let busiestBound: Double
    /// Visits per building and counselors per block the staff could not give (zero when they suffice).
    public var missingVisits: [Int] { zip(program.visitsRequired, buildingVisits).map { max(0, $0 - $1) } }
    public var missingDuty: [Int] { zip(program.dutyRequired, blockDuty).map { max(0, $0 - $1) } }
    public let stages: [Stage]

    /// Each counselor's college, buildings visited weekly and duty blocks; counselors are numbered
    /// college after college in the population's order, as `CounselorWeeks` numbers them.
    public let counselorCollege: [Int]
    public let counselorBuildings: [[Int]]
    public let counselorBlocks: [[Int]]

    /// `visits` nil: no preference solve finished, and the visits are dealt over every counselor.
    init(program: CounselorProgram, visits: [[Int]]?, profileCounts: [[Int]], busiestBound: Double, stages: [Stage]) {
        self.program = program
        self.profileCounts = profileCounts
        self.busiestBound = busiestBound
        self.stages = stages
        var visitCaps: [Int] = []
        let profiles = program.profiles
        var college: [Int] = [], buildings: [[Int]] = [], dutyCaps: [Int] = []
        for c in program.colleges.indices {
            var caps: [(visits: Int, blocks: Int)] = []
            for (p, count) in profileCounts[c].enumerated() { caps += Array(repeating: profiles[p], count: count) }
            caps = Array(caps.prefix(program.counselors[c]))
            while caps.count < program.counselors[c] { caps.append((0, 0)) }
            college += Array(repeating: c, count: caps.count)
            if let visits { buildings += Self.deal(visits[c], caps: caps.map(\.visits)) }
            visitCaps += caps.map(\.visits)
            dutyCaps += caps.map(\.blocks)
        }
        counselorCollege = college
        if visits == nil { buildings = Self.deal(program.visitsRequired, caps: visitCaps) }
        counselorBuildings = buildings
        // Duty blocks differ only in their requirement: dealt over every counselor at once.
        counselorBlocks = Self.deal(program.dutyRequired, caps: dutyCaps)
    }

    /// Deals demand[t] copies of each item t to distinct holders, each holder at most caps[i] items:
    /// items with the most copies first, each to the holders with the most room left (Ryser's
    /// construction, which succeeds whenever any dealing does).
    static func deal(_ demand: [Int], caps: [Int]) -> [[Int]] {
        var room = caps
        var held = caps.map { _ in [Int]() }
        for t in demand.indices.sorted(by: { (demand[$0], -$0) > (demand[$1], -$1) }) where demand[t] > 0 {
            let chosen = room.indices.sorted { (room[$0], -$0) > (room[$1], -$1) }.prefix(demand[t])
            for i in chosen where room[i] > 0 {
                held[i].append(t)
                room[i] -= 1
            }
        }
        return held.map { $0.sorted() }
    }

    /// Hours a week of visits, talks and duty, per counselor.
    public var workload: [Double] {
        counselorCollege.indices.map { i in
            program.talkHours[counselorCollege[i]] + Double(counselorBuildings[i].count) * program.visitHours
                + Double(counselorBlocks[i].count) * program.blockHours
        }
    }

    /// Visits each building gets a week, as dealt to counselors.
    public var buildingVisits: [Int] {
        var v = program.buildings.map { _ in 0 }
        for list in counselorBuildings { for b in list { v[b] += 1 } }
        return v
    }

    /// duty[c][k]: counselors of college c on duty in block k.
    public var duty: [[Int]] {
        var d = program.colleges.map { _ in program.dutyRequired.map { _ in 0 } }
        for (i, list) in counselorBlocks.enumerated() { for k in list { d[counselorCollege[i]][k] += 1 } }
        return d
    }

    /// Counselors on duty in each block, as dealt.
    public var blockDuty: [Int] {
        var d = program.dutyRequired.map { _ in 0 }
        for list in counselorBlocks { for k in list { d[k] += 1 } }
        return d
    }

    /// Share of the visits made by a college with students living in the building.
    public var residentShare: Double? {
        var all = 0, own = 0
        for c in visits.indices {
            for (b, v) in visits[c].enumerated() {
                all += v
                if program.share[c][b] > 0 { own += v }
            }
        }
        return all > 0 ? Double(own) / Double(all) : nil
    }
}

import Foundation
import ScenarioModel
import Stochastics

/// Counselors week by week over the term: who is away, which dormitory buildings get visited, and
/// which students get a heart-to-heart talk (requested talks first, then scheduled ones).
///
/// Each counselor looks after the students of one college (student j of a college with n
/// counselors belongs to counselor j mod n) and a rotation of buildings (building b to counselor
/// b mod N; with more counselors than buildings, counselor i visits building i mod B). A building
/// with a residential counselor is visited in a week when one of its residents is present and has
/// the time for a visit (the dormitory hours hold at least one visit). An explicit assignment
/// (`visits`, the buildings each counselor visits) replaces the rotation.
///
/// A student counts as talked with once a counselor gives them a talk: a requested talk when their
/// counselor reaches it in the backlog (requests first, in the order asked), or a scheduled one.
public struct CounselorWeeks: Sendable {
    public struct Outcome: Sendable {
        /// Mean share of buildings visited per week.
        public var dormVisitCoverage: Double?
        /// Share of students given a talk at least once in the term (asking for one is not enough).
        public var talkCoverage: Double
        /// Mean hours worked per counselor per week, on-call duty excluded.
        public var weeklyHours: Double?
        /// Share of weeks each building was visited, by building.
        public var buildingCoverage: [Double]
        /// Share of each college's students talked with.
        public var collegeTalkCoverage: [Double]
        /// Talks students asked for that no counselor could give in the term.
        public var unmetRequests: Int
    }

    public let population: Population
    public let counselors: Counselors
    public let weeks: Int
    /// visits[i]: the buildings counselor i visits, walked in turn within the weekly visit budget;
    /// counselors are numbered college after college. nil: the rotation.
    public let visits: [[Int]]?

    public init(population: Population, counselors: Counselors, weeks: Int, visits: [[Int]]? = nil) {
        self.population = population
        self.counselors = counselors
        self.weeks = weeks
        self.visits = visits
    }

    /// The term, week after week, on the replication's own absence and request streams.
    public func run(master: UInt64, replication: Int) -> Outcome {
        let absenceStream = RandomStream(master: master, replication: replication, name: "counselors/absence")
        let requestStream = RandomStream(master: master, replication: replication, name: "counselors/requests")
        let roster = Roster(colleges: population.colleges)
        let b = population.dormitories.count
        let rotation = self.rotation(counselors: roster.count, buildings: b)
        let budget = WeeklyBudget(counselors)
        var term = TermState(counselors: roster.count, students: roster.studentTotal, buildings: b)
        for _ in 0..<weeks {
            week(roster: roster, rotation: rotation, budget: budget, absenceStream: absenceStream, requestStream: requestStream, term: &term)
        }
        return outcome(of: term, roster: roster)
    }

    /// Counselors and students numbered college after college.
    struct Roster {
        /// The college of each counselor.
        var counselorCollege: [Int] = []
        /// The index of each college's first student.
        var firstStudent: [Int] = []
        /// The index of each college's first counselor.
        var firstCounselor: [Int] = []
        /// Each counselor's place among its college's counselors.
        var indexInCollege: [Int] = []
        var studentTotal = 0
        /// Students and counselors per college.
        var students: [Int] = []
        var counselors: [Int] = []

        init(colleges: [Population.College]) {
            for (c, college) in colleges.enumerated() {
                firstCounselor.append(counselorCollege.count)
                counselorCollege += [Int](repeating: c, count: college.counselors)
                indexInCollege += Array(0..<college.counselors)
                firstStudent.append(studentTotal)
                studentTotal += college.students
                students.append(college.students)
                counselors.append(college.counselors)
            }
        }

        /// Number of counselors.
        var count: Int { counselorCollege.count }

        /// The college of `student`.
        func college(of student: Int) -> Int {
            var lo = 0, hi = firstStudent.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if firstStudent[mid] <= student { lo = mid } else { hi = mid - 1 }
            }
            return lo
        }

        /// The counselor who looks after `student` (student j of a college with n counselors belongs
        /// to its counselor j mod n); `nil` when the college has none.
        func counselor(of student: Int) -> Int? {
            let c = college(of: student)
            guard counselors[c] > 0 else { return nil }
            return firstCounselor[c] + (student - firstStudent[c]) % counselors[c]
        }
    }

    /// What a present counselor can do in a week.
    struct WeeklyBudget {
        var visits: Int
        var talks: Int
        /// Hours worked, on-call duty excluded.
        var hours: Double

        init(_ counselors: Counselors) {
            let hours = counselors.weeklyHours
            visits = Int((hours["dormitory", default: 0] / counselors.dormVisitHours).rounded(.down))
            talks = Int((hours["talks", default: 0] / counselors.talkHours).rounded(.down))
            self.hours = hours.filter { $0.key != "on_call" }.values.reduce(0, +)
        }

        init(visits: Int, talks: Int, hours: Double) {
            self.visits = visits
            self.talks = talks
            self.hours = hours
        }
    }

    /// What the term carries from week to week.
    struct TermState {
        /// Per counselor: visits made so far (the next building in its rotation).
        var buildingPointer: [Int]
        /// Per counselor: scheduled talks given so far (the next of its own students).
        var studentPointer: [Int]
        /// Per counselor: the students whose requested talks are waiting, in the order they asked.
        var backlog: [[Int]]
        var talked: [Bool]
        var weeksVisited: [Int]
        var hoursWorked = 0.0
        var unmet = 0
        var coverageSum = 0.0

        init(counselors n: Int, students: Int, buildings b: Int) {
            buildingPointer = [Int](repeating: 0, count: n)
            studentPointer = buildingPointer
            backlog = [[Int]](repeating: [], count: n)
            talked = [Bool](repeating: false, count: students)
            weeksVisited = [Int](repeating: 0, count: b)
        }
    }

    /// Each counselor's buildings, walked in rotation: the explicit `visits` (buildings out of
    /// range dropped), else building b to counselor b mod n, or with more counselors than
    /// buildings building i mod b to counselor i.
    func rotation(counselors n: Int, buildings b: Int) -> [[Int]] {
        var rotation: [[Int]] = Array(repeating: [], count: n)
        if let visits {
            for i in 0..<min(n, visits.count) { rotation[i] = visits[i].filter { $0 >= 0 && $0 < b } }
        } else if n > 0 && b > 0 {
            if n <= b {
                for building in 0..<b { rotation[building % n].append(building) }
            } else {
                for i in 0..<n { rotation[i].append(i % b) }
            }
        }
        return rotation
    }

    /// One week: who is away, the residential counselors' buildings, requested talks, then each
    /// present counselor's visits and talks; the week's coverage is added to the term.
    func week(roster: Roster, rotation: [[Int]], budget: WeeklyBudget, absenceStream: RandomStream, requestStream: RandomStream,
              term: inout TermState) {
        let n = roster.count
        let b = population.dormitories.count
        var present = [Bool](repeating: true, count: n)
        for i in 0..<n { present[i] = absenceStream.uniform() >= counselors.absence }
        var visited = residentialVisits(absenceStream: absenceStream, budget: budget)
        requestTalks(roster: roster, stream: requestStream, term: &term)
        for i in 0..<n where present[i] {
            counselorWeek(i, roster: roster, buildings: rotation[i], budget: budget, visited: &visited, term: &term)
        }
        let count = visited.filter { $0 }.count
        for building in 0..<b where visited[building] { term.weeksVisited[building] += 1 }
        if b > 0 { term.coverageSum += Double(count) / Double(b) }
    }

    /// The buildings residential counselors visit this week: they are placed in buildings in
    /// order, and each has a present or absent week too. A visit takes a residential counselor's
    /// dormitory hours like anyone's: without the time for one visit a week, living there visits nothing.
    func residentialVisits(absenceStream: RandomStream, budget: WeeklyBudget) -> [Bool] {
        var visited = [Bool](repeating: false, count: population.dormitories.count)
        for (building, dorm) in population.dormitories.enumerated() where dorm.residentialCounselors > 0 {
            // The absence draws are made whatever the budget, so that the streams stay aligned.
            for _ in 0..<dorm.residentialCounselors where absenceStream.uniform() >= counselors.absence && budget.visits > 0 {
                visited[building] = true
            }
        }
        return visited
    }

    /// Requested talks: a Poisson number of random students, each added to the backlog of the
    /// counselor who looks after them (unmet when their college has none). Asking is not a talk:
    /// the student is talked with when the counselor gives it.
    func requestTalks(roster: Roster, stream: RandomStream, term: inout TermState) {
        let studentTotal = roster.studentTotal
        let mean = counselors.requestedTalksPerThousand * Double(studentTotal) / 1000
        let requests = mean > 0 ? stream.poisson(mean: mean) : 0
        for _ in 0..<requests {
            guard studentTotal > 0 else { break }
            let student = min(studentTotal - 1, Int(stream.uniform() * Double(studentTotal)))
            guard let i = roster.counselor(of: student) else { term.unmet += 1; continue }
            term.backlog[i].append(student)
        }
    }

    /// A present counselor's week: visits to the next buildings of its rotation within the visit
    /// budget, then talks: requested ones first, then scheduled ones walking its own students.
    func counselorWeek(_ i: Int, roster: Roster, buildings mine: [Int], budget: WeeklyBudget, visited: inout [Bool], term: inout TermState) {
        term.hoursWorked += budget.hours
        if !mine.isEmpty {
            for _ in 0..<min(budget.visits, mine.count) {
                visited[mine[term.buildingPointer[i] % mine.count]] = true
                term.buildingPointer[i] += 1
            }
        }
        var capacity = budget.talks
        let served = min(capacity, term.backlog[i].count)
        for student in term.backlog[i].prefix(served) { term.talked[student] = true }
        term.backlog[i].removeFirst(served)
        capacity -= served
        // Scheduled talks walk the counselor's own students.
        let c = roster.counselorCollege[i]
        let nc = roster.counselors[c]
        let first = roster.firstStudent[c] + roster.indexInCollege[i]
        let own = (roster.students[c] - roster.indexInCollege[i] + nc - 1) / nc
        while capacity > 0 && term.studentPointer[i] < own {
            term.talked[first + term.studentPointer[i] * nc] = true
            term.studentPointer[i] += 1
            capacity -= 1
        }
    }

    /// The term's outcome from what its weeks left.
    func outcome(of term: TermState, roster: Roster) -> Outcome {
        let n = roster.count
        let b = population.dormitories.count
        let studentTotal = roster.studentTotal
        let unmet = term.unmet + term.backlog.reduce(0) { $0 + $1.count }
        let collegeCoverage = roster.students.indices.map { c -> Double in
            let range = roster.firstStudent[c]..<(roster.firstStudent[c] + roster.students[c])
            return Double(range.filter { term.talked[$0] }.count) / Double(max(1, roster.students[c]))
        }
        return Outcome(
            dormVisitCoverage: b > 0 && weeks > 0 ? term.coverageSum / Double(weeks) : nil,
            talkCoverage: studentTotal > 0 ? Double(term.talked.filter { $0 }.count) / Double(studentTotal) : 0,
            weeklyHours: n > 0 && weeks > 0 ? term.hoursWorked / Double(n * weeks) : nil,
            buildingCoverage: term.weeksVisited.map { weeks > 0 ? Double($0) / Double(weeks) : 0 },
            collegeTalkCoverage: collegeCoverage,
            unmetRequests: unmet)
    }
}

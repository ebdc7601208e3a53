import Foundation
import ScenarioModel
import Stochastics

/// Counselors week by week over the term: who is away, which dormitory buildings get visited, and
/// which students get a heart-to-heart talk (requested talks first, then scheduled ones).
///
/// Each counselor looks after the students of one college (student j of a college with n
/// counselors belongs to counselor j mod n) and a rotation of buildings (building b to counselor
/// b mod N; with more counselors than buildings, counselor i visits building i mod B). A building
/// with a residential counselor is visited whenever one of its residents is present. An explicit
/// assignment (`visits`, the buildings each counselor visits) replaces the rotation.
public struct CounselorWeeks: Sendable {
    public struct Outcome: Sendable {
        /// Mean share of buildings visited per week.
        public var dormVisitCoverage: Double?
        /// Share of students talked with at least once in the term.
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

    public func run(master: UInt64, replication: Int) -> Outcome {
        let absenceStream = RandomStream(master: master, replication: replication, name: "counselors/absence")
        let requestStream = RandomStream(master: master, replication: replication, name: "counselors/requests")
        let colleges = population.colleges
        var counselorCollege: [Int] = []
        var firstStudent: [Int] = []      // index of each college's first student
        var studentTotal = 0
        var firstCounselor: [Int] = []   // index of each college's first counselor
        for (c, college) in colleges.enumerated() {
            firstCounselor.append(counselorCollege.count)
            counselorCollege += [Int](repeating: c, count: college.counselors)
            firstStudent.append(studentTotal)
            studentTotal += college.students
        }
        let n = counselorCollege.count
        let buildings = population.dormitories
        let b = buildings.count

        // Each counselor's buildings and students, walked in rotation.
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
        var indexInCollege = [Int](repeating: 0, count: n)
        var counselorsSeen = [Int](repeating: 0, count: colleges.count)
        for i in 0..<n {
            indexInCollege[i] = counselorsSeen[counselorCollege[i]]
            counselorsSeen[counselorCollege[i]] += 1
        }
        var buildingPointer = [Int](repeating: 0, count: n)
        var studentPointer = [Int](repeating: 0, count: n)
        var backlog = [Int](repeating: 0, count: n)   // requested talks waiting, per counselor
        var talked = [Bool](repeating: false, count: studentTotal)
        var weeksVisited = [Int](repeating: 0, count: b)

        let hours = counselors.weeklyHours
        let visitsPerWeek = Int((hours["dormitory", default: 0] / counselors.dormVisitHours).rounded(.down))
        let talksPerWeek = Int((hours["talks", default: 0] / counselors.talkHours).rounded(.down))
        let workHours = hours.filter { $0.key != "on_call" }.values.reduce(0, +)
        var hoursWorked = 0.0
        var unmet = 0
        var coverageSum = 0.0

        for _ in 0..<weeks {
            var present = [Bool](repeating: true, count: n)
            for i in 0..<n { present[i] = absenceStream.uniform() >= counselors.absence }
            var visited = [Bool](repeating: false, count: b)
            // Residential counselors, placed in buildings in order; each has a present/absent week too.
            for (building, dorm) in buildings.enumerated() where dorm.residentialCounselors > 0 {
                for _ in 0..<dorm.residentialCounselors where absenceStream.uniform() >= counselors.absence {
                    visited[building] = true
                }
            }
            // Requested talks: a random student, who belongs to one counselor.
            let mean = counselors.requestedTalksPerThousand * Double(studentTotal) / 1000
            let requests = mean > 0 ? requestStream.poisson(mean: mean) : 0
            for _ in 0..<requests {
                guard studentTotal > 0 else { break }
                let student = min(studentTotal - 1, Int(requestStream.uniform() * Double(studentTotal)))
                let c = collegeOf(student, firstStudent: firstStudent)
                let nc = colleges[c].counselors
                guard nc > 0 else { unmet += 1; continue }
                let k = (student - firstStudent[c]) % nc
                let i = firstCounselor[c] + k
                backlog[i] += 1
                talked[student] = true
            }
            for i in 0..<n where present[i] {
                hoursWorked += workHours
                let mine = rotation[i]
                if !mine.isEmpty {
                    for _ in 0..<min(visitsPerWeek, mine.count) {
                        visited[mine[buildingPointer[i] % mine.count]] = true
                        buildingPointer[i] += 1
                    }
                }
                var capacity = talksPerWeek
                let served = min(capacity, backlog[i])
                backlog[i] -= served
                capacity -= served
                // Scheduled talks walk the counselor's own students.
                let c = counselorCollege[i]
                let nc = colleges[c].counselors
                let own = (colleges[c].students - indexInCollege[i] + nc - 1) / nc
                while capacity > 0 && studentPointer[i] < own {
                    talked[firstStudent[c] + indexInCollege[i] + studentPointer[i] * nc] = true
                    studentPointer[i] += 1
                    capacity -= 1
                }
            }
            let count = visited.filter { $0 }.count
            for building in 0..<b where visited[building] { weeksVisited[building] += 1 }
            if b > 0 { coverageSum += Double(count) / Double(b) }
        }
        unmet += backlog.reduce(0, +)

        let collegeCoverage = colleges.indices.map { c -> Double in
            let range = firstStudent[c]..<(firstStudent[c] + colleges[c].students)
            return Double(range.filter { talked[$0] }.count) / Double(max(1, colleges[c].students))
        }
        return Outcome(
            dormVisitCoverage: b > 0 && weeks > 0 ? coverageSum / Double(weeks) : nil,
            talkCoverage: studentTotal > 0 ? Double(talked.filter { $0 }.count) / Double(studentTotal) : 0,
            weeklyHours: n > 0 && weeks > 0 ? hoursWorked / Double(n * weeks) : nil,
            buildingCoverage: weeksVisited.map { weeks > 0 ? Double($0) / Double(weeks) : 0 },
            collegeTalkCoverage: collegeCoverage,
            unmetRequests: unmet)
    }

    private func collegeOf(_ student: Int, firstStudent: [Int]) -> Int {
        var lo = 0, hi = firstStudent.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if firstStudent[mid] <= student { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}

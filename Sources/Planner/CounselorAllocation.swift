import CampusModel
import Experiments
import Foundation
import ScenarioModel
import Stochastics

/// Counselor allocation: how many counselors each college gets, where the residential counselors
/// live, and how many must be on call, so that the campus rules hold with the workload as even as
/// possible; and, for each rule the staff cannot meet, how many more counselors it needs. Who
/// visits which building and who is on call when: `assign(perCollege:crisisNeeded:)`.
public struct CounselorPlanner: Sendable {
    /// What one rule asks of the counselor staff.
    public struct Requirement: Sendable, Hashable {
        public var rule: String
        public var kind: CampusRuleKind
        /// Counselors the rule needs in all (for on-call: counselors on duty at once).
        public var needed: Int
        public var met: Bool
        public var note: String
    }

    public struct Proposal: Sendable {
        /// Counselors per college, in the population's order.
        public var perCollege: [Int]
        /// Residential counselors per building, in the population's order.
        public var residents: [Int]
        /// Counselors on call at once.
        public var onCall: Int?
        public var total: Int
        public var requirements: [Requirement]
        /// Students per counselor, highest and lowest over colleges.
        public var highestLoad: Double
        public var lowestLoad: Double
        /// Simulated coverage with this allocation (mean over replications).
        public var dormVisitCoverage: Double?
        public var talkCoverage: Double?
        /// Counselors missing for the rules that the given staff cannot meet.
        public var shortfall: Int
        /// Buildings and on-call duty assigned by the integer program (`CounselorProgram`).
        public var assignment: AssignmentPlan? = nil
        /// Why there is no assignment, when the solver failed.
        public var assignmentError: String? = nil
    }

    public var campus: Campus
    public var timeUnit: TimeUnit
    public var replications: Int
    public var seed: UInt64
    /// Where simulated coverages are recorded and, on a resumed search, replayed from.
    public var journal: SearchJournal?

    public init(campus: Campus, timeUnit: TimeUnit, replications: Int = 5, seed: UInt64 = 1) {
        self.campus = campus
        self.timeUnit = timeUnit
        self.replications = replications
        self.seed = seed
    }

    /// Spreads `total` counselors over colleges so that the highest students-per-counselor is as low
    /// as it can be (each next counselor to the college with the most students per counselor).
    public static func spread(_ total: Int, students: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: students.count)
        guard !students.isEmpty else { return counts }
        for _ in 0..<max(0, total) {
            var best = 0
            var bestLoad = -1.0
            for c in students.indices {
                let load = counts[c] == 0 ? Double.infinity : Double(students[c]) / Double(counts[c])
                if load > bestLoad || (load == bestLoad && students[c] > students[best]) {
                    best = c
                    bestLoad = load
                }
            }
            counts[best] += 1
        }
        return counts
    }

    /// Coverage of dormitory visits and talks for an allocation, simulated over the term.
    func coverage(_ perCollege: [Int]) -> (dorm: Double?, talks: Double?) {
        guard campus.counselors != nil else { return (nil, nil) }
        guard let journal else { return simulatedCoverage(perCollege) }
        let key = "counselors coverage " + perCollege.map(String.init).joined(separator: ",") + " replications 0..<\(replications)"
        // A replayed entry holds two coverages, each a share or NaN (none).
        let values = journal.values(key, accept: { $0.count == 2 && $0.allSatisfy { $0.isNaN || (0...1).contains($0) } }) { () -> [Double] in
            let c = simulatedCoverage(perCollege)
            return [c.dorm ?? .nan, c.talks ?? .nan]
        }
        return (values[0].isNaN ? nil : values[0], values[1].isNaN ? nil : values[1])
    }

    private func simulatedCoverage(_ perCollege: [Int]) -> (dorm: Double?, talks: Double?) {
        guard let counselors = campus.counselors else { return (nil, nil) }
        var population = campus.population
        for c in population.colleges.indices { population.colleges[c].counselors = perCollege[c] }
        let weeks = CounselorWeeks(population: population, counselors: counselors, weeks: campus.term.weeks)
        var dorm = 0.0, talks = 0.0, dormCount = 0
        for r in 0..<replications {
            let o = weeks.run(master: seed, replication: r)
            if let d = o.dormVisitCoverage { dorm += d; dormCount += 1 }
            talks += o.talkCoverage
        }
        return (dormCount > 0 ? dorm / Double(dormCount) : nil, talks / Double(replications))
    }

    /// Plans the allocation for the counselors the scenario has, and the staff each rule needs.
    public func plan() -> Proposal {
        let students = campus.population.colleges.map(\.students)
        let totalStudents = students.reduce(0, +)
        let total = campus.population.colleges.reduce(0) { $0 + $1.counselors }
        var requirements: [Requirement] = []

        for rule in campus.rules {
            switch rule.kind {
            case .counselorRatio:
                // Each college within the ratio: the smallest total whose spread keeps every college there.
                var n = Int((Double(totalStudents) / rule.target).rounded(.up))
                while Self.spread(n, students: students).enumerated().contains(where: { Double(students[$0.offset]) / Double(max($0.element, 1)) > rule.target + 1e-9 || $0.element == 0 }) {
                    n += 1
                }
                requirements.append(Requirement(rule: rule.id, kind: rule.kind, needed: n, met: total >= n,
                                                note: "every college at most \(Int(rule.target)) students per counselor"))
            case .residence:
                let share = campus.counselors?.newShare ?? 0
                let needed = Int((share * Double(total)).rounded(.up))
                let resident = campus.population.dormitories.reduce(0) { $0 + $1.residentialCounselors }
                requirements.append(Requirement(rule: rule.id, kind: rule.kind, needed: needed, met: resident >= needed,
                                                note: "\(needed) new counselors to house; \(resident) residential places planned"))
            case .dormVisitCoverage, .talkCoverage:
                // The fewest counselors (spread evenly) whose simulated coverage meets the target.
                let measure: (Int) -> Double? = { n in
                    let c = coverage(Self.spread(n, students: students))
                    return rule.kind == .dormVisitCoverage ? c.dorm : c.talks
                }
                var lo = 1, hi = max(total, 1)
                while (measure(hi) ?? 0) < rule.target && hi < 20 * max(total, 1) { hi *= 2 }
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if (measure(mid) ?? 0) >= rule.target { hi = mid } else { lo = mid + 1 }
                }
                requirements.append(Requirement(rule: rule.id, kind: rule.kind, needed: hi, met: total >= hi,
                                                note: "simulated over \(replications) replications of the term"))
            case .crisisResponse:
                guard let onCall = campus.counselors?.onCall,
                      let crisis = onCall.urgencies.min(by: { $0.priority < $1.priority }),
                      let mean = try? Distribution(crisis.service).mean else { continue }
                // The most urgent class preempts the others, so it sees an M/M/c of its own.
                let week = 7 * 24 * 3600 / timeUnit.seconds
                let lambda = crisis.perWeek / week
                var c = 1
                while Self.erlangCWaitQuantile(servers: c, arrivalRate: lambda, meanService: mean, p: 0.95) > rule.target && c < 1000 { c += 1 }
                requirements.append(Requirement(rule: rule.id, kind: rule.kind, needed: c, met: onCall.counselors >= c,
                                                note: "counselors on call at once (Erlang C for the most urgent class)"))
            default:
                continue
            }
        }
        let perCollege = Self.spread(total, students: students)
        let loads = zip(students, perCollege).map { Double($0) / Double(max($1, 1)) }
        let resident = Int(((campus.counselors?.newShare ?? 0) * Double(total)).rounded(.up))
        let buildings = campus.population.dormitories.count
        var residents = [Int](repeating: 0, count: buildings)
        if buildings > 0 {
            let byBeds = campus.population.dormitories.indices.sorted { campus.population.dormitories[$0].beds > campus.population.dormitories[$1].beds }
            for i in 0..<resident { residents[byBeds[i % buildings]] += 1 }
        }
        let cover = coverage(perCollege)
        let shortfall = requirements.filter { $0.kind != .crisisResponse && $0.kind != .residence }.map { max(0, $0.needed - total) }.max() ?? 0
        let onCallNeeded = requirements.first { $0.kind == .crisisResponse }?.needed
        var proposal = Proposal(
            perCollege: perCollege, residents: residents, onCall: onCallNeeded ?? campus.counselors?.onCall?.counselors, total: total,
            requirements: requirements, highestLoad: loads.max() ?? 0, lowestLoad: loads.min() ?? 0,
            dormVisitCoverage: cover.dorm, talkCoverage: cover.talks, shortfall: shortfall)
        if campus.counselors != nil {
            do throws(CounselorProgram.Failure) {
                proposal.assignment = try assign(perCollege: perCollege, crisisNeeded: onCallNeeded)
            } catch {
                proposal.assignmentError = error.description
            }
        }
        return proposal
    }

    /// The p-quantile of the wait in an M/M/c queue (Erlang C): P(W > t) = C·e^(−(cμ−λ)t).
    public static func erlangCWaitQuantile(servers c: Int, arrivalRate lambda: Double, meanService: Double, p: Double) -> Double {
        let mu = 1 / meanService
        let a = lambda / mu
        guard Double(c) > a else { return .infinity }
        let pWait = ErlangFormulas.delayProbability(servers: c, load: a)
        guard pWait > 1 - p else { return 0 }
        return log(pWait / (1 - p)) / (Double(c) * mu - lambda)
    }
}

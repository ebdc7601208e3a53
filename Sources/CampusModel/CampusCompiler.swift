import QueueingNetwork
import ScenarioModel
import Stochastics

/// Compiles a scenario with a `campus:` section into the network layer plus a `CampusPlan`.
///
/// The service center becomes counter stations fed by one arrival stream per category (a rate
/// profile over the whole term, by quarter hour), a `returning` delay for visits that cannot finish,
/// and an `online_back_office`; the feedback loop becomes `feedback_transfer` → `feedback_handling`
/// (→ `feedback_follow_up`); on-call assistance becomes a preemptive `on_call` station that escalates
/// to the `mental_health_center`. Counselor weeks and room bookings are simulated beside the network.
public enum CampusCompiler {
    public static let onlineStation = "online_back_office"
    public static let returningStation = "returning"
    public static let transferStation = "feedback_transfer"
    public static let handlingStation = "feedback_handling"
    public static let followUpStation = "feedback_follow_up"
    public static let onCallStation = "on_call"
    public static let mentalHealthStation = "mental_health_center"

    /// The compiled network and plan, with warnings; throws every error found.
    public static func compile(_ scenario: Scenario) throws(ScenarioErrors) -> (model: NetworkModel, plan: CampusPlan?, warnings: [Diagnostic]) {
        guard let campus = scenario.campus else {
            let (model, warnings) = try NetworkModel.compile(scenario)
            return (model, nil, warnings)
        }
        let unitSeconds = scenario.timeUnit.seconds
        let hour = 3600 / unitSeconds
        let day = 24 * hour
        let week = 7 * day
        let termLength = Double(campus.term.weeks) * week
        let fallback = campus.location ?? SourceLocation(file: scenario.name, line: 1, column: 1)

        var expanded = scenario
        if scenario.stations.isEmpty && scenario.classes.map(\.id) == ["default"] { expanded.classes = [] }
        var classes = expanded.classes
        var stations = expanded.stations
        var arrivals = expanded.arrivals
        var routing = expanded.routing

        // The service center.
        var categoryClassIds: [String] = []
        var onlineClassIds: [String?] = []
        var counterTargets: [String: String] = [:]
        var dispatchCategories: [String: [String]] = [:]
        if let center = campus.serviceCenter {
            for category in center.categories {
                categoryClassIds.append(category.id)
                classes.append(CustomerClass(id: category.id, priority: 1, location: category.location))
                if category.onlineShare > 0 {
                    onlineClassIds.append("\(category.id).online")
                    classes.append(CustomerClass(id: "\(category.id).online", priority: 2, location: category.location))
                } else {
                    onlineClassIds.append(nil)
                }
            }
            for counter in center.counters {
                let served = center.categories.filter { counter.skills.isEmpty || counter.skills.contains($0.id) }
                stations.append(Station(
                    id: counter.id, servers: counter.servers,
                    service: .perClass(served.map { ($0.id, $0.service) }), patience: counter.patience, location: counter.location))
            }
            for category in center.categories {
                let eligible = center.counters.filter { $0.skills.isEmpty || $0.skills.contains(category.id) }
                // Pooled: a specialised group that names the category, else the first all-purpose group.
                let target = eligible.first { $0.skills.contains(category.id) } ?? eligible.first
                guard let target else { continue }
                counterTargets[category.id] = target.id
                dispatchCategories[category.id] = eligible.map(\.id)
            }
            let students = Double(campus.population.students)
            for (c, category) in center.categories.enumerated() {
                let total = students * category.requestsPerStudent
                let counterTotal = total * (1 - category.onlineShare)
                if counterTotal > 0, let target = counterTargets[category.id],
                   let rates = counterProfile(total: counterTotal, hourly: category.hourly, opens: center.opens, term: campus.term, hour: hour) {
                    arrivals.append(ArrivalStream(
                        to: target, classId: category.id, process: .rateProfile(period: termLength, step: hour / 4, rates: rates),
                        location: category.location))
                }
                if let onlineId = onlineClassIds[c] {
                    let rates = dailyProfile(total: total * category.onlineShare, term: campus.term, day: day)
                    arrivals.append(ArrivalStream(
                        to: onlineStation, classId: onlineId, process: .rateProfile(period: termLength, step: day, rates: rates),
                        location: category.location))
                }
            }
            let returns = center.categories.contains { $0.returnProbability > 0 }
            if returns {
                stations.append(Station(id: returningStation, servers: .infinite, service: .all(center.returnDelay), location: center.location))
            }
            if onlineClassIds.contains(where: { $0 != nil }) {
                let entries: [(classId: String, value: DistributionSpec)] = zip(center.categories, onlineClassIds).compactMap { category, id in
                    guard let id, let processing = category.onlineProcessing else { return nil }
                    return (id, processing)
                }
                stations.append(Station(id: onlineStation, servers: .infinite, service: .perClass(entries), location: center.location))
            }
            for counter in center.counters {
                let served = center.categories.filter { counter.skills.isEmpty || counter.skills.contains($0.id) }
                guard returns else { continue }
                routing.append(Routing(from: counter.id, branches: .perClass(served.map { category in
                    (category.id, [
                        Routing.Branch(to: nil, probability: 1 - category.returnProbability),
                        Routing.Branch(to: returningStation, probability: category.returnProbability),
                    ])
                }), location: counter.location))
            }
            if returns {
                routing.append(Routing(from: returningStation, branches: .perClass(center.categories.compactMap { category in
                    counterTargets[category.id].map { (category.id, [Routing.Branch(to: $0, probability: 1)]) }
                }), location: center.location))
            }
        }

        // The feedback loop.
        var feedbackClassIds: [String] = []
        if let feedback = campus.feedback {
            for channel in feedback.channels {
                let id = "feedback.\(channel.id)"
                feedbackClassIds.append(id)
                classes.append(CustomerClass(id: id, priority: 1, location: feedback.location))
                arrivals.append(ArrivalStream(to: transferStation, classId: id, process: .poisson(rate: channel.perWeek / week), location: feedback.location))
            }
            stations.append(Station(id: transferStation, servers: .fixed(feedback.transferStaff), service: .all(feedback.transfer), location: feedback.location))
            stations.append(Station(id: handlingStation, servers: .infinite, service: .all(feedback.handling), location: feedback.location))
            routing.append(Routing(from: transferStation, branches: .all([Routing.Branch(to: handlingStation, probability: 1)]), location: feedback.location))
            if feedback.followUpShare > 0, let followUp = feedback.followUp {
                stations.append(Station(id: followUpStation, servers: .infinite, service: .all(followUp), location: feedback.location))
                routing.append(Routing(from: handlingStation, branches: .all([
                    Routing.Branch(to: nil, probability: 1 - feedback.followUpShare),
                    Routing.Branch(to: followUpStation, probability: feedback.followUpShare),
                ]), location: feedback.location))
            }
        }

        // On-call psychological assistance.
        var urgencyClassIds: [String] = []
        var crisisId: String?
        if let onCall = campus.counselors?.onCall {
            let ordered = onCall.urgencies.sorted { $0.priority < $1.priority }
            crisisId = ordered.first.map { "on_call.\($0.id)" }
            for urgency in onCall.urgencies {
                let id = "on_call.\(urgency.id)"
                urgencyClassIds.append(id)
                classes.append(CustomerClass(id: id, priority: urgency.priority, location: campus.counselors?.location))
                arrivals.append(ArrivalStream(to: onCallStation, classId: id, process: .poisson(rate: urgency.perWeek / week), location: campus.counselors?.location))
            }
            stations.append(Station(
                id: onCallStation, servers: .fixed(onCall.counselors), service: .perClass(onCall.urgencies.map { ("on_call.\($0.id)", $0.service) }),
                discipline: .preemptive, location: campus.counselors?.location))
            stations.append(Station(
                id: mentalHealthStation, servers: .fixed(onCall.mentalHealthTeachers), service: .all(onCall.mentalHealthService),
                discipline: .priority, location: campus.counselors?.location))
            routing.append(Routing(from: onCallStation, branches: .perClass(onCall.urgencies.map { urgency in
                ("on_call.\(urgency.id)", [
                    Routing.Branch(to: nil, probability: 1 - urgency.escalate),
                    Routing.Branch(to: mentalHealthStation, probability: urgency.escalate),
                ])
            }), location: campus.counselors?.location))
        }

        expanded.classes = classes
        expanded.stations = stations
        expanded.arrivals = arrivals
        expanded.routing = routing
        var (model, warnings) = try NetworkModel.compile(expanded)

        let stationIndex = Dictionary(model.stations.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let classIndex = Dictionary(model.classes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })

        // Targets and deadlines the campus measures read.
        var counterStations: [Int] = []
        if let center = campus.serviceCenter {
            for counter in center.counters {
                guard let s = stationIndex[counter.id] else { continue }
                counterStations.append(s)
                model.stations[s].waitTarget = center.targetWait
            }
            if let s = stationIndex[onlineStation] {
                var deadlines = [Double?](repeating: nil, count: model.classes.count)
                for (category, id) in zip(center.categories, onlineClassIds) {
                    if let id, let k = classIndex[id] { deadlines[k] = category.onlineLimit }
                }
                model.stations[s].deadlines = deadlines
            }
            if let s = stationIndex[returningStation] { model.stations[s].rework = true }
            if center.routing == .shortestQueue {
                applyShortestQueue(&model, categories: center.categories.map(\.id), eligible: dispatchCategories, classIndex: classIndex, stationIndex: stationIndex)
            }
        }
        if let feedback = campus.feedback, let s = stationIndex[handlingStation] {
            var deadlines = [Double?](repeating: nil, count: model.classes.count)
            for id in feedbackClassIds { if let k = classIndex[id] { deadlines[k] = feedback.limit } }
            model.stations[s].deadlines = deadlines
        }

        // Policies the engine runs.
        var errors: [Diagnostic] = []
        var policyIds: [String] = []
        var nextFreeSlot: Double?
        for (p, policy) in campus.policies.enumerated() {
            switch policy.action {
            case .flexServers(let station, let above, let below, let servers):
                guard let s = stationIndex[station] else {
                    errors.append(Diagnostic(.error, at: policy.location ?? fallback, path: "campus.policies[\(p)].station", "no station '\(station)' in this campus"))
                    continue
                }
                if case .infinite = model.stations[s].servers {
                    errors.append(Diagnostic(.error, at: policy.location ?? fallback, path: "campus.policies[\(p)].station", "'\(station)' has unlimited servers: there is nothing to open"))
                    continue
                }
                model.policies.append(.init(id: policy.id, kind: .flexServers(station: s, above: above, below: below, servers: servers)))
                policyIds.append(policy.id)
            case .escalate(let station, let after):
                guard let s = stationIndex[station] else {
                    errors.append(Diagnostic(.error, at: policy.location ?? fallback, path: "campus.policies[\(p)].station", "no station '\(station)' in this campus"))
                    continue
                }
                model.policies.append(.init(id: policy.id, kind: .escalate(station: s, after: after)))
                policyIds.append(policy.id)
            case .nextFreeSlot(let step):
                nextFreeSlot = step
            }
        }
        if let slot = campus.policies.first(where: { if case .nextFreeSlot = $0.action { true } else { false } }) {
            policyIds.append(slot.id)
        }
        if !errors.isEmpty { throw ScenarioErrors(errors) }

        let plan = CampusPlan(
            campus: campus, timeUnit: scenario.timeUnit, hour: hour, day: day, termLength: termLength,
            counterStations: counterStations,
            categoryClasses: categoryClassIds.compactMap { classIndex[$0] },
            onlineClasses: onlineClassIds.map { $0.flatMap { classIndex[$0] } },
            onlineStation: stationIndex[onlineStation], feedbackHandlingStation: stationIndex[handlingStation],
            onCallStation: stationIndex[onCallStation], crisisClass: crisisId.flatMap { classIndex[$0] },
            nextFreeSlotStep: nextFreeSlot, policyIds: policyIds)
        warnings += staticWarnings(plan, at: fallback)
        return (model, plan, warnings)
    }

    /// Counter visit rates per quarter hour over the term: the category's total spread over weeks by
    /// their peak factors, over days by the weekday weights, and over the opening hours by `hourly`.
    static func counterProfile(total: Double, hourly: [Double], opens: Double, term: Term, hour: Double) -> [Double]? {
        let quarter = hour / 4
        let perDay = Int((24 * hour / quarter).rounded())
        var weights = [Double](repeating: 0, count: perDay)
        for q in 0..<perDay {
            let t = (Double(q) + 0.5) * quarter
            guard t >= opens else { continue }
            let h = Int((t - opens) / hour)
            if h < hourly.count { weights[q] = hourly[h] }
        }
        var rates: [Double] = []
        rates.reserveCapacity(term.weeks * 7 * perDay)
        var mass = 0.0
        for w in 0..<term.weeks {
            for d in 0..<7 {
                let f = term.factor(week: w) * term.weekdays[d]
                for q in 0..<perDay {
                    rates.append(f * weights[q])
                    mass += f * weights[q] * quarter
                }
            }
        }
        guard mass > 0 else { return nil }
        return rates.map { $0 * total / mass }
    }

    /// Online filing rates per day over the term, by weekday weights and peak factors.
    static func dailyProfile(total: Double, term: Term, day: Double) -> [Double] {
        var rates: [Double] = []
        for w in 0..<term.weeks {
            for d in 0..<7 { rates.append(term.factor(week: w) * max(term.weekdays[d], 0.05)) }
        }
        let mass = rates.reduce(0, +) * day
        return rates.map { $0 * total / mass }
    }

    /// Routes every category's visits (arrivals and returns) to the eligible counter group with the
    /// shortest queue per server.
    static func applyShortestQueue(
        _ model: inout NetworkModel, categories: [String], eligible: [String: [String]], classIndex: [String: Int], stationIndex: [String: Int]
    ) {
        var groupOfClass: [Int: Int] = [:]
        for id in categories {
            guard let k = classIndex[id], let stations = eligible[id]?.compactMap({ stationIndex[$0] }), stations.count > 1 else { continue }
            if let g = model.dispatchGroups.firstIndex(of: stations) {
                groupOfClass[k] = g
            } else {
                model.dispatchGroups.append(stations)
                groupOfClass[k] = model.dispatchGroups.count - 1
            }
        }
        for i in model.sources.indices {
            if let g = groupOfClass[model.sources[i].classIndex] { model.sources[i].station = NetworkModel.dispatchCode(group: g) }
        }
        guard let returning = stationIndex[returningStation] else { return }
        for (k, g) in groupOfClass {
            let t = returning * model.classes.count + k
            model.routes[t].destinations = model.routes[t].destinations.map { $0 >= 0 ? NetworkModel.dispatchCode(group: g) : $0 }
        }
    }

    /// Warnings a planner should see before running: rules that cannot hold whatever happens.
    static func staticWarnings(_ plan: CampusPlan, at location: SourceLocation) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        for (i, college) in plan.campus.population.colleges.enumerated() where college.counselors == 0 {
            warnings.append(Diagnostic(.warning, at: college.location ?? location, path: "campus.population.colleges[\(i)].counselors",
                                       "no counselor for \(college.students) students: their talks and visits cannot happen"))
        }
        return warnings
    }
}

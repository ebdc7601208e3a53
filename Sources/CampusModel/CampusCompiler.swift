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
        let clock = CampusClock(unitSeconds: scenario.timeUnit.seconds, term: campus.term)
        let fallback = campus.location ?? SourceLocation(file: scenario.name, line: 1, column: 1)

        var expanded = scenario
        if scenario.stations.isEmpty && scenario.classes.map(\.id) == ["default"] { expanded.classes = [] }
        var parts = NetworkParts(classes: expanded.classes, stations: expanded.stations, arrivals: expanded.arrivals, routing: expanded.routing)
        let center = campus.serviceCenter.map { addServiceCenter($0, campus: campus, clock: clock, to: &parts) } ?? ServiceCenterClasses()
        let feedbackClassIds = campus.feedback.map { addFeedbackLoop($0, clock: clock, to: &parts) } ?? []
        let crisisId = campus.counselors?.onCall.flatMap { addOnCall($0, location: campus.counselors?.location, clock: clock, to: &parts) }
        expanded.classes = parts.classes
        expanded.stations = parts.stations
        expanded.arrivals = parts.arrivals
        expanded.routing = parts.routing
        var (model, warnings) = try NetworkModel.compile(expanded)

        let stationIndex = Dictionary(model.stations.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let classIndex = Dictionary(model.classes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let counterStations = applyTargets(
            campus, center: center, feedbackClassIds: feedbackClassIds, to: &model, stationIndex: stationIndex, classIndex: classIndex)
        let (policyIds, nextFreeSlot) = try applyPolicies(campus.policies, to: &model, stationIndex: stationIndex, fallback: fallback)
        // The crisis measures need every crisis call's wait, for an exact percentile.
        if let k = crisisId.flatMap({ classIndex[$0] }) { model.classes[k].keepsResponseTimes = true }

        let plan = CampusPlan(
            campus: campus, timeUnit: scenario.timeUnit, hour: clock.hour, day: clock.day, termLength: clock.termLength,
            counterStations: counterStations,
            categoryClasses: center.categories.compactMap { classIndex[$0] },
            onlineClasses: center.online.map { $0.flatMap { classIndex[$0] } },
            onlineStation: stationIndex[onlineStation], feedbackHandlingStation: stationIndex[handlingStation],
            onCallStation: stationIndex[onCallStation], crisisClass: crisisId.flatMap { classIndex[$0] },
            returningStation: campus.serviceCenter?.statesOpeningHours == true ? stationIndex[returningStation] : nil,
            nextFreeSlotStep: nextFreeSlot, policyIds: policyIds)
        warnings += staticWarnings(plan, at: fallback)
        return (model, plan, warnings)
    }

    /// The campus's time scale in the scenario's time unit.
    struct CampusClock {
        var hour: Double
        var day: Double
        var week: Double
        var termLength: Double

        init(unitSeconds: Double, term: Term) {
            hour = 3600 / unitSeconds
            day = 24 * hour
            week = 7 * day
            termLength = Double(term.weeks) * week
        }
    }

    /// The network layer's parts that the campus steps add to, each step appending its own.
    struct NetworkParts {
        var classes: [CustomerClass]
        var stations: [Station]
        var arrivals: [ArrivalStream]
        var routing: [Routing]
    }

    /// The classes the service center adds, for the steps after it.
    struct ServiceCenterClasses {
        /// Per category: its counter class.
        var categories: [String] = []
        /// Per category: its online class, when some of its requests are filed online.
        var online: [String?] = []
        /// Per category: the counters that serve it.
        var eligible: [String: [String]] = [:]
    }

    /// The service center: a class per category (and one for its online requests), the counters, a
    /// counter arrival stream per category over the term, the online back office, and the
    /// `returning` delay with its routes for visits that cannot finish.
    static func addServiceCenter(_ center: ServiceCenter, campus: Campus, clock: CampusClock, to parts: inout NetworkParts) -> ServiceCenterClasses {
        var ids = ServiceCenterClasses()
        var counterTargets: [String: String] = [:]
        for category in center.categories {
            ids.categories.append(category.id)
            parts.classes.append(CustomerClass(id: category.id, priority: 1, location: category.location))
            if category.onlineShare > 0 {
                ids.online.append("\(category.id).online")
                parts.classes.append(CustomerClass(id: "\(category.id).online", priority: 2, location: category.location))
            } else {
                ids.online.append(nil)
            }
        }
        let hoursStated = center.statesOpeningHours
        for counter in center.counters {
            let served = center.categories.filter { counter.skills.isEmpty || counter.skills.contains($0.id) }
            // With stated opening hours a group has no servers while it is closed.
            let servers = hoursStated
                ? masked(counter.servers, by: center.weeklyHours(of: counter, weekdays: campus.term.weekdays), center: center, term: campus.term, clock: clock)
                : counter.servers
            parts.stations.append(Station(
                id: counter.id, servers: servers,
                service: .perClass(served.map { ($0.id, $0.service) }), patience: counter.patience, location: counter.location))
        }
        for category in center.categories {
            let eligible = center.counters.filter { $0.skills.isEmpty || $0.skills.contains(category.id) }
            // Pooled: a specialised group that names the category, else the first all-purpose group.
            let target = eligible.first { $0.skills.contains(category.id) } ?? eligible.first
            guard let target else { continue }
            counterTargets[category.id] = target.id
            ids.eligible[category.id] = eligible.map(\.id)
        }
        let students = Double(campus.population.students)
        let counterTimes = hoursStated ? counterOpenTimes(center, term: campus.term, clock: clock) : []
        for (c, category) in center.categories.enumerated() {
            let total = students * category.requestsPerStudent
            let counterTotal = total * (1 - category.onlineShare)
            let profile: (step: Double, rates: [Double])? = if !hoursStated {
                counterProfile(total: counterTotal, hourly: category.hourly, opens: center.opens, closes: center.closes,
                               term: campus.term, hour: clock.hour)
            } else if let open = categoryOpenTime(category, center: center, counterTimes: counterTimes) {
                counterProfile(total: counterTotal, hourly: category.hourly, anchor: center.opens, open: open, term: campus.term, clock: clock)
            } else {
                nil
            }
            if counterTotal > 0, let target = counterTargets[category.id], let profile {
                parts.arrivals.append(ArrivalStream(
                    to: target, classId: category.id, process: .rateProfile(period: clock.termLength, step: profile.step, rates: profile.rates),
                    location: category.location))
            }
            if let onlineId = ids.online[c] {
                let rates = dailyProfile(total: total * category.onlineShare, term: campus.term, day: clock.day)
                parts.arrivals.append(ArrivalStream(
                    to: onlineStation, classId: onlineId, process: .rateProfile(period: clock.termLength, step: clock.day, rates: rates),
                    location: category.location))
            }
        }
        let returns = center.categories.contains { $0.returnProbability > 0 }
        if returns {
            parts.stations.append(Station(id: returningStation, servers: .infinite, service: .all(center.returnDelay), location: center.location))
        }
        if ids.online.contains(where: { $0 != nil }) {
            let entries: [(classId: String, value: DistributionSpec)] = zip(center.categories, ids.online).compactMap { category, id in
                guard let id, let processing = category.onlineProcessing else { return nil }
                return (id, processing)
            }
            parts.stations.append(Station(id: onlineStation, servers: .infinite, service: .perClass(entries), location: center.location))
        }
        for counter in center.counters {
            let served = center.categories.filter { counter.skills.isEmpty || counter.skills.contains($0.id) }
            guard returns else { continue }
            parts.routing.append(Routing(from: counter.id, branches: .perClass(served.map { category in
                (category.id, [
                    Routing.Branch(to: nil, probability: 1 - category.returnProbability),
                    Routing.Branch(to: returningStation, probability: category.returnProbability),
                ])
            }), location: counter.location))
        }
        if returns {
            parts.routing.append(Routing(from: returningStation, branches: .perClass(center.categories.compactMap { category in
                counterTargets[category.id].map { (category.id, [Routing.Branch(to: $0, probability: 1)]) }
            }), location: center.location))
        }
        return ids
    }

    /// The feedback loop: a class and a Poisson stream per channel into `feedback_transfer`, then
    /// `feedback_handling` and, for a share, `feedback_follow_up`. Returns the channels' class ids.
    static func addFeedbackLoop(_ feedback: FeedbackLoop, clock: CampusClock, to parts: inout NetworkParts) -> [String] {
        var feedbackClassIds: [String] = []
        for channel in feedback.channels {
            let id = "feedback.\(channel.id)"
            feedbackClassIds.append(id)
            parts.classes.append(CustomerClass(id: id, priority: 1, location: feedback.location))
            parts.arrivals.append(ArrivalStream(to: transferStation, classId: id, process: .poisson(rate: channel.perWeek / clock.week), location: feedback.location))
        }
        parts.stations.append(Station(id: transferStation, servers: .fixed(feedback.transferStaff), service: .all(feedback.transfer), location: feedback.location))
        parts.stations.append(Station(id: handlingStation, servers: .infinite, service: .all(feedback.handling), location: feedback.location))
        parts.routing.append(Routing(from: transferStation, branches: .all([Routing.Branch(to: handlingStation, probability: 1)]), location: feedback.location))
        if feedback.followUpShare > 0, let followUp = feedback.followUp {
            parts.stations.append(Station(id: followUpStation, servers: .infinite, service: .all(followUp), location: feedback.location))
            parts.routing.append(Routing(from: handlingStation, branches: .all([
                Routing.Branch(to: nil, probability: 1 - feedback.followUpShare),
                Routing.Branch(to: followUpStation, probability: feedback.followUpShare),
            ]), location: feedback.location))
        }
        return feedbackClassIds
    }

    /// On-call psychological assistance: a class and a Poisson stream per urgency into the
    /// preemptive `on_call` station, which escalates a share to the `mental_health_center`.
    /// Returns the crisis class (the most urgent), if any.
    static func addOnCall(_ onCall: OnCall, location: SourceLocation?, clock: CampusClock, to parts: inout NetworkParts) -> String? {
        let ordered = onCall.urgencies.sorted { $0.priority < $1.priority }
        let crisisId = ordered.first.map { "on_call.\($0.id)" }
        for urgency in onCall.urgencies {
            let id = "on_call.\(urgency.id)"
            parts.classes.append(CustomerClass(id: id, priority: urgency.priority, location: location))
            parts.arrivals.append(ArrivalStream(to: onCallStation, classId: id, process: .poisson(rate: urgency.perWeek / clock.week), location: location))
        }
        parts.stations.append(Station(
            id: onCallStation, servers: .fixed(onCall.counselors), service: .perClass(onCall.urgencies.map { ("on_call.\($0.id)", $0.service) }),
            discipline: .preemptive, location: location))
        parts.stations.append(Station(
            id: mentalHealthStation, servers: .fixed(onCall.mentalHealthTeachers), service: .all(onCall.mentalHealthService),
            discipline: .priority, location: location))
        parts.routing.append(Routing(from: onCallStation, branches: .perClass(onCall.urgencies.map { urgency in
            ("on_call.\(urgency.id)", [
                Routing.Branch(to: nil, probability: 1 - urgency.escalate),
                Routing.Branch(to: mentalHealthStation, probability: urgency.escalate),
            ])
        }), location: location))
        return crisisId
    }

    /// Targets and deadlines the campus measures read: the counters' wait target, the online and
    /// feedback deadlines, the returning station's rework mark, and shortest-queue dispatch.
    /// Returns the counter stations.
    static func applyTargets(
        _ campus: Campus, center ids: ServiceCenterClasses, feedbackClassIds: [String], to model: inout NetworkModel,
        stationIndex: [String: Int], classIndex: [String: Int]
    ) -> [Int] {
        var counterStations: [Int] = []
        if let center = campus.serviceCenter {
            for counter in center.counters {
                guard let s = stationIndex[counter.id] else { continue }
                counterStations.append(s)
                model.stations[s].waitTarget = center.targetWait
                model.stations[s].keepsWaits = true
                // The campus measures count visits by category at the counters alone.
                model.stations[s].countsByClass = true
            }
            if let s = stationIndex[onlineStation] {
                var deadlines = [Double?](repeating: nil, count: model.classes.count)
                for (category, id) in zip(center.categories, ids.online) {
                    if let id, let k = classIndex[id] { deadlines[k] = category.onlineLimit }
                }
                model.stations[s].deadlines = deadlines
            }
            if let s = stationIndex[returningStation] {
                model.stations[s].rework = true
                // With stated opening hours a return due while the category's counters are closed comes at the next opening.
                if center.statesOpeningHours {
                    let clock = CampusClock(unitSeconds: model.timeUnit.seconds, term: campus.term)
                    let times = counterOpenTimes(center, term: campus.term, clock: clock)
                    var windows = [NetworkModel.ReleaseWindows?](repeating: nil, count: model.classes.count)
                    for category in center.categories {
                        guard let k = classIndex[category.id] else { continue }
                        windows[k] = categoryOpenTime(category, center: center, counterTimes: times)?.releaseWindows
                    }
                    model.stations[s].releaseWindows = windows
                }
            }
            if center.routing == .shortestQueue {
                applyShortestQueue(&model, categories: center.categories.map(\.id), eligible: ids.eligible, classIndex: classIndex, stationIndex: stationIndex)
            }
        }
        if let feedback = campus.feedback, let s = stationIndex[handlingStation] {
            var deadlines = [Double?](repeating: nil, count: model.classes.count)
            for id in feedbackClassIds { if let k = classIndex[id] { deadlines[k] = feedback.limit } }
            model.stations[s].deadlines = deadlines
        }
        return counterStations
    }

    /// Policies the engine runs (flexible servers, escalation) added to `model`, and the step of
    /// the next-free-slot policy the bookings run; the ids of every policy kept, in the engine's
    /// order then the next-free-slot one. Throws a diagnostic per policy naming a station it cannot use.
    static func applyPolicies(
        _ policies: [Policy], to model: inout NetworkModel, stationIndex: [String: Int], fallback: SourceLocation
    ) throws(ScenarioErrors) -> (ids: [String], nextFreeSlot: Double?) {
        var errors: [Diagnostic] = []
        var policyIds: [String] = []
        var nextFreeSlot: Double?
        for (p, policy) in policies.enumerated() {
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
        if let slot = policies.first(where: { if case .nextFreeSlot = $0.action { true } else { false } }) {
            policyIds.append(slot.id)
        }
        if !errors.isEmpty { throw ScenarioErrors(errors) }
        return (policyIds, nextFreeSlot)
    }

    /// Counter visit rates over the term, step by step: the category's total spread over weeks by
    /// their peak factors, over days by the weekday weights, and over the opening hours by `hourly`
    /// (`hourly[h]` is the relative rate from `opens + h` hours, the last hour cut at `closes`).
    ///
    /// Only steps that lie wholly within [opens, closes) have a rate, so that no student arrives
    /// while the center is closed. The step is a quarter hour when opening and closing fall on
    /// quarter hours, else the largest step of whole seconds that both fall on, at least a minute (a
    /// step that the opening or closing time cuts has no rate: at most a minute is lost at either end).
    static func counterProfile(total: Double, hourly: [Double], opens: Double, closes: Double, term: Term, hour: Double)
        -> (step: Double, rates: [Double])?
    {
        let step = profileStep(opens: opens, closes: closes, hour: hour)
        let perDay = Int((24 * hour / step).rounded())
        var weights = [Double](repeating: 0, count: perDay)
        for q in 0..<perDay {
            let start = Double(q) * step, end = Double(q + 1) * step
            // Wholly within opening hours (a hair of rounding allowed at the edges).
            guard start >= opens - step * 1e-9, end <= closes + step * 1e-9 else { continue }
            let h = Int(((start - opens) / hour + 1e-9).rounded(.down))
            if h >= 0 && h < hourly.count { weights[q] = hourly[h] }
        }
        var rates: [Double] = []
        rates.reserveCapacity(term.weeks * 7 * perDay)
        var mass = 0.0
        for w in 0..<term.weeks {
            for d in 0..<7 {
                let f = term.factor(week: w) * term.weekdays[d]
                for q in 0..<perDay {
                    rates.append(f * weights[q])
                    mass += f * weights[q] * step
                }
            }
        }
        guard mass > 0 else { return nil }
        return (step, rates.map { $0 * total / mass })
    }

    /// The step of the counter profile, in the scenario's time unit: a quarter hour divided down to
    /// the largest number of whole seconds on which both `opens` and `closes` fall, at least 60 s.
    static func profileStep(opens: Double, closes: Double, hour: Double) -> Double {
        profileStep(times: [opens, closes], hour: hour)
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
        if let center = plan.campus.serviceCenter, center.statesOpeningHours {
            let weekdays = plan.campus.term.weekdays
            let hours = center.counters.map { center.weeklyHours(of: $0, weekdays: weekdays) }
            for (i, category) in center.categories.enumerated() {
                let eligible = center.counters.indices.filter { center.counters[$0].skills.isEmpty || center.counters[$0].skills.contains(category.id) }
                let pooled = eligible.first { center.counters[$0].skills.contains(category.id) } ?? eligible.first
                let target = center.routing == .shortestQueue ? eligible : pooled.map { [$0] } ?? []
                let closed = (0..<7).filter { d in weekdays[d] > 0 && target.allSatisfy { hours[$0].days[d].isEmpty } }
                guard !closed.isEmpty, !target.isEmpty else { continue }
                let names = closed.map { ClockText.weekdayNames[$0] }.joined(separator: ", ")
                warnings.append(Diagnostic(
                    .warning, at: category.location ?? center.location ?? location, path: "campus.service_center.categories[\(i)]",
                    "'\(category.id)' has demand on \(names) (term.weekdays) but its counters are closed then: those visits come on the open days instead"))
            }
        }
        return warnings
    }
}

import Foundation
import SimCore
import Stochastics

/// Everything `onestop fit` estimates from a log.
public struct LogFit: Sendable {
    public struct Options: Sendable {
        /// Bootstrap samples per goodness-of-fit p-value.
        public var bootstrap = 99
        public var seed: UInt64 = 1
        /// Seconds per scenario time unit (60 for minutes).
        public var unitSeconds: Double = 60
        /// Opening time, seconds from midnight, and opening hours.
        public var opens: Double = 8.5 * 3600
        public var hours = 9
        public var students: Double = 10_000
        /// Counter group → the categories (indices) whose students wait there; empty: one group of all.
        public var patienceGroups: [(name: String, categories: [Int])] = []
        public var jobs = 2
        /// How desks open per slot are read from the log (the as-is staffing).
        public var staffing = AsIsStaffing.Options()

        public init() {}
    }

    public struct CategoryFit: Sendable {
        public var name: String
        public var arrivals: ArrivalFit.CategoryArrivals
        /// Every candidate, best AIC first.
        public var services: [FamilyFit]
        public var serviceCount: Int
        /// Returns over served visits (only with student keys).
        public var returnProbability: Interval?
        public var returns: Int
        public var served: Int
        public var abandoned: Int
        public var noShows: Int
        public var keyed: Int
        public var meanService: Double
        /// The service times as fitted (for the report's histogram and Q–Q plot).
        public var serviceSample: DurationSample
    }

    public struct PatienceGroup: Sendable {
        public var name: String
        public var categories: [String]
        public var abandoned: Int
        public var censored: Int
        public var kaplanMeier: KaplanMeier
        /// Every candidate, best AIC first.
        public var fits: [FamilyFit]
        /// The mean of the waits of those who gave up: kept for the tests, never written as an estimate.
        public var naiveMean: Double
    }

    public var resolution: Double
    public var options: Options
    public var arrivals: ArrivalFit
    public var categories: [CategoryFit]
    public var patience: [PatienceGroup]
    /// Days from a served visit to the return, all categories: (days, count).
    public var returnDelays: [(days: Int, count: Int)]
    /// Desks open per slot, per counter group; nil when the log does not tell desks apart.
    public var staffing: AsIsStaffing?
    /// Per category and desk: does the desk's service differ from its group's other desks'.
    public var deskService: DeskService

    /// Fits everything from the gathered rows; `resolution` in seconds.
    public init(_ data: LogData, resolution: Double, options: Options) {
        prepareGSL()
        self.resolution = resolution
        self.options = options
        let fittedArrivals = ArrivalFit(data, opens: options.opens, hours: options.hours, students: options.students)
        arrivals = fittedArrivals
        let unit = options.unitSeconds
        let services = data.categories.map { DurationSample(exact: $0.service, resolution: resolution, unitSeconds: unit) }
        let groups = options.patienceGroups.isEmpty ? [("all", Array(data.categories.indices))] : options.patienceGroups
        let patienceSamples: [DurationSample] = groups.map { group in
            var exact = DurationCounts(), censored = DurationCounts()
            for c in group.1 where c < data.categories.count {
                for (v, n) in data.categories[c].abandonedWaits.sorted { exact.add(v, count: n) }
                for (v, n) in data.categories[c].servedWaits.sorted { censored.add(v, count: n) }
            }
            return DurationSample(exact: exact, censored: censored, resolution: resolution, unitSeconds: unit)
        }
        // One task per (sample, family): the fit with intervals and its bootstrap GOF, on worker threads.
        struct Task { var patience: Bool; var index: Int; var family: Family }
        var list: [Task] = []
        for i in services.indices { for f in Family.service { list.append(Task(patience: false, index: i, family: f)) } }
        for i in patienceSamples.indices { for f in Family.patience { list.append(Task(patience: true, index: i, family: f)) } }
        let tasks = list
        let results = Results(count: tasks.count)
        let names = data.names
        let bootstrap = options.bootstrap, seed = options.seed
        let groupNames = groups.map(\.0)
        let work: @Sendable (Int) -> Void = { t in
            let task = tasks[t]
            let sample = task.patience ? patienceSamples[task.index] : services[task.index]
            guard var fit = MaximumLikelihood.fit(task.family, sample) else { return }
            let name = task.patience ? "patience/\(groupNames[task.index])" : "service/\(names[task.index])"
            fit.gof = task.patience
                ? PatienceFit.test(task.family, sample, bootstrap: bootstrap, seed: seed, name: name)
                : GoodnessOfFitTest.test(task.family, sample, bootstrap: bootstrap, seed: seed, name: name)
            results.set(t, fit)
        }
        parallel(count: tasks.count, jobs: options.jobs) { work($0) }
        func ranked(_ patience: Bool, _ i: Int) -> [FamilyFit] {
            tasks.indices.filter { tasks[$0].patience == patience && tasks[$0].index == i }
                .compactMap { results.get($0) }.sorted { $0.aic < $1.aic }
        }
        categories = data.categories.indices.map { c in
            let cat = data.categories[c]
            return CategoryFit(
                name: data.names[c], arrivals: fittedArrivals.categories[c], services: ranked(false, c), serviceCount: cat.service.total,
                returnProbability: cat.keyed > 0 ? .wilson(cat.returns, cat.served) : nil, returns: cat.returns,
                served: cat.served, abandoned: cat.abandoned, noShows: cat.noShows, keyed: cat.keyed, meanService: cat.service.mean / unit,
                serviceSample: services[c])
        }
        patience = groups.indices.map { g in
            let s = patienceSamples[g]
            return PatienceGroup(name: groups[g].0, categories: groups[g].1.filter { $0 < data.names.count }.map { data.names[$0] },
                                 abandoned: s.exactCount, censored: s.censoredCount, kaplanMeier: KaplanMeier(s), fits: ranked(true, g),
                                 naiveMean: s.exactMean)
        }
        var delays: [Int: Int] = [:]
        for cat in data.categories { for (d, n) in cat.returnDelays { delays[d, default: 0] += n } }
        returnDelays = delays.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        staffing = AsIsStaffing(data, arrivals: fittedArrivals, options: options.staffing)
        let chosen = categories.map { $0.services.first?.model.family }
        deskService = DeskService(data, families: chosen, resolution: resolution, unitSeconds: unit, jobs: options.jobs)
    }

    final class Results: @unchecked Sendable {
        private var fits: [FamilyFit?]
        private let lock = NSLock()
        init(count: Int) { fits = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ f: FamilyFit) { lock.lock(); fits[i] = f; lock.unlock() }
        func get(_ i: Int) -> FamilyFit? { lock.lock(); defer { lock.unlock() }; return fits[i] }
    }
}

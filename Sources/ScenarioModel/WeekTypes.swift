/// The periods of a run grouped into types that are staffed alike: for a campus term of weekly
/// periods, the regular weeks and one type per named peak; otherwise one type for every period.
public struct WeekTypes: Sendable, Hashable {
    /// Type names, for example `regular`, `term_start`, `graduation`.
    public var names: [String]
    /// The type of each period of the run, counted from time 0.
    public var ofPeriod: [Int]

    public init(names: [String], ofPeriod: [Int]) {
        precondition(!names.isEmpty && ofPeriod.allSatisfy { $0 >= 0 && $0 < names.count }, "every period needs a type")
        self.names = names
        self.ofPeriod = ofPeriod
    }

    /// One type, `all`, for `periods` periods.
    public static func single(periods: Int, name: String = "all") -> WeekTypes {
        WeekTypes(names: [name], ofPeriod: [Int](repeating: 0, count: max(1, periods)))
    }

    /// A term's weeks by its peaks: `regular` for weeks in no peak, and one type per peak that has
    /// weeks in the run (a week in two peaks belongs to the first). Periods past the term are regular.
    public static func term(_ term: Term, periods: Int) -> WeekTypes {
        var names = ["regular"]
        var types = [Int](repeating: 0, count: max(1, periods))
        for peak in term.peaks {
            let weeks = (peak.week - 1)..<(peak.week - 1 + peak.weeks)
            let free = weeks.filter { $0 >= 0 && $0 < types.count && $0 < term.weeks && types[$0] == 0 }
            guard !free.isEmpty else { continue }
            let index = names.firstIndex(of: peak.name) ?? { names.append(peak.name); return names.count - 1 }()
            for w in free { types[w] = index }
        }
        // Drop `regular` when every week is in a peak.
        if !types.contains(0) {
            names.removeFirst()
            types = types.map { $0 - 1 }
        }
        return WeekTypes(names: names, ofPeriod: types)
    }

    public var count: Int { names.count }

    /// The type of period `p` (periods past the list take the last one's type).
    public func type(ofPeriod p: Int) -> Int { ofPeriod[min(max(0, p), ofPeriod.count - 1)] }

    /// The type of week `w` of a term (0-based); weeks outside the list are the first type (regular
    /// when the term has regular weeks).
    public func typeOfWeek(_ w: Int) -> Int { w >= 0 && w < ofPeriod.count ? ofPeriod[w] : 0 }

    /// The periods of type `k`, 0-based.
    public func periods(of k: Int) -> [Int] { ofPeriod.indices.filter { ofPeriod[$0] == k } }

    /// Whether type `k` is the regular weeks, which a proposal writes without a `weeks:` list.
    public func isDefault(_ k: Int) -> Bool { count == 1 || names[k] == "regular" }
}

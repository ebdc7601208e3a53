import Foundation
import QueueingNetwork
import ScenarioModel
import Stochastics

/// A log's own demand replayed through a scenario: each category's first counter visits arrive at
/// the times the log took them (returns are not replayed: the scenario routes them), so that the
/// service, patience and staffing are checked on the real arrivals; the replications then differ
/// only in service, patience and returns. Online requests stay as the scenario models them.
public enum Replay {
    /// The most first visits a replay holds (a term of a very large center is about 10^6).
    public static let maximumVisits = 20_000_000

    /// The first counter visits of a log per category, in the scenario's time unit from the Monday
    /// `startDay` (simulation time 0). Visits that share a recorded time are spread evenly over the
    /// resolution after it (where the true times lie: the log rounds them down), so that every visit
    /// arrives once and stays within its recorded minute.
    public static func arrivals(_ data: LogData, startDay: Int, resolution: Double, unitSeconds: Double) throws(LogError) -> [String: [Double]] {
        guard data.firstVisits.count <= maximumVisits else {
            throw LogError("the log holds \(data.firstVisits.count) first visits, more than the \(maximumVisits) a replay keeps")
        }
        var byCategory: [Int: [Double]] = [:]
        for v in data.firstVisits { byCategory[v.category, default: []].append(v.clock - Double(startDay) * 86400) }
        var out: [String: [Double]] = [:]
        for (c, clocks) in byCategory {
            let sorted = clocks.sorted()
            var times: [Double] = []
            times.reserveCapacity(sorted.count)
            var i = 0
            while i < sorted.count {
                var j = i
                while j < sorted.count, sorted[j] == sorted[i] { j += 1 }
                let k = Double(j - i)
                for r in 0..<(j - i) { times.append((sorted[i] + (Double(r) + 0.5) / k * resolution) / unitSeconds) }
                i = j
            }
            // Visits before the term's Monday cannot happen (startDay is the first day's Monday).
            out[data.names[c]] = times.filter { $0 >= 0 }
        }
        return out
    }

    /// The model with each counter category's arrival source replaced by its replayed times (a
    /// category the log does not hold gets none). Sources of the online classes and of anything
    /// else are kept.
    public static func model(_ model: NetworkModel, scenario: Scenario, arrivals: [String: [Double]]) throws(LogError) -> NetworkModel {
        var m = model
        let categories = Set(scenario.campus?.serviceCenter?.categories.map(\.id) ?? [])
        var replaced: Set<String> = []
        for i in m.sources.indices {
            let id = m.classes[m.sources[i].classIndex].id
            guard categories.contains(id) else { continue }
            // One source per category carries the trace; any further one is silenced.
            let times = replaced.contains(id) ? [] : arrivals[id] ?? []
            replaced.insert(id)
            do { m.sources[i].process = try .trace(times: times) } catch {
                throw LogError("the replayed arrivals of \(id): \(error.parameter) \(error.message)")
            }
        }
        let missing = Set(arrivals.keys).subtracting(replaced).filter { !(arrivals[$0]?.isEmpty ?? true) }
        if !missing.isEmpty {
            throw LogError("the log's categories \(missing.sorted().joined(separator: ", ")) have no arrivals at the scenario's counters to replay them through")
        }
        return m
    }
}

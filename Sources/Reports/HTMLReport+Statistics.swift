import Interchange
import QueueingNetwork

/// The run report's sections on the warm-up chosen by MSER-5 (with each station's MSER curve) and on
/// batch means (the lag-1 autocorrelation of the batch means).
extension HTMLReport {
    static func warmupSection(_ page: inout Page, _ warmup: JSONValue?, unit: String) {
        guard let warmup, let chosen = warmup["chosen"]?.double else { return }
        let stations = warmup["stations"]?.entries ?? []
        page.section("warmup", "Warm-up (MSER-5)")
        page.paragraph("The warm-up was chosen from the data: \(SVGChart.number(chosen)) \(unit)s, the largest of the stations' choices below. "
            + "Per station, the waits of successive customers were averaged in batches of 5 and over the \(value(warmup["replications_pooled"])) replications; "
            + "MSER(d) is the squared standard error of the mean left after dropping the first d batches, and the least over the first half of the series gives the station's warm-up.")
        page.table(header: ["station", "batches of 5 waits", "batches dropped", "warm-up (\(unit)s)", "least at half the run"],
                   rows: stations.map { id, c in
                       [id, value(c["batches"]), value(c["truncated_batches"]), value(c["time"]),
                        c["at_limit"] == .bool(true) ? "yes: lengthen the run" : "no"]
                   })
        for (i, entry) in stations.enumerated() {
            let curve = entry.value["curve"]
            let times = curve?["time"]?.items.compactMap(\.double) ?? []
            let mser = curve?["mser"]?.items.compactMap(\.double) ?? []
            guard !times.isEmpty, times.count == mser.count else { continue }
            let points = curve?["truncated_batches"]?.items.compactMap(\.double).map { Int($0) } ?? []
            let chosenBatches = entry.value["truncated_batches"]?.double.map { Int($0) }
            page.chart(SVGChart.mserCurve(id: "chart-mser-\(i)", title: "MSER curve: \(entry.key)", unit: unit,
                                          times: times, mser: mser, chosen: chosenBatches.flatMap { points.firstIndex(of: $0) }),
                       caption: "\(entry.key): MSER against the warm-up dropped; the dashed line is the least, the station's warm-up.")
        }
        page.end()
    }

    static func batchesSection(_ page: inout Page, _ batches: JSONValue?, unit: String) {
        guard let batches, let count = batches["count"]?.double else { return }
        let limit = batches["correlation_limit"]?.double ?? 0.2
        let stations = batches["lag1_autocorrelation"]?["stations"]?.entries ?? []
        let measures: [StationMeasure] = [.meanWait, .meanQueueLength, .utilization, .throughput]
        page.section("batches", "Batch means")
        page.paragraph("One long replication was cut after the warm-up into \(Int(count)) batches of \(value(batches["length"])) \(unit)s; "
            + "each value above is the mean of the batch means ± the half-width of the 95% interval (Student t with \(Int(count) - 1) degrees of freedom). "
            + "The intervals hold when the batch means are nearly independent: a lag-1 autocorrelation above \(SVGChart.number(limit)) says the batches are too short.")
        page.table(header: ["station"] + measures.map { "lag-1 autocorrelation of \($0.rawValue)" },
                   rows: stations.map { id, m in [id] + measures.map { value(m[$0.rawValue]) } })
        page.end()
    }
}

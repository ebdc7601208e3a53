import Interchange

extension HTMLReport {
    /// The counters' waits by hour of the day, one chart per week type in the spirit of a SMORE plot:
    /// the mean wait and the 90th percentile of the wait, each with its 95% band, from summary.json's
    /// `campus.service_center.by_slot` (all counters together).
    static func slotSections(_ page: inout Page, _ summary: JSONValue, unit: String) {
        let slots = summary["campus"]?[CampusSection.serviceCenter]?[ServiceCenterBreakdown.bySlot]?.items ?? []
        let all = slots.filter { $0["counter_group"]?.text == SlotTailColumns.every }
        guard !all.isEmpty else { return }
        var weekTypes: [String] = []
        for s in all { if let w = s["week_type"]?.text, !weekTypes.contains(w) { weekTypes.append(w) } }
        page.section("waits-by-slot", "Waits by hour and week type")
        page.paragraph("The counters' waits by the hour of the day in which they began, all counters together: the mean wait of those served and the 90th percentile of every wait that ended (in service or by giving up), each the mean over replications with its 95% band. The table gives the share of waits longer than the service level's target.")
        for (i, week) in weekTypes.enumerated() {
            let rows = all.filter { $0["week_type"]?.text == week }
            func points(_ key: String) -> [(x: Double, y: Double, halfWidth: Double)] {
                rows.compactMap { s in
                    guard let h = s[Tables.hourColumn]?.double, let e = s[key]?.estimate, let mean = e.mean else { return nil }
                    return (h, mean, e.ci95 ?? 0)
                }
            }
            let title = week == SlotTailColumns.every ? "Every week" : "\(week) weeks"
            let series = SVGChart.Series.colored([("mean wait", points("mean_wait")), ("90th percentile", points("wait_p90"))])
            page.heading(title)
            page.chart(SVGChart.hourly(id: "chart-slot-waits-\(i)", title: "\(title): waits by hour of the day", yLabel: "wait (\(unit)s)", series: series),
                       caption: "\(title): mean wait and 90th percentile of the wait by the hour it began, with 95% bands.",
                       legend: SVGChart.legend(series))
            page.table(header: ["hour", "waits per replication", "mean wait (\(unit)s)", "90th percentile (\(unit)s)", "P(wait > target)"], rows: rows.map { s in
                let h = Int(s[Tables.hourColumn]?.double ?? 0)
                return [String(format: "%02d:00-%02d:00", h, h + 1), cell(s["waits"]), cell(s["mean_wait"]), cell(s["wait_p90"]),
                        cell(s[SlotTailColumns.pOverTarget], percent: true)]
            })
        }
        page.end()
    }
}

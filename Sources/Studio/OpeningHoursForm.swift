import Foundation
import ScenarioModel

/// The center's opening hours as one field per weekday ("8:30-17:30", "8:30-12:00, 13:30-17:30" or
/// "closed"); the page's script writes them back as one `opening_hours` map when any day changes.
enum OpeningHoursForm {
    static func dayText(_ intervals: [OpeningHours.Interval], timeUnit: TimeUnit) -> String {
        guard !intervals.isEmpty else { return "closed" }
        return intervals.map { "\(ClockText.timeOfDay($0.from, in: timeUnit))-\(ClockText.timeOfDay($0.to, in: timeUnit))" }.joined(separator: ", ")
    }

    static func html(_ hours: OpeningHours, path: String, timeUnit: TimeUnit) -> String {
        var out = "<h3>Opening hours</h3><div class=\"fields opening-hours\" data-path=\"\(HTML.escape(path))\">"
        for (d, intervals) in hours.days.enumerated() {
            let text = dayText(intervals, timeUnit: timeUnit)
            let key = ClockText.weekdayNames[d].lowercased()
            out += "<label class=\"field\"><span>\(ClockText.weekdayNames[d])</span><input class=\"day-hours\" data-day=\"\(key)\" data-original=\"\(HTML.escape(text))\" value=\"\(HTML.escape(text))\" aria-label=\"opening hours on \(WeekGrid.days[d])\"></label>"
        }
        return out + "<small>such as 8:30-17:30, or closed</small></div>"
    }
}

/// The mean of a distribution as the scenario writes it, in words ("mean 5 min"), for the forms.
enum DistributionMean {
    static func value(_ spec: DistributionSpec) -> Double? {
        switch spec {
        case .exponential(let mean), .erlang(_, let mean), .lognormal(let mean, _): return mean
        case .normal(let mean, _): return mean
        case .deterministic(let value): return value
        case .uniform(let a, let b): return (a + b) / 2
        case .triangular(let a, let c, let b): return (a + c + b) / 3
        case .gamma(let shape, let scale): return shape * scale
        case .weibull(let shape, let scale): return scale * tgamma(1 + 1 / shape)
        case .empirical(let values, let weights):
            guard !values.isEmpty else { return nil }
            let w = weights.count == values.count ? weights : Array(repeating: 1, count: values.count)
            let total = w.reduce(0, +)
            return total > 0 ? zip(values, w).reduce(0) { $0 + $1.0 * $1.1 } / total : nil
        }
    }

    static func text(_ spec: DistributionSpec, unit: TimeUnit) -> String {
        guard let mean = value(spec), mean.isFinite else { return "" }
        return "mean " + (mean >= 100 ? String(format: "%.0f", mean) : String(format: "%.3g", mean)) + " " + unit.rawValue + "s"
    }
}

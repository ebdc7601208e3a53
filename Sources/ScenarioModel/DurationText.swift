/// Durations written with their own unit, like `"90s"`, `"5 min"`, `"2h"`, `"3d"` or `"1w"`.
enum DurationText {
    /// Seconds in each accepted unit name, lowercase.
    static let unitSeconds: [String: Double] = {
        var table: [String: Double] = [:]
        let units: [(names: [String], seconds: Double)] = [
            (["s", "sec", "secs", "second", "seconds"], 1),
            (["min", "mins", "minute", "minutes"], 60),
            (["h", "hr", "hrs", "hour", "hours"], 3600),
            (["d", "day", "days"], 86_400),
            (["w", "wk", "wks", "week", "weeks"], 604_800),
        ]
        for unit in units {
            for name in unit.names { table[name] = unit.seconds }
        }
        return table
    }()

    /// The duration in `text` expressed in `unit`, or `nil` when `text` is not a number followed by a unit.
    static func value(of text: String, in unit: TimeUnit) -> Double? {
        let trimmed = text.trimmingWhitespace()
        let numberPart = trimmed.prefix { "0123456789+-._eE".contains($0) }
        let unitPart = trimmed.dropFirst(numberPart.count).trimmingWhitespace().lowercased()
        guard let number = Double(numberPart.filter { $0 != "_" }), number.isFinite,
              let seconds = unitSeconds[unitPart]
        else { return nil }
        return number * seconds / unit.seconds
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}

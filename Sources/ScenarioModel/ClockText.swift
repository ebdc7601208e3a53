/// Times of day and times in a week written the way a person writes them: `"8:30"`, `"17:05"`,
/// `"8:30:15"`, and `"Tue 8:30"` (a weekday, Monday first, then a time of day).
///
/// This is the one convention the scenario format uses for clock times: opening hours, schedule
/// entries (`from`/`to`), and the planner's proposals. Hours run from 0 to 24 (`"24:00"` is the
/// end of the day); minutes and seconds are two digits. A weekday is its three-letter name or its
/// full name, in any letter case (`mon`, `Monday`).
public enum ClockText {
    /// Three-letter weekday names, Monday first, as the formatter writes them.
    public static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let fullWeekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// Seconds in a day and in a week.
    public static let daySeconds = 86_400.0
    public static let weekSeconds = 604_800.0

    /// The weekday (0 = Monday … 6 = Sunday) a name means: `mon`, `Mon`, `monday`; `nil` for any other text.
    public static func weekday(named text: String) -> Int? {
        let name = text.trimmingWhitespace().lowercased()
        if let d = weekdayNames.firstIndex(where: { $0.lowercased() == name }) { return d }
        return fullWeekdayNames.firstIndex(of: name)
    }

    /// Every name a weekday may be written with, lowercase (for "did you mean" hints).
    public static var weekdaySpellings: [String] { weekdayNames.map { $0.lowercased() } + fullWeekdayNames }

    /// Seconds after midnight of `"H:MM"` or `"H:MM:SS"` (from 0:00 to 24:00); `nil` for any other text.
    public static func secondsOfDay(_ text: String) -> Double? {
        let parts = text.trimmingWhitespace().split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        guard let hours = Int(parts[0]), (1...2).contains(parts[0].count), parts[0].allSatisfy(\.isASCIIDigit) else { return nil }
        var values: [Int] = []
        for part in parts.dropFirst() {
            guard part.count == 2, part.allSatisfy(\.isASCIIDigit), let v = Int(part), v < 60 else { return nil }
            values.append(v)
        }
        let seconds = hours * 3600 + values[0] * 60 + (values.count > 1 ? values[1] : 0)
        guard seconds <= 86_400 else { return nil }
        return Double(seconds)
    }

    /// Seconds after Monday 0:00 of `"Tue 8:30"` (a weekday and a time of day); `nil` for any other text.
    public static func secondsOfWeek(_ text: String) -> Double? {
        let trimmed = text.trimmingWhitespace()
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }),
              let day = weekday(named: String(trimmed[..<space])),
              let time = secondsOfDay(String(trimmed[space...]))
        else { return nil }
        return Double(day) * daySeconds + time
    }

    /// A time written as a time of day or a time in a week, in `unit`: `"8:30"` is 8.5 hours, `"Tue 8:30"`
    /// is a day and 8.5 hours; `nil` when `text` is neither.
    public static func value(of text: String, in unit: TimeUnit) -> Double? {
        guard let seconds = secondsOfDay(text) ?? secondsOfWeek(text) else { return nil }
        return seconds / unit.seconds
    }

    /// A time of day (in `unit`, from the start of the day) as `"8:30"`, with seconds (`"8:30:15"`)
    /// only when it does not fall on a whole minute; rounded to the second.
    public static func timeOfDay(_ time: Double, in unit: TimeUnit) -> String {
        let total = Int((time * unit.seconds).rounded())
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        let minutes = m < 10 ? "0\(m)" : "\(m)"
        guard s != 0 else { return "\(h):\(minutes)" }
        return "\(h):\(minutes):\(s < 10 ? "0\(s)" : "\(s)")"
    }

    /// A time in the week (in `unit`, from Monday 0:00) as `"Tue 8:30"`; times past a week are taken
    /// within their week.
    public static func timeInWeek(_ time: Double, in unit: TimeUnit) -> String {
        var seconds = (time * unit.seconds).rounded()
        seconds -= (seconds / weekSeconds).rounded(.down) * weekSeconds
        let day = min(6, Int(seconds / daySeconds))
        return "\(weekdayNames[day]) \(timeOfDay((seconds - Double(day) * daySeconds) / unit.seconds, in: unit))"
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

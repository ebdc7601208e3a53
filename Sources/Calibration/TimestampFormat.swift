/// How a log writes its times: ISO 8601 (with or without a zone) or a strftime-style pattern.
///
/// Parsing is by hand, byte by byte, without Foundation's formatters: a log holds millions of
/// times, and a `DateFormatter` costs microseconds each. A parsed time keeps both the wall clock as
/// written (what day and hour of the center's week it was) and the instant (for durations, so that a
/// zone offset that changes between two times, at a daylight-saving change, still gives the right
/// duration).
public enum TimestampFormat: Sendable, Hashable {
    /// `2024-02-26T08:31:05`, `2024-02-26 08:31`, with optional fractional seconds and an optional
    /// zone (`Z`, `+08:00`, `+0800`).
    case iso8601
    /// A strftime-style pattern: `%Y %y %m %d %e %H %I %p %M %S %f %z %b %%`; any other character
    /// stands for itself.
    case pattern(String)

    /// Why a `timestamp:` value is not a format.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// One parsed time.
    public struct Time: Sendable, Hashable {
        /// Days since 1970-01-01 of the wall-clock date as written.
        public var day: Int
        /// Seconds since midnight of the wall-clock time as written.
        public var secondOfDay: Double
        /// Seconds since 1970-01-01T00:00 UTC (the wall clock less the zone offset; the wall clock
        /// itself when the time has no zone).
        public var instant: Double
        /// Whether the seconds field was written (and not zero): times written to the minute only
        /// make the log's resolution a minute.
        public var hasSeconds: Bool

        public init(day: Int, secondOfDay: Double, instant: Double, hasSeconds: Bool) {
            self.day = day
            self.secondOfDay = secondOfDay
            self.instant = instant
            self.hasSeconds = hasSeconds
        }
    }

    /// Reads a mapping's `timestamp:` value: `iso8601` or a pattern with at least %Y/%y, %m or %b, %d and %H or %I.
    public static func named(_ text: String) -> Result<TimestampFormat, Problem> {
        let lower = text.lowercased()
        if lower == "iso8601" || lower == "iso 8601" || lower == "iso-8601" { return .success(.iso8601) }
        guard text.contains("%") else {
            return .failure(Problem(description: "must be iso8601 or a strftime-style pattern such as \"%d.%m.%Y %H:%M\", not '\(text)'"))
        }
        var fields: Set<Character> = []
        var chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "%" {
                guard i + 1 < chars.count else { return .failure(Problem(description: "the pattern ends with a lone %")) }
                let f = chars[i + 1]
                guard "YymdeHIpMSfzb%".contains(f) else {
                    return .failure(Problem(description: "the pattern's %\(f) is not one of %Y %y %m %d %e %H %I %p %M %S %f %z %b %%"))
                }
                fields.insert(f)
                i += 2
            } else {
                i += 1
            }
        }
        chars.removeAll()
        guard fields.contains("Y") || fields.contains("y") else { return .failure(Problem(description: "the pattern has no year (%Y or %y)")) }
        guard fields.contains("m") || fields.contains("b") else { return .failure(Problem(description: "the pattern has no month (%m or %b)")) }
        guard fields.contains("d") || fields.contains("e") else { return .failure(Problem(description: "the pattern has no day (%d or %e)")) }
        guard fields.contains("H") || fields.contains("I") else { return .failure(Problem(description: "the pattern has no hour (%H or %I)")) }
        if fields.contains("I") && !fields.contains("p") { return .failure(Problem(description: "the pattern's %I (12-hour clock) needs %p (AM/PM)")) }
        return .success(.pattern(text))
    }

    public var description: String {
        switch self {
        case .iso8601: "ISO 8601"
        case .pattern(let p): "the pattern \"\(p)\""
        }
    }

    /// Parses `text`; nil when it does not match the format or names an impossible date or time.
    public func parse(_ text: String) -> Time? {
        var copy = text
        return copy.withUTF8 { bytes in
            switch self {
            case .iso8601: Self.parseISO(bytes)
            case .pattern(let p):
                p.utf8.withContiguousStorageIfAvailable { Self.parsePattern(bytes, pattern: $0) } ?? Self.parsePattern(bytes, pattern: Array(p.utf8))
            }
        }
    }

    /// Parses UTF-8 bytes (a field of a row, without making a `String` of it).
    public func parse(bytes: UnsafeBufferPointer<UInt8>) -> Time? {
        switch self {
        case .iso8601: Self.parseISO(bytes)
        case .pattern(let p):
            p.utf8.withContiguousStorageIfAvailable { Self.parsePattern(bytes, pattern: $0) } ?? Self.parsePattern(bytes, pattern: Array(p.utf8))
        }
    }

    // MARK: Parsing

    private struct Fields {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset: Int?          // seconds east of UTC
        var hasSeconds = false
    }

    private static func digits(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, min: Int, max: Int) -> Int? {
        var value = 0, n = 0
        while i < b.count, n < max, b[i] >= 48, b[i] <= 57 {
            value = value * 10 + Int(b[i] - 48)
            i += 1
            n += 1
        }
        return n >= min ? value : nil
    }

    private static func zone(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int?? {
        guard i < b.count else { return .some(nil) }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { i += 1; return .some(0) }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
        let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
        i += 1
        guard let h = digits(b, &i, min: 2, max: 2), h <= 18 else { return nil }
        if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
        var m = 0
        if i < b.count, b[i] >= 48, b[i] <= 57 {
            guard let mm = digits(b, &i, min: 2, max: 2), mm < 60 else { return nil }
            m = mm
        }
        return .some(sign * (h * 3600 + m * 60))
    }

    private static func fraction(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Double? {
        var scale = 0.1, value = 0.0, n = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            if n < 9 { value += Double(b[i] - 48) * scale; scale /= 10 }
            i += 1
            n += 1
        }
        return n > 0 ? value : nil
    }

    static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> Time? {
        var i = 0
        var f = Fields()
        while i < b.count, b[i] == 32 { i += 1 }
        guard let y = digits(b, &i, min: 4, max: 4), i < b.count, b[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let mo = digits(b, &i, min: 2, max: 2), i < b.count, b[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let d = digits(b, &i, min: 2, max: 2), i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == 32 else { return nil }
        i += 1
        guard let h = digits(b, &i, min: 2, max: 2), i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let mi = digits(b, &i, min: 2, max: 2) else { return nil }
        (f.year, f.month, f.day, f.hour, f.minute) = (y, mo, d, h, mi)
        if i < b.count, b[i] == UInt8(ascii: ":") {
            i += 1
            guard let s = digits(b, &i, min: 2, max: 2) else { return nil }
            f.second = s
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                guard let fr = fraction(b, &i) else { return nil }
                f.fraction = fr
            }
        }
        guard let z = zone(b, &i) else { return nil }
        f.offset = z
        while i < b.count, b[i] == 32 { i += 1 }
        guard i == b.count else { return nil }
        f.hasSeconds = f.second != 0 || f.fraction != 0
        return time(f)
    }

    private static let months: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].map { Array($0.utf8) }

    static func parsePattern(_ b: UnsafeBufferPointer<UInt8>, pattern p: some Collection<UInt8>) -> Time? {
        let pattern = Array(p)
        var f = Fields()
        var i = 0, k = 0
        var pm: Bool?
        var twelve = false
        while k < pattern.count {
            let c = pattern[k]
            if c == UInt8(ascii: "%"), k + 1 < pattern.count {
                let spec = pattern[k + 1]
                k += 2
                switch spec {
                case UInt8(ascii: "Y"): guard let v = digits(b, &i, min: 4, max: 4) else { return nil }; f.year = v
                case UInt8(ascii: "y"): guard let v = digits(b, &i, min: 2, max: 2) else { return nil }; f.year = v < 70 ? 2000 + v : 1900 + v
                case UInt8(ascii: "m"): guard let v = digits(b, &i, min: 1, max: 2) else { return nil }; f.month = v
                case UInt8(ascii: "d"), UInt8(ascii: "e"):
                    while spec == UInt8(ascii: "e"), i < b.count, b[i] == 32 { i += 1 }
                    guard let v = digits(b, &i, min: 1, max: 2) else { return nil }; f.day = v
                case UInt8(ascii: "H"): guard let v = digits(b, &i, min: 1, max: 2) else { return nil }; f.hour = v
                case UInt8(ascii: "I"): guard let v = digits(b, &i, min: 1, max: 2), v >= 1, v <= 12 else { return nil }; f.hour = v; twelve = true
                case UInt8(ascii: "M"): guard let v = digits(b, &i, min: 1, max: 2) else { return nil }; f.minute = v
                case UInt8(ascii: "S"): guard let v = digits(b, &i, min: 1, max: 2) else { return nil }; f.second = v
                case UInt8(ascii: "f"): guard let v = fraction(b, &i) else { return nil }; f.fraction = v
                case UInt8(ascii: "z"): guard let z = zone(b, &i), let offset = z else { return nil }; f.offset = offset
                case UInt8(ascii: "p"):
                    guard i + 1 < b.count else { return nil }
                    let a = b[i] | 0x20, m = b[i + 1] | 0x20
                    guard m == UInt8(ascii: "m"), a == UInt8(ascii: "a") || a == UInt8(ascii: "p") else { return nil }
                    pm = a == UInt8(ascii: "p")
                    i += 2
                case UInt8(ascii: "b"):
                    guard i + 3 <= b.count else { return nil }
                    let word = [b[i] | 0x20, b[i + 1] | 0x20, b[i + 2] | 0x20]
                    guard let m = months.firstIndex(of: word) else { return nil }
                    f.month = m + 1
                    i += 3
                    while i < b.count, (b[i] | 0x20) >= UInt8(ascii: "a"), (b[i] | 0x20) <= UInt8(ascii: "z") { i += 1 }
                case UInt8(ascii: "%"): guard i < b.count, b[i] == c else { return nil }; i += 1
                default: return nil
                }
            } else {
                guard i < b.count, b[i] == c else { return nil }
                i += 1
                k += 1
            }
        }
        guard i == b.count else { return nil }
        if twelve {
            guard let pm else { return nil }
            f.hour = f.hour % 12 + (pm ? 12 : 0)
        }
        f.hasSeconds = f.second != 0 || f.fraction != 0
        return time(f)
    }

    private static func time(_ f: Fields) -> Time? {
        guard f.month >= 1, f.month <= 12, f.day >= 1, f.day <= daysIn(month: f.month, year: f.year),
              f.hour <= 24, f.minute < 60, f.second <= 60 else { return nil }
        if f.hour == 24, f.minute != 0 || f.second != 0 || f.fraction != 0 { return nil }
        let day = daysFromCivil(year: f.year, month: f.month, day: f.day)
        let secondOfDay = Double(f.hour * 3600 + f.minute * 60 + f.second) + f.fraction
        let instant = Double(day) * 86400 + secondOfDay - Double(f.offset ?? 0)
        // 24:00 is the end of the day: the next day at 00:00.
        if f.hour == 24 { return Time(day: day + 1, secondOfDay: 0, instant: instant, hasSeconds: false) }
        return Time(day: day, secondOfDay: secondOfDay, instant: instant, hasSeconds: f.hasSeconds)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date of a day number (the inverse of `daysFromCivil`).
    public static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Day of the week of a day number, Monday 0 … Sunday 6 (1970-01-01 was a Thursday).
    public static func weekday(ofDay day: Int) -> Int { ((day + 3) % 7 + 7) % 7 }

    /// `YYYY-MM-DD` of a day number.
    public static func dateText(_ day: Int) -> String {
        let (y, m, d) = civil(fromDays: day)
        func two(_ x: Int) -> String { x < 10 ? "0\(x)" : "\(x)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}

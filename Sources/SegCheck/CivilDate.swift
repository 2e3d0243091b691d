import SegSyntax
/// Calendar dates as day numbers (days since 1970-01-01), proleptic Gregorian.
/// Howard Hinnant's days-from-civil algorithm: exact for every date, no time zones.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (a longer timestamp counts by its date).
    public init?(iso: String) {
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        self.init(parts[0], parts[1], parts[2])
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Calendar months later (or earlier, for a negative count), clamped to the target
    /// month's last day: 2026-03-31 minus one month is 2026-02-28, as in PostgreSQL and Spark.
    public func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        let y = Int((Double(total) / 12).rounded(.down)), m = total - y * 12 + 1
        return CivilDate(y, m, min(day, CivilDate.daysIn(year: y, month: m)))
    }

    /// `amount` units later (earlier when negative): days and weeks add days, months and
    /// years add calendar months (clamped). The one rule of every window's bound.
    public func adding(_ amount: Int, _ unit: DurationUnit) -> CivilDate {
        switch unit {
        case .days: return adding(days: amount)
        case .weeks: return adding(days: 7 * amount)
        case .months: return adding(months: amount)
        case .years: return adding(months: 12 * amount)
        }
    }

    public static func daysIn(year: Int, month: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    public var description: String {
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(m)-\(d)"
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    /// Whole years from `self` to `date` (an age).
    public func years(until date: CivilDate) -> Int {
        var y = date.year - year
        if (date.month, date.day) < (month, day) { y -= 1 }
        return y
    }
}

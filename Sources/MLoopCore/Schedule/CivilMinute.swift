/// A wall-clock date and time to the minute in the proleptic Gregorian calendar, with no time zone attached.
/// Cron fields are matched against these; `ordinal` counts minutes from 1970-01-01 00:00 on the same wall clock.
struct CivilMinute: Hashable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0) {
        (self.year, self.month, self.day, self.hour, self.minute) = (year, month, day, hour, minute)
    }

    init(ordinal: Int) {
        let days = ordinal.floorDivided(by: 1440)
        let minuteOfDay = ordinal - days * 1440
        (year, month, day) = Self.civil(fromDays: days)
        (hour, minute) = (minuteOfDay / 60, minuteOfDay % 60)
    }

    var ordinal: Int { (Self.days(year: year, month: month, day: day) * 24 + hour) * 60 + minute }

    /// 0 for Sunday through 6 for Saturday.
    var weekday: Int { (Self.days(year: year, month: month, day: day) + 4).floorModulo(7) }

    /// Midnight at the start of the first day of the following month.
    var startOfNextMonth: CivilMinute {
        month == 12 ? CivilMinute(year: year + 1, month: 1, day: 1) : CivilMinute(year: year, month: month + 1, day: 1)
    }

    /// 23:59 on the last day of the previous month.
    var endOfPreviousMonth: CivilMinute {
        let (year, month) = month == 1 ? (year - 1, 12) : (year, month - 1)
        return CivilMinute(year: year, month: month, day: Self.daysIn(month: month, year: year), hour: 23, minute: 59)
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `days(year:month:day:)` (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

// Floor division, so ordinals before 1970 map to the right day.
extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    fileprivate func floorModulo(_ divisor: Int) -> Int { self - floorDivided(by: divisor) * divisor }
}

/// The five parsed fields of a cron expression and the wall-clock times they match.
struct CronFields: Hashable, Sendable {
    let minute: CronField
    let hour: CronField
    let dayOfMonth: CronField
    let month: CronField
    let dayOfWeek: CronField

    /// Vixie cron's rule: when both day fields are restricted (neither starts with `*`), a day matches if either
    /// field matches; otherwise both must.
    var daysMatchEither: Bool { !dayOfMonth.startsWithStar && !dayOfWeek.startsWithStar }

    /// Vixie cron's "wildcard job": the minute or hour field starts with `*`. Such expressions fire at every real
    /// instant whose wall clock matches; the others ("fixed-time jobs") get the daylight-saving-time adjustments.
    var isWildcard: Bool { minute.startsWithStar || hour.startsWithStar }

    func matchesDay(year: Int, month: Int, day: Int) -> Bool {
        let byMonthDay = dayOfMonth.contains(day)
        let byWeekday = dayOfWeek.contains(CivilMinute(year: year, month: month, day: day).weekday)
        return daysMatchEither ? byMonthDay || byWeekday : byMonthDay && byWeekday
    }

    func matches(_ time: CivilMinute) -> Bool {
        minute.contains(time.minute) && hour.contains(time.hour) && month.contains(time.month)
            && matchesDay(year: time.year, month: time.month, day: time.day)
    }

    /// The months in which the day-of-month field alone can never match, when it alone decides; empty when the
    /// expression fires at all. (Day-of-week always matches some day of any month.)
    var monthsWithoutMatchingDay: [Int] {
        guard !daysMatchEither, let smallestDay = dayOfMonth.minimum else { return [] }
        let allowedMonths = (1...12).filter(month.contains)
        // February counts with its leap-year length: `0 0 29 2 *` fires every four years.
        let missing = allowedMonths.filter { smallestDay > CivilMinute.daysIn(month: $0, year: 2000) }
        return missing.count == allowedMonths.count ? missing : []
    }
}

// Wall-clock search: the first or last matching minute in a range of wall-clock ordinals. It jumps field by field
// (month, then day, then hour, then minute), so a sparse expression such as `0 0 29 2 *` costs a few steps a year.
extension CronFields {
    /// The smallest matching wall-clock ordinal in `range`.
    func firstMatch(in range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var time = CivilMinute(ordinal: range.lowerBound)
        while time.ordinal < range.upperBound {
            guard let month = month.next(atOrAfter: time.month) else {
                time = CivilMinute(year: time.year + 1, month: 1, day: 1)
                continue
            }
            if month != time.month {
                time = CivilMinute(year: time.year, month: month, day: 1)
                continue
            }
            guard let day = nextMatchingDay(year: time.year, month: month, atOrAfter: time.day) else {
                time = time.startOfNextMonth
                continue
            }
            if day != time.day {
                time = CivilMinute(year: time.year, month: month, day: day)
                continue
            }
            guard let hour = hour.next(atOrAfter: time.hour) else {
                time = CivilMinute(ordinal: CivilMinute(year: time.year, month: month, day: day).ordinal + 1440)
                continue
            }
            if hour != time.hour {
                time = CivilMinute(year: time.year, month: month, day: day, hour: hour)
                continue
            }
            guard let minute = minute.next(atOrAfter: time.minute) else {
                time = CivilMinute(
                    ordinal: CivilMinute(year: time.year, month: month, day: day, hour: hour).ordinal + 60)
                continue
            }
            time.minute = minute
            return time.ordinal < range.upperBound ? time.ordinal : nil
        }
        return nil
    }

    /// The largest matching wall-clock ordinal in `range`.
    func lastMatch(in range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var time = CivilMinute(ordinal: range.upperBound - 1)
        while time.ordinal >= range.lowerBound {
            guard let month = month.previous(atOrBefore: time.month) else {
                time = CivilMinute(year: time.year - 1, month: 12, day: 31, hour: 23, minute: 59)
                continue
            }
            if month != time.month {
                let days = CivilMinute.daysIn(month: month, year: time.year)
                time = CivilMinute(year: time.year, month: month, day: days, hour: 23, minute: 59)
                continue
            }
            guard let day = previousMatchingDay(year: time.year, month: month, atOrBefore: time.day) else {
                time = time.endOfPreviousMonth
                continue
            }
            if day != time.day {
                time = CivilMinute(year: time.year, month: month, day: day, hour: 23, minute: 59)
                continue
            }
            guard let hour = hour.previous(atOrBefore: time.hour) else {
                time = CivilMinute(ordinal: CivilMinute(year: time.year, month: month, day: day).ordinal - 1)
                continue
            }
            if hour != time.hour {
                time = CivilMinute(year: time.year, month: month, day: day, hour: hour, minute: 59)
                continue
            }
            guard let minute = minute.previous(atOrBefore: time.minute) else {
                time = CivilMinute(
                    ordinal: CivilMinute(year: time.year, month: month, day: day, hour: hour).ordinal - 1)
                continue
            }
            time.minute = minute
            return time.ordinal >= range.lowerBound ? time.ordinal : nil
        }
        return nil
    }

    /// Whether any minute in `range` matches.
    func hasMatch(in range: Range<Int>) -> Bool { firstMatch(in: range) != nil }

    private func nextMatchingDay(year: Int, month: Int, atOrAfter day: Int) -> Int? {
        guard day >= 1 else { return nil }
        let last = CivilMinute.daysIn(month: month, year: year)
        guard day <= last else { return nil }
        return (day...last).first { matchesDay(year: year, month: month, day: $0) }
    }

    private func previousMatchingDay(year: Int, month: Int, atOrBefore day: Int) -> Int? {
        guard day >= 1 else { return nil }
        return (1...min(day, CivilMinute.daysIn(month: month, year: year))).reversed().first {
            matchesDay(year: year, month: month, day: $0)
        }
    }
}

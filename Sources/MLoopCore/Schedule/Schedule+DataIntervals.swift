import Foundation

// Airflow's CronDataIntervalTimetable: the intervals of a cron schedule run from one fire time to the next; a run
// covers [fire_i, fire_i+1) and is due once fire_i+1 has passed.
extension Schedule {
    /// The interval following `last` (or the first one at/after `startDate` when there is no last run), honouring
    /// endDate; with catchup == false, the latest interval that has fully ended by `now` instead of the oldest missed
    /// one. nil when none is due yet (its end is after `now`) or the schedule is over / has no intervals (.none).
    ///
    /// A cron schedule without a `startDate` and without a last run behaves as if `catchup` were false. As in Airflow,
    /// the next start is the later of the last interval's end (aligned to the schedule) and the first fire time at or
    /// after `startDate`. An interval is within the schedule while its start is at or before `endDate`. `.once` has the single interval
    /// `[startDate, startDate]`, due from `startDate` on, and only while there is no last run.
    public func nextDueInterval(
        after last: DataInterval?, startDate: Date?, endDate: Date?, catchup: Bool, timeZone: TimeZone, now: Date
    ) -> DataInterval? {
        switch self {
        case .none:
            return nil
        case .once:
            guard last == nil, let startDate, startDate <= now else { return nil }
            return DataInterval(start: startDate, end: startDate)
        case .cron(let expression):
            // As Airflow: the later of the resumed interval and the earliest allowed one, so a start date moved into
            // the future or a changed schedule is honoured.
            let alignedStart = startDate.flatMap { expression.fireTime(atOrAfter: $0, in: timeZone) }
            var earliest = alignedStart
            if !catchup || (alignedStart == nil && last == nil) {
                guard let latest = expression.latestEndedInterval(by: now, in: timeZone) else { return nil }
                earliest = max(alignedStart ?? latest.start, latest.start)
            }
            let resumed = last.flatMap { expression.fireTime(atOrBefore: $0.end, in: timeZone) }
            guard let start = [earliest, resumed].compactMap({ $0 }).max(), endDate.map({ start <= $0 }) ?? true,
                let end = expression.nextFireTime(after: start, in: timeZone), end <= now
            else { return nil }
            return DataInterval(start: start, end: end)
        }
    }

    /// Every interval whose start lies in [from, to] (for backfill), at most `limit`. `.once` yields `[from, from]`.
    public func intervals(from: Date, to: Date, timeZone: TimeZone, limit: Int) -> [DataInterval] {
        guard from <= to, limit > 0 else { return [] }
        switch self {
        case .none:
            return []
        case .once:
            return [DataInterval(start: from, end: from)]
        case .cron(let expression):
            var intervals: [DataInterval] = []
            var start = expression.fireTime(atOrAfter: from, in: timeZone)
            while let current = start, current <= to, intervals.count < limit,
                let end = expression.nextFireTime(after: current, in: timeZone)
            {
                intervals.append(DataInterval(start: current, end: end))
                start = end
            }
            return intervals
        }
    }
}

extension CronExpression {
    /// The latest interval `[fire_i, fire_i+1)` with `fire_i+1 <= now`.
    func latestEndedInterval(by now: Date, in timeZone: TimeZone) -> DataInterval? {
        guard let end = fireTime(atOrBefore: now, in: timeZone),
            let start = previousFireTime(before: end, in: timeZone)
        else { return nil }
        return DataInterval(start: start, end: end)
    }
}

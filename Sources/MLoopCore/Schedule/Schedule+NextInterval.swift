import Foundation

extension Schedule {
    /// The interval the scheduler will create next: the one due now if there is one, otherwise the first one whose
    /// end (the moment its run is created) is after `now`. nil when the schedule creates no more runs.
    public func nextInterval(
        after last: DataInterval?, startDate: Date?, endDate: Date?, catchup: Bool, timeZone: TimeZone, now: Date
    ) -> DataInterval? {
        if let due = nextDueInterval(
            after: last, startDate: startDate, endDate: endDate, catchup: catchup, timeZone: timeZone, now: now)
        {
            return due
        }
        switch self {
        case .none:
            return nil
        case .once:
            guard last == nil, let startDate else { return nil }
            return DataInterval(start: startDate, end: startDate)
        case .cron(let expression):
            let candidates = [
                startDate.flatMap { expression.fireTime(atOrAfter: $0, in: timeZone) },
                last.flatMap { expression.fireTime(atOrBefore: $0.end, in: timeZone) },
                expression.fireTime(atOrBefore: now, in: timeZone),
            ]
            guard let start = candidates.compactMap({ $0 }).max(), endDate.map({ start <= $0 }) ?? true,
                let end = expression.nextFireTime(after: start, in: timeZone)
            else { return nil }
            return DataInterval(start: start, end: end)
        }
    }
}

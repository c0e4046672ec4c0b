import Foundation

/// A time zone seen as a timeline of segments with a constant UTC offset, separated by transitions (daylight
/// saving time changes and changes of standard time). Within a segment, wall-clock time and real time move together.
struct ZoneTimeline {
    let timeZone: TimeZone

    /// Seconds east of UTC at `instant`; at a transition instant, the offset that starts there.
    func offset(at instant: Date) -> Int { timeZone.secondsFromGMT(for: instant) }

    /// The offset in force just before `transition`.
    func offset(before transition: Date) -> Int { offset(at: transition.addingTimeInterval(-1)) }

    /// The first transition strictly after `instant` and strictly before `limit`.
    func transition(after instant: Date, before limit: Date) -> Date? {
        guard let next = timeZone.nextDaylightSavingTimeTransition(after: instant), next < limit else { return nil }
        return next
    }

    /// The last transition at or before `instant` and at or after `earliest`.
    func transition(atOrBefore instant: Date, notBefore earliest: Date) -> Date? {
        latestTransition(where: { $0 <= instant }, from: instant, notBefore: earliest)
    }

    /// The last transition strictly before `instant` and at or after `earliest`.
    func transition(before instant: Date, notBefore earliest: Date) -> Date? {
        latestTransition(where: { $0 < instant }, from: instant, notBefore: earliest)
    }

    /// Foundation only looks forward, so look back over widening windows and walk forward from there.
    private func latestTransition(where isEarlyEnough: (Date) -> Bool, from instant: Date, notBefore earliest: Date)
        -> Date?
    {
        let day: TimeInterval = 86_400
        var window = 2 * day
        while true {
            let windowStart = max(instant.addingTimeInterval(-window), earliest)
            // `after:` is strict, so step back a second to include a transition exactly at the window's start.
            if var latest = timeZone.nextDaylightSavingTimeTransition(after: windowStart.addingTimeInterval(-1)),
                latest >= windowStart, isEarlyEnough(latest)
            {
                while let next = timeZone.nextDaylightSavingTimeTransition(after: latest), isEarlyEnough(next) {
                    latest = next
                }
                return latest
            }
            if windowStart <= earliest { return nil }
            window = min(window * 8, window + 400 * day)
        }
    }
}

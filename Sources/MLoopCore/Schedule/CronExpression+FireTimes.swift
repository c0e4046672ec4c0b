import Foundation

/// Fire times in a time zone, across daylight saving time, as Vixie cron documents it (crontab(5), cron(8)):
///
/// - **Fixed-time expressions** (neither the minute nor the hour field starts with `*`: `30 2 * * *`, `@daily`):
///   - a wall-clock time skipped by a spring-forward gap fires once, at the first instant after the gap —
///     `30 2 * * *` in America/New_York on 2024-03-10 fires at 03:00 EDT (07:00Z); several skipped times
///     (`0,30 2 * * *`) still fire once there;
///   - a wall-clock time that occurs twice at a fall-back fires once, at its first occurrence —
///     `30 1 * * *` on 2024-11-03 fires at 01:30 EDT only.
/// - **Wildcard expressions** (the minute or hour field starts with `*`: `0 * * * *`, `@hourly`, `*/15 * * * *`)
///   fire at every real instant whose wall clock matches: `0 * * * *` fires at both 01:00 EDT and 01:00 EST on
///   2024-11-03, and does not fire for the skipped 02:00 on 2024-03-10.
///
/// Searches jump field by field within each stretch of constant UTC offset and look at most
/// `searchHorizon` (eight years) ahead or back; beyond that they return nil.
extension CronExpression {
    /// How far the searches look: long enough for the next 29 February, even across 2100.
    public static let searchHorizon: TimeInterval = 8 * 366 * 86_400

    /// The first fire time strictly after `instant`, read in `timeZone`; nil when there is none within the horizon.
    public func nextFireTime(after instant: Date, in timeZone: TimeZone) -> Date? {
        let zone = ZoneTimeline(timeZone: timeZone)
        let limit = instant.addingTimeInterval(Self.searchHorizon)
        let adjusts = !fields.isWildcard
        var from = instant
        var includesFrom = false
        // Wall-clock times before this were already seen before a fall-back: fixed-time expressions skip them.
        var seenWallUntil: TimeInterval? = nil
        if adjusts,
            let start = zone.transition(atOrBefore: instant, notBefore: instant.addingTimeInterval(-2 * 86_400)),
            zone.offset(before: start) > zone.offset(at: start)
        {
            seenWallUntil = wall(start, zone.offset(before: start))
        }
        while true {
            let offset = zone.offset(at: from)
            let transition = zone.transition(after: from, before: limit)
            var lower = includesFrom ? ceilMinute(wall(from, offset)) : floorMinute(wall(from, offset)) + 1
            if let seenWallUntil { lower = max(lower, ceilMinute(seenWallUntil)) }
            let upper = ceilMinute(wall(transition ?? limit, offset))
            if let match = fields.firstMatch(in: lower..<max(lower, upper)) { return fireInstant(match, offset) }
            guard let transition else { return nil }
            let newOffset = zone.offset(at: transition)
            if adjusts, newOffset > offset,
                fields.hasMatch(in: ceilMinute(wall(transition, offset))..<ceilMinute(wall(transition, newOffset)))
            {
                return transition
            }
            seenWallUntil = adjusts && newOffset < offset ? wall(transition, offset) : nil
            from = transition
            includesFrom = true
        }
    }

    /// The last fire time strictly before `instant`, read in `timeZone`; nil when there is none within the horizon.
    public func previousFireTime(before instant: Date, in timeZone: TimeZone) -> Date? {
        let zone = ZoneTimeline(timeZone: timeZone)
        let limit = instant.addingTimeInterval(-Self.searchHorizon)
        let adjusts = !fields.isWildcard
        var to = instant
        while true {
            let start = zone.transition(before: to, notBefore: limit)
            let offset = zone.offset(at: start ?? limit)
            let previousOffset = start.map(zone.offset(before:)) ?? offset
            var lower = ceilMinute(wall(start ?? limit, offset))
            if adjusts, let start, previousOffset > offset {
                lower = max(lower, ceilMinute(wall(start, previousOffset)))
            }
            let upper = ceilMinute(wall(to, offset))
            if let match = fields.lastMatch(in: lower..<max(lower, upper)) { return fireInstant(match, offset) }
            guard let start else { return nil }
            if adjusts, previousOffset < offset,
                fields.hasMatch(in: ceilMinute(wall(start, previousOffset))..<ceilMinute(wall(start, offset)))
            {
                return start
            }
            to = start
        }
    }

    /// The first fire time at or after `instant`.
    public func fireTime(atOrAfter instant: Date, in timeZone: TimeZone) -> Date? {
        guard let candidate = nextFireTime(after: instant.addingTimeInterval(-1), in: timeZone) else { return nil }
        return candidate >= instant ? candidate : nextFireTime(after: candidate, in: timeZone)
    }

    /// The last fire time at or before `instant`.
    public func fireTime(atOrBefore instant: Date, in timeZone: TimeZone) -> Date? {
        guard let candidate = previousFireTime(before: instant.addingTimeInterval(1), in: timeZone) else { return nil }
        return candidate <= instant ? candidate : previousFireTime(before: candidate, in: timeZone)
    }

    private func wall(_ instant: Date, _ offset: Int) -> TimeInterval { instant.timeIntervalSince1970 + Double(offset) }

    private func fireInstant(_ wallMinute: Int, _ offset: Int) -> Date {
        Date(timeIntervalSince1970: Double(wallMinute * 60 - offset))
    }

    private func ceilMinute(_ wallSeconds: TimeInterval) -> Int { Int((wallSeconds / 60).rounded(.up)) }

    private func floorMinute(_ wallSeconds: TimeInterval) -> Int { Int((wallSeconds / 60).rounded(.down)) }
}

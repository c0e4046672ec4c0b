import Foundation
import MLoopCore

/// `2024-03-10T07:00:00Z` → Date; a test with a malformed literal fails loudly.
func date(_ text: String) -> Date {
    guard let date = Timestamp.parse(text) else { fatalError("bad test timestamp \(text)") }
    return date
}

func zone(_ identifier: String) -> TimeZone {
    guard let zone = TimeZone(identifier: identifier) else { fatalError("unknown test time zone \(identifier)") }
    return zone
}

func cron(_ text: String) throws -> CronExpression { try CronExpression(parsing: text) }

extension CronExpression {
    /// The first `count` fire times after `instant`.
    func fireTimes(after instant: Date, in timeZone: TimeZone, count: Int) -> [Date] {
        var times: [Date] = []
        var current = instant
        while times.count < count, let next = nextFireTime(after: current, in: timeZone) {
            times.append(next)
            current = next
        }
        return times
    }

    /// Every fire time in `(from, to)`, walking forward.
    func fireTimes(after from: Date, before to: Date, in timeZone: TimeZone) -> [Date] {
        var times: [Date] = []
        var current = from
        while let next = nextFireTime(after: current, in: timeZone), next < to {
            times.append(next)
            current = next
        }
        return times
    }
}

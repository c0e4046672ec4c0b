import Foundation

/// A five-field cron expression (minute hour day-of-month month day-of-week) or a preset such as `@daily`.
///
/// Syntax: `*`, values, lists (`1,5,10`), ranges (`1-5`), steps (`*/15`, `10-50/5`, and `5/10` for "from 5,
/// every 10"); month names `jan`–`dec` and weekday names `sun`–`sat` in any case; day-of-week 0–7 where 0 and 7
/// are Sunday. When both day-of-month and day-of-week are restricted (neither starts with `*`), a day matches if
/// either does (Vixie cron). Presets: `@yearly`/`@annually`, `@quarterly` (`0 0 1 */3 *`), `@monthly`, `@weekly`,
/// `@daily`/`@midnight`, `@hourly`. An expression that can never fire (`0 0 30 2 *`) is rejected.
///
/// Fire times are read in a time zone; see `nextFireTime(after:in:)` for how daylight saving time is handled.
public struct CronExpression: Hashable, Sendable, CustomStringConvertible {
    /// The expression as written (`@daily`, `*/15 9-17 * * mon-fri`).
    public let source: String
    let fields: CronFields

    public init(parsing text: String) throws(CronSyntaxError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let expanded = trimmed.hasPrefix("@") ? try CronPreset.expansion(of: trimmed) : trimmed
        let parts = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 5 else {
            throw CronSyntaxError(
                "expected 5 fields (minute hour day-of-month month day-of-week), got \(parts.count) in '\(text)'")
        }
        var parsed: [CronField] = []
        for (kind, part) in zip(CronFieldKind.allCases, parts) {
            parsed.append(try CronFieldParser(kind: kind, source: text).parse(part))
        }
        fields = CronFields(
            minute: parsed[0], hour: parsed[1], dayOfMonth: parsed[2], month: parsed[3], dayOfWeek: parsed[4])
        source = text
        let missing = fields.monthsWithoutMatchingDay
        if !missing.isEmpty, let day = fields.dayOfMonth.minimum {
            let months = Self.list(missing.map { Self.monthNames[$0 - 1] })
            throw CronSyntaxError(
                "'\(text)' never fires (\(months) \(missing.count == 1 ? "has" : "have") no day \(day))")
        }
    }

    public var description: String { source }

    /// Whether this is a Vixie "wildcard job" (its minute or hour field starts with `*`, as in `@hourly` or
    /// `*/15 9 * * *`): it fires at every real instant whose wall clock matches, with no daylight-saving adjustment.
    public var isWildcard: Bool { fields.isWildcard }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// `A`, `A and B`, `A, B and C`.
    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

/// Why a cron expression could not be read, in words a user can act on.
public struct CronSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

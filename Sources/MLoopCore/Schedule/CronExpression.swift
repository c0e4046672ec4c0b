import Foundation

// PLACEHOLDER: replaced by the full implementation (parse, presets, next/previous fire times across DST).

/// A five-field cron expression (minute hour day-of-month month day-of-week) or a preset such as `@daily`.
public struct CronExpression: Hashable, Sendable, CustomStringConvertible {
    /// The expression as written (`@daily`, `*/15 9-17 * * mon-fri`).
    public let source: String

    public init(parsing text: String) throws(CronSyntaxError) {
        source = text
    }

    public var description: String { source }

    /// The first fire time strictly after `instant`, read in `timeZone`; nil when there is none.
    public func nextFireTime(after instant: Date, in timeZone: TimeZone) -> Date? { nil }

    /// The last fire time strictly before `instant`, read in `timeZone`; nil when there is none.
    public func previousFireTime(before instant: Date, in timeZone: TimeZone) -> Date? { nil }
}

/// Why a cron expression could not be read, in words a user can act on.
public struct CronSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

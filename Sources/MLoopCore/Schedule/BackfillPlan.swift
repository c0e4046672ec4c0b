import Foundation

/// The intervals a backfill of a workflow covers: one per schedule interval whose start lies in [start, end].
public struct BackfillPlan: Sendable, Hashable {
    /// More intervals than this in one request are refused: backfill a smaller range at a time.
    public static let maximumIntervals = 10_000

    public let intervals: [DataInterval]

    /// Plans the backfill of `workflow` over [start, end]. Throws `BackfillError` for a reversed range, a workflow
    /// without a cron schedule, an unknown time zone or too many intervals.
    public init(_ workflow: WorkflowDefinition, start: Date, end: Date, limit: Int = maximumIntervals) throws {
        guard start <= end else {
            throw BackfillError(
                "the range is reversed: start \(Timestamp.format(start)) is after end \(Timestamp.format(end))")
        }
        guard case .cron = workflow.schedule else {
            throw BackfillError(
                "\(workflow.id) has no cron schedule, so it has no intervals to backfill; trigger it instead")
        }
        guard let zone = TimeZone(identifier: workflow.timezone) else {
            throw BackfillError("\(workflow.id) has an unknown time zone '\(workflow.timezone)'")
        }
        let found = workflow.schedule.intervals(from: start, to: end, timeZone: zone, limit: limit + 1)
        guard found.count <= limit else {
            throw BackfillError(
                "the range holds more than \(limit) intervals of '\(workflow.schedule.text ?? "")'; "
                    + "backfill a smaller range at a time")
        }
        intervals = found
    }
}

/// Why a backfill cannot be planned, in one line.
public struct BackfillError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

import Foundation

/// Reads the fields every definition format writes as text (schedule, dates, durations), with the one message
/// each kind of mistake gets, whatever the format.
public enum FieldText {
    /// `schedule '…' is not valid: …`, or the schedule.
    public static func schedule(_ text: String?) -> Result<Schedule, FieldTextError> {
        do {
            return .success(try Schedule(parsing: text))
        } catch {
            return .failure(
                FieldTextError(message: "schedule '\(clip(text ?? ""))' is not valid: \(error.message)"))
        }
    }

    /// `start_date '…' is not a date: …`, or the instant; local forms are read in `timeZone`.
    public static func date(_ text: String, field: String, in timeZone: TimeZone) -> Result<
        Date, FieldTextError
    > {
        if let date = DateText.parse(text, in: timeZone) { return .success(date) }
        return .failure(
            FieldTextError(message: "\(field) '\(clip(text))' is not a date: \(DateText.formsHint)"))
    }

    /// `'…' is not a duration: …`, or the duration.
    public static func duration(_ text: String) -> Result<Duration, FieldTextError> {
        if let duration = DurationText.parse(text) { return .success(duration) }
        return .failure(
            FieldTextError(message: "'\(clip(text))' is not a duration: \(DurationText.formsHint)"))
    }

    /// Long or multi-line values shortened for a one-line message.
    public static func clip(_ text: String) -> String {
        let firstLine = text.prefix { $0 != "\n" }
        return firstLine.count > 60 || firstLine.count < text.count ? firstLine.prefix(57) + "…" : text
    }
}

/// Why a field's text could not be read, as one line for the user.
public struct FieldTextError: Error, Hashable, Sendable {
    public var message: String
}

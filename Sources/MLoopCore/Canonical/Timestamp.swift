import Foundation

/// ISO 8601 instants in UTC, the one textual form MLoop persists and prints.
public enum Timestamp {
    /// `2024-01-01T00:00:00Z`, or with milliseconds when the instant has them.
    public static func format(_ date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        let style =
            millis.truncatingRemainder(dividingBy: 1000) == 0
            ? Date.ISO8601FormatStyle(timeZone: .gmt)
            : Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        return Date(timeIntervalSince1970: millis / 1000).formatted(style)
    }

    /// Parses an ISO 8601 instant with an offset or `Z`, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}

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

    /// `2024-01-01T00:00:00.042Z`: always with milliseconds (rounded), the form in which MLoop serves and prints the
    /// times of runs, tries and everything else a user reads, so a 3 ms hop or a 40 ms task is visible. Hand-rolled
    /// (days to civil date, Hinnant's algorithm) because the API formats thousands of these per response.
    public static func milliseconds(_ date: Date) -> String {
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let millis = Int((totalMillis % 1000 + 1000) % 1000)
        let totalSeconds = (totalMillis - Int64(millis)) / 1000
        var days = totalSeconds / 86_400
        var secondOfDay = totalSeconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))
        var text = ""
        text.reserveCapacity(24)
        func append(_ value: Int, width: Int) {
            let digits = String(value)
            for _ in digits.count..<width { text.append("0") }
            text.append(digits)
        }
        append(year, width: 4)
        text.append("-")
        append(month, width: 2)
        text.append("-")
        append(day, width: 2)
        text.append("T")
        append(Int(secondOfDay / 3600), width: 2)
        text.append(":")
        append(Int(secondOfDay % 3600 / 60), width: 2)
        text.append(":")
        append(Int(secondOfDay % 60), width: 2)
        text.append(".")
        append(millis, width: 3)
        text.append("Z")
        return text
    }

    /// The date strategy of every JSON document MLoop serves or prints: `milliseconds(_:)`.
    public static let jsonEncodingStrategy = JSONEncoder.DateEncodingStrategy.custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(milliseconds(date))
    }

    /// Parses an ISO 8601 instant with an offset or `Z`, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}

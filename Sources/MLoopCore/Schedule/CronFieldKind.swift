/// The five positions of a cron expression, with the values and names each accepts.
enum CronFieldKind: Int, CaseIterable, Hashable, Sendable {
    case minute, hour, dayOfMonth, month, dayOfWeek

    /// The name used in error messages (`day-of-month`).
    var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The values a user may write; day-of-week accepts 7 as a second Sunday.
    var range: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// Three-letter names, lowercase, indexed from `range.lowerBound`.
    var names: [String] {
        switch self {
        case .month: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        case .dayOfWeek: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
        default: []
        }
    }

    /// `0-59`, or `1-12 or a name jan-dec` when names are accepted.
    var allowedValues: String {
        let numbers = "\(range.lowerBound)-\(range.upperBound)"
        guard let first = names.first, let last = names.last else { return numbers }
        return "\(numbers) or a name \(first)-\(last)"
    }
}

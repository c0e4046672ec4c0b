import Foundation

/// Dates as workflow files write them: `2024-01-01`, `2024-01-01T06:30[:00]` (read in the workflow's time zone),
/// or either time form followed by `Z` or `±HH:MM` (an instant). A space may stand for the `T`.
public enum DateText {
    /// What a message shows after "is not a date".
    public static let formsHint = "use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS], optionally followed by Z or ±HH:MM"

    /// The instant the text means, local forms read in `timeZone`; nil when the text is not such a date.
    public static func parse(_ text: String, in timeZone: TimeZone) -> Date? {
        var scanner = DigitScanner(text.trimmingCharacters(in: .whitespaces))
        guard let year = scanner.number(digits: 4), scanner.take("-"),
            let month = scanner.number(digits: 2), scanner.take("-"),
            let day = scanner.number(digits: 2)
        else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var zone = timeZone
        if !scanner.isAtEnd {
            guard scanner.take("T") || scanner.take("t") || scanner.take(" "),
                let hour = scanner.number(digits: 2), scanner.take(":"),
                let minute = scanner.number(digits: 2)
            else { return nil }
            components.hour = hour
            components.minute = minute
            if scanner.take(":") {
                guard let second = scanner.number(digits: 2) else { return nil }
                components.second = second
            }
            if let offset = scanner.offset() {
                guard let fixed = TimeZone(secondsFromGMT: offset) else { return nil }
                zone = fixed
            }
        }
        guard scanner.isAtEnd, isInRange(components) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // Ranges are checked first because Calendar would silently roll 2024-02-30 over to March.
        return calendar.date(from: components)
    }

    private static func isInRange(_ components: DateComponents) -> Bool {
        guard let year = components.year, let month = components.month, let day = components.day,
            let hour = components.hour, let minute = components.minute, let second = components.second
        else { return false }
        guard (1...9999).contains(year), (1...12).contains(month), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second)
        else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...lengths[month - 1]).contains(day)
    }
}

/// Reads fixed-width digits and punctuation off the front of a string.
private struct DigitScanner {
    private var rest: Substring

    init(_ text: String) { rest = Substring(text) }

    var isAtEnd: Bool { rest.isEmpty }

    mutating func take(_ character: Character) -> Bool {
        guard rest.first == character else { return false }
        rest.removeFirst()
        return true
    }

    mutating func number(digits: Int) -> Int? {
        let prefix = rest.prefix(digits)
        guard prefix.count == digits, prefix.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        rest.removeFirst(digits)
        return Int(prefix)
    }

    /// `Z` → 0, `+09:00` → 32400; nil when there is no offset (or it is malformed: the caller sees leftover text).
    mutating func offset() -> Int? {
        if take("Z") || take("z") { return 0 }
        guard let signCharacter = rest.first, signCharacter == "+" || signCharacter == "-" else { return nil }
        let saved = rest
        rest.removeFirst()
        guard let hours = number(digits: 2), take(":"), let minutes = number(digits: 2),
            hours <= 23, minutes <= 59
        else {
            rest = saved
            return nil
        }
        let seconds = hours * 3600 + minutes * 60
        return signCharacter == "-" ? -seconds : seconds
    }
}

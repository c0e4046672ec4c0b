import Foundation

/// Durations as workflow files write them: `500ms`, `30s`, `5m`, `2h`, `1d`, combinations such as `1h30m`, or a
/// plain number of seconds (`90`, `1.5`).
public enum DurationText {
    /// The longest duration a file may give: 100 years, far beyond any sensible timeout, short of overflow.
    public static let maximumSeconds: Double = 100 * 365 * 86_400

    /// What a message shows after "is not a duration".
    public static let formsHint = "use forms like 30s, 5m, 1h30m"

    private static let unitSeconds: [(suffix: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400),
    ]

    /// The duration the text means (millisecond precision), or nil when it is not a duration.
    public static func parse(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text), seconds.isFinite, text.first != "+" {
            return duration(seconds: seconds)
        }
        var rest = Substring(text)
        var total = 0.0
        var usedUnits: Set<String> = []
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { $0.isASCII && $0.isLetter }
            guard let unit = unitSeconds.first(where: { $0.suffix == unitText }),
                usedUnits.insert(unit.suffix).inserted
            else { return nil }
            rest = rest.dropFirst(unitText.count)
            total += value * unit.seconds
        }
        return text.isEmpty ? nil : duration(seconds: total)
    }

    /// `1h30m`, `45s`, `500ms`: the shortest text `parse` reads back as the same duration.
    public static func format(_ duration: Duration) -> String {
        var millis = Int64((duration.seconds * 1000).rounded())
        if millis == 0 { return "0s" }
        let sign = millis < 0 ? "-" : ""
        millis = abs(millis)
        var parts = ""
        for (suffix, seconds) in unitSeconds.reversed() {
            let size = Int64((seconds * 1000).rounded())
            if millis >= size {
                parts += "\(millis / size)\(suffix)"
                millis %= size
            }
        }
        return sign + parts
    }

    private static func duration(seconds: Double) -> Duration? {
        guard abs(seconds) <= maximumSeconds else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

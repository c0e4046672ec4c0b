/// Reads one field of a cron expression: `*`, values, names, ranges, lists and steps (`*/15`, `10-50/5`, `5/10`).
struct CronFieldParser {
    let kind: CronFieldKind
    /// The whole expression, quoted in error messages.
    let source: String

    func parse(_ text: Substring) throws(CronSyntaxError) -> CronField {
        var values: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !item.isEmpty else { throw error("'\(text)' has an empty list item") }
            values += try parseItem(item)
        }
        return CronField(kind: kind, values: values, startsWithStar: text.hasPrefix("*"))
    }

    /// One list item: a base (`*`, `5`, `mon`, `1-5`) and an optional `/step`.
    private func parseItem(_ item: Substring) throws(CronSyntaxError) -> [Int] {
        let parts = item.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        var range = try parseBase(parts[0], item: item)
        guard parts.count == 2 else { return Array(range) }
        let maximumStep = kind.range.upperBound - kind.range.lowerBound
        guard let step = Int(parts[1]), (1...maximumStep).contains(step) else {
            throw CronSyntaxError(
                "bad step '\(item)' in \(kind.name) field (steps go 1-\(maximumStep)) in '\(source)'")
        }
        // `5/10` means from 5 to the end of the field's range, every 10.
        if parts[0] != "*", range.count == 1 { range = range.lowerBound...kind.range.upperBound }
        return Array(stride(from: range.lowerBound, through: range.upperBound, by: step))
    }

    private func parseBase(_ base: Substring, item: Substring) throws(CronSyntaxError) -> ClosedRange<Int> {
        if base == "*" { return kind.range }
        let bounds = base.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let low = try parseValue(bounds[0], item: item)
        guard bounds.count == 2 else { return low...low }
        var high = try parseValue(bounds[1], item: item)
        // `fri-sun` reads naturally as Friday to Sunday: let a trailing Sunday be 7.
        if kind == .dayOfWeek, high == 0, low > 0 { high = 7 }
        guard low <= high else {
            throw error(
                "'\(item)' runs backwards; write ranges low-high within \(kind.range.lowerBound)-"
                    + "\(kind.range.upperBound)")
        }
        return low...high
    }

    private func parseValue(_ text: Substring, item: Substring) throws(CronSyntaxError) -> Int {
        if !text.isEmpty, text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            guard let number = Int(text), kind.range.contains(number) else {
                throw error("'\(item)' is out of range \(kind.range.lowerBound)-\(kind.range.upperBound)")
            }
            return number
        }
        let lowered = text.lowercased()
        if let index = kind.names.firstIndex(of: lowered) { return kind.range.lowerBound + index }
        let hint = text.isEmpty ? "" : Suggestion.hint(for: lowered, among: kind.names)
        throw error("'\(item)' is not a number \(kind.allowedValues)\(hint)")
    }

    private func error(_ problem: String) -> CronSyntaxError {
        CronSyntaxError("\(kind.name) field \(problem) in '\(source)'")
    }
}
